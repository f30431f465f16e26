package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// The write side of the full-text index (posting_search, FTS4).
//
// The index keeps no copy of the text it indexed (migration 0007): it is a
// contentless FTS4 table, which can add entries but not delete them, so an
// entry whose posting changed is retired: its docid goes to
// posting_search_dead (or, for a negative docid, its posting_search_moved
// row goes), and queries leave it out. An entry's docid is its posting's
// id, unless that id's entry was retired: the posting then gets a new,
// negative docid, mapped back to it by posting_search_moved. Reindex
// rebuilds the index once retired entries are a tenth of it. The
// invariant every write keeps:
//
//   - search_version NULL: the posting has no live entry (never indexed,
//     or left for Reindex);
//   - search_version V: a job posting has exactly one live entry, made by
//     tokenization V of its stored title and description; any other kind
//     has none. Reindex rebuilds the index when some V is not this
//     binary's.

// ftsFormat names the form the store gives index text (ftsBody); it is part
// of search_version, so a change to it rebuilds the index.
const ftsFormat = "fts4x-1"

const (
	qCreateSearch      = `CREATE VIRTUAL TABLE posting_search USING fts4(content="", body, tokenize=simple)`
	qDropSearch        = `DROP TABLE posting_search`
	qClearMoved        = `DELETE FROM posting_search_moved`
	qClearDead         = `DELETE FROM posting_search_dead`
	qInsertSearch      = `INSERT INTO posting_search (docid, body) VALUES (?, ?)`
	qRetireMoved       = `DELETE FROM posting_search_moved WHERE posting_id = ?`
	qRetireEntry       = `INSERT OR IGNORE INTO posting_search_dead (entry) VALUES (?)`
	qEntryRetired      = `SELECT EXISTS (SELECT 1 FROM posting_search_dead WHERE entry = ?)`
	qLowestEntry       = `SELECT min(0, coalesce((SELECT min(docid) FROM posting_search_docsize), 0))`
	qMoveEntry         = `INSERT INTO posting_search_moved (entry, posting_id) VALUES (?, ?)`
	qSetSearchVersion  = `UPDATE postings SET search_version = ? WHERE id = ?`
	qUnindexAll        = `UPDATE postings SET search_version = NULL WHERE search_version IS NOT NULL`
	qAnyRetired        = `SELECT EXISTS (SELECT 1 FROM posting_search_dead) OR EXISTS (SELECT 1 FROM posting_search_moved)`
	qRetiredAndEntries = `SELECT (SELECT count(*) FROM posting_search_dead)
    + (SELECT count(*) FROM posting_search_docsize WHERE docid < 0) - (SELECT count(*) FROM posting_search_moved),
    (SELECT count(*) FROM posting_search_docsize)`
	// Whether anything is stale is asked first, through the version index
	// ("< v OR > v" are two index range scans), so a query on an up-to-date
	// store pays nothing.
	qAnyStaleSearch   = `SELECT EXISTS (SELECT 1 FROM postings WHERE search_version IS NULL OR search_version < ?1 OR search_version > ?1)`
	qAnyForeignSearch = `SELECT EXISTS (SELECT 1 FROM postings WHERE search_version < ?1 OR search_version > ?1)`
	qUnindexed        = `SELECT id, title, description, kind FROM postings
    WHERE search_version IS NULL AND id > ? ORDER BY id LIMIT ?`
)

// retiredSlack is how many retired entries an index may carry whatever its
// size before Reindex rebuilds it: a small index pays nothing for them.
const retiredSlack = 1000

// searchVersion is the value of postings.search_version for a posting
// indexed now: NULL without an indexer, so Reindex picks it up later.
func (s *Store) searchVersion() any {
	if s.indexer == nil {
		return nil
	}
	return s.indexer.Version() + "+" + ftsFormat
}

// searchAdd is an entry to add at the end of the transaction
// (flushSearch).
type searchAdd struct {
	entry int64
	body  string
}

// indexNew queues the entry of a posting that never had one.
func (s *Store) indexNew(st *upsertStmts, id int64, kind posting.Kind, body string) {
	if kind == posting.Job && s.indexer != nil {
		st.search = append(st.search, searchAdd{entry: id, body: body})
	}
}

