/*
 * Linkon — unit tests for lk_image_probe (image header sniffing).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Fixtures in tests/fixtures/image-* were written by ImageMagick. Every
 * buffer handed to the probe is a heap copy of exactly the tested length, so
 * AddressSanitizer catches any read past len.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <util/dstr.h>

#include "core/lk-image-probe.h"
#include "image-fixture.h"
#include "image-util.h"

/* Probes an exact-size heap copy of buf[0..len). */
static bool probe_copy(const uint8_t *buf, size_t len, struct lk_image_info *info)
{
	uint8_t *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	if (len)
		memcpy(copy, buf, len);
	bool ok = lk_image_probe(copy, len, info);
	free(copy);
	return ok;
}

static void expect_size(const uint8_t *buf, size_t len, const char *format, uint32_t cx, uint32_t cy)
{
	struct lk_image_info info;
	assert_true(probe_copy(buf, len, &info));
	assert_non_null(info.format);
	assert_string_equal(info.format, format);
	assert_int_equal(info.cx, cx);
	assert_int_equal(info.cy, cy);
}

static void expect_reject(const uint8_t *buf, size_t len, const char *format)
{
	struct lk_image_info info;
	assert_false(probe_copy(buf, len, &info));
	if (format) {
		assert_non_null(info.format);
		assert_string_equal(info.format, format);
	} else {
		assert_null(info.format);
	}
	assert_int_equal(info.cx, 0);
	assert_int_equal(info.cy, 0);
}

static const struct {
	const char *file, *format;
	uint32_t cx, cy;
} fixtures[] = {
	{"image-3x2.png", "png", 3, 2},         {"image-64x48.png", "png", 64, 48},
	{"image-5x4.jpg", "jpeg", 5, 4},        {"image-5x4-progressive.jpg", "jpeg", 5, 4},
	{"image-7x3.gif", "gif", 7, 3},         {"image-8x6-3frames.gif", "gif", 8, 6},
	{"image-6x5-lossy.webp", "webp", 6, 5}, {"image-6x5-lossless.webp", "webp", 6, 5},
	{"image-6x5-alpha.webp", "webp", 6, 5}, {"image-9x7.bmp", "bmp", 9, 7},
};
#define N_FIXTURES (sizeof(fixtures) / sizeof(fixtures[0]))

static void test_real_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_FIXTURES; i++) {
		struct blob b = read_fixture(fixtures[i].file);
		expect_size(b.data, b.len, fixtures[i].format, fixtures[i].cx, fixtures[i].cy);
		free(b.data);
	}
}

/* Every prefix of every file: never crashes, never reads past the prefix, and
 * whenever it answers, it gives the full file's answer. Short prefixes fail. */
static void test_truncated_prefixes(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_FIXTURES; i++) {
		struct blob b = read_fixture(fixtures[i].file);
		size_t first_ok = 0;
		for (size_t len = 0; len < b.len; len++) {
			struct lk_image_info info;
			if (probe_copy(b.data, len, &info)) {
				assert_string_equal(info.format, fixtures[i].format);
				assert_int_equal(info.cx, fixtures[i].cx);
				assert_int_equal(info.cy, fixtures[i].cy);
				if (!first_ok)
					first_ok = len;
			} else {
				/* answers are monotonic: once enough bytes, always enough */
				assert_int_equal(first_ok, 0);
			}
		}
		assert_true(first_ok >= 10); /* no format fits in fewer bytes */
		free(b.data);
	}
}

