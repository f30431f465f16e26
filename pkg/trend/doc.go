// Package trend computes what the reports show: per year, the share of job
// postings that mention a skill, with its 95% Wilson interval, overall and
// per source; and per company, the TF-IDF keywords of its job descriptions
// against the document frequencies of the whole store.
//
// Exact reposts count once everywhere (the store hands out one posting per
// repost group). Segmentation, the costly step, is cached in the store per
// posting, keyed by content hash and segmenter version, so a report after a
// crawl segments only new or changed postings, in parallel on every core,
// in pages of bounded size, with reading and writing the cache overlapping
// the cutting; the segmenter (and its dictionaries) is not even loaded when
// nothing is stale. Follow does the same while an import is still writing.
//
// A warm report reads every cached posting once: the blobs are counted on
// every core with per-worker vocabularies that intern a term's bytes only
// the first time they are seen, and ranked with tfidf's formula. No text
// is held: memory grows with the vocabulary, the number of companies and of
// repost groups (16 bytes each), not with the postings' text.
package trend
