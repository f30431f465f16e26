package crawl

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// maxURLLength bounds the URLs the crawler follows: longer ones are almost
// always generated (tracking blobs, session state, endless query strings).
const maxURLLength = 2048

// sessionParams are query parameters that carry a session or a tracking tag:
// the same page under another id is the same page, and following every
// fresh id is a classic crawler trap.
var sessionParams = map[string]bool{
	"jsessionid": true, "phpsessid": true, "sid": true, "sessionid": true, "session_id": true, "sessid": true,
	"aspsessionid": true, "cfid": true, "cftoken": true, "gclid": true, "fbclid": true, "spm": true,
	"utm_source": true, "utm_medium": true, "utm_campaign": true, "utm_term": true, "utm_content": true,
}

// normalizeURL resolves ref against base (nil for an absolute URL) and
// returns the URL the crawler fetches: http or https only, host lower-cased,
// default port and fragment dropped, dot segments resolved, session and
// tracking parameters removed, the remaining query sorted.
func normalizeURL(base *url.URL, ref string) (*url.URL, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, fmt.Errorf("empty URL")
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("URL %q: %w", clip(ref, 100), err)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("URL %q: scheme %q is not http or https", clip(ref, 100), u.Scheme)
	}
	if u.Hostname() == "" || u.Opaque != "" {
		return nil, fmt.Errorf("URL %q has no host", clip(ref, 100))
	}
	if u.User != nil {
		return nil, fmt.Errorf("URL %q carries credentials; refusing it", clip(u.Redacted(), 100))
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		if _, err := netip.ParseAddr(host); err != nil {
			return nil, fmt.Errorf("URL %q: host %q is not an IPv6 address", clip(ref, 100), host)
		}
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	// ;jsessionid=… path parameters (Java servlet URL rewriting).
	if i := indexASCIIFold(u.Path, ";jsessionid="); i >= 0 {
		u.Path = u.Path[:i]
		u.RawPath = ""
	}
	if u.Path == "" {
		u.Path = "/"
	} else if strings.Contains(u.Path, "/.") {
		trailing := strings.HasSuffix(u.Path, "/")
		u.Path = path.Clean(u.Path)
		if trailing && u.Path != "/" {
			u.Path += "/"
		}
		u.RawPath = ""
	}
	// One spelling per path: percent-encoded unreserved characters decoded
	// (/job/%31 is /job/1), the hex of other escapes in upper case (RFC
	// 3986 6.2.2). A reserved character that was escaped stays escaped:
	// /a%2Fb is not /a/b.
	if u.RawPath != "" {
		raw := normalizeEscapes(u.RawPath)
		if raw == (&url.URL{Path: u.Path}).EscapedPath() {
			raw = ""
		}
		u.RawPath = raw
	}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			// Keep an unparsable query as it is: rewriting it could point
			// at another page. Only white space is escaped, so the URL
			// reads back the same (trailing spaces would be trimmed), and
			// escapes are spelt one way, as in the path.
			u.RawQuery = strings.NewReplacer(" ", "%20", "\t", "%09", "\n", "%0A", "\r", "%0D").Replace(u.RawQuery)
			u.RawQuery = normalizeEscapes(u.RawQuery)
			return u, nil
		}
		for k := range q {
			lk := strings.ToLower(k)
			if sessionParams[lk] || strings.HasPrefix(lk, "aspsessionid") {
				delete(q, k)
			}
		}
		u.RawQuery = q.Encode() // sorted by key
	}
	u.ForceQuery = false
	return u, nil
}

