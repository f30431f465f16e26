// Command gen writes a CSV of synthesized job postings for the load
// benchmark (bench/load/run.sh): real titles, companies, cities and
// descriptions from the project's corpus, recombined row by row
// (internal/hardening.Corpus), with ids h0000000, h0000001, ... Import it
// with --source NAME-generated so reports leave it out.
//
//	go run ./bench/load/gen -rows 1000000 > rows.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/jobtrend/jobtrend/internal/hardening"
)

func main() {
	corpus := flag.String("corpus", "testdata/corpus/jobhunting-2024/jobs.csv", "the real postings to recombine")
	rows := flag.Int("rows", 100000, "rows to write")
	edition := flag.Int("edition", 0, "edition: rows of another edition have the same ids and changed text")
	flag.Parse()
	if err := run(*corpus, *rows, *edition); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(corpus string, rows, edition int) error {
	c, err := hardening.LoadCorpus(corpus)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	if err := c.WriteCSV(w, rows, edition, 0); err != nil {
		return err
	}
	return w.Flush()
}
