package posting

import (
	"fmt"
	"strings"
	"time"
)

// A Dataset is one body of postings collected one way: a dataset file, or
// one crawl source. A share is only comparable across years inside one
// dataset, so every posting records the datasets it was seen in, and every
// dataset says how it was collected.
type Dataset struct {
	Name     string // unique key: "ruanyf-weekly", "jobhunting/boss", "lagou:Lagou_Data"
	Platform string // the job board or site: "boss", "lagou", "github", "hackernews"
	// Frame is the sampling frame: FrameCensus (what a board or thread
	// showed, unfiltered), FrameSample (a selection of unknown design: the
	// pages someone browsed, a subset of months) or "query:TERMS" (the
	// results of a keyword search for TERMS, comma-separated).
	Frame string
	// DateBasis says which date files a posting under a year: DatePublished
	// (the board's publication date) or DateFirstSeen (when a crawler first
	// saw it, the right basis for snapshots of what a board listed).
	DateBasis string
	About     string // one line on where it came from
}

// Sampling frames.
const (
	FrameCensus = "census"
	FrameSample = "sample"
	FrameQuery  = "query:" // followed by the search terms
)

// Date bases.
const (
	DatePublished = "published"
	DateFirstSeen = "first_seen"
)

// QueryTerms returns the search terms of a query frame, lower-cased; nil
// for any other frame.
func (d Dataset) QueryTerms() []string {
	rest, ok := strings.CutPrefix(d.Frame, FrameQuery)
	if !ok {
		return nil
	}
	var terms []string
	for _, t := range strings.Split(rest, ",") {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			terms = append(terms, t)
		}
	}
	return terms
}

// ParseFrame checks a sampling frame as a user writes it (`--frame`,
// sources.yaml) and returns its canonical form.
func ParseFrame(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == FrameCensus || s == FrameSample:
		return s, nil
	case strings.HasPrefix(s, FrameQuery):
		d := Dataset{Frame: s}
		terms := d.QueryTerms()
		if len(terms) == 0 {
			return "", fmt.Errorf("frame %q names no search terms (want query:TERM[,TERM...])", s)
		}
		return FrameQuery + strings.Join(terms, ","), nil
	}
	return "", fmt.Errorf("unknown sampling frame %q (want census, sample or query:TERM[,TERM...])", s)
}

// ParseDateBasis checks a date basis as a user writes it.
func ParseDateBasis(s string) (string, error) {
	switch s = strings.TrimSpace(s); s {
	case DatePublished, DateFirstSeen:
		return s, nil
	case "first-seen", "seen":
		return DateFirstSeen, nil
	}
	return "", fmt.Errorf("unknown date basis %q (want published or first_seen)", s)
}

// Validate reports what is missing or malformed in d.
func (d Dataset) Validate() error {
	if strings.TrimSpace(d.Name) == "" {
		return fmt.Errorf("dataset has no name")
	}
	if _, err := ParseFrame(d.Frame); err != nil {
		return fmt.Errorf("dataset %s: %w", d.Name, err)
	}
	if _, err := ParseDateBasis(d.DateBasis); err != nil {
		return fmt.Errorf("dataset %s: %w", d.Name, err)
	}
	return nil
}

// Export is a stored posting with what the store knows beside it, as
// `analyze export` writes it for pandas, DuckDB or a spreadsheet.
type Export struct {
	Posting
	SeenKnown bool      // FirstSeen is a real sighting (else it is zero)
	Year      int       // statistical year; 0 when undated
	Skills    []string  // skills the tagger found
	Datasets  []string  // names of the datasets it was seen in
	JobID     int64     // equal for postings that are one job (reposts, near-duplicates)
	UpdatedAt time.Time // when its content last changed
	Employer  string    // the company's canonical name across spellings
}
