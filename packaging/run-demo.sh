#!/usr/bin/env bash
# Linkon — the demo, from a clean clone on Debian 12 (as root or a user with sudo):
#   1. installs what it needs (scripts/install-deps.sh)
#   2. builds Linkon in build/ and installs it into your OBS
#      (~/.config/obs-studio/plugins/linkon, packaging/install-user.sh)
#   3. creates the "Linkon Demo" scene collection and the "Linkon" profile and
#      makes them current (packaging/make-scene-collection.py)
#   4. starts OBS with them: on your display if there is one, else on an Xvfb
#      display this script starts; waits for the main window and the demo shop,
#      maximises the window (it fills the screen), saves a screenshot and
#      prints its path.
# Under Xvfb OBS and Xvfb are stopped again at the end (exit 0 = it worked);
# on a real display OBS keeps running.
#
#   bash packaging/run-demo.sh [--reset] [--keep-running] [--skip-deps]
#     --reset         recreate the Linkon Demo collection (yours is backed up)
#     --keep-running  under Xvfb, leave OBS and Xvfb running
#     --skip-deps     do not run scripts/install-deps.sh
# Environment: LINKON_SCREENSHOT (default ./linkon-demo.png),
#   LINKON_SETTLE_SECONDS (wait after the window shows, default 8),
#   LINKON_START_TIMEOUT (seconds to wait for the window, default 120).
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

