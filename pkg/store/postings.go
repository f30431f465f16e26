package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// Counts says what a batch of upserts did.
type Counts struct {
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Repeated counts sightings of a posting that this same Store (one
	// import or crawl) had already written: a row repeated in a file.
	Repeated int `json:"repeated"`
	// BadDates counts dates that cannot be true (before 1990, placeholders
	// such as 1970-01-01, or in the future), stored as unknown.
	BadDates int `json:"bad_dates"`
}

// Add accumulates c2 into c.
func (c *Counts) Add(c2 Counts) {
	c.New += c2.New
	c.Updated += c2.Updated
	c.Unchanged += c2.Unchanged
	c.Repeated += c2.Repeated
	c.BadDates += c2.BadDates
}

// Total is the number of postings the counts cover.
func (c Counts) Total() int { return c.New + c.Updated + c.Unchanged + c.Repeated }

const timeLayout = time.RFC3339

// UpsertBatch writes ps in one transaction, keyed by (Source, SourceID):
// a new key is inserted; a known key is merged by the rules of merge.go
// (nothing known is replaced by nothing, replaced values are kept in
// posting_versions, seen-dates only widen) and updated in place, never
// duplicated. Each posting is recorded as seen in its dataset. Either the
// whole batch is stored or, on error, none of it: what was stored before is
// never touched by a failed batch. Control characters are removed from the
// postings' text first (cleanControls), and dates that cannot be true are
// cleared, in ps itself.
func (s *Store) UpsertBatch(ctx context.Context, ps []posting.Posting) (Counts, error) {
	return s.upsertBatch(ctx, ps, nil)
}

// A Session is one import or crawl writing to the store: it is UpsertBatch
// that also tells a row repeated inside the session (Counts.Repeated) from
// a re-sighting of a posting stored before it.
type Session struct {
	s    *Store
	once sync.Once
	max  int64 // the largest posting id before the session's first write
	err  error
}

// NewSession starts a session.
func (s *Store) NewSession() *Session { return &Session{s: s} }

// UpsertBatch is Store.UpsertBatch within the session.
func (ss *Session) UpsertBatch(ctx context.Context, ps []posting.Posting) (Counts, error) {
	return ss.s.upsertBatch(ctx, ps, ss)
}

// EnsureDataset is Store.EnsureDataset.
func (ss *Session) EnsureDataset(ctx context.Context, d posting.Dataset) (bool, error) {
	return ss.s.EnsureDataset(ctx, d)
}

// start notes the largest posting id before the session's first write: a
// posting with a larger id was inserted by the session itself.
func (ss *Session) start(ctx context.Context) error {
	ss.once.Do(func() {
		var max sql.NullInt64
		ss.err = ss.s.db.QueryRowContext(ctx, `SELECT max(id) FROM postings`).Scan(&max)
		ss.max = max.Int64
	})
	return ss.err
}

func (s *Store) upsertBatch(ctx context.Context, ps []posting.Posting, sess *Session) (Counts, error) {
	var c Counts
	if len(ps) == 0 {
		return c, nil
	}
	now := s.now().UTC()
	for i := range ps {
		p := &ps[i]
		cleanControls(p)
		if p.Source == "" || p.SourceID == "" {
			return c, fmt.Errorf("upsert: posting %d (%q) has no source or source id", i, p.Title)
		}
		normalizeLists(p)
		for _, t := range []*time.Time{&p.PostedAt, &p.FirstSeen, &p.LastSeen} {
			if posting.CheckDate(*t, now) != nil {
				*t = time.Time{}
				c.BadDates++
			}
		}
	}
	sets, err := s.resolveDatasets(ctx, ps)
	if err != nil {
		return Counts{}, fmt.Errorf("upsert: %w", err)
	}
	repeatAfter := int64(math.MaxInt64)
	if sess != nil {
		if err := sess.start(ctx); err != nil {
			return Counts{}, fmt.Errorf("upsert: %w", err)
		}
		repeatAfter = sess.max
	}
	ds := s.derive(ps)
	err = s.inTx(ctx, func(st *upsertStmts) error {
		for i := range ps {
			if err := ctx.Err(); err != nil {
				return err
			}
			p := &ps[i]
			id, outcome, err := s.upsertOne(ctx, st, p, &ds[i], sets[i], now)
			if outcome == outcomeUnchanged && id > repeatAfter {
				outcome = outcomeRepeated
			}
			if err != nil {
				return fmt.Errorf("%s/%s: %w", p.Source, p.SourceID, err)
			}
			p.ID = id
			switch outcome {
			case outcomeNew:
				c.New++
			case outcomeUpdated:
				c.Updated++
			case outcomeRepeated:
				c.Repeated++
			default:
				c.Unchanged++
			}
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return Counts{}, err
		}
		return Counts{}, fmt.Errorf("upsert: %w", err)
	}
	return c, nil
}

// normalizeLists drops lists that say no more than Title and City, and
// fills an empty Title or City from its list.
func normalizeLists(p *posting.Posting) {
	for _, f := range []struct {
		one  *string
		list *[]string
	}{{&p.Title, &p.Titles}, {&p.City, &p.Cities}} {
		l := (*f.list)[:0:0]
		for _, v := range *f.list {
			if v = strings.TrimSpace(v); v != "" && !slices.Contains(l, v) {
				l = append(l, v)
			}
		}
		if *f.one == "" && len(l) > 0 {
			*f.one = l[0]
		}
		if len(l) == 0 || len(l) == 1 && l[0] == *f.one {
			l = nil
		}
		*f.list = l
	}
}

// cleanControls removes control characters from the text of a posting that
// is ever shown: C0 controls but tab and line feed, DEL and C1 controls
// (carriage returns become line feeds). A page or a dataset can carry
// terminal escape sequences (ESC ] 0 ; … BEL retitles the window, ESC [ 2 J
// clears it, OSC 52 writes the clipboard), and `analyze query` prints
// stored text on the user's terminal; no posting needs them. The source id
// is an identity and is kept as it is.
func cleanControls(p *posting.Posting) {
	for _, f := range []*string{&p.Source, &p.URL, &p.Title, &p.Company, &p.City, &p.Salary, &p.Description} {
		if hasControl(*f) {
			*f = stripControls(*f)
		}
	}
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20 && b != '\n' && b != '\t', b == 0x7f:
			return true
		case b == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f: // U+0080–U+009F in UTF-8
			return true
		}
	}
	return false
}

