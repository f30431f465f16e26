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

	"github.com/jobtrend/jobtrend/pkg/posting"
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
	// Frontier is where the crawl state lives when it is not the
	// database: a redis:// URL shared by the nodes of a crawl cluster
	// (crawl run --frontier overrides it); "" for the database.
	Frontier string
}

// SourceConfig describes one source.
type SourceConfig struct {
	Name     string // stored as the postings' source (lower-case)
	Kind     string // the board adapter: a registered Kind's name (Kinds lists them)
	Disabled bool   // skipped unless named with --source
	Start    []string
	Settings Settings
	// Options are the options of the source's kind: a value (or pointer)
	// of the type its options block decodes into, e.g. JSONLDOptions;
	// nil for the kind's defaults.
	Options any

	// The dataset the source's postings belong to; each is optional, see
	// Dataset for the defaults.
	DatasetName string // its name; default: the source's name
	Platform    string // default: the kind's platform, else the first start URL's host
	Frame       string // census, sample or query:TERMS; default: the kind's, else census
	DateBasis   string // published or first_seen; default: the kind's, else published
}

// Dataset is the dataset the source's postings belong to, with the
// defaults filled in. Every posting the source stores names it.
func (sc *SourceConfig) Dataset() posting.Dataset { return datasetOf(sc) }

// --- YAML ---------------------------------------------------------------

type yamlFile struct {
	Frontier string        `yaml:"frontier"`
	Defaults SettingsPatch `yaml:"defaults"`
	Sources  []yamlSource  `yaml:"sources"`
}

// SettingsPatch is a set of settings to change: the defaults: block of a
// config file, a source's own settings, or crawl run's flags. A nil field
// changes nothing.
type SettingsPatch struct {
	UserAgent      *string   `yaml:"user_agent"`
	Delay          *Duration `yaml:"delay"` // also sets the jitter to a quarter of it, unless Jitter is set
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
	AllowDomains   []string  `yaml:"allow_domains"` // replaces the list (nil: unchanged)
	AddDomains     []string  `yaml:"-"`             // added to the list (crawl run --allow-domain)
	CookieFile     *string   `yaml:"cookie_file"`
	Saved          *string   `yaml:"saved"`
}

type yamlSource struct {
	Name          string   `yaml:"name"`
	Kind          string   `yaml:"kind"`
	Enabled       *bool    `yaml:"enabled"`
	Start         []string `yaml:"start"`
	Dataset       string   `yaml:"dataset"`
	Platform      string   `yaml:"platform"`
	Frame         string   `yaml:"frame"`
	DateBasis     string   `yaml:"date_basis"`
	SettingsPatch `yaml:",inline"`
	// Blocks are the other keys: the options block of the source's kind,
	// or mistakes.
	Blocks map[string]yaml.Node `yaml:",inline"`
}

// Apply changes s as the patch says. The jitter follows the delay (a
// quarter of it) unless the patch sets the jitter too.
func (p *SettingsPatch) Apply(s *Settings) {
	setStr(&s.UserAgent, p.UserAgent)
	if p.Delay != nil {
		s.Delay = time.Duration(*p.Delay)
		if p.Jitter == nil {
			s.Jitter = s.Delay / 4
		}
	}
	setDur(&s.Jitter, p.Jitter)
	setDur(&s.Timeout, p.Timeout)
	setInt(&s.Retries, p.Retries)
	setDur(&s.Backoff, p.Backoff)
	setDur(&s.AntibotBackoff, p.AntibotBackoff)
	setDur(&s.MaxWait, p.MaxWait)
	setInt(&s.MaxPages, p.MaxPages)
	setInt(&s.MaxDepth, p.MaxDepth)
	if p.MaxBody != nil {
		s.MaxBody = int64(*p.MaxBody)
	}
	setDur(&s.Refresh, p.Refresh)
	setInt(&s.Workers, p.Workers)
	if p.AllowDomains != nil {
		s.AllowDomains = append([]string(nil), p.AllowDomains...)
	}
	if len(p.AddDomains) > 0 {
		s.AllowDomains = append(append([]string(nil), s.AllowDomains...), p.AddDomains...)
	}
	setStr(&s.CookieFile, p.CookieFile)
	setStr(&s.Saved, p.Saved)
}

// Override applies p to every source's settings and checks each source
// again.
func (c *Config) Override(p SettingsPatch) error {
	for i := range c.Sources {
		p.Apply(&c.Sources[i].Settings)
		if err := c.Sources[i].Check(); err != nil {
			return err
		}
	}
	return nil
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
	if f.Frontier != "" {
		u, err := url.Parse(f.Frontier)
		if err != nil || u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix" {
			return nil, fmt.Errorf("config %s: frontier %q: want redis://HOST:PORT/DB (rediss:// for TLS, unix:// for a socket)", name, f.Frontier)
		}
	}
	cfg := &Config{Path: name, Frontier: f.Frontier}
	defaults := DefaultSettings()
	f.Defaults.Apply(&defaults)
	seen := map[string]bool{}
	for i, ys := range f.Sources {
		sc := SourceConfig{
			Name: ys.Name, Kind: ys.Kind, Start: ys.Start, Settings: defaults,
			Disabled:    ys.Enabled != nil && !*ys.Enabled,
			DatasetName: ys.Dataset, Platform: ys.Platform, Frame: ys.Frame, DateBasis: ys.DateBasis,
		}
		sc.Settings.AllowDomains = append([]string(nil), defaults.AllowDomains...)
		ys.SettingsPatch.Apply(&sc.Settings)
		for _, key := range sortedKeys(ys.Blocks) {
			node := ys.Blocks[key]
			k, ok := kindWithBlock(key)
			switch {
			case !ok:
				return nil, fmt.Errorf("config %s: line %d: source %d (%s): unknown key %q", name, node.Line, i+1, sc.Name, key)
			case k.name != sc.Kind:
				return nil, fmt.Errorf("config %s: source %d (%s): options for kind %s given to a source of kind %q",
					name, i+1, sc.Name, k.name, sc.Kind)
			}
			o, err := k.decode(&node)
			if err != nil {
				return nil, fmt.Errorf("config %s: source %d (%s): %w", name, i+1, sc.Name, err)
			}
			sc.Options = o
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
	if _, ok := kindNamed(sc.Kind); !ok {
		return fmt.Errorf("source %s: kind %q: want one of %s", sc.Name, sc.Kind, strings.Join(Kinds(), ", "))
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
	if err := sc.checkDataset(); err != nil {
		return err
	}
	_, err := newSource(sc)
	return err
}

var datasetNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$`)

// checkDataset validates the dataset keys the source gives.
func (sc *SourceConfig) checkDataset() error {
	if sc.DatasetName != "" && !datasetNameRe.MatchString(sc.DatasetName) {
		return fmt.Errorf("source %s: dataset %q: want 1-128 letters, digits, '.', '_', ':', '/' or '-'", sc.Name, sc.DatasetName)
	}
	if sc.Platform != "" && !sourceNameRe.MatchString(sc.Platform) {
		return fmt.Errorf("source %s: platform %q: want 1-64 lower-case letters, digits, '.', '_' or '-'", sc.Name, sc.Platform)
	}
	if sc.Frame != "" {
		if _, err := posting.ParseFrame(sc.Frame); err != nil {
			return fmt.Errorf("source %s: frame: %w", sc.Name, err)
		}
	}
	if sc.DateBasis != "" {
		if _, err := posting.ParseDateBasis(sc.DateBasis); err != nil {
			return fmt.Errorf("source %s: date_basis: %w", sc.Name, err)
		}
	}
	return datasetOf(sc).Validate()
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
