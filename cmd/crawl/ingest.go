package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier"
)

const ingestUsage = `usage: crawl ingest --frontier redis://HOST:PORT/DB [--db DB] [flags]
       crawl ingest --config FILE [--db DB] [flags]

The single writer of a crawl cluster, run beside the database: reads the
postings the nodes (crawl run --frontier ...) send through the Redis stream,
stores them in batches, each in one transaction, and acknowledges a batch
only after it committed. A crash of the writer or of any node loses
nothing: what was not acknowledged is read again, and storing a posting
twice changes nothing. Runs until stopped (SIGTERM, Ctrl-C), or with
--drain until the stream is empty. The postings stored are segmented as
they arrive, so the next report finds them cached (--no-segment: not).

At the end one summary line on stderr, or with --json one JSON object on
stdout: {"entries", "postings", "batches", "claimed", "dead", "counts", "seconds"}.`

func runIngest(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "ingest", ingestUsage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	frontier := fs.String("frontier", "", "the cluster's Redis frontier `URL` (redis://HOST:PORT/DB)")
	config := fs.String("config", "", "read the frontier URL from this sources `file`'s frontier: key")
	consumer := fs.String("consumer", "writer", "this writer's `name` in the stream's consumer group; a writer restarted under the same name takes back what it had read")
	batch := fs.Int("batch", 500, "postings per transaction")
	claimIdle := fs.Duration("claim-idle", 30*time.Second, "take over entries another writer read and left unacknowledged this long (it died)")
	drain := fs.Bool("drain", false, "exit once the stream is empty instead of waiting for more")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object on stdout")
	quiet := fs.Bool("quiet", false, "log only errors")
	noSegment := fs.Bool("no-segment", false, "do not segment the postings as they are stored (the next report does)")
	u, err := parseClusterVerb(fs, args, frontier, config)
	if err != nil {
		return err
	}
	if *batch <= 0 {
		return cli.Usagef("--batch %d: want at least 1", *batch)
	}
	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelError
	}
	log := cli.NewLogger(env.Stderr, level)

	st, err := openStore(ctx, *db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	rs, err := redisfrontier.Open(ctx, u, redisfrontier.Options{Node: *consumer, Log: log})
	if err != nil {
		return err
	}
	defer rs.Close()
	log.Info("storing what the crawl cluster sends", "frontier", rs.Addr(), "db", st.Path(), "consumer", *consumer)
	sess := st.NewSession()
	if !*noSegment {
		// Terms go into the writer's own transactions (a session), as an
		// import's do: the writer holds the write lock most of the time.
		seg := followSegments(ctx, st, log)
		seg.Use(sess)
		defer func() {
			seg.endSession(ctx, sess)
			if n := seg.Finish(ctx); n > 0 {
				log.Info("segmented", "postings", n)
			}
		}()
	}
	var last time.Time
	stats, err := rs.Ingest(ctx, sess, redisfrontier.WriterOptions{Consumer: *consumer, Batch: *batch,
		ClaimIdle: *claimIdle, Drain: *drain, Progress: func(s redisfrontier.WriterStats) {
			if time.Since(last) >= 10*time.Second {
				last = time.Now()
				log.Info("stored", "postings", s.Postings, "new", s.Counts.New, "updated", s.Counts.Updated, "batches", s.Batches)
			}
		}})
	if *asJSON {
		if jerr := json.NewEncoder(env.Stdout).Encode(stats); jerr != nil {
			return jerr
		}
	} else {
		fmt.Fprintf(env.Stderr, "ingest: %d postings in %d batches, %d new, %d updated, %d unchanged, %d repeated; %d entries taken back or over, %d dead, in %s\n",
			stats.Postings, stats.Batches, stats.Counts.New, stats.Counts.Updated, stats.Counts.Unchanged, stats.Counts.Repeated,
			stats.Claimed, stats.Dead, (time.Duration(stats.Seconds*1000) * time.Millisecond).Round(100*time.Millisecond))
	}
	return err
}

// parseClusterVerb parses the flags of a verb that takes no operands and
// works on a crawl cluster, and returns the cluster's frontier URL.
func parseClusterVerb(fs *cli.FlagSet, args []string, frontier, config *string) (string, error) {
	operands, err := fs.Parse(args)
	if err != nil {
		return "", err
	}
	if len(operands) > 0 {
		return "", cli.Usagef("unexpected argument %q", operands[0])
	}
	return frontierURL(*frontier, *config)
}

// frontierURL is --frontier, or the frontier: key of --config.
func frontierURL(flagURL, config string) (string, error) {
	u := flagURL
	if u == "" && config != "" {
		cfg, err := crawl.LoadConfig(config)
		if err != nil {
			return "", cli.Usagef("%v", err)
		}
		if u = cfg.Frontier; u == "" {
			return "", cli.Usagef("%s has no frontier: key; give --frontier redis://HOST:PORT/DB", config)
		}
	}
	if u == "" {
		return "", cli.Usagef("which cluster? give --frontier redis://HOST:PORT/DB (or --config FILE with a frontier: key)")
	}
	if _, err := redisfrontier.ParseURL(u); err != nil {
		return "", cli.Usagef("%v", err)
	}
	return u, nil
}