func stripControls(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

type outcome int

const (
	outcomeUnchanged outcome = iota
	outcomeNew
	outcomeUpdated
	outcomeRepeated
)

type upsertStmts struct {
	lookup, insert, update, touch, delSkills, addSkills, setVersion *sql.Stmt
	delSearch, addSearch, setSearchVersion                          *sql.Stmt
	mergeBase, addVersion, membership, putMembership                *sql.Stmt
	memberships, redate                                             *sql.Stmt

	// search holds the transaction's full-text writes until its end: FTS4
	// flushes its pending terms whenever another statement opens a
	// savepoint, so interleaving them with the other writes made a segment
	// per posting (measured: 20,000 tagged and indexed postings took 28 s
	// interleaved, 5 s grouped).
	search []searchWrite
}

type searchWrite struct {
	id       int64
	body     string // "" with del: the posting is no longer searchable
	del, add bool
}

func prepareUpsert(ctx context.Context, tx *sql.Tx) (*upsertStmts, error) {
	st := &upsertStmts{}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.lookup, qLookupPosting}, {&st.insert, qInsertPosting}, {&st.update, qUpdatePosting},
		{&st.touch, qTouchPosting}, {&st.delSkills, qDeleteSkills}, {&st.addSkills, qInsertSkills},
		{&st.setVersion, qSetTagsVersion}, {&st.delSearch, qDeleteSearch}, {&st.addSearch, qInsertSearch},
		{&st.setSearchVersion, qSetSearchVersion}, {&st.mergeBase, qMergeBase}, {&st.addVersion, qInsertVersion},
		{&st.membership, qMembership}, {&st.putMembership, qPutMembership}, {&st.memberships, qMemberships},
		{&st.redate, qRedate},
	} {
		stmt, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			st.close()
			return nil, err
		}
		*p.dst = stmt
	}
	return st, nil
}

