#!/usr/bin/env bash
# Installs everything Linkon needs to build, run and test on Debian 12.
# Runs as root (or with sudo available). Safe to run again: skips apt when
# every package is already installed.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

PACKAGES=(
	build-essential cmake pkg-config git
	libobs-dev obs-studio
	libcurl4-openssl-dev libjansson-dev libcmocka-dev
	libssl-dev # libcrypto's HMAC-SHA256 signs TikTok Shop requests (libcurl already loads libcrypto)
	libfreetype-dev libfontconfig-dev libpng-dev # FreeType: the old text engine, kept as the bench baseline
	libpango1.0-dev libcairo2-dev libfribidi-dev libharfbuzz-dev # text: Pango shaping/bidi/fallback, cairo rasterising (libthai comes with Pango)
	qtbase5-dev
	qt6-base-dev # the docks for OBS 30+ (Qt6): the test suite builds them against OBS 32
	# libobs 32.2.2 from ../shared/obs32 (scripts/build-obs32.sh, the suite's OBS 32 stage)
	ninja-build extra-cmake-modules uthash-dev patch xz-utils
	libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev
	libx11-xcb-dev libxcb-xinput-dev libglib2.0-dev libpulse-dev libwayland-dev libxkbcommon-dev libdrm-dev
	libsimde-dev zlib1g-dev uuid-dev libgl-dev libegl-dev
	fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core
	xvfb xauth x11-utils xdotool imagemagick
	python3 ca-certificates openssl
	# the fuzz targets (libFuzzer: clang -fsanitize=fuzzer) and the ThreadSanitizer
	# stage of tests/run-all.sh: Debian's clang 14 and its sanitizer/fuzzer runtimes
	# (libclang-rt-14-dev); llvm for llvm-symbolizer (readable sanitizer stack traces)
	clang libclang-rt-14-dev llvm
	libqrencode-dev # QR codes for buy links: the reference QR encoder, in Debian for years
	libjpeg-dev libwebp-dev # still product images decoded without FFmpeg (libpng-dev above too): FFmpeg's format probing mapped ~6 MB of pages (issue 15)
	libzbar-dev zbar-tools # tests read every QR Linkon draws back with a real decoder
	libwebsockets-dev # Twitch EventSub's WebSocket client (Debian's libcurl 7.88 has no WebSocket support)
)

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

# The TikTok LIVE reference bridge (bridges/tiktok-live, Node 20) and its
# tests: node and npm when there are none (this machine's Node 20 package
# provides both; Debian's own nodejs + npm otherwise), then its npm
# dependencies from the lockfile, once: afterwards the tests run offline.
install_bridge_deps() {
	local dir
	dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bridges/tiktok-live"
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
		echo "linkon: installing nodejs and npm (the TikTok LIVE bridge)"
		${SUDO:-} apt-get update -q
		DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -q --no-install-recommends nodejs npm
	fi
	if [ ! -d "$dir/node_modules/tiktok-live-connector" ]; then
		echo "linkon: npm ci in bridges/tiktok-live"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
	fi
}

if [ ${#missing[@]} -eq 0 ]; then
	echo "linkon: all build and test packages are installed"
	install_bridge_deps
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi
echo "linkon: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
install_bridge_deps
