package hardening

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Source is the source name synthesized postings are stored under: the
// "-generated" suffix keeps them out of every report unless --synthetic.
const Source = "hardening-generated"

// Row is one synthesized posting.
type Row struct {
	ID, Title, Company, City, Salary, PostedAt, Description string
}

// CSVHeader names the columns CSV writes, in the names `crawl import`
// maps without --map.
var CSVHeader = []string{"id", "title", "company", "city", "salary", "posted_at", "description"}

// CSV returns the row's fields in CSVHeader's order.
func (r Row) CSV() []string {
	return []string{r.ID, r.Title, r.Company, r.City, r.Salary, r.PostedAt, r.Description}
}

type corpusRow struct{ title, company, city, desc string }

// Corpus is the real text synthesized postings are recombined from: the
// project's sample of 2024 postings from five Chinese platforms
// (testdata/corpus/jobhunting-2024, 572 rows, ≈0.9 KB descriptions), so a
// synthesized load has the length and character mix of real data.
type Corpus struct{ rows []corpusRow }

// LoadCorpus reads the job-hunting sample's CSV.
func LoadCorpus(path string) (*Corpus, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("corpus %s: header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, want := range []string{"职位", "公司", "地区", "职位描述"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("corpus %s: no column %q (columns: %s)", path, want, strings.Join(head, ", "))
		}
	}
	c := &Corpus{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("corpus %s: %w", path, err)
		}
		cr := corpusRow{title: rec[col["职位"]], company: rec[col["公司"]], city: rec[col["地区"]], desc: rec[col["职位描述"]]}
		if strings.TrimSpace(cr.title) == "" || strings.TrimSpace(cr.desc) == "" {
			continue
		}
		c.rows = append(c.rows, cr)
	}
	if len(c.rows) < 10 {
		return nil, fmt.Errorf("corpus %s: only %d usable rows", path, len(c.rows))
	}
	return c, nil
}

// Row returns synthesized posting i of an edition. It is a pure function
// of (i, edition): tests recompute the expected set instead of keeping it.
// Rows of different editions share their id and differ in title and
// description, so loading edition 1 over edition 0 updates every posting.
// The description is a real one followed by part of another, which keeps
// rows distinct (no two are exact reposts of each other), and ends in the
// row's number and edition (markers tests look for).
func (c *Corpus) Row(i, edition int) Row { return c.row(i, edition, 0) }

// ShortRow is Row with at most runes characters of real text in the
// description (the markers are kept): for tests that need many rows fast.
func (c *Corpus) ShortRow(i, edition, runes int) Row { return c.row(i, edition, runes) }

func (c *Corpus) row(i, edition, limit int) Row {
	n := len(c.rows)
	a, b, d := c.rows[i%n], c.rows[(i*7+3)%n], c.rows[(i*13+5)%n]
	tail := []rune(d.desc)
	text := a.desc + "\n" + string(tail[:len(tail)/3])
	if limit > 0 {
		if r := []rune(text); len(r) > limit {
			text = string(r[:limit])
		}
	}
	r := Row{
		ID:          fmt.Sprintf("h%07d", i),
		Title:       a.title,
		Company:     b.company,
		City:        d.city,
		Salary:      fmt.Sprintf("%d-%dK", 8+i%20, 16+i%30),
		PostedAt:    fmt.Sprintf("%d-%02d-%02d", 2016+i%10, 1+i%12, 1+(i/12)%28),
		Description: text + fmt.Sprintf("\n编号 %d", i),
	}
	if edition > 0 {
		r.Title += fmt.Sprintf(" 修订第%d版", edition+1)
		r.Description += fmt.Sprintf("\n修订第%d版更新。", edition+1)
	}
	return r
}

// WriteCSV writes rows [0, n) of an edition as CSV with CSVHeader; with
// runes > 0, ShortRow's rows.
func (c *Corpus) WriteCSV(w io.Writer, n, edition, runes int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for i := range n {
		if err := cw.Write(c.row(i, edition, runes).CSV()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
