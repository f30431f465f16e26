//go:build !unix

package ingest

import (
	"fmt"
	"io/fs"
	"os"
)

// openRegular opens path for reading only if it is a regular file.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, nil, fmt.Errorf("is a directory")
		}
		return nil, nil, fmt.Errorf("is not a regular file (%s)", fi.Mode().Type())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return f, fi, nil
}
