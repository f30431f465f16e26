package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// A listing row without a description or a date (a search-result export)
// must not erase what a detail record stored, and the detail record coming
// second must fill in what the listing lacked.
func TestMergeNeverLosesKnownValues(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}})
	posted := time.Date(2018, 4, 8, 0, 0, 0, 0, time.UTC)
	detail := posting.Posting{Source: "lagou", SourceID: "1048957", Title: "数据分析师", Company: "人人贷",
		City: "北京", Salary: "10k-16k", PostedAt: posted, Description: "工作职责：建立相关统计模型，熟悉 golang"}
	listing := posting.Posting{Source: "lagou", SourceID: "1048957", Title: "数据分析师", Company: "人人贷商务顾问（北京）有限公司",
		City: "北京", Salary: "10k-20k"}

	if _, err := s.UpsertBatch(ctx, []posting.Posting{detail}); err != nil {
		t.Fatal(err)
	}
	c, err := s.UpsertBatch(ctx, []posting.Posting{listing})
	if err != nil {
		t.Fatal(err)
	}
	if c.Updated != 1 {
		t.Errorf("listing after detail: %+v, want one update (company and salary changed)", c)
	}
	got, _, err := s.Get(ctx, "lagou", "1048957")
	if err != nil {
		t.Fatal(err)
	}
	if !got.PostedAt.Equal(posted) || got.Description != detail.Description {
		t.Errorf("after the listing: posted_at %v, description %q; the detail record's values were lost", got.PostedAt, got.Description)
	}
	if got.Company != listing.Company || got.Salary != listing.Salary {
		t.Errorf("after the listing: company %q salary %q, want the listing's newer values", got.Company, got.Salary)
	}
	old := versions(t, s, got.ID)
	if len(old) != 1 || old[0]["company"] != "人人贷" || old[0]["salary"] != "10k-16k" {
		t.Errorf("posting_versions = %v, want the replaced company and salary", old)
	}
	var skills int
	if err := s.DB().QueryRow(`SELECT count(*) FROM posting_skills WHERE posting_id = ?`, got.ID).Scan(&skills); err != nil {
		t.Fatal(err)
	}
	if skills != 1 {
		t.Errorf("the kept description's skill tags were dropped (%d tags)", skills)
	}

	// The other order: listing first, then the detail fills it in.
	s2 := openTest(t, Options{})
	for _, p := range []posting.Posting{listing, detail} {
		if _, err := s2.UpsertBatch(ctx, []posting.Posting{p}); err != nil {
			t.Fatal(err)
		}
	}
	got, _, _ = s2.Get(ctx, "lagou", "1048957")
	if !got.PostedAt.Equal(posted) || got.Description != detail.Description || got.Company != detail.Company {
		t.Errorf("listing then detail: %+v", got)
	}
}

func TestMergeKeepsEarliestDates(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	p := job("1", "Go", "x")
	p.PostedAt = time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	p.FirstSeen = time.Date(2021, 3, 2, 0, 0, 0, 0, time.UTC)
	later := p
	later.PostedAt = time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC)
	later.FirstSeen = time.Date(2021, 9, 2, 0, 0, 0, 0, time.UTC)
	undated := p
	undated.PostedAt, undated.FirstSeen = time.Time{}, time.Time{}
	for _, q := range []posting.Posting{p, later, undated} {
		if _, err := s.UpsertBatch(ctx, []posting.Posting{q}); err != nil {
			t.Fatal(err)
		}
	}
	got, _, _ := s.Get(ctx, "test", "1")
	if !got.PostedAt.Equal(p.PostedAt) || !got.FirstSeen.Equal(p.FirstSeen) || !got.LastSeen.Equal(later.FirstSeen) {
		t.Errorf("dates = posted %v first %v last %v; want the earliest posting and sighting, the latest last sighting",
			got.PostedAt, got.FirstSeen, got.LastSeen)
	}
}

