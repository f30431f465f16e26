// The end-to-end tests of the command-line contract (../shared/CONTRACT.md
// in the team's terms): txtar scripts under testdata/script run the real
// binaries, built once here exactly as a user builds them (a plain
// `go build`, no tags), the way Go's own cmd/go is tested.
package jobtrend_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
	})
}
