package hardening

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the tests inspect databases the binaries wrote
)

var (
	seedFlag  = flag.Uint64("hardening.seed", 20251125, "seed of the random kill points; a failure prints the seed to rerun with")
	killsFlag = flag.Int("hardening.kills", 9, "SIGKILLs per kill test: each kind of kill point in turn, early to late")
	binFlag   = flag.String("hardening.bin", "", "run the crawl and analyze binaries of this `folder` instead of building them (they must be built from this tree)")
)

// The real binaries, built with a plain `go build` (as users build them)
// when a test first needs one — the SIGKILL tests need only crawl, which
// links far faster than analyze and its C++ segmenter — into a folder
// TestMain removes; or taken from -hardening.bin, so that a script that
// has built them (bench/load) does not build them again.
var (
	binMu    sync.Mutex
	binDir   string
	binBuilt = map[string]error{}
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary returns the path of cmd/<name> built from this module.
func binary(t testing.TB, name string) string {
	t.Helper()
	if *binFlag != "" {
		p := filepath.Join(*binFlag, name)
		if !fileExists(p) {
			t.Fatalf("-hardening.bin: no %s in %s", name, *binFlag)
		}
		return p
	}
	binMu.Lock()
	defer binMu.Unlock()
	if binDir == "" {
		dir, err := os.MkdirTemp("", "jobtrend-hardening-bin")
		if err != nil {
			t.Fatal(err)
		}
		binDir = dir
	}
	err, built := binBuilt[name]
	if !built {
		out, berr := exec.Command(goTool(), "build", "-o", filepath.Join(binDir, name), "github.com/jobtrend/jobtrend/cmd/"+name).CombinedOutput()
		if berr != nil {
			err = fmt.Errorf("go build ./cmd/%s: %v\n%s", name, berr, out)
		}
		binBuilt[name] = err
	}
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(binDir, name)
}

// goTool is the go command of the toolchain running the tests: the one
// in GOROOT when the environment names it (go test does), else the one on
// the PATH.
func goTool() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			return p
		}
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// result is how a child process ended.
type result struct {
	code           int
	stdout, stderr string
}

// runBin runs a binary to completion (at most two minutes).
func runBin(t testing.TB, dir string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t, name), args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	if ctx.Err() != nil {
		t.Fatalf("%s %s: still running after two minutes; stderr:\n%s", name, strings.Join(args, " "), r.stderr)
	}
	return r
}