// An undated row is stored with no year at all: the import time it is
// stored at is not a date of the job.
func TestUndatedRowsHaveNoYear(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	p := posting.Posting{Source: "lagou", SourceID: "9", Title: "数据分析师", Dataset: "lagou:DataAnalyst"}
	if _, err := s.EnsureDataset(ctx, posting.Dataset{Name: "lagou:DataAnalyst", Platform: "lagou",
		Frame: "query:数据分析", DateBasis: posting.DatePublished}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertBatch(ctx, []posting.Posting{p}); err != nil {
		t.Fatal(err)
	}
	var year, myear any
	if err := s.DB().QueryRow(`SELECT p.year, d.year FROM postings p JOIN posting_datasets d ON d.posting_id = p.id`).Scan(&year, &myear); err != nil {
		t.Fatal(err)
	}
	if year != nil || myear != nil {
		t.Errorf("undated row filed under year %v (dataset year %v)", year, myear)
	}
	// A crawl that really sees it later dates it.
	p.Dataset, p.FirstSeen = "", time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)
	if _, err := s.UpsertBatch(ctx, []posting.Posting{p}); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`SELECT year FROM postings`).Scan(&year); err != nil {
		t.Fatal(err)
	}
	if year != int64(2019) {
		t.Errorf("after a real sighting: year %v, want 2019", year)
	}
}

func TestPlaceholderDatesAreUnknown(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	p := job("1", "Go", "x")
	p.PostedAt = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	c, err := s.UpsertBatch(ctx, []posting.Posting{p})
	if err != nil {
		t.Fatal(err)
	}
	if c.BadDates != 1 {
		t.Errorf("counts %+v: the 1970-01-01 placeholder was not counted", c)
	}
	got, _, _ := s.Get(ctx, "test", "1")
	if !got.PostedAt.IsZero() {
		t.Errorf("posted_at = %v, want unknown", got.PostedAt)
	}
}

func TestSessionCountsRepeatedRows(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	if _, err := s.UpsertBatch(ctx, []posting.Posting{job("0", "Go", "old")}); err != nil {
		t.Fatal(err)
	}
	sess := s.NewSession()
	var total Counts
	for _, b := range [][]posting.Posting{{job("0", "Go", "old"), job("1", "Go", "a"), job("1", "Go", "a")}, {job("1", "Go", "a")}} {
		c, err := sess.UpsertBatch(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		total.Add(c)
	}
	if want := (Counts{New: 1, Unchanged: 1, Repeated: 2}); total != want {
		t.Errorf("counts = %+v, want %+v", total, want)
	}
}

// The property: over random sequences of overlapping sightings (imports
// with and without descriptions, dates, companies; crawls), no stored field
// ever goes from known to unknown, posted_at never moves later, and every
// value a sighting replaced can be found in posting_versions.
func TestPropertyNoFieldGoesUnknown(t *testing.T) {
	sequences := 1000
	if testing.Short() {
		sequences = 200
	}
	ctx := context.Background()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 11))
	for seq := range sequences {
		s, err := Open(ctx, filepath.Join(dir, fmt.Sprintf("p%d.db", seq)), Options{Now: func() time.Time { return t0 }})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]posting.Posting{} // the best knowledge so far, per id
		ever := map[string]map[string]bool{} // id → "field=value" of every non-empty value sighted
		steps := 2 + rng.IntN(6)
		for range steps {
			var batch []posting.Posting
			for range 1 + rng.IntN(4) {
				batch = append(batch, randomSighting(rng))
			}
			if _, err := s.UpsertBatch(ctx, slices.Clone(batch)); err != nil {
				t.Fatal(err)
			}
			for _, p := range batch {
				if ever[p.SourceID] == nil {
					ever[p.SourceID] = map[string]bool{}
				}
				for f, v := range map[string]string{"title": p.Title, "company": p.Company, "description": p.Description, "salary": p.Salary} {
					if v != "" {
						ever[p.SourceID][f+"="+v] = true
					}
				}
				k := seen[p.SourceID]
				for _, f := range []struct{ dst, in *string }{{&k.Title, &p.Title}, {&k.Company, &p.Company},
					{&k.Description, &p.Description}, {&k.Salary, &p.Salary}} {
					if *f.in != "" {
						*f.dst = *f.in
					}
				}
				if !p.PostedAt.IsZero() && (k.PostedAt.IsZero() || p.PostedAt.Before(k.PostedAt)) {
					k.PostedAt = p.PostedAt
				}
				seen[p.SourceID] = k
			}
			for id, want := range seen {
				got, ok, err := s.Get(ctx, "src", id)
				if err != nil || !ok {
					t.Fatalf("sequence %d: posting %s: %v (found %v)", seq, id, err, ok)
				}
				if got.Title != want.Title || got.Company != want.Company || got.Description != want.Description ||
					got.Salary != want.Salary || !got.PostedAt.Equal(want.PostedAt) {
					t.Fatalf("sequence %d: posting %s =\n %+v\nwant the latest known values\n %+v", seq, id, got, want)
				}
			}
		}
		// Every value ever stored is either current or kept as replaced.
		for id, vals := range ever {
			got, _, _ := s.Get(ctx, "src", id)
			kept := map[string]bool{"title=" + got.Title: true, "company=" + got.Company: true,
				"description=" + got.Description: true, "salary=" + got.Salary: true}
			for _, old := range versions(t, s, got.ID) {
				for f, v := range old {
					if str, ok := v.(string); ok {
						kept[f+"="+str] = true
					}
				}
			}
			for v := range vals {
				if !kept[v] {
					t.Fatalf("sequence %d: posting %s lost %q: neither current nor in posting_versions", seq, id, v)
				}
			}
		}
		if v, err := s.IntegrityCheck(ctx); err != nil || v != "ok" {
			t.Fatalf("sequence %d: integrity %q %v", seq, v, err)
		}
		s.Close()
	}
}

