// Package store owns the project's SQLite database: the schema and its
// embedded, versioned migrations, the postings table and its upserts, skill
// tags, and the caches and indexes later stages keep beside the postings.
// No other package writes SQL.
//
// Writes are batched: UpsertBatch writes a whole slice of postings in one
// transaction, which is what makes bulk imports fast (one fsync per batch,
// not per row) and crash-safe (a batch lands whole or not at all, and
// upserts are idempotent, so rerunning an interrupted import is harmless).
package store
