package main

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/redisfrontier/redistest"
)

// The cluster verbs end to end in-process: a node crawls into the Redis
// frontier, writes no database, and the writer stores what it sent.
func TestClusterVerbs(t *testing.T) {
	board, base := demoServer(t, 30)
	u := redistest.URL(t, "lease=5s")
	code, stdout, stderr := execCrawl(t, "run", "--frontier", u, "--node", "n1", "--kind", "jsonld", "--start", base+"/jobs",
		"--delay", "0", "--json", "--max-pages", "5000", "--quiet")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	var sum struct {
		Pages, New, Sent int
	}
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("run: %v: %q", err, stdout)
	}
	if sum.New != 0 || sum.Sent != board.Len() {
		t.Errorf("node summary %s; want nothing stored, %d postings sent", stdout, board.Len())
	}

	code, stdout, _ = execCrawl(t, "status", "--frontier", u)
	if code != 0 || !strings.Contains(stdout, "n1: done") || !strings.Contains(stdout, "unread") {
		t.Errorf("status: exit %d:\n%s", code, stdout)
	}

	db := filepath.Join(t.TempDir(), "j.db")
	code, stdout, stderr = execCrawl(t, "ingest", "--frontier", u, "--db", db, "--drain", "--json")
	if code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	var ing struct {
		Postings int
		Counts   struct{ New int }
	}
	if err := json.Unmarshal([]byte(stdout), &ing); err != nil || ing.Postings != board.Len() || ing.Counts.New != board.Len() {
		t.Errorf("ingest summary %s (%v); want %d new", stdout, err, board.Len())
	}
	h, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var n int
	if err := h.QueryRow(`SELECT count(*) FROM postings`).Scan(&n); err != nil || n != board.Len() {
		t.Errorf("%d postings stored (%v), want %d", n, err, board.Len())
	}

	code, stdout, _ = execCrawl(t, "status", "--frontier", u, "--json")
	var st struct {
		Stream struct{ Backlog int }
		Writer struct{ Postings int }
	}
	if err := json.Unmarshal([]byte(stdout), &st); code != 0 || err != nil || st.Stream.Backlog != 0 || st.Writer.Postings != board.Len() {
		t.Errorf("status --json after ingest: exit %d, %v: %s", code, err, stdout)
	}
}

func TestClusterUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--frontier", "redis://127.0.0.1:1/0", "--db", "x.db", "--start", "http://127.0.0.1:1/"},
		{"run", "--node", "n1", "--start", "http://127.0.0.1:1/"},
		{"run", "--frontier", "http://127.0.0.1:1/0", "--start", "http://127.0.0.1:1/"},
		{"run", "--frontier", "redis://127.0.0.1:1/0?lease=soon", "--start", "http://127.0.0.1:1/"},
		{"ingest"},
		{"ingest", "--frontier", "redis://h:1/0", "--batch", "0"},
		{"status"},
		{"status", "--frontier", "mysql://h/0"},
	} {
		code, _, stderr := execCrawl(t, args...)
		if code != 2 || !strings.Contains(stderr, "usage") && !strings.Contains(stderr, "frontier") {
			t.Errorf("crawl %s: exit %d, %q; want a usage error (2)", strings.Join(args, " "), code, stderr)
		}
	}
	// A server that is not there is a runtime failure naming it.
	code, _, stderr := execCrawl(t, "status", "--frontier", "redis://127.0.0.1:1/0")
	if code != 1 || !strings.Contains(stderr, "127.0.0.1:1") {
		t.Errorf("status of an absent server: exit %d, %q", code, stderr)
	}
}