static void test_png_edges(void **state)
{
	(void)state;
	struct blob b = read_fixture("image-3x2.png");

	expect_reject(b.data, 23, "png"); /* IHDR height cut off */
	expect_size(b.data, 24, "png", 3, 2);

	/* huge declared size: reported as is, the caller applies limits */
	const uint8_t huge[8] = {0, 0x01, 0x86, 0xa0, 0, 0x01, 0x86, 0xa0}; /* 100000 x 100000 */
	memcpy(b.data + 16, huge, 8);
	expect_size(b.data, b.len, "png", 100000, 100000);

	memset(b.data + 16, 0, 4); /* width 0 */
	expect_reject(b.data, b.len, "png");

	const uint8_t too_wide[4] = {0x80, 0, 0, 0}; /* 2^31: over the PNG limit */
	memcpy(b.data + 16, too_wide, 4);
	expect_reject(b.data, b.len, "png");

	memcpy(b.data + 12, "IDAT", 4); /* first chunk must be IHDR */
	expect_reject(b.data, b.len, "png");
	free(b.data);
}

/* SOI, a DHT whose payload looks like a frame header, a fill byte, then SOF2. */
static void test_jpeg_walks_markers(void **state)
{
	(void)state;
	const uint8_t jpg[] = {0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x08, 0x08, 0x11, 0x11, 0x22, 0x22, 0x01, 0xFF,
			       0xFF, 0xC2, 0x00, 0x0B, 0x08, 0x00, 0x30, 0x00, 0x40, 0x01, 0x01, 0x11, 0x00};
	expect_size(jpg, sizeof(jpg), "jpeg", 64, 48);
	expect_reject(jpg, 21, "jpeg"); /* frame header cut inside the width */
	expect_size(jpg, 22, "jpeg", 64, 48);

	const uint8_t dac_jpg_only[] = {0xFF, 0xD8, 0xFF, 0xCC, 0x00, 0x08, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01,
					0xFF, 0xC8, 0x00, 0x08, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0xFF, 0xD9};
	expect_reject(dac_jpg_only, sizeof(dac_jpg_only), "jpeg");

	const uint8_t sos_first[] = {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0xFF, 0xC0,
				     0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01};
	expect_reject(sos_first, sizeof(sos_first), "jpeg");

	const uint8_t bad_len[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00};
	expect_reject(bad_len, sizeof(bad_len), "jpeg");

	const uint8_t long_seg[] = {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00, 0x00};
	expect_reject(long_seg, sizeof(long_seg), "jpeg");

	const uint8_t zero_height[] = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x00, 0x00, 0x10, 0x01};
	expect_reject(zero_height, sizeof(zero_height), "jpeg"); /* height comes later in a DNL */

	const uint8_t garbage_between[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0x12,
					   0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10};
	expect_reject(garbage_between, sizeof(garbage_between), "jpeg");
}

static void test_gif_and_bmp_edges(void **state)
{
	(void)state;
	const uint8_t gif[] = {'G', 'I', 'F', '8', '9', 'a', 0x34, 0x12, 0x02, 0x00};
	expect_size(gif, sizeof(gif), "gif", 0x1234, 2);
	const uint8_t gif_zero[] = {'G', 'I', 'F', '8', '7', 'a', 0x10, 0x00, 0x00, 0x00};
	expect_reject(gif_zero, sizeof(gif_zero), "gif");

	struct blob b = read_fixture("image-9x7.bmp");
	const uint8_t top_down[4] = {0xF9, 0xFF, 0xFF, 0xFF}; /* height -7 */
	memcpy(b.data + 22, top_down, 4);
	expect_size(b.data, b.len, "bmp", 9, 7);
	const uint8_t neg_width[4] = {0xF7, 0xFF, 0xFF, 0xFF};
	memcpy(b.data + 18, neg_width, 4);
	expect_reject(b.data, b.len, "bmp");
	const uint8_t unknown_hdr[4] = {20, 0, 0, 0};
	memcpy(b.data + 14, unknown_hdr, 4);
	expect_reject(b.data, b.len, "bmp");
	free(b.data);

	const uint8_t core[] = {'B', 'M', 0, 0, 0, 0, 0, 0, 0, 0, 26, 0, 0, 0, 12, 0, 0, 0, 0x20, 0x03, 0x58, 0x02};
	expect_size(core, sizeof(core), "bmp", 800, 600);
}

