#!/usr/bin/env bash
# bench/reportpairs.sh — analyze report on two stores, interleaved (A, B,
# A, B…), so that the ratio of their times holds on a shared machine: a
# store of 100,000 postings against one of 1,000,000 says whether a warm
# report grows with the postings.
#
#   bench/reportpairs.sh ANALYZE STORE_A STORE_B [PAIRS]     default PAIRS: 3
#
#   go build -o /tmp/bin/ ./cmd/analyze ./cmd/crawl
#   go run ./bench/synth -corpus /work/shared/corpus -n 100000 -out /tmp/p100k.jsonl   # and -n 1000000
#   /tmp/bin/crawl import --db /tmp/a.db --source bench-generated /tmp/p100k.jsonl       # and /tmp/b.db
#   bench/reportpairs.sh /tmp/bin/analyze /tmp/a.db /tmp/b.db
#
# ANALYZE_B=OTHER_ANALYZE runs side B with another build (on its own store:
# a newer build migrates its copy), so two builds compare the same way:
#
#   ANALYZE_B=/tmp/new/analyze bench/reportpairs.sh /tmp/old/analyze /tmp/old.db /tmp/new.db
#
# One report on each store first, not timed, makes both warm (segmented,
# sketched, counts kept). Then per run: wall seconds, CPU seconds (user +
# system: steadier than wall time under load), peak RSS and the 1-minute
# load average when it started, and per pair the ratio B / A of wall and
# CPU. Reports go to BENCH_DIR (default /tmp/jobtrend-reportpairs). Not run
# by CI.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
bin=$1 a=$2 b=$3 pairs=${4:-3}
W=${BENCH_DIR:-/tmp/jobtrend-reportpairs}
mkdir -p "$W"
[ -x /usr/bin/time ] || { echo "bench/reportpairs.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
binb=${ANALYZE_B:-$bin}
report() { "$1" report --db "$2" --synthetic --quiet --out "$W/report.json"; }
report "$bin" "$a"
report "$binb" "$b"
for p in $(seq "$pairs"); do
	line="pair $p"
	for side in A B; do
		db=$a run=$bin
		[ "$side" = B ] && db=$b run=$binb
		l=$(cut -d' ' -f1 /proc/loadavg)
		t0=$(date +%s%N)
		/usr/bin/time -f '%U %S %M' -o "$W/time.tmp" "$run" report --db "$db" --synthetic --quiet --out "$W/report.json"
		t1=$(date +%s%N)
		read -r u s m <"$W/time.tmp"
		w=$(awk -v w="$(((t1 - t0) / 1000000))" 'BEGIN { printf "%.2f", w / 1000 }')
		c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
		printf '%s  wall %7.2f s  cpu %7.2f s  peak %5.0f MB  load %s  %s\n' "$side" "$w" "$c" "$((m / 1024))" "$l" "$db"
		eval "w$side=$w c$side=$c"
	done
	awk -v wa="$wA" -v wb="$wB" -v ca="$cA" -v cb="$cB" -v p="$line" \
		'BEGIN { printf "%s: B / A wall %.1f×, cpu %.1f×\n", p, wb / wa, cb / ca }'
done
