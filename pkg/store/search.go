package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// The read side of `analyze query`: postings matching every term, counted
// per year and source, by company, and a few examples.

// Phrase is a sequence of index tokens to find next to each other.
type Phrase struct {
	Tokens []string
}

// Match is what a posting must contain: every skill (through its tags) and
// every phrase (through the full-text index).
type Match struct {
	Skills  []string
	Phrases []Phrase
}

// The queries of `analyze query` start from the postings that match — the
// full-text index's entries for the phrases, the tags for the skills — and
// read what they count of those through postings_narrow (CROSS JOIN keeps
// SQLite from scanning all postings instead), so their cost grows with the
// matches, not with the store. (They used to test every
// posting of the filter against the match set: a second at a million
// postings, whatever the term.) The counts of all postings per year, which
// do not depend on the terms, are one pass of their own.
//
// matchSetSQL names the matching ids m(id). Its arguments, ?1 the
// full-text query ("" for none) and ?2 the skills as a JSON array, come
// from Match.args and travel as bound values, so neither reaches SQL
// text; filterSQL's arguments follow. It reads entry docids as posting
// ids, which they are until an entry is retired (searchindex.go);
// matchSetLiveSQL leaves retired entries out and maps moved ones.
const (
	ftsSetSQL = `WITH
    f(id) AS (SELECT docid FROM posting_search WHERE ?1 <> '' AND posting_search MATCH ?1)`
	ftsSetLiveSQL = `WITH
    f(id) AS (SELECT CASE WHEN posting_search.docid > 0 THEN posting_search.docid
            ELSE (SELECT mv.posting_id FROM posting_search_moved mv WHERE mv.entry = posting_search.docid) END
        FROM posting_search WHERE ?1 <> '' AND posting_search MATCH ?1
        AND posting_search.docid NOT IN (SELECT entry FROM posting_search_dead))`
	matchSetTail = `,
    s(id) AS (SELECT posting_id FROM posting_skills WHERE skill IN (SELECT value FROM json_each(?2))
        GROUP BY posting_id HAVING count(*) = json_array_length(?2)),
    m(id) AS (SELECT id FROM f WHERE json_array_length(?2) = 0 OR id IN s
        UNION ALL SELECT id FROM s WHERE ?1 = '')`

	matchedYearsSQL = `
    SELECT coalesce(p.year, 0), p.source, count(DISTINCT p.repost_key)
    FROM m CROSS JOIN postings p INDEXED BY postings_narrow ON p.id = m.id WHERE ` + filterSQL + `
    GROUP BY p.year, p.source`
	qTotalYears = `SELECT coalesce(p.year, 0), p.source, count(DISTINCT p.repost_key) FROM postings p WHERE ` + filterSQL + `
    GROUP BY p.year, p.source ORDER BY p.year, p.source`

	// instr, not LIKE: the text is data, never a pattern.
	qCompaniesLike = `SELECT company, count(*) FROM postings
    WHERE kind = 'job' AND company <> '' AND instr(lower(company), lower(?1)) > 0
    GROUP BY company ORDER BY count(*) DESC, company LIMIT ?2`

	matchedCompaniesSQL = `
    SELECT p.company, count(DISTINCT p.repost_key)
    FROM m CROSS JOIN postings p INDEXED BY postings_narrow ON p.id = m.id WHERE ` + filterSQL + ` AND p.company <> ''
    GROUP BY p.company`

	// Newest first, chosen in postings_narrow, which holds the dates: only
	// the LIMIT rows picked are read whole.
	matchedExamplesSQL = `,
    c(id, year, d) AS (SELECT p.id, p.year, coalesce(p.posted_at, p.first_seen)
        FROM m CROSS JOIN postings p INDEXED BY postings_narrow ON p.id = m.id
        WHERE ` + filterSQL + `
        ORDER BY p.year DESC, coalesce(p.posted_at, p.first_seen) DESC, p.id DESC LIMIT ?)` + examplesTail
	examplesTail = `
    SELECT p.id, p.source, p.url, p.title, p.company, coalesce(p.posted_at, substr(p.first_seen, 1, 10)), p.repost_key
    FROM c CROSS JOIN postings p ON p.id = c.id
    ORDER BY c.year DESC, c.d DESC, c.id DESC`

	// A query with a skill reads the rows of its first skill (the rarest:
	// queryMatch orders them) and keeps those that have the other skills
	// and the phrases: for the postings skill_postings covers, the table's
	// rows, in the orders its key and indexes keep; for the few stored
	// since it was last brought up to the store (fresh), posting_skills
	// and postings_narrow. The filter is filterSQL's with numbered
	// parameters, as each part repeats it; year 0 is how the table writes
	// "undated".
	skillRowsWhere = `p.skill = json_extract(?2, '$[0]')
        AND (json_array_length(?2) = 1 OR NOT EXISTS (SELECT 1 FROM json_each(?2) j WHERE j.key > 0
            AND NOT EXISTS (SELECT 1 FROM posting_skills s WHERE s.skill = j.value AND s.posting_id = p.posting_id)))
        AND (?1 = '' OR p.posting_id IN f)
        AND (p.year BETWEEN max(?3, 1) AND ?4 OR (?5 AND p.year = 0))
        AND (json_array_length(?6) = 0 OR p.source IN (SELECT value FROM json_each(?7)))
        AND (?8 OR p.source NOT LIKE '%` + SyntheticSuffix + `')`
	// fresh: the rows skill_postings will hold for the postings after
	// skill_postings_through; merged: the table's rows that match, looked
	// up (not materialized) to leave out a fresh posting whose repost
	// group the table already counts.
	skillSetsSQL = `,
    fresh(skill, year, source, posting_id, repost_key, company, posted) AS (
        SELECT ` + skillRowOf + `
        FROM posting_skills s CROSS JOIN postings p INDEXED BY postings_narrow ON p.id = s.posting_id
        WHERE s.skill = json_extract(?2, '$[0]') AND s.posting_id > (SELECT id FROM skill_postings_through) AND p.kind = 'job'),
    merged AS NOT MATERIALIZED (
        SELECT p.year, p.source, p.repost_key, p.company FROM skill_postings p WHERE ` + skillRowsWhere + `)`
	// The table's distinct counts are ordered passes: its key puts a year
	// and source's rows in repost-group order, skill_postings_company a
	// company's, so SQLite counts each group as it ends instead of
	// building a temporary B-tree of every row (migration 0011). The fresh
	// rows add the repost groups the table does not hold; the caller sums
	// the two parts.
	skillYearsMerged = `
    SELECT p.year, p.source, count(DISTINCT p.repost_key) FROM skill_postings p WHERE ` + skillRowsWhere + `
    GROUP BY p.year, p.source`
	skillYearsSQL = skillSetsSQL + skillYearsMerged + `
    UNION ALL
    SELECT p.year, p.source, count(DISTINCT p.repost_key) FROM fresh p WHERE ` + skillRowsWhere + `
        AND NOT EXISTS (SELECT 1 FROM merged m WHERE m.year = p.year AND m.source = p.source AND m.repost_key = p.repost_key)
    GROUP BY p.year, p.source`
	skillCompaniesMerged = `
    SELECT p.company, count(DISTINCT p.repost_key) FROM skill_postings p INDEXED BY skill_postings_company
    WHERE ` + skillRowsWhere + ` AND p.company <> ''
    GROUP BY p.company`
	skillCompaniesSQL = skillSetsSQL + skillCompaniesMerged + `
    UNION ALL
    SELECT p.company, count(DISTINCT p.repost_key) FROM fresh p WHERE ` + skillRowsWhere + ` AND p.company <> ''
        AND NOT EXISTS (SELECT 1 FROM merged m WHERE m.company = p.company AND m.repost_key = p.repost_key)
    GROUP BY p.company`
	// The newest of each part (?9 rows); examplesTail orders the two.
	skillExamplesMerged = `
        SELECT p.posting_id, p.year, p.posted FROM skill_postings p INDEXED BY skill_postings_posted WHERE ` + skillRowsWhere + `
        ORDER BY p.year DESC, p.posted DESC, p.posting_id DESC LIMIT ?9`
	skillExamplesSQL = skillSetsSQL + `,
    c(id, year, d) AS (
        SELECT * FROM (` + skillExamplesMerged + `)
        UNION ALL
        SELECT * FROM (SELECT p.posting_id, p.year, p.posted FROM fresh p WHERE ` + skillRowsWhere + `
            ORDER BY p.year DESC, p.posted DESC, p.posting_id DESC LIMIT ?9))` + examplesTail
)

