// Package hardening is where jobtrend is attacked on purpose: end-to-end
// tests that crawl a loopback server injecting every fault a network can
// produce, kill the real crawl binary with SIGKILL mid-crawl and
// mid-import, run two crawls on one database, and feed hostile input to
// every entry point; plus the synthesized workloads those tests and the
// load benchmark (bench/load) share. Everything it checks is written up in
// docs/reliability.md.
//
// The tests run with `go test ./...`; the bigger loads live in bench/load.
package hardening
