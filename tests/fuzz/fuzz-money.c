/*
 * Linkon — libFuzzer target for money and count formatting and the
 * discount percent (core/lk-money.c). Input: price (8 bytes, little
 * endian), original price (8 bytes), a 3-byte currency code, then a locale.
 * Checks: the text is valid UTF-8 without control characters, negative
 * amounts start with "-", for known currencies the digits are exactly the
 * amount's; the compact count keeps the sign; the discount is 0 when there
 * is none, else within 0..100 and the exactly rounded percent (within one
 * percent for originals over 10^15 minor units, beyond any decoder's limit).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <jansson.h>
#include <util/dstr.h>

#include "core/lk-money.h"

static void check_text(const char *s)
{
	FUZZ_MUST(s != NULL);
	json_t *j = json_string(s); /* NULL for invalid UTF-8 */
	FUZZ_MUST(j != NULL);
	json_decref(j);
	for (const char *p = s; *p; p++)
		FUZZ_MUST((unsigned char)*p >= 0x20 && *p != 0x7F);
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* Digits of s in order, leading zeros dropped ("" for zero). */
static void digits_of(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && n + 1 < cap; s++)
		if (*s >= '0' && *s <= '9' && (n > 0 || *s != '0'))
			out[n++] = *s;
	out[n] = '\0';
}

static void check_money(int64_t v, const char *currency)
{
	static const char *const known[] = {"CNY", "USD", "EUR", "GBP", "JPY", "KRW"};
	struct dstr out = {0};
	const char *s = lk_money_format(&out, v, currency);

	check_text(s);
	FUZZ_MUST((v < 0) == (s[0] == '-'));
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(currency, known[i]) != 0)
			continue;
		char want[32], got[64];
		snprintf(want, sizeof(want), "%llu", (unsigned long long)magnitude(v));
		digits_of(want, want, sizeof(want));
		digits_of(s, got, sizeof(got));
		FUZZ_MUST(strcmp(want, got) == 0);
	}
	dstr_free(&out);
}

static void check_discount(int64_t price, int64_t original)
{
	int pct = lk_discount_percent(price, original);

	if (original <= 0 || original <= price) {
		FUZZ_MUST(pct == 0);
		return;
	}
	unsigned __int128 b = (unsigned __int128)original;
	unsigned __int128 a = b - (unsigned __int128)(price < 0 ? 0 : price);
	int exact = (int)((a * 200 + b) / (b * 2)); /* round half up */
	FUZZ_MUST(pct >= 0 && pct <= 100);
	if (original <= 1000000000000000LL)
		FUZZ_MUST(pct == exact);
	else
		FUZZ_MUST(pct >= exact - 1 && pct <= exact + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t a = 0, b = 0;
	char currency[4] = "";
	char locale[32] = "";

	if (size >= 8)
		memcpy(&a, data, 8);
	if (size >= 16)
		memcpy(&b, data + 8, 8);
	if (size >= 19) {
		memcpy(currency, data + 16, 3);
		size_t n = size - 19 < sizeof(locale) - 1 ? size - 19 : sizeof(locale) - 1;
		memcpy(locale, data + 19, n);
	}
	check_money(a, currency);
	check_money(b, "USD");
	check_money(a, "JPY");
	check_discount(a, b);

	struct dstr out = {0};
	const char *s = lk_format_count(&out, a, locale);
	check_text(s);
	FUZZ_MUST((a < 0) == (s[0] == '-') && strlen(s) < 32);
	dstr_free(&out);
	FUZZ_MUST(lk_money_decimals(currency) >= 0 && lk_money_decimals(currency) <= 3);
	return 0;
}