func (st *upsertStmts) close() {
	for _, s := range []*sql.Stmt{st.lookup, st.insert, st.update, st.touch, st.delSkills, st.addSkills, st.setVersion,
		st.delSearch, st.addSearch, st.setSearchVersion, st.mergeBase, st.addVersion, st.membership, st.putMembership,
		st.memberships, st.redate} {
		if s != nil {
			s.Close()
		}
	}
}

// derived is what writing a posting needs computed from its text: hashes,
// skills, index text.
type derived struct {
	hash   string
	repost int64
	skills any    // JSON array for qInsertSkills, nil when none
	search string // index text; "" when not searchable or no indexer
}

// derive computes the derived values of a batch on every core, before its
// transaction: inside it, the one connection's writes are the bottleneck,
// and the text work (tagging, index tokens, hashing) would wait its turn.
// Tagger and Indexer must be safe for concurrent use.
func (s *Store) derive(ps []posting.Posting) []derived {
	out := make([]derived, len(ps))
	workers := min(runtime.GOMAXPROCS(0), (len(ps)+63)/64)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ps); i += workers {
				out[i] = s.deriveOne(&ps[i])
			}
		}()
	}
	wg.Wait()
	return out
}

// deriveOne computes what writing p needs; it sets an empty Kind to Job.
func (s *Store) deriveOne(p *posting.Posting) derived {
	var d derived
	if p.Kind == "" {
		p.Kind = posting.Job
	}
	d.hash, d.repost = p.ContentHash(), repostID(p.RepostKey())
	if s.tagger != nil {
		if found := s.tagger.Skills(skillText(p.Title, p.Description)); len(found) > 0 {
			b, _ := json.Marshal(found) // a []string always marshals
			d.skills = string(b)
		}
	}
	if s.indexer != nil && p.Kind == posting.Job {
		d.search = s.indexer.SearchText(p.Title, p.Description)
	}
	return d
}

// repostID is the stored form of a repost key: its first 64 bits. Two
// distinct texts collide with odds of about n²/2⁶⁵ (10⁻⁸ at a million
// postings), and an 8-byte key makes the index that every count reads a
// third of the size of the hex string's.
func repostID(key string) int64 {
	v, err := strconv.ParseUint(key[:16], 16, 64)
	if err != nil {
		panic("repost key " + key + " is not hex") // posting.RepostKey always is
	}
	return int64(v)
}

