package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// TestRawRecordsCompressed: the original record comes back byte for byte,
// is stored in fewer bytes than it came in, and a record stored before
// compression (plain) still reads.
func TestRawRecordsCompressed(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	raw := []byte(`{"id":"h1","title":"Golang 后端开发","description":"` + strings.Repeat("负责高并发微服务的设计与开发，熟悉 Kafka、Redis。", 20) + `"}`)
	p := job("1", "Golang 后端开发", "负责高并发微服务")
	p.Raw = raw
	mustUpsert(t, s, p)
	got, ok, err := s.Raw(ctx, "test", "1")
	if err != nil || !ok || !bytes.Equal(got, raw) {
		t.Fatalf("Raw = %d bytes, %v, %v; want the %d bytes stored", len(got), ok, err, len(raw))
	}
	var stored []byte
	if err := s.DB().QueryRow(`SELECT raw FROM postings WHERE source_id = '1'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(stored, zstdMagic) || len(stored) >= len(raw) {
		t.Errorf("stored %d bytes for a %d-byte record, starting %x: want a smaller zstd frame", len(stored), len(raw), stored[:4])
	}
	// A sighting without a record keeps the stored one.
	p.Raw, p.Salary = nil, "20-30K"
	mustUpsert(t, s, p)
	if got, _, _ := s.Raw(ctx, "test", "1"); !bytes.Equal(got, raw) {
		t.Errorf("after an update without a record: %d bytes, want the first record", len(got))
	}
	// A store written before compression.
	if _, err := s.DB().Exec(`UPDATE postings SET raw = ? WHERE source_id = '1'`, raw); err != nil {
		t.Fatal(err)
	}
	if got, _, err := s.Raw(ctx, "test", "1"); err != nil || !bytes.Equal(got, raw) {
		t.Errorf("a plain record: %d bytes, %v", len(got), err)
	}
	if _, ok, err := s.Raw(ctx, "test", "none"); ok || err != nil {
		t.Errorf("a missing posting: ok %v, %v", ok, err)
	}
}

func TestNewStorePageSize(t *testing.T) {
	s := openTest(t, Options{})
	var size int
	if err := s.DB().QueryRow(`PRAGMA page_size`).Scan(&size); err != nil || size != pageSize {
		t.Errorf("page_size = %d, %v; want %d", size, err, pageSize)
	}
	var mode string
	if err := s.DB().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %s, %v; want wal", mode, err)
	}
}

// TestDeferredSearchThenReindex: an import session leaves its postings out
// of the index, Reindex adds them in bulk, and a changed posting's old
// entry is retired at once even while its new one waits.
func TestDeferredSearchThenReindex(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}, Indexer: spaceIndexer{"s1"}})
	imp := s.NewSessionWith(SessionOptions{DeferSearch: true})
	if _, err := imp.UpsertBatch(ctx, []posting.Posting{job("1", "Go", "kafka redis"), job("2", "Java", "spring")}); err != nil {
		t.Fatal(err)
	}
	var unindexed int
	s.DB().QueryRow(`SELECT count(*) FROM postings WHERE search_version IS NULL`).Scan(&unindexed)
	if unindexed != 2 {
		t.Errorf("%d postings left to Reindex, want 2", unindexed)
	}
	if got := matchedIDs(t, s, "kafka"); len(got) != 0 {
		t.Errorf("kafka found in %v before Reindex", got)
	}
	if n, err := s.Reindex(ctx); n != 2 || err != nil {
		t.Fatalf("Reindex = %d, %v", n, err)
	}
	if got := matchedIDs(t, s, "kafka"); len(got) != 1 || got[0] != "1" {
		t.Errorf("kafka found in %v, want [1]", got)
	}
	// The text changes in a deferring session: the old entry must not be
	// found, though the new one is not there yet.
	if _, err := imp.UpsertBatch(ctx, []posting.Posting{job("1", "Go", "rabbitmq")}); err != nil {
		t.Fatal(err)
	}
	if got := matchedIDs(t, s, "kafka"); len(got) != 0 {
		t.Errorf("kafka still found in %v after the text changed", got)
	}
	if err := s.CheckSearchIndex(ctx); err != nil {
		t.Error(err)
	}
	if n, err := s.Reindex(ctx); n != 1 || err != nil {
		t.Fatalf("Reindex = %d, %v", n, err)
	}
	if got := matchedIDs(t, s, "rabbitmq"); len(got) != 1 {
		t.Errorf("rabbitmq found in %v, want [1]", got)
	}
	if err := s.CheckSearchIndex(ctx); err != nil {
		t.Error(err)
	}
}

// TestCheckSearchIndexCatchesDamage: the check fails for an entry whose
// terms are not its posting's, for a missing entry and for a second one.
func TestCheckSearchIndexCatchesDamage(t *testing.T) {
	ctx := context.Background()
	for name, damage := range map[string]string{
		"wrong terms":  `UPDATE postings SET description = 'something else' WHERE source_id = '1'`,
		"no entry":     `UPDATE postings SET kind = 'job', search_version = (SELECT search_version FROM postings WHERE source_id = '1') WHERE source_id = '3'`,
		"second entry": `INSERT INTO posting_search_moved (entry, posting_id) VALUES (-1, 1)`,
	} {
		t.Run(name, func(t *testing.T) {
			s := openTest(t, Options{Indexer: spaceIndexer{"s1"}})
			other := job("3", "汇总", "summary")
			other.Kind = posting.Other
			mustUpsert(t, s, job("1", "Go", "kafka"), job("2", "Java", "spring"), other)
			if err := s.CheckSearchIndex(ctx); err != nil {
				t.Fatalf("before the damage: %v", err)
			}
			if name == "second entry" {
				if _, err := s.DB().Exec(`INSERT INTO posting_search (docid, body) VALUES (-1, 'go kafka')`); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.DB().Exec(damage); err != nil {
				t.Fatal(err)
			}
			if err := s.CheckSearchIndex(ctx); err == nil {
				t.Error("the damaged index passed the check")
			}
		})
	}
}

// TestMigrateFromSchemaSix: a store with the old full-text index (its
// content kept in posting_search_content) loses the copy, keeps every
// posting and gets its entries back from Reindex.
func TestMigrateFromSchemaSix(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v6.db")
	db, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(qCreateMigrations); err != nil {
		t.Fatal(err)
	}
	for _, m := range mustMigrations(t) {
		if m.version > 6 {
			break
		}
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		if _, err := db.Exec(qRecordMigration, m.version, m.name, "2026-01-01T00:00:00Z"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO postings (source, source_id, title, description, first_seen, last_seen,
		content_hash, repost_key, job_key, updated_at, search_version) VALUES
		('boss', 'a', 'Golang', 'kafka redis', '2021-11-07T00:00:00Z', '2021-11-07T00:00:00Z', 'h1', 1, 1, 'x', 's0')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO posting_search (docid, body) VALUES (1, 'golang kafka redis')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(ctx, path, Options{Indexer: spaceIndexer{"s1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var content int
	s.DB().QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'posting_search_content'`).Scan(&content)
	if content != 0 {
		t.Error("the index still keeps a copy of its text")
	}
	if n, err := s.Reindex(ctx); n != 1 || err != nil {
		t.Fatalf("Reindex = %d, %v", n, err)
	}
	if got := matchedIDs(t, s, "kafka"); len(got) != 1 || got[0] != "a" {
		t.Errorf("kafka found in %v, want [a]", got)
	}
	if err := s.CheckSearchIndex(ctx); err != nil {
		t.Error(err)
	}
}

