/*
 * Linkon — libFuzzer target for the pure image helpers (lk-image-probe.c):
 * header probing, the GIF frame walk, key classification and redaction;
 * built by tests/fuzz/fuzz.cmake, seeded with tests/fixtures.
 *
 * Decode-size oracle: what the probe accepts must bound what a decoder
 * would allocate for the same bytes. The model of the decoders libobs uses
 * (written here from the formats, independently of the probe):
 *   - GIF (libnsgif in libobs): the canvas grows to cover every frame
 *     (left + width, top + height) beyond the logical screen, and an
 *     animated GIF keeps one full canvas per frame: canvas x frames x 4
 *     bytes must not exceed probe cx x cy x lk_image_gif_frames() x 4.
 *   - JPEG (FFmpeg's mjpeg decoder): it decodes the frame headers it
 *     supports (SOF0, SOF1, SOF2, SOF3 and JPEG-LS SOF55) and skips the
 *     others (SOF5..SOF15); it sees every such header up to EOI, markers
 *     inside scan data included, and allocates for one only if it passes
 *     its header checks (precision, components, length, sampling): each
 *     such header's sides must be within the probe's cx and cy.
 *   - PNG: the decoder's IHDR is the probe's.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <util/bmem.h>
#include <util/dstr.h>

#include "core/lk-image-probe.h"

/* ---- the decoders' view (reference walkers) ---------------------------- */

