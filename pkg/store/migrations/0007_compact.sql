-- 0007: a smaller store that imports at the speed of SQLite.
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
-- postings_year leads with (kind, year, source) as before and then the
-- posting id: new postings land at the end of their year's range instead
-- of at a random place in it (their repost key), so a bulk import writes a
-- few index pages per batch instead of one per posting, and stays as fast
-- at ten million postings as at a hundred thousand. It also covers job_key
-- now, so the distinct-job counts read no posting row.
--
-- A report reads every job posting several times, and a postings row is 2
-- to 3 KB of text it never reads: a pass over the table read the whole
-- store (3.7 GB at a million postings). postings_narrow holds, in id
-- order, the columns the passes read (118 MB at a million); the caches'
-- keys get indexes of their own, so finding what is stale reads neither
-- the terms nor the sketches. Measured at a million postings: the
-- near-duplicate pass's fingerprint took 1.4-1.6 s through the rows,
-- 0.23-0.26 s through postings_narrow.

DROP TABLE posting_search;

CREATE VIRTUAL TABLE posting_search USING fts4(content="", body, tokenize=simple);

CREATE TABLE posting_search_moved (
    entry      INTEGER PRIMARY KEY CHECK (entry < 0),
    posting_id INTEGER NOT NULL UNIQUE REFERENCES postings (id) ON DELETE CASCADE
);

CREATE TABLE posting_search_dead (
    entry INTEGER PRIMARY KEY CHECK (entry > 0)
);

UPDATE postings SET search_version = NULL WHERE search_version IS NOT NULL;

DROP INDEX postings_year;

CREATE INDEX postings_year ON postings (kind, year, source, id, repost_key, job_key, company);

CREATE INDEX postings_narrow ON postings (id, kind, year, source, repost_key, job_key, company, content_hash, city, salary);

CREATE INDEX posting_terms_key ON posting_terms (posting_id, content_hash, seg_version);

CREATE INDEX posting_sketches_key ON posting_sketches (posting_id, content_hash, version);
