package crawl

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// TestGzipBombsAreCapped: colly inflates gzip bodies the HTTP transport
// left compressed — .xml.gz sitemaps, a gzip Content-Type — and reads all
// it inflates. A bomb (64 MB of zeros in 64 KB) must fail at the body cap,
// like any oversized body, without the process ever holding it; a real
// gzipped sitemap must still be read.
func TestGzipBombsAreCapped(t *testing.T) {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	}
	bomb := gz(make([]byte, 64<<20))
	sitemap := gz([]byte(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/job/1</loc></url></urlset>`))
	serve := func(body []byte, ct string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.Write(body)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nSitemap: /sitemap.xml.gz\nSitemap: /bomb.xml.gz\n")
	})
	mux.HandleFunc("/sitemap.xml.gz", serve(sitemap, "application/octet-stream"))
	mux.HandleFunc("/bomb.xml.gz", serve(bomb, "application/octet-stream"))
	mux.HandleFunc("/bomb", serve(bomb, "application/x-gzip"))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, links("/bomb")) })
	mux.HandleFunc("/job/1", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, jobPage("1", "压缩站点地图里的职位"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	st := openStore(t)
	s := fast()
	s.MaxBody = 1 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sum := mustRun(t, cfgFor("gz", srv.URL+"/", s), st)
	runtime.ReadMemStats(&after)
	if got := stored(t, st, "gz"); len(got) != 1 || got["1"].Title != "压缩站点地图里的职位" {
		t.Errorf("the posting of the gzipped sitemap: stored %v", got)
	}
	f, _ := st.Frontier("gz")
	rows, _ := f.Rows(t.Context())
	capped := 0
	for _, r := range rows {
		if strings.Contains(r.URL, "bomb") && r.State == "failed" && strings.Contains(r.Note, "size cap") {
			capped++
		}
	}
	if capped != 2 || sum.Errors != 2 {
		t.Errorf("%s; %d bombs failed at the size cap, want both: %+v", sum.Line(), capped, rows)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 48<<20 {
		t.Errorf("the crawl allocated %d MB for two 64 MB bombs under a 1 MB cap: the inflated bytes were kept", alloc>>20)
	}
}
