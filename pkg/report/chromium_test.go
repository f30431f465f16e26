package report

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// screenshotPath is where TestHTMLInChromium leaves the rendered report for
// a person to look at, with -update (beside the golden files); other runs
// leave it in the test's temporary folder, so that a test run does not
// change the repository.
var screenshotPath = filepath.Join("testdata", "report.png")

// chromium finds the browser, or skips the test — except in CI
// (JOBTREND_CI=1), where a missing browser is a failure, not a pass.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "headless Chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk); the HTML report test needs it"
	if os.Getenv("JOBTREND_CI") == "1" {
		t.Fatal(msg + " — JOBTREND_CI=1, so this is a failure")
	}
	t.Skip(msg)
	return ""
}

// pageFacts is what the page tells about itself once laid out.
type pageFacts struct {
	SVGWidth, SVGHeight float64
	Paths               int
	ChartTexts          []string
	CoSkillTexts        []string       // the co-skills chart's labels
	CoSkillTables       int            // tables of a dataset's co-skill shares
	Tables              map[string]int // table id → body rows
	TablesVisible       bool
	KeywordTables       int
	Scripts             int
	XSSAsText           bool
	Method              string
	Title               string
}

const factsJS = `(() => {
  const svg = document.querySelector('#chart svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const tables = {};
  let visible = true;
  for (const t of document.querySelectorAll('table[id]')) {
    tables[t.id] = t.tBodies[0] ? t.tBodies[0].rows.length : 0;
    if (t.getBoundingClientRect().height < 20) visible = false;
  }
  return {
    SVGWidth: box.width, SVGHeight: box.height,
    Paths: svg ? svg.querySelectorAll('path').length : 0,
    ChartTexts: svg ? Array.from(svg.querySelectorAll('text')).filter(t => t.getBBox().width > 0).map(t => t.textContent) : [],
    CoSkillTexts: Array.from(document.querySelectorAll('#co-skills svg text')).filter(t => t.getBBox().width > 0).map(t => t.textContent),
    CoSkillTables: document.querySelectorAll('table.co-skills-dataset').length,
    Tables: tables, TablesVisible: visible,
    KeywordTables: document.querySelectorAll('table.keywords').length,
    Scripts: document.scripts.length,
    XSSAsText: Array.from(document.querySelectorAll('table.keywords td')).some(td => td.textContent === ` + "`" + xssTerm + "`" + `),
    Method: document.querySelector('#method') ? document.querySelector('#method').innerText : '',
    Title: document.title,
  };
})()`

