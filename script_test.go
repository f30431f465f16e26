// The end-to-end tests of the command-line contract (the README's
// "Commands" and "Changes to the contract"): txtar scripts under testdata/script run the real
// binaries, built once here exactly as a user builds them (a plain
// `go build`, no tags), the way Go's own cmd/go is tested.
package jobtrend_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "jobtrend-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cmd := exec.Command("go", "build", "-o", dir, "./cmd/crawl", "./cmd/analyze", "./cmd/demo")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the binaries:", err)
		os.Exit(1)
	}
	// Readable by every user: a script runs the binaries as another user.
	if err := os.Chmod(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestScripts(t *testing.T) {
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("PATH", binDir+string(os.PathListSeparator)+env.Getenv("PATH"))
			// Real data for the scripts, read in place.
			env.Setenv("CORPUS", filepath.Join(root, "testdata", "corpus"))
			env.Setenv("BUNDLED", filepath.Join(root, "data", "ruanyf-weekly-hiring", "posts.jsonl"))
			// jieba's dictionaries are written to the user cache; keep the
			// scripts' HOME throwaway but share one cache between them.
			env.Setenv("XDG_CACHE_HOME", filepath.Join(os.TempDir(), "jobtrend-script-cache"))
			env.Setenv("GOOS_ARCH", runtime.GOOS+"/"+runtime.GOARCH)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"asreader": asReader},
	})
}

// asReader runs a program as a user who may only read the script's files:
// as nobody when the tests run as root (root ignores file modes), else as
// the current user, whom the script's chmod has already made a reader.
// The work folder and its parents are opened for reading and searching,
// and the reader gets a cache folder of its own for jieba's dictionaries.
func asReader(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: asreader program [args...]")
	}
	work := ts.Getenv("WORK")
	cache := filepath.Join(work, ".reader-cache")
	ts.Check(os.MkdirAll(cache, 0o777))
	ts.Check(os.Chmod(cache, 0o777))
	path, err := exec.LookPath(args[0])
	if err != nil {
		path = filepath.Join(binDir, args[0])
	}
	cmd := exec.Command(path, args[1:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = append(os.Environ(), "HOME="+cache, "XDG_CACHE_HOME="+cache)
	if os.Geteuid() == 0 {
		for d := work; d != "/" && d != "."; d = filepath.Dir(d) {
			if fi, err := os.Stat(d); err == nil && fi.Mode().Perm()&0o005 != 0o005 {
				ts.Check(os.Chmod(d, fi.Mode().Perm()|0o005))
			}
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	ts.Logf("[asreader] %s\n%s", strings.Join(args, " "), stderr.String())
	// Make the output available to stdout/stderr assertions, as exec does.
	ts.Check(os.WriteFile(filepath.Join(work, ".asreader-stdout"), []byte(stdout.String()), 0o644))
	ts.Check(os.WriteFile(filepath.Join(work, ".asreader-stderr"), []byte(stderr.String()), 0o644))
	if err != nil && !neg {
		ts.Fatalf("%s: %v\n%s", args[0], err, stderr.String())
	}
	if err == nil && neg {
		ts.Fatalf("%s unexpectedly succeeded", args[0])
	}
}
