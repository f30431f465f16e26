package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// Databases of migration tools other programs use carry a
// schema_migrations table too; some (Rails' ActiveRecord has only
// version; golang-migrate has version and dirty; this one copies our
// columns) must still be refused untouched: not switched to WAL, no
// tables added.
func TestForeignMigrationTablesAreRefused(t *testing.T) {
	ctx := context.Background()
	for name, ddl := range map[string]string{
		"golang-migrate": `CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
			INSERT INTO schema_migrations VALUES (3, 0); CREATE TABLE users (id INTEGER)`,
		"rails": `CREATE TABLE schema_migrations (version varchar NOT NULL PRIMARY KEY);
			INSERT INTO schema_migrations VALUES ('20240101000000')`,
		"our columns, their data": `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
			INSERT INTO schema_migrations VALUES (1, 'create_users', '2024-01-01'); CREATE TABLE users (id INTEGER)`,
		"our columns, a postings table of theirs": `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
			INSERT INTO schema_migrations VALUES (1, '0001_postings.sql', '2024-01-01'); CREATE TABLE postings (id INTEGER, body TEXT)`,
		"another application id": `PRAGMA application_id = 1234; CREATE TABLE t (x)`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "app.db")
			db, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(ddl); err != nil {
				t.Fatal(err)
			}
			db.Close()
			before := fileSum(t, path)
			for _, opts := range []Options{{}, {MustExist: true}, {ReadOnly: true}} {
				s, err := Open(ctx, path, opts)
				if err == nil {
					s.Close()
					t.Fatalf("%+v: opened another program's database", opts)
				}
				if !errors.Is(err, ErrNotStore) {
					t.Errorf("%+v: err = %v, want ErrNotStore", opts, err)
				}
			}
			if fileSum(t, path) != before {
				t.Error("the refused database was modified")
			}
			if _, err := os.Stat(path + "-wal"); err == nil {
				t.Error("a WAL file was created beside the refused database")
			}
		})
	}
}

func TestEmptyFileIsNotAStoreForReaders(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, opts := range []Options{{MustExist: true}, {ReadOnly: true}} {
		if s, err := Open(ctx, path, opts); err == nil {
			s.Close()
			t.Fatalf("%+v: an empty file was opened as a store", opts)
		} else if !strings.Contains(err.Error(), "empty") {
			t.Errorf("%+v: err = %v, want it to say the file is empty", opts, err)
		}
		if fi, _ := os.Stat(path); fi.Size() != 0 {
			t.Fatalf("%+v: the empty file was written", opts)
		}
	}
	// A writer may make it a store: nothing was in it.
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path, Options{MustExist: true})
	if err != nil {
		t.Fatalf("a store made from an empty file: %v", err)
	}
	s.Close()
}

// A user who may only read the store (its file 0444, its folder 0555, no
// WAL side files) can read it, and nothing is written.
func TestReadOnlyStore(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "ro")
	path := filepath.Join(dir, "jobtrend.db")
	s, err := Open(ctx, path, Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertBatch(ctx, []posting.Posting{job("1", "Go", "golang")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	before := fileSum(t, path)
	entries, _ := os.ReadDir(dir)

	r, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if !r.ReadOnly() {
		t.Error("ReadOnly() = false")
	}
	sm, err := r.Summary(ctx)
	if err != nil || sm.Postings != 1 {
		t.Errorf("summary = %+v, %v", sm, err)
	}
	if _, err := r.UpsertBatch(ctx, []posting.Posting{job("2", "Go", "x")}); err == nil {
		t.Error("a read-only store accepted a write")
	}
	r.Close()
	if fileSum(t, path) != before {
		t.Error("reading changed the store's file")
	}
	// Root ignores the folder's mode, so SQLite makes its side files there;
	// only another user shows that none are needed.
	if after, _ := os.ReadDir(dir); os.Geteuid() != 0 && len(after) != len(entries) {
		t.Errorf("reading left files beside the store: %v", after)
	}
	if os.Geteuid() != 0 && Writable(path) {
		t.Error("Writable says yes for a 0444 file in a 0555 folder")
	}
}

// A store made by the previous schema (before datasets) is migrated in
// place: every posting kept, with its tags and index entry, its source made
// a dataset, and the store marked as jobtrend's.
func TestMigrateFromSchemaFour(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v4.db")
	db, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(qCreateMigrations); err != nil {
		t.Fatal(err)
	}
	for _, m := range mustMigrations(t) {
		if m.version > 4 {
			break
		}
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		if _, err := db.Exec(qRecordMigration, m.version, m.name, "2026-01-01T00:00:00Z"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO postings (source, source_id, title, description, posted_at, first_seen, last_seen,
		content_hash, repost_key, updated_at) VALUES
		('boss', 'a', 'Golang', 'golang', NULL, '2021-11-07T00:00:00Z', '2021-11-07T00:00:00Z', 'h1', 1, 'x'),
		('lagou', 'b', '数据分析', '', '2018-04-08', '2018-04-08T00:00:00Z', '2018-04-08T00:00:00Z', 'h2', 2, 'x')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO posting_skills (skill, posting_id) VALUES ('go', 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n, skills, members, app int
	s.DB().QueryRow(`SELECT count(*) FROM postings`).Scan(&n)
	s.DB().QueryRow(`SELECT count(*) FROM posting_skills`).Scan(&skills)
	s.DB().QueryRow(`SELECT count(*) FROM posting_datasets`).Scan(&members)
	s.DB().QueryRow(`PRAGMA application_id`).Scan(&app)
	if n != 2 || skills != 1 || members != 2 || app != applicationID {
		t.Errorf("after migration: %d postings, %d tags, %d memberships, application id %#x", n, skills, members, app)
	}
	sets, err := s.Datasets(ctx)
	if err != nil || len(sets) != 2 || sets[0].Name != "boss" {
		t.Errorf("datasets = %+v, %v", sets, err)
	}
	var year int
	s.DB().QueryRow(`SELECT year FROM posting_datasets WHERE posting_id = 2`).Scan(&year)
	if year != 2018 {
		t.Errorf("lagou posting filed under %d, want 2018", year)
	}
}

func TestApplicationIDStatement(t *testing.T) {
	if want := fmt.Sprintf("PRAGMA application_id = %d", applicationID); qSetApplicationID != want {
		t.Errorf("qSetApplicationID = %q, want %q", qSetApplicationID, want)
	}
}
