package store

import (
	"bytes"
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
	"sync/atomic"
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
	b, err := s.prepare(ps, false)
	if err != nil {
		return Counts{}, err
	}
	return s.write(ctx, b, nil)
}

// A Session is one import or crawl writing to the store: it is UpsertBatch
// that also tells a row repeated inside the session (Counts.Repeated) from
// a re-sighting of a posting stored before it.
type Session struct {
	s    *Store
	opts SessionOptions
	once sync.Once
	max  int64 // the largest posting id before the session's first write
	err  error
	held heldTerms // segmented text to write with the next batch (sessionterms.go)
}

// SessionOptions configures a Session.
type SessionOptions struct {
	// DeferSearch leaves new and changed postings out of the full-text
	// index (their search_version stays NULL) for Reindex to add later, in
	// bulk: a bulk import stores rows several times faster without the
	// index, and only `analyze query` reads it. Entries of changed
	// postings are still removed at once, while their old text is known.
	DeferSearch bool
}

// NewSession starts a session.
func (s *Store) NewSession() *Session { return &Session{s: s} }

// NewSessionWith starts a session with options.
func (s *Store) NewSessionWith(o SessionOptions) *Session { return &Session{s: s, opts: o} }

// UpsertBatch is Store.UpsertBatch within the session.
func (ss *Session) UpsertBatch(ctx context.Context, ps []posting.Posting) (Counts, error) {
	b, err := ss.Prepare(ps)
	if err != nil {
		return Counts{}, err
	}
	return ss.Write(ctx, b)
}

// A Batch is postings made ready to write: cleaned, checked, and with what
// writing them needs computed (hashes, skill tags, index text, the
// record as stored). Preparing is Go work done on every core and needs no
// database, so a pipeline prepares the next batch while the last one is
// written (Session.Prepare, then Session.Write).
type Batch struct {
	ps       []posting.Posting
	ds       []derived
	badDates int
}

// Len is the number of postings in the batch.
func (b *Batch) Len() int { return len(b.ps) }

// Prepare makes ps ready to write (see Batch); it changes ps as
// UpsertBatch does. It is safe to call while another batch is written.
func (ss *Session) Prepare(ps []posting.Posting) (*Batch, error) {
	return ss.s.prepare(ps, ss.opts.DeferSearch)
}

