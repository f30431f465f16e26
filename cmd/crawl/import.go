package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/ingest"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

const importUsage = `usage: crawl import [--db DB] [--source NAME] [--map COL=field ...] [--encoding ENC]
                    [--profile NAME] [--year YEAR] [--seen DATE] [--dataset NAME]
                    [--platform NAME] [--frame census|sample|query:TERMS]
                    [--date-basis published|first_seen] [--no-segment] [--json] FILE...

Loads postings from CSV (with a header row), JSON Lines or a JSON array into
the store. Known dataset layouts are recognized by their columns (profiles:
%s); other files are mapped by common column names, and --map names the rest.
Importing a file again changes nothing; a file overlapping an earlier one adds
only its new rows. A row that cannot be used is reported with file and line
and skipped; a file that cannot be used at all is refused.

Every row is filed in a dataset, which says how its rows were collected: each
profile has a default (ruanyf-weekly; jobhunting/PLATFORM; lagou:FILE;
boss:FILE; zhaopin:FILE; hn; SOURCE:FILE for other files); --dataset,
--platform, --frame and --date-basis declare otherwise, e.g. --frame
query:golang for the results of a "Golang" search.

Rows with no date at all are stored undated (counted under no year) unless
--seen says when they were listed. Dates that cannot be true (before 1990,
placeholders such as 1970-01-01 or 0000-00-00, in the future) are stored as
unknown and counted. A field over 1 MB, a row over 16 MB, a JSON record nested
deeper than 10,000 levels is skipped; a header over 64 KB or 1,000 columns is
refused. Fields for --map: %s.

The postings are segmented (jieba) as they are stored, on the cores the
import leaves idle, so the next report reads every posting's terms from the
cache; --no-segment leaves that to the report. The full-text index of
analyze query is built by the first query after an import.`

// importSummary is the verb's result; the contract's crawl summary fields
// come first so scripts can treat both verbs alike.
type importSummary struct {
	Pages     int              `json:"pages"` // always 0: an import fetches nothing
	New       int              `json:"new"`
	Updated   int              `json:"updated"`
	Unchanged int              `json:"unchanged"`
	Errors    int              `json:"errors"` // skipped rows plus refused files
	Files     int              `json:"files"`
	Refused   int              `json:"refused"`
	Rows      int              `json:"rows"`
	Repeated  int              `json:"repeated"` // rows repeating an earlier row of the same file
	Skipped   int              `json:"skipped"`
	Warnings  int              `json:"warnings"`
	Undated   int              `json:"undated"`   // stored with no date at all: counted under no year
	BadDates  int              `json:"bad_dates"` // dates that cannot be true, stored as unknown
	Segmented int              `json:"segmented"` // postings segmented for the report's cache
	Hint      string           `json:"hint,omitempty"`
	Results   []*ingest.Result `json:"results"`
}

// undatedHint is what a user can do about undated rows.
const undatedHint = "pass --seen DATE when you know when the undated rows were listed, " +
	"or --year YEAR for dates written without a year"

