package ingest

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// membership is where the store filed one posting: its dataset and the
// year that dataset counts it under (0: none).
func membership(t *testing.T, s *store.Store, source, id string) (dataset string, year int, by string) {
	t.Helper()
	var y, b *string
	err := s.DB().QueryRow(`SELECT d.name, pd.year, pd.dated_by FROM posting_datasets pd
        JOIN datasets d ON d.id = pd.dataset_id JOIN postings p ON p.id = pd.posting_id
        WHERE p.source = ? AND p.source_id = ?`, source, id).Scan(&dataset, &y, &b)
	if err != nil {
		t.Fatalf("%s/%s: %v", source, id, err)
	}
	if y != nil {
		year = atoi(*y)
	}
	if b != nil {
		by = *b
	}
	return dataset, year, by
}

func datasetsOf(t *testing.T, s *store.Store) map[string]posting.Dataset {
	t.Helper()
	ds, err := s.Datasets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]posting.Dataset{}
	for _, d := range ds {
		out[d.Name] = d.Dataset
	}
	return out
}

// TestProfileDatasets imports every real dataset and checks that each row
// is filed in its profile's dataset, declared with the right platform,
// frame and date basis, and counted under the year that basis gives.
func TestProfileDatasets(t *testing.T) {
	type want struct {
		name, platform, frame, basis string
	}
	type spot struct {
		source, id, dataset string
		year                int
		by                  string
	}
	tests := []struct {
		file     string
		datasets []want
		spots    []spot
	}{
		{"jobhunting-2024/jobs.csv", []want{
			{"jobhunting/51job", "51job", "sample", "first_seen"},
			{"jobhunting/boss", "boss", "sample", "first_seen"},
			{"jobhunting/lagou", "lagou", "sample", "first_seen"},
			{"jobhunting/liepin", "liepin", "sample", "first_seen"},
			{"jobhunting/zhaopin", "zhaopin", "sample", "first_seen"},
		}, []spot{
			// Published 2023-08-15, first seen 2024-11-21 still listed: a
			// 2024 posting of this sample, not a 2023 one.
			{"zhaopin", "40497372912", "jobhunting/zhaopin", 2024, "first_seen"},
			// No publication date (BOSS list pages show none).
			{"boss", "9ff4c34d82bb8b531HR-2tq6EVFQ", "jobhunting/boss", 2024, "first_seen"},
		}},
		{"lagou-2018-content/Lagou_Data.csv", []want{{"lagou:Lagou_Data", "lagou", "sample", "published"}},
			[]spot{{"lagou", "4362228", "lagou:Lagou_Data", 2018, "published"}}},
		// No date at all: filed in its dataset under no year.
		{"lagou-dataanalyst/DataAnalyst.gbk.csv", []want{{"lagou:DataAnalyst.gbk", "lagou", "sample", "published"}},
			[]spot{{"lagou", "2537336", "lagou:DataAnalyst.gbk", 0, ""}}},
		{"boss-golang-2021/golang.jsonl", []want{{"boss:golang", "boss", "sample", "published"}},
			[]spot{{"boss", "b56065920a1db68f1nN_09i5EFdZ", "boss:golang", 0, ""}}},
		{"zhaopin-2020/zl.jsonl", []want{{"zhaopin:zl", "zhaopin", "sample", "first_seen"}},
			[]spot{{"zhaopin", "CC120072300J00203379213", "zhaopin:zl", 2020, "first_seen"}}},
		{"hn-whoishiring-2013-2018/posts.jsonl", []want{{"hn", "hackernews", "sample", "published"}},
			[]spot{{"hn", "6476543", "hn", 2013, "published"}}},
		{"../../data/ruanyf-weekly-hiring/posts.jsonl", []want{{"ruanyf-weekly", "github", "census", "published"}},
			[]spot{{RuanyfSource, "https://github.com/ruanyf/weekly/issues/1106#issuecomment-591795749", "ruanyf-weekly", 2020, "published"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if testing.Short() && strings.Contains(tt.file, "ruanyf") {
				t.Skip("parses 1,918 free-text posts")
			}
			s := openStore(t)
			path := filepath.Join(corpus, tt.file)
			if strings.HasPrefix(tt.file, "..") {
				path = filepath.Join("..", "..", strings.TrimPrefix(tt.file, "../../"))
			}
			res, err := ImportFile(context.Background(), path, s.NewSession(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := datasetsOf(t, s)
			var names []string
			for _, w := range tt.datasets {
				names = append(names, w.name)
				d, ok := got[w.name]
				if !ok {
					t.Errorf("dataset %s not registered (have %v)", w.name, got)
					continue
				}
				if d.Platform != w.platform || d.Frame != w.frame || d.DateBasis != w.basis || d.About == "" {
					t.Errorf("dataset %s = %+v, want platform %s, frame %s, basis %s", w.name, d, w.platform, w.frame, w.basis)
				}
			}
			if len(got) != len(tt.datasets) {
				t.Errorf("datasets %v, want only %v", got, names)
			}
			resNames := append([]string(nil), res.Datasets...)
			sort.Strings(resNames)
			sort.Strings(names)
			if strings.Join(resNames, ",") != strings.Join(names, ",") {
				t.Errorf("Result.Datasets = %v, want %v", res.Datasets, names)
			}
			for _, sp := range tt.spots {
				name, year, by := membership(t, s, sp.source, sp.id)
				if name != sp.dataset || year != sp.year || by != sp.by {
					t.Errorf("%s/%s filed in %s under %d (by %q), want %s under %d (by %q)",
						sp.source, sp.id, name, year, by, sp.dataset, sp.year, sp.by)
				}
			}
		})
	}
}

// TestDeclaredDataset: --dataset, --platform, --frame and --date-basis
// declare what the profile cannot know, such as the keyword of a search.
func TestDeclaredDataset(t *testing.T) {
	s := openStore(t)
	_, err := ImportFile(context.Background(), filepath.Join(corpus, "boss-golang-2021/golang.jsonl"), s.NewSession(),
		Options{Dataset: "boss-golang-2021", Frame: "query: Golang ", DateBasis: "first_seen", Seen: seen})
	if err != nil {
		t.Fatal(err)
	}
	got := datasetsOf(t, s)
	want := posting.Dataset{Name: "boss-golang-2021", Platform: "boss", Frame: "query:golang", DateBasis: "first_seen"}
	d := got["boss-golang-2021"]
	d.About = ""
	if len(got) != 1 || d != want {
		t.Errorf("datasets %+v, want only %+v", got, want)
	}
	name, year, by := membership(t, s, "boss", "b56065920a1db68f1nN_09i5EFdZ")
	if name != "boss-golang-2021" || year != seen.Year() || by != "first_seen" {
		t.Errorf("filed in %s under %d by %s", name, year, by)
	}

	// A generic file: SOURCE:FILE, a census dated by publication; the
	// platform is declared.
	path := writeFile(t, t.TempDir(), "liepin_2019.csv", "title,date\nGo 开发,2019-03-01\n")
	if _, err := ImportFile(context.Background(), path, s.NewSession(), Options{Platform: "liepin"}); err != nil {
		t.Fatal(err)
	}
	d = datasetsOf(t, s)["liepin-2019:liepin_2019"]
	if d.Platform != "liepin" || d.Frame != "census" || d.DateBasis != "published" {
		t.Errorf("generic dataset = %+v", d)
	}

	for _, o := range []Options{{Frame: "query:"}, {Frame: "all"}, {DateBasis: "crawled"}, {Dataset: "a\x1b]0;x\x07"}} {
		if _, err := ImportFile(context.Background(), path, s.NewSession(), o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// TestDatasetsRegisteredBeforeTheirRows: the job-hunting export names five
// platforms, met at different points of the file; each dataset reaches the
// sink before the first batch holding one of its rows (memSink fails a
// batch otherwise).
func TestDatasetsRegisteredBeforeTheirRows(t *testing.T) {
	sink := &memSink{}
	res, err := ImportFile(context.Background(), filepath.Join(corpus, "jobhunting-2024/jobs.csv"), sink, Options{Batch: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.datasets) != 5 || len(sink.ps) != res.Rows {
		t.Errorf("%d datasets, %d of %d rows stored", len(sink.datasets), len(sink.ps), res.Rows)
	}
	for _, p := range sink.ps {
		if p.Dataset != "jobhunting/"+p.Source {
			t.Fatalf("%s/%s in dataset %q", p.Source, p.SourceID, p.Dataset)
		}
	}
}

// TestUndatedRowsAreNotGuessed: a row with no date is stored undated, not
// dated by the file's modification time (which says when the file was
// copied), unless the user declares a sighting; a publication date is not
// a sighting.
func TestUndatedRowsAreNotGuessed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := writeFile(t, dir, "jobs.csv", "id,title,date\nA,Go 开发,\nB,Rust 开发,2019-03-01\n")
	copied := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path, copied, copied); err != nil {
		t.Fatal(err)
	}
	s := openStore(t)
	res, err := ImportFile(ctx, path, s.NewSession(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Undated != 1 {
		t.Errorf("undated = %d, want 1", res.Undated)
	}
	a, _, _ := s.Get(ctx, "jobs", "A")
	b, _, _ := s.Get(ctx, "jobs", "B")
	if !a.FirstSeen.IsZero() || a.Year() != 0 {
		t.Errorf("A: first seen %v, year %d; want no sighting and no year (the file's time is %v)", a.FirstSeen, a.Year(), copied)
	}
	if !b.FirstSeen.IsZero() || b.Year() != 2019 {
		t.Errorf("B: first seen %v, year %d; want no sighting, year 2019 from its publication date", b.FirstSeen, b.Year())
	}
	if _, year, _ := membership(t, s, "jobs", "A"); year != 0 {
		t.Errorf("A counted under %d", year)
	}

	// Declared: --seen.
	s = openStore(t)
	res, err = ImportFile(ctx, path, s.NewSession(), Options{Seen: seen})
	if err != nil {
		t.Fatal(err)
	}
	a, _, _ = s.Get(ctx, "jobs", "A")
	b, _, _ = s.Get(ctx, "jobs", "B")
	if res.Undated != 0 || !a.FirstSeen.Equal(seen) || a.Year() != seen.Year() || !b.FirstSeen.IsZero() {
		t.Errorf("with --seen: undated %d, A first seen %v (year %d), B first seen %v", res.Undated, a.FirstSeen, a.Year(), b.FirstSeen)
	}
}

// TestImpossibleDates: placeholders, dates before 1990 and dates in the
// future are noted per line, counted, and stored as unknown, never made
// into a year; a date that is merely unreadable is a warning but not one
// of them.
func TestImpossibleDates(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	path := writeFile(t, t.TempDir(), "dates.csv", "id,title,date,first_seen\n"+
		"A,Go,1970-01-01,\n"+
		"B,Go,0000-00-00,\n"+
		"C,Go,1900-01-01 00:00:00,\n"+
		"D,Go,2025-06-01,\n"+
		"E,Go,0,0000-00-00 00:00:00\n"+
		"F,Go,2024-05-01,1970-01-01 08:00:00\n"+
		"G,Go,3天前,\n"+
		"H,Go,2025-03-02,2025-03-01 08:00:00\n") // tomorrow is still inside a day's time zones
	sink := &memSink{}
	res, err := ImportFile(context.Background(), path, sink, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if res.BadDates != 7 || res.Warnings != 8 {
		t.Errorf("bad dates %d, warnings %d; want 7, 8: %v", res.BadDates, res.Warnings, res.Notes)
	}
	for _, line := range []string{"line 2:", "line 3:", "line 4:", "line 5:", "line 6:", "line 7:", "line 8:"} {
		found := false
		for _, n := range res.Notes {
			found = found || strings.Contains(n, line)
		}
		if !found {
			t.Errorf("no note for %s: %v", line, res.Notes)
		}
	}
	for _, p := range sink.ps {
		wantYear := 0
		switch p.SourceID {
		case "F":
			wantYear = 2024
		case "H":
			wantYear = 2025
		}
		if p.Year() != wantYear {
			t.Errorf("%s: year %d (posted %v, seen %v), want %d", p.SourceID, p.Year(), p.PostedAt, p.FirstSeen, wantYear)
		}
	}
	if res.Undated != 6 {
		t.Errorf("undated = %d, want 6 (every row but F and H)", res.Undated)
	}
}
