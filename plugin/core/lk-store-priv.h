/*
 * Linkon — store internals shared by lk-store.c, lk-store-catalog.c and
 * lk-store-sales.c. Not a
 * public contract: nothing outside the store includes this.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * All functions run on the store's writer (write_mutex held), except
 * lk_store_catalog_release() and lk_store_sales_release(), which run
 * wherever the last snapshot reference is dropped, and lk_catalog_find(),
 * which runs on any thread holding the catalog's snapshot.
 */
#pragma once

#include "lk-id-index.h"
#include "lk-store.h"

/* The catalog part of a snapshot while it is being built (lk-store-catalog.c). */
struct lk_catalog_draft {
	DARRAY(struct lk_product *) products; /* owned references; NULL = removed in this apply */
	struct lk_id_index *index;            /* ids of products; owned reference, shared until written */
	DARRAY(size_t) cart;                  /* positions in products, in slot order */
	size_t pinned;                        /* position in products, DARRAY_INVALID = none */
	size_t removed;                       /* NULL entries in products */
};

void lk_catalog_draft_init(struct lk_catalog_draft *cd, const struct lk_snapshot *cur);
void lk_catalog_draft_free(struct lk_catalog_draft *cd);
/* Position of the product with that id, or DARRAY_INVALID. */
size_t lk_catalog_draft_find(const struct lk_catalog_draft *cd, const char *id);
/* Drops removed entries (positions change); call after the events. */
void lk_catalog_draft_compact(struct lk_catalog_draft *cd);
/* After lk_catalog_draft_compact: does the draft differ from cur? */
bool lk_catalog_draft_changed(const struct lk_catalog_draft *cd, const struct lk_snapshot *cur);
/* After lk_catalog_draft_compact: moves products, index, cart and pin into s. */
void lk_catalog_draft_move(struct lk_catalog_draft *cd, struct lk_snapshot *s);

/* Events (see lk-store.h); products are borrowed (references added). */
void lk_catalog_draft_set(struct lk_catalog_draft *cd, struct lk_product *const *products, size_t n);
void lk_catalog_draft_put(struct lk_catalog_draft *cd, struct lk_product *p);
void lk_catalog_draft_remove(struct lk_catalog_draft *cd, const char *id);
void lk_catalog_draft_stock(struct lk_catalog_draft *cd, const char *id, int64_t stock, int64_t sold);
void lk_catalog_draft_cart(struct lk_catalog_draft *cd, char *const *ids, size_t n);
/* id NULL unpins; false: no product with that id (the pin is left as it is). */
bool lk_catalog_draft_pin(struct lk_catalog_draft *cd, const char *id);

/* Products with their id index, for lookups by id (index NULL: a scan). */
struct lk_catalog {
	struct lk_product *const *products;
	size_t num;
	const struct lk_id_index *index;
};

/* Borrowed product with that id, or NULL. */
const struct lk_product *lk_catalog_find(const struct lk_catalog *cat, const char *id);
/* Drops the snapshot's products, cart and index (snapshot teardown). */
void lk_store_catalog_release(struct lk_snapshot *snap);

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
void lk_sales_draft_update(struct lk_sales_draft *sd, const struct lk_catalog *cat, int64_t now);
/* Would lk_sales_draft_update change anything in cur at platform time now? */
bool lk_sales_due(const struct lk_snapshot *cur, int64_t now);

/* Drops the snapshot's sale references (snapshot teardown). */
void lk_store_sales_release(struct lk_snapshot *snap);
