package store

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// TestFastReadsMatchReference: PendingTerms, CompanyCounts and DocStream
// answer exactly what StaleTerms, Companies and Docs answer, on a store
// with reposts (every 60th posting repeats one, in another year), a
// synthetic source, non-posts, postings without a company, cached terms
// of two versions and a posting changed after its terms were cached.
func TestFastReadsMatchReference(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}})
	var ps []posting.Posting
	for i := 0; i < 300; i++ {
		src := []string{"lagou", "boss", "demo-generated"}[i%3]
		p := posting.Posting{Source: src, SourceID: fmt.Sprint(i), Title: "后端", Company: fmt.Sprintf("公司%d", i%6),
			Description: fmt.Sprintf("text %d", i%60) + map[bool]string{true: " golang"}[i%4 == 0], PostedAt: time.Date(2019+i%7, 3, 1, 0, 0, 0, 0, time.UTC)}
		if i%50 == 7 {
			p.Kind = posting.Other
		}
		if i%29 == 0 {
			p.Company = ""
		}
		ps = append(ps, p)
	}
	if _, err := s.UpsertBatch(ctx, ps); err != nil {
		t.Fatal(err)
	}
	// Cache terms for some postings: v1 for most, v0 for a few, and one
	// posting changes after it was cached.
	var ts []Terms
	rows, err := s.StaleTerms(ctx, "v1", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if i%3 != 2 {
			ts = append(ts, Terms{ID: r.ID, ContentHash: r.ContentHash, Blob: []byte(fmt.Sprint("blob", r.ID))})
		}
	}
	if err := s.PutTerms(ctx, "v1", ts); err != nil {
		t.Fatal(err)
	}
	if err := s.PutTerms(ctx, "v0", ts[:5]); err != nil {
		t.Fatal(err)
	}
	changed := ps[10]
	changed.Description += " changed"
	if _, err := s.UpsertBatch(ctx, []posting.Posting{changed}); err != nil {
		t.Fatal(err)
	}
	// Near-duplicates: every fifth posting joins the job of the one before,
	// whatever its company, source or skill, so a job's first posting may
	// lack the skill another of its postings has.
	var ids []int64
	idRows, err := s.DB().QueryContext(ctx, `SELECT id FROM postings ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for idRows.Next() {
		var id int64
		idRows.Scan(&id)
		ids = append(ids, id)
	}
	idRows.Close()
	keys := map[int64]int64{}
	for i := 5; i < len(ids); i += 5 {
		keys[ids[i]] = -ids[i-1] // a key no repost key is likely to be
		keys[ids[i-1]] = -ids[i-1]
	}
	// Postings of one source and other companies: a job two companies
	// posted counts once for each (i%12 == 4: boss, golang; i-3: boss,
	// no golang).
	for i := 4; i < len(ids); i += 12 {
		keys[ids[i]], keys[ids[i-3]] = -ids[i-3], -ids[i-3]
	}
	// And one within a company: posting 8 (golang) joins 2 (no golang),
	// both 公司2 on demo-generated in 2020–2021.
	keys[ids[8]], keys[ids[2]] = -ids[2], -ids[2]
	if err := s.SetJobKeys(ctx, keys); err != nil {
		t.Fatal(err)
	}

	for _, after := range []int64{0, 40, 1000} {
		want, err := s.StaleTerms(ctx, "v1", after, 25)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.PendingTerms(ctx, "v1", after, 25)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("PendingTerms after %d: %v %v, want %v", after, got, err, want)
		}
	}
	for _, f := range []Filter{{From: 2019, To: 2023}, {From: 2020, To: 2021, Synthetic: true}, {Sources: []string{"boss"}}, {From: 2030}} {
		wantC, err := s.Companies(ctx, "go", f)
		if err != nil {
			t.Fatal(err)
		}
		gotC, err := s.CompanyCounts(ctx, "go", f)
		sortCompanies(wantC)
		sortCompanies(gotC)
		if err != nil || fmt.Sprint(gotC) != fmt.Sprint(wantC) {
			t.Errorf("CompanyCounts %+v:\n got %v %v\nwant %v", f, gotC, err, wantC)
		}
		want, got := docs(t, s.Docs, f), docs(t, s.DocStream, f)
		if len(want) == 0 && f.From != 2030 {
			t.Fatalf("%+v: no documents", f)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("DocStream %+v:\n got %v\nwant %v", f, got, want)
		}
	}
}

func sortCompanies(cc []CompanyCount) {
	slices.SortFunc(cc, func(a, b CompanyCount) int { return strings.Compare(a.Company, b.Company) })
}

func docs(t *testing.T, fn func(context.Context, string, Filter, string, func(*Doc) error) error, f Filter) []string {
	t.Helper()
	var out []string
	err := fn(context.Background(), "go", f, "v1", func(d *Doc) error {
		out = append(out, fmt.Sprintf("%d %s %d %s %q %v", d.ID, d.Source, d.Year, d.Company, d.Terms, d.Matched))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestShareCountsMatchReference: ShareCounts, grouped in Go in one pass,
// answers exactly what the SQL that grouped each read answered, on stores
// of random postings: reposts across months, years, sources and datasets,
// a posting in two datasets, companies and none, non-posts, a synthetic
// source, near-duplicates joined by job keys; pooling all of a filter's
// datasets or some.
func TestShareCountsMatchReference(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(4) {
		r := rand.New(rand.NewPCG(seed, 3))
		s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}})
		pick := func(vals ...string) string { return vals[r.IntN(len(vals))] }
		var ps []posting.Posting
		for i := range 400 {
			p := posting.Posting{Source: pick("lagou", "boss", "demo"+SyntheticSuffix), SourceID: fmt.Sprint(r.IntN(300)),
				Title: "后端", Company: pick("", "字节跳动", "腾讯", "阿里巴巴"), Description: pick("golang 微服务", "java", "golang", "rust"),
				Dataset: pick("", "file-a", "file-b"), PostedAt: time.Date(2019+r.IntN(4), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)}
			if i%40 == 7 {
				p.Kind = posting.Other
			}
			if r.IntN(5) == 0 {
				p.PostedAt = time.Time{}
			}
			ps = append(ps, p)
		}
		if _, err := s.UpsertBatch(ctx, ps); err != nil {
			t.Fatal(err)
		}
		keys := map[int64]int64{}
		for id := range int64(300) {
			if r.IntN(3) == 0 {
				keys[id+1] = int64(1 + r.IntN(20))
			}
		}
		if err := s.SetJobKeys(ctx, keys); err != nil {
			t.Fatal(err)
		}
		sets, err := s.Datasets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pooledOnly := func(dd []DistinctCount) []DistinctCount {
			return slices.DeleteFunc(dd, func(d DistinctCount) bool { return d.Dataset != 0 })
		}
		for _, f := range []Filter{{}, {Synthetic: true}, {From: 2020, To: 2021, Datasets: []string{"file-a", "lagou"}},
			{Sources: []string{"boss"}, Synthetic: true}, {From: 2030}} {
			for _, skill := range []string{"go", "java"} {
				at := fmt.Sprintf("seed %d, %+v, %s", seed, f, skill)
				got, err := s.ShareCounts(ctx, skill, f, nil)
				if err != nil {
					t.Fatal(err)
				}
				cells, err1 := s.shareCellsSQL(ctx, skill, f)
				pooled, err2 := s.pooledCellsSQL(ctx, skill, f)
				distinct, err3 := s.distinctCountsSQL(ctx, skill, f)
				if err := cmp.Or(err1, err2, err3); err != nil {
					t.Fatal(err)
				}
				if len(cells) == 0 && f.From != 2030 {
					t.Fatalf("%s: no cells", at)
				}
				for _, c := range []struct{ what, got, want string }{
					{"cells", fmt.Sprint(got.Cells), fmt.Sprint(cells)},
					{"pooled cells", fmt.Sprint(got.Pooled), fmt.Sprint(pooled)},
					{"distinct jobs", fmt.Sprint(got.Distinct), fmt.Sprint(distinct)},
				} {
					if c.got != c.want {
						t.Fatalf("%s: %s\n got %s\nwant %s", at, c.what, c.got, c.want)
					}
				}
				// pooling only file-a and boss: as the SQL over those alone
				narrow := f
				narrow.Datasets = nil
				var pool []int64
				for _, d := range sets {
					if (d.Name == "file-a" || d.Name == "boss") && (len(f.Datasets) == 0 || slices.Contains(f.Datasets, d.Name)) {
						pool = append(pool, d.ID)
						narrow.Datasets = append(narrow.Datasets, d.Name)
					}
				}
				if len(pool) == 0 {
					continue
				}
				got, err = s.ShareCounts(ctx, skill, f, pool)
				pooled, err2 = s.pooledCellsSQL(ctx, skill, narrow)
				distinct, err3 = s.distinctCountsSQL(ctx, skill, narrow)
				if err := cmp.Or(err, err2, err3); err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(got.Pooled) != fmt.Sprint(pooled) || fmt.Sprint(pooledOnly(got.Distinct)) != fmt.Sprint(pooledOnly(distinct)) {
					t.Fatalf("%s, pooling %v: got %v %v\nwant %v %v", at, narrow.Datasets, got.Pooled, pooledOnly(got.Distinct), pooled, pooledOnly(distinct))
				}
			}
		}
	}
}

// TestCoSkillCellsMatchReference: CoSkillCells, grouped in Go, answers
// exactly what the SQL that grouped it answered, on stores of random
// postings with several skills each, reposts across months, years and
// datasets, companies and none.
func TestCoSkillCellsMatchReference(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(4) {
		r := rand.New(rand.NewPCG(seed, 5))
		s := openTest(t, Options{Tagger: &wordTagger{version: "v1"}})
		pick := func(vals ...string) string { return vals[r.IntN(len(vals))] }
		var ps []posting.Posting
		for range 400 {
			var words []string
			for range 1 + r.IntN(3) {
				words = append(words, pick(taggerWords...))
			}
			ps = append(ps, posting.Posting{Source: pick("lagou", "boss", "demo"+SyntheticSuffix), SourceID: fmt.Sprint(r.IntN(300)),
				Title: "后端", Company: pick("", "字节跳动", "腾讯"), Description: strings.Join(words, " "),
				Dataset: pick("", "file-a", "file-b"), PostedAt: time.Date(2019+r.IntN(4), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)})
		}
		if _, err := s.UpsertBatch(ctx, ps); err != nil {
			t.Fatal(err)
		}
		for _, f := range []Filter{{}, {Synthetic: true}, {From: 2020, To: 2021, Datasets: []string{"file-a", "lagou"}}, {From: 2030}} {
			for _, with := range []string{"golang", "kafka"} {
				got, err := s.CoSkillCells(ctx, with, f)
				want, errWant := s.coSkillCellsSQL(ctx, with, f)
				if err != nil || errWant != nil || fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("seed %d, %+v, %s:\n got %v %v\nwant %v %v", seed, f, with, got, err, want, errWant)
				}
				if len(want) == 0 && f.From != 2030 {
					t.Fatalf("seed %d, %+v, %s: no cells", seed, f, with)
				}
			}
		}
	}
}
