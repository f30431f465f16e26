package crawl

import (
	"strings"
	"testing"
)

// The config's frontier key: a Redis URL, kept as given; anything else is
// an error naming the file and the value.
func TestConfigFrontier(t *testing.T) {
	src := "sources:\n  - {name: a, kind: jsonld, start: [http://x.com/]}\n"
	cfg, err := ParseConfig([]byte("frontier: redis://10.0.0.5:6379/2?lease=90s\n"+src), "s.yaml")
	if err != nil || cfg.Frontier != "redis://10.0.0.5:6379/2?lease=90s" {
		t.Errorf("frontier = %q, %v", cfg.Frontier, err)
	}
	if cfg, err := ParseConfig([]byte(src), "s.yaml"); err != nil || cfg.Frontier != "" {
		t.Errorf("no frontier key: %q, %v; want the database's frontier", cfg.Frontier, err)
	}
	_, err = ParseConfig([]byte("frontier: postgres://db/crawl\n"+src), "s.yaml")
	if err == nil || !strings.Contains(err.Error(), "s.yaml") || !strings.Contains(err.Error(), "postgres://db/crawl") {
		t.Errorf("a non-Redis frontier: %v", err)
	}
}
