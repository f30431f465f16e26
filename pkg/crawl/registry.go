package crawl

import (
	"encoding"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// The board kinds. Each lives in its own file, which defines its Kind;
// this list is the one place that names them all, in the order messages
// list them. A new board is one file and one line here.
func builtinKinds() []*Kind {
	return []*Kind{jsonldKind, cssKind, lagouKind, githubKind, zhaopinKind}
}

// A Kind is one board adapter, as a config names it (kind: lagou): how the
// options block of such a source is read and how the source is built.
// NewKind makes one; Register adds one besides the built-in kinds.
type Kind struct {
	name     string
	block    string // the key of the options block in a source
	platform string
	options  reflect.Type // the options struct
	decode   func(n *yaml.Node) (any, error)
	build    func(sc *SourceConfig) (Source, error)
	frame    func(sc *SourceConfig) string
	basis    func(sc *SourceConfig) string
}

// KindSpec describes a kind whose options are an O (a struct with yaml
// tags, like LagouOptions).
type KindSpec[O any] struct {
	// Name is the config's kind, e.g. "github-threads".
	Name string
	// Block is the key of the options block in a source ("github");
	// empty means Name.
	Block string
	// Platform is the job board the kind's postings come from ("lagou");
	// empty means the host of the source's first start URL.
	Platform string
	// New builds a source from its configuration and its options (the
	// zero O when the source gives none). Errors name the source and the
	// option.
	New func(sc *SourceConfig, o O) (Source, error)
	// Frame, when set, is the sampling frame of a source that names none
	// (a search's terms); otherwise such a source is a census.
	Frame func(sc *SourceConfig, o O) string
	// DateBasis, when set, is the date basis of a source that names none;
	// otherwise it is the publication date.
	DateBasis func(sc *SourceConfig, o O) string
}

// built adapts a constructor of a concrete source to KindSpec.New.
func built[O any, S Source](build func(*SourceConfig, O) (S, error)) func(*SourceConfig, O) (Source, error) {
	return func(sc *SourceConfig, o O) (Source, error) {
		s, err := build(sc, o)
		if err != nil {
			return nil, err // not a Source holding a nil pointer
		}
		return s, nil
	}
}

// NewKind makes the Kind a spec describes.
func NewKind[O any](spec KindSpec[O]) *Kind {
	k := &Kind{name: spec.Name, block: spec.Block, platform: spec.Platform, options: reflect.TypeFor[O]()}
	if k.block == "" {
		k.block = k.name
	}
	k.decode = func(n *yaml.Node) (any, error) {
		if err := checkKeys(n, k.options, k.block); err != nil {
			return nil, err
		}
		var o O
		if err := n.Decode(&o); err != nil {
			return nil, fmt.Errorf("%s: %w", k.block, err)
		}
		return o, nil
	}
	options := func(sc *SourceConfig) (O, error) {
		switch o := sc.Options.(type) {
		case nil:
			var zero O
			return zero, nil
		case O:
			return o, nil
		case *O:
			if o != nil {
				return *o, nil
			}
			var zero O
			return zero, nil
		}
		var zero O
		return zero, fmt.Errorf("source %s: options of type %T given to a source of kind %s (want %T)", sc.Name, sc.Options, k.name, zero)
	}
	k.build = func(sc *SourceConfig) (Source, error) {
		o, err := options(sc)
		if err != nil {
			return nil, err
		}
		return spec.New(sc, o)
	}
	if spec.Frame != nil {
		k.frame = func(sc *SourceConfig) string {
			if o, err := options(sc); err == nil {
				return spec.Frame(sc, o)
			}
			return ""
		}
	}
	if spec.DateBasis != nil {
		k.basis = func(sc *SourceConfig) string {
			if o, err := options(sc); err == nil {
				return spec.DateBasis(sc, o)
			}
			return ""
		}
	}
	return k
}

// Name is the kind's name in a config.
func (k *Kind) Name() string { return k.name }

// Block is the key of its options block in a source.
func (k *Kind) Block() string { return k.block }

// OptionsType is the type its options block decodes into.
func (k *Kind) OptionsType() reflect.Type { return k.options }

var registry struct {
	sync.RWMutex
	kinds []*Kind
}

func init() {
	for _, k := range builtinKinds() {
		if err := Register(k); err != nil {
			panic(err) // two built-in kinds share a name: a programming error
		}
	}
}

// Register adds a kind. Its name and its options block's key must be new.
func Register(k *Kind) error {
	if k == nil || k.name == "" || k.build == nil {
		return fmt.Errorf("register: a kind needs a name and a constructor (use NewKind)")
	}
	registry.Lock()
	defer registry.Unlock()
	for _, o := range registry.kinds {
		if o.name == k.name || o.block == k.block || o.name == k.block || o.block == k.name {
			return fmt.Errorf("register: kind %s (options %s) clashes with kind %s (options %s)", k.name, k.block, o.name, o.block)
		}
	}
	registry.kinds = append(registry.kinds, k)
	return nil
}

// Kinds lists the names of the registered kinds, for messages and --help.
func Kinds() []string {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]string, len(registry.kinds))
	for i, k := range registry.kinds {
		out[i] = k.name
	}
	return out
}

