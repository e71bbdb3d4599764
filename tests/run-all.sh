#!/usr/bin/env bash
# Linkon — the whole test suite, from a clean clone on Debian 12 (as root).
#   1. installs what the tests need (scripts/install-deps.sh)
#   2. builds and runs every test (unit, headless-OBS render, end-to-end)
#      with an Xvfb display this script starts itself
#   3. builds and runs the unit tests again under ASan + UBSan
#   4. OBS 32: builds libobs 32.2.2 from ../shared/obs32/ (scripts/build-obs32.sh;
#      reused when an earlier run built it in build-obs32/), builds Linkon and
#      its docks (Qt6) against it with warnings as errors, runs the unit and
#      headless-OBS tests with its libraries, makes the OBS 32 user tarball
#   5. the .deb for Debian's OBS 29: built, installed with dpkg -i, loaded by
#      the real OBS, removed with dpkg --purge (tests/e2e/test-deb.sh)
#   6. runs every libFuzzer target (tests/fuzz) for 60 s, two at a time
#   7. runs the thread-using unit tests under ThreadSanitizer
#   8. runs the render benchmarks (bench-render, bench-latency,
#      bench-text-frames) as a report: their figures never fail the suite, a
#      crash or a bench that cannot run does (about 4 minutes)
# Artifacts (rendered PNGs, screenshots, logs) end up in test-artifacts/
# (the OBS 32 stage's in test-artifacts/obs32/).
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

SUITE_T0=$(date +%s)
echo "== linkon: build + all tests =="
main_t0=$(date +%s)
# one owner for each module object: seconds, so a new module global fails
# before the build (ctest runs it again as check-ownership)
if bash "$ROOT/tests/check-ownership.sh" "$ROOT" && bash "$ROOT/tests/check-ownership.sh" --self-test; then
	TOTAL_PASS=$((TOTAL_PASS + 1))
else
	STATUS=1
	TOTAL_FAIL=$((TOTAL_FAIL + 1))
fi
if build "$ROOT/build-test" -DLINKON_BUILD_BENCH=ON; then
	run_ctest "$ROOT/build-test"
else
	echo "linkon: build failed"
	STATUS=1
	TOTAL_FAIL=$((TOTAL_FAIL + 1))
fi

echo "linkon: build + all tests stage: $(($(date +%s) - main_t0)) s"

echo "== linkon: unit tests under ASan + UBSan =="
asan_t0=$(date +%s)
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

echo "linkon: ASan + UBSan stage: $(($(date +%s) - asan_t0)) s"

# stage_check <what> <command…>: one pass or fail in the totals
stage_check() {
	local what="$1"
	shift
	if "$@"; then
		echo "linkon: ok - $what"
		TOTAL_PASS=$((TOTAL_PASS + 1))
	else
		echo "linkon: FAILED - $what"
		STATUS=1
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
	fi
}

# ---- OBS 32 ---------------------------------------------------------------------
OBS32="$ROOT/build-obs32"
OBS32_PREFIX="$OBS32/obs-prefix"
OBS32_BUILD="$OBS32/linkon"

# no header of Debian's libobs 29 (/usr/include/obs) in any compile command,
# and the prefix's headers in Linkon's own
obs32_headers_only() {
	local db="$OBS32_BUILD/compile_commands.json"
	[ -f "$db" ] || { echo "linkon: no $db"; return 1; }
	if grep -q '/usr/include/obs' "$db"; then
		grep -o '[^ ]*/usr/include/obs[^ ]*' "$db" | sort -u | head -n 5
		return 1
	fi
	grep -q -- "-isystem $OBS32_PREFIX/include/obs" "$db" || grep -q -- "-I$OBS32_PREFIX/include/obs" "$db"
}

# linkon.so has the Qt6 docks and the OBS 30+ dock API, resolved by OBS 32's libraries
obs32_module_links() {
	local so="$OBS32_BUILD/linkon.so"
	# read whole outputs first: with pipefail, "nm | grep -q" fails when grep
	# stops reading early and nm gets SIGPIPE
	local needed undef
	needed="$(readelf -d "$so")" && undef="$(nm -D --undefined-only "$so")" || return 1
	grep -q 'NEEDED.*libQt6Widgets' <<<"$needed" || { echo "linkon: $so does not link Qt6"; return 1; }
	grep -qw obs_frontend_add_dock_by_id <<<"$undef" || { echo "linkon: no dock API"; return 1; }
	if grep -qw obs_frontend_add_dock <<<"$undef"; then
		echo "linkon: $so uses obs_frontend_add_dock (gone in OBS 32)"
		return 1
	fi
	local libs
	libs="$(LD_LIBRARY_PATH="$OBS32_PREFIX/lib" ldd "$so" | grep -E 'libobs(-frontend-api)?\.so')"
	echo "$libs"
	[ "$(grep -c . <<<"$libs")" -eq 2 ] || { echo "linkon: expected libobs and libobs-frontend-api"; return 1; }
	if grep -v -q "$OBS32_PREFIX/lib/" <<<"$libs"; then
		echo "linkon: a libobs outside $OBS32_PREFIX"
		return 1
	fi
}

