package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// wordTagger tags each of its words found in the text as a skill of the
// same name; its version is settable, and so is one word it ignores, so a
// retag changes some postings' tags.
type wordTagger struct {
	version, ignore string
}

var taggerWords = []string{"golang", "java", "docker", "kafka", "redis"}

func (w *wordTagger) Skills(text string) []string {
	var out []string
	for _, word := range taggerWords {
		if word != w.ignore && strings.Contains(text, word) {
			out = append(out, word)
		}
	}
	return out
}
func (w *wordTagger) Version() string { return w.version }

// TestSkillPostingsFollowEveryChange: skill_postings, which a skill's
// query reads instead of postings, stays equal to posting_skills joined to
// postings, for the postings it covers, through random imports, merges
// that date or move postings, edits, kind changes, retags, job keys and
// IndexSkills in small batches; and every query reads the same counts and
// examples from it (and the postings it does not cover yet) as from the
// match set. Seeds merge at every IndexSkills or leave up to 8 or 40
// postings outside the table (and retag through the triggers or empty it).
func TestSkillPostingsFollowEveryChange(t *testing.T) {
	ctx := context.Background()
	defer func(n, m int64) { skillRowsBatch, skillMergeAt = n, m }(skillRowsBatch, skillMergeAt)
	skillRowsBatch = 5
	seeds := []uint64{1, 2, 3, 4}
	steps := 30
	if testing.Short() {
		seeds, steps = seeds[:2], 15
	}
	for _, seed := range seeds {
		skillMergeAt = []int64{0, 8, 40}[seed%3]
		r := rand.New(rand.NewPCG(seed, 17))
		tg := &wordTagger{version: "v1"}
		s := openTest(t, Options{Tagger: tg, Indexer: spaceIndexer{"s1"}})
		pick := func(vals ...string) string { return vals[r.IntN(len(vals))] }
		var sent []posting.Posting
		for step := range steps {
			at := fmt.Sprintf("seed %d step %d", seed, step)
			var err error
			switch r.IntN(9) {
			case 8:
				_, err = s.IndexSkills(ctx)
			case 0:
				tg.version, tg.ignore = fmt.Sprintf("v%d", step), pick(taggerWords...)
				_, err = s.Retag(ctx)
			case 1:
				keys := map[int64]int64{}
				for id := range int64(12) {
					keys[id+1] = int64(r.IntN(4))
				}
				err = s.SetJobKeys(ctx, keys)
			case 2:
				// sighted again, the same text, earlier: only the first
				// sighting (and the year of an undated posting) moves
				if len(sent) == 0 {
					continue
				}
				p := sent[r.IntN(len(sent))]
				p.FirstSeen = time.Date(2015+r.IntN(3), 1, 1, 0, 0, 0, 0, time.UTC)
				_, err = s.UpsertBatch(ctx, []posting.Posting{p})
			default:
				var batch []posting.Posting
				for range 1 + r.IntN(6) {
					var words []string
					for range 1 + r.IntN(3) {
						words = append(words, pick(append(taggerWords, "微服务", "")...))
					}
					p := posting.Posting{Source: pick("a", "b", "c"+SyntheticSuffix), SourceID: fmt.Sprint(r.IntN(12)),
						Title: "dev", Company: pick("", "字节跳动", "腾讯"), Description: strings.Join(words, " ")}
					if r.IntN(3) > 0 {
						p.PostedAt = time.Date(2019+r.IntN(4), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
					}
					if r.IntN(2) == 0 {
						p.FirstSeen = time.Date(2018+r.IntN(5), 6, 1, 0, 0, 0, 0, time.UTC)
					}
					if r.IntN(8) == 0 {
						p.Kind = posting.Other
					}
					batch = append(batch, p)
				}
				sent = append(sent, batch...)
				_, err = s.UpsertBatch(ctx, slices.Clone(batch))
			}
			if err != nil {
				t.Fatalf("%s: %v", at, err)
			}
			checkSkillPostings(t, s, at)
			if r.IntN(2) == 0 {
				if _, err := s.IndexSkills(ctx); err != nil {
					t.Fatalf("%s: %v", at, err)
				}
			}
			checkSkillForms(t, s, r, at)
		}
	}
}

// checkSkillPostings compares skill_postings with what it is derived from.
func checkSkillPostings(t *testing.T, s *Store, at string) {
	t.Helper()
	const derived = `SELECT sk.skill, coalesce(p.year, 0), p.source, p.id, p.repost_key, p.company, coalesce(p.posted_at, p.first_seen)
        FROM posting_skills sk JOIN postings p ON p.id = sk.posting_id WHERE p.kind = 'job'`
	const stored = `SELECT skill, year, source, posting_id, repost_key, company, posted FROM skill_postings`
	const through = ` AND p.id <= (SELECT id FROM skill_postings_through)`
	var extra, missing int
	if err := s.DB().QueryRow(`SELECT (SELECT count(*) FROM (`+stored+` EXCEPT `+derived+through+`)),
        (SELECT count(*) FROM (`+derived+through+` EXCEPT `+stored+`))`).Scan(&extra, &missing); err != nil {
		t.Fatalf("%s: %v", at, err)
	}
	if extra > 0 || missing > 0 {
		t.Fatalf("%s: skill_postings holds %d rows it should not and misses %d", at, extra, missing)
	}
}

// checkSkillForms runs queries of one and two skills, alone and with a
// phrase, under a few filters, in both forms and compares what they read.
// Each step tries a random dozen of them.
func checkSkillForms(t *testing.T, s *Store, r *rand.Rand, at string) {
	t.Helper()
	ctx := context.Background()
	var matches []Match
	for i, a := range taggerWords {
		matches = append(matches, Match{Skills: []string{a}},
			Match{Skills: []string{a}, Phrases: []Phrase{{Tokens: []string{"dev"}}}},
			Match{Skills: []string{a}, Phrases: []Phrase{{Tokens: []string{"微服务"}}}})
		for _, b := range taggerWords[i+1:] {
			matches = append(matches, Match{Skills: []string{a, b}})
		}
	}
	filters := []Filter{{}, {Synthetic: true}, {From: 2020, To: 2021, Sources: []string{"a"}}, {Undated: true, Synthetic: true}}
	read := func(m Match, f Filter) string {
		years, err := s.MatchYears(ctx, m, f)
		if err != nil {
			t.Fatalf("%s: %+v: %v", at, m, err)
		}
		cc, err := s.MatchCompanies(ctx, m, f)
		if err != nil {
			t.Fatalf("%s: %+v: %v", at, m, err)
		}
		slices.SortFunc(cc, func(a, b CompanyCount) int { return strings.Compare(a.Company, b.Company) })
		ex, err := s.MatchExamples(ctx, m, f, 3)
		if err != nil {
			t.Fatalf("%s: %+v: %v", at, m, err)
		}
		return fmt.Sprintf("years %v\ncompanies %v\nexamples %v", years, cc, ex)
	}
	if ready, err := s.skillRowsReady(ctx); err != nil || !ready {
		return // both forms would read the match set
	}
	for range 12 {
		m, f := matches[r.IntN(len(matches))], filters[r.IntN(len(filters))]
		fromSkills := read(m, f)
		s.matchSetOnly = true
		fromSet := read(m, f)
		s.matchSetOnly = false
		if fromSkills != fromSet {
			t.Fatalf("%s: %+v %+v read from skill_postings:\n%s\nfrom the match set:\n%s", at, m, f, fromSkills, fromSet)
		}
	}
}

// TestSkillQueriesReadFreshPostings: a posting stored after IndexSkills
// is counted all the same (read beside the table), and a repost of a
// posting the table holds is not counted twice, per year or per company;
// IndexSkills leaves a few such postings outside the table and merges them
// once they are more than skillMergeAt, continuing where it stopped; a
// retag of many of them empties the table, which IndexSkills refills.
func TestSkillQueriesReadFreshPostings(t *testing.T) {
	ctx := context.Background()
	defer func(n, m int64) { skillRowsBatch, skillMergeAt = n, m }(skillRowsBatch, skillMergeAt)
	skillRowsBatch, skillMergeAt = 2, 2
	tg := &wordTagger{version: "v1"}
	s := openTest(t, Options{Tagger: tg, Indexer: spaceIndexer{"s1"}})
	p := func(id, text string, year int) posting.Posting {
		return posting.Posting{Source: "a", SourceID: id, Title: "dev", Company: "字节跳动", Description: "golang " + text,
			PostedAt: time.Date(year, 3, 1, 0, 0, 0, 0, time.UTC)}
	}
	count := func(f Filter) string {
		years, err := s.MatchYears(ctx, Match{Skills: []string{"golang"}}, f)
		if err != nil {
			t.Fatal(err)
		}
		cc, err := s.MatchCompanies(ctx, Match{Skills: []string{"golang"}}, f)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, y := range years {
			fmt.Fprintf(&b, "%d:%d ", y.Year, y.Matched)
		}
		for _, c := range cc {
			fmt.Fprintf(&b, "/ %s %d", c.Company, c.Matched)
		}
		return b.String()
	}
	// matched counts per year and per company, "2021:n 2022:n / company n",
	// and the same from 2022 on
	matched := func() string {
		return count(Filter{}) + " | " + count(Filter{From: 2022})
	}
	covered := func() (n int64) {
		if err := s.DB().QueryRow("SELECT id FROM skill_postings_through").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	check := func(at string, wantCovered int64, want string) {
		t.Helper()
		if got := matched(); covered() != wantCovered || got != want {
			t.Fatalf("%s: the table covers %d, matched %q; want %d, %q", at, covered(), got, wantCovered, want)
		}
		s.matchSetOnly = true
		defer func() { s.matchSetOnly = false }()
		if got := matched(); got != want {
			t.Fatalf("%s: the match set reads %q, want %q", at, got, want)
		}
	}
	mustUpsert(t, s, p("1", "x", 2021), p("2", "y", 2021), p("3", "z", 2021))
	check("before IndexSkills", 0, "2021:3 / 字节跳动 3 | ")
	if n, err := s.IndexSkills(ctx); err != nil || n != 3 {
		t.Fatalf("IndexSkills covered %d postings (%v), want 3", n, err)
	}
	mustUpsert(t, s, p("1b", "x", 2021)) // a repost of 1, the same year
	check("a repost, fresh", 3, "2021:3 / 字节跳动 3 | ")
	mustUpsert(t, s, p("1c", "x", 2022)) // a repost of 1, a year later
	check("a repost a year later, fresh", 3, "2021:3 2022:1 / 字节跳动 3 | 2022:1 / 字节跳动 1")
	if n, err := s.IndexSkills(ctx); err != nil || n != 0 {
		t.Fatalf("two fresh postings: IndexSkills covered %d (%v), want 0", n, err)
	}
	mustUpsert(t, s, p("4", "w", 2022))
	check("a new posting, fresh", 3, "2021:3 2022:2 / 字节跳动 4 | 2022:2 / 字节跳动 2")
	if n, err := s.IndexSkills(ctx); err != nil || n != 3 {
		t.Fatalf("three fresh postings: IndexSkills covered %d (%v), want 3", n, err)
	}
	check("merged", 6, "2021:3 2022:2 / 字节跳动 4 | 2022:2 / 字节跳动 2")
	checkSkillPostings(t, s, "merged")
	// a retag of more covered postings than skillMergeAt empties the table
	tg.version = "v2"
	if n, err := s.Retag(ctx); err != nil || n != 6 {
		t.Fatalf("Retag tagged %d postings (%v), want 6", n, err)
	}
	check("retagged", 0, "2021:3 2022:2 / 字节跳动 4 | 2022:2 / 字节跳动 2")
	if n, err := s.IndexSkills(ctx); err != nil || n != 6 {
		t.Fatalf("after the retag: IndexSkills covered %d postings (%v), want 6", n, err)
	}
	check("retagged, merged", 6, "2021:3 2022:2 / 字节跳动 4 | 2022:2 / 字节跳动 2")
	checkSkillPostings(t, s, "the end")
}

// TestIndexSkillsRebuildsItsIndexes: a large IndexSkills drops the
// table's indexes and builds them again as the migration wrote them; one
// interrupted in between leaves the table unready (queries read the match
// set, with the same counts) until the next run finishes it.
func TestIndexSkillsRebuildsItsIndexes(t *testing.T) {
	ctx := context.Background()
	defer func(n, m int64) { skillRowsBatch, skillMergeAt = n, m }(skillRowsBatch, skillMergeAt)
	skillRowsBatch, skillMergeAt = 2, 0
	s := openTest(t, Options{Tagger: &wordTagger{version: "v1"}, Indexer: spaceIndexer{"s1"}})
	schema := func() string {
		var out string
		err := s.DB().QueryRowContext(ctx, `SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema
            WHERE type = 'index' AND tbl_name = 'skill_postings' AND sql IS NOT NULL ORDER BY name)`).Scan(&out)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	migrated := schema()
	if !strings.Contains(migrated, "skill_postings_company") || !strings.Contains(migrated, "skill_postings_posted") {
		t.Fatalf("the migration's indexes: %q", migrated)
	}
	var ps []posting.Posting
	for i := range 10 {
		ps = append(ps, posting.Posting{Source: "a", SourceID: fmt.Sprint(i), Title: "dev", Company: fmt.Sprint("c", i%3),
			Description: fmt.Sprint("golang java ", i%4), PostedAt: time.Date(2020+i%3, 3, 1, 0, 0, 0, 0, time.UTC)})
	}
	mustUpsert(t, s, ps...)
	want, err := s.MatchCompanies(ctx, Match{Skills: []string{"golang"}}, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// what an interruption after the drop and two batches leaves
	if _, err := s.exec(ctx, qDropSkillIndexes); err != nil {
		t.Fatal(err)
	}
	if _, err := s.exec(ctx, qAddSkillRows, 0, 4); err != nil {
		t.Fatal(err)
	}
	if _, err := s.exec(ctx, qSetSkillRowsThrough, 4); err != nil {
		t.Fatal(err)
	}
	checkSkillPostings(t, s, "interrupted")
	if got, err := s.MatchCompanies(ctx, Match{Skills: []string{"golang"}}, Filter{}); err != nil || !slices.Equal(got, want) {
		t.Fatalf("interrupted: companies %v (%v), want %v", got, err, want)
	}
	if n, err := s.IndexSkills(ctx); err != nil || n != 6 {
		t.Fatalf("IndexSkills covered %d postings (%v), want 6", n, err)
	}
	// and one after the last batch, before the indexes were built
	if _, err := s.exec(ctx, qDropSkillIndexes); err != nil {
		t.Fatal(err)
	}
	if ready, _ := s.skillRowsReady(ctx); ready {
		t.Fatal("the table is ready without its indexes")
	}
	if got, err := s.MatchCompanies(ctx, Match{Skills: []string{"golang"}}, Filter{}); err != nil || !slices.Equal(got, want) {
		t.Fatalf("interrupted at the end: companies %v (%v), want %v", got, err, want)
	}
	if n, err := s.IndexSkills(ctx); err != nil || n != 0 {
		t.Fatalf("IndexSkills covered %d postings (%v), want 0", n, err)
	}
	if ready, _ := s.skillRowsReady(ctx); !ready || schema() != migrated {
		t.Fatalf("after IndexSkills: ready %v, indexes\n%s\nwant\n%s", ready, schema(), migrated)
	}
	if got, err := s.MatchCompanies(ctx, Match{Skills: []string{"golang"}}, Filter{}); err != nil || !slices.Equal(got, want) {
		t.Fatalf("after IndexSkills: companies %v (%v), want %v", got, err, want)
	}
	checkSkillPostings(t, s, "after IndexSkills")
	// a run that adds less than the table covers keeps the indexes
	mustUpsert(t, s, posting.Posting{Source: "a", SourceID: "x", Title: "dev", Description: "golang x",
		PostedAt: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)})
	if n, err := s.IndexSkills(ctx); err != nil || n != 1 || schema() != migrated {
		t.Fatalf("IndexSkills covered %d postings (%v), indexes %q", n, err, schema())
	}
	checkSkillPostings(t, s, "after a small run")
}
