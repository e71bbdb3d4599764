#!/usr/bin/env bash
# Builds libobs 32.2.2 + libobs-opengl + obs-frontend-api (no UI, no plugins)
# from the source subset in ../shared/obs32/ (next to this repository) and
# installs them into PREFIX, for building and testing Linkon against current
# OBS (tests/run-all.sh, stage "OBS 32"; README "Building for OBS 30-32").
#
#   bash scripts/build-obs32.sh [PREFIX]     (default: <repo>/build-obs32/obs-prefix)
#
# LINKON_OBS32_SRC: the folder with obs-32.2.2-libobs-src.tar.xz and the two
# patches (default: <repo>/../shared/obs32). The sources are unpacked and
# built next to PREFIX (PREFIX/../obs-src, PREFIX/../obs-build). libobs
# compiles PREFIX in (its data dir), so build it where it is used.
# A PREFIX that an earlier run built from the same tarball and patches is
# reused as it is (prints "reused"); delete it to build again.
# The apt packages it needs are in scripts/install-deps.sh.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="${1:-$ROOT/build-obs32/obs-prefix}"
SRC_DIR="${LINKON_OBS32_SRC:-$ROOT/../shared/obs32}"
VERSION=32.2.2
TARBALL="obs-$VERSION-libobs-src.tar.xz"
TARBALL_SHA256=6cf474331603efd4a0d226fdfbd9063690f775213e737a51bdfc4fc16e6e60b2
PATCHES=("obs-$VERSION-ffmpeg-5.1.patch" "obs-$VERSION-cmake-3.25.patch")
JOBS="$(nproc 2>/dev/null || echo 2)"

die() {
	echo "linkon: obs32: $*" >&2
	exit 1
}

mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"
WORK="$(dirname "$PREFIX")"
STAMP="$PREFIX/.linkon-obs32-stamp"

[ -d "$SRC_DIR" ] || die "no $SRC_DIR (the libobs $VERSION source subset; set LINKON_OBS32_SRC)"
[ -f "$SRC_DIR/$TARBALL" ] || die "no $SRC_DIR/$TARBALL"
for p in "${PATCHES[@]}"; do
	[ -f "$SRC_DIR/$p" ] || die "no $SRC_DIR/$p"
done

CONFIGURE=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX="$PREFIX"
	-DOBS_VERSION_OVERRIDE="$VERSION" -DENABLE_FRONTEND=OFF -DENABLE_PLUGINS=OFF -DENABLE_SCRIPTING=OFF
	-DENABLE_RELOCATABLE=ON -DCMAKE_COMPILE_WARNING_AS_ERROR=OFF)

# what the prefix is made of: the tarball, the patches and the configure line
want="$( (cat "$SRC_DIR/$TARBALL" "${PATCHES[@]/#/$SRC_DIR/}"; echo "${CONFIGURE[*]}") | sha256sum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -f "$PREFIX/lib/cmake/libobs/libobsConfig.cmake" ] &&
	[ -f "$PREFIX/lib/cmake/obs-frontend-api/obs-frontend-apiConfig.cmake" ]; then
	echo "linkon: obs32: reused libobs $VERSION in $PREFIX (built by an earlier run)"
	exit 0
fi

have="$(sha256sum "$SRC_DIR/$TARBALL" | cut -d' ' -f1)"
[ "$have" = "$TARBALL_SHA256" ] || die "$TARBALL has sha256 $have, expected $TARBALL_SHA256"

rm -f "$STAMP"
rm -rf "$WORK/obs-src" "$WORK/obs-build"
mkdir -p "$WORK/obs-src"
echo "linkon: obs32: unpacking $TARBALL into $WORK/obs-src"
tar -xJf "$SRC_DIR/$TARBALL" -C "$WORK/obs-src"
SRC="$WORK/obs-src/obs-studio-$VERSION"
[ -f "$SRC/CMakeLists.txt" ] || die "the tarball has no obs-studio-$VERSION/CMakeLists.txt"
for p in "${PATCHES[@]}"; do
	echo "linkon: obs32: applying $p"
	patch -d "$SRC" -p1 --quiet --forward <"$SRC_DIR/$p" || die "$p does not apply"
done

echo "linkon: obs32: configuring (log: $WORK/obs-configure.log)"
cmake -S "$SRC" -B "$WORK/obs-build" "${CONFIGURE[@]}" >"$WORK/obs-configure.log" 2>&1 || {
	tail -n 40 "$WORK/obs-configure.log" >&2
	die "configuring libobs $VERSION failed (missing packages? bash scripts/install-deps.sh)"
}
echo "linkon: obs32: building with $JOBS jobs (log: $WORK/obs-build.log)"
cmake --build "$WORK/obs-build" -j"$JOBS" >"$WORK/obs-build.log" 2>&1 || {
	tail -n 40 "$WORK/obs-build.log" >&2
	die "building libobs $VERSION failed"
}
rm -rf "$PREFIX"
cmake --install "$WORK/obs-build" >"$WORK/obs-install.log" 2>&1 || {
	tail -n 20 "$WORK/obs-install.log" >&2
	die "installing libobs $VERSION into $PREFIX failed"
}
for f in lib/libobs.so lib/libobs-opengl.so lib/libobs-frontend-api.so include/obs/obs.h \
	include/obs/obs-frontend-api.h lib/cmake/libobs/libobsConfig.cmake; do
	[ -e "$PREFIX/$f" ] || die "installed, but $PREFIX/$f is missing"
done
echo "$want" >"$STAMP"
echo "linkon: obs32: libobs $VERSION installed in $PREFIX"
