/*
 * Linkon — money and count formatting.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure functions, any thread. Amounts are int64 minor units; every magnitude
 * is handled as uint64 so INT64_MIN formats without overflow.
 *
 * Choices (documented here, asserted by tests/unit/test-money.c):
 * - Currency codes match case-insensitively ("usd" = "USD").
 * - TWD follows ISO 4217 (2 decimals, "NT$1,280.00"): platform APIs send
 *   TWD in cents, so dropping the decimals would hide real amounts.
 * - EUR is written the continental way: "1.234,56 €" with a plain space.
 * - Unknown codes: "1,234.56 XYZ" (the code upper-cased, ASCII letters only,
 *   at most 3); NULL or empty code: the bare number "1,234.56".
 * - Counts: below 1000 as is; then one decimal below 100 of a unit
 *   ("1.2k", "12.3k"), none from 100 up ("123k"); a trailing ".0" is dropped
 *   ("1k", "2M"); halves round up; a value that rounds up to the next unit
 *   moves there (999950 → "1M", never "1000k"). Units: k, M, B, T.
 *   Locales starting with "zh": below 10000 as is, then 万 / 亿 / 万亿 with
 *   the same decimal rule ("1.2万", "12.3万", "123万", "1.2亿"); zh-TW,
 *   zh-HK, zh-MO and zh-Hant use the traditional 萬 / 億 / 萬億.
 */
#include "lk-money.h"

#include <stdbool.h>
#include <string.h>

struct currency_fmt {
	const char *code;
	const char *prefix;
	const char *suffix;
	int decimals;
	char decimal_sep;
	char group_sep;
};

static const struct currency_fmt currencies[] = {
	{"CNY", "¥", "", 2, '.', ','},   {"USD", "$", "", 2, '.', ','},   {"EUR", "", " €", 2, ',', '.'},
	{"GBP", "£", "", 2, '.', ','},   {"JPY", "¥", "", 0, '.', ','},   {"KRW", "₩", "", 0, '.', ','},
	{"HKD", "HK$", "", 2, '.', ','}, {"TWD", "NT$", "", 2, '.', ','}, {"SGD", "S$", "", 2, '.', ','},
	{"AUD", "A$", "", 2, '.', ','},  {"CAD", "CA$", "", 2, '.', ','},
};

/* ISO 4217 codes with other than 2 minor-unit decimals (beyond the table). */
static const char *const zero_decimal_codes[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "KMF", "PYG", "RWF",
						 "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
static const char *const three_decimal_codes[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Empties out without giving its buffer back, then appends start. */
static void reset(struct dstr *out, const char *start)
{
	if (out->array) {
		out->len = 0;
		out->array[0] = '\0';
	}
	dstr_cat(out, start);
}

static bool code_equal(const char *a, const char *b)
{
	for (int i = 0; i < 3; i++) {
		char c = a[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != b[i])
			return false;
	}
	return a[3] == '\0';
}

static const struct currency_fmt *find_currency(const char *code)
{
	if (!code || strlen(code) != 3)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(currencies); i++) {
		if (code_equal(code, currencies[i].code))
			return &currencies[i];
	}
	return NULL;
}

static bool in_list(const char *code, const char *const *list, size_t n)
{
	if (!code || strlen(code) != 3)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (code_equal(code, list[i]))
			return true;
	}
	return false;
}

int lk_money_decimals(const char *currency)
{
	const struct currency_fmt *fmt = find_currency(currency);
	if (fmt)
		return fmt->decimals;
	if (in_list(currency, zero_decimal_codes, ARRAY_LEN(zero_decimal_codes)))
		return 0;
	if (in_list(currency, three_decimal_codes, ARRAY_LEN(three_decimal_codes)))
		return 3;
	return 2;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
}

