/*
 * Linkon — unit tests for money and count formatting (core/lk-money.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <util/bmem.h>

#include "lk-money.h"

static void check_money(int64_t minor, const char *cur, const char *expected)
{
	struct dstr out = {0};
	const char *got = lk_money_format(&out, minor, cur);
	assert_ptr_equal(got, out.array);
	assert_string_equal(got, expected);
	dstr_free(&out);
}

static void check_count(int64_t n, const char *locale, const char *expected)
{
	struct dstr out = {0};
	const char *got = lk_format_count(&out, n, locale);
	assert_ptr_equal(got, out.array);
	assert_string_equal(got, expected);
	dstr_free(&out);
}

static void test_decimals(void **state)
{
	(void)state;
	assert_int_equal(lk_money_decimals("CNY"), 2);
	assert_int_equal(lk_money_decimals("USD"), 2);
	assert_int_equal(lk_money_decimals("EUR"), 2);
	assert_int_equal(lk_money_decimals("JPY"), 0);
	assert_int_equal(lk_money_decimals("KRW"), 0);
	assert_int_equal(lk_money_decimals("jpy"), 0);
	assert_int_equal(lk_money_decimals("TWD"), 2); /* ISO 4217, see lk-money.c */
	assert_int_equal(lk_money_decimals("VND"), 0);
	assert_int_equal(lk_money_decimals("KWD"), 3);
	assert_int_equal(lk_money_decimals("XYZ"), 2);
	assert_int_equal(lk_money_decimals(""), 2);
	assert_int_equal(lk_money_decimals(NULL), 2);
	assert_int_equal(lk_money_decimals("JPYX"), 2);
}

static void test_format_known(void **state)
{
	(void)state;
	check_money(9900, "CNY", "¥99.00");
	check_money(1299, "USD", "$12.99");
	check_money(1299, "EUR", "12,99 €");
	check_money(850, "GBP", "£8.50");
	check_money(1280, "JPY", "¥1,280");
	check_money(15000, "KRW", "₩15,000");
	check_money(12345, "HKD", "HK$123.45");
	check_money(128000, "TWD", "NT$1,280.00");
	check_money(999, "SGD", "S$9.99");
	check_money(2050, "AUD", "A$20.50");
	check_money(4999, "CAD", "CA$49.99");
	check_money(1299, "usd", "$12.99");
}

static void test_format_small_and_zero(void **state)
{
	(void)state;
	check_money(0, "USD", "$0.00");
	check_money(5, "USD", "$0.05");
	check_money(50, "USD", "$0.50");
	check_money(100, "CNY", "¥1.00");
	check_money(0, "JPY", "¥0");
	check_money(7, "KRW", "₩7");
	check_money(1, "EUR", "0,01 €");
}

static void test_format_thousands(void **state)
{
	(void)state;
	check_money(123456, "EUR", "1.234,56 €");
	check_money(1234567890, "EUR", "12.345.678,90 €");
	check_money(99999, "USD", "$999.99");
	check_money(100000, "USD", "$1,000.00");
	check_money(123456789, "USD", "$1,234,567.89");
	check_money(1234567, "JPY", "¥1,234,567");
	check_money(999, "JPY", "¥999");
	check_money(1000, "KRW", "₩1,000");
	check_money(100000000, "CNY", "¥1,000,000.00");
}

static void test_format_negative(void **state)
{
	(void)state;
	check_money(-1299, "USD", "-$12.99");
	check_money(-1, "CNY", "-¥0.01");
	check_money(-123456, "EUR", "-1.234,56 €");
	check_money(-1280, "JPY", "-¥1,280");
	check_money(-1299, "XYZ", "-12.99 XYZ");
}

static void test_format_extremes(void **state)
{
	(void)state;
	check_money(INT64_MAX, "USD", "$92,233,720,368,547,758.07");
	check_money(INT64_MIN, "USD", "-$92,233,720,368,547,758.08");
	check_money(INT64_MIN, "JPY", "-¥9,223,372,036,854,775,808");
	check_money(INT64_MAX, "EUR", "92.233.720.368.547.758,07 €");
	check_money(INT64_MIN, "KWD", "-9,223,372,036,854,775.808 KWD");
}

