package report

import (
	"bytes"
	"encoding/csv"
	"flag"
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
		{"sources.csv", func(b *bytes.Buffer) error { return CSV(b, r, TableSources) }},
		{"companies.csv", func(b *bytes.Buffer) error { return CSV(b, r, TableCompanies) }},
		{"keywords.csv", func(b *bytes.Buffer) error { return CSV(b, r, TableKeywords) }},
		{"co-skills.csv", func(b *bytes.Buffer) error { return CSV(b, r, TableCoSkills) }},
		{"co-skills.svg", func(b *bytes.Buffer) error {
			svg, err := coSkillsSVG(r.CoSkills)
			b.Write(svg)
			return err
		}},
		{"skills.txt", func(b *bytes.Buffer) error { return SkillsTable(b, r.CoSkills) }},
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
			case TableSources:
				want = len(r.Sources)
			case TableCompanies:
				want = len(r.Companies)
			case TableKeywords:
				for _, c := range r.Companies {
					want += len(c.Keywords)
				}
			case TableCoSkills:
				for _, s := range r.CoSkills.Skills {
					for _, p := range s.Datasets {
						want += len(p.Years)
					}
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
