package freetext

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.jsonl from the current parser")

const goldenPath = "testdata/golden.jsonl"

// goldenLine is one line of the golden file: a comment id and its parse.
type goldenLine struct {
	CommentID int64 `json:"comment_id"`
	Post      Post  `json:"post"`
}

// TestGolden parses all 1,918 real comments and compares with
// testdata/golden.jsonl, so that any change in what the parser extracts
// shows up in review as a diff of that file. After an intended change, run
// go test ./pkg/freetext -run TestGolden -update and read the diff.
func TestGolden(t *testing.T) {
	posts := loadCorpus(t)
	var buf bytes.Buffer
	for _, p := range posts {
		b, err := json.Marshal(goldenLine{CommentID: p.CommentID, Post: Parse(p.Body)})
		if err != nil {
			t.Fatalf("encoding the parse of %d: %v", p.CommentID, err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(goldenPath), 0o755); err != nil {
			t.Fatalf("creating %s: %v", filepath.Dir(goldenPath), err)
		}
		if err := os.WriteFile(goldenPath, buf.Bytes(), 0o644); err != nil {
			t.Fatalf("writing %s: %v", goldenPath, err)
		}
		t.Logf("wrote %s (%d posts)", goldenPath, len(posts))
		return
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("reading %s (create it with -update): %v", goldenPath, err)
	}
	if bytes.Equal(want, buf.Bytes()) {
		return
	}
	wantLines := splitJSONL(want)
	gotLines := splitJSONL(buf.Bytes())
	if len(wantLines) != len(gotLines) {
		t.Errorf("%s has %d lines, the parser produced %d", goldenPath, len(wantLines), len(gotLines))
	}
	shown := 0
	for i := 0; i < min(len(wantLines), len(gotLines)); i++ {
		if wantLines[i] == gotLines[i] {
			continue
		}
		if shown++; shown <= 10 {
			t.Errorf("line %d differs:\n got %s\nwant %s", i+1, gotLines[i], wantLines[i])
		}
	}
	if shown > 10 {
		t.Errorf("… and %d more lines differ", shown-10)
	}
	t.Log("if the change is intended: go test ./pkg/freetext -run TestGolden -update")
}

func splitJSONL(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}
