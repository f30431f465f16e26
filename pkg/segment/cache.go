package segment

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/jobtrend/jobtrend/data"
)

// The file names gojieba's NewJieba takes, in its argument order.
const (
	fileDict = "jieba.dict.utf8"
	fileHMM  = "hmm_model.utf8"
	fileUser = "user.dict.utf8"
	fileIDF  = "idf.utf8"
	fileStop = "stop_words.utf8"
)

// cppjieba's keyword extractor loads an IDF file and a stop-word file
// whether or not it is used, and asserts (abort()) that each has at least
// one entry. Tokens never calls it, and gojieba's 6 MB IDF is exactly what
// pkg/tfidf replaces, so one-line placeholders stand in.
var (
	placeholderIDF  = []byte("jobtrend 1.0\n")
	placeholderStop = []byte("jobtrend\n")
)

type dictFile struct {
	name string
	data []byte
}

type paths struct{ dict, hmm, user, idf, stop string }

func dictPaths(dir string) paths {
	return paths{
		dict: filepath.Join(dir, fileDict),
		hmm:  filepath.Join(dir, fileHMM),
		user: filepath.Join(dir, fileUser),
		idf:  filepath.Join(dir, fileIDF),
		stop: filepath.Join(dir, fileStop),
	}
}

// resources is everything New derives from the embedded files; it is the
// same for every Segmenter of a process, so it is computed once.
type resources struct {
	files     []dictFile
	filesHash string // hex SHA-256 of files: the cache directory's name
	stopWords []string
	stopHash  [32]byte
}

var loadResources = sync.OnceValues(loadRes)

func loadRes() (*resources, error) {
	entries, err := parseUserDict(data.UserDictName, data.UserDict)
	if err != nil {
		return nil, fmt.Errorf("segment: %w", err)
	}
	// One pass over the 5 MB main dictionary serves both its uses.
	main, err := scanMainDict(data.JiebaDictName, data.JiebaDict, substrings(entries))
	if err != nil {
		return nil, fmt.Errorf("segment: %w", err)
	}
	entries = resolveFreqsFrom(entries, main)
	stop, err := parseStopWords(data.StopWordsName, data.StopWords)
	if err != nil {
		return nil, fmt.Errorf("segment: %w", err)
	}
	drop, err := keywordDropWordsFrom(entries, main)
	if err != nil {
		return nil, fmt.Errorf("segment: %w", err)
	}
	stop = append(stop, drop...)
	r := &resources{
		files: []dictFile{
			{fileDict, data.JiebaDict},
			{fileHMM, data.JiebaHMM},
			{fileUser, formatUserDict(entries)},
			{fileIDF, placeholderIDF},
			{fileStop, placeholderStop},
		},
		stopWords: stop,
		stopHash:  sha256.Sum256(data.StopWords),
	}
	h := sha256.New()
	for _, f := range r.files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.name, len(f.data))
		h.Write(f.data)
	}
	r.filesHash = hex.EncodeToString(h.Sum(nil))
	return r, nil
}

// materialize makes sure a directory holding exactly files exists and
// returns it: <base>/jieba-<hash>, written once and then reused by every
// process. It is written as a temporary directory renamed into place, so a
// reader never sees a half-written dictionary (cppjieba aborts the process
// on a truncated line) and concurrent first runs do not collide.
func materialize(base string, files []dictFile, hash string) (string, error) {
	var bases []string
	if base != "" {
		bases = []string{base}
	} else {
		if d, err := os.UserCacheDir(); err == nil {
			bases = append(bases, filepath.Join(d, "jobtrend"))
		}
		bases = append(bases, filepath.Join(os.TempDir(), fmt.Sprintf("jobtrend-%d", os.Getuid())))
	}
	var errs []error
	for _, b := range bases {
		dir, err := materializeIn(b, files, hash)
		if err == nil {
			return dir, nil
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}

func materializeIn(base string, files []dictFile, hash string) (string, error) {
	final := filepath.Join(base, "jieba-"+hash[:16])
	if stamped(final, files, hash) {
		return final, nil
	}
	if ok, _ := sameFiles(final, files); ok {
		stamp(final, hash) // written by an older binary: checked in full once
		return final, nil
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", fmt.Errorf("creating cache directory: %w", err)
	}
	tmp, err := os.MkdirTemp(base, ".jieba-tmp-")
	if err != nil {
		return "", fmt.Errorf("creating cache directory: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.data, 0o644); err != nil {
			return "", fmt.Errorf("writing %s: %w", f.name, err)
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, stampName), []byte(hash), 0o644); err != nil {
		return "", fmt.Errorf("writing %s: %w", stampName, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", fmt.Errorf("writing %s: %w", tmp, err)
	}
	err = os.Rename(tmp, final)
	if err == nil {
		return final, nil
	}
	// Another process may have won the race, which is fine, or a damaged
	// directory is in the way (same name, other content): replace it.
	if ok, _ := sameFiles(final, files); ok {
		return final, nil
	}
	if rmErr := os.RemoveAll(final); rmErr != nil {
		return "", fmt.Errorf("replacing damaged %s: %w", final, rmErr)
	}
	if err := os.Rename(tmp, final); err != nil {
		if ok, _ := sameFiles(final, files); ok {
			return final, nil
		}
		return "", fmt.Errorf("moving dictionaries into %s: %w", final, err)
	}
	return final, nil
}

// stampName is the file a dictionary directory's hash is written to, last,
// when the directory is complete.
const stampName = ".complete"

// stamped says whether dir was completed for hash and its files still
// have their sizes: a few stat calls where comparing every byte read the
// 5.6 MB again on every start. A directory appears under its final name
// only complete (it is renamed into place), so what this misses is damage
// that keeps a file's size; damage that truncates a file, the kind that
// makes cppjieba abort, is caught.
func stamped(dir string, files []dictFile, hash string) bool {
	b, err := os.ReadFile(filepath.Join(dir, stampName))
	if err != nil || string(b) != hash {
		return false
	}
	for _, f := range files {
		fi, err := os.Stat(filepath.Join(dir, f.name))
		if err != nil || fi.Size() != int64(len(f.data)) {
			return false
		}
	}
	return true
}

// stamp marks a directory checked in full as complete, atomically; a
// failure only means the next start checks it in full again.
func stamp(dir, hash string) {
	tmp, err := os.CreateTemp(dir, ".stamp-")
	if err != nil {
		return
	}
	_, err = tmp.WriteString(hash)
	if cerr := tmp.Close(); err == nil && cerr == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, stampName))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}

// sameFiles reports whether dir holds files byte for byte. Comparing costs
// a few milliseconds against the second jieba takes to load, and a damaged
// file would otherwise make cppjieba abort the process.
func sameFiles(dir string, files []dictFile) (bool, error) {
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f.name))
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if !bytes.Equal(b, f.data) {
			return false, nil
		}
	}
	return true, nil
}
