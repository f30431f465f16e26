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
// examples from it as from the match set.
func TestSkillPostingsFollowEveryChange(t *testing.T) {
	ctx := context.Background()
	defer func(n int64) { skillRowsBatch = n }(skillRowsBatch)
	skillRowsBatch = 5
	seeds := []uint64{1, 2, 3, 4}
	steps := 30
	if testing.Short() {
		seeds, steps = seeds[:2], 15
	}
	for _, seed := range seeds {
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

// TestSkillQueriesWaitForIndexSkills: a skill's query reads skill_postings
// only while it covers every posting, so one imported after IndexSkills
// is counted all the same, and IndexSkills continues where it stopped.
func TestSkillQueriesWaitForIndexSkills(t *testing.T) {
	ctx := context.Background()
	defer func(n int64) { skillRowsBatch = n }(skillRowsBatch)
	skillRowsBatch = 2
	s := openTest(t, Options{Tagger: &wordTagger{version: "v1"}, Indexer: spaceIndexer{"s1"}})
	p := func(id string) posting.Posting {
		return posting.Posting{Source: "a", SourceID: id, Title: "dev", Description: "golang " + id,
			PostedAt: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)}
	}
	matched := func() int {
		years, err := s.MatchYears(ctx, Match{Skills: []string{"golang"}}, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, y := range years {
			n += y.Matched
		}
		return n
	}
	mustUpsert(t, s, p("1"), p("2"), p("3"))
	if n, err := s.IndexSkills(ctx); err != nil || n != 3 {
		t.Fatalf("IndexSkills covered %d postings (%v), want 3", n, err)
	}
	if ready, _ := s.skillRowsReady(ctx); !ready || matched() != 3 {
		t.Fatalf("after IndexSkills: ready %v, %d matched, want 3", ready, matched())
	}
	mustUpsert(t, s, p("4"))
	if ready, _ := s.skillRowsReady(ctx); ready || matched() != 4 {
		t.Fatalf("after a new posting: ready %v, %d matched, want not ready and 4", ready, matched())
	}
	if n, err := s.IndexSkills(ctx); err != nil || n != 1 {
		t.Fatalf("IndexSkills covered %d postings (%v), want 1", n, err)
	}
	if ready, _ := s.skillRowsReady(ctx); !ready || matched() != 4 {
		t.Fatalf("after IndexSkills again: ready %v, %d matched, want 4", ready, matched())
	}
	checkSkillPostings(t, s, "the end")
}
