-- 0012: the triggers no longer move skill_postings' rows one at a time.
-- A row's place in the table and its two indexes follows its repost
-- group's hash, its company and its date, so moving the rows of many
-- stored postings (an import that dates or renames them) wrote one random
-- page after another: 100,000 re-dated postings of a million cost 42 s
-- more than the update itself. Now a trigger notes what changed: the rows
-- to take out (skill_postings_gone, the keys they were stored under) and
-- the postings to derive again (skill_postings_redo). IndexSkills applies
-- the notes in key order, in one transaction, before the next skill query
-- reads the table; until then queries read the match set, with the same
-- results.
--
-- The table's rows are right as they stand (the old triggers kept them
-- so): nothing to refill.
--
-- A refill of the whole table (after a retag, or once more postings wait
-- than it covers) now goes skill by skill, each skill's rows appended in
-- key order; filling names the last skill done while one is under way
-- (NULL otherwise), so an interrupted refill continues after it. Filled
-- in batches of postings, every batch wrote rows all over the table: the
-- first fill of ten million postings took 24 minutes.
ALTER TABLE skill_postings_through ADD COLUMN filling TEXT;

DROP TRIGGER skill_postings_tag;
DROP TRIGGER skill_postings_untag;
DROP TRIGGER skill_postings_restate;
DROP TRIGGER skill_postings_drop;

-- Kept in the order noted; IndexSkills sorts them. Duplicates are harmless.
CREATE TABLE skill_postings_gone (
    skill      TEXT NOT NULL,
    year       INTEGER NOT NULL,
    source     TEXT NOT NULL,
    repost_key INTEGER NOT NULL,
    posting_id INTEGER NOT NULL
);

CREATE TABLE skill_postings_redo (posting_id INTEGER PRIMARY KEY);

CREATE TRIGGER skill_postings_tag AFTER INSERT ON posting_skills
WHEN new.posting_id <= (SELECT id FROM skill_postings_through) BEGIN
    INSERT OR IGNORE INTO skill_postings_redo (posting_id) VALUES (new.posting_id);
END;

CREATE TRIGGER skill_postings_untag AFTER DELETE ON posting_skills
WHEN old.posting_id <= (SELECT id FROM skill_postings_through) BEGIN
    INSERT INTO skill_postings_gone (skill, year, source, repost_key, posting_id)
    SELECT old.skill, coalesce(p.year, 0), p.source, p.repost_key, p.id FROM postings p WHERE p.id = old.posting_id;
    INSERT OR IGNORE INTO skill_postings_redo (posting_id) VALUES (old.posting_id);
END;

-- A posting's counted columns changed (a merge dated it, a re-sighting
-- moved its first sighting, an edit changed its text and so its repost
-- group): its rows, under their old keys, go. Other updates (job keys,
-- search state) pass.
CREATE TRIGGER skill_postings_restate AFTER UPDATE OF kind, year, source, repost_key, company, posted_at, first_seen ON postings
WHEN old.id <= (SELECT id FROM skill_postings_through) AND (old.kind IS NOT new.kind OR old.year IS NOT new.year
    OR old.source IS NOT new.source OR old.repost_key IS NOT new.repost_key OR old.company IS NOT new.company
    OR coalesce(old.posted_at, old.first_seen) IS NOT coalesce(new.posted_at, new.first_seen))
BEGIN
    INSERT INTO skill_postings_gone (skill, year, source, repost_key, posting_id)
    SELECT skill, coalesce(old.year, 0), old.source, old.repost_key, old.id FROM posting_skills WHERE posting_id = old.id;
    INSERT OR IGNORE INTO skill_postings_redo (posting_id) VALUES (old.id);
END;

-- Before, not after: a deleted posting's tags go by cascade, and they must
-- still be there to name its rows.
CREATE TRIGGER skill_postings_drop BEFORE DELETE ON postings
WHEN old.id <= (SELECT id FROM skill_postings_through) BEGIN
    INSERT INTO skill_postings_gone (skill, year, source, repost_key, posting_id)
    SELECT skill, coalesce(old.year, 0), old.source, old.repost_key, old.id FROM posting_skills WHERE posting_id = old.id;
    INSERT OR IGNORE INTO skill_postings_redo (posting_id) VALUES (old.id);
END;
