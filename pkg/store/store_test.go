package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

var t0 = time.Date(2024, 10, 9, 12, 0, 0, 0, time.UTC)

// fakeTagger tags "go" when the text says golang; its version is settable so
// tests can simulate a taxonomy change.
type fakeTagger struct {
	version string
}

func (f *fakeTagger) Skills(text string) []string {
	if strings.Contains(strings.ToLower(text), "golang") {
		return []string{"go"}
	}
	return nil
}
func (f *fakeTagger) Version() string { return f.version }

func openTest(t *testing.T, opts Options) *Store {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return t0 }
	}
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "jobtrend.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func job(id, title, desc string) posting.Posting {
	return posting.Posting{Source: "test", SourceID: id, Title: title, Company: "得物App",
		Description: desc, PostedAt: time.Date(2021, 11, 1, 0, 0, 0, 0, time.UTC)}
}

func TestUpsertOutcomes(t *testing.T) {
	ctx := context.Background()
	tg := &fakeTagger{version: "v1"}
	s := openTest(t, Options{Tagger: tg})

	steps := []struct {
		name  string
		batch []posting.Posting
		want  Counts
	}{
		{"first import", []posting.Posting{job("1", "Golang", "微服务开发"), job("2", "Java", "Spring")}, Counts{New: 2}},
		{"same again", []posting.Posting{job("1", "Golang", "微服务开发"), job("2", "Java", "Spring")}, Counts{Unchanged: 2}},
		{"one changed, one new", []posting.Posting{job("1", "Golang", "微服务开发，熟悉 golang"), job("3", "Rust", "")}, Counts{New: 1, Updated: 1}},
		{"key repeated inside a batch", []posting.Posting{job("4", "A", "x"), job("4", "A", "y")}, Counts{New: 1, Updated: 1}},
	}
	for _, st := range steps {
		got, err := s.UpsertBatch(ctx, st.batch)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got != st.want {
			t.Errorf("%s: counts = %+v, want %+v", st.name, got, st.want)
		}
	}
	sm, err := s.Summary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sm.Records != 4 {
		t.Errorf("records = %d, want 4 (upsert must never duplicate)", sm.Records)
	}
	p, ok, err := s.Get(ctx, "test", "1")
	if err != nil || !ok {
		t.Fatalf("get: ok=%v err=%v", ok, err)
	}
	if p.Description != "微服务开发，熟悉 golang" {
		t.Errorf("description not updated: %q", p.Description)
	}
	if got := skillsOf(t, s, p.ID); got != "go" {
		t.Errorf("skills after update = %q, want go", got)
	}
}

func skillsOf(t *testing.T, s *Store, id int64) string {
	t.Helper()
	var got sql.NullString
	if err := s.db.QueryRow(`SELECT group_concat(skill) FROM posting_skills WHERE posting_id = ?`, id).Scan(&got); err != nil {
		t.Fatal(err)
	}
	return got.String
}

func TestSeenDatesOnlyWiden(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	at := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	p := job("1", "Golang", "desc")
	p.FirstSeen, p.LastSeen = at(0), at(1)
	mustUpsert(t, s, p)

	older := p
	older.FirstSeen, older.LastSeen = at(-10), at(-9) // an old dataset imported later
	if c := mustUpsert(t, s, older); c.Unchanged != 1 {
		t.Errorf("re-sighting counted as %+v, want unchanged", c)
	}
	got, _, _ := s.Get(ctx, "test", "1")
	if !got.FirstSeen.Equal(at(-10)) || !got.LastSeen.Equal(at(1)) {
		t.Errorf("seen = %v..%v, want %v..%v", got.FirstSeen, got.LastSeen, at(-10), at(1))
	}
}

