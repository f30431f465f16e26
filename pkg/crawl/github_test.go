package crawl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/data"
	"github.com/jobtrend/jobtrend/pkg/freetext"
	"github.com/jobtrend/jobtrend/pkg/ingest"
	"github.com/jobtrend/jobtrend/pkg/posting"
)

// ruanyfPost is one line of the bundled "谁在招人？" dataset.
type ruanyfPost struct {
	Issue     int    `json:"issue"`
	Thread    string `json:"thread"`
	CommentID int64  `json:"comment_id"`
	Author    string `json:"author"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	Body      string `json:"body"`
}

func ruanyfPosts(t testing.TB) []ruanyfPost {
	t.Helper()
	var out []ruanyfPost
	sc := bufio.NewScanner(bytes.NewReader(data.RuanyfPosts))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var p ruanyfPost
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// fakeGitHub serves GitHub's REST API shapes for ruanyf/weekly from the
// real posts: issues (the threads, plus issues that are not threads and a
// pull request), their comments, paged with Link headers and per_page,
// filtered by since; and its rate limits on demand.
type fakeGitHub struct {
	mu       sync.Mutex
	issues   []map[string]any
	comments map[int][]map[string]any
	base     string
	requests []string
	auth     []string
	// rateLimitAt makes the n-th API request report X-RateLimit-Remaining: 0
	// with a reset one second later; secondaryAt answers 403 + Retry-After: 1.
	rateLimitAt, secondaryAt int
	resetAt                  time.Time
	afterReset               time.Time        // first request after resetAt
	now                      func() time.Time // the crawl's clock; nil: time.Now
}

func newFakeGitHub(t testing.TB, posts []ruanyfPost) *fakeGitHub {
	g := &fakeGitHub{comments: map[int][]map[string]any{}}
	threads := map[int]map[string]any{}
	for _, p := range posts {
		g.comments[p.Issue] = append(g.comments[p.Issue], map[string]any{
			"id": p.CommentID, "html_url": fmt.Sprintf("https://github.com/ruanyf/weekly/issues/%d#issuecomment-%d", p.Issue, p.CommentID),
			"issue_url": fmt.Sprintf("https://api.github.com/repos/ruanyf/weekly/issues/%d", p.Issue),
			"body":      p.Body, "created_at": p.CreatedAt, "updated_at": p.UpdatedAt, "user": map[string]any{"login": p.Author},
		})
		th := threads[p.Issue]
		if th == nil {
			th = map[string]any{"number": p.Issue, "title": p.Thread, "created_at": p.CreatedAt, "updated_at": p.UpdatedAt, "state": "closed"}
			threads[p.Issue] = th
		}
		if p.CreatedAt < th["created_at"].(string) {
			th["created_at"] = p.CreatedAt
		}
		if p.UpdatedAt > th["updated_at"].(string) {
			th["updated_at"] = p.UpdatedAt
		}
	}
	for _, th := range threads {
		g.issues = append(g.issues, th)
	}
	// Issues that are not hiring threads, and a pull request whose title matches.
	for i, title := range []string{"【开源自荐】一个 Go 写的爬虫", "科技爱好者周刊（第 300 期）投稿", "谁在招人？（PR 测试）"} {
		is := map[string]any{"number": 90000 + i, "title": title, "created_at": "2024-05-01T00:00:00Z", "updated_at": "2024-05-02T00:00:00Z"}
		if i == 2 {
			is["pull_request"] = map[string]any{"url": "https://api.github.com/repos/ruanyf/weekly/pulls/90002"}
		}
		g.issues = append(g.issues, is)
		g.comments[90000+i] = []map[string]any{{"id": 1 + i, "html_url": "https://github.com/ruanyf/weekly/issues/x", "body": "not a job",
			"created_at": "2024-05-01T00:00:00Z", "updated_at": "2024-05-01T00:00:00Z"}}
	}
	return g
}

func (g *fakeGitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r.URL.Path == "/robots.txt" {
		http.NotFound(w, r)
		return
	}
	g.requests = append(g.requests, r.URL.RequestURI())
	g.auth = append(g.auth, r.Header.Get("Authorization"))
	n := len(g.requests)
	now := time.Now()
	if g.now != nil {
		now = g.now()
	}
	if !g.resetAt.IsZero() && g.afterReset.IsZero() && n > g.rateLimitAt {
		g.afterReset = now
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-RateLimit-Remaining", "59")
	if n == g.secondaryAt {
		w.Header().Set("Retry-After", "1")
		http.Error(w, `{"message":"You have exceeded a secondary rate limit."}`, http.StatusForbidden)
		return
	}
	if n == g.rateLimitAt {
		g.resetAt = now.Add(time.Second)
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(g.resetAt.Unix()+1, 10))
	}
	q := r.URL.Query()
	since := q.Get("since")
	perPage, _ := strconv.Atoi(q.Get("per_page"))
	if perPage == 0 {
		perPage = 30
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page == 0 {
		page = 1
	}
	var items []map[string]any
	switch {
	case r.URL.Path == "/repos/ruanyf/weekly/issues":
		for _, is := range g.issues {
			if since == "" || is["updated_at"].(string) >= since {
				items = append(items, is)
			}
		}
		key := "updated_at"
		if q.Get("sort") == "created" {
			key = "created_at"
		}
		sort.Slice(items, func(i, j int) bool {
			if a, b := items[i][key].(string), items[j][key].(string); a != b {
				return a > b
			}
			return items[i]["number"].(int) > items[j]["number"].(int) // GitHub's order is total: pages never overlap
		})
	case strings.HasPrefix(r.URL.Path, "/repos/ruanyf/weekly/issues/") && strings.HasSuffix(r.URL.Path, "/comments"):
		num, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/repos/ruanyf/weekly/issues/"), "/comments"))
		cs, ok := g.comments[num]
		if !ok {
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
			return
		}
		for _, c := range cs {
			if since == "" || c["updated_at"].(string) >= since {
				items = append(items, c)
			}
		}
	default:
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	lo, hi := min((page-1)*perPage, len(items)), min(page*perPage, len(items))
	if hi < len(items) {
		next := *r.URL
		nq := next.Query()
		nq.Set("page", strconv.Itoa(page+1))
		next.RawQuery = nq.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<%s%s>; rel="next", <%s%s>; rel="last"`, g.base, next.RequestURI(), g.base, r.URL.Path))
	}
	json.NewEncoder(w).Encode(items[lo:hi])
}

