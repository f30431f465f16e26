// Package report renders a computed trend report — as JSON, a plain-text
// table for terminals, and (in later files) CSV, Markdown and self-contained
// HTML. It only renders what it is given: it never reads the store.
package report
