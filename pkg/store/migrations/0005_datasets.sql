-- jobtrend:foreign-keys-off
-- 0005: datasets, honest dates, and a history of replaced values.
--
-- The postings table is rebuilt (SQLite cannot change a generated column in
-- place): its statistical year no longer falls back to a first-seen time
-- that was only the moment of an import (seen_known = 0), which filed
-- undated rows under the year they were imported. It gains every title and
-- city a parser found (JSON arrays) and job_key, the distinct-job key that
-- near-duplicate detection sets (equal to repost_key until then). Ids are
-- kept, so the full-text index, tags and term cache stay attached.

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
    -- 1 when first_seen is a real sighting (a crawl, a dataset's own
    -- first-seen column, or --seen); 0 when it is only when we stored it
    seen_known   INTEGER NOT NULL DEFAULT 1 CHECK (seen_known IN (0, 1)),
    -- every title and city found, in order, as JSON arrays; NULL = just title / city
    titles       TEXT,
    cities       TEXT,
    -- equal for postings that are one job (exact reposts and near-duplicates)
    job_key      INTEGER NOT NULL,
    -- the statistical year: of posted_at, else of a real first sighting, else none
    year INTEGER GENERATED ALWAYS AS (CASE
        WHEN posted_at IS NOT NULL THEN CAST(substr(posted_at, 1, 4) AS INTEGER)
        WHEN seen_known = 1 THEN CAST(substr(first_seen, 1, 4) AS INTEGER) END) VIRTUAL,
    UNIQUE (source, source_id)
);

INSERT INTO postings_new (id, source, source_id, url, title, company, city, salary, posted_at, description,
    first_seen, last_seen, kind, content_hash, repost_key, raw, updated_at, tags_version, search_version,
    seen_known, job_key)
SELECT id, source, source_id, url, title, company, city, salary, posted_at, description,
    first_seen, last_seen, kind, content_hash, repost_key, raw, updated_at, tags_version, search_version,
    1, repost_key
FROM postings;

DROP TABLE postings;
ALTER TABLE postings_new RENAME TO postings;

CREATE INDEX postings_year ON postings (kind, year, source, repost_key, company);
CREATE INDEX postings_tags_version ON postings (tags_version);
CREATE INDEX postings_search_version ON postings (search_version);

-- A dataset is one body of postings collected one way (a dataset file, a
-- crawl source). Shares are compared across years only inside a dataset.
CREATE TABLE datasets (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
    platform   TEXT NOT NULL DEFAULT '',
    -- census | sample | query:TERMS (see posting.Dataset)
    frame      TEXT NOT NULL DEFAULT 'census',
    date_basis TEXT NOT NULL DEFAULT 'published' CHECK (date_basis IN ('published', 'first_seen')),
    about      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Which datasets saw a posting, and the posting's statistical date inside
-- each: by the dataset's date basis, from the posting's publication date or
-- the dataset's own first sighting (seen_at, NULL when the dataset did not
-- say). year and month are NULL for an undated posting; dated_by says which
-- date gave them.
CREATE TABLE posting_datasets (
    dataset_id INTEGER NOT NULL REFERENCES datasets (id),
    posting_id INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    seen_at    TEXT,
    year       INTEGER,
    month      INTEGER CHECK (month IS NULL OR month BETWEEN 1 AND 12),
    dated_by   TEXT CHECK (dated_by IS NULL OR dated_by IN ('published', 'first_seen')),
    PRIMARY KEY (dataset_id, posting_id)
) WITHOUT ROWID;

CREATE INDEX posting_datasets_posting ON posting_datasets (posting_id);
CREATE INDEX posting_datasets_year ON posting_datasets (dataset_id, year, month, posting_id);

-- Every source stored so far becomes a dataset of its own, its postings
-- dated as before (publication date, else first seen).
INSERT INTO datasets (name, platform, frame, date_basis, about, created_at, updated_at)
SELECT DISTINCT source, source, 'census', 'published', 'every posting of source ' || source || ' stored before datasets existed',
    strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM postings ORDER BY source;

INSERT INTO posting_datasets (dataset_id, posting_id, seen_at, year, month, dated_by)
SELECT d.id, p.id, p.first_seen,
    CAST(substr(coalesce(p.posted_at, p.first_seen), 1, 4) AS INTEGER),
    CAST(substr(coalesce(p.posted_at, p.first_seen), 6, 2) AS INTEGER),
    CASE WHEN p.posted_at IS NOT NULL THEN 'published' ELSE 'first_seen' END
FROM postings p JOIN datasets d ON d.name = p.source;

-- The values a change replaced, so no stored content is ever lost: one row
-- per change, holding the replaced fields as a JSON object.
CREATE TABLE posting_versions (
    id          INTEGER PRIMARY KEY,
    posting_id  INTEGER NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    replaced_at TEXT NOT NULL,
    dataset     TEXT NOT NULL DEFAULT '',
    old         TEXT NOT NULL
);

CREATE INDEX posting_versions_posting ON posting_versions (posting_id);
