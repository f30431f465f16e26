// Command crawl fills the jobtrend store: `crawl run` is the scheduled,
// polite, resumable crawl of job boards; `crawl import` loads existing
// datasets (CSV, JSONL) so history from before the first crawl counts;
// `crawl ingest` and `crawl status` serve a crawl cluster, whose nodes
// share a Redis frontier (`crawl run --frontier redis://…`).
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/store"
)

var verbs = []cli.Verb{
	{Name: "run", Summary: "crawl job boards into the store (one site ad hoc, or the sources of a config file)", Run: runCrawl},
	{Name: "import", Summary: "load postings from CSV or JSONL files into the store", Run: runImport},
	{Name: "ingest", Summary: "store the postings the nodes of a crawl cluster send (the cluster's single writer)", Run: runIngest},
	{Name: "status", Summary: "show a crawl cluster's queue, leases, stream backlog and nodes", Run: runStatus},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(cli.ExitCode(run(ctx, os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// run is the whole command behind main, so tests can call it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return cli.Dispatch(ctx, "crawl", verbs, args, stdout, stderr)
}

// openStore opens the database the way every verb of this binary needs it:
// created if missing (a crawl or import starts the store), and tagging
// postings as they are written.
func openStore(ctx context.Context, path string, mustExist bool) (*store.Store, error) {
	return store.Open(ctx, path, store.Options{MustExist: mustExist, Tagger: skillTagger(), Indexer: searchIndexer()})
}
