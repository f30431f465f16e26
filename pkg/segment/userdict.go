package segment

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dictEntry is one line of a jieba dictionary: a word, its frequency and a
// part-of-speech tag. In the user dictionary freq 0 means "choose for me".
type dictEntry struct {
	word string
	freq int
	tag  string
}

// defaultTag is written for user words without a tag; Cut ignores tags, but
// cppjieba's loader wants three columns to take the frequency from the file.
const defaultTag = "n"

// parseUserDict reads the user dictionary format: one "word [freq] [tag]"
// a line, blank lines and lines starting with "#" ignored. It rejects what
// cppjieba would silently mis-load or abort on (its loader calls abort() on
// some malformed lines, which no Go code can recover from).
func parseUserDict(name string, b []byte) ([]dictEntry, error) {
	var out []dictEntry
	seen := make(map[string]int)
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("%s:%d: invalid UTF-8", name, n)
		}
		f := strings.Fields(line)
		if len(f) > 3 {
			return nil, fmt.Errorf("%s:%d: %q: want \"word [freq] [tag]\", got %d fields", name, n, line, len(f))
		}
		e := dictEntry{word: f[0]}
		rest := f[1:]
		if len(rest) > 0 {
			if v, err := strconv.Atoi(rest[0]); err == nil {
				if v <= 0 {
					return nil, fmt.Errorf("%s:%d: %q: frequency must be positive", name, n, line)
				}
				e.freq = v
				rest = rest[1:]
			}
		}
		switch len(rest) {
		case 0:
		case 1:
			e.tag = rest[0]
		default:
			return nil, fmt.Errorf("%s:%d: %q: second field must be a frequency", name, n, line)
		}
		if utf8.RuneCountInString(e.word) < 2 {
			// A one-character user word changes how cppjieba's HMM treats
			// that character everywhere, and single characters are dropped
			// from the output anyway.
			return nil, fmt.Errorf("%s:%d: %q: a user word needs at least two characters", name, n, e.word)
		}
		if !isHanWord(e.word) {
			// Latin text never reaches the dictionary: the Go scanner in
			// latin.go tokenizes it, so a Latin entry would have no effect.
			return nil, fmt.Errorf("%s:%d: %q: user words must be Chinese characters only (Latin terms are handled by the scanner)", name, n, e.word)
		}
		if prev, dup := seen[e.word]; dup {
			return nil, fmt.Errorf("%s:%d: %q already listed on line %d", name, n, e.word, prev)
		}
		seen[e.word] = n
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return out, nil
}

func isHanWord(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// mainDictStats is what the segmenter needs from jieba's main dictionary:
// resolveFreqs its frequencies, keywordDropWords the words of the
// part-of-speech classes it drops.
type mainDictStats struct {
	total   float64        // sum of all frequencies (cppjieba's freq_sum_)
	minFreq float64        // smallest frequency: cppjieba's weight for an unknown character
	freq    map[string]int // frequencies of the substrings asked for
	dropped []string       // words tagged with a droppedTags class, in file order
}

// scanMainDict reads jieba.dict.utf8 once, keeping only the frequencies of
// the words in want and the words of dropped classes; holding all 349k
// entries would cost tens of MB. (It was read twice, once for each use:
// 5 MB of parsing on every start of a segmenter.)
func scanMainDict(name string, b []byte, want map[string]bool) (mainDictStats, error) {
	st := mainDictStats{minFreq: math.Inf(1), freq: make(map[string]int, len(want))}
	for n := 1; len(b) > 0; n++ {
		var line []byte
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			line, b = b, nil
		}
		if len(line) == 0 {
			continue
		}
		sp1 := bytes.IndexByte(line, ' ')
		if sp1 <= 0 {
			return st, fmt.Errorf("%s:%d: want \"word freq tag\"", name, n)
		}
		rest := line[sp1+1:]
		sp2 := bytes.IndexByte(rest, ' ')
		if sp2 <= 0 {
			return st, fmt.Errorf("%s:%d: want \"word freq tag\"", name, n)
		}
		f, err := strconv.Atoi(string(rest[:sp2]))
		if err != nil || f <= 0 {
			return st, fmt.Errorf("%s:%d: bad frequency %q", name, n, rest[:sp2])
		}
		st.total += float64(f)
		st.minFreq = min(st.minFreq, float64(f))
		word := line[:sp1]
		if want[string(word)] {
			st.freq[string(word)] = f
		}
		if tag := line[bytes.LastIndexByte(line, ' ')+1:]; len(tag) > 0 && droppedFirst[tag[0]] && droppedTags[string(tag)] {
			st.dropped = append(st.dropped, string(word))
		}
	}
	if st.total == 0 {
		return st, fmt.Errorf("%s: no entries", name)
	}
	return st, nil
}

