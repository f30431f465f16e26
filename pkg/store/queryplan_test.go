package store

import (
	"strings"
	"testing"
)

// TestMatchQueriesReadNoText: what a query counts and which examples it
// shows are read from postings_narrow; a posting's row (its text, 2-3 KB)
// is read only for the few examples shown. Reading rows for every match
// cost a common skill half a second at a million postings.
func TestMatchQueriesReadNoText(t *testing.T) {
	s := openTest(t, Options{})
	m := Match{Skills: []string{"go"}}
	margs, err := m.args()
	if err != nil {
		t.Fatal(err)
	}
	args := append(margs, Filter{}.args()...)
	for _, q := range []struct {
		name, sql string
		args      []any
		rowReads  int
	}{
		{"years", qMatchYears, args, 0},
		{"companies", qMatchCompanies, args, 0},
		{"examples", qMatchExamples, append(append([]any{}, args...), 30), 1},
	} {
		rows, err := s.DB().Query("EXPLAIN QUERY PLAN "+q.sql, q.args...)
		if err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		covering, whole := 0, 0
		for _, d := range plan {
			switch {
			case strings.Contains(d, "COVERING INDEX postings_narrow"):
				covering++
			case strings.HasPrefix(d, "SCAN p ") || d == "SCAN p" || strings.HasPrefix(d, "SEARCH p "):
				whole++
			}
		}
		if covering == 0 || whole != q.rowReads {
			t.Errorf("%s reads postings_narrow %d times and whole rows %d times, want ≥ 1 and %d; plan:\n%s",
				q.name, covering, whole, q.rowReads, strings.Join(plan, "\n"))
		}
	}
}
