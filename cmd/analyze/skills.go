package main

import (
	"context"
	"slices"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/report"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

const skillsUsage = `usage: analyze skills [--db DB] [--with go] [--top N] [--from YEAR] [--to YEAR]
                      [--source NAME ...] [--dataset NAME ...] [--synthetic]
                      [--min-postings N] [--format table|json|csv]

How a skill's requirements evolve: among the postings that mention it, per
year, the share that also mention each other skill (the --top most asked
for), with intervals clustered by company, and which of them rise or fall —
measured inside datasets, on the months both years cover, as the trend
report measures the skill's own share. A "golang" search belongs here (its
postings are Go postings); a dataset searched for the other skill does not
count for that skill.`

func runSkills(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "skills", skillsUsage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	with := fs.String("with", "go", "the skill whose postings are read (canonical or alias)")
	top := fs.Int("top", 20, "how many other skills, the most often asked for first")
	from := fs.Int("from", 0, "first `year`")
	to := fs.Int("to", 0, "last `year`")
	var sources, datasets cli.Strings
	fs.Var(&sources, "source", "only postings of this source `NAME` (repeatable)")
	fs.Var(&datasets, "dataset", "only this dataset `NAME` (repeatable)")
	synthetic := fs.Bool("synthetic", false, "include synthetic (generated) datasets")
	minPostings := fs.Int("min-postings", trend.DefaultMinPostings, "postings with the skill a year of a dataset needs for a share")
	format := fs.String("format", "table", "output `format`: table, json or csv")
	rest, err := fs.Parse(args)
	if err != nil {
		return err
	}
	tax := skill.DefaultTaxonomy()
	canon, ok := tax.Canonical(*with)
	switch {
	case len(rest) > 0:
		return cli.Usagef("unexpected argument %q", rest[0])
	case !ok:
		return cli.Usagef("--with %q: not a skill of the taxonomy", *with)
	case !slices.Contains([]string{"table", "json", "csv"}, *format):
		return cli.Usagef("--format %q: want table, json or csv", *format)
	case *top < 1 || *minPostings < 1:
		return cli.Usagef("--top and --min-postings must be ≥ 1")
	case *from != 0 && *to != 0 && *from > *to:
		return cli.Usagef("--from %d is after --to %d", *from, *to)
	}
	srcs, err := sourceNames(sources)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := checkNames(ctx, st, srcs, datasets); err != nil {
		return err
	}
	r, err := trend.CoSkills(ctx, st, trend.Options{Skill: canon, From: *from, To: *to, Sources: srcs, Datasets: datasets,
		Synthetic: *synthetic, MinPostings: *minPostings, Taxonomy: tax, TaggerVersion: skill.DefaultTagger().Version()}, *top)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return report.JSON(env.Stdout, r)
	case "csv":
		return report.SkillsCSV(env.Stdout, r)
	}
	return report.SkillsTable(env.Stdout, r)
}
