package segment

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/yanyiwu/gojieba"
)

// memoTwin is s with its own memo m (nil: every text cut whole), sharing
// s's jieba; it must not be closed.
func memoTwin(s *Segmenter, m *cutMemo) *Segmenter {
	return &Segmenter{jieba: s.jieba, hmm: s.hmm, canon: s.canon, stop: s.stop, version: s.version,
		dictDir: s.dictDir, memo: m, keepMajors: s.keepMajors}
}

// memoEdgeTexts are texts whose pieces sit at the memo's edges: separators
// first, last and doubled, one-rune pieces, a piece longer than the memo
// keeps, characters outside the Basic Multilingual Plane.
var memoEdgeTexts = []string{
	"，", "。", "，，。。", "熟悉Go，，。熟悉Go。", "，熟悉分布式系统。", "好，", "一，二。三 四",
	"负责后端开发。负责后端开发。负责后端开发",
	strings.Repeat("负责后端核心业务相关的微服务开发和维护工作", 20) + "，五险一金",
	"工作地点：北京😀上海🚀，福利：五险一金😀",
	"Ｊａｖａ开发，全栈工程师（Node.js），高并发",
}

// TestMemoCutsAsJieba: the memo's words are jieba's words for the whole
// text, offset for offset, the first time a piece is seen and every time
// after, with and without HMM. Remembering a wrong cut, cutting at a
// character that is not a separator, or losing a piece's place fails it.
func TestMemoCutsAsJieba(t *testing.T) {
	texts := slices.Clone(memoEdgeTexts)
	for _, d := range loadTestdata(t) {
		texts = append(texts, d.Text)
	}
	if *corpusDir != "" {
		for _, d := range loadFullCorpus(t, *corpusDir) {
			texts = append(texts, d.Text)
		}
	}
	for _, f := range []struct {
		name  string
		seg   func() (*Segmenter, error)
		bound int
	}{
		{"plain", segPlain, memoGenerationBytes},
		{"hmm", segHMM, memoGenerationBytes},
		// A memo that keeps dropping generations and growing tables.
		{"small", segPlain, 64 << 10},
	} {
		t.Run(f.name, func(t *testing.T) {
			s := memoTwin(mustSeg(t, f.seg), newCutMemo(f.bound))
			for pass := range 2 {
				for _, text := range texts {
					h, _ := hanText(foldFullWidth(strings.ToValidUTF8(text, " ")))
					want := s.jieba.Tokenize(h, gojieba.DefaultMode, s.hmm)
					got := s.cut(h)
					if !slices.Equal(got, want) {
						t.Fatalf("pass %d: cut of %.80q differs from jieba's:\n got %v\nwant %v", pass, h, got, want)
					}
				}
			}
			if n := s.memo.fallbacks.Load(); n != 0 {
				t.Errorf("%d texts fell back to a whole cut; want none", n)
			}
			t.Logf("%d texts, each cut cold and warm", len(texts))
		})
	}
}

// TestMemoTokensUnchanged: Tokens, the cleaned tokens, are the same with
// the memo as without it, for the real postings (a memo shared by all, as
// in a process) and the edge texts.
func TestMemoTokensUnchanged(t *testing.T) {
	base := mustSeg(t, segCanon)
	direct, memo := memoTwin(base, nil), memoTwin(base, newCutMemo(memoGenerationBytes))
	texts := slices.Clone(memoEdgeTexts)
	for _, d := range loadTestdata(t) {
		texts = append(texts, d.Text)
	}
	for pass := range 2 {
		for _, text := range texts {
			want := direct.Tokens(nil, text)
			if got := memo.Tokens(nil, text); !slices.Equal(got, want) {
				t.Fatalf("pass %d: tokens of %.80q:\n got %q\nwant %q", pass, text, got, want)
			}
		}
	}
}

// TestMemoBounded: with a small bound the memo's generations stay within
// it, and a piece used in every round survives the generations dropped
// around it while one-off pieces are forgotten.
func TestMemoBounded(t *testing.T) {
	s := mustSeg(t, segPlain)
	const bound = 64 << 10
	m := newCutMemo(bound)
	tw := memoTwin(s, m)
	const hot = "熟悉分布式系统设计"
	for i := range 20000 {
		tw.cut(fmt.Sprintf("负责第%d个项目的开发，%s", i, hot))
	}
	total, entries := 0, 0
	for i := range m.shards {
		sh := &m.shards[i]
		for _, g := range []*memoGen{&sh.cur, &sh.old} {
			if size := len(g.arena) + 8*len(g.slots); size > m.shardBytes {
				t.Errorf("shard %d holds a generation of %d bytes; bound %d", i, size, m.shardBytes)
			}
			total += len(g.arena) + 8*len(g.slots)
			entries += g.n
		}
	}
	if entries >= 20000 {
		t.Errorf("memo holds %d pieces of 20,001 seen with a %d-byte bound; want most forgotten", entries, bound)
	}
	if _, ok := m.get(hot, m.hash(hot), nil); !ok {
		t.Errorf("the piece used in every text was forgotten")
	}
	t.Logf("%d pieces, %d bytes in both generations", entries, total)
}

// FuzzMemoCut: for any text, the memo's cut is jieba's, and its tokens
// (with the words' remembered classes) those of the whole cut, cold and
// warm.
func FuzzMemoCut(f *testing.F) {
	for _, seed := range memoEdgeTexts {
		f.Add(seed)
	}
	f.Add("微服务\xff\xfe云原生\x00高并发")
	f.Add("ＡＢＣ开发，Ωmega系统。ΣΑΣ团队，Ⅻ期")
	base := mustSeg(f, segHMM)
	s, direct := memoTwin(base, newCutMemo(1<<20)), memoTwin(base, nil)
	f.Fuzz(func(t *testing.T, text string) {
		h, _ := hanText(foldFullWidth(strings.ToValidUTF8(text, " ")))
		want := s.jieba.Tokenize(h, gojieba.DefaultMode, s.hmm)
		wantTokens := direct.Tokens(nil, text)
		for range 2 {
			if got := s.cut(h); !slices.Equal(got, want) {
				t.Fatalf("cut of %q:\n got %v\nwant %v", h, got, want)
			}
			if got := s.Tokens(nil, text); !slices.Equal(got, wantTokens) {
				t.Fatalf("tokens of %q:\n got %q\nwant %q", text, got, wantTokens)
			}
		}
	})
}
