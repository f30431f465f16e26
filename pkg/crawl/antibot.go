package crawl

import (
	"bytes"
	"errors"
	"regexp"
	"sync"
	"unicode/utf8"
)

// ErrAntiBot marks a response that is a captcha or anti-bot page instead of
// the requested content. The crawler never stores such a page; it backs off
// from the host (doubling the pause each time) and retries within the
// run's budget, then defers the request to the next run.
var ErrAntiBot = errors.New("anti-bot page")

var (
	titleRe = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	// Titles of challenge pages: 滑动验证页面 (Alibaba/Zhaopin slider),
	// 安全验证, 访问验证, 人机验证, Cloudflare's "Just a moment...".
	// Only short titles count: a job page's title is long ("【游戏UI设计师
	// 招聘】_猎头顾问招聘信息-猎聘") and may name such a product.
	antibotTitle = regexp.MustCompile(`(?i)(滑动验证|安全验证|访问验证|人机验证|访问受限|访问异常|请求过于频繁|captcha|just a moment|attention required|access denied|are you a (robot|human)|security check)`)
	// Markers of the challenge scripts themselves; checked only in small
	// pages, because a real job page may mention a captcha product.
	antibotMarkers = [][]byte{
		[]byte("nocaptcha"), []byte("nc_wrapper"), []byte("waf_nc_"), []byte("geetest"), []byte("cf-challenge"),
		[]byte("challenge-platform"), []byte("_cf_chl_opt"), []byte("verify.zhipin.com"), []byte("sec.lagou.com"),
		[]byte("captcha-delivery"), []byte("px-captcha"),
	}
)

// antibotMarkerLimit: challenge pages are small; a job page of 200 KB that
// happens to contain "geetest" in a description is not one.
const antibotMarkerLimit = 64 << 10

// isAntiBotPage reports whether an HTML body (UTF-8) is a challenge page.
func isAntiBotPage(body []byte) bool {
	head := body[:min(len(body), 8192)]
	if m := titleRe.FindSubmatch(head); m != nil && utf8.RuneCount(bytes.TrimSpace(m[1])) <= 40 && antibotTitle.Match(m[1]) {
		return true
	}
	if len(body) > antibotMarkerLimit {
		return false
	}
	// The markers are ASCII: folding only ASCII letters finds them as
	// bytes.ToLower would, without decoding every Chinese character.
	buf := lowerBufs.Get().(*[]byte)
	defer lowerBufs.Put(buf)
	lower := appendLowerASCII((*buf)[:0], body)
	*buf = lower
	for _, mk := range antibotMarkers {
		if bytes.Contains(lower, mk) {
			return true
		}
	}
	return false
}

var lowerBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// appendLowerASCII appends b to dst with ASCII letters in lower case.
func appendLowerASCII(dst, b []byte) []byte {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