static void test_webp_hand_written(void **state)
{
	(void)state;
	/* VP8X with the largest canvas the format can declare (2^24 per side) */
	uint8_t vp8x[30] = {'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X', 10, 0, 0, 0};
	memset(vp8x + 24, 0xFF, 6);
	expect_size(vp8x, sizeof(vp8x), "webp", 1u << 24, 1u << 24);
	expect_reject(vp8x, 29, "webp");

	const uint8_t vp8l[25] = {'R', 'I', 'F', 'F', 17, 0, 0, 0,    'W',  'E',  'B',  'P', 'V',
				  'P', '8', 'L', 5,   0,  0, 0, 0x2f, 0x1f, 0xC0, 0x0F, 0x00};
	expect_size(vp8l, sizeof(vp8l), "webp", 32, 64); /* w-1 = 31, h-1 = 63 */

	uint8_t vp8[30] = {'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W',  'E',  'B',  'P',  'V',  'P',  '8',
			   ' ', 10,  0,   0,   0,  0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x07, 0x38, 0xC4};
	expect_size(vp8, sizeof(vp8), "webp", 1920, 1080); /* top 2 bits are scale, ignored */
	vp8[24] = 0x02;                                    /* broken start code */
	expect_reject(vp8, sizeof(vp8), "webp");

	const uint8_t alph_first[30] = {'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P', 'A', 'L', 'P', 'H'};
	expect_reject(alph_first, sizeof(alph_first), "webp");
}

static void test_garbage(void **state)
{
	(void)state;
	struct lk_image_info info;
	const uint8_t zeros[64] = {0};
	expect_reject(zeros, sizeof(zeros), NULL);
	expect_reject((const uint8_t *)"hello, world", 12, NULL);
	expect_reject((const uint8_t *)"<html><body>404", 15, NULL);
	expect_reject(zeros, 0, NULL);
	assert_false(lk_image_probe(NULL, 10, &info));
	assert_false(lk_image_probe(zeros, sizeof(zeros), NULL));

	/* random bytes behind each magic: must never crash or over-read */
	static const char *magics[] = {"\x89PNG\r\n\x1a\n", "\xFF\xD8\xFF", "GIF89a", "RIFF\0\0\0\0WEBPVP8X", "BM", ""};
	static const size_t magic_len[] = {8, 3, 6, 16, 2, 0};
	uint32_t seed = 12345;
	uint8_t buf[96];
	for (int round = 0; round < 60000; round++) {
		size_t m = (size_t)round % 6;
		size_t len = magic_len[m] + (seed >> 8) % (sizeof(buf) - magic_len[m]);
		memcpy(buf, magics[m], magic_len[m]);
		for (size_t i = magic_len[m]; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (uint8_t)(seed >> 16);
		}
		if (probe_copy(buf, len, &info)) {
			assert_non_null(info.format);
			assert_true(info.cx > 0 && info.cy > 0);
		} else {
			assert_int_equal(info.cx, 0);
		}
	}
}

