package crawl

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestNormalizeURL(t *testing.T) {
	base, _ := url.Parse("https://jobs.example.com/list/page2.html?x=1")
	tests := []struct {
		ref, want, err string
	}{
		{"https://Jobs.Example.com:443/a/./b/../c?z=1&a=2#frag", "https://jobs.example.com/a/c?a=2&z=1", ""},
		{"/jobs/1?utm_source=x&id=7&PHPSESSID=abc", "https://jobs.example.com/jobs/1?id=7", ""},
		{"detail.html;jsessionid=ABC123?id=3", "https://jobs.example.com/list/detail.html?id=3", ""},
		{"//jobs.example.com", "https://jobs.example.com/", ""},
		{"http://example.com:80", "http://example.com/", ""},
		{"http://[::1]:8080/x", "http://[::1]:8080/x", ""},
		{"?page=3", "https://jobs.example.com/list/page2.html?page=3", ""},
		{"mailto:hr@example.com", "", "scheme"},
		{"javascript:void(0)", "", "scheme"},
		{"ftp://example.com/file", "", "scheme"},
		{"file:///etc/passwd", "", "scheme"},
		{"https://user:pw@example.com/", "", "credentials"},
		{"", "", "empty"},
		{"http://%zz", "", "URL"},
		// Letters whose lower case is longer, and invalid bytes, before the
		// session id: cutting at the lower-cased string's offset panicked.
		{"/" + strings.Repeat("Ⱥ", 20) + ";JSESSIONID=2", "https://jobs.example.com/" + url.PathEscape(strings.Repeat("Ⱥ", 20)), ""},
		{"/%E7%E7%E7%E7%E7%E7%E7;jsessionid=1", "https://jobs.example.com/%E7%E7%E7%E7%E7%E7%E7", ""},
		{"/İİİ/x;JSessionID=1?a=1", "https://jobs.example.com/" + url.PathEscape("İİİ") + "/x?a=1", ""},
		{"//::", "", "IPv6"}, // a host of colons once normalized to https://[:]/, which does not parse
		{"?% #", "https://jobs.example.com/list/page2.html?%%20", ""}, // an unparsable query keeps its text, spaces escaped
		// Percent-encoding that changes nothing (RFC 3986 6.2.2.2): an
		// unreserved character is itself, and the hex of the rest is
		// upper case, so each page has one spelling.
		{"/job/%31", "https://jobs.example.com/job/1", ""},
		{"/job/%7euser/%41%2D%5F%2e", "https://jobs.example.com/job/~user/A-_.", ""},
		{"/a%2fb/%e7%88%b1", "https://jobs.example.com/a%2Fb/%E7%88%B1", ""}, // an encoded slash stays one
		{"/x?q=%31&%6B=%e7%88%b1", "https://jobs.example.com/x?k=%E7%88%B1&q=1", ""},
		{"/x?%zz&a=%31%2f", "https://jobs.example.com/x?%zz&a=1%2F", ""}, // an unparsable query too
	}
	for _, tt := range tests {
		u, err := normalizeURL(base, tt.ref)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("normalizeURL(%q) = %v, %v; want an error about %s", tt.ref, u, err, tt.err)
			}
			continue
		}
		if err != nil || u.String() != tt.want {
			t.Errorf("normalizeURL(%q) = %v, %v; want %s", tt.ref, u, err, tt.want)
		}
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"https://a.com/x?b=1&a=2", "/./../a//b;jsessionid=1", "http://[::1]:80/%41", "?utm_source=x#f",
		"https://jobs.zhaopin.com/CC120072300J00203379213.htm", "http://例子.测试/路径?查询=值"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://example.com/dir/page")
	f.Fuzz(func(t *testing.T, ref string) {
		u, err := normalizeURL(base, ref)
		if err != nil {
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("%q normalized to scheme %q", ref, u.Scheme)
		}
		again, err := normalizeURL(nil, u.String())
		if err != nil {
			t.Fatalf("normalized %q (from %q) does not normalize again: %v", u, ref, err)
		}
		if again.String() != u.String() {
			t.Fatalf("not idempotent: %q -> %q -> %q", ref, u, again)
		}
		// Another spelling of the same URL — an unreserved character of the
		// path or query percent-encoded, hex digits in lower case — is the
		// same URL.
		for _, variant := range respell(u.String()) {
			v, err := normalizeURL(nil, variant)
			if err != nil || v.String() != u.String() {
				t.Fatalf("%q, respelt %q, normalizes to %v (%v); want %q", ref, variant, v, err, u)
			}
		}
	})
}