// Every read of `analyze query` in its four forms: from the match set or
// from the skills' rows, each plain or live (searchindex.go).
const (
	qMatchYears         = ftsSetSQL + matchSetTail + matchedYearsSQL
	qMatchYearsLive     = ftsSetLiveSQL + matchSetTail + matchedYearsSQL
	qSkillYears         = ftsSetSQL + skillYearsSQL
	qSkillYearsLive     = ftsSetLiveSQL + skillYearsSQL
	qMatchCompanies     = ftsSetSQL + matchSetTail + matchedCompaniesSQL
	qMatchCompaniesLive = ftsSetLiveSQL + matchSetTail + matchedCompaniesSQL
	qSkillCompanies     = ftsSetSQL + skillCompaniesSQL
	qSkillCompaniesLive = ftsSetLiveSQL + skillCompaniesSQL
	qMatchExamples      = ftsSetSQL + matchSetTail + matchedExamplesSQL
	qMatchExamplesLive  = ftsSetLiveSQL + matchSetTail + matchedExamplesSQL
	qSkillExamples      = ftsSetSQL + skillExamplesSQL
	qSkillExamplesLive  = ftsSetLiveSQL + skillExamplesSQL
)

// queryMatch runs a read of m and f, extra arguments after theirs, in one
// of its forms: from the rows of m's rarest skill when it has skills and
// skill_postings covers every posting (IndexSkills), else from the match
// set; plain while no index entry was ever retired (almost always), live
// otherwise.
func (s *Store) queryMatch(ctx context.Context, set, setLive, skill, skillLive string, m Match, f Filter, extra ...any) (*sql.Rows, error) {
	if len(m.Skills) > 1 {
		var err error
		if m.Skills, err = s.rarestFirst(ctx, m.Skills); err != nil {
			return nil, err
		}
	}
	margs, err := m.args()
	if err != nil {
		return nil, err
	}
	args := append(append(margs, f.args()...), extra...)
	retired, err := s.anyRetired(ctx)
	if err != nil {
		return nil, err
	}
	fromSkills := false
	if len(m.Skills) > 0 && !s.matchSetOnly {
		if fromSkills, err = s.skillRowsReady(ctx); err != nil {
			return nil, err
		}
	}
	var rows *sql.Rows
	switch {
	case fromSkills && retired:
		rows, err = s.db.QueryContext(ctx, skillLive, args...)
	case fromSkills:
		rows, err = s.db.QueryContext(ctx, skill, args...)
	case retired:
		rows, err = s.db.QueryContext(ctx, setLive, args...)
	default:
		rows, err = s.db.QueryContext(ctx, set, args...)
	}
	return rows, err
}

