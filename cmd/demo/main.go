// Command demo runs the whole jobtrend pipeline on embedded defaults, with
// no network and no configuration: it imports the bundled real "谁在招人？"
// posts (2019–2026) into the store, crawls the embedded demo job board on a
// loopback port with the real crawler, and prints the yearly Go trend
// report. It is README's first command; rerunning it is harmless (imports
// and crawls are idempotent).
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/jobtrend/jobtrend/data"
	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/ingest"
	"github.com/jobtrend/jobtrend/pkg/report"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

const usage = `usage: go run ./cmd/demo [--db DB] [--skill go]

Runs the pipeline end to end on embedded data: import the bundled real posts,
crawl the embedded demo job board on loopback, print the yearly trend report.
Then explore the same database with 'go run ./cmd/analyze report --format table'.`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(cli.ExitCode(run(ctx, os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	env := &cli.Env{Stdout: stdout, Stderr: stderr, Log: cli.NewLogger(stderr, 0)}
	fs := cli.NewFlagSet(env, "demo", usage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	skillName := fs.String("skill", "go", "skill `name` to report on")
	rest, err := fs.Parse(args)
	if errors.Is(err, cli.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return cli.Usagef("unexpected argument %q", rest[0])
	}
	canon, ok := skill.DefaultTaxonomy().Canonical(*skillName)
	if !ok {
		return cli.Usagef("--skill %q: not a skill of the taxonomy", *skillName)
	}

	tagger := skill.DefaultTagger()
	st, err := store.Open(ctx, *db, store.Options{Tagger: tagger, Indexer: skill.DefaultSearcher()})
	if err != nil {
		return err
	}
	defer st.Close()

	env.Log.Info("step 1/3: importing the bundled real posts", "file", data.RuanyfPostsName)
	res, err := ingest.Import(ctx, data.RuanyfPostsName, bytes.NewReader(data.RuanyfPosts), st, ingest.Options{})
	if err != nil {
		return err
	}
	env.Log.Info("imported", "rows", res.Rows, "new", res.Stored.New, "updated", res.Stored.Updated,
		"unchanged", res.Stored.Unchanged, "skipped", res.Skipped)

	env.Log.Info("step 2/3: crawling the embedded demo job board")
	if err := crawlDemo(ctx, env, st); err != nil {
		return err
	}

	env.Log.Info("step 3/3: computing the report (the first run segments every posting; later runs reuse the cache)")
	if _, err := st.Retag(ctx); err != nil {
		return err
	}
	seg, closeSeg := trend.DefaultSegmenter(nil)
	defer closeSeg()
	// The headline is one consistent pool: every post of eight years of the
	// same monthly threads. Mixing in the board's platforms would let their
	// very different samples (a BOSS "Golang" search is 100% Go by
	// construction) move the overall line.
	r, err := trend.Compute(ctx, st, trend.Options{Skill: canon, Sources: []string{ingest.RuanyfSource},
		Segmenter: seg, TaggerVersion: tagger.Version()})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "== The \"谁在招人？\" threads of ruanyf/weekly, %d–%d ==\n\n", r.Method.From, r.Method.To)
	if err := report.Table(stdout, r); err != nil {
		return err
	}
	all, err := trend.Compute(ctx, st, trend.Options{Skill: canon, Companies: -1, TaggerVersion: tagger.Version()})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n== Everything in the store: the imported threads and the crawled demo board ==\n\n")
	if err := report.Table(stdout, all); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s\nGenerated postings are stored as \"demo-generated\" and left out unless --synthetic.\n", closing(all))
	fmt.Fprintf(stderr, "\nThe database is %s. Next: go run ./cmd/analyze report --db %s --format table\n", *db, *db)
	return nil
}

// closing sums up, from the report itself, why the store's datasets add
// levels but not changes: those left out of the skill's shares, and those
// with a share in one year only.
func closing(r *trend.Report) string {
	var out, lone []string
	out = append(out, "Every dataset is compared only with itself.")
	for _, src := range r.Sources {
		if src.ExcludedFromShare {
			out = append(out, fmt.Sprintf("%s is left out of %s's shares: %s.", src.Source, r.Skill, src.Reason))
		}
	}
	for _, p := range r.Platforms {
		var years []trend.YearStat
		for _, y := range p.Years {
			if y.Share != nil {
				years = append(years, y)
			}
		}
		if len(years) == 1 {
			span := "all year"
			if years[0].Partial {
				span = fmt.Sprintf("%d months", len(years[0].Months))
				if len(years[0].Months) == 1 {
					span = "one month"
				}
			}
			lone = append(lone, fmt.Sprintf("%s (%d, %s)", p.Source, years[0].Year, span))
		}
	}
	if len(lone) > 0 {
		out = append(out, fmt.Sprintf("These have a share in one year only, so they add a level but no change: %s.", strings.Join(lone, ", ")))
	}
	return strings.Join(out, " ")
}