# the user-install tarball for OBS 32: linkon/bin/64bit/linkon.so + linkon/data/
obs32_tarball() {
	rm -f "$OBS32_BUILD"/linkon-*-obs32-*.tar.xz
	(cd "$OBS32_BUILD" && cpack >cpack.log 2>&1) || { tail -n 20 "$OBS32_BUILD/cpack.log"; return 1; }
	local tarball
	tarball="$(ls "$OBS32_BUILD"/linkon-*-obs32-linux-*.tar.xz 2>/dev/null | head -n 1)"
	[ -n "$tarball" ] || { echo "linkon: cpack made no linkon-*-obs32-linux-*.tar.xz"; return 1; }
	local list
	list="$(tar -tJf "$tarball")"
	grep -qx 'linkon/bin/64bit/linkon.so' <<<"$list" && grep -qx 'linkon/data/locale/en-US.ini' <<<"$list" &&
		grep -q '^linkon/data/effects/' <<<"$list" || { echo "linkon: $tarball lacks files:"; head <<<"$list"; return 1; }
	if grep -qv '^linkon/' <<<"$list"; then
		echo "linkon: $tarball has files outside linkon/"
		return 1
	fi
	echo "linkon: $(basename "$tarball"): $(wc -l <<<"$list") entries, $(du -k "$tarball" | cut -f1) KiB"
}

echo "== linkon: OBS 32.2.2 (libobs from ../shared/obs32): Linkon + docks (Qt6, -Werror), unit + headless-OBS tests =="
obs32_t0=$(date +%s)
obs32_libobs="failed"
obs32_tests="not run"
mkdir -p "$OBS32"
if bash "$ROOT/scripts/build-obs32.sh" "$OBS32_PREFIX" | tee "$OBS32/build-obs32.log"; then
	grep -q 'reused' "$OBS32/build-obs32.log" && obs32_libobs="reused" || obs32_libobs="built"
	TOTAL_PASS=$((TOTAL_PASS + 1))
else
	echo "linkon: building libobs 32.2.2 failed"
	STATUS=1
	TOTAL_FAIL=$((TOTAL_FAIL + 1))
fi
obs32_t1=$(date +%s)
obs32_t2=$obs32_t1
if [ "$obs32_libobs" != "failed" ]; then
	if cmake -S "$ROOT" -B "$OBS32_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$OBS32_PREFIX" \
		-DLINKON_INSTALL_LAYOUT=user -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_C_FLAGS=-Werror \
		-DCMAKE_CXX_FLAGS=-Werror -DLINKON_TEST_ARTIFACTS="$ARTIFACTS/obs32" &&
		cmake --build "$OBS32_BUILD" -j"$JOBS"; then
		TOTAL_PASS=$((TOTAL_PASS + 1))
		obs32_t2=$(date +%s)
		stage_check "OBS 32: no header of Debian's libobs 29 in compile_commands.json" obs32_headers_only
		stage_check "OBS 32: linkon.so links the Qt6 docks and OBS 32's frontend API" obs32_module_links
		before_pass=$TOTAL_PASS before_fail=$TOTAL_FAIL
		LD_LIBRARY_PATH="$OBS32_PREFIX/lib" LIBGL_ALWAYS_SOFTWARE=1 run_ctest "$OBS32_BUILD"
		obs32_tests="$((TOTAL_PASS - before_pass)) passed, $((TOTAL_FAIL - before_fail)) failed"
		stage_check "OBS 32: the user-install tarball" obs32_tarball
	else
		echo "linkon: building Linkon against OBS 32 failed"
		STATUS=1
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
		obs32_t2=$(date +%s)
	fi
fi
obs32_t3=$(date +%s)
echo "linkon: OBS 32 stage: libobs $obs32_libobs in $((obs32_t1 - obs32_t0)) s, Linkon build" \
	"$((obs32_t2 - obs32_t1)) s, tests $((obs32_t3 - obs32_t2)) s ($obs32_tests), total $((obs32_t3 - obs32_t0)) s"

