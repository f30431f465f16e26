package freetext

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The labelled samples are drawn at random with fixed seeds, so anyone can
// check that the labelled comments are the ones the draw names and not a
// hand-picked set. The procedure: sort the items by id, shuffle the sorted
// ids with a PCG generator seeded (seed, 0), and take the first devN as the
// development set (read while tuning the parser), the next testN as the
// test set (labelled before the parser's output on them was looked at), and
// the next finalN as a held-out set, drawn and labelled after the test
// set's failures had been read and tuned on (Hacker News only: see
// testdata/LABELLING.md, which records the same).
const (
	ruanyfSeed   = 20261207
	ruanyfDevN   = 100
	ruanyfTestN  = 300
	ruanyfFinalN = 0 // see LABELLING.md: every other comment of the threads was tuned on

	hnSeed   = 20261208
	hnDevN   = 50
	hnTestN  = 100
	hnFinalN = 100
)

// draw returns the ids of the development, the test and the held-out set.
func draw(ids []int64, seed uint64, devN, testN, finalN int) (dev, test, final []int64) {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	r := rand.New(rand.NewPCG(seed, 0))
	r.Shuffle(len(sorted), func(i, j int) { sorted[i], sorted[j] = sorted[j], sorted[i] })
	return sorted[:devN], sorted[devN : devN+testN], sorted[devN+testN : devN+testN+finalN]
}

// The fresh sets were drawn after every comment labelled before had been
// used to tune the parsers: from the ids no label names, with seeds of
// their own, and labelled by reading before the parsers were run on them.
const (
	ruanyfFreshSeed = 20261216
	ruanyfFreshN    = 150
	hnFreshSeed     = 20261217
	hnFreshN        = 100
)

// drawFresh returns n ids drawn from ids less the excluded ones: sorted,
// shuffled with a PCG generator seeded (seed, 0), the first n.
func drawFresh(ids []int64, exclude map[int64]bool, seed uint64, n int) []int64 {
	var pool []int64
	for _, id := range ids {
		if !exclude[id] {
			pool = append(pool, id)
		}
	}
	slices.Sort(pool)
	pool = slices.Compact(pool)
	r := rand.New(rand.NewPCG(seed, 0))
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	return pool[:min(n, len(pool))]
}

var drawOut = flag.String("draw", "", "write the drawn comments (bodies only, no parse) to this directory for labelling")

// hnPost is one line of the Hacker News corpus (posts.jsonl of
// hn-whoishiring-2013-2018).
type hnPost struct {
	Month string `json:"month"`
	ID    int64  `json:"id"`
	HTML  string `json:"full_html"`
}

// TestDraw writes the drawn comments for reading when -draw is given. It
// prints no parse: labels are made from the text alone. With -draw and
// -hncorpus it also draws the Hacker News sample from the whole corpus
// file.
func TestDraw(t *testing.T) {
	if *drawOut == "" {
		t.Skip("no -draw directory")
	}
	posts := loadCorpus(t)
	byID := map[int64]corpusPost{}
	var ids []int64
	for _, p := range posts {
		byID[p.CommentID] = p
		ids = append(ids, p.CommentID)
	}
	dev, test, final := draw(ids, ruanyfSeed, ruanyfDevN, ruanyfTestN, ruanyfFinalN)
	write := func(name string, set []int64) {
		f, err := os.Create(filepath.Join(*drawOut, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		for i, id := range set {
			b, _ := json.Marshal(map[string]any{"n": i, "comment_id": id, "body": byID[id].Body})
			fmt.Fprintf(w, "%s\n", b)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	write("ruanyf-dev.jsonl", dev)
	write("ruanyf-test.jsonl", test)
	if len(final) > 0 {
		write("ruanyf-final.jsonl", final)
	}
	labelled := map[int64]bool{}
	for _, id := range append(append(dev, test...), final...) {
		labelled[id] = true
	}
	write("ruanyf-fresh.jsonl", drawFresh(ids, labelled, ruanyfFreshSeed, ruanyfFreshN))
	if *hnCorpus == "" {
		return
	}
	hn := loadHNCorpus(t, *hnCorpus)
	hnByID := map[int64]hnPost{}
	var hnIDs []int64
	for _, p := range hn {
		hnByID[p.ID] = p
		hnIDs = append(hnIDs, p.ID)
	}
	hdev, htest, hfinal := draw(hnIDs, hnSeed, hnDevN, hnTestN, hnFinalN)
	hnLabelled := map[int64]bool{}
	for _, id := range append(append(hdev, htest...), hfinal...) {
		hnLabelled[id] = true
	}
	hfresh := drawFresh(hnIDs, hnLabelled, hnFreshSeed, hnFreshN)
	for name, set := range map[string][]int64{"hn-dev.jsonl": hdev, "hn-test.jsonl": htest, "hn-final.jsonl": hfinal, "hn-fresh.jsonl": hfresh} {
		f, err := os.Create(filepath.Join(*drawOut, name))
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		for i, id := range set {
			p := hnByID[id]
			b, _ := json.Marshal(map[string]any{"n": i, "id": id, "month": p.Month, "html": p.HTML})
			fmt.Fprintf(w, "%s\n", b)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}

var hnCorpus = flag.String("hncorpus", "", "the whole Hacker News corpus file (hn-whoishiring-2013-2018/posts.jsonl)")

func loadHNCorpus(tb testing.TB, path string) []hnPost {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("opening the HN corpus: %v", err)
	}
	defer f.Close()
	var out []hnPost
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var p hnPost
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			tb.Fatalf("%s line %d: %v", path, n, err)
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("reading %s: %v", path, err)
	}
	return out
}
