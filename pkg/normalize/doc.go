// Package normalize holds the pure text functions of the pipeline: cleaning
// published text (HTML to plain text, NFKC width folding, white-space
// folding, with offsets back to the original), finding skills in it with a
// taxonomy-driven scanner and context rules for ambiguous names ("go", "R",
// "C", "Swift"), and normalizing company names so that one employer is
// counted as one. It performs no I/O and keeps no state beyond read-only
// tables (embedded from package data), so it is safe for concurrent use and
// easy to fuzz. README.md beside this file describes the rules and the
// measured precision and recall.
package normalize
