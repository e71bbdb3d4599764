/*
 * Linkon tests — read QR codes back with zbar, a real decoder.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdint.h>

/* Decodes the QR codes in a premultiplied BGRA image (rows of stride bytes)
 * laid over white and each pixel repeated scale × scale times. Returns a
 * malloc'd copy of the only symbol's data; NULL if zbar found none, or more
 * than one (*count, if given, says how many). */
char *lk_zbar_decode_bgra(const uint8_t *bgra, uint32_t w, uint32_t h, uint32_t stride, uint32_t scale, int *count);
