package store

import (
	"context"
	"database/sql"
	"fmt"
)

// The reads behind comparable shares: counts per dataset, year, month and
// company, each posting filed under the year its dataset's date basis
// gives it (posting_datasets). A share is compared across years only inside
// one dataset, and its uncertainty is counted by company, so these are the
// cells every statistic of package trend is built from.

// memberFilterSQL selects the memberships of a Filter's job postings, for
// tables aliased m (posting_datasets), d (datasets) and p (postings); its
// arguments come from Filter.memberArgs.
const memberFilterSQL = `p.kind = 'job' AND m.year BETWEEN ? AND ?
    AND (json_array_length(?) = 0 OR p.source IN (SELECT value FROM json_each(?)))
    AND (json_array_length(?) = 0 OR d.name IN (SELECT value FROM json_each(?)))
    AND (? OR (p.source NOT LIKE '%` + SyntheticSuffix + `' AND d.name NOT LIKE '%` + SyntheticSuffix + `'))`

func (f Filter) memberArgs() []any {
	to := f.To
	if to == 0 {
		to = 9999
	}
	srcs, sets := jsonArray(f.Sources), jsonArray(f.Datasets)
	return []any{f.From, to, srcs, srcs, sets, sets, f.Synthetic}
}

const (
	// A repost group (exact reposts: one company, title and text on one
	// source) counts once per dataset and year, in the first month it
	// appeared that year.
	qShareCells = `SELECT dataset_id, year, month, company, count(*), sum(matched) FROM (
        SELECT m.dataset_id, m.year, min(m.month) AS month, min(p.company) AS company,
            max(EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)) AS matched
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        WHERE ` + memberFilterSQL + `
        GROUP BY m.dataset_id, m.year, p.repost_key)
    GROUP BY dataset_id, year, month, company`

	// Distinct jobs: near-duplicates (one job_key) count once per dataset
	// and year, and once per year across the datasets asked for.
	qDistinctCells = `SELECT m.dataset_id, m.year, count(DISTINCT p.job_key),
        count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)
            THEN p.job_key END)
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        WHERE ` + memberFilterSQL + `
        GROUP BY m.dataset_id, m.year`
	qPooledDistinct = `SELECT m.year, count(DISTINCT p.job_key),
        count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)
            THEN p.job_key END)
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        WHERE ` + memberFilterSQL + `
        GROUP BY m.year`

	// The pooled level of a year across datasets counts a repost group
	// once even when two datasets hold it.
	qPooledCells = `SELECT year, company, count(*), sum(matched) FROM (
        SELECT m.year, min(p.company) AS company,
            max(EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)) AS matched
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        WHERE ` + memberFilterSQL + `
        GROUP BY m.year, p.repost_key)
    GROUP BY year, company`

	// Per dataset, over all its job postings (dated or not): how many there
	// are, and how many have each skill. Selection on a skill is judged on
	// the whole dataset.
	qDatasetTotals = `SELECT m.dataset_id, count(DISTINCT p.repost_key)
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id
        WHERE p.kind = 'job' GROUP BY m.dataset_id`
	qDatasetSkills = `SELECT m.dataset_id, s.skill, count(DISTINCT p.repost_key)
        FROM posting_datasets m JOIN posting_skills s ON s.posting_id = m.posting_id JOIN postings p ON p.id = m.posting_id
        WHERE p.kind = 'job' GROUP BY m.dataset_id, s.skill`

	// How each dataset's job postings are dated, per year (NULL: undated).
	qDatasetDating = `SELECT m.dataset_id, m.year, m.dated_by, count(DISTINCT p.repost_key), min(m.month), max(m.month),
        count(DISTINCT m.month)
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id
        WHERE p.kind = 'job' GROUP BY m.dataset_id, m.year, m.dated_by`
)

// Cell counts the job postings of one dataset, year, month and company (as
// written): distinct repost groups, and how many of them have the skill.
type Cell struct {
	Dataset        int64
	Year, Month    int
	Company        string
	Total, Matched int
}