func runImport(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "import", fmt.Sprintf(importUsage, joinNames(ingest.ProfileNames()), joinNames(ingest.FieldList())))
	db := fs.String("db", cli.DefaultDB, "database `path`")
	source := fs.String("source", "", "source `name` for every row (default: the profile's, the row's, or the file's name)")
	var maps cli.Strings
	fs.Var(&maps, "map", "map a column to a field, `COL=field` (repeatable)")
	encoding := fs.String("encoding", "auto", "file `encoding`: auto, utf-8, gbk, gb18030, mojibake")
	profile := fs.String("profile", "", "dataset layout `name` (default: detect; none: generic column names only)")
	year := fs.Int("year", 0, "`year` for dates written without one, like 05-01 (default: from the file name)")
	seen := fs.String("seen", "", "first-seen `date` for rows with no date at all (default: none; they stay undated)")
	dataset := fs.String("dataset", "", "file every row in the dataset `name` (default: the profile's)")
	platform := fs.String("platform", "", "the job board the rows come from, for the dataset (default: the profile's)")
	frame := fs.String("frame", "", "how the rows were selected: census, sample or query:TERM[,TERM] (default: the profile's)")
	basis := fs.String("date-basis", "", "what files a row under a year: published or first_seen (default: the profile's)")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object on stdout")
	quiet := fs.Bool("quiet", false, "no progress bar and no per-row warnings")
	noSegment := fs.Bool("no-segment", false, "do not segment the postings as they are stored (the next report does)")
	files, err := fs.Parse(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return cli.Usagef("no FILE given")
	}
	now := time.Now()
	opts := ingest.Options{Source: *source, Year: *year}
	if opts.Map, err = ingest.ParseMap(maps); err != nil {
		return cli.Usagef("%v", err)
	}
	if opts.Encoding, err = ingest.ParseEncoding(*encoding); err != nil {
		return cli.Usagef("--encoding: %v", err)
	}
	if opts.Profile, err = ingest.ParseProfile(*profile); err != nil {
		return cli.Usagef("--profile: %v", err)
	}
	if *year != 0 && (*year < posting.Earliest.Year() || *year > now.Year()) {
		return cli.Usagef("--year %d: want a year from %d to %d", *year, posting.Earliest.Year(), now.Year())
	}
	if *seen != "" {
		opts.Seen, err = ingest.ParseTime(*seen, 0)
		if err == nil && opts.Seen.IsZero() {
			err = errors.New("not a date")
		}
		if err == nil {
			err = posting.CheckDate(opts.Seen, now)
		}
		if err != nil {
			return cli.Usagef("--seen %s: %v", quoteArg(*seen), err)
		}
	}
	if opts.Dataset, err = datasetName(*dataset); err != nil {
		return cli.Usagef("--dataset %s: %v", quoteArg(*dataset), err)
	}
	if opts.Platform, err = platformName(*platform); err != nil {
		return cli.Usagef("--platform %s: %v", quoteArg(*platform), err)
	}
	if *frame != "" {
		if opts.Frame, err = posting.ParseFrame(*frame); err != nil {
			return cli.Usagef("--frame %s: %v", quoteArg(*frame), err)
		}
	}
	if *basis != "" {
		if opts.DateBasis, err = posting.ParseDateBasis(*basis); err != nil {
			return cli.Usagef("--date-basis %s: %v", quoteArg(*basis), err)
		}
	}

	st, err := openStore(ctx, *db, false)
	if err != nil {
		return err
	}
	defer st.Close()

	sum := importSummary{Files: len(files)}
	var seg *follower
	if !*noSegment {
		seg = followSegments(ctx, st, env.Log)
		defer func() {
			if seg != nil { // an early return: stop segmenting before the store closes
				seg.Finish(ctx)
			}
		}()
	}
	var refusals []error
	for _, file := range files {
		o := opts
		if !*quiet && cli.IsTerminal(env.Stderr) {
			o.Wrap = func(r io.Reader, size int64) io.Reader {
				bar := progressbar.NewOptions64(size, progressbar.OptionSetWriter(env.Stderr),
					progressbar.OptionSetDescription(filepath.Base(file)), progressbar.OptionShowBytes(true),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
				r2 := progressbar.NewReader(r, bar)
				return &r2
			}
		}
		// One session per file: a row repeating an earlier row of the same
		// file is "repeated", a row stored by an earlier file "unchanged".
		sess := st.NewSessionWith(store.SessionOptions{DeferSearch: true})
		if seg != nil {
			seg.Use(sess)
		}
		res, err := ingest.ImportFile(ctx, file, sess, o)
		if seg != nil {
			seg.endSession(ctx, sess)
		}
		if errors.Is(err, context.Canceled) {
			return err
		}
		if res != nil {
			sum.add(res)
			if !*quiet {
				logRowProblems(env, res)
			}
		}
		if err != nil {
			// Printed once, with the others, when the verb returns.
			sum.Refused++
			sum.Errors++
			refusals = append(refusals, err)
			continue
		}
		env.Log.Info("imported", "file", file, "profile", res.Profile, "encoding", res.Encoding,
			"rows", res.Rows, "new", res.Stored.New, "updated", res.Stored.Updated, "unchanged", res.Stored.Unchanged,
			"repeated", res.Stored.Repeated, "skipped", res.Skipped, "undated", res.Undated,
			"datasets", strings.Join(res.Datasets, ","))
	}
	if seg != nil {
		if !*quiet && sum.New+sum.Updated > 0 {
			env.Log.Info("segmenting the postings not segmented yet, for the report (--no-segment leaves them to it)")
		}
		sum.Segmented = seg.Finish(ctx)
		seg = nil
	}
	if sum.Segmented > 0 {
		env.Log.Info("segmented", "postings", sum.Segmented)
	}
	if sum.Undated > 0 {
		sum.Hint = fmt.Sprintf("%d rows have no date and count under no year: %s", sum.Undated, undatedHint)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stderr, "import: %d files, %d rows: %d new, %d updated, %d unchanged, %d repeated, %d skipped, %d errors, %d warnings, %d undated, %d bad dates\n",
			sum.Files, sum.Rows, sum.New, sum.Updated, sum.Unchanged, sum.Repeated, sum.Skipped, sum.Errors, sum.Warnings,
			sum.Undated, sum.BadDates)
		if sum.Hint != "" {
			fmt.Fprintf(env.Stderr, "import: %s\n", sum.Hint)
		}
	}
	switch {
	case len(refusals) == 1:
		return fmt.Errorf("1 of %d files refused: %w", sum.Files, refusals[0])
	case len(refusals) > 1:
		return fmt.Errorf("%d of %d files refused:%w", sum.Refused, sum.Files, refused(refusals))
	case sum.Rows > 0 && sum.Skipped == sum.Rows:
		return fmt.Errorf("every one of %d rows was skipped", sum.Rows)
	}
	return nil
}

