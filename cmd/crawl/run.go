package main

import (
	"context"
	"errors"

	"github.com/jobtrend/jobtrend/pkg/cli"
)

// runCrawl is the `crawl run` verb. The crawler itself is being built in
// pkg/crawl; until it lands the verb says so instead of pretending.
func runCrawl(ctx context.Context, env *cli.Env, args []string) error {
	return errors.New("crawl run: not built yet")
}
