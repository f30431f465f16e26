//go:build unix

package crawl

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// runLock is the lock that keeps two `crawl run`s off one database: an
// exclusive flock on a file beside it. The kernel releases an flock when
// its holder dies, SIGKILL included, so a crashed run never leaves a stale
// lock behind (a lock row in the database would, and would need guessing
// whether its owner is still alive).
type runLock struct{ f *os.File }

// lockRun takes the lock at path. With wait it polls until the lock is
// free or ctx ends; without, a held lock is an ErrLocked error at once.
func lockRun(ctx context.Context, path string, wait bool) (*runLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run lock %s: %w", path, err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("run lock %s: %w", path, err)
		}
		if !wait {
			holder := readHolder(f)
			f.Close()
			return nil, &LockedError{Path: path, Holder: holder}
		}
		if err := sleepCtx(ctx, 250*time.Millisecond); err != nil {
			f.Close()
			return nil, err
		}
	}
	// Say who holds it, for the message a second run prints.
	f.Truncate(0)
	f.WriteAt([]byte(fmt.Sprintf("pid %d since %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))), 0)
	return &runLock{f: f}, nil
}

func readHolder(f *os.File) string {
	b := make([]byte, 200)
	n, _ := f.ReadAt(b, 0)
	return strings.TrimSpace(string(b[:n]))
}

func (l *runLock) unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
