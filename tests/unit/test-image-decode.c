/*
 * Linkon — unit tests for lk_image_decode (still PNG, JPEG and WebP through
 * libpng, libjpeg-turbo and libwebp): the fixtures' pixels, what is left to
 * libobs, and hostile files (truncated, lying headers, over the limits, a
 * JPEG with endless scans, random bytes behind a real magic).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every buffer handed to the decoder is a heap copy of exactly the tested
 * length, so AddressSanitizer catches any read past it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <util/bmem.h>

#include "core/lk-image-decode.h"
#include "image-fixture.h"

#define MAX_SIDE 4096
#define MAX_BYTES ((uint64_t)64 * 1024 * 1024)

static enum lk_image_decode_result decode_copy(const uint8_t *data, size_t len, uint32_t max_side, uint64_t max_bytes,
					       struct lk_image_pixels *out)
{
	uint8_t *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	if (len)
		memcpy(copy, data, len);
	enum lk_image_decode_result r = lk_image_decode(copy, len, max_side, max_bytes, out);
	free(copy);
	if (r != LK_IMAGE_DECODED) {
		assert_null(out->px);
		assert_int_equal(out->cx, 0);
		assert_int_equal(out->cy, 0);
	}
	return r;
}

static const uint8_t *pixel(const struct lk_image_pixels *p, uint32_t x, uint32_t y)
{
	return p->px + ((size_t)y * p->cx + x) * 4;
}

static void assert_near(int got, int want, int tolerance)
{
	if (abs(got - want) > tolerance)
		fail_msg("%d is not %d (+-%d)", got, want, tolerance);
}

static void assert_rgba(const uint8_t *px, int r, int g, int b, int a, int tolerance)
{
	assert_near(px[0], r, tolerance);
	assert_near(px[1], g, tolerance);
	assert_near(px[2], b, tolerance);
	assert_near(px[3], a, tolerance);
}

static struct lk_image_pixels decode_fixture(const char *name, enum lk_image_decode_result want)
{
	struct blob b = read_fixture(name);
	struct lk_image_pixels p;
	assert_int_equal(decode_copy(b.data, b.len, MAX_SIDE, MAX_BYTES, &p), want);
	free(b.data);
	return p;
}

/* ---- what the fixtures hold ------------------------------------------------- */

static void png_pixels(void **state)
{
	(void)state;
	struct lk_image_pixels p = decode_fixture("image-3x2.png", LK_IMAGE_DECODED);
	assert_int_equal(p.cx, 3);
	assert_int_equal(p.cy, 2);
	for (uint32_t x = 0; x < 3; x++) {
		assert_rgba(pixel(&p, x, 0), 255, 0, 0, 255, 0); /* red row */
		assert_rgba(pixel(&p, x, 1), 0, 0, 255, 255, 0); /* blue row */
	}
	bfree(p.px);

	/* 16 bits a channel: brought down to 8 */
	p = decode_fixture("image-64x48.png", LK_IMAGE_DECODED);
	assert_int_equal(p.cx, 64);
	assert_int_equal(p.cy, 48);
	bfree(p.px);
}

static void jpeg_pixels(void **state)
{
	(void)state;
	const char *names[] = {"image-5x4.jpg", "image-5x4-progressive.jpg"};
	for (size_t i = 0; i < 2; i++) {
		struct lk_image_pixels p = decode_fixture(names[i], LK_IMAGE_DECODED);
		assert_int_equal(p.cx, 5);
		assert_int_equal(p.cy, 4);
		for (size_t k = 0; k < (size_t)p.cx * p.cy; k++)
			assert_int_equal(p.px[k * 4 + 3], 255); /* opaque */
		bfree(p.px);
	}
}