static void test_gif_frames(void **state)
{
	(void)state;
	struct blob one = read_fixture("image-7x3.gif");
	struct blob three = read_fixture("image-8x6-3frames.gif");

	uint8_t *copy = malloc(three.len);
	assert_non_null(copy);
	memcpy(copy, one.data, one.len);
	assert_int_equal(lk_image_gif_frames(copy, one.len), 1);
	memcpy(copy, three.data, three.len);
	assert_int_equal(lk_image_gif_frames(copy, three.len), 3);
	free(copy);

	/* prefixes: never more than the whole file, never fewer than a shorter prefix */
	size_t last = 0;
	for (size_t len = 0; len <= three.len; len++) {
		uint8_t *p = malloc(len ? len : 1);
		assert_non_null(p);
		memcpy(p, three.data, len);
		size_t n = lk_image_gif_frames(p, len);
		free(p);
		assert_true(n >= last && n <= 3);
		last = n;
	}
	assert_int_equal(last, 3);

	/* a broken sub-block length stops the walk at the frame it was in */
	three.data[three.len - 2] = 0x7f;
	assert_int_equal(lk_image_gif_frames(three.data, three.len), 3);

	const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	assert_int_equal(lk_image_gif_frames(png_sig, sizeof(png_sig)), 0);
	assert_int_equal(lk_image_gif_frames(NULL, 100), 0);

	/* hand-made: global table of 2 colours, 1x1 frames with empty data, trailer */
	const uint8_t tiny[] = {'G',  'I', 'F',  '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0,    0,  0,  0, 0, 0,    0,
				0x2C, 0,   0,    0,   0,   1,   0, 1, 0, 0, 2,    0, 0x2C, 0,  0,  0, 0, 1,    0,
				1,    0,   0x81, 1,   2,   3,   4, 5, 6, 7, 8,    9, 10,   11, 12, 2, 0, 0x3B, 0x2C};
	assert_int_equal(lk_image_gif_frames(tiny, sizeof(tiny)), 2); /* nothing after the trailer */
	free(one.data);
	free(three.data);
}

#define BUDGET ((uint64_t)256 * 1024 * 1024)

/* Refusal (and its reason) for buf[0..len) under a 4096 px / 256 MB limit. */
static bool over_limits(const uint8_t *buf, size_t len, struct lk_image_info *info, struct dstr *why)
{
	assert_true(probe_copy(buf, len, info));
	return lk_image_over_limits(info, 4096, BUDGET, why);
}

static void test_gif_canvas_budget(void **state)
{
	(void)state;
	uint8_t gif[TEST_GIF_LEN(12)];
	struct lk_image_info info;
	struct dstr why = {0};

	/* the review's file: 16x16 screen, 12 frames of 4000x4000 (821 MiB in
	 * libobs: libnsgif grows its canvas to the largest frame and libobs keeps
	 * a full canvas per frame) is refused from its headers alone */
	size_t len = test_gif(gif, 16, 16, 12, 0, 0, 4000, 4000);
	assert_true(over_limits(gif, len, &info, &why));
	assert_string_equal(info.format, "gif");
	assert_int_equal(info.cx, 4000);
	assert_int_equal(info.cy, 4000);
	assert_int_equal(info.frames, 12);
	assert_true(lk_image_decoded_bytes(&info) >= (uint64_t)12 * 4000 * 4000 * 4);
	assert_string_equal(why.array, "animated GIF too large (12 frames of 4000x4000)");

	/* frames placed off the screen grow the canvas too (offset + size) */
	len = test_gif(gif, 16, 16, 3, 3000, 100, 1000, 50);
	assert_true(probe_copy(gif, len, &info));
	assert_int_equal(info.cx, 4000);
	assert_int_equal(info.cy, 150);
	assert_int_equal(info.frames, 3);

	/* a canvas past the side limit is refused whatever the frame count */
	len = test_gif(gif, 16, 16, 1, 4000, 0, 4000, 16);
	assert_true(over_limits(gif, len, &info, &why));
	assert_string_equal(why.array, "image too large (8000x16, limit 4096)");

	/* within the screen: small and accepted; one frame is not "animated" */
	len = test_gif(gif, 16, 16, 12, 0, 0, 16, 16);
	assert_false(over_limits(gif, len, &info, &why));
	assert_int_equal(info.cx, 16);
	assert_int_equal(info.frames, 12);
	assert_int_equal(lk_image_decoded_bytes(&info), (uint64_t)13 * 16 * 16 * 4);
	len = test_gif(gif, 16, 16, 1, 0, 0, 16, 16);
	assert_false(over_limits(gif, len, &info, &why));
	assert_int_equal(lk_image_decoded_bytes(&info), 16 * 16 * 4);

	/* the budget is what all frames take: 4 frames of 4096x4096 are 4 x 64 MiB
	 * (+ the working canvas): over; 3 are not */
	len = test_gif(gif, 16, 16, 4, 0, 0, 4096, 4096);
	assert_true(over_limits(gif, len, &info, &why));
	assert_string_equal(why.array, "animated GIF too large (4 frames of 4096x4096)");
	len = test_gif(gif, 16, 16, 3, 0, 0, 4096, 4096);
	assert_false(over_limits(gif, len, &info, &why));

	/* still formats: one canvas */
	struct blob png = read_fixture("image-64x48.png");
	assert_false(over_limits(png.data, png.len, &info, &why));
	assert_int_equal(info.frames, 1);
	assert_int_equal(lk_image_decoded_bytes(&info), 64 * 48 * 4);
	free(png.data);
	dstr_free(&why);
}