// edit changes a comment's body, as its author editing it would.
func (g *fakeGitHub) edit(issue int, id int64, body string, at time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.comments[issue] {
		if c["id"] == id {
			c["body"] = body
			c["updated_at"] = at.UTC().Format(time.RFC3339)
		}
	}
	for _, is := range g.issues {
		if is["number"] == issue {
			is["updated_at"] = at.UTC().Format(time.RFC3339)
		}
	}
}

func githubConfig(api string, s Settings) *Config {
	return &Config{Sources: []SourceConfig{{Name: "ruanyf-weekly", Kind: "github-threads", Settings: s,
		Options: GitHubOptions{Repo: "ruanyf/weekly", APIURL: api, PerPage: 50}}}}
}

// TestGitHubThreadsGolden crawls every real post from a GitHub-shaped API
// and checks each stored post against the golden file.
func TestGitHubThreadsGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("parses all 1,918 real posts twice")
	}
	posts := ruanyfPosts(t)
	g := newFakeGitHub(t, posts)
	srv := httptest.NewServer(g)
	defer srv.Close()
	clock := newFakeClock()
	g.base, g.now = srv.URL, clock.Now
	g.rateLimitAt, g.secondaryAt = 5, 9
	st := openStore(t)
	s := fast()
	s.Workers = 2
	s.MaxWait = 5 * time.Second // the rate-limit reset is ~2s away
	opts := clock.options()
	opts.Getenv = func(k string) string {
		if k == "GITHUB_TOKEN" {
			return "test-token"
		}
		return ""
	}
	sum, err := Run(context.Background(), githubConfig(srv.URL, s), SQLiteStore(st), opts)
	if err != nil {
		t.Fatal(err)
	}
	got := stored(t, st, "ruanyf-weekly")
	if sum.New != len(posts) || len(got) != len(posts) || sum.Errors != 0 {
		t.Fatalf("%s; stored %d; want all %d posts", sum.Line(), len(got), len(posts))
	}
	for _, p := range got {
		if strings.Contains(p.SourceID, "issues/x") {
			t.Fatalf("a comment of a non-thread issue or pull request was stored: %s", p.SourceID)
		}
	}
	// Rate limits: the request after "remaining 0" waited for the reset;
	// the 403 with Retry-After was retried.
	if g.afterReset.Before(g.resetAt) {
		t.Errorf("a request came %v before the rate-limit reset", g.resetAt.Sub(g.afterReset))
	}
	if sum.Retries < 1 {
		t.Error("the secondary rate limit (403, Retry-After) was not retried")
	}
	for i, a := range g.auth {
		if a != "Bearer test-token" {
			t.Fatalf("request %s sent Authorization %q", g.requests[i], a)
		}
	}
	if n := countRows(t, st, `SELECT count(*) FROM crawl_queue WHERE request LIKE '%test-token%'`); n != 0 {
		t.Error("the token was written to the database")
	}
	// Title, company, city, salary, kind and text are the free-text
	// parser's (pkg/freetext, evolving on its own): the source must pass
	// them through exactly; the golden file pins what the source itself
	// decides — ids, URLs, dates — for every post.
	byURL := map[string]ruanyfPost{}
	for _, p := range posts {
		byURL[fmt.Sprintf("https://github.com/ruanyf/weekly/issues/%d#issuecomment-%d", p.Issue, p.CommentID)] = p
	}
	var pinned []posting.Posting
	for id, p := range got {
		rp, ok := byURL[id]
		if !ok {
			t.Fatalf("stored %s, which is no post", id)
		}
		fp := freetext.Parse(rp.Body)
		wantKind := posting.Job
		if !fp.IsJob {
			wantKind = posting.Other
		}
		if p.Title != fp.Title || p.Company != fp.Company || p.City != fp.City || p.Salary != fp.Salary || p.Kind != wantKind ||
			p.Description != withoutControls(freetext.PlainText(rp.Body)) {
			t.Fatalf("post %s: stored %+v, the free-text parser says %+v", id, p, fp)
		}
		pinned = append(pinned, posting.Posting{Source: p.Source, SourceID: p.SourceID, URL: p.URL, PostedAt: p.PostedAt})
	}
	checkGolden(t, "github-ruanyf-weekly.tsv", pinned)
}

