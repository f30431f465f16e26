package crawl

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
)

// loadCookieFile gives the collector the cookies of a file, for platforms
// that answer only a logged-in browser. Two forms are read:
//
//   - Netscape cookies.txt (what browser extensions and curl export):
//     domain, include-subdomains, path, secure, expiry, name, value,
//     tab-separated; "#HttpOnly_" prefixes are understood;
//   - one line "name=value; name2=value2" (a Cookie header copied from the
//     browser's developer tools), sent to every host of the source.
//
// Cookies are set only for hosts the source may crawl.
func loadCookieFile(c *colly.Collector, path string, hosts []string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cookie file: %w", err)
	}
	defer f.Close()
	perHost, header, err := parseCookieFile(f.Name(), bufio.NewScanner(f), time.Now())
	if err != nil {
		return err
	}
	n := 0
	for _, h := range hosts {
		var cs []*http.Cookie
		for dom, list := range perHost {
			if h == dom || strings.HasSuffix(h, "."+dom) {
				cs = append(cs, list...)
			}
		}
		cs = append(cs, header...)
		if len(cs) == 0 {
			continue
		}
		for _, scheme := range []string{"https", "http"} {
			if err := c.SetCookies(scheme+"://"+h+"/", cs); err != nil {
				return fmt.Errorf("cookie file %s: %w", path, err)
			}
		}
		n += len(cs)
	}
	if n == 0 {
		return fmt.Errorf("cookie file %s: no cookie for the source's hosts (%s)", path, strings.Join(hosts, ", "))
	}
	return nil
}

func parseCookieFile(name string, sc *bufio.Scanner, now time.Time) (map[string][]*http.Cookie, []*http.Cookie, error) {
	perHost := map[string][]*http.Cookie{}
	var header []*http.Cookie
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(t, "#HttpOnly_") {
			t = strings.TrimPrefix(t, "#HttpOnly_")
		} else if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if f := strings.Split(t, "\t"); len(f) == 7 {
			exp, err := strconv.ParseInt(f[4], 10, 64)
			if err != nil {
				return nil, nil, fmt.Errorf("cookie file %s:%d: expiry %q is not a number", name, line, f[4])
			}
			if exp != 0 && time.Unix(exp, 0).Before(now) {
				continue // expired
			}
			dom := strings.ToLower(strings.TrimPrefix(f[0], "."))
			perHost[dom] = append(perHost[dom], &http.Cookie{Name: f[5], Value: f[6], Path: f[2], Secure: strings.EqualFold(f[3], "TRUE")})
			continue
		}
		t = strings.TrimPrefix(t, "Cookie:")
		cs, err := http.ParseCookie(strings.TrimSpace(t))
		if err != nil {
			return nil, nil, fmt.Errorf("cookie file %s:%d: neither a cookies.txt line (7 tab-separated fields) nor \"name=value; ...\": %v", name, line, err)
		}
		header = append(header, cs...)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("cookie file %s: %w", name, err)
	}
	return perHost, header, nil
}