/* Appends v in decimal with group_sep every three digits (0 = none). */
static void append_grouped(struct dstr *out, uint64_t v, char group_sep)
{
	char digits[32];
	char buf[48];
	int nd = 0, nb = 0;

	do {
		digits[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);

	for (int i = nd - 1; i >= 0; i--) {
		buf[nb++] = digits[i];
		if (group_sep && i > 0 && i % 3 == 0)
			buf[nb++] = group_sep;
	}
	buf[nb] = '\0';
	dstr_cat(out, buf);
}

/* Appends the fraction part: exactly `decimals` digits of frac. */
static void append_fraction(struct dstr *out, uint64_t frac, int decimals)
{
	char buf[24];
	for (int i = decimals - 1; i >= 0; i--) {
		buf[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	buf[decimals] = '\0';
	dstr_cat(out, buf);
}

static void append_unknown_code(struct dstr *out, const char *code)
{
	char buf[5] = {' ', 0, 0, 0, 0};
	int n = 1;
	for (const char *p = code; *p && n < 4; p++) {
		char c = *p;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z')
			buf[n++] = c;
	}
	if (n > 1)
		dstr_cat(out, buf);
}

const char *lk_money_format(struct dstr *out, int64_t minor, const char *currency)
{
	static const struct currency_fmt plain = {"", "", "", 2, '.', ','};
	const struct currency_fmt *fmt = find_currency(currency);
	int decimals = fmt ? fmt->decimals : lk_money_decimals(currency);
	uint64_t mag = magnitude(minor);
	uint64_t scale = 1;

	if (!fmt)
		fmt = &plain;
	for (int i = 0; i < decimals; i++)
		scale *= 10;

	reset(out, minor < 0 ? "-" : "");
	dstr_cat(out, fmt->prefix);
	append_grouped(out, mag / scale, fmt->group_sep);
	if (decimals > 0) {
		dstr_catf(out, "%c", fmt->decimal_sep);
		append_fraction(out, mag % scale, decimals);
	}
	dstr_cat(out, fmt->suffix);
	if (fmt == &plain && currency)
		append_unknown_code(out, currency);
	return out->array;
}

int64_t lk_money_from_units(double units, const char *currency)
{
	double scale = 1.0;

	for (int i = lk_money_decimals(currency); i > 0; i--)
		scale *= 10.0;
	double minor = units * scale; /* inf stays inf; NaN fails both tests below */
	if (!(minor > -(double)LK_MONEY_MAX_MINOR))
		return minor != minor ? 0 : -LK_MONEY_MAX_MINOR;
	if (!(minor < (double)LK_MONEY_MAX_MINOR))
		return LK_MONEY_MAX_MINOR;
	/* |minor| < 1e15 < 2^53 here: the conversion is exact and defined */
	return (int64_t)(minor + (minor >= 0 ? 0.5 : -0.5));
}

/* x * k as a 128-bit number hi:lo (k < 2^32), without a 128-bit type. */
static void mul_small(uint64_t x, uint64_t k, uint64_t *hi, uint64_t *lo)
{
	uint64_t low = (x & 0xffffffffu) * k;
	uint64_t high = (x >> 32) * k + (low >> 32);
	*lo = (high << 32) | (low & 0xffffffffu);
	*hi = high >> 32;
}

int lk_discount_percent(int64_t price, int64_t original)
{
	if (original <= 0 || original <= price)
		return 0;
	if (price < 0)
		price = 0; /* a negative price is nonsense; call it free */

	uint64_t b = (uint64_t)original;
	uint64_t a = b - (uint64_t)price; /* 0 < a <= b, no overflow */

	if (b <= UINT64_MAX / 201)                     /* 200 a + b <= 201 b fits */
		return (int)((a * 200 + b) / (b * 2)); /* round half up */

	/* Huge amounts: the answer p is the largest in 0..100 with
	 * (2p - 1) b <= 200 a, compared exactly in 128 bits. */
	uint64_t a_hi, a_lo;
	mul_small(a, 200, &a_hi, &a_lo);
	int p = 100;
	for (; p > 0; p--) {
		uint64_t b_hi, b_lo;
		mul_small(b, (uint64_t)(2 * p - 1), &b_hi, &b_lo);
		if (b_hi < a_hi || (b_hi == a_hi && b_lo <= a_lo))
			break;
	}
	return p;
}

/* ---- compact counts ------------------------------------------------------ */

struct count_units {
	uint64_t first;       /* values below this are written in full */
	uint64_t ratio;       /* next unit = this unit * ratio */
	const char *names[4]; /* unit names, smallest first */
};

static const struct count_units units_en = {1000, 1000, {"k", "M", "B", "T"}};
static const struct count_units units_zh = {10000, 10000, {"万", "亿", "万亿", NULL}};
static const struct count_units units_zh_hant = {10000, 10000, {"萬", "億", "萬億", NULL}};

static bool starts_with_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return false;
	}
	return true;
}

static const struct count_units *units_for_locale(const char *locale)
{
	if (!locale || !starts_with_ci(locale, "zh"))
		return &units_en;
	if (strstr(locale, "TW") || strstr(locale, "HK") || strstr(locale, "MO") || strstr(locale, "Hant") ||
	    strstr(locale, "tw") || strstr(locale, "hk") || strstr(locale, "hant"))
		return &units_zh_hant;
	return &units_zh;
}

/* v / d rounded half up, for d > 0. */
static uint64_t div_round(uint64_t v, uint64_t d)
{
	uint64_t q = v / d, r = v % d;
	return (r >= d - r) ? q + 1 : q;
}

static void append_scaled(struct dstr *out, uint64_t mag, const struct count_units *u)
{
	uint64_t unit = u->first;

	for (int i = 0; i < 4 && u->names[i]; i++) {
		bool last = i == 3 || !u->names[i + 1];
		uint64_t tenths = div_round(mag, unit / 10);
		if (tenths < 1000) { /* below 100 units: one decimal */
			dstr_catf(out, "%llu", (unsigned long long)(tenths / 10));
			if (tenths % 10)
				dstr_catf(out, ".%d", (int)(tenths % 10));
			dstr_cat(out, u->names[i]);
			return;
		}
		uint64_t whole = div_round(mag, unit);
		if (whole < u->ratio || last) {
			dstr_catf(out, "%llu%s", (unsigned long long)whole, u->names[i]);
			return;
		}
		unit *= u->ratio;
	}
}

const char *lk_format_count(struct dstr *out, int64_t n, const char *locale)
{
	const struct count_units *u = units_for_locale(locale);
	uint64_t mag = magnitude(n);

	reset(out, n < 0 ? "-" : "");
	if (mag < u->first)
		dstr_catf(out, "%llu", (unsigned long long)mag);
	else
		append_scaled(out, mag, u);
	return out->array;
}
