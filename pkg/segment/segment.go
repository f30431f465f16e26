// Package segment cuts job-ad text into clean keyword tokens: gojieba for
// Chinese, with a tech user dictionary so that 微服务 and 云原生 stay whole; a
// Go scanner for Latin text, so that Node.js, C++, .NET and Go1.18 come out
// whole and case-folded (node.js, c++, .net, go) and then as the skill
// taxonomy's names (nodejs, cpp, dotnet, go); and noise rules that drop stop
// words, numbers, punctuation and single characters. Every token that comes
// out is worth counting.
//
// The dictionaries are embedded in the binary (package data) and written
// once to a cache directory, because gojieba only reads files and by
// default looks for them in the Go module cache.
//
// A Segmenter is safe for concurrent use: see README.md for why (read from
// cppjieba's source) and for measured speeds.
package segment

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/jobtrend/jobtrend/data"
	"hash/crc32"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

// rulesVersion names the cleaning rules of this file and latin.go. Change
// it whenever a change to them can change the tokens of some text, so that
// caches keyed by Version are invalidated.
const rulesVersion = "segment-rules-7"

// Options configures a Segmenter. The zero value is usable.
type Options struct {
	// Canonical maps a Latin token (lower-cased: "golang", "k8s", "c++",
	// "node.js") to the skill taxonomy's canonical name ("go",
	// "kubernetes", "cpp"). A mapped token is kept even if it is a stop
	// word, and a version suffix is dropped when the taxonomy knows the
	// name without it ("java8" → "java"). Nil keeps tokens as they are.
	// It must be safe for concurrent use.
	Canonical func(term string) (string, bool)
	// CanonicalVersion identifies the mapping behind Canonical (for
	// example a hash of the taxonomy); it is part of Version, so a cache
	// of tokens notices a changed taxonomy. Required when Canonical is set.
	CanonicalVersion string
	// HMM lets jieba guess words missing from its dictionaries with its
	// hidden Markov model. Off, such words fall apart into single
	// characters, which are dropped.
	HMM bool
	// ExtraStopWords are dropped in addition to data/stopwords.txt.
	ExtraStopWords []string
	// CacheDir is where the dictionaries are written for jieba to read.
	// Empty means os.UserCacheDir()/jobtrend, falling back to the system
	// temporary directory when that is unavailable or not writable.
	CacheDir string
}

// Segmenter turns text into tokens. Create one per process (loading the
// dictionaries takes about 0.4 s and 115 MB of C++ heap; its memo of cuts
// grows to at most 64 MB) and share it between goroutines, which share the
// memo too; Close it when done.
type Segmenter struct {
	jieba     *gojieba.Jieba
	hmm       bool
	canon     func(string) (string, bool)
	stop      *hashSet
	version   string
	dictDir   string
	closed    atomic.Bool
	closeOnce sync.Once
	// memo remembers how jieba cut recent pieces of text (memo.go); nil
	// cuts every text whole, as tests comparing the two set.
	memo *cutMemo
	// keepMajors turns the rule for fields of study (majors.go) off; only
	// tests comparing with cutting as it was before set it.
	keepMajors bool
}

// New loads the embedded dictionaries, the tech user dictionary and the
// stop words, and returns a ready Segmenter.
func New(opts Options) (*Segmenter, error) {
	if opts.Canonical != nil && opts.CanonicalVersion == "" {
		return nil, errors.New("segment: Options.Canonical is set but Options.CanonicalVersion is empty; " +
			"Version could not tell a changed taxonomy from the old one")
	}
	res, err := loadResources()
	if err != nil {
		return nil, err
	}
	stop := make([]string, 0, len(res.stopWords)+len(opts.ExtraStopWords))
	stop = append(stop, res.stopWords...)
	for i, w := range opts.ExtraStopWords {
		c, err := cleanStopWord(w)
		if err != nil {
			return nil, fmt.Errorf("segment: Options.ExtraStopWords[%d]: %w", i, err)
		}
		stop = append(stop, c)
	}
	dir, err := materialize(opts.CacheDir, res.files, res.filesHash)
	if err != nil {
		return nil, fmt.Errorf("segment: writing jieba dictionaries: %w", err)
	}
	j, err := newJieba(dir)
	if err != nil {
		return nil, err
	}

	return &Segmenter{
		jieba:   j,
		hmm:     opts.HMM,
		canon:   opts.Canonical,
		stop:    newHashSet(stop),
		version: VersionOf(opts),
		dictDir: dir,
		memo:    newCutMemo(memoGenerationBytes),
	}, nil
}