static void test_format_unknown(void **state)
{
	(void)state;
	check_money(1299, "XYZ", "12.99 XYZ");
	check_money(1299, "xyz", "12.99 XYZ");
	check_money(123456, "XYZ", "1,234.56 XYZ");
	check_money(1234567, "KWD", "1,234.567 KWD");
	check_money(1500, "VND", "1,500 VND");
	check_money(1299, NULL, "12.99");
	check_money(1299, "", "12.99");
}

static void test_format_reuses_dstr(void **state)
{
	(void)state;
	struct dstr out = {0};
	dstr_copy(&out, "previous content that is long");
	assert_string_equal(lk_money_format(&out, 1, "USD"), "$0.01");
	assert_int_equal(out.len, strlen("$0.01"));
	assert_string_equal(lk_money_format(&out, -100000, "GBP"), "-£1,000.00");
	assert_string_equal(lk_format_count(&out, 5, "en"), "5");
	assert_int_equal(out.len, 1);
	dstr_free(&out);
}

static void test_discount(void **state)
{
	(void)state;
	assert_int_equal(lk_discount_percent(9900, 19900), 50); /* 50.25 */
	assert_int_equal(lk_discount_percent(5990, 9900), 39);  /* 39.49 */
	assert_int_equal(lk_discount_percent(1, 3), 67);        /* 66.67 */
	assert_int_equal(lk_discount_percent(995, 1000), 1);    /* 0.5 rounds up */
	assert_int_equal(lk_discount_percent(996, 1000), 0);    /* 0.4 */
	assert_int_equal(lk_discount_percent(0, 100), 100);
	assert_int_equal(lk_discount_percent(-50, 100), 100);
	/* no discount */
	assert_int_equal(lk_discount_percent(9900, 9900), 0);
	assert_int_equal(lk_discount_percent(19900, 9900), 0);
	assert_int_equal(lk_discount_percent(100, 0), 0);
	assert_int_equal(lk_discount_percent(100, -5), 0);
	assert_int_equal(lk_discount_percent(-5, -1), 0);
	/* extremes must not overflow */
	assert_int_equal(lk_discount_percent(INT64_MAX - 1, INT64_MAX), 0);
	assert_int_equal(lk_discount_percent(0, INT64_MAX), 100);
	assert_int_equal(lk_discount_percent(INT64_MIN, INT64_MAX), 100);
	assert_int_equal(lk_discount_percent(INT64_MAX / 2, INT64_MAX), 50);
	assert_int_equal(lk_discount_percent(INT64_MAX / 4, INT64_MAX), 75);
	assert_int_equal(lk_discount_percent(INT64_MIN, INT64_MIN), 0);
}

/* Exact reference: round half up of 100 * (original - price) / original. */
static int discount_ref(int64_t price, int64_t original)
{
	if (original <= 0 || original <= price)
		return 0;
	if (price < 0)
		price = 0;
	unsigned __int128 a = (unsigned __int128)(original - price), b = (unsigned __int128)original;
	return (int)((a * 200 + b) / (b * 2));
}

/* Amounts near INT64_MAX / 100: 200 x (original - price) + original no
 * longer fits 64 bits (it wrapped: 0 % instead of 100 %), and the scaled
 * fallback rounded 49.4999…% up. Exact now, checked against 128-bit math. */
static void test_discount_huge(void **state)
{
	(void)state;
	const int64_t wrap = 92000000000000000LL; /* between UINT64_MAX / 201 and / 200 */
	assert_int_equal(lk_discount_percent(0, wrap), 100);
	assert_int_equal(lk_discount_percent(wrap / 2, wrap), 50);
	assert_int_equal(lk_discount_percent(wrap / 100, wrap), 99);
	/* original = 1000 u + 999, 1000 x off / original just under 495 */
	const int64_t u = 1000000000000000LL, orig = 1000 * u + 999;
	assert_int_equal(lk_discount_percent(orig - 495 * u, orig), 49);

	uint64_t seed = 99;
	for (int i = 0; i < 200000; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		int64_t original = (int64_t)(seed >> 1);
		if (i % 4 == 1)
			original = (int64_t)(UINT64_MAX / 201) +
				   (int64_t)(seed % (UINT64_MAX / 200 - UINT64_MAX / 201 + 1));
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		int64_t price = original - (int64_t)((seed >> 1) % (uint64_t)original);
		if (i % 8 == 3) /* right at a half-percent boundary */
			price = original - original / 200 * (int64_t)(seed % 200);
		assert_int_equal(lk_discount_percent(price, original), discount_ref(price, original));
	}
}

