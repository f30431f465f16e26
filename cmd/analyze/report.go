package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/outfile"
	"github.com/jobtrend/jobtrend/pkg/report"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

const reportUsage = `usage: analyze report [--db DB] [--skill go] [--from YEAR] [--to YEAR]
                      [--format json|table|csv|md|html] [--out PATH] [--table NAME] [--bom]
                      [--compare SKILL,SKILL] [--source NAME ...] [--dataset NAME ...]
                      [--synthetic] [--min-postings N] [--companies N] [--keywords N]
                      [--co-skills N] [--scope all|matched] [--include-staffing] [--force] [--quiet]

The yearly trend report. It opens with one answer: is the skill's share of
job postings rising, falling, flat, or not known — a slope measured inside
datasets (a change between two collections is not a change in the market),
with its 95% interval — and the warnings a reader must see (datasets left
out because they were searched for the skill, undated postings, partial
years, pooled levels that mix datasets). Then, per year: postings (exact
reposts once), distinct jobs (near-duplicates once), how many mention the
skill, the share and its 95% interval clustered by company, and the change
against the year before measured inside the datasets that cover both years;
the same per dataset; the datasets with their sampling frames; what the
skill's postings also ask for (the --co-skills skills most asked for beside
it, their share per year inside each dataset, and which rise or fall); and
for the companies with the most distinct jobs (an ad a company posted again
counts once for it), the keywords of their job descriptions.
--scope matched ranks companies by, and takes keywords from, their postings
with the skill only ("what do the big employers' Go jobs ask for").
Staffing agencies (by name: 劳务派遣, 人力资源, 外包 …) and companies whose
postings are mostly ads that appear under three or more other company names
are left out of the ranking unless --include-staffing.
A year of a dataset needs --min-postings postings (default 30) for a share.

Formats: json (the default; the contract's form), table (for a terminal),
html (one self-contained page: chart, tables, year-over-year change, keyword
tables, method; no JavaScript, works offline), md (Markdown tables; with
--out FILE.md the chart is written beside it as FILE.svg, on stdout there is
no chart), csv (one tidy table, chosen with --table: years, platforms,
companies, keywords or co-skills; default years).

--out writes the report to exactly that file (and, for md, the SVG beside
it) instead of stdout. --compare adds other skills' pooled shares. --source and --dataset keep only
the named sources or datasets (repeat them; analyze sources lists them);
datasets whose name ends in -generated are synthetic and left out unless
--synthetic. --bom starts a csv with the byte order mark Excel needs.`

// reportFormats are the values of --format.
var reportFormats = report.Formats()

