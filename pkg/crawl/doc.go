// Package crawl is jobtrend's crawler: a polite, incremental, crash-safe
// crawl of job boards on colly (github.com/gocolly/colly/v2), run by cron
// every few hours for months.
//
// Each source is a small adapter behind one interface (Source): where a
// crawl starts, and how a page becomes postings and further requests. The
// adapters are kinds in a registry (registry.go; a Kind per file): jsonld
// (any site publishing schema.org JobPosting data), css (a board described
// by CSS selectors in the config), lagou (Lagou's search API),
// github-threads (job threads kept as GitHub issues, such as ruanyf/weekly's
// "谁在招人？") and zhaopin (Zhaopin's detail pages). Every adapter can also
// read saved responses (HTML, JSON, HAR) from a folder.
//
// The rest is shared and lives here only: politeness (robots.txt, one
// request in flight per host, a delay with jitter, Retry-After, an
// identifying User-Agent, same-host crawling, limits on depth, pages and
// body size), fault handling (retries with exponential backoff, charset
// detection, redirect and trap bounds, anti-bot pages backed off from and
// never stored), and the persistent frontier (an interface, Frontier, the
// SQLite store's through SQLiteStore: queue, visited set, cookies, per-page
// fetch times, per-host politeness), which makes a crawl resumable after
// SIGKILL and incremental across runs (--refresh).
//
// Run is the entry point: it takes a Config (LoadConfig reads
// data/sources.yaml) and a store, holds the database's run lock, crawls,
// and returns a Summary. See README.md in this folder for the config keys.
package crawl
