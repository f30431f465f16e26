package main

import (
	"context"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/report"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

const sourcesUsage = `usage: analyze sources [--db DB] [--format table|json]

The datasets of the store, the units a share is compared within: each
one's platform, sampling frame (census: what a board showed; sample: a
selection of unknown design; query:TERMS: the results of a keyword search),
date basis (published or first_seen), its job postings per year and by
which date each year's were filed, how many have no date (and so are in no
year), and the skills it is selected on (a search for them, or 80% or more
of 30 or more postings mentioning them: left out of those skills' shares).`

func runSources(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "sources", sourcesUsage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	format := fs.String("format", "table", "output `format`: table or json")
	rest, err := fs.Parse(args)
	if err != nil {
		return err
	}
	switch {
	case len(rest) > 0:
		return cli.Usagef("unexpected argument %q", rest[0])
	case *format != "table" && *format != "json":
		return cli.Usagef("--format %q: want table or json", *format)
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	sums, err := trend.Sources(ctx, st, skill.DefaultTaxonomy())
	if err != nil {
		return err
	}
	if *format == "json" {
		return report.JSON(env.Stdout, sums)
	}
	return report.SourcesTable(env.Stdout, sums)
}
