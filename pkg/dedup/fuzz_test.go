package dedup

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzSketchOf: any title and description sketch without panicking, the
// sketch survives Marshal and Unmarshal, a sketch is Same as itself exactly
// when it is comparable, and the text's markup and line-break markers do
// not change it.
func FuzzSketchOf(f *testing.F) {
	f.Add("Java开发工程师", "岗位职责：\n<br />1、负责后端开发_x000D_\n2、3年以上Go经验&nbsp;")
	f.Add("", "")
	f.Add("<", "_x000d_&#;&")
	f.Fuzz(func(t *testing.T, title, desc string) {
		s := SketchOf(title, desc)
		got, err := Unmarshal(s.Marshal())
		if err != nil {
			t.Fatalf("Unmarshal(Marshal()): %v", err)
		}
		if got != s {
			t.Fatal("round trip changed the sketch")
		}
		if Same(s, s) != s.Comparable() {
			t.Fatalf("Same(s, s) = %v with %d shingles", Same(s, s), s.Shingles())
		}
		if j := Similarity(s, s); s.Comparable() && j != 1 {
			t.Fatalf("self-similarity %.3f", j)
		}
		if s2 := SketchOf(title, "<br />"+desc+"_x000D_"); s2.Shingles() != s.Shingles() {
			t.Fatalf("markup at the ends changed the shingle count: %d vs %d", s2.Shingles(), s.Shingles())
		}
	})
}

// FuzzUnmarshal: arbitrary bytes either decode to a sketch that encodes
// back to the same bytes, or fail with ErrFormat.
func FuzzUnmarshal(f *testing.F) {
	f.Add(SketchOf("Java开发工程师", "参与软件系统的设计、编码、测试和维护；分析客户需求，设计合理的解决方案；编写高质量的代码，确保系统的稳定性和可扩展性").Marshal())
	f.Add(Sketch{}.Marshal())
	f.Add([]byte{FormatVersion})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Unmarshal(b)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		if !bytes.Equal(s.Marshal(), b) {
			t.Fatal("decoded sketch encodes differently")
		}
		_ = s.Bands()
		_ = Similarity(s, s)
	})
}
