package skill

import (
	"sort"
	"testing"
)

func FuzzTag(f *testing.F) {
	for _, c := range loadEval(f, "testdata/eval.jsonl")[:120] {
		f.Add(c.Text)
	}
	for _, s := range []string{"Ｇｏ", "go", "<b>Go</b>", "C/C++/Go", "python3.", "c++11", "&#x47;o", "Go1.", "r&", "\xff\xfego", "Go_x000d_", "_X000A_rust"} {
		f.Add(s)
	}
	tg := DefaultTagger()
	names := map[string]bool{}
	for _, n := range tg.Taxonomy().Names() {
		names[n] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms := tg.Tag(s)
		last := 0
		for _, m := range ms {
			if m.Start < last || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("mention %+v out of order or outside the text (len %d, previous end %d): %q", m, len(s), last, s)
			}
			if s[m.Start:m.End] != m.Match {
				t.Fatalf("mention %+v: text there is %q", m, s[m.Start:m.End])
			}
			if !names[m.Skill] {
				t.Fatalf("mention %+v: unknown skill", m)
			}
			last = m.End
		}
		sk := tg.Skills(s)
		if !sort.StringsAreSorted(sk) {
			t.Fatalf("Skills not sorted: %v", sk)
		}
		for _, m := range ms {
			if !tg.Has(s, m.Skill) {
				t.Fatalf("Tag found %q but Has denies it: %q", m.Skill, s)
			}
		}
	})
}
