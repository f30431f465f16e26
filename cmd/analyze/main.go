// Command analyze answers questions from the jobtrend store: `analyze
// report` is the yearly trend report (share of postings mentioning a skill,
// with uncertainty, per platform, and per-company keywords), `analyze query`
// an ad-hoc keyword query, `analyze keywords` one company's keywords over
// time, and `analyze tag` the skill tagger as a JSONL filter.
package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

var verbs = []cli.Verb{
	{Name: "report", Summary: "the yearly trend report: a skill's share of postings per year, per platform, company keywords", Run: runReport},
	{Name: "sources", Summary: "the datasets: sampling frame, platform, postings per year, dated and undated, what they are selected on", Run: runSources},
	{Name: "skills", Summary: "how a skill's requirements evolve: what its postings also ask for, per year, rising and falling", Run: runSkills},
	{Name: "keywords", Summary: "one company's keywords over time, per year and for the whole range", Run: runKeywords},
	{Name: "query", Summary: "ad-hoc keyword query: per-year share of postings containing every term, companies, examples", Run: runQuery},
	{Name: "export", Summary: "every posting with all its fields, skills and datasets as JSON Lines, CSV or Parquet", Run: runExport},
	{Name: "tag", Summary: "tag skills in JSONL text from stdin (no database needed)", Run: runTag},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(cli.ExitCode(run(ctx, os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// run is the whole command behind main, so tests can call it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return cli.Dispatch(ctx, "analyze", verbs, args, stdout, stderr)
}

// openStore opens an existing database (analyze never creates one: a
// mistyped --db must not leave an empty file behind) with the default
// tagger and search index, and brings skill tags up to the current
// taxonomy. Postings written by an older taxonomy or a store without a
// tagger are tagged again; checking costs nothing when all are current.
// A store this user may not write is opened read-only: segmented text is
// then kept in memory, and stale tags are used as they are, with a note.
func openStore(ctx context.Context, env *cli.Env, path string) (*store.Store, error) {
	ro := fileExists(path) && !store.Writable(path)
	st, err := store.Open(ctx, path, store.Options{MustExist: true, ReadOnly: ro,
		Tagger: skill.DefaultTagger(), Indexer: skill.DefaultSearcher()})
	if err != nil {
		return nil, err
	}
	if ro {
		env.Log.Info("the store is read-only for this user: nothing is written, new segmentations are kept in memory", "db", path)
	}
	n, err := st.Retag(ctx)
	switch {
	case errors.Is(err, store.ErrStaleReadOnly):
		env.Log.Warn("skill tags were made by another taxonomy version and the store is read-only: they are used as they are",
			"taxonomy", skill.DefaultTagger().Version())
	case err != nil:
		st.Close()
		return nil, err
	case n > 0:
		env.Log.Info("re-tagged postings for the current taxonomy", "postings", n, "taxonomy", skill.DefaultTagger().Version())
	}
	return st, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// reindex brings what queries read up to the store: the full-text index
// to the current tokenization, skill_postings to every posting. Only
// queries need them.
func reindex(ctx context.Context, env *cli.Env, st *store.Store) error {
	n, err := st.Reindex(ctx)
	switch {
	case errors.Is(err, store.ErrStaleReadOnly):
		env.Log.Warn("the search index was made by another version and the store is read-only: it is used as it is")
	case err != nil:
		return err
	case n > 0:
		env.Log.Info("indexed postings for search", "postings", n)
	}
	n, err = st.IndexSkills(ctx)
	switch {
	case errors.Is(err, store.ErrStaleReadOnly):
		env.Log.Info("the store is read-only and its skill index is behind its postings: queries count from the postings themselves, more slowly, with the same results")
	case err != nil:
		return err
	case n > 0:
		env.Log.Info("indexed postings by skill", "postings", n)
	}
	return nil
}