func (s *Store) upsertOne(ctx context.Context, st *upsertStmts, p *posting.Posting, d *derived, set datasetInfo, now time.Time) (int64, outcome, error) {
	seen := sightingOf(p, now)
	var (
		id                int64
		oldHash           string
		oldFirst, oldLast string
		oldKnown          bool
	)
	err := st.lookup.QueryRowContext(ctx, p.Source, p.SourceID).Scan(&id, &oldHash, &oldFirst, &oldLast, &oldKnown)
	if errors.Is(err, sql.ErrNoRows) {
		res, err := st.insert.ExecContext(ctx, p.Source, p.SourceID, p.URL, p.Title, p.Company, p.City, p.Salary,
			nullIfEmpty(p.PostedDate()), p.Description, formatTime(seen.first), formatTime(seen.last), string(p.Kind),
			d.hash, d.repost, nullBytes(p.Raw), formatTime(now), s.tagsVersion(), s.searchVersion(),
			seen.known, jsonList(p.Titles), jsonList(p.Cities), d.repost)
		if err != nil {
			return 0, 0, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, 0, err
		}
		if d.skills != nil {
			if _, err := st.addSkills.ExecContext(ctx, id, d.skills); err != nil {
				return 0, 0, err
			}
		}
		s.queueSearch(st, id, p.Kind, d.search, false)
		return id, outcomeNew, s.putMembership(ctx, st, id, set, p.PostedAt, seen, false)
	}
	if err != nil {
		return 0, 0, err
	}
	first, last, known := mergeSeen(oldFirst, oldLast, oldKnown, seen)
	if oldHash == d.hash {
		if first != oldFirst || last != oldLast || known != oldKnown {
			if _, err := st.touch.ExecContext(ctx, first, last, known, id); err != nil {
				return 0, 0, err
			}
		}
		return id, outcomeUnchanged, s.putMembership(ctx, st, id, set, p.PostedAt, seen, true)
	}

	stored, err := s.mergeBase(ctx, st, id)
	if err != nil {
		return 0, 0, err
	}
	m := mergePosting(&stored, p)
	q := &m.p
	dm := *d
	if m.fromStore(p) {
		dm = s.deriveOne(q) // the stored fields kept change the text, its tags and index entry
	}
	if dm.hash == oldHash {
		if first != oldFirst || last != oldLast || known != oldKnown {
			if _, err := st.touch.ExecContext(ctx, first, last, known, id); err != nil {
				return 0, 0, err
			}
		}
		return id, outcomeUnchanged, s.putMembership(ctx, st, id, set, q.PostedAt, seen, true)
	}
	if len(m.old) > 0 {
		if _, err := st.addVersion.ExecContext(ctx, id, formatTime(now), p.Dataset, m.oldJSON()); err != nil {
			return 0, 0, err
		}
	}
	_, err = st.update.ExecContext(ctx, q.URL, q.Title, q.Company, q.City, q.Salary, nullIfEmpty(q.PostedDate()),
		q.Description, first, last, string(q.Kind), dm.hash, dm.repost, nullBytes(p.Raw), formatTime(now), s.tagsVersion(),
		s.searchVersion(), known, jsonList(q.Titles), jsonList(q.Cities), id)
	if err != nil {
		return 0, 0, err
	}
	if _, err := st.delSkills.ExecContext(ctx, id); err != nil {
		return 0, 0, err
	}
	if dm.skills != nil {
		if _, err := st.addSkills.ExecContext(ctx, id, dm.skills); err != nil {
			return 0, 0, err
		}
	}
	s.queueSearch(st, id, q.Kind, dm.search, true)
	if !q.PostedAt.Equal(stored.PostedAt) {
		if err := s.redate(ctx, st, id, q.PostedAt); err != nil {
			return 0, 0, err
		}
	}
	return id, outcomeUpdated, s.putMembership(ctx, st, id, set, q.PostedAt, seen, true)
}

// fromStore says whether the merge kept any stored field the sighting
// left empty, so that the merged text differs from the sighting's.
func (m merged) fromStore(in *posting.Posting) bool {
	q := &m.p
	return q.URL != in.URL || q.Title != in.Title || q.Company != in.Company || q.City != in.City ||
		q.Salary != in.Salary || q.Description != in.Description || !q.PostedAt.Equal(in.PostedAt) ||
		!slices.Equal(q.Titles, in.Titles) || !slices.Equal(q.Cities, in.Cities)
}

// mergeBase reads the stored posting a changed sighting is merged into.
func (s *Store) mergeBase(ctx context.Context, st *upsertStmts, id int64) (posting.Posting, error) {
	var (
		p              posting.Posting
		posted, kind   string
		titles, cities sql.NullString
	)
	err := st.mergeBase.QueryRowContext(ctx, id).Scan(&p.URL, &p.Title, &p.Company, &p.City, &p.Salary, &posted,
		&p.Description, &kind, &titles, &cities)
	if err != nil {
		return p, err
	}
	p.Kind = posting.Kind(kind)
	if posted != "" {
		if p.PostedAt, err = time.Parse(posting.DateLayout, posted); err != nil {
			return p, fmt.Errorf("posted_at %q: %w", posted, err)
		}
	}
	if p.Titles, err = parseList(titles); err != nil {
		return p, fmt.Errorf("titles: %w", err)
	}
	if p.Cities, err = parseList(cities); err != nil {
		return p, fmt.Errorf("cities: %w", err)
	}
	return p, nil
}

