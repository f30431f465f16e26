package crawl

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// Saved responses: for platforms that answer only a logged-in browser or
// signed requests, a user saves pages (File > Save, or the browser's
// network panel as HAR) into a folder, and the source's own Parse reads
// them exactly as it reads live pages. Links are not followed. Files are
// only read, never written; symbolic links are not followed.

// savedExt are the file types read from a saved-responses folder.
var savedExt = map[string]string{
	".html": "text/html", ".htm": "text/html", ".json": "application/json", ".har": "har",
	".xml": "application/xml", ".txt": "text/plain",
}

// maxSavedFile bounds one saved file (a HAR of a long browsing session can
// be large, but not unbounded).
const maxSavedFile = 256 << 20

func (r *sourceRun) replaySaved(ctx context.Context, dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return &setupError{fmt.Errorf("source %s: saved responses: %w", r.sc.Name, err)}
	}
	if !fi.IsDir() {
		return &setupError{fmt.Errorf("source %s: saved responses: %s is not a folder", r.sc.Name, dir)}
	}
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && savedExt[strings.ToLower(filepath.Ext(path))] != "" {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return &setupError{fmt.Errorf("source %s: saved responses: %w", r.sc.Name, err)}
	}
	sort.Strings(files)
	if len(files) == 0 {
		return &setupError{fmt.Errorf("source %s: saved responses: no .html, .htm, .json, .har, .xml or .txt file in %s", r.sc.Name, dir)}
	}
	r.log.Info("reading saved responses", "folder", dir, "files", len(files))
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		pages, err := readSaved(path)
		if err != nil {
			r.count(func(c *Counters) { c.Errors++ })
			r.log.Warn("saved response unreadable", "file", path, "why", err)
			continue
		}
		var batch []posting.Posting
		for _, p := range pages {
			ps, ok := r.parseSaved(ctx, p, path)
			if ok {
				batch = append(batch, ps...)
			}
		}
		counts, err := r.st.UpsertBatch(ctx, batch)
		if err != nil {
			return fmt.Errorf("source %s: store postings of %s: %w", r.sc.Name, path, err)
		}
		r.count(func(c *Counters) { c.addCounts(counts) })
	}
	return nil
}

// parseSaved parses one saved page; ok is false when it was skipped.
func (r *sourceRun) parseSaved(ctx context.Context, p *Page, file string) ([]posting.Posting, bool) {
	p.Body, p.Charset = decodeBody(p.Body, p.Header.Get("Content-Type"))
	if p.IsHTML() && isAntiBotPage(p.Body) {
		r.count(func(c *Counters) { c.AntiBot++ })
		r.log.Warn("saved page is an anti-bot page; skipped", "file", file, "url", p.URL.String())
		return nil, false
	}
	res, err := r.src.Parse(ctx, p)
	if err != nil {
		r.count(func(c *Counters) { c.Errors++ })
		r.log.Warn("saved page could not be read", "file", file, "url", p.URL.String(), "why", err)
		return nil, false
	}
	for _, w := range res.Warnings {
		r.log.Warn(w.Message, "file", file, "detail", w.Detail)
	}
	ps := r.prepare(res.Postings, p)
	r.count(func(c *Counters) {
		c.Pages++
		c.Warnings += len(res.Warnings)
	})
	return ps, true
}

