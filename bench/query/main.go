// Command query times `analyze query` in-process on an existing store: each
// query REPEAT times (default 5), printing the fastest, the median and the
// slowest, so the time a user waits for an answer is measured without the
// process start.
//
//	go run ./bench/query -db STORE TERM[,TERM...] ...
//
// Every argument is one query; commas separate its terms (golang, 微服务,
// 高并发,k8s). The store is brought up to date first (Reindex, IndexSkills),
// outside the timings, as analyze query does on its first run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

func main() {
	db := flag.String("db", "", "store")
	repeat := flag.Int("repeat", 5, "runs per query")
	search := flag.Bool("search", true, "bring the full-text index up to date first (-search=false: skill queries only, on a store too large to index here)")
	flag.Parse()
	if err := run(*db, *repeat, *search, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "query:", err)
		os.Exit(1)
	}
}

func run(db string, repeat int, search bool, queries []string) error {
	ctx := context.Background()
	searcher := skill.DefaultSearcher()
	st, err := store.Open(ctx, db, store.Options{MustExist: true, Tagger: skill.DefaultTagger(), Indexer: searcher})
	if err != nil {
		return err
	}
	defer st.Close()
	if search {
		start := time.Now()
		n, err := st.Reindex(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Printf("indexed %d postings for search in %.1f s\n", n, time.Since(start).Seconds())
		}
	}
	start := time.Now()
	n, err := st.IndexSkills(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Printf("indexed %d postings by skill in %.1f s\n", n, time.Since(start).Seconds())
	}
	for _, q := range queries {
		var terms []skill.Term
		for _, t := range strings.Split(q, ",") {
			pt, err := searcher.ParseTerm(t)
			if err != nil {
				return fmt.Errorf("%q: %w", t, err)
			}
			terms = append(terms, pt)
		}
		var ms []float64
		matched := 0
		for range repeat {
			t0 := time.Now()
			r, err := trend.Query(ctx, st, terms, trend.QueryOptions{Synthetic: true})
			if err != nil {
				return err
			}
			ms = append(ms, float64(time.Since(t0).Microseconds())/1000)
			matched = 0
			for _, y := range r.Years {
				matched += y.Matched
			}
		}
		slices.Sort(ms)
		fmt.Printf("query %-14s %7d matched: %.0f / %.0f / %.0f ms (fastest / median / slowest of %d; %s)\n",
			q, matched, ms[0], ms[len(ms)/2], ms[len(ms)-1], repeat, terms[0].Via)
	}
	return nil
}