ORIG_PWD="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
OBS_CONFIG="${XDG_CONFIG_HOME:-$HOME/.config}/obs-studio"
COLLECTION="Linkon Demo"
PROFILE="Linkon"
SCENE="Live Selling"
SHOT="${LINKON_SCREENSHOT:-$ORIG_PWD/linkon-demo.png}"
case "$SHOT" in /*) ;; *) SHOT="$ORIG_PWD/$SHOT" ;; esac
SETTLE="${LINKON_SETTLE_SECONDS:-8}"
START_TIMEOUT="${LINKON_START_TIMEOUT:-120}"
OBS_OUT="$BUILD/linkon-demo-obs.log"

RESET=()
KEEP=0
DEPS=1
for arg in "$@"; do
	case "$arg" in
	--reset) RESET=(--reset) ;;
	--keep-running) KEEP=1 ;;
	--skip-deps) DEPS=0 ;;
	-h | --help)
		sed -n '2,/^# SPDX/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' | grep -v '^SPDX'
		exit 0
		;;
	*)
		echo "linkon: unknown option $arg (try --help)" >&2
		exit 2
		;;
	esac
done

XVFB_PID=""
OBS_PID=""
OBS_LOG=""
OBS_WIN=""
STAMP=""
STARTED=0

say() { echo "linkon: $*"; }

# obs_alive: OBS runs (an exited child stays a zombie until waited for, and
# kill -0 succeeds on zombies, so look at its state)
obs_alive() {
	[ -n "$OBS_PID" ] && [ -r "/proc/$OBS_PID/stat" ] || return 1
	local state
	# (it may go between the test above and this read)
	state="$(sed 's/^.*) //' "/proc/$OBS_PID/stat" 2>/dev/null | cut -d' ' -f1)"
	[ -n "$state" ] && [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# ---- cleanup: only what this script started --------------------------------
stop_obs() {
	obs_alive || { [ -n "$OBS_PID" ] && wait "$OBS_PID" 2>/dev/null; return 0; }
	# File > Exit (Ctrl+Q) lets OBS save and unload its modules cleanly
	if [ -n "$OBS_WIN" ]; then
		xdotool windowfocus --sync "$OBS_WIN" key --clearmodifiers ctrl+q 2>/dev/null || true
	fi
	local i
	for i in $(seq 1 40); do
		obs_alive || { wait "$OBS_PID" 2>/dev/null; return 0; }
		[ "$i" -eq 20 ] && kill -TERM "$OBS_PID" 2>/dev/null
		sleep 0.5
	done
	say "OBS did not exit in 20 s, killing it"
	kill -KILL "$OBS_PID" 2>/dev/null || true
	wait "$OBS_PID" 2>/dev/null || true
}

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
	if [ "$STARTED" -eq 1 ] && { [ -n "$XVFB_PID" ] && [ "$KEEP" -eq 0 ]; }; then
		stop_obs
	fi
	if [ -n "$XVFB_PID" ] && [ "$KEEP" -eq 0 ]; then
		kill "$XVFB_PID" 2>/dev/null || true
		wait "$XVFB_PID" 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# fail <reason>: prints the reason and what OBS logged, exits 1
fail() {
	echo >&2
	echo "linkon: FAILED: $*" >&2
	local log="${OBS_LOG:-$OBS_OUT}"
	if [ -f "$log" ]; then
		echo "linkon: ---- last lines of $log ----" >&2
		tail -n 40 "$log" >&2
		echo "linkon: ---- end of log ----" >&2
	fi
	local crash
	crash="$(ls -t "$OBS_CONFIG"/crashes/* 2>/dev/null | head -n 1 || true)"
	if [ -n "$crash" ] && [ -n "${STAMP:-}" ] && [ "$crash" -nt "$STAMP" ]; then
		echo "linkon: OBS wrote a crash report: $crash" >&2
		head -n 60 "$crash" >&2
	fi
	echo "linkon: OBS output: $OBS_OUT" >&2
	[ -n "$OBS_LOG" ] && echo "linkon: OBS log: $OBS_LOG" >&2
	exit 1
}

# ---- 1-3: dependencies, build + install, scene collection -------------------
if [ "$DEPS" -eq 1 ]; then
	bash "$ROOT/scripts/install-deps.sh" || { echo "linkon: installing dependencies failed" >&2; exit 1; }
fi
bash "$ROOT/packaging/install-user.sh" "$BUILD"
python3 "$ROOT/packaging/make-scene-collection.py" --config-dir "$OBS_CONFIG" "${RESET[@]}"

# ---- 4: a display -----------------------------------------------------------
start_xvfb() {
	local n
	for n in $(seq 99 160); do
		[ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
		Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >"$BUILD/linkon-demo-xvfb.log" 2>&1 &
		XVFB_PID=$!
		export DISPLAY=":$n"
		for _ in $(seq 1 100); do
			xdpyinfo >/dev/null 2>&1 && { say "started Xvfb on $DISPLAY (pid $XVFB_PID)"; return 0; }
			kill -0 "$XVFB_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill "$XVFB_PID" 2>/dev/null || true
		wait "$XVFB_PID" 2>/dev/null || true
		XVFB_PID=""
	done
	fail "could not start Xvfb (see $BUILD/linkon-demo-xvfb.log)"
}

if [ -n "${DISPLAY:-}" ] && xdpyinfo >/dev/null 2>&1; then
	say "using your display $DISPLAY"
else
	start_xvfb
	# software GL on the virtual display; X11 even if a Wayland session is around
	export LIBGL_ALWAYS_SOFTWARE=1 QT_QPA_PLATFORM=xcb
	unset WAYLAND_DISPLAY
fi

# ---- 4: OBS -----------------------------------------------------------------
obs_flags() {
	local help
	help="$(obs --help 2>&1 || true)"
	FLAGS=(--collection "$COLLECTION" --profile "$PROFILE" --scene "$SCENE")
	local f
	# --multi: no "OBS is already running" dialog; the others exist from 29.1 on
	for f in --multi --disable-shutdown-check --disable-missing-files-check --disable-updater; do
		grep -q -- "$f" <<<"$help" && FLAGS+=("$f")
	done
	return 0
}

find_main_window() {
	xdotool search --onlyvisible --name '^OBS [0-9]' 2>/dev/null | head -n 1 || true
}

# the OBS log file of this run: the newest one written since OBS started
find_obs_log() {
	local f
	f="$(ls -t "$OBS_CONFIG"/logs/*.txt 2>/dev/null | head -n 1 || true)"
	if [ -n "$f" ] && [ "$f" -nt "$STAMP" ]; then
		OBS_LOG="$f"
	fi
}

if [ -z "$XVFB_PID" ] && command -v pgrep >/dev/null && pgrep -x obs >/dev/null 2>&1; then
	say "note: another OBS is already running on this machine; starting a second one (--multi)"
fi
command -v obs >/dev/null || fail "obs is not installed (scripts/install-deps.sh installs obs-studio)"
obs_flags
mkdir -p "$OBS_CONFIG/logs"
STAMP="$BUILD/linkon-demo.stamp"
touch "$STAMP"
sleep 1 # log files are named by the second; make "newer than the stamp" exact
say "starting: obs ${FLAGS[*]}"
# its own session: closing this terminal does not take OBS down
(cd "$OBS_CONFIG" && exec setsid obs "${FLAGS[@]}" </dev/null >"$OBS_OUT" 2>&1) &
OBS_PID=$!
STARTED=1

waited=0
while [ -z "$OBS_WIN" ]; do
	obs_alive || { find_obs_log; fail "OBS exited during startup"; }
	[ "$waited" -ge "$START_TIMEOUT" ] && { find_obs_log; fail "no OBS main window after ${START_TIMEOUT} s"; }
	sleep 1
	waited=$((waited + 1))
	OBS_WIN="$(find_main_window)"
done
say "OBS main window is up after ${waited} s: $(xdotool getwindowname "$OBS_WIN" 2>/dev/null || echo "$OBS_WIN")"

# maximise: the main window fills the screen, so the screenshot shows the
# preview at a useful size. xdotool moves and sizes it (Xvfb has no window
# manager to maximise it, and Debian 12's xdotool has no windowstate).
maximise() {
	local w=1920 h=1080 geo
	geo="$(xdotool getdisplaygeometry 2>/dev/null || true)"
	[ -n "$geo" ] && read -r w h <<<"$geo"
	xdotool windowmove "$OBS_WIN" 0 0 windowsize "$OBS_WIN" "$w" "$h" 2>/dev/null || true
}

# the size of the main window, as "WxH"
window_size() {
	xdotool getwindowgeometry "$OBS_WIN" 2>/dev/null | sed -n 's/^ *Geometry: *//p'
}

