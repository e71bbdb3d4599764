/*
 * Linkon — image header sniffing (see lk-image-probe.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every reader checks `need` bytes against len before touching them; length
 * fields are only used to skip forward and are checked against what is left.
 */
#include "lk-image-probe.h"

#include <string.h>
#include <strings.h>

#include <util/dstr.h>

static uint32_t be16(const uint8_t *p)
{
	return ((uint32_t)p[0] << 8) | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static uint32_t le16(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static uint32_t le24(const uint8_t *p)
{
	return le16(p) | ((uint32_t)p[2] << 16);
}

static uint32_t le32(const uint8_t *p)
{
	return le24(p) | ((uint32_t)p[3] << 24);
}

static bool has_prefix(const uint8_t *buf, size_t len, const char *magic, size_t at)
{
	size_t n = strlen(magic);
	return len >= at + n && memcmp(buf + at, magic, n) == 0;
}

static bool set_size(struct lk_image_info *out, uint32_t cx, uint32_t cy)
{
	if (!cx || !cy)
		return false;
	out->cx = cx;
	out->cy = cy;
	return true;
}

/* ---- PNG: signature, then the first chunk must be a 13-byte IHDR -------- */

static bool probe_png(const uint8_t *buf, size_t len, struct lk_image_info *out)
{
	if (len < 24 || be32(buf + 8) != 13 || memcmp(buf + 12, "IHDR", 4) != 0)
		return false;
	uint32_t cx = be32(buf + 16), cy = be32(buf + 20);
	if (cx > 0x7fffffffu || cy > 0x7fffffffu) /* PNG limits sides to 2^31-1 */
		return false;
	return set_size(out, cx, cy);
}

/* ---- JPEG: walk marker segments up to the first decoded frame header ----- */

/* What decodes JPEG in libobs: FFmpeg's mjpeg decoder on Linux and macOS
 * (graphics-ffmpeg.c; libjpeg is not used), WIC or FFmpeg on Windows. FFmpeg
 * acts on SOF0 (baseline), SOF1 (extended), SOF2 (progressive), SOF3
 * (lossless) and SOF55 (0xF7, JPEG-LS): each one sets the picture size and
 * allocates a picture of that size. It skips SOF5-7, SOF9-11 and SOF13-15
 * ("unsupported coding type") without reading their payload. */
static bool is_decoded_sof(uint8_t m)
{
	return (m >= 0xC0 && m <= 0xC3) || m == 0xF7;
}

static bool is_standalone(uint8_t m)
{
	return m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7);
}

/* FFmpeg finds markers by scanning for 0xFF followed by any byte C0..FE and
 * goes on from wherever its parser stopped: after a marker it does not parse
 * (a skipped SOF9, say) it scans that segment's payload too, and each frame
 * header it meets replaces the picture size. So every decodable frame header
 * anywhere in buf counts, and the largest side wins. A header counts when it
 * would pass FFmpeg's own checks before it allocates: precision 1..16, 1..4
 * components, Lf = 8 + 3 x components, sampling factors > 0, table < 4. */
static void jpeg_largest_frame(const uint8_t *buf, size_t len, uint32_t *cx, uint32_t *cy)
{
	for (size_t i = 0; len >= 10 && i <= len - 10; i++) {
		const uint8_t *p = buf + i;
		if (p[0] != 0xFF || !is_decoded_sof(p[1]))
			continue;
		size_t n = p[9];
		if (p[4] < 1 || p[4] > 16 || n < 1 || n > 4 || be16(p + 2) != 8 + 3 * n || len - i - 10 < 3 * n)
			continue;
		bool ok = true;
		for (size_t c = 0; c < n && ok; c++) {
			const uint8_t *comp = p + 10 + 3 * c; /* id, H:V, table */
			ok = (comp[1] >> 4) && (comp[1] & 15) && comp[2] < 4;
		}
		if (!ok)
			continue;
		if (be16(p + 7) > *cx)
			*cx = be16(p + 7);
		if (be16(p + 5) > *cy)
			*cy = be16(p + 5);
	}
}

/* The file must be a well-formed marker sequence up to its first decoded
 * frame header (skipped SOF kinds are walked over like any segment); the
 * size reported is the largest of that header and every other decodable
 * one in buf, so a decoy before or beside the real frame changes nothing. */
static bool probe_jpeg(const uint8_t *buf, size_t len, struct lk_image_info *out)
{
	size_t pos = 2; /* after SOI */

	while (pos < len) {
		if (buf[pos] != 0xFF)
			return false;
		while (pos < len && buf[pos] == 0xFF) /* fill bytes */
			pos++;
		if (pos >= len)
			return false;
		uint8_t m = buf[pos++];
		if (is_standalone(m))
			continue;
		if (m == 0x00 || m == 0xD9 || m == 0xDA) /* no frame before EOI / scan data */
			return false;
		if (len - pos < 2)
			return false;
		size_t seg = be16(buf + pos);
		if (seg < 2)
			return false;
		if (is_decoded_sof(m)) {
			/* Lf(2) P(1) Y(2) X(2) */
			if (seg < 8 || len - pos < 7)
				return false;
			uint32_t cx = be16(buf + pos + 5), cy = be16(buf + pos + 3);
			if (!cx || !cy) /* height 0: defined later by a DNL, not supported */
				return false;
			jpeg_largest_frame(buf, len, &cx, &cy);
			return set_size(out, cx, cy);
		}
		if (seg > len - pos)
			return false;
		pos += seg;
	}
	return false;
}

/* ---- GIF: logical screen, grown to the largest frame ------------------------ */

struct gif_walk {
	size_t frames;
	uint32_t right, bottom; /* largest frame offset + size seen */
};
static void gif_walk(const uint8_t *buf, size_t len, struct gif_walk *w);

/* libobs decodes a file named *.gif with libnsgif, which grows its canvas to
 * hold every frame (offset + size), whatever the logical screen says, then
 * keeps one full canvas per frame (graphics/image-file.c). Other names go
 * through FFmpeg, which crops frames to the screen. The larger of the two is
 * what the caller must budget for. */
static bool probe_gif(const uint8_t *buf, size_t len, struct lk_image_info *out)
{
	struct gif_walk w;

	if (len < 10)
		return false;
	gif_walk(buf, len, &w);
	uint32_t cx = le16(buf + 6), cy = le16(buf + 8);
	if (!cx || !cy)
		return false;
	out->frames = w.frames > 1 ? (uint32_t)w.frames : 1;
	return set_size(out, w.right > cx ? w.right : cx, w.bottom > cy ? w.bottom : cy);
}

/* ---- WebP: RIFF container, first chunk is VP8, VP8L or VP8X ----------------- */

static bool probe_webp(const uint8_t *buf, size_t len, struct lk_image_info *out)
{
	const uint8_t *p = buf + 20; /* chunk payload */

	if (has_prefix(buf, len, "VP8 ", 12)) {
		/* frame tag (3), start code 9d 01 2a, 14-bit width and height */
		if (len < 30 || p[3] != 0x9d || p[4] != 0x01 || p[5] != 0x2a)
			return false;
		return set_size(out, le16(p + 6) & 0x3fff, le16(p + 8) & 0x3fff);
	}
	if (has_prefix(buf, len, "VP8L", 12)) {
		/* signature 0x2f, then 14 bits width-1, 14 bits height-1 */
		if (len < 25 || p[0] != 0x2f)
			return false;
		uint32_t bits = le32(p + 1);
		return set_size(out, (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
	}
	if (has_prefix(buf, len, "VP8X", 12)) {
		/* flags (4), canvas width-1 (24 bits), canvas height-1 (24 bits) */
		if (len < 30)
			return false;
		return set_size(out, le24(p + 4) + 1, le24(p + 7) + 1);
	}
	return false;
}

/* ---- BMP: file header (14) then a core (12) or info (>= 40) header ------- */

static bool probe_bmp(const uint8_t *buf, size_t len, struct lk_image_info *out)
{
	if (len < 18)
		return false;
	uint32_t hdr = le32(buf + 14);
	if (hdr == 12) {
		if (len < 22)
			return false;
		return set_size(out, le16(buf + 18), le16(buf + 20));
	}
	if (hdr < 40 || len < 26)
		return false;
	int64_t cx = (int32_t)le32(buf + 18);
	int64_t cy = (int32_t)le32(buf + 22);
	if (cy < 0) /* top-down bitmap */
		cy = -cy;
	if (cx <= 0) /* cy is at most 2^31 here */
		return false;
	return set_size(out, (uint32_t)cx, (uint32_t)cy);
}

/* ---- dispatch on magic bytes ---------------------------------------------- */

static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

bool lk_image_probe(const uint8_t *buf, size_t len, struct lk_image_info *out)
{
	bool ok = false;

	if (!out)
		return false;
	memset(out, 0, sizeof(*out));
	if (!buf)
		return false;

	if (len >= 8 && memcmp(buf, png_sig, 8) == 0) {
		out->format = "png";
		ok = probe_png(buf, len, out);
	} else if (len >= 3 && buf[0] == 0xFF && buf[1] == 0xD8 && buf[2] == 0xFF) {
		out->format = "jpeg";
		ok = probe_jpeg(buf, len, out);
	} else if (has_prefix(buf, len, "GIF87a", 0) || has_prefix(buf, len, "GIF89a", 0)) {
		out->format = "gif";
		ok = probe_gif(buf, len, out);
	} else if (has_prefix(buf, len, "RIFF", 0) && has_prefix(buf, len, "WEBP", 8)) {
		out->format = "webp";
		ok = probe_webp(buf, len, out);
	} else if (has_prefix(buf, len, "BM", 0)) {
		out->format = "bmp";
		ok = probe_bmp(buf, len, out);
	}

	if (!ok)
		out->cx = out->cy = out->frames = 0;
	else if (!out->frames)
		out->frames = 1;
	return ok;
}

/* ---- GIF frame count -------------------------------------------------------- */

/* Size of a colour table announced by a packed-fields byte (bit 7 = present). */
static size_t gif_table_size(uint8_t flags)
{
	return (flags & 0x80) ? (size_t)3 << ((flags & 7) + 1) : 0;
}

/* Skips data sub-blocks (length byte + data, ended by a 0 length). Returns
 * false when the buffer ends first. */
static bool gif_skip_sub_blocks(const uint8_t *buf, size_t len, size_t *pos)
{
	while (*pos < len) {
		size_t n = buf[(*pos)++];
		if (!n)
			return true;
		if (n > len - *pos)
			return false;
		*pos += n;
	}
	return false;
}

static void gif_walk(const uint8_t *buf, size_t len, struct gif_walk *w)
{
	size_t pos = 13;

	memset(w, 0, sizeof(*w));
	if (!buf || len < 13 || !(has_prefix(buf, len, "GIF87a", 0) || has_prefix(buf, len, "GIF89a", 0)))
		return;
	pos += gif_table_size(buf[10]);

	while (pos < len) {
		uint8_t block = buf[pos++];
		if (block == 0x21) { /* extension: label, then sub-blocks */
			if (pos >= len)
				break;
			pos++;
		} else if (block == 0x2C) { /* image descriptor (9), colour table, LZW code size */
			w->frames++;
			if (len - pos >= 8) { /* left, top, width, height */
				uint32_t right = le16(buf + pos) + le16(buf + pos + 4);
				uint32_t bottom = le16(buf + pos + 2) + le16(buf + pos + 6);
				if (right > w->right)
					w->right = right;
				if (bottom > w->bottom)
					w->bottom = bottom;
			}
			if (len - pos < 10)
				break;
			size_t table = gif_table_size(buf[pos + 8]);
			if (table >= len - pos - 9)
				break;
			pos += 9 + table + 1;
		} else { /* 0x3B trailer, or a broken stream */
			break;
		}
		if (!gif_skip_sub_blocks(buf, len, &pos))
			break;
	}
}

size_t lk_image_gif_frames(const uint8_t *buf, size_t len)
{
	struct gif_walk w;
	gif_walk(buf, len, &w);
	return w.frames;
}

/* ---- limits ----------------------------------------------------------------- */

uint64_t lk_image_decoded_bytes(const struct lk_image_info *info)
{
	uint64_t canvas = (uint64_t)info->cx * info->cy * 4;
	/* an animation: every frame, plus the canvas libnsgif draws into */
	return info->frames > 1 ? canvas * ((uint64_t)info->frames + 1) : canvas;
}

bool lk_image_over_limits(const struct lk_image_info *info, uint32_t max_side, uint64_t max_decoded, struct dstr *why)
{
	if (info->cx > max_side || info->cy > max_side)
		dstr_printf(why, "image too large (%ux%u, limit %u)", info->cx, info->cy, max_side);
	else if (lk_image_decoded_bytes(info) > max_decoded && info->frames > 1)
		dstr_printf(why, "animated %s too large (%u frames of %ux%u)",
			    strcmp(info->format, "gif") == 0 ? "GIF" : info->format, info->frames, info->cx, info->cy);
	else if (lk_image_decoded_bytes(info) > max_decoded)
		dstr_printf(why, "image too large to decode (%ux%u)", info->cx, info->cy);
	else
		return false;
	return true;
}

/* ---- keys ------------------------------------------------------------------- */

enum lk_image_key_kind lk_image_key_kind(const char *key)
{
	static const char scheme_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-";
	size_t n = strspn(key, scheme_chars);
	char first = (char)(key[0] | 0x20);

	if (n < 2 || key[n] != ':' || first < 'a' || first > 'z')
		return LK_IMAGE_KEY_FILE;
	bool http = (n == 4 && strncasecmp(key, "http", 4) == 0) || (n == 5 && strncasecmp(key, "https", 5) == 0);
	return http && strncmp(key + n, "://", 3) == 0 ? LK_IMAGE_KEY_HTTP : LK_IMAGE_KEY_REFUSED;
}

void lk_image_key_redact(struct dstr *out, const char *key)
{
	dstr_copy(out, key);
	if (lk_image_key_kind(key) != LK_IMAGE_KEY_FILE) {
		size_t end = strcspn(key, "?#"); /* >= 3: the key starts with "xx:" */
		dstr_resize(out, end);
		char *host = strstr(out->array, "://");
		host = host ? host + 3 : out->array;
		/* the user info ends at the LAST '@' of the authority (a password
		 * may hold '@'s); the authority ends at the first '/' */
		char *at = NULL;
		for (char *p = host; *p && *p != '/'; p++) {
			if (*p == '@')
				at = p;
		}
		if (at) {
			memmove(host, at + 1, strlen(at + 1) + 1);
			out->len = strlen(out->array);
		}
		if (key[end])
			dstr_cat(out, "?...");
	}
	if (out->len > 200) {
		dstr_resize(out, 200);
		dstr_cat(out, "...");
	}
}
