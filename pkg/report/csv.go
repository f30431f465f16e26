package report

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// The tidy tables of a report, one row per observation.
const (
	TableYears     = "years"     // skill, year: the report's skill and each comparison skill
	TablePlatforms = "platforms" // skill, source, year
	TableCompanies = "companies" // skill, company
	TableKeywords  = "keywords"  // company, rank
)

// Tables lists the names CSV and Frame accept, in the order a reader would
// want them.
var Tables = []string{TableYears, TablePlatforms, TableCompanies, TableKeywords}

// CSV writes one of the report's tables (see Tables) as CSV with a header
// row. Shares, intervals and changes are fractions (0.08, not 8%); a value
// that does not exist (the change of a series' first year) is NaN, as gota,
// pandas and R read it. Text cells that a spreadsheet would run as a formula
// are prefixed with an apostrophe (see Frame).
func CSV(w io.Writer, r *trend.Report, table string) error {
	df, err := Frame(r, table)
	if err != nil {
		return err
	}
	if err := df.WriteCSV(w); err != nil {
		return fmt.Errorf("writing the %s table: %w", table, err)
	}
	return nil
}

// Frame returns one of the report's tables as a gota data frame:
//
//	years:     skill, year, total, matched, share, ci_low, ci_high,
//	           change, change_low, change_high, intervals_overlap, significant
//	platforms: skill, source, year, total, matched, share, ci_low, ci_high
//	companies: skill, rank, company, postings, matched
//	keywords:  company, rank, term, score
//
// The change columns compare a year with the series' previous year (see
// Changes). Company names and keywords come from postings, so a cell that
// starts like a formula (=, +, -, @) gets a leading apostrophe: opened in a
// spreadsheet, a crawled "=HYPERLINK(...)" must stay text.
func Frame(r *trend.Report, table string) (dataframe.DataFrame, error) {
	var cols []series.Series
	switch table {
	case TableYears:
		cols = yearsFrame(r)
	case TablePlatforms:
		cols = platformsFrame(r)
	case TableCompanies:
		cols = companiesFrame(r)
	case TableKeywords:
		cols = keywordsFrame(r)
	default:
		return dataframe.DataFrame{}, fmt.Errorf("table %q: want one of %s", table, strings.Join(Tables, ", "))
	}
	df := dataframe.New(cols...)
	if df.Err != nil {
		return df, fmt.Errorf("building the %s table: %w", table, df.Err)
	}
	return df, nil
}

// yearCols are the columns of a share series; gota builds a series from a
// slice, so each column is gathered first.
type yearCols struct {
	skill, source              []string
	year, total, matched       []int
	share, lo, hi              []float64
	change, changeLo, changeHi []float64
	overlap, significant       []any // bool, or nil for no previous year
}

func (c *yearCols) add(skill, source string, ys []trend.YearStat, changes bool) {
	var ch []Change
	if changes {
		ch = Changes(ys)
	}
	for i, y := range ys {
		c.skill = append(c.skill, skill)
		c.source = append(c.source, source)
		c.year = append(c.year, y.Year)
		c.total = append(c.total, y.Total)
		c.matched = append(c.matched, y.Matched)
		c.share = append(c.share, y.Share)
		c.lo = append(c.lo, y.CILow)
		c.hi = append(c.hi, y.CIHigh)
		if !changes {
			continue
		}
		if i == 0 {
			c.change = append(c.change, math.NaN())
			c.changeLo = append(c.changeLo, math.NaN())
			c.changeHi = append(c.changeHi, math.NaN())
			c.overlap = append(c.overlap, nil)
			c.significant = append(c.significant, nil)
			continue
		}
		d := ch[i-1]
		c.change = append(c.change, d.Diff)
		c.changeLo = append(c.changeLo, d.Low)
		c.changeHi = append(c.changeHi, d.High)
		c.overlap = append(c.overlap, d.Overlap)
		c.significant = append(c.significant, d.Significant)
	}
}

func yearsFrame(r *trend.Report) []series.Series {
	var c yearCols
	c.add(r.Skill, "", r.Years, true)
	for _, s := range r.Compare {
		c.add(s.Skill, "", s.Years, true)
	}
	return []series.Series{
		series.New(c.skill, series.String, "skill"),
		series.New(c.year, series.Int, "year"),
		series.New(c.total, series.Int, "total"),
		series.New(c.matched, series.Int, "matched"),
		series.New(c.share, series.Float, "share"),
		series.New(c.lo, series.Float, "ci_low"),
		series.New(c.hi, series.Float, "ci_high"),
		series.New(c.change, series.Float, "change"),
		series.New(c.changeLo, series.Float, "change_low"),
		series.New(c.changeHi, series.Float, "change_high"),
		series.New(c.overlap, series.Bool, "intervals_overlap"),
		series.New(c.significant, series.Bool, "significant"),
	}
}

func platformsFrame(r *trend.Report) []series.Series {
	var c yearCols
	for _, p := range r.Platforms {
		c.add(r.Skill, cell(p.Source), p.Years, false)
	}
	return []series.Series{
		series.New(c.skill, series.String, "skill"),
		series.New(c.source, series.String, "source"),
		series.New(c.year, series.Int, "year"),
		series.New(c.total, series.Int, "total"),
		series.New(c.matched, series.Int, "matched"),
		series.New(c.share, series.Float, "share"),
		series.New(c.lo, series.Float, "ci_low"),
		series.New(c.hi, series.Float, "ci_high"),
	}
}

func companiesFrame(r *trend.Report) []series.Series {
	n := len(r.Companies)
	skill, company := make([]string, n), make([]string, n)
	rank, postings, matched := make([]int, n), make([]int, n), make([]int, n)
	for i, c := range r.Companies {
		skill[i], rank[i], company[i], postings[i], matched[i] = r.Skill, i+1, cell(c.Company), c.Postings, c.Matched
	}
	return []series.Series{
		series.New(skill, series.String, "skill"),
		series.New(rank, series.Int, "rank"),
		series.New(company, series.String, "company"),
		series.New(postings, series.Int, "postings"),
		series.New(matched, series.Int, "matched"),
	}
}

func keywordsFrame(r *trend.Report) []series.Series {
	var company, term []string
	var rank []int
	var score []float64
	for _, c := range r.Companies {
		for i, k := range c.Keywords {
			company = append(company, cell(c.Company))
			rank = append(rank, i+1)
			term = append(term, cell(k.Term))
			score = append(score, k.Score)
		}
	}
	return []series.Series{
		series.New(company, series.String, "company"),
		series.New(rank, series.Int, "rank"),
		series.New(term, series.String, "term"),
		series.New(score, series.Float, "score"),
	}
}

// cell defuses text a spreadsheet would evaluate (OWASP's CSV injection
// advice): posting text is written by strangers.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
