-- 0008: what a free-text parser reads besides the contract's fields, kept
-- with the posting instead of thrown away: where the company name was read
-- (a heading, a link's text, a labelled line, running text), the team a
-- post hires for apart from its employer (拼多多容器平台 → company 拼多多,
-- team 容器平台), and the work mode. Empty when no parser said; the merge
-- rules treat them as every other text field.

ALTER TABLE postings ADD COLUMN company_from TEXT NOT NULL DEFAULT ''
    CHECK (company_from IN ('', 'heading', 'link', 'label', 'body'));
ALTER TABLE postings ADD COLUMN team TEXT NOT NULL DEFAULT '';
ALTER TABLE postings ADD COLUMN work_mode TEXT NOT NULL DEFAULT ''
    CHECK (work_mode IN ('', 'remote', 'hybrid', 'onsite'));
