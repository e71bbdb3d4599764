#!/usr/bin/env bash
# Linkon — the .deb for Debian's OBS, built and proven (tests/run-all.sh):
#   1. builds it as packaging/README.md says (Release, prefix /usr, cpack)
#   2. tests/e2e/test_deb.py: dpkg -i, the real obs loads it, dpkg --purge,
#      nothing left
#
#   bash tests/e2e/test-deb.sh BUILD_DIR ARTIFACTS_DIR
#
# Needs root and an X display ($DISPLAY). Where the machine allows it
# (unshare + overlayfs, i.e. root with CAP_SYS_ADMIN), step 2 runs in a
# private mount namespace in which /usr and /var are overlays on the real
# ones: dpkg installs into the system layout OBS reads and its own database,
# but no other process sees the package, and nothing of it stays behind,
# even when the test is killed. Elsewhere (e.g. an unprivileged container)
# it installs into the real system and purges the package again (CI runs
# on a fresh machine as root). LINKON_DEB_ISOLATION=namespace|system forces
# one of the two (namespace then fails instead of falling back).
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:?usage: test-deb.sh BUILD_DIR ARTIFACTS_DIR}"
ARTIFACTS="${2:?usage: test-deb.sh BUILD_DIR ARTIFACTS_DIR}"
MODE="${LINKON_DEB_ISOLATION:-auto}"
JOBS="$(nproc 2>/dev/null || echo 2)"
SCRATCH=""

say() { echo "linkon: deb: $*"; }

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
	[ -n "$SCRATCH" ] && rm -rf "$SCRATCH"
	return 0
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || { say "needs root (dpkg -i)"; exit 1; }
mkdir -p "$ARTIFACTS"
ARTIFACTS="$(cd "$ARTIFACTS" && pwd)"

# ---- 1: the package ------------------------------------------------------------
say "building the .deb in $BUILD"
mkdir -p "$BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DLINKON_INSTALL_LAYOUT=system \
	-DLINKON_BUILD_TESTS=OFF >"$BUILD/linkon-configure.log" 2>&1 || {
	tail -n 30 "$BUILD/linkon-configure.log"
	say "configure failed"
	exit 1
}
cmake --build "$BUILD" -j"$JOBS" || { say "build failed"; exit 1; }
rm -f "$BUILD"/obs-linkon_*.deb
(cd "$BUILD" && cpack) || { say "cpack failed"; exit 1; }
DEB="$(ls "$BUILD"/obs-linkon_*.deb 2>/dev/null | head -n 1)"
[ -n "$DEB" ] || { say "cpack made no obs-linkon_*.deb"; exit 1; }
say "package: $DEB"

# ---- 2: install, load, remove -------------------------------------------------------
TEST=(python3 "$ROOT/tests/e2e/test_deb.py" --deb "$DEB" --artifacts "$ARTIFACTS")

# namespace_works: a private mount namespace with an overlay can be made here
namespace_works() {
	command -v unshare >/dev/null || return 1
	local probe
	probe="$(mktemp -d)"
	mkdir -p "$probe/lower" "$probe/upper" "$probe/work" "$probe/merged"
	unshare --mount --propagation private -- mount -t overlay overlay \
		-o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" "$probe/merged" 2>/dev/null
	local rc=$?
	rm -rf "$probe"
	return $rc
}

if [ "$MODE" = "auto" ]; then
	if namespace_works; then MODE=namespace; else MODE=system; fi
fi

case "$MODE" in
namespace)
	SCRATCH="$(mktemp -d)"
	mkdir -p "$SCRATCH"/{usr,var}/{upper,work}
	say "isolation: private mount namespace, /usr and /var overlaid (changes in $SCRATCH, dropped afterwards)"
	# shellcheck disable=SC2016  # expanded by the inner shell
	unshare --mount --propagation private -- bash -c '
		set -e
		for d in usr var; do
			mount -t overlay overlay -o "lowerdir=/$d,upperdir=$0/$d/upper,workdir=$0/$d/work" "/$d"
		done
		exec "$@"' "$SCRATCH" "${TEST[@]}"
	;;
system)
	say "isolation: none, installing into this system (the package is purged again at the end)"
	"${TEST[@]}"
	;;
*)
	say "LINKON_DEB_ISOLATION must be auto, namespace or system, not '$MODE'"
	exit 2
	;;
esac
