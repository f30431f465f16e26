// Package normalize holds the pure text functions of the pipeline: cleaning
// published text (HTML to plain text, width and white-space folding), finding
// skills in it, and normalizing company names so that one employer is counted
// as one. It performs no I/O and keeps no state beyond read-only tables, so it
// is safe for concurrent use and easy to fuzz.
package normalize
