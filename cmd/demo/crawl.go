package main

import (
	"context"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// crawlDemo starts the embedded demo job board on loopback and crawls it.
// The crawler is being built in pkg/crawl; until it lands this step only
// says so.
func crawlDemo(ctx context.Context, env *cli.Env, st *store.Store) error {
	env.Log.Warn("the crawler is not built yet: skipping the demo crawl")
	return nil
}
