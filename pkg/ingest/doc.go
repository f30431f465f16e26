// Package ingest loads existing job-posting datasets — CSV with a header row,
// JSON Lines, or a JSON array — into the store, so that history from before
// the first crawl counts in the trend.
//
// Real datasets differ in everything: encoding (UTF-8, GBK/GB18030, or GBK
// misread as Latin-1 and saved again as UTF-8), column names (Chinese,
// camelCase, free-form), date forms (2023/5/1, 2023年5月1日, 05-01 with the
// year elsewhere, Unix seconds), line ends (\r\n, \n, a lone \r) and whether
// descriptions hold HTML. ingest detects the encoding, recognizes the
// layouts of known datasets (profiles), maps other columns by common names
// or the user's --map, and turns each row into a posting.Posting filed in a
// dataset that says how the rows were collected (README.md lists each
// profile's). Dates are believed only when a row states them: a row with no
// date stays undated, and a date that cannot be true is stored as unknown.
//
// A file is untrusted input: it is read only if it is a regular file, held
// to Limits (a 200 MB field is read through, not kept), and every message
// escapes what it quotes from it. A row it cannot use is reported with file
// and line and skipped; every other row is stored, in batches of one
// transaction each, so an interrupted import loses at most the batch in
// flight and a rerun (upserts are idempotent) completes it.
package ingest
