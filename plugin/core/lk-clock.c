/*
 * Linkon — the platform clock offset estimator (see lk-clock.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure integer arithmetic on local monotonic ms; no clock is read here.
 */
#include "lk-clock.h"

#include <string.h>

static int64_t abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

/* ---- the mapping ---------------------------------------------------------- */

int64_t lk_clock_map_offset(const struct lk_clock_map *map, int64_t local_ms)
{
	if (!map || !map->known)
		return 0;
	if (local_ms <= map->slew_start_ms || map->from_ms == map->to_ms)
		return map->from_ms;

	int64_t dist = abs64(map->to_ms - map->from_ms);
	int64_t elapsed = local_ms - map->slew_start_ms;
	/* past this the slew is done; also keeps the product below from overflowing */
	if (elapsed >= dist * (1000 / LK_CLOCK_SLEW_MS_PER_S) + 1000)
		return map->to_ms;

	int64_t moved = elapsed * LK_CLOCK_SLEW_MS_PER_S / 1000;
	if (moved >= dist)
		return map->to_ms;
	return map->to_ms > map->from_ms ? map->from_ms + moved : map->from_ms - moved;
}

int64_t lk_clock_map_platform(const struct lk_clock_map *map, int64_t local_ms)
{
	return local_ms + lk_clock_map_offset(map, local_ms);
}

/* Platform time is non-decreasing in local time (the offset changes by at
 * most 1 ms per 20 ms), so a binary search finds the first local ms. */
int64_t lk_clock_map_local(const struct lk_clock_map *map, int64_t platform_ms)
{
	if (!map || !map->known)
		return platform_ms;

	int64_t hi_off = map->from_ms > map->to_ms ? map->from_ms : map->to_ms;
	int64_t lo_off = map->from_ms < map->to_ms ? map->from_ms : map->to_ms;
	int64_t lo = platform_ms - hi_off - 1; /* platform(lo) < platform_ms */
	int64_t hi = platform_ms - lo_off;     /* platform(hi) >= platform_ms */

	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (lk_clock_map_platform(map, mid) >= platform_ms)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

bool lk_clock_map_equal(const struct lk_clock_map *a, const struct lk_clock_map *b)
{
	if (a->known != b->known)
		return false;
	if (!a->known)
		return true;
	return a->from_ms == b->from_ms && a->to_ms == b->to_ms &&
	       (a->from_ms == a->to_ms || a->slew_start_ms == b->slew_start_ms);
}

/* ---- samples -------------------------------------------------------------- */

static int64_t sample_rtt(const struct lk_clock_sample *s)
{
	return s->recv_ms - s->send_ms;
}

static int64_t sample_offset(const struct lk_clock_sample *s)
{
	return s->server_ms - (s->send_ms + sample_rtt(s) / 2);
}

/* Do two samples tell the same offset, within their uncertainty + slack? */
static bool samples_agree(const struct lk_clock_sample *a, const struct lk_clock_sample *b, int64_t slack)
{
	int64_t diff = abs64(sample_offset(a) - sample_offset(b));
	return diff <= slack + sample_rtt(a) / 2 + sample_rtt(b) / 2;
}

void lk_clock_init(struct lk_clock *clock)
{
	memset(clock, 0, sizeof(*clock));
}

/* Drops window samples older than LK_CLOCK_MAX_AGE_MS before newest_ms. */
static void prune_window(struct lk_clock *clock, int64_t newest_ms)
{
	size_t keep = 0;

	for (size_t i = 0; i < clock->num; i++) {
		if (clock->window[i].recv_ms >= newest_ms - LK_CLOCK_MAX_AGE_MS)
			clock->window[keep++] = clock->window[i];
	}
	clock->num = keep;
}

static void push_window(struct lk_clock *clock, const struct lk_clock_sample *s)
{
	if (clock->num == LK_CLOCK_WINDOW) {
		memmove(clock->window, clock->window + 1, (LK_CLOCK_WINDOW - 1) * sizeof(*s));
		clock->num--;
	}
	clock->window[clock->num++] = *s;
}

/* The window's lowest-RTT sample (the newest of equals); NULL if empty. */
static const struct lk_clock_sample *best_sample(const struct lk_clock *clock)
{
	const struct lk_clock_sample *best = NULL;

	for (size_t i = 0; i < clock->num; i++) {
		const struct lk_clock_sample *s = &clock->window[i];
		if (!best || sample_rtt(s) < sample_rtt(best) ||
		    (sample_rtt(s) == sample_rtt(best) && s->recv_ms >= best->recv_ms))
			best = s;
	}
	return best;
}

/* Is s an outlier against the current estimate? */
static bool is_outlier(const struct lk_clock *clock, const struct lk_clock_sample *s)
{
	const struct lk_clock_sample *best = best_sample(clock);

	if (best)
		return !samples_agree(s, best, LK_CLOCK_STEP_MS);
	/* window aged out: compare with where the mapping is heading */
	return abs64(sample_offset(s) - clock->map.to_ms) > LK_CLOCK_STEP_MS + sample_rtt(s) / 2;
}

/* Points the mapping at the window's estimate, slewing or stepping. */
static enum lk_clock_result retarget(struct lk_clock *clock, int64_t now_ms)
{
	struct lk_clock_map *map = &clock->map;
	int64_t target = sample_offset(best_sample(clock));

	if (target == map->to_ms)
		return LK_CLOCK_KEPT;

	int64_t at = now_ms > map->slew_start_ms ? now_ms : map->slew_start_ms;
	int64_t current = lk_clock_map_offset(map, at);
	map->slew_start_ms = at;
	map->to_ms = target;
	if (abs64(target - current) > LK_CLOCK_STEP_MS) {
		map->from_ms = target;
		return LK_CLOCK_STEPPED;
	}
	map->from_ms = current;
	return LK_CLOCK_SLEWED;
}

/* An outlier: held back; LK_CLOCK_CONFIRM agreeing ones replace the window. */
static enum lk_clock_result hold(struct lk_clock *clock, const struct lk_clock_sample *s)
{
	if (clock->num_held > 0 && !samples_agree(&clock->held[0], s, LK_CLOCK_AGREE_MS))
		clock->num_held = 0;
	clock->held[clock->num_held++] = *s;
	if (clock->num_held < LK_CLOCK_CONFIRM)
		return LK_CLOCK_HELD;

	memcpy(clock->window, clock->held, sizeof(clock->held));
	clock->num = LK_CLOCK_CONFIRM;
	clock->num_held = 0;
	return retarget(clock, s->recv_ms);
}

enum lk_clock_result lk_clock_add(struct lk_clock *clock, const struct lk_clock_sample *s)
{
	if (s->send_ms > s->recv_ms || sample_rtt(s) > LK_CLOCK_MAX_RTT_MS)
		return LK_CLOCK_REJECTED;

	if (!clock->map.known) {
		int64_t off = sample_offset(s);
		clock->window[0] = *s;
		clock->num = 1;
		clock->map =
			(struct lk_clock_map){.known = true, .from_ms = off, .to_ms = off, .slew_start_ms = s->recv_ms};
		return LK_CLOCK_STEPPED;
	}

	prune_window(clock, s->recv_ms);
	if (is_outlier(clock, s))
		return hold(clock, s);

	clock->num_held = 0;
	push_window(clock, s);
	return retarget(clock, s->recv_ms);
}
