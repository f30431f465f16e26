-- 0003: the analyzer's cache of segmented text. Segmenting is the costly
-- step of a report, so each posting's term counts are kept, keyed by the
-- posting's content hash and the segmenter's version: a report after a crawl
-- segments only new or changed postings, and a new dictionary re-segments
-- everything once. The blob's encoding belongs to package trend.

CREATE TABLE posting_terms (
    posting_id   INTEGER PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    seg_version  TEXT NOT NULL,
    terms        BLOB NOT NULL
);