// TestQueryTotalsKeptPerGeneration: the totals of a query are counted
// once per write generation: read back while nothing was written, counted
// again after any posting is inserted or changed, and never kept stale.
func TestQueryTotalsKeptPerGeneration(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}, Indexer: spaceIndexer{"s1"}})
	mustUpsert(t, s, job("1", "Golang", "kafka"), job("2", "Java", "spring"))
	total := func() int {
		t.Helper()
		ys, err := s.MatchYears(ctx, Match{Skills: []string{"go"}}, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, y := range ys {
			n += y.Total
		}
		return n
	}
	if n := total(); n != 2 {
		t.Fatalf("total %d, want 2", n)
	}
	// The kept counts are what the next query reads: change them behind
	// the store's back and the query says so.
	if _, err := s.DB().Exec(`UPDATE analysis_state SET value = replace(value, '"Total":2', '"Total":7') WHERE name LIKE 'query-totals:%'`); err != nil {
		t.Fatal(err)
	}
	if n := total(); n != 7 {
		t.Fatalf("total %d: the kept counts were not read", n)
	}
	// Any change to a posting is a new generation: counted again.
	mustUpsert(t, s, job("3", "Rust", "tokio"))
	if n := total(); n != 3 {
		t.Errorf("after an insert: total %d, want 3", n)
	}
	p := job("3", "Rust", "tokio")
	p.PostedAt = p.PostedAt.AddDate(-3, 0, 0) // an earlier date moves it to another year
	mustUpsert(t, s, p)
	ys, err := s.MatchYears(ctx, Match{Skills: []string{"go"}}, Filter{From: 2021, To: 2021})
	if err != nil {
		t.Fatal(err)
	}
	if len(ys) != 1 || ys[0].Total != 2 {
		t.Errorf("2021 after the redate: %+v, want 2 postings", ys)
	}
}