/* SOF header (FF marker Lf P Y X Nf, one component) of a cx x cy frame */
static size_t put_sof(uint8_t *p, uint8_t marker, uint16_t cx, uint16_t cy)
{
	const uint8_t sof[13] = {
		0xFF,        marker, 0x00, 0x0B, 0x08, (uint8_t)(cy >> 8), (uint8_t)cy, (uint8_t)(cx >> 8),
		(uint8_t)cx, 0x01,   0x01, 0x11, 0x00};
	memcpy(p, sof, sizeof(sof));
	return sizeof(sof);
}

static void test_jpeg_decoy_sof(void **state)
{
	(void)state;
	uint8_t jpg[64] = {0xFF, 0xD8};
	struct lk_image_info info;
	struct dstr why = {0};

	/* the review's file: a 1x1 SOF9 (arithmetic coding, skipped by FFmpeg)
	 * before the real 16000x16000 SOF0 */
	size_t len = 2;
	len += put_sof(jpg + len, 0xC9, 1, 1);
	len += put_sof(jpg + len, 0xC0, 16000, 16000);
	assert_true(over_limits(jpg, len, &info, &why));
	assert_int_equal(info.cx, 16000);
	assert_int_equal(info.cy, 16000);
	assert_string_equal(why.array, "image too large (16000x16000, limit 4096)");

	/* each skipped kind (SOF5-7, 9-11, 13-15) is passed over the same way */
	const uint8_t skipped[] = {0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF};
	for (size_t i = 0; i < sizeof(skipped); i++) {
		len = 2 + put_sof(jpg + 2, skipped[i], 1, 1);
		len += put_sof(jpg + len, 0xC2, 5000, 20);
		expect_size(jpg, len, "jpeg", 5000, 20);
		/* a skipped frame alone is nothing the decoder can show */
		expect_reject(jpg, 15, "jpeg");
	}

	/* FFmpeg looks for markers inside a segment it does not parse: a frame
	 * header hidden in the SOF9's payload counts, and the largest one wins */
	uint8_t hidden[64] = {0xFF, 0xD8, 0xFF, 0xC9, 0x00, 0x18, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00};
	put_sof(hidden + 15, 0xC1, 9000, 9000); /* inside the 0x18-byte SOF9 segment */
	len = 4 + 0x18;
	len += put_sof(hidden + len, 0xC0, 2, 2);
	expect_size(hidden, len, "jpeg", 9000, 9000);

	/* JPEG-LS (SOF55, 0xF7) is decoded by FFmpeg too */
	len = 2 + put_sof(jpg + 2, 0xF7, 4097, 3);
	expect_size(jpg, len, "jpeg", 4097, 3);

	/* a later, larger frame (a second SOF0 after the first) counts as well */
	len = 2 + put_sof(jpg + 2, 0xC0, 8, 8);
	len += put_sof(jpg + len, 0xC0, 30, 9000);
	expect_size(jpg, len, "jpeg", 30, 9000);
	dstr_free(&why);
}

