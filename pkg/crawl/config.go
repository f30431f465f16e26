package crawl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultUserAgent names the crawler and where to reach its authors, as
// polite crawlers do.
const DefaultUserAgent = "jobtrend/0.1 (+https://github.com/jobtrend/jobtrend)"

// Settings are the politeness, limit and fault-handling settings of one
// source. DefaultSettings gives the values a config file starts from.
type Settings struct {
	UserAgent      string        // sent with every request
	Delay          time.Duration // pause between two requests to one host
	Jitter         time.Duration // random extra pause, up to this much
	Timeout        time.Duration // per request (connect to last byte)
	Retries        int           // retries of a failed request (5xx, 429, timeouts, resets, anti-bot pages)
	Backoff        time.Duration // first retry pause; doubles with every retry
	AntibotBackoff time.Duration // pause after an anti-bot page; doubles while they continue
	MaxWait        time.Duration // longest pause a run waits for a host; longer ones defer to the next run
	MaxPages       int           // most requests one crawl generation queues
	MaxDepth       int           // most link hops from a start URL
	MaxBody        int64         // largest response body, in bytes
	Refresh        time.Duration // a stored detail page younger than this is not fetched again
	Workers        int           // concurrent requests (still one per host)
	AllowDomains   []string      // hosts besides the start URLs' that may be crawled
	CookieFile     string        // cookies to send (Netscape cookies.txt or one "a=b; c=d" line)
	Saved          string        // read saved responses from this folder instead of crawling
}

// DefaultSettings are the settings of a source that sets nothing.
func DefaultSettings() Settings {
	return Settings{
		UserAgent:      DefaultUserAgent,
		Delay:          time.Second,
		Jitter:         250 * time.Millisecond,
		Timeout:        30 * time.Second,
		Retries:        4,
		Backoff:        2 * time.Second,
		AntibotBackoff: time.Minute,
		MaxWait:        10 * time.Minute,
		MaxPages:       10000,
		MaxDepth:       100,
		MaxBody:        10 << 20,
		Refresh:        7 * 24 * time.Hour,
		Workers:        4,
	}
}

// Config is a set of sources to crawl.
type Config struct {
	Path    string // the file it was read from; "" when built in code
	Sources []SourceConfig
}

// SourceConfig describes one source. Only the options block of its Kind
// is read.
type SourceConfig struct {
	Name     string // stored as the postings' source (lower-case)
	Kind     string // jsonld, css, lagou, github-threads, zhaopin
	Disabled bool   // skipped unless named with --source
	Start    []string
	Settings Settings

	JSONLD  JSONLDOptions
	CSS     CSSOptions
	Lagou   LagouOptions
	GitHub  GitHubOptions
	Zhaopin ZhaopinOptions
}

// JSONLDOptions configure the jsonld source.
type JSONLDOptions struct {
	Follow []string // regular expressions; when set, only matching links are followed
	Skip   []string // regular expressions of links never followed
	// SourceFromIdentifier stores a posting under the name of its
	// identifier's PropertyValue (e.g. "demo-generated") instead of the
	// source's name, for boards that aggregate several platforms.
	SourceFromIdentifier bool
}

// Kinds lists the source kinds, for messages and --help.
var Kinds = []string{"jsonld", "css", "lagou", "github-threads", "zhaopin"}

// --- YAML ---------------------------------------------------------------

type yamlFile struct {
	Defaults yamlSettings `yaml:"defaults"`
	Sources  []yamlSource `yaml:"sources"`
}

type yamlSettings struct {
	UserAgent      *string   `yaml:"user_agent"`
	Delay          *Duration `yaml:"delay"`
	Jitter         *Duration `yaml:"jitter"`
	Timeout        *Duration `yaml:"timeout"`
	Retries        *int      `yaml:"retries"`
	Backoff        *Duration `yaml:"backoff"`
	AntibotBackoff *Duration `yaml:"antibot_backoff"`
	MaxWait        *Duration `yaml:"max_wait"`
	MaxPages       *int      `yaml:"max_pages"`
	MaxDepth       *int      `yaml:"max_depth"`
	MaxBody        *ByteSize `yaml:"max_body"`
	Refresh        *Duration `yaml:"refresh"`
	Workers        *int      `yaml:"workers"`
	AllowDomains   []string  `yaml:"allow_domains"`
	CookieFile     *string   `yaml:"cookie_file"`
	Saved          *string   `yaml:"saved"`
}