// TestHTMLInChromium opens the HTML report in headless Chromium, with the
// only flags that work on the project's closed network, and checks that the
// chart and every table are drawn, that nothing reached the console, no
// dialog opened and nothing was fetched; it saves a full-page screenshot,
// to testdata/report.png for review with -update.
func TestHTMLInChromium(t *testing.T) {
	exe := chromium(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	var b bytes.Buffer
	if err := HTML(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1100, 900),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first Run starts the browser; a timeout on it would bound the
	// browser's life, so the deadline goes on the work after it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	ctx, cancelWork := context.WithTimeout(ctx, 60*time.Second)
	defer cancelWork()

	var mu sync.Mutex
	var problems []string
	report := func(format string, args ...any) {
		mu.Lock()
		problems = append(problems, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				report("console %s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			report("uncaught exception at %s:%d: %s", d.URL, d.LineNumber, msg)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				report("browser log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		case *page.EventJavascriptDialogOpening:
			report("a %s dialog opened: %q (posting text ran as script)", ev.Type, ev.Message)
		case *network.EventRequestWillBeSent:
			if u := ev.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				report("the page fetched %s: it must work offline", u)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatalf("opening the report: %v", err)
	}
	facts, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](factsJS))
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	shotPath := filepath.Join(dir, "report.png")
	if *update {
		shotPath = screenshotPath
	}
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the report: %s (%d KB)", shotPath, len(shot)/1024)

	mu.Lock()
	for _, p := range problems {
		t.Error(p)
	}
	mu.Unlock()

	r := fixture()
	if facts.Title != "Share of job postings mentioning go, 2018–2024" {
		t.Errorf("title %q", facts.Title)
	}
	// The chart: laid out at a sensible size, with bands, lines, dots and
	// the labels an analyst reads (years, percentages, legend).
	if facts.SVGWidth < 600 || facts.SVGHeight < 300 {
		t.Errorf("chart drawn at %.0f×%.0f px, want at least 600×300", facts.SVGWidth, facts.SVGHeight)
	}
	if facts.Paths < 40 {
		t.Errorf("chart has %d paths; bands, lines and dots need more", facts.Paths)
	}
	texts := strings.Join(facts.ChartTexts, "|")
	for _, want := range []string{"2018", "2024", "20%", "go, pooled", "95% interval", "boss", "lagou", "ruanyf-weekly", "java", "python", "rust"} {
		if !strings.Contains("|"+texts+"|", "|"+want+"|") {
			t.Errorf("chart text %q is not drawn (drawn: %s)", want, texts)
		}
	}
	// The tables, with a row per year, platform-year, company and keyword.
	platformRows := 0
	for _, p := range r.Platforms {
		platformRows += len(p.Years)
	}
	for id, want := range map[string]int{"years-table": len(r.Years), "platforms-table": platformRows,
		"compare-table": len(r.Years), "companies-table": len(r.Companies), "co-skills-table": len(r.CoSkills.Skills)} {
		if got := facts.Tables[id]; got != want {
			t.Errorf("#%s has %d rows, want %d", id, got, want)
		}
	}
	// What go's postings also ask for: a panel per co-skill with its
	// verdict, the datasets with two or more years (not lagou's one).
	co := "|" + strings.Join(facts.CoSkillTexts, "|") + "|"
	for _, want := range []string{"kubernetes (rising)", "mysql", "php (falling)", "boss", "ruanyf-weekly", "2020", "2024"} {
		if !strings.Contains(co, "|"+want+"|") {
			t.Errorf("co-skills chart text %q is not drawn (drawn: %s)", want, co)
		}
	}
	if strings.Contains(co, "|lagou|") || facts.CoSkillTables != 2 {
		t.Errorf("co-skills: %d dataset tables, want 2 (boss, ruanyf-weekly); chart legend %s", facts.CoSkillTables, co)
	}
	if !facts.TablesVisible {
		t.Error("a table has no height: it is not drawn")
	}
	if want := 3; facts.KeywordTables != want { // the fourth company has no keywords
		t.Errorf("%d keyword tables, want %d", facts.KeywordTables, want)
	}
	if facts.Scripts != 0 {
		t.Errorf("%d script elements on the page, want none", facts.Scripts)
	}
	if !facts.XSSAsText {
		t.Errorf("the keyword %s is not shown as text", xssTerm)
	}
	for _, want := range []string{"counted once", "Wilson", "taxonomy-3f2a9c", "gojieba-1.4.6+dict-8b1e", "excluded"} {
		if !strings.Contains(facts.Method, want) {
			t.Errorf("'How the numbers were made' lacks %q", want)
		}
	}

	// The pixels: the skill's line and band must really be painted.
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if n := countNear(img, skillInk.R, skillInk.G, skillInk.B, 12); n < 2000 {
		t.Errorf("only %d pixels of the skill's colour in the screenshot: the chart is not painted", n)
	}
}

// countNear counts the pixels within tol of the colour (r, g, b).
func countNear(img image.Image, r, g, b uint8, tol int) int {
	n := 0
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if abs(int(cr>>8)-int(r)) <= tol && abs(int(cg>>8)-int(g)) <= tol && abs(int(cb>>8)-int(b)) <= tol {
				n++
			}
		}
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
