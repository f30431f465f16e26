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

// FuzzParsePay: any text reads as unknown pay or as a range with
// 0 < lo ≤ hi ≤ maxPay and a period; no range is apart from itself, and
// being apart is symmetric.
func FuzzParsePay(f *testing.F) {
	f.Add("15-30K·16薪", "150-200元/天")
	f.Add("16薪", "年薪 40~60 万")
	f.Add("", "15K以上")
	f.Fuzz(func(t *testing.T, a, b string) {
		pa, pb := parsePay(a), parsePay(b)
		for _, p := range []payRange{pa, pb} {
			if !p.known() {
				if p != (payRange{}) {
					t.Fatalf("unknown pay with bounds %+v", p)
				}
				continue
			}
			if !(p.lo > 0 && p.lo <= p.hi && p.hi <= maxPay) || p.per > perYear {
				t.Fatalf("parsePay gave %+v", p)
			}
			if p.apart(p) {
				t.Fatalf("%+v is apart from itself", p)
			}
		}
		if pa.apart(pb) != pb.apart(pa) {
			t.Fatalf("apart is not symmetric for %+v and %+v", pa, pb)
		}
	})
}

// FuzzSameJob: SameJob is symmetric, implies Same, and is Same when no
// city or pay is given.
func FuzzSameJob(f *testing.F) {
	f.Add("全栈开发工程师", "负责平台前后端开发，熟悉Vue与Go。*本岗位就职于研究院嘉兴分院", "嘉兴", "15-25K",
		"全栈开发工程师", "负责平台前后端开发，熟悉Vue与Go。", "上海", "15-25K")
	f.Add("Java", "岗位职责：负责后端服务开发；任职要求：3年以上Java经验", "", "9-12K", "Java", "岗位职责：负责后端服务开发", "", "13-23K")
	f.Fuzz(func(t *testing.T, ta, da, ca, pa, tb, db, cb, pb string) {
		a := Job{Sketch: SketchOf(ta, da), City: ca, Salary: pa}
		b := Job{Sketch: SketchOf(tb, db), City: cb, Salary: pb}
		ab, ba := SameJob(a, b), SameJob(b, a)
		if ab != ba {
			t.Fatalf("SameJob(a, b) = %v, SameJob(b, a) = %v", ab, ba)
		}
		same := Same(a.Sketch, b.Sketch)
		if ab && !same {
			t.Fatal("SameJob without Same")
		}
		if SameJob(Job{Sketch: a.Sketch}, Job{Sketch: b.Sketch}) != same {
			t.Fatal("SameJob without fields differs from Same")
		}
	})
}
