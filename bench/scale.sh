#!/usr/bin/env bash
# bench/scale.sh — one store as it grows: import speed, size, reports and
# queries at each size, with the real binaries.
#
#   bench/scale.sh [N ...]                  default: 100000 1000000
#   PARTS=10 bench/scale.sh 1000000         ten parts of 1,000,000: a store of 10,000,000
#   PARTS=10 NOSEG=0 SEGMENT=0 REPORTS=0 QUERIES=skills MERGE=30000 bench/scale.sh 1000000
#                                           the same, imported without segmenting, no
#                                           reports: the skill table's fill, skill queries
#                                           and a merge of 30,000 more postings
#
# For each N, on a corpus synthesized from the real job descriptions
# (bench/synth; source bench-generated), in parts of N postings (PARTS,
# default 1), each part written just before it is imported and removed
# after, so a ten-million-posting run needs disk for the store only:
#
#   1. crawl import --no-segment of the first part into an empty store
#      (NOSEG=0 skips it): seconds, rows/s, peak RSS
#   2. crawl import (segmenting as it stores) of every part into one store:
#      per part seconds, rows/s, peak RSS, and the store's size after it
#   3. analyze report, the first after the import, and three more (warm):
#      seconds, peak RSS, and how many postings the first one segmented
#   4. bench/query, in-process: building the full-text index (the first
#      query's work), then golang, java, 微服务, 高并发+k8s, 区块链
#   5. analyze query golang and 微服务 as commands, three times each
#   6. the store's size against its title and description text, by table
#      (sqlite3's dbstat, when the sqlite3 command is there)
#
# Every step prints the 1-minute load average when it started: the
# machine this runs on is shared, and wall times say what the neighbours
# left. Environment: BENCH_DIR (default /tmp/jobtrend-scale), CORPUS,
# BIN_DIR, PARTS, NOSEG, WARM (warm reports, default 3), QUERIES (0 skips
# steps 4 and 5: at ten million postings building the full-text index
# alone takes most of an hour; "skills" runs step 4 without the full-text
# index, skill queries only, and skips step 5), SEGMENT (0 imports every
# part with --no-segment), REPORTS (0 skips step 3), MERGE (N > 0: after
# step 4, imports N more postings and runs step 4 again, which first
# merges them into the skill table). Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
PARTS=${PARTS:-1}
NOSEG=${NOSEG:-1}
WARM=${WARM:-3}
QUERIES=${QUERIES:-1}
SEGMENT=${SEGMENT:-1}
REPORTS=${REPORTS:-1}
MERGE=${MERGE:-0}
W=${BENCH_DIR:-/tmp/jobtrend-scale}
mkdir -p "$W/cache"
if [ -z "${CORPUS:-}" ]; then
	CORPUS=testdata/corpus
	[ -f /work/shared/corpus/jobhunting-2024/jobs.csv ] && CORPUS=/work/shared/corpus
fi
[ -x /usr/bin/time ] || { echo "bench/scale.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
if [ -n "${BIN_DIR:-}" ]; then
	B=$BIN_DIR
else
	B=$W/bin
	go build -o "$B/crawl" ./cmd/crawl
	go build -o "$B/analyze" ./cmd/analyze
fi
[ -x "$B/query" ] || go build -o "$B/query" ./bench/query
[ -x "$B/synth" ] || go build -o "$B/synth" ./bench/synth
export XDG_CACHE_HOME=$W/cache

load() { cut -d' ' -f1 /proc/loadavg; }

# step NAME CMD...: runs CMD under /usr/bin/time and prints one line:
# NAME, wall seconds, CPU seconds, peak RSS MB, load average at the start.
step() {
	local name=$1
	shift
	local l t0 t1
	l=$(load)
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$W/time.tmp" "$@"
	t1=$(date +%s%N)
	read -r u s m <"$W/time.tmp"
	awk -v n="$name" -v w="$(((t1 - t0) / 1000000))" -v u="$u" -v s="$s" -v m="$m" -v l="$l" \
		'BEGIN { printf "%-34s %9.2f s  cpu %8.2f s  peak %6.0f MB  load %s\n", n, w / 1000, u + s, m / 1024, l }'
	echo "$(((t1 - t0) / 1000000))" >"$W/last.ms"
}

size() {
	local db=$1 bytes text
	bytes=$(($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)))
	text=$(sqlite3 "$db" "SELECT sum(length(CAST(title AS BLOB)) + length(CAST(description AS BLOB))) FROM postings")
	awk -v b="$bytes" -v t="$text" 'BEGIN { printf "%.1f MB for %.1f MB of title and description: %.2fx\n", b / 1e6, t / 1e6, b / t }'
}

