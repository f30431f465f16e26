package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// ExportFilter selects the postings Export streams.
type ExportFilter struct {
	From, To int      // inclusive year range; 0 = open; a bound leaves undated postings out
	Sources  []string // only these sources; empty = all
	Datasets []string // only postings seen in one of these datasets; empty = all
	Skills   []string // only postings with every one of these skills
	Kind     string   // "job", "other" or "" for both
	// Synthetic keeps postings of synthetic sources (SyntheticSuffix),
	// which an export leaves out, as every statistic does, unless asked.
	Synthetic bool
}

func (f ExportFilter) args() []any {
	return []any{f.From, f.To, jsonArray(f.Sources), jsonArray(f.Datasets), jsonArray(f.Skills), f.Kind, f.Synthetic}
}

const qExport = `SELECT p.id, p.source, p.source_id, p.url, p.title, p.company, p.city, p.salary,
    coalesce(p.posted_at, ''), p.description, p.first_seen, p.last_seen, p.kind, p.seen_known,
    p.titles, p.cities, coalesce(p.year, 0), p.job_key, p.updated_at, p.company_from, p.team, p.work_mode,
    (SELECT json_group_array(skill) FROM (SELECT skill FROM posting_skills WHERE posting_id = p.id ORDER BY skill)),
    (SELECT json_group_array(name) FROM (SELECT d.name FROM posting_datasets m JOIN datasets d ON d.id = m.dataset_id
        WHERE m.posting_id = p.id ORDER BY d.name))
    FROM postings p
    WHERE (?1 = 0 OR p.year >= ?1) AND (?2 = 0 OR p.year <= ?2)
    AND (json_array_length(?3) = 0 OR p.source IN (SELECT value FROM json_each(?3)))
    AND (json_array_length(?4) = 0 OR EXISTS (SELECT 1 FROM posting_datasets m JOIN datasets d ON d.id = m.dataset_id
        WHERE m.posting_id = p.id AND d.name IN (SELECT value FROM json_each(?4))))
    AND (json_array_length(?5) = 0 OR (SELECT count(*) FROM posting_skills s WHERE s.posting_id = p.id
        AND s.skill IN (SELECT value FROM json_each(?5))) = json_array_length(?5))
    AND (?6 = '' OR p.kind = ?6)
    AND (?7 OR p.source NOT LIKE '%` + SyntheticSuffix + `')
    ORDER BY p.id`

const qCountSynthetic = `SELECT count(*) FROM postings WHERE source LIKE '%` + SyntheticSuffix + `'`

// CountSynthetic counts the postings of synthetic sources, which exports
// and statistics leave out unless asked.
func (s *Store) CountSynthetic(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, qCountSynthetic).Scan(&n); err != nil {
		return 0, fmt.Errorf("synthetic postings: %w", err)
	}
	return n, nil
}

// Export streams every posting of f, in id order, with its skills,
// datasets and job id. The Export passed to fn is reused: copy what you keep.
func (s *Store) Export(ctx context.Context, f ExportFilter, fn func(*posting.Export) error) error {
	rows, err := s.db.QueryContext(ctx, qExport, f.args()...)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer rows.Close()
	var e posting.Export
	for rows.Next() {
		if err := scanExport(rows, &e); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// CountExport counts the postings Export would stream, for progress.
func (s *Store) CountExport(ctx context.Context, f ExportFilter) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+qExport+`)`, f.args()...).Scan(&n); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

func scanExport(rows *sql.Rows, e *posting.Export) error {
	var (
		posted, first, last, kind, updated string
		titles, cities                     sql.NullString
		skills, sets                       string
	)
	*e = posting.Export{}
	p := &e.Posting
	err := rows.Scan(&p.ID, &p.Source, &p.SourceID, &p.URL, &p.Title, &p.Company, &p.City, &p.Salary, &posted,
		&p.Description, &first, &last, &kind, &e.SeenKnown, &titles, &cities, &e.Year, &e.JobID, &updated,
		&p.CompanyFrom, &p.Team, &p.WorkMode, &skills, &sets)
	if err != nil {
		return err
	}
	p.Kind = posting.Kind(kind)
	if posted != "" {
		if p.PostedAt, err = time.Parse(posting.DateLayout, posted); err != nil {
			return fmt.Errorf("posting %d: posted_at %q: %w", p.ID, posted, err)
		}
	}
	if p.FirstSeen, err = time.Parse(timeLayout, first); err != nil {
		return fmt.Errorf("posting %d: first_seen %q: %w", p.ID, first, err)
	}
	if !e.SeenKnown {
		p.FirstSeen = time.Time{}
	}
	if p.LastSeen, err = time.Parse(timeLayout, last); err != nil {
		return fmt.Errorf("posting %d: last_seen %q: %w", p.ID, last, err)
	}
	if e.UpdatedAt, err = time.Parse(timeLayout, updated); err != nil {
		return fmt.Errorf("posting %d: updated_at %q: %w", p.ID, updated, err)
	}
	if p.Titles, err = parseList(titles); err != nil {
		return fmt.Errorf("posting %d: titles: %w", p.ID, err)
	}
	if p.Cities, err = parseList(cities); err != nil {
		return fmt.Errorf("posting %d: cities: %w", p.ID, err)
	}
	if len(p.Titles) == 0 && p.Title != "" {
		p.Titles = []string{p.Title}
	}
	if len(p.Cities) == 0 && p.City != "" {
		p.Cities = []string{p.City}
	}
	if err := json.Unmarshal([]byte(skills), &e.Skills); err != nil {
		return fmt.Errorf("posting %d: skills: %w", p.ID, err)
	}
	if err := json.Unmarshal([]byte(sets), &e.Datasets); err != nil {
		return fmt.Errorf("posting %d: datasets: %w", p.ID, err)
	}
	return nil
}

// jsonArray is a list as one bound JSON argument.
func jsonArray(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l) // a []string always marshals
	return string(b)
}