// VersionOf is the Version of a Segmenter made with opts, computed without
// loading anything: a report whose every posting's tokens are cached can
// tell so without paying the second it takes to load jieba. It hashes the
// embedded inputs themselves (dictionaries, user dictionary, stop words),
// the cleaning rules, the gojieba build and the options.
func VersionOf(opts Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00hmm=%t\x00canonical=%q\x00", rulesVersion, gojiebaVersion(), opts.HMM, opts.CanonicalVersion)
	h.Write(inputsDigest())
	extra := make([]string, 0, len(opts.ExtraStopWords))
	for _, w := range opts.ExtraStopWords {
		if c, err := cleanStopWord(w); err == nil {
			extra = append(extra, c)
		}
	}
	slices.Sort(extra)
	for _, w := range slices.Compact(extra) {
		fmt.Fprintf(h, "%s\x00", w)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// inputsDigest fingerprints the embedded inputs of the tokens: each file's
// length and CRC-32C, computed once per process. A version only has to
// change when a dictionary does (nobody forges one), and CRC-32C runs in
// hardware: a warm report, which loads no dictionary, used to spend
// milliseconds hashing 5.6 MB with SHA-256 on every start.
var inputsDigest = sync.OnceValue(func() []byte {
	table := crc32.MakeTable(crc32.Castagnoli)
	var out []byte
	for _, f := range [][]byte{data.JiebaDict, data.JiebaHMM, data.UserDict, data.StopWords, posKeepFile, generalWordsFile} {
		out = fmt.Appendf(out, "%d/%08x\x00", len(f), crc32.Checksum(f, table))
	}
	return out
})

// gojiebaVersion is the gojieba module version the binary was built with:
// a new cppjieba may cut the same text differently.
func gojiebaVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/yanyiwu/gojieba" {
				if m.Replace != nil {
					m = m.Replace
				}
				return m.Path + "@" + m.Version
			}
		}
	}
	return "github.com/yanyiwu/gojieba@unknown"
}

// newJieba loads jieba from the files in dir. gojieba panics when a file is
// missing; that becomes an error here.
func newJieba(dir string) (j *gojieba.Jieba, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("segment: loading jieba dictionaries from %s: %v", dir, r)
		}
	}()
	p := dictPaths(dir)
	return gojieba.NewJieba(p.dict, p.hmm, p.user, p.idf, p.stop), nil
}

// Close frees jieba's memory. It must not run while another goroutine is
// inside Tokens; calling it more than once is harmless.
func (s *Segmenter) Close() {
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		s.jieba.Free()
	})
}

// Version identifies everything that decides the tokens of a text: the
// dictionaries, user dictionary, stop words, cleaning rules and options.
// Use it as the key of any cache of tokens or counts.
func (s *Segmenter) Version() string { return s.version }

// DictDir is the directory the dictionaries were written to.
func (s *Segmenter) DictDir() string { return s.dictDir }

// Tokens appends the cleaned tokens of text to dst, in text order, and
// returns the extended slice; pass dst[:0] of a reused slice to avoid
// allocating. Tokens are lower-cased; Latin tokens are mapped through
// Options.Canonical. Dropped: stop words, tokens without a letter
// (numbers, punctuation, emoji), Latin tokens starting with a digit (20k,
// 5g), single characters, Chinese numerals (三年).
//
// Tokens may share memory with text: a caller that keeps a token beyond the
// life of text (as a map key, say) and wants text collected should copy it
// (strings.Clone); package tfidf does.
//
// Invalid UTF-8 is treated as a word boundary. Tokens is safe for
// concurrent use; calling it after Close panics.
func (s *Segmenter) Tokens(dst []string, text string) []string {
	if s.closed.Load() {
		panic("segment: Tokens called on a closed Segmenter")
	}
	if !utf8.ValidString(text) {
		// cppjieba returns nothing at all for a text with one bad byte.
		text = strings.ToValidUTF8(text, " ")
	}
	text = foldFullWidth(text)
	dst = s.tokens(dst, text)
	runtime.KeepAlive(s) // gojieba's finalizer must not free jieba mid-call
	return dst
}

