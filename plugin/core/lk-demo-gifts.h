/*
 * Linkon — gifts in the built-in demo shop: a deterministic simulation of
 * the gift feed of a live show, so the gift alerts can be seen working with
 * no account and no server.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * What it sends (all as struct lk_gift_event, TikTok-style cumulative
 * streak counts), one "happening" every gift_every_ms on average:
 *   - single cheap gifts (no streak);
 *   - streaks of a cheap gift that end with an end event;
 *   - streaks whose end event never comes (the alert queue's timeout closes them);
 *   - rare big gifts (a big or a huge tier with the default tiers);
 *   - bursts: many single gifts from different viewers within a second.
 * Pure logic: the caller passes the time. The same seed and the same
 * sequence of calls with the same times give the same events. One thread at
 * a time (the demo connector's worker tick).
 */
#pragma once

#include "lk-gift.h"

#include <stddef.h>
#include <stdint.h>
#include <util/darray.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_DEMO_GIFT_DEFAULT_MS 6000
#define LK_DEMO_GIFT_MIN_MS 200

struct lk_demo_gifts_config {
	uint64_t seed;         /* 0 = a fixed default seed */
	const char *image_dir; /* dir holding gift-rose.png …; NULL = events carry no image */
	int64_t gift_every_ms; /* mean time between happenings; 0 = LK_DEMO_GIFT_DEFAULT_MS; < 0 = off;
				* positive values below LK_DEMO_GIFT_MIN_MS are raised to it */
};

/* Events produced by one step; each owns its strings (buf). */
struct lk_gift_batch {
	DARRAY(struct lk_gift_event) da;
};

void lk_gift_batch_init(struct lk_gift_batch *b);
/* Frees every event and the array; the batch can be reused after. */
void lk_gift_batch_free(struct lk_gift_batch *b);

struct lk_demo_gifts;

struct lk_demo_gifts *lk_demo_gifts_create(const struct lk_demo_gifts_config *cfg);
void lk_demo_gifts_destroy(struct lk_demo_gifts *g);

/* Appends to out every event due in (last call, now_ms], in time order.
 * The first call starts the show at now_ms (its first gift comes after
 * about a second). Times going backwards are treated as the last time. A
 * call more than a minute late (a stalled worker, a suspended PC) replays
 * only the last minute: what was due before it is skipped, so one late call
 * adds a bounded number of events (at most ~13,000 at the fastest rate). */
void lk_demo_gifts_step(struct lk_demo_gifts *g, int64_t now_ms, struct lk_gift_batch *out);
/* Local time of the next event, INT64_MAX when off (or not started: 0). */
int64_t lk_demo_gifts_next_due(const struct lk_demo_gifts *g);

/* The demo's gift catalog (for tests and docs): number of gift types and
 * the unit value of the most expensive one. */
size_t lk_demo_gifts_catalog_size(void);
int64_t lk_demo_gifts_max_value(void);

#ifdef __cplusplus
}
#endif
