package crawl

import (
	"errors"
	"fmt"
)

// ErrLocked is wrapped by the error Run returns when another crawl run
// holds the database (and Options.Wait is false).
var ErrLocked = errors.New("another crawl run is using this database")

// LockedError says which lock is held and by whom.
type LockedError struct {
	Path   string // the lock file
	Holder string // "pid 1234 since 2025-01-01T00:00:00Z", as the holder wrote it
}

func (e *LockedError) Error() string {
	who := ""
	if e.Holder != "" {
		who = " (" + e.Holder + ")"
	}
	return fmt.Sprintf("%v%s; lock file %s; run again with --wait to wait for it", ErrLocked, who, e.Path)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// lockPath is the run lock's file for the database at dbPath.
func lockPath(dbPath string) string { return dbPath + "-crawl.lock" }
