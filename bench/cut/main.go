// Command cut times gojieba's own Cut (HMM on, the project's dictionaries
// and user dictionary) over the text of a JSON Lines file on every core:
// the floor any segmentation of that text costs, against which bench/run.sh
// sets what segmenting during an import adds.
//
//	go run ./bench/cut FILE.jsonl
//
// The text of a line is its "title" and "description" joined by a line
// break (bench/synth's rows), or its "body" (the "谁在招人" posts). The
// dictionaries are loaded first and not timed. It prints one line:
// postings, MB of text, seconds, MB/s and the number of goroutines.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/yanyiwu/gojieba"

	"github.com/jobtrend/jobtrend/pkg/segment"
	"github.com/jobtrend/jobtrend/pkg/skill"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: cut FILE.jsonl")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "cut:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	texts, bytes, err := load(path)
	if err != nil {
		return err
	}
	// The segmenter writes the dictionaries (with the resolved user
	// dictionary) where gojieba can read them; Cut gets the same files.
	tax := skill.DefaultTaxonomy()
	seg, err := segment.New(segment.Options{Canonical: tax.Canonical, CanonicalVersion: tax.Version()})
	if err != nil {
		return err
	}
	dir := seg.DictDir()
	seg.Close()
	j := gojieba.NewJieba(filepath.Join(dir, "jieba.dict.utf8"), filepath.Join(dir, "hmm_model.utf8"),
		filepath.Join(dir, "user.dict.utf8"), filepath.Join(dir, "idf.utf8"), filepath.Join(dir, "stop_words.utf8"))
	defer j.Free()

	workers := runtime.GOMAXPROCS(0)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(texts); i += workers {
				_ = j.Cut(texts[i], true)
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	fmt.Printf("cut: %d postings, %.1f MB, %.2f s, %.1f MB/s on %d goroutines\n",
		len(texts), float64(bytes)/1e6, secs, float64(bytes)/1e6/secs, workers)
	return nil
}

func load(path string) ([]string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	var texts []string
	var total int64
	for n := 1; sc.Scan(); n++ {
		var r struct{ Title, Description, Body string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, 0, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		t := r.Body
		if t == "" {
			t = r.Title + "\n" + r.Description
		}
		texts = append(texts, t)
		total += int64(len(t))
	}
	return texts, total, sc.Err()
}
