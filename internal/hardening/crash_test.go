package hardening

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Crash safety, with the real binary and real SIGKILLs. A crawl (and an
// import) is started as a child process and killed at a random point;
// after every kill the database must pass SQLite's integrity check with
// its derived tables in step, and a rerun must complete the work with
// every posting stored exactly once — compared with the expected set, not
// counted. Kill points come from a seeded generator (-hardening.seed, printed),
// so a failure can be replayed; -hardening.kills sets how many. They are
// stratified rather than drawn blind: the run is cut into as many spans as
// there are kills of a kind, and each kill is drawn from its own span, so
// a few kills still reach the start, the middle and the end of a run.

// stratum draws from [lo, hi) split into n equal spans: a value in span i.
func stratum(rng *rand.Rand, lo, hi int64, i, n int) int64 {
	width := max((hi-lo)/int64(n), 1)
	from := lo + int64(i)*width
	return from + rng.Int64N(width)
}

// boardPostings is the size of the board the crawl kill test crawls: big
// enough that a crawl takes long enough to be killed anywhere, small
// enough that twenty kills and reruns stay within seconds.
const boardPostings = 400

// crawlConfig writes a sources file for the board at base; timeout is the
// per-request timeout (a test holding a request open longer needs more).
func crawlConfig(t testing.TB, dir, base, timeout string) string {
	t.Helper()
	cfg := filepath.Join(dir, "sources.yaml")
	yaml := fmt.Sprintf(`# written by the hardening tests
defaults:
  delay: 0s
  jitter: 0s
  backoff: 10ms
  antibot_backoff: 10ms
  timeout: %s
  max_wait: 5s
  refresh: 0s   # fetch every page every time, so each crawl rewrites every posting
  workers: 4
sources:
  - name: %s
    kind: jsonld
    start: ["%s/jobs?page=1"]
`, timeout, Source, base)
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func removeDB(t testing.TB, db string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(db + suffix); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
}

// child is a binary started in the background.
type child struct {
	cmd            *exec.Cmd
	done           chan struct{}
	err            error
	stdout, stderr bytes.Buffer
}

func startChild(t testing.TB, dir, name string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(binary(t, name), args...), done: make(chan struct{})}
	c.cmd.Dir = dir
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.done)
	}()
	return c
}

// kill sends SIGKILL and waits for the process to be gone.
func (c *child) kill(t testing.TB) {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil {
		// It had just exited: Wait may have reaped it (ErrProcessDone)
		// before the goroutine waiting on it closed done.
		if errors.Is(err, os.ErrProcessDone) {
			<-c.done
			return
		}
		select {
		case <-c.done:
			return
		default:
			t.Fatal(err)
		}
	}
	<-c.done
}

// checkAfterKill is the check every kill is followed by: the database as
// the kill left it is sound.
func checkAfterKill(t testing.TB, db, what string) {
	t.Helper()
	if _, err := os.Stat(db); os.IsNotExist(err) {
		return // killed before the database was created
	}
	d := openDB(t, db)
	if msg := soundness(d); msg != "" {
		t.Fatalf("%s: after the kill: %s", what, msg)
	}
	d.Close()
}

type crawlSummary struct {
	Pages, New, Updated, Unchanged, Errors, Requests int
	Sources                                          []struct {
		Resumed, Finished bool
	}
}

func TestCrawlSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real crawl processes")
	}
	seed, rng := killSeed(t, 1)
	c := corpus(t)
	b := newBoard(c, boardPostings)
	srv := httptest.NewServer(b)
	defer srv.Close()
	dir := t.TempDir()
	cfg := crawlConfig(t, dir, srv.URL, "5s")
	db := filepath.Join(dir, "crawl.db")
	args := func(db string) []string { return []string{"run", "--db", db, "--config", cfg, "--quiet", "--json"} }

	// How long an uninterrupted crawl takes here: kills "at a random
	// moment" are drawn from that span.
	b.reset(0, nil)
	binary(t, "crawl") // built before the clock starts
	start := time.Now()
	if r := runBin(t, dir, "crawl", args(filepath.Join(dir, "calibrate.db"))...); r.code != 0 {
		t.Fatalf("calibration crawl: exit %d\n%s", r.code, r.stderr)
	}
	full := time.Since(start)

	// Kill i is of kind i%3, from span i/3 (early to late) of the run;
	// kills 0, 4, 8, ... land in a new database (creation, migrations,
	// first inserts), one of each kind in different spans.
	modes := []string{"mid-fetch", "while storing a page", "at a random moment"}
	spans := (*killsFlag + 2) / 3
	var byMode [3]int
	kills, early := 0, 0
	for kills < *killsFlag {
		if early > 3**killsFlag {
			t.Fatalf("%d crawls finished before their kill point", early)
		}
		edition := kills % 2 // each crawl rewrites every posting of the previous edition
		if kills%4 == 0 {
			removeDB(t, db)
		}
		mode, span := kills%3, kills/3
		at := int(stratum(rng, 1, int64(b.pages())+1, span, spans))
		pause := time.Duration(rng.Int64N(int64(2 * time.Millisecond)))
		if mode == 2 {
			pause = time.Duration(stratum(rng, 0, int64(full), span, spans))
		}
		trigger := make(chan struct{})
		var fired atomic.Bool
		b.reset(edition, func(seq int, w http.ResponseWriter, r *http.Request) bool {
			if mode == 2 || seq != at || !fired.CompareAndSwap(false, true) {
				return false
			}
			if mode == 1 { // answer, then the kill comes while the page is read and stored
				b.serve(w, r, edition)
				close(trigger)
				return true
			}
			// mid-fetch: headers and half a page, then hold until the client dies
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			fmt.Fprint(w, "<!doctype html><html><head><title>")
			w.(http.Flusher).Flush()
			close(trigger)
			<-r.Context().Done()
			return true
		})
		what := fmt.Sprintf("seed %d, kill %d (%s, request %d, pause %v, edition %d)", seed, kills+1, modes[mode], at, pause, edition)
		started := time.Now()
		ch := startChild(t, dir, "crawl", args(db)...)
		var wait <-chan time.Time
		if mode == 2 {
			wait = time.After(pause)
		}
		select {
		case <-trigger:
			time.Sleep(pause)
		case <-wait:
		case <-ch.done:
			if ch.err != nil {
				t.Fatalf("%s: the crawl failed before its kill point: %v\n%s", what, ch.err, ch.stderr.String())
			}
			early++
			full = min(full, time.Since(started)) // as in TestImportSurvivesSIGKILL
			continue
		case <-time.After(time.Minute):
			ch.kill(t)
			t.Fatalf("%s: never reached the kill point\n%s", what, ch.stderr.String())
		}
		ch.kill(t)
		kills++
		byMode[mode]++
		checkAfterKill(t, db, what)

		// The rerun completes the crawl the kill interrupted.
		b.reset(edition, nil)
		r := runBin(t, dir, "crawl", args(db)...)
		var sum crawlSummary
		if err := json.Unmarshal([]byte(r.stdout), &sum); r.code != 0 || err != nil || sum.Errors != 0 || len(sum.Sources) != 1 || !sum.Sources[0].Finished {
			t.Fatalf("%s: rerun: exit %d, summary %s (%v)\n%s", what, r.code, r.stdout, err, r.stderr)
		}
		d := openDB(t, db)
		if msg := soundness(d); msg != "" {
			t.Fatalf("%s: after the rerun: %s", what, msg)
		}
		if msg := checkExactlyOnce(t, d, c, boardPostings, edition); msg != "" {
			t.Fatalf("%s: after the rerun: %s", what, msg)
		}
		var left, running int
		d.QueryRow(`SELECT count(*) FROM crawl_queue WHERE state IN ('pending', 'inflight', 'deferred', 'failed')`).Scan(&left)
		d.QueryRow(`SELECT count(*) FROM crawl_runs WHERE status = 'running'`).Scan(&running)
		if left != 0 || running != 0 {
			t.Fatalf("%s: after the rerun: %d requests unfinished in the frontier, %d runs still marked running", what, left, running)
		}
		d.Close()
	}
	t.Logf("%d SIGKILLs survived (%d mid-fetch, %d while storing a page, %d at a random moment within a %v crawl; %d crawls finished before their kill point and were drawn again)",
		kills, byMode[0], byMode[1], byMode[2], full.Round(time.Millisecond), early)
}

