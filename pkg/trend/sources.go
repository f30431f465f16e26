package trend

import (
	"context"
	"slices"

	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// DatasetYear is how many job postings a dataset files under one year, and
// by which date.
type DatasetYear struct {
	Year        int `json:"year"`
	Postings    int `json:"postings"`
	ByPublished int `json:"by_published"`  // dated by their publication date
	ByFirstSeen int `json:"by_first_seen"` // dated by the dataset's first sighting
	Months      int `json:"months"`        // calendar months with postings
}

// DatasetSummary is one dataset as `analyze sources` lists it.
type DatasetSummary struct {
	Source
	About string `json:"about"`
	// Dated sums the years' postings: an exact repost listed in two years
	// counts in each, so it may exceed Postings less Undated.
	Dated int           `json:"dated"`
	Years []DatasetYear `json:"years"`
}

// Sources lists every dataset: its platform, sampling frame and date
// basis, how many of its job postings each year holds and by which date,
// how many have no date, and the skills it is selected on (a search for
// them, or ≥ 80% of ≥ 30 postings mentioning them).
func Sources(ctx context.Context, st interface {
	Datasets(ctx context.Context) ([]store.DatasetRecord, error)
	DatasetSkills(ctx context.Context) (map[int64]int, map[int64]map[string]int, error)
	DatasetDating(ctx context.Context) ([]store.Dating, error)
}, tax *skill.Taxonomy) ([]DatasetSummary, error) {
	if tax == nil {
		tax = skill.DefaultTaxonomy()
	}
	sets, err := st.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	totals, skills, err := st.DatasetSkills(ctx)
	if err != nil {
		return nil, err
	}
	dating, err := st.DatasetDating(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]DatasetSummary, 0, len(sets))
	for _, d := range sets {
		s := DatasetSummary{Source: Source{Source: d.Name, Platform: d.Platform, Frame: d.Frame, DateBasis: d.DateBasis,
			Postings: totals[d.ID], SelectedOn: []string{}}, About: d.About, Years: []DatasetYear{}}
		for _, sk := range tax.Names() {
			if sel, _ := selection(d, sk, totals[d.ID], skills[d.ID][sk], tax); sel {
				s.SelectedOn = append(s.SelectedOn, sk)
			}
		}
		byYear := map[int]*DatasetYear{}
		for _, dt := range dating {
			if dt.Dataset != d.ID {
				continue
			}
			if dt.Year == 0 {
				s.Undated += dt.Postings
				continue
			}
			y := byYear[dt.Year]
			if y == nil {
				y = &DatasetYear{Year: dt.Year}
				byYear[dt.Year] = y
			}
			y.Postings += dt.Postings
			y.Months = max(y.Months, dt.MonthsWithin)
			switch dt.DatedBy {
			case "published":
				y.ByPublished += dt.Postings
			case "first_seen":
				y.ByFirstSeen += dt.Postings
			}
			s.Dated += dt.Postings
		}
		for _, year := range sortedYears(byYear) {
			s.Years = append(s.Years, *byYear[year])
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b DatasetSummary) int {
		switch {
		case a.Source.Source < b.Source.Source:
			return -1
		case a.Source.Source > b.Source.Source:
			return 1
		}
		return 0
	})
	return out, nil
}
