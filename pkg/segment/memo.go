package segment

import (
	"encoding/binary"
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

// Job ads repeat themselves: a company posts the same duties and benefits
// for ten openings, boards repost ads, and clauses like 五险一金 or
// 良好的沟通能力 come back in ad after ad. Of the Chinese characters of the
// real corpora (jobhunting-2024, lagou-2018-content, the 谁在招人 posts),
// 35–52% lie in a clause seen earlier in the same corpus.
//
// cppjieba cuts every piece of text between two separators (space, tab,
// newline, "，" and "。", SegmentBase.hpp's SPECIAL_SEPARATORS) on its own
// (PreFilter.hpp), and each separator is a word of its own. So the cut of
// a text is the cuts of its pieces in order, and a piece's cut can be
// remembered and reused with no change to any token: cutMemo keeps, for
// each piece seen recently, the byte lengths of its words and what Tokens
// does with each (wordClass); only the pieces it has not seen go to
// jieba, in one call.
//
// What it saves depends on how much comes back. The clauses that recur
// across 16,000 distinct real postings are short and cheap to cut: there
// the memo costs about what it saves (Tokens 0.94–1.00× of cutting every
// text whole, BenchmarkMemo). Reposts, and a company's own ads, come back
// whole: Tokens ran 1.48–1.61× on postings synthesized from real lines.

// memoShards spreads the pieces over independently locked tables so that
// the import's segmenting goroutines rarely wait on each other.
const memoShards = 64

// memoGenerationBytes bounds one generation of the memo, all shards
// together. Two generations live at once: a piece used while it sits in
// the older one moves to the newer, and when the newer one fills, the
// older is dropped. So the memo stays under twice this, and the clauses
// that keep coming back stay. The pieces of 100,000 postings synthesized
// from the shared corpus's 16,000 real ones took 14 MB.
const memoGenerationBytes = 32 << 20

// memoMaxPiece is the longest piece remembered: longer ones (a paragraph
// without a comma) seldom come back and would crowd out the clauses.
const memoMaxPiece = 512

// memoFirstSlots is a new generation's table size in each shard, unless
// that is more than a quarter of the shard's bound.
const memoFirstSlots = 1 << 10

type cutMemo struct {
	seed       maphash.Seed
	shardBytes int // bound of one generation of one shard
	firstSlots int // a new generation's table size in each shard
	shards     [memoShards]memoShard
	// fallbacks counts texts whose batched cut did not line up with their
	// pieces (it never has); they are cut whole instead, as jieba would.
	fallbacks atomic.Int64
}

type memoShard struct {
	mu       sync.Mutex
	cur, old memoGen
}

// memoGen is one generation of a shard: an open-addressing table over an
// append-only arena. The memo holds no Go pointers per piece, so the
// garbage collector has nothing to scan in it, and a lookup touches the
// table's slot and then the arena, where the piece and its cut lie side by
// side.
type memoGen struct {
	// slots: 0 is empty; else the piece hash's top 32 bits, then the
	// entry's offset in arena plus one.
	slots []uint64
	// arena: per entry, the piece's length and the cut's (2 bytes each,
	// little-endian), the piece, the cut.
	arena []byte
	n     int // entries
}

const memoEntryHeader = 4

// newCutMemo returns an empty memo whose generations hold up to
// generationBytes each.
func newCutMemo(generationBytes int) *cutMemo {
	m := &cutMemo{seed: maphash.MakeSeed(), shardBytes: max(generationBytes/memoShards, 1), firstSlots: memoFirstSlots}
	for m.firstSlots > 8 && 8*m.firstSlots > m.shardBytes/4 {
		m.firstSlots /= 2
	}
	return m
}

// hash is piece's hash, which get and put take so that a piece looked up
// and then remembered is hashed once.
func (m *cutMemo) hash(piece string) uint64 { return maphash.String(m.seed, piece) }

// get appends the remembered cut of piece (whose hash is h) to dst.
func (m *cutMemo) get(piece string, h uint64, dst []byte) ([]byte, bool) {
	sh := &m.shards[h%memoShards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if off, ok := sh.cur.find(h, piece); ok {
		return append(dst, sh.cur.cutAt(off)...), true
	}
	off, ok := sh.old.find(h, piece)
	if !ok {
		return dst, false
	}
	cut := sh.old.cutAt(off)
	sh.addLocked(m, h, piece, cut)
	return append(dst, cut...), true
}

// put remembers cut as the cut of piece (at most memoMaxPiece bytes, hash
// h).
func (m *cutMemo) put(piece string, h uint64, cut []byte) {
	sh := &m.shards[h%memoShards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.cur.find(h, piece); !ok {
		sh.addLocked(m, h, piece, cut)
	}
}

func (sh *memoShard) addLocked(m *cutMemo, h uint64, piece string, cut []byte) {
	size := memoEntryHeader + len(piece) + len(cut)
	slots := len(sh.cur.slots)
	if slots == 0 {
		slots = m.firstSlots
	} else if 2*(sh.cur.n+1) > slots {
		slots *= 2
	}
	if sh.cur.n > 0 && len(sh.cur.arena)+size+8*slots > m.shardBytes {
		sh.old, sh.cur = sh.cur, memoGen{}
		slots = m.firstSlots
	}
	if slots != len(sh.cur.slots) {
		sh.cur.resize(m.seed, slots)
	}
	off := len(sh.cur.arena)
	sh.cur.arena = binary.LittleEndian.AppendUint16(sh.cur.arena, uint16(len(piece)))
	sh.cur.arena = binary.LittleEndian.AppendUint16(sh.cur.arena, uint16(len(cut)))
	sh.cur.arena = append(sh.cur.arena, piece...)
	sh.cur.arena = append(sh.cur.arena, cut...)
	sh.cur.place(h, off)
	sh.cur.n++
}

// slotOf is where h's probe sequence starts (the low bits chose the shard).
func (g *memoGen) slotOf(h uint64) int { return int(h/memoShards) & (len(g.slots) - 1) }

func (g *memoGen) find(h uint64, piece string) (int, bool) {
	if g.n == 0 {
		return 0, false
	}
	tag := h >> 32
	for i := g.slotOf(h); ; i = (i + 1) & (len(g.slots) - 1) {
		s := g.slots[i]
		if s == 0 {
			return 0, false
		}
		if s>>32 == tag {
			off := int(uint32(s)) - 1
			if string(g.pieceAt(off)) == piece {
				return off, true
			}
		}
	}
}

func (g *memoGen) place(h uint64, off int) {
	i := g.slotOf(h)
	for g.slots[i] != 0 {
		i = (i + 1) & (len(g.slots) - 1)
	}
	g.slots[i] = h>>32<<32 | uint64(off+1)
}

func (g *memoGen) pieceAt(off int) []byte {
	n := int(binary.LittleEndian.Uint16(g.arena[off:]))
	return g.arena[off+memoEntryHeader : off+memoEntryHeader+n]
}

func (g *memoGen) cutAt(off int) []byte {
	n := int(binary.LittleEndian.Uint16(g.arena[off:]))
	c := int(binary.LittleEndian.Uint16(g.arena[off+2:]))
	at := off + memoEntryHeader + n
	return g.arena[at : at+c]
}

// resize makes the table n slots (a power of two), placing every entry
// again.
func (g *memoGen) resize(seed maphash.Seed, n int) {
	g.slots = make([]uint64, n)
	for off := 0; off < len(g.arena); {
		p := g.pieceAt(off)
		g.place(maphash.Bytes(seed, p), off)
		off += memoEntryHeader + len(p) + int(binary.LittleEndian.Uint16(g.arena[off+2:]))
	}
}

// isJiebaSeparator reports whether r is one of cppjieba's separators that
// can occur in the text handed to it (tab and newline are replaced by
// spaces with the rest of the ASCII before jieba sees the text).
func isJiebaSeparator(r rune) bool { return r == ' ' || r == '，' || r == '。' }

// memoPiece is a run of h between separators, or one separator.
type memoPiece struct {
	a, b int
	h    uint64 // the piece's hash, when it was looked up
	// cut is cuts[c0:c1] of the call: per word of the piece, uvarint of
	// its byte length << 2 | its wordClass; empty for a piece of one word
	// (a separator, a character).
	c0, c1 int
}

// wordClass is what Tokens does with a word jieba cut from Chinese text,
// remembered with the word: its stop-list lookup (a cache miss in a table
// of 52,000 words) and its checks were a sixth of Tokens.
type wordClass uint8

const (
	classAsk  wordClass = iota // ask appendHan (it changes the word, or nobody said)
	classKeep                  // appendHan keeps the word as it is
	classDrop                  // appendHan drops it
)

// classOf is the class of word t, as appendHan decides.
func (s *Segmenter) classOf(t string) wordClass {
	var one [1]string
	switch out := s.appendHan(one[:0], t); {
	case len(out) == 0:
		return classDrop
	case out[0] == t:
		return classKeep
	}
	return classAsk
}

// cut returns jieba's words of h (valid UTF-8, no NUL), as
// s.jieba.Tokenize(h, gojieba.DefaultMode, s.hmm) would, cutting only the
// pieces the memo has not seen.
func (s *Segmenter) cut(h string) []gojieba.Word {
	words, _ := s.cutClassed(h)
	return words
}

// cutClassed is cut with each word's class (nil when h was cut whole: ask
// appendHan of every word).
func (s *Segmenter) cutClassed(h string) ([]gojieba.Word, []wordClass) {
	m := s.memo
	if m == nil {
		return s.jieba.Tokenize(h, gojieba.DefaultMode, s.hmm), nil
	}
	pieces := make([]memoPiece, 0, 64)
	cuts := make([]byte, 0, len(h)/3)
	var misses []int // indexes in pieces
	missBytes := 0
	for i := 0; i < len(h); {
		r, n := utf8.DecodeRuneInString(h[i:])
		if isJiebaSeparator(r) {
			pieces = append(pieces, memoPiece{a: i, b: i + n})
			i += n
			continue
		}
		j := i + n
		for j < len(h) {
			r, n := utf8.DecodeRuneInString(h[j:])
			if isJiebaSeparator(r) {
				break
			}
			j += n
		}
		p := memoPiece{a: i, b: j}
		if j-i > n { // one rune is one word: nothing to cut
			var ok bool
			p.c0, p.h = len(cuts), m.hash(h[i:j])
			if cuts, ok = m.get(h[i:j], p.h, cuts); ok {
				p.c1 = len(cuts)
			} else {
				misses = append(misses, len(pieces))
				missBytes += j - i + 1
			}
		}
		pieces = append(pieces, p)
		i = j
	}
	if len(misses) > 0 {
		var ok bool
		if cuts, ok = s.cutMisses(h, pieces, misses, missBytes, cuts); !ok {
			m.fallbacks.Add(1)
			return s.jieba.Tokenize(h, gojieba.DefaultMode, s.hmm), nil
		}
	}
	words := make([]gojieba.Word, 0, len(pieces)+len(h)/6)
	classes := make([]wordClass, 0, cap(words))
	for _, p := range pieces {
		if p.c0 == p.c1 {
			words = append(words, gojieba.Word{Str: h[p.a:p.b], Start: p.a, End: p.b})
			classes = append(classes, classAsk)
			continue
		}
		at := p.a
		for c := cuts[p.c0:p.c1]; len(c) > 0; {
			v, n := binary.Uvarint(c)
			c = c[n:]
			l := int(v >> 2)
			words = append(words, gojieba.Word{Str: h[at : at+l], Start: at, End: at + l})
			classes = append(classes, wordClass(v&3))
			at += l
		}
	}
	return words, classes
}

// cutMisses cuts the pieces the memo lacked in one call, joined by spaces
// (a separator, so each is cut as it would be alone), appends their cuts
// to cuts and notes where in pieces, remembers them, and reports whether
// jieba's words lined up with the pieces.
func (s *Segmenter) cutMisses(h string, pieces []memoPiece, misses []int, size int, cuts []byte) ([]byte, bool) {
	var b strings.Builder
	b.Grow(size)
	for k, i := range misses {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(h[pieces[i].a:pieces[i].b])
	}
	joined := b.String()
	ws := s.jieba.Tokenize(joined, gojieba.DefaultMode, s.hmm)
	w, at := 0, 0
	for k, i := range misses {
		if k > 0 {
			if w >= len(ws) || ws[w].Start != at || ws[w].End != at+1 {
				return cuts, false
			}
			w++
			at++
		}
		end := at + pieces[i].b - pieces[i].a
		pieces[i].c0 = len(cuts)
		for at < end {
			if w >= len(ws) || ws[w].Start != at || ws[w].End <= at || ws[w].End > end {
				return cuts, false
			}
			l := ws[w].End - at
			cuts = binary.AppendUvarint(cuts, uint64(l)<<2|uint64(s.classOf(joined[at:ws[w].End])))
			at = ws[w].End
			w++
		}
		pieces[i].c1 = len(cuts)
	}
	if w != len(ws) {
		return cuts, false
	}
	for _, i := range misses {
		if p := pieces[i]; p.b-p.a <= memoMaxPiece {
			s.memo.put(h[p.a:p.b], p.h, cuts[p.c0:p.c1])
		}
	}
	return cuts, true
}
