/*
 * Linkon — still PNG, JPEG and WebP decoded in memory with Debian's libpng,
 * libjpeg-turbo and libwebp, for the image loader thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Why not libobs' gs_image_file: it decodes through FFmpeg, which probes
 * every demuxer it has (libavformat, libavcodec, libopenmpt…) to open one
 * PNG: about 5.5 MB of library pages in the process for a product photo.
 * These three libraries are a few hundred KB and are already loaded (cairo
 * and Pango link libpng). What they do not take (GIF, BMP, animated WebP,
 * CMYK JPEG) goes to libobs as before, and so does anything they refuse, so
 * nothing that showed before stops showing (docs/architecture-notes.md).
 *
 * Built for hostile input: the header's size is checked against the caller's
 * limits before any pixel buffer is made; decoder errors never print and
 * never exit; a progressive JPEG with more scans than any encoder writes is
 * refused (each scan is a pass over the whole image).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum lk_image_decode_result {
	LK_IMAGE_DECODED,  /* the pixels are in *out */
	LK_IMAGE_NOT_MINE, /* another format, or a kind of this one left to libobs */
	LK_IMAGE_BROKEN,   /* a PNG, JPEG or WebP that could not be decoded, or over the limits */
};

struct lk_image_pixels {
	uint8_t *px; /* bmalloc'd, cx * cy * 4 bytes, rows cx * 4 apart: RGBA, premultiplied alpha */
	uint32_t cx, cy;
};

/* Decodes buf[0..len) if it is a still PNG, JPEG or WebP whose sides are at
 * most max_side and whose pixels take at most max_bytes. out is zeroed on
 * anything but LK_IMAGE_DECODED. Any thread (no shared state). */
enum lk_image_decode_result lk_image_decode(const uint8_t *buf, size_t len, uint32_t max_side, uint64_t max_bytes,
					    struct lk_image_pixels *out);

/* Most scans a progressive JPEG may have (libjpeg-turbo's own tools use
 * 500; real encoders write about 10). */
#define LK_IMAGE_JPEG_MAX_SCANS 500

#ifdef __cplusplus
}
#endif
