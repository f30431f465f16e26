-- 0004: the full-text index behind `analyze query`. FTS4 (compiled into
-- go-sqlite3 by default; FTS5 would need a build tag) over each job
-- posting's index tokens, which Go computes (normalize.Searcher): skill
-- spellings mapped to canonical names, Chinese as character pairs, so the
-- index's own "simple" tokenizer only splits on the spaces between them.
-- docid is postings.id. search_version records the tokenization a
-- posting was indexed with; postings indexed with another are re-indexed.

CREATE VIRTUAL TABLE posting_search USING fts4(body, tokenize=simple);

ALTER TABLE postings ADD COLUMN search_version TEXT;

CREATE INDEX postings_search_version ON postings (search_version);
