// Package demo is an embedded job board served on the loopback interface,
// so that the whole pipeline — crawl, store, analyze — runs with no
// network: README's first command crawls it.
//
// The board publishes real postings from the project's corpus (Zhaopin
// 2020, a BOSS直聘 "Golang" search of 2021, a sample of 2024 postings from
// five platforms; see records/SOURCE.md) and postings generated from their
// text, spread over ten years with a rising share that mentions Go. Every
// posting is a page carrying schema.org JobPosting JSON-LD whose
// identifier names the platform it belongs to; generated ones are named
// "demo-generated", so they can never be mistaken for real data.
//
// The site behaves like a real board, to exercise the crawler: robots.txt
// (with a disallowed path and a Sitemap line), a sitemap index, paginated
// listings with rel=next, detail pages whose JSON-LD comes in the common
// shapes (a single object, an @graph, several blocks, one broken block, raw
// line breaks inside strings), and HTML fields for the css source.
package demo

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

//go:embed records/*.jsonl
var records embed.FS

// GeneratedSource is the source name of the generated postings.
const GeneratedSource = "demo-generated"

// Job is one posting the board publishes.
type Job struct {
	Path        string // the detail page's path on the board: /jobs/<id>
	Source      string // the platform (identifier name): zhaopin, boss, 51job, lagou, liepin, demo-generated
	SourceID    string // the posting's id on that platform
	URL         string // the posting's address on its platform (generated: a stable .invalid URL)
	Title       string
	Company     string
	City        string
	Salary      string
	Posted      time.Time // zero when unknown
	Description string    // plain text, or HTML for the platforms that publish HTML
}

// Options configure a board.
type Options struct {
	Generated int    // generated postings (default 2000; 0 means the default, -1 none)
	PerPage   int    // postings per listing page (default 20)
	Seed      uint64 // for the generated postings (default 1)
}

// Board is the demo job board. Its content is fixed by its Options: the
// same options always publish the same postings.
type Board struct {
	opts      Options
	real      []Job
	generated int
	pools     pools
	byPath    map[string]int
}

// New builds a board from the embedded records.
func New(opts Options) (*Board, error) {
	if opts.Generated == 0 {
		opts.Generated = 2000
	}
	if opts.Generated < 0 {
		opts.Generated = 0
	}
	if opts.PerPage <= 0 {
		opts.PerPage = 20
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	b := &Board{opts: opts, generated: opts.Generated, byPath: map[string]int{}}
	for _, load := range []func() ([]Job, error){loadZhaopin, loadBoss, loadJobHunting} {
		js, err := load()
		if err != nil {
			return nil, fmt.Errorf("demo board: %w", err)
		}
		for _, j := range js {
			// The real data repeats a posting now and then (zhaopin-2020
			// has one id twice, once without a description): one page per
			// posting, the fuller record.
			if i, dup := b.byPath[j.Path]; dup {
				if len(j.Description) > len(b.real[i].Description) {
					b.real[i] = j
				}
				continue
			}
			b.byPath[j.Path] = len(b.real)
			b.real = append(b.real, j)
		}
	}
	b.pools = buildPools(b.real)
	return b, nil
}

// Len is the number of postings on the board.
func (b *Board) Len() int { return len(b.real) + b.generated }

// Real is the number of real postings (the first Real() of Job's indexes).
func (b *Board) Real() int { return len(b.real) }

// Job returns posting i (0 ≤ i < Len()); generated postings are computed
// from their index, so a board of millions costs no memory.
func (b *Board) Job(i int) Job {
	if i < len(b.real) {
		return b.real[i]
	}
	return b.generate(i - len(b.real))
}

func (b *Board) index(path string) (int, bool) {
	if i, ok := b.byPath[path]; ok {
		return i, true
	}
	if id, ok := strings.CutPrefix(path, "/jobs/g"); ok {
		n, err := strconv.Atoi(id)
		if err == nil && n >= 0 && n < b.generated && fmt.Sprintf("%06d", n) == id {
			return len(b.real) + n, true
		}
	}
	return 0, false
}

// NewHandler returns the default board's handler.
func NewHandler() (http.Handler, error) {
	b, err := New(Options{})
	if err != nil {
		return nil, err
	}
	return b.Handler(), nil
}

// Start serves the default board on 127.0.0.1 (a free port) until stop is
// called or ctx ends. The crawler reaches it because the start URL itself
// is a loopback address.
func Start(ctx context.Context) (baseURL string, stop func(), err error) {
	b, err := New(Options{})
	if err != nil {
		return "", nil, err
	}
	return b.Start(ctx)
}

// Start serves the board on 127.0.0.1 (a free port).
func (b *Board) Start(ctx context.Context) (baseURL string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("demo board: %w", err)
	}
	srv := &http.Server{Handler: b.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		<-cctx.Done()
		shut, c := context.WithTimeout(context.Background(), 2*time.Second)
		defer c()
		srv.Shutdown(shut)
	}()
	return "http://" + ln.Addr().String(), cancel, nil
}

// --- loading the records ------------------------------------------------

