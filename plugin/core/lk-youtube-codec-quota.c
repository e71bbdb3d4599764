/*
 * Linkon — YouTube quota arithmetic: the Pacific day, the budget's gap
 * between calls (see lk-youtube-codec.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-youtube-codec.h"

#define DAY_S 86400

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t year_of_day(int64_t z)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t m = mp + (mp < 10 ? 3 : -9);
	return yoe + era * 400 + (m <= 2);
}

/* The n-th (1-based) Sunday of month m of year y, as a day number. */
static int64_t nth_sunday(int64_t y, int64_t m, int n)
{
	int64_t first = days_from_civil(y, m, 1);
	int64_t wd = floor_div(first + 4, 7) * 7; /* 1970-01-01 was a Thursday (weekday 4) */
	int64_t weekday = first + 4 - wd;         /* 0 = Sunday */
	return first + (7 - weekday) % 7 + 7 * (n - 1);
}

int64_t lk_yt_pacific_offset_s(int64_t unix_s)
{
	int64_t y = year_of_day(floor_div(unix_s - 8 * 3600, DAY_S));
	/* 02:00 PST = 10:00 UTC; 02:00 PDT = 09:00 UTC */
	int64_t start = nth_sunday(y, 3, 2) * DAY_S + 10 * 3600;
	int64_t end = nth_sunday(y, 11, 1) * DAY_S + 9 * 3600;
	return unix_s >= start && unix_s < end ? -7 * 3600 : -8 * 3600;
}

int64_t lk_yt_pacific_day(int64_t unix_s)
{
	return floor_div(unix_s + lk_yt_pacific_offset_s(unix_s), DAY_S);
}

int64_t lk_yt_pacific_next_midnight(int64_t unix_s)
{
	int64_t next_day = lk_yt_pacific_day(unix_s) + 1;
	/* midnight is never inside a DST change (they happen at 02:00): the
	 * offset an hour before that midnight is the one at it */
	int64_t guess = next_day * DAY_S + 8 * 3600;
	return next_day * DAY_S - lk_yt_pacific_offset_s(guess - 3 * 3600);
}

int64_t lk_yt_budget_gap_ms(int64_t units_left, int64_t ms_left, int64_t units_per_call)
{
	if (units_per_call <= 0)
		return 0;
	if (units_left < units_per_call)
		return -1;
	if (ms_left <= 0)
		return 0;
	int64_t calls = units_left / units_per_call;
	return (ms_left + calls - 1) / calls;
}

int64_t lk_yt_units_per_hour(int64_t gap_ms, int64_t units_per_call)
{
	if (gap_ms <= 0)
		return 0;
	return (units_per_call * 3600000 + gap_ms / 2) / gap_ms;
}
