// Package redistest gives tests a real redis-server: the one CI started
// (its address in JOBTREND_REDIS_ADDR), or one started for the test on a
// loopback port in a temporary folder. Without either a test is skipped
// — or fails when JOBTREND_CI is set, so that CI cannot pass by skipping.
package redistest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// EnvAddr names the environment variable holding a running server's
// address (host:port), set by .ci/run.
const EnvAddr = "JOBTREND_REDIS_ADDR"

// URL returns a frontier URL for the test on a shared server: the CI's,
// or one started for the test binary. Its key prefix is the test's own, so
// tests sharing a server never see each other's keys. extra is appended
// to the query (e.g. "lease=2s").
func URL(t testing.TB, extra string) string {
	t.Helper()
	addr := Addr(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	u := fmt.Sprintf("redis://%s/0?prefix=test-%s", addr, hex.EncodeToString(b[:]))
	if extra != "" {
		u += "&" + extra
	}
	return u
}

var shared *Server

// Addr returns the address of a server shared by the tests of this binary.
func Addr(t testing.TB) string {
	t.Helper()
	if a := os.Getenv(EnvAddr); a != "" {
		if err := ping(a); err != nil {
			t.Fatalf("%s=%s: %v", EnvAddr, a, err)
		}
		return a
	}
	if shared == nil || shared.dead() {
		srv, err := start(os.TempDir(), true)
		if err != nil {
			unavailable(t, err)
		}
		shared = srv
	}
	return shared.Addr
}

// Server is a redis-server process of a test.
type Server struct {
	Addr   string
	Dir    string // its data folder (the append-only file)
	cmd    *exec.Cmd
	exited chan struct{}
	log    *bytes.Buffer
	port   int
}

// Start starts a redis-server for t alone on a free loopback port, with
// its data (AOF on, RDB snapshots off) in a temporary folder; it is
// stopped when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	srv, err := start(t.TempDir(), false)
	if err != nil {
		unavailable(t, err)
	}
	t.Cleanup(srv.Stop)
	return srv
}

func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("JOBTREND_CI") != "" {
		t.Fatalf("redis-server is needed and JOBTREND_CI is set: %v", err)
	}
	t.Skipf("no redis-server (install the redis-server package, or set %s): %v", EnvAddr, err)
}

func start(parent string, ownDir bool) (*Server, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, err
	}
	dir := parent
	if ownDir {
		if dir, err = os.MkdirTemp(parent, "jobtrend-redis"); err != nil {
			return nil, err
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	srv := &Server{Dir: dir, port: port, Addr: "127.0.0.1:" + strconv.Itoa(port)}
	return srv, srv.launch(bin)
}

func (s *Server) launch(bin string) error {
	s.log = &bytes.Buffer{}
	s.cmd = exec.Command(bin, "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "yes", "--dir", s.Dir, "--protected-mode", "yes", "--daemonize", "no")
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	s.exited = exited
	go func() {
		s.cmd.Wait()
		close(exited)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := ping(s.Addr)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			s.cmd.Process.Kill()
			return fmt.Errorf("redis-server on %s did not answer: %v\n%s", s.Addr, err, s.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills the server (SIGKILL: what the append-only file keeps is what
// survives a crash).
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
		}
	}
}

func (s *Server) dead() bool {
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// Restart kills the server and starts it again on the same port and data.
func (s *Server) Restart() error {
	s.Stop()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return err
	}
	return s.launch(bin)
}

func ping(addr string) error {
	// A plain connection first: go-redis logs each failed dial.
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	conn.Close()
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return c.Ping(ctx).Err()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Cleanup removes the folder of the binary's shared server, if one was
// started; call it from TestMain after the tests.
func Cleanup() {
	if shared != nil {
		shared.Stop()
		os.RemoveAll(shared.Dir)
	}
}
