package ingest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

const corpus = "../../testdata/corpus"

var seen = time.Date(2021, 11, 7, 0, 0, 0, 0, time.UTC)

func openStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "j.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustImport(t testing.TB, s Sink, path string, opts Options) *Result {
	t.Helper()
	if opts.Seen.IsZero() {
		opts.Seen = seen
	}
	res, err := ImportFile(context.Background(), path, s, opts)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return res
}

// TestRealDatasets imports a sample of every real dataset of the corpus and
// checks what a user would check: the layout was recognized, every row was
// stored, and a row read by hand came out with the right fields.
func TestRealDatasets(t *testing.T) {
	ctx := context.Background()
	type spot struct {
		source, id                           string
		title, company, city, salary, posted string
		descHas                              string
	}
	tests := []struct {
		file         string
		wantProfile  string
		wantEncoding string
		wantRows     int
		wantNew      int
		spot         spot
	}{
		// One posting (CC856182520J00193879115) is in the file twice: stored once.
		{"zhaopin-2020/zl.jsonl", "zhaopin", EncUTF8, 270, 269,
			spot{"zhaopin", "CC120072300J00203379213", "大数据分析工程师", "银清科技有限公司", "北京", "20K-30K", "", "go语言"}},
		{"boss-golang-2021/golang.jsonl", "boss", EncUTF8, 188, 188,
			spot{"boss", "b56065920a1db68f1nN_09i5EFdZ", "Golang", "得物App", "", "30-60K·16薪", "", "1年以上Golang实际项目研发经验"}},
		{"lagou-2018-content/Lagou_Data.csv", "lagou", EncUTF8, 300, 300,
			spot{"lagou", "4362228", "数据分析专员", "易幻网络", "广州", "5k-8k", "2018-04-12", "能使用R/Python/matlab"}},
		{"lagou-dataanalyst/DataAnalyst.gbk.csv", "lagou", EncGB18030, 399, 399,
			spot{"lagou", "2537336", "数据分析师", "1号店", "上海", "7k-9k", "", ""}},
		{"lagou-dataanalyst/DataAnalyst.mojibake.csv", "lagou", EncMojibake, 399, 399,
			spot{"lagou", "2537336", "数据分析师", "1号店", "上海", "7k-9k", "", ""}},
		// 6 ids occur twice (seen again in a later daily batch).
		{"jobhunting-2024/jobs.csv", "jobhunting", EncUTF8, 572, 566,
			spot{"51job", "157952052", "JAVA开发工程师", "三星财产保险(中国)有限公司", "上海", "15-30K·16薪", "2024-10-09", "熟悉java或golang等主流编程语言"}},
		{"hn-whoishiring-2013-2018/posts.jsonl", "hn", EncUTF8, 440, 440,
			spot{"hn", "6476543", "", "Oculus VR", "Irvine, CA", "", "2013-10-01", "Help us bring Virtual Reality back!"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s := openStore(t)
			res := mustImport(t, s, filepath.Join(corpus, tt.file), Options{})
			if res.Profile != tt.wantProfile || res.Encoding != tt.wantEncoding {
				t.Errorf("profile/encoding = %s/%s, want %s/%s", res.Profile, res.Encoding, tt.wantProfile, tt.wantEncoding)
			}
			if res.Rows != tt.wantRows || res.Stored.New != tt.wantNew || res.Skipped != 0 {
				t.Errorf("rows=%d new=%d skipped=%d (%v), want rows=%d new=%d skipped=0",
					res.Rows, res.Stored.New, res.Skipped, firstErr(res), tt.wantRows, tt.wantNew)
			}
			p, ok, err := s.Get(ctx, tt.spot.source, tt.spot.id)
			if err != nil || !ok {
				t.Fatalf("posting %s/%s not stored (err %v)", tt.spot.source, tt.spot.id, err)
			}
			if tt.spot.title != "" && p.Title != tt.spot.title {
				t.Errorf("title = %q, want %q", p.Title, tt.spot.title)
			}
			if p.Company != tt.spot.company || p.City != tt.spot.city || p.Salary != tt.spot.salary {
				t.Errorf("company/city/salary = %q/%q/%q, want %q/%q/%q", p.Company, p.City, p.Salary,
					tt.spot.company, tt.spot.city, tt.spot.salary)
			}
			if p.PostedDate() != tt.spot.posted {
				t.Errorf("posted_at = %q, want %q", p.PostedDate(), tt.spot.posted)
			}
			if !strings.Contains(p.Description, tt.spot.descHas) {
				t.Errorf("description lacks %q: %.200q", tt.spot.descHas, p.Description)
			}
			if strings.Contains(p.Description, "<br") {
				t.Errorf("description keeps HTML: %.200q", p.Description)
			}
		})
	}
}

