// Package cluster tests the crawl cluster end to end with the real
// binaries: a redis-server on a loopback port, the demo job board, one
// `crawl ingest` writer and three `crawl run --frontier` nodes, some of
// them killed with SIGKILL mid-crawl and restarted; and benchmarks one,
// two and three nodes against loopback boards (docs/cluster.md).
package cluster
