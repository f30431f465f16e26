package report

import (
	"math"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// Change is the year-over-year change of a share: the difference to the
// previous year present in the series, with a 95% interval for that
// difference.
type Change struct {
	Year, Prev int     // this year and the year compared with (Year-1 unless a year has no postings)
	Diff       float64 // Share(Year) - Share(Prev), as a fraction (0.034 = +3.4 percentage points)
	Low, High  float64 // 95% interval of Diff (Newcombe's hybrid score method)
	// Overlap says whether the two years' 95% Wilson intervals overlap.
	// Overlapping intervals do not prove "no change" (two intervals can
	// overlap a little while the difference is significant), which is why
	// Significant is judged on the interval of the difference instead.
	Overlap bool
	// Significant is true when the difference's 95% interval excludes zero.
	Significant bool
}

// Changes returns one Change per year after the first. The interval of the
// difference is Newcombe's method 10 (1998), built from the two Wilson
// intervals the report already carries: it needs no other data and agrees
// with them (non-overlapping intervals are always significant).
func Changes(ys []trend.YearStat) []Change {
	if len(ys) < 2 {
		return nil
	}
	out := make([]Change, 0, len(ys)-1)
	for i := 1; i < len(ys); i++ {
		prev, cur := ys[i-1], ys[i]
		d := cur.Share - prev.Share
		c := Change{Year: cur.Year, Prev: prev.Year, Diff: d,
			Low:     d - math.Hypot(cur.Share-cur.CILow, prev.CIHigh-prev.Share),
			High:    d + math.Hypot(cur.CIHigh-cur.Share, prev.Share-prev.CILow),
			Overlap: cur.CILow <= prev.CIHigh && prev.CILow <= cur.CIHigh,
		}
		c.Significant = c.Low > 0 || c.High < 0
		out = append(out, c)
	}
	return out
}

// Verdict says in words what a change means: "not significant", or a
// significant rise or fall.
func (c Change) Verdict() string {
	switch {
	case !c.Significant:
		return "not significant"
	case c.Diff > 0:
		return "significant rise"
	default:
		return "significant fall"
	}
}
