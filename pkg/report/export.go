package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// ExportFormats are the formats of `analyze export`.
var ExportFormats = []string{"jsonl", "csv", "parquet"}

// ExportWriter writes exported postings one at a time; Close finishes the
// file (parquet's footer) and must be called.
type ExportWriter interface {
	Write(e *posting.Export) error
	Close() error
}

// exportRecord is one exported posting as JSON Lines and CSV write it:
// dates as text (YYYY-MM-DD, RFC 3339 UTC), an unknown one null (empty in
// CSV), lists as JSON arrays. Parquet has its own date and list types
// (parquetRecord); the columns are the same, in the same order.
type exportRecord struct {
	ID          int64    `json:"id"`
	Source      string   `json:"source"`
	SourceID    string   `json:"source_id"`
	URL         string   `json:"url"`
	Title       string   `json:"title"`
	Titles      []string `json:"titles"`
	Company     string   `json:"company"`
	Employer    string   `json:"employer"`
	CompanyFrom string   `json:"company_from"` // where a parser read the company: heading, link, label, body
	Team        string   `json:"team"`
	City        string   `json:"city"`
	Cities      []string `json:"cities"`
	Salary      string   `json:"salary"`
	WorkMode    string   `json:"work_mode"` // remote, hybrid, onsite, or empty
	PostedAt    *string  `json:"posted_at"`
	FirstSeen   *string  `json:"first_seen"`
	LastSeen    string   `json:"last_seen"`
	Year        *int     `json:"year"`
	Kind        string   `json:"kind"`
	Skills      []string `json:"skills"`
	Datasets    []string `json:"datasets"`
	JobID       int64    `json:"job_id"`
	UpdatedAt   string   `json:"updated_at"`
	Description string   `json:"description"`
}

// parquetRecord is exportRecord with Parquet's own date and time types.
type parquetRecord struct {
	ID          int64      `parquet:"id"`
	Source      string     `parquet:"source,dict"`
	SourceID    string     `parquet:"source_id"`
	URL         string     `parquet:"url"`
	Title       string     `parquet:"title"`
	Titles      []string   `parquet:"titles,list"`
	Company     string     `parquet:"company"`
	Employer    string     `parquet:"employer"`
	CompanyFrom string     `parquet:"company_from,dict"`
	Team        string     `parquet:"team"`
	City        string     `parquet:"city,dict"`
	Cities      []string   `parquet:"cities,list"`
	Salary      string     `parquet:"salary"`
	WorkMode    string     `parquet:"work_mode,dict"`
	PostedAt    *int32     `parquet:"posted_at,optional,date"` // days since 1970-01-01 (parquet-go misencodes a *time.Time date)
	FirstSeen   *time.Time `parquet:"first_seen,optional,timestamp(millisecond)"`
	LastSeen    time.Time  `parquet:"last_seen,timestamp(millisecond)"`
	Year        *int32     `parquet:"year,optional"`
	Kind        string     `parquet:"kind,dict"`
	Skills      []string   `parquet:"skills,list"`
	Datasets    []string   `parquet:"datasets,list"`
	JobID       int64      `parquet:"job_id"`
	UpdatedAt   time.Time  `parquet:"updated_at,timestamp(millisecond)"`
	Description string     `parquet:"description,zstd"`
}

// ExportColumns are the column names of every export format, in order.
var ExportColumns = []string{"id", "source", "source_id", "url", "title", "titles", "company", "employer",
	"company_from", "team", "city", "cities", "salary", "work_mode", "posted_at", "first_seen", "last_seen", "year", "kind", "skills", "datasets", "job_id",
	"updated_at", "description"}