// readSaved reads one file into pages: a HAR holds many responses, other
// files one.
func readSaved(path string) ([]*Page, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxSavedFile {
		return nil, fmt.Errorf("%s is larger than %d MB", path, maxSavedFile>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ext := strings.ToLower(filepath.Ext(path))
	if savedExt[ext] == "har" {
		return readHAR(b, fi.ModTime())
	}
	abs, _ := filepath.Abs(path)
	p := &Page{
		URL: &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}, Status: http.StatusOK,
		Header: http.Header{"Content-Type": {savedExt[ext]}}, Body: b, Fetched: fi.ModTime().UTC(), Saved: true,
	}
	if p.IsHTML() {
		if u := canonicalURL(b); u != nil {
			p.URL = u
		}
	}
	p.Request = Request{URL: p.URL.String()}
	return []*Page{p}, nil
}

// canonicalURL finds the page's own address in a saved HTML file: <link
// rel=canonical>, og:url, or the "saved from url" comment browsers write.
func canonicalURL(b []byte) *url.URL {
	p := &Page{Body: b, Header: http.Header{"Content-Type": {"text/html"}}, URL: &url.URL{}}
	doc, err := p.Doc()
	if err != nil {
		return nil
	}
	for _, c := range []string{
		attrOf(doc.Find(`link[rel="canonical"]`).First(), "href"),
		attrOf(doc.Find(`meta[property="og:url"]`).First(), "content"),
		savedFrom(b),
	} {
		if c == "" {
			continue
		}
		if u, err := normalizeURL(nil, c); err == nil {
			return u
		}
	}
	return nil
}

// savedFrom reads "<!-- saved from url=(0043)https://… -->".
func savedFrom(b []byte) string {
	i := bytes.Index(b[:min(len(b), 2048)], []byte("saved from url=("))
	if i < 0 {
		return ""
	}
	rest := b[i+len("saved from url=("):]
	j := bytes.IndexByte(rest, ')')
	if j < 0 {
		return ""
	}
	rest = rest[j+1:]
	if k := bytes.Index(rest, []byte("-->")); k >= 0 {
		rest = rest[:k]
	}
	return strings.TrimSpace(string(rest))
}

type harFile struct {
	Log struct {
		Entries []struct {
			StartedDateTime string `json:"startedDateTime"`
			Request         struct {
				Method string `json:"method"`
				URL    string `json:"url"`
			} `json:"request"`
			Response struct {
				Status  int `json:"status"`
				Headers []struct {
					Name  string `json:"name"`
					Value string `json:"value"`
				} `json:"headers"`
				Content struct {
					MimeType string `json:"mimeType"`
					Text     string `json:"text"`
					Encoding string `json:"encoding"`
				} `json:"content"`
			} `json:"response"`
		} `json:"entries"`
	} `json:"log"`
}

// readHAR reads the successful text responses of a HAR archive.
func readHAR(b []byte, mod time.Time) ([]*Page, error) {
	var h harFile
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("HAR: %w", err)
	}
	if len(h.Log.Entries) == 0 {
		return nil, errors.New("HAR: no entries")
	}
	var out []*Page
	for _, e := range h.Log.Entries {
		if e.Response.Status < 200 || e.Response.Status > 299 || e.Response.Content.Text == "" {
			continue
		}
		u, err := url.Parse(e.Request.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		body := []byte(e.Response.Content.Text)
		if strings.EqualFold(e.Response.Content.Encoding, "base64") {
			if body, err = base64.StdEncoding.DecodeString(e.Response.Content.Text); err != nil {
				continue
			}
		}
		hdr := http.Header{}
		for _, kv := range e.Response.Headers {
			hdr.Add(kv.Name, kv.Value)
		}
		if e.Response.Content.MimeType != "" {
			hdr.Set("Content-Type", e.Response.Content.MimeType)
		}
		fetched := mod.UTC()
		if t, err := time.Parse(time.RFC3339, e.StartedDateTime); err == nil {
			fetched = t.UTC()
		}
		mt := strings.ToLower(hdr.Get("Content-Type"))
		if !strings.Contains(mt, "html") && !strings.Contains(mt, "json") && !strings.Contains(mt, "xml") &&
			!strings.Contains(mt, "text") && !strings.Contains(mt, "javascript") {
			continue // images, fonts, ...
		}
		out = append(out, &Page{URL: u, Status: e.Response.Status, Header: hdr, Body: body, Fetched: fetched, Saved: true,
			Request: Request{URL: u.String(), Method: e.Request.Method}})
	}
	return out, nil
}
