package segment

import (
	"fmt"
	"strings"

	"github.com/jobtrend/jobtrend/data"
)

// Keywords should say what a job is about. jieba's dictionary tags each
// word with a part of speech, and whole classes of them never do: adverbs
// (几乎, 经常), pronouns, conjunctions, particles, prepositions, measure
// words, numerals (一个月, 数亿), time words (周六, 年底), place words
// (江宁区, 西双版纳, 东南亚: where, not what), locality words, status words
// and most adjectives (苛刻, 缜密, 愉快). Words of those classes are dropped
// like stop words.
//
// The tags come from a general-language dictionary and are often wrong for
// technical text: 同步 and 实时 are tagged adverbs, 加密 and 日志 places,
// 前端 a locality word, 敏捷 an adjective. posKeep lists those that occur
// in the corpus's job ads, found by listing, per dropped class, the words
// of the real corpus (16,100 postings and the "谁在招人？" posts) by
// document frequency and reading them. Verbs and nouns are not dropped by
// class: 搜索, 推荐, 渲染, 缓存 are verbs and the heart of many job ads;
// the general ones among them that reached some company's top ten are
// listed in generalWords instead.
//
// Dropping is decided once, when a Segmenter is made (the set is merged
// into the stop words), so Tokens costs nothing more.

// droppedTags are the jieba tags whose words are dropped (see above). Kept
// by class: nouns other than place names (n nr nrt nrfg nt nz ng: person
// name tags cover 索引 and 鸿蒙), verbs (v vn vd vg vi vq), idioms and set
// phrases (i l: 前端开发 and 数据分析 are tagged so), abbreviations (j:
// 存储), distinguishing words (b: 多线程, 大规模), g, x.
var droppedTags = tagSet(
	"a ad ag an",          // adjectives
	"c",                   // conjunctions
	"d df dg",             // adverbs
	"e o y",               // interjections, onomatopoeia, modal particles
	"f",                   // locality words
	"m mg mq q",           // numerals and measure words
	"ns",                  // place names
	"p",                   // prepositions
	"r rg rr rz",          // pronouns
	"s",                   // place words
	"t tg",                // time words
	"u ud ug uj ul uv uz", // particles
	"z zg",                // status words
)

// droppedFirst marks the first letters of droppedTags: most of the
// dictionary's 349k words are nouns and verbs (n…, v…), and a test of one
// byte spares them the map lookup.
var droppedFirst = func() (first [256]bool) {
	for t := range droppedTags {
		first[t[0]] = true
	}
	return first
}()

func tagSet(groups ...string) map[string]bool {
	m := map[string]bool{}
	for _, g := range groups {
		for _, t := range strings.Fields(g) {
			m[t] = true
		}
	}
	return m
}

var (
	posKeepFile      = data.PosKeep
	generalWordsFile = data.GeneralWords
)

const (
	posKeepName      = data.PosKeepName
	generalWordsName = data.GeneralWordsName
)

// withoutKept is words without those in keep.
func withoutKept(words []string, keep map[string]bool) []string {
	var out []string
	for _, w := range words {
		if !keep[w] {
			out = append(out, w)
		}
	}
	return out
}

// parseWordList reads one word a line, "#" starting a comment line.
func parseWordList(name string, b []byte) ([]string, error) {
	ws, err := parseStopWords(name, b)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(ws))
	for _, w := range ws {
		if seen[w] {
			return nil, fmt.Errorf("%s: %q listed twice", name, w)
		}
		seen[w] = true
	}
	return ws, nil
}

// keywordDropWords is everything the part-of-speech rules and the general
// word list drop, user-dictionary words excepted (a tech term is never
// dropped for its tag).
func keywordDropWords(userWords []dictEntry) ([]string, error) {
	st, err := scanMainDict(data.JiebaDictName, data.JiebaDict, nil)
	if err != nil {
		return nil, err
	}
	return keywordDropWordsFrom(userWords, st)
}

// keywordDropWordsFrom is keywordDropWords with the main dictionary
// scanned.
func keywordDropWordsFrom(userWords []dictEntry, st mainDictStats) ([]string, error) {
	keepList, err := parseWordList(posKeepName, posKeepFile)
	if err != nil {
		return nil, err
	}
	keep := make(map[string]bool, len(keepList)+len(userWords))
	for _, w := range keepList {
		keep[w] = true
	}
	for _, e := range userWords {
		keep[e.word] = true
	}
	drop := withoutKept(st.dropped, keep)
	general, err := parseWordList(generalWordsName, generalWordsFile)
	if err != nil {
		return nil, err
	}
	for _, w := range general {
		if keep[w] {
			return nil, fmt.Errorf("%s: %q is also in %s or the user dictionary", generalWordsName, w, posKeepName)
		}
	}
	return append(drop, general...), nil
}
