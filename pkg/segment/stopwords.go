package segment

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// parseStopWords reads one stop word a line; blank lines and lines starting
// with "#" are ignored. Words are stored lower-cased, as tokens are compared
// after case folding.
func parseStopWords(name string, b []byte) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		w, err := cleanStopWord(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		out = append(out, w)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return out, nil
}

// cleanStopWord validates one stop word and folds its case.
func cleanStopWord(w string) (string, error) {
	w = strings.TrimSpace(w)
	switch {
	case w == "":
		return "", fmt.Errorf("empty stop word")
	case !utf8.ValidString(w):
		return "", fmt.Errorf("stop word %q: invalid UTF-8", w)
	case strings.ContainsFunc(w, isSpace):
		// Tokens never contain white space, so such an entry could never match.
		return "", fmt.Errorf("stop word %q contains white space", w)
	}
	return strings.ToLower(w), nil
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0'
}
