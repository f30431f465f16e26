package store

import (
	"context"
	"database/sql"
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
				if _, pending, _, err := s.skillRowsState(ctx); err != nil || pending {
					t.Fatalf("%s: after IndexSkills notes still wait (%v)", at, err)
				}
				checkSkillPostings(t, s, at+", indexed")
			}
			checkSkillForms(t, s, r, at)
		}
	}
}

// checkSkillPostings compares skill_postings with what it is derived from:
// for the postings it covers, every row not noted gone is right, and every
// posting not noted for deriving again has all its rows. With no notes
// waiting, the two are equal.
func checkSkillPostings(t *testing.T, s *Store, at string) {
	t.Helper()
	const derived = `SELECT sk.skill, coalesce(p.year, 0), p.source, p.id, p.repost_key, p.company, coalesce(p.posted_at, p.first_seen)
        FROM posting_skills sk JOIN postings p ON p.id = sk.posting_id WHERE p.kind = 'job'`
	const stored = `SELECT skill, year, source, posting_id, repost_key, company, posted FROM skill_postings`
	const through = ` AND p.id <= (SELECT id FROM skill_postings_through)`
	const notGone = ` WHERE (skill, year, source, repost_key, posting_id) NOT IN
        (SELECT skill, year, source, repost_key, posting_id FROM skill_postings_gone)`
	const notRedo = ` AND p.id NOT IN (SELECT posting_id FROM skill_postings_redo)`
	var extra, missing int
	if err := s.DB().QueryRow(`SELECT (SELECT count(*) FROM (`+stored+notGone+` EXCEPT `+derived+through+`)),
        (SELECT count(*) FROM (`+derived+through+notRedo+` EXCEPT `+stored+`))`).Scan(&extra, &missing); err != nil {
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
	skillRowsBatch, skillMergeAt = 3, 2
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
	// what an interruption of a refill after its first skill leaves
	fillSteps := func(skills int) {
		t.Helper()
		if _, err := s.exec(ctx, qStartFill); err != nil {
			t.Fatal(err)
		}
		last := ""
		for range skills {
			var next sql.NullString
			if err := s.DB().QueryRow(qNextFillSkill, last).Scan(&next); err != nil || !next.Valid {
				t.Fatalf("next skill after %q: %v %v", last, next, err)
			}
			if _, err := s.exec(ctx, qFillSkill, next.String); err != nil {
				t.Fatal(err)
			}
			if _, err := s.exec(ctx, qSetFilling, next.String); err != nil {
				t.Fatal(err)
			}
			last = next.String
		}
	}
	fillSteps(1)
	if ready, _ := s.skillRowsReady(ctx); ready {
		t.Fatal("the table is ready without its indexes")
	}
	if got, err := s.MatchCompanies(ctx, Match{Skills: []string{"golang"}}, Filter{}); err != nil || !slices.Equal(got, want) {
		t.Fatalf("interrupted: companies %v (%v), want %v", got, err, want)
	}
	// A marker among the rows of the skill done: a run that continues the
	// refill leaves them; one that started over would empty the table.
	const marker = `skill = 'golang' AND posting_id = 999999`
	if _, err := s.exec(ctx, `INSERT INTO skill_postings (skill, year, source, posting_id, repost_key, company, posted)
        VALUES ('golang', 2020, 'a', 999999, 0, 'x', '2020-01-01')`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.IndexSkills(ctx); err != nil || n != 10 {
		t.Fatalf("IndexSkills covered %d postings (%v), want 10", n, err)
	}
	var kept int
	if err := s.DB().QueryRow(`SELECT count(*) FROM skill_postings WHERE ` + marker).Scan(&kept); err != nil || kept != 1 {
		t.Fatalf("the refill started over (marker rows %d, %v)", kept, err)
	}
	if _, err := s.exec(ctx, `DELETE FROM skill_postings WHERE `+marker); err != nil {
		t.Fatal(err)
	}
	checkSkillPostings(t, s, "the refill continued")
	// and one after the last skill, before the indexes were built
	fillSteps(2)
	if got, err := s.MatchCompanies(ctx, Match{Skills: []string{"golang"}}, Filter{}); err != nil || !slices.Equal(got, want) {
		t.Fatalf("interrupted at the end: companies %v (%v), want %v", got, err, want)
	}
	if n, err := s.IndexSkills(ctx); err != nil || n != 10 {
		t.Fatalf("IndexSkills covered %d postings (%v), want 10", n, err)
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

// TestSkillNotesWaitForIndexSkills: a change to a covered posting leaves
// skill_postings as it was and notes the rows to take out and the posting
// to derive again; queries read the match set meanwhile, and IndexSkills
// applies the notes. Notes on more than a third of the covered postings
// empty the table instead, and IndexSkills refills it.
func TestSkillNotesWaitForIndexSkills(t *testing.T) {
	ctx := context.Background()
	defer func(m int64) { skillMergeAt = m }(skillMergeAt)
	skillMergeAt = 0
	s := openTest(t, Options{Tagger: &wordTagger{version: "v1"}, Indexer: spaceIndexer{"s1"}})
	var ps []posting.Posting
	for i := range 10 {
		ps = append(ps, posting.Posting{Source: "a", SourceID: fmt.Sprint(i), Title: "dev", Company: "字节跳动",
			Description: fmt.Sprintf("golang redis %d", i)})
	}
	mustUpsert(t, s, ps...)
	if n, err := s.IndexSkills(ctx); err != nil || n != 10 {
		t.Fatalf("IndexSkills covered %d postings (%v), want 10", n, err)
	}
	table := func() string {
		t.Helper()
		var out string
		if err := s.DB().QueryRow(`SELECT group_concat(skill || ' ' || year || ' ' || posting_id || ' ' || company, '; ')
            FROM (SELECT * FROM skill_postings ORDER BY posting_id, skill)`).Scan(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	notes := func() (gone, redo int) {
		t.Helper()
		if err := s.DB().QueryRow(`SELECT (SELECT count(*) FROM skill_postings_gone), (SELECT count(*) FROM skill_postings_redo)`).
			Scan(&gone, &redo); err != nil {
			t.Fatal(err)
		}
		return gone, redo
	}
	before := table()
	// Posting 3 is dated now (it was undated), and renamed.
	dated := ps[3]
	dated.PostedAt, dated.Company = time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC), "字节跳动（北京）"
	mustUpsert(t, s, dated)
	if got := table(); got != before {
		t.Fatalf("an update moved skill_postings' rows:\n%s\nwant them as they were:\n%s", got, before)
	}
	// Its two rows are noted gone under their old keys (the retag of its
	// new text may note them again, under either key).
	var oldRows int
	if err := s.DB().QueryRow(`SELECT count(DISTINCT skill) FROM skill_postings_gone
        WHERE posting_id = 4 AND year = 0 AND (skill, year, source, repost_key, posting_id) IN
        (SELECT skill, year, source, repost_key, posting_id FROM skill_postings)`).Scan(&oldRows); err != nil {
		t.Fatal(err)
	}
	if _, redo := notes(); oldRows != 2 || redo != 1 {
		t.Fatalf("notes: %d of posting 3's rows gone, %d postings to derive again; want 2, 1", oldRows, redo)
	}
	if ready, err := s.skillRowsReady(ctx); err != nil || ready {
		t.Fatalf("queries would read the table while notes wait (%v)", err)
	}
	checkSkillPostings(t, s, "noted")
	if n, err := s.IndexSkills(ctx); err != nil || n != 1 {
		t.Fatalf("IndexSkills applied %d notes (%v), want 1", n, err)
	}
	if gone, redo := notes(); gone != 0 || redo != 0 {
		t.Fatalf("after IndexSkills: %d rows gone, %d postings to derive again; want none", gone, redo)
	}
	if !strings.Contains(table(), "golang 2021 4 字节跳动（北京）") {
		t.Fatalf("posting 3's rows not restated: %s", table())
	}
	checkSkillPostings(t, s, "applied")

	// Four of ten postings noted: more than a third, so the table is
	// emptied and filled again.
	for _, i := range []int{0, 1, 2, 5} {
		p := ps[i]
		p.PostedAt = time.Date(2022, 1, 2, 0, 0, 0, 0, time.UTC)
		mustUpsert(t, s, p)
	}
	if _, redo := notes(); redo != 4 {
		t.Fatalf("%d postings to derive again, want 4", redo)
	}
	if n, err := s.IndexSkills(ctx); err != nil || n != 10 {
		t.Fatalf("IndexSkills covered %d postings (%v), want the 10 of an emptied table", n, err)
	}
	if gone, redo := notes(); gone != 0 || redo != 0 {
		t.Fatalf("after the refill: %d rows gone, %d postings to derive again; want none", gone, redo)
	}
	checkSkillPostings(t, s, "refilled")

	// One posting noted while the table's indexes are missing: the refill
	// derives every row, so the note is not applied first, only cleared.
	p := ps[6]
	p.PostedAt = time.Date(2023, 3, 4, 0, 0, 0, 0, time.UTC)
	mustUpsert(t, s, p)
	if _, err := s.DB().Exec(qDropSkillIndexes); err != nil {
		t.Fatal(err)
	}
	if n, err := s.IndexSkills(ctx); err != nil || n != 10 {
		t.Fatalf("IndexSkills derived %d postings (%v), want the 10 of the refill alone", n, err)
	}
	if gone, redo := notes(); gone != 0 || redo != 0 {
		t.Fatalf("after the refill without indexes: %d rows gone, %d postings to derive again; want none", gone, redo)
	}
	if !strings.Contains(table(), "golang 2023 7 字节跳动") {
		t.Fatalf("posting 6's rows not restated by the refill: %s", table())
	}
	checkSkillPostings(t, s, "refilled without indexes")
}

// TestTwoRefillsTakeTurns: two stores on one file (two processes) refill
// skill_postings at once; both finish without error, and the table is
// whole once.
func TestTwoRefillsTakeTurns(t *testing.T) {
	ctx := context.Background()
	tg := &wordTagger{version: "v1"}
	a := openTest(t, Options{Tagger: tg, Indexer: spaceIndexer{"s1"}})
	var ps []posting.Posting
	for i := range 200 {
		ps = append(ps, posting.Posting{Source: "a", SourceID: fmt.Sprint(i), Title: "dev", Company: fmt.Sprint("c", i%7),
			Description: strings.Join(taggerWords[:1+i%len(taggerWords)], " "), PostedAt: time.Date(2020+i%3, 3, 1, 0, 0, 0, 0, time.UTC)})
	}
	mustUpsert(t, a, ps...)
	b, err := Open(ctx, a.Path(), Options{Tagger: tg, Indexer: spaceIndexer{"s1"}, Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for round := range 5 {
		if _, err := a.exec(ctx, qDropSkillIndexes); err != nil { // the next IndexSkills refills
			t.Fatal(err)
		}
		errs := make(chan error, 2)
		for _, s := range []*Store{a, b} {
			go func() {
				_, err := s.IndexSkills(ctx)
				errs <- err
			}()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if ready, err := a.skillRowsReady(ctx); err != nil || !ready {
			t.Fatalf("round %d: the table is not ready after both refills (%v)", round, err)
		}
		checkSkillPostings(t, a, fmt.Sprintf("round %d", round))
	}
}
