/*
 * Linkon — unit tests for the loader thread's image shrinking
 * (lk_image_fit_size, lk_image_area_scale).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/lk-image-scale.h"

static void fit(uint32_t cx, uint32_t cy, uint32_t wx, uint32_t wy, uint32_t ex, uint32_t ey)
{
	uint32_t ox = 0, oy = 0;
	lk_image_fit_size(cx, cy, wx, wy, &ox, &oy);
	assert_int_equal(ox, ex);
	assert_int_equal(oy, ey);
}

/* Cover fit: both sides at least the wanted ones, aspect kept, never larger. */
static void test_fit_size(void **state)
{
	fit(512, 512, 44, 44, 44, 44);     /* the cart's thumbnail */
	fit(512, 512, 190, 190, 190, 190); /* the card's photo */
	fit(800, 400, 100, 100, 200, 100); /* wide: the height decides */
	fit(400, 800, 100, 100, 100, 200);
	fit(300, 200, 640, 640, 300, 200); /* drawn bigger than it is: kept */
	fit(512, 512, 0, 0, 512, 512);     /* size unknown: kept */
	fit(4000, 10, 1, 1, 400, 1);       /* never below 1 px */
}

static uint8_t *filled(uint32_t cx, uint32_t cy, const uint8_t px[4])
{
	uint8_t *b = malloc((size_t)cx * cy * 4);
	for (size_t i = 0; i < (size_t)cx * cy; i++)
		memcpy(b + i * 4, px, 4);
	return b;
}

/* A flat colour stays exactly that colour at any ratio (weights sum to 1). */
static void test_flat_colour_kept(void **state)
{
	const uint8_t px[4] = {10, 200, 77, 255};
	const uint32_t sizes[][2] = {{44, 44}, {190, 190}, {37, 51}, {1, 1}, {511, 3}};
	uint8_t *src = filled(512, 512, px);
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint32_t w = sizes[s][0], h = sizes[s][1];
		uint8_t *dst = malloc((size_t)w * h * 4);
		assert_true(lk_image_area_scale(src, 512, 512, 512 * 4, dst, w, h));
		for (size_t i = 0; i < (size_t)w * h * 4; i++)
			assert_int_equal(dst[i], px[i % 4]);
		free(dst);
	}
	free(src);
}

/* Halving averages each 2x2 block exactly; a 1-px checkerboard shrunk by
 * any factor becomes grey (no aliasing, which one tap per pixel would give). */
static void test_average(void **state)
{
	uint8_t src[4 * 4 * 4], dst[2 * 2 * 4];
	for (int y = 0; y < 4; y++)
		for (int x = 0; x < 4; x++)
			for (int c = 0; c < 4; c++)
				src[(y * 4 + x) * 4 + c] = (uint8_t)(((x + y) & 1) ? 255 : 0);
	assert_true(lk_image_area_scale(src, 4, 4, 16, dst, 2, 2));
	for (int i = 0; i < 16; i++)
		assert_int_equal(dst[i], 128); /* 127.5 rounds up */

	uint32_t n = 300, m = 7;
	uint8_t *big = malloc((size_t)n * n * 4), *small = malloc((size_t)m * m * 4);
	for (uint32_t y = 0; y < n; y++)
		for (uint32_t x = 0; x < n; x++)
			memset(big + ((size_t)y * n + x) * 4, ((x + y) & 1) ? 255 : 0, 4);
	assert_true(lk_image_area_scale(big, n, n, n * 4, small, m, m));
	for (uint32_t i = 0; i < m * m * 4; i++)
		assert_in_range(small[i], 124, 131);
	free(big);
	free(small);
}

/* Left half red, right half blue, shrunk 3:1 with a footprint straddling
 * the edge: the middle column is the coverage-weighted mix. Stride honoured. */
static void test_partial_coverage(void **state)
{
	uint32_t n = 6, stride = 6 * 4 + 8;
	uint8_t *src = calloc(n, stride), dst[2 * 2 * 4];
	for (uint32_t y = 0; y < n; y++) {
		for (uint32_t x = 0; x < n; x++) {
			uint8_t *p = src + (size_t)y * stride + x * 4;
			p[0] = x < 3 ? 255 : 0;
			p[2] = x < 3 ? 0 : 255;
			p[3] = 255;
		}
		memset(src + (size_t)y * stride + n * 4, 0xEE, 8); /* padding: never read into the result */
	}
	assert_true(lk_image_area_scale(src, n, n, stride, dst, 2, 2));
	assert_int_equal(dst[0], 255);
	assert_int_equal(dst[2], 0);
	assert_int_equal(dst[4], 0);
	assert_int_equal(dst[6], 255);
	free(src);

	uint8_t line[5 * 4], out[2 * 4];
	for (int x = 0; x < 5; x++)
		memset(line + x * 4, x < 2 ? 0 : 250, 4); /* 0 0 | 250 250 250 */
	assert_true(lk_image_area_scale(line, 5, 1, 20, out, 2, 1));
	/* footprints [0,2.5) and [2.5,5): first = 0.5 px of 250 over 2.5 px */
	assert_int_equal(out[0], 50);
	assert_int_equal(out[4], 250);
}

static void test_refuses_bad_sizes(void **state)
{
	uint8_t src[16] = {0}, dst[64] = {0};
	assert_false(lk_image_area_scale(src, 2, 2, 8, dst, 4, 4)); /* enlarging */
	assert_false(lk_image_area_scale(src, 2, 2, 8, dst, 0, 1));
	assert_false(lk_image_area_scale(src, 2, 2, 4, dst, 1, 1)); /* stride too short */
	assert_false(lk_image_area_scale(NULL, 2, 2, 8, dst, 1, 1));
	for (size_t i = 0; i < sizeof(dst); i++)
		assert_int_equal(dst[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_size),          cmocka_unit_test(test_flat_colour_kept),
		cmocka_unit_test(test_average),           cmocka_unit_test(test_partial_coverage),
		cmocka_unit_test(test_refuses_bad_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