// putMembership records that the posting was seen in a dataset and files it
// there under its year and month. exists says the posting may already be
// a member, whose earlier sighting then stays the dataset's first.
func (s *Store) putMembership(ctx context.Context, st *upsertStmts, id int64, set datasetInfo, posted time.Time, seen sighting, exists bool) error {
	var seenAt *time.Time
	if seen.known {
		t := seen.first
		seenAt = &t
	}
	if exists {
		var old sql.NullString
		err := st.membership.QueryRowContext(ctx, set.id, id).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old.Valid {
			t, err := time.Parse(timeLayout, old.String)
			if err != nil {
				return fmt.Errorf("dataset sighting %q: %w", old.String, err)
			}
			if seenAt == nil || t.Before(*seenAt) {
				seenAt = &t
			}
		}
	}
	return putMembershipRow(ctx, st, set.id, id, set.basis, posted, seenAt)
}

func putMembershipRow(ctx context.Context, st *upsertStmts, setID, id int64, basis string, posted time.Time, seenAt *time.Time) error {
	var seenStr, year, month, by any
	if seenAt != nil {
		seenStr = formatTime(*seenAt)
	}
	if y, m, b, ok := statDate(basis, posted, seenAt); ok {
		year, month, by = y, m, b
	}
	_, err := st.putMembership.ExecContext(ctx, setID, id, seenStr, year, month, by)
	return err
}

