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
	libfreetype-dev libfontconfig-dev libpng-dev
	qtbase5-dev
	qt6-base-dev # the test suite compiles the docks against Qt6 too (OBS 30+ uses Qt6)
	fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core
	xvfb xauth x11-utils xdotool imagemagick
	python3 ca-certificates openssl
)

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "linkon: all build and test packages are installed"
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
