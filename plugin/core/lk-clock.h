/*
 * Linkon — the platform clock: maps local monotonic time to platform time.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Flash sales carry absolute platform times. The platform's clock and this
 * PC's clock differ, so Linkon keeps an offset (platform ≈ local + offset)
 * estimated from server-time samples. Only the local MONOTONIC clock
 * (lk_now_ms) is ever used: the wall clock may jump (NTP, the user, a
 * suspend) and that must not move a countdown.
 *
 * A sample is one request/response: the local time the request was sent,
 * the local time the response arrived, and the server time in the response.
 * The server stamped it somewhere within that round trip, so the sample's
 * offset is server - midpoint, give or take rtt / 2.
 *
 * The estimator (struct lk_clock, one writer):
 * - rejects samples with a negative round trip or one over LK_CLOCK_MAX_RTT_MS;
 * - keeps the last LK_CLOCK_WINDOW accepted samples (none older than
 *   LK_CLOCK_MAX_AGE_MS before the newest); the estimate is the offset of the
 *   window's lowest-RTT sample (ties: the newer one);
 * - an outlier is a sample that disagrees with the estimate by more than
 *   LK_CLOCK_STEP_MS beyond both samples' rtt / 2. It is held back, not
 *   used. Only when LK_CLOCK_CONFIRM outliers in a row agree with each other
 *   (within LK_CLOCK_AGREE_MS beyond their rtt / 2) do they replace the window:
 *   the platform's clock really did move (or the first estimate was wrong).
 *   Any ordinary sample in between drops the held-back ones;
 * - the mapping never jumps by a visible amount for a small correction: when
 *   the estimate moves by at most LK_CLOCK_STEP_MS, the offset slews towards
 *   it at LK_CLOCK_SLEW_MS_PER_S ms per second of local time (platform time
 *   then runs at 95 %…105 % speed, and never backwards); only a correction of
 *   more than LK_CLOCK_STEP_MS steps at once. The very first sample steps.
 *
 * Servers that only give the HTTP Date header (whole seconds) should pass
 * the Date value + 500 ms: the true time lies anywhere in that second.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_CLOCK_WINDOW 8
#define LK_CLOCK_MAX_RTT_MS 10000
#define LK_CLOCK_MAX_AGE_MS 600000
#define LK_CLOCK_STEP_MS 2000
#define LK_CLOCK_SLEW_MS_PER_S 50
#define LK_CLOCK_CONFIRM 3
#define LK_CLOCK_AGREE_MS 1000

/* The mapping at one moment: an immutable value, copied into snapshots.
 * Offset is from_ms until slew_start_ms, then moves towards to_ms by
 * LK_CLOCK_SLEW_MS_PER_S per second and stays there. Pure functions, any
 * thread. */
struct lk_clock_map {
	bool known;            /* false: no sample yet, platform time = local time */
	int64_t from_ms;       /* offset at (and before) slew_start_ms */
	int64_t to_ms;         /* offset the slew converges to (the estimate) */
	int64_t slew_start_ms; /* local monotonic ms */
};

/* Offset (platform - local) at local_ms; 0 when not known. */
int64_t lk_clock_map_offset(const struct lk_clock_map *map, int64_t local_ms);
/* Platform ms at local_ms (local_ms itself when not known or map is NULL). */
int64_t lk_clock_map_platform(const struct lk_clock_map *map, int64_t local_ms);
/* The first local ms at which platform time reaches platform_ms: when a
 * countdown to platform_ms ends in local monotonic time. */
int64_t lk_clock_map_local(const struct lk_clock_map *map, int64_t platform_ms);
bool lk_clock_map_equal(const struct lk_clock_map *a, const struct lk_clock_map *b);

struct lk_clock_sample {
	int64_t server_ms; /* platform time in the response */
	int64_t send_ms;   /* local monotonic ms the request left */
	int64_t recv_ms;   /* local monotonic ms the response arrived */
};

/* What a sample did. */
enum lk_clock_result {
	LK_CLOCK_REJECTED = 0, /* unusable round trip: ignored */
	LK_CLOCK_HELD,         /* outlier, held back until confirmed */
	LK_CLOCK_KEPT,         /* accepted; the estimate did not move */
	LK_CLOCK_SLEWED,       /* the estimate moved a little: slewing towards it */
	LK_CLOCK_STEPPED,      /* first sample, or a confirmed correction > LK_CLOCK_STEP_MS */
};

/* The estimator. A plain value (no heap); one thread at a time (the store's
 * writer owns one). Zero-initialised = lk_clock_init. */
struct lk_clock {
	struct lk_clock_map map;
	struct lk_clock_sample window[LK_CLOCK_WINDOW]; /* oldest first, num used */
	size_t num;
	struct lk_clock_sample held[LK_CLOCK_CONFIRM]; /* outliers in a row */
	size_t num_held;
};

void lk_clock_init(struct lk_clock *clock);
/* Feeds one sample; clock->map is the new mapping afterwards. */
enum lk_clock_result lk_clock_add(struct lk_clock *clock, const struct lk_clock_sample *sample);

#ifdef __cplusplus
}
#endif