// Write stores a prepared batch in one transaction, as UpsertBatch does.
// Batches must be written one at a time, in the order they were read.
func (ss *Session) Write(ctx context.Context, b *Batch) (Counts, error) {
	return ss.s.write(ctx, b, ss)
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

func (s *Store) prepare(ps []posting.Posting, deferSearch bool) (*Batch, error) {
	b := &Batch{ps: ps}
	now := s.now().UTC()
	for i := range ps {
		p := &ps[i]
		cleanControls(p)
		if p.Source == "" || p.SourceID == "" {
			return nil, fmt.Errorf("upsert: posting %d (%q) has no source or source id", i, p.Title)
		}
		normalizeLists(p)
		for _, t := range []*time.Time{&p.PostedAt, &p.FirstSeen, &p.LastSeen} {
			if posting.CheckDate(*t, now) != nil {
				*t = time.Time{}
				b.badDates++
			}
		}
	}
	b.ds = s.derive(ps, !deferSearch)
	return b, nil
}

func (s *Store) write(ctx context.Context, b *Batch, sess *Session) (Counts, error) {
	c := Counts{BadDates: b.badDates}
	ps := b.ps
	if len(ps) == 0 {
		return c, nil
	}
	now := s.now().UTC()
	sets, err := s.resolveDatasets(ctx, ps)
	if err != nil {
		return Counts{}, fmt.Errorf("upsert: %w", err)
	}
	repeatAfter := int64(math.MaxInt64)
	w := writeOpts{index: true, searchVersion: s.searchVersion()}
	if sess != nil {
		if err := sess.start(ctx); err != nil {
			return Counts{}, fmt.Errorf("upsert: %w", err)
		}
		repeatAfter = sess.max
		w.index = !sess.opts.DeferSearch
	}
	err = s.inTx(ctx, func(sctx context.Context, st *upsertStmts) error {
		for i := range ps {
			if err := ctx.Err(); err != nil {
				return err
			}
			p := &ps[i]
			id, outcome, err := s.upsertOne(sctx, st, p, &b.ds[i], sets[i], now, w)
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
		if st.changed {
			if _, err := st.tx.ExecContext(sctx, qBumpGeneration, formatTime(now)); err != nil {
				return fmt.Errorf("write generation: %w", err)
			}
		}
		if sess != nil {
			return sess.writeHeldTerms(ctx, sctx, st.tx)
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
	tx                                                                *sql.Tx
	insertNew, lookup, update, touch, delSkills, addSkill, setVersion *sql.Stmt
	mergeBase, addVersion, membership, putMembership, rawOf           *sql.Stmt
	memberships, redate                                               *sql.Stmt
	// the full-text index (searchindex.go)
	addSearch, retireMoved, retireEntry, entryRetired, lowestEntry, moveEntry, setSearchVersion *sql.Stmt

	// search holds the transaction's new index entries until its end:
	// FTS4 flushes its pending terms whenever another statement opens a
	// savepoint, so interleaving them with the other writes made a segment
	// per posting (measured: 20,000 tagged and indexed postings took 28 s
	// interleaved, 5 s grouped).
	search []searchAdd
	lowest int64 // the lowest docid given out in this transaction; 0 before the first negative one
	// changed says a posting was inserted or changed (its year, source or
	// repost key may have) or tagged again: the transaction bumps the write
	// generation.
	changed bool

	// New postings' skill and dataset rows, written together (flushRows):
	// a statement per rowsPerStatement rows instead of one to four per
	// posting.
	skillRows                   []skillRow
	memberRows                  []memberRow
	addSkillRows, addMemberRows *sql.Stmt
	args                        []any // flushRows' bound values, reused
}

type skillRow struct {
	skill string
	id    int64
}

type memberRow struct {
	set, id     int64
	seen, by    any // string or nil
	year, month any // int or nil
}

// rowsPerStatement is how many skill or dataset rows one INSERT writes
// (qInsertSkillRows, qInsertMemberRows).
const rowsPerStatement = 64

// execRows runs many, a statement of rowsPerStatement rows of perRow values
// each, over args, and one, a statement of one row, over the rest.
func execRows(ctx context.Context, many, one *sql.Stmt, args []any, perRow int) error {
	for len(args) >= rowsPerStatement*perRow {
		if _, err := many.ExecContext(ctx, args[:rowsPerStatement*perRow]...); err != nil {
			return err
		}
		args = args[rowsPerStatement*perRow:]
	}
	for ; len(args) > 0; args = args[perRow:] {
		if _, err := one.ExecContext(ctx, args[:perRow]...); err != nil {
			return err
		}
	}
	return nil
}

// flushRows writes the queued skill and dataset rows. It runs before
// anything reads them: at the end of the transaction, and before an upsert
// of a posting already stored (which may be one this transaction added).
func (st *upsertStmts) flushRows(ctx context.Context) error {
	if len(st.skillRows) > 0 {
		args := st.args[:0]
		for _, r := range st.skillRows {
			args = append(args, r.skill, r.id)
		}
		st.args = args
		if err := execRows(ctx, st.addSkillRows, st.addSkill, args, 2); err != nil {
			return fmt.Errorf("skills: %w", err)
		}
		st.skillRows = st.skillRows[:0]
	}
	if len(st.memberRows) > 0 {
		args := st.args[:0]
		for _, r := range st.memberRows {
			args = append(args, r.set, r.id, r.seen, r.year, r.month, r.by)
		}
		st.args = args
		if err := execRows(ctx, st.addMemberRows, st.putMembership, args, 6); err != nil {
			return fmt.Errorf("datasets: %w", err)
		}
		st.memberRows = st.memberRows[:0]
	}
	clear(st.args)
	return nil
}

func prepareUpsert(ctx context.Context, tx *sql.Tx) (*upsertStmts, error) {
	st := &upsertStmts{}
	for _, p := range st.statements() {
		stmt, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			st.close()
			return nil, err
		}
		*p.dst = stmt
	}
	return st, nil
}

func (st *upsertStmts) statements() []struct {
	dst **sql.Stmt
	sql string
} {
	return []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.insertNew, qInsertNewPosting}, {&st.lookup, qLookupPosting}, {&st.update, qUpdatePosting},
		{&st.touch, qTouchPosting}, {&st.delSkills, qDeleteSkills}, {&st.addSkill, qInsertSkill},
		{&st.setVersion, qSetTagsVersion}, {&st.mergeBase, qMergeBase}, {&st.addVersion, qInsertVersion},
		{&st.membership, qMembership}, {&st.putMembership, qPutMembership}, {&st.memberships, qMemberships},
		{&st.redate, qRedate}, {&st.rawOf, qRawOf}, {&st.addSkillRows, qInsertSkillRows},
		{&st.addMemberRows, qInsertMemberRows},
		{&st.addSearch, qInsertSearch}, {&st.retireMoved, qRetireMoved}, {&st.retireEntry, qRetireEntry},
		{&st.entryRetired, qEntryRetired}, {&st.lowestEntry, qLowestEntry}, {&st.moveEntry, qMoveEntry},
		{&st.setSearchVersion, qSetSearchVersion},
	}
}

func (st *upsertStmts) close() {
	for _, p := range st.statements() {
		if *p.dst != nil {
			(*p.dst).Close()
		}
	}
}

// derived is what writing a posting needs computed from its text: hashes,
// skills, index text, the stored record.
type derived struct {
	hash   string
	repost int64
	skills []string
	search string // index text in the index's form; "" when not searchable, no indexer, or deferred
	raw    []byte // the record as stored (packRaw); nil for none
}

// derive computes the derived values of a batch on every core, before its
// transaction: inside it, the one connection's writes are the bottleneck,
// and the text work (tagging, index tokens, hashing, packing the record)
// would wait its turn. Tagger and Indexer must be safe for concurrent use.
func (s *Store) derive(ps []posting.Posting, index bool) []derived {
	out := make([]derived, len(ps))
	workers := min(runtime.GOMAXPROCS(0), (len(ps)+63)/64)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				// Chunks of 32 keep the cores evenly busy with a few atomic
				// operations per batch.
				lo := int(next.Add(32)) - 32
				if lo >= len(ps) {
					return
				}
				for i := lo; i < min(lo+32, len(ps)); i++ {
					out[i] = s.deriveOne(&ps[i], index)
					out[i].raw = packRaw(ps[i].Raw, ps[i].Description)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// deriveOne computes what writing p needs but its stored record; it sets
// an empty Kind to Job. index says whether to compute the index text.
func (s *Store) deriveOne(p *posting.Posting, index bool) derived {
	var d derived
	if p.Kind == "" {
		p.Kind = posting.Job
	}
	d.hash, d.repost = p.ContentHash(), repostID(p.RepostKey())
	if s.tagger != nil {
		d.skills = s.tagger.Skills(skillText(p.Title, p.Description))
	}
	if index && s.indexer != nil && p.Kind == posting.Job {
		d.search = ftsBody(s.indexer.SearchText(p.Title, p.Description))
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

// writeOpts says how a write treats the full-text index.
type writeOpts struct {
	index bool // add entries now; false leaves them to Reindex (search_version NULL)
	// searchVersion is Store.searchVersion, made once a write rather than
	// once a posting (it concatenates strings)
	searchVersion any
}

// upsertOne writes one posting. The common case, a posting the store has
// never seen, is one statement: an INSERT that does nothing when the key
// is known and returns the new id when it is not; only a known key pays for
// reading the stored row and merging.
func (s *Store) upsertOne(ctx context.Context, st *upsertStmts, p *posting.Posting, d *derived, set datasetInfo, now time.Time, w writeOpts) (int64, outcome, error) {
	seen := sightingOf(p, now)
	searchVersion := w.searchVersion
	if !w.index {
		searchVersion = nil
	}
	var id int64
	res, err := st.insertNew.ExecContext(ctx, p.Source, p.SourceID, p.URL, p.Title, p.Company, p.City, p.Salary,
		nullIfEmpty(p.PostedDate()), p.Description, formatTime(seen.first), formatTime(seen.last), string(p.Kind),
		d.hash, d.repost, nullBytes(d.raw), formatTime(now), s.tagsVersion(), searchVersion,
		seen.known, jsonList(p.Titles), jsonList(p.Cities), d.repost,
		statYear(p.PostedDate(), formatTime(seen.first), seen.known), p.CompanyFrom, p.Team, p.WorkMode)
	if err != nil {
		return 0, 0, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, 0, err
	} else if n == 1 {
		if id, err = res.LastInsertId(); err != nil {
			return 0, 0, err
		}
		st.changed = true
		for _, sk := range d.skills {
			st.skillRows = append(st.skillRows, skillRow{sk, id})
		}
		if w.index {
			s.indexNew(st, id, p.Kind, d.search)
		}
		st.memberRows = append(st.memberRows, newMemberRow(set, id, p.PostedAt, seen))
		return id, outcomeNew, nil
	}
	if err := st.flushRows(ctx); err != nil {
		return 0, 0, err
	}

	var (
		oldHash           string
		oldFirst, oldLast string
		oldKnown          bool
		oldSearch         sql.NullString
	)
	err = st.lookup.QueryRowContext(ctx, p.Source, p.SourceID).Scan(&id, &oldHash, &oldFirst, &oldLast, &oldKnown, &oldSearch)
	if err != nil {
		return 0, 0, err
	}
	first, last, known := mergeSeen(oldFirst, oldLast, oldKnown, seen)
	if oldHash == d.hash {
		if first != oldFirst || last != oldLast || known != oldKnown {
			if _, err := st.touch.ExecContext(ctx, first, last, known, id); err != nil {
				return 0, 0, err
			}
			st.changed = true
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
		// the stored fields kept change the text, its tags and index entry
		dm = s.deriveOne(q, w.index)
		dm.raw = d.raw
	}
	if dm.hash == oldHash {
		if first != oldFirst || last != oldLast || known != oldKnown {
			if _, err := st.touch.ExecContext(ctx, first, last, known, id); err != nil {
				return 0, 0, err
			}
			st.changed = true
		}
		return id, outcomeUnchanged, s.putMembership(ctx, st, id, set, q.PostedAt, seen, true)
	}
	st.changed = true
	if len(m.old) > 0 {
		if _, err := st.addVersion.ExecContext(ctx, id, formatTime(now), p.Dataset, m.oldJSON()); err != nil {
			return 0, 0, err
		}
	}
	// The entry indexed for the stored text goes, whatever replaces it.
	newSearch, err := s.reindexChanged(ctx, st, id, &stored, oldSearch, q.Kind, dm.search, w)
	if err != nil {
		return 0, 0, err
	}
	raw, err := s.rawFor(ctx, st, id, dm.raw, p, q, &stored)
	if err != nil {
		return 0, 0, err
	}
	_, err = st.update.ExecContext(ctx, q.URL, q.Title, q.Company, q.City, q.Salary, nullIfEmpty(q.PostedDate()),
		q.Description, first, last, string(q.Kind), dm.hash, dm.repost, nullBytes(raw), formatTime(now), s.tagsVersion(),
		newSearch, known, jsonList(q.Titles), jsonList(q.Cities), statYear(q.PostedDate(), first, known),
		q.CompanyFrom, q.Team, q.WorkMode, id)
	if err != nil {
		return 0, 0, err
	}
	if _, err := st.delSkills.ExecContext(ctx, id); err != nil {
		return 0, 0, err
	}
	if err := addSkills(ctx, st, id, dm.skills); err != nil {
		return 0, 0, err
	}
	if !q.PostedAt.Equal(stored.PostedAt) {
		if err := s.redate(ctx, st, id, q.PostedAt); err != nil {
			return 0, 0, err
		}
	}
	return id, outcomeUpdated, s.putMembership(ctx, st, id, set, q.PostedAt, seen, true)
}

// rawFor is the record an update of posting id writes (nil keeps the
// stored one): raw, prepared for the sighting in, as the merged q stores
// it. A record stored by reference leans on the description stored beside
// it, so when the description changes, a reference to another text is
// written whole.
func (s *Store) rawFor(ctx context.Context, st *upsertStmts, id int64, raw []byte, in, q, stored *posting.Posting) ([]byte, error) {
	if raw != nil {
		if q.Description != in.Description && bytes.HasPrefix(raw, refMagic) {
			return compressRaw(in.Raw), nil
		}
		return raw, nil
	}
	if q.Description == stored.Description {
		return nil, nil
	}
	var old []byte
	if err := st.rawOf.QueryRowContext(ctx, id).Scan(&old); err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(old, refMagic) {
		return nil, nil
	}
	record, err := unpackRaw(old, stored.Description)
	if err != nil {
		return nil, err
	}
	return compressRaw(record), nil
}

// statYear is a posting's statistical year as postings.year holds it: of
// its publication date, else of a real first sighting, else NULL (the
// table's CHECK states the same rule in SQL).
func statYear(posted, firstSeen string, seenKnown bool) any {
	date := posted
	if date == "" {
		if !seenKnown {
			return nil
		}
		date = firstSeen
	}
	y, err := strconv.Atoi(date[:min(4, len(date))])
	if err != nil {
		return nil // never: both are written by this package, a year first
	}
	return y
}

// addSkills records a posting's skills, one row each.
func addSkills(ctx context.Context, st *upsertStmts, id int64, skills []string) error {
	for _, sk := range skills {
		if _, err := st.addSkill.ExecContext(ctx, sk, id); err != nil {
			return err
		}
	}
	return nil
}

// fromStore says whether the merge kept any stored field the sighting
// left empty, so that the merged text differs from the sighting's.
func (m merged) fromStore(in *posting.Posting) bool {
	q := &m.p
	return q.URL != in.URL || q.Title != in.Title || q.Company != in.Company || q.City != in.City ||
		q.Salary != in.Salary || q.Description != in.Description || !q.PostedAt.Equal(in.PostedAt) ||
		!slices.Equal(q.Titles, in.Titles) || !slices.Equal(q.Cities, in.Cities) ||
		q.CompanyFrom != in.CompanyFrom || q.Team != in.Team || q.WorkMode != in.WorkMode
}

// mergeBase reads the stored posting a changed sighting is merged into.
func (s *Store) mergeBase(ctx context.Context, st *upsertStmts, id int64) (posting.Posting, error) {
	var (
		p              posting.Posting
		posted, kind   string
		titles, cities sql.NullString
	)
	err := st.mergeBase.QueryRowContext(ctx, id).Scan(&p.URL, &p.Title, &p.Company, &p.City, &p.Salary, &posted,
		&p.Description, &kind, &titles, &cities, &p.CompanyFrom, &p.Team, &p.WorkMode)
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

// newMemberRow is the dataset row of a posting seen for the first time.
func newMemberRow(set datasetInfo, id int64, posted time.Time, seen sighting) memberRow {
	r := memberRow{set: set.id, id: id}
	var seenAt *time.Time
	if seen.known {
		seenAt = &seen.first
		r.seen = formatTime(seen.first)
	}
	if y, m, b, ok := statDate(set.basis, posted, seenAt); ok {
		r.year, r.month, r.by = y, m, b
	}
	return r
}

func putMembershipRow(ctx context.Context, st *upsertStmts, setID, id int64, basis string, posted time.Time, seenAt *time.Time) error {
	var seenStr, year, month, by any
	if seenAt != nil {
		seenStr = formatTime(*seenAt)
	}
	if y, m, b, ok := statDate(basis, posted, seenAt); ok {
		year, month, by = y, m, b
	}
	res, err := st.putMembership.ExecContext(ctx, setID, id, seenStr, year, month, by)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		st.changed = true // kept per-dataset counts are stale now
	}
	return nil
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

// writeSkills replaces a posting's skills (Retag's path).
func writeSkills(ctx context.Context, st *upsertStmts, id int64, skills []string, version string) error {
	if _, err := st.delSkills.ExecContext(ctx, id); err != nil {
		return err
	}
	if err := addSkills(ctx, st, id, skills); err != nil {
		return err
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
	if !s.readOnly {
		if err := s.forgetSkillRows(ctx, version); err != nil {
			return 0, fmt.Errorf("retag: %w", err)
		}
	}
	n, err := s.refresh(ctx, qAnyStaleTags, qStaleTags, version, func(sctx context.Context, st *upsertStmts, r staleRow) error {
		st.changed = true // counts of skills kept per generation are stale now
		return writeSkills(sctx, st, r.id, s.tagger.Skills(skillText(r.title, r.desc)), version)
	})
	if err != nil {
		return n, fmt.Errorf("retag: %w", err)
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
func (s *Store) refresh(ctx context.Context, anyStale, selectStale, version string, apply func(context.Context, *upsertStmts, staleRow) error) (int, error) {
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
		if err := s.inTx(ctx, func(sctx context.Context, st *upsertStmts) error {
			for _, r := range todo {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := apply(sctx, st, r); err != nil {
					return fmt.Errorf("posting %d: %w", r.id, err)
				}
			}
			if st.changed {
				if _, err := st.tx.ExecContext(sctx, qBumpGeneration, formatTime(s.now())); err != nil {
					return fmt.Errorf("write generation: %w", err)
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

// inTx runs fn in one withRowsTx transaction with the write statements
// prepared; fn writes with sctx and checks ctx between postings.
func (s *Store) inTx(ctx context.Context, fn func(sctx context.Context, st *upsertStmts) error) error {
	return s.withRowsTx(ctx, func(sctx context.Context, tx *sql.Tx) error {
		st, err := prepareUpsert(sctx, tx)
		if err != nil {
			return err
		}
		st.tx = tx
		defer st.close()
		if err := fn(sctx, st); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := st.flushRows(sctx); err != nil {
			return err
		}
		return st.flushSearch(ctx, sctx)
	})
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
		&p.Description, &first, &last, &kind, &seenKnown, &titles, &cities, &p.CompanyFrom, &p.Team, &p.WorkMode)
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