// importRows is the size of the file the import kill test loads: three
// transactions of 2,000 rows, so kills land before, between and inside
// them. Descriptions are cut to importRunes characters of real text: the
// full-text index makes long rows slow to import, and twenty kills with
// their reruns must stay within seconds.
const (
	importRows  = 6_000
	importRunes = 60
)

func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real import processes")
	}
	seed, rng := killSeed(t, 2)
	c := corpus(t)
	dir := t.TempDir()
	var files [2]string
	for e := range files {
		files[e] = writeRows(t, c, filepath.Join(dir, fmt.Sprintf("edition%d.csv", e)), importRows, e, importRunes)
	}
	db := filepath.Join(dir, "import.db")
	args := func(db string, edition int) []string {
		return []string{"import", "--db", db, "--source", Source, "--quiet", "--json", files[edition]}
	}
	binary(t, "crawl")
	// The first import of a machine also writes the segmenter's dictionary
	// cache, which every later one finds ready: timed, it would put most
	// kill points after the imports end. The calibration is the second.
	var full time.Duration
	for i := range 2 {
		start := time.Now()
		if r := runBin(t, dir, "crawl", args(filepath.Join(dir, fmt.Sprintf("calibrate%d.db", i)), 0)...); r.code != 0 {
			t.Fatalf("calibration import: exit %d\n%s", r.code, r.stderr)
		}
		full = time.Since(start)
	}

	kills, early := 0, 0
	for kills < *killsFlag {
		if early > 3**killsFlag {
			t.Fatalf("%d imports finished before their kill point", early)
		}
		edition := kills % 2 // each import updates every row of the previous edition
		if kills%3 == 0 {
			removeDB(t, db) // early, middle and late kills in a new database
		}
		pause := time.Duration(stratum(rng, 0, int64(full), kills, *killsFlag))
		what := fmt.Sprintf("seed %d, kill %d (after %v, edition %d)", seed, kills+1, pause, edition)
		started := time.Now()
		ch := startChild(t, dir, "crawl", args(db, edition)...)
		select {
		case <-time.After(pause):
		case <-ch.done:
			if ch.err != nil {
				t.Fatalf("%s: the import failed before its kill point: %v\n%s", what, ch.err, ch.stderr.String())
			}
			early++
			// The calibration ran while other tests loaded the machine and
			// imports now run faster: later kill points follow the time an
			// import was seen to take.
			full = min(full, time.Since(started))
			continue
		}
		ch.kill(t)
		kills++
		checkAfterKill(t, db, what)

		r := runBin(t, dir, "crawl", args(db, edition)...)
		var sum struct{ Rows, New, Updated, Unchanged, Errors int }
		if err := json.Unmarshal([]byte(r.stdout), &sum); r.code != 0 || err != nil || sum.Errors != 0 || sum.Rows != importRows ||
			sum.New+sum.Updated+sum.Unchanged != importRows {
			t.Fatalf("%s: rerun: exit %d, summary %s (%v)\n%s", what, r.code, r.stdout, err, r.stderr)
		}
		d := openDB(t, db)
		if msg := soundness(d); msg != "" {
			t.Fatalf("%s: after the rerun: %s", what, msg)
		}
		if msg := checkExactlyOnce(t, d, c, importRows, edition); msg != "" {
			t.Fatalf("%s: after the rerun: %s", what, msg)
		}
		// Tags are written with the postings; the full-text index is left
		// to the first query (soundness checks what is indexed).
		var untagged int
		d.QueryRow(`SELECT count(*) FROM postings WHERE tags_version IS NULL`).Scan(&untagged)
		if untagged != 0 {
			t.Fatalf("%s: after the rerun: %d postings not tagged", what, untagged)
		}
		d.Close()
	}
	t.Logf("%d SIGKILLs survived at random moments of a %v import of %d rows (%d imports finished before their kill point and were drawn again)",
		kills, full.Round(time.Millisecond), importRows, early)
}

// killSeed logs the seed of a kill test's random kill points and returns
// it with a generator of its own stream.
func killSeed(t testing.TB, stream uint64) (uint64, *rand.Rand) {
	t.Helper()
	seed := *seedFlag
	t.Logf("kill points from seed %d (replay with -hardening.seed=%d)", seed, seed)
	return seed, rand.New(rand.NewPCG(seed, stream))
}

