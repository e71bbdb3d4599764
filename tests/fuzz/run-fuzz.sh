#!/usr/bin/env bash
# Linkon — runs every libFuzzer target of a LINKON_FUZZ build (tests/fuzz/fuzz.cmake).
#   tests/fuzz/run-fuzz.sh <build dir> [seconds per target, 60] [targets at once, 2] [target name…]
# Each target starts from its seeds (tests/fuzz/corpus/<name>/, tests/fixtures
# for images) plus what earlier runs in this build dir found
# (<build>/fuzz-corpus/<target>/, where libFuzzer adds new inputs; the seed
# folders in the source tree are only read). A target fails on any crash,
# sanitizer report (memory error, undefined behaviour, leak), input slower
# than the timeout, RSS or single allocation over the limits, a non-zero
# exit status or a log without libFuzzer's "Done" line. The input that
# failed is saved as <build>/fuzz-artifacts/<target>/<kind>-<sha1>; replay it
# with <build>/<target> <that file>.
# Prints one line per target and "linkon-fuzz: P passed, F failed"; exits 1
# when a target failed.
# SPDX-License-Identifier: GPL-2.0-or-later
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$(cd "${1:?usage: run-fuzz.sh <build dir> [seconds] [parallel] [targets…]}" && pwd)"
SECONDS_EACH="${2:-60}"
PARALLEL="${3:-2}"
shift $(($# < 3 ? $# : 3))
ONLY=("$@")

# Limits: no input may take 25 s (they take microseconds; the margin is for
# a busy machine), grow the process past 2 GiB or ask for 1 GiB at once.
RSS_MB=2048
MALLOC_MB=1024
TIMEOUT_S=25

LIST="$BUILD/fuzz-targets.txt"
if [ ! -f "$LIST" ]; then
	echo "linkon-fuzz: $LIST is missing (configure with -DLINKON_FUZZ=ON)"
	exit 1
fi
mkdir -p "$BUILD/fuzz-logs" "$BUILD/fuzz-corpus" "$BUILD/fuzz-artifacts"

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0:symbolize=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$ROOT/tests/unit/lsan.supp:print_suppressions=0"

# run_one <name> <max_len> <seed dirs, comma-separated>: writes <log> and <log>.rc
run_one() {
	local name="$1" max_len="$2" seeds="$3"
	local log="$BUILD/fuzz-logs/$name.log"
	local work="$BUILD/fuzz-corpus/$name"
	local art="$BUILD/fuzz-artifacts/$name"
	local dirs=()
	mkdir -p "$work" "$art"
	IFS=',' read -r -a rel <<<"$seeds"
	for d in "${rel[@]}"; do
		[ -d "$ROOT/$d" ] && dirs+=("$ROOT/$d")
	done
	local start=$SECONDS
	"$BUILD/$name" -max_total_time="$SECONDS_EACH" -max_len="$max_len" -rss_limit_mb="$RSS_MB" \
		-malloc_limit_mb="$MALLOC_MB" -timeout="$TIMEOUT_S" -print_final_stats=1 \
		-artifact_prefix="$art/" "$work" "${dirs[@]}" >"$log" 2>&1
	echo "$? $((SECONDS - start))" >"$log.rc"
}

# verdict <name>: prints the target's line; returns 0 when it passed
verdict() {
	local name="$1"
	local log="$BUILD/fuzz-logs/$name.log"
	local rc secs
	read -r rc secs <"$log.rc"
	local runs cov why=""
	runs="$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -1)"
	cov="$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')"
	if [ "$rc" -ne 0 ]; then
		why="exit status $rc"
	elif [ -z "$runs" ]; then
		why="no 'Done' line"
	fi
	local report
	report="$(grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|==[0-9]+== ?ERROR|out-of-memory|ALARM: working on the last Unit|fuzz: .*check failed|fuzz-[a-z-]+: ' "$log")"
	if [ -n "$report" ]; then
		why="${why:+$why; }$report"
	fi
	if [ -z "$why" ]; then
		printf 'PASS %-18s %3ss  %s runs, coverage %s\n' "$name" "$secs" "$runs" "${cov:-?}"
		return 0
	fi
	printf 'FAIL %-18s %3ss  %s (log: %s; input: %s)\n' "$name" "$secs" "$why" "$log" \
		"$(ls -t "$BUILD/fuzz-artifacts/$name/" 2>/dev/null | head -1)"
	return 1
}

names=()
declare -A max_len seeds
while read -r name len dirs; do
	[ -n "$name" ] || continue
	if [ ${#ONLY[@]} -gt 0 ] && [[ ! " ${ONLY[*]} " == *" $name "* ]]; then
		continue
	fi
	names+=("$name")
	max_len[$name]="$len"
	seeds[$name]="$dirs"
done <"$LIST"

stage_start=$SECONDS
running=0
for name in "${names[@]}"; do
	if [ ! -x "$BUILD/$name" ]; then
		echo "linkon-fuzz: $BUILD/$name was not built" >"$BUILD/fuzz-logs/$name.log"
		echo "127 0" >"$BUILD/fuzz-logs/$name.log.rc"
		continue
	fi
	run_one "$name" "${max_len[$name]}" "${seeds[$name]}" &
	running=$((running + 1))
	if [ "$running" -ge "$PARALLEL" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

pass=0
fail=0
for name in "${names[@]}"; do
	if verdict "$name"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "linkon-fuzz: ${#names[@]} targets x ${SECONDS_EACH} s, $PARALLEL at once: $((SECONDS - stage_start)) s wall"
echo "linkon-fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
