// Package normalize holds the pure text functions of the pipeline: cleaning
// published text (HTML to plain text, NFKC width folding, white-space
// folding, with offsets back to the original), normalizing company names so
// that one employer is counted as one (and telling staffing agencies from
// employers), and the posting fields City and SalaryRange. It performs no
// I/O and keeps no state beyond read-only tables (embedded from package
// data), so it is safe for concurrent use and easy to fuzz. The skill
// tagger, which scans text cleaned here, is package skill. README.md beside
// this file describes the rules.
package normalize