maximise

# ---- did Linkon load? ---------------------------------------------------------
for _ in $(seq 1 20); do
	find_obs_log
	[ -n "$OBS_LOG" ] && grep -q '\[linkon\] loaded' "$OBS_LOG" && break
	sleep 0.5
done
LOG_TO_CHECK="${OBS_LOG:-$OBS_OUT}"
grep -q '\[linkon\] loaded' "$LOG_TO_CHECK" ||
	fail "OBS started but the Linkon plugin did not load (no \"[linkon] loaded\" in $LOG_TO_CHECK)"
if grep -q "Source ID 'linkon_" "$LOG_TO_CHECK"; then
	fail "Linkon loaded but OBS does not know its sources: $(grep "Source ID 'linkon_" "$LOG_TO_CHECK" | head -n 2)"
fi
say "the Linkon plugin is loaded"

# ---- let the demo shop sell something, then the screenshot --------------------
sleep "$SETTLE"
obs_alive || { find_obs_log; fail "OBS exited while the demo was running"; }

# any other visible top-level window is a dialog waiting for a click
others="$(xdotool search --onlyvisible --name '.' 2>/dev/null | grep -vx "$OBS_WIN" || true)"
for w in $others; do
	name="$(xdotool getwindowname "$w" 2>/dev/null || true)"
	[ -n "$name" ] && say "note: another window is open: \"$name\""
done

# again: while it finishes loading OBS restores its saved window geometry
maximise
sleep 1
say "OBS main window: $(window_size) on a $(xdotool getdisplaygeometry 2>/dev/null | tr ' ' x) screen"
mkdir -p "$(dirname "$SHOT")"
import -window root "$SHOT" || fail "could not take the screenshot (imagemagick import)"
grep -E "\[linkon\]" "$LOG_TO_CHECK" | grep -iE "error|warn|fail" | head -n 5 |
	sed 's/^/linkon: OBS logged: /' || true

echo
echo "Screenshot: $SHOT"
echo "OBS log: ${OBS_LOG:-$OBS_OUT}"
echo "OBS output: $OBS_OUT"

if [ -z "$XVFB_PID" ]; then
	say "OBS keeps running on $DISPLAY (pid $OBS_PID) with the \"$COLLECTION\" scene collection"
elif [ "$KEEP" -eq 1 ]; then
	say "OBS keeps running on the Xvfb display $DISPLAY: OBS pid $OBS_PID, Xvfb pid $XVFB_PID"
	say "stop them with (Ctrl+Q = File > Exit, so OBS saves):"
	echo "  DISPLAY=$DISPLAY xdotool search --onlyvisible --name '^OBS [0-9]' windowfocus --sync key ctrl+q;" \
		"sleep 5; kill $XVFB_PID"
else
	stop_obs
	say "stopped OBS and Xvfb"
fi
exit 0