// resolveFreqs gives every user word without a frequency the smallest one
// that makes jieba keep it whole, the way Python jieba's suggest_freq does:
// the word must out-score the best way jieba can cut it from words it knows.
// A hand-picked large frequency would instead let the word swallow
// characters of its neighbours ("提高并发" → 提/高并发); a word's default
// (median) frequency is too small to beat common pieces (微/服务).
//
// The best cut is computed here, not by asking jieba, by the same maximum
// probability rule cppjieba's MPSegment uses (sum of log(freq/total), an
// unknown character costing log(minFreq/total)), so jieba is loaded once
// with the final dictionary. Shorter user words are resolved first and count
// as known words for longer ones (云原生 inside 云原生技术).
func resolveFreqs(entries []dictEntry, mainName string, mainDict []byte) ([]dictEntry, error) {
	st, err := scanMainDict(mainName, mainDict, substrings(entries))
	if err != nil {
		return nil, err
	}
	return resolveFreqsFrom(entries, st), nil
}

// substrings are the substrings of the entries' words: what resolveFreqs
// needs the main dictionary's frequencies of.
func substrings(entries []dictEntry) map[string]bool {
	want := make(map[string]bool)
	for _, e := range entries {
		r := []rune(e.word)
		for i := range r {
			for j := i + 1; j <= len(r); j++ {
				want[string(r[i:j])] = true
			}
		}
	}
	return want
}

// resolveFreqsFrom is resolveFreqs with the main dictionary scanned
// (scanMainDict of substrings(entries)).
func resolveFreqsFrom(entries []dictEntry, st mainDictStats) []dictEntry {
	known := st.freq // user words are added as they are resolved
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return utf8.RuneCountInString(entries[a].word) - utf8.RuneCountInString(entries[b].word)
	})
	out := slices.Clone(entries)
	for _, i := range order {
		e := &out[i]
		if e.tag == "" {
			e.tag = defaultTag
		}
		if e.freq == 0 {
			best := bestCutLogProb([]rune(e.word), known, st)
			// Winning by one count, as suggest_freq does, keeps the word
			// whole only where no dictionary word overlaps it: 后/端的,
			// 运/维和, 微/服务治理, 分布/式调度 stayed cut on the real
			// corpus. Factors of 2, 30, 500 and 5000 were measured there
			// (see README.md): 500 fixed nearly all of those, 5000 began
			// to swallow neighbours (提/高并发/能力, 以/提/高性能).
			need := math.Exp(best)*st.total*freqMargin + 1
			e.freq = max(int(math.Min(need, math.MaxInt32)), known[e.word], 1)
		}
		known[e.word] = e.freq
	}
	return out
}

// bestCutLogProb is the score of the best cut of w into at least two pieces
// (the word itself excluded), scoring like cppjieba's MPSegment.CalcDP.
func bestCutLogProb(w []rune, known map[string]int, st mainDictStats) float64 {
	logTotal := math.Log(st.total)
	unknown := math.Log(st.minFreq) - logTotal
	n := len(w)
	best := make([]float64, n+1) // best[i]: score of w[i:]
	for i := n - 1; i >= 0; i-- {
		best[i] = math.Inf(-1)
		for j := i + 1; j <= n; j++ {
			if i == 0 && j == n {
				continue
			}
			var s float64
			if f, ok := known[string(w[i:j])]; ok {
				s = math.Log(float64(f)) - logTotal
			} else if j == i+1 {
				s = unknown
			} else {
				continue
			}
			best[i] = max(best[i], s+best[j])
		}
	}
	return best[0]
}

// formatUserDict writes entries in the three-column form cppjieba loads.
func formatUserDict(entries []dictEntry) []byte {
	var b bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&b, "%s %d %s\n", e.word, e.freq, e.tag)
	}
	return b.Bytes()
}

// freqMargin is how many times more likely than its best cut a user word
// is made; see resolveFreqs.
const freqMargin = 500.0