static void test_key_kind(void **state)
{
	(void)state;
	assert_int_equal(lk_image_key_kind("http://cdn.example/a.png"), LK_IMAGE_KEY_HTTP);
	assert_int_equal(lk_image_key_kind("HTTPS://cdn.example/a.png"), LK_IMAGE_KEY_HTTP);
	assert_int_equal(lk_image_key_kind("/home/anchor/products/a.png"), LK_IMAGE_KEY_FILE);
	assert_int_equal(lk_image_key_kind("products/a:b.png"), LK_IMAGE_KEY_FILE);
	assert_int_equal(lk_image_key_kind("C:\\shop\\a.png"), LK_IMAGE_KEY_FILE);
	assert_int_equal(lk_image_key_kind("file:///etc/passwd"), LK_IMAGE_KEY_REFUSED);
	assert_int_equal(lk_image_key_kind("ftp://host/a.png"), LK_IMAGE_KEY_REFUSED);
	assert_int_equal(lk_image_key_kind("data:image/png;base64,AAAA"), LK_IMAGE_KEY_REFUSED);
	assert_int_equal(lk_image_key_kind("javascript:alert(1)"), LK_IMAGE_KEY_REFUSED);
	assert_int_equal(lk_image_key_kind("http:/one-slash"), LK_IMAGE_KEY_REFUSED);
	assert_int_equal(lk_image_key_kind("httpx://host/a.png"), LK_IMAGE_KEY_REFUSED);
	assert_int_equal(lk_image_key_kind("https:"), LK_IMAGE_KEY_REFUSED);
}

static void expect_redacted(const char *key, const char *want)
{
	struct dstr out = {0};
	lk_image_key_redact(&out, key);
	assert_string_equal(out.array, want);
	dstr_free(&out);
}

static void test_key_redact(void **state)
{
	(void)state;
	expect_redacted("https://cdn.example/p/1.png?token=secret&x=1", "https://cdn.example/p/1.png?...");
	expect_redacted("https://cdn.example/p/1.png#frag", "https://cdn.example/p/1.png?...");
	expect_redacted("https://user:pw@cdn.example/p/1.png", "https://cdn.example/p/1.png");
	expect_redacted("https://cdn.example/p/a@b.png", "https://cdn.example/p/a@b.png"); /* '@' in the path stays */
	expect_redacted("http://u@host?q=1", "http://host?...");
	/* the user info ends at the last '@' before the host: a password with
	 * an '@' in it is not half-kept */
	expect_redacted("https://user:p@ss@cdn.example/p/1.png", "https://cdn.example/p/1.png");
	expect_redacted("https://a@b:c@@d@cdn.example:8443?t=1", "https://cdn.example:8443?...");
	expect_redacted("https://u:p@ss@cdn.example/a@b.png", "https://cdn.example/a@b.png");
	expect_redacted("http://user:p@ss@host#x", "http://host?...");
	expect_redacted("/home/anchor/a?b.png", "/home/anchor/a?b.png"); /* paths are kept */
	expect_redacted("ftp://h/x", "ftp://h/x");

	struct dstr long_key = {0}, out = {0};
	dstr_copy(&long_key, "data:text/plain,");
	for (int i = 0; i < 100; i++)
		dstr_cat(&long_key, "abcdefgh");
	lk_image_key_redact(&out, long_key.array);
	assert_int_equal(out.len, 203);
	assert_memory_equal(out.array, long_key.array, 200);
	assert_string_equal(out.array + 200, "...");
	dstr_free(&out);
	dstr_free(&long_key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_files),        cmocka_unit_test(test_truncated_prefixes),
		cmocka_unit_test(test_png_edges),         cmocka_unit_test(test_jpeg_walks_markers),
		cmocka_unit_test(test_gif_and_bmp_edges), cmocka_unit_test(test_webp_hand_written),
		cmocka_unit_test(test_garbage),           cmocka_unit_test(test_gif_frames),
		cmocka_unit_test(test_key_kind),          cmocka_unit_test(test_key_redact),
		cmocka_unit_test(test_gif_canvas_budget), cmocka_unit_test(test_jpeg_decoy_sof),

	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
