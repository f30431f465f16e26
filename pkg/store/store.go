package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrNotExist is returned by Open when Options.MustExist is set and the
// database file is missing.
var ErrNotExist = errors.New("database does not exist")

// ErrStaleReadOnly is returned by Retag and Reindex on a read-only store
// whose tags or index were made by another version: they are left as they
// are, and readers use them so.
var ErrStaleReadOnly = errors.New("made by another version, and the store is read-only")

// ErrNotStore is returned by Open for a file that is not a jobtrend database.
var ErrNotStore = errors.New("not a jobtrend database")

// Tagger finds skills in a posting's text. The store calls it for every new
// or changed posting and, through Retag, for postings tagged by an older
// taxonomy. Version must change whenever Skills may answer differently. It
// must be safe for concurrent use: a batch is tagged on every core.
type Tagger interface {
	Skills(text string) []string
	Version() string
}

// Indexer computes a posting's full-text index text (space-separated
// tokens of letters and digits). The store indexes every new or changed job
// posting with it, in the same transaction, and Reindex brings postings
// indexed by another Version up to date. It must be safe for concurrent use.
type Indexer interface {
	SearchText(title, description string) string
	Version() string
}

// Options configures Open.
type Options struct {
	// MustExist refuses to create a new database: readers (analyze) must not
	// leave an empty file behind when the user mistyped a path. It also
	// refuses an empty file: only a writer may turn one into a store.
	MustExist bool
	// ReadOnly opens the database for reading only: nothing is migrated,
	// written or created, not even the WAL's side files when the folder is
	// not writable. A store whose schema is older than this binary's is
	// refused (it needs a writer to migrate it).
	ReadOnly bool
	// Tagger, when set, tags postings as they are written.
	Tagger Tagger
	// Indexer, when set, keeps the full-text index as postings are written.
	Indexer Indexer
	// Now is the clock; nil means time.Now. Tests fix it.
	Now func() time.Time
}

// Store is an open database. It is safe for concurrent use.
type Store struct {
	db       *sql.DB
	path     string
	readOnly bool
	tagger   Tagger
	indexer  Indexer
	now      func() time.Time
	datasets datasetCache
	mem      memTerms // segmented text of a read-only store
	// sketches of a read-only store
	memSketches memSketchCache
	writing     chan struct{} // the write lock (writelock.go)
	// matchSetOnly makes queries of skills read the match set even when
	// skill_postings is ready: the tests' way to compare the two.
	matchSetOnly bool
}

// applicationID marks a jobtrend store in the SQLite header ("JobT"), so
// that no other program's database is ever taken for one.
const applicationID = 0x4A6F6254

// qSetApplicationID writes applicationID (a pragma takes no bound value).
const qSetApplicationID = "PRAGMA application_id = 1248813652"

// qSetPageSize sets pageSize.
const qSetPageSize = "PRAGMA page_size = 16384"

