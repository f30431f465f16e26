package store

import (
	"context"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// TestControlCharactersNeverStored: text from pages and datasets may hold
// terminal escape sequences; `analyze query` prints stored text on the
// user's terminal, so the store keeps none (tab and line feed stay, a
// carriage return becomes a line feed). The source id is kept as given.
func TestControlCharactersNeverStored(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	hostile := posting.Posting{
		Source: "evil\x1b[0m", SourceID: "id\x1b1", URL: "https://example.com/\x1b]8;;x\x07",
		Title:   "Go \x1b]0;pwned\x07开发\u009b31m",
		Company: "ACME\x1b[2J\x00", City: "北京\r", Salary: "20K\x7f",
		Description: "line one\r\nline two\rthree\tcol\x1b[31mred\x1b[0m\u0085\u009d",
	}
	if _, err := s.UpsertBatch(ctx, []posting.Posting{hostile}); err != nil {
		t.Fatal(err)
	}
	p, ok, err := s.Get(ctx, "evil[0m", "id\x1b1")
	if err != nil || !ok {
		t.Fatalf("Get: ok %v, err %v", ok, err)
	}
	want := posting.Posting{Source: "evil[0m", URL: "https://example.com/]8;;x", Title: "Go ]0;pwned开发31m",
		Company: "ACME[2J", City: "北京\n", Salary: "20K", Description: "line one\nline two\nthree\tcol[31mred[0m"}
	for _, f := range []struct{ name, got, want string }{
		{"source", p.Source, want.Source}, {"url", p.URL, want.URL}, {"title", p.Title, want.Title},
		{"company", p.Company, want.Company}, {"city", p.City, want.City}, {"salary", p.Salary, want.Salary},
		{"description", p.Description, want.Description},
	} {
		if f.got != f.want {
			t.Errorf("%s stored as %q, want %q", f.name, f.got, f.want)
		}
		if strings.ContainsFunc(f.got, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f }) {
			t.Errorf("%s keeps a control character: %q", f.name, f.got)
		}
	}
	// The clean text is the posting's content: sending the hostile version
	// again changes nothing.
	c, err := s.UpsertBatch(ctx, []posting.Posting{hostile})
	if err != nil || c.Unchanged != 1 {
		t.Errorf("the same hostile posting again: %+v, %v; want unchanged", c, err)
	}
}
