package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier"
)

const statusUsage = `usage: crawl status --frontier redis://HOST:PORT/DB [--json]
       crawl status --config FILE [--json]

Shows a crawl cluster's state: each source's generation and queue (pending,
leased, done, failed, deferred ...), the leases each node holds and those of
dead nodes waiting to expire, the postings stream's backlog for the writer,
each node's progress in its run, and hosts that asked for a pause.`

func runStatus(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "status", statusUsage)
	frontier := fs.String("frontier", "", "the cluster's Redis frontier `URL` (redis://HOST:PORT/DB)")
	config := fs.String("config", "", "read the frontier URL from this sources `file`'s frontier: key")
	asJSON := fs.Bool("json", false, "print the status as one JSON object on stdout")
	u, err := parseClusterVerb(fs, args, frontier, config)
	if err != nil {
		return err
	}
	rs, err := redisfrontier.Open(ctx, u, redisfrontier.Options{Node: "status"})
	if err != nil {
		return err
	}
	defer rs.Close()
	st, err := rs.Status(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(st)
	}
	fmt.Fprint(env.Stdout, st.Text())
	return nil
}
