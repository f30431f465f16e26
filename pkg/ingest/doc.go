// Package ingest loads existing job-posting datasets — CSV with a header row,
// JSON Lines, or a JSON array — into the store, so that history from before
// the first crawl counts in the trend.
//
// Real datasets differ in everything: encoding (UTF-8, GBK/GB18030, or GBK
// misread as Latin-1 and saved again as UTF-8), column names (Chinese,
// camelCase, free-form), date forms (2023/5/1, 2023年5月1日, 05-01 with the
// year elsewhere, Unix seconds) and whether descriptions hold HTML. ingest
// detects the encoding, recognizes the layouts of known datasets (profiles),
// maps other columns by common names or the user's --map, and turns each
// row into a posting.Posting. A row it cannot use is reported with file and
// line and skipped; every other row is stored, in batches of one
// transaction each, so an interrupted import loses at most the batch in
// flight and a rerun (upserts are idempotent) completes it.
package ingest
