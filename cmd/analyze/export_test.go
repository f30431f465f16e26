package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/store"
)

func runCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	code := cli.ExitCode(err, &stderr)
	return stdout.String(), stderr.String(), code
}

// storeCount counts the job postings of a store.
func storeCount(t *testing.T, db string) int {
	t.Helper()
	st, err := store.Open(context.Background(), db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sm, err := st.Summary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sm.Postings
}

func TestExportFormats(t *testing.T) {
	db := repDB(t)
	all := storeCount(t, db)
	dir := t.TempDir()

	// JSON Lines on stdout: every job posting but the synthetic ones, left
	// out as from every statistic, and said so; --synthetic keeps them.
	jsonl := func(args ...string) ([]map[string]any, string) {
		t.Helper()
		stdout, stderr, code := runCmd(t, append([]string{"export", "--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("jsonl %q: exit %d: %s", args, code, stderr)
		}
		var recs []map[string]any
		sc := bufio.NewScanner(strings.NewReader(stdout))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatalf("jsonl line %d: %v", len(recs)+1, err)
			}
			recs = append(recs, m)
		}
		return recs, stderr
	}
	withSynthetic, _ := jsonl("--synthetic")
	if len(withSynthetic) != all {
		t.Fatalf("jsonl --synthetic: %d records, want all %d", len(withSynthetic), all)
	}
	synthetic := 0
	for _, r := range withSynthetic {
		if strings.HasSuffix(r["source"].(string), store.SyntheticSuffix) {
			synthetic++
		}
	}
	recs, stderr := jsonl()
	want := all - synthetic
	if synthetic == 0 || len(recs) != want || !strings.Contains(stderr, "synthetic postings left out") {
		t.Fatalf("jsonl: %d records, want %d (%d synthetic left out); stderr %s", len(recs), want, synthetic, stderr)
	}
	for _, flag := range []string{"--source", "--dataset"} {
		if named, _ := jsonl(flag, "demo-generated"); len(named) != synthetic {
			t.Errorf("%s demo-generated: %d records, want its %d", flag, len(named), synthetic)
		}
	}
	first := recs[0]
	if first["source"] != "lagou" || first["year"] != float64(2021) || first["employer"] != "字节跳动" ||
		!slices.Contains(toStrings(first["datasets"]), "lagou") || first["first_seen"] != nil {
		t.Errorf("first record: %v", first)
	}

	// CSV with a byte order mark, read back.
	csvPath := filepath.Join(dir, "p.csv")
	if _, stderr, code := runCmd(t, "export", "--db", db, "--format", "csv", "--bom", "--out", csvPath, "--skill", "golang"); code != 0 {
		t.Fatalf("csv: exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(csvPath)
	if !bytes.HasPrefix(b, []byte("\ufeffid,source,")) {
		t.Errorf("csv starts %.20q, want a BOM and the header", b)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	goCount := 0
	for _, r := range recs {
		if slices.Contains(toStrings(r["skills"]), "go") {
			goCount++
		}
	}
	if len(rows)-1 != goCount || goCount == 0 {
		t.Errorf("csv --skill golang: %d rows, want the %d postings tagged go", len(rows)-1, goCount)
	}

	// Parquet, read back with parquet-go.
	pq := filepath.Join(dir, "p.parquet")
	if _, stderr, code := runCmd(t, "export", "--db", db, "--format", "parquet", "--out", pq); code != 0 {
		t.Fatalf("parquet: exit %d: %s", code, stderr)
	}
	got, err := parquet.ReadFile[parquetRow](pq)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != want {
		t.Fatalf("parquet: %d rows, want %d", len(got), want)
	}
	if got[0].Source != "lagou" || got[0].Year == nil || *got[0].Year != 2021 || got[0].PostedAt == nil ||
		time.Unix(int64(*got[0].PostedAt)*86400, 0).UTC().Format("2006-01-02") != "2021-05-01" || got[0].Employer != "字节跳动" || len(got[0].Datasets) != 1 {
		t.Errorf("parquet first row: %+v", got[0])
	}
	// A second export replaces the first; the store and foreign files are refused.
	if _, stderr, code := runCmd(t, "export", "--db", db, "--format", "parquet", "--out", pq); code != 0 {
		t.Errorf("re-export: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCmd(t, "export", "--db", db, "--format", "parquet", "--out", db); code != 2 ||
		!strings.Contains(stderr, "refusing") {
		t.Errorf("export over the store: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCmd(t, "export", "--db", db, "--source", "nosuch"); code != 2 || !strings.Contains(stderr, "lagou") {
		t.Errorf("unknown source: exit %d: %s", code, stderr)
	}
	checkWithDuckDB(t, pq, want)
	checkWithPandas(t, csvPath, goCount)
}

// parquetRow is a reader's view of some of the export's columns.
type parquetRow struct {
	Source   string   `parquet:"source"`
	Employer string   `parquet:"employer"`
	Year     *int32   `parquet:"year,optional"`
	PostedAt *int32   `parquet:"posted_at,optional,date"`
	Datasets []string `parquet:"datasets,list"`
	Skills   []string `parquet:"skills,list"`
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// checkWithDuckDB reads the Parquet file with DuckDB through its Node.js
// package, where it is installed (.ci/run installs it; JOBTREND_CI makes
// its absence a failure).
func checkWithDuckDB(t *testing.T, path string, want int) {
	t.Helper()
	mod := os.Getenv("JOBTREND_DUCKDB_NODE") // a folder whose node_modules holds @duckdb/node-api
	if mod == "" {
		if os.Getenv("JOBTREND_CI") != "" {
			t.Fatal("JOBTREND_DUCKDB_NODE is not set: CI must install @duckdb/node-api")
		}
		t.Log("DuckDB check skipped: set JOBTREND_DUCKDB_NODE to a folder with @duckdb/node-api installed")
		return
	}
	script := `import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const r = await con.runAndReadAll("SELECT count(*)::INT AS n, min(year)::INT AS y, min(posted_at)::VARCHAR AS p, count(*) FILTER (WHERE list_contains(datasets, 'lagou'))::INT AS l FROM read_parquet('` + path + `')");
console.log(JSON.stringify(r.getRowObjects()[0]));`
	f := filepath.Join(mod, "jobtrend-check.mjs")
	if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("node", f).CombinedOutput()
	if err != nil {
		t.Fatalf("duckdb: %v\n%s", err, out)
	}
	var res struct {
		N, Y, L int
		P       string
	}
	if err := json.Unmarshal(bytes.TrimSpace(out), &res); err != nil {
		t.Fatalf("duckdb said %s: %v", out, err)
	}
	if res.N != want || res.Y != 2021 || res.L != 120 || res.P != "2021-05-01" {
		t.Errorf("duckdb read %+v, want %d rows from 2021, 120 in dataset lagou", res, want)
	}
}

// checkWithPandas reads the CSV export with pandas, where Debian's
// python3-pandas is installed.
func checkWithPandas(t *testing.T, path string, want int) {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import pandas").Run(); err != nil {
		if os.Getenv("JOBTREND_CI") != "" {
			t.Fatal("pandas is not installed: CI must install python3-pandas")
		}
		t.Log("pandas check skipped: python3-pandas is not installed")
		return
	}
	out, err := exec.Command(py, "-c", `import json, sys, pandas as pd
df = pd.read_csv(sys.argv[1], encoding="utf-8-sig")
print(json.dumps({"n": len(df), "go": int(df.skills.map(lambda s: "go" in json.loads(s)).sum()), "cols": list(df.columns)}))`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("pandas: %v\n%s", err, out)
	}
	var res struct {
		N, Go int
		Cols  []string
	}
	if err := json.Unmarshal(bytes.TrimSpace(out), &res); err != nil {
		t.Fatalf("pandas said %s: %v", out, err)
	}
	if res.N != want || res.Go != want || res.Cols[0] != "id" {
		t.Errorf("pandas read %+v, want %d rows all tagged go", res, want)
	}
}
