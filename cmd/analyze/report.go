package main

import (
	"context"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/report"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

const reportUsage = `usage: analyze report [--db DB] [--skill go] [--from YEAR] [--to YEAR]
                      [--format json|table] [--out PATH] [--companies N] [--keywords N]
                      [--scope all|matched] [--quiet]

The yearly trend report: per year, how many distinct job postings there are
(exact reposts counted once), how many mention the skill, the share and its
95% Wilson interval, overall and per platform; and for the companies with the
most postings, the TF-IDF keywords of their job descriptions. --scope matched
ranks companies by, and takes keywords from, their postings with the skill
only ("what do the big employers' Go jobs ask for").`

func runReport(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "report", reportUsage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	skill := fs.String("skill", "go", "skill `name` (canonical or alias: golang = go)")
	from := fs.Int("from", 0, "first `year` (default: the first year in the store)")
	to := fs.Int("to", 0, "last `year` (default: the last year in the store)")
	format := fs.String("format", "json", "output `format`: json or table")
	out := fs.String("out", "", "write to `PATH` instead of stdout")
	companies := fs.Int("companies", 10, "how many companies to list (0: none)")
	keywords := fs.Int("keywords", 10, "keywords per company")
	scope := fs.String("scope", trend.ScopeAll, "companies' postings to rank and take keywords from: all or matched")
	quiet := fs.Bool("quiet", false, "no progress bar and no informational logs")
	rest, err := fs.Parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return cli.Usagef("unexpected argument %q", rest[0])
	}
	canon, ok := normalize.DefaultTaxonomy().Canonical(*skill)
	if !ok {
		return cli.Usagef("--skill %q: not a skill of the taxonomy", *skill)
	}
	switch {
	case *format != "json" && *format != "table":
		return cli.Usagef("--format %q: want json or table", *format)
	case *scope != trend.ScopeAll && *scope != trend.ScopeMatched:
		return cli.Usagef("--scope %q: want all or matched", *scope)
	case *from != 0 && *to != 0 && *from > *to:
		return cli.Usagef("--from %d is after --to %d", *from, *to)
	case *companies < 0 || *keywords < 1:
		return cli.Usagef("--companies must be ≥ 0 and --keywords ≥ 1")
	}
	if *quiet {
		env.Log = cli.NewLogger(env.Stderr, 100) // errors still reach stderr through the return value
	}

	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	seg, closeSeg := trend.DefaultSegmenter(func() { env.Log.Info("loading the segmenter's dictionaries") })
	defer closeSeg()
	opts := trend.Options{Skill: canon, From: *from, To: *to, Companies: *companies, Keywords: *keywords,
		Scope: *scope, Segmenter: seg, TaggerVersion: normalize.DefaultTagger().Version()}
	if opts.Companies == 0 {
		opts.Companies = -1
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

	w := env.Stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "json":
		err = report.JSON(w, r)
	default:
		err = report.Table(w, r)
	}
	if err != nil {
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
		env.Log.Info("report written", "path", *out)
	}
	return nil
}
