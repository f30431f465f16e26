// Package skill finds the skills of the taxonomy (data/skills.yaml) in job
// text: a taxonomy-driven scanner over raw text (markup, entities and
// full-width forms handled through package normalize, offsets into the text
// as given), context rules for ambiguous names ("go", "R", "C", "Swift",
// "分布式"), and the tokens of the full-text index, in which skill spellings
// map to their canonical names so that a query finds every spelling. It
// performs no I/O and keeps no state beyond read-only tables, so it is safe
// for concurrent use and easy to fuzz. README.md beside this file describes
// the rules and the measured precision and recall.
package skill
