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
	qCountTables      = `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	// A store made before jobtrend marked its files: our first migration's
	// row in a schema_migrations of our shape, and our postings table.
	qLegacyStore = `SELECT
        (SELECT count(*) FROM pragma_table_info('schema_migrations') WHERE name IN ('version', 'name', 'applied_at')) = 3
        AND (SELECT count(*) FROM pragma_table_info('postings') WHERE name IN ('source_id', 'content_hash', 'repost_key')) = 3
        AND EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')`
	qLegacyFirstMigration = `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = 1 AND name = '0001_postings.sql')`

	qLookupPosting = `SELECT id, content_hash, first_seen, last_seen, seen_known, search_version FROM postings
    WHERE source = ? AND source_id = ?`
	// A posting's first sighting: inserted, or nothing when the key is
	// known (then no row changes and the upsert reads the stored one). An
	// Exec gives the new id and the count of changed rows in one call,
	// where RETURNING opened a result set.
	qInsertNewPosting = `INSERT INTO postings (source, source_id, url, title, company, city, salary, posted_at,
    description, first_seen, last_seen, kind, content_hash, repost_key, raw, updated_at, tags_version, search_version,
    seen_known, titles, cities, job_key, year, company_from, team, work_mode)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (source, source_id) DO NOTHING`
	// job_key follows repost_key unless near-duplicate detection joined
	// the posting to another job.
	qUpdatePosting = `UPDATE postings SET url = ?, title = ?, company = ?, city = ?, salary = ?, posted_at = ?,
    description = ?, first_seen = ?, last_seen = ?, kind = ?, content_hash = ?,
    job_key = CASE WHEN job_key = repost_key THEN ?12 ELSE job_key END, repost_key = ?12,
    raw = coalesce(?, raw), updated_at = ?, tags_version = ?, search_version = ?, seen_known = ?, titles = ?, cities = ?,
    year = ?, company_from = ?, team = ?, work_mode = ? WHERE id = ?`
	// A re-sighting moves the first sighting, which files a posting with
	// no publication date under its year.
	qTouchPosting = `UPDATE postings SET first_seen = ?1, last_seen = ?2, seen_known = ?3,
    year = CASE WHEN posted_at IS NOT NULL THEN year WHEN ?3 = 1 THEN CAST(substr(?1, 1, 4) AS INTEGER) END
    WHERE id = ?4`
	// The stored posting a sighting is merged into.
	qMergeBase = `SELECT url, title, company, city, salary, coalesce(posted_at, ''), description, kind, titles, cities, company_from, team, work_mode
    FROM postings WHERE id = ?`
	qRawOf         = `SELECT raw FROM postings WHERE id = ?`
	qInsertVersion = `INSERT INTO posting_versions (posting_id, replaced_at, dataset, old) VALUES (?, ?, ?, ?)`

	qMembership = `SELECT seen_at FROM posting_datasets WHERE dataset_id = ? AND posting_id = ?`
	// Changes no row when the membership is stored as it is, so the
	// caller learns from the count of changed rows whether the store
	// changed (a posting sighted again unchanged under a new dataset
	// changes every per-dataset count).
	qPutMembership = `INSERT INTO posting_datasets (dataset_id, posting_id, seen_at, year, month, dated_by)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (dataset_id, posting_id) DO UPDATE SET seen_at = excluded.seen_at, year = excluded.year,
    month = excluded.month, dated_by = excluded.dated_by
    WHERE seen_at IS NOT excluded.seen_at OR year IS NOT excluded.year OR month IS NOT excluded.month
        OR dated_by IS NOT excluded.dated_by`
	qMemberships  = `SELECT dataset_id, seen_at FROM posting_datasets WHERE posting_id = ?`
	qRedate       = `UPDATE posting_datasets SET year = ?, month = ?, dated_by = ? WHERE dataset_id = ? AND posting_id = ?`
	qDeleteSkills = `DELETE FROM posting_skills WHERE posting_id = ?`
	// One statement per skill: a posting has a few, and a plain insert
	// costs a fifth of expanding a JSON array with json_each.
	qInsertSkill = `INSERT OR IGNORE INTO posting_skills (skill, posting_id) VALUES (?, ?)`
	// The skill and dataset rows of a batch's new postings, rowsPerStatement
	// rows a statement (flushRows; the rest one by one with qInsertSkill
	// and qPutMembership): bound values cost SQLite less than expanding a
	// JSON array with json_each, and Go less than marshalling one.
	skillTuples8  = `(?, ?), (?, ?), (?, ?), (?, ?), (?, ?), (?, ?), (?, ?), (?, ?)`
	skillTuples64 = skillTuples8 + `, ` + skillTuples8 + `, ` + skillTuples8 + `, ` + skillTuples8 + `, ` +
		skillTuples8 + `, ` + skillTuples8 + `, ` + skillTuples8 + `, ` + skillTuples8
	qInsertSkillRows = `INSERT OR IGNORE INTO posting_skills (skill, posting_id) VALUES ` + skillTuples64
	memberTuple      = `(?, ?, ?, ?, ?, ?)`
	memberTuples8    = memberTuple + `, ` + memberTuple + `, ` + memberTuple + `, ` + memberTuple + `, ` +
		memberTuple + `, ` + memberTuple + `, ` + memberTuple + `, ` + memberTuple
	memberTuples64 = memberTuples8 + `, ` + memberTuples8 + `, ` + memberTuples8 + `, ` + memberTuples8 + `, ` +
		memberTuples8 + `, ` + memberTuples8 + `, ` + memberTuples8 + `, ` + memberTuples8
	qInsertMemberRows = `INSERT INTO posting_datasets (dataset_id, posting_id, seen_at, year, month, dated_by) VALUES ` +
		memberTuples64 + `
    ON CONFLICT (dataset_id, posting_id) DO UPDATE SET seen_at = excluded.seen_at, year = excluded.year,
    month = excluded.month, dated_by = excluded.dated_by`
	qSetTagsVersion = `UPDATE postings SET tags_version = ? WHERE id = ?`
	qStaleTags      = `SELECT id, title, description, kind FROM postings
    WHERE (tags_version IS NULL OR tags_version <> ?) AND id > ? ORDER BY id LIMIT ?`
	// Whether anything is stale is asked first, through the version index
	// ("< v OR > v" are two index range scans, where the paging query
	// above walks the rows), so a report on an up-to-date store pays
	// nothing.
	qAnyStaleTags = `SELECT EXISTS (SELECT 1 FROM postings WHERE tags_version IS NULL OR tags_version < ?1 OR tags_version > ?1)`

	qPostingColumns = `id, source, source_id, url, title, company, city, salary, coalesce(posted_at, ''),
    description, first_seen, last_seen, kind, seen_known, titles, cities, company_from, team, work_mode`
	qGetPosting = `SELECT ` + qPostingColumns + ` FROM postings WHERE source = ? AND source_id = ?`

	qCounts = `SELECT count(*), count(*) FILTER (WHERE kind = 'job'),
    count(DISTINCT repost_key) FILTER (WHERE kind = 'job') FROM postings`
)
