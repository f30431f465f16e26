package store

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// The merge rules of an upsert. A sighting of a known posting may carry
// less than the store knows (a listing row without the description a detail
// page gave, a dataset without dates), or newer content. The rules:
//
//   - a field the sighting leaves empty keeps its stored value: nothing known
//     is ever replaced by nothing;
//   - a non-empty field that differs replaces the stored value, and the
//     value it replaced is kept in posting_versions;
//   - posted_at keeps the earliest known date (a repost's later date does
//     not make the job newer);
//   - first_seen keeps the earliest real sighting and last_seen the latest;
//     a sighting with no date of its own never moves either;
//   - kind follows the sighting (a parser's newer verdict);
//   - company_from goes with the company: a sighting that names another
//     company says where that one was read, or nothing.

// merged is the posting a sighting leaves in the store, and what it replaced.
type merged struct {
	p   posting.Posting
	old map[string]any // field → the value it replaced; empty when nothing was
}

// mergePosting applies the rules to the stored posting and a sighting of it.
// Seen-dates are merged separately (mergeSeen).
func mergePosting(stored, in *posting.Posting) merged {
	m := merged{p: *in, old: map[string]any{}}
	q := &m.p
	for _, f := range []struct {
		name     string
		dst, old *string
	}{
		{"url", &q.URL, &stored.URL}, {"title", &q.Title, &stored.Title}, {"company", &q.Company, &stored.Company},
		{"city", &q.City, &stored.City}, {"salary", &q.Salary, &stored.Salary},
		{"description", &q.Description, &stored.Description},
		{"team", &q.Team, &stored.Team}, {"work_mode", &q.WorkMode, &stored.WorkMode},
	} {
		switch {
		case *f.dst == "":
			*f.dst = *f.old
		case *f.old != "" && *f.dst != *f.old:
			m.old[f.name] = *f.old
		}
	}
	for _, f := range []struct {
		name     string
		dst, old *[]string
	}{{"titles", &q.Titles, &stored.Titles}, {"cities", &q.Cities, &stored.Cities}} {
		switch {
		case len(*f.dst) == 0:
			*f.dst = *f.old
		case len(*f.old) > 0 && !slices.Equal(*f.dst, *f.old):
			m.old[f.name] = *f.old
		}
	}
	switch {
	case q.Company != stored.Company:
		if stored.CompanyFrom != "" && q.CompanyFrom != stored.CompanyFrom {
			m.old["company_from"] = stored.CompanyFrom
		}
	case q.CompanyFrom == "":
		q.CompanyFrom = stored.CompanyFrom
	case stored.CompanyFrom != "" && q.CompanyFrom != stored.CompanyFrom:
		m.old["company_from"] = stored.CompanyFrom
	}
	switch {
	case q.PostedAt.IsZero():
		q.PostedAt = stored.PostedAt
	case !stored.PostedAt.IsZero() && stored.PostedAt.Before(q.PostedAt):
		q.PostedAt = stored.PostedAt // the earliest date stays
	case !stored.PostedAt.IsZero() && !stored.PostedAt.Equal(q.PostedAt):
		m.old["posted_at"] = stored.PostedDate()
	}
	if stored.Kind != "" && q.Kind != stored.Kind {
		m.old["kind"] = string(stored.Kind)
	}
	if len(q.Raw) == 0 {
		q.Raw = stored.Raw
	}
	return m
}

// oldJSON is the replaced values as posting_versions stores them.
func (m merged) oldJSON() string {
	b, _ := json.Marshal(m.old) // strings and string slices always marshal
	return string(b)
}

// sighting is when a sighting says the posting was seen; known is false for
// a dataset that does not say, whose times are then only the moment of
// storing (now).
type sighting struct {
	first, last time.Time
	known       bool
}

func sightingOf(p *posting.Posting, now time.Time) sighting {
	s := sighting{first: p.FirstSeen, last: p.LastSeen, known: !p.FirstSeen.IsZero()}
	if !s.known {
		s.first = now
		if s.last.IsZero() {
			s.last = now
		}
	}
	if s.last.IsZero() || s.last.Before(s.first) {
		s.last = s.first
	}
	return s
}

// mergeSeen widens the stored seen-dates by a sighting. A real sighting
// replaces a stored first_seen that was only an import time; a sighting
// with no date of its own moves nothing.
func mergeSeen(oldFirst, oldLast string, oldKnown bool, s sighting) (first, last string, known bool) {
	first, last, known = oldFirst, oldLast, oldKnown
	if !s.known {
		return first, last, known
	}
	in := formatTime(s.first)
	switch {
	case !oldKnown:
		first, known = in, true
		last = formatTime(s.last)
	default:
		first = minTime(oldFirst, in)
		last = maxTime(oldLast, formatTime(s.last))
	}
	return first, last, known
}

// statDate files a posting under a year and month inside one dataset, by
// the dataset's date basis: the publication date or the dataset's own first
// sighting, each falling back to the other, else undated (ok false).
func statDate(basis string, posted time.Time, seenAt *time.Time) (year, month int, by string, ok bool) {
	pub := func() bool { return !posted.IsZero() }
	seen := func() bool { return seenAt != nil && !seenAt.IsZero() }
	var t time.Time
	switch {
	case basis == posting.DateFirstSeen && seen():
		t, by = *seenAt, posting.DateFirstSeen
	case pub():
		t, by = posted, posting.DatePublished
	case seen():
		t, by = *seenAt, posting.DateFirstSeen
	default:
		return 0, 0, "", false
	}
	t = t.UTC()
	return t.Year(), int(t.Month()), by, true
}