// kindNamed returns the kind called name.
func kindNamed(name string) (*Kind, bool) {
	registry.RLock()
	defer registry.RUnlock()
	for _, k := range registry.kinds {
		if k.name == name {
			return k, true
		}
	}
	return nil, false
}

// kindWithBlock returns the kind whose options block is called block.
func kindWithBlock(block string) (*Kind, bool) {
	registry.RLock()
	defer registry.RUnlock()
	for _, k := range registry.kinds {
		if k.block == block {
			return k, true
		}
	}
	return nil, false
}

// registeredKinds returns the registered kinds.
func registeredKinds() []*Kind {
	registry.RLock()
	defer registry.RUnlock()
	return append([]*Kind(nil), registry.kinds...)
}

// newSource builds the adapter of sc's kind.
func newSource(sc *SourceConfig) (Source, error) {
	k, ok := kindNamed(sc.Kind)
	if !ok {
		return nil, fmt.Errorf("source %s: kind %q: want one of %s", sc.Name, sc.Kind, strings.Join(Kinds(), ", "))
	}
	return k.build(sc)
}

var (
	unmarshalerType     = reflect.TypeFor[yaml.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// checkKeys reports the first key of the YAML mapping n that no field of
// the struct type t (or of the structs inside it) reads: yaml.v3's
// KnownFields applies to a whole decoder, not to a node decoded later, and
// a misspelt option must be an error, not a setting silently ignored.
// where names the block in messages.
func checkKeys(n *yaml.Node, t reflect.Type, where string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return nil // the decoder says what is wrong with the shape
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i].Value, n.Content[i+1]
			ft, ok := fields[key]
			if !ok {
				known := sortedKeys(fields)
				return fmt.Errorf("line %d: %s: unknown key %q (known: %s)", n.Content[i].Line, where, key, strings.Join(known, ", "))
			}
			if err := checkKeys(val, ft, where+"."+key); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			return nil
		}
		for _, c := range n.Content {
			if err := checkKeys(c, t.Elem(), where); err != nil {
				return err
			}
		}
	}
	return nil
}

// yamlFields maps the YAML keys of struct type t to their field types,
// following ",inline" fields.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case name == "-" || !f.IsExported():
			continue
		case strings.Contains(opts, "inline"):
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range yamlFields(ft) {
					out[k] = v
				}
			}
			continue
		case name == "":
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

// datasetOf is the dataset a source's postings belong to: what the source
// says, the rest from its kind and its start URLs.
func datasetOf(sc *SourceConfig) posting.Dataset {
	d := posting.Dataset{Name: sc.DatasetName, Platform: sc.Platform, Frame: sc.Frame, DateBasis: sc.DateBasis}
	if d.Name == "" {
		d.Name = sc.Name
	}
	k, _ := kindNamed(sc.Kind)
	if d.Platform == "" && k != nil {
		d.Platform = k.platform
	}
	if d.Platform == "" {
		d.Platform = platformFromStart(sc)
	}
	if d.Frame == "" && k != nil && k.frame != nil {
		d.Frame = k.frame(sc)
	}
	if d.Frame == "" {
		d.Frame = posting.FrameCensus
	}
	if d.DateBasis == "" && k != nil && k.basis != nil {
		d.DateBasis = k.basis(sc)
	}
	if d.DateBasis == "" {
		d.DateBasis = posting.DatePublished
	}
	if f, err := posting.ParseFrame(d.Frame); err == nil {
		d.Frame = f
	}
	if b, err := posting.ParseDateBasis(d.DateBasis); err == nil {
		d.DateBasis = b
	}
	kind := sc.Kind
	if kind == "" {
		kind = "unknown"
	}
	d.About = fmt.Sprintf("crawl source %s (kind %s)", sc.Name, kind)
	if len(sc.Start) > 0 {
		d.About += " from " + sc.Start[0]
	}
	return d
}

// platformFromStart names the platform after the first start URL's host
// ("careers.example.com"; "www." dropped), or the source when it has none.
func platformFromStart(sc *SourceConfig) string {
	for _, s := range sc.Start {
		if u, err := normalizeURL(nil, s); err == nil {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return sc.Name
}

// queryFrame is the sampling frame of a source that crawls the results of
// searches for terms: "query:" and the terms; "" when there are none.
func queryFrame(terms []string) string {
	var kept []string
	seen := map[string]bool{}
	for _, t := range terms {
		t = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(t, ",", " ")))
		if t != "" && !seen[t] {
			seen[t] = true
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	return posting.FrameQuery + strings.Join(kept, ",")
}

// searchFrame is the frame of a source whose start URLs are searches: the
// values of their param query parameter, when every start URL has one.
func searchFrame(start []string, param string) string {
	var terms []string
	for _, s := range start {
		u, err := url.Parse(s)
		if err != nil || u.Query().Get(param) == "" {
			return ""
		}
		terms = append(terms, u.Query().Get(param))
	}
	return queryFrame(terms)
}
