#!/usr/bin/env bash
# The load benchmark of docs/reliability.md: the real binaries, measured by
# /usr/bin/time -v (peak RSS = "Maximum resident set size").
#
#   crawl   the demo board with 10,000 and 50,000 postings, served by a
#           separate process on a loopback port, crawled with no delay
#   import  100,000, 500,000 and 1,000,000 rows synthesized from the real
#           corpus (bench/load/gen), each into a fresh database
#   soak    the SIGKILL tests of internal/hardening with KILLS kills each
#           (default 100)
#
# Usage: bench/load/run.sh [crawl] [import] [soak]   (default: crawl import)
# CRAWL_SIZES and IMPORT_SIZES override the sizes (e.g. IMPORT_SIZES="1000 5000"
# for a quick check).
# Memory must stay flat: the script fails when the largest run's peak RSS is
# more than 1.5 times the smallest's plus 32 MB and above BOUND_MB (384: the
# SQLite page caches' cap, see flat below). Needs about 8 GB of disk for the
# import; set TMPDIR to place it.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
modes=("$@")
((${#modes[@]})) || modes=(crawl import)

if [ ! -x /usr/bin/time ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi

tmp=$(mktemp -d)
BOARD_PID=""
cleanup() {
  if [ -n "$BOARD_PID" ]; then exec 3>&- || true; kill "$BOARD_PID" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/crawl" ./cmd/crawl
go build -o "$tmp/board" ./bench/load/board
go build -o "$tmp/gen" ./bench/load/gen

results="$tmp/results.txt"
: > "$results"

# measure NAME UNITS COUNT_FROM_JSON CMD... runs CMD under /usr/bin/time -v
# and records seconds, the count the JSON summary reports, and peak RSS.
measure() {
  local name=$1 key=$2; shift 2
  /usr/bin/time -v -o "$tmp/time.txt" "$@" > "$tmp/out.json" 2> "$tmp/err.txt" || {
    echo "FAILED: $*"; cat "$tmp/err.txt"; exit 1; }
  local secs rss count
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$tmp/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
  count=$(grep -o "\"$key\": *[0-9]*" "$tmp/out.json" | head -1 | grep -o '[0-9]*$')
  awk -v n="$name" -v c="$count" -v s="$secs" -v r="$rss" \
    'BEGIN { printf "%-34s %10d %9.1f %12.0f %9.1f\n", n, c, s, c / s, r / 1024 }' | tee -a "$results"
  echo "$rss" >> "$tmp/rss-$name_group"
}

header() { printf '\n%-34s %10s %9s %12s %9s\n' "$1" "count" "seconds" "per second" "peak MB"; }

# flat GROUP: the largest run's peak RSS must be within 1.5x + 32 MB of the
# smallest's, or under BOUND_MB. The bound is what the design allows: the
# store gives each SQLite connection a page cache of up to 64 MB (pkg/store,
# dsn), which fills as the database grows and then stops; a crawl uses up
# to four connections. Go's own heap stays near 15 MB.
flat() {
  local f="$tmp/rss-$1" first last bound=$((${BOUND_MB:-384} * 1024))
  first=$(head -1 "$f"); last=$(tail -1 "$f")
  if [ "$last" -le $((first * 3 / 2 + 32768)) ]; then
    echo "flat: $1 peak RSS $((first / 1024)) MB -> $((last / 1024)) MB"
  elif [ "$last" -le "$bound" ]; then
    echo "bounded: $1 peak RSS $((first / 1024)) MB -> $((last / 1024)) MB, under the ${BOUND_MB:-384} MB the page caches allow"
  else
    echo "NOT BOUNDED: $1 peak RSS grew from $((first / 1024)) MB to $((last / 1024)) MB"; return 1
  fi
}

for mode in "${modes[@]}"; do
  case "$mode" in
  crawl)
    header "crawl run (pages; demo board, no delay)"
    name_group=crawl
    for n in ${CRAWL_SIZES:-10000 50000}; do
      mkfifo "$tmp/board.in"
      "$tmp/board" -postings "$n" < "$tmp/board.in" > "$tmp/board.url" &
      BOARD_PID=$!
      exec 3> "$tmp/board.in"
      for _ in $(seq 200); do [ -s "$tmp/board.url" ] && break; sleep 0.1; done
      url=$(head -1 "$tmp/board.url")
      cat > "$tmp/sources.yaml" <<EOF
defaults:
  delay: 0s
  jitter: 0s
  refresh: 0s
  max_pages: 200000
  workers: 4
sources:
  - name: demo
    kind: jsonld
    start: ["$url/jobs"]
    jsonld:
      source_from_identifier: true
EOF
      measure "crawl, $n postings" pages "$tmp/crawl" run --db "$tmp/crawl-$n.db" --config "$tmp/sources.yaml" --json --quiet
      grep -Eq "\"new\": *$n[,}]" "$tmp/out.json" || {
        echo "the crawl of $n postings did not store $n: $(cat "$tmp/out.json")"; exit 1; }
      exec 3>&-
      wait "$BOARD_PID" || true
      BOARD_PID=""
      rm -f "$tmp/board.in" "$tmp/board.url" "$tmp/crawl-$n.db"*
    done
    flat crawl
    ;;
  import)
    header "crawl import (rows; CSV, 1.4 KB descriptions)"
    name_group=import
    for n in ${IMPORT_SIZES:-100000 500000 1000000}; do
      "$tmp/gen" -rows "$n" > "$tmp/rows-$n.csv"
      measure "import, $n rows" rows "$tmp/crawl" import --db "$tmp/import-$n.db" --source load-generated --json --quiet "$tmp/rows-$n.csv"
      grep -Eq "\"new\": *$n[,}]" "$tmp/out.json" || { echo "the import of $n rows did not store $n: $(head -c 300 "$tmp/out.json")"; exit 1; }
      rm -f "$tmp/rows-$n.csv" "$tmp/import-$n.db"*
    done
    flat import
    ;;
  soak)
    go test ./internal/hardening -run 'SIGKILL' -count=1 -v -timeout 2h -hardening.kills="${KILLS:-100}" | grep -E 'SIGKILLs survived|^(--- |ok|FAIL)'
    ;;
  *)
    echo "unknown mode $mode (crawl, import, soak)"; exit 2 ;;
  esac
done
echo
cat "$results"
