-- 0006: near-duplicate detection. Each job posting's text sketch (package
-- dedup), keyed by the content it was made from and the sketch format, so
-- a pass sketches only new or changed postings; and what the last pass saw,
-- so a pass over an unchanged store is skipped.

CREATE TABLE posting_sketches (
    posting_id   INTEGER PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    version      INTEGER NOT NULL,
    sketch       BLOB NOT NULL
);

-- Small named values of the analyzer's passes (e.g. the state of the store
-- when job_key was last computed).
CREATE TABLE analysis_state (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX postings_job_key ON postings (job_key) WHERE job_key <> repost_key;
