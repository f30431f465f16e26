package redisfrontier

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jobtrend/jobtrend/pkg/store"
)

// Status is what `crawl status` shows of a crawl cluster.
type Status struct {
	Redis   string         `json:"redis"`
	Time    time.Time      `json:"time"` // the server's clock, which leases are measured on
	Lease   time.Duration  `json:"lease"`
	Sources []SourceStatus `json:"sources"`
	Stream  StreamStatus   `json:"stream"`
	Writer  WriterRecord   `json:"writer"`
	Nodes   []NodeStatus   `json:"nodes"`
	Hosts   []HostStatus   `json:"hosts,omitempty"` // hosts that asked for a pause that has not passed
}

// SourceStatus is one source's queue.
type SourceStatus struct {
	Name       string                   `json:"name"`
	Generation int64                    `json:"generation"`
	Started    time.Time                `json:"started"`
	Finished   time.Time                `json:"finished,omitzero"` // zero while the generation runs
	Counts     map[store.QueueState]int `json:"counts"`
	Leases     map[string]int           `json:"leases,omitempty"` // held per process
	Expired    int                      `json:"expired"`          // leases past their deadline: their node died; handed out again on the next pop
	Reclaimed  int64                    `json:"reclaimed"`        // leases handed out again in this generation
}

// StreamStatus is the postings stream: what the writer has still to do.
type StreamStatus struct {
	Backlog   int64            `json:"backlog"`   // entries not yet stored (acknowledged entries are deleted)
	Unread    int64            `json:"unread"`    // of them, not yet read by a writer
	Pending   int64            `json:"pending"`   // read by a writer, not yet acknowledged
	Consumers map[string]int64 `json:"consumers"` // pending per writer
	Dead      int64            `json:"dead"`      // entries moved to the dead-letter stream
}

// WriterRecord is what writers recorded.
type WriterRecord struct {
	Consumer string    `json:"consumer,omitempty"`
	Postings int64     `json:"postings"`
	Batches  int64     `json:"batches"`
	Last     time.Time `json:"last,omitzero"` // the last committed batch
}

// HostStatus is a host's politeness state.
type HostStatus struct {
	Host      string        `json:"host"`
	NotBefore time.Time     `json:"not_before"`
	Delay     time.Duration `json:"delay"`
	AntiBot   int           `json:"antibot"`
}

// Status reads the cluster's state.
func (s *Store) Status(ctx context.Context) (Status, error) {
	st := Status{Redis: s.Addr(), Lease: s.cfg.Lease}
	now, err := s.clock(ctx)
	if err != nil {
		return st, err
	}
	st.Time = now
	names, err := s.rdb.SMembers(ctx, s.key("sources")).Result()
	if err != nil {
		return st, fmt.Errorf("status: %w", err)
	}
	sort.Strings(names)
	for _, n := range names {
		f := newFrontier(s, n)
		ss := SourceStatus{Name: n}
		g, err := s.rdb.HGetAll(ctx, f.keys[0]).Result()
		if err != nil {
			return st, fmt.Errorf("status: source %s: %w", n, err)
		}
		ss.Generation, _ = strconv.ParseInt(g["number"], 10, 64)
		ss.Started, ss.Finished = msTime(g["started"]), msTime(g["finished"])
		if ss.Counts, err = f.Counts(ctx); err != nil {
			return st, err
		}
		owners, err := s.rdb.HGetAll(ctx, f.keys[7]).Result()
		if err != nil {
			return st, fmt.Errorf("status: source %s: %w", n, err)
		}
		for _, o := range owners {
			if ss.Leases == nil {
				ss.Leases = map[string]int{}
			}
			ss.Leases[o]++
		}
		exp, err := s.rdb.ZCount(ctx, f.keys[9], "-inf", strconv.FormatInt(now.UnixMilli(), 10)).Result()
		if err != nil {
			return st, fmt.Errorf("status: source %s: %w", n, err)
		}
		ss.Expired = int(exp)
		ss.Reclaimed, _ = s.rdb.HGet(ctx, f.keys[13], "reclaimed").Int64()
		st.Sources = append(st.Sources, ss)
	}
	if st.Stream, err = s.streamStatus(ctx); err != nil {
		return st, err
	}
	w, err := s.rdb.HGetAll(ctx, s.key("writer")).Result()
	if err != nil {
		return st, fmt.Errorf("status: writer: %w", err)
	}
	st.Writer.Consumer = w["consumer"]
	st.Writer.Postings, _ = strconv.ParseInt(w["postings"], 10, 64)
	st.Writer.Batches, _ = strconv.ParseInt(w["batches"], 10, 64)
	st.Writer.Last = msTime(w["last"])
	if st.Nodes, err = s.nodes(ctx); err != nil {
		return st, err
	}
	sort.Slice(st.Nodes, func(i, j int) bool { return st.Nodes[i].Name < st.Nodes[j].Name })
	if st.Hosts, err = s.hosts(ctx, now); err != nil {
		return st, err
	}
	return st, nil
}