func firstErr(r *Result) error {
	if len(r.Errors) > 0 {
		return r.Errors[0]
	}
	return nil
}

// TestThreeEncodingsAgree: the GBK original, its Latin-1 mojibake and the
// repaired UTF-8 copy of the same Lagou rows must give identical postings.
func TestThreeEncodingsAgree(t *testing.T) {
	ctx := context.Background()
	var stores []*store.Store
	for _, f := range []string{"DataAnalyst.csv", "DataAnalyst.gbk.csv", "DataAnalyst.mojibake.csv"} {
		s := openStore(t)
		mustImport(t, s, filepath.Join(corpus, "lagou-dataanalyst", f), Options{})
		stores = append(stores, s)
	}
	rows, err := stores[0].DB().QueryContext(ctx, `SELECT source_id FROM postings`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		rows.Scan(&id)
		want, _, _ := stores[0].Get(ctx, "lagou", id)
		for i, s := range stores[1:] {
			got, ok, _ := s.Get(ctx, "lagou", id)
			if !ok || got.ContentHash() != want.ContentHash() {
				t.Fatalf("encoding %d differs at %s: %+v vs %+v", i+1, id, got, want)
			}
		}
		n++
	}
	if n != 399 {
		t.Errorf("compared %d postings, want 399", n)
	}
}

func TestImportIsIdempotentAndOverlapAddsOnlyNew(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	dir := t.TempDir()
	lines := readLines(t, filepath.Join(corpus, "zhaopin-2020/zl.jsonl"))
	a := writeFile(t, dir, "a.jsonl", strings.Join(lines[:150], ""))
	b := writeFile(t, dir, "b.jsonl", strings.Join(lines[100:], "")) // overlaps a by 50

	if r := mustImport(t, s, a, Options{}); r.Stored.New != 150 || r.Stored.Updated != 0 {
		t.Fatalf("first import: %+v", r.Stored)
	}
	before := dump(t, s)
	if r := mustImport(t, s, a, Options{}); r.Stored != (store.Counts{Unchanged: 150}) {
		t.Errorf("second import of the same file: %+v, want 150 unchanged", r.Stored)
	}
	if after := dump(t, s); after != before {
		t.Error("importing the same file twice changed the database")
	}
	r := mustImport(t, s, b, Options{})
	// Lines 180 and 181 are one posting, crawled twice (a real duplicate
	// in the dataset); the second copy has an empty job_detail, which must
	// not erase the first copy's description: nothing changes.
	if r.Stored != (store.Counts{New: 119, Unchanged: 51}) {
		t.Errorf("overlapping file: %+v, want 119 new, 51 unchanged", r.Stored)
	}
	sm, _ := s.Summary(ctx)
	if sm.Records != 269 {
		t.Errorf("records = %d, want 269", sm.Records)
	}
}