// tokens cuts text in two kinds of runs. ASCII runs are the Latin
// scanner's alone (jieba would cut Node.js at its dot and 20k into 20/k),
// so jieba is given only the rest: every ASCII run becomes one space, which
// jieba treats as a sentence break, as it already did at the ASCII
// letters between two words. This cuts the Chinese words exactly as
// before while jieba reads 29% fewer characters of job-ad text and returns
// no ASCII words for Go to convert: Tokens runs 1.17× faster. (Jieba's
// few mixed dictionary words, 卡拉OK, T恤, were cut apart by the scanner
// before too.) Because the spaces stand for the ASCII runs in order, the
// tokens still come out in text order; and no NUL, which would end the C
// string cgo passes, reaches jieba.
func (s *Segmenter) tokens(dst []string, text string) []string {
	if text == "" {
		return dst
	}
	h, runs := hanText(text)
	k := 0                    // next ASCII run; run k/2 is the k/2-th space of h
	if len(h) > len(runs)/2 { // not all ASCII: jieba has words to cut
		var m majors
		words, classes := s.cutClassed(h)
		for i, w := range words {
			if h[w.Start] != ' ' {
				if end, start := m.word(w.Str, len(dst)); end && !s.keepMajors {
					dst = dst[:start] // fields of study (majors.go)
				} else if classes == nil || classes[i] == classAsk {
					dst = s.appendHan(dst, w.Str)
				} else if classes[i] == classKeep {
					dst = append(dst, w.Str)
				}
			} else if k < len(runs) {
				m.ascii(text[runs[k]:runs[k+1]], len(dst))
				dst = s.appendLatinRun(dst, text, runs[k], runs[k+1])
				k += 2
			}
		}
	}
	for ; k < len(runs); k += 2 { // an all-ASCII text (or, should jieba ever merge spaces, the rest)
		dst = s.appendLatinRun(dst, text, runs[k], runs[k+1])
	}
	return dst
}

// hanText is the text jieba is given: text with each ASCII run replaced by
// one space; runs holds [a, b) of each ASCII run of text, in text order.
func hanText(text string) (h string, runs []int) {
	var han strings.Builder
	han.Grow(len(text))
	runs = make([]int, 0, 64)
	for i := 0; i < len(text); {
		if text[i] >= utf8.RuneSelf {
			j := i + 1
			for j < len(text) && text[j] >= utf8.RuneSelf {
				j++
			}
			han.WriteString(text[i:j])
			i = j
			continue
		}
		j := i + 1
		for j < len(text) && text[j] < utf8.RuneSelf {
			j++
		}
		han.WriteByte(' ')
		runs = append(runs, i, j)
		i = j
	}
	return han.String(), runs
}

// appendLatinRun tokenizes the ASCII run text[a:b]: each span of letters,
// digits and joiners, or a two-word skill name starting there. Links,
// e-mail addresses and handles are skipped (contact.go).
func (s *Segmenter) appendLatinRun(dst []string, text string, a, b int) []string {
	handle := handleAfterCue(text, a) // the run's first word is a handle
	for i := a; i < b; {
		if !isSpanByte(text[i]) {
			i++ // white space, ASCII punctuation
			continue
		}
		end := spanEnd(text, i)
		if next := contactAt(text, i, end, b, &handle); next > i {
			i = next
			continue
		}
		if c, next, ok := s.phrase(text, i, end); ok {
			dst = append(dst, c)
			i = next
			continue
		}
		dst = s.appendLatinSpan(dst, text[i:end])
		i = end
	}
	return dst
}

