package main

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// TestImportSegmentsAsItStores: after `crawl import`, every job posting's
// terms are cached with the segmenter the report uses, and its
// near-duplicate sketch with them, so the report cuts and sketches
// nothing; with --no-segment none are, and the report does the work.
func TestImportSegmentsAsItStores(t *testing.T) {
	if testing.Short() {
		t.Skip("loads jieba's dictionaries")
	}
	files := []string{filepath.Join("..", "..", "testdata", "corpus", "zhaopin-2020", "zl.jsonl"),
		filepath.Join("..", "..", "testdata", "corpus", "jobhunting-2024", "jobs.csv")}
	for _, noSegment := range []bool{false, true} {
		db := filepath.Join(t.TempDir(), "s.db")
		args := []string{"import", "--db", db, "--quiet", "--json"}
		if noSegment {
			args = append(args, "--no-segment")
		}
		code, stdout, stderr := execCrawl(t, append(args, files...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var sum struct{ New, Segmented int }
		if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
			t.Fatal(err)
		}
		d, err := sql.Open("sqlite3", db)
		if err != nil {
			t.Fatal(err)
		}
		var jobs, cached, versions, sketched int
		d.QueryRow(`SELECT count(*) FROM postings WHERE kind = 'job'`).Scan(&jobs)
		d.QueryRow(`SELECT count(*) FROM posting_terms t JOIN postings p ON p.id = t.posting_id AND p.content_hash = t.content_hash`).Scan(&cached)
		d.QueryRow(`SELECT count(DISTINCT seg_version) FROM posting_terms`).Scan(&versions)
		d.QueryRow(`SELECT count(*) FROM posting_sketches k JOIN postings p ON p.id = k.posting_id AND p.content_hash = k.content_hash`).Scan(&sketched)
		d.Close()
		switch {
		case noSegment && (cached != 0 || sum.Segmented != 0 || sketched != 0):
			t.Errorf("--no-segment: %d postings segmented (summary %d), %d sketched", cached, sum.Segmented, sketched)
		case !noSegment && (cached != jobs || sum.Segmented != jobs || versions != 1 || jobs < 500 || sketched != jobs):
			t.Errorf("%d of %d job postings segmented (summary %d, %d versions), %d sketched", cached, jobs, sum.Segmented, versions, sketched)
		}
	}
}
