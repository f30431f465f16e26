package outfile

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func TestCheckRefusals(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "jobtrend.db")
	h, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	h.Close()
	other := filepath.Join(dir, "other.sqlite")
	b, _ := os.ReadFile(db)
	os.WriteFile(other, b, 0o644)
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("my notes"), 0o644)
	prev := filepath.Join(dir, "report.html")
	os.WriteFile(prev, []byte(`<meta name="generator" content="jobtrend">`), 0o644)
	recognize := func(head []byte) bool { return bytes.Contains(head, []byte("jobtrend")) }
	lock := db + "-crawl.lock"
	os.WriteFile(lock, []byte("jobtrend crawl: pid 1234"), 0o644)

	for _, tt := range []struct {
		name string
		path string
		opts Options
		ok   bool
	}{
		{"the store itself", db, Options{Protect: []string{db}, Force: true}, false},
		{"the store by another spelling", filepath.Join(dir, ".", "x", "..", "jobtrend.db"), Options{Protect: []string{db}}, false},
		{"the store's WAL", db + "-wal", Options{Protect: []string{db}, Force: true}, false},
		{"the crawl's run lock, forced and recognized", lock, Options{Protect: []string{db}, Recognize: recognize, Force: true}, false},
		{"another SQLite database, even forced", other, Options{Force: true}, false},
		{"someone's notes", notes, Options{Recognize: recognize}, false},
		{"someone's notes, forced", notes, Options{Recognize: recognize, Force: true}, true},
		{"an earlier report", prev, Options{Recognize: recognize}, true},
		{"a new file", filepath.Join(dir, "new.csv"), Options{}, true},
		{"a missing folder", filepath.Join(dir, "nope", "r.csv"), Options{}, false},
		{"a folder", dir, Options{Force: true}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			err := Write(tt.path, []byte("jobtrend output"), tt.opts)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			after, _ := os.ReadFile(tt.path)
			if !tt.ok && !bytes.Equal(before, after) {
				t.Error("a refused file was changed")
			}
			if tt.ok && string(after) != "jobtrend output" {
				t.Errorf("content = %q", after)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".tmp" {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
}

func TestAbortLeavesTheOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	os.WriteFile(path, []byte("old"), 0o644)
	opts := Options{Recognize: func([]byte) bool { return true }}
	f, err := Create(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half of a new")
	f.Abort()
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("after Abort: %q", b)
	}
	if err := f.Commit(opts); err == nil || errors.Is(err, ErrRefused) {
		t.Errorf("Commit after Abort: %v", err)
	}
}
