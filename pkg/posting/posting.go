// Package posting defines the one Posting type every stage of the pipeline
// passes around: importers and crawl sources produce it, the store persists
// it, the analyzer reads it back. It holds no behaviour that needs I/O.
package posting

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind says whether a stored record is a job advertisement. Sources such as
// the "谁在招人" threads also carry comments that are not posts (summaries,
// questions); they are stored so nothing is lost, but kept out of statistics.
type Kind string

const (
	Job   Kind = "job"
	Other Kind = "other"
)

// DateLayout is how posted_at is written in the store and in JSON.
const DateLayout = "2006-01-02"

// Posting is one job advertisement, identified by (Source, SourceID).
type Posting struct {
	ID          int64  // store row id; zero until stored
	Source      string // platform or dataset, lower-case: "lagou", "ruanyf-weekly"
	SourceID    string // the posting's id within Source
	URL         string
	Title       string
	Company     string // as published; compare with normalize.CompanyKey
	City        string
	Salary      string    // as published: "20-30k", "15K·14薪"
	PostedAt    time.Time // publication date (UTC midnight); zero when unknown
	Description string    // plain text, HTML removed
	// FirstSeen is when a crawl (or the collector of a dataset) first saw
	// the posting; zero when nobody knows. The store then records the time
	// it was stored, marked as no sighting, and never files the posting
	// under a year by it.
	FirstSeen time.Time
	LastSeen  time.Time
	Kind      Kind   // Job unless the source says otherwise
	Raw       []byte // the original record (JSON or HTML excerpt), optional

	// Dataset names the Dataset this sighting came from ("" lets the store
	// use the source's name).
	Dataset string
	// Titles and Cities are every title and city the source or a parser
	// found, in order; Title and City are their first elements.
	Titles []string
	Cities []string

	// What a free-text parser read besides the fields above: where the
	// company name came from (heading, link, label, body), the team the
	// post hires for apart from its employer, and the work mode (remote,
	// hybrid, onsite). Empty when no parser said.
	CompanyFrom string
	Team        string
	WorkMode    string
}

// Year is the posting's statistical year: the year of PostedAt, or where that
// is unknown the year it was first seen (the contract's definition).
func (p *Posting) Year() int {
	if !p.PostedAt.IsZero() {
		return p.PostedAt.Year()
	}
	if !p.FirstSeen.IsZero() {
		return p.FirstSeen.Year()
	}
	return 0
}

// PostedDate renders PostedAt as the store writes it, "" when unknown.
func (p *Posting) PostedDate() string {
	if p.PostedAt.IsZero() {
		return ""
	}
	return p.PostedAt.UTC().Format(DateLayout)
}

// ContentHash changes whenever a field a user can see changes; the store
// compares it to tell "updated" from "unchanged" without reading the row.
// Seen-dates, Raw and the ID are deliberately left out: seeing a posting
// again is not a change to it.
func (p *Posting) ContentHash() string {
	fields := []string{string(p.Kind), p.URL, p.Title, p.Company, p.City, p.Salary, p.PostedDate(), p.Description}
	// The lists join the hash only when a parser gave them, so postings
	// stored before they existed keep their hashes (and cached terms).
	if len(p.Titles) > 0 || len(p.Cities) > 0 {
		fields = append(fields, strings.Join(p.Titles, "\x1e"), strings.Join(p.Cities, "\x1e"))
	}
	if p.CompanyFrom != "" || p.Team != "" || p.WorkMode != "" {
		fields = append(fields, p.CompanyFrom, p.Team, p.WorkMode)
	}
	return hashFields(fields...)
}

// RepostKey is equal for exact reposts: the same company, title and
// description on the same source, ignoring case and white space. Within one
// source a company's name is written the same way each time, so the key does
// not depend on the (versioned, evolving) company-name normalization and
// never goes stale. A posting without a description cannot be compared, so
// it is keyed by its own identity and is never merged with another.
func (p *Posting) RepostKey() string {
	if strings.TrimSpace(p.Description) == "" {
		return hashFields("id", p.Source, p.SourceID)
	}
	h := sha256.New()
	// room for the longest field folded (folding lengthens only a few
	// letters' lower cases, and append grows it for them): growing it from
	// nothing was a third of the folding's time
	buf := make([]byte, 0, max(len(p.Description), len(p.Title), len(p.Company), len(p.Source))+1)
	for _, f := range []string{"repost", p.Source, p.Company, p.Title, p.Description} {
		buf = appendFolded(buf[:0], f)
		buf = append(buf, 0x1f)
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// appendFolded appends s lower-cased and without white space, so that
// re-flowed or re-indented copies of one text compare equal. ASCII, the
// bulk of the bytes even in Chinese text's markup, takes a fast path.
func appendFolded(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			case 'A' <= c && c <= 'Z':
				dst = append(dst, c+'a'-'A')
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		if 0xE4 <= c && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// U+4000–U+9FFF, most of Chinese text: caseless, never space,
			// copied as the rule below would, without decoding.
			dst = append(dst, s[i:i+3]...)
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= 0x3400 && r <= 0x9FFF: // CJK ideographs have no case
			dst = append(dst, s[i:i+size]...)
		case !unicode.IsSpace(r):
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		i += size
	}
	return dst
}

func hashFields(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0x1f}) // unit separator: ("ab","c") != ("a","bc")
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Earliest is the first day a posting's date may fall on: job boards in
// China and Hacker News began in the late 1990s and 2000s, and the dates
// before it in real data are placeholders (1970-01-01, 1900-01-01) that
// spreadsheets and exporters write for "unknown".
var Earliest = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckDate says why t cannot be the date of a posting seen by now: before
// Earliest (placeholders such as 1970-01-01) or more than a day after now
// (a clock or a typo; a day covers time zones). A zero t is unknown, not
// wrong, and passes.
func CheckDate(t, now time.Time) error {
	switch {
	case t.IsZero():
		return nil
	case t.Before(Earliest):
		return fmt.Errorf("%s is before %d: a placeholder, not a date", t.Format(DateLayout), Earliest.Year())
	case t.After(now.Add(24 * time.Hour)):
		return fmt.Errorf("%s is in the future", t.Format(DateLayout))
	}
	return nil
}
