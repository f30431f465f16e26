package segment

import (
	"strings"
	"unicode/utf8"
)

// Job ads name the degrees they want: "计算机、通信、自动化或电子工程专业",
// "数学、统计、金融等相关专业". The fields listed are what the candidate
// studied, not what the job is about, yet they are the very words of
// industries (金融, 通信, 电子, 机械): a data analyst's ad at a photo app
// read as finance. majors follows the words jieba returns and recognizes
// such a list: words joined by list separators (、 或 和 及 等 类 相关 /),
// ended by a word of 专业 (专业, 相关专业, 专业本科). Tokens of the list are
// dropped. A single item before 专业 needs a separator between them
// (计算机相关专业, not 提供专业的服务).

// majors is the state of the list being read. An item of the list may be
// cut into up to maxMajorWords words (电子/工程).
type majors struct {
	start     int  // index in dst where the list's tokens begin
	items     int  // items in the list
	itemWords int  // words of the current item
	sepLast   bool // the last word was a separator
	open      bool // a list is being read
}

const maxMajorWords = 3

// isMajorSeparator: a word that joins the items of a list of fields. A
// comma is none: "熟悉Java，计算机相关专业" must keep java (so
// "电子，通信，光电类相关专业" keeps 电子 and 通信).
func isMajorSeparator(w string) bool {
	switch w {
	case "、", "或", "或者", "和", "及", "以及", "与", "等", "类", "相关", "／":
		return true
	}
	return false
}

// zhuanye is 专业.
const zhuanye = "专业"

// word takes the next jieba word; n is len(dst) before it. When the word
// ends a list of fields of study, it returns true and where the list's
// tokens begin in dst: the caller drops dst[start:] (and the word).
func (m *majors) word(w string, n int) (end bool, start int) {
	switch {
	case len(w) >= len(zhuanye) && (w[:len(zhuanye)] == zhuanye || w[len(w)-len(zhuanye):] == zhuanye):
		// 专业, 相关专业, 专业本科, 专业知识
		end = m.open && (m.items >= 2 || m.sepLast || (w != zhuanye && w[len(w)-len(zhuanye):] == zhuanye))
		start = m.start
		*m = majors{}
		return end, start
	case isMajorSeparator(w):
		if m.open {
			m.sepLast = true
		}
		return false, 0
	case isBreak(w):
		*m = majors{}
		return false, 0
	}
	m.content(n)
	return false, 0
}

// ascii takes an ASCII run; n is len(dst) before its tokens.
func (m *majors) ascii(run string, n int) {
	switch {
	case strings.ContainsFunc(run, func(r rune) bool { return r < utf8.RuneSelf && isAlnum(byte(r)) }):
		m.content(n)
	case strings.ContainsAny(run, "\n\r;.:!?(),"):
		*m = majors{}
	case strings.ContainsAny(run, "/&+"):
		if m.open {
			m.sepLast = true
		}
	}
}

// content takes a content word: after a separator it starts the next
// item of the list; right after another word it belongs to that word's
// item, unless the item is long already: then a new list starts here.
func (m *majors) content(n int) {
	switch {
	case m.open && m.sepLast:
		m.items++
		m.itemWords = 1
	case m.open && m.itemWords < maxMajorWords:
		m.itemWords++
	default:
		*m = majors{start: n, items: 1, itemWords: 1, open: true}
	}
	m.sepLast = false
}

// isBreak: punctuation that ends any list (，。；：！？ brackets), as jieba
// returns it: one character a word.
func isBreak(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if size != len(w) {
		return false
	}
	switch r {
	case '，', '。', '；', '：', '！', '？', '（', '）', '【', '】', '《', '》', ',', ';', ':', '!', '?', '(', ')':
		return true
	}
	return false
}