// dump renders every stored row, for before/after comparisons.
func dump(t *testing.T, s *store.Store) string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT * FROM postings ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		rows.Scan(ptrs...)
		for _, v := range vals {
			b.WriteString(strings.TrimSpace(strings.ReplaceAll(toString(v), "\n", " ")))
			b.WriteByte('|')
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func toString(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case nil:
		return "NULL"
	default:
		return fmt.Sprint(x)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n")
}

func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRepeatedIDsCountOnce: the job-hunting sample holds every id that
// repeats across its daily batches; each must be stored once.
func TestRepeatedIDsCountOnce(t *testing.T) {
	s := openStore(t)
	r := mustImport(t, s, filepath.Join(corpus, "jobhunting-2024/jobs.csv"), Options{})
	sm, _ := s.Summary(context.Background())
	if sm.Records != r.Rows-6 || r.Stored.New != sm.Records {
		t.Errorf("rows %d, records %d, new %d: want the 6 repeated ids stored once each", r.Rows, sm.Records, r.Stored.New)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name        string
		file        string // created in dir unless it starts with "!"
		content     string
		opts        Options
		wantRefused string // file-level error text; "" = file accepted
		wantSkipped []int  // lines reported and skipped
		wantNew     int
	}{
		{name: "ragged CSV rows", file: "ragged.csv",
			content:     "title,company,city\nGo 开发,字节跳动,北京\nJava,阿里\nRust,PingCAP,北京,extra\nPython,网易,杭州\n",
			wantSkipped: []int{3, 4}, wantNew: 2},
		{name: "invalid UTF-8 in a UTF-8 file", file: "bad-utf8.csv",
			content:     "title,company\n" + strings.Repeat("Golang 工程师,得物\n", 50) + "Go\xff\xfe工程师,x\n",
			wantSkipped: []int{52}, wantNew: 1}, // the 50 identical rows are one posting (content id)
		{name: "missing title column", file: "nocol.csv",
			content:     "公司名称,城市\n字节跳动,北京\n",
			wantRefused: "no column maps to a title or a description (columns: 公司名称, 城市)"},
		{name: "--map names a missing column", file: "map.csv",
			content: "职位名称,公司名称\nGo,字节\n", opts: Options{Map: map[string]string{"岗位": FTitle}},
			wantRefused: `the file has no column "岗位"`},
		{name: "broken JSONL line", file: "broken.jsonl",
			content:     `{"title": "Go 开发", "company": "A"}` + "\n" + `{"title": "Java", "comp` + "\n" + `[1,2]` + "\n" + `{"title": "Rust", "company": "B"}` + "\n",
			wantSkipped: []int{2, 3}, wantNew: 2},
		{name: "row without title or description", file: "empty.csv",
			content: "title,company\n,字节\nGo,字节\n", wantSkipped: []int{2}, wantNew: 1},
		{name: "empty file", file: "zero.csv", content: "", wantRefused: "empty file: no header row"},
		{name: "missing file", file: "!" + filepath.Join(dir, "nope.csv"), wantRefused: "no such file"},
		{name: "a directory", file: "!" + dir, wantRefused: "is a directory"},
		// A broken element is skipped and the rest is read; the file
		// ending inside the array is a warning, not a refusal of the rows
		// before it.
		{name: "JSON array with a broken element", file: "arr.json",
			content:     `[{"title": "Go"}, {"title": ], {"title": "Rust"}`,
			wantSkipped: []int{2}, wantNew: 2},
		{name: "header and no rows", file: "header.csv", content: "title,company\n",
			wantRefused: "holds no data rows after its header (2 columns)"},
		{name: "empty JSON array", file: "empty.json", content: " [ ] ", wantRefused: "holds no records"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t)
			// Something stored before must survive whatever the bad file does.
			mustImport(t, s, filepath.Join(corpus, "boss-golang-2021/golang.jsonl"), Options{})
			path := strings.TrimPrefix(tt.file, "!")
			if !strings.HasPrefix(tt.file, "!") {
				path = writeFile(t, dir, tt.file, tt.content)
			}
			opts := tt.opts
			opts.Seen = seen
			res, err := ImportFile(context.Background(), path, s, opts)
			if tt.wantRefused != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantRefused) || !strings.Contains(err.Error(), path) {
					t.Fatalf("err = %v, want one naming %s and saying %q", err, path, tt.wantRefused)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				var lines []int
				for _, e := range res.Errors {
					lines = append(lines, e.Line)
					if !strings.Contains(e.Error(), path) {
						t.Errorf("row error %q does not name the file", e)
					}
				}
				if !equalInts(lines, tt.wantSkipped) || res.Stored.New != tt.wantNew {
					t.Errorf("skipped lines %v (%v), new %d; want %v, %d", lines, res.Errors, res.Stored.New, tt.wantSkipped, tt.wantNew)
				}
			}
			sm, _ := s.Summary(context.Background())
			if want := 188 + tt.wantNew; sm.Records != want {
				t.Errorf("records = %d, want %d: earlier data lost or bad rows stored", sm.Records, want)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMapForeignColumnsAndDates(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	// A 2016 list export: Chinese column names no profile knows, dates
	// without a year (the year is in the file name), HTML in descriptions.
	path := writeFile(t, dir, "list_2016-04_chengdu.csv",
		"职位名称,公司名称,工作地点,日期,详情,编号\n"+
			"Golang开发,成都某科技有限公司,成都-高新区,04-19,<p>熟悉&nbsp;Go语言<br/>3年经验</p>,J1\n"+
			"Java开发,某银行,成都,2016年4月1日,<ul><li>Spring</li></ul>,J2\n")
	s := openStore(t)
	res := mustImport(t, s, path, Options{Source: "51job", Map: map[string]string{"详情": FDescription, "编号": FSourceID}})
	if res.Stored.New != 2 || res.Skipped != 0 || res.Warnings != 0 {
		t.Fatalf("import: %+v %v %v", res.Stored, res.Errors, res.Notes)
	}
	p, ok, _ := s.Get(ctx, "51job", "J1")
	if !ok {
		t.Fatal("J1 not stored under the --source name and the mapped id")
	}
	want := posting.Posting{Title: "Golang开发", Company: "成都某科技有限公司", City: "成都", Description: "熟悉 Go语言\n3年经验"}
	if p.Title != want.Title || p.Company != want.Company || p.City != want.City || p.Description != want.Description ||
		p.PostedDate() != "2016-04-19" {
		t.Errorf("got %q %q %q %q %s", p.Title, p.Company, p.City, p.Description, p.PostedDate())
	}
	p2, _, _ := s.Get(ctx, "51job", "J2")
	if p2.PostedDate() != "2016-04-01" || p2.Description != "Spring" {
		t.Errorf("J2: %s %q", p2.PostedDate(), p2.Description)
	}
}

func TestUnreadableDateIsAWarningNotALoss(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "x.csv", "title,date\nGo,3天前发布\n")
	s := openStore(t)
	res := mustImport(t, s, path, Options{})
	if res.Stored.New != 1 || res.Warnings != 1 || !strings.Contains(res.Notes[0], "x.csv line 2") {
		t.Errorf("stored %+v, warnings %d %v", res.Stored, res.Warnings, res.Notes)
	}
}

func TestCancelledImportKeepsCommittedBatches(t *testing.T) {
	s := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	sink := &hookSink{Store: s, after: func(n int) {
		if n == 2 {
			cancel()
		}
	}}
	_, err := ImportFile(ctx, filepath.Join(corpus, "jobhunting-2024/jobs.csv"), sink, Options{Batch: 100, Seen: seen})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	sm, _ := s.Summary(context.Background())
	if sm.Records < 190 || sm.Records > 200 {
		t.Errorf("records = %d, want the 2 committed batches (200 rows, a few repeated ids)", sm.Records)
	}
	// Rerunning completes the import without duplicating anything.
	r := mustImport(t, s, filepath.Join(corpus, "jobhunting-2024/jobs.csv"), Options{})
	sm, _ = s.Summary(context.Background())
	if sm.Records != r.Rows-6 {
		t.Errorf("after rerun: records = %d, want %d", sm.Records, r.Rows-6)
	}
}

// hookSink is a store that calls after with the number of batches stored.
type hookSink struct {
	*store.Store
	after func(n int)
	n     int
}

func (h *hookSink) UpsertBatch(ctx context.Context, ps []posting.Posting) (store.Counts, error) {
	c, err := h.Store.UpsertBatch(ctx, ps)
	h.n++
	h.after(h.n)
	return c, err
}

// memSink keeps postings and datasets in memory, for fuzzing without
// SQLite. It fails a batch that names a dataset it was not given first.
type memSink struct {
	ps       []posting.Posting
	datasets map[string]posting.Dataset
}

func (m *memSink) UpsertBatch(_ context.Context, ps []posting.Posting) (store.Counts, error) {
	for _, p := range ps {
		if _, ok := m.datasets[p.Dataset]; !ok {
			return store.Counts{}, fmt.Errorf("posting %s/%s names dataset %q, not registered before", p.Source, p.SourceID, p.Dataset)
		}
	}
	m.ps = append(m.ps, ps...)
	return store.Counts{New: len(ps)}, nil
}

func (m *memSink) EnsureDataset(_ context.Context, d posting.Dataset) (bool, error) {
	if err := d.Validate(); err != nil {
		return false, err
	}
	if m.datasets == nil {
		m.datasets = map[string]posting.Dataset{}
	}
	old, ok := m.datasets[d.Name]
	m.datasets[d.Name] = d
	return !ok || old != d, nil
}

func FuzzImport(f *testing.F) {
	for _, seed := range []struct{ name, content string }{
		{"a.csv", "title,company,date\nGo,字节,2023/5/1\n"},
		{"b.jsonl", `{"title":"Go","company":"x","posted_at":"2023年5月1日"}` + "\n"},
		{"c.json", `[{"jobname":"Go","joburl":"https://jobs.zhaopin.com/CC1J2.htm","job_detail":"<p>Go</p>"}]`},
		{"d.csv", "职位自编号,发布平台,职位描述,最低薪资,最高薪资\nBOSS_1,BOSS,<br />Go,15000,30000\n"},
		{"e.csv", "\xb3\xc7\xca\xd0,title\n\xb1\xb1\xbe\xa9,Go\n"}, // GBK
	} {
		f.Add(seed.name, seed.content)
	}
	f.Fuzz(func(t *testing.T, name, content string) {
		sink := &memSink{}
		res, err := Import(context.Background(), name, strings.NewReader(content), sink, Options{Seen: seen})
		if err != nil {
			return
		}
		if res.Rows < res.Skipped || res.Stored.New != len(sink.ps) {
			t.Fatalf("inconsistent result %+v for %d postings", res, len(sink.ps))
		}
		for _, p := range sink.ps {
			for _, s := range []string{p.Source, p.SourceID, p.Title, p.Company, p.City, p.Description} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 stored: %q", s)
				}
			}
			if p.Source == "" || p.SourceID == "" || sink.datasets[p.Dataset].Name == "" {
				t.Fatalf("posting without identity or dataset: %+v", p)
			}
			// A row with no date of its own takes the declared sighting,
			// and no other: a publication date is not a sighting.
			if p.PostedAt.IsZero() && p.FirstSeen.IsZero() {
				t.Fatalf("undated posting without the declared sighting: %+v", p)
			}
			for _, d := range []time.Time{p.PostedAt, p.FirstSeen, p.LastSeen} {
				if err := posting.CheckDate(d, time.Now()); err != nil {
					t.Fatalf("impossible date stored: %v", err)
				}
			}
		}
	})
}