// qSkillPostings counts the postings tagged with a skill (an index range).
const qSkillPostings = `SELECT count(*) FROM posting_skills WHERE skill = ?`

// rarestFirst orders skills by how many postings have them, fewest first,
// so a query reads the shortest range of skill_postings.
func (s *Store) rarestFirst(ctx context.Context, skills []string) ([]string, error) {
	n := make(map[string]int, len(skills))
	for _, sk := range skills {
		c := 0
		if err := s.db.QueryRowContext(ctx, qSkillPostings, sk).Scan(&c); err != nil {
			return nil, fmt.Errorf("count postings of skill %q: %w", sk, err)
		}
		n[sk] = c
	}
	out := slices.Clone(skills)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(n[a], n[b]) })
	return out, nil
}

// anyRetired says whether the index holds retired entries.
func (s *Store) anyRetired(ctx context.Context) (bool, error) {
	var retired bool
	err := s.db.QueryRowContext(ctx, qAnyRetired).Scan(&retired)
	return retired, err
}

// ftsQuery renders the phrases as an FTS4 query: each phrase quoted, the
// phrases side by side (all must match). Tokens are checked to hold only
// letters and digits, so the query can only ever be a list of literal
// phrases, whatever the user typed.
func (m Match) ftsQuery() (string, error) {
	var b strings.Builder
	for i, ph := range m.Phrases {
		if len(ph.Tokens) == 0 {
			return "", fmt.Errorf("an empty phrase")
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		for j, tok := range ph.Tokens {
			if tok == "" || strings.IndexFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
				return "", fmt.Errorf("index token %q holds a character that is not a letter or digit", tok)
			}
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(ftsTerm(tok))
		}
		b.WriteByte('"')
	}
	return b.String(), nil
}

