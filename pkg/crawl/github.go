package crawl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jobtrend/jobtrend/pkg/freetext"
	"github.com/jobtrend/jobtrend/pkg/posting"
)

// The github-threads kind: job threads kept as GitHub issues, one post
// per comment.
var githubKind = NewKind(KindSpec[GitHubOptions]{Name: "github-threads", Block: "github", Platform: "github", New: built(newGitHubSource)})

// GitHubOptions configure the github-threads kind: job threads kept as
// GitHub issues, one post per comment (the monthly "谁在招人？" threads of
// ruanyf/weekly).
type GitHubOptions struct {
	Repo         string `yaml:"repo"`          // owner/name
	TitlePattern string `yaml:"title_pattern"` // regexp an issue's title must match (default 谁在招人)
	APIURL       string `yaml:"api_url"`       // default https://api.github.com
	TokenEnv     string `yaml:"token_env"`     // environment variable holding a token (default GITHUB_TOKEN); optional
	RecheckDays  int    `yaml:"recheck_days"`  // threads opened this recently are re-read every run (default 62)
	PerPage      int    `yaml:"per_page"`      // default 100 (GitHub's maximum)
}

const (
	ghStepIssues   = "issues"   // a page of the repository's issues
	ghStepRecent   = "recent"   // the newest issues (one page), for the recheck window
	ghStepComments = "comments" // a page of one thread's comments
	ghSince        = "since"    // state: comments updated since this time are read
)

type githubSource struct {
	name    string
	o       GitHubOptions
	api     *url.URL
	title   *regexp.Regexp
	token   string
	now     func() time.Time
	apiHost string
	getenv  func(string) string
}

func newGitHubSource(sc *SourceConfig, o GitHubOptions) (*githubSource, error) {
	if !regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`).MatchString(o.Repo) {
		return nil, fmt.Errorf("source %s: github.repo %q: want owner/name", sc.Name, o.Repo)
	}
	if o.TitlePattern == "" {
		o.TitlePattern = "谁在招人"
	}
	title, err := regexp.Compile(o.TitlePattern)
	if err != nil {
		return nil, fmt.Errorf("source %s: github.title_pattern %q: %v", sc.Name, o.TitlePattern, err)
	}
	if o.APIURL == "" {
		o.APIURL = "https://api.github.com"
	}
	api, err := url.Parse(strings.TrimSuffix(o.APIURL, "/"))
	if err != nil || (api.Scheme != "http" && api.Scheme != "https") || api.Host == "" {
		return nil, fmt.Errorf("source %s: github.api_url %q: want an http(s) URL", sc.Name, o.APIURL)
	}
	if o.TokenEnv == "" {
		o.TokenEnv = "GITHUB_TOKEN"
	}
	if o.RecheckDays == 0 {
		o.RecheckDays = 62
	}
	if o.PerPage == 0 {
		o.PerPage = 100
	}
	if o.PerPage < 1 || o.PerPage > 100 || o.RecheckDays < 0 {
		return nil, fmt.Errorf("source %s: github.per_page must be 1-100 and recheck_days not negative", sc.Name)
	}
	return &githubSource{name: sc.Name, o: o, api: api, title: title, now: time.Now, apiHost: api.Host}, nil
}

func (s *githubSource) Name() string { return s.name }

func (s *githubSource) endpoint(path string, q url.Values) string {
	u := *s.api
	u.Path = strings.TrimSuffix(s.api.Path, "/") + path
	u.RawQuery = q.Encode()
	return u.String()
}

// Seeds: the repository's issues updated since the last finished crawl
// (all of them the first time), and its newest issues, whose threads are
// re-read while they are recent — posts there are still being added and
// edited. The token, if any, is read from the environment now and sent
// with the requests, never stored.
func (s *githubSource) Seeds(ctx context.Context, st State) ([]Request, error) {
	if s.getenv != nil {
		s.token = strings.TrimSpace(s.getenv(s.o.TokenEnv))
	}
	since, _, err := st.Value(ctx, ghSince)
	if err != nil {
		return nil, err
	}
	q := url.Values{"state": {"all"}, "per_page": {strconv.Itoa(s.o.PerPage)}, "sort": {"updated"}, "direction": {"desc"}}
	if since != "" {
		q.Set("since", since)
	}
	seeds := []Request{{URL: s.endpoint("/repos/"+s.o.Repo+"/issues", q), Kind: KindAPI,
		Meta: map[string]string{"step": ghStepIssues, "since": since}}}
	if since != "" && s.o.RecheckDays > 0 {
		rq := url.Values{"state": {"all"}, "per_page": {strconv.Itoa(s.o.PerPage)}, "sort": {"created"}, "direction": {"desc"}}
		seeds = append(seeds, Request{URL: s.endpoint("/repos/"+s.o.Repo+"/issues", rq), Kind: KindAPI,
			Meta: map[string]string{"step": ghStepRecent, "since": since}})
	}
	return seeds, nil
}

// setEnv gives the source the run's environment (Options.Getenv).
func (s *githubSource) setEnv(getenv func(string) string) { s.getenv = getenv }

// SetHeaders sends the token and the API's media type with API requests.
func (s *githubSource) SetHeaders(u *url.URL, h http.Header) {
	if u.Host != s.apiHost {
		return
	}
	h.Set("Accept", "application/vnd.github+json")
	h.Set("X-GitHub-Api-Version", "2022-11-28")
	if s.token != "" {
		h.Set("Authorization", "Bearer "+s.token)
	}
}

// Finish moves the "since" cursor to the start of the generation that just
// completed (less a margin for clock skew): the next crawl reads only
// comments created or edited after it.
func (s *githubSource) Finish(ctx context.Context, st State, started time.Time) error {
	return st.SetValue(ctx, ghSince, started.Add(-5*time.Minute).UTC().Format(time.RFC3339))
}

type ghIssue struct {
	Number      int             `json:"number"`
	Title       string          `json:"title"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	PullRequest json.RawMessage `json:"pull_request"`
	Comments    int             `json:"comments"`
}

