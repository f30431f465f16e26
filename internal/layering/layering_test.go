// Package layering holds the rules of the project's layers as a test: the
// package graph `go list` reports (non-test imports) must not contain an
// upward or forbidden import. CONTRIBUTING.md says why each rule exists.
package layering

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/jobtrend/jobtrend/"

type pkg struct {
	ImportPath string
	Imports    []string
}

func packages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "../../...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var ps []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		p.ImportPath = strings.TrimPrefix(p.ImportPath, module)
		for i, imp := range p.Imports {
			p.Imports[i] = strings.TrimPrefix(imp, module)
		}
		ps = append(ps, p)
	}
	return ps
}

// rule forbids the packages matching who from importing what matches any
// of the forbidden prefixes.
type rule struct {
	who       func(string) bool
	forbidden []string
	why       string
}

func is(names ...string) func(string) bool {
	return func(p string) bool { return slices.Contains(names, p) }
}

func not(f func(string) bool) func(string) bool { return func(p string) bool { return !f(p) } }

// pure packages are functions over values: no files, network, processes
// or database, so they can be fuzzed and tested from tables.
var pure = is("pkg/posting", "pkg/tfidf", "pkg/normalize", "pkg/skill", "pkg/dedup", "pkg/freetext")

var rules = []rule{
	{not(is("pkg/store")), []string{"database/sql", "github.com/mattn/go-sqlite3"},
		"the store owns SQL: no other package opens a database"},
	{is("pkg/report"), []string{"pkg/store", "pkg/crawl", "pkg/ingest", "pkg/segment"},
		"report renders what it is given; it reads nothing"},
	{pure, []string{"os", "os/exec", "net", "net/http", "database/sql", "syscall", "pkg/store", "pkg/crawl",
		"pkg/trend", "pkg/report", "pkg/ingest", "pkg/segment", "pkg/cli"},
		"pure packages do no I/O and know nothing above them"},
	{is("pkg/crawl"), []string{"pkg/trend", "pkg/report", "pkg/ingest", "pkg/segment"},
		"the crawler turns pages into postings; it never analyses"},
	{is("pkg/store"), []string{"pkg/crawl", "pkg/trend", "pkg/report", "pkg/ingest", "pkg/segment", "pkg/normalize",
		"pkg/skill", "pkg/freetext", "pkg/cli", "pkg/dedup"},
		"the store depends on the posting type only; callers hand it taggers and indexers"},
	{is("pkg/normalize"), []string{"pkg/skill"},
		"the skill tagger reads text cleaned by normalize; cleaning knows nothing of skills"},
	{is("pkg/ingest"), []string{"pkg/trend", "pkg/report", "pkg/crawl"},
		"importing is below analysis"},
	{func(p string) bool { return strings.HasPrefix(p, "pkg/") && p != "pkg/cli" }, []string{"pkg/cli"},
		"flags and exit codes belong to the binaries"},
	{func(p string) bool { return strings.HasPrefix(p, "pkg/") }, []string{"cmd/", "internal/"},
		"libraries never import binaries or internal test helpers"},
}

func TestLayers(t *testing.T) {
	ps := packages(t)
	if len(ps) < 10 {
		t.Fatalf("go list found %d packages", len(ps))
	}
	for _, p := range ps {
		for _, r := range rules {
			if !r.who(p.ImportPath) {
				continue
			}
			for _, imp := range p.Imports {
				for _, f := range r.forbidden {
					if imp == f || strings.HasPrefix(imp, strings.TrimSuffix(f, "/")+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(imp, f)) {
						t.Errorf("%s imports %s: %s", p.ImportPath, imp, r.why)
					}
				}
			}
		}
	}
}

// The rules must be able to fail: a graph with each forbidden edge is
// caught.
func TestRulesCatch(t *testing.T) {
	for _, tc := range []pkg{
		{"pkg/report", []string{"pkg/store"}},
		{"pkg/normalize", []string{"os"}},
		{"pkg/skill", []string{"os"}},
		{"pkg/normalize", []string{"pkg/skill"}},
		{"pkg/store", []string{"pkg/skill"}},
		{"pkg/trend", []string{"database/sql"}},
		{"pkg/crawl", []string{"pkg/trend"}},
	} {
		caught := false
		for _, r := range rules {
			if r.who(tc.ImportPath) {
				for _, f := range r.forbidden {
					if slices.Contains(tc.Imports, f) {
						caught = true
					}
				}
			}
		}
		if !caught {
			t.Errorf("%s importing %v is not caught", tc.ImportPath, tc.Imports)
		}
	}
}
