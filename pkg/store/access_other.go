//go:build !unix

package store

import "os"

// access says whether path looks writable: where there is no access(2),
// by its permission bits alone.
func access(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().Perm()&0o200 != 0
}
