package store

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestRawByReference: a record holding its posting's description (as it is
// or JSON-escaped) is stored without it and comes back byte for byte; when
// the description changes under a kept record, the record is written whole
// first; a description changed behind the store's back is an error, never
// a record rebuilt around the wrong text.
func TestRawByReference(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	desc := strings.Repeat("职位描述：\n1、负责高并发微服务的设计与开发，熟悉 Kafka、Redis；\n2、熟悉 <Go> & \"C++\"。\n", 8)
	jsonRecord := func(desc string, html bool) []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		if err := enc.Encode(map[string]string{"id": "g1", "title": "Golang 后端开发", "description": desc}); err != nil {
			t.Fatal(err)
		}
		return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	}
	stored := func(id string) []byte {
		t.Helper()
		var b []byte
		if err := s.DB().QueryRow(`SELECT raw FROM postings WHERE source_id = ?`, id).Scan(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	raw := func(id string) []byte {
		t.Helper()
		got, ok, err := s.Raw(ctx, "test", id)
		if err != nil || !ok {
			t.Fatalf("Raw(%s): ok %v, %v", id, ok, err)
		}
		return got
	}
	for _, c := range []struct {
		id     string
		record []byte
	}{
		{"json", jsonRecord(desc, false)},
		{"json-html", jsonRecord(desc, true)},
		{"verbatim", []byte("<div class=\"jd\">" + desc + "</div>")},
	} {
		p := job(c.id, "Golang 后端开发", desc)
		p.Raw = c.record
		mustUpsert(t, s, p)
		if got := raw(c.id); !bytes.Equal(got, c.record) {
			t.Errorf("%s: Raw = %q, want %q", c.id, got, c.record)
		}
		if b := stored(c.id); !bytes.HasPrefix(b, refMagic) || len(b) > len(c.record)-len(desc)+32 {
			t.Errorf("%s: stored %d bytes for a %d-byte record holding a %d-byte description, starting %x",
				c.id, len(b), len(c.record), len(desc), b[:4])
		}
	}

	// The description changes, the sighting brings no record: the record
	// stored is the first one, whole.
	p := job("json", "Golang 后端开发", desc+"3、有 Go 经验者优先。")
	mustUpsert(t, s, p)
	if got, want := raw("json"), jsonRecord(desc, false); !bytes.Equal(got, want) {
		t.Errorf("after a new description: Raw = %q, want the first record", got)
	}
	if b := stored("json"); bytes.HasPrefix(b, refMagic) {
		t.Errorf("after a new description: still stored by reference")
	}

	// A new description with a new record: stored by reference again.
	p.Description = desc + "3、有 Rust 经验者优先。"
	p.Raw = jsonRecord(p.Description, false)
	mustUpsert(t, s, p)
	if got := raw("json"); !bytes.Equal(got, p.Raw) {
		t.Errorf("after a new record: Raw = %q, want %q", got, p.Raw)
	}
	if b := stored("json"); !bytes.HasPrefix(b, refMagic) {
		t.Errorf("after a new record: stored starting %x, want a reference", b[:4])
	}

	// A description changed by hand leaves a reference that cannot be
	// rebuilt: an error, not another record.
	if _, err := s.DB().Exec(`UPDATE postings SET description = 'x' || description WHERE source_id = 'verbatim'`); err != nil {
		t.Fatal(err)
	}
	if got, _, err := s.Raw(ctx, "test", "verbatim"); err == nil {
		t.Errorf("Raw after the description changed by hand = %q, nil error", got)
	}

	// A short description is not worth a reference.
	q := job("short", "Golang", "负责高并发微服务")
	q.Raw = jsonRecord(q.Description, false)
	mustUpsert(t, s, q)
	if b := stored("short"); !bytes.HasPrefix(b, zstdMagic) {
		t.Errorf("a short description: stored starting %x, want a zstd frame", b[:4])
	}
	if got := raw("short"); !bytes.Equal(got, q.Raw) {
		t.Errorf("a short description: Raw = %q", got)
	}
}

// FuzzUnpackRaw: a stored value of any bytes reads back as a record or an
// error, never a panic.
func FuzzUnpackRaw(f *testing.F) {
	desc := strings.Repeat("负责高并发微服务的设计与开发\n", 10)
	f.Add(packRaw([]byte(`{"description":"`+strings.ReplaceAll(desc, "\n", `\n`)+`"}`), desc), desc)
	f.Add(packRaw([]byte(desc), desc), desc)
	f.Add([]byte{0x5e, 0x2a, 0x4d, 0x18, 0xff, 0xff, 0xff, 0xff}, "")
	f.Fuzz(func(t *testing.T, b []byte, desc string) {
		out, err := unpackRaw(b, desc)
		if err == nil && bytes.HasPrefix(b, refMagic) && !bytes.Contains(out, writeAs(b[8], desc)) {
			t.Errorf("rebuilt %q without the description", out)
		}
	})
}
