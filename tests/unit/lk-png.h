/*
 * Linkon tests — writes PNG files of rendered pixels (test artifacts).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Writes cx × cy pixels of premultiplied BGRA (rows stride bytes apart) to
 * path as an 8-bit RGBA PNG (un-premultiplied). Returns false on any error
 * (bad arguments, cannot write); any thread. */
bool lk_png_write(const char *path, const uint8_t *bgra, uint32_t cx, uint32_t cy, uint32_t stride);
