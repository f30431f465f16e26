package segment

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/data"
)

// TestPartOfSpeechRules: words of the dropped classes go, the tech words
// jieba mis-tags stay, verbs and nouns that name the work stay, listed
// general words go, and glued English prose goes.
func TestPartOfSpeechRules(t *testing.T) {
	s := mustSeg(t, segPlain)
	for _, tt := range []struct {
		text       string
		gone, kept []string
	}{
		{"我们相信你几乎每周都能在江宁区九龙湖打球，男性女性均可",
			[]string{"相信", "几乎", "每周", "江宁区", "九龙湖", "打球", "男性", "女性"}, nil},
		{"负责前端渲染与缓存，支持实时同步、异步任务与加密日志，推荐搜索",
			nil, []string{"前端", "渲染", "缓存", "实时", "同步", "异步", "加密", "日志", "推荐", "搜索"}},
		{"东南亚电商平台，西双版纳团建，年底双薪，条件苛刻",
			[]string{"东南亚", "西双版纳", "年底", "苛刻"}, []string{"电商平台"}},
		{"bilingualinbothmandarinandenglish internationalization kubernetes",
			[]string{"bilingualinbothmandarinandenglish"}, []string{"internationalization", "kubernetes"}},
	} {
		toks := s.Tokens(nil, tt.text)
		for _, w := range tt.gone {
			if slices.Contains(toks, w) {
				t.Errorf("%q: %q kept, want it dropped (tokens %v)", tt.text, w, toks)
			}
		}
		for _, w := range tt.kept {
			if !slices.Contains(toks, w) {
				t.Errorf("%q: %q dropped, want it kept (tokens %v)", tt.text, w, toks)
			}
		}
	}
}

// TestPosListsAreConsistent: every entry of pos_keep.txt is a dictionary
// word of a dropped class (else it keeps nothing), and no general word is
// a user-dictionary tech term.
func TestPosListsAreConsistent(t *testing.T) {
	tags := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data.JiebaDict))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 3 {
			tags[f[0]] = f[2]
		}
	}
	keep, err := parseWordList(posKeepName, posKeepFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range keep {
		if !droppedTags[tags[w]] {
			t.Errorf("%s: %q is tagged %q, a class that is not dropped: the entry does nothing", posKeepName, w, tags[w])
		}
	}
	user, err := parseUserDict(data.UserDictName, data.UserDict)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keywordDropWords(user); err != nil {
		t.Error(err)
	}
	if _, err := keywordDropWords(append(user, dictEntry{word: "相信"})); err == nil {
		t.Error("a general word that is also a user word was not refused")
	}
	general, err := parseWordList(generalWordsName, generalWordsFile)
	if err != nil || len(general) < 50 {
		t.Fatalf("general words: %d, %v", len(general), err)
	}
	if _, err := parseWordList("x", []byte("相信\n认同\n相信\n")); err == nil {
		t.Error("a word listed twice was not refused")
	}
}
