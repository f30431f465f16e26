package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// repDB builds a store whose numbers are known: per source and year, n
// postings of which m mention Go (and every third Java); a synthetic source
// that must stay out unless --synthetic; and a company whose name is markup
// (normalized to <script>alert</script>: the brackets and 科技 are dropped).
func repDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.db")
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{Tagger: skill.DefaultTagger()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cells := []struct {
		source     string
		year, n, m int
	}{
		{"lagou", 2021, 40, 4}, {"lagou", 2022, 50, 10}, {"lagou", 2023, 30, 9},
		{"boss", 2022, 20, 2}, {"boss", 2023, 25, 5},
		{"demo-generated", 2022, 100, 100},
	}
	var ps []posting.Posting
	for _, c := range cells {
		for i := 0; i < c.n; i++ {
			company := []string{"北京字节跳动科技有限公司", "腾讯", "<script>alert(1)</script>科技"}[i%3]
			desc := fmt.Sprintf("第%d个岗位 负责 后端 服务 开发 %s %d %s", i, c.source, c.year, ownText(c.source+fmt.Sprint(c.year, i/2)))
			if i%2 == 0 { // not in nearly all: that would make each dataset a selection on them
				desc += " MySQL Redis 微服务"
			}
			if i < c.m {
				desc += " 熟悉 Golang 并发 编程"
			}
			if i%3 == 0 {
				desc += " 熟悉 Java Spring"
			}
			ps = append(ps, posting.Posting{Source: c.source, SourceID: fmt.Sprintf("%d-%d", c.year, i),
				Title: "后端开发工程师", Company: company, Description: desc,
				PostedAt: time.Date(c.year, 5, 1, 0, 0, 0, 0, time.UTC)})
		}
	}
	if _, err := st.UpsertBatch(ctx, ps); err != nil {
		t.Fatal(err)
	}
	return path
}

// ownText is 40 characters of its own for a fixture posting, from letters
// no vocabulary term or skill is made of: postings that differ only in a
// number are one job to the near-duplicate pass, and companies count
// jobs.
func ownText(seed string) string {
	const letters = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥壹贰叁肆伍陆柒捌玖拾"
	rs := []rune(letters)
	h := fnv.New64a()
	h.Write([]byte(seed))
	rng := rand.New(rand.NewPCG(h.Sum64(), 1))
	out := make([]rune, 40)
	for i := range out {
		out[i] = rs[rng.IntN(len(rs))]
	}
	return string(out)
}

// runReportCmd runs `analyze report args...` in-process and returns stdout,
// stderr and the exit code.
func runReportCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"report"}, args...), &stdout, &stderr)
	code := cli.ExitCode(err, &stderr)
	return stdout.String(), stderr.String(), code
}

