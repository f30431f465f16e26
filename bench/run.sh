#!/usr/bin/env bash
# bench/run.sh — ours against a pandas + jieba reference, in interleaved
# pairs, on corpora synthesized from the real job descriptions of the
# corpus and on the real "谁在招人" posts.
#
#   bench/run.sh [N ...]        default: 100000
#
# For each N, PAIRS times (default 3), interleaved on the same machine:
#
#   ours       crawl import (segmenting as it stores) into an empty store,
#              then analyze report (fresh process), then a second report
#   reference  bench/reference.py (pandas, jieba.lcut, per-company TF-IDF,
#              per-year share of a Go regexp) on the same postings
#   import     crawl import --no-segment into an empty store, and
#              bench/cut: gojieba's own Cut of the same text on every core
#
# and prints, per pair, each side's wall time, the ratios and the load
# average when the pair started; then the range of each ratio over the
# pairs. Criteria checked and printed (never asserted: the machine is
# shared): the pipeline (import + report) against the reference; import
# with segmentation against --no-segment + 1.2 × Cut; the first report
# after the import segmenting nothing; the store's size against its text.
#
# REAL=1 (default) also runs the pairs on the bundled "谁在招人" posts four
# times over with distinct ids (bench/realx4.py), imported with their own
# profile; REAL=0 skips them.
#
# Environment: PAIRS, REAL, BENCH_DIR (work files, default
# /tmp/jobtrend-bench), CORPUS (real corpus directory; default
# /work/shared/corpus when present, else testdata/corpus), BIN_DIR
# (prebuilt crawl and analyze; default: built here). Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000)
PAIRS=${PAIRS:-3}
REAL=${REAL:-1}
W=${BENCH_DIR:-/tmp/jobtrend-bench}
mkdir -p "$W/cache"
if [ -z "${CORPUS:-}" ]; then
	CORPUS=testdata/corpus
	[ -f /work/shared/corpus/jobhunting-2024/jobs.csv ] && CORPUS=/work/shared/corpus
fi
PY=/usr/bin/python3 # Debian's python3-pandas and python3-jieba load here, not in a pyenv python3

# --- what the reference needs, from Debian (apt) -----------------------------
if ! $PY -c 'import pandas, jieba' 2>/dev/null || [ ! -x /usr/bin/time ]; then
	echo "installing python3-pandas python3-jieba time with apt" >&2
	SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get install -y python3-pandas python3-jieba time >&2 ||
		{ $SUDO apt-get update >&2 && $SUDO apt-get install -y python3-pandas python3-jieba time >&2; }
fi

# --- our binaries --------------------------------------------------------------
if [ -n "${BIN_DIR:-}" ]; then
	B=$BIN_DIR
else
	B=$W/bin
	echo "building crawl, analyze and bench/cut" >&2
	go build -o "$B/crawl" ./cmd/crawl
	go build -o "$B/analyze" ./cmd/analyze
fi
[ -x "$B/cut" ] || go build -o "$B/cut" ./bench/cut
export XDG_CACHE_HOME=$W/cache # our dictionaries, written once

# timed NAME CMD...: runs CMD under /usr/bin/time; appends
# "NAME wall_s cpu_s maxrss_mb load1" to $W/times and echoes the wall time.
timed() {
	local name=$1
	shift
	local t0 t1 load
	load=$(cut -d' ' -f1 /proc/loadavg)
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$W/time.tmp" "$@"
	t1=$(date +%s%N)
	read -r u s m <"$W/time.tmp"
	awk -v n="$name" -v w="$(((t1 - t0) / 1000000))" -v u="$u" -v s="$s" -v m="$m" -v l="$load" \
		'BEGIN { printf "%s %.3f %.2f %.0f %s\n", n, w / 1000, u + s, m / 1024, l }' >>"$W/times"
}
: >"$W/times"
: >"$W/checks"

# One-time caches on both sides, outside the timings.
$PY -c 'import jieba; jieba.initialize()' 2>/dev/null
go run ./bench/synth -corpus "$CORPUS" -n 200 -out "$W/prime.jsonl" 2>/dev/null
rm -f "$W/prime.db"*
"$B/crawl" import --db "$W/prime.db" --source bench-generated --quiet "$W/prime.jsonl" 2>/dev/null
"$B/analyze" report --db "$W/prime.db" --synthetic --quiet --out "$W/prime.json"

# pipeline TAG FILE PYFILE IMPORTARGS...: one interleaved pair plus the
# import-only runs. Ours first in odd pairs, the reference first in even
# ones, so neither always runs right after the other.
pipeline() {
	local tag=$1 file=$2 pyfile=$3 pair=$4
	shift 4
	local db=$W/bench-$tag.db
	ours() {
		rm -f "$db" "$db"-*
		timed "import-$tag-$pair" "$B/crawl" import --db "$db" --quiet --json "$@" "$file" >"$W/import-$tag.json" 2>/dev/null
		timed "report-$tag-$pair" "$B/analyze" report --db "$db" --synthetic --quiet --out "$W/report-$tag.json"
		timed "warm-$tag-$pair" "$B/analyze" report --db "$db" --synthetic --quiet --out "$W/report-$tag-warm.json"
		local seg
		# the report's own method comes last (the co-skill section has one too)
		seg=$(grep -o '"segmented": *[0-9]*' "$W/report-$tag.json" | tail -1 | grep -o '[0-9]*$')
		echo "segmented-by-report $tag $pair $seg" >>"$W/checks"
		local size text
		size=$(($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)))
		text=$(sqlite3 "$db" "SELECT sum(length(CAST(title AS BLOB)) + length(CAST(description AS BLOB))) FROM postings")
		echo "size $tag $pair $size $text" >>"$W/checks"
	}
	reference() {
		timed "py-$tag-$pair" $PY bench/reference.py "$pyfile" --json "$W/py-$tag.json" 2>"$W/py-$tag.log"
	}
	if [ $((pair % 2)) = 1 ]; then ours "$@"; reference; else reference; ours "$@"; fi
	rm -f "$db" "$db"-*
	timed "nosegment-$tag-$pair" "$B/crawl" import --db "$db" --quiet --no-segment "$@" "$file" 2>/dev/null
	timed "cut-$tag-$pair" "$B/cut" "$file" >>"$W/cut-$tag.log"
	rm -f "$db" "$db"-*
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$W/load"
for n in "${sizes[@]}"; do
	f=$W/postings-$n.jsonl
	[ -s "$f" ] || go run ./bench/synth -corpus "$CORPUS" -n "$n" -out "$f" 2>"$W/synth-$n.log"
	for p in $(seq 1 "$PAIRS"); do
		echo "[$n] pair $p of $PAIRS (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
		pipeline "$n" "$f" "$f" "$p" --source bench-generated
	done