/* Saved or typed prices in major units to minor units: rounded half away
 * from zero, clamped, never undefined (a double out of int64's range
 * converted to int64 is undefined behaviour). */
static void test_from_units(void **state)
{
	(void)state;
	assert_int_equal(lk_money_from_units(12.99, "USD"), 1299);
	assert_int_equal(lk_money_from_units(0.005, "USD"), 1);
	assert_int_equal(lk_money_from_units(1280.4, "JPY"), 1280);
	assert_int_equal(lk_money_from_units(1.2345, "BHD"), 1235); /* 3 decimals */
	assert_int_equal(lk_money_from_units(-2.5, "CNY"), -250);
	assert_int_equal(lk_money_from_units(0.0, "EUR"), 0);
	/* extremes: clamped to +-LK_MONEY_MAX_MINOR, NaN is 0 */
	assert_int_equal(lk_money_from_units(1e300, "USD"), LK_MONEY_MAX_MINOR);
	assert_int_equal(lk_money_from_units(-1e300, "USD"), -LK_MONEY_MAX_MINOR);
	assert_int_equal(lk_money_from_units(1.0 / 0.0, "JPY"), LK_MONEY_MAX_MINOR);
	assert_int_equal(lk_money_from_units(-1.0 / 0.0, "JPY"), -LK_MONEY_MAX_MINOR);
	assert_int_equal(lk_money_from_units(0.0 / 0.0, "USD"), 0);
	assert_int_equal(lk_money_from_units(9.3e18, NULL), LK_MONEY_MAX_MINOR);
	assert_int_equal(lk_money_from_units(1e13, "USD"), LK_MONEY_MAX_MINOR); /* 1e15 minor units */
	assert_int_equal(lk_money_from_units(1e13 - 0.01, "USD"), LK_MONEY_MAX_MINOR - 1);
}

/* Every pair against an independent floating-point computation. */
static void test_discount_exhaustive(void **state)
{
	(void)state;
	for (int64_t orig = 1; orig <= 700; orig++) {
		for (int64_t price = 0; price < orig; price++) {
			double exact = 100.0 * (double)(orig - price) / (double)orig;
			int got = lk_discount_percent(price, orig);
			assert_true(got >= 0 && got <= 100);
			assert_true((double)got <= exact + 0.5 + 1e-9);
			assert_true((double)got > exact - 0.5 - 1e-9);
		}
	}
}

static void test_count_en(void **state)
{
	(void)state;
	check_count(0, "en-US", "0");
	check_count(7, "en-US", "7");
	check_count(999, "en-US", "999");
	check_count(1000, "en-US", "1k");
	check_count(1234, "en-US", "1.2k");
	check_count(1250, "en-US", "1.3k");
	check_count(12345, "en-US", "12.3k");
	check_count(99949, "en-US", "99.9k");
	check_count(99950, "en-US", "100k");
	check_count(123456, "en-US", "123k");
	check_count(999499, "en-US", "999k");
	check_count(999500, "en-US", "1M");
	check_count(999950, "en-US", "1M");
	check_count(1250000, "en-US", "1.3M");
	check_count(12345678, "en-US", "12.3M");
	check_count(123456789, "en-US", "123M");
	check_count(1234567890, "en-US", "1.2B");
	check_count(1000000000000LL, "en-US", "1T");
	check_count(INT64_MAX, "en-US", "9223372T");
	check_count(INT64_MIN, "en-US", "-9223372T");
	check_count(-1234, "en-US", "-1.2k");
	check_count(-5, "en-US", "-5");
	check_count(1234, NULL, "1.2k");
	check_count(1234, "", "1.2k");
	check_count(12345, "de-DE", "12.3k");
}