// reindexChanged retires the entry of a posting whose text changed from
// stored to (kind, body), queues its new one, and returns its new
// search_version. oldVersion is the stored one.
func (s *Store) reindexChanged(ctx context.Context, st *upsertStmts, id int64, stored *posting.Posting,
	oldVersion sql.NullString, kind posting.Kind, body string, w writeOpts) (any, error) {
	if oldVersion.Valid && stored.Kind == posting.Job {
		if err := retireEntry(ctx, st, id); err != nil {
			return nil, err
		}
	}
	if !w.index || s.indexer == nil {
		return nil, nil
	}
	if kind == posting.Job {
		entry, err := st.entryFor(ctx, id)
		if err != nil {
			return nil, err
		}
		st.search = append(st.search, searchAdd{entry: entry, body: body})
	}
	return w.searchVersion, nil
}

// retireEntry retires posting id's live entry.
func retireEntry(ctx context.Context, st *upsertStmts, id int64) error {
	res, err := st.retireMoved.ExecContext(ctx, id)
	if err != nil {
		return fmt.Errorf("retiring its index entry: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	if _, err := st.retireEntry.ExecContext(ctx, id); err != nil {
		return fmt.Errorf("retiring its index entry: %w", err)
	}
	return nil
}

// entryFor is the docid of a new entry for posting id: the id itself,
// unless an entry with that docid was retired; then the next free negative
// docid, recorded in posting_search_moved.
func (st *upsertStmts) entryFor(ctx context.Context, id int64) (int64, error) {
	var retired bool
	if err := st.entryRetired.QueryRowContext(ctx, id).Scan(&retired); err != nil || !retired {
		return id, err
	}
	if st.lowest == 0 {
		// Entries added in this transaction are not in the index yet;
		// the counter covers them.
		if err := st.lowestEntry.QueryRowContext(ctx).Scan(&st.lowest); err != nil {
			return 0, err
		}
		for _, a := range st.search {
			st.lowest = min(st.lowest, a.entry)
		}
	}
	st.lowest--
	if _, err := st.moveEntry.ExecContext(ctx, st.lowest, id); err != nil {
		return 0, err
	}
	return st.lowest, nil
}

// flushSearch adds the queued entries in docid order: FTS4 keeps adding to
// its pending terms while docids rise, and writes a new segment each time
// one goes back.
func (st *upsertStmts) flushSearch(ctx, sctx context.Context) error {
	if len(st.search) == 0 {
		return nil
	}
	slices.SortStableFunc(st.search, func(a, b searchAdd) int { return cmp.Compare(a.entry, b.entry) })
	for i, a := range st.search {
		if err := rowsDone(ctx, i); err != nil {
			return err
		}
		if _, err := st.addSearch.ExecContext(sctx, a.entry, a.body); err != nil {
			return fmt.Errorf("search index entry %d: %w", a.entry, err)
		}
	}
	st.search = st.search[:0]
	return nil
}

// ftsBody is index text in the form the index stores it. FTS4 keeps the
// terms of unflushed postings in a hash table whose hash function spreads
// the 3-byte UTF-8 of Chinese characters, a term each, over a few hundred
// buckets, so every lookup walked a chain of string compares (a third of
// the index's write time). Each one-character non-ASCII term gets a
// two-letter suffix computed from the character, which spreads them evenly;
// queries get the same suffixes (ftsTerm), so matching is unchanged. The
// split into terms is FTS4's "simple" tokenizer's: runs of bytes that are
// not ASCII punctuation or space.
func ftsBody(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/2)
	for i := 0; i < len(text); {
		if isFTSDelim(text[i]) {
			j := i + 1
			for j < len(text) && isFTSDelim(text[j]) {
				j++
			}
			b.WriteString(text[i:j])
			i = j
			continue
		}
		j := i + 1
		for j < len(text) && !isFTSDelim(text[j]) {
			j++
		}
		b.WriteString(ftsTerm(text[i:j]))
		i = j
	}
	return b.String()
}

const ftsSuffixDigits = "0123456789abcdefghijklmnopqrstuvwxyz"

// ftsTerm is one term in the index's form (see ftsBody).
func ftsTerm(t string) string {
	r, n := utf8.DecodeRuneInString(t)
	if n != len(t) || r < utf8.RuneSelf || r == utf8.RuneError {
		return t
	}
	return t + string([]byte{ftsSuffixDigits[r%36], ftsSuffixDigits[(r/36)%36]})
}

// isFTSDelim is FTS4's simple tokenizer's separator: ASCII that is not a
// letter or digit.
func isFTSDelim(c byte) bool {
	return c < utf8.RuneSelf && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9')
}