// ShareCells returns the cells of f's job postings for skill. Tags must be
// current (Retag).
func (s *Store) ShareCells(ctx context.Context, skill string, f Filter) ([]Cell, error) {
	rows, err := s.db.QueryContext(ctx, qShareCells, append([]any{skill}, f.memberArgs()...)...)
	if err != nil {
		return nil, fmt.Errorf("share cells: %w", err)
	}
	defer rows.Close()
	var out []Cell
	for rows.Next() {
		var c Cell
		if err := rows.Scan(&c.Dataset, &c.Year, &c.Month, &c.Company, &c.Total, &c.Matched); err != nil {
			return nil, fmt.Errorf("share cells: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PooledCells is ShareCells across the datasets of f (f.Datasets), per
// year and company, a repost group held by two datasets counted once.
// Dataset and Month are zero.
func (s *Store) PooledCells(ctx context.Context, skill string, f Filter) ([]Cell, error) {
	rows, err := s.db.QueryContext(ctx, qPooledCells, append([]any{skill}, f.memberArgs()...)...)
	if err != nil {
		return nil, fmt.Errorf("pooled cells: %w", err)
	}
	defer rows.Close()
	var out []Cell
	for rows.Next() {
		var c Cell
		if err := rows.Scan(&c.Year, &c.Company, &c.Total, &c.Matched); err != nil {
			return nil, fmt.Errorf("pooled cells: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DistinctCount is the number of distinct jobs (near-duplicates once) of
// one dataset (0 for all of a filter's datasets together) in one year.
type DistinctCount struct {
	Dataset        int64
	Year           int
	Total, Matched int
}

// DistinctCounts counts distinct jobs per dataset and year, and per year
// across f's datasets (Dataset 0).
func (s *Store) DistinctCounts(ctx context.Context, skill string, f Filter) ([]DistinctCount, error) {
	args := append([]any{skill}, f.memberArgs()...)
	var out []DistinctCount
	for _, q := range []string{qDistinctCells, qPooledDistinct} {
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("distinct jobs: %w", err)
		}
		for rows.Next() {
			var c DistinctCount
			var err error
			if q == qDistinctCells {
				err = rows.Scan(&c.Dataset, &c.Year, &c.Total, &c.Matched)
			} else {
				err = rows.Scan(&c.Year, &c.Total, &c.Matched)
			}
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("distinct jobs: %w", err)
			}
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("distinct jobs: %w", err)
		}
	}
	return out, nil
}

// DatasetSkills counts, per dataset, its job postings (repost groups) and
// how many have each skill, over the whole dataset; kept per write
// generation (totals.go).
func (s *Store) DatasetSkills(ctx context.Context) (totals map[int64]int, skills map[int64]map[string]int, err error) {
	type counts struct {
		Totals map[int64]int            `json:"totals"`
		Skills map[int64]map[string]int `json:"skills"`
	}
	c, err := keptPerGeneration(ctx, s, "dataset-skills/1", func() (counts, error) {
		totals, skills, err := s.datasetSkills(ctx)
		return counts{totals, skills}, err
	})
	if err != nil {
		return nil, nil, err
	}
	return c.Totals, c.Skills, nil
}

func (s *Store) datasetSkills(ctx context.Context) (totals map[int64]int, skills map[int64]map[string]int, err error) {
	totals, skills = map[int64]int{}, map[int64]map[string]int{}
	rows, err := s.db.QueryContext(ctx, qDatasetTotals)
	if err != nil {
		return nil, nil, fmt.Errorf("dataset totals: %w", err)
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("dataset totals: %w", err)
		}
		totals[id] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("dataset totals: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, qDatasetSkills)
	if err != nil {
		return nil, nil, fmt.Errorf("dataset skills: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var skill string
		var n int
		if err := rows.Scan(&id, &skill, &n); err != nil {
			return nil, nil, fmt.Errorf("dataset skills: %w", err)
		}
		if skills[id] == nil {
			skills[id] = map[string]int{}
		}
		skills[id][skill] = n
	}
	return totals, skills, rows.Err()
}

// Dating is how many job postings of a dataset one year holds, by the date
// that filed them (Year 0 and DatedBy "": undated), and the months they
// fall in.
type Dating struct {
	Dataset      int64
	Year         int
	DatedBy      string
	Postings     int
	FirstMonth   int
	LastMonth    int
	MonthsWithin int // distinct months with postings
}

// DatasetDating lists how every dataset's job postings are dated.
func (s *Store) DatasetDating(ctx context.Context) ([]Dating, error) {
	rows, err := s.db.QueryContext(ctx, qDatasetDating)
	if err != nil {
		return nil, fmt.Errorf("dataset dating: %w", err)
	}
	defer rows.Close()
	var out []Dating
	for rows.Next() {
		var d Dating
		var year, first, last sql.NullInt64
		var by sql.NullString
		if err := rows.Scan(&d.Dataset, &year, &by, &d.Postings, &first, &last, &d.MonthsWithin); err != nil {
			return nil, fmt.Errorf("dataset dating: %w", err)
		}
		d.Year, d.DatedBy, d.FirstMonth, d.LastMonth = int(year.Int64), by.String, int(first.Int64), int(last.Int64)
		out = append(out, d)
	}
	return out, rows.Err()
}

// qCoSkillCells counts, among the job postings with one skill, those that
// also have each other skill, per dataset, year, month and company (a
// repost group once per dataset and year, in its first month, as
// qShareCells counts).
const qCoSkillCells = `SELECT dataset_id, year, month, company, skill, count(*) FROM (
        SELECT m.dataset_id, m.year, min(m.month) AS month, min(p.company) AS company, s2.skill
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        JOIN posting_skills s1 ON s1.posting_id = p.id AND s1.skill = ?
        JOIN posting_skills s2 ON s2.posting_id = p.id AND s2.skill <> s1.skill
        WHERE ` + memberFilterSQL + `
        GROUP BY m.dataset_id, m.year, p.repost_key, s2.skill)
    GROUP BY dataset_id, year, month, company, skill`

// CoSkillCell is a Cell of the postings with one skill: Matched counts
// those that also have Skill.
type CoSkillCell struct {
	Cell
	Skill string
}

// CoSkillCells returns, for the job postings of f that have skill with,
// the cells of every other skill they mention. The cells' Total is zero:
// ShareCells(with) gives the postings with the skill (its Matched).
func (s *Store) CoSkillCells(ctx context.Context, with string, f Filter) ([]CoSkillCell, error) {
	rows, err := s.db.QueryContext(ctx, qCoSkillCells, append([]any{with}, f.memberArgs()...)...)
	if err != nil {
		return nil, fmt.Errorf("co-skill cells: %w", err)
	}
	defer rows.Close()
	var out []CoSkillCell
	for rows.Next() {
		var c CoSkillCell
		if err := rows.Scan(&c.Dataset, &c.Year, &c.Month, &c.Company, &c.Skill, &c.Matched); err != nil {
			return nil, fmt.Errorf("co-skill cells: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const qDatasetSources = `SELECT DISTINCT m.dataset_id, p.source
    FROM posting_datasets m JOIN postings p ON p.id = m.posting_id WHERE p.kind = 'job'`

// DatasetSources lists the sources of each dataset's job postings.
func (s *Store) DatasetSources(ctx context.Context) (map[int64][]string, error) {
	rows, err := s.db.QueryContext(ctx, qDatasetSources)
	if err != nil {
		return nil, fmt.Errorf("dataset sources: %w", err)
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var src string
		if err := rows.Scan(&id, &src); err != nil {
			return nil, fmt.Errorf("dataset sources: %w", err)
		}
		out[id] = append(out[id], src)
	}
	return out, rows.Err()
}
