package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/demo"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// A sixth kind, defined here and nowhere else: a board that lists its
// postings as tab-separated lines of text ("job", id, title, company) and
// links its next page with a "next" line. Adding it takes its options
// type, its source and one Register call: nothing in the package changes.

type textBoardOptions struct {
	IDPrefix string `yaml:"id_prefix"` // prepended to every id
}

type textBoard struct {
	name   string
	start  []string
	prefix string
}

func newTextBoard(sc *SourceConfig, o textBoardOptions) (*textBoard, error) {
	if len(sc.Start) == 0 {
		return nil, fmt.Errorf("source %s: kind text-board needs a start URL", sc.Name)
	}
	return &textBoard{name: sc.Name, start: sc.Start, prefix: o.IDPrefix}, nil
}

func (s *textBoard) Name() string { return s.name }

func (s *textBoard) Seeds(context.Context, State) ([]Request, error) {
	var out []Request
	for _, u := range s.start {
		out = append(out, Request{URL: u, Kind: KindListing})
	}
	return out, nil
}

func (s *textBoard) Parse(_ context.Context, p *Page) (Result, error) {
	res := Result{Kind: KindListing}
	for _, line := range strings.Split(string(p.Body), "\n") {
		f := strings.Split(line, "\t")
		switch {
		case f[0] == "job" && len(f) == 4:
			res.Postings = append(res.Postings, posting.Posting{Source: s.name, SourceID: s.prefix + f[1], Title: f[2], Company: f[3],
				URL: p.URL.String() + "#" + f[1], Description: f[2] + "，" + f[3]})
		case f[0] == "next" && len(f) == 2:
			res.Follow = append(res.Follow, Request{URL: f[1], Kind: KindListing})
		}
	}
	return res, nil
}

// withKind registers k for the test and removes it afterwards.
func withKind(t *testing.T, k *Kind) {
	t.Helper()
	registry.Lock()
	saved := append([]*Kind(nil), registry.kinds...)
	registry.Unlock()
	t.Cleanup(func() {
		registry.Lock()
		registry.kinds = saved
		registry.Unlock()
	})
	if err := Register(k); err != nil {
		t.Fatal(err)
	}
}

func TestRegisterANewKind(t *testing.T) {
	withKind(t, NewKind(KindSpec[textBoardOptions]{Name: "text-board", Block: "text", Platform: "textland", New: built(newTextBoard)}))
	if !slices.Contains(Kinds(), "text-board") {
		t.Fatalf("Kinds() = %v", Kinds())
	}
	srv, rec := site(t, map[string]http.HandlerFunc{
		"/board/1": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "job\t1\tGo 后端\t甲公司\njob\t2\tJava 后端\t乙公司\nnext\t/board/2\n")
		},
		"/board/2": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "job\t3\tRust 工程师\t丙公司\n") },
	})
	cfg, err := ParseConfig([]byte(fmt.Sprintf(`
sources:
  - name: texts
    kind: text-board
    start: ["%s/board/1"]
    delay: 0s
    text:
      id_prefix: "t-"
`, srv.URL)), "toy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	sum := mustRun(t, cfg, st)
	got := stored(t, st, "texts")
	if len(got) != 3 || got["t-1"].Title != "Go 后端" || got["t-3"].Company != "丙公司" || rec.count("/board/") != 2 {
		t.Errorf("%s; stored %v", sum.Line(), got)
	}
	d := cfg.Sources[0].Dataset()
	if sum.Sources[0].Dataset != "texts" || d.Platform != "textland" || d.Frame != posting.FrameCensus {
		t.Errorf("dataset %q, %+v", sum.Sources[0].Dataset, d)
	}

	// Its options block is checked like any other: a misspelt key, and
	// the block given to a source of another kind, are errors.
	for _, tt := range []struct{ yaml, want string }{
		{"sources:\n  - {name: a, kind: text-board, start: [http://x.com/], text: {id_prefx: t}}\n", `"id_prefx"`},
		{"sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], text: {id_prefix: t}}\n", "kind text-board"},
		{"sources:\n  - {name: a, kind: text-board, text: {id_prefix: t}}\n", "needs a start URL"},
	} {
		if _, err := ParseConfig([]byte(tt.yaml), "toy.yaml"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %s", strings.TrimSpace(tt.yaml), err, tt.want)
		}
	}
	// Names and blocks are unique.
	for _, k := range []*Kind{
		NewKind(KindSpec[textBoardOptions]{Name: "text-board", Block: "other", New: built(newTextBoard)}),
		NewKind(KindSpec[textBoardOptions]{Name: "other", Block: "css", New: built(newTextBoard)}),
		NewKind(KindSpec[textBoardOptions]{Name: "lagou", New: built(newTextBoard)}),
	} {
		if err := Register(k); err == nil {
			t.Errorf("kind %s with block %s registered twice", k.Name(), k.Block())
		}
	}
}

