// Package cli is the command-line plumbing the jobtrend binaries share:
// verb dispatch, flag parsing with flags allowed after operands, the
// contract's exit codes, logging on stderr and terminal detection for
// progress bars. It keeps the mains thin and the same everywhere.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"sort"
	"strings"

	"golang.org/x/term"

	"github.com/jobtrend/jobtrend/pkg/outfile"
)

// DefaultDB is the contract's default database path.
const DefaultDB = "data/jobtrend.db"

// Exit codes of the contract.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// UsageError marks a mistake in how the command was called (exit code 2),
// as opposed to a failure while doing the work (exit code 1).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// ErrHelp is returned by Parse when the user asked for help (the usage is
// already printed); commands treat it as success.
var ErrHelp = errors.New("help requested")

// Env is what a verb runs with: its streams and logger.
type Env struct {
	Stdout, Stderr io.Writer
	Log            *slog.Logger
}

// Verb is one subcommand.
type Verb struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, env *Env, args []string) error
}

// Dispatch runs the verb args[0] names with the rest of args. Errors come
// back tagged with the command's name for ExitCode to print; asking for help
// is not an error.
func Dispatch(ctx context.Context, prog string, verbs []Verb, args []string, stdout, stderr io.Writer) error {
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "usage: %s VERB [flags] [args]\n\nverbs:\n", prog)
		vs := append([]Verb(nil), verbs...)
		sort.Slice(vs, func(i, j int) bool { return vs[i].Name < vs[j].Name })
		for _, v := range vs {
			fmt.Fprintf(w, "  %-8s %s\n", v.Name, v.Summary)
		}
		fmt.Fprintf(w, "\nRun '%s VERB --help' for a verb's flags.\n", prog)
	}
	if len(args) == 0 {
		usage(stderr)
		return &commandError{prog, Usagef("no verb given")}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return nil
	}
	for _, v := range verbs {
		if v.Name == args[0] {
			stop, err := startCPUProfile(os.Getenv(EnvCPUProfile))
			if err != nil {
				return &commandError{prog + " " + v.Name, err}
			}
			defer stop()
			stopTrace, err := startTrace(os.Getenv(EnvTrace))
			if err != nil {
				return &commandError{prog + " " + v.Name, err}
			}
			defer stopTrace()
			env := &Env{Stdout: stdout, Stderr: stderr, Log: NewLogger(stderr, slog.LevelInfo)}
			if err := v.Run(ctx, env, args[1:]); err != nil && !errors.Is(err, ErrHelp) {
				return &commandError{prog + " " + v.Name, err}
			}
			return nil
		}
	}
	usage(stderr)
	return &commandError{prog, Usagef("unknown verb %q", args[0])}
}

type commandError struct {
	name string
	err  error
}

func (e *commandError) Error() string { return e.name + ": " + e.err.Error() }
func (e *commandError) Unwrap() error { return e.err }

// ExitCode prints err (once, on stderr) and returns the contract's exit
// code for it: 0 success, 2 usage error, 1 anything else.
func ExitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	name := "error"
	var ce *commandError
	if errors.As(err, &ce) {
		name, err = ce.name, ce.err
	}
	var ue *UsageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", name, ue.Msg, name)
		return ExitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "%s: interrupted\n", name)
		return ExitFailure
	default:
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitFailure
	}
}

// NewLogger returns the binaries' logger: text records on w (stderr).
func NewLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// FlagSet is a flag.FlagSet that reports errors as UsageErrors and lets
// flags follow operands (`crawl import a.csv --source x`).
type FlagSet struct {
	*flag.FlagSet
	name  string
	usage string
	env   *Env
}

// NewFlagSet starts the flags of a verb; usage is the synopsis line and
// description printed by --help above the flag list.
func NewFlagSet(env *Env, name, usage string) *FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &FlagSet{FlagSet: fs, name: name, usage: usage, env: env}
}

// Parse parses args, allowing flags anywhere; it returns the operands. A
// "--" ends flag parsing. --help prints the usage on stdout and returns an
// error that makes the verb exit 0.
func (f *FlagSet) Parse(args []string) ([]string, error) {
	var operands []string
	for {
		if err := f.FlagSet.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.PrintUsage(f.env.Stdout)
				return nil, ErrHelp
			}
			return nil, Usagef("%v", err)
		}
		rest := f.FlagSet.Args()
		if len(rest) == 0 {
			return operands, nil
		}
		if i := indexOf(args, "--"); i >= 0 && len(args)-i-1 == len(rest) {
			return append(operands, rest...), nil
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

// PrintUsage writes the verb's synopsis and flags.
func (f *FlagSet) PrintUsage(w io.Writer) {
	fmt.Fprintf(w, "%s\n\nflags:\n", strings.TrimSpace(f.usage))
	f.FlagSet.SetOutput(w)
	f.FlagSet.PrintDefaults()
	f.FlagSet.SetOutput(io.Discard)
}

// Strings is a repeatable string flag (--start URL --start URL).
type Strings []string

func (s *Strings) String() string     { return strings.Join(*s, ",") }
func (s *Strings) Set(v string) error { *s = append(*s, v); return nil }

// IsTerminal reports whether w is a terminal; progress bars are drawn only
// then, so piped and cron runs stay silent.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// EnvCPUProfile names the environment variable that, set to a path, makes
// a verb write a CPU profile of its run there (go tool pprof reads it): a
// report or an import at a million postings is where time goes astray.
const EnvCPUProfile = "JOBTREND_CPUPROFILE"

// EnvTrace names the environment variable that, set to a path, makes a
// verb write an execution trace of its run there (go tool trace reads it):
// a CPU profile sums the cores, a trace shows which stage the others wait
// for.
const EnvTrace = "JOBTREND_TRACE"

func startTrace(path string) (stop func(), err error) {
	return startRecording(EnvTrace, path, []byte("go 1."), trace.Start, trace.Stop)
}

func startCPUProfile(path string) (stop func(), err error) {
	// a profile is gzip-compressed
	return startRecording(EnvCPUProfile, path, []byte{0x1f, 0x8b}, pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// startRecording creates path and starts a recorder (a profile, a trace)
// writing to it; stop ends the recording and closes the file. An empty
// path records nothing; env names the variable that gave it. A file the
// recorder did not write (one not starting with magic) is never replaced:
// a mistyped path must not cost the user a store or a report.
func startRecording(env, path string, magic []byte, start func(io.Writer) error, end func()) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	recognize := func(head []byte) bool { return bytes.HasPrefix(head, magic) }
	if err := outfile.Check(path, outfile.Options{Recognize: recognize}); err != nil {
		if errors.Is(err, outfile.ErrRefused) {
			return nil, fmt.Errorf("%s: %s exists and is not a file this variable wrote: not replaced", env, path)
		}
		return nil, fmt.Errorf("%s: %w", env, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", env, err)
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", env, err)
	}
	return func() {
		end()
		f.Close()
	}, nil
}
