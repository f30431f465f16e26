#!/usr/bin/env bash
# bench/sqlitebound.sh — how fast SQLite itself writes the rows an import
# writes, against the import, in interleaved pairs: the bound any import of
# this schema meets on this machine, however fast its Go side gets.
#
#   bench/sqlitebound.sh CRAWL FILE [PAIRS]    default PAIRS: 3
#
#   go build -o /tmp/crawl ./cmd/crawl
#   go run ./bench/synth -corpus /work/shared/corpus -n 100000 -out /tmp/p100k.jsonl
#   bench/sqlitebound.sh /tmp/crawl /tmp/p100k.jsonl
#
# Each pair, each into a store CRAWL made empty (every migration applied):
#
#   import  CRAWL import --no-segment FILE
#   copy    the sqlite3 shell copies the rows that import stored (postings,
#           posting_skills, posting_datasets) from it, in id order, in one
#           transaction, with the store's page size, WAL and synchronous =
#           NORMAL; a WHERE clause keeps SQLite from copying pages whole
#           (its transfer optimization), so every row and index entry is
#           inserted as an import inserts it, with nothing to parse, hash,
#           tag, compress or bind
#   noix    the same copy into a store without the five secondary indexes
#           of postings (postings_year, postings_narrow, the tags, search
#           and job-key indexes): what writing them costs
#
# and prints each side's wall and CPU seconds and rows/s, with the load
# average when the pair started. Needs the sqlite3 shell (apt-get install
# sqlite3) and /usr/bin/time. Work files in BENCH_DIR (default
# /tmp/jobtrend-bound). Not run by CI.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
crawl=$1 file=$2 pairs=${3:-3}
W=${BENCH_DIR:-/tmp/jobtrend-bound}
mkdir -p "$W"
command -v sqlite3 >/dev/null || { echo "bench/sqlitebound.sh needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/sqlitebound.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

# An empty store: an import of a file that holds no rows migrates it and
# refuses the file.
rm -f "$W"/*.db "$W"/*.db-*
: >"$W/none.jsonl"
"$crawl" import --db "$W/empty.db" --quiet "$W/none.jsonl" 2>/dev/null || true
sqlite3 "$W/empty.db" "SELECT count(*) FROM postings" >/dev/null
cp "$W/empty.db" "$W/noix.db"
sqlite3 "$W/noix.db" "DROP INDEX postings_year; DROP INDEX postings_narrow; DROP INDEX postings_tags_version;
	DROP INDEX postings_search_version; DROP INDEX postings_job_key;"

# The rows to copy: what the import stores.
cp "$W/empty.db" "$W/src.db"
"$crawl" import --db "$W/src.db" --source bench-generated --quiet --no-segment "$file" 2>/dev/null
rows=$(sqlite3 "$W/src.db" "SELECT count(*) FROM postings")
echo "$rows postings, $(sqlite3 "$W/src.db" "SELECT count(*) FROM posting_skills") skill rows, $(sqlite3 "$W/src.db" "SELECT count(*) FROM posting_datasets") dataset rows"

copySQL="PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; ATTACH '$W/src.db' AS src;
BEGIN;
INSERT INTO main.postings SELECT * FROM src.postings WHERE id > 0 ORDER BY id;
INSERT INTO main.posting_skills SELECT * FROM src.posting_skills WHERE posting_id > 0 ORDER BY posting_id;
INSERT INTO main.posting_datasets SELECT * FROM src.posting_datasets WHERE posting_id > 0 ORDER BY posting_id;
COMMIT;"

# side NAME CMD...: runs CMD into a fresh copy of the empty store at
# $W/t.db and prints its times.
side() {
	local name=$1 l t0 t1
	shift
	l=$(cut -d' ' -f1 /proc/loadavg)
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S' -o "$W/time.tmp" "$@" >/dev/null 2>"$W/err.tmp" || { cat "$W/err.tmp" >&2; exit 1; }
	t1=$(date +%s%N)
	read -r u s <"$W/time.tmp"
	awk -v n="$name" -v w="$(((t1 - t0) / 1000000))" -v u="$u" -v s="$s" -v l="$l" -v rows="$rows" \
		'BEGIN { printf "%-6s wall %6.2f s %7.0f rows/s  cpu %6.2f s (%5.1f µs/row)  load %s\n",
			n, w / 1000, rows / (w / 1000), u + s, (u + s) * 1e6 / rows, l }'
}

for p in $(seq "$pairs"); do
	echo "pair $p"
	rm -f "$W/t.db" "$W/t.db"-*
	cp "$W/empty.db" "$W/t.db"
	side import "$crawl" import --db "$W/t.db" --source bench-generated --quiet --no-segment "$file"
	rm -f "$W/t.db" "$W/t.db"-*
	cp "$W/empty.db" "$W/t.db"
	side copy sqlite3 "$W/t.db" "$copySQL"
	[ "$(sqlite3 "$W/t.db" "SELECT count(*) FROM postings")" = "$rows" ] || { echo "the copy lost rows" >&2; exit 1; }
	rm -f "$W/t.db" "$W/t.db"-*
	cp "$W/noix.db" "$W/t.db"
	side noix sqlite3 "$W/t.db" "$copySQL"
done
rm -f "$W"/*.db "$W"/*.db-*
