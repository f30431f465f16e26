package ingest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// Sink receives postings in batches, and the datasets they belong to
// before the first batch that names them; *store.Store and *store.Session
// are sinks.
type Sink interface {
	UpsertBatch(ctx context.Context, ps []posting.Posting) (store.Counts, error)
	EnsureDataset(ctx context.Context, d posting.Dataset) (changed bool, err error)
}

// Options configures an import.
type Options struct {
	Source   string            // source name for every row; "" = the profile's, the row's, or the file's name
	Map      map[string]string // column → field, over the profile's or the generic mapping
	Encoding string            // auto (default), utf-8, gbk, gb18030, mojibake
	Profile  string            // "" = detect, "none" = generic mapping only, or a profile name
	Year     int               // year for dates without one (05-01); 0 = from the file name
	// Seen is a declared sighting: the first-seen time of rows with no date
	// at all. Zero leaves them undated (filed under no year); a file's
	// modification time says when it was copied, not when its rows were
	// listed, and is never used.
	Seen time.Time
	// Dataset names the dataset of every row; "" = the profile's default
	// (see the package README). Platform, Frame and DateBasis, when set,
	// override the default dataset's.
	Dataset   string
	Platform  string
	Frame     string // census, sample or query:TERMS
	DateBasis string // published or first_seen
	Batch     int    // postings per transaction; 0 = 2000
	Limits    Limits // zero fields = DefaultLimits
	// Now is the clock dates are checked against (a date in the future
	// cannot be true); nil = time.Now.
	Now func() time.Time
	// Wrap, when set, wraps the file's reader (a progress bar counts bytes).
	Wrap func(r io.Reader, size int64) io.Reader
}

// RowError is a row that could not be used; it was skipped.
type RowError struct {
	File string
	Unit string // "line" or "record"
	Line int
	Err  error
}

func (e *RowError) Error() string {
	return fmt.Sprintf("%s %s %d: %v", cleanPath(e.File), e.Unit, e.Line, e.Err)
}
func (e *RowError) Unwrap() error { return e.Err }

// maxKeptErrors bounds the row errors a Result keeps; the count goes on.
const maxKeptErrors = 100

// Result says what an import of one file did.
type Result struct {
	File     string       `json:"file"`
	Format   string       `json:"format"`
	Encoding string       `json:"encoding"`
	Profile  string       `json:"profile"`
	Datasets []string     `json:"datasets"` // the datasets its rows were filed in
	Rows     int          `json:"rows"`     // data rows read
	Stored   store.Counts `json:"stored"`   // new / updated / unchanged / repeated
	Skipped  int          `json:"skipped"`  // rows not stored (each reported)
	Warnings int          `json:"warnings"`
	// Undated counts rows stored with no date at all: no publication date
	// and no sighting, so they count under no year.
	Undated int `json:"undated"`
	// BadDates counts dates that cannot be true (before 1990, placeholders
	// such as 1970-01-01 or 0000-00-00, in the future), each noted and
	// stored as unknown.
	BadDates int         `json:"bad_dates"`
	Errors   []*RowError `json:"-"` // the first maxKeptErrors skipped rows
	Notes    []string    `json:"-"` // warnings, the first maxKeptErrors
}

// ImportFile imports one file. A file that cannot be read at all (missing,
// not a regular file, not CSV/JSON, no usable columns, no rows) returns an
// error; a row that cannot be used is recorded in Result.Errors and
// skipped.
func ImportFile(ctx context.Context, path string, sink Sink, opts Options) (*Result, error) {
	f, fi, err := openRegular(path)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", cleanPath(path), safeErr(err))
	}
	defer f.Close()
	var r io.Reader = f
	if opts.Wrap != nil {
		r = opts.Wrap(f, fi.Size())
	}
	return Import(ctx, path, r, sink, opts)
}

