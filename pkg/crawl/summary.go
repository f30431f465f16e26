package crawl

import (
	"fmt"
	"strings"
	"time"

	"github.com/jobtrend/jobtrend/pkg/store"
)

// Counters are what a crawl did.
type Counters struct {
	Pages     int `json:"pages"`          // pages fetched and read (or saved responses read)
	New       int `json:"new"`            // postings stored for the first time
	Updated   int `json:"updated"`        // postings whose content changed
	Unchanged int `json:"unchanged"`      // postings seen again unchanged
	Errors    int `json:"errors"`         // requests that failed for good (after retries), pages that failed to parse
	Requests  int `json:"requests"`       // HTTP attempts, retries included
	Retries   int `json:"retries"`        // attempts that were retries
	Skipped   int `json:"skipped_fresh"`  // detail pages not fetched: stored and fresher than --refresh
	Blocked   int `json:"robots_blocked"` // requests refused by robots.txt (or a redirect off the allowed hosts)
	AntiBot   int `json:"antibot"`        // captcha / anti-bot pages met (never stored)
	Deferred  int `json:"deferred"`       // requests left for the next run (a host asked for a long pause)
	Filtered  int `json:"filtered"`       // links not followed: other hosts, traps, depth, page limit
	Warnings  int `json:"warnings"`       // recoverable problems (a broken JSON-LD block)
	// Sent counts postings handed to the writer of a shared store (a
	// crawl cluster's node stores none itself: New, Updated and Unchanged
	// stay zero and `crawl ingest` counts them).
	Sent int `json:"sent,omitempty"`
}

func (c *Counters) add(o Counters) {
	c.Pages += o.Pages
	c.New += o.New
	c.Updated += o.Updated
	c.Unchanged += o.Unchanged
	c.Errors += o.Errors
	c.Requests += o.Requests
	c.Retries += o.Retries
	c.Skipped += o.Skipped
	c.Blocked += o.Blocked
	c.AntiBot += o.AntiBot
	c.Deferred += o.Deferred
	c.Filtered += o.Filtered
	c.Warnings += o.Warnings
	c.Sent += o.Sent
}

func (c *Counters) addCounts(sc store.Counts) {
	c.New += sc.New
	c.Updated += sc.Updated
	c.Unchanged += sc.Unchanged
}

// SourceSummary is one source's part of a run.
type SourceSummary struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Dataset    string `json:"dataset,omitempty"` // the dataset its postings were stored under
	Generation int64  `json:"generation,omitempty"`
	Resumed    bool   `json:"resumed,omitempty"` // an interrupted generation was continued
	Finished   bool   `json:"finished"`          // the generation's queue drained
	Saved      bool   `json:"saved,omitempty"`   // read from saved responses
	Error      string `json:"error,omitempty"`   // why the source could not be crawled at all
	Counters
}

// Summary is the result of Run: totals, and per source.
type Summary struct {
	Counters
	Seconds float64         `json:"seconds"`
	Sources []SourceSummary `json:"sources"`
}

// Failed reports whether the run achieved nothing: requests were made and
// every one failed. A run that stored something despite errors did not fail.
func (s *Summary) Failed() bool {
	return s.Errors > 0 && s.Pages == 0
}

// Line is the one-line summary printed on stderr at the end of a run.
func (s *Summary) Line() string {
	var b strings.Builder
	if s.Sent > 0 && s.New+s.Updated+s.Unchanged == 0 {
		fmt.Fprintf(&b, "crawl: %d pages, %d postings sent to the writer, %d errors", s.Pages, s.Sent, s.Errors)
	} else {
		fmt.Fprintf(&b, "crawl: %d pages, %d new, %d updated, %d unchanged, %d errors", s.Pages, s.New, s.Updated, s.Unchanged, s.Errors)
	}
	var extra []string
	for _, x := range []struct {
		n    int
		what string
	}{{s.Skipped, "skipped as fresh"}, {s.Blocked, "blocked by robots.txt"}, {s.AntiBot, "anti-bot pages"},
		{s.Deferred, "deferred to the next run"}, {s.Retries, "retries"}, {s.Warnings, "warnings"}} {
		if x.n > 0 {
			extra = append(extra, fmt.Sprintf("%d %s", x.n, x.what))
		}
	}
	if len(extra) > 0 {
		b.WriteString(" (" + strings.Join(extra, ", ") + ")")
	}
	fmt.Fprintf(&b, " in %s", (time.Duration(s.Seconds*1000) * time.Millisecond).Round(100*time.Millisecond))
	return b.String()
}