func (s *importSummary) add(r *ingest.Result) {
	s.Results = append(s.Results, r)
	s.Rows += r.Rows
	s.New += r.Stored.New
	s.Updated += r.Stored.Updated
	s.Unchanged += r.Stored.Unchanged
	s.Repeated += r.Stored.Repeated
	s.Skipped += r.Skipped
	s.Errors += r.Skipped
	s.Warnings += r.Warnings
	s.Undated += r.Undated
	s.BadDates += r.BadDates + r.Stored.BadDates
}

// datasetName checks a --dataset value: a name is shown in reports and
// must print as it is.
func datasetName(s string) (string, error) {
	name := strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	d := posting.Dataset{Name: name, Frame: posting.FrameCensus, DateBasis: posting.DatePublished}
	if err := d.Validate(); err != nil {
		return "", err
	}
	if !printableArg(name) || len(name) > 200 {
		return "", errors.New("want at most 200 printing characters")
	}
	return name, nil
}

// platformName checks a --platform value: a lower-case board name.
func platformName(s string) (string, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if name == "" || !printableArg(name) || strings.ContainsAny(name, " \t") || len(name) > 64 {
		return "", errors.New("want a board name such as boss, lagou or github")
	}
	return name, nil
}

// refused lists the errors of refused files, one a line.
type refused []error

func (r refused) Error() string {
	var b strings.Builder
	for _, err := range r {
		b.WriteString("\n  ")
		b.WriteString(err.Error())
	}
	return b.String()
}

func (r refused) Unwrap() []error { return r }

// quoteArg quotes a flag's value for an error message: a value that came
// from a script can carry control characters too.
func quoteArg(s string) string {
	n := 0
	for i := range s {
		if n == 80 {
			return strconv.Quote(s[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(s)
}

func printableArg(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// logRowProblems reports each skipped row with file and line, and the
// warnings, each bounded so a broken million-row file cannot flood stderr.
func logRowProblems(env *cli.Env, r *ingest.Result) {
	const show = 20
	for i, e := range r.Errors {
		if i == show {
			break
		}
		env.Log.Warn("row skipped", "err", e.Error())
	}
	if r.Skipped > show {
		env.Log.Warn(fmt.Sprintf("%s: %d more rows skipped", r.File, r.Skipped-show))
	}
	for i, n := range r.Notes {
		if i == show {
			break
		}
		env.Log.Warn(n)
	}
	if r.Warnings > show {
		env.Log.Warn(fmt.Sprintf("%s: %d more warnings", r.File, r.Warnings-show))
	}
}

func joinNames(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
