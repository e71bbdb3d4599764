/*
 * Linkon — what the sales sources read from the store's snapshots (the
 * show view, lk-show.h): new orders for the ticker, a goal for the goal
 * bar; and the goal a goal bar sets. Follow functions: tick (the graphics
 * thread) only, no locks beyond taking a snapshot reference.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-show.h"
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
	uint64_t orders_seq; /* the show view's orders_seq last taken */
	bool primed;         /* false until the first snapshot: orders before it are history */
};

/* The store a sales source reads (the one place the sales sources ask for
 * it). Any thread. */
struct lk_store *lk_sales_store(obs_source_t *source);

void lk_sales_follow_init(struct lk_sales_follow *f, obs_source_t *source);
void lk_sales_follow_free(struct lk_sales_follow *f);
/* Takes the newest snapshot if the store moved; true if it did. */
bool lk_sales_follow_update(struct lk_sales_follow *f);
/* The show view of the followed snapshot (borrowed), NULL before any. */
const struct lk_show_view *lk_sales_follow_show(const struct lk_sales_follow *f);
/* The orders placed since the last call, oldest first, as ticker items
 * (*out bmalloc'd, each item to be cleared; buyer NULL = anonymous). Orders
 * that were already in the first snapshot the source saw are not returned
 * (no replay of the show's history when a scene loads). */
size_t lk_sales_follow_orders(struct lk_sales_follow *f, struct lk_ticker_item **out);

/* The id of a goal bar's goal: "gmv", "units", "units:<product id>",
 * "orders", "gifts", "likes". Writes into buf, returns it. */
const char *lk_sales_goal_id(char *buf, size_t size, enum lk_goal_kind kind, const char *product_id);

/* A goal bar's goal, as its properties give it. */
struct lk_sales_goal_request {
	enum lk_goal_kind kind;
	const char *product_id; /* LK_GOAL_UNITS of one product; NULL = the show */
	const char *title;      /* NULL = none */
	const char *currency;   /* LK_GOAL_GMV; NULL/"" = the show's first currency, else the catalog's
	                           (of store, when given) */
	struct lk_store *store; /* for that default currency; may be NULL */
	double target;          /* > 0; major units for money */
	bool auto_next;
	int step_percent; /* auto_next: the next target is this much higher */
};

/* Sets the goal in the store through the controller (replacing the goal
 * with the same id). The text worker, the command thread or the UI thread,
 * never the graphics thread. false (logged, and the reason in *error when
 * error is not NULL: valid until this thread's next controller call) if
 * refused. */
bool lk_sales_goal_set(const struct lk_sales_goal_request *req, const char **error);

#ifdef __cplusplus
}
#endif