// Open opens (creating it unless opts.MustExist or opts.ReadOnly) the
// database at path and migrates its schema forward. A file that is not a
// jobtrend store is refused untouched.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty database path")
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("open %s: is a directory, not a database file", path)
	case errors.Is(err, fs.ErrNotExist) && (opts.MustExist || opts.ReadOnly):
		return nil, fmt.Errorf("open %s: %w (create it with `crawl import` or `crawl run`)", path, ErrNotExist)
	case errors.Is(err, fs.ErrNotExist):
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("open %s: %w", path, err)
			}
		}
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}

	if err == nil { // an existing file: look before touching it
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("open %s: %w: not a regular file (%s)", path, ErrNotStore, fi.Mode().Type())
		}
		allowEmpty := !opts.MustExist && !opts.ReadOnly
		if err := checkIsStore(ctx, path, fi.Size(), allowEmpty); err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	if opts.ReadOnly {
		return openReadOnly(ctx, path, opts)
	}
	if err != nil || fi.Size() == 0 { // a new store
		if err := initFile(ctx, path); err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	db, err := sql.Open(writerDriver, dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := newStore(db, path, opts)
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

func newStore(db *sql.DB, path string, opts Options) *Store {
	s := &Store{db: db, path: path, readOnly: opts.ReadOnly, tagger: opts.Tagger, indexer: opts.Indexer, now: opts.Now,
		writing: make(chan struct{}, 1)}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// openReadOnly opens a store for reading. SQLite reads a WAL database
// through its -shm file, which it must be able to create; where the folder
// is not writable and no writer has the file open, the file is opened as
// immutable instead (no side files at all).
func openReadOnly(ctx context.Context, path string, opts Options) (*Store, error) {
	db, err := readOnlyDB(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	var v int
	if err := db.QueryRowContext(ctx, qSchemaVersion).Scan(&v); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	if known := SchemaVersion(); v != known {
		db.Close()
		if v > known {
			return nil, fmt.Errorf("open %s: schema version %d is newer than this binary knows (%d): upgrade jobtrend", path, v, known)
		}
		return nil, fmt.Errorf("open %s: schema version %d is older than this binary's (%d): "+
			"open it once with write access (any crawl or analyze command as its owner) to migrate it", path, v, known)
	}
	return newStore(db, path, opts), nil
}

// readOnlyDB opens path for reading: mode=ro, which needs the WAL's -shm
// file (SQLite creates it where the folder allows), else immutable, which
// needs nothing. It returns the first handle that can read the header.
func readOnlyDB(ctx context.Context, path string) (*sql.DB, error) {
	var lastErr error
	for _, mode := range []string{"ro", "immutable"} {
		db, err := sql.Open(readerDriver, dsnMode(path, mode))
		if err != nil {
			return nil, err
		}
		var app int64
		if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
			db.Close()
			lastErr = err
			continue
		}
		return db, nil
	}
	return nil, lastErr
}

// ReadOnly says whether the store was opened for reading only.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Writable says whether this process may write the database at path: the
// file and its folder (for the WAL's side files) must both be writable.
// It opens nothing for writing.
func Writable(path string) bool {
	return access(path) && access(filepath.Dir(path))
}

// pageSize is the page size of a new store. A posting's row (title,
// description and the compressed record: 2 to 3 KB) left most of a 4 KB
// page, SQLite's default, empty beside it: a fifth of the store was unused
// space. At 16 KB a page holds six or seven such rows; the full-text
// index's doclists and the caches' blobs are long too. Measured on 20,000
// postings: 102 MB at 4 KB, 94 MB at 8 KB, 90 MB at 16 KB, vacuumed.
const pageSize = 16384

// initFile gives a new store its page size. The size is fixed when the
// first page is written and cannot change once the file is in WAL mode,
// which every connection of a writer sets; so a plain connection writes the
// header (the application id) first.
func initFile(ctx context.Context, path string) error {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath(), RawQuery: "mode=rwc"}
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, q := range []string{qSetPageSize, qSetApplicationID} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("creating the store: %w", err)
		}
	}
	return nil
}

// writerDriver is go-sqlite3 with the settings a connection string cannot
// carry, applied to every connection of a writable store.
const writerDriver = "sqlite3-jobtrend"

// walCheckpointPages is when a commit copies the write-ahead log into the
// database (PRAGMA wal_autocheckpoint). SQLite's default, 1,000 pages, is
// less than one batch of an import writes, so every batch paid a checkpoint
// with its fsyncs, and wrote again the index pages the next batch changed
// anyway. At 4,096 pages (64 MB of 16 KB pages) a bulk import checkpoints
// every few batches; readers are not slowed, and the log is removed when
// the last connection closes.
const walCheckpointPages = 4096

// readerDriver is go-sqlite3 with the settings of every connection that
// only reads.
const readerDriver = "sqlite3-jobtrend-ro"

// qTempInMemory keeps SQLite's temporary tables, sorts and DISTINCT sets in
// memory instead of temporary files: a report of a million postings counts
// distinct repost groups over millions of rows, and wrote and read back
// temporary files for them (1.8 of 4.3 s of one such count was system time
// in file I/O, 0.1 s with this).
const qTempInMemory = "PRAGMA temp_store = MEMORY"

func init() {
	sql.Register(writerDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if _, err := c.Exec(qTempInMemory, nil); err != nil {
			return err
		}
		_, err := c.Exec("PRAGMA wal_autocheckpoint = "+strconv.Itoa(walCheckpointPages), nil)
		return err
	}})
	sql.Register(readerDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(qTempInMemory, nil)
		return err
	}})
}

// busyTimeout is how long, in milliseconds, a connection waits for another
// process's write lock (a variable for the tests that shorten it).
var busyTimeout = "10000"

// dsn builds the go-sqlite3 connection string. Every pooled connection gets
// the same settings: WAL so readers never block the writer, a busy timeout
// so a second process waits instead of failing at once, foreign keys on,
// and BEGIN IMMEDIATE so two writers serialize at BEGIN rather than
// deadlocking at their first write.
func dsn(path string, readOnly bool) string {
	if readOnly {
		return dsnMode(path, "ro")
	}
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	q := url.Values{}
	q.Set("_busy_timeout", busyTimeout)
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_foreign_keys", "on")
	// 16 MB of page cache per connection (the default is 2 MB): a batch
	// writes postings, tags and full-text entries in one transaction, and a
	// cache smaller than what it dirties spills pages mid-transaction. 64 MB
	// was no faster and made a long crawl's memory grow with the database.
	q.Set("_cache_size", "-16384")
	q.Set("_txlock", "immediate")
	u.RawQuery = q.Encode()
	return u.String()
}

