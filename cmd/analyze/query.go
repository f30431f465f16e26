package main

import (
	"context"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/report"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

const queryUsage = `usage: analyze query [--db DB] [--from YEAR] [--to YEAR] [--format json|table]
                     [--source NAME ...] [--synthetic] [--companies N] [--examples N] TERM...

Ad-hoc keyword query: per year, how many distinct job postings contain every
TERM (in title or description), the share and its 95% Wilson interval, the
companies that use it most, and the newest matching postings. A TERM naming a
skill in any spelling (golang, Go, k8s, C++), or a skill with a role suffix
(Go语言, Java开发, Python工程师), matches the postings the tagger tagged with
it, so "go" does not find "let's go"; any other TERM is found in the
full-text index, in Chinese whether or not a segmenter would cut it the same
way (微服务, 高并发, 云原生). The output says which way each TERM was matched.
Quote a TERM with spaces to search a phrase. Repeated terms count once; at
most 16 distinct terms. When nothing matches, hints name close skills and
companies whose name holds the term. A source nearly all of whose postings
match (a search for the terms) is left out of the yearly shares, a year of
fewer than 30 postings gets no share, and warnings say so and name the
sources each year adds or drops.`

func runQuery(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "query", queryUsage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	from := fs.Int("from", 0, "first `year`")
	to := fs.Int("to", 0, "last `year`")
	format := fs.String("format", "json", "output `format`: json or table")
	var sources cli.Strings
	fs.Var(&sources, "source", "only postings of this source `NAME` (repeatable)")
	synthetic := fs.Bool("synthetic", false, "include synthetic (generated) sources")
	companies := fs.Int("companies", 10, "how many companies to list")
	examples := fs.Int("examples", 5, "how many example postings to show")
	terms, err := fs.Parse(args)
	if err != nil {
		return err
	}
	switch {
	case len(terms) == 0:
		return cli.Usagef("no TERM given")
	case *format != "json" && *format != "table":
		return cli.Usagef("--format %q: want json or table", *format)
	case *from != 0 && *to != 0 && *from > *to:
		return cli.Usagef("--from %d is after --to %d", *from, *to)
	case *companies < 0 || *examples < 0:
		return cli.Usagef("--companies and --examples must be ≥ 0")
	}
	if len(terms) > 4*trend.MaxTerms {
		return cli.Usagef("%d terms: at most %d distinct terms make a query", len(terms), trend.MaxTerms)
	}
	searcher := skill.DefaultSearcher()
	parsed := make([]skill.Term, 0, len(terms))
	for i, t := range terms {
		pt, err := searcher.ParseTerm(t)
		if err != nil {
			return cli.Usagef("TERM %d: %v", i+1, err)
		}
		parsed = append(parsed, pt)
	}
	parsed = trend.DedupeTerms(parsed)
	if len(parsed) > trend.MaxTerms {
		return cli.Usagef("%d distinct terms: at most %d make a query", len(parsed), trend.MaxTerms)
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	srcs, err := sourceNames(sources)
	if err != nil {
		return err
	}
	if err := checkNames(ctx, st, srcs, nil); err != nil {
		return err
	}
	if err := reindex(ctx, env, st); err != nil {
		return err
	}
	res, err := trend.Query(ctx, st, parsed, trend.QueryOptions{From: *from, To: *to, Sources: srcs,
		Synthetic: *synthetic, Companies: max(*companies, -1), Examples: max(*examples, -1)})
	if err != nil {
		return err
	}
	if *companies == 0 {
		res.Companies = res.Companies[:0]
	}
	if *examples == 0 {
		res.Examples = res.Examples[:0]
	}
	for _, h := range res.Hints {
		env.Log.Info("no posting matched", "hint", h)
	}
	if *format == "table" {
		return report.QueryTable(env.Stdout, res)
	}
	return report.JSON(env.Stdout, res)
}
