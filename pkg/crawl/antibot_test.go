package crawl

import (
	"testing"
)

func TestAntiBotDetection(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want bool
	}{
		{"Zhaopin's slider captcha (real)", fixture(t, "pages/zhaopin/captcha_2022-07.html"), true},
		{"Cloudflare challenge", []byte(`<html><head><title>Just a moment...</title></head><body><div id="cf-challenge-running"></div></body></html>`), true},
		{"geetest widget on a small page", []byte(`<html><head><title>提示</title></head><body><div class="geetest_holder"></div></body></html>`), true},
		{"Lagou detail page (real)", fixture(t, "pages/lagou/detail_2018-08_python.html"), false},
		{"Liepin detail page (real)", fixture(t, "pages/liepin/detail_2022-07.html.gz"), false},
		{"BOSS detail page (real)", fixture(t, "pages/zhipin/detail_2022-07.html"), false},
		{"Zhaopin list (real, 2 MB)", fixture(t, "pages/zhaopin/list_2023-01_ssr_empty_result.html.gz"), false},
		{"a job about captchas", []byte(`<html><head><title>【验证码与风控平台开发工程师招聘】_某某科技有限公司招聘信息-前程无忧官方招聘网站</title></head><body>负责滑动验证、nocaptcha 方案的研发。` + string(make([]byte, 70<<10)) + `</body></html>`), false},
	}
	for _, tt := range tests {
		body, _ := decodeBody(tt.body, "text/html")
		if got := isAntiBotPage(body); got != tt.want {
			t.Errorf("%s: isAntiBotPage = %v, want %v", tt.name, got, tt.want)
		}
	}
}