type ghComment struct {
	ID        int64     `json:"id"`
	HTMLURL   string    `json:"html_url"`
	IssueURL  string    `json:"issue_url"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	User      struct {
		Login string `json:"login"`
	} `json:"user"`
}

func (s *githubSource) Parse(_ context.Context, p *Page) (Result, error) {
	res := Result{Kind: KindAPI}
	body := bytes.TrimSpace(p.Body)
	if len(body) == 0 || body[0] != '[' {
		var e struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(body, &e) == nil && e.Message != "" {
			return res, fmt.Errorf("GitHub API: %s", e.Message)
		}
		return res, fmt.Errorf("GitHub API %s: not a JSON array", p.URL)
	}
	step := p.Request.Meta["step"]
	if step == "" { // a saved response: tell comments from issues by shape
		step = ghStepIssues
		var first []map[string]json.RawMessage
		if json.Unmarshal(body, &first) == nil && len(first) > 0 {
			if _, ok := first[0]["issue_url"]; ok {
				step = ghStepComments
			}
		}
	}
	switch step {
	case ghStepComments:
		var cs []ghComment
		if err := json.Unmarshal(body, &cs); err != nil {
			return res, fmt.Errorf("GitHub comments %s: %w", p.URL, err)
		}
		raws := rawElements(body)
		for i, c := range cs {
			ps, ok := s.postingFromComment(c)
			if !ok {
				res.Warnings = append(res.Warnings, warn("comment without html_url skipped", "comment %d", c.ID))
				continue
			}
			if i < len(raws) {
				ps.Raw = raws[i]
			}
			res.Postings = append(res.Postings, ps)
		}
	default:
		var is []ghIssue
		if err := json.Unmarshal(body, &is); err != nil {
			return res, fmt.Errorf("GitHub issues %s: %w", p.URL, err)
		}
		since := p.Request.Meta["since"]
		recheckFrom := s.now().AddDate(0, 0, -s.o.RecheckDays)
		oldest := time.Time{}
		for _, is := range is {
			if oldest.IsZero() || is.CreatedAt.Before(oldest) {
				oldest = is.CreatedAt
			}
			if len(is.PullRequest) > 0 && string(is.PullRequest) != "null" {
				continue
			}
			if !s.title.MatchString(is.Title) || p.Saved {
				continue
			}
			if step == ghStepRecent && is.CreatedAt.Before(recheckFrom) {
				continue
			}
			q := url.Values{"per_page": {strconv.Itoa(s.o.PerPage)}}
			if since != "" && step == ghStepIssues {
				q.Set("since", since)
			}
			res.Follow = append(res.Follow, Request{
				URL:  s.endpoint(fmt.Sprintf("/repos/%s/issues/%d/comments", s.o.Repo, is.Number), q),
				Kind: KindAPI, Meta: map[string]string{"step": ghStepComments, "issue": strconv.Itoa(is.Number)},
			})
		}
		if step == ghStepRecent && !oldest.IsZero() && oldest.Before(recheckFrom) {
			return res, nil // the window ends on this page
		}
	}
	if next := linkNext(p.Header.Get("Link")); next != "" && !p.Saved {
		res.Follow = append(res.Follow, Request{URL: next, Kind: KindAPI, Meta: p.Request.Meta})
	}
	return res, nil
}

// postingFromComment stores a comment exactly as the importer stores the
// bundled dataset's copy (see ingest's ruanyf profile): keyed by its URL,
// dated by created_at, read by the free-text parser.
func (s *githubSource) postingFromComment(c ghComment) (posting.Posting, bool) {
	if c.HTMLURL == "" {
		return posting.Posting{}, false
	}
	post, text := freetext.ParseWithText(c.Body)
	p := posting.Posting{
		Source: s.name, SourceID: c.HTMLURL, URL: c.HTMLURL,
		Description: text,
		FirstSeen:   c.CreatedAt.UTC(),
	}
	post.Fill(&p)
	if !c.CreatedAt.IsZero() {
		y, m, d := c.CreatedAt.UTC().Date()
		p.PostedAt = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return p, true
}

// rawElements splits a JSON array into its elements' bytes.
func rawElements(body []byte) [][]byte {
	var raws []json.RawMessage
	if json.Unmarshal(body, &raws) != nil {
		return nil
	}
	out := make([][]byte, len(raws))
	for i, r := range raws {
		out[i] = r
	}
	return out
}

var linkRe = regexp.MustCompile(`<([^>]+)>\s*;\s*rel="?([^",]+)"?`)

// linkNext reads the rel="next" URL of an RFC 8288 Link header, as GitHub
// pages its API.
func linkNext(h string) string {
	for _, m := range linkRe.FindAllStringSubmatch(h, -1) {
		for _, rel := range strings.Fields(m[2]) {
			if rel == "next" {
				return m[1]
			}
		}
	}
	return ""
}