// redate files a posting whose publication date changed again in every
// dataset it belongs to.
func (s *Store) redate(ctx context.Context, st *upsertStmts, id int64, posted time.Time) error {
	rows, err := st.memberships.QueryContext(ctx, id)
	if err != nil {
		return err
	}
	type member struct {
		set  int64
		seen sql.NullString
	}
	var ms []member
	for rows.Next() {
		var m member
		if err := rows.Scan(&m.set, &m.seen); err != nil {
			rows.Close()
			return err
		}
		ms = append(ms, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range ms {
		var seenAt *time.Time
		if m.seen.Valid {
			t, err := time.Parse(timeLayout, m.seen.String)
			if err != nil {
				return fmt.Errorf("dataset sighting %q: %w", m.seen.String, err)
			}
			seenAt = &t
		}
		var year, month, by any
		if y, mo, b, ok := statDate(s.datasets.basisOf(m.set), posted, seenAt); ok {
			year, month, by = y, mo, b
		}
		if _, err := st.redate.ExecContext(ctx, year, month, by, m.set, id); err != nil {
			return err
		}
	}
	return nil
}

// jsonList is a list as its column stores it: NULL when empty.
func jsonList(l []string) any {
	if len(l) == 0 {
		return nil
	}
	b, _ := json.Marshal(l) // a []string always marshals
	return string(b)
}

func parseList(v sql.NullString) ([]string, error) {
	if !v.Valid || v.String == "" {
		return nil, nil
	}
	var l []string
	if err := json.Unmarshal([]byte(v.String), &l); err != nil {
		return nil, err
	}
	return l, nil
}

// tagsVersion is the value of postings.tags_version for a posting tagged
// now: NULL without a tagger, so Retag picks it up later.
func (s *Store) tagsVersion() any {
	if s.tagger == nil {
		return nil
	}
	return s.tagger.Version()
}

// searchVersion is the value of postings.search_version for a posting
// indexed now: NULL without an indexer, so Reindex picks it up later.
func (s *Store) searchVersion() any {
	if s.indexer == nil {
		return nil
	}
	return s.indexer.Version()
}

// queueSearch queues a posting's full-text entry (body, from its derived
// index text) for the end of the transaction; replace says an old entry
// may exist. Only job postings are searchable.
func (s *Store) queueSearch(st *upsertStmts, id int64, kind posting.Kind, body string, replace bool) {
	if s.indexer == nil {
		return
	}
	w := searchWrite{id: id, del: replace, add: kind == posting.Job, body: body}
	if w.del || w.add {
		st.search = append(st.search, w)
	}
}

// flushSearch writes the queued full-text entries, one after another.
func (st *upsertStmts) flushSearch(ctx context.Context) error {
	for _, w := range st.search {
		if w.del {
			if _, err := st.delSearch.ExecContext(ctx, w.id); err != nil {
				return fmt.Errorf("search index of posting %d: %w", w.id, err)
			}
		}
		if w.add {
			if _, err := st.addSearch.ExecContext(ctx, w.id, w.body); err != nil {
				return fmt.Errorf("search index of posting %d: %w", w.id, err)
			}
		}
	}
	st.search = st.search[:0]
	return nil
}

// writeSkills replaces a posting's skills (Retag's path).
func writeSkills(ctx context.Context, st *upsertStmts, id int64, skills []string, version string) error {
	if _, err := st.delSkills.ExecContext(ctx, id); err != nil {
		return err
	}
	if len(skills) > 0 {
		b, _ := json.Marshal(skills)
		if _, err := st.addSkills.ExecContext(ctx, id, string(b)); err != nil {
			return err
		}
	}
	_, err := st.setVersion.ExecContext(ctx, version, id)
	return err
}

// skillText is the text skills are looked for in: the title and the
// description, one per line so a match never spans the two.
func skillText(title, description string) string { return title + "\n" + description }

// Retag recomputes the skill tags of every posting tagged with another
// taxonomy version than the store's Tagger (or never tagged). It returns
// how many postings it tagged.
func (s *Store) Retag(ctx context.Context) (int, error) {
	if s.tagger == nil {
		return 0, errors.New("retag: the store was opened without a tagger")
	}
	version := s.tagger.Version()
	n, err := s.refresh(ctx, qAnyStaleTags, qStaleTags, version, func(st *upsertStmts, r staleRow) error {
		return writeSkills(ctx, st, r.id, s.tagger.Skills(skillText(r.title, r.desc)), version)
	})
	if err != nil {
		return n, fmt.Errorf("retag: %w", err)
	}
	return n, nil
}

// Reindex brings the full-text index up to the store's Indexer: every
// posting indexed with another version, or never, is indexed again. It
// returns how many postings it indexed.
func (s *Store) Reindex(ctx context.Context) (int, error) {
	if s.indexer == nil {
		return 0, errors.New("reindex: the store was opened without an indexer")
	}
	version := s.indexer.Version()
	n, err := s.refresh(ctx, qAnyStaleSearch, qStaleSearch, version, func(st *upsertStmts, r staleRow) error {
		var body string
		if r.kind == posting.Job {
			body = s.indexer.SearchText(r.title, r.desc)
		}
		s.queueSearch(st, r.id, r.kind, body, true)
		_, err := st.setSearchVersion.ExecContext(ctx, version, r.id)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("reindex: %w", err)
	}
	return n, nil
}

type staleRow struct {
	id          int64
	title, desc string
	kind        posting.Kind
}

// refresh recomputes data derived from postings (tags, index entries) for
// the rows selectStale finds stale for version, in batches of one
// transaction each: a crash loses at most one batch of work, and the next
// call resumes where this one stopped.
func (s *Store) refresh(ctx context.Context, anyStale, selectStale, version string, apply func(*upsertStmts, staleRow) error) (int, error) {
	var stale bool
	if err := s.db.QueryRowContext(ctx, anyStale, version).Scan(&stale); err != nil || !stale {
		return 0, err
	}
	if s.readOnly {
		return 0, ErrStaleReadOnly
	}
	const batch = 2000
	total := 0
	var after int64
	for {
		rows, err := s.db.QueryContext(ctx, selectStale, version, after, batch)
		if err != nil {
			return total, err
		}
		var todo []staleRow
		for rows.Next() {
			var r staleRow
			var kind string
			if err := rows.Scan(&r.id, &r.title, &r.desc, &kind); err != nil {
				rows.Close()
				return total, err
			}
			r.kind = posting.Kind(kind)
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return total, err
		}
		if len(todo) == 0 {
			return total, nil
		}
		if err := s.inTx(ctx, func(st *upsertStmts) error {
			for _, r := range todo {
				if err := apply(st, r); err != nil {
					return fmt.Errorf("posting %d: %w", r.id, err)
				}
			}
			return nil
		}); err != nil {
			return total, err
		}
		total += len(todo)
		after = todo[len(todo)-1].id
	}
}

// inTx runs fn in one transaction with the write statements prepared.
func (s *Store) inTx(ctx context.Context, fn func(*upsertStmts) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := prepareUpsert(ctx, tx)
	if err != nil {
		return err
	}
	defer st.close()
	if err := fn(st); err != nil {
		return err
	}
	if err := st.flushSearch(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// Get returns the posting stored under (source, sourceID); ok is false when
// there is none.
func (s *Store) Get(ctx context.Context, source, sourceID string) (p posting.Posting, ok bool, err error) {
	row := s.db.QueryRowContext(ctx, qGetPosting, source, sourceID)
	p, err = scanPosting(row)
	if errors.Is(err, sql.ErrNoRows) {
		return posting.Posting{}, false, nil
	}
	if err != nil {
		return posting.Posting{}, false, fmt.Errorf("get %s/%s: %w", source, sourceID, err)
	}
	return p, true, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanPosting(r scanner) (posting.Posting, error) {
	var (
		p                   posting.Posting
		posted, first, last string
		kind                string
		seenKnown           bool
		titles, cities      sql.NullString
	)
	err := r.Scan(&p.ID, &p.Source, &p.SourceID, &p.URL, &p.Title, &p.Company, &p.City, &p.Salary, &posted,
		&p.Description, &first, &last, &kind, &seenKnown, &titles, &cities)
	if err != nil {
		return p, err
	}
	if p.Titles, err = parseList(titles); err != nil {
		return p, fmt.Errorf("titles: %w", err)
	}
	if p.Cities, err = parseList(cities); err != nil {
		return p, fmt.Errorf("cities: %w", err)
	}
	p.Kind = posting.Kind(kind)
	if posted != "" {
		if p.PostedAt, err = time.Parse(posting.DateLayout, posted); err != nil {
			return p, fmt.Errorf("posted_at %q: %w", posted, err)
		}
	}
	if p.FirstSeen, err = time.Parse(timeLayout, first); err != nil {
		return p, fmt.Errorf("first_seen %q: %w", first, err)
	}
	if !seenKnown {
		p.FirstSeen = time.Time{} // only when it was stored: nobody saw it then
	}
	if p.LastSeen, err = time.Parse(timeLayout, last); err != nil {
		return p, fmt.Errorf("last_seen %q: %w", last, err)
	}
	return p, nil
}

// Summary counts what the store holds.
type Summary struct {
	Records  int `json:"records"`  // every stored record
	Postings int `json:"postings"` // job postings (records of kind job)
	Distinct int `json:"distinct"` // job postings with exact reposts counted once
}

// Summary counts the stored records.
func (s *Store) Summary(ctx context.Context) (Summary, error) {
	var sm Summary
	err := s.db.QueryRowContext(ctx, qCounts).Scan(&sm.Records, &sm.Postings, &sm.Distinct)
	if err != nil {
		return sm, fmt.Errorf("summary: %w", err)
	}
	return sm, nil
}

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// RFC 3339 UTC strings of one layout order like the times they denote.
func minTime(a, b string) string {
	if a < b {
		return a
	}
	return b
}

func maxTime(a, b string) string {
	if a > b {
		return a
	}
	return b
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}
