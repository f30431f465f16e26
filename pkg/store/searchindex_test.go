package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// TestSearchIndexFollowsEveryChange drives the contentless index through
// random sequences of what really happens to postings — new ones, edited
// texts, a comment that turns out not to be a post and back, sightings
// with less text, imports that leave indexing to Reindex, a tokenization
// change — and after every step asks the index, for every word, which
// postings it finds, against a scan of the stored text. Retired entries
// (the index cannot delete) must never be found, and CheckSearchIndex must
// pass.
func TestSearchIndexFollowsEveryChange(t *testing.T) {
	ctx := context.Background()
	words := []string{"kafka", "redis", "golang", "java", "微服务", "高并发", "docker", "spark"}
	seeds := []uint64{1, 2, 3, 4, 5}
	steps := 40
	if testing.Short() {
		seeds, steps = seeds[:2], 25
	}
	for _, seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 7))
		s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}, Indexer: spaceIndexer{"s1"}})
		text := func() string {
			var ws []string
			for range 1 + r.IntN(4) {
				ws = append(ws, words[r.IntN(len(words))])
			}
			return strings.Join(ws, " ")
		}
		for step := range steps {
			var batch []posting.Posting
			for range 1 + r.IntN(6) {
				p := job(fmt.Sprint(r.IntN(12)), "dev", text())
				switch r.IntN(8) {
				case 0:
					p.Kind = posting.Other
				case 1:
					p.Description = "" // a listing row: the stored text stays
				}
				batch = append(batch, p)
			}
			var err error
			switch r.IntN(6) {
			case 0:
				_, err = s.NewSessionWith(SessionOptions{DeferSearch: true}).UpsertBatch(ctx, batch)
			case 1:
				_, err = s.Reindex(ctx)
			case 2:
				if r.IntN(4) == 0 {
					s.indexer = spaceIndexer{fmt.Sprintf("s%d", step)}
				}
				_, err = s.Reindex(ctx)
			default:
				_, err = s.UpsertBatch(ctx, batch)
			}
			if err != nil {
				t.Fatalf("seed %d step %d: %v", seed, step, err)
			}
			if err := s.CheckSearchIndex(ctx); err != nil {
				t.Fatalf("seed %d step %d: %v", seed, step, err)
			}
			checkMatches(t, s, words, fmt.Sprintf("seed %d step %d", seed, step))
		}
	}
}

// checkMatches compares what the index finds for each word with the job
// postings indexed so far whose stored text holds it.
func checkMatches(t *testing.T, s *Store, words []string, at string) {
	t.Helper()
	ctx := context.Background()
	for _, w := range words {
		rows, err := s.db.QueryContext(ctx, `SELECT source_id FROM postings
            WHERE kind = 'job' AND search_version IS NOT NULL AND instr(lower(title || ' ' || description), ?) > 0`, w)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			want = append(want, id)
		}
		rows.Close()
		got := matchedIDs(t, s, w)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: %q found in %v, stored in %v", at, w, got, want)
		}
	}
}

// matchedIDs lists the source ids of the job postings a one-word query
// finds, through the index as `analyze query` reads it.
func matchedIDs(t *testing.T, s *Store, w string) []string {
	t.Helper()
	ctx := context.Background()
	m := Match{Phrases: []Phrase{{Tokens: []string{w}}}}
	rows, err := s.queryMatch(ctx, qMatchIDs, qMatchIDsLive, "", "", m, Filter{Undated: true, Synthetic: true})
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// qMatchIDs reads the match set of phrases (it has no skill form).
const (
	matchedIDsSQL = ` SELECT p.source_id FROM m JOIN postings p ON p.id = m.id WHERE ` + filterSQL
	qMatchIDs     = ftsSetSQL + matchSetTail + matchedIDsSQL
	qMatchIDsLive = ftsSetLiveSQL + matchSetTail + matchedIDsSQL
)

// TestSearchTermsSpread: the index form of text is the text with a suffix
// on each one-character non-ASCII term, the same for a query, so a phrase
// of characters is found exactly where it stands.
func TestSearchTermsSpread(t *testing.T) {
	// 微 is U+5FAE = 24494 = 680·36 + 14 and 680 = 18·36 + 32: suffix "ew".
	if got, want := ftsBody("微 服 务 go c++ é naïve"), "微ew 服tc 务lb go c++ éh6 naïve"; got != want {
		t.Errorf("ftsBody = %q; want %q", got, want)
	}
	if got, want := ftsTerm("微"), "微ew"; got != want {
		t.Errorf("ftsTerm(微) = %q; want %q", got, want)
	}
	// Spread: the one-character terms of Chinese text hash to many more of
	// FTS4's buckets than the characters alone.
	buckets := func(suffix bool) int {
		seen := map[uint32]bool{}
		for r := rune(0x4e00); r < 0x4e00+3000; r++ {
			tok := string(r)
			if suffix {
				tok = ftsTerm(tok)
			}
			seen[fts3StrHash(tok)&8191] = true
		}
		return len(seen)
	}
	plain, spread := buckets(false), buckets(true)
	t.Logf("3,000 characters in 8,192 buckets: %d buckets alone, %d with suffixes", plain, spread)
	if spread < 2*plain {
		t.Errorf("suffixes spread 3,000 characters over %d buckets, the characters alone over %d", spread, plain)
	}
}

// fts3StrHash is FTS4's hash of a term (fts3_hash.c), with C's signed char.
func fts3StrHash(s string) uint32 {
	var h uint32
	for i := 0; i < len(s); i++ {
		h = (h << 3) ^ h ^ uint32(int32(int8(s[i])))
	}
	return h & 0x7fffffff
}
