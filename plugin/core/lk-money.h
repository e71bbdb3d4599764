/*
 * Linkon — money and count formatting. Pure functions, any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdint.h>
#include <util/dstr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Number of minor-unit decimals for an ISO 4217 code (JPY, KRW: 0; most: 2).
 * Unknown codes: 2. */
int lk_money_decimals(const char *currency);

/* Formats an amount in minor units the way shoppers of that currency read
 * it: CNY "¥99.00", USD "$12.99", EUR "12,99 €", GBP "£8.50", JPY "¥1,280",
 * KRW "₩15,000". Unknown codes: "12.99 XYZ". Negative amounts get a leading
 * "-". Writes into out (replacing its content) and returns out->array. */
const char *lk_money_format(struct dstr *out, int64_t minor, const char *currency);

/* The largest amount in minor units Linkon handles (the decoders' cap). */
#define LK_MONEY_MAX_MINOR 1000000000000000LL

/* An amount in major units (a typed or saved price such as 12.99) as minor
 * units of currency, rounded half away from zero and clamped to
 * +-LK_MONEY_MAX_MINOR; NaN gives 0. Defined for every double. */
int64_t lk_money_from_units(double units, const char *currency);

/* Percent off of price vs original, rounded to nearest whole percent,
 * 0 when there is no discount (original <= price or original <= 0). */
int lk_discount_percent(int64_t price, int64_t original);

/* Compact count for sold numbers: 999 → "999", 1234 → "1.2k", 1250000 → "1.3M".
 * For a locale starting with "zh": 12345 → "1.2万", 123456789 → "1.2亿".
 * Writes into out (replacing) and returns out->array. */
const char *lk_format_count(struct dstr *out, int64_t n, const char *locale);

#ifdef __cplusplus
}
#endif
