package redisfrontier

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jobtrend/jobtrend/pkg/crawl"
)

// Host politeness state is the cluster's, not a source's: two sources on
// one host, crawled by two nodes at once, still ask it one request at a
// time. A host's state is a hash (nb: NotBefore in Unix ms, delay: ms,
// ab: anti-bot pages in a row) beside its lease (a string holding the
// token of the process with a request in flight, with a TTL).
//
// Times in it are the nodes' clocks (the transport's): nodes must keep
// their clocks in step (NTP), as any cluster must.

func (f *Frontier) hostKey(host string) string  { return f.s.key("host", host) }
func (f *Frontier) leaseKey(host string) string { return f.s.key("hostlease", host) }

func readHost(m map[string]string) crawl.HostState {
	var st crawl.HostState
	if ms, err := strconv.ParseInt(m["nb"], 10, 64); err == nil && ms > 0 {
		st.NotBefore = time.UnixMilli(ms).UTC()
	}
	if ms, err := strconv.ParseInt(m["delay"], 10, 64); err == nil {
		st.Delay = time.Duration(ms) * time.Millisecond
	}
	st.AntiBot, _ = strconv.Atoi(m["ab"])
	return st
}

// hostUpdateTries bounds the optimistic retries of UpdateHost: each
// failed try means another node changed the host in between, and so made
// progress. A random pause, growing with the tries, keeps one writer from
// losing every race.
const hostUpdateTries = 1000

// UpdateHost applies fn to host's state atomically (WATCH, read, apply,
// MULTI/EXEC, again if another node wrote in between) and returns the
// state after it; a nil fn only reads it.
func (f *Frontier) UpdateHost(ctx context.Context, host string, fn func(*crawl.HostState)) (crawl.HostState, error) {
	k := f.hostKey(host)
	if fn == nil {
		m, err := f.s.rdb.HGetAll(ctx, k).Result()
		if err != nil {
			return crawl.HostState{}, f.errorf("host "+host, err)
		}
		return readHost(m), nil
	}
	var st crawl.HostState
	txf := func(tx *redis.Tx) error {
		m, err := tx.HGetAll(ctx, k).Result()
		if err != nil {
			return err
		}
		st = readHost(m)
		fn(&st)
		nb := int64(0)
		if !st.NotBefore.IsZero() {
			// Rounded up: a request must never start early.
			nb = (st.NotBefore.UnixNano() + int64(time.Millisecond) - 1) / int64(time.Millisecond)
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, k, "nb", nb, "delay", st.Delay.Milliseconds(), "ab", st.AntiBot)
			return nil
		})
		return err
	}
	for try := range hostUpdateTries {
		err := f.s.rdb.Watch(ctx, txf, k)
		if errors.Is(err, redis.TxFailedErr) {
			pause := time.NewTimer(rand.N(10*time.Microsecond<<min(try, 10)) + time.Microsecond)
			select {
			case <-pause.C:
			case <-ctx.Done():
				pause.Stop()
				return crawl.HostState{}, f.errorf("update host "+host, ctx.Err())
			}
			continue
		}
		if err != nil {
			return crawl.HostState{}, f.errorf("update host "+host, err)
		}
		return st, nil
	}
	return crawl.HostState{}, f.errorf("update host "+host, fmt.Errorf("gave up after %d conflicting writes", hostUpdateTries))
}

// LeaseHost takes host's lease when no process holds it and its NotBefore
// is not after now.
func (f *Frontier) LeaseHost(ctx context.Context, host string, now time.Time, ttl time.Duration) (string, time.Duration, time.Time, error) {
	tok := f.s.token()
	v, err := scriptLeaseHost.Run(ctx, f.s.rdb, []string{f.hostKey(host), f.leaseKey(host)},
		now.UnixMilli(), max(ttl.Milliseconds(), 1), tok).Int64Slice()
	if err != nil {
		return "", 0, time.Time{}, f.errorf("lease host "+host, err)
	}
	switch {
	case v[0] == 1:
		return tok, 0, time.Time{}, nil
	case v[1] > 0:
		return "", time.Duration(v[1]) * time.Millisecond, time.Time{}, nil
	}
	return "", 0, time.UnixMilli(v[2]), nil
}

// ReleaseHost moves host's NotBefore past the delay and gives its lease
// back if token still holds it, in one step.
func (f *Frontier) ReleaseHost(ctx context.Context, host, token string, now time.Time, delay, jitter time.Duration) error {
	// Rounded up, as UpdateHost does: a request must never start early.
	ms := func(d time.Duration) int64 { return (int64(d) + int64(time.Millisecond) - 1) / int64(time.Millisecond) }
	if err := scriptReleaseHost.Run(ctx, f.s.rdb, []string{f.hostKey(host), f.leaseKey(host)}, token,
		ms(time.Duration(now.UnixNano())), ms(delay), ms(jitter)).Err(); err != nil {
		return f.errorf("release host "+host, err)
	}
	return nil
}
