/*
 * Linkon — what the sales sources read from the store's snapshots: new
 * orders for the ticker, a goal's progress for the goal bar. Tick (the
 * graphics thread) only: no locks beyond taking a snapshot reference.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-source-common.h"
#include "lk-ticker.h"

#include <obs-module.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The snapshot a sales source follows and the last order it has seen. */
struct lk_sales_follow {
	struct lk_snap_follow snap;
	obs_source_t *source;
	uint64_t orders_seq; /* the snapshot's orders_seq last taken */
	bool primed;         /* false until the first snapshot: orders before it are history */
};

void lk_sales_follow_init(struct lk_sales_follow *f, obs_source_t *source);
void lk_sales_follow_free(struct lk_sales_follow *f);
/* Takes the newest snapshot if the store moved; true if it did. */
bool lk_sales_follow_update(struct lk_sales_follow *f);
/* The orders placed since the last call, oldest first, as ticker items
 * (*out bmalloc'd, each item to be cleared). Orders that were already in
 * the first snapshot the source saw are not returned (no replay of the
 * show's history when a scene loads). */
size_t lk_sales_follow_orders(struct lk_sales_follow *f, struct lk_ticker_item **out);

/* What a goal measures. */
enum lk_goal_metric {
	LK_GOAL_GMV = 0,
	LK_GOAL_UNITS,
	LK_GOAL_ORDERS,
	LK_GOAL_GIFT_VALUE,
	LK_GOAL_LIKES,
	LK_GOAL_METRIC_COUNT
};

/* "gmv", "units", "orders", "gift_value", "likes". */
const char *lk_goal_metric_name(enum lk_goal_metric m);
enum lk_goal_metric lk_goal_metric_parse(const char *s);
/* true when amounts are money in minor units of a currency. */
bool lk_goal_metric_is_money(enum lk_goal_metric m);

/* A goal as the bar shows it. */
struct lk_goal_progress {
	bool known;          /* the snapshot has this goal */
	int64_t current;     /* minor units for money */
	int64_t target;      /* > 0 when known */
	char currency[8];    /* ISO 4217 for money, "" otherwise */
	int64_t reached_ms;  /* store's time it was reached; 0 = not yet */
	uint64_t reached_seq;/* changes whenever the goal is reached again (a new target) */
};

/* The progress of the goal with this metric (product_id: units of one
 * product, NULL/"" = the show) in the followed snapshot. */
bool lk_sales_goal_progress(const struct lk_sales_follow *f, enum lk_goal_metric metric, const char *product_id,
			    struct lk_goal_progress *out);

#ifdef __cplusplus
}
#endif

#ifdef __cplusplus
extern "C" {
#endif
/* Sets the goal of metric (product_id: one product's units) to target
 * (major units for money) in the store, through the controller. The text
 * worker or the UI thread, never the graphics thread. Returns false (and
 * logs why) if the controller refused it. */
bool lk_sales_goal_request(obs_source_t *source, enum lk_goal_metric metric, const char *product_id, double target,
			   const char *title);
#ifdef __cplusplus
}
#endif
