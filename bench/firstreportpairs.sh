#!/usr/bin/env bash
# bench/firstreportpairs.sh — the segmenting import and the first report
# after it, by two builds, interleaved (old, new, old, new…), so that the
# ratios hold on a shared machine: what moving work between the import and
# the report costs each, and the two together.
#
#   bench/firstreportpairs.sh OLD_BIN_DIR NEW_BIN_DIR FILE [PAIRS]    default PAIRS: 3
#
# Each BIN_DIR holds crawl and analyze of one build. FILE is imported with
# --source bench-generated into an empty store, then reported on with
# --synthetic in a fresh process. Prints per run: wall and CPU seconds of
# each step, the postings the report segmented and sketched (0: the import
# did it), and the 1-minute load average when the run started; then each
# pair's ratios (old ÷ new). Work files in BENCH_DIR (default
# /tmp/jobtrend-firstreport). Not run by CI.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
old=$1 new=$2 file=$3 pairs=${4:-3}
W=${BENCH_DIR:-/tmp/jobtrend-firstreport}
mkdir -p "$W"
[ -x /usr/bin/time ] || { echo "bench/firstreportpairs.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

# timed OUT CMD...: runs CMD, writes "wall cpu" seconds to OUT.
timed() {
	local out=$1
	shift
	local t0 t1
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S' -o "$W/time.tmp" "$@" 2>/dev/null
	t1=$(date +%s%N)
	read -r u s <"$W/time.tmp"
	awk -v w="$(((t1 - t0) / 1000000))" -v u="$u" -v s="$s" 'BEGIN { printf "%.2f %.2f\n", w / 1000, u + s }' >"$out"
}

for p in $(seq "$pairs"); do
	for side in old new; do
		bin=$old
		[ "$side" = new ] && bin=$new
		rm -f "$W/pair.db" "$W/pair.db"-*
		l=$(cut -d' ' -f1 /proc/loadavg)
		timed "$W/$side.import" "$bin/crawl" import --db "$W/pair.db" --source bench-generated --quiet "$file"
		timed "$W/$side.report" "$bin/analyze" report --db "$W/pair.db" --synthetic --quiet --out "$W/report.json"
		read -r iw ic <"$W/$side.import"
		read -r rw rc <"$W/$side.report"
		seg=$(grep -o '"segmented": [0-9]*' "$W/report.json" | tail -1 | grep -o '[0-9]*$')
		sk=$(grep -o '"sketched": [0-9]*' "$W/report.json" | tail -1 | grep -o '[0-9]*$')
		printf '%-3s import %6.2f s (cpu %6.2f)  first report %6.2f s (cpu %6.2f)  both %6.2f s  segmented %s sketched %s  load %s\n' \
			"$side" "$iw" "$ic" "$rw" "$rc" "$(echo "$iw + $rw" | bc)" "$seg" "$sk" "$l"
	done
	read -r oiw _ <"$W/old.import"
	read -r orw _ <"$W/old.report"
	read -r niw _ <"$W/new.import"
	read -r nrw _ <"$W/new.report"
	awk -v oi="$oiw" -v or="$orw" -v ni="$niw" -v nr="$nrw" -v p="$p" \
		'BEGIN { printf "pair %d, old ÷ new: import %.2f×, first report %.2f×, both %.2f×\n", p, oi / ni, or / nr, (oi + or) / (ni + nr) }'
done
rm -f "$W/pair.db" "$W/pair.db"-*
