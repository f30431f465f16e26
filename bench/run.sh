#!/usr/bin/env bash
# bench/run.sh — the analyzer against a pandas + jieba reference, on corpora
# of N postings synthesized from the real job descriptions of the corpus.
#
#   bench/run.sh [N ...]          default: 10000 100000
#
# For each N: bench/synth writes N postings (source "bench-generated", so
# they are synthetic and left out of real statistics); the reference
# pipeline (bench/reference.py: pandas, jieba.lcut, stop words, per-company
# TF-IDF, per-year share of a Go regexp) runs once; ours runs as a user
# would: `crawl import` into an empty database, `analyze report` cold
# (fresh process, nothing segmented yet), then `analyze report` again, warm
# (three times, the median is kept). Wall time, CPU time and peak RSS of
# every step are measured with /usr/bin/time; the table compares
#
#   cold: crawl import + analyze report (cold)  vs  Python load + analysis
#   warm: analyze report (warm)                 vs  the same Python run
#
# Python keeps no cache, so its second run costs what its first does.
# Both sides get their one-time dictionary caches ready before timing
# (jieba's /tmp/jieba.cache; our dictionaries in $BENCH_DIR/cache).
#
# Environment: BENCH_DIR (work files, default /tmp/jobtrend-bench),
# CORPUS (real corpus directory; default /work/shared/corpus when present,
# else testdata/corpus), BIN_DIR (prebuilt crawl and analyze binaries;
# default: built here). Not run by CI: the 100k reference takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
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
	echo "building crawl and analyze" >&2
	go build -o "$B/crawl" ./cmd/crawl
	go build -o "$B/analyze" ./cmd/analyze
fi
if ! "$B/analyze" report --help 2>&1 | grep -q -- --synthetic; then
	echo "$B/analyze: report has no --synthetic flag; the bench reports on synthetic postings only" >&2
	exit 1
fi
export XDG_CACHE_HOME=$W/cache # our dictionaries, written once

# run NAME CMD...: runs CMD under /usr/bin/time; appends "NAME wall user sys maxrss_kb" to $W/times.
run() {
	local name=$1
	shift
	local t0 t1
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$W/time.tmp" "$@"
	t1=$(date +%s%N)
	echo "$name $(((t1 - t0) / 1000000)) $(cat "$W/time.tmp")" >>"$W/times"
}
: >"$W/times"

# One-time caches on both sides, outside the timings.
$PY -c 'import jieba; jieba.initialize()' 2>/dev/null
go run ./bench/synth -corpus "$CORPUS" -n 200 -out "$W/prime.jsonl" 2>/dev/null
rm -f "$W/prime.db"*
"$B/crawl" import --db "$W/prime.db" --source bench-generated --quiet "$W/prime.jsonl" 2>/dev/null
"$B/analyze" report --db "$W/prime.db" --synthetic --quiet --out /dev/null

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$W/load"
for n in "${sizes[@]}"; do
	f=$W/postings-$n.jsonl
	go run ./bench/synth -corpus "$CORPUS" -n "$n" -out "$f" 2>"$W/synth-$n.log"
	cat "$W/synth-$n.log" >&2

	echo "[$n] reference pipeline (Python)" >&2
	run "py-$n" $PY bench/reference.py "$f" --json "$W/py-$n.json" 2>"$W/py-$n.log"

	echo "[$n] crawl import, analyze report cold, warm ×3" >&2
	db=$W/bench-$n.db
	rm -f "$db" "$db"-*
	run "import-$n" "$B/crawl" import --db "$db" --source bench-generated --quiet "$f" 2>/dev/null
	run "cold-$n" "$B/analyze" report --db "$db" --synthetic --quiet --out "$W/report-$n.json"
	for i in 1 2 3; do
		run "warm$i-$n" "$B/analyze" report --db "$db" --synthetic --quiet --out "$W/report-$n-warm.json"
	done
	cmp -s <(grep -v '"generated"\|"segmented"' "$W/report-$n.json") <(grep -v '"generated"\|"segmented"' "$W/report-$n-warm.json") ||
		echo "warning: the warm report differs from the cold one" >&2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$W/load"

