package crawl

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// wideListing is a listing page of n links whose <base href> comes last,
// as a template that writes it in the footer would: finding it means
// walking the whole document.
func wideListing(n int) string {
	var b strings.Builder
	b.WriteString("<html><head><title>列表</title></head><body><ul>")
	for i := range n {
		fmt.Fprintf(&b, `<li><a href="job/%d">职位 %d</a></li>`, i, i)
	}
	b.WriteString(`</ul><base href="/jobs/"></body></html>`)
	return b.String()
}

// handleLinks reads a listing as the crawl does — the source's Parse,
// then the engine's filtering of what it follows — and returns the number
// of links to follow and the HTML nodes visited looking for <base>.
func handleLinks(t testing.TB, n int) (follow, visited int) {
	t.Helper()
	src, err := newJSONLDSource(&SourceConfig{Name: "wide", Start: []string{"https://jobs.example.com/list"}, Settings: fast()}, JSONLDOptions{})
	if err != nil {
		t.Fatal(err)
	}
	page := htmlPage(t, "https://jobs.example.com/list", wideListing(n))
	res, err := src.Parse(context.Background(), page)
	if err != nil {
		t.Fatal(err)
	}
	s := fast()
	s.MaxDepth = 0
	r := &sourceRun{sc: &SourceConfig{Name: "wide", Settings: s}, log: discardLog(), opts: Options{Now: time.Now},
		hosts: map[string]bool{"jobs.example.com": true}}
	items, _ := r.followItems(page, 0, res.Follow)
	return len(items), page.baseWalk
}

// TestManyLinksCostLinearly: every link of a page used to search the whole
// document for <base href> again (10,000 links took 3.6 s, 40,000 took
// 65 s). The base is found once per page: four times the links, four
// times the nodes visited, not sixteen.
func TestManyLinksCostLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("reads pages of 10,000 and 40,000 links")
	}
	f10, v10 := handleLinks(t, 10_000)
	f40, v40 := handleLinks(t, 40_000)
	if f10 != 10_000 || f40 != 40_000 {
		t.Fatalf("followed %d and %d links, want 10000 and 40000", f10, f40)
	}
	if v10 == 0 || float64(v40) > 4.2*float64(v10) {
		t.Errorf("nodes visited for <base>: %d for 10,000 links, %d for 40,000; want at most 4.2 times as many", v10, v40)
	}
	// The whole document is walked once: three nodes per link (li, a, text) and a few more.
	if v40 > 3*40_000+20 {
		t.Errorf("%d nodes visited for a page of %d nodes: the document was walked more than once", v40, 3*40_000+12)
	}
	page := htmlPage(t, "https://jobs.example.com/list", wideListing(3))
	if u, err := page.Resolve("job/1"); err != nil || u.String() != "https://jobs.example.com/jobs/job/1" {
		t.Errorf("Resolve with <base href=/jobs/> = %v, %v", u, err)
	}
}

// BenchmarkManyLinks: the cost per link of reading a listing, for 10,000
// and 40,000 links; equal per-link figures mean linear.
//
//	go test ./pkg/crawl -run '^$' -bench ManyLinks
func BenchmarkManyLinks(b *testing.B) {
	for _, n := range []int{10_000, 40_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for range b.N {
				handleLinks(b, n)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/link")
		})
	}
}
