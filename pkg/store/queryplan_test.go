package store

import (
	"strings"
	"testing"
)

// TestMatchQueriesReadNoText: what a query counts and which examples it
// shows are read from postings_narrow (a phrase) or skill_postings (a
// skill, with postings_narrow only for the postings stored since the
// table was last merged); a posting's row (its text, 2-3 KB) is read only
// for the few examples shown. Reading rows for every match cost a common
// skill half a second at a million postings, and looking each match up in
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
			narrow           int // reads of postings_narrow: the fresh postings' for a skill
		}{
			{"skill", q.skillForm, "skill_postings", skill, 1},
			{"skill live", q.skillLive, "skill_postings", skill, 1},
			{"phrase", q.set, "COVERING INDEX postings_narrow", phrase, -1},
			{"phrase live", q.setLive, "COVERING INDEX postings_narrow", phrase, -1},
		} {
			plan := queryPlan(t, s, form.sql, planArgs(t, form.m, q.extra))
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
			if reads == 0 || whole != q.rowReads || form.narrow >= 0 && narrow != form.narrow {
				t.Errorf("%s, %s form: %d reads of %s, %d of postings_narrow, %d of whole rows (want ≥ 1, %d for a skill, %d); plan:\n%s",
					q.name, form.name, reads, form.reads, narrow, whole, form.narrow, q.rowReads, strings.Join(plan, "\n"))
			}
		}
	}
}

// TestSkillTableReadsAreOrdered: a skill's reads of skill_postings are
// ordered passes. A temporary B-tree of its rows (java's 443,000 at a
// million postings) cost more than the rest of the query; the fresh
// postings beside the table are few and may be sorted.
func TestSkillTableReadsAreOrdered(t *testing.T) {
	s := openTest(t, Options{})
	for _, q := range []struct {
		name, sql string
		extra     []any
	}{
		{"years", ftsSetSQL + skillSetsSQL + skillYearsMerged, nil},
		{"years live", ftsSetLiveSQL + skillSetsSQL + skillYearsMerged, nil},
		{"companies", ftsSetSQL + skillSetsSQL + skillCompaniesMerged, nil},
		{"companies live", ftsSetLiveSQL + skillSetsSQL + skillCompaniesMerged, nil},
		{"examples", ftsSetSQL + skillSetsSQL + skillExamplesMerged, []any{30}},
		{"examples live", ftsSetLiveSQL + skillSetsSQL + skillExamplesMerged, []any{30}},
	} {
		for _, m := range []Match{{Skills: []string{"go"}}, {Skills: []string{"go", "docker"}, Phrases: []Phrase{{Tokens: []string{"golang"}}}}} {
			plan := queryPlan(t, s, q.sql, planArgs(t, m, q.extra))
			for _, d := range plan {
				if strings.Contains(d, "TEMP B-TREE") || strings.Contains(d, "postings_narrow") {
					t.Errorf("%s of %+v: %s; plan:\n%s", q.name, m, d, strings.Join(plan, "\n"))
				}
			}
		}
	}
}

func planArgs(t *testing.T, m Match, extra []any) []any {
	t.Helper()
	margs, err := m.args()
	if err != nil {
		t.Fatal(err)
	}
	return append(append(margs, Filter{}.args()...), extra...)
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
