package freetext

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// corpusPost is one line of data/ruanyf-weekly-hiring/posts.jsonl.
type corpusPost struct {
	Issue     int    `json:"issue"`
	Thread    string `json:"thread"`
	YearMonth string `json:"year_month"`
	CommentID int64  `json:"comment_id"`
	Author    string `json:"author"`
	CreatedAt string `json:"created_at"`
	Body      string `json:"body"`
}

// peerPost is one line of peer_parsed.jsonl: another tool's (an LLM's)
// extraction of the same comments, for the ones it judged to be posts.
type peerPost struct {
	CommentID int64    `json:"commentId"`
	Company   string   `json:"company"`
	Location  []string `json:"location"`
	IsRemote  bool     `json:"isRemote"`
	Salary    string   `json:"salaryRange"`
	Positions []struct {
		Title string `json:"title"`
	} `json:"positions"`
	TechStack []string `json:"techStack"`
}

// The bundled copies of the corpus (see data/ruanyf-weekly-hiring/SOURCE.md).
// The tests read the files rather than the data package's embedded copy so
// that this package's tests do not depend on every file data embeds.
const (
	postsPath = "../../data/ruanyf-weekly-hiring/posts.jsonl"
	peerPath  = "../../data/ruanyf-weekly-hiring/peer_parsed.jsonl"
)

// loadCorpus reads the 1,918 real comments.
func loadCorpus(tb testing.TB) []corpusPost {
	tb.Helper()
	f, err := os.Open(filepath.FromSlash(postsPath))
	if err != nil {
		tb.Fatalf("opening the corpus: %v", err)
	}
	defer f.Close()
	var out []corpusPost
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var p corpusPost
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			tb.Fatalf("%s line %d: %v", postsPath, n, err)
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("reading %s: %v", postsPath, err)
	}
	if len(out) != 1918 {
		tb.Fatalf("%s: %d posts, want 1918", postsPath, len(out))
	}
	return out
}

func loadPeer(tb testing.TB) map[int64]peerPost {
	tb.Helper()
	f, err := os.Open(filepath.FromSlash(peerPath))
	if err != nil {
		tb.Fatalf("opening peer extraction: %v", err)
	}
	defer f.Close()
	out := map[int64]peerPost{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var p peerPost
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			tb.Fatalf("%s line %d: %v", peerPath, n, err)
		}
		out[p.CommentID] = p
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("reading %s: %v", peerPath, err)
	}
	return out
}

// TestParseWithTextIsParseAndPlainText: splitting a comment once for both
// gives what the two give apart, on every real comment.
func TestParseWithTextIsParseAndPlainText(t *testing.T) {
	for _, p := range loadCorpus(t) {
		post, text := ParseWithText(p.Body)
		if want := Parse(p.Body); !reflect.DeepEqual(post, want) {
			t.Errorf("comment %d: ParseWithText's post %+v, Parse's %+v", p.CommentID, post, want)
		}
		if want := PlainText(p.Body); text != want {
			t.Errorf("comment %d: ParseWithText's text differs from PlainText's:\n%q\n%q", p.CommentID, text, want)
		}
	}
}
