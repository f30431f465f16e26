package main

import (
	"context"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/report"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

const keywordsUsage = `usage: analyze keywords [--db DB] --company NAME [--top N] [--from YEAR] [--to YEAR]
                        [--skill go] [--scope all|matched] [--vocabulary curated|open]
                        [--source NAME ...] [--synthetic] [--format json|table]

One company's keywords over time: for each year, its distinct job postings
(and how many mention the skill), their keywords and their job orientation
(岗位倾向); and the same for the whole range. The company is found by its
normalized name, so 字节跳动, 北京字节跳动科技有限公司 and ByteDance are one;
an unknown name gets suggestions.

Keywords are terms of the vocabulary (skills, tech terms, industries and
business lines: data/vocabulary.yaml), ranked by how many of the company's
postings contain them against how many postings of the range do; a keyword
is in at least max(2, 10%) of the company's postings, and its share of them
is shown ("kafka 42%"). --vocabulary open ranks every word instead, for
exploration. --scope matched takes only the company's postings with the
skill, never lists the skill itself, and needs 5 such postings for a list.`

func runKeywords(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "keywords", keywordsUsage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	company := fs.String("company", "", "company `NAME` (any spelling)")
	top := fs.Int("top", 10, "keywords per year")
	from := fs.Int("from", 0, "first `year`")
	to := fs.Int("to", 0, "last `year`")
	skillName := fs.String("skill", "go", "skill `name` counted beside the keywords (and kept with --scope matched)")
	scope := fs.String("scope", trend.ScopeAll, "the company's postings to take keywords from: all or matched")
	vocabulary := fs.String("vocabulary", trend.VocabularyCurated, "keyword candidates: curated (the vocabulary) or open (every word)")
	var sources cli.Strings
	fs.Var(&sources, "source", "only postings of this source `NAME` (repeatable)")
	synthetic := fs.Bool("synthetic", false, "include synthetic (generated) sources")
	format := fs.String("format", "json", "output `format`: json or table")
	quiet := fs.Bool("quiet", false, "no informational logs")
	rest, err := fs.Parse(args)
	if err != nil {
		return err
	}
	canon, ok := skill.DefaultTaxonomy().Canonical(*skillName)
	switch {
	case len(rest) > 0:
		return cli.Usagef("unexpected argument %q (the company goes after --company)", rest[0])
	case strings.TrimSpace(*company) == "":
		return cli.Usagef("--company NAME is required")
	case *top < 1:
		return cli.Usagef("--top must be ≥ 1")
	case !ok:
		return cli.Usagef("--skill %q: not a skill of the taxonomy", *skillName)
	case *scope != trend.ScopeAll && *scope != trend.ScopeMatched:
		return cli.Usagef("--scope %q: want all or matched", *scope)
	case *vocabulary != trend.VocabularyCurated && *vocabulary != trend.VocabularyOpen:
		return cli.Usagef("--vocabulary %q: want curated or open", *vocabulary)
	case *format != "json" && *format != "table":
		return cli.Usagef("--format %q: want json or table", *format)
	case *from != 0 && *to != 0 && *from > *to:
		return cli.Usagef("--from %d is after --to %d", *from, *to)
	}
	if *quiet {
		env.Log = cli.NewLogger(env.Stderr, 100)
	}
	st, opts, done, err := openForKeywords(ctx, env, *db)
	if err != nil {
		return err
	}
	defer done()
	opts.Skill, opts.From, opts.To, opts.Keywords, opts.Scope = canon, *from, *to, *top, *scope
	opts.Sources, opts.Synthetic = sources, *synthetic
	h, err := trend.CompanyKeywords(ctx, st, *company, opts, *vocabulary)
	if err != nil {
		return err
	}
	if *format == "table" {
		return report.KeywordsTable(env.Stdout, h)
	}
	return report.JSON(env.Stdout, h)
}