// javaTagger tags Java postings as go: a taxonomy that changed its mind.
type javaTagger struct{}

func (javaTagger) Skills(text string) []string {
	if strings.Contains(strings.ToLower(text), "golang") || strings.Contains(strings.ToLower(text), "java") {
		return []string{"go"}
	}
	return nil
}
func (javaTagger) Version() string { return "java-is-go" }

// TestDatasetSkillsKeptPerGeneration: each dataset's skill counts are read
// back while nothing changed, and counted again after an insert and after
// the postings are tagged again (a new taxonomy changes the counts without
// changing a posting).
func TestDatasetSkillsKeptPerGeneration(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}})
	mustUpsert(t, s, job("1", "Golang", "kafka"), job("2", "Java", "spring"))
	goCount := func(s *Store) (total, withGo int) {
		t.Helper()
		totals, skills, err := s.DatasetSkills(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for id, n := range totals {
			total += n
			withGo += skills[id]["go"]
		}
		return total, withGo
	}
	if n, k := goCount(s); n != 2 || k != 1 {
		t.Fatalf("%d postings, %d with go; want 2 and 1", n, k)
	}
	if _, err := s.DB().Exec(`UPDATE analysis_state SET value = replace(value, '"go":1', '"go":5') WHERE name LIKE 'dataset-skills/%'`); err != nil {
		t.Fatal(err)
	}
	if _, k := goCount(s); k != 5 {
		t.Fatalf("%d with go: the kept counts were not read", k)
	}
	mustUpsert(t, s, job("3", "Golang", "etcd"))
	if n, k := goCount(s); n != 3 || k != 2 {
		t.Errorf("after an insert: %d postings, %d with go; want 3 and 2", n, k)
	}
	path := s.Path()
	s.Close()
	s2, err := Open(ctx, path, Options{Tagger: javaTagger{}, Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, err := s2.Retag(ctx); err != nil || n != 3 {
		t.Fatalf("retagged %d postings, %v", n, err)
	}
	if n, k := goCount(s2); n != 3 || k != 3 {
		t.Errorf("after tagging again: %d postings, %d with go; want 3 and 3", n, k)
	}
}

// TestKeptCountsFollowMemberships: postings already stored, sighted again
// unchanged under another dataset, join that dataset, which changes every
// per-dataset count; the kept counts must not be read back after it.
func TestKeptCountsFollowMemberships(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}})
	a, b := job("1", "Golang", "kafka"), job("2", "Java", "spring")
	a.Dataset, b.Dataset = "file-a", "file-a"
	mustUpsert(t, s, a, b)
	perDataset := func() map[string]int {
		t.Helper()
		totals, _, err := s.DatasetSkills(ctx)
		if err != nil {
			t.Fatal(err)
		}
		dating, err := s.DatasetDating(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sources, err := s.DatasetSources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sets, err := s.Datasets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, d := range sets {
			out[d.Name+" postings"] = totals[d.ID]
			out[d.Name+" sources"] = len(sources[d.ID])
		}
		for _, d := range dating {
			for _, set := range sets {
				if set.ID == d.Dataset {
					out[set.Name+" dated"] += d.Postings
				}
			}
		}
		return out
	}
	if got := perDataset(); got["file-a postings"] != 2 || got["file-b postings"] != 0 {
		t.Fatalf("after the first import: %v", got)
	}
	perDataset() // kept now
	a.Dataset, b.Dataset = "file-b", "file-b"
	if c := mustUpsert(t, s, a, b); c.Unchanged != 2 {
		t.Fatalf("the second sighting: %+v, want 2 unchanged", c)
	}
	got := perDataset()
	for _, k := range []string{"file-b postings", "file-b sources", "file-b dated"} {
		if want := map[string]int{"file-b postings": 2, "file-b sources": 1, "file-b dated": 2}[k]; got[k] != want {
			t.Errorf("after the same postings joined file-b: %s = %d, want %d (all: %v)", k, got[k], want, got)
		}
	}
}

