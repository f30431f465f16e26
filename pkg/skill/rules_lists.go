package skill

import (
	"strings"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// listNeighbour reports whether candidate k stands in a list next to an
// accepted candidate: only separators lie between them.
func (tg *Tagger) listNeighbour(s string, cands []cand, k int, leftOnly bool) bool {
	c := cands[k]
	capital := s[c.start] >= 'A' && s[c.start] <= 'Z'
	for j := k - 1; j >= 0; j-- {
		if cands[j].state == isMarker {
			continue
		}
		if cands[j].state == accept {
			if gap, ok := listGap(s[cands[j].end:c.start], capital); ok && (!leftOnly || !gap.newline) {
				return true
			}
		}
		break
	}
	if leftOnly {
		return false
	}
	for j := k + 1; j < len(cands); j++ {
		if cands[j].state == isMarker {
			continue
		}
		if cands[j].state == accept {
			_, ok := listGap(s[c.end:cands[j].start], false)
			return ok
		}
		break
	}
	return false
}

type gapInfo struct{ newline bool }

// listGap reports whether g, the text between two skill names, is only
// list punctuation and conjunctions: "/", ", ", " and ", "、", "或", "\n- ".
// "to" joins only when allowTo ("from Python to Go").
func listGap(g string, allowTo bool) (gapInfo, bool) {
	var info gapInfo
	if len(g) > 24 {
		return info, false
	}
	for i := 0; i < len(g); {
		if n, nl := normalize.BlankAt(g, i); n > 0 {
			info.newline = info.newline || nl
			i += n
			continue
		}
		c := g[i]
		if c < utf8.RuneSelf {
			switch c {
			case ',', '/', '|', '&', '+', ';', '(', ')', '[', ']', '\\', '-', '*', '>', '"', '\'', '`':
				i++
				continue
			}
			if normalize.IsASCIILetter(c) {
				j := i
				for j < len(g) && (normalize.IsASCIILetter(g[j]) || g[j] == '/') {
					j++
				}
				switch strings.ToLower(g[i:j]) {
				case "and", "or", "and/or", "plus", "w/", "nor":
					i = j
					continue
				case "to":
					if allowTo {
						i = j
						continue
					}
				}
			}
			return info, false
		}
		r, size := utf8.DecodeRuneInString(g[i:])
		switch halfWidth(r) {
		case '、', ',', ';', '/', '|', '(', ')', '•', '·', '・', '【', '】', '和', '或', '及', '与', '跟', '者', '以':
			// "或者" and "以及" are covered by their characters.
			i += size
			continue
		}
		return info, false
	}
	return info, true
}