static void test_count_zh(void **state)
{
	(void)state;
	check_count(999, "zh-CN", "999");
	check_count(1234, "zh-CN", "1234");
	check_count(9999, "zh-CN", "9999");
	check_count(10000, "zh-CN", "1万");
	check_count(12345, "zh-CN", "1.2万");
	check_count(123456, "zh-CN", "12.3万");
	check_count(1234567, "zh-CN", "123万");
	check_count(99995000, "zh-CN", "1亿");
	check_count(123456789, "zh-CN", "1.2亿");
	check_count(999949999, "zh-CN", "10亿");
	check_count(1000000000000LL, "zh-CN", "1万亿");
	check_count(-12345, "zh-CN", "-1.2万");
	check_count(12345, "zh_CN", "1.2万");
	check_count(12345, "ZH", "1.2万");
	check_count(12345, "zh-TW", "1.2萬");
	check_count(123456789, "zh-Hant", "1.2億");
	check_count(12345, "zh-HK", "1.2萬");
}

/* Parses "<num><unit>" as printed by lk_format_count. */
static double parse_count(const char *s, const char *const *names, const double *mults, char *num_part, size_t num_size)
{
	char *end;
	double v = strtod(s, &end);
	snprintf(num_part, num_size, "%.*s", (int)(end - s), s);
	if (!*end)
		return v;
	for (int i = 0; names[i]; i++) {
		if (strcmp(end, names[i]) == 0)
			return v * mults[i];
	}
	fail_msg("unexpected unit in \"%s\"", s);
	return 0;
}

/* Properties over many values: close to n, never "1000k", never ".0". */
static void check_count_properties(const char *locale, const char *const *names, const double *mults, double first_unit,
				   double ratio)
{
	struct dstr out = {0};
	char num[32];
	uint64_t x = 0x12345678u;

	for (int i = 0; i < 200000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int64_t n = (int64_t)((x >> 11) % (1ULL << (i % 42 + 1)));
		const char *s = lk_format_count(&out, n, locale);
		double v = parse_count(s, names, mults, num, sizeof(num));

		assert_null(strstr(num, ".0"));
		if ((double)n < first_unit) {
			assert_true(v == (double)n);
			continue;
		}
		assert_true(atof(num) < ratio);
		assert_true(v >= (double)n * 0.95 && v <= (double)n * 1.05);
	}
	dstr_free(&out);
}

static void test_count_properties(void **state)
{
	(void)state;
	static const char *const en_names[] = {"k", "M", "B", "T", NULL};
	static const double en_mults[] = {1e3, 1e6, 1e9, 1e12};
	static const char *const zh_names[] = {"万", "亿", "万亿", NULL};
	static const double zh_mults[] = {1e4, 1e8, 1e12};

	check_count_properties("en", en_names, en_mults, 1000.0, 1000.0);
	check_count_properties("zh-CN", zh_names, zh_mults, 10000.0, 10000.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimals),
		cmocka_unit_test(test_format_known),
		cmocka_unit_test(test_format_small_and_zero),
		cmocka_unit_test(test_format_thousands),
		cmocka_unit_test(test_format_negative),
		cmocka_unit_test(test_format_extremes),
		cmocka_unit_test(test_format_unknown),
		cmocka_unit_test(test_format_reuses_dstr),
		cmocka_unit_test(test_discount),
		cmocka_unit_test(test_discount_exhaustive),
		cmocka_unit_test(test_discount_huge),
		cmocka_unit_test(test_from_units),
		cmocka_unit_test(test_count_en),
		cmocka_unit_test(test_count_zh),
		cmocka_unit_test(test_count_properties),
	};
	long allocs = bnum_allocs();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != allocs) {
		fprintf(stderr, "leak: %ld bmalloc blocks not freed\n", bnum_allocs() - allocs);
		return 1;
	}
	return failed;
}
