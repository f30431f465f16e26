package skill

import "strings"

// The rules for ambiguous spellings. A weak spelling ("go", "R", "C",
// "Swift", "PG") found by the scanner gets a verdict from its skill's rule
// set; "list" verdicts are settled afterwards by the neighbours: a weak
// spelling standing in a list next to an accepted skill ("Java/Go",
// "Python, R", "C/C++") is accepted. README.md beside this file describes the
// rules in prose; every rule has a test in rules_test.go.

type verdict uint8

const (
	pending  verdict = iota
	accept           // a mention
	reject           // not a mention
	listOnly         // a mention only next to an accepted skill in a list
	listLeft         // a mention only after an accepted skill in a list on the same line
	isMarker         // a marker word, not a skill
)

type ruleFunc func(x *ruleCtx) verdict

var rulesByName = map[string]ruleFunc{
	"go":          ruleGo,
	"r":           ruleR,
	"c":           ruleC,
	"swift":       ruleSwift,
	"context":     ruleContext,
	"distributed": ruleDistributed,
}

// ruleCtx is what a rule sees: the scanned text, all candidates, and which
// one is judged.
type ruleCtx struct {
	s     string
	cands []cand
	k     int
	tg    *Tagger
}

func (x *ruleCtx) start() int { return x.cands[x.k].start }
func (x *ruleCtx) end() int   { return x.cands[x.k].end }

// judge gives every candidate its verdict and then settles the list
// verdicts from the neighbours until nothing changes.
func (tg *Tagger) judge(s string, cands []cand) {
	x := ruleCtx{s: s, cands: cands, tg: tg}
	for k := range cands {
		e := &tg.entries[cands[k].entry]
		switch {
		case e.skill < 0:
			cands[k].state = isMarker
		case !e.weak:
			cands[k].state = accept
		default:
			x.k = k
			cands[k].state = tg.rules[e.skill](&x)
		}
	}
	for changed := true; changed; {
		changed = false
		for k := range cands {
			st := cands[k].state
			if st != listOnly && st != listLeft {
				continue
			}
			if tg.listNeighbour(s, cands, k, st == listLeft) {
				cands[k].state = accept
				changed = true
			}
		}
	}
	// Ambiguous names that only have each other ("Rails, Swift, React",
	// "hive、R") are a list of skills when real punctuation joins them.
	for k := 0; k+1 < len(cands); k++ {
		a, b := &cands[k], &cands[k+1]
		if a.state != listOnly || b.state != listOnly {
			continue
		}
		if gap := s[a.end:b.start]; strings.TrimSpace(gap) != "" {
			if _, ok := listGap(gap, false); ok {
				a.state, b.state = accept, accept
			}
		}
	}
	for k := range cands {
		if cands[k].state == listOnly || cands[k].state == listLeft {
			cands[k].state = reject
		}
	}
}
