package trend

import (
	"context"
	"fmt"
	"slices"
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
