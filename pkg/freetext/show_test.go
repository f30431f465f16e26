package freetext

import (
	"encoding/json"
	"flag"
	"strconv"
	"strings"
	"testing"
)

var showIDs = flag.String("show", "", "comma-separated comment ids: print their parse and plain text (go test -run TestShow -show 591479390 -v)")

var showTest = flag.Bool("showtest", false, "let -show print comments of the labelled test and fresh sets")

// TestShow prints how chosen real comments parse, for reading the parser's
// decisions by hand. It does nothing unless -show is given.
func TestShow(t *testing.T) {
	if *showIDs == "" {
		t.Skip("no -show ids")
	}
	want := map[int64]bool{}
	for _, s := range strings.Split(*showIDs, ",") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			t.Fatalf("-show %q: %v", s, err)
		}
		want[id] = true
	}
	// The held-out sets' parses are not looked at while the parser is tuned.
	for _, l := range loadRuanyfLabels(t) {
		if (l.Set == "test" || l.Set == "fresh") && want[l.CommentID] && !*showTest {
			t.Fatalf("%d is in the labelled %s set; -showtest to show it anyway", l.CommentID, l.Set)
		}
	}
	peer := loadPeer(t)
	for _, p := range loadCorpus(t) {
		if !want[p.CommentID] {
			continue
		}
		got, _ := json.Marshal(Parse(p.Body))
		pp, _ := json.Marshal(peer[p.CommentID])
		text := PlainText(p.Body)
		if r := []rune(text); len(r) > 600 {
			text = string(r[:600]) + " …"
		}
		t.Logf("\n=== %d (%s)\nours: %s\npeer: %s\n%s\n", p.CommentID, p.Author, got, pp, text)
	}
}