// TestGitHubThreadsMatchImporter: the crawler stores a comment exactly as
// `crawl import` stores the bundled dataset's copy, so crawling after an
// import updates nothing and duplicates nothing; an edited comment, read
// incrementally through "since", updates its post.
func TestGitHubThreadsMatchImporter(t *testing.T) {
	if testing.Short() {
		t.Skip("imports and crawls all 1,918 real posts")
	}
	posts := ruanyfPosts(t)
	st := openStore(t)
	ctx := context.Background()
	res, err := ingest.Import(ctx, "posts.jsonl", bytes.NewReader(data.RuanyfPosts), st, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored.New != len(posts) {
		t.Fatalf("import stored %+v", res.Stored)
	}
	g := newFakeGitHub(t, posts)
	srv := httptest.NewServer(g)
	defer srv.Close()
	g.base = srv.URL
	sum := mustRun(t, githubConfig(srv.URL, fast()), st)
	if sum.New != 0 || sum.Updated != 0 || sum.Unchanged != len(posts) {
		t.Fatalf("crawl after import: %s; want every post unchanged", sum.Line())
	}

	// The next run asks only for what changed since the first crawl began.
	last := posts[len(posts)-1]
	g.edit(last.Issue, last.CommentID, last.Body+"\n\n**更新：此岗位已招满。**", time.Now())
	before := len(g.requests)
	sum = mustRun(t, githubConfig(srv.URL, fast()), st)
	if sum.Updated != 1 || sum.New != 0 {
		t.Errorf("crawl after an edit: %s; want 1 updated", sum.Line())
	}
	var sinceSeen bool
	for _, r := range g.requests[before:] {
		u, _ := url.Parse(r)
		if u.Query().Get("since") != "" {
			sinceSeen = true
		}
	}
	if !sinceSeen || len(g.requests)-before > 10 {
		t.Errorf("incremental run made %d requests (since used: %v); want a few, with since", len(g.requests)-before, sinceSeen)
	}
	p := stored(t, st, "ruanyf-weekly")[fmt.Sprintf("https://github.com/ruanyf/weekly/issues/%d#issuecomment-%d", last.Issue, last.CommentID)]
	if !strings.Contains(p.Description, "此岗位已招满") {
		t.Errorf("edited post not updated: %q", clip(p.Description, 80))
	}
	if n := countRows(t, st, `SELECT count(*) FROM postings`); n != len(posts) {
		t.Errorf("%d rows, want %d", n, len(posts))
	}
}

func TestLinkNext(t *testing.T) {
	h := `<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=9>; rel="last"`
	if got := linkNext(h); got != "https://api.github.com/repositories/1/issues?page=2" {
		t.Errorf("linkNext = %q", got)
	}
	if linkNext(`<https://x/?page=1>; rel="prev"`) != "" || linkNext("") != "" {
		t.Error("a Link without next")
	}
}

func TestGitHubCommentMapping(t *testing.T) {
	src, err := newGitHubSource(&SourceConfig{Name: "ruanyf-weekly"}, GitHubOptions{Repo: "ruanyf/weekly"})
	if err != nil {
		t.Fatal(err)
	}
	c := ghComment{ID: 9, HTMLURL: "https://github.com/ruanyf/weekly/issues/1#issuecomment-9", Body: "谢谢分享",
		CreatedAt: time.Date(2021, 3, 1, 23, 30, 0, 0, time.UTC)}
	p, ok := src.postingFromComment(c)
	if !ok || p.Kind != posting.Other || p.PostedDate() != "2021-03-01" || p.SourceID != c.HTMLURL || p.URL != c.HTMLURL {
		t.Errorf("non-post comment = %+v", p)
	}
}

// withoutControls is text as the store keeps it: control characters but
// tab and line feed dropped (one real post has a stray U+001D).
func withoutControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f {
			return -1
		}
		return r
	}, s)
}
