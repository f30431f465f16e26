package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
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

// matchSQL is true for a matching posting p. Its arguments come from
// Match.args: the full-text query and the skills travel as bound values, so
// neither reaches SQL text. Both subqueries are uncorrelated: SQLite runs
// each once into a temporary index, then probes it per posting (or, for a
// rare term, walks the few ids it holds). It reads entry docids as posting
// ids, which they are until an entry is retired (searchindex.go).
const matchSQL = `(? = '' OR p.id IN (SELECT docid FROM posting_search WHERE posting_search MATCH ?))
    AND ` + matchSkillsSQL

// matchLiveSQL is matchSQL for an index with retired entries: it leaves
// them out and maps moved entries to their postings.
const matchLiveSQL = `(? = '' OR p.id IN (SELECT CASE WHEN posting_search.docid > 0 THEN posting_search.docid
        ELSE (SELECT m.posting_id FROM posting_search_moved m WHERE m.entry = posting_search.docid) END
    FROM posting_search WHERE posting_search MATCH ?
    AND posting_search.docid NOT IN (SELECT entry FROM posting_search_dead)))
    AND ` + matchSkillsSQL

const matchSkillsSQL = `(json_array_length(?) = 0 OR p.id IN (
         SELECT posting_id FROM posting_skills WHERE skill IN (SELECT value FROM json_each(?))
         GROUP BY posting_id HAVING count(*) = json_array_length(?)))`

const (
	qMatchYearsHead = `SELECT p.year, p.source, count(DISTINCT p.repost_key),
    count(DISTINCT CASE WHEN `
	qMatchYearsTail = ` THEN p.repost_key END)
    FROM postings p WHERE ` + filterSQL + `
    GROUP BY p.year, p.source ORDER BY p.year, p.source`
	qMatchYears     = qMatchYearsHead + matchSQL + qMatchYearsTail
	qMatchYearsLive = qMatchYearsHead + matchLiveSQL + qMatchYearsTail
	// instr, not LIKE: the text is data, never a pattern.
	qCompaniesLike = `SELECT company, count(*) FROM postings
    WHERE kind = 'job' AND company <> '' AND instr(lower(company), lower(?1)) > 0
    GROUP BY company ORDER BY count(*) DESC, company LIMIT ?2`
	qMatchCompaniesHead = `SELECT p.company, count(DISTINCT p.repost_key) FROM postings p
    WHERE `
	qMatchCompaniesTail = ` AND ` + filterSQL + ` AND p.company <> ''
    GROUP BY p.company`
	qMatchCompanies     = qMatchCompaniesHead + matchSQL + qMatchCompaniesTail
	qMatchCompaniesLive = qMatchCompaniesHead + matchLiveSQL + qMatchCompaniesTail
	// Newest first: the index gives the years in order, so only the latest
	// year's matches are sorted before the limit stops the scan.
	qMatchExamplesHead = `SELECT p.id, p.source, p.url, p.title, p.company, coalesce(p.posted_at, substr(p.first_seen, 1, 10)), p.repost_key
    FROM postings p WHERE `
	qMatchExamplesTail = ` AND ` + filterSQL + `
    ORDER BY p.year DESC, coalesce(p.posted_at, p.first_seen) DESC, p.id DESC LIMIT ?`
	qMatchExamples     = qMatchExamplesHead + matchSQL + qMatchExamplesTail
	qMatchExamplesLive = qMatchExamplesHead + matchLiveSQL + qMatchExamplesTail
)

// queryMatch runs a match query in the form for the index as it is: plain
// while no entry was ever retired (almost always), live otherwise.
func (s *Store) queryMatch(ctx context.Context, plain, live string, args ...any) (*sql.Rows, error) {
	retired, err := s.anyRetired(ctx)
	if err != nil {
		return nil, err
	}
	if retired {
		return s.db.QueryContext(ctx, live, args...)
	}
	return s.db.QueryContext(ctx, plain, args...)
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
	return []any{q, q, string(js), string(js), string(js)}, nil
}

// MatchYears counts, per year and source, the distinct job postings of f
// (Total) and those matching m (Matched).
func (s *Store) MatchYears(ctx context.Context, m Match, f Filter) ([]YearCount, error) {
	margs, err := m.args()
	if err != nil {
		return nil, err
	}
	rows, err := s.queryMatch(ctx, qMatchYears, qMatchYearsLive, append(margs, f.args()...)...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	var out []YearCount
	for rows.Next() {
		var c YearCount
		if err := rows.Scan(&c.Year, &c.Source, &c.Total, &c.Matched); err != nil {
			return nil, fmt.Errorf("query: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MatchCompanies counts the distinct matching postings of f per company
// name as written.
func (s *Store) MatchCompanies(ctx context.Context, m Match, f Filter) ([]CompanyCount, error) {
	margs, err := m.args()
	if err != nil {
		return nil, err
	}
	rows, err := s.queryMatch(ctx, qMatchCompanies, qMatchCompaniesLive, append(margs, f.args()...)...)
	if err != nil {
		return nil, fmt.Errorf("query companies: %w", err)
	}
	defer rows.Close()
	var out []CompanyCount
	for rows.Next() {
		var c CompanyCount
		if err := rows.Scan(&c.Company, &c.Matched); err != nil {
			return nil, fmt.Errorf("query companies: %w", err)
		}
		c.Postings = c.Matched
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
	margs, err := m.args()
	if err != nil {
		return nil, err
	}
	// Reposts are skipped while reading, so ask for more rows than shown.
	rows, err := s.queryMatch(ctx, qMatchExamples, qMatchExamplesLive, append(append(margs, f.args()...), 4*n+10)...)
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
