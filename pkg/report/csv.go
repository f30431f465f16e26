package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// The tidy tables of a report, one row per observation.
const (
	TableYears     = "years"     // skill, year: pooled, the report's skill and each comparison skill
	TablePlatforms = "platforms" // skill, dataset, year
	TableSources   = "sources"   // skill, dataset: frame, selection, undated postings
	TableCompanies = "companies" // skill, company
	TableKeywords  = "keywords"  // company, rank
	// TableCoSkills (co-skills): with, co-skill, dataset, year
)

// Tables lists the names CSV and Frame accept, in the order a reader would
// want them.
var Tables = []string{TableYears, TablePlatforms, TableSources, TableCompanies, TableKeywords, TableCoSkills}

// BOM is the UTF-8 byte order mark: Excel on Windows reads a CSV file as
// UTF-8 (and shows Chinese) only when it starts with it.
const BOM = bomMark

// CSV writes one of the report's tables (see Tables) as CSV with a header
// row. Shares and their intervals are fractions (0.08, not 8%), changes are
// percentage points; a value that does not exist (the share of a year with
// too few postings, the change of a year no dataset can compare) is an
// empty cell, which pandas and R read as missing. Text cells that a
// spreadsheet would run as a formula are prefixed with an apostrophe (see
// Frame).
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
//	co-skills: with, skill, dataset, platform, frame, year, total, matched, share, ci_low, ci_high, …
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
	case TableSources:
		cols = sourcesFrame(r)
	case TableCompanies:
		cols = companiesFrame(r)
	case TableKeywords:
		cols = keywordsFrame(r)
	case TableCoSkills:
		cols = coSkillsFrame(r)
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
// slice, so each column is gathered first. Columns that may have no value
// are text, empty where there is none.
type yearCols struct {
	skill, dataset, platform, frame    []string
	year, total, distinct, matched     []int
	share, lo, hi, partial, months     []string
	change, changeLo, changeHi, signif []string
	basis                              []string
}

func (c *yearCols) add(skill string, p trend.Platform, ys []trend.YearStat) {
	for _, y := range ys {
		c.skill = append(c.skill, skill)
		c.dataset = append(c.dataset, cell(p.Source))
		c.platform = append(c.platform, cell(p.Platform))
		c.frame = append(c.frame, cell(p.Frame))
		c.year = append(c.year, y.Year)
		c.total = append(c.total, y.Total)
		c.distinct = append(c.distinct, y.Distinct)
		c.matched = append(c.matched, y.Matched)
		c.share = append(c.share, fraction(y.Share))
		c.lo = append(c.lo, fraction(y.CILow))
		c.hi = append(c.hi, fraction(y.CIHigh))
		c.partial = append(c.partial, fmt.Sprint(y.Partial))
		var ms []string
		for _, m := range y.Months {
			ms = append(ms, fmt.Sprint(m))
		}
		c.months = append(c.months, strings.Join(ms, " "))
		if ch := y.Change; ch != nil {
			c.change = append(c.change, fmt.Sprintf("%.2f", ch.PP))
			c.changeLo = append(c.changeLo, fmt.Sprintf("%.2f", ch.CILow))
			c.changeHi = append(c.changeHi, fmt.Sprintf("%.2f", ch.CIHigh))
			c.signif = append(c.signif, fmt.Sprint(ch.Significant))
			c.basis = append(c.basis, cell(ch.Basis))
		} else {
			c.change, c.changeLo, c.changeHi = append(c.change, ""), append(c.changeLo, ""), append(c.changeHi, "")
			c.signif, c.basis = append(c.signif, ""), append(c.basis, "")
		}
	}
}

// fraction writes a share with six decimals, or nothing.
func fraction(f *float64) string {
	if f == nil {
		return ""
	}
	return fmt.Sprintf("%.6f", *f)
}

func (c *yearCols) series(perDataset bool) []series.Series {
	cols := []series.Series{series.New(c.skill, series.String, "skill")}
	if perDataset {
		cols = append(cols, series.New(c.dataset, series.String, "dataset"), series.New(c.platform, series.String, "platform"),
			series.New(c.frame, series.String, "frame"))
	}
	return append(cols,
		series.New(c.year, series.Int, "year"),
		series.New(c.total, series.Int, "total"),
		series.New(c.distinct, series.Int, "distinct"),
		series.New(c.matched, series.Int, "matched"),
		series.New(c.share, series.String, "share"),
		series.New(c.lo, series.String, "ci_low"),
		series.New(c.hi, series.String, "ci_high"),
		series.New(c.partial, series.String, "partial"),
		series.New(c.months, series.String, "months"),
		series.New(c.change, series.String, "change_pp"),
		series.New(c.changeLo, series.String, "change_low_pp"),
		series.New(c.changeHi, series.String, "change_high_pp"),
		series.New(c.signif, series.String, "significant"),
		series.New(c.basis, series.String, "basis"),
	)
}

func yearsFrame(r *trend.Report) []series.Series {
	var c yearCols
	c.add(r.Skill, trend.Platform{}, r.Years)
	for _, s := range r.Compare {
		c.add(s.Skill, trend.Platform{}, s.Years)
	}
	return c.series(false)
}

func platformsFrame(r *trend.Report) []series.Series {
	var c yearCols
	for _, p := range r.Platforms {
		c.add(r.Skill, p, p.Years)
	}
	return c.series(true)
}

func sourcesFrame(r *trend.Report) []series.Series {
	n := len(r.Sources)
	skill, name, platform, frame, basis := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	postings, undated := make([]int, n), make([]int, n)
	selected, excluded, reason := make([]string, n), make([]string, n), make([]string, n)
	for i, s := range r.Sources {
		skill[i], name[i], platform[i], frame[i], basis[i] = r.Skill, cell(s.Source), cell(s.Platform), cell(s.Frame), s.DateBasis
		postings[i], undated[i] = s.Postings, s.Undated
		selected[i], excluded[i], reason[i] = strings.Join(s.SelectedOn, " "), fmt.Sprint(s.ExcludedFromShare), cell(s.Reason)
	}
	return []series.Series{
		series.New(skill, series.String, "skill"),
		series.New(name, series.String, "dataset"),
		series.New(platform, series.String, "platform"),
		series.New(frame, series.String, "frame"),
		series.New(basis, series.String, "date_basis"),
		series.New(postings, series.Int, "postings"),
		series.New(undated, series.Int, "undated"),
		series.New(selected, series.String, "selected_on"),
		series.New(excluded, series.String, "excluded_from_share"),
		series.New(reason, series.String, "reason"),
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