// TestDatasetFactsKeptPerGeneration: how datasets are dated and which
// sources they hold are read back on an unchanged store, and counted
// again after a write.
func TestDatasetFactsKeptPerGeneration(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}})
	mustUpsert(t, s, job("1", "Golang", "kafka"))
	read := func() string {
		t.Helper()
		dating, err := s.DatasetDating(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sources, err := s.DatasetSources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(dating, sources)
	}
	first := read()
	if _, err := s.DB().Exec(`UPDATE analysis_state SET value = replace(replace(value, '"Postings":1', '"Postings":7'), '"test"', '"kept"')
        WHERE name IN ('dataset-dating/1', 'dataset-sources/1')`); err != nil {
		t.Fatal(err)
	}
	if got := read(); !strings.Contains(got, " 7 ") || !strings.Contains(got, "kept") {
		t.Fatalf("the kept facts were not read back: %s (first %s)", got, first)
	}
	mustUpsert(t, s, job("2", "Java", "spring"))
	if got := read(); strings.Contains(got, "kept") || strings.Contains(got, " 7 ") {
		t.Errorf("after a write the kept facts were read: %s", got)
	}
}

// TestKeptCountsWaitForThisProcessWriter: the report reads the datasets'
// counts beside its near-duplicate pass, whose transactions hold the
// store's write lock; the counts must still be kept (waiting for this
// process's writer, unlike another process's), or every warm report after
// an import would count them again.
func TestKeptCountsWaitForThisProcessWriter(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}})
	mustUpsert(t, s, job("1", "Golang", "kafka"), job("2", "Java", "spring"))
	started, release, wrote := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		wrote <- s.withTx(ctx, func(*sql.Tx) error {
			close(started)
			<-release
			return nil
		})
	}()
	<-started
	counted := make(chan error, 1)
	go func() {
		_, _, err := s.DatasetSkills(ctx)
		counted <- err
	}()
	time.Sleep(300 * time.Millisecond) // far beyond the 50 ms another process's writer is waited for
	close(release)
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	if err := <-counted; err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM analysis_state WHERE name LIKE 'dataset-skills/%'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d kept dataset counts (%v), want 1", n, err)
	}
}
