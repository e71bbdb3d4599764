/*
 * Linkon — image header sniffing: format and pixel size from the first bytes
 * of a file, without decoding. Pure C, no allocation, no I/O.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Formats: PNG (IHDR), JPEG (first SOFn frame header), GIF (logical screen),
 * WebP (VP8, VP8L and VP8X canvas), BMP (core and info headers).
 * Built for hostile input: never reads past len, never trusts a length field.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_image_info {
	/* "png", "jpeg", "gif", "webp", "bmp" (static string), or NULL when
	 * the magic bytes match no supported format. */
	const char *format;
	uint32_t cx;
	uint32_t cy;
};

/* Reads only headers from buf[0..len). Returns true when the format is known
 * and both sides are > 0; out->cx/cy are then the declared size (not checked
 * against any limit: that is the caller's job). Returns false for unknown,
 * truncated or broken headers and zero sizes; out->format then still names
 * the format if the magic bytes matched, and cx = cy = 0. Any thread. */
bool lk_image_probe(const uint8_t *buf, size_t len, struct lk_image_info *out);

#ifdef __cplusplus
}
#endif
