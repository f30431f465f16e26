// Command board serves the demo job board with a given number of postings
// on a loopback port, for the load benchmark (bench/load/run.sh): the
// crawler is measured in its own process, without the server's memory.
// It prints the board's URL and serves until its standard input closes.
//
//	go run ./bench/load/board -postings 50000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/jobtrend/jobtrend/pkg/demo"
)

func main() {
	postings := flag.Int("postings", 50000, "postings on the board (at least the 1,058 real ones)")
	flag.Parse()
	if err := run(*postings); err != nil {
		fmt.Fprintln(os.Stderr, "board:", err)
		os.Exit(1)
	}
}

func run(postings int) error {
	real, err := demo.New(demo.Options{Generated: -1})
	if err != nil {
		return err
	}
	generated := postings - real.Len()
	if generated < 1 {
		return fmt.Errorf("-postings %d: the board has %d real postings; ask for more", postings, real.Len())
	}
	b, err := demo.New(demo.Options{Generated: generated})
	if err != nil {
		return err
	}
	url, stop, err := b.Start(context.Background())
	if err != nil {
		return err
	}
	defer stop()
	fmt.Println(url)
	io.Copy(io.Discard, os.Stdin) // until the benchmark closes our input
	return nil
}