type yamlSource struct {
	Name         string   `yaml:"name"`
	Kind         string   `yaml:"kind"`
	Enabled      *bool    `yaml:"enabled"`
	Start        []string `yaml:"start"`
	yamlSettings `yaml:",inline"`

	JSONLD  *yamlJSONLD     `yaml:"jsonld"`
	CSS     *CSSOptions     `yaml:"css"`
	Lagou   *LagouOptions   `yaml:"lagou"`
	GitHub  *GitHubOptions  `yaml:"github"`
	Zhaopin *ZhaopinOptions `yaml:"zhaopin"`
}

type yamlJSONLD struct {
	Follow               []string `yaml:"follow"`
	Skip                 []string `yaml:"skip"`
	SourceFromIdentifier bool     `yaml:"source_from_identifier"`
}

// apply overlays the settings that y sets on s.
func (y *yamlSettings) apply(s *Settings) {
	setStr(&s.UserAgent, y.UserAgent)
	jitterSet := y.Jitter != nil
	if y.Delay != nil {
		s.Delay = time.Duration(*y.Delay)
		if !jitterSet {
			s.Jitter = s.Delay / 4
		}
	}
	setDur(&s.Jitter, y.Jitter)
	setDur(&s.Timeout, y.Timeout)
	setInt(&s.Retries, y.Retries)
	setDur(&s.Backoff, y.Backoff)
	setDur(&s.AntibotBackoff, y.AntibotBackoff)
	setDur(&s.MaxWait, y.MaxWait)
	setInt(&s.MaxPages, y.MaxPages)
	setInt(&s.MaxDepth, y.MaxDepth)
	if y.MaxBody != nil {
		s.MaxBody = int64(*y.MaxBody)
	}
	setDur(&s.Refresh, y.Refresh)
	setInt(&s.Workers, y.Workers)
	if y.AllowDomains != nil {
		s.AllowDomains = append([]string(nil), y.AllowDomains...)
	}
	setStr(&s.CookieFile, y.CookieFile)
	setStr(&s.Saved, y.Saved)
}

func setStr(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}
func setInt(dst *int, v *int) {
	if v != nil {
		*dst = *v
	}
}
func setDur(dst *time.Duration, v *Duration) {
	if v != nil {
		*dst = time.Duration(*v)
	}
}

// LoadConfig reads and checks a sources file.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return ParseConfig(b, path)
}

// ParseConfig reads a sources file's content; name is used in messages
// and relative paths (cookie_file, saved) are resolved against its folder.
func ParseConfig(data []byte, name string) (*Config, error) {
	var f yamlFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // a misspelt key is an error, not a silently ignored setting
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	if len(f.Sources) == 0 {
		return nil, fmt.Errorf("config %s: no sources (want a 'sources:' list)", name)
	}
	cfg := &Config{Path: name}
	defaults := DefaultSettings()
	f.Defaults.apply(&defaults)
	seen := map[string]bool{}
	for i, ys := range f.Sources {
		sc := SourceConfig{
			Name: ys.Name, Kind: ys.Kind, Start: ys.Start, Settings: defaults,
			Disabled: ys.Enabled != nil && !*ys.Enabled,
		}
		sc.Settings.AllowDomains = append([]string(nil), defaults.AllowDomains...)
		ys.yamlSettings.apply(&sc.Settings)
		if ys.JSONLD != nil {
			sc.JSONLD = JSONLDOptions{Follow: ys.JSONLD.Follow, Skip: ys.JSONLD.Skip, SourceFromIdentifier: ys.JSONLD.SourceFromIdentifier}
		}
		if ys.CSS != nil {
			sc.CSS = *ys.CSS
		}
		if ys.Lagou != nil {
			sc.Lagou = *ys.Lagou
		}
		if ys.GitHub != nil {
			sc.GitHub = *ys.GitHub
		}
		if ys.Zhaopin != nil {
			sc.Zhaopin = *ys.Zhaopin
		}
		blocks := map[string]bool{"jsonld": ys.JSONLD != nil, "css": ys.CSS != nil, "lagou": ys.Lagou != nil,
			"github-threads": ys.GitHub != nil, "zhaopin": ys.Zhaopin != nil}
		for kind, set := range blocks {
			if set && kind != sc.Kind {
				return nil, fmt.Errorf("config %s: source %d (%s): options for kind %s given to a source of kind %q",
					name, i+1, sc.Name, kind, sc.Kind)
			}
		}
		sc.Settings.CookieFile = resolveNear(name, sc.Settings.CookieFile)
		sc.Settings.Saved = resolveNear(name, sc.Settings.Saved)
		if err := sc.Check(); err != nil {
			return nil, fmt.Errorf("config %s: source %d: %w", name, i+1, err)
		}
		if seen[sc.Name] {
			return nil, fmt.Errorf("config %s: source name %q used twice", name, sc.Name)
		}
		seen[sc.Name] = true
		cfg.Sources = append(cfg.Sources, sc)
	}
	return cfg, nil
}

