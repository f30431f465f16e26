package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

const (
	qDatasetByName = `SELECT id, platform, frame, date_basis, about FROM datasets WHERE name = ?`
	qInsertDataset = `INSERT INTO datasets (name, platform, frame, date_basis, about, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`
	qUpdateDataset = `UPDATE datasets SET platform = ?, frame = ?, date_basis = ?, about = ?, updated_at = ? WHERE id = ?`
	qListDatasets  = `SELECT id, name, platform, frame, date_basis, about FROM datasets ORDER BY name`

	// Re-dating every posting of a dataset whose date basis changed: first
	// which date files it, then the year and month of that date.
	qRedateDatasetBy = `UPDATE posting_datasets SET dated_by = CASE
        WHEN ?2 = 'first_seen' AND seen_at IS NOT NULL THEN 'first_seen'
        WHEN (SELECT posted_at FROM postings p WHERE p.id = posting_id) IS NOT NULL THEN 'published'
        WHEN seen_at IS NOT NULL THEN 'first_seen' END
    WHERE dataset_id = ?1`
	qRedateDatasetYear = `UPDATE posting_datasets SET
        year = CAST(substr(CASE dated_by WHEN 'published' THEN (SELECT posted_at FROM postings p WHERE p.id = posting_id)
            ELSE seen_at END, 1, 4) AS INTEGER),
        month = CAST(substr(CASE dated_by WHEN 'published' THEN (SELECT posted_at FROM postings p WHERE p.id = posting_id)
            ELSE seen_at END, 6, 2) AS INTEGER)
    WHERE dataset_id = ?1`
)

// datasetInfo is what an upsert needs of a dataset.
type datasetInfo struct {
	id    int64
	basis string
}

// datasetCache maps dataset names and ids to what upserts need; rows of the
// datasets table are only ever added or updated, so a cached entry is
// refreshed by EnsureDataset and never goes stale otherwise.
type datasetCache struct {
	mu     sync.Mutex
	byName map[string]datasetInfo
	basis  map[int64]string
}

func (c *datasetCache) get(name string) (datasetInfo, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.byName[name]
	return d, ok
}

func (c *datasetCache) basisOf(id int64) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.basis[id]
}

func (c *datasetCache) put(name string, d datasetInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byName == nil {
		c.byName, c.basis = map[string]datasetInfo{}, map[int64]string{}
	}
	c.byName[name] = d
	c.basis[d.id] = d.basis
}

// EnsureDataset records a dataset, or brings a recorded one up to what d
// declares (its platform, sampling frame, date basis and description). When
// the date basis changes, every posting of the dataset is filed again by
// the new basis. changed says whether anything stored changed.
func (s *Store) EnsureDataset(ctx context.Context, d posting.Dataset) (changed bool, err error) {
	if err := d.Validate(); err != nil {
		return false, err
	}
	d.Frame, _ = posting.ParseFrame(d.Frame)
	d.DateBasis, _ = posting.ParseDateBasis(d.DateBasis)
	var id int64
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		var platform, frame, basis, about string
		now := formatTime(s.now())
		err := tx.QueryRowContext(ctx, qDatasetByName, d.Name).Scan(&id, &platform, &frame, &basis, &about)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res, err := tx.ExecContext(ctx, qInsertDataset, d.Name, d.Platform, d.Frame, d.DateBasis, d.About, now, now)
			if err != nil {
				return err
			}
			if id, err = res.LastInsertId(); err != nil {
				return err
			}
			changed = true
		case err != nil:
			return err
		case platform != d.Platform || frame != d.Frame || basis != d.DateBasis || about != d.About:
			if _, err := tx.ExecContext(ctx, qUpdateDataset, d.Platform, d.Frame, d.DateBasis, d.About, now, id); err != nil {
				return err
			}
			if basis != d.DateBasis {
				if _, err := tx.ExecContext(ctx, qRedateDatasetBy, id, d.DateBasis); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, qRedateDatasetYear, id); err != nil {
					return err
				}
			}
			changed = true
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("dataset %s: %w", d.Name, err)
	}
	s.datasets.put(d.Name, datasetInfo{id: id, basis: d.DateBasis})
	return changed, nil
}

// defaultDataset is the dataset of a posting that names none: its source,
// collected as a census and dated by publication.
func defaultDataset(source string) posting.Dataset {
	return posting.Dataset{Name: source, Platform: source, Frame: posting.FrameCensus,
		DateBasis: posting.DatePublished, About: "postings of source " + source}
}

// resolveDatasets makes sure every dataset a batch names is known before
// the batch's transaction, creating the default one for a posting that
// names none; it returns each posting's dataset.
func (s *Store) resolveDatasets(ctx context.Context, ps []posting.Posting) ([]datasetInfo, error) {
	out := make([]datasetInfo, len(ps))
	for i := range ps {
		name := ps[i].Dataset
		if name == "" {
			name = ps[i].Source
		}
		d, ok := s.datasets.get(name)
		if !ok {
			var err error
			if d, err = s.loadDataset(ctx, name, ps[i].Source); err != nil {
				return nil, err
			}
		}
		out[i] = d
	}
	return out, nil
}

// loadDataset reads a dataset into the cache, recording the default one
// for source when the name is unknown.
func (s *Store) loadDataset(ctx context.Context, name, source string) (datasetInfo, error) {
	var (
		d                             datasetInfo
		platform, frame, about, basis string
	)
	err := s.db.QueryRowContext(ctx, qDatasetByName, name).Scan(&d.id, &platform, &frame, &basis, &about)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		def := defaultDataset(source)
		def.Name = name
		if _, err := s.EnsureDataset(ctx, def); err != nil {
			return d, err
		}
		d, _ = s.datasets.get(name)
		return d, nil
	case err != nil:
		return d, fmt.Errorf("dataset %s: %w", name, err)
	}
	d.basis = basis
	s.datasets.put(name, d)
	return d, nil
}

// DatasetRecord is a dataset as stored.
type DatasetRecord struct {
	ID int64
	posting.Dataset
}

// Datasets lists every recorded dataset by name.
func (s *Store) Datasets(ctx context.Context) ([]DatasetRecord, error) {
	rows, err := s.db.QueryContext(ctx, qListDatasets)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer rows.Close()
	var out []DatasetRecord
	for rows.Next() {
		var d DatasetRecord
		if err := rows.Scan(&d.ID, &d.Name, &d.Platform, &d.Frame, &d.DateBasis, &d.About); err != nil {
			return nil, fmt.Errorf("datasets: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Sources lists the sources of the stored postings, by name.
func (s *Store) Sources(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT source FROM postings ORDER BY source`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
