-- 0010: skill_postings holds, per skill, its job postings with what
-- `analyze query` counts and orders of them: year, source, repost group,
-- company and date. A skill's query reads one range of this table instead
-- of looking up every match in postings_narrow (46,000 lookups for a
-- common skill at a million postings, three times per query, the most of
-- its 250 ms).
--
-- It is derived. For the postings up to skill_postings_through.id the
-- triggers below keep it equal to posting_skills joined to postings,
-- whatever changes either; the postings after it are added in bulk,
-- sorted, before queries (Store.IndexSkills), as the full-text index is. Maintaining it row by row at import put 60 µs on
-- every posting (its ~800 insertion points, one per skill, year and
-- source, do not stay in the page cache), nearly doubling the import.
-- Queries read it only when it covers every posting.
--
-- year is 0 for an undated posting: a key column cannot be NULL.

CREATE TABLE skill_postings (
    skill      TEXT NOT NULL,
    year       INTEGER NOT NULL,
    source     TEXT NOT NULL,
    posting_id INTEGER NOT NULL,
    repost_key INTEGER NOT NULL,
    company    TEXT NOT NULL,
    posted     TEXT NOT NULL, -- coalesce(posted_at, first_seen): what "newest first" orders by
    PRIMARY KEY (skill, year, source, posting_id)
) WITHOUT ROWID;

CREATE TABLE skill_postings_through (id INTEGER NOT NULL);
INSERT INTO skill_postings_through VALUES (0);

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
        AND year = coalesce(old.year, 0) AND source = old.source AND posting_id = old.id;
    INSERT INTO skill_postings (skill, year, source, posting_id, repost_key, company, posted)
    SELECT s.skill, coalesce(new.year, 0), new.source, new.id, new.repost_key, new.company, coalesce(new.posted_at, new.first_seen)
    FROM posting_skills s WHERE s.posting_id = new.id AND new.kind = 'job';
END;

-- Before, not after: a deleted posting's tags go by cascade, and its row
-- must still be there to find its keys.
CREATE TRIGGER skill_postings_drop BEFORE DELETE ON postings
WHEN old.id <= (SELECT id FROM skill_postings_through) BEGIN
    DELETE FROM skill_postings WHERE skill IN (SELECT skill FROM posting_skills WHERE posting_id = old.id)
        AND year = coalesce(old.year, 0) AND source = old.source AND posting_id = old.id;
END;
