package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
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

// ShareCounts is what the shares of one skill count, from one pass over
// the memberships of a Filter's job postings.
type ShareCounts struct {
	// Cells per dataset, year, month and company, ordered so. A repost
	// group (exact reposts: one company, title and text on one source)
	// counts once per dataset and year, in the first month it appeared that
	// year, under the least of its companies, matched when any of its
	// postings has the skill.
	Cells []Cell
	// Pooled cells across the pooled datasets, per year and company: a
	// repost group two datasets hold counts once. Dataset and Month are 0.
	Pooled []Cell
	// Distinct jobs (one job_key: reposts and near-duplicates) per dataset
	// and year, then per year across the pooled datasets (Dataset 0); a job
	// matches when any of its postings has the skill.
	Distinct []DistinctCount
}

// DistinctCount is the number of distinct jobs (near-duplicates once) of
// one dataset (0 for the pooled datasets together) in one year.
type DistinctCount struct {
	Dataset        int64
	Year           int
	Total, Matched int
}

// ShareCounts reads the share counts of skill over f's job postings,
// pooling the datasets in pool (by id; nil: all of f's). Tags must be
// current (Retag).
//
// It takes every membership in one pass, unsorted, and groups them in Go
// maps of small keys and values (the peak RSS of a warm report at a
// million postings grows by about 100 MB).
// SQLite grouped them in a temporary B-tree, one entry per repost group,
// in three reads: 13.7 s of a 26 s warm report at a million postings,
// where one pass takes about 1.2 s.
func (s *Store) ShareCounts(ctx context.Context, skill string, f Filter, pool []int64) (ShareCounts, error) {
	type groupKey struct {
		repost  int64
		dataset int32 // 0: pooled
		year    int32
	}
	type group struct {
		company int32 // into names
		month   int8  // the first the group appeared in (of a dataset's cells)
		matched bool  // any of its postings
	}
	type jobKey struct {
		job     int64
		dataset int32 // 0: pooled
		year    int32
	}
	rows, err := s.db.QueryContext(ctx, qShareRows, append([]any{skill}, f.memberArgs()...)...)
	if err != nil {
		return ShareCounts{}, fmt.Errorf("share counts: %w", err)
	}
	defer rows.Close()
	groups := map[groupKey]group{}
	jobs := map[jobKey]bool{} // matched
	var names interned        // a million memberships hold a few thousand companies
	var (
		dataset, repost, job int64
		year, month          int
		company              sql.RawBytes
		matched              bool
	)
	for rows.Next() {
		if err := rows.Scan(&dataset, &year, &month, &company, &repost, &job, &matched); err != nil {
			return ShareCounts{}, fmt.Errorf("share counts: %w", err)
		}
		ci := names.id(company)
		add := func(k groupKey, month int8) {
			g, ok := groups[k]
			if !ok {
				groups[k] = group{company: ci, month: month, matched: matched}
				return
			}
			g.month = min(g.month, month)
			if names.list[ci] < names.list[g.company] {
				g.company = ci
			}
			g.matched = g.matched || matched
			groups[k] = g
		}
		k, j := groupKey{repost, int32(dataset), int32(year)}, jobKey{job, int32(dataset), int32(year)}
		add(k, int8(month))
		jobs[j] = jobs[j] || matched
		if pool == nil || slices.Contains(pool, dataset) {
			k.dataset, j.dataset = 0, 0
			add(k, 0)
			jobs[j] = jobs[j] || matched
		}
	}
	if err := rows.Err(); err != nil {
		return ShareCounts{}, fmt.Errorf("share counts: %w", err)
	}
	cells, pooled := map[Cell]*Cell{}, map[Cell]*Cell{}
	for k, g := range groups {
		if k.dataset == 0 {
			addToCell(pooled, Cell{Year: int(k.year), Company: names.list[g.company]}, g.matched)
		} else {
			addToCell(cells, Cell{Dataset: int64(k.dataset), Year: int(k.year), Month: int(g.month), Company: names.list[g.company]}, g.matched)
		}
	}
	counts := map[[2]int32]*DistinctCount{}
	for k, matched := range jobs {
		c := counts[[2]int32{k.dataset, k.year}]
		if c == nil {
			c = &DistinctCount{Dataset: int64(k.dataset), Year: int(k.year)}
			counts[[2]int32{k.dataset, k.year}] = c
		}
		c.Total++
		if matched {
			c.Matched++
		}
	}
	distinct := make([]DistinctCount, 0, len(counts))
	for _, c := range counts {
		distinct = append(distinct, *c)
	}
	pooledLast := func(c DistinctCount) int {
		if c.Dataset == 0 {
			return 1
		}
		return 0
	}
	slices.SortFunc(distinct, func(a, b DistinctCount) int {
		return cmp.Or(cmp.Compare(pooledLast(a), pooledLast(b)), cmp.Compare(a.Dataset, b.Dataset), cmp.Compare(a.Year, b.Year))
	})
	return ShareCounts{Cells: sortedCells(cells), Pooled: sortedCells(pooled), Distinct: distinct}, nil
}

// qShareRows is every membership of a Filter's job postings, with what
// the share counts count.
const qShareRows = `SELECT m.dataset_id, m.year, m.month, p.company, p.repost_key, p.job_key,
        EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)
    FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
    WHERE ` + memberFilterSQL

// interned holds the distinct strings of a pass, each under a small
// index: grouping keys and values stay a few bytes however long a name.
type interned struct {
	list  []string
	index map[string]int32
}