// phrase looks for a two-word skill name (Spring Boot, React Native, SQL
// Server) starting at the Latin span text[a:b]: two runs of letters and
// digits with one space between them that Options.Canonical knows as one
// term. It returns the canonical name and where the phrase ends.
func (s *Segmenter) phrase(text string, a, b int) (string, int, bool) {
	if s.canon == nil || b+1 >= len(text) || text[b] != ' ' || !isAlpha(text[b+1]) || !isAlnumRun(text[a:b]) {
		return "", 0, false
	}
	c := spanEnd(text, b+1)
	if !isAlnumRun(text[b+1 : c]) {
		return "", 0, false
	}
	canon, ok := s.canonical(asciiLower(text[a:c]))
	if !ok || !keepLen(canon) {
		return "", 0, false
	}
	return canon, c, true
}

func isAlnumRun(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return s != ""
}

// appendHan applies the noise rules to a token jieba produced from
// non-ASCII text.
func (s *Segmenter) appendHan(dst []string, t string) []string {
	r, n := utf8.DecodeRuneInString(t)
	if n == len(t) {
		return dst // one character
	}
	if 0x4E00 <= r && r <= 0x9FFF && !strings.ContainsRune(numerals, r) {
		// The common case, a Chinese word: it has a letter, no case and
		// is no numeral, so only the stop list can drop it.
		if s.isStop(t) {
			return dst
		}
		return append(dst, t)
	}
	if !hasLetter(t) || isNumeralWord(t) {
		return dst
	}
	if s.isStop(t) {
		return dst
	}
	if hasUpper(t) {
		// Full-width or accented Latin letters, Greek, Cyrillic.
		t = strings.ToLower(t)
		if s.isStop(t) {
			return dst
		}
	}
	return append(dst, t)
}

func (s *Segmenter) isStop(t string) bool {
	return s.stop.has(t)
}

func (s *Segmenter) canonical(t string) (string, bool) {
	if s.canon == nil {
		return "", false
	}
	c, ok := s.canon(t)
	if !ok || c == "" {
		return "", false
	}
	return c, true
}

// keepLen reports whether t has at least two characters.
func keepLen(t string) bool {
	if len(t) < 2 {
		return false
	}
	if len(t) > utf8.UTFMax {
		return true
	}
	_, n := utf8.DecodeRuneInString(t)
	return n < len(t)
}

// hasLetter reports whether t has a letter (a Chinese character is one).
// Tokens without one are numbers, punctuation, emoji or symbols.
func hasLetter(t string) bool {
	for _, r := range t {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func hasUpper(t string) bool {
	for _, r := range t {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// foldFullWidth maps full-width ASCII forms (ＪＡＶＡ, Ｃ＃) to ASCII so the
// Latin scanner sees them; jieba would cut them into single characters.
// Texts without a full-width letter or digit, nearly all, are returned
// as they are: full-width punctuation alone (，：（）) needs no copy.
func foldFullWidth(s string) string {
	for i := 0; ; i++ {
		j := strings.IndexByte(s[i:], 0xEF) // first byte of U+F000–U+FFFF
		if j < 0 {
			return s
		}
		i += j
		r, _ := utf8.DecodeRuneInString(s[i:])
		if '０' <= r && r <= '９' || 'Ａ' <= r && r <= 'Ｚ' || 'ａ' <= r && r <= 'ｚ' {
			break
		}
	}
	return strings.Map(func(r rune) rune {
		if '！' <= r && r <= '～' {
			return r - ('！' - '!')
		}
		return r
	}, s)
}

// Chinese numerals and the measure words that follow them in job ads:
// 三年, 两个, 十余, 五险 is a stop word instead.
const (
	numerals     = "〇零一二两三四五六七八九十百千万亿几余多半"
	measureWords = "年月日天周个名位人次项条种点岁倍份家款届期"
)

// isNumeralWord reports whether t is a number written in Chinese, with or
// without a measure word (三年, 一个, 十余, 两百人).
func isNumeralWord(t string) bool {
	sawNumeral := false
	for i, r := range t {
		switch {
		case strings.ContainsRune(numerals, r):
			sawNumeral = true
		case sawNumeral && strings.ContainsRune(measureWords, r) && i+utf8.RuneLen(r) == len(t):
			// a measure word, last
		default:
			return false
		}
	}
	return sawNumeral
}