/* Straight alpha comes out premultiplied, as libobs' loader gives it. */
static void webp_pixels_premultiplied(void **state)
{
	(void)state;
	struct lk_image_pixels p = decode_fixture("image-6x5-alpha.webp", LK_IMAGE_DECODED);
	assert_int_equal(p.cx, 6);
	assert_int_equal(p.cy, 5);
	/* (210, 9, 68) at alpha 128 */
	assert_rgba(pixel(&p, 0, 0), 105, 5, 34, 128, 2);
	for (size_t k = 0; k < (size_t)p.cx * p.cy; k++)
		for (int c = 0; c < 3; c++)
			assert_true(p.px[k * 4 + c] <= p.px[k * 4 + 3]);
	bfree(p.px);

	const char *names[] = {"image-6x5-lossless.webp", "image-6x5-lossy.webp"};
	for (size_t i = 0; i < 2; i++) {
		p = decode_fixture(names[i], LK_IMAGE_DECODED);
		assert_int_equal(p.cx, 6);
		assert_int_equal(p.cy, 5);
		bfree(p.px);
	}
}

/* GIF and BMP stay libobs' (animations, the rare formats). */
static void other_formats_not_mine(void **state)
{
	(void)state;
	decode_fixture("image-7x3.gif", LK_IMAGE_NOT_MINE);
	decode_fixture("image-8x6-3frames.gif", LK_IMAGE_NOT_MINE);
	decode_fixture("image-9x7.bmp", LK_IMAGE_NOT_MINE);
	struct lk_image_pixels p;
	assert_int_equal(decode_copy((const uint8_t *)"hello", 5, MAX_SIDE, MAX_BYTES, &p), LK_IMAGE_NOT_MINE);
	assert_int_equal(decode_copy(NULL, 0, MAX_SIDE, MAX_BYTES, &p), LK_IMAGE_NOT_MINE);
}

/* ---- hostile files -------------------------------------------------------------- */

/* Every prefix of every fixture: never a crash, never a read past the end;
 * what decodes has the fixture's size. */
