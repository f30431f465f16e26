// Package store owns the project's SQLite database: the schema and its
// embedded, versioned migrations, the postings table and its upserts, skill
// tags, and the caches and indexes later stages keep beside the postings.
// No other package writes SQL.
//
// Writes are batched: UpsertBatch writes a whole slice of postings in one
// transaction, which is what makes bulk imports fast (one fsync per batch,
// not per row) and crash-safe (a batch lands whole or not at all, and
// upserts are idempotent, so rerunning an interrupted import is harmless).
// A Session splits a batch into Prepare (hashes, skill tags, index text,
// the record as stored: Go work on every core, no database) and Write (one
// transaction, in which a posting never seen before is one INSERT and its
// skill and dataset rows are written for the whole batch at once), so an
// importer prepares the next batch while SQLite writes the last. A session
// may leave the full-text index to Reindex (SessionOptions.DeferSearch),
// and writes the terms a segmenter following it caches (PutTerms) in its
// own transactions.
//
// Reads never touch the postings' text unless they return it: the counts
// of reports and queries go through covering indexes (postings_year,
// postings_narrow), and the caches are found stale through indexes of
// their keys. The full-text index is contentless (searchindex.go).
package store
