-- jobtrend:foreign-keys-off
-- 0007: a smaller store that imports at the speed of SQLite and reads
-- what a report counts without reading the postings' text.
--
-- The full-text index keeps no copy of what it indexes. FTS4 stored every
-- posting's index text (each Chinese character and a space: more bytes
-- than the text itself) in posting_search_content, only to read it back
-- when an entry is deleted. posting_search is now contentless, and a
-- contentless FTS4 table cannot delete: an entry whose posting changed is
-- retired instead. An entry's docid is its posting's id; a posting indexed
-- again after its entry was retired gets an entry with a negative docid,
-- mapped back to it by posting_search_moved; posting_search_dead lists the
-- retired entries with positive docids (a negative one is retired by
-- dropping its posting_search_moved row). Queries leave retired entries
-- out, and Reindex rebuilds the index when they grow to a tenth of it.
-- The entries are rebuilt: every posting's search_version goes back to
-- NULL, and the next `analyze query` indexes them.
--
-- postings is rebuilt (ids kept) for one change: year, the statistical
-- year, is an ordinary column the store writes with the values the
-- generated column had (a CHECK keeps it so). SQLite never reads a
-- generated column from an index: every count by year read each posting's
-- 2-3 KB row to recompute it, a pass over the whole store (3.7 GB at a
-- million postings) per count.
--
-- Indexes. postings_year leads with (kind, year, source) as before and
-- then the posting id: new postings land at the end of their year's range
-- instead of at a random place in it (their repost key), so a bulk import
-- writes a few index pages per batch instead of one per posting, and stays
-- as fast at ten million postings as at a hundred thousand; it covers
-- job_key too. postings_narrow holds, in id order, the columns the
-- report's passes read (118 MB at a million postings); the caches' keys get
-- indexes of their own, so finding what is stale reads neither terms nor
-- sketches.

DROP TABLE posting_search;

CREATE VIRTUAL TABLE posting_search USING fts4(content="", body, tokenize=simple);

CREATE TABLE postings_new (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL CHECK (source <> ''),
    source_id    TEXT NOT NULL CHECK (source_id <> ''),
    url          TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL DEFAULT '',
    company      TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    salary       TEXT NOT NULL DEFAULT '',
    posted_at    TEXT CHECK (posted_at IS NULL OR posted_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    description  TEXT NOT NULL DEFAULT '',
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT 'job' CHECK (kind IN ('job', 'other')),
    content_hash TEXT NOT NULL,
    repost_key   INTEGER NOT NULL,
    raw          BLOB,
    updated_at   TEXT NOT NULL,
    tags_version TEXT,
    search_version TEXT,
    seen_known   INTEGER NOT NULL DEFAULT 1 CHECK (seen_known IN (0, 1)),
    titles       TEXT,
    cities       TEXT,
    job_key      INTEGER NOT NULL,
    -- the statistical year: of posted_at, else of a real first sighting, else none
    year         INTEGER CHECK (year IS (CASE
        WHEN posted_at IS NOT NULL THEN CAST(substr(posted_at, 1, 4) AS INTEGER)
        WHEN seen_known = 1 THEN CAST(substr(first_seen, 1, 4) AS INTEGER) END)),
    UNIQUE (source, source_id)
);

INSERT INTO postings_new (id, source, source_id, url, title, company, city, salary, posted_at, description,
    first_seen, last_seen, kind, content_hash, repost_key, raw, updated_at, tags_version, search_version,
    seen_known, titles, cities, job_key, year)
SELECT id, source, source_id, url, title, company, city, salary, posted_at, description,
    first_seen, last_seen, kind, content_hash, repost_key, raw, updated_at, tags_version, NULL,
    seen_known, titles, cities, job_key, year
FROM postings;

DROP TABLE postings;
ALTER TABLE postings_new RENAME TO postings;

CREATE INDEX postings_year ON postings (kind, year, source, id, repost_key, job_key, company);
CREATE INDEX postings_narrow ON postings (id, kind, year, source, repost_key, job_key, company, content_hash, city, salary);
CREATE INDEX postings_tags_version ON postings (tags_version);
CREATE INDEX postings_search_version ON postings (search_version);
CREATE INDEX postings_job_key ON postings (job_key) WHERE job_key <> repost_key;

CREATE TABLE posting_search_moved (
    entry      INTEGER PRIMARY KEY CHECK (entry < 0),
    posting_id INTEGER NOT NULL UNIQUE REFERENCES postings (id) ON DELETE CASCADE
);

CREATE TABLE posting_search_dead (
    entry INTEGER PRIMARY KEY CHECK (entry > 0)
);

CREATE INDEX posting_terms_key ON posting_terms (posting_id, content_hash, seg_version);
CREATE INDEX posting_sketches_key ON posting_sketches (posting_id, content_hash, version);