static uint32_t rd_le16(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static uint32_t rd_be16(const uint8_t *p)
{
	return ((uint32_t)p[0] << 8) | p[1];
}

/* Skips GIF data sub-blocks at *pos; false when the data ends first. */
static bool ref_gif_sub_blocks(const uint8_t *buf, size_t len, size_t *pos)
{
	for (;;) {
		if (*pos >= len)
			return false;
		size_t n = buf[(*pos)++];
		if (n == 0)
			return true;
		if (n > len - *pos)
			return false;
		*pos += n;
	}
}

/* Bytes a GIF decoder that grows its canvas to every frame and keeps a
 * canvas per frame allocates; 0 when the data is not a GIF. */
static uint64_t ref_gif_bytes(const uint8_t *buf, size_t len)
{
	if (len < 13 || (memcmp(buf, "GIF87a", 6) != 0 && memcmp(buf, "GIF89a", 6) != 0))
		return 0;
	uint64_t w = rd_le16(buf + 6), h = rd_le16(buf + 8), frames = 0;
	size_t pos = 13 + ((buf[10] & 0x80) ? 3u << ((buf[10] & 7) + 1) : 0);

	while (pos < len) {
		uint8_t block = buf[pos++];
		if (block == 0x21) {
			if (pos >= len)
				break;
			pos++; /* label */
		} else if (block == 0x2C) {
			if (len - pos < 9)
				break;
			const uint8_t *d = buf + pos;
			uint64_t right = (uint64_t)rd_le16(d) + rd_le16(d + 4);
			uint64_t bottom = (uint64_t)rd_le16(d + 2) + rd_le16(d + 6);
			w = right > w ? right : w;
			h = bottom > h ? bottom : h;
			frames++;
			pos += 9 + ((d[8] & 0x80) ? 3u << ((d[8] & 7) + 1) : 0);
			if (pos >= len)
				break;
			pos++; /* LZW minimum code size */
		} else {
			break;
		}
		if (!ref_gif_sub_blocks(buf, len, &pos))
			break;
	}
	return w * h * 4 * (frames ? frames : 1);
}

/* The biggest sides of the frame headers a JPEG decoder would use. */
static void ref_jpeg_frames(const uint8_t *buf, size_t len, uint32_t *max_w, uint32_t *max_h)
{
	*max_w = *max_h = 0;
	if (len < 4 || buf[0] != 0xFF || buf[1] != 0xD8)
		return;
	size_t pos = 2;
	bool in_scan = false;
	while (pos + 1 < len) {
		if (buf[pos] != 0xFF) {
			if (!in_scan)
				return; /* not a marker where one must be */
			pos++;
			continue;
		}
		uint8_t m = buf[pos + 1];
		if (m == 0xFF) {
			pos++; /* fill byte */
			continue;
		}
		pos += 2;
		if (m == 0x00 || (m >= 0xD0 && m <= 0xD7) || m == 0x01)
			continue; /* stuffed byte, restart marker, TEM: no segment */
		if (m == 0xD9)
			return; /* EOI */
		if (m == 0xD8)
			continue;
		if (len - pos < 2)
			return;
		size_t seg = rd_be16(buf + pos);
		if (seg < 2)
			return;
		bool used = m == 0xC0 || m == 0xC1 || m == 0xC2 || m == 0xC3 || m == 0xF7;
		/* FFmpeg checks a frame header before it allocates: precision
		 * 1..16, 1..4 components, Lf = 8 + 3 x components, each
		 * component's sampling factors > 0 and table < 4 */
		uint32_t n = len - pos >= 8 ? buf[pos + 7] : 0;
		bool valid = used && len - pos >= 8 && buf[pos + 2] >= 1 && buf[pos + 2] <= 16 && n >= 1 && n <= 4 &&
			     seg == 8 + 3 * n && len - pos >= 8 + 3 * n;
		for (uint32_t c = 0; valid && c < n; c++) {
			const uint8_t *comp = buf + pos + 8 + 3 * c; /* id, H:V, table */
			valid = (comp[1] >> 4) && (comp[1] & 15) && comp[2] < 4;
		}
		if (valid) {
			uint32_t h = rd_be16(buf + pos + 3), w = rd_be16(buf + pos + 5);
			if (w && h) {
				*max_w = w > *max_w ? w : *max_w;
				*max_h = h > *max_h ? h : *max_h;
			}
		}
		if (seg > len - pos)
			return;
		pos += seg;
		in_scan = m == 0xDA; /* entropy-coded data follows a scan header */
	}
}

static void check_decode_size(const uint8_t *data, size_t size, const struct lk_image_info *info)
{
	if (strcmp(info->format, "gif") == 0) {
		uint64_t frames = info->frames;
		uint64_t bound = lk_image_decoded_bytes(info); /* what the loader budgets */
		uint64_t need = ref_gif_bytes(data, size);
		if (need > bound) {
			fprintf(stderr,
				"fuzz-image-probe: GIF accepted as %ux%u x %llu frames, a decoder allocates %llu bytes\n",
				info->cx, info->cy, (unsigned long long)frames, (unsigned long long)need);
			abort();
		}
	} else if (strcmp(info->format, "jpeg") == 0) {
		uint32_t w, h;
		ref_jpeg_frames(data, size, &w, &h);
		if (w > info->cx || h > info->cy) {
			fprintf(stderr, "fuzz-image-probe: JPEG accepted as %ux%u, a decoder reads a %ux%u frame\n",
				info->cx, info->cy, w, h);
			abort();
		}
	} else if (strcmp(info->format, "png") == 0) {
		FUZZ_MUST(size >= 24 && info->cx == ((uint32_t)rd_be16(data + 16) << 16 | rd_be16(data + 18)) &&
			  info->cy == ((uint32_t)rd_be16(data + 20) << 16 | rd_be16(data + 22)));
	}
}

static void check_probe(const uint8_t *data, size_t size)
{
	struct lk_image_info info;
	bool ok = lk_image_probe(data, size, &info);

	/* a success names a format and two non-zero sides; a failure leaves
	 * the sides at zero */
	FUZZ_MUST(!ok || (info.format && info.cx && info.cy));
	FUZZ_MUST(ok || (!info.cx && !info.cy));
	if (ok)
		check_decode_size(data, size, &info);
	/* one byte less never gives a larger answer (a later JPEG frame header
	 * or GIF frame may only grow the size, and the frame count) */
	if (ok && size > 0) {
		struct lk_image_info shorter;
		FUZZ_MUST(!lk_image_probe(data, size - 1, &shorter) ||
			  (shorter.cx <= info.cx && shorter.cy <= info.cy && shorter.frames <= info.frames &&
			   strcmp(shorter.format, info.format) == 0));
	}
	FUZZ_MUST(!ok || (info.frames && lk_image_decoded_bytes(&info) >= (uint64_t)info.cx * info.cy * 4));
	/* the GIF walk stays inside the buffer; a frame takes >= 12 bytes */
	FUZZ_MUST(lk_image_gif_frames(data, size) <= size / 12);
}

static void check_key(const uint8_t *data, size_t size)
{
	char *key = bmalloc(size + 1);
	memcpy(key, data, size);
	key[size] = '\0';

	struct dstr out = {0};
	enum lk_image_key_kind kind = lk_image_key_kind(key);
	lk_image_key_redact(&out, key);
	FUZZ_MUST(out.len <= 203);
	/* nothing after a URL's '?' or '#' reaches the log: the output is at
	 * most what came before it plus "?...", plus the "..." of the 200-byte
	 * cut when that cut falls inside the "?..." */
	size_t query = strcspn(key, "?#");
	size_t most = query + 4 + (out.len > 200 ? 3 : 0);
	FUZZ_MUST(kind == LK_IMAGE_KEY_FILE || !key[query] || out.len <= most);
	/* no user info is left: no '@' between "://" and the path */
	const char *host = kind != LK_IMAGE_KEY_FILE && out.array ? strstr(out.array, "://") : NULL;
	FUZZ_MUST(!host || !memchr(host + 3, '@', strcspn(host + 3, "/")));
	dstr_free(&out);
	bfree(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_probe(data, size);
	check_key(data, size);
	return 0;
}
