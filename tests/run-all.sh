#!/usr/bin/env bash
# Linkon — the whole test suite, from a clean clone on Debian 12 (as root).
#   1. installs what the tests need (scripts/install-deps.sh)
#   2. builds and runs every test (unit, headless-OBS render, end-to-end)
#      with an Xvfb display this script starts itself
#   3. builds and runs the unit tests again under ASan + UBSan
#   4. compiles the docks against Qt6 (as for OBS 30+), warnings as errors
#   5. runs the render benchmarks (bench-render, bench-latency) as a report:
#      their figures never fail the suite, a crash or a bench that cannot run
#      does (about 3 minutes)
# Artifacts (rendered PNGs, screenshots, logs) end up in test-artifacts/.
# SPDX-License-Identifier: GPL-2.0-or-later
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="$(nproc 2>/dev/null || echo 2)"
ARTIFACTS="$ROOT/test-artifacts"
XVFB_PID=""

cleanup() {
	if [ -n "$XVFB_PID" ]; then
		kill "$XVFB_PID" 2>/dev/null || true
	fi
}
trap cleanup EXIT

bash "$ROOT/scripts/install-deps.sh" || { echo "linkon: installing dependencies failed"; exit 1; }

start_xvfb() {
	if [ -n "${DISPLAY:-}" ] && xdpyinfo >/dev/null 2>&1; then
		echo "linkon: using display $DISPLAY"
		return 0
	fi
	for n in $(seq 90 130); do
		if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then
			Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
			XVFB_PID=$!
			export DISPLAY=":$n"
			for _ in $(seq 1 50); do
				xdpyinfo >/dev/null 2>&1 && { echo "linkon: started Xvfb on $DISPLAY"; return 0; }
				sleep 0.1
			done
			kill "$XVFB_PID" 2>/dev/null
			XVFB_PID=""
		fi
	done
	echo "linkon: could not start Xvfb"
	return 1
}

TOTAL_PASS=0
TOTAL_FAIL=0
STATUS=0

# run_ctest <build dir> <ctest args…>: runs, adds to the totals
run_ctest() {
	local dir="$1"
	shift
	local log="$dir/ctest.log"
	(cd "$dir" && ctest --output-on-failure --timeout 600 "$@") 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	local line
	line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)"
	if [ -n "$line" ]; then
		local failed total
		failed="$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')"
		total="$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/')"
		TOTAL_PASS=$((TOTAL_PASS + total - failed))
		TOTAL_FAIL=$((TOTAL_FAIL + failed))
	else
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
	fi
	[ "$rc" -eq 0 ] || STATUS=1
}

build() {
	local dir="$1"
	shift
	cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINKON_TEST_ARTIFACTS="$ARTIFACTS" "$@" &&
		cmake --build "$dir" -j"$JOBS"
}

mkdir -p "$ARTIFACTS"
start_xvfb || exit 1

echo "== linkon: build + all tests =="
if build "$ROOT/build-test" -DLINKON_BUILD_BENCH=ON; then
	run_ctest "$ROOT/build-test"
else
	echo "linkon: build failed"
	STATUS=1
	TOTAL_FAIL=$((TOTAL_FAIL + 1))
fi

echo "== linkon: unit tests under ASan + UBSan =="
if build "$ROOT/build-asan" -DLINKON_SANITIZE=ON -DLINKON_BUILD_PLUGIN=OFF; then
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
		UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
		LSAN_OPTIONS="suppressions=$ROOT/tests/unit/lsan.supp:print_suppressions=0" \
		run_ctest "$ROOT/build-asan" -L unit
else
	echo "linkon: sanitizer build failed"
	STATUS=1
	TOTAL_FAIL=$((TOTAL_FAIL + 1))
fi

# OBS 30+ is built with Qt6: the same dock sources must compile there too
# (only the dock objects; they are not linked into this Qt5 OBS's module).
echo "== linkon: docks compile with Qt6 =="
if cmake -S "$ROOT" -B "$ROOT/build-qt6" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINKON_QT_MAJOR=6 \
	-DLINKON_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS=-Werror &&
	cmake --build "$ROOT/build-qt6" -j"$JOBS" --target linkon-docks; then
	TOTAL_PASS=$((TOTAL_PASS + 1))
else
	echo "linkon: the docks do not compile with Qt6"
	STATUS=1
	TOTAL_FAIL=$((TOTAL_FAIL + 1))
fi

# Report stage: ratios against OBS's own sources measured in the same run
# (bench/bench-render.c) and bridge event -> frame latency
# (bench/bench-latency.c). Timing is not judged here (the machine may be
# busy); a bench that crashes or cannot run fails the suite.
echo "== linkon: render benchmarks (report) =="
for bench in bench-render bench-latency; do
	if [ ! -x "$ROOT/build-test/$bench" ]; then
		echo "linkon: $bench was not built"
		STATUS=1
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
		continue
	fi
	(cd "$ROOT/build-test" && timeout 600 "./$bench") >"$ARTIFACTS/$bench.log" 2>&1
	rc=$?
	grep -vE '^(info|debug|warning|error): |^\s' "$ARTIFACTS/$bench.log" | grep -v '^$' || true
	if [ "$rc" -eq 0 ]; then
		TOTAL_PASS=$((TOTAL_PASS + 1))
	else
		echo "linkon: $bench failed (exit $rc), see $ARTIFACTS/$bench.log"
		STATUS=1
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
	fi
done

echo "Artifacts: $ARTIFACTS"
echo "linkon: $TOTAL_PASS passed, $TOTAL_FAIL failed"
exit $STATUS