// TestBundledRuanyfPosts imports the bundled "谁在招人" dataset: every
// comment is stored, comments that are not job posts are kept as kind
// other, and each is keyed by its comment URL, as the crawler keys it.
func TestBundledRuanyfPosts(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 1,918 free-text posts (seconds); the demo and the scripts import them too")
	}
	ctx := context.Background()
	s := openStore(t)
	res := mustImport(t, s, "../../data/ruanyf-weekly-hiring/posts.jsonl", Options{})
	if res.Profile != "ruanyf-weekly" || res.Rows != 1918 || res.Stored.New != 1918 || res.Skipped != 0 {
		t.Fatalf("import: %+v %v", res, firstErr(res))
	}
	sm, _ := s.Summary(ctx)
	if sm.Postings < 1600 || sm.Postings > 1800 {
		t.Errorf("%d of 1918 comments taken as job posts; the peer extraction found 1,700", sm.Postings)
	}
	p, ok, _ := s.Get(ctx, RuanyfSource, "https://github.com/ruanyf/weekly/issues/1106#issuecomment-591479390")
	if !ok || p.Kind != posting.Other {
		t.Errorf("the editor's summary of the last thread: ok=%v kind=%q, want kind other", ok, p.Kind)
	}
	p, ok, _ = s.Get(ctx, RuanyfSource, "https://github.com/ruanyf/weekly/issues/1106#issuecomment-591795749")
	if !ok || p.Kind != posting.Job || p.Company != "袋鼠云" || p.City != "杭州" || p.PostedDate() != "2020-02-27" {
		t.Errorf("袋鼠云 post: %+v", p)
	}
	if strings.Contains(p.Description, "###") {
		t.Errorf("description keeps Markdown markers: %.100q", p.Description)
	}
	// A post hiring for several jobs in several cities keeps every one.
	p, _, _ = s.Get(ctx, RuanyfSource, "https://github.com/ruanyf/weekly/issues/1106#issuecomment-591786437")
	if p.Company != "美团" || len(p.Titles) < 4 || p.Titles[0] != p.Title || !slices.Contains(p.Cities, "成都") || p.Cities[0] != p.City {
		t.Errorf("美团 post: company %q titles %q cities %q", p.Company, p.Titles, p.Cities)
	}
}