// writeRows writes n synthesized rows of edition, descriptions cut to
// runes characters, to a CSV file at path, and returns path.
func writeRows(t testing.TB, c *Corpus, path string, n, edition, runes int) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WriteCSV(f, n, edition, runes); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// skillRows is the size of the store the skill table's kill tests use:
// enough rows that a refill, or applying the notes of a quarter of them,
// takes a few hundred milliseconds to kill inside.
const (
	skillRows  = 20_000
	skillRunes = 400
)

// TestSkillTableSurvivesSIGKILL: `analyze query` refilling skill_postings
// (its indexes missing: an interrupted run of an older build leaves that)
// is killed at random moments of the refill; the store is sound after each
// kill, and the next query finishes the refill and answers as the query
// before the first kill did.
func TestSkillTableSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real analyze processes")
	}
	seed, rng := killSeed(t, 3)
	dir, db, query := skillStore(t)
	// The first query builds the full-text index and fills the table; its
	// answer is the one every query after a kill must give.
	want := runBin(t, dir, "analyze", query...)
	if want.code != 0 || !strings.Contains(want.stdout, "golang") {
		t.Fatalf("first query: exit %d\n%s\n%s", want.code, want.stdout, want.stderr)
	}
	d := openDB(t, db)
	// refilling says whether a refill is under way; dropIndexes makes the
	// next query refill.
	refilling := func() bool {
		var filling sql.NullString
		d.QueryRow(`SELECT filling FROM skill_postings_through`).Scan(&filling)
		return filling.Valid
	}
	dropIndexes := func() {
		t.Helper()
		if _, err := d.Exec(`DROP INDEX skill_postings_company; DROP INDEX skill_postings_posted`); err != nil {
			t.Fatal(err)
		}
	}
	// run starts a query that refills and returns it once the refill is
	// under way (nil when the query finished before it was seen).
	run := func() *child {
		ch := startChild(t, dir, "analyze", query...)
		for !refilling() {
			select {
			case <-ch.done:
				return nil
			case <-time.After(time.Millisecond):
			}
		}
		return ch
	}
	// Calibration: how long a refill runs, from its start to its end (the
	// query's answer after it is no kill point of this test).
	dropIndexes()
	var full time.Duration
	if ch := run(); ch != nil {
		start := time.Now()
		for refilling() {
			time.Sleep(time.Millisecond)
		}
		full = time.Since(start)
		<-ch.done
	}
	if full == 0 {
		t.Fatal("calibration: the refill ended before it was seen to start")
	}
	early, full := killQueries(t, killPlan{
		seed: seed, rng: rng, dir: dir, db: db, query: query, want: want.stdout, full: full, moment: "into the refill",
		start: func() *child {
			dropIndexes()
			return run()
		},
		after: func(what string) {
			var indexes int
			d.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name IN ('skill_postings_company', 'skill_postings_posted')`).Scan(&indexes)
			if refilling() || indexes != 2 {
				t.Fatalf("%s: after the next query a refill is still under way (%v) or indexes are missing (%d of 2)", what, refilling(), indexes)
			}
			if msg := soundness(d); msg != "" {
				t.Fatalf("%s: after the next query: %s", what, msg)
			}
		},
	})
	t.Logf("%d SIGKILLs survived at random moments of a %v refill of %d postings' skills (%d refills finished before their kill point and were drawn again)",
		*killsFlag, full.Round(time.Millisecond), skillRows, early)
}

// TestSkillNotesSurviveSIGKILL: `analyze query` applying the skill
// table's notes (a quarter of the postings re-dated since the table was
// filled: fewer than the third that makes it refill instead) is killed at
// random moments from its start to its end, each time from the same
// store with the notes waiting. After each kill the store is sound (the
// table and its notes together say what the postings do), and the next
// query applies what is left and answers as the query that applied them
// without a kill did.
func TestSkillNotesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real analyze processes")
	}
	seed, rng := killSeed(t, 4)
	dir, db, query := skillStore(t)
	if r := runBin(t, dir, "analyze", query...); r.code != 0 {
		t.Fatalf("first query: exit %d\n%s", r.code, r.stderr)
	}
	// So few postings would wait beside the table unmerged; without its
	// indexes the next query refills it with all of them.
	d := openDB(t, db)
	if _, err := d.Exec(`DROP INDEX skill_postings_company; DROP INDEX skill_postings_posted`); err != nil {
		t.Fatal(err)
	}
	if r := runBin(t, dir, "analyze", query...); r.code != 0 {
		t.Fatalf("refilling query: exit %d\n%s", r.code, r.stderr)
	}
	res, err := d.Exec(`UPDATE postings SET posted_at = '2019-03-01', year = 2019 WHERE id % 4 = 1 AND kind = 'job'`)
	if err != nil {
		t.Fatal(err)
	}
	redated, _ := res.RowsAffected()
	notes := func() (n int) {
		d.QueryRow(`SELECT count(*) FROM skill_postings_redo`).Scan(&n)
		return n
	}
	if notes() == 0 {
		t.Fatal("re-dating postings the table covers left no notes")
	}
	if _, err := d.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	pending := filepath.Join(dir, "pending.db")
	copyFile(t, db, pending)
	// restore puts the store back as it was with every note waiting.
	restore := func() {
		t.Helper()
		for _, suffix := range []string{"-wal", "-shm"} {
			if err := os.Remove(db + suffix); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		copyFile(t, pending, db)
	}
	// The answer every query after a kill must give, and how long the
	// query that applies the notes runs.
	start := time.Now()
	want := runBin(t, dir, "analyze", query...)
	full := time.Since(start)
	if want.code != 0 || !strings.Contains(want.stdout, "golang") {
		t.Fatalf("query applying the notes: exit %d\n%s\n%s", want.code, want.stdout, want.stderr)
	}
	early, full := killQueries(t, killPlan{
		seed: seed, rng: rng, dir: dir, db: db, query: query, want: want.stdout, full: full, moment: "into the query",
		start: func() *child {
			restore()
			return startChild(t, dir, "analyze", query...)
		},
		after: func(what string) {
			d := openDB(t, db)
			defer d.Close()
			var left int
			d.QueryRow(`SELECT (SELECT count(*) FROM skill_postings_redo) + (SELECT count(*) FROM skill_postings_gone)`).Scan(&left)
			if left != 0 {
				t.Fatalf("%s: after the next query %d notes still wait", what, left)
			}
			if msg := soundness(d); msg != "" {
				t.Fatalf("%s: after the next query: %s", what, msg)
			}
		},
	})
	t.Logf("%d SIGKILLs survived at random moments of a %v query applying the notes of %d re-dated postings (%d queries finished before their kill point)",
		*killsFlag, full.Round(time.Millisecond), redated, early)
}

// skillStore imports skillRows synthesized postings into a new store
// (without segmenting) and returns its folder, its path and the skill
// query the kill tests run on it.
func skillStore(t *testing.T) (dir, db string, query []string) {
	t.Helper()
	dir = t.TempDir()
	rows := writeRows(t, corpus(t), filepath.Join(dir, "rows.csv"), skillRows, 0, skillRunes)
	db = filepath.Join(dir, "skills.db")
	if r := runBin(t, dir, "crawl", "import", "--db", db, "--source", Source, "--quiet", "--no-segment", rows); r.code != 0 {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	return dir, db, []string{"query", "--db", db, "--synthetic", "--format", "json", "golang"}
}

// killPlan is what killQueries needs: the store and the query, the answer
// every query after a kill must give, how long a run was seen to take,
// how to start one (nil: it finished before it could be killed), and what
// to check once the next query has answered.
type killPlan struct {
	seed         uint64
	rng          *rand.Rand
	dir, db      string
	query        []string
	want, moment string
	full         time.Duration
	start        func() *child
	after        func(what string)
}

// killQueries kills *killsFlag runs of `analyze query`, each at a moment
// drawn from its own stratum of the run's length; after each kill the
// store must be sound, and the next query must answer as p.want and pass
// p.after. A run that finishes before its kill point is drawn again, and
// later kill points follow the time it was seen to take. It returns how
// many runs finished early and the length the last kill points used.
func killQueries(t *testing.T, p killPlan) (early int, full time.Duration) {
	t.Helper()
	full = p.full
	for kills := 0; kills < *killsFlag; {
		if early > 3**killsFlag {
			t.Fatalf("%d runs finished before their kill point", early)
		}
		pause := time.Duration(stratum(p.rng, 0, int64(full), kills, *killsFlag))
		what := fmt.Sprintf("seed %d, kill %d (%v %s)", p.seed, kills+1, pause, p.moment)
		ch := p.start()
		if ch == nil {
			early++
			continue
		}
		started := time.Now()
		select {
		case <-time.After(pause):
		case <-ch.done:
			if ch.err != nil {
				t.Fatalf("%s: the query failed before its kill point: %v\n%s", what, ch.err, ch.stderr.String())
			}
			early++
			full = min(full, time.Since(started))
			continue
		}
		ch.kill(t)
		kills++
		checkAfterKill(t, p.db, what)
		r := runBin(t, p.dir, "analyze", p.query...)
		if r.code != 0 || r.stdout != p.want {
			t.Fatalf("%s: the next query: exit %d\n%s\nwant\n%s\n%s", what, r.code, r.stdout, p.want, r.stderr)
		}
		p.after(what)
	}
	return early, full
}

// copyFile copies the file at from to to.
func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTwoCrawlRunsOneRefuses: a second `crawl run` on a database another
// run is crawling exits 1 at once with a message saying why and what to
// do; with --wait it waits and then crawls. The first run is not disturbed.
func TestTwoCrawlRunsOneRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts crawl processes")
	}
	c := corpus(t)
	b := newBoard(c, 60)
	srv := httptest.NewServer(b)
	defer srv.Close()
	dir := t.TempDir()
	cfg := crawlConfig(t, dir, srv.URL, "2m") // the held request must not time out while the others run
	db := filepath.Join(dir, "two.db")
	args := []string{"run", "--db", db, "--config", cfg, "--quiet", "--json"}

	held, release := make(chan struct{}), make(chan struct{})
	var once atomic.Bool
	b.reset(0, func(seq int, w http.ResponseWriter, r *http.Request) bool {
		if seq == 5 && once.CompareAndSwap(false, true) {
			close(held)
			<-release // the first run is mid-crawl, holding the lock, until the test lets it go
		}
		return false
	})
	first := startChild(t, dir, "crawl", args...)
	select {
	case <-held:
	case <-first.done:
		t.Fatalf("the first run ended early: %v\n%s", first.err, first.stderr.String())
	case <-time.After(time.Minute):
		t.Fatal("the first run never got going")
	}

	start := time.Now()
	second := runBin(t, dir, "crawl", args...)
	took := time.Since(start)
	if second.code != 1 || !strings.Contains(second.stderr, "another crawl run is using this database") ||
		!strings.Contains(second.stderr, "--wait") || second.stdout != "" {
		t.Errorf("second run: exit %d, stdout %q, stderr %q; want exit 1 naming the other run and --wait", second.code, second.stdout, second.stderr)
	}
	if took > 5*time.Second {
		t.Errorf("the second run took %v to refuse; want at once", took)
	}

	waiter := startChild(t, dir, "crawl", append(args, "--wait")...)
	time.Sleep(300 * time.Millisecond)
	select {
	case <-waiter.done:
		t.Fatalf("crawl run --wait did not wait: %v\n%s", waiter.err, waiter.stderr.String())
	default:
	}
	close(release)
	for _, ch := range []*child{first, waiter} {
		select {
		case <-ch.done:
		case <-time.After(time.Minute):
			ch.kill(t)
			t.Fatal("a run did not finish")
		}
		if ch.err != nil {
			t.Fatalf("run failed: %v\n%s", ch.err, ch.stderr.String())
		}
	}
	d := openDB(t, db)
	if msg := checkExactlyOnce(t, d, c, 60, 0); msg != "" {
		t.Error(msg)
	}
	var runs, done int
	d.QueryRow(`SELECT count(*), count(*) FILTER (WHERE status = 'done') FROM crawl_runs`).Scan(&runs, &done)
	if runs != 2 || done != 2 {
		t.Errorf("crawl_runs: %d runs, %d done; want the first and the waiting run, both done, and no trace of the refused one", runs, done)
	}
	t.Logf("second run refused in %v: %s", took.Round(time.Millisecond), strings.TrimSpace(second.stderr))
}
