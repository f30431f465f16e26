package trend

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// Among Go postings, Kubernetes rises inside a census series; a
// "kubernetes" search joining in the last year (all of its Go postings ask
// for it) must not make the rise, and a "golang" search is fine: its
// postings are Go postings.
func TestCoSkillsCompareInsideDatasets(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	id := 0
	add := func(set, frame string, year, n, k8s int) {
		if _, err := s.EnsureDataset(ctx, posting.Dataset{Name: set, Platform: set, Frame: frame, DateBasis: posting.DatePublished}); err != nil {
			t.Fatal(err)
		}
		var ps []posting.Posting
		for i := range n {
			id++
			desc := fmt.Sprintf("岗位 %d：熟悉Go语言，负责后端服务", id)
			if i < k8s {
				desc += "，熟悉 Kubernetes"
			}
			if i%2 == 0 {
				desc += "，熟悉 MySQL"
			}
			ps = append(ps, posting.Posting{Source: set, SourceID: fmt.Sprint(id), Dataset: set, Title: "Go 开发",
				Company: fmt.Sprintf("%s-%d", set, i%40), Description: desc,
				PostedAt: time.Date(year, time.Month(1+i%12), 10, 0, 0, 0, 0, time.UTC)})
		}
		if _, err := s.UpsertBatch(ctx, ps); err != nil {
			t.Fatal(err)
		}
	}
	add("threads", "census", 2021, 400, 40)
	add("threads", "census", 2022, 400, 120)
	add("threads", "census", 2023, 400, 200)
	add("k8s-search", "query:kubernetes", 2023, 600, 600)
	add("golang-search", "query:golang", 2023, 300, 150)
	r, err := CoSkills(ctx, s, Options{Now: func() time.Time { return testNow }}, 5)
	if err != nil {
		t.Fatal(err)
	}
	var k8s, mysql *CoSkill
	for i := range r.Skills {
		switch r.Skills[i].Skill {
		case "kubernetes":
			k8s = &r.Skills[i]
		case "mysql":
			mysql = &r.Skills[i]
		}
	}
	if k8s == nil || mysql == nil {
		t.Fatalf("skills %+v", r.Skills)
	}
	y23, _ := yearOfStats(k8s.Years, 2023)
	if y23.Total != 700 {
		t.Errorf("kubernetes 2023 base: %d postings, want the census's 400 and the golang search's 300 (not the kubernetes search)", y23.Total)
	}
	if k8s.Trend.Direction != Rising || !slices.Contains(r.Rising, "kubernetes") {
		t.Errorf("kubernetes: %+v, rising %v", k8s.Trend, r.Rising)
	}
	if mysql.Trend.Direction != Flat {
		t.Errorf("mysql, half of every year's postings: %+v", mysql.Trend)
	}
	y23, _ = yearOfStats(mysql.Years, 2023)
	if y23.Total != 1300 {
		t.Errorf("mysql 2023 base: %d, want all 1,300 Go postings of 2023", y23.Total)
	}
}

func yearOfStats(ys []YearStat, year int) (YearStat, bool) {
	for _, y := range ys {
		if y.Year == year {
			return y, true
		}
	}
	return YearStat{}, false
}

// A board whose Go postings ask for Kubernetes far more often joins in the
// last year: the pooled level jumps, but inside each dataset nothing
// changes. The report says flat, shows each dataset's own series, and warns
// that the pooled levels mix datasets; the trend report carries the same
// section.
func TestCoSkillsPooledLevelMixesDatasets(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	id := 0
	add := func(set string, year, n, k8s int) {
		if _, err := s.EnsureDataset(ctx, posting.Dataset{Name: set, Platform: set, Frame: "census", DateBasis: posting.DatePublished}); err != nil {
			t.Fatal(err)
		}
		var ps []posting.Posting
		for i := range n {
			id++
			desc := fmt.Sprintf("岗位 %d：熟悉Go语言，负责后端服务", id)
			if i < k8s {
				desc += "，熟悉 Kubernetes"
			}
			ps = append(ps, posting.Posting{Source: set, SourceID: fmt.Sprint(id), Dataset: set, Title: "Go 开发",
				Company: fmt.Sprintf("%s-%d", set, i%40), Description: desc,
				PostedAt: time.Date(year, time.Month(1+i%12), 10, 0, 0, 0, 0, time.UTC)})
		}
		if _, err := s.UpsertBatch(ctx, ps); err != nil {
			t.Fatal(err)
		}
	}
	for _, y := range []int{2021, 2022, 2023} {
		add("threads", y, 400, 40) // 10% every year
	}
	add("board", 2022, 400, 240) // 60% both years
	add("board", 2023, 800, 480)
	r, err := Compute(ctx, s, Options{Now: func() time.Time { return testNow }, Companies: -1, CoSkills: 3})
	if err != nil {
		t.Fatal(err)
	}
	if r.CoSkills == nil || len(r.CoSkills.Skills) == 0 || r.CoSkills.Skills[0].Skill != "kubernetes" {
		t.Fatalf("the report's co-skills: %+v", r.CoSkills)
	}
	k8s := r.CoSkills.Skills[0]
	y21, _ := yearOfStats(k8s.Years, 2021)
	y23, _ := yearOfStats(k8s.Years, 2023)
	if y21.Share == nil || y23.Share == nil || *y23.Share-*y21.Share < 0.3 {
		t.Fatalf("the pooled level should jump (the naive reading): 2021 %v, 2023 %v", y21.Share, y23.Share)
	}
	if k8s.Trend.Direction == Rising || k8s.Trend.SlopePP == nil || *k8s.Trend.SlopePP > 2 || *k8s.Trend.SlopePP < -2 {
		t.Errorf("inside each dataset kubernetes stays put: %+v", k8s.Trend)
	}
	if len(k8s.Datasets) != 2 {
		t.Fatalf("series per dataset: %+v", k8s.Datasets)
	}
	for _, p := range k8s.Datasets {
		for _, y := range p.Years {
			want := 0.1
			if p.Source == "board" {
				want = 0.6
			}
			if y.Share == nil || *y.Share < want-0.01 || *y.Share > want+0.01 {
				t.Errorf("%s %d: share %v, want %.0f%%", p.Source, y.Year, y.Share, 100*want)
			}
		}
	}
	if !slices.ContainsFunc(r.CoSkills.Warnings, func(w string) bool { return strings.Contains(w, "2022 adds board") }) {
		t.Errorf("warnings %q: want the pooled-level warning naming the board joining", r.CoSkills.Warnings)
	}
	// A report that follows no co-skill leaves the section out.
	r, err = Compute(ctx, s, Options{Now: func() time.Time { return testNow }, Companies: -1, CoSkills: -1})
	if err != nil || r.CoSkills != nil {
		t.Errorf("CoSkills -1: %+v, %v", r.CoSkills, err)
	}
}
