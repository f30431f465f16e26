package freetext

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

// The benchmarks run over the 1,918 real comments (5.5 MB). Each reports
// posts/s and MB/s (b.SetBytes); BenchmarkBaseline is the floor any parser
// pays — one pass that splits each body into lines and trims them — so the
// speed of Parse and PlainText can be quoted as a ratio to it, measured in
// the same run on the same machine.

func corpusBodies(b *testing.B) ([]string, int64) {
	b.Helper()
	posts := loadCorpus(b)
	bodies := make([]string, len(posts))
	var n int64
	for i, p := range posts {
		bodies[i] = p.Body
		n += int64(len(p.Body))
	}
	return bodies, n
}

func benchCorpus(b *testing.B, f func(string) int) {
	bodies, size := corpusBodies(b)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	sink := 0
	cpu0 := cpuTime()
	for b.Loop() {
		for _, body := range bodies {
			sink += f(body)
		}
	}
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if sink < 0 {
		b.Fatal("unreachable")
	}
	b.ReportMetric(float64(len(bodies)*b.N)/b.Elapsed().Seconds(), "posts/s")
	// CPU time per pass: on a shared machine wall time counts the other
	// processes' turns too; with GOMAXPROCS=1 this is the one core's work
	// (the collector's included)
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkBaseline(b *testing.B) {
	benchCorpus(b, func(s string) int {
		n := 0
		for _, l := range strings.Split(s, "\n") {
			n += len(strings.TrimSpace(l))
		}
		return n
	})
}

func BenchmarkParse(b *testing.B) {
	benchCorpus(b, func(s string) int {
		p := Parse(s)
		return len(p.Title) + len(p.Company)
	})
}

func BenchmarkPlainText(b *testing.B) {
	benchCorpus(b, func(s string) int { return len(PlainText(s)) })
}

// BenchmarkParseHN runs ParseHN over the 250 labelled Hacker News
// comments.
func BenchmarkParseHN(b *testing.B) {
	labels := loadHNLabels(b)
	var size int64
	for _, l := range labels {
		size += int64(len(l.HTML))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	sink := 0
	for b.Loop() {
		for _, l := range labels {
			sink += len(ParseHN(l.HTML).Company)
		}
	}
	b.StopTimer()
	if sink < 0 {
		b.Fatal("unreachable")
	}
	b.ReportMetric(float64(len(labels)*b.N)/b.Elapsed().Seconds(), "posts/s")
}