// corpus loads the real postings synthesized rows are made of.
func corpus(t testing.TB) *Corpus {
	t.Helper()
	c, err := LoadCorpus(filepath.Join("..", "..", "testdata", "corpus", "jobhunting-2024", "jobs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// openDB opens a database the binaries wrote, with no settings of ours:
// what a user's `sqlite3` would see.
func openDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// soundness checks a database after a crash: SQLite's own integrity check,
// foreign keys, and the full-text index in step with the postings (one
// entry per job posting, none for a posting that does not exist). It
// returns a description of the first problem, or "".
func soundness(db *sql.DB) string {
	var lines []string
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		return "integrity_check: " + err.Error()
	}
	for rows.Next() {
		var l string
		rows.Scan(&l)
		lines = append(lines, l)
	}
	rows.Close()
	if got := strings.Join(lines, "; "); got != "ok" {
		return "PRAGMA integrity_check = " + got
	}
	rows, err = db.Query(`PRAGMA foreign_key_check`)
	if err != nil {
		return "foreign_key_check: " + err.Error()
	}
	bad := rows.Next()
	rows.Close()
	if bad {
		return "PRAGMA foreign_key_check reports rows"
	}
	var tables int
	db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'posting_search'`).Scan(&tables)
	if tables == 0 {
		return "" // killed before the migrations finished: the next run applies them
	}
	if _, err := db.Exec(`INSERT INTO posting_search(posting_search) VALUES ('integrity-check')`); err != nil {
		return "full-text index integrity-check: " + err.Error()
	}
	// The index is contentless: an entry is live unless retired (its
	// docid in posting_search_dead, or a negative docid without its
	// posting_search_moved row). Every job posting with a search_version
	// has exactly one live entry; imports leave search_version NULL for the
	// first query to index.
	const live = `(SELECT docid AS posting_id FROM posting_search_docsize
        WHERE docid > 0 AND docid NOT IN (SELECT entry FROM posting_search_dead)
        UNION ALL SELECT posting_id FROM posting_search_moved WHERE entry IN (SELECT docid FROM posting_search_docsize))`
	var jobs, indexed, orphans, doubled int
	db.QueryRow(`SELECT count(*) FROM postings WHERE kind = 'job' AND search_version IS NOT NULL`).Scan(&jobs)
	db.QueryRow(`SELECT count(*) FROM ` + live).Scan(&indexed)
	db.QueryRow(`SELECT count(*) FROM ` + live + ` l LEFT JOIN postings p ON p.id = l.posting_id
        WHERE p.id IS NULL OR p.kind <> 'job' OR p.search_version IS NULL`).Scan(&orphans)
	db.QueryRow(`SELECT count(*) FROM (SELECT posting_id FROM ` + live + ` GROUP BY posting_id HAVING count(*) > 1)`).Scan(&doubled)
	if jobs != indexed || orphans != 0 || doubled != 0 {
		return fmt.Sprintf("full-text index out of step: %d indexed job postings, %d live index entries, %d for postings that should have none, %d postings with two",
			jobs, indexed, orphans, doubled)
	}
	return skillTableSoundness(db)
}

// skillTableSoundness checks skill_postings against what it is derived
// from, for the postings it covers: every row the triggers have not noted
// gone is right, and every posting they have not noted for deriving again
// has all its rows (of the skills done, while a refill is under way).
func skillTableSoundness(db *sql.DB) string {
	var tables int
	db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'skill_postings_redo'`).Scan(&tables)
	if tables == 0 {
		return "" // killed before the migrations finished
	}
	const derived = `SELECT sk.skill, coalesce(p.year, 0), p.source, p.id, p.repost_key, p.company, coalesce(p.posted_at, p.first_seen)
        FROM posting_skills sk JOIN postings p ON p.id = sk.posting_id WHERE p.kind = 'job'
        AND p.id <= (SELECT id FROM skill_postings_through)`
	const stored = `SELECT skill, year, source, posting_id, repost_key, company, posted FROM skill_postings`
	var extra, missing int
	// The rows not noted gone, by key: a set difference, where a NOT IN
	// of row values read the notes once per row (12 s for 5,000 noted
	// postings of 20,000).
	const kept = `WITH kept AS (SELECT skill, year, source, repost_key, posting_id FROM skill_postings
        EXCEPT SELECT skill, year, source, repost_key, posting_id FROM skill_postings_gone)
        SELECT s.skill, s.year, s.source, s.posting_id, s.repost_key, s.company, s.posted
        FROM kept k JOIN skill_postings s USING (skill, year, source, repost_key, posting_id)`
	err := db.QueryRow(`SELECT (SELECT count(*) FROM (`+kept+` EXCEPT `+derived+`)),
        (SELECT count(*) FROM (`+derived+` AND p.id NOT IN (SELECT posting_id FROM skill_postings_redo)
        AND sk.skill <= coalesce((SELECT filling FROM skill_postings_through), sk.skill) EXCEPT `+stored+`))`).Scan(&extra, &missing)
	if err != nil {
		return "skill_postings: " + err.Error()
	}
	if extra != 0 || missing != 0 {
		return fmt.Sprintf("skill_postings out of step: %d rows it should not hold, %d missing", extra, missing)
	}
	return ""
}

// storedRow is what the tests compare of a stored posting.
type storedRow struct{ title, description string }

// storedRows returns the postings of source by source id, and how many
// rows the table holds in all.
func storedRows(t testing.TB, db *sql.DB, source string) (map[string]storedRow, int) {
	t.Helper()
	rows, err := db.Query(`SELECT source_id, title, description FROM postings WHERE source = ?`, source)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]storedRow{}
	for rows.Next() {
		var id string
		var r storedRow
		if err := rows.Scan(&id, &r.title, &r.description); err != nil {
			t.Fatal(err)
		}
		out[id] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var total int
	if err := db.QueryRow(`SELECT count(*) FROM postings`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	return out, total
}

// checkExactlyOnce compares the stored postings of Source with rows
// [0, n) of an edition: every one present once, with that edition's
// content, and nothing else in the table. It returns the first difference.
func checkExactlyOnce(t testing.TB, db *sql.DB, c *Corpus, n, edition int) string {
	t.Helper()
	got, total := storedRows(t, db, Source)
	if total != n || len(got) != n {
		return fmt.Sprintf("%d rows stored (%d of source %s), want exactly %d", total, len(got), Source, n)
	}
	for i := range n {
		want := c.Row(i, edition)
		r, ok := got[want.ID]
		if !ok {
			return fmt.Sprintf("posting %s lost", want.ID)
		}
		if msg := editionMismatch(r, i, edition); msg != "" {
			return fmt.Sprintf("posting %s: %s", want.ID, msg)
		}
	}
	return ""
}

// editionMismatch checks the markers Corpus.Row puts in a row (the number
// in the description, the edition in title and description) rather than
// the whole text, which the importer and the crawler clean (HTML, spaces).
func editionMismatch(r storedRow, i, edition int) string {
	if !strings.Contains(r.description, fmt.Sprintf("编号 %d", i)) {
		return fmt.Sprintf("description is not row %d's: %.80q", i, r.description)
	}
	marker := fmt.Sprintf("修订第%d版", edition+1)
	if edition == 0 {
		if strings.Contains(r.title, "修订第") || strings.Contains(r.description, "修订第") {
			return fmt.Sprintf("stored content is a later edition's, want the first: title %q", r.title)
		}
	} else if !strings.Contains(r.title, marker) || !strings.Contains(r.description, marker) {
		return fmt.Sprintf("stored content is not edition %d: title %q", edition, r.title)
	}
	return ""
}