func (s *Store) streamStatus(ctx context.Context) (StreamStatus, error) {
	ss := StreamStatus{Consumers: map[string]int64{}}
	var err error
	if ss.Backlog, err = s.rdb.XLen(ctx, s.streamKey()).Result(); err != nil {
		return ss, fmt.Errorf("status: stream: %w", err)
	}
	p, err := s.rdb.XPending(ctx, s.streamKey(), group).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return ss, fmt.Errorf("status: stream: %w", err)
	}
	if p != nil {
		ss.Pending = p.Count
		for c, n := range p.Consumers {
			ss.Consumers[c] = n
		}
	}
	ss.Unread = max(ss.Backlog-ss.Pending, 0)
	if ss.Dead, err = s.rdb.XLen(ctx, s.deadKey()).Result(); err != nil {
		return ss, fmt.Errorf("status: dead-letter stream: %w", err)
	}
	return ss, nil
}

// hosts lists the hosts whose NotBefore is still ahead, or that have a
// raised delay or an anti-bot run.
func (s *Store) hosts(ctx context.Context, now time.Time) ([]HostStatus, error) {
	var out []HostStatus
	prefix := s.key("host", "")
	iter := s.rdb.Scan(ctx, 0, prefix+"*", 200).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		m, err := s.rdb.HGetAll(ctx, k).Result()
		if err != nil {
			return nil, fmt.Errorf("status: %s: %w", k, err)
		}
		h := readHost(m)
		if h.NotBefore.After(now) || h.Delay > 0 || h.AntiBot > 0 {
			out = append(out, HostStatus{Host: strings.TrimPrefix(k, prefix), NotBefore: h.NotBefore, Delay: h.Delay, AntiBot: h.AntiBot})
		}
	}
	if err := iter.Err(); err != nil {
		return nil, fmt.Errorf("status: hosts: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Host < out[j].Host })
	return out, nil
}

// Text writes the status for a person.
func (st *Status) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "frontier redis %s at %s\n\n", st.Redis, st.Time.UTC().Format(time.RFC3339))
	b.WriteString("queue\n")
	if len(st.Sources) == 0 {
		b.WriteString("  no source crawled yet\n")
	}
	for _, s := range st.Sources {
		state := "running"
		if !s.Finished.IsZero() {
			state = "finished " + s.Finished.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "  %s: generation %d (%s)", s.Name, s.Generation, state)
		for _, q := range []store.QueueState{store.StatePending, store.StateInflight, store.StateDone, store.StateFailed,
			store.StateBlocked, store.StateDeferred, store.StateSkipped} {
			if n := s.Counts[q]; n > 0 {
				fmt.Fprintf(&b, ", %d %s", n, q)
			}
		}
		b.WriteString("\n")
		if len(s.Leases) > 0 || s.Expired > 0 || s.Reclaimed > 0 {
			var hs []string
			for o, n := range s.Leases {
				hs = append(hs, fmt.Sprintf("%s %d", o, n))
			}
			sort.Strings(hs)
			if len(hs) == 0 {
				hs = []string{"none held"}
			}
			fmt.Fprintf(&b, "    leases: %s; %d expired (their node died), %d handed out again\n", strings.Join(hs, ", "), s.Expired, s.Reclaimed)
		}
	}
	fmt.Fprintf(&b, "\nstream (postings for the writer)\n  backlog %d: %d unread, %d read and not yet stored",
		st.Stream.Backlog, st.Stream.Unread, st.Stream.Pending)
	var cs []string
	for c, n := range st.Stream.Consumers {
		cs = append(cs, fmt.Sprintf("%s %d", c, n))
	}
	sort.Strings(cs)
	if len(cs) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(cs, ", "))
	}
	b.WriteString("\n")
	if st.Stream.Dead > 0 {
		fmt.Fprintf(&b, "  %d entries could not be stored: see the dead-letter stream\n", st.Stream.Dead)
	}
	if st.Writer.Batches > 0 {
		fmt.Fprintf(&b, "  writer %s: %d postings in %d batches, last %s ago\n", st.Writer.Consumer, st.Writer.Postings,
			st.Writer.Batches, st.Time.Sub(st.Writer.Last).Round(time.Second))
	} else {
		b.WriteString("  no writer has stored anything yet (run crawl ingest beside the database)\n")
	}
	b.WriteString("\nnodes\n")
	if len(st.Nodes) == 0 {
		b.WriteString("  none has run\n")
	}
	for _, n := range st.Nodes {
		status := n.Status
		if n.Status == "running" && st.Time.Sub(n.Seen) > st.Lease {
			status = fmt.Sprintf("running, silent for %s (dead?)", st.Time.Sub(n.Seen).Round(time.Second))
		}
		fmt.Fprintf(&b, "  %s: %s, run %d (pid %d), %d pages, %d postings sent", n.Name, status, n.Run, n.PID, n.Pages, n.Postings)
		if n.Source != "" {
			fmt.Fprintf(&b, ", crawling %s", n.Source)
		}
		b.WriteString("\n")
	}
	if len(st.Hosts) > 0 {
		b.WriteString("\nhosts\n")
		for _, h := range st.Hosts {
			fmt.Fprintf(&b, "  %s:", h.Host)
			if h.NotBefore.After(st.Time) {
				fmt.Fprintf(&b, " paused until %s", h.NotBefore.UTC().Format(time.RFC3339))
			}
			if h.Delay > 0 {
				fmt.Fprintf(&b, " delay %s", h.Delay)
			}
			if h.AntiBot > 0 {
				fmt.Fprintf(&b, " %d anti-bot pages in a row", h.AntiBot)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