func (m Match) args() ([]any, error) {
	if len(m.Skills) == 0 && len(m.Phrases) == 0 {
		return nil, fmt.Errorf("a query needs at least one term")
	}
	q, err := m.ftsQuery()
	if err != nil {
		return nil, err
	}
	skills := m.Skills
	if skills == nil {
		skills = []string{}
	}
	js, _ := json.Marshal(skills) // a []string always marshals
	return []any{q, string(js)}, nil
}

// MatchYears counts, per year and source, the distinct job postings of f
// (Total) and those matching m (Matched). Year 0 holds the undated ones
// (with Filter.Undated).
func (s *Store) MatchYears(ctx context.Context, m Match, f Filter) ([]YearCount, error) {
	matched := map[[2]any]int{}
	rows, err := s.queryMatch(ctx, qMatchYears, qMatchYearsLive, qSkillYears, qSkillYearsLive, m, f)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	for rows.Next() {
		var year int
		var source string
		var n int
		if err := rows.Scan(&year, &source, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("query: %w", err)
		}
		matched[[2]any{year, source}] += n // the skill form's two parts
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	out, err := s.totalYears(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	for i := range out {
		out[i].Matched = matched[[2]any{out[i].Year, out[i].Source}]
	}
	return out, nil
}

// MatchCompanies counts the distinct matching postings of f per company
// name as written.
func (s *Store) MatchCompanies(ctx context.Context, m Match, f Filter) ([]CompanyCount, error) {
	rows, err := s.queryMatch(ctx, qMatchCompanies, qMatchCompaniesLive, qSkillCompanies, qSkillCompaniesLive, m, f)
	if err != nil {
		return nil, fmt.Errorf("query companies: %w", err)
	}
	defer rows.Close()
	var out []CompanyCount
	at := map[string]int{} // a company's place in out: the skill form counts in two parts
	for rows.Next() {
		var c CompanyCount
		if err := rows.Scan(&c.Company, &c.Matched); err != nil {
			return nil, fmt.Errorf("query companies: %w", err)
		}
		if i, ok := at[c.Company]; ok {
			out[i].Matched += c.Matched
			out[i].Postings = out[i].Matched
			continue
		}
		c.Postings = c.Matched
		at[c.Company] = len(out)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Example is a matching posting to show.
type Example struct {
	ID       int64  `json:"-"`
	Source   string `json:"source"`
	URL      string `json:"url"`
	Title    string `json:"title"`
	Company  string `json:"company"`
	PostedAt string `json:"posted_at"` // YYYY-MM-DD: published, else first seen
}

// MatchExamples returns up to n matching postings of f, newest first, one
// per repost group.
func (s *Store) MatchExamples(ctx context.Context, m Match, f Filter, n int) ([]Example, error) {
	// Reposts are skipped while reading, so ask for more rows than shown.
	rows, err := s.queryMatch(ctx, qMatchExamples, qMatchExamplesLive, qSkillExamples, qSkillExamplesLive, m, f, 4*n+10)
	if err != nil {
		return nil, fmt.Errorf("query examples: %w", err)
	}
	defer rows.Close()
	out := []Example{}
	seen := map[int64]bool{}
	for len(out) < n && rows.Next() {
		var e Example
		var key int64
		if err := rows.Scan(&e.ID, &e.Source, &e.URL, &e.Title, &e.Company, &e.PostedAt, &key); err != nil {
			return nil, fmt.Errorf("query examples: %w", err)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, e)
		}
	}
	return out, rows.Err()
}

// CompaniesLike returns up to n company names (as written) that contain
// text, with their numbers of job postings, most first: the hint of a
// query whose term is a company's name rather than something a job asks
// for.
func (s *Store) CompaniesLike(ctx context.Context, text string, n int) ([]CompanyCount, error) {
	rows, err := s.db.QueryContext(ctx, qCompaniesLike, text, n)
	if err != nil {
		return nil, fmt.Errorf("companies like %q: %w", text, err)
	}
	defer rows.Close()
	var out []CompanyCount
	for rows.Next() {
		var c CompanyCount
		if err := rows.Scan(&c.Company, &c.Postings); err != nil {
			return nil, fmt.Errorf("companies like %q: %w", text, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
