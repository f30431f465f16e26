package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// slowFlatten is flattenObject without the fast path: what every record
// was decoded with before it.
func slowFlatten(b []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || dec.More() {
		return nil, os.ErrInvalid
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		out[k] = scalarString(v)
	}
	return out, nil
}

// FuzzFlatObject: whenever the fast path accepts a record, encoding/json
// accepts it too and reads the same columns; whatever it refuses is left to
// encoding/json. Seeds: real JSON Lines records of the corpus samples and
// the tricky cases below.
func FuzzFlatObject(f *testing.F) {
	for _, s := range []string{
		`{"id":"1","title":"Golang 开发","n":12,"x":-0.5e+3,"ok":true,"no":false,"z":null}`,
		`{"a":"x\"y\\u4e2d\n"}`, `{"a":"l1\nl2\t\"q\" \\ \/ \r\b\f"}`, `{"a":"\x"}`, `{"a":"\ud83d\ude00"}`, `{"a":"\ud800"}`, `{}`, ` { } `, `{"a":1,"a":2}`,
		`{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":truex}`, `{"a":[1,2]}`, `{"a":{"b":1}}`, `{"a":1} {"b":2}`,
		"{\"a\":\"\xff\"}", "{\"a\":\"tab\there\"}", `{"a" 1}`, `{"a":1,}`, `["a"]`, `{"a":"x"`, `{"\u0061":"b"}`,
	} {
		f.Add([]byte(s))
	}
	for _, p := range []string{"../../testdata/corpus/zhaopin-2020/zl.jsonl", "../../testdata/corpus/boss-golang-2021/golang.jsonl"} {
		if fh, err := os.Open(filepath.FromSlash(p)); err == nil {
			sc := bufio.NewScanner(fh)
			sc.Buffer(nil, 1<<24)
			for n := 0; n < 20 && sc.Scan(); n++ {
				f.Add(bytes.Clone(sc.Bytes()))
			}
			fh.Close()
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, ok := flatObject(b)
		if !ok {
			return
		}
		want, err := slowFlatten(b)
		if err != nil {
			t.Fatalf("fast path accepted %q, encoding/json refuses it", b)
		}
		if !maps.Equal(got, want) {
			t.Fatalf("%q: fast path %q, encoding/json %q", b, got, want)
		}
	})
}

// TestFlatObjectTakesRealRecords: the fast path is taken for the corpus's
// records (else it would only add work).
func TestFlatObjectTakesRealRecords(t *testing.T) {
	fh, err := os.Open(filepath.FromSlash("../../testdata/corpus/zhaopin-2020/zl.jsonl"))
	if err != nil {
		t.Skip(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<24)
	n, fast := 0, 0
	for sc.Scan() {
		n++
		if _, ok := flatObject(sc.Bytes()); ok {
			fast++
		}
	}
	if n == 0 || fast < n*9/10 {
		t.Errorf("fast path taken for %d of %d real records", fast, n)
	}
}

// TestFlatObjectAllocatesByItsStrings: decoding a string with escapes
// allocates for that string, not for the rest of the record: a record of
// 20,000 short escaped fields must not allocate the record's length for
// each (that took 50 times as long to import).
func TestFlatObjectAllocatesByItsStrings(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"title":"Go 开发","description":"负责\n后端"`)
	for i := range 20000 {
		fmt.Fprintf(&b, `,"f%d":"a\nb"`, i)
	}
	b.WriteString("}")
	line := []byte(b.String())
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m, ok := flatObject(line)
	runtime.ReadMemStats(&after)
	if !ok || m["f19999"] != "a\nb" {
		t.Fatalf("decoded %v fields (ok %v), f19999 = %q", len(m), ok, m["f19999"])
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 20*uint64(len(line)) {
		t.Errorf("decoding a %d-byte record allocated %d bytes; want at most 20 times the record", len(line), got)
	}
}
