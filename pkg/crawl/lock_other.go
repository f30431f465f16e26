//go:build !unix

package crawl

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"
)

// runLock on systems without flock: a lock file created exclusively. A
// crashed run leaves it behind; its message names the file to remove.
type runLock struct{ path string }

func lockRun(ctx context.Context, path string, wait bool) (*runLock, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			fmt.Fprintf(f, "pid %d since %s (remove this file if no crawl is running)\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))
			f.Close()
			return &runLock{path: path}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("run lock %s: %w", path, err)
		}
		if !wait {
			b, _ := os.ReadFile(path)
			return nil, &LockedError{Path: path, Holder: strings.TrimSpace(string(b))}
		}
		if err := sleepCtx(ctx, 250*time.Millisecond); err != nil {
			return nil, err
		}
	}
}

func (l *runLock) unlock() error {
	if l == nil || l.path == "" {
		return nil
	}
	err := os.Remove(l.path)
	l.path = ""
	return err
}
