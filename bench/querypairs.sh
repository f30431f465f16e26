#!/usr/bin/env bash
# bench/querypairs.sh — analyze query in process (bench/query) by two
# builds, interleaved (old, new, old, new…), each on its own copy of one
# store, so that their ratio holds on a shared machine.
#
#   bench/querypairs.sh OLD_QUERY OLD_DB NEW_QUERY NEW_DB [PAIRS] -- TERM[,TERM] ...
#
#   git worktree add /tmp/old OLDCOMMIT && (cd /tmp/old && go build -o /tmp/query.old ./bench/query)
#   go build -o /tmp/query.new ./bench/query
#   cp STORE /tmp/old.db && cp STORE /tmp/new.db     # a newer build may migrate its copy
#   bench/querypairs.sh /tmp/query.old /tmp/old.db /tmp/query.new /tmp/new.db 3 -- golang java 区块链
#
# Each side opens its store once per run (migrating and indexing it on the
# first, outside the timings) and prints, per query, the fastest, median
# and slowest of 5 runs; every line carries the side and the 1-minute load
# average when the run started. Not run by CI.
set -euo pipefail
[ $# -ge 6 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
old=$1 olddb=$2 new=$3 newdb=$4
shift 4
pairs=3
if [ "$1" != -- ]; then
	pairs=$1
	shift
fi
[ "$1" = -- ] || { echo "bench/querypairs.sh: -- before the terms" >&2; exit 2; }
shift
# warm-up: migrations and the full-text index are one-time work, not a query's
"$old" -db "$olddb" -repeat 1 "$@" >/dev/null
"$new" -db "$newdb" -repeat 1 "$@" >/dev/null
for p in $(seq "$pairs"); do
	for side in old new; do
		bin=$old db=$olddb
		[ "$side" = new ] && bin=$new db=$newdb
		l=$(cut -d' ' -f1 /proc/loadavg)
		"$bin" -db "$db" "$@" | sed "s/^/pair $p $side load $l  /"
	done
done
