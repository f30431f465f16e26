package store

// The SQL of the postings part of the store, in one place. Schema changes
// belong in migrations/, never here.

const (
	qCreateMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL)`
	qMigrationApplied = `SELECT count(*) FROM schema_migrations WHERE version = ?`
	qRecordMigration  = `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`
	qSchemaVersion    = `SELECT coalesce(max(version), 0) FROM schema_migrations`
	qCountTables      = `SELECT count(*), count(*) FILTER (WHERE name = 'schema_migrations')
    FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`

	qLookupPosting = `SELECT id, content_hash, first_seen, last_seen FROM postings WHERE source = ? AND source_id = ?`
	qInsertPosting = `INSERT INTO postings (source, source_id, url, title, company, city, salary, posted_at,
    description, first_seen, last_seen, kind, content_hash, repost_key, raw, updated_at, tags_version, search_version)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qUpdatePosting = `UPDATE postings SET url = ?, title = ?, company = ?, city = ?, salary = ?, posted_at = ?,
    description = ?, first_seen = ?, last_seen = ?, kind = ?, content_hash = ?, repost_key = ?,
    raw = coalesce(?, raw), updated_at = ?, tags_version = ?, search_version = ?
    WHERE id = ?`
	qTouchPosting = `UPDATE postings SET first_seen = ?, last_seen = ? WHERE id = ?`
	qDeleteSkills = `DELETE FROM posting_skills WHERE posting_id = ?`
	// The skills of a posting travel as one JSON array: one statement per
	// posting whatever the number of skills.
	qInsertSkills   = `INSERT OR IGNORE INTO posting_skills (skill, posting_id) SELECT value, ? FROM json_each(?)`
	qSetTagsVersion = `UPDATE postings SET tags_version = ? WHERE id = ?`
	qStaleTags      = `SELECT id, title, description, kind FROM postings
    WHERE (tags_version IS NULL OR tags_version <> ?) AND id > ? ORDER BY id LIMIT ?`
	qStaleSearch = `SELECT id, title, description, kind FROM postings
    WHERE (search_version IS NULL OR search_version <> ?) AND id > ? ORDER BY id LIMIT ?`
	// Whether anything is stale is asked first, through the version indexes
	// ("< v OR > v" are two index range scans, where the paging queries
	// above walk the rows), so a report on an up-to-date store pays nothing.
	qAnyStaleTags     = `SELECT EXISTS (SELECT 1 FROM postings WHERE tags_version IS NULL OR tags_version < ?1 OR tags_version > ?1)`
	qAnyStaleSearch   = `SELECT EXISTS (SELECT 1 FROM postings WHERE search_version IS NULL OR search_version < ?1 OR search_version > ?1)`
	qDeleteSearch     = `DELETE FROM posting_search WHERE docid = ?`
	qInsertSearch     = `INSERT INTO posting_search (docid, body) VALUES (?, ?)`
	qSetSearchVersion = `UPDATE postings SET search_version = ? WHERE id = ?`

	qPostingColumns = `id, source, source_id, url, title, company, city, salary, coalesce(posted_at, ''),
    description, first_seen, last_seen, kind`
	qGetPosting = `SELECT ` + qPostingColumns + ` FROM postings WHERE source = ? AND source_id = ?`

	qCounts = `SELECT count(*), count(*) FILTER (WHERE kind = 'job'),
    count(DISTINCT repost_key) FILTER (WHERE kind = 'job') FROM postings`
)