// resolveNear makes a path from a config file relative to the file's folder.
func resolveNear(cfgPath, p string) string {
	if p == "" || cfgPath == "" || strings.HasPrefix(p, "/") {
		return expandHome(p)
	}
	p = expandHome(p)
	if strings.HasPrefix(p, "/") {
		return p
	}
	dir := cfgPath[:strings.LastIndex(cfgPath, "/")+1]
	return dir + p
}

func expandHome(p string) string {
	if strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return h + p[1:]
		}
	}
	return p
}

var sourceNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// Check validates a source's configuration; the error names the source and
// the offending key.
func (sc *SourceConfig) Check() error {
	if !sourceNameRe.MatchString(sc.Name) {
		return fmt.Errorf("name %q: want 1-64 lower-case letters, digits, '.', '_' or '-'", sc.Name)
	}
	known := false
	for _, k := range Kinds {
		known = known || k == sc.Kind
	}
	if !known {
		return fmt.Errorf("source %s: kind %q: want one of %s", sc.Name, sc.Kind, strings.Join(Kinds, ", "))
	}
	for _, s := range sc.Start {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("source %s: start URL %q: want an absolute http or https URL", sc.Name, s)
		}
	}
	st := &sc.Settings
	switch {
	case st.UserAgent == "":
		return fmt.Errorf("source %s: user_agent is empty", sc.Name)
	case st.Delay < 0 || st.Jitter < 0 || st.Backoff < 0 || st.AntibotBackoff < 0 || st.MaxWait < 0 || st.Refresh < 0:
		return fmt.Errorf("source %s: durations must not be negative", sc.Name)
	case st.Timeout <= 0:
		return fmt.Errorf("source %s: timeout must be positive", sc.Name)
	case st.Retries < 0 || st.Retries > 20:
		return fmt.Errorf("source %s: retries %d: want 0 to 20", sc.Name, st.Retries)
	case st.MaxPages < 1:
		return fmt.Errorf("source %s: max_pages %d: want at least 1", sc.Name, st.MaxPages)
	case st.MaxDepth < 0:
		return fmt.Errorf("source %s: max_depth %d: want 0 or more", sc.Name, st.MaxDepth)
	case st.MaxBody < 1024:
		return fmt.Errorf("source %s: max_body %d: want at least 1KB", sc.Name, st.MaxBody)
	case st.Workers < 1 || st.Workers > 32:
		return fmt.Errorf("source %s: workers %d: want 1 to 32", sc.Name, st.Workers)
	}
	for _, d := range st.AllowDomains {
		if d == "" || strings.ContainsAny(d, "/:@ ") {
			return fmt.Errorf("source %s: allow_domains entry %q: want a host name", sc.Name, d)
		}
	}
	_, err := newSource(sc)
	return err
}

// Select returns the sources to run: those named (in config order), or
// every enabled source when names is empty.
func (c *Config) Select(names []string) ([]SourceConfig, error) {
	if len(names) == 0 {
		var out []SourceConfig
		for _, s := range c.Sources {
			if !s.Disabled {
				out = append(out, s)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("config %s: every source is disabled", c.Path)
		}
		return out, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []SourceConfig
	for _, s := range c.Sources {
		if want[s.Name] {
			out = append(out, s)
			delete(want, s.Name)
		}
	}
	if len(want) > 0 {
		var have []string
		for _, s := range c.Sources {
			have = append(have, s.Name)
		}
		return nil, fmt.Errorf("config %s: no source named %s (have: %s)", c.Path,
			strings.Join(sortedKeys(want), ", "), strings.Join(have, ", "))
	}
	return out, nil
}

// Duration is a time.Duration in YAML that also accepts days ("7d").
type Duration time.Duration

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = Duration(v)
	return nil
}

// ParseDuration reads a Go duration ("90s", "36h") or a number of days
// ("7d", "1.5d").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "d") {
		f, err := strconv.ParseFloat(strings.TrimSuffix(s, "d"), 64)
		if err != nil || f < 0 {
			return 0, fmt.Errorf("duration %q: want e.g. 7d, 36h, 1s", s)
		}
		return time.Duration(f * float64(24*time.Hour)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: want e.g. 7d, 36h, 1s", s)
	}
	return d, nil
}

// ByteSize is a size in YAML: a number of bytes or "512KB", "10MB", "1GB"
// (powers of 1024).
type ByteSize int64

// UnmarshalYAML implements yaml.Unmarshaler.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*b = ByteSize(v)
	return nil
}

// ParseByteSize reads "10MB", "512KB", "1GB" (powers of 1024) or a plain
// number of bytes.
func ParseByteSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suf) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suf)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("size %q: want e.g. 10MB, 512KB or a number of bytes", s)
	}
	return n * mult, nil
}