func readJSONL(name string, fn func(line int, m map[string]any) error) error {
	b, err := fs.ReadFile(records, "records/"+name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	n := 0
	for sc.Scan() {
		n++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if err := fn(n, m); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

func str(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

var fileID = regexp.MustCompile(`/([A-Za-z0-9]+)\.html?(?:[?#].*)?$`)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func loadZhaopin() ([]Job, error) {
	var out []Job
	crawled := day(2020, 2, 22)
	err := readJSONL("zhaopin-2020.jsonl", func(_ int, m map[string]any) error {
		u := str(m, "joburl")
		id := fileID.FindStringSubmatch(u)
		if id == nil {
			return fmt.Errorf("joburl %q has no id", u)
		}
		out = append(out, Job{Path: "/jobs/zhaopin-" + id[1], Source: "zhaopin", SourceID: id[1], URL: u,
			Title: str(m, "jobname"), Company: str(m, "name"), City: str(m, "jobarea"), Salary: str(m, "salary"),
			Posted: crawled, Description: str(m, "job_detail")})
		return nil
	})
	return out, err
}

func loadBoss() ([]Job, error) {
	var out []Job
	committed := day(2021, 11, 7)
	err := readJSONL("boss-golang-2021.jsonl", func(_ int, m map[string]any) error {
		id := str(m, "id")
		if id == "" {
			return errors.New("no id")
		}
		out = append(out, Job{Path: "/jobs/boss-" + id, Source: "boss", SourceID: id, URL: str(m, "href"),
			Title: str(m, "name"), Company: str(m, "company"), Salary: str(m, "salary"), Posted: committed,
			Description: str(m, "desc")})
		return nil
	})
	return out, err
}

var platforms = map[string]string{"51JOB": "51job", "BOSS": "boss", "LAGOU": "lagou", "LIEPIN": "liepin", "ZHILIAN": "zhaopin"}

func loadJobHunting() ([]Job, error) {
	var out []Job
	err := readJSONL("jobhunting-2024-sample.jsonl", func(_ int, m map[string]any) error {
		plat := str(m, "发布平台")
		src, ok := platforms[plat]
		if !ok {
			return fmt.Errorf("unknown platform %q", plat)
		}
		id := strings.TrimPrefix(str(m, "职位自编号"), plat+"_")
		posted := parseDay(str(m, "首次发布时间"))
		if posted.IsZero() {
			posted = parseDay(str(m, "首次扫描日期"))
		}
		out = append(out, Job{Path: "/jobs/" + src + "-" + pathSafe(id), Source: src, SourceID: id, URL: str(m, "职位访问地址"),
			Title: str(m, "职位"), Company: str(m, "公司"), City: str(m, "地区"),
			Salary: normalize.SalaryRange(str(m, "最低薪资"), str(m, "最高薪资"), str(m, "几薪")), Posted: posted,
			Description: str(m, "职位描述")})
		return nil
	})
	return out, err
}

func pathSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, s)
}

func parseDay(s string) time.Time {
	if len(s) < 10 {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return time.Time{}
	}
	return t
}

// --- generated postings -------------------------------------------------

var goRe = regexp.MustCompile(`(?i)golang|go语言|(^|[^a-z])go([^a-z]|$)`)

// pools are the real text generated postings are made of.
type pools struct {
	goSentences, otherSentences []string
	goTitles, otherTitles       []string
	companies                   []string
}

func buildPools(real []Job) pools {
	var p pools
	seen := map[string]bool{}
	add := func(dst *[]string, s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			*dst = append(*dst, s)
		}
	}
	tag := regexp.MustCompile(`<[^>]*>`)
	for _, j := range real {
		if goRe.MatchString(j.Title) {
			add(&p.goTitles, j.Title)
		} else {
			add(&p.otherTitles, j.Title)
		}
		add(&p.companies, j.Company)
		text := tag.ReplaceAllString(strings.ReplaceAll(j.Description, "<br />", "\n"), "")
		for _, s := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '。' || r == '；' }) {
			s = strings.TrimSpace(s)
			if n := len([]rune(s)); n < 8 || n > 120 || strings.Contains(s, "<") || strings.Contains(s, "&") {
				continue
			}
			if goRe.MatchString(s) {
				add(&p.goSentences, s)
			} else {
				add(&p.otherSentences, s)
			}
		}
	}
	for _, l := range [][]string{p.goSentences, p.otherSentences, p.goTitles, p.otherTitles, p.companies} {
		sort.Strings(l)
	}
	return p
}

var cities = []string{"北京", "上海", "深圳", "杭州", "广州", "成都", "南京", "武汉", "西安", "苏州"}

// generate makes generated posting k: a year from 2015 to 2024, and a
// chance of being a Go job that grows from 4% to 22% over the decade, so
// the demo's trend has a slope to find.
func (b *Board) generate(k int) Job {
	r := rand.New(rand.NewPCG(b.opts.Seed, uint64(k)))
	year := 2015 + k%10
	posted := day(year, time.Month(1+r.IntN(12)), 1+r.IntN(28))
	isGo := r.Float64() < 0.04+0.02*float64(year-2015)
	pick := func(l []string) string {
		if len(l) == 0 {
			return ""
		}
		return l[r.IntN(len(l))]
	}
	title := pick(b.pools.otherTitles)
	if isGo {
		title = pick(b.pools.goTitles)
	}
	n := 4 + r.IntN(4)
	lines := make([]string, 0, n+1)
	for range n {
		lines = append(lines, pick(b.pools.otherSentences))
	}
	if isGo {
		lines[r.IntN(len(lines))] = pick(b.pools.goSentences)
	}
	lo := 6 + r.IntN(30)
	id := fmt.Sprintf("%06d", k)
	return Job{
		Path: "/jobs/g" + id, Source: GeneratedSource, SourceID: "g" + id,
		URL:   "https://demo.jobtrend.invalid/jobs/g" + id,
		Title: title, Company: pick(b.pools.companies), City: cities[r.IntN(len(cities))],
		Salary: fmt.Sprintf("%d-%dK", lo, lo+5+r.IntN(15)), Posted: posted,
		Description: strings.Join(lines, "\n"),
	}
}