static void truncated_files(void **state)
{
	(void)state;
	const char *names[] = {
		"image-3x2.png",        "image-64x48.png",         "image-5x4.jpg",       "image-5x4-progressive.jpg",
		"image-6x5-alpha.webp", "image-6x5-lossless.webp", "image-6x5-lossy.webp"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct blob b = read_fixture(names[i]);
		struct lk_image_pixels full;
		assert_int_equal(decode_copy(b.data, b.len, MAX_SIDE, MAX_BYTES, &full), LK_IMAGE_DECODED);
		for (size_t n = 0; n < b.len; n++) {
			struct lk_image_pixels p;
			enum lk_image_decode_result r = decode_copy(b.data, n, MAX_SIDE, MAX_BYTES, &p);
			if (r == LK_IMAGE_DECODED) { /* libjpeg fills a cut scan with grey */
				assert_int_equal(p.cx, full.cx);
				assert_int_equal(p.cy, full.cy);
				bfree(p.px);
			}
		}
		/* the whole PNG and WebP need every byte but the tail's */
		if (!strstr(names[i], ".jpg")) {
			struct lk_image_pixels p;
			assert_int_not_equal(decode_copy(b.data, b.len / 2, MAX_SIDE, MAX_BYTES, &p), LK_IMAGE_DECODED);
		}
		bfree(full.px);
		free(b.data);
	}
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* A header claiming more than the limits: refused before any pixel buffer
 * (the limits here are the caller's, checked against the header). */
static void over_the_limits(void **state)
{
	(void)state;
	struct lk_image_pixels p;
	struct blob b = read_fixture("image-3x2.png");
	/* limits under the real size */
	assert_int_equal(decode_copy(b.data, b.len, 2, MAX_BYTES, &p), LK_IMAGE_BROKEN);
	assert_int_equal(decode_copy(b.data, b.len, MAX_SIDE, 3 * 2 * 4 - 1, &p), LK_IMAGE_BROKEN);
	assert_int_equal(decode_copy(b.data, b.len, 3, 3 * 2 * 4, &p), LK_IMAGE_DECODED);
	bfree(p.px);
	/* an IHDR saying 100000 x 100000 (its CRC fixed up or not: refused either way) */
	put_be32(b.data + 16, 100000);
	put_be32(b.data + 20, 100000);
	assert_int_equal(decode_copy(b.data, b.len, MAX_SIDE, MAX_BYTES, &p), LK_IMAGE_BROKEN);
	free(b.data);

	b = read_fixture("image-5x4.jpg");
	assert_int_equal(decode_copy(b.data, b.len, 4, MAX_BYTES, &p), LK_IMAGE_BROKEN);
	free(b.data);
	b = read_fixture("image-6x5-lossy.webp");
	assert_int_equal(decode_copy(b.data, b.len, 5, MAX_BYTES, &p), LK_IMAGE_BROKEN);
	free(b.data);
}

/* The fixture's bytes after the magic replaced by noise (fixed seed): every
 * outcome is allowed except a crash, a read past the end, or pixels of a
 * size over the limits. */
static void noise_behind_magic(void **state)
{
	(void)state;
	const char *names[] = {"image-3x2.png", "image-5x4.jpg", "image-5x4-progressive.jpg", "image-6x5-lossy.webp",
			       "image-6x5-lossless.webp"};
	uint32_t seed = 12345;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct blob b = read_fixture(names[i]);
		for (int round = 0; round < 300; round++) {
			uint8_t *copy = malloc(b.len);
			assert_non_null(copy);
			memcpy(copy, b.data, b.len);
			for (size_t k = 16; k < b.len; k++) {
				seed = seed * 1103515245u + 12345u;
				if ((seed >> 16) % 8 == 0) /* flip one byte in eight */
					copy[k] = (uint8_t)(seed >> 24);
			}
			struct lk_image_pixels p;
			if (decode_copy(copy, b.len, 64, 64 * 64 * 4, &p) == LK_IMAGE_DECODED) {
				assert_true(p.cx <= 64 && p.cy <= 64);
				bfree(p.px);
			}
			free(copy);
		}
		free(b.data);
	}
}

/* A progressive JPEG that repeats its scans past LK_IMAGE_JPEG_MAX_SCANS
 * (each one a pass over the image) is refused; the same with a few extra
 * scans decodes. */
static void jpeg_endless_scans(void **state)
{
	(void)state;
	struct blob b = read_fixture("image-5x4-progressive.jpg");
	/* the last SOS segment to EOI: one scan, repeated */
	size_t last_sos = 0;
	for (size_t k = 2; k + 1 < b.len; k++)
		if (b.data[k] == 0xFF && b.data[k + 1] == 0xDA)
			last_sos = k;
	assert_true(last_sos > 0);
	assert_true(b.data[b.len - 2] == 0xFF && b.data[b.len - 1] == 0xD9);
	size_t scan = b.len - 2 - last_sos;

	for (int pass = 0; pass < 2; pass++) {
		size_t repeats = pass == 0 ? 5 : LK_IMAGE_JPEG_MAX_SCANS + 10;
		size_t len = last_sos + scan * repeats + 2;
		uint8_t *buf = malloc(len);
		assert_non_null(buf);
		memcpy(buf, b.data, last_sos);
		for (size_t r = 0; r < repeats; r++)
			memcpy(buf + last_sos + r * scan, b.data + last_sos, scan);
		buf[len - 2] = 0xFF;
		buf[len - 1] = 0xD9;
		struct lk_image_pixels p;
		enum lk_image_decode_result r = decode_copy(buf, len, MAX_SIDE, MAX_BYTES, &p);
		if (pass == 0) {
			assert_int_equal(r, LK_IMAGE_DECODED);
			bfree(p.px);
		} else {
			assert_int_equal(r, LK_IMAGE_BROKEN);
		}
		free(buf);
	}
	free(b.data);
}

/* A CMYK JPEG is left to libobs (libjpeg has no CMYK to RGB). */
static void jpeg_cmyk_not_mine(void **state)
{
	(void)state;
	decode_fixture("image-cmyk-4x4.jpg", LK_IMAGE_NOT_MINE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(png_pixels),
		cmocka_unit_test(jpeg_pixels),
		cmocka_unit_test(webp_pixels_premultiplied),
		cmocka_unit_test(other_formats_not_mine),
		cmocka_unit_test(truncated_files),
		cmocka_unit_test(over_the_limits),
		cmocka_unit_test(noise_behind_magic),
		cmocka_unit_test(jpeg_endless_scans),
		cmocka_unit_test(jpeg_cmyk_not_mine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