// Import imports from r; name is used for messages, format detection, the
// default source and dataset, and the year of dates written without one.
func Import(ctx context.Context, name string, r io.Reader, sink Sink, opts Options) (*Result, error) {
	res := &Result{File: name}
	fail := func(err error) (*Result, error) { return nil, fmt.Errorf("import %s: %w", cleanPath(name), err) }
	if err := opts.check(); err != nil {
		return fail(err)
	}
	enc, err := ParseEncoding(opts.Encoding)
	if err != nil {
		return fail(err)
	}
	prof, err := chosenProfile(opts.Profile)
	if err != nil {
		return fail(err)
	}
	lim := opts.Limits.orDefault()
	dr, enc, err := decodeReader(ctxReader{ctx, r}, enc)
	if err != nil {
		return fail(err)
	}
	res.Encoding = enc
	// Peek at the decoded text to choose a reader.
	br := bufio.NewReaderSize(dr, 64<<10)
	head, _ := br.Peek(4096)
	res.Format = detectFormat(name, head)

	var rr recordReader
	switch res.Format {
	case FormatCSV:
		comma := ','
		if strings.HasSuffix(strings.ToLower(name), ".tsv") {
			comma = '\t'
		}
		rr, err = newCSVReader(br, comma, lim)
	case FormatJSONL:
		rr = newJSONLReader(br, lim)
	case FormatJSON:
		rr, err = newJSONArrayReader(br, lim)
	}
	if err != nil {
		return fail(err)
	}

	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	imp := &importer{ctx: ctx, name: name, opts: opts, sink: sink, res: res, rr: rr,
		year: opts.Year, batchSize: opts.Batch, now: now(), stem: fileStem(name),
		prof: prof, profChosen: opts.Profile != "", datasets: map[string]bool{}}
	if imp.year == 0 {
		imp.year = YearFromName(filepath.Base(name))
	}
	if imp.batchSize <= 0 {
		imp.batchSize = 2000
	}
	if err := imp.run(); err != nil {
		return res, fmt.Errorf("import %s: %w", cleanPath(name), err)
	}
	return res, nil
}

// check validates the dataset options as a library caller gives them.
func (o Options) check() error {
	if o.Frame != "" {
		if _, err := posting.ParseFrame(o.Frame); err != nil {
			return err
		}
	}
	if o.DateBasis != "" {
		if _, err := posting.ParseDateBasis(o.DateBasis); err != nil {
			return err
		}
	}
	if o.Dataset != "" && !printable(o.Dataset) {
		return fmt.Errorf("dataset name %s holds control characters", quote(o.Dataset))
	}
	return nil
}

// ctxReader stops reading once ctx is done, so an interrupt ends an import
// inside a long field too.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

type importer struct {
	ctx       context.Context
	name      string
	stem      string // the file's name without folder and extension, for dataset names
	opts      Options
	sink      Sink
	res       *Result
	rr        recordReader
	year      int
	batchSize int
	now       time.Time

	writes  chan batch   // batches to the writer goroutine
	written chan error   // the writer's verdict
	stored  store.Counts // what the writer stored; read after wait

	prof       *profile
	profChosen bool              // --profile named it (or none): no detection
	mapping    map[string]string // column → field, decided at the first record
	colOrder   []string          // CSV header order; nil for JSON (keys sorted per record)
	batch      batch
	datasets   map[string]bool // dataset names handed to the writer
}

// batch is postings to store, after the datasets they are the first to
// name.
type batch struct {
	datasets []posting.Dataset
	ps       []posting.Posting
}

func (imp *importer) run() error {
	err := imp.readAll()
	// Whatever stopped the reading, the batches already handed over are
	// stored (or failed) before the import returns.
	if werr := imp.wait(); err == nil {
		err = werr
	}
	return err
}

func (imp *importer) readAll() error {
	// CSV knows its columns from the header; JSON from the first object.
	if cols := imp.rr.columns(); len(cols) > 0 {
		if err := imp.decideMapping(cols); err != nil {
			return err
		}
	}
	chunk := make([]conversion, 0, convertChunk)
	for {
		if err := imp.ctx.Err(); err != nil {
			return err
		}
		rec, err := imp.rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return safeErr(err)
		}
		if imp.mapping == nil && rec.note == "" && rec.err == nil {
			// The first row decides the mapping every conversion reads.
			if err := imp.take(chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
			if err := imp.decideMapping(sortedFieldNames(rec.fields)); err != nil {
				imp.res.Rows++
				return err
			}
		}
		chunk = append(chunk, conversion{rec: rec})
		if len(chunk) == cap(chunk) {
			if err := imp.take(chunk); err != nil {
				return err
			}
			chunk = chunk[:0]
		}
	}
	if err := imp.take(chunk); err != nil {
		return err
	}
	if err := imp.flush(); err != nil {
		return err
	}
	if imp.res.Rows == 0 {
		// A file that held something but gave no rows is not a success:
		// a header alone, an empty array, or lines the reader could not
		// tell apart.
		return fmt.Errorf("the file holds no %ss%s", imp.rowWord(), imp.noRowsHint())
	}
	return nil
}

// convertChunk is how many records are converted together, on every core:
// cleaning HTML and parsing free text cost more than decoding a row, and
// the rows do not depend on each other.
const convertChunk = 256

