-- 0009: postings_narrow also holds the dates a query orders its examples
-- by. "Newest first" read the whole row (2-3 KB) of every match of the
-- latest year only to learn its date: at a million postings, 30,000 rows
-- and more than half of a query's time for a common skill. With the dates
-- in the index the examples are chosen from it, and only the few shown
-- are read whole. The index grows by about 30 bytes a posting.

DROP INDEX postings_narrow;
CREATE INDEX postings_narrow ON postings (id, kind, year, source, repost_key, job_key, company, content_hash, city, salary,
    posted_at, first_seen);
