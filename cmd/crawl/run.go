package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/logsummary"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier"
)

const runUsage = `usage: crawl run [--db DB] --config FILE [--source NAME ...] [flags]
       crawl run [--db DB] [--kind jsonld] --start URL [--start URL ...] [flags]
       crawl run --frontier redis://HOST:PORT/DB [--node NAME] --config FILE [flags]

The scheduled crawl. With --config, crawls the sources the file lists (all
enabled ones, or those named with --source); see data/sources.yaml for the
format. With --start, crawls one site ad hoc, following same-host links
(listings, rel=next pagination, sitemaps) and storing every schema.org
JobPosting it finds in JSON-LD.

The crawl is polite (robots.txt, one request at a time per host, --delay with
jitter, Retry-After), incremental (stored detail pages younger than --refresh
are not fetched again; listings always are) and resumable: a run that was
killed continues where it stopped. A second run on the same database exits at
once (exit 1) unless --wait. Flags given here override the config file's
settings for every source.

At the end, one summary line on stderr, or with --json one JSON object on
stdout: {"pages", "new", "updated", "unchanged", "errors", ...}. Exit 1 when
every request failed; 0 when postings were stored despite errors.

With --frontier (or the config's frontier: key) the run is one node of a
crawl cluster: the queue, visited set, cookies, generations and every
host's politeness state live in Redis, shared with the other nodes (still
one request at a time per host, across all of them); the node writes no
database but sends its postings to the writer, crawl ingest, which stores
them (see docs/cluster.md).

The postings stored are segmented as they arrive, on the cores the crawl
leaves idle, so the next report finds them cached; --no-segment leaves that
to the report.`