// normalizeEscapes rewrites the percent-escapes of an escaped URL part:
// those of unreserved characters (letters, digits, '-', '.', '_', '~')
// become the character, the others get upper-case hex. A '%' not followed
// by two hex digits is left as it is.
func normalizeEscapes(s string) string {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for ; i < len(s); i++ {
		c := s[i]
		if c != '%' || i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			b = append(b, c)
			continue
		}
		if v := unhex(s[i+1])<<4 | unhex(s[i+2]); isUnreserved(v) {
			b = append(b, v)
		} else {
			b = append(b, '%', upperHex(s[i+1]), upperHex(s[i+2]))
		}
		i += 2
	}
	return string(b)
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// indexASCIIFold is strings.Index ignoring the case of ASCII letters; lower
// is lower-case ASCII. Its offsets are s's own: strings.ToLower(s) can be
// longer or shorter than s (invalid bytes, U+023A, U+0130), and cutting s
// at an offset into it panicked on a crafted link.
func indexASCIIFold(s, lower string) int {
	for i := 0; i+len(lower) <= len(s); i++ {
		match := true
		for j := 0; j < len(lower); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lower[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// requestKey is a request's identity in the frontier: the method, the
// normalized URL and, for a request with a body, a hash of the body.
func requestKey(method, u string, body []byte) string {
	if method == "" || method == "GET" {
		return u
	}
	if len(body) == 0 {
		return method + " " + u
	}
	sum := sha256.Sum256(body)
	return method + " " + u + " " + hex.EncodeToString(sum[:8])
}

var (
	yearOnly  = regexp.MustCompile(`^(?:19|20)\d\d$`)
	monthSeg  = regexp.MustCompile(`^(?:0?[1-9]|1[0-2])$`)
	yearMonth = regexp.MustCompile(`^((?:19|20)\d\d)[-_/.]?(0[1-9]|1[0-2])(?:[-_/.]?(?:0[1-9]|[12]\d|3[01]))?$`)
)

// dateQueryKeys are query parameters calendars page with.
var dateQueryKeys = map[string]bool{"year": true, "y": true, "month": true, "date": true, "day": true,
	"cal": true, "calendar": true, "from": true, "to": true, "start": true, "end": true, "week": true}

// trapReason reports why u looks like a crawler trap ("" when it does
// not): too long, too deep, a path that repeats itself (relative links that
// keep appending), or a calendar that pages into years no posting can be
// from. Legitimate job boards stay well inside these bounds.
func trapReason(u *url.URL, now time.Time) string {
	if len(u.String()) > maxURLLength {
		return fmt.Sprintf("URL longer than %d bytes", maxURLLength)
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) > 20 {
		return "path deeper than 20 segments"
	}
	count := map[string]int{}
	for _, s := range segs {
		if s == "" {
			continue
		}
		count[s]++
		if count[s] > 3 {
			return fmt.Sprintf("path segment %q repeats", clip(s, 40))
		}
	}
	maxYear := now.Year() + 1
	yearOf := func(v string, bare bool) (int, bool) {
		var y string
		if m := yearMonth.FindStringSubmatch(v); m != nil {
			y = m[1]
		} else if bare && yearOnly.MatchString(v) {
			y = v
		} else {
			return 0, false
		}
		n, _ := strconv.Atoi(y)
		return n, true
	}
	outOfRange := func(y int) bool { return y < 1990 || y > maxYear }
	// In a path, a date is "2031-01" or "2031/01": a bare four-digit
	// segment is as often an id (GitHub issue 2092) as a year.
	for i, s := range segs {
		y, ok := yearOf(s, false)
		if !ok && yearOnly.MatchString(s) && i+1 < len(segs) && monthSeg.MatchString(segs[i+1]) {
			y, ok = yearOf(s, true)
		}
		if ok && outOfRange(y) {
			return fmt.Sprintf("calendar page for %s", s)
		}
	}
	for k, vs := range u.Query() {
		if !dateQueryKeys[strings.ToLower(k)] {
			continue
		}
		for _, v := range vs {
			if y, ok := yearOf(v, true); ok && outOfRange(y) {
				return fmt.Sprintf("calendar page for %s=%s", k, clip(v, 20))
			}
		}
	}
	if len(u.Query()) > 12 {
		return "more than 12 query parameters"
	}
	return ""
}

// isPrivateAddr reports whether ip is not a public unicast address:
// loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified or
// multicast. The crawler connects to such addresses only for a source whose
// own start URL points at one (the demo board, a test server, an intranet
// board the user named), so a public page cannot make it probe the local
// network.
func isPrivateAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() {
		return true
	}
	if ip.Is4() {
		b := ip.As4()
		if b[0] == 100 && b[1]&0xc0 == 64 { // 100.64.0.0/10 carrier-grade NAT
			return true
		}
		if b[0] == 0 || b[0] >= 240 { // "this network", reserved, broadcast
			return true
		}
	}
	return false
}

// hostIsPrivate reports whether a URL's host names a private address
// without a DNS lookup: an IP literal in a private range, or localhost.
func hostIsPrivate(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(h, "[]"))
	return err == nil && isPrivateAddr(ip)
}

// skipExtensions are links to files that are never job pages.
var skipExtensions = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true, ".ico": true,
	".css": true, ".js": true, ".mjs": true, ".woff": true, ".woff2": true, ".ttf": true, ".eot": true,
	".pdf": true, ".zip": true, ".gz": true, ".tgz": true, ".rar": true, ".7z": true, ".exe": true, ".dmg": true,
	".apk": true, ".mp3": true, ".mp4": true, ".avi": true, ".mov": true, ".wmv": true, ".flv": true,
	".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
}

// isAssetURL reports whether the link points at a file type no job page
// is served as (sitemaps ending in .xml.gz are requested explicitly).
func isAssetURL(u *url.URL) bool {
	return skipExtensions[strings.ToLower(path.Ext(u.Path))]
}

// clip shortens s for messages.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut < len(s) && s[cut]&0xc0 == 0x80 { // not inside a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}

// sortedKeys returns m's keys in order, for deterministic output.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func netipFromIP(ip net.IP) (netip.Addr, bool) {
	a, ok := netip.AddrFromSlice(ip)
	return a.Unmap(), ok
}
