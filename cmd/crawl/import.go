package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/ingest"
)

const importUsage = `usage: crawl import [--db DB] [--source NAME] [--map COL=field ...] [--encoding ENC]
                    [--profile NAME] [--year YEAR] [--seen DATE] [--json] FILE...

Loads postings from CSV (with a header row), JSON Lines or a JSON array into
the store. Known dataset layouts are recognized by their columns (profiles:
%s); other files are mapped by common column names, and --map names the rest.
Importing a file again changes nothing; a file overlapping an earlier one adds
only its new rows. A row that cannot be used is reported with file and line
and skipped; a file that cannot be used at all is refused and nothing of it is
stored. Fields for --map: %s.`

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
	Skipped   int              `json:"skipped"`
	Warnings  int              `json:"warnings"`
	Results   []*ingest.Result `json:"results"`
}

func runImport(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "import", fmt.Sprintf(importUsage, joinNames(ingest.ProfileNames()), joinNames(ingest.FieldList())))
	db := fs.String("db", cli.DefaultDB, "database `path`")
	source := fs.String("source", "", "source `name` for every row (default: the profile's, the row's, or the file's name)")
	var maps cli.Strings
	fs.Var(&maps, "map", "map a column to a field, `COL=field` (repeatable)")
	encoding := fs.String("encoding", "auto", "file `encoding`: auto, utf-8, gbk, gb18030, mojibake")
	profile := fs.String("profile", "", "dataset layout `name` (default: detect; none: generic column names only)")
	year := fs.Int("year", 0, "`year` for dates written without one, like 05-01 (default: from the file name)")
	seen := fs.String("seen", "", "first-seen `date` for rows with no date at all (default: the file's modification time)")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object on stdout")
	quiet := fs.Bool("quiet", false, "no progress bar and no per-row warnings")
	files, err := fs.Parse(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return cli.Usagef("no FILE given")
	}
	opts := ingest.Options{Source: *source, Profile: *profile, Year: *year}
	if opts.Map, err = ingest.ParseMap(maps); err != nil {
		return cli.Usagef("%v", err)
	}
	if opts.Encoding, err = ingest.ParseEncoding(*encoding); err != nil {
		return cli.Usagef("--encoding: %v", err)
	}
	if *seen != "" {
		if opts.Seen, err = ingest.ParseTime(*seen, 0); err != nil || opts.Seen.IsZero() {
			return cli.Usagef("--seen %q: not a date", *seen)
		}
	}

	st, err := openStore(ctx, *db, false)
	if err != nil {
		return err
	}
	defer st.Close()

	sum := importSummary{Files: len(files)}
	var firstRefusal error
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
		res, err := ingest.ImportFile(ctx, file, st, o)
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
			sum.Refused++
			sum.Errors++
			env.Log.Error("file refused", "err", err)
			if firstRefusal == nil {
				firstRefusal = err
			}
			continue
		}
		env.Log.Info("imported", "file", file, "profile", res.Profile, "encoding", res.Encoding,
			"rows", res.Rows, "new", res.Stored.New, "updated", res.Stored.Updated,
			"unchanged", res.Stored.Unchanged, "skipped", res.Skipped)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stderr, "import: %d files, %d rows: %d new, %d updated, %d unchanged, %d skipped, %d errors, %d warnings\n",
			sum.Files, sum.Rows, sum.New, sum.Updated, sum.Unchanged, sum.Skipped, sum.Errors, sum.Warnings)
	}
	switch {
	case firstRefusal != nil && sum.Refused == 1:
		return fmt.Errorf("1 of %d files refused: %w", sum.Files, firstRefusal)
	case firstRefusal != nil:
		return fmt.Errorf("%d of %d files refused; first: %w", sum.Refused, sum.Files, firstRefusal)
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
	s.Skipped += r.Skipped
	s.Errors += r.Skipped
	s.Warnings += r.Warnings
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
