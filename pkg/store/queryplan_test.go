package store

import (
	"strings"
	"testing"
)

// TestMatchQueriesReadNoText: what a query counts and which examples it
// shows are read from postings_narrow (a phrase) or skill_postings (a
// skill); a posting's row (its text, 2-3 KB) is read only for the few
// examples shown. Reading rows for every match cost a common skill half a
// second at a million postings, and looking each match up in
// postings_narrow most of the rest.
func TestMatchQueriesReadNoText(t *testing.T) {
	s := openTest(t, Options{})
	skill := Match{Skills: []string{"go", "docker"}}
	phrase := Match{Phrases: []Phrase{{Tokens: []string{"golang"}}}}
	for _, q := range []struct {
		name                               string
		set, setLive, skillForm, skillLive string
		extra                              []any
		// whole rows read: the examples' only
		rowReads int
	}{
		{"years", qMatchYears, qMatchYearsLive, qSkillYears, qSkillYearsLive, nil, 0},
		{"companies", qMatchCompanies, qMatchCompaniesLive, qSkillCompanies, qSkillCompaniesLive, nil, 0},
		{"examples", qMatchExamples, qMatchExamplesLive, qSkillExamples, qSkillExamplesLive, []any{30}, 1},
	} {
		for _, form := range []struct {
			name, sql, reads string
			m                Match
		}{
			{"skill", q.skillForm, "skill_postings", skill},
			{"skill live", q.skillLive, "skill_postings", skill},
			{"phrase", q.set, "COVERING INDEX postings_narrow", phrase},
			{"phrase live", q.setLive, "COVERING INDEX postings_narrow", phrase},
		} {
			margs, err := form.m.args()
			if err != nil {
				t.Fatal(err)
			}
			args := append(append(margs, Filter{}.args()...), q.extra...)
			plan := queryPlan(t, s, form.sql, args)
			reads, whole, narrow := 0, 0, 0
			for _, d := range plan {
				if strings.Contains(d, form.reads) || form.name[0] == 's' && strings.Contains(d, "PRIMARY KEY (skill=?") {
					reads++
				}
				if strings.Contains(d, "postings_narrow") {
					narrow++
				}
				if strings.HasPrefix(d, "SEARCH p USING INTEGER PRIMARY KEY") || strings.HasPrefix(d, "SCAN p ") || d == "SCAN p" {
					whole++
				}
			}
			if reads == 0 || whole != q.rowReads || form.name[0] == 's' && narrow > 0 {
				t.Errorf("%s, %s form: %d reads of %s, %d of postings_narrow, %d of whole rows (want ≥ 1, none for a skill, %d); plan:\n%s",
					q.name, form.name, reads, form.reads, narrow, whole, q.rowReads, strings.Join(plan, "\n"))
			}
		}
	}
}

func queryPlan(t *testing.T, s *Store, query string, args []any) []string {
	t.Helper()
	rows, err := s.DB().Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}