func TestDatasets(t *testing.T) {
	cfg, err := ParseConfig([]byte(`
sources:
  - name: board
    kind: css
    start: ["https://jobs.example.com/list"]
    css: {title: h1}
  - name: dated
    kind: css
    start: ["https://www.example.org/list"]
    css: {title: h1, posted_at: time@datetime}
    dataset: example/2025
    frame: sample
  - name: lagou
    kind: lagou
    lagou: {queries: [{keyword: Golang}, {keyword: Go, city: 北京}, {keyword: golang, city: 上海}]}
  - name: zhaopin
    kind: zhaopin
    start: ["https://sou.zhaopin.com/?jl=530&kw=golang", "https://sou.zhaopin.com/?jl=538&kw=Go"]
  - name: zhaopin-all
    kind: zhaopin
    start: ["https://sou.zhaopin.com/?jl=530"]
  - name: threads
    kind: github-threads
    github: {repo: ruanyf/weekly}
    platform: github
    date_basis: first-seen
`), "datasets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]posting.Dataset{
		"board":       {Name: "board", Platform: "jobs.example.com", Frame: "census", DateBasis: "first_seen"},
		"dated":       {Name: "example/2025", Platform: "example.org", Frame: "sample", DateBasis: "published"},
		"lagou":       {Name: "lagou", Platform: "lagou", Frame: "query:golang,go", DateBasis: "published"},
		"zhaopin":     {Name: "zhaopin", Platform: "zhaopin", Frame: "query:golang,go", DateBasis: "published"},
		"zhaopin-all": {Name: "zhaopin-all", Platform: "zhaopin", Frame: "census", DateBasis: "published"},
		"threads":     {Name: "threads", Platform: "github", Frame: "census", DateBasis: "first_seen"},
	}
	for _, sc := range cfg.Sources {
		d := sc.Dataset()
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", sc.Name, err)
		}
		d.About = ""
		if d != want[sc.Name] {
			t.Errorf("%s: dataset %+v, want %+v", sc.Name, d, want[sc.Name])
		}
	}
	for _, tt := range []struct{ yaml, want string }{
		{"sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], frame: everything}\n", "frame"},
		{"sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], frame: 'query:'}\n", "query:"},
		{"sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], date_basis: yesterday}\n", "date_basis"},
		{"sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], dataset: 'two words'}\n", "dataset"},
		{"sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], platform: 'Big Board'}\n", "platform"},
	} {
		if _, err := ParseConfig([]byte(tt.yaml), "d.yaml"); err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "d.yaml") {
			t.Errorf("%s: err = %v, want one naming d.yaml and %s", strings.TrimSpace(tt.yaml), err, tt.want)
		}
	}
}

// TestEveryPostingNamesItsDataset: the crawl hands the store postings that
// name the source's dataset, and registers the dataset first when the
// store keeps datasets.
func TestEveryPostingNamesItsDataset(t *testing.T) {
	srv, _ := site(t, map[string]http.HandlerFunc{
		"/":      func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, links("/job/1", "/job/2")) },
		"/job/1": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, jobPage("1", "甲")) },
		"/job/2": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, jobPage("2", "乙")) },
	})
	cfg := cfgFor("ds", srv.URL+"/", fast())
	cfg.Sources[0].DatasetName, cfg.Sources[0].Frame = "ds-2025", "sample"
	rs := &recordingStore{Store: SQLiteStore(openStore(t))}
	sum := mustRun(t, cfg, rs)
	if sum.New != 2 || len(rs.postings) != 2 {
		t.Fatalf("%s; %d postings handed to the store", sum.Line(), len(rs.postings))
	}
	for _, p := range rs.postings {
		if p.Dataset != "ds-2025" {
			t.Errorf("posting %s has dataset %q, want ds-2025", p.SourceID, p.Dataset)
		}
	}

	if len(rs.datasets) != 1 || rs.datasets[0].Name != "ds-2025" || rs.datasets[0].Frame != "sample" {
		t.Errorf("registered %+v", rs.datasets)
	}

	// An aggregator's postings stored under the platforms they name belong
	// to those platforms' datasets, not to the aggregator's.
	board, err := demo.New(demo.Options{Generated: -1})
	if err != nil {
		t.Fatal(err)
	}
	bsrv := httptest.NewServer(board.Handler())
	defer bsrv.Close()
	s := fast()
	s.MaxPages = 60
	rs = &recordingStore{Store: SQLiteStore(openStore(t))}
	mustRun(t, demoConfig(bsrv.URL, s), rs)
	if len(rs.postings) == 0 {
		t.Fatal("nothing crawled from the demo board")
	}
	for _, p := range rs.postings {
		if p.Source == "demo" || p.Dataset != p.Source {
			t.Fatalf("posting %s/%s has dataset %q; want its own source's", p.Source, p.SourceID, p.Dataset)
		}
	}
}

// recordingStore remembers what the crawl hands the store.
type recordingStore struct {
	Store
	postings []posting.Posting
	datasets []posting.Dataset
}

func (s *recordingStore) UpsertBatch(ctx context.Context, ps []posting.Posting) (store.Counts, error) {
	s.postings = append(s.postings, ps...)
	return s.Store.UpsertBatch(ctx, ps)
}

func (s *recordingStore) EnsureDataset(_ context.Context, d posting.Dataset) (bool, error) {
	s.datasets = append(s.datasets, d)
	return true, nil
}