func mustUpsert(t *testing.T, s *Store, ps ...posting.Posting) Counts {
	t.Helper()
	c, err := s.UpsertBatch(context.Background(), ps)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRepostsCountOnce(t *testing.T) {
	s := openTest(t, Options{})
	a := job("1", "Golang 开发", "负责 微服务")
	b := job("2", "golang开发", "负责微服务\n") // same text, re-flowed and re-cased
	c := job("3", "Golang 开发", "负责 微服务")
	c.Source = "other" // same text on another source is not a repost
	d := job("4", "Golang 开发", "")
	e := job("5", "Golang 开发", "") // no description: cannot be compared, never merged
	mustUpsert(t, s, a, b, c, d, e)
	sm, err := s.Summary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sm.Postings != 5 || sm.Distinct != 4 {
		t.Errorf("postings=%d distinct=%d, want 5 and 4", sm.Postings, sm.Distinct)
	}
}

func TestRetagAfterTaxonomyChange(t *testing.T) {
	ctx := context.Background()
	tg := &fakeTagger{version: "v1"}
	s := openTest(t, Options{Tagger: tg})
	var ps []posting.Posting
	for i := 0; i < 4500; i++ { // more than one retag batch
		ps = append(ps, job(string(rune('a'+i%26))+strings.Repeat("x", i/26), "Golang", "d"))
	}
	mustUpsert(t, s, ps...)
	if n, err := s.Retag(ctx); err != nil || n != 0 {
		t.Fatalf("retag with the same version: n=%d err=%v, want 0", n, err)
	}
	tg.version = "v2"
	n, err := s.Retag(ctx)
	if err != nil || n != len(ps) {
		t.Fatalf("retag after change: n=%d err=%v, want %d", n, err, len(ps))
	}
	var stale int
	s.db.QueryRow(`SELECT count(*) FROM postings WHERE tags_version IS NOT 'v2'`).Scan(&stale)
	if stale != 0 {
		t.Errorf("%d postings still stale", stale)
	}
}

func TestFailedBatchLosesNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	mustUpsert(t, s, job("1", "Golang", "kept"))
	bad := []posting.Posting{job("2", "Java", "x"), {Source: "test", Title: "no id"}}
	if _, err := s.UpsertBatch(ctx, bad); err == nil {
		t.Fatal("batch with a posting without source id: want an error")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.UpsertBatch(cctx, []posting.Posting{job("3", "Go", "y")}); err == nil {
		t.Fatal("cancelled context: want an error")
	}
	sm, _ := s.Summary(ctx)
	if sm.Records != 1 {
		t.Errorf("records = %d after failed batches, want 1", sm.Records)
	}
}

func TestOpenRefusals(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("这不是数据库 — this is not a database, just some text that is long enough\n"), 0o644)
	foreign := filepath.Join(dir, "foreign.db")
	db, err := sql.Open("sqlite3", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE accounts (id INTEGER)`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	tests := []struct {
		name    string
		path    string
		opts    Options
		wantErr error
		wantMsg string
	}{
		{"missing with MustExist", filepath.Join(dir, "nope.db"), Options{MustExist: true}, ErrNotExist, "nope.db"},
		{"text file", text, Options{}, ErrNotStore, "not an SQLite database"},
		{"another program's database", foreign, Options{}, ErrNotStore, "another program"},
		{"directory", dir, Options{}, nil, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			s, err := Open(ctx, tt.path, tt.opts)
			if err == nil {
				s.Close()
				t.Fatal("want an error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("err = %q, want it to name %q and say %q", err, tt.path, tt.wantMsg)
			}
			after, _ := os.ReadFile(tt.path)
			if string(before) != string(after) {
				t.Error("the refused file was modified")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.db")); !errors.Is(err, os.ErrNotExist) {
		t.Error("MustExist created the database file")
	}
}

func TestMigrationsIdempotentAndVersioned(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	for i := 0; i < 2; i++ { // reopening applies nothing twice
		s, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var n, v int
		s.db.QueryRow(`SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &v)
		if v != SchemaVersion() || n != len(mustMigrations(t)) {
			t.Errorf("open %d: %d migrations up to %d, want %d up to %d", i, n, v, len(mustMigrations(t)), SchemaVersion())
		}
		s.Close()
	}
	// A database from a newer binary is refused, not damaged.
	s, _ := Open(ctx, path, Options{})
	s.db.Exec(`INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'x')`)
	s.Close()
	if _, err := Open(ctx, path, Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("open of a newer schema: err = %v, want 'newer'", err)
	}
}

func mustMigrations(t *testing.T) []migration {
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestContractColumns(t *testing.T) {
	s := openTest(t, Options{})
	rows, err := s.db.Query(`SELECT id, source, source_id, url, title, company, city, salary, posted_at,
		description, first_seen, last_seen FROM postings`)
	if err != nil {
		t.Fatalf("the contract's columns: %v", err)
	}
	rows.Close()
	var mode string
	s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %s, want wal", mode)
	}
}