// id is b's index, b added if new. It keeps no reference to b.
func (n *interned) id(b []byte) int32 {
	i, ok := n.index[string(b)]
	if !ok {
		if n.index == nil {
			n.index = map[string]int32{}
		}
		i = int32(len(n.list))
		n.list = append(n.list, string(b))
		n.index[n.list[i]] = i
	}
	return i
}

// addToCell counts one repost group in its cell (key: the cell with zero
// counts).
func addToCell(cells map[Cell]*Cell, key Cell, matched bool) {
	c := cells[key]
	if c == nil {
		c = new(Cell)
		*c = key
		cells[key] = c
	}
	c.Total++
	if matched {
		c.Matched++
	}
}

// sortedCells lists cells by dataset, year, month and company.
func sortedCells(cells map[Cell]*Cell) []Cell {
	out := make([]Cell, 0, len(cells))
	for _, c := range cells {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Cell) int {
		return cmp.Or(cmp.Compare(a.Dataset, b.Dataset), cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month),
			strings.Compare(a.Company, b.Company))
	})
	return out
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

// DatasetDating lists how every dataset's job postings are dated; kept
// per write generation (totals.go).
func (s *Store) DatasetDating(ctx context.Context) ([]Dating, error) {
	return keptPerGeneration(ctx, s, "dataset-dating/1", func() ([]Dating, error) { return s.datasetDating(ctx) })
}

func (s *Store) datasetDating(ctx context.Context) ([]Dating, error) {
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

// qCoSkillRows is, for the job postings of a Filter with one skill (read
// from that skill's tags, not by testing every posting), each of their
// memberships with each other skill they have.
const qCoSkillRows = `SELECT m.dataset_id, m.year, m.month, p.company, p.repost_key, s2.skill
    FROM posting_skills s1 CROSS JOIN postings p INDEXED BY postings_narrow ON p.id = s1.posting_id
    JOIN posting_datasets m ON m.posting_id = p.id JOIN datasets d ON d.id = m.dataset_id
    JOIN posting_skills s2 ON s2.posting_id = p.id AND s2.skill <> s1.skill
    WHERE s1.skill = ? AND ` + memberFilterSQL

// CoSkillCell is a Cell of the postings with one skill: Matched counts
// those that also have Skill.
type CoSkillCell struct {
	Cell
	Skill string
}

// CoSkillCells returns, for the job postings of f that have skill with,
// the cells of every other skill they mention, ordered by dataset, year,
// month, company and skill. A repost group counts once per dataset, year
// and skill, in its first month, under the least of its companies, as
// ShareCounts counts. The cells' Total is zero: ShareCounts(with) gives
// the postings with the skill (its Matched). Grouped in Go maps, as
// ShareCounts is: SQLite's GROUP BY cost 1.2-1.7 s at a million postings,
// 15x its cost at 100,000.
func (s *Store) CoSkillCells(ctx context.Context, with string, f Filter) ([]CoSkillCell, error) {
	type groupKey struct {
		repost  int64
		dataset int32
		year    int32
		skill   int32 // into names
	}
	type group struct {
		company int32 // into names
		month   int8
	}
	rows, err := s.db.QueryContext(ctx, qCoSkillRows, append([]any{with}, f.memberArgs()...)...)
	if err != nil {
		return nil, fmt.Errorf("co-skill cells: %w", err)
	}
	defer rows.Close()
	groups := map[groupKey]group{}
	var names interned // companies and skills
	var (
		dataset, repost int64
		year, month     int
		company, skill  sql.RawBytes
	)
	for rows.Next() {
		if err := rows.Scan(&dataset, &year, &month, &company, &repost, &skill); err != nil {
			return nil, fmt.Errorf("co-skill cells: %w", err)
		}
		k := groupKey{repost, int32(dataset), int32(year), names.id(skill)}
		ci := names.id(company)
		g, ok := groups[k]
		if !ok {
			groups[k] = group{company: ci, month: int8(month)}
			continue
		}
		g.month = min(g.month, int8(month))
		if names.list[ci] < names.list[g.company] {
			g.company = ci
		}
		groups[k] = g
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("co-skill cells: %w", err)
	}
	type cellKey struct {
		dataset        int64
		year, month    int
		company, skill string
	}
	counts := map[cellKey]int{}
	for k, g := range groups {
		counts[cellKey{int64(k.dataset), int(k.year), int(g.month), names.list[g.company], names.list[k.skill]}]++
	}
	out := make([]CoSkillCell, 0, len(counts))
	for k, n := range counts {
		out = append(out, CoSkillCell{Cell: Cell{Dataset: k.dataset, Year: k.year, Month: k.month, Company: k.company, Matched: n},
			Skill: k.skill})
	}
	slices.SortFunc(out, func(a, b CoSkillCell) int {
		return cmp.Or(cmp.Compare(a.Dataset, b.Dataset), cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month),
			strings.Compare(a.Company, b.Company), strings.Compare(a.Skill, b.Skill))
	})
	return out, nil
}

const qDatasetSources = `SELECT DISTINCT m.dataset_id, p.source
    FROM posting_datasets m JOIN postings p ON p.id = m.posting_id WHERE p.kind = 'job'`

// DatasetSources lists the sources of each dataset's job postings; kept
// per write generation (totals.go).
func (s *Store) DatasetSources(ctx context.Context) (map[int64][]string, error) {
	return keptPerGeneration(ctx, s, "dataset-sources/1", func() (map[int64][]string, error) { return s.datasetSources(ctx) })
}

func (s *Store) datasetSources(ctx context.Context) (map[int64][]string, error) {
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
