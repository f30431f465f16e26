package report

import (
	"bytes"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./pkg/report -update rewrites it; review the diff):\n%s", name, firstDiff(want, got))
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + w + "\n  got: " + g
		}
	}
	return "(same lines, different bytes)"
}

func TestGolden(t *testing.T) {
	r := fixture()
	tests := []struct {
		file   string
		render func(*bytes.Buffer) error
	}{
		{"report.json", func(b *bytes.Buffer) error { return JSON(b, r) }},
		{"report.txt", func(b *bytes.Buffer) error { return Table(b, r) }},
		{"report.md", func(b *bytes.Buffer) error { return Markdown(b, r, "report.svg") }},
		{"report.svg", func(b *bytes.Buffer) error { return Chart(b, r) }},
		{"years.csv", func(b *bytes.Buffer) error { return CSV(b, r, TableYears) }},
		{"platforms.csv", func(b *bytes.Buffer) error { return CSV(b, r, TablePlatforms) }},
		{"companies.csv", func(b *bytes.Buffer) error { return CSV(b, r, TableCompanies) }},
		{"keywords.csv", func(b *bytes.Buffer) error { return CSV(b, r, TableKeywords) }},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.render(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, b.Bytes())
			// Rendering is a pure function of the report: a second run
			// must give the same bytes (no map order, no clock).
			var again bytes.Buffer
			if err := tc.render(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Errorf("%s: two renderings of one report differ", tc.file)
			}
		})
	}
}

// TestChanges checks the year-over-year interval against Newcombe's (1998)
// published example (56/70 against 48/80: method 10 gives 0.0524 to 0.3339)
// and against values from an independent implementation (Python, in the
// commit that added this test).
func TestChanges(t *testing.T) {
	tests := []struct {
		name                 string
		prev, cur            trend.YearStat
		diff, low, high      float64
		overlap, significant bool
		verdict              string
	}{
		{"Newcombe example (a)", stat(2020, 80, 48), stat(2021, 70, 56), 0.2, 0.0524, 0.3339, true, true, "significant rise"},
		{"same share", stat(2020, 100, 10), stat(2021, 200, 20), 0, -0.0819, 0.0667, true, false, "not significant"},
		{"clear fall", stat(2020, 1000, 300), stat(2021, 1000, 100), -0.2, -0.2338, -0.1658, false, true, "significant fall"},
		{"small years", stat(2020, 10, 1), stat(2021, 12, 3), 0.15, -0.1942, 0.4440, true, false, "not significant"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := Changes([]trend.YearStat{tc.prev, tc.cur})
			if len(cs) != 1 {
				t.Fatalf("got %d changes, want 1", len(cs))
			}
			c := cs[0]
			near := func(a, b float64) bool { return math.Abs(a-b) < 0.00051 }
			if c.Year != tc.cur.Year || c.Prev != tc.prev.Year || !near(c.Diff, tc.diff) || !near(c.Low, tc.low) || !near(c.High, tc.high) {
				t.Errorf("got %d vs %d: %.4f [%.4f, %.4f], want %.4f [%.4f, %.4f]", c.Year, c.Prev, c.Diff, c.Low, c.High, tc.diff, tc.low, tc.high)
			}
			if c.Overlap != tc.overlap || c.Significant != tc.significant || c.Verdict() != tc.verdict {
				t.Errorf("got overlap %v significant %v %q, want %v %v %q", c.Overlap, c.Significant, c.Verdict(), tc.overlap, tc.significant, tc.verdict)
			}
			if !c.Overlap && !c.Significant {
				t.Error("separate intervals must always be significant")
			}
		})
	}
	if cs := Changes([]trend.YearStat{stat(2020, 5, 1)}); cs != nil {
		t.Errorf("one year has no change, got %v", cs)
	}
	// A year without postings in between: compared with the last one seen.
	cs := Changes([]trend.YearStat{stat(2018, 50, 5), stat(2020, 50, 5)})
	if cs[0].Prev != 2018 || vsPrev(cs[0]) != "±0.0 pp vs 2018" {
		t.Errorf("gap year: got prev %d, %q", cs[0].Prev, vsPrev(cs[0]))
	}
}

func TestMarkdownEscapes(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, fixture(), "my report (final).svg"); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimPrefix(b.String(), mdMarker) // the one comment is ours
	if strings.Contains(strings.ReplaceAll(out, `\<`, ""), "<") {
		t.Error("an unescaped < reached the Markdown: <script> would be HTML in most viewers")
	}
	if !strings.Contains(out, `\<script\>alert(1)\</script\>`) {
		t.Error("the keyword <script>… is missing or escaped differently")
	}
	if !strings.Contains(out, "](my%20report%20%28final%29.svg)") {
		t.Error("the chart's link is not encoded: a space or parenthesis ends a Markdown link")
	}
	// Every row of a table has as many cells as its header: posting text
	// with a pipe must not add a column.
	cols := 0
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := strings.Count(line, "|") - strings.Count(line, `\|`)
		if cols == 0 {
			cols = n
		} else if n != cols {
			t.Errorf("row with %d cells under a header of %d: %s", n-1, cols-1, line)
		}
	}
}

func TestCSVRoundTrip(t *testing.T) {
	r := fixture()
	for _, table := range Tables {
		t.Run(table, func(t *testing.T) {
			var b bytes.Buffer
			if err := CSV(&b, r, table); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&b).ReadAll()
			if err != nil {
				t.Fatalf("not valid CSV: %v", err)
			}
			var want int
			switch table {
			case TableYears:
				want = len(r.Years) * (1 + len(r.Compare))
			case TablePlatforms:
				for _, p := range r.Platforms {
					want += len(p.Years)
				}
			case TableCompanies:
				want = len(r.Companies)
			case TableKeywords:
				for _, c := range r.Companies {
					want += len(c.Keywords)
				}
			}
			if len(recs)-1 != want {
				t.Errorf("%d rows, want %d", len(recs)-1, want)
			}
			for _, rec := range recs {
				if len(rec) != len(recs[0]) {
					t.Errorf("ragged row %v", rec)
				}
				for _, f := range rec {
					if f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
						// Negative numbers are numbers, not formulas.
						if _, err := strconv.ParseFloat(f, 64); err != nil {
							t.Errorf("cell %q would run as a spreadsheet formula", f)
						}
					}
				}
			}
		})
	}
	var b bytes.Buffer
	if err := CSV(&b, r, TableKeywords); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "腾讯,2,<script>alert(1)</script>,0.250000") {
		t.Error("CSV must keep posting text as it is (it is data, not markup)")
	}
	if err := CSV(&b, r, "salaries"); err == nil || !strings.Contains(err.Error(), `"salaries"`) {
		t.Errorf("unknown table: got %v, want an error naming it", err)
	}
}

// TestEmptyReport: a range without postings renders in every format.
func TestEmptyReport(t *testing.T) {
	r := &trend.Report{Skill: "go", Years: []trend.YearStat{}, Platforms: []trend.Platform{}, Companies: []trend.Company{}}
	var b bytes.Buffer
	for name, render := range map[string]func() error{
		"json": func() error { return JSON(&b, r) },
		"md":   func() error { return Markdown(&b, r, "x.svg") },
		"svg":  func() error { return Chart(&b, r) },
		"html": func() error { return HTML(&b, r) },
		"csv":  func() error { return CSV(&b, r, TableYears) },
		"text": func() error { return Table(&b, r) },
	} {
		b.Reset()
		if err := render(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if b.Len() == 0 {
			t.Errorf("%s: nothing written", name)
		}
	}
}
