package skill

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// benchDocs reads real postings from the shared corpus: Chinese (BOSS
// Golang search, descriptions as published) and English (HN, raw HTML).
// Benchmarks skip when the corpus is not beside the repository.
func benchDocs(b *testing.B) []string {
	b.Helper()
	var docs []string
	read := func(path, field string, max int) {
		f, err := os.Open(path)
		if err != nil {
			b.Skipf("corpus not available: %v", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() && len(docs) < max {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				if s, ok := m[field].(string); ok {
					docs = append(docs, s)
				}
			}
		}
	}
	read("../../../shared/corpus/boss-golang-2021/golang.jsonl", "desc", 188)
	read("../../../shared/corpus/ruanyf-weekly-hiring/posts.jsonl", "body", 188+400)
	read("../../../shared/corpus/hn-whoishiring-2013-2018/posts.jsonl", "full_html", 188+400+400)
	return docs
}

func benchRun(b *testing.B, f func(string)) {
	docs := benchDocs(b)
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			f(d)
		}
	}
}

// BenchmarkHasGo is the tagger's per-posting question; BenchmarkNaiveRegexp
// the baseline it is compared with (same documents, same run).
func BenchmarkHasGo(b *testing.B) {
	tg := DefaultTagger()
	benchRun(b, func(s string) { tg.Has(s, "go") })
}

func BenchmarkTag(b *testing.B) {
	tg := DefaultTagger()
	benchRun(b, func(s string) { tg.Tag(s) })
}

func BenchmarkNaiveRegexp(b *testing.B) {
	re := regexp.MustCompile(`(?i)\bgo\b|golang`)
	benchRun(b, func(s string) { re.MatchString(s) })
}

func BenchmarkNormalizeText(b *testing.B) {
	benchRun(b, func(s string) { normalize.NormalizeText(s) })
}