// conversion is one record and what convert made of it.
type conversion struct {
	rec   record
	p     posting.Posting
	err   error
	dates []dateNote
}

// dateNote is a date convert could not read or that cannot be true.
type dateNote struct {
	field string
	err   error
}

// take converts the records of chunk in parallel, then counts, notes and
// batches them in file order, as if one at a time.
func (imp *importer) take(chunk []conversion) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(chunk)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(chunk) {
					return
				}
				c := &chunk[i]
				if c.rec.note == "" && c.rec.err == nil {
					c.p, c.err = imp.convert(c.rec, &c.dates)
				}
			}
		}()
	}
	wg.Wait()
	for i := range chunk {
		c := &chunk[i]
		if c.rec.note != "" {
			imp.note(0, "%s", c.rec.note)
			continue
		}
		imp.res.Rows++
		if c.rec.err != nil {
			imp.skip(c.rec.line, c.rec.err)
			continue
		}
		for _, d := range c.dates {
			imp.dateProblem(c.rec.line, d.field, d.err)
		}
		if c.err != nil {
			imp.skip(c.rec.line, c.err)
			continue
		}
		if c.p.PostedAt.IsZero() && c.p.FirstSeen.IsZero() {
			imp.res.Undated++
		}
		imp.add(c.p)
		*c = conversion{} // the batch holds the posting; the chunk lets go of the record
		if len(imp.batch.ps) >= imp.batchSize {
			if err := imp.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (imp *importer) rowWord() string {
	if imp.rr.unit() == "record" {
		return "record"
	}
	return "data row"
}

func (imp *importer) noRowsHint() string {
	if cr, ok := imp.rr.(*csvReader); ok {
		return fmt.Sprintf(" after its header (%d columns)", len(cr.header))
	}
	return ""
}

// add puts p in the batch, with its dataset when no batch named it yet.
func (imp *importer) add(p posting.Posting) {
	d := imp.dataset(&p)
	p.Dataset = d.Name
	if !imp.datasets[d.Name] {
		imp.datasets[d.Name] = true
		imp.batch.datasets = append(imp.batch.datasets, d)
		imp.res.Datasets = append(imp.res.Datasets, d.Name)
	}
	imp.batch.ps = append(imp.batch.ps, p)
}

// flush hands the batch to the writer and starts a new one. The writer
// stores batches in order, one at a time, while the next one is being read
// and converted: decoding and cleaning (Go) overlap the SQLite writes (C),
// which keeps both cores busy. At most one batch waits, so memory stays
// bounded.
func (imp *importer) flush() error {
	if len(imp.batch.ps) == 0 {
		return nil
	}
	if imp.writes == nil {
		imp.writes = make(chan batch)
		imp.written = make(chan error, 1)
		go imp.writer()
	}
	select {
	case imp.writes <- imp.batch:
	case err := <-imp.written: // the writer failed and stopped
		imp.written <- err
		return imp.wait()
	}
	imp.batch = batch{ps: make([]posting.Posting, 0, imp.batchSize)}
	return nil
}

// preparedWriter is a sink that writes in two steps, so that the next
// batch is prepared (hashed, tagged, compressed: Go work on every core)
// while the last one is written (SQLite, one core): *store.Session is one.
type preparedWriter interface {
	Prepare(ps []posting.Posting) (*store.Batch, error)
	Write(ctx context.Context, b *store.Batch) (store.Counts, error)
}

type preparedBatch struct {
	datasets []posting.Dataset
	b        *store.Batch
	err      error
}

func (imp *importer) writer() {
	pw, ok := imp.sink.(preparedWriter)
	if !ok {
		for b := range imp.writes {
			c, err := imp.store(b.datasets, func() (store.Counts, error) { return imp.sink.UpsertBatch(imp.ctx, b.ps) })
			if err != nil {
				imp.written <- err
				return
			}
			imp.stored.Add(c)
		}
		imp.written <- nil
		return
	}
	prepared := make(chan preparedBatch, 1)
	stop := make(chan struct{})
	go func() {
		defer close(prepared)
		for {
			var b batch
			var ok bool
			select {
			case b, ok = <-imp.writes:
			case <-stop:
				return
			}
			if !ok {
				return
			}
			pb, err := pw.Prepare(b.ps)
			select {
			case prepared <- preparedBatch{datasets: b.datasets, b: pb, err: err}:
			case <-stop:
				return
			}
		}
	}()
	for pb := range prepared {
		c, err := imp.store(pb.datasets, func() (store.Counts, error) {
			if pb.err != nil {
				return store.Counts{}, pb.err
			}
			return pw.Write(imp.ctx, pb.b)
		})
		if err != nil {
			// The reader stops at its next flush: nobody takes its
			// batches any more.
			imp.written <- err
			close(stop)
			for range prepared {
			}
			return
		}
		imp.stored.Add(c)
	}
	imp.written <- nil
}

// store records the datasets a batch is the first to name, then writes
// the batch.
func (imp *importer) store(datasets []posting.Dataset, write func() (store.Counts, error)) (store.Counts, error) {
	for _, d := range datasets {
		if _, err := imp.sink.EnsureDataset(imp.ctx, d); err != nil {
			return store.Counts{}, safeErr(err)
		}
	}
	c, err := write()
	if err != nil {
		// The reader sees it at its next flush or at wait. A store's
		// error can name a posting by its id, from the file.
		return store.Counts{}, safeErr(err)
	}
	return c, nil
}

// wait closes the writer's input and returns its verdict once every handed
// batch is stored.
func (imp *importer) wait() error {
	if imp.writes == nil {
		return nil
	}
	close(imp.writes)
	err := <-imp.written
	imp.writes = nil
	imp.res.Stored.Add(imp.stored)
	return err
}

func (imp *importer) skip(line int, err error) {
	imp.res.Skipped++
	if len(imp.res.Errors) < maxKeptErrors {
		imp.res.Errors = append(imp.res.Errors, &RowError{File: imp.name, Unit: imp.rr.unit(), Line: line, Err: err})
	}
}

// note records a warning; format's arguments that come from the file must
// be quoted with quote or clean.
func (imp *importer) note(line int, format string, args ...any) {
	imp.res.Warnings++
	if len(imp.res.Notes) < maxKeptErrors {
		msg := fmt.Sprintf(format, args...)
		if line > 0 {
			msg = fmt.Sprintf("%s %s %d: %s", cleanPath(imp.name), imp.rr.unit(), line, msg)
		} else {
			msg = cleanPath(imp.name) + ": " + msg
		}
		imp.res.Notes = append(imp.res.Notes, msg)
	}
}

// decideMapping picks the profile and maps every column to a field. A file
// with no column for a title or a description cannot give postings and is
// refused as a whole, with the columns it does have, before anything is
// stored.
func (imp *importer) decideMapping(cols []string) error {
	if !imp.profChosen {
		imp.prof = matchProfile(cols)
	}
	if _, isCSV := imp.rr.(*csvReader); isCSV {
		imp.colOrder = cols
	}
	imp.mapping = make(map[string]string, len(cols))
	for _, c := range cols {
		var f string
		var ok bool
		if imp.prof != nil {
			f, ok = imp.prof.Columns[c]
		} else {
			f, ok = genericField(c)
		}
		if ok {
			imp.mapping[c] = f
		}
	}
	have := map[string]bool{}
	for _, c := range cols {
		have[c] = true
	}
	for c, f := range imp.opts.Map {
		if !have[c] {
			return fmt.Errorf("--map %s=%s: the file has no column %s (columns: %s)", clean(c), f, quote(c), columnList(cols))
		}
		imp.mapping[c] = f
	}
	if imp.prof != nil {
		imp.res.Profile = imp.prof.Name
		if imp.prof.Name == ruanyfProfile.Name {
			return nil // the free-text parser finds the title in the body
		}
	} else {
		imp.res.Profile = "generic"
	}
	mapped := map[string]bool{}
	for _, f := range imp.mapping {
		mapped[f] = true
	}
	if !mapped[FTitle] && !mapped[FDescription] {
		return fmt.Errorf("no column maps to a title or a description (columns: %s); name one with --map COLUMN=title",
			columnList(cols))
	}
	return nil
}

// convert turns one record into a posting, adding to dates what it found
// wrong with the record's dates. It changes nothing of imp: records are
// converted in parallel.
func (imp *importer) convert(rec record, dates *[]dateNote) (posting.Posting, error) {
	var p posting.Posting
	vals := map[string]string{}
	// Several columns may map to one field; the first non-empty, in column
	// order, wins, so the result does not depend on map iteration.
	order := imp.colOrder
	if order == nil {
		order = sortedFieldNames(rec.fields)
	}
	for _, c := range order {
		f, ok := imp.mapping[c]
		if !ok || f == FIgnore {
			continue
		}
		v := rec.fields[c]
		if !utf8.ValidString(v) {
			return p, fmt.Errorf("column %s is not valid UTF-8 (if the file is GBK, pass --encoding gbk)", clean(c))
		}
		if strings.TrimSpace(v) != "" && vals[f] == "" {
			vals[f] = v
		}
	}
	p.Source = strings.ToLower(strings.TrimSpace(vals[FSource]))
	p.SourceID = strings.TrimSpace(vals[FSourceID])
	p.URL = strings.TrimSpace(vals[FURL])
	p.Title = oneLine(vals[FTitle])
	p.Company = oneLine(vals[FCompany])
	p.City = normalize.City(oneLine(vals[FCity]))
	p.Salary = oneLine(vals[FSalary])
	p.Description = normalize.HTMLToText(vals[FDescription])
	p.Raw = rec.raw

	if d, err := ParseDate(vals[FPostedAt], imp.year); err != nil {
		*dates = append(*dates, dateNote{FPostedAt, err})
	} else {
		p.PostedAt = d
	}
	for _, fs := range []struct {
		field string
		dst   *time.Time
	}{{FFirstSeen, &p.FirstSeen}, {FLastSeen, &p.LastSeen}} {
		if t, err := ParseTime(vals[fs.field], imp.year); err != nil {
			*dates = append(*dates, dateNote{fs.field, err})
		} else {
			*fs.dst = t
		}
	}
	if imp.prof != nil && imp.prof.Fix != nil {
		if err := imp.prof.Fix(rec.fields, &p); err != nil {
			return p, err
		}
		// A profile reads columns of its own (ids, platforms, salaries)
		// that the check of mapped columns above did not see.
		for _, f := range []struct{ name, v string }{{FSource, p.Source}, {FSourceID, p.SourceID}, {FURL, p.URL},
			{FTitle, p.Title}, {FCompany, p.Company}, {FCity, p.City}, {FSalary, p.Salary}, {FDescription, p.Description}} {
			if !utf8.ValidString(f.v) {
				return p, fmt.Errorf("%s is not valid UTF-8 (if the file is GBK, pass --encoding gbk)", f.name)
			}
		}
	}
	// A date that cannot be true is unknown, whoever read it.
	for _, d := range []struct {
		field string
		t     *time.Time
	}{{FPostedAt, &p.PostedAt}, {FFirstSeen, &p.FirstSeen}, {FLastSeen, &p.LastSeen}} {
		if err := posting.CheckDate(*d.t, imp.now); err != nil {
			*dates = append(*dates, dateNote{d.field, impossible{err}})
			*d.t = time.Time{}
		}
	}
	if imp.opts.Source != "" {
		p.Source = imp.opts.Source
	}
	if p.Source == "" && imp.prof != nil {
		p.Source = imp.prof.Source
	}
	if p.Source == "" {
		p.Source = sourceFromName(imp.name)
	}
	if p.Kind == "" {
		p.Kind = posting.Job
	}
	if p.Kind == posting.Job && p.Title == "" && p.Description == "" {
		return p, errors.New("has neither a title nor a description")
	}
	if p.SourceID == "" {
		// No id column: the content is the identity, so re-importing the
		// file still updates rather than duplicates.
		p.SourceID = "sha256:" + contentID(p)
	}
	// A row with no date at all is seen when the user declares it; else
	// it stays undated. A publication date is not a sighting.
	if p.FirstSeen.IsZero() && p.PostedAt.IsZero() && !imp.opts.Seen.IsZero() {
		p.FirstSeen = imp.opts.Seen
	}
	if !p.FirstSeen.IsZero() && (p.LastSeen.IsZero() || p.LastSeen.Before(p.FirstSeen)) {
		p.LastSeen = p.FirstSeen
	}
	return p, nil
}

// dateProblem notes a date that could not be read or cannot be true; the
// date is left unknown.
func (imp *importer) dateProblem(line int, field string, err error) {
	if errors.Is(err, ErrImpossibleDate) {
		imp.res.BadDates++
	}
	imp.note(line, "%s: %v; the date is left unknown", field, err)
}

func contentID(p posting.Posting) string {
	h := sha256.New()
	for _, s := range []string{p.Title, p.Company, p.City, p.PostedDate(), p.Description} {
		h.Write([]byte(s))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

var nonSourceChars = regexp.MustCompile(`[^a-z0-9]+`)

// sourceFromName derives a source name from a file name: "DataAnalyst.gbk.csv" → "dataanalyst".
func sourceFromName(name string) string {
	base := strings.ToLower(filepath.Base(name))
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	s := strings.Trim(nonSourceChars.ReplaceAllString(base, "-"), "-")
	if s == "" {
		return "import"
	}
	return s
}

// oneLine folds a short field (title, company) to one line of plain text.
func oneLine(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = normalize.HTMLToText(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

func sortedFieldNames(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