func record(e *posting.Export) exportRecord {
	r := exportRecord{ID: e.ID, Source: e.Source, SourceID: e.SourceID, URL: e.URL, Title: e.Title,
		Titles: nonNil(e.Titles), Company: e.Company, Employer: e.Employer, CompanyFrom: e.CompanyFrom, Team: e.Team,
		City: e.City, Cities: nonNil(e.Cities), Salary: e.Salary, WorkMode: e.WorkMode,
		LastSeen: e.LastSeen.UTC().Format(time.RFC3339), Kind: string(e.Kind),
		Skills: nonNil(e.Skills), Datasets: nonNil(e.Datasets), JobID: e.JobID,
		UpdatedAt: e.UpdatedAt.UTC().Format(time.RFC3339), Description: e.Description}
	if d := e.PostedDate(); d != "" {
		r.PostedAt = &d
	}
	if !e.FirstSeen.IsZero() {
		s := e.FirstSeen.UTC().Format(time.RFC3339)
		r.FirstSeen = &s
	}
	if e.Year != 0 {
		y := e.Year
		r.Year = &y
	}
	return r
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// NewExport returns a writer of format to w. bom starts a CSV file with
// the UTF-8 byte order mark that Excel on Windows needs to read Chinese.
func NewExport(format string, w io.Writer, bom bool) (ExportWriter, error) {
	switch format {
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &jsonlExport{enc: enc}, nil
	case "csv":
		if bom {
			if _, err := io.WriteString(w, bomMark); err != nil {
				return nil, err
			}
		}
		cw := csv.NewWriter(w)
		if err := cw.Write(ExportColumns); err != nil {
			return nil, err
		}
		return &csvExport{w: cw}, nil
	case "parquet":
		return &parquetExport{w: parquet.NewGenericWriter[parquetRecord](w), buf: make([]parquetRecord, 0, 256)}, nil
	}
	return nil, fmt.Errorf("export format %q: want one of jsonl, csv, parquet", format)
}

type jsonlExport struct{ enc *json.Encoder }

func (x *jsonlExport) Write(e *posting.Export) error { return x.enc.Encode(record(e)) }
func (x *jsonlExport) Close() error                  { return nil }

type csvExport struct{ w *csv.Writer }

func (x *csvExport) Write(e *posting.Export) error {
	r := record(e)
	list := func(l []string) string {
		b, _ := json.Marshal(l) // a []string always marshals
		return string(b)
	}
	opt := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	year := ""
	if r.Year != nil {
		year = strconv.Itoa(*r.Year)
	}
	return x.w.Write([]string{strconv.FormatInt(r.ID, 10), cell(r.Source), cell(r.SourceID), cell(r.URL), cell(r.Title),
		list(r.Titles), cell(r.Company), cell(r.Employer), r.CompanyFrom, cell(r.Team), cell(r.City), list(r.Cities),
		cell(r.Salary), cell(r.WorkMode), opt(r.PostedAt),
		opt(r.FirstSeen), r.LastSeen, year, r.Kind, list(r.Skills), list(r.Datasets), strconv.FormatInt(r.JobID, 10),
		r.UpdatedAt, cell(r.Description)})
}

func (x *csvExport) Close() error {
	x.w.Flush()
	return x.w.Error()
}

// parquetExport buffers a few hundred rows per Write call to the library,
// which writes a row group every so many rows: memory stays flat.
type parquetExport struct {
	w   *parquet.GenericWriter[parquetRecord]
	buf []parquetRecord
}

func (x *parquetExport) Write(e *posting.Export) error {
	r := parquetRecord{ID: e.ID, Source: e.Source, SourceID: e.SourceID, URL: e.URL, Title: e.Title,
		Titles: nonNil(e.Titles), Company: e.Company, Employer: e.Employer, CompanyFrom: e.CompanyFrom, Team: e.Team,
		City: e.City, Cities: nonNil(e.Cities), Salary: e.Salary, WorkMode: e.WorkMode,
		LastSeen: e.LastSeen.UTC(), Kind: string(e.Kind), Skills: nonNil(e.Skills),
		Datasets: nonNil(e.Datasets), JobID: e.JobID, UpdatedAt: e.UpdatedAt.UTC(), Description: e.Description}
	if !e.PostedAt.IsZero() {
		days := int32(e.PostedAt.UTC().Unix() / 86400)
		r.PostedAt = &days
	}
	if !e.FirstSeen.IsZero() {
		t := e.FirstSeen.UTC()
		r.FirstSeen = &t
	}
	if e.Year != 0 {
		y := int32(e.Year)
		r.Year = &y
	}
	x.buf = append(x.buf, r)
	if len(x.buf) == cap(x.buf) {
		return x.flush()
	}
	return nil
}

func (x *parquetExport) flush() error {
	if len(x.buf) == 0 {
		return nil
	}
	_, err := x.w.Write(x.buf)
	x.buf = x.buf[:0]
	return err
}

func (x *parquetExport) Close() error {
	if err := x.flush(); err != nil {
		return err
	}
	return x.w.Close()
}

// RecognizesExport says whether head is the start of an export this
// package wrote in format, which a new export may replace.
func RecognizesExport(format string, head []byte) bool {
	head = bytes.TrimPrefix(head, []byte(bomMark))
	switch format {
	case "parquet":
		return bytes.HasPrefix(head, []byte("PAR1"))
	case "csv":
		line, _, _ := bytes.Cut(head, []byte("\n"))
		return string(bytes.TrimSuffix(line, []byte("\r"))) == csvLine(ExportColumns)
	case "jsonl":
		return bytes.HasPrefix(head, []byte(`{"id":`)) && bytes.Contains(head, []byte(`"source_id":`))
	}
	return false
}

func csvLine(cols []string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(cols)
	w.Flush()
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
