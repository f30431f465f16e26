// Package logsummary is a slog.Handler that keeps repeated warnings from
// flooding a terminal or a cron mail: it passes the first warning of each
// kind — records with the same message are one kind, so messages must be
// templates ("JSON-LD block skipped"), with the particulars in attributes —
// counts the repeats, and at the end (Flush) writes one line per kind
// with its count and the first occurrence:
//
//	WARN JSON-LD block skipped: 61 pages (first: url=http://… detail="block 1: unexpected EOF")
//
// Verbose passes every record; Quiet passes no warning and leaves only the
// summary at the end, and errors, which always pass.
package logsummary

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

// Mode says which warnings pass on to the wrapped handler as they happen.
type Mode int

const (
	// Default passes the first warning of each kind; Flush summarizes the
	// repeats.
	Default Mode = iota
	// Verbose passes every warning; Flush has nothing to add.
	Verbose
	// Quiet passes no warning; Flush summarizes every kind.
	Quiet
)

// Options configure a Handler.
type Options struct {
	Mode Mode
	// Level is the lowest level summarized (default slog.LevelWarn).
	// Records from Error up always pass; records below Level pass as the
	// wrapped handler decides.
	Level slog.Level
	// Units name what a kind's records count by the attribute its first
	// record carries: {"url": "pages"} says "61 pages" for records with a
	// url attribute. The first match in the record's order wins; without
	// one, records count as "times". Nil means DefaultUnits.
	Units map[string]string
}

// DefaultUnits are the units of Options.Units when none are given.
var DefaultUnits = map[string]string{"url": "pages", "file": "files", "row": "rows", "line": "lines"}

// Kind is one kind of warning seen: its message, how many records had it,
// how many were passed on, and the first one's attributes (the logger's
// attributes, then the record's own).
type Kind struct {
	Message string
	Level   slog.Level
	Count   int
	Shown   int
	First   []slog.Attr
}

// Handler wraps another handler; see the package comment. Handlers made
// by WithAttrs and WithGroup share the counts of the one they came from.
type Handler struct {
	inner  slog.Handler
	opts   Options
	tally  *tally
	attrs  []slog.Attr // WithAttrs so far, with group prefixes, for Kind.First
	prefix string      // open groups, "a.b."
}

type tally struct {
	mu    sync.Mutex
	kinds []*Kind
	index map[string]*Kind // by level and message
	root  slog.Handler     // where Flush writes: the wrapped handler as given
}

// New wraps inner.
func New(inner slog.Handler, opts Options) *Handler {
	if opts.Level == 0 {
		opts.Level = slog.LevelWarn
	}
	if opts.Units == nil {
		opts.Units = DefaultUnits
	}
	return &Handler{inner: inner, opts: opts, tally: &tally{index: map[string]*Kind{}, root: inner}}
}

func (h *Handler) summarized(l slog.Level) bool { return l >= h.opts.Level && l < slog.LevelError }

// Enabled reports whether a record at level l is wanted: warnings are
// counted even when the wrapped handler would drop them.
func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.summarized(l) || h.inner.Enabled(ctx, l)
}

// Handle counts a warning and passes it on if the mode says so; other
// records pass as the wrapped handler decides.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	if !h.summarized(r.Level) {
		if !h.inner.Enabled(ctx, r.Level) {
			return nil
		}
		return h.inner.Handle(ctx, r)
	}
	t := h.tally
	t.mu.Lock()
	key := r.Level.String() + "\x00" + r.Message
	k := t.index[key]
	if k == nil {
		k = &Kind{Message: r.Message, Level: r.Level, First: h.recordAttrs(r)}
		t.index[key] = k
		t.kinds = append(t.kinds, k)
	}
	k.Count++
	show := h.opts.Mode == Verbose || h.opts.Mode == Default && k.Count == 1
	if show {
		k.Shown++
	}
	t.mu.Unlock()
	if !show || !h.inner.Enabled(ctx, r.Level) {
		return nil
	}
	return h.inner.Handle(ctx, r)
}

// recordAttrs are the handler's attributes and the record's, flattened.
func (h *Handler) recordAttrs(r slog.Record) []slog.Attr {
	out := slices.Clone(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		out = appendFlat(out, h.prefix, a)
		return true
	})
	return out
}

func appendFlat(out []slog.Attr, prefix string, a slog.Attr) []slog.Attr {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, g := range v.Group() {
			out = appendFlat(out, p, g)
		}
		return out
	}
	return append(out, slog.Attr{Key: prefix + a.Key, Value: v})
}

// WithAttrs returns a handler adding attrs, sharing h's counts.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.inner = h.inner.WithAttrs(attrs)
	c.attrs = slices.Clone(h.attrs)
	for _, a := range attrs {
		c.attrs = appendFlat(c.attrs, h.prefix, a)
	}
	return &c
}

// WithGroup returns a handler opening a group, sharing h's counts.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.inner = h.inner.WithGroup(name)
	c.prefix = h.prefix + name + "."
	return &c
}

// Summary returns the kinds of warnings seen so far, in the order they
// first appeared.
func (h *Handler) Summary() []Kind {
	t := h.tally
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Kind, len(t.kinds))
	for i, k := range t.kinds {
		out[i] = *k
		out[i].First = slices.Clone(k.First)
	}
	return out
}

// Take removes the kind with message from the tally and returns it, for a
// caller that reports it in its own words (a demo whose faults are
// deliberate); ok is false when no such warning was seen.
func (h *Handler) Take(message string) (Kind, bool) {
	t := h.tally
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, k := range t.kinds {
		if k.Message == message {
			t.kinds = slices.Delete(t.kinds, i, i+1)
			delete(t.index, k.Level.String()+"\x00"+k.Message)
			return *k, true
		}
	}
	return Kind{}, false
}

// Flush writes, through the wrapped handler, one record per kind with
// records that were not passed on: "<message>: <count> <unit> (first:
// <attributes>)", at the kind's level. The counts start again from zero.
func (h *Handler) Flush(ctx context.Context) error {
	t := h.tally
	t.mu.Lock()
	kinds := t.kinds
	t.kinds, t.index = nil, map[string]*Kind{}
	t.mu.Unlock()
	var first error
	for _, k := range kinds {
		if k.Count == k.Shown || !t.root.Enabled(ctx, k.Level) {
			continue
		}
		r := slog.NewRecord(time.Now(), k.Level, h.Line(*k), 0)
		if err := t.root.Handle(ctx, r); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Line is the summary line of a kind: "JSON-LD block skipped: 61 pages
// (first: url=http://… detail=…)".
func (h *Handler) Line(k Kind) string {
	unit := "times"
	if k.Count == 1 {
		unit = "time"
	}
	for _, a := range k.First {
		key := a.Key[strings.LastIndexByte(a.Key, '.')+1:] // inside groups too
		if u, ok := h.opts.Units[key]; ok {
			unit = u
			if k.Count == 1 {
				unit = strings.TrimSuffix(u, "s")
			}
			break
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d %s", k.Message, k.Count, unit)
	if len(k.First) > 0 {
		b.WriteString(" (first: ")
		for i, a := range k.First {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(a.Key + "=" + quote(a.Value.String()))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// quote quotes a value the way slog's text handler does: only when it
// needs it.
func quote(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\n\"=") || !isPrint(s) {
		return fmt.Sprintf("%q", s)
	}
	return s
}

func isPrint(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}