func randomSighting(rng *rand.Rand) posting.Posting {
	pick := func(vals ...string) string { return vals[rng.IntN(len(vals))] }
	p := posting.Posting{Source: "src", SourceID: pick("1", "2", "3"),
		Title: pick("", "Go 开发", "后端开发"), Company: pick("", "字节跳动", "北京字节跳动科技有限公司"),
		Description: pick("", "", "负责微服务", "熟悉 Go 与 Kubernetes"), Salary: pick("", "20-30K"),
		Dataset: pick("", "crawl", "file-a")}
	if p.Title == "" && p.Description == "" {
		p.Title = "Go"
	}
	if rng.IntN(2) == 0 {
		p.PostedAt = time.Date(2020+rng.IntN(4), time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
	}
	if rng.IntN(2) == 0 {
		p.FirstSeen = time.Date(2020+rng.IntN(4), 6, 1, 0, 0, 0, 0, time.UTC)
	}
	return p
}

func versions(t *testing.T, s *Store, id int64) []map[string]any {
	t.Helper()
	rows, err := s.DB().Query(`SELECT old FROM posting_versions WHERE posting_id = ? ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []map[string]any
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(b), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// What a parser read besides the contract's fields (where the company was
// read, the team, the work mode) follows the merge rules: a sighting that
// does not say keeps them; where the company was read goes with the
// company, so a sighting naming another company does not keep the old
// company's source, which stays in posting_versions.
func TestMergeKeepsParsedFields(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	parsed := posting.Posting{Source: "ruanyf-weekly", SourceID: "c1", Title: "容器平台研发工程师", Company: "拼多多",
		CompanyFrom: "heading", Team: "容器平台", WorkMode: "hybrid", Description: "拼多多容器平台招聘，每周1天远程"}
	crawled := posting.Posting{Source: "ruanyf-weekly", SourceID: "c1", Title: "容器平台研发工程师", Company: "拼多多",
		Description: "拼多多容器平台招聘，每周1天远程。更新：北京也可"}
	renamed := posting.Posting{Source: "ruanyf-weekly", SourceID: "c1", Company: "PDD", Description: crawled.Description}
	for _, p := range []posting.Posting{parsed, crawled} {
		if _, err := s.UpsertBatch(ctx, []posting.Posting{p}); err != nil {
			t.Fatal(err)
		}
	}
	got, _, err := s.Get(ctx, "ruanyf-weekly", "c1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Description != crawled.Description || got.CompanyFrom != "heading" || got.Team != "容器平台" || got.WorkMode != "hybrid" {
		t.Errorf("after a sighting without them: company_from %q team %q work_mode %q (description %q)",
			got.CompanyFrom, got.Team, got.WorkMode, got.Description)
	}
	if _, err := s.UpsertBatch(ctx, []posting.Posting{renamed}); err != nil {
		t.Fatal(err)
	}
	got, _, _ = s.Get(ctx, "ruanyf-weekly", "c1")
	if got.Company != "PDD" || got.CompanyFrom != "" || got.Team != "容器平台" {
		t.Errorf("after another company: company %q company_from %q team %q", got.Company, got.CompanyFrom, got.Team)
	}
	old := versions(t, s, got.ID)
	if len(old) == 0 || old[len(old)-1]["company_from"] != "heading" || old[len(old)-1]["company"] != "拼多多" {
		t.Errorf("posting_versions = %v, want the replaced company and where it was read", old)
	}
	// The columns refuse what no parser writes.
	if _, err := s.DB().Exec(`UPDATE postings SET work_mode = 'sometimes' WHERE id = ?`, got.ID); err == nil {
		t.Error("work_mode accepted a value outside remote, hybrid, onsite")
	}
}
