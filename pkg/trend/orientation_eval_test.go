package trend

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
)

// The orientation rules against labels made by reading, blind to the
// rules (testdata/orientation-labels.tsv, with its guide beside it): the
// label the rules give each labelled company, on all of its postings in
// that dataset, agrees with the hand label on at least 80% of them.

// orientationDataset maps the labels' dataset names to the keyword
// checks' stores.
var orientationDataset = map[string]string{
	"jobhunting-2024": "jobhunting-2024", "ruanyf-weekly": "ruanyf-weekly-hiring",
	"boss-golang-2021": "boss-golang-2021", "lagou-2018-content": "lagou-2018-content",
}

type orientationLabel struct {
	dataset, company, label, second, notes string
	spellings                              []string
}

func readOrientationLabels(t *testing.T) []orientationLabel {
	t.Helper()
	f, err := os.Open("testdata/orientation-labels.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []orientationLabel
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 6 || c[0] == "dataset" || strings.HasPrefix(c[0], "#") {
			continue
		}
		l := orientationLabel{dataset: c[0], company: c[1], label: c[4], second: c[5]}
		if len(c) > 7 {
			l.notes = c[7]
		}
		for _, s := range strings.Split(c[2], ";") {
			if s = strings.TrimSpace(s); s != "" {
				l.spellings = append(l.spellings, s)
			}
		}
		out = append(out, l)
	}
	return out
}

func TestOrientationAgreesWithHandLabels(t *testing.T) {
	if testing.Short() {
		t.Skip("imports and segments the real corpus")
	}
	root := corpusRoot(t)
	stores := datasetStores(t, root)
	labels := readOrientationLabels(t)
	if len(labels) < 50 {
		t.Fatalf("%d labelled companies, want at least 50", len(labels))
	}
	seg, closeSeg := DefaultSegmenter(nil)
	defer closeSeg()
	ctx := context.Background()
	exact, either, scored := 0, 0, 0
	for _, l := range labels {
		st := stores[orientationDataset[l.dataset]]
		if st == nil {
			t.Fatalf("no store for dataset %s", l.dataset)
		}
		var got string
		for _, name := range append([]string{l.company}, l.spellings...) {
			h, err := CompanyKeywords(ctx, st, name, Options{Segmenter: seg, Companies: -1}, VocabularyCurated)
			if err == nil && h.Postings > 0 {
				got = h.Orientation.Label
				break
			}
		}
		if got == "" {
			t.Logf("%s / %s: not scored, the store has no postings under this name or its spellings", l.dataset, l.company)
			continue
		}
		scored++
		switch {
		case got == l.label:
			exact++
			either++
		case got == l.second:
			either++
			t.Logf("%s / %s: rules %s, hand %s (second %s)", l.dataset, l.company, got, l.label, l.second)
		default:
			t.Logf("%s / %s: rules %s, hand %s%s", l.dataset, l.company, got, l.label, map[bool]string{true: " (" + l.notes + ")"}[l.notes != ""])
		}
	}
	pe, pb := float64(exact)/float64(scored), float64(either)/float64(scored)
	t.Logf("orientation: %d of %d companies agree with the hand label (%.1f%%); with the labeller's second label accepted %d (%.1f%%)",
		exact, scored, 100*pe, either, 100*pb)
	if scored < 50 || pe < 0.8 {
		t.Errorf("agreement %.1f%% on %d companies, want at least 80%% on at least 50", 100*pe, scored)
	}
}
