/*
 * Linkon — unit tests for QR codes (core/lk-qr.c): every symbol is read back
 * with a real decoder (zbar) from the bitmap Linkon would upload.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <util/bmem.h>

#include "lk-qr.h"
#include "lk-zbar.h"

static void roundtrip(const char *text, enum lk_qr_level level)
{
	struct lk_qr qr;
	assert_true(lk_qr_encode(&qr, text, level));
	assert_true(qr.width >= 21);
	assert_int_equal((qr.width - 17) % 4, 0); /* a real QR version: 21, 25, … */
	uint32_t side = 0;
	uint8_t *bmp = lk_qr_bitmap(&qr, 0xff000000, 0xffffffff, &side);
	assert_non_null(bmp);
	assert_int_equal(side, (uint32_t)qr.width + 2 * LK_QR_QUIET);
	/* quiet zone is light all round */
	for (uint32_t i = 0; i < side; i++) {
		assert_int_equal(bmp[(i)*4], 0xff);                               /* top row */
		assert_int_equal(bmp[((size_t)(side - 1) * side + i) * 4], 0xff); /* bottom row */
		assert_int_equal(bmp[((size_t)i * side) * 4], 0xff);              /* left column */
	}
	char *got = lk_zbar_decode_bgra(bmp, side, side, side * 4, 4, NULL);
	assert_non_null(got);
	assert_string_equal(got, text);
	free(got);
	bfree(bmp);
	lk_qr_free(&qr);
	assert_null(qr.modules);
}

static void test_roundtrip_levels(void **state)
{
	(void)state;
	const char *url = "https://shop.example/products/oil?utm_source=linkon&utm_medium=live&utm_content=p1";
	roundtrip(url, LK_QR_L);
	roundtrip(url, LK_QR_M);
	roundtrip(url, LK_QR_Q);
	roundtrip(url, LK_QR_H);
	/* Higher levels need at least as many modules. */
	struct lk_qr l, h;
	assert_true(lk_qr_encode(&l, url, LK_QR_L));
	assert_true(lk_qr_encode(&h, url, LK_QR_H));
	assert_true(h.width > l.width);
	lk_qr_free(&l);
	lk_qr_free(&h);
}

static void test_roundtrip_utf8(void **state)
{
	(void)state;
	/* percent-encoded URLs are ASCII, but a fixed text may not be */
	roundtrip("https://s.example/p?x=%E0%B9%80", LK_QR_M);
	roundtrip("https://s.example/#A-Z_0-9 lower", LK_QR_M);
}

static void test_refused(void **state)
{
	(void)state;
	struct lk_qr qr;
	assert_false(lk_qr_encode(&qr, NULL, LK_QR_M));
	assert_false(lk_qr_encode(&qr, "", LK_QR_M));
	char *big = malloc(LK_QR_MAX_TEXT + 2);
	memset(big, 'a', LK_QR_MAX_TEXT + 1);
	big[LK_QR_MAX_TEXT + 1] = '\0';
	assert_false(lk_qr_encode(&qr, big, LK_QR_M));
	assert_null(qr.modules);
	/* at the limit, H cannot hold 2048 bytes (max ~1273): refused, not crashed */
	big[LK_QR_MAX_TEXT] = '\0';
	assert_false(lk_qr_encode(&qr, big, LK_QR_H));
	free(big);
	assert_null(lk_qr_bitmap(&qr, 0xff000000, 0xffffffff, &(uint32_t){0}));
}

static void test_level_parse(void **state)
{
	(void)state;
	assert_int_equal(lk_qr_level_parse("L"), LK_QR_L);
	assert_int_equal(lk_qr_level_parse("q"), LK_QR_Q);
	assert_int_equal(lk_qr_level_parse("H"), LK_QR_H);
	assert_int_equal(lk_qr_level_parse("M"), LK_QR_M);
	assert_int_equal(lk_qr_level_parse(""), LK_QR_M);
	assert_int_equal(lk_qr_level_parse("HH"), LK_QR_M);
	assert_int_equal(lk_qr_level_parse(NULL), LK_QR_M);
}

static void test_contrast(void **state)
{
	(void)state;
	assert_float_equal(lk_qr_contrast(0xff000000, 0xffffffff), 21.0, 0.01);
	assert_float_equal(lk_qr_contrast(0xffffffff, 0xff000000), 21.0, 0.01);
	assert_float_equal(lk_qr_contrast(0xff777777, 0xff777777), 1.0, 0.001);
	assert_int_equal(lk_qr_check_colors(0xff000000, 0xffffffff), LK_QR_COLORS_OK);
	assert_int_equal(lk_qr_check_colors(0xff1a237e, 0xfffff8e1), LK_QR_COLORS_OK); /* navy on cream */
	/* mid grey on light grey: 2.3:1 */
	assert_int_equal(lk_qr_check_colors(0xff999999, 0xffdddddd), LK_QR_COLORS_LOW_CONTRAST);
	/* yellow on white */
	assert_int_equal(lk_qr_check_colors(0xffffeb3b, 0xffffffff), LK_QR_COLORS_LOW_CONTRAST);
	/* light modules on black */
	assert_int_equal(lk_qr_check_colors(0xffffffff, 0xff000000), LK_QR_COLORS_INVERTED);
	/* a see-through quiet zone */
	assert_int_equal(lk_qr_check_colors(0xff000000, 0x00ffffff), LK_QR_COLORS_TRANSPARENT);
	assert_int_equal(lk_qr_check_colors(0x80000000, 0xffffffff), LK_QR_COLORS_TRANSPARENT);
}

static void test_bitmap_colors(void **state)
{
	(void)state;
	struct lk_qr qr;
	assert_true(lk_qr_encode(&qr, "x", LK_QR_M));
	uint32_t side;
	/* dark red on cream, premultiplied BGRA */
	uint8_t *bmp = lk_qr_bitmap(&qr, 0xff800000, 0xfffff8e1, &side);
	/* the top-left finder's corner module is dark */
	const uint8_t *d = bmp + ((size_t)LK_QR_QUIET * side + LK_QR_QUIET) * 4;
	assert_memory_equal(d, ((uint8_t[]){0x00, 0x00, 0x80, 0xff}), 4);
	const uint8_t *l = bmp;
	assert_memory_equal(l, ((uint8_t[]){0xe1, 0xf8, 0xff, 0xff}), 4);
	bfree(bmp);
	lk_qr_free(&qr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_levels), cmocka_unit_test(test_roundtrip_utf8),
		cmocka_unit_test(test_refused),          cmocka_unit_test(test_level_parse),
		cmocka_unit_test(test_contrast),         cmocka_unit_test(test_bitmap_colors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
