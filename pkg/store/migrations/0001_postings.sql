-- 0001: the postings table of the contract, plus what the pipeline needs to
-- update in place (content_hash), count reposts once (repost_key) and keep
-- skill tags in step with the taxonomy (tags_version, posting_skills).

CREATE TABLE postings (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL CHECK (source <> ''),
    source_id    TEXT NOT NULL CHECK (source_id <> ''),
    url          TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL DEFAULT '',
    company      TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    salary       TEXT NOT NULL DEFAULT '',
    -- publication date as YYYY-MM-DD, NULL when the source does not say
    posted_at    TEXT CHECK (posted_at IS NULL OR posted_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    description  TEXT NOT NULL DEFAULT '',
    -- RFC 3339 UTC timestamps of the first and latest sighting (crawl or dataset)
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    -- 'other' marks records kept for completeness but not job ads (thread summaries, questions)
    kind         TEXT NOT NULL DEFAULT 'job' CHECK (kind IN ('job', 'other')),
    content_hash TEXT NOT NULL,
    -- equal for exact reposts: the first 64 bits of posting.RepostKey's hash
    -- (an integer keeps the covering index below small, so counts read little)
    repost_key   INTEGER NOT NULL,
    raw          BLOB,
    -- when the content last changed (not when it was last seen)
    updated_at   TEXT NOT NULL,
    -- taxonomy version posting_skills was computed with; NULL = not tagged yet
    tags_version TEXT,
    -- the contract's statistical year: year of posted_at, else of first_seen
    year INTEGER GENERATED ALWAYS AS (CAST(substr(coalesce(posted_at, first_seen), 1, 4) AS INTEGER)) VIRTUAL,
    UNIQUE (source, source_id)
);

-- Covers the statistics: counting distinct repost groups per year and
-- source, and per company, reads this index alone, never the (large) rows.
CREATE INDEX postings_year ON postings (kind, year, source, repost_key, company);
CREATE INDEX postings_tags_version ON postings (tags_version);

CREATE TABLE posting_skills (
    skill      TEXT NOT NULL,
    posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    PRIMARY KEY (skill, posting_id)
) WITHOUT ROWID;

CREATE INDEX posting_skills_posting ON posting_skills (posting_id);
