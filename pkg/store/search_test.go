package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// spaceIndexer indexes the lower-cased words of a text: enough to test the
// store's side of search without the real tokenizer.
type spaceIndexer struct{ version string }

func (s spaceIndexer) SearchText(title, desc string) string {
	return strings.ToLower(title + " " + desc)
}
func (s spaceIndexer) Version() string { return s.version }

func TestSearchIndexInStep(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}, Indexer: spaceIndexer{"s1"}})
	a := job("1", "Golang 开发", "kafka redis")
	b := job("2", "Java 开发", "spring kafka")
	other := job("3", "汇总", "kafka summary")
	other.Kind = posting.Other
	mustUpsert(t, s, a, b, other)

	count := func(m Match) int {
		t.Helper()
		ys, err := s.MatchYears(ctx, m, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, y := range ys {
			n += y.Matched
		}
		return n
	}
	phrase := func(toks ...string) Match { return Match{Phrases: []Phrase{{Tokens: toks}}} }
	if n := count(phrase("kafka")); n != 2 {
		t.Errorf("kafka: %d matches, want 2 (the non-post is not searchable)", n)
	}
	if n := count(Match{Skills: []string{"go"}, Phrases: []Phrase{{Tokens: []string{"kafka"}}}}); n != 1 {
		t.Errorf("go + kafka: %d, want 1", n)
	}
	if n := count(Match{Phrases: []Phrase{{Tokens: []string{"spring", "kafka"}}}}); n != 1 {
		t.Errorf("\"spring kafka\": %d, want 1", n)
	}
	if n := count(Match{Phrases: []Phrase{{Tokens: []string{"kafka", "spring"}}}}); n != 0 {
		t.Errorf("\"kafka spring\" (wrong order): %d, want 0", n)
	}
	// An update replaces the posting's entry; it never adds a second.
	b.Description = "spring rabbitmq"
	mustUpsert(t, s, b)
	if n := count(phrase("kafka")); n != 1 {
		t.Errorf("kafka after the update: %d, want 1", n)
	}
	if n := count(phrase("rabbitmq")); n != 1 {
		t.Errorf("rabbitmq after the update: %d, want 1", n)
	}
	// A new tokenization re-indexes everything once.
	s.indexer = spaceIndexer{"s2"}
	if n, err := s.Reindex(ctx); err != nil || n != 3 {
		t.Errorf("reindex: %d, %v; want 3", n, err)
	}
	if n, err := s.Reindex(ctx); err != nil || n != 0 {
		t.Errorf("second reindex: %d, %v; want 0", n, err)
	}
	if n := count(phrase("kafka")); n != 1 {
		t.Errorf("kafka after reindex: %d, want 1", n)
	}
}

// TestHostileMatch: whatever reaches the store as a token, the query is a
// literal phrase or a clear error, and the database is unchanged.
func TestHostileMatch(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Indexer: spaceIndexer{"s1"}})
	mustUpsert(t, s, job("1", "Go", "kafka"))
	before, _ := s.Summary(ctx)
	for _, toks := range [][]string{
		{`"`}, {"*"}, {"OR"}, {"NEAR(", "x"}, {"'; DROP TABLE postings; --"}, {"a\"b"}, {""},
		{strings.Repeat("长", 5000)}, {"kafka", "or", "near"},
	} {
		_, err := s.MatchYears(ctx, Match{Phrases: []Phrase{{Tokens: toks}}}, Filter{})
		if err != nil && !strings.Contains(err.Error(), "not a letter or digit") && !strings.Contains(err.Error(), "not a letter") {
			t.Errorf("tokens %.30q: unexpected error %v", toks, err)
		}
	}
	if _, err := s.MatchYears(ctx, Match{}, Filter{}); err == nil {
		t.Error("an empty match: want an error")
	}
	after, _ := s.Summary(ctx)
	if after != before {
		t.Errorf("the database changed: %+v → %+v", before, after)
	}
	if v, _ := s.IntegrityCheck(ctx); v != "ok" {
		t.Errorf("integrity_check: %s", v)
	}
}

func TestMatchExamplesNewestFirstOncePerRepost(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Indexer: spaceIndexer{"s1"}})
	var ps []posting.Posting
	for i := 0; i < 5; i++ {
		p := job(fmt.Sprint(i), "Go", fmt.Sprintf("kafka %d", i%3))
		p.PostedAt = p.PostedAt.AddDate(0, 0, i)
		ps = append(ps, p)
	}
	mustUpsert(t, s, ps...)
	ex, err := s.MatchExamples(ctx, Match{Phrases: []Phrase{{Tokens: []string{"kafka"}}}}, Filter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range ex {
		ids = append(ids, e.PostedAt)
	}
	// Postings 3 and 4 repost 0 and 1 (same text): only the newest of each group.
	if got := strings.Join(ids, ","); got != "2021-11-05,2021-11-04,2021-11-03" {
		t.Errorf("examples = %s", got)
	}
}
