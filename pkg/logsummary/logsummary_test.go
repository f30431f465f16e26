package logsummary

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// logAll logs what a crawl of a board with deliberate faults logs: an
// info line, 61 broken JSON-LD blocks on different pages, two refused
// requests, one error.
func logAll(log *slog.Logger) {
	log.Info("starting a crawl", "generation", 1)
	for i := range 61 {
		log.Warn("JSON-LD block skipped", "url", fmt.Sprintf("http://127.0.0.1:8080/jobs/g%06d", 7+50*i), "detail", "block 1: unexpected EOF")
	}
	log.Warn("request refused", "url", "http://127.0.0.1:8080/private/x", "why", "robots.txt")
	log.Warn("request refused", "url", "http://127.0.0.1:8080/private/y", "why", "robots.txt")
	log.Error("site unreachable", "url", "http://127.0.0.1:9/")
}

func lines(b *bytes.Buffer) []string {
	s := strings.TrimSpace(b.String())
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func count(ls []string, sub string) int {
	n := 0
	for _, l := range ls {
		if strings.Contains(l, sub) {
			n++
		}
	}
	return n
}

func TestModes(t *testing.T) {
	for _, tt := range []struct {
		name  string
		mode  Mode
		level slog.Level // the wrapped handler's
		// lines with each message, during the run and after Flush
		info, jsonld, refused, errs int
		summaries                   []string
	}{
		{"default", Default, slog.LevelInfo, 1, 1, 1, 1, []string{
			`JSON-LD block skipped: 61 pages (first: source=board url=http://127.0.0.1:8080/jobs/g000007 detail="block 1: unexpected EOF")`,
			`request refused: 2 pages (first: source=board url=http://127.0.0.1:8080/private/x why=robots.txt)`}},
		{"verbose", Verbose, slog.LevelDebug, 1, 61, 2, 1, nil},
		{"quiet", Quiet, slog.LevelWarn, 0, 0, 0, 1, []string{
			`JSON-LD block skipped: 61 pages (first: source=board url=http://127.0.0.1:8080/jobs/g000007 detail="block 1: unexpected EOF")`,
			`request refused: 2 pages (first: source=board url=http://127.0.0.1:8080/private/x why=robots.txt)`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			h := New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: tt.level}), Options{Mode: tt.mode})
			logAll(slog.New(h).With("source", "board"))
			during := lines(&buf)
			if got := [4]int{count(during, "starting a crawl"), count(during, "JSON-LD block skipped"), count(during, "request refused"), count(during, "level=ERROR")}; got != [4]int{tt.info, tt.jsonld, tt.refused, tt.errs} {
				t.Errorf("lines during the run: info, JSON-LD, refused, errors = %v; want %v\n%s", got, [4]int{tt.info, tt.jsonld, tt.refused, tt.errs}, buf.String())
			}
			buf.Reset()
			if err := h.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			after := lines(&buf)
			if len(after) != len(tt.summaries) {
				t.Fatalf("Flush wrote %d lines, want %d:\n%s", len(after), len(tt.summaries), buf.String())
			}
			for i, want := range tt.summaries {
				if !strings.Contains(after[i], "level=WARN") || !strings.Contains(after[i], fmt.Sprintf("msg=%q", want)) {
					t.Errorf("summary line %d = %s\nwant msg=%q", i, after[i], want)
				}
			}
			// Flush starts the counts again.
			buf.Reset()
			h.Flush(context.Background())
			if buf.Len() != 0 {
				t.Errorf("a second Flush wrote %q", buf.String())
			}
		})
	}
}

func TestSummaryAndTake(t *testing.T) {
	var buf bytes.Buffer
	h := New(slog.NewTextHandler(&buf, nil), Options{Mode: Quiet})
	log := slog.New(h)
	logAll(log.WithGroup("crawl"))
	s := h.Summary()
	if len(s) != 2 || s[0].Message != "JSON-LD block skipped" || s[0].Count != 61 || s[0].Shown != 0 || s[1].Count != 2 {
		t.Fatalf("Summary() = %+v", s)
	}
	if s[0].First[0].Key != "crawl.url" {
		t.Errorf("attributes inside a group: %v", s[0].First)
	}
	k, ok := h.Take("JSON-LD block skipped")
	if !ok || k.Count != 61 {
		t.Errorf("Take = %+v, %v", k, ok)
	}
	if _, ok := h.Take("JSON-LD block skipped"); ok {
		t.Error("taken twice")
	}
	buf.Reset()
	h.Flush(context.Background())
	if ls := lines(&buf); len(ls) != 1 || !strings.Contains(ls[0], "request refused: 2 pages") {
		t.Errorf("after Take, Flush wrote %q", buf.String())
	}
	// A kind with the unit's attribute once: singular; without: times.
	h.Handle(context.Background(), record(slog.LevelWarn, "row skipped", slog.String("row", "7")))
	h.Handle(context.Background(), record(slog.LevelWarn, "odd", slog.Int("n", 1)))
	h.Handle(context.Background(), record(slog.LevelWarn, "odd", slog.Int("n", 2)))
	buf.Reset()
	h.Flush(context.Background())
	if !strings.Contains(buf.String(), "row skipped: 1 row (first: row=7)") || !strings.Contains(buf.String(), "odd: 2 times (first: n=1)") {
		t.Errorf("units: %s", buf.String())
	}
}

func record(l slog.Level, msg string, attrs ...slog.Attr) slog.Record {
	r := slog.NewRecord(time.Time{}, l, msg, 0)
	r.AddAttrs(attrs...)
	return r
}

// TestConcurrentLoggers: workers logging at once through derived
// loggers share one count.
func TestConcurrentLoggers(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	h := New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, nil), Options{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log := slog.New(h).With("worker", w)
			for range 100 {
				log.Warn("page could not be read", "url", "http://x/")
			}
		}()
	}
	wg.Wait()
	if s := h.Summary(); len(s) != 1 || s[0].Count != 800 || s[0].Shown != 1 {
		t.Errorf("Summary() = %+v", s)
	}
	if n := strings.Count(buf.String(), "page could not be read"); n != 1 {
		t.Errorf("%d lines passed, want the first only", n)
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
