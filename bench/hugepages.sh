#!/usr/bin/env bash
# bench/hugepages.sh — does glibc's huge-page setting for malloc
# (GLIBC_TUNABLES=glibc.malloc.hugetlb=1) speed up what loads jieba? It
# cuts the page faults of loading the dictionaries (115 MB of C++ heap), so
# it is measured where that load sits: a segmenting import of the real
# "谁在招人" posts four times over, and a cold report of 10,000 synthesized
# postings imported with --no-segment (the report loads jieba and cuts).
# Interleaved pairs, without the setting first, on one build.
#
#   bench/hugepages.sh CRAWL ANALYZE [PAIRS]    default PAIRS: 3
#
# Prints per run: wall seconds, CPU seconds and minor page faults, with the
# 1-minute load average. Work files in BENCH_DIR (default
# /tmp/jobtrend-hugepages). Not run by CI.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
crawl=$1 analyze=$2 pairs=${3:-3}
cd "$(dirname "$0")/.."
W=${BENCH_DIR:-/tmp/jobtrend-hugepages}
mkdir -p "$W"
[ -x /usr/bin/time ] || { echo "bench/hugepages.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
PY=/usr/bin/python3
echo "transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"

$PY bench/realx4.py data/ruanyf-weekly-hiring/posts.jsonl "$W/real.jsonl" "$W/real-py.jsonl"
go run ./bench/synth -n 10000 -out "$W/p10k.jsonl"
rm -f "$W/p10k.db" "$W/p10k.db"-*
"$crawl" import --db "$W/p10k.db" --source bench-generated --quiet --no-segment "$W/p10k.jsonl" 2>/dev/null

# run NAME SETTING CMD...: one timed run, GLIBC_TUNABLES set when SETTING is "on".
run() {
	local name=$1 setting=$2
	shift 2
	local l t0 t1
	l=$(cut -d' ' -f1 /proc/loadavg)
	t0=$(date +%s%N)
	if [ "$setting" = on ]; then
		GLIBC_TUNABLES=glibc.malloc.hugetlb=1 /usr/bin/time -f '%U %S %R' -o "$W/time.tmp" "$@" 2>/dev/null
	else
		env -u GLIBC_TUNABLES /usr/bin/time -f '%U %S %R' -o "$W/time.tmp" "$@" 2>/dev/null
	fi
	t1=$(date +%s%N)
	read -r u s f <"$W/time.tmp"
	awk -v n="$name" -v h="$setting" -v w="$(((t1 - t0) / 1000000))" -v u="$u" -v s="$s" -v f="$f" -v l="$l" \
		'BEGIN { printf "%-14s hugetlb %-3s wall %6.2f s  cpu %6.2f s  minor faults %7d  load %s\n", n, h, w / 1000, u + s, f, l }'
}

for _ in $(seq "$pairs"); do
	for setting in off on; do
		rm -f "$W/real.db" "$W/real.db"-*
		run "import real×4" "$setting" "$crawl" import --db "$W/real.db" --profile ruanyf-weekly --quiet "$W/real.jsonl"
	done
	for setting in off on; do
		rm -f "$W/cold.db" "$W/cold.db"-*
		cp "$W/p10k.db" "$W/cold.db"
		run "cold report 10k" "$setting" "$analyze" report --db "$W/cold.db" --synthetic --quiet --out "$W/report.json"
	done
done
rm -f "$W"/*.db "$W"/*.db-*
