-- 0011: skill_postings keeps a skill's rows of one year and source in
-- repost-group order, and an index keeps them by company and repost group,
-- so that both distinct counts of a skill's query (repost groups per year
-- and source, per company) are one ordered pass in SQLite. Before, the
-- rows were read out and grouped in Go: 0.3 s each for java's 443,000 rows
-- at a million postings, most of it the driver handing over row after row.
-- A third index orders them newest first, so the examples read five rows,
-- not all of them.
--
-- A new posting's rows now land inside the table, not at its end, so the
-- postings stored since the table was last merged are read beside it
-- (skill_postings_through marks how far it covers) and IndexSkills merges
-- them in batches of many.
--
-- The table is derived, so it is emptied rather than copied: IndexSkills
-- refills it in sorted batches (resumable) before the next skill query;
-- until then queries read every posting beside the empty table, with the
-- same results.

DROP TRIGGER skill_postings_tag;
DROP TRIGGER skill_postings_untag;
DROP TRIGGER skill_postings_restate;
DROP TRIGGER skill_postings_drop;
DROP TABLE skill_postings;

CREATE TABLE skill_postings (
    skill      TEXT NOT NULL,
    year       INTEGER NOT NULL,
    source     TEXT NOT NULL,
    posting_id INTEGER NOT NULL,
    repost_key INTEGER NOT NULL,
    company    TEXT NOT NULL,
    posted     TEXT NOT NULL, -- coalesce(posted_at, first_seen): what "newest first" orders by
    PRIMARY KEY (skill, year, source, repost_key, posting_id)
) WITHOUT ROWID;

CREATE INDEX skill_postings_company ON skill_postings (skill, company, repost_key);
-- The newest first, for the examples: without it, every row of the skill
-- was read to pick five.
CREATE INDEX skill_postings_posted ON skill_postings (skill, year, posted, posting_id);

UPDATE skill_postings_through SET id = 0;

CREATE TRIGGER skill_postings_tag AFTER INSERT ON posting_skills
WHEN new.posting_id <= (SELECT id FROM skill_postings_through) BEGIN
    INSERT INTO skill_postings (skill, year, source, posting_id, repost_key, company, posted)
    SELECT new.skill, coalesce(p.year, 0), p.source, p.id, p.repost_key, p.company, coalesce(p.posted_at, p.first_seen)
    FROM postings p WHERE p.id = new.posting_id AND p.kind = 'job';
END;

CREATE TRIGGER skill_postings_untag AFTER DELETE ON posting_skills
WHEN old.posting_id <= (SELECT id FROM skill_postings_through) BEGIN
    DELETE FROM skill_postings WHERE skill = old.skill
        AND year = (SELECT coalesce(year, 0) FROM postings WHERE id = old.posting_id)
        AND source = (SELECT source FROM postings WHERE id = old.posting_id)
        AND repost_key = (SELECT repost_key FROM postings WHERE id = old.posting_id)
        AND posting_id = old.posting_id;
END;

-- A posting's counted columns changed (a merge dated it, a re-sighting
-- moved its first sighting, an edit changed its text and so its repost
-- group): its rows move. Other updates (job keys, search state) pass.
CREATE TRIGGER skill_postings_restate AFTER UPDATE OF kind, year, source, repost_key, company, posted_at, first_seen ON postings
WHEN old.id <= (SELECT id FROM skill_postings_through) AND (old.kind IS NOT new.kind OR old.year IS NOT new.year
    OR old.source IS NOT new.source OR old.repost_key IS NOT new.repost_key OR old.company IS NOT new.company
    OR coalesce(old.posted_at, old.first_seen) IS NOT coalesce(new.posted_at, new.first_seen))
BEGIN
    DELETE FROM skill_postings WHERE skill IN (SELECT skill FROM posting_skills WHERE posting_id = old.id)
        AND year = coalesce(old.year, 0) AND source = old.source AND repost_key = old.repost_key AND posting_id = old.id;
    INSERT INTO skill_postings (skill, year, source, posting_id, repost_key, company, posted)
    SELECT s.skill, coalesce(new.year, 0), new.source, new.id, new.repost_key, new.company, coalesce(new.posted_at, new.first_seen)
    FROM posting_skills s WHERE s.posting_id = new.id AND new.kind = 'job';
END;

-- Before, not after: a deleted posting's tags go by cascade, and its row
-- must still be there to find its keys.
CREATE TRIGGER skill_postings_drop BEFORE DELETE ON postings
WHEN old.id <= (SELECT id FROM skill_postings_through) BEGIN
    DELETE FROM skill_postings WHERE skill IN (SELECT skill FROM posting_skills WHERE posting_id = old.id)
        AND year = coalesce(old.year, 0) AND source = old.source AND repost_key = old.repost_key AND posting_id = old.id;
END;