# --- the table -----------------------------------------------------------------
$PY - "$W" "${sizes[@]}" <<'EOF'
import json, re, statistics, sys
w, sizes = sys.argv[1], sys.argv[2:]
t = {}
for line in open(f"{w}/times"):
    name, wall, user, sys_, rss = line.split()
    t[name] = dict(wall=int(wall) / 1000, cpu=float(user) + float(sys_), rss=int(rss) / 1024)
print()
print("| postings | JD text MB | Python s (CPU s, peak MB) | import s | report cold s | analysis cold × | analysis MB/s | import+report s (CPU s) | pipeline × | pipeline MB/s | warm s (median of 3) | warm × | peak MB import / cold / warm |")
print("|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|")
rows = {}
for n in sizes:
    mb = float(re.search(r"([\d.]+) MB", open(f"{w}/synth-{n}.log").read()).group(1))
    py, imp, cold = t[f"py-{n}"], t[f"import-{n}"], t[f"cold-{n}"]
    warms = sorted((t[f"warm{i}-{n}"] for i in (1, 2, 3)), key=lambda x: x["wall"])
    warm = warms[1]
    total = imp["wall"] + cold["wall"]
    rows[n] = dict(py=py, imp=imp, cold=cold, warm=warm)
    print(f"| {int(n):,} | {mb:.1f} | {py['wall']:.1f} ({py['cpu']:.1f}, {py['rss']:.0f}) | {imp['wall']:.2f} | {cold['wall']:.2f} "
          f"| **{py['wall'] / cold['wall']:.1f}×** | {mb / cold['wall']:.1f} "
          f"| {total:.2f} ({imp['cpu'] + cold['cpu']:.1f}) | **{py['wall'] / total:.1f}×** | {mb / total:.1f} "
          f"| {warm['wall']:.3f} | **{py['wall'] / warm['wall']:.0f}×** | {imp['rss']:.0f} / {cold['rss']:.0f} / {warm['rss']:.0f} |")
print()
print("analysis cold × = Python wall time / cold analyze report wall time (the same analysis, each side from its own store: the")
print("JSONL file for Python, the SQLite store for us); pipeline × = Python / (crawl import + cold report): loading included;")
print("warm × = Python / warm report. MB/s = title+description text / wall time. Peak MB: maximum resident set size.")
if len(sizes) >= 2:
    a, b = sizes[0], sizes[-1]
    f = int(b) / int(a)
    print(f"{int(a):,} → {int(b):,} postings ({f:.0f}× the text): peak RSS Python ×{rows[b]['py']['rss'] / rows[a]['py']['rss']:.1f}, "
          f"import ×{rows[b]['imp']['rss'] / rows[a]['imp']['rss']:.1f}, cold report ×{rows[b]['cold']['rss'] / rows[a]['cold']['rss']:.1f}, "
          f"warm report ×{rows[b]['warm']['rss'] / rows[a]['warm']['rss']:.1f}")
# The two pipelines' per-year Go shares, for a sanity check (ours: the
# tagger with context rules; Python: a naive regexp).
for n in sizes:
    ours = {y["year"]: y for y in json.load(open(f"{w}/report-{n}.json"))["years"]}
    py = {y["year"]: y for y in json.load(open(f"{w}/py-{n}.json"))["years"]}
    cells = []
    for y in sorted(set(ours) | set(py)):
        o, p = ours.get(y, {}), py.get(y, {})
        cells.append(f"{y}: {o.get('matched', 0)}/{o.get('total', 0)} vs {p.get('matched', 0)}/{p.get('total', 0)}")
    print(f"{int(n):,} postings, Go per year, ours vs Python's regexp: " + "; ".join(cells))
EOF
