// Package report renders a computed trend report: JSON (the contract's
// form), a plain-text table for terminals, tidy CSV tables built with gota,
// Markdown with the chart as an SVG file beside it, and one self-contained
// HTML page (inline SVG chart, no JavaScript, nothing fetched). The chart is
// drawn with gonum/plot, so the Markdown and HTML reports share one
// deterministic SVG. It only renders what it is given: it never reads the
// store, and every piece of posting text is escaped for the format it lands
// in.
package report