// dirFiles lists a directory's file names.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestReportFormatsToFiles(t *testing.T) {
	db := repDB(t)
	tests := []struct {
		name  string
		args  []string
		out   string
		files []string // everything --out may create, and nothing else
		check func(t *testing.T, body string)
	}{
		{"json", []string{"--format", "json"}, "r.json", []string{"r.json"}, func(t *testing.T, body string) {
			var r struct {
				Skill string `json:"skill"`
				Years []struct {
					Year, Total, Matched int
				} `json:"years"`
				Platforms []struct{ Source string }  `json:"platforms"`
				Companies []struct{ Company string } `json:"companies"`
			}
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				t.Fatal(err)
			}
			want := [][3]int{{2021, 40, 4}, {2022, 70, 12}, {2023, 55, 14}} // synthetic source left out
			if len(r.Years) != len(want) {
				t.Fatalf("years %+v, want %v", r.Years, want)
			}
			for i, y := range r.Years {
				if [3]int{y.Year, y.Total, y.Matched} != want[i] {
					t.Errorf("year %+v, want %v", y, want[i])
				}
			}
			if len(r.Companies) == 0 || r.Companies[0].Company != "字节跳动" {
				t.Errorf("companies %+v: want the normalized 字节跳动 first", r.Companies)
			}
		}},
		{"html", []string{"--format", "html", "--compare", "java"}, "report.html", []string{"report.html"}, func(t *testing.T, body string) {
			for _, want := range []string{"<svg", `id="years-table"`, `id="compare-table"`, `id="companies-table"`,
				"&lt;script&gt;alert&lt;/script&gt;", "Content-Security-Policy"} {
				if !strings.Contains(body, want) {
					t.Errorf("html lacks %q", want)
				}
			}
			if strings.Contains(body, "<script") {
				t.Error("a company name became a script element")
			}
		}},
		// Two postings at a time share their own text (and differ in a
		// number): near-duplicates, 70 postings of 2022 are 35 distinct jobs.
		{"md", []string{"--format", "md"}, "trend.md", []string{"trend.md", "trend.svg"}, func(t *testing.T, body string) {
			if !strings.Contains(body, "](trend.svg)") || !strings.Contains(body, "| 2022 | 70 | 35 | 12 | 17.1% |") {
				t.Errorf("md lacks the chart link or the 2022 row:\n%s", body)
			}
		}},
		{"csv platforms", []string{"--format", "csv", "--table", "platforms"}, "p.csv", []string{"p.csv"}, func(t *testing.T, body string) {
			recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 6 || recs[1][1] != "boss" || recs[1][4] != "2022" || recs[1][5] != "20" || recs[1][7] != "2" {
				t.Errorf("platforms table %v", recs)
			}
		}},
		{"table", []string{"--format", "table"}, "t.txt", []string{"t.txt"}, func(t *testing.T, body string) {
			if !strings.Contains(body, "2023") || !strings.Contains(body, "Per dataset") {
				t.Errorf("table:\n%s", body)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, tc.out)
			stdout, stderr, code := runReportCmd(t, append(tc.args, "--db", db, "--out", out, "--companies", "3", "--keywords", "3")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("with --out, stdout must stay empty; got %q", stdout)
			}
			if got := dirFiles(t, dir); !slices.Equal(got, tc.files) {
				t.Errorf("--out created %v, want exactly %v", got, tc.files)
			}
			body, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, string(body))
		})
	}
}

