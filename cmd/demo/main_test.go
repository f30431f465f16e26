package main

import (
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// The closing lines are made from the report, so they cannot contradict
// its tables: a dataset left out is named with its reason, a dataset with
// a share in one year only is named with the months it covers, and one
// with two years is not.
func TestClosingSaysWhatTheReportShows(t *testing.T) {
	share := 0.4
	year := func(y int, months ...int) trend.YearStat {
		return trend.YearStat{Year: y, Share: &share, Partial: len(months) > 0, Months: months}
	}
	r := &trend.Report{Skill: "go",
		Sources: []trend.Source{{Source: "search", ExcludedFromShare: true, Reason: "a search for \"golang\""}, {Source: "threads"}},
		Platforms: []trend.Platform{
			{Source: "boss", Years: []trend.YearStat{year(2024, 10, 11), {Year: 2023}}},
			{Source: "threads", Years: []trend.YearStat{year(2023), year(2024)}},
		}}
	got := closing(r)
	for _, want := range []string{`search is left out of go's shares: a search for "golang".`, "boss (2024, 2 months)"} {
		if !strings.Contains(got, want) {
			t.Errorf("closing lacks %q: %s", want, got)
		}
	}
	if strings.Contains(got, "threads (") {
		t.Errorf("a dataset with two years named as a one-year one: %s", got)
	}
}
