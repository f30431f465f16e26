#!/usr/bin/env bash
# bench/skilltablepairs.sh — what keeping skill_postings costs, by two
# builds, interleaved (old, new, old, new…), each run on a fresh copy of
# one store whose skill table is filled.
#
#   bench/skilltablepairs.sh redate OLD_QUERY NEW_QUERY STORE [PAIRS] [N]
#   bench/skilltablepairs.sh fill   OLD_QUERY NEW_QUERY STORE [PAIRS]
#   bench/skilltablepairs.sh apply-or-refill QUERY STORE [PAIRS] [N]
#
#   git worktree add /tmp/old OLDCOMMIT && (cd /tmp/old && go build -o /tmp/query.old ./bench/query)
#   go build -o /tmp/query.new ./bench/query
#   bench/skilltablepairs.sh redate /tmp/query.old /tmp/query.new STORE 3 100000
#
# STORE is made by the OLD build (crawl import, then its bench/query to fill
# the skill table). Per run, the copy is first opened by the side's
# bench/query (migrating it, outside the timings), then:
#   redate  moves posted_at of the dated postings with ids 20,001–20,000+N
#           one day earlier (sqlite3, one transaction, the years kept: what
#           an import that dates postings does to them), timed; then the
#           side's bench/query brings skill_postings up to date
#           (IndexSkills) and queries golang and java once, timed.
#   apply-or-refill  one build, two ways (apply, refill, apply, …): after
#           the re-dating of redate, the build's bench/query either applies
#           the notes (as it does below a third of the covered postings
#           noted) or, the table emptied after the re-dating as the store
#           empties it above a third (untimed: a truncation), refills it;
#           timed from the query's start, with the number of postings
#           noted. Where the one-third rule should lie.
#   fill    empties skill_postings (sqlite3, untimed: what a migration or a
#           retag of many postings does), then the side's bench/query fills
#           it again and queries golang and java once, timed, with its peak
#           RSS.
# Prints per run the times with the 1-minute load average at the start, and
# bench/query's lines: IndexSkills' own time, and the matched counts, which
# must be equal on both sides. Needs about twice STORE's size free beside
# it. Not run by CI.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { echo "($2 - $1) / 1000" | bc -l; }
if [ "$1" = apply-or-refill ]; then
	bin=$2 store=$3 pairs=${4:-3} n=${5:-100000}
	work=$(dirname "$store")/skilltable-copy.db
	for p in $(seq "$pairs"); do
		for way in apply refill; do
			rm -f "$work" "$work"-*
			cp "$store" "$work"
			"$bin" -db "$work" -search=false -repeat 1 golang >/dev/null # migrate and merge, untimed
			sqlite3 "$work" "UPDATE postings SET posted_at = date(posted_at, '-1 day')
                WHERE id > 20000 AND id <= 20000 + $n AND posted_at IS NOT NULL AND substr(posted_at, 6, 5) <> '01-01'"
			noted=$(sqlite3 "$work" "SELECT count(*) FROM skill_postings_redo")
			[ "$way" = refill ] && sqlite3 "$work" "DELETE FROM skill_postings; UPDATE skill_postings_through SET id = 0;
                DELETE FROM skill_postings_gone; DELETE FROM skill_postings_redo"
			l=$(cut -d' ' -f1 /proc/loadavg)
			t0=$(ms)
			out=$(/usr/bin/time -f 'peak RSS %M KB' "$bin" -db "$work" -search=false -repeat 1 golang java 2>&1)
			t1=$(ms)
			printf 'pair %d %-6s load %s  %d postings noted  IndexSkills and two queries %6.1f s\n' \
				"$p" "$way" "$l" "$noted" "$(secs "$t0" "$t1")"
			echo "$out" | sed 's/^/    /'
		done
	done
	rm -f "$work" "$work"-*
	exit 0
fi
[ $# -ge 4 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
mode=$1 old=$2 new=$3 store=$4 pairs=${5:-3} n=${6:-100000}
case $mode in redate | fill) ;; *) echo "bench/skilltablepairs.sh: mode redate, fill or apply-or-refill, not $mode" >&2; exit 2 ;; esac
work=$(dirname "$store")/skilltable-copy.db
for p in $(seq "$pairs"); do
	for side in old new; do
		bin=$old
		[ "$side" = new ] && bin=$new
		rm -f "$work" "$work"-*
		cp "$store" "$work"
		"$bin" -db "$work" -search=false -repeat 1 golang >/dev/null # migrate and merge, untimed
		l=$(cut -d' ' -f1 /proc/loadavg)
		t0=$(ms)
		if [ "$mode" = redate ]; then
			sqlite3 "$work" "UPDATE postings SET posted_at = date(posted_at, '-1 day')
                WHERE id > 20000 AND id <= 20000 + $n AND posted_at IS NOT NULL AND substr(posted_at, 6, 5) <> '01-01'"
		else
			sqlite3 "$work" "DELETE FROM skill_postings; UPDATE skill_postings_through SET id = 0"
		fi
		t1=$(ms)
		out=$(/usr/bin/time -f 'peak RSS %M KB' "$bin" -db "$work" -search=false -repeat 1 golang java 2>&1)
		t2=$(ms)
		if [ "$mode" = redate ]; then
			printf 'pair %d %-3s load %s  update %6.1f s  then IndexSkills and two queries %6.1f s  sum %6.1f s\n' \
				"$p" "$side" "$l" "$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")" "$(secs "$t0" "$t2")"
		else
			printf 'pair %d %-3s load %s  fill and two queries %6.1f s\n' "$p" "$side" "$l" "$(secs "$t1" "$t2")"
		fi
		echo "$out" | sed 's/^/    /'
	done
done
rm -f "$work" "$work"-*
