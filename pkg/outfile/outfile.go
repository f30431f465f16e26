// Package outfile writes a command's output file without ever destroying a
// file it did not make: the store, another program's data, a document the
// user typed the wrong name of. A file is written beside its destination
// and renamed over it only when complete, so an interrupted command leaves
// the old file (or none), never half of a new one.
package outfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrRefused is returned (wrapped, with the reason) for a destination the
// command must not write over.
var ErrRefused = errors.New("refusing to write over")

// Options says what may be replaced.
type Options struct {
	// Recognize says whether the first bytes of an existing file (up to
	// 64 KB) are a previous output of the same kind, which may be
	// replaced. nil recognizes nothing: only a new file is written.
	Recognize func(head []byte) bool
	// Protect lists files that must never be written, whatever Force says
	// (the store the command reads).
	Protect []string
	// Force replaces an existing file that Recognize does not know. It
	// never replaces a protected file or an SQLite database.
	Force bool
}

// storeFiles are the suffixes of a store's files: the database, SQLite's
// side files, and the crawl's run lock (crawl's lockPath), whose
// replacement by another inode would let a second crawl run beside the
// one that holds it.
var storeFiles = []string{"", "-wal", "-shm", "-journal", "-crawl.lock"}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// Check says whether path may be written, without writing anything.
func Check(path string, opts Options) error {
	if path == "" {
		return errors.New("no output path")
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("output %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("output %s: is a directory: give a file name", path)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%w %s: not a regular file (%s)", ErrRefused, path, fi.Mode().Type())
	}
	for _, p := range opts.Protect {
		if p == "" {
			continue
		}
		// A database's side files are as much the store as the file itself.
		for _, suffix := range storeFiles {
			if same(path, p+suffix) {
				return fmt.Errorf("%w %s: it is part of the store %s; give another output path", ErrRefused, path, p)
			}
		}
	}
	if err != nil { // does not exist: nothing to lose
		if dir := filepath.Dir(path); !isDir(dir) {
			return fmt.Errorf("output %s: directory %s does not exist", path, dir)
		}
		return nil
	}
	head, err := readHead(path)
	if err != nil {
		return fmt.Errorf("output %s: %w", path, err)
	}
	switch {
	case bytes.HasPrefix(head, sqliteMagic):
		return fmt.Errorf("%w %s: it is an SQLite database", ErrRefused, path)
	case len(head) == 0, opts.Recognize != nil && opts.Recognize(head), opts.Force:
		return nil
	}
	return fmt.Errorf("%w %s: the file exists and is not an earlier output of this command (--force replaces it)", ErrRefused, path)
}

// File is an output being written: a temporary file beside the
// destination, which Commit renames over it.
type File struct {
	*os.File
	dest string
	done bool
}

// Create checks path and opens a temporary file beside it.
func Create(path string, opts Options) (*File, error) {
	if err := Check(path, opts); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("output %s: %w", path, err)
	}
	return &File{File: f, dest: path}, nil
}

// Commit flushes the file to disk and puts it in place. The destination
// is checked again first: it may have appeared since Create.
func (f *File) Commit(opts Options) error {
	if f.done {
		return errors.New("output already committed or aborted")
	}
	f.done = true
	tmp := f.Name()
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = Check(f.dest, opts)
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, f.dest)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("output %s: %w", f.dest, err)
	}
	return nil
}

// Abort removes the temporary file; safe to call after Commit.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	os.Remove(f.Name())
}

// Write writes data to path as one output.
func Write(path string, data []byte, opts Options) error {
	f, err := Create(path, opts)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("output %s: %w", path, err)
	}
	return f.Commit(opts)
}

func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 64<<10))
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// same says whether a and b name one file: the same inode, or, when b
// does not exist yet, the same cleaned absolute path.
func same(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}