for n in "${sizes[@]}"; do
	total=$((n * PARTS))
	db=$W/store-$total.db
	rm -f "$db" "$db"-*
	echo
	echo "== $total postings ($PARTS part(s) of $n) =="
	for part in $(seq 0 $((PARTS - 1))); do
		f=$W/part-$n-$part.jsonl
		"$B/synth" -corpus "$CORPUS" -n "$n" -start $((part * n)) -out "$f" 2>>"$W/synth.log"
		if [ "$part" = 0 ] && [ "$NOSEG" = 1 ]; then
			rm -f "$W/noseg.db" "$W/noseg.db"-*
			step "import --no-segment" "$B/crawl" import --db "$W/noseg.db" --source bench-generated --quiet --no-segment "$f" 2>/dev/null
			awk -v n="$n" -v ms="$(cat "$W/last.ms")" 'BEGIN { printf "  %.0f rows/s\n", n / (ms / 1000) }'
			rm -f "$W/noseg.db" "$W/noseg.db"-*
		fi
		if [ "$SEGMENT" = 1 ]; then
			step "import part $((part + 1)) (segmenting)" "$B/crawl" import --db "$db" --source bench-generated --quiet "$f" 2>/dev/null
		else
			step "import part $((part + 1)) --no-segment" "$B/crawl" import --db "$db" --source bench-generated --quiet --no-segment "$f" 2>/dev/null
		fi
		awk -v n="$n" -v ms="$(cat "$W/last.ms")" 'BEGIN { printf "  %.0f rows/s; ", n / (ms / 1000) }'
		size "$db"
		rm -f "$f"
	done
	if [ "$REPORTS" = 1 ]; then
		step "report (first after the import)" "$B/analyze" report --db "$db" --synthetic --quiet --out "$W/report-$total.json"
		# the report's own method comes last (the co-skill section has one too)
		echo "  segmented by the report: $(grep -o '"segmented": *[0-9]*' "$W/report-$total.json" | tail -1 | grep -o '[0-9]*$')," \
			"sketched: $(grep -o '"sketched": *[0-9]*' "$W/report-$total.json" | tail -1 | grep -o '[0-9]*$')"
		for i in $(seq 1 "$WARM"); do
			step "report (warm $i)" "$B/analyze" report --db "$db" --synthetic --quiet --out "$W/report-$total-warm.json"
		done
	fi
	case $QUERIES in
	1)
		echo "in-process queries (load $(load)):"
		"$B/query" -db "$db" golang java 微服务 高并发,k8s 区块链 | sed 's/^/  /'
		for term in golang 微服务; do
			for i in 1 2 3; do
				step "analyze query $term ($i)" "$B/analyze" query --db "$db" --synthetic --format json "$term" >/dev/null
			done
		done
		echo -n "store with the full-text index: "
		;;
	skills)
		# the first run fills the skill table (its time is bench/query's first line)
		skills=(golang java 高并发 golang,docker python)
		step "skill queries (with the fill)" "$B/query" -db "$db" -search=false "${skills[@]}"
		if [ "$MERGE" -gt 0 ]; then
			f=$W/merge-$total.jsonl
			"$B/synth" -corpus "$CORPUS" -n "$MERGE" -start "$total" -out "$f" 2>>"$W/synth.log"
			step "import $MERGE more --no-segment" "$B/crawl" import --db "$db" --source bench-generated --quiet --no-segment "$f" 2>/dev/null
			rm -f "$f"
			step "skill queries (with the merge)" "$B/query" -db "$db" -search=false "${skills[@]}"
		fi
		echo -n "store without the full-text index: "
		;;
	*) echo -n "store without the full-text index: " ;;
	esac
	size "$db"
	if command -v sqlite3 >/dev/null && [ "${DBSTAT:-1}" = 1 ]; then
		sqlite3 "$db" "SELECT name, round(sum(pgsize) / 1e6, 1) FROM dbstat GROUP BY name HAVING sum(pgsize) > 1e6 ORDER BY 2 DESC" |
			awk -F'|' '{ printf "  %-34s %9.1f MB\n", $1, $2 }'
	fi
done
