#!/bin/sh
# The keyword section of a cold report, before and after the keyword
# vocabulary, interleaved: builds BenchmarkKeywordSectionCold against the
# code of BASE (default: where this branch left main) and against the
# working tree, then runs the two test binaries alternately, PAIRS times
# (default 5), and prints each pair's ratios (after / before) of wall time and
# of the process's CPU time, their medians and their ranges.
#
#   pkg/trend/testdata/keyword-bench.sh [BASE [PAIRS]]
#
# Run from the repository's root on a quiet machine; it takes a few minutes.
set -eu
base=${1:-$(git merge-base main HEAD)}
pairs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/old"
git archive "$base" | tar -x -C "$tmp/old"
cp pkg/trend/keywords_bench_test.go "$tmp/old/pkg/trend/"
if [ ! -d "$tmp/old/pkg/skill" ]; then # the tagger lived in pkg/normalize then
	sed -i 's#jobtrend/pkg/skill"#jobtrend/pkg/normalize"#; s#skill\.DefaultTagger#normalize.DefaultTagger#' "$tmp/old/pkg/trend/keywords_bench_test.go"
fi
if grep -q '^func companies(.*) (\[\]Company, error)' "$tmp/old/pkg/trend/"*.go; then # before the staffing list
	sed -i 's#cs, _, err := companies(#cs, err := companies(#' "$tmp/old/pkg/trend/keywords_bench_test.go"
fi
(cd "$tmp/old" && go test -c -o "$tmp/old.test" ./pkg/trend)
go test -c -o "$tmp/new.test" ./pkg/trend
run() { # binary → "wall-seconds cpu-seconds" per op
	(cd pkg/trend && "$1" -test.run '^$' -test.bench KeywordSectionCold -test.benchtime 3x) |
		awk '/^BenchmarkKeywordSectionCold/ { for (i = 1; i < NF; i++) if ($(i+1) == "cpu-s/op") c = $i; print $3 / 1e9, c }'
}
i=1
while [ "$i" -le "$pairs" ]; do
	old=$(run "$tmp/old.test")
	new=$(run "$tmp/new.test")
	echo "$old $new" | awk -v i="$i" '{ printf "pair %d: before %.2f s (cpu %.2f s), after %.2f s (cpu %.2f s), wall ratio %.3f, cpu ratio %.3f\n", i, $1, $2, $3, $4, $3 / $1, $4 / $2 }'
	i=$((i + 1))
done | tee "$tmp/pairs"
summary() { # column → median and range of that ratio
	awk -v f="$1" '{ print $f }' "$tmp/pairs" | sort -n | awk -v what="$2" '{ r[NR] = $1 }
		END { printf "%s ratio after/before: median %.3f, range %.3f–%.3f over %d pairs\n", what, (r[int((NR+1)/2)] + r[int(NR/2)+1]) / 2, r[1], r[NR], NR }'
}
summary 17 wall
summary 20 cpu
