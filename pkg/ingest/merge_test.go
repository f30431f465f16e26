package ingest

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// The two real Lagou files share positions: the content file has each
// one's createTime and description, the listing file (GBK) has neither.
// In either order, importing both must leave every shared posting with its
// date and description: an import that erased them lost 85 postings'
// history.
func TestOverlappingImportsLoseNothing(t *testing.T) {
	ctx := context.Background()
	content := filepath.Join(corpus, "lagou-overlap/Lagou_Data.csv")
	listing := filepath.Join(corpus, "lagou-overlap/DataAnalyst.gbk.csv")
	want := contentRows(t, content)
	if len(want) < 80 {
		t.Fatalf("the fixture holds %d shared positions, want the 85 of the real files", len(want))
	}
	for _, order := range [][]string{{content, listing}, {listing, content}} {
		s := openStore(t)
		for _, f := range order {
			mustImport(t, s, f, Options{})
		}
		for id, w := range want {
			p, ok, err := s.Get(ctx, "lagou", id)
			if err != nil || !ok {
				t.Fatalf("lagou/%s: %v (found %v)", id, err, ok)
			}
			if p.PostedDate() != w.date || p.Description == "" {
				t.Errorf("order %s then %s: lagou/%s has posted_at %q and a %d-byte description; want %s and the content file's text",
					filepath.Base(order[0]), filepath.Base(order[1]), id, p.PostedDate(), len(p.Description), w.date)
			}
		}
	}
}

type contentRow struct{ date string }

func contentRows(t *testing.T, path string) map[string]contentRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	out := map[string]contentRow{}
	for _, r := range rows[1:] {
		out[r[col["positionId"]]] = contentRow{date: r[col["createTime"]][:10]}
	}
	return out
}
