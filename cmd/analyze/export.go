package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/outfile"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/report"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

const exportUsage = `usage: analyze export [--db DB] [--format jsonl|csv|parquet] [--out PATH]
                      [--from YEAR] [--to YEAR] [--source NAME ...] [--dataset NAME ...]
                      [--skill NAME ...] [--kind job|other|all] [--synthetic] [--bom] [--force] [--quiet]

Every stored posting with all its fields, for pandas, DuckDB or a
spreadsheet: source and id, url, title and every title a parser found,
company and its canonical employer name, city and every city, salary,
publication date, first and last sighting (first_seen is empty when no
sighting is known), statistical year (empty when undated), kind (job or
other), the skills the tagger found, the datasets it was seen in, job_id
(equal for postings that are one job: exact reposts and near-duplicates),
when its content last changed, and the description.

jsonl (default) and csv go to stdout or --out; parquet needs --out. Lists
are JSON arrays in csv; --bom starts the csv with the UTF-8 byte order mark
Excel on Windows needs for Chinese. --from/--to keep postings of those
years (leaving undated ones out), --source and --dataset keep those
sources or datasets (repeat them), --skill keeps postings with every named
skill, --kind job (default) drops comments that are not job posts.
Postings of synthetic sources (generated: demo-generated, bench-generated)
are left out, as in every statistic, unless --synthetic or --source or
--dataset names them. --out
replaces only an earlier export (--force for any other file; never the store).`

func runExport(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "export", exportUsage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	format := fs.String("format", "jsonl", "output `format`: "+strings.Join(report.ExportFormats, ", "))
	out := fs.String("out", "", "write to the file `PATH` instead of stdout")
	from := fs.Int("from", 0, "first `year`")
	to := fs.Int("to", 0, "last `year`")
	var sources, datasets, skills cli.Strings
	fs.Var(&sources, "source", "only postings of this source `NAME` (repeatable)")
	fs.Var(&datasets, "dataset", "only postings seen in this dataset `NAME` (repeatable)")
	fs.Var(&skills, "skill", "only postings with this skill `NAME` (repeatable: all of them)")
	kind := fs.String("kind", "job", "which records: job, other (comments that are not job posts) or all")
	bom := fs.Bool("bom", false, "csv: start with a UTF-8 byte order mark (for Excel on Windows)")
	force := fs.Bool("force", false, "let --out replace an existing file that is not an earlier export")
	synthetic := fs.Bool("synthetic", false, "include synthetic (generated) sources")
	quiet := fs.Bool("quiet", false, "no progress bar and no informational logs")
	rest, err := fs.Parse(args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return cli.Usagef("unexpected argument %q", rest[0])
	case !slices.Contains(report.ExportFormats, *format):
		return cli.Usagef("--format %q: want one of %s", *format, strings.Join(report.ExportFormats, ", "))
	case *format == "parquet" && *out == "":
		return cli.Usagef("--format parquet needs --out FILE (a binary file does not belong on a terminal)")
	case *bom && *format != "csv":
		return cli.Usagef("--bom is for --format csv")
	case *kind != "job" && *kind != "other" && *kind != "all":
		return cli.Usagef("--kind %q: want job, other or all", *kind)
	case *from != 0 && *to != 0 && *from > *to:
		return cli.Usagef("--from %d is after --to %d", *from, *to)
	}
	tax := skill.DefaultTaxonomy()
	f := store.ExportFilter{From: *from, To: *to, Kind: *kind}
	if f.Kind == "all" {
		f.Kind = ""
	}
	if f.Sources, err = sourceNames(sources); err != nil {
		return err
	}
	f.Datasets = datasets
	named := func(s string) bool { return strings.HasSuffix(s, store.SyntheticSuffix) }
	f.Synthetic = *synthetic || slices.ContainsFunc(f.Sources, named) || slices.ContainsFunc(f.Datasets, named)
	for _, s := range skills {
		c, ok := tax.Canonical(s)
		if !ok {
			return cli.Usagef("--skill %q: not a skill of the taxonomy", s)
		}
		f.Skills = append(f.Skills, c)
	}
	opts := outfile.Options{Recognize: func(h []byte) bool { return report.RecognizesExport(*format, h) },
		Protect: []string{*db}, Force: *force}
	if *out != "" {
		if err := outfile.Check(*out, opts); err != nil {
			return cli.Usagef("--out: %v", err)
		}
	}
	if *quiet {
		env.Log = cli.NewLogger(env.Stderr, 100)
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := checkNames(ctx, st, f.Sources, f.Datasets); err != nil {
		return err
	}
	if !f.Synthetic {
		n, err := st.CountSynthetic(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			env.Log.Info("synthetic postings left out; --synthetic keeps them", "postings", n)
		}
	}

	dst := env.Stdout
	var file *outfile.File
	if *out != "" {
		if file, err = outfile.Create(*out, opts); err != nil {
			return err
		}
		defer file.Abort()
		dst = file
	}
	w, err := report.NewExport(*format, dst, *bom)
	if err != nil {
		return err
	}
	var bar *progressbar.ProgressBar
	if !*quiet && cli.IsTerminal(env.Stderr) {
		total, err := st.CountExport(ctx, f)
		if err != nil {
			return err
		}
		bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(env.Stderr),
			progressbar.OptionSetDescription("exporting"), progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	aliases := normalize.DefaultCompanyAliases()
	employers := map[string]string{}
	n := 0
	err = st.Export(ctx, f, func(e *posting.Export) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		emp, ok := employers[e.Company]
		if !ok {
			emp = aliases.Canonical(e.Company)
			employers[e.Company] = emp
		}
		e.Employer = emp
		n++
		if bar != nil && n%1000 == 0 {
			bar.Set(n)
		}
		return w.Write(e)
	})
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if bar != nil {
		bar.Finish()
	}
	if file != nil {
		if err := file.Commit(opts); err != nil {
			return err
		}
		env.Log.Info("export written", "path", *out, "format", *format, "postings", n)
	} else {
		env.Log.Info("exported", "format", *format, "postings", n)
	}
	return nil
}

// checkNames refuses --source and --dataset values the store has never
// seen, with the names it has: an empty export from a typo is not an answer.
func checkNames(ctx context.Context, st *store.Store, sources, datasets []string) error {
	if len(sources) == 0 && len(datasets) == 0 {
		return nil
	}
	sets, err := st.Datasets(ctx)
	if err != nil {
		return err
	}
	var knownSets, knownSources []string
	for _, d := range sets {
		knownSets = append(knownSets, d.Name)
	}
	if knownSources, err = st.Sources(ctx); err != nil {
		return err
	}
	for _, s := range sources {
		if !slices.Contains(knownSources, s) {
			return cli.Usagef("--source %q: no such source in the store (sources: %s)", s, strings.Join(knownSources, ", "))
		}
	}
	for _, d := range datasets {
		if !slices.Contains(knownSets, d) {
			return cli.Usagef("--dataset %q: no such dataset in the store (datasets: %s)", d, strings.Join(knownSets, ", "))
		}
	}
	return nil
}