// dsnMode is a read-only connection string: mode "ro", or "immutable" for a
// file SQLite may assume nobody changes while it is open (no locks, no side
// files). Neither sets a pragma that writes.
func dsnMode(path, mode string) string {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath()}
	q := url.Values{}
	q.Set("mode", "ro")
	if mode == "immutable" {
		q.Set("immutable", "1")
	}
	q.Set("_busy_timeout", "10000")
	u.RawQuery = q.Encode()
	return u.String()
}

// Path is the database file the store was opened on.
func (s *Store) Path() string { return s.path }

// DB exposes the handle for packages' tests that must inspect or damage the
// database directly; production code goes through the methods.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: name must start with a number and '_'", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// SchemaVersion is the newest migration this binary knows.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies every migration newer than the database's version, each in
// its own transaction together with its schema_migrations row, so a crash
// leaves the schema at a version boundary. BEGIN IMMEDIATE makes concurrent
// openers wait for each other, and the version is re-read inside the
// transaction, so two processes never apply the same step twice.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := s.applyMigration(ctx, m); err != nil {
			return err
		}
	}
	var app int64
	if err := s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return fmt.Errorf("read application id: %w", err)
	}
	if app != applicationID {
		if _, err := s.db.ExecContext(ctx, qSetApplicationID); err != nil {
			return fmt.Errorf("mark the store: %w", err)
		}
	}
	var newest int
	if err := s.db.QueryRowContext(ctx, qSchemaVersion).Scan(&newest); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if known := ms[len(ms)-1].version; newest > known {
		return fmt.Errorf("schema version %d is newer than this binary knows (%d): upgrade jobtrend", newest, known)
	}
	return nil
}

// checkIsStore refuses files that are not SQLite, and SQLite databases of
// other programs: migrating our tables into someone else's database (or
// even switching it to WAL) would be a nasty surprise. A store is known by
// its application id; a store made before jobtrend set one, by its first
// migration's row and its postings table. It opens the file read-only with
// no settings, so a refused file is left byte for byte as it was. An empty
// file, or an SQLite database with no tables, is accepted only when
// allowEmpty (a writer may make it a store; a reader finds nothing there).
func checkIsStore(ctx context.Context, path string, size int64, allowEmpty bool) error {
	if size == 0 {
		if allowEmpty {
			return nil
		}
		return fmt.Errorf("%w: the file is empty (a store is made by `crawl import` or `crawl run`)", ErrNotStore)
	}
	var app int64
	db, err := readOnlyDB(ctx, path)
	if err == nil {
		defer db.Close()
		err = db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app)
	}
	if err == nil {
		var tables int
		err = db.QueryRowContext(ctx, qCountTables).Scan(&tables)
		switch {
		case err != nil:
		case app == applicationID:
			return nil
		case app != 0:
			return fmt.Errorf("%w: an SQLite database of another program (application id %#x)", ErrNotStore, app)
		case tables == 0 && allowEmpty:
			return nil
		case tables == 0:
			return fmt.Errorf("%w: an SQLite database with no tables", ErrNotStore)
		default:
			var legacy bool
			if err = db.QueryRowContext(ctx, qLegacyStore).Scan(&legacy); err == nil && legacy {
				err = db.QueryRowContext(ctx, qLegacyFirstMigration).Scan(&legacy)
			}
			if err == nil && !legacy {
				return fmt.Errorf("%w: an SQLite database of another program (%d tables, not jobtrend's)", ErrNotStore, tables)
			}
		}
	}
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
			return fmt.Errorf("%w: the file is not an SQLite database (%v)", ErrNotStore, err)
		}
		return err
	}
	return nil
}

// applyMigration applies one migration if it is not applied yet. A
// migration that rebuilds a table others reference says so in its first
// line ("-- jobtrend:foreign-keys-off"): it runs with foreign keys off (as
// SQLite's procedure for such changes requires; DROP TABLE would otherwise
// cascade) and checks them before it commits.
func (s *Store) applyMigration(ctx context.Context, m migration) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer conn.Close()
	fkOff := strings.HasPrefix(m.sql, "-- jobtrend:foreign-keys-off")
	if fkOff {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		defer conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON")
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, qCreateMigrations); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	var applied int
	if err := tx.QueryRowContext(ctx, qMigrationApplied, m.version).Scan(&applied); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if applied > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if fkOff {
		var bad int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&bad); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if bad > 0 {
			return fmt.Errorf("migration %s: %d rows would break a foreign key", m.name, bad)
		}
	}
	if _, err := tx.ExecContext(ctx, qRecordMigration, m.version, m.name, s.now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok"
// for a sound database).
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return "", err
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n"), rows.Err()
}
