package main

import (
	"os"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/redisfrontier/redistest"
)

// TestMain stops the Redis server the cluster tests share and removes its
// folder, which the test binary's exit would leave in the temporary
// directory.
func TestMain(m *testing.M) {
	code := m.Run()
	redistest.Cleanup()
	os.Exit(code)
}
