package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseAllowsFlagsAfterOperands(t *testing.T) {
	tests := []struct {
		args     []string
		operands string
		db, maps string
		wantErr  string
	}{
		{args: []string{"a.csv", "--db", "x.db", "b.csv"}, operands: "a.csv b.csv", db: "x.db"},
		{args: []string{"--map", "职位=title", "a.csv", "--map", "公司=company"}, operands: "a.csv", maps: "职位=title,公司=company"},
		{args: []string{"a.csv", "--", "--db", "-x"}, operands: "a.csv --db -x"},
		{args: []string{"--nope"}, wantErr: "flag provided but not defined: -nope"},
		{args: []string{"--db"}, wantErr: "flag needs an argument"},
	}
	for _, tt := range tests {
		env := &Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
		fs := NewFlagSet(env, "import", "usage: import FILE...")
		db := fs.String("db", DefaultDB, "")
		var maps Strings
		fs.Var(&maps, "map", "")
		ops, err := fs.Parse(tt.args)
		if tt.wantErr != "" {
			var ue *UsageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse(%q) err = %v, want a usage error saying %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || strings.Join(ops, " ") != tt.operands || (tt.db != "" && *db != tt.db) || maps.String() != tt.maps {
			t.Errorf("Parse(%q) = %q, db %q, maps %q, %v", tt.args, ops, *db, maps.String(), err)
		}
	}
}

func TestHelpAndExitCodes(t *testing.T) {
	run := func(ctx context.Context, env *Env, args []string) error {
		fs := NewFlagSet(env, "v", "usage: prog v [--n N]")
		n := fs.Int("n", 0, "a `number`")
		if _, err := fs.Parse(args); err != nil {
			return err
		}
		switch *n {
		case 1:
			return Usagef("--n 1 is not allowed")
		case 2:
			return fmt.Errorf("open x.db: %w", errors.New("disk on fire"))
		case 3:
			return context.Canceled
		}
		fmt.Fprintln(env.Stdout, "done")
		return nil
	}
	verbs := []Verb{{Name: "v", Summary: "a verb", Run: run}}
	tests := []struct {
		args         []string
		code         int
		stdout, errs string
	}{
		{[]string{"v"}, ExitOK, "done", ""},
		{[]string{"v", "--help"}, ExitOK, "usage: prog v", ""},
		{[]string{"--help"}, ExitOK, "verbs:", ""},
		{[]string{}, ExitUsage, "", "no verb given"},
		{[]string{"w"}, ExitUsage, "", `unknown verb "w"`},
		{[]string{"v", "--n", "1"}, ExitUsage, "", "prog v: --n 1 is not allowed\nRun 'prog v --help' for usage."},
		{[]string{"v", "--n", "x"}, ExitUsage, "", "invalid value"},
		{[]string{"v", "--n", "2"}, ExitFailure, "", "prog v: open x.db: disk on fire"},
		{[]string{"v", "--n", "3"}, ExitFailure, "", "prog v: interrupted"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := ExitCode(Dispatch(context.Background(), "prog", verbs, tt.args, &stdout, &stderr), &stderr)
		if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.errs) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %d, %q, %q", tt.args, code, stdout.String(), stderr.String(), tt.code, tt.stdout, tt.errs)
		}
	}
}

// TestRecordingsReplaceOnlyTheirOwnFiles: JOBTREND_CPUPROFILE and
// JOBTREND_TRACE write over an earlier profile or trace, never over a file
// they did not write (a store given by mistake, say).
func TestRecordingsReplaceOnlyTheirOwnFiles(t *testing.T) {
	dir := t.TempDir()
	foreign := map[string][]byte{
		filepath.Join(dir, "jobtrend.db"): []byte("SQLite format 3\x00 and the rest of a store"),
		filepath.Join(dir, "report.md"):   []byte("# Go's share of job postings\n"),
	}
	for path, b := range foreign {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, start := range []func(string) (func(), error){startCPUProfile, startTrace} {
		for path, original := range foreign {
			if _, err := start(path); err == nil || !strings.Contains(err.Error(), "not replaced") {
				t.Fatalf("recording over %s: err = %v, want a refusal", path, err)
			}
			if b, _ := os.ReadFile(path); !bytes.Equal(b, original) {
				t.Fatalf("%s was changed", path)
			}
		}
		// Its own file, and an empty one, are written over.
		own := filepath.Join(dir, "own")
		for range 2 {
			stop, err := start(own)
			if err != nil {
				t.Fatalf("recording to %s: %v", own, err)
			}
			stop()
		}
		if err := os.WriteFile(own, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		stop, err := start(own)
		if err != nil {
			t.Fatalf("recording to an empty file: %v", err)
		}
		stop()
		os.Remove(own)
	}
}