# ---- the .deb ------------------------------------------------------------------------
echo "== linkon: the .deb for Debian's OBS 29: build, dpkg -i, the real OBS loads it, dpkg --purge =="
deb_t0=$(date +%s)
# the e2e crash reporter from the main stage's build, when it was built
LK_CRASH_TRACE_LIB="$ROOT/build-test/tests/liblk-crash-trace.so" \
	stage_check "the .deb installs, loads in OBS 29 and is removed cleanly" \
	bash "$ROOT/tests/e2e/test-deb.sh" "$ROOT/build-deb" "$ARTIFACTS"
echo "linkon: .deb stage: $(($(date +%s) - deb_t0)) s"

# ---- issue 14: fuzzing and ThreadSanitizer stages (kept together, last) ----

# libFuzzer targets (tests/fuzz), clang with ASan + UBSan: each runs
# LINKON_FUZZ_SECONDS (60) s, two at a time; a crash, sanitizer report, leak,
# slow input or memory limit fails it. Each target counts as one test.
echo "== linkon: fuzz targets (libFuzzer, ASan + UBSan) =="
stage_start=$SECONDS
if CC=clang CXX=clang++ cmake -S "$ROOT" -B "$ROOT/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINKON_FUZZ=ON \
	-DLINKON_BUILD_PLUGIN=OFF -DLINKON_BUILD_TESTS=OFF &&
	cmake --build "$ROOT/build-fuzz" -j"$JOBS"; then
	bash "$ROOT/tests/fuzz/run-fuzz.sh" "$ROOT/build-fuzz" "${LINKON_FUZZ_SECONDS:-60}" 2 2>&1 |
		tee "$ROOT/build-fuzz/run-fuzz.log"
	rc=${PIPESTATUS[0]}
	line="$(grep -E '^linkon-fuzz: [0-9]+ passed, [0-9]+ failed' "$ROOT/build-fuzz/run-fuzz.log" | tail -1)"
	if [ -n "$line" ]; then
		TOTAL_PASS=$((TOTAL_PASS + $(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')))
		TOTAL_FAIL=$((TOTAL_FAIL + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
	else
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
	fi
	[ "$rc" -eq 0 ] || STATUS=1
else
	echo "linkon: fuzz build failed"
	STATUS=1
	TOTAL_FAIL=$((TOTAL_FAIL + 1))
fi
echo "linkon: fuzz stage took $((SECONDS - stage_start)) s"

# The unit tests that run threads (ctest label "threads") under
# ThreadSanitizer; any report fails the test.
echo "== linkon: thread-using unit tests under ThreadSanitizer =="
stage_start=$SECONDS
if CC=clang CXX=clang++ build "$ROOT/build-tsan" -DLINKON_TSAN=ON -DLINKON_BUILD_PLUGIN=OFF; then
	TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1" run_ctest "$ROOT/build-tsan" -L threads
else
	echo "linkon: ThreadSanitizer build failed"
	STATUS=1
	TOTAL_FAIL=$((TOTAL_FAIL + 1))
fi
echo "linkon: ThreadSanitizer stage took $((SECONDS - stage_start)) s"

# ---- end of the issue 14 stages ----

# Report stage: ratios against OBS's own sources measured in the same run
# (bench/bench-render.c), bridge event -> frame latency
# (bench/bench-latency.c) and a card's graphics-thread time while its font
# and product change, against its own floor (bench/bench-text-frames.c).
# Timing is not judged here (the machine may be busy); a bench that crashes
# or cannot run fails the suite.
echo "== linkon: render benchmarks (report) =="
for bench in bench-render bench-latency bench-text-frames; do
	if [ ! -x "$ROOT/build-test/$bench" ]; then
		echo "linkon: $bench was not built"
		STATUS=1
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
		continue
	fi
	(cd "$ROOT/build-test" && timeout 600 "./$bench") >"$ARTIFACTS/$bench.log" 2>&1
	rc=$?
	if [ "$bench" = bench-text-frames ]; then # (its figures are indented lines)
		grep -E '^bench-text-frames|^  [a-z]' "$ARTIFACTS/$bench.log" || true
	else
		grep -vE '^(info|debug|warning|error): |^\s' "$ARTIFACTS/$bench.log" | grep -v '^$' || true
	fi
	if [ "$rc" -eq 0 ]; then
		TOTAL_PASS=$((TOTAL_PASS + 1))
	else
		echo "linkon: $bench failed (exit $rc), see $ARTIFACTS/$bench.log"
		STATUS=1
		TOTAL_FAIL=$((TOTAL_FAIL + 1))
	fi
done

echo "Artifacts: $ARTIFACTS"
echo "linkon: the stages took $(($(date +%s) - SUITE_T0)) s"
echo "linkon: $TOTAL_PASS passed, $TOTAL_FAIL failed"
exit $STATUS
