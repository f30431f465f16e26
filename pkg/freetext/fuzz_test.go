package freetext

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParse feeds Parse and PlainText arbitrary bodies, seeded with real
// comments of every kind (posts, summaries, replies, résumés, HTML, tables).
// Run it with: go test ./pkg/freetext -run '^$' -fuzz FuzzParse -fuzztime 60s
//
// It checks what callers rely on: no panic; valid UTF-8 out; a non-post
// has a Reason and no fields; Title and City are the first of Titles and
// Cities; every title, the company and the salary are text of the comment
// (compared without spaces and decoration, which the parser trims); every
// city is a known city name.
func FuzzParse(f *testing.F) {
	posts := loadCorpus(f)
	// every 16th comment, plus the ones that exercise special paths
	special := map[int64]bool{
		591479390: true, 2046670358: true, 524289916: true, 948283972: true, 1773713360: true,
		2753542630: true, 1537382006: true, 722094309: true, 1106504747: true, 553387836: true,
	}
	for i, p := range posts {
		if i%16 == 0 || special[p.CommentID] {
			f.Add(p.Body)
		}
	}
	for _, s := range []string{"", "\xff\xfe", "#", "> ", "【", "[](", "![", "<h1>", "|a|\n|-|\n|b|", "20-30k", "远程", "&lt;email&gt;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		p := Parse(body)
		plain := PlainText(body)
		if !utf8.ValidString(plain) {
			t.Fatalf("PlainText returned invalid UTF-8: %q", plain)
		}
		checkPost(t, body, plain, p)
		if q, text := ParseWithText(body); text != plain || !reflect.DeepEqual(q, p) {
			t.Fatalf("ParseWithText differs from Parse and PlainText: %+v %q, want %+v %q", q, text, p, plain)
		}
	})
}

// checkPost asserts the invariants of a parse result.
func checkPost(t *testing.T, body, plain string, p Post) {
	t.Helper()
	if !p.IsJob {
		if p.Reason == "" {
			t.Fatalf("not a job but no reason: %+v", p)
		}
		if p.Title != "" || p.Company != "" || p.City != "" || p.Salary != "" || len(p.Titles) > 0 || len(p.Cities) > 0 || p.WorkMode != "" || p.Team != "" || p.CompanyFrom != "" {
			t.Fatalf("not a job but fields set: %+v", p)
		}
		return
	}
	if p.Reason != "" {
		t.Fatalf("a job with a reason: %+v", p)
	}
	if (p.Title == "") != (len(p.Titles) == 0) || len(p.Titles) > 0 && p.Title != p.Titles[0] {
		t.Fatalf("Title %q is not the first of Titles %q", p.Title, p.Titles)
	}
	if (p.City == "") != (len(p.Cities) == 0) || len(p.Cities) > 0 && p.City != p.Cities[0] {
		t.Fatalf("City %q is not the first of Cities %q", p.City, p.Cities)
	}
	for _, c := range p.Cities {
		if !knownCity(c) || c == Remote {
			t.Fatalf("city %q is not a known city name (body %q)", c, body)
		}
	}
	switch p.WorkMode {
	case "", WorkRemote, WorkHybrid, WorkOnsite:
	default:
		t.Fatalf("unknown work mode %q", p.WorkMode)
	}
	if (p.Company == "") != (p.CompanyFrom == "") {
		t.Fatalf("Company %q read from %q", p.Company, p.CompanyFrom)
	}
	text := squash(plain)
	fields := append([]string{p.Company, p.Team, p.Salary}, p.Titles...)
	for _, s := range fields {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 in %q", s)
		}
		if strings.TrimSpace(s) != s {
			t.Fatalf("field %q is not trimmed", s)
		}
		if !strings.Contains(text, squash(s)) {
			t.Fatalf("field %q is not text of the comment\nplain: %q", s, plain)
		}
	}
}

// squash drops what the parser may trim inside a field: white space and
// decoration (emoji, symbols).
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || isDecoration(r) {
			return -1
		}
		return r
	}, s)
}

func knownCity(c string) bool {
	for _, es := range cities.byFirst {
		for _, e := range es {
			if e.city == c {
				return true
			}
		}
	}
	return false
}

// FuzzParseHN feeds ParseHN arbitrary comments, seeded with the 250
// labelled Hacker News comments and edge cases. Run it with:
// go test ./pkg/freetext -run '^$' -fuzz FuzzParseHN -fuzztime 60s
//
// It checks: no panic; valid, trimmed UTF-8 out; a known work mode; the
// company, roles and places are text of the comment (compared without
// spaces and decoration), but for a company read from a link's host.
func FuzzParseHN(f *testing.F) {
	for _, l := range loadHNLabels(f) {
		f.Add(l.HTML)
	}
	for _, s := range []string{"", "|", " | | ", "<p>", "Location:", "Company: ", "http://", "(", "REMOTE", "Foo (http://a.b) | x",
		"A, B, C, D", "\xff", "Visa Inc | Austin, TX", "San Francisco/ CA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, html string) {
		p := ParseHN(html)
		switch p.WorkMode {
		case "", WorkRemote, WorkHybrid, WorkOnsite:
		default:
			t.Fatalf("unknown work mode %q", p.WorkMode)
		}
		joined := strings.Join(hnLines(html), "\n")
		text := squash(joined)
		// places may be written back with a comma: "Newark/ NJ" → "Newark, NJ"
		lowText := lowerASCII(text) + "\n" + lowerASCII(squash(hnSlashNorm(joined)))
		fields := append(append([]string{p.Company}, p.Roles...), p.Places...)
		for i, s := range fields {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
			if strings.TrimSpace(s) != s {
				t.Fatalf("field %q is not trimmed", s)
			}
			if i == 0 && p.URL != "" && s == domainName(p.URL) {
				continue // "cradlepoint" from https://cradlepoint.com
			}
			if !strings.Contains(lowText, lowerASCII(squash(s))) {
				t.Fatalf("field %q is not text of the comment\ntext: %q", s, text)
			}
		}
	})
}
