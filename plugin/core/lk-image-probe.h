/*
 * Linkon — image header sniffing: format and pixel size from the first bytes
 * of a file, without decoding. Pure C, no allocation, no I/O.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Formats: PNG (IHDR), JPEG (every frame header FFmpeg would decode), GIF
 * (logical screen grown to the largest frame, and the frame count), WebP
 * (VP8, VP8L and VP8X canvas), BMP (core and info headers).
 * The sizes are what libobs' decoders will allocate, not what a viewer shows:
 * the caller checks them against its limits (lk_image_over_limits) before
 * any decoding.
 * Built for hostile input: never reads past len, never trusts a length field.
 * Also the other pure parts of image loading: GIF frame count, key
 * classification and a log-safe form of a key.
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
	/* JPEG: the largest side of any frame header the decoder acts on
	 * (SOF0-3, SOF55), wherever it is; a skipped kind (SOF9, …) is never
	 * taken for the frame. GIF: the canvas libnsgif draws on, the logical
	 * screen grown to hold every frame's offset + size. */
	uint32_t cx;
	uint32_t cy;
	/* Full canvases the decoder keeps: the GIF image descriptors found in
	 * buf (so: in the whole file only if buf is the whole file), 1 for every
	 * other format. 0 when the probe fails. */
	uint32_t frames;
};

/* Reads only headers from buf[0..len). Returns true when the format is known
 * and both sides are > 0; out->cx/cy are then the declared size (not checked
 * against any limit: that is the caller's job). Returns false for unknown,
 * truncated or broken headers and zero sizes; out->format then still names
 * the format if the magic bytes matched, and cx = cy = 0. Any thread. */
bool lk_image_probe(const uint8_t *buf, size_t len, struct lk_image_info *out);

/* Number of frames (image descriptors) in a whole GIF file buf[0..len),
 * walking its block structure; stops at the trailer, at a broken block or at
 * the end of the buffer and returns what it counted so far. 0 for non-GIF
 * data. Decoders such as libobs' animated GIF path keep every frame as a full
 * canvas, so callers use this to bound memory. Any thread. */
size_t lk_image_gif_frames(const uint8_t *buf, size_t len);

/* Bytes libobs allocates to decode it: cx x cy x 4 per frame kept, plus the
 * canvas an animation is drawn into. Any thread. */
uint64_t lk_image_decoded_bytes(const struct lk_image_info *info);

/* True when an image with this (probed) info must not be decoded: a side
 * over max_side, or more than max_decoded bytes once decoded; why (a
 * caller-owned dstr, replaced) then says so in plain words, e.g. "image too
 * large (16000x16000, limit 4096)" or "animated GIF too large (12 frames of
 * 4000x4000)". Any thread. */
struct dstr;
bool lk_image_over_limits(const struct lk_image_info *info, uint32_t max_side, uint64_t max_decoded, struct dstr *why);

/* What an image key names. A "scheme:" prefix of 2+ characters makes a URL
 * (one letter is a Windows drive such as C:); only http:// and https://
 * (case-insensitive) are loadable, every other URL (file:, ftp:, data:,
 * javascript:, "http:/x", …) is LK_IMAGE_KEY_REFUSED. Anything else is a
 * local path. Any thread. */
enum lk_image_key_kind { LK_IMAGE_KEY_FILE, LK_IMAGE_KEY_HTTP, LK_IMAGE_KEY_REFUSED };
enum lk_image_key_kind lk_image_key_kind(const char *key);

/* Copies key into out (a caller-owned dstr, replaced) in a form fit for the
 * log: URLs lose user info (everything up to the last "@" before the host,
 * so "user:p@ss@" goes whole), and the query and fragment become
 * "?..." (they often carry tokens); anything longer than 200 bytes is cut
 * and ends in "...". Paths are kept. Any thread. */
void lk_image_key_redact(struct dstr *out, const char *key);

#ifdef __cplusplus
}
#endif