// Reindex brings the full-text index up to the store's Indexer: every
// posting not indexed yet (imports leave their postings to it; see
// SessionOptions.DeferSearch) is indexed, in batches of one transaction
// each, the index text computed on every core. The index is rebuilt from
// scratch first when postings were indexed with another tokenization, or
// when retired entries have grown to a tenth of it (and past
// retiredSlack). It returns how many
// postings it indexed. A crash loses at most one batch of work; the next
// call continues.
func (s *Store) Reindex(ctx context.Context) (int, error) {
	if s.indexer == nil {
		return 0, errors.New("reindex: the store was opened without an indexer")
	}
	version := s.searchVersion().(string)
	var stale bool
	if err := s.db.QueryRowContext(ctx, qAnyStaleSearch, version).Scan(&stale); err != nil || !stale {
		return 0, wrapErr("reindex", err)
	}
	if s.readOnly {
		return 0, ErrStaleReadOnly
	}
	var foreign bool
	var retired, entries int64
	if err := s.db.QueryRowContext(ctx, qAnyForeignSearch, version).Scan(&foreign); err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, qRetiredAndEntries).Scan(&retired, &entries); err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	if foreign || retired > max(entries/10, retiredSlack) {
		if err := s.withTx(ctx, func(tx *sql.Tx) error {
			for _, q := range []string{qDropSearch, qCreateSearch, qClearMoved, qClearDead, qUnindexAll} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return 0, fmt.Errorf("reindex: rebuilding the index: %w", err)
		}
	}
	const batch = 8192
	total := 0
	var after int64
	for {
		rows, err := s.unindexed(ctx, after, batch)
		if err != nil {
			return total, fmt.Errorf("reindex: %w", err)
		}
		if len(rows) == 0 {
			return total, nil
		}
		bodies := s.searchBodies(rows)
		if err := s.inTx(ctx, func(sctx context.Context, st *upsertStmts) error {
			for i, r := range rows {
				if err := ctx.Err(); err != nil {
					return err
				}
				if r.kind == posting.Job {
					entry, err := st.entryFor(sctx, r.id)
					if err != nil {
						return fmt.Errorf("posting %d: %w", r.id, err)
					}
					st.search = append(st.search, searchAdd{entry: entry, body: bodies[i]})
				}
				if _, err := st.setSearchVersion.ExecContext(sctx, version, r.id); err != nil {
					return fmt.Errorf("posting %d: %w", r.id, err)
				}
			}
			return nil
		}); err != nil {
			return total, fmt.Errorf("reindex: %w", err)
		}
		total += len(rows)
		after = rows[len(rows)-1].id
	}
}

func wrapErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// unindexed pages through the postings with no index entry.
func (s *Store) unindexed(ctx context.Context, after int64, limit int) ([]staleRow, error) {
	rows, err := s.db.QueryContext(ctx, qUnindexed, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []staleRow
	for rows.Next() {
		var r staleRow
		var kind string
		if err := rows.Scan(&r.id, &r.title, &r.desc, &kind); err != nil {
			return nil, err
		}
		r.kind = posting.Kind(kind)
		out = append(out, r)
	}
	return out, rows.Err()
}

// searchBodies computes the index text of job postings on every core.
func (s *Store) searchBodies(rows []staleRow) []string {
	out := make([]string, len(rows))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(rows); i += workers {
				if rows[i].kind == posting.Job {
					out[i] = ftsBody(s.indexer.SearchText(rows[i].title, rows[i].desc))
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// CheckSearchIndex verifies the full-text index against the postings:
// FTS4's own integrity check of the index; exactly one live entry for every
// job posting with a search_version and none for anything else; and, when
// no entry was ever retired, every term of the index occurring exactly as
// often as in the text the Indexer makes of the postings' stored titles and
// descriptions. It reads the whole store: for tests and for checking a
// store after a crash.
func (s *Store) CheckSearchIndex(ctx context.Context) error {
	if s.indexer == nil {
		return errors.New("check search index: the store was opened without an indexer")
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("check search index: "+format, args...)
	}
	unlock, err := s.lockWrites(ctx) // its transaction begins IMMEDIATE: a writer's
	if err != nil {
		return fail("%w", err)
	}
	defer unlock()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fail("%w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fail("%w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, qCheckSearch); err != nil {
		return fail("%w", err)
	}
	var live, indexed, stray, doubled, retired int
	err = tx.QueryRowContext(ctx, qCountLive).Scan(&live)
	if err == nil {
		err = tx.QueryRowContext(ctx, qCountIndexed).Scan(&indexed)
	}
	if err == nil {
		err = tx.QueryRowContext(ctx, qStrayEntries).Scan(&stray)
	}
	if err == nil {
		err = tx.QueryRowContext(ctx, qDoubledEntries).Scan(&doubled)
	}
	if err == nil {
		err = tx.QueryRowContext(ctx, qCountRetired).Scan(&retired)
	}
	if err != nil {
		return fail("%w", err)
	}
	if live != indexed || stray != 0 || doubled != 0 {
		return fail("%d live entries for %d indexed job postings; %d entries for postings that should have none; %d postings with two",
			live, indexed, stray, doubled)
	}
	if retired > 0 {
		return nil // the retired entries' terms are still counted by FTS4
	}
	want := map[string]int64{}
	err = s.indexedText(ctx, tx, func(body string) {
		forFTSTerms(body, func(t string) { want[t]++ })
	})
	if err != nil {
		return fail("%w", err)
	}
	if _, err := tx.ExecContext(ctx, qCreateTermView); err != nil {
		return fail("%w", err)
	}
	defer conn.ExecContext(context.Background(), qDropTermView)
	rows, err := tx.QueryContext(ctx, qIndexTerms)
	if err != nil {
		return fail("%w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var term string
		var occ int64
		if err := rows.Scan(&term, &occ); err != nil {
			return fail("%w", err)
		}
		if want[term] != occ {
			return fail("term %q occurs %d times in the index and %d times in the postings' text", term, occ, want[term])
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return fail("%w", err)
	}
	if n != len(want) {
		return fail("the index holds %d terms, the postings' text %d", n, len(want))
	}
	return nil
}

const (
	qCheckSearch  = `INSERT INTO posting_search (posting_search) VALUES ('integrity-check')`
	qCountIndexed = `SELECT count(*) FROM postings WHERE kind = 'job' AND search_version IS NOT NULL`
	// liveEntriesSQL: every entry not retired, with its posting.
	liveEntriesSQL = `(SELECT d.docid AS entry, d.docid AS posting_id FROM posting_search_docsize d
        WHERE d.docid > 0 AND d.docid NOT IN (SELECT entry FROM posting_search_dead)
        UNION ALL SELECT m.entry, m.posting_id FROM posting_search_moved m
        WHERE m.entry IN (SELECT docid FROM posting_search_docsize))`
	qCountLive    = `SELECT count(*) FROM ` + liveEntriesSQL
	qStrayEntries = `SELECT count(*) FROM ` + liveEntriesSQL + ` l LEFT JOIN postings p ON p.id = l.posting_id
    WHERE p.id IS NULL OR p.kind <> 'job' OR p.search_version IS NULL`
	qDoubledEntries = `SELECT count(*) FROM (SELECT posting_id FROM ` + liveEntriesSQL + ` GROUP BY posting_id HAVING count(*) > 1)`
	qCountRetired   = `SELECT (SELECT count(*) FROM posting_search_dead)
    + (SELECT count(*) FROM posting_search_docsize WHERE docid < 0 AND docid NOT IN (SELECT entry FROM posting_search_moved))`
	qIndexedText    = `SELECT title, description FROM postings WHERE kind = 'job' AND search_version IS NOT NULL ORDER BY id`
	qCreateTermView = `CREATE VIRTUAL TABLE temp.posting_search_terms USING fts4aux(main, posting_search)`
	qDropTermView   = `DROP TABLE IF EXISTS temp.posting_search_terms`
	qIndexTerms     = `SELECT term, occurrences FROM temp.posting_search_terms WHERE col = '*'`
)

// indexedText calls fn with the index text of every indexed job posting.
func (s *Store) indexedText(ctx context.Context, tx *sql.Tx, fn func(string)) error {
	rows, err := tx.QueryContext(ctx, qIndexedText)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var title, desc string
		if err := rows.Scan(&title, &desc); err != nil {
			return err
		}
		fn(ftsBody(s.indexer.SearchText(title, desc)))
	}
	return rows.Err()
}

// forFTSTerms calls fn with each term of index text as FTS4's simple
// tokenizer makes it (ASCII letters lower-cased).
func forFTSTerms(text string, fn func(string)) {
	for i := 0; i < len(text); {
		if isFTSDelim(text[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && !isFTSDelim(text[j]) {
			j++
		}
		fn(asciiLower(text[i:j]))
		i = j
	}
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
