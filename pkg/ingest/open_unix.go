//go:build unix

package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// openRegular opens path for reading only if it is a regular file. Opening
// a named pipe blocks until someone writes to it — forever, and past
// SIGINT, for a pipe nobody writes to — so the file is opened with
// O_NONBLOCK (which makes no difference to reading a regular file) and
// checked after the open, on the file actually opened.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if err := checkRegular(fi); err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// checkRegular refuses what is not a regular file: a folder, a named pipe,
// a device, a socket.
func checkRegular(fi fs.FileInfo) error {
	m := fi.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return fmt.Errorf("is a directory")
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("is a named pipe, not a file: save the data to a file and import that")
	case m&fs.ModeDevice != 0:
		return fmt.Errorf("is a device, not a file")
	case m&fs.ModeSocket != 0:
		return fmt.Errorf("is a socket, not a file")
	}
	return fmt.Errorf("is not a regular file (%s)", m.Type())
}
