package segment

import "testing"

// TestVersionOfMatchesNew: the version a report checks its cache against
// before loading anything must be the loaded segmenter's.
func TestVersionOfMatchesNew(t *testing.T) {
	for _, opts := range []Options{
		{},
		{HMM: true},
		{CanonicalVersion: "tax-1", Canonical: func(s string) (string, bool) { return s, false }},
		{ExtraStopWords: []string{"字节跳动", "美团"}},
	} {
		s, err := New(opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := VersionOf(opts); got != s.Version() {
			t.Errorf("VersionOf(%+v) = %s, New gives %s", opts, got, s.Version())
		}
		s.Close()
	}
	if VersionOf(Options{}) == VersionOf(Options{HMM: true}) || VersionOf(Options{}) == VersionOf(Options{ExtraStopWords: []string{"x"}}) {
		t.Error("options do not change the version")
	}
}

func TestLooksLikeID(t *testing.T) {
	for tok, want := range map[string]bool{
		"d4m8kldyqq": true, "zhangsanshi5566": true, "wx123abc456": true, "cugb_liangruile": true,
		"k8s": false, "log4j": false, "es2015": false, "h5": false, "p6": false, "c2m": false,
		"python": false, "vue3": false, "s3": false, "ipv6": false, "web3": false,
	} {
		if got := looksLikeID(tok); got != want {
			t.Errorf("looksLikeID(%q) = %v, want %v", tok, got, want)
		}
	}
}
