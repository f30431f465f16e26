// Package trend computes what the reports show: per year, the share of job
// postings that mention a skill, with its 95% Wilson interval, overall and
// per source; and per company, the TF-IDF keywords of its job descriptions
// against the document frequencies of the whole store.
//
// Exact reposts count once everywhere (the store hands out one posting per
// repost group). Segmentation, the costly step, is cached in the store per
// posting, keyed by content hash and segmenter version, so a report after a
// crawl segments only new or changed postings, in parallel on every core,
// in pages of bounded size; the segmenter (and its dictionaries) is not even
// loaded when nothing is stale.
package trend
