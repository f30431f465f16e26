package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Messages quote file content (column names, dates, ids, URLs) and file
// names, and they end up on a terminal. A file can carry terminal escape
// sequences — ESC ] 0 ; … BEL retitles the window, ESC [ 2 J clears it,
// OSC 52 writes the clipboard — and fields of megabytes. So every quote in a
// message goes through quote or clean: control and other non-printing
// characters (bidirectional overrides too) and invalid bytes are escaped the
// way Go writes them (\x1b, \a, \u202e), and a long value is cut.

// maxQuote is how many characters of a value a message quotes.
const maxQuote = 60

// quote renders a value for a message: in double quotes, escaped, cut to
// maxQuote characters with "…" after the closing quote when it was longer.
func quote(s string) string { return quoteCut(s, maxQuote) }

// clean renders a name (a column, a key) for a message: as it is when it
// is short and prints safely, else as quote renders it.
func clean(s string) string { return cleanCut(s, maxQuote) }

// maxPath is how much of a file name a message shows: all of any real
// one.
const maxPath = 1024

// cleanPath renders a file name for a message, as clean does but cut
// only past maxPath.
func cleanPath(s string) string { return cleanCut(s, maxPath) }

func quoteCut(s string, n int) string {
	cut, more := cutRunes(s, n)
	q := strconv.Quote(cut)
	if more {
		q += "…"
	}
	return q
}

func cleanCut(s string, n int) string {
	if _, more := cutRunes(s, n); more || !printable(s) {
		return quoteCut(s, n)
	}
	return s
}

// printable says whether s is valid UTF-8 of printing characters only
// (spaces included).
func printable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || (!unicode.IsPrint(r) && r != ' ') {
			return false
		}
	}
	return true
}

// cutRunes returns s's first n characters and whether there were more.
func cutRunes(s string, n int) (string, bool) {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos], true
		}
		i++
	}
	return s, false
}

// maxListed is how many column names a message lists.
const maxListed = 20

// columnList renders column names for a message: each cleaned, at most
// maxListed of them.
func columnList(cols []string) string {
	var b strings.Builder
	for i, c := range cols {
		if i == maxListed {
			fmt.Fprintf(&b, ", … (%d more)", len(cols)-maxListed)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(clean(c))
	}
	return b.String()
}

// safeError is an error whose message was made safe to print, keeping the
// error it came from for errors.Is and errors.As.
type safeError struct {
	msg string
	err error
}

func (e *safeError) Error() string { return e.msg }
func (e *safeError) Unwrap() error { return e.err }

// safeErr escapes what err's message may quote raw (an operating-system
// error names the path as given).
func safeErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if printable(msg) {
		return err
	}
	q := strconv.Quote(msg)
	return &safeError{msg: q[1 : len(q)-1], err: err}
}
