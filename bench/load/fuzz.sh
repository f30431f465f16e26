#!/usr/bin/env bash
# Runs every fuzz target of the module for a while (default 20s each) and
# prints how many inputs each executed: the fuzzing figures of
# docs/reliability.md. A finding fails the run, as in .ci/fuzz, and is left
# by go test under the package's testdata/fuzz/ as a regression case.
# Usage: bench/load/fuzz.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
t="${1:-20s}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%-22s %-22s %12s %10s\n' package target executions per-second
total=0
while read -r f; do
  pkg="./$(dirname "${f#./}")"
  for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    if ! go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$t" > "$log" 2>&1; then
      cat "$log"; exit 1
    fi
    # The last progress line: "fuzz: elapsed: 20s, execs: 123456 (6172/sec), ..."
    line=$(grep -o 'elapsed: [0-9]*s, execs: [0-9]*' "$log" | tail -1)
    secs=$(sed -E 's/elapsed: ([0-9]+)s.*/\1/' <<<"$line")
    execs=$(sed -E 's/.*execs: ([0-9]+)/\1/' <<<"$line")
    printf '%-22s %-22s %12d %10d\n' "${pkg#./}" "$target" "$execs" "$((execs / (secs > 0 ? secs : 1)))"
    total=$((total + execs))
  done
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | sort)
printf '%-45s %12d\n' "all targets" "$total"