func runReport(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "report", reportUsage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	skillName := fs.String("skill", "go", "skill `name` (canonical or alias: golang = go)")
	from := fs.Int("from", 0, "first `year` (default: the first year in the store)")
	to := fs.Int("to", 0, "last `year` (default: the last year in the store)")
	format := fs.String("format", "json", "output `format`: "+strings.Join(reportFormats, ", "))
	out := fs.String("out", "", "write to the file `PATH` instead of stdout (md: the chart goes beside it as .svg)")
	table := fs.String("table", "", "csv only: which `table`: "+strings.Join(report.Tables, ", ")+" (default years)")
	var compare, sources cli.Strings
	fs.Var(&compare, "compare", "comma-separated `skills` to compare with (java,python,rust); may repeat")
	fs.Var(&sources, "source", "only this source `name` (repeat for more; default: every real source)")
	var datasets cli.Strings
	fs.Var(&datasets, "dataset", "only this dataset `name` (repeat for more; see analyze sources)")
	minPostings := fs.Int("min-postings", trend.DefaultMinPostings, "postings a year of a dataset needs for a share and a comparison")
	bom := fs.Bool("bom", false, "csv: start with a UTF-8 byte order mark (for Excel on Windows)")
	includeStaffing := fs.Bool("include-staffing", false, "keep staffing agencies and posters of other employers' templates in the company ranking")
	synthetic := fs.Bool("synthetic", false, "include synthetic sources (names ending in -generated)")
	companies := fs.Int("companies", 10, "how many companies to list (0: none)")
	keywords := fs.Int("keywords", 10, "keywords per company")
	coSkills := fs.Int("co-skills", 8, "how many skills asked for beside the skill to follow (0: none)")
	scope := fs.String("scope", trend.ScopeAll, "companies' postings to rank and take keywords from: all or matched")
	quiet := fs.Bool("quiet", false, "no progress bar and no informational logs")
	force := fs.Bool("force", false, "let --out replace an existing file that is not an earlier report (never the store or a database)")
	rest, err := fs.Parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return cli.Usagef("unexpected argument %q", rest[0])
	}
	tax := skill.DefaultTaxonomy()
	canon, ok := tax.Canonical(*skillName)
	if !ok {
		return cli.Usagef("--skill %q: not a skill of the taxonomy", *skillName)
	}
	switch {
	case !slices.Contains(reportFormats, *format):
		return cli.Usagef("--format %q: want one of %s", *format, strings.Join(reportFormats, ", "))
	case *table != "" && *format != "csv":
		return cli.Usagef("--table is for --format csv (got --format %s)", *format)
	case *table != "" && !slices.Contains(report.Tables, *table):
		return cli.Usagef("--table %q: want one of %s", *table, strings.Join(report.Tables, ", "))
	case *scope != trend.ScopeAll && *scope != trend.ScopeMatched:
		return cli.Usagef("--scope %q: want all or matched", *scope)
	case *from != 0 && *to != 0 && *from > *to:
		return cli.Usagef("--from %d is after --to %d", *from, *to)
	case *companies < 0 || *keywords < 1 || *coSkills < 0:
		return cli.Usagef("--companies and --co-skills must be ≥ 0 and --keywords ≥ 1")
	case *minPostings < 1:
		return cli.Usagef("--min-postings must be ≥ 1")
	case *bom && *format != "csv":
		return cli.Usagef("--bom is for --format csv")
	}
	if *table == "" {
		*table = report.TableYears
	}
	cmp, err := compareSkills(tax, canon, compare)
	if err != nil {
		return err
	}
	srcs, err := sourceNames(sources)
	if err != nil {
		return err
	}
	// Check where the output goes before the (possibly long) computation.
	outOpts := outfile.Options{Recognize: func(h []byte) bool { return report.Recognizes(*format, h) },
		Protect: []string{*db}, Force: *force}
	chartOpts := outfile.Options{Recognize: func(h []byte) bool { return report.Recognizes("svg", h) },
		Protect: []string{*db}, Force: *force}
	chart, err := outputPaths(*format, *out, outOpts, chartOpts)
	if err != nil {
		return err
	}
	if *quiet {
		env.Log = cli.NewLogger(env.Stderr, 100) // errors still reach stderr through the return value
	}

	st, opts, done, err := openForKeywords(ctx, env, *db)
	if err != nil {
		return err
	}
	defer done()
	if err := checkNames(ctx, st, srcs, datasets); err != nil {
		return err
	}
	opts.Skill, opts.Compare, opts.From, opts.To, opts.Sources, opts.Synthetic = canon, cmp, *from, *to, srcs, *synthetic
	opts.Datasets, opts.MinPostings, opts.IncludeStaffing = datasets, *minPostings, *includeStaffing
	opts.Companies, opts.Keywords, opts.Scope = *companies, *keywords, *scope
	if opts.Companies == 0 {
		opts.Companies = -1
	}
	opts.CoSkills = *coSkills
	if opts.CoSkills == 0 {
		opts.CoSkills = -1
	}
	if !*quiet && cli.IsTerminal(env.Stderr) {
		var bar *progressbar.ProgressBar
		opts.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(env.Stderr),
					progressbar.OptionSetDescription("segmenting new postings"),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	r, err := trend.Compute(ctx, st, opts)
	if err != nil {
		return err
	}
	if r.Method.Segmented > 0 {
		env.Log.Info("segmented new or changed postings", "postings", r.Method.Segmented)
	}
	if len(r.Years) == 0 {
		env.Log.Warn("no job postings with a year in the range: the report is empty")
	}

	// Render in memory first: a failure leaves no half-written file.
	var doc, svg bytes.Buffer
	o := report.Output{Doc: &doc, Chart: &svg}
	if chart != "" {
		o.ChartLink = filepath.Base(chart)
	}
	if _, err = report.Render(*format, o, r, report.Settings{Table: *table, BOM: *bom}); err != nil {
		return err
	}
	if *out == "" {
		if *format == "md" {
			env.Log.Info("the Markdown chart is an SVG file: give --out FILE.md to write it beside the report as FILE.svg")
		}
		_, err := doc.WriteTo(env.Stdout)
		return err
	}
	if chart != "" {
		if err := outfile.Write(chart, svg.Bytes(), chartOpts); err != nil {
			return fmt.Errorf("writing the chart: %w", err)
		}
		env.Log.Info("chart written", "path", chart)
	}
	if err := outfile.Write(*out, doc.Bytes(), outOpts); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	env.Log.Info("report written", "path", *out, "format", *format)
	return nil
}

