package crawl

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestShippedConfig(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join("..", "..", "data", "sources.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := cfg.Select(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || srcs[0].Name != "ruanyf-weekly" || srcs[0].Kind != "github-threads" {
		t.Errorf("enabled sources = %+v, want only ruanyf-weekly", srcs)
	}
	gh := srcs[0]
	if gh.Settings.Delay != time.Second || gh.Settings.Jitter != 250*time.Millisecond || gh.Settings.Refresh != 7*24*time.Hour ||
		gh.Options.(GitHubOptions).Repo != "ruanyf/weekly" {
		t.Errorf("ruanyf-weekly settings = %+v", gh.Settings)
	}
	all, err := cfg.Select([]string{"zhaopin", "lagou"})
	if err != nil || len(all) != 2 || all[0].Name != "lagou" {
		t.Errorf("select named = %v, %v", all, err)
	}
	if all[0].Settings.Delay != 10*time.Second || !strings.HasSuffix(all[0].Settings.CookieFile, filepath.Join("data", "lagou.cookies.txt")) {
		t.Errorf("lagou settings = %+v", all[0].Settings)
	}
	// Every key the code reads is documented in the file's comment block.
	doc := string(mustRead(t, filepath.Join("..", "..", "data", "sources.yaml")))
	for _, key := range yamlKeys() {
		if !strings.Contains(doc, key) {
			t.Errorf("key %q is not documented in data/sources.yaml", key)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"empty", ``, "no sources"},
		{"misspelt key", "sources:\n  - name: a\n    kind: jsonld\n    start: [http://x.com/]\n    dely: 1s\n", "dely"},
		{"bad duration", "sources:\n  - name: a\n    kind: jsonld\n    start: [http://x.com/]\n    delay: soon\n", "duration"},
		{"bad name", "sources:\n  - name: My Board\n    kind: jsonld\n    start: [http://x.com/]\n", "name"},
		{"unknown kind", "sources:\n  - name: a\n    kind: rss\n", "kind"},
		{"duplicate", "sources:\n  - {name: a, kind: jsonld, start: [http://x.com/]}\n  - {name: a, kind: jsonld, start: [http://y.com/]}\n", "twice"},
		{"no start", "sources:\n  - {name: a, kind: jsonld}\n", "start URL"},
		{"ftp start", "sources:\n  - {name: a, kind: jsonld, start: [ftp://x.com/]}\n", "http"},
		{"css without title", "sources:\n  - {name: a, kind: css, start: [http://x.com/], css: {links: a}}\n", "css.title"},
		{"bad selector", "sources:\n  - {name: a, kind: css, start: [http://x.com/], css: {title: 'h1[', links: a}}\n", "css.title"},
		{"options of another kind", "sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], css: {title: h1}}\n", "kind css"},
		{"github repo", "sources:\n  - {name: a, kind: github-threads, github: {repo: weekly}}\n", "owner/name"},
		{"lagou queries", "sources:\n  - {name: a, kind: lagou}\n", "queries"},
		{"workers", "sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], workers: 0}\n", "workers"},
		{"negative delay", "sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], delay: -1s}\n", "negative"},
		{"bad size", "sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], max_body: lots}\n", "size"},
		{"bad follow regexp", "sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], jsonld: {follow: ['(']}}\n", "jsonld.follow"},
	}
	for _, tt := range tests {
		_, err := ParseConfig([]byte(tt.yaml), "test.yaml")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "test.yaml") {
			t.Errorf("%s: err = %v, want one naming test.yaml and %q", tt.name, err, tt.want)
		}
	}
	cfg, err := ParseConfig([]byte("sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], enabled: false}\n"), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Select(nil); err == nil || !strings.Contains(err.Error(), "disabled") {
		t.Errorf("all disabled: %v", err)
	}
	if _, err := cfg.Select([]string{"b"}); err == nil || !strings.Contains(err.Error(), `no source named b`) {
		t.Errorf("unknown source: %v", err)
	}
}

func TestConfigDefaultsAndOverrides(t *testing.T) {
	cfg, err := ParseConfig([]byte(`
defaults:
  delay: 3s
  max_body: 2MB
  refresh: 1.5d
  allow_domains: [cdn.x.com]
sources:
  - {name: a, kind: jsonld, start: [http://x.com/]}
  - {name: b, kind: jsonld, start: [http://y.com/], delay: 0s, jitter: 100ms, allow_domains: []}
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, b := cfg.Sources[0].Settings, cfg.Sources[1].Settings
	if a.Delay != 3*time.Second || a.Jitter != 750*time.Millisecond || a.MaxBody != 2<<20 || a.Refresh != 36*time.Hour ||
		len(a.AllowDomains) != 1 {
		t.Errorf("a = %+v", a)
	}
	if b.Delay != 0 || b.Jitter != 100*time.Millisecond || len(b.AllowDomains) != 0 || b.MaxBody != 2<<20 {
		t.Errorf("b = %+v", b)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	return fixtureAbs(t, path)
}

// yamlKeys lists the yaml keys of the config structs, from their tags, so
// a key added in code and not documented fails the test.
func yamlKeys() []string {
	var keys []string
	types := []reflect.Type{reflect.TypeFor[yamlSource]()}
	for _, k := range registeredKinds() {
		keys = append(keys, k.Block()+":")
		types = append(types, k.OptionsType())
	}
	for _, t := range types {
		for key := range yamlFields(t) {
			keys = append(keys, key)
		}
	}
	return keys
}

// TestOverride: crawl run's flags reach every source through the same
// patch a config file's settings are, jitter rule included.
func TestOverride(t *testing.T) {
	cfg, err := ParseConfig([]byte(`
sources:
  - {name: a, kind: jsonld, start: [http://x.com/], delay: 4s, allow_domains: [cdn.x.com]}
  - {name: b, kind: jsonld, start: [http://y.com/], jitter: 3s}
`), "o.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := Duration(2 * time.Second)
	if err := cfg.Override(SettingsPatch{Delay: &d, AddDomains: []string{"img.x.com"}}); err != nil {
		t.Fatal(err)
	}
	a, b := cfg.Sources[0].Settings, cfg.Sources[1].Settings
	if a.Delay != 2*time.Second || a.Jitter != 500*time.Millisecond || b.Jitter != 500*time.Millisecond ||
		strings.Join(a.AllowDomains, ",") != "cdn.x.com,img.x.com" || strings.Join(b.AllowDomains, ",") != "img.x.com" {
		t.Errorf("--delay 2s --allow-domain img.x.com: a = %+v, b = %+v", a, b)
	}
	j := Duration(0)
	if err := cfg.Override(SettingsPatch{Delay: &d, Jitter: &j}); err != nil || cfg.Sources[0].Settings.Jitter != 0 {
		t.Errorf("--delay 2s --jitter 0: jitter %v, %v", cfg.Sources[0].Settings.Jitter, err)
	}
	w := 0
	if err := cfg.Override(SettingsPatch{Workers: &w}); err == nil || !strings.Contains(err.Error(), "workers") {
		t.Errorf("--workers 0: %v", err)
	}
}