// respell returns spellings of the normalized URL s that RFC 3986 calls
// equivalent: its first unreserved byte after the host, and after the
// '?', percent-encoded; every escape's hex in lower case.
func respell(s string) []string {
	i := strings.Index(s, "://")
	if i < 0 {
		return nil
	}
	slash := strings.IndexByte(s[i+3:], '/')
	if slash < 0 {
		return nil
	}
	start := i + 3 + slash
	var out []string
	encodeFirst := func(from int) {
		for j := from; j < len(s); j++ {
			if s[j] == '%' {
				j += 2 // an escape's hex digits are not characters of the URL
				continue
			}
			if c := s[j]; isUnreservedByte(c) {
				out = append(out, s[:j]+fmt.Sprintf("%%%02x", c)+s[j+1:])
				return
			}
		}
	}
	encodeFirst(start)
	if q := strings.IndexByte(s, '?'); q >= 0 {
		encodeFirst(q)
	}
	lower := []byte(s)
	for j := 0; j+2 < len(lower); j++ {
		if lower[j] == '%' && isHexByte(lower[j+1]) && isHexByte(lower[j+2]) {
			lower[j+1], lower[j+2] = toLowerASCII(lower[j+1]), toLowerASCII(lower[j+2])
		}
	}
	return append(out, string(lower))
}

func isUnreservedByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func isHexByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func toLowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func TestRequestKey(t *testing.T) {
	a := requestKey("POST", "https://x/api", []byte("pn=1"))
	b := requestKey("POST", "https://x/api", []byte("pn=2"))
	if a == b || requestKey("GET", "https://x/api", nil) != "https://x/api" || requestKey("", "https://x/", nil) != "https://x/" {
		t.Errorf("keys: %q %q", a, b)
	}
}

func TestTrapReason(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		raw  string
		trap bool
	}{
		{"https://x.com/jobs/12345", false},
		{"https://x.com/jobs?page=300", false},
		{"https://x.com/events/2024/05", false},
		{"https://x.com/events/2026-12", false}, // next year is still possible
		{"https://x.com/events/2031-01", true},
		{"https://x.com/events/2031/01/", true},
		{"https://api.github.com/repos/ruanyf/weekly/issues/2092/comments", false}, // an issue number, not a year
		{"https://x.com/jobs/1913", false},
		{"https://x.com/calendar?month=2099-01", true},
		{"https://x.com/calendar?year=1970", true},
		{"https://x.com/jobs/2099123", false}, // an id, not a year
		{"https://x.com/a/b/a/b/a/b/a/b/c", true},
		{"https://x.com/" + strings.Repeat("s/", 25), true},
		{"https://x.com/?" + strings.Repeat("a", 2100), true},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.raw)
		if got := trapReason(u, now); (got != "") != tt.trap {
			t.Errorf("trapReason(%s) = %q, want trap=%v", clip(tt.raw, 60), got, tt.trap)
		}
	}
}

func TestPrivateAddresses(t *testing.T) {
	for _, s := range []string{"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
		"0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1"} {
		if !isPrivateAddr(netip.MustParseAddr(s)) {
			t.Errorf("%s not seen as private", s)
		}
	}
	for _, s := range []string{"8.8.8.8", "1.1.1.1", "2606:4700::1111", "101.64.0.1"} {
		if isPrivateAddr(netip.MustParseAddr(s)) {
			t.Errorf("%s seen as private", s)
		}
	}
	for h, want := range map[string]bool{"localhost": true, "api.localhost": true, "127.0.0.1": true, "[::1]": true,
		"example.com": false, "8.8.8.8": false} {
		if hostIsPrivate(h) != want {
			t.Errorf("hostIsPrivate(%s) != %v", h, want)
		}
	}
}
