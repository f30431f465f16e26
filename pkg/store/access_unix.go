//go:build unix

package store

import "golang.org/x/sys/unix"

// access says whether this process may write path (its permission bits,
// owner, and a read-only mount all count), without opening it.
func access(path string) bool { return unix.Access(path, unix.W_OK) == nil }