// TestParallelConversionKeepsFileOrder imports a file of several chunks in
// which good rows, unreadable dates, impossible dates, unreadable lines and
// rows with no text are mixed, and holds the result to what converting one
// row at a time gives: the postings in file order, and every error and
// warning with its line, in order.
func TestParallelConversionKeepsFileOrder(t *testing.T) {
	var b strings.Builder
	var want []string // titles in file order
	var wantSkips, wantNotes []int
	rng := rand.New(rand.NewPCG(3, 5))
	for line := 1; line <= 3*convertChunk+17; line++ {
		title := fmt.Sprintf("Go 开发工程师 %d", line)
		switch rng.IntN(8) {
		case 0:
			fmt.Fprintf(&b, `{"title": %q, "description": "<p>微服务</p>", "posted_at": "someday"}`+"\n", title)
			want, wantNotes = append(want, title), append(wantNotes, line)
		case 1:
			fmt.Fprintf(&b, `{"title": %q, "description": "x", "posted_at": "2199-01-01"}`+"\n", title)
			want, wantNotes = append(want, title), append(wantNotes, line)
		case 2:
			b.WriteString(`{"title": "broken` + "\n")
			wantSkips = append(wantSkips, line)
		case 3:
			b.WriteString(`{"title": "", "description": "", "posted_at": "2021-01-02"}` + "\n")
			wantSkips = append(wantSkips, line)
		default:
			fmt.Fprintf(&b, `{"title": %q, "description": "<b>Kafka</b> &amp; gRPC", "posted_at": "2021-03-04"}`+"\n", title)
			want = append(want, title)
		}
	}
	path := writeFile(t, t.TempDir(), "mixed.jsonl", b.String())
	var sink memSink
	res, err := ImportFile(context.Background(), path, &sink, Options{Source: "mixed", Seen: seen})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range sink.ps {
		got = append(got, p.Title)
	}
	if !slices.Equal(got, want) {
		t.Errorf("postings out of file order or lost: got %d, want %d", len(got), len(want))
	}
	var skips []int
	for _, e := range res.Errors {
		var re *RowError
		if errors.As(e, &re) {
			skips = append(skips, re.Line)
		}
	}
	if !slices.Equal(skips, wantSkips[:min(len(wantSkips), maxKeptErrors)]) || res.Skipped != len(wantSkips) {
		t.Errorf("skipped lines %v (%d), want %v (%d)", skips, res.Skipped, wantSkips, len(wantSkips))
	}
	var notes []int
	for _, n := range res.Notes {
		var line int
		if _, err := fmt.Sscanf(n[strings.Index(n, " line ")+1:], "line %d:", &line); err != nil {
			t.Fatalf("note %q: %v", n, err)
		}
		notes = append(notes, line)
	}
	if !slices.Equal(notes, wantNotes[:min(len(wantNotes), maxKeptErrors)]) || res.Warnings != len(wantNotes) {
		t.Errorf("notes at lines %v (%d), want %v (%d)", notes, res.Warnings, wantNotes, len(wantNotes))
	}
	if res.Rows != 3*convertChunk+17 {
		t.Errorf("rows %d, want %d", res.Rows, 3*convertChunk+17)
	}
}
