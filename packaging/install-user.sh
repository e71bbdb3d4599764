#!/usr/bin/env bash
# Linkon — build and install the plugin into the current user's OBS Studio:
#   ${XDG_CONFIG_HOME:-$HOME/.config}/obs-studio/plugins/linkon/
#       bin/64bit/linkon.so
#       data/effects, data/images, data/locale, …
# That is where OBS 29 on Linux looks for per-user plugins; no root needed.
#
#   bash packaging/install-user.sh [BUILD_DIR]      (default: <repo>/build)
#
# Configures BUILD_DIR with -DLINKON_INSTALL_LAYOUT=user (Release, tests off
# when it is a new build dir; LINKON_BUILD_TYPE overrides the build type),
# builds it and runs `cmake --install` into the plugin dir. The old bin/ and
# data/ of a previous install are replaced, so no stale files stay behind.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
OBS_CONFIG="${XDG_CONFIG_HOME:-$HOME/.config}/obs-studio"
DEST="$OBS_CONFIG/plugins/linkon"
JOBS="$(nproc 2>/dev/null || echo 2)"

die() {
	echo "linkon: $*" >&2
	exit 1
}

configure() {
	local args=(-S "$ROOT" -B "$BUILD" -DLINKON_INSTALL_LAYOUT=user -DLINKON_BUILD_PLUGIN=ON)
	if [ ! -f "$BUILD/CMakeCache.txt" ]; then
		args+=(-DCMAKE_BUILD_TYPE="${LINKON_BUILD_TYPE:-Release}" -DLINKON_BUILD_TESTS=OFF)
	elif [ -n "${LINKON_BUILD_TYPE:-}" ]; then
		args+=(-DCMAKE_BUILD_TYPE="$LINKON_BUILD_TYPE")
	fi
	echo "linkon: configuring $BUILD"
	cmake "${args[@]}" >"$BUILD/configure.log" 2>&1 || {
		tail -n 40 "$BUILD/configure.log" >&2
		die "cmake configure failed (full log: $BUILD/configure.log)"
	}
}

build() {
	echo "linkon: building (cmake --build $BUILD -j$JOBS)"
	cmake --build "$BUILD" -j"$JOBS" || die "the build failed (see the compiler output above)"
	[ -f "$BUILD/linkon.so" ] || die "the build finished but $BUILD/linkon.so is missing"
}

install_plugin() {
	mkdir -p "$DEST"
	rm -rf "${DEST:?}/bin" "${DEST:?}/data"
	cmake --install "$BUILD" --prefix "$DEST" >"$BUILD/install-user.log" 2>&1 || {
		cat "$BUILD/install-user.log" >&2
		die "cmake --install failed"
	}
	[ -f "$DEST/bin/64bit/linkon.so" ] || die "installed, but $DEST/bin/64bit/linkon.so is missing"
	[ -d "$DEST/data/locale" ] || die "installed, but $DEST/data/locale is missing"
	echo "linkon: installed $DEST/bin/64bit/linkon.so"
	echo "linkon: installed $DEST/data/ ($(find "$DEST/data" -type f | wc -l) files)"
}

warn_system_copy() {
	local f
	for f in /usr/lib/*/obs-plugins/linkon.so /usr/lib/obs-plugins/linkon.so /usr/local/lib/*/obs-plugins/linkon.so \
		/usr/local/lib/obs-plugins/linkon.so; do
		if [ -e "$f" ]; then
			echo "linkon: warning: a system-wide Linkon is also installed ($f);" \
				"OBS would load both — remove the package or this user install" >&2
		fi
	done
}

mkdir -p "$BUILD"
configure
build
install_plugin
warn_system_copy
