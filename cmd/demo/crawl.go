package main

import (
	"context"
	"fmt"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/demo"
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
	sum, err := crawl.Run(ctx, cfg, crawl.SQLiteStore(st), crawl.Options{Log: env.Log})
	if err != nil {
		return fmt.Errorf("demo crawl: %w", err)
	}
	env.Log.Info(sum.Line(), "board", base)
	return nil
}
