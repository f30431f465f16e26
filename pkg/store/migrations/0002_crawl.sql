-- 0002: the crawler's persistent frontier (see frontier.go). A crawl of one
-- source proceeds in generations: a generation starts from the source's seed
-- requests and ends when its queue has drained. A run killed in the middle
-- leaves its generation unfinished, and the next run resumes it: requests
-- that were in flight when the process died go back to pending, so no page
-- is lost, and every request key is queued at most once per generation, so
-- none is fetched twice.

-- The current (or last) generation of each source.
CREATE TABLE crawl_generations (
    source      TEXT PRIMARY KEY,
    generation  INTEGER NOT NULL,
    started_at  TEXT NOT NULL,  -- RFC 3339 UTC
    finished_at TEXT            -- NULL while the generation is in progress
) WITHOUT ROWID;

-- The queue of the current generation; also its visited set: a key present in
-- any state has been scheduled in this generation and is not queued again.
-- State moves pending -> inflight -> done | failed | blocked (robots.txt);
-- deferred marks a request postponed to the next run (its host asked us to
-- back off for longer than a run waits); skipped marks a detail page not
-- fetched because its stored copy is fresher than --refresh.
CREATE TABLE crawl_queue (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    key        TEXT NOT NULL,   -- canonical request: method, URL without session ids, body hash
    url        TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT '',
    depth      INTEGER NOT NULL DEFAULT 0,
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'inflight', 'done', 'failed', 'blocked', 'deferred', 'skipped')),
    attempts   INTEGER NOT NULL DEFAULT 0,  -- times popped (a crash mid-fetch counts)
    request    BLOB NOT NULL,               -- the serialized request (colly's format)
    note       TEXT NOT NULL DEFAULT '',    -- last error for failed, reason for blocked/deferred
    added_at   TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (source, key)
);

CREATE INDEX crawl_queue_state ON crawl_queue (source, state, id);

-- Every page fetched, across generations: what --refresh consults. A page
-- of kind 'detail' that yielded postings is not fetched again while fresher
-- than the refresh age; listings always are.
CREATE TABLE crawl_pages (
    source     TEXT NOT NULL,
    key        TEXT NOT NULL,
    url        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    postings   INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (source, key)
) WITHOUT ROWID;

-- Cookies per source and host (colly's storage interface), so a session
-- cookie survives a restart.
CREATE TABLE crawl_cookies (
    source     TEXT NOT NULL,
    host       TEXT NOT NULL,
    cookies    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (source, host)
) WITHOUT ROWID;

-- colly's visited-request hashes (its storage interface), per generation.
CREATE TABLE crawl_visited (
    source TEXT NOT NULL,
    hash   INTEGER NOT NULL,
    PRIMARY KEY (source, hash)
) WITHOUT ROWID;

-- Small named values a source keeps between runs (e.g. GitHub's "since").
CREATE TABLE crawl_state (
    source     TEXT NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (source, name)
) WITHOUT ROWID;

-- One row per `crawl run`: what it did. A run killed before it could finish
-- stays 'running' until the next run marks it 'interrupted'.
CREATE TABLE crawl_runs (
    id          INTEGER PRIMARY KEY,
    sources     TEXT NOT NULL,
    pid         INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
    pages       INTEGER NOT NULL DEFAULT 0,
    new         INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    errors      INTEGER NOT NULL DEFAULT 0,
    summary     TEXT NOT NULL DEFAULT '{}'  -- the run's JSON summary
);
