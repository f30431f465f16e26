package store

import "sync"

// memTerms holds segmented text a read-only store cannot write: a report
// on a store its user may only read segments what is stale, keeps it here
// for the life of the process, and reads it back as if it were cached.
type memTerms struct {
	mu    sync.Mutex
	terms map[int64]memTerm
}

type memTerm struct {
	hash, version string
	blob          []byte
}

func (m *memTerms) put(version string, ts []Terms) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.terms == nil {
		m.terms = map[int64]memTerm{}
	}
	for _, t := range ts {
		m.terms[t.ID] = memTerm{hash: t.ContentHash, version: version, blob: t.Blob}
	}
}

// get returns the terms kept for a posting with this content and version.
func (m *memTerms) get(id int64, hash, version string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.terms[id]
	if !ok || t.hash != hash || t.version != version {
		return nil, false
	}
	return t.blob, true
}

func (m *memTerms) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.terms)
}
