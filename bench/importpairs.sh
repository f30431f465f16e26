#!/usr/bin/env bash
# bench/importpairs.sh — crawl import --no-segment of one file by two
# builds, interleaved (old, new, old, new…), so that their ratio holds on a
# shared machine. SEGMENT=1 times the segmenting import instead.
#
#   bench/importpairs.sh OLD_CRAWL NEW_CRAWL FILE [PAIRS]    default PAIRS: 3
#
#   git worktree add /tmp/old OLDCOMMIT && (cd /tmp/old && go build -o /tmp/crawl.old ./cmd/crawl)
#   go build -o /tmp/crawl.new ./cmd/crawl
#   go run ./bench/synth -corpus /work/shared/corpus -n 100000 -out /tmp/p100k.jsonl
#   bench/importpairs.sh /tmp/crawl.old /tmp/crawl.new /tmp/p100k.jsonl
#
# Prints per run: wall seconds, rows/s, CPU seconds and µs a row (user +
# system: steadier than wall time under load), peak RSS, the store's size
# and the 1-minute load average when the run started. Each run imports into
# an empty store in BENCH_DIR (default /tmp/jobtrend-pairs). Not run by CI.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
old=$1 new=$2 file=$3 pairs=${4:-3}
W=${BENCH_DIR:-/tmp/jobtrend-pairs}
mkdir -p "$W"
[ -x /usr/bin/time ] || { echo "bench/importpairs.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
rows=$(wc -l <"$file")
noseg=--no-segment
[ "${SEGMENT:-0}" = 1 ] && noseg=
for _ in $(seq "$pairs"); do
	for side in old new; do
		bin=$old
		[ "$side" = new ] && bin=$new
		rm -f "$W/pair.db" "$W/pair.db"-*
		l=$(cut -d' ' -f1 /proc/loadavg)
		t0=$(date +%s%N)
		/usr/bin/time -f '%U %S %M' -o "$W/time.tmp" "$bin" import --db "$W/pair.db" --source bench-generated --quiet $noseg "$file" 2>/dev/null
		t1=$(date +%s%N)
		read -r u s m <"$W/time.tmp"
		awk -v b="$side" -v w="$(((t1 - t0) / 1000000))" -v u="$u" -v s="$s" -v m="$m" -v l="$l" -v rows="$rows" \
			-v sz="$(stat -c %s "$W/pair.db")" \
			'BEGIN { printf "%-4s wall %7.2f s %7.0f rows/s  cpu %7.2f s (%5.1f µs/row)  peak %5.0f MB  store %7.1f MB  load %s\n",
				b, w / 1000, rows / (w / 1000), u + s, (u + s) * 1e6 / rows, m / 1024, sz / 1e6, l }'
	done
done
rm -f "$W/pair.db" "$W/pair.db"-*
