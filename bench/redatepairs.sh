#!/usr/bin/env bash
# bench/redatepairs.sh — what re-dating many stored postings costs with
# skill_postings, by two builds, interleaved (old, new, old, new…), each on
# a fresh copy of one store whose skill table is filled.
#
#   bench/redatepairs.sh OLD_QUERY NEW_QUERY STORE [PAIRS] [N]
#
#   git worktree add /tmp/old OLDCOMMIT && (cd /tmp/old && go build -o /tmp/query.old ./bench/query)
#   go build -o /tmp/query.new ./bench/query
#   bench/redatepairs.sh /tmp/query.old /tmp/query.new STORE 3 100000
#
# STORE is made by the OLD build (crawl import, then its bench/query to fill
# the skill table). Per run: the copy is opened by the side's bench/query
# (migrating it, outside the timings); the update moves posted_at of N
# stored postings one day earlier (sqlite3, in one transaction, the years
# kept: what an import that dates postings does to them), timed; then the
# side's bench/query brings skill_postings up to date (IndexSkills), timed
# from its own report, and queries golang and java once. Prints per run the
# two times and their sum with the 1-minute load average at the start, and
# bench/query's lines (the matched counts must be equal on both sides).
# Needs about twice STORE's size free beside it. Not run by CI.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
old=$1 new=$2 store=$3 pairs=${4:-3} n=${5:-100000}
work=$(dirname "$store")/redate-copy.db
ms() { echo $(($(date +%s%N) / 1000000)); }
for p in $(seq "$pairs"); do
	for side in old new; do
		bin=$old
		[ "$side" = new ] && bin=$new
		rm -f "$work" "$work"-*
		cp "$store" "$work"
		"$bin" -db "$work" -search=false -repeat 1 golang >/dev/null # migrate and merge, untimed
		l=$(cut -d' ' -f1 /proc/loadavg)
		t0=$(ms)
		sqlite3 "$work" "UPDATE postings SET posted_at = date(posted_at, '-1 day')
            WHERE id > 20000 AND id <= 20000 + $n AND posted_at IS NOT NULL AND substr(posted_at, 6, 5) <> '01-01'"
		t1=$(ms)
		out=$("$bin" -db "$work" -search=false -repeat 1 golang java)
		t2=$(ms)
		printf 'pair %d %-3s load %s  update %6.1f s  then IndexSkills and two queries %6.1f s  sum %6.1f s\n' \
			"$p" "$side" "$l" "$(echo "($t1 - $t0) / 1000" | bc -l)" "$(echo "($t2 - $t1) / 1000" | bc -l)" \
			"$(echo "($t2 - $t0) / 1000" | bc -l)"
		echo "$out" | sed 's/^/    /' # the merge's time, and the matched counts (equal on both sides)
	done
done
rm -f "$work" "$work"-*