func TestReportStdout(t *testing.T) {
	db := repDB(t)
	cwd := t.TempDir()
	t.Chdir(cwd)
	// md without --out: the tables on stdout, no chart file anywhere.
	stdout, stderr, code := runReportCmd(t, "--db", db, "--format", "md", "--companies", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	body := strings.TrimPrefix(stdout, "<!-- jobtrend analyze report -->\n")
	if !strings.HasPrefix(body, "# Share of job postings mentioning go") || strings.Contains(stdout, "![") {
		t.Errorf("md on stdout:\n%s", stdout)
	}
	if !strings.Contains(stderr, "--out FILE.md") {
		t.Errorf("stderr should say how to get the chart: %s", stderr)
	}
	if files := dirFiles(t, cwd); len(files) != 0 {
		t.Errorf("md on stdout wrote files %v", files)
	}
	// csv without --table: the years table.
	stdout, _, code = runReportCmd(t, "--db", db, "--format", "csv", "--companies", "0", "--compare", "java")
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if code != 0 || err != nil {
		t.Fatalf("exit %d, %v", code, err)
	}
	if recs[0][0] != "skill" || recs[0][1] != "year" || len(recs) != 1+3+3 {
		t.Errorf("years table with java: %v", recs)
	}
}

func TestReportFilters(t *testing.T) {
	db := repDB(t)
	type rep struct {
		Years []struct {
			Year, Total, Matched int
		} `json:"years"`
		Platforms []struct{ Source string } `json:"platforms"`
		Sources   []struct {
			Source   string `json:"source"`
			Excluded bool   `json:"excluded_from_share"`
		} `json:"sources"`
		Compare []struct{ Skill string } `json:"compare"`
		Method  struct {
			Sources   []string `json:"sources"`
			Synthetic bool     `json:"synthetic"`
		} `json:"method"`
	}
	get := func(t *testing.T, args ...string) rep {
		t.Helper()
		stdout, stderr, code := runReportCmd(t, append([]string{"--db", db, "--companies", "0"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var r rep
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	sources := func(r rep) []string {
		var s []string
		for _, p := range r.Platforms {
			s = append(s, p.Source)
		}
		return s
	}
	if r := get(t); !slices.Equal(sources(r), []string{"boss", "lagou"}) || r.Method.Synthetic {
		t.Errorf("default: sources %v synthetic %v, want boss, lagou and no synthetic", sources(r), r.Method.Synthetic)
	}
	// The synthetic source is shown with --synthetic, but its postings all
	// mention go: a selection, left out of go's shares.
	if r := get(t, "--synthetic"); len(r.Sources) != 3 || r.Sources[1].Source != "demo-generated" || !r.Sources[1].Excluded ||
		!r.Method.Synthetic {
		t.Errorf("--synthetic: sources %+v", r.Sources)
	}
	r := get(t, "--source", "BOSS", "--source", "lagou", "--source", "boss")
	if !slices.Equal(r.Method.Sources, []string{"boss", "lagou"}) {
		t.Errorf("--source: method.sources %v", r.Method.Sources)
	}
	if r := get(t, "--source", "boss"); !slices.Equal(sources(r), []string{"boss"}) || r.Years[0].Year != 2022 || r.Years[0].Total != 20 {
		t.Errorf("--source boss: %+v", r)
	}
	r = get(t, "--compare", "Java,golang", "--compare", "python,java")
	var skills []string
	for _, c := range r.Compare {
		skills = append(skills, c.Skill)
	}
	if !slices.Equal(skills, []string{"java", "python"}) {
		t.Errorf("--compare Java,golang --compare python,java: %v, want [java python] (canonical, no repeats, not the skill itself)", skills)
	}
	// A source the store has never held is a mistake, not an empty report.
	_, stderr, code := runReportCmd(t, "--db", db, "--companies", "0", "--source", "nosuch")
	if code != 2 || !strings.Contains(stderr, `--source "nosuch": no such source`) || !strings.Contains(stderr, "boss, demo-generated, lagou") {
		t.Errorf("an unknown source: exit %d, %s; want a usage error listing the sources", code, stderr)
	}
}

func TestReportUsageErrors(t *testing.T) {
	db := repDB(t)
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "pdf"}, `--format "pdf"`},
		{[]string{"--format", "csv", "--table", "salaries"}, `--table "salaries"`},
		{[]string{"--format", "html", "--table", "years"}, "--table is for --format csv"},
		{[]string{"--compare", "java,cobol"}, `--compare "cobol"`},
		{[]string{"--source", " "}, "--source: empty"},
		{[]string{"--out", dir}, "is a directory"},
		{[]string{"--out", filepath.Join(dir, "missing", "r.json")}, "does not exist"},
		{[]string{"--format", "md", "--out", filepath.Join(dir, "r.svg")}, "overwrite its own chart"},
		{[]string{"--skill", "cobol"}, `--skill "cobol"`},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, stderr, code := runReportCmd(t, append([]string{"--db", db}, tc.args...)...)
			if code != cli.ExitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 naming %q", code, stderr, tc.want)
			}
		})
	}
	if files := dirFiles(t, dir); len(files) != 0 {
		t.Errorf("usage errors wrote %v", files)
	}
}

// TestReportQuiet: piped runs draw no progress bar; --quiet also drops the
// informational logs, leaving stderr empty. Each run has postings to
// segment, the long work a bar would be drawn for.
func TestReportQuiet(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	_, stderr, code := runReportCmd(t, "--db", repDB(t), "--format", "html", "--out", out)
	if code != 0 || !strings.Contains(stderr, "segmented new or changed postings") || !strings.Contains(stderr, "report written") {
		t.Errorf("exit %d, stderr %q: want the segmentation and 'report written' logs", code, stderr)
	}
	if strings.ContainsAny(stderr, "\r\x1b") || strings.Contains(stderr, "segmenting new postings") {
		t.Errorf("stderr is not a terminal, yet a progress bar was drawn: %q", stderr)
	}
	_, stderr, code = runReportCmd(t, "--db", repDB(t), "--format", "html", "--out", out, "--quiet")
	if code != 0 || stderr != "" {
		t.Errorf("--quiet: exit %d, stderr %q, want nothing", code, stderr)
	}
}
