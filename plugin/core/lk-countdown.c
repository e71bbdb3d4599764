/*
 * Linkon — flash-sale timer view: countdown text, phase, bar, warning.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-countdown.h"

#include <stdio.h>
#include <string.h>

const char *lk_countdown_format(char *buf, size_t size, int64_t remaining_ms, int64_t span_ms)
{
	if (!buf || !size)
		return "";
	int64_t secs = remaining_ms > 0 ? (remaining_ms + 999) / 1000 : 0;
	int64_t h = secs / 3600, m = secs / 60 % 60, s = secs % 60;
	int n;

	if (h > 0)
		n = snprintf(buf, size, "%lld:%02lld:%02lld", (long long)h, (long long)m, (long long)s);
	else if (span_ms >= 60000)
		n = snprintf(buf, size, "%02lld:%02lld", (long long)m, (long long)s);
	else
		n = snprintf(buf, size, "%lld:%02lld", (long long)m, (long long)s);
	if (n < 0 || (size_t)n >= size)
		buf[0] = '\0';
	return buf;
}

static float share_left(int64_t remaining, int64_t span)
{
	if (span <= 0)
		return remaining > 0 ? 1.0f : 0.0f;
	float f = (float)((double)remaining / (double)span);
	return f < 0.0f ? 0.0f : f > 1.0f ? 1.0f : f;
}

/* Scheduled or pre-roll: the countdown to the start, big in its last part. */
static void compute_waiting(const struct lk_sale *s, int64_t t, const struct lk_countdown_config *cfg,
			    struct lk_countdown *out)
{
	int64_t left = s->start_ms - t;
	out->remaining_ms = left > 0 ? left : 0;
	if (out->state == LK_SALE_PREROLL && s->preroll_ms > 0)
		out->progress = share_left(left, s->preroll_ms);
	else
		out->progress = 1.0f;

	if (out->state == LK_SALE_PREROLL && cfg->big_ms > 0 && left > 0 && left <= cfg->big_ms) {
		int64_t secs = (left + 999) / 1000;
		out->phase = LK_COUNTDOWN_BIG;
		out->big = (int)secs;
		out->big_t = 1.0f - (float)(left - (secs - 1) * 1000) / 1000.0f;
		snprintf(out->text, sizeof(out->text), "%d", out->big);
		return;
	}
	/* a scheduled sale may start far ahead: always two-digit minutes */
	int64_t span = out->state == LK_SALE_PREROLL ? s->preroll_ms : INT64_MAX;
	out->phase = LK_COUNTDOWN_WAITING;
	lk_countdown_format(out->text, sizeof(out->text), left, span);
}

void lk_countdown_compute(const struct lk_sale *s, int64_t t, const struct lk_countdown_config *cfg,
			  struct lk_countdown *out)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return;
	out->state = lk_sale_state_at(s, t, &out->since_ms);

	switch (out->state) {
	case LK_SALE_SCHEDULED:
	case LK_SALE_PREROLL:
		compute_waiting(s, t, cfg, out);
		break;
	case LK_SALE_LIVE: {
		int64_t left = s->end_ms - t;
		out->phase = LK_COUNTDOWN_LIVE;
		out->remaining_ms = left > 0 ? left : 0;
		out->progress = share_left(left, s->end_ms - s->start_ms);
		out->warn = cfg->warn_ms > 0 && left <= cfg->warn_ms;
		lk_countdown_format(out->text, sizeof(out->text), left, s->end_ms - s->start_ms);
		break;
	}
	default: /* ended, sold out, stopped */
		out->phase = t - out->since_ms < cfg->end_text_ms ? LK_COUNTDOWN_END : LK_COUNTDOWN_DONE;
		break;
	}
}

/* Is a better than b for its state (both in that state)? */
static bool better(const struct lk_sale *a, int64_t a_since, const struct lk_sale *b, int64_t b_since,
		   enum lk_sale_state state)
{
	switch (state) {
	case LK_SALE_LIVE:
		return a->start_ms >= b->start_ms;
	case LK_SALE_PREROLL:
	case LK_SALE_SCHEDULED:
		return a->start_ms < b->start_ms;
	default:
		return a_since >= b_since; /* finished last */
	}
}

/* Preference of a sale in state (since platform ms since): lower is better. */
static int rank(enum lk_sale_state state, int64_t t, int64_t since, int64_t hold_ms)
{
	switch (state) {
	case LK_SALE_LIVE:
		return 0;
	case LK_SALE_PREROLL:
		return 1;
	case LK_SALE_SCHEDULED:
		return 3;
	default: /* finished: just now, or long ago */
		return t - since < hold_ms ? 2 : 4;
	}
}

const struct lk_sale *lk_countdown_pick(struct lk_sale *const *sales, size_t n, const char *product_id, int64_t t,
					int64_t hold_ms)
{
	const struct lk_sale *best = NULL;
	int best_rank = 0;
	int64_t best_since = 0;

	if (!product_id || !*product_id)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct lk_sale *s = sales[i];
		if (!s || strcmp(s->product_id, product_id) != 0)
			continue;
		int64_t since = 0;
		enum lk_sale_state state = lk_sale_state_at(s, t, &since);
		int r = rank(state, t, since, hold_ms);
		if (!best || r < best_rank || (r == best_rank && better(s, since, best, best_since, state))) {
			best = s;
			best_rank = r;
			best_since = since;
		}
	}
	return best;
}
