package main

import (
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// skillTagger is the tagger postings are tagged with as they are stored:
// the default taxonomy's, whose version the store records per posting.
func skillTagger() store.Tagger { return skill.DefaultTagger() }

// searchIndexer keeps the full-text index of `analyze query` in step with
// every import and crawl.
func searchIndexer() store.Indexer { return skill.DefaultSearcher() }