func runCrawl(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "run", runUsage)
	db := fs.String("db", cli.DefaultDB, "database `path`")
	config := fs.String("config", "", "sources `file` (YAML), e.g. data/sources.yaml")
	var sources, starts, allow cli.Strings
	fs.Var(&sources, "source", "with --config: run this source (repeatable); with --start: the source `name` stored (default: the host)")
	kind := fs.String("kind", "jsonld", "with --start: the source `kind` (jsonld)")
	fs.Var(&starts, "start", "start `URL` of an ad-hoc crawl (repeatable)")
	fs.Var(&allow, "allow-domain", "also crawl this `host` (repeatable)")
	def := crawl.DefaultSettings()
	delay := fs.Duration("delay", def.Delay, "pause between requests to one host")
	// No default value: the flag package would print it beside ours, and
	// the jitter's default depends on --delay. Only flags given are applied.
	jitter := fs.Duration("jitter", 0, "random extra pause, up to this much (default: a quarter of --delay)")
	maxPages := fs.Int("max-pages", def.MaxPages, "most requests one crawl queues per source")
	maxDepth := fs.Int("max-depth", def.MaxDepth, "most link hops from a start URL")
	ua := fs.String("user-agent", def.UserAgent, "User-Agent `string`")
	refresh := fs.String("refresh", "7d", "do not fetch again a stored detail page younger than this `age` (0: always fetch)")
	timeout := fs.Duration("timeout", def.Timeout, "timeout of one request")
	retries := fs.Int("retries", def.Retries, "retries of a failed request (5xx, 429, timeouts, resets)")
	maxWait := fs.Duration("max-wait", def.MaxWait, "longest pause to wait for a host; longer ones defer its requests to the next run")
	workers := fs.Int("workers", def.Workers, "concurrent requests (still one per host)")
	cookieFile := fs.String("cookie-file", "", "send the cookies of this `file` (cookies.txt, or one \"a=b; c=d\" line)")
	saved := fs.String("saved", "", "read saved responses (HTML, JSON, HAR) from this `folder` instead of crawling")
	wait := fs.Bool("wait", false, "wait for a running crawl of the same database to finish instead of exiting")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object on stdout")
	quiet := fs.Bool("quiet", false, "no progress display; errors, and at the end one line per kind of warning with its count")
	verbose := fs.Bool("verbose", false, "log every retry, skipped link and warning (by default a warning repeated is counted, not shown)")
	frontier := fs.String("frontier", "", "keep the crawl state in Redis, shared by the nodes of a crawl cluster: `URL` redis://HOST:PORT/DB[?lease=1m&round=30m&prefix=jobtrend]")
	node := fs.String("node", "", "with --frontier: this node's `name` (default: the host name)")
	noSegment := fs.Bool("no-segment", false, "do not segment the postings as they are stored (the next report does)")
	operands, err := fs.Parse(args)
	if err != nil {
		return err
	}
	if len(operands) > 0 {
		return cli.Usagef("unexpected argument %q (start URLs go after --start)", operands[0])
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	var cfg *crawl.Config
	switch {
	case *config != "" && len(starts) > 0:
		return cli.Usagef("give --config or --start, not both")
	case *config != "":
		if set["kind"] {
			return cli.Usagef("--kind goes with --start; a config file names each source's kind")
		}
		if cfg, err = crawl.LoadConfig(*config); err != nil {
			return cli.Usagef("%v", err)
		}
	case len(starts) > 0:
		if *kind != "jsonld" {
			return cli.Usagef("--kind %q: only jsonld crawls ad hoc; describe other sources in a config file (--config)", *kind)
		}
		if len(sources) > 1 {
			return cli.Usagef("an ad-hoc crawl is one source: give --source once")
		}
		name, err := adHocName(starts, sources)
		if err != nil {
			return err
		}
		cfg = &crawl.Config{Sources: []crawl.SourceConfig{{Name: name, Kind: "jsonld", Start: starts, Settings: def}}}
		sources = nil
	default:
		return cli.Usagef("nothing to crawl: give --config FILE or --start URL")
	}

	// Flags the user gave override every source's settings, as a config
	// file's settings do (crawl.SettingsPatch: --delay sets the jitter to a
	// quarter of it unless --jitter is given too).
	var patch crawl.SettingsPatch
	var flagErr error
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "delay":
			patch.Delay = ptr(crawl.Duration(*delay))
		case "jitter":
			patch.Jitter = ptr(crawl.Duration(*jitter))
		case "max-pages":
			patch.MaxPages = maxPages
		case "max-depth":
			patch.MaxDepth = maxDepth
		case "user-agent":
			patch.UserAgent = ua
		case "refresh":
			age, err := crawl.ParseDuration(*refresh)
			if err != nil {
				flagErr = cli.Usagef("--refresh: %v", err)
			}
			patch.Refresh = ptr(crawl.Duration(age))
		case "timeout":
			patch.Timeout = ptr(crawl.Duration(*timeout))
		case "retries":
			patch.Retries = retries
		case "max-wait":
			patch.MaxWait = ptr(crawl.Duration(*maxWait))
		case "workers":
			patch.Workers = workers
		case "cookie-file":
			patch.CookieFile = cookieFile
		case "saved":
			patch.Saved = saved
		}
	})
	patch.AddDomains = allow
	if flagErr != nil {
		return flagErr
	}
	if err := cfg.Override(patch); err != nil {
		return cli.Usagef("%v", err)
	}
	if _, err := cfg.Select(sources); err != nil {
		return cli.Usagef("%v", err)
	}
	if set["frontier"] {
		cfg.Frontier = *frontier
	}
	switch {
	case cfg.Frontier != "" && set["db"]:
		return cli.Usagef("--db with a Redis frontier: a node writes no database; crawl ingest --frontier %s --db %s stores what the nodes send", cfg.Frontier, *db)
	case cfg.Frontier == "" && set["node"]:
		return cli.Usagef("--node names a node of a crawl cluster: give --frontier redis://HOST:PORT/DB too")
	}
	if cfg.Frontier != "" {
		if _, err := redisfrontier.ParseURL(cfg.Frontier); err != nil {
			return cli.Usagef("%v", err)
		}
	}

	// Warnings repeat (a broken block on every page of a board): the first
	// of each kind is shown, the rest counted and summarized at the end.
	level, mode := slog.LevelInfo, logsummary.Default
	switch {
	case *verbose:
		level, mode = slog.LevelDebug, logsummary.Verbose
	case *quiet:
		level, mode = slog.LevelWarn, logsummary.Quiet
	}
	warnings := logsummary.New(cli.NewLogger(env.Stderr, level).Handler(), logsummary.Options{Mode: mode})
	opts := crawl.Options{Log: slog.New(warnings), Sources: sources, Wait: *wait}
	var bar *progressBar
	if !*quiet && cli.IsTerminal(env.Stderr) {
		bar = newProgressBar(env)
		opts.Progress = bar.update
	}
	var cst crawl.Store
	if cfg.Frontier != "" {
		rs, err := redisfrontier.Open(ctx, cfg.Frontier, redisfrontier.Options{Node: *node, Log: opts.Log})
		if err != nil {
			return err
		}
		defer rs.Close()
		cst = rs
	} else {
		st, err := openStore(ctx, *db, false)
		if err != nil {
			return err
		}
		defer st.Close()
		cst = crawl.SQLiteStore(st)
		if !*noSegment {
			// The crawl's writes are small and spread out: the segmenter
			// writes its terms in transactions of its own between them.
			seg := followSegments(ctx, st, opts.Log)
			defer func() {
				if n := seg.Finish(ctx); n > 0 {
					opts.Log.Info("segmented", "postings", n)
				}
			}()
		}
	}
	sum, err := crawl.Run(ctx, cfg, cst, opts)
	bar.done()
	warnings.Flush(context.WithoutCancel(ctx))
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if *asJSON {
		if jerr := json.NewEncoder(env.Stdout).Encode(sum); jerr != nil {
			return jerr
		}
	} else {
		fmt.Fprintln(env.Stderr, sum.Line())
	}
	if err != nil {
		return err // interrupted: the summary says what was done; the next run resumes
	}
	if sum.Failed() {
		var why []string
		for _, ss := range sum.Sources {
			if ss.Error != "" {
				why = append(why, "source "+ss.Name+": "+ss.Error)
			}
		}
		if len(why) > 0 {
			return fmt.Errorf("every request failed (%d errors); nothing was stored; %s", sum.Errors, strings.Join(why, "; "))
		}
		return fmt.Errorf("every request failed (%d errors); nothing was stored", sum.Errors)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// adHocName is the source name of an ad-hoc crawl: --source, or the first
// start URL's host without "www." and port.
func adHocName(starts, sources []string) (string, error) {
	if len(sources) == 1 {
		return sources[0], nil
	}
	u, err := url.Parse(starts[0])
	if err != nil || u.Hostname() == "" {
		return "", cli.Usagef("--start %q: want an absolute http or https URL", starts[0])
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."), nil
}

// progressBar draws the running totals on a terminal.
type progressBar struct {
	mu  sync.Mutex
	bar *progressbar.ProgressBar
}

func newProgressBar(env *cli.Env) *progressBar {
	return &progressBar{bar: progressbar.NewOptions(-1, progressbar.OptionSetWriter(env.Stderr),
		progressbar.OptionSetDescription("crawling"), progressbar.OptionSpinnerType(14),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish(),
		progressbar.OptionShowCount(), progressbar.OptionSetItsString("pages"), progressbar.OptionShowIts())}
}

func (p *progressBar) update(c crawl.Counters) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Describe(fmt.Sprintf("crawling: %d new, %d updated, %d unchanged, %d errors", c.New, c.Updated, c.Unchanged, c.Errors))
	p.bar.Set(c.Pages)
}

func (p *progressBar) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Finish()
}
