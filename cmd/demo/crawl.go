package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/demo"
	"github.com/jobtrend/jobtrend/pkg/logsummary"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// crawlDemo serves the embedded demo job board on a loopback port and
// crawls it with the real crawler, exactly as `crawl run --kind jsonld`
// crawls a site (robots.txt, sitemaps, pagination, JSON-LD), except that
// there is no delay between requests: the board is our own process.
func crawlDemo(ctx context.Context, env *cli.Env, st *store.Store) error {
	base, stop, err := demo.Start(ctx)
	if err != nil {
		return err
	}
	defer stop()
	// Each collection the board serves is declared with its sampling frame
	// before the crawl files postings in it.
	for _, d := range demo.Datasets {
		if _, err := st.EnsureDataset(ctx, d); err != nil {
			return err
		}
	}
	s := crawl.DefaultSettings()
	s.Delay, s.Jitter = 0, 0
	cfg := &crawl.Config{Sources: []crawl.SourceConfig{{
		Name: "demo-board", Kind: "jsonld", Start: []string{base + "/jobs"}, Settings: s,
		// The board aggregates platforms: each posting is stored under
		// the platform its JSON-LD identifier names.
		Options: crawl.JSONLDOptions{SourceFromIdentifier: true},
		// Everything the board lists; its loopback address is no name.
		Platform: "demo-board",
	}}}
	// The board's faults are deliberate: their warnings are counted, not
	// shown, and told in one sentence after the crawl. Any other warning
	// is summarized as crawl run summarizes it.
	warnings := logsummary.New(env.Log.Handler(), logsummary.Options{Mode: logsummary.Quiet})
	sum, err := crawl.Run(ctx, cfg, crawl.SQLiteStore(st), crawl.Options{Log: slog.New(warnings)})
	if err != nil {
		return fmt.Errorf("demo crawl: %w", err)
	}
	env.Log.Info(sum.Line(), "board", base)
	if broken, ok := warnings.Take(brokenBlock); ok {
		blocked := fmt.Sprintf("%d requests", sum.Blocked)
		if sum.Blocked == 1 {
			blocked = "1 request"
		}
		env.Log.Info(fmt.Sprintf("The board has faults on purpose, which the crawl got past: %d pages carry a broken JSON-LD block "+
			"before the real one (skipped, the posting read from the next), and robots.txt forbids a path (%s not made).",
			broken.Count, blocked))
	}
	return warnings.Flush(ctx)
}

// brokenBlock is the crawler's warning for the board's deliberately broken
// JSON-LD blocks.
const brokenBlock = "JSON-LD block skipped"
