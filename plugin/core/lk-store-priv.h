/*
 * Linkon — store internals shared by lk-store.c and lk-store-sales.c. Not a
 * public contract: nothing outside the store includes this.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * All functions run on the store's writer (write_mutex held), except
 * lk_store_sales_release(), which runs wherever the last snapshot reference
 * is dropped.
 */
#pragma once

#include "lk-store.h"

/* Most sales a snapshot keeps; beyond it the longest-finished one is dropped. */
#define LK_STORE_MAX_SALES 32

/* The sales part of a snapshot while it is being built. */
struct lk_sales_draft {
	DARRAY(struct lk_sale *) sales; /* owned references */
	struct lk_sale *current;        /* borrowed from sales */
	uint64_t seq;                   /* snapshot sales_seq */
};

void lk_sales_draft_init(struct lk_sales_draft *sd, const struct lk_snapshot *cur);
void lk_sales_draft_free(struct lk_sales_draft *sd);
bool lk_sales_draft_changed(const struct lk_sales_draft *sd, const struct lk_snapshot *cur);
/* Moves the draft's sales into snapshot s and empties the draft. */
void lk_sales_draft_move(struct lk_sales_draft *sd, struct lk_snapshot *s);

/* Events; now is platform ms. */
void lk_sales_draft_put(struct lk_sales_draft *sd, const struct lk_sale *sale, int64_t now);
void lk_sales_draft_stop(struct lk_sales_draft *sd, const char *id, int64_t at_ms, int64_t now);
void lk_sales_draft_stock(struct lk_sales_draft *sd, const char *id, int64_t stock_left, int64_t now);

/* Brings every unfinished sale's state up to platform time now (a product
 * with stock 0 sells out its live sale) and picks the current sale. */
void lk_sales_draft_update(struct lk_sales_draft *sd, struct lk_product *const *products, size_t num_products,
			   int64_t now);
/* Would lk_sales_draft_update change anything in cur at platform time now? */
bool lk_sales_due(const struct lk_snapshot *cur, int64_t now);

/* Drops the snapshot's sale references (snapshot teardown). */
void lk_store_sales_release(struct lk_snapshot *snap);