// compareSkills canonicalizes --compare: comma-separated, repeatable, aliases
// allowed (golang = go); the report's own skill and repeats are dropped.
func compareSkills(tax *skill.Taxonomy, skillName string, values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			c, ok := tax.Canonical(name)
			if !ok {
				return nil, cli.Usagef("--compare %q: not a skill of the taxonomy", name)
			}
			if c != skillName && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// sourceNames cleans --source values: sources are stored lower-case.
func sourceNames(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		s := strings.ToLower(strings.TrimSpace(v))
		if s == "" {
			return nil, cli.Usagef("--source: empty source name")
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

// outputPaths checks --out (and, for md, the chart beside it) before any
// work is done, and returns where the Markdown chart goes: beside the
// report, with the extension .svg (no chart for other formats or without
// --out). It writes nothing.
func outputPaths(format, out string, opts, chartOpts outfile.Options) (chart string, err error) {
	if out == "" {
		return "", nil
	}
	if err := outfile.Check(out, opts); err != nil {
		return "", cli.Usagef("--out: %v", err)
	}
	if format != "md" {
		return "", nil
	}
	chart = strings.TrimSuffix(out, filepath.Ext(out)) + ".svg"
	if chart == out {
		return "", cli.Usagef("--out %s: the Markdown report would overwrite its own chart (%s); name it .md", out, chart)
	}
	if err := outfile.Check(chart, chartOpts); err != nil {
		return "", cli.Usagef("--out %s: the chart: %v", out, err)
	}
	return chart, nil
}

// openForKeywords opens the store and names the segmenter for a verb that
// ranks keywords, and returns trend options carrying the segmenter and the
// tagger's version; done closes both. It frees jieba in the background:
// freeing cppjieba's dictionary trie takes 0.12 s, a tenth of a cold report
// of 10,000 postings, and the process is about to exit and return the
// memory anyway; a test calling run in-process still gets it freed.
func openForKeywords(ctx context.Context, env *cli.Env, db string) (*store.Store, trend.Options, func(), error) {
	st, err := openStore(ctx, env, db)
	if err != nil {
		return nil, trend.Options{}, nil, err
	}
	seg, closeSeg := trend.DefaultSegmenter(func() { env.Log.Info("loading the segmenter's dictionaries") })
	opts := trend.Options{Segmenter: seg, TaggerVersion: skill.DefaultTagger().Version()}
	return st, opts, func() {
		go closeSeg()
		st.Close()
	}, nil
}