done
if [ "$REAL" = 1 ]; then
	$PY bench/realx4.py data/ruanyf-weekly-hiring/posts.jsonl "$W/real-ours.jsonl" "$W/real-py.jsonl" 2>"$W/synth-real.log"
	for p in $(seq 1 "$PAIRS"); do
		echo "[real ×4] pair $p of $PAIRS (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
		pipeline real "$W/real-ours.jsonl" "$W/real-py.jsonl" "$p" --profile ruanyf-weekly
	done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$W/load"

# --- the tables ------------------------------------------------------------------
$PY - "$W" "$PAIRS" "${sizes[@]}" $([ "$REAL" = 1 ] && echo real) <<'EOF'
import re, statistics, sys
w, pairs, tags = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
t = {}
for line in open(f"{w}/times"):
    name, wall, cpu, rss, load = line.split()
    t[name] = dict(wall=float(wall), cpu=float(cpu), rss=float(rss), load=float(load))
checks = [l.split() for l in open(f"{w}/checks")]
def rng(xs):
    return f"{min(xs):.2f}–{max(xs):.2f} (median {statistics.median(xs):.2f})"
for tag in tags:
    label = f"{int(tag):,} synthesized postings" if tag != "real" else "the real posts ×4"
    mb = None
    for c in checks:
        if c[0] == "size" and c[1] == tag:
            mb = int(c[4]) / 1e6
    print(f"\n== {label} ({mb:.1f} MB of title and description) ==\n")
    print("| pair | load | import s | report s | import+report s | Python s | pipeline × | warm report s | warm × | --no-segment s (rows/s) | Cut s | seg. import ≤ no-seg + 1.2 Cut |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    pipe, warm, ok = [], [], []
    for p in range(1, pairs + 1):
        g = lambda k: t[f"{k}-{tag}-{p}"]
        imp, rep, wr, py, ns, cut = g("import"), g("report"), g("warm"), g("py"), g("nosegment"), g("cut")
        total = imp["wall"] + rep["wall"]
        rows = None
        if tag != "real":
            rows = int(tag) / ns["wall"]
        bound = ns["wall"] + 1.2 * cut["wall"]
        pipe.append(py["wall"] / total)
        warm.append(py["wall"] / wr["wall"])
        ok.append(imp["wall"] <= bound)
        load = min(g(k)["load"] for k in ("import", "py"))
        print(f"| {p} | {load:.1f}–{max(g(k)['load'] for k in ('import', 'py')):.1f} | {imp['wall']:.2f} | {rep['wall']:.2f} | {total:.2f} | {py['wall']:.2f} "
              f"| **{py['wall'] / total:.2f}×** | {wr['wall']:.3f} | {py['wall'] / wr['wall']:.0f}× "
              f"| {ns['wall']:.2f}" + (f" ({rows:,.0f})" if rows else "") + f" | {cut['wall']:.2f} "
              f"| {imp['wall']:.2f} ≤ {bound:.2f}: {'yes' if imp['wall'] <= bound else 'no'} |")
    print(f"\npipeline ×: {rng(pipe)}; warm ×: {rng(warm)}; segmented import within bound in {sum(ok)} of {len(ok)} pairs")
    segs = [c[3] for c in checks if c[0] == "segmented-by-report" and c[1] == tag]
    print(f"postings the first report after the import segmented: {', '.join(segs)} (0 = every posting was segmented by the import)")
    for c in checks:
        if c[0] == "size" and c[1] == tag:
            print(f"store after import and report: {int(c[3]) / 1e6:.1f} MB for {int(c[4]) / 1e6:.1f} MB of text: {int(c[3]) / int(c[4]):.2f}×")
            break
    print(f"peak RSS MB: Python {max(t[f'py-{tag}-{p}']['rss'] for p in range(1, pairs + 1)):.0f}, "
          f"import {max(t[f'import-{tag}-{p}']['rss'] for p in range(1, pairs + 1)):.0f}, "
          f"report {max(t[f'report-{tag}-{p}']['rss'] for p in range(1, pairs + 1)):.0f}, "
          f"warm {max(t[f'warm-{tag}-{p}']['rss'] for p in range(1, pairs + 1)):.0f}")
print("\npipeline × = Python wall time / (crawl import + analyze report) wall time, each pair run back to back;")
print("warm × = Python / a second report; load = the 1-minute load average when each side of the pair started.")
EOF
