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
-- at ten million postings as at a hundred thousand. The index still covers
-- every column the counts read.

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

CREATE INDEX postings_year ON postings (kind, year, source, id, repost_key, company);
