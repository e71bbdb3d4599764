/*
 * Linkon — which price a product shows at a moment: its regular price, or
 * the sale price while one of its flash sales is live. The product card,
 * the cart list and the flash-sale timer all take their prices from here,
 * so viewers never see two prices for one product. Pure functions (no gs_*,
 * no obs_source_*): any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A product p at platform time t (lk_sale_state_at of each of its sales):
 *
 *   no live sale (none, scheduled, pre-roll, ended, sold out, stopped)
 *       price p->price, struck p->original_price if higher, stock p->stock
 *   a live sale s
 *       price s->sale_price, struck max(p->price, p->original_price) if
 *       higher than the sale price; with a stock limit, stock s->stock_left
 *       of s->stock_limit, else the product's stock
 *
 * The discount badge is always computed from the price and the struck
 * price, so a "sale" above the regular price shows no badge and nothing
 * struck.
 */
#pragma once

#include "lk-product.h"
#include "lk-sale.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_price_view {
	const struct lk_sale *sale; /* the sale whose price applies (borrowed), NULL = regular prices */
	int64_t price;              /* shown as the price (minor units) */
	int64_t was;                /* struck-through price, 0 = none (never at or below price) */
	int discount;               /* percent off price vs was (lk_discount_percent), 0 = no badge */
	int64_t stock;              /* units left to show, or LK_STOCK_UNKNOWN */
	int64_t stock_total;        /* the whole of stock for a bar, 0 = unknown */
};

/* The live sale of product_id among sales[0..n) at platform time t (the
 * latest start if several are live, like lk_countdown_pick); borrowed from
 * sales, NULL if none (or product_id is NULL/""). */
const struct lk_sale *lk_price_live_sale(struct lk_sale *const *sales, size_t n, const char *product_id, int64_t t);

/* Platform ms after t at which a price among sales[0..n) may next change
 * by time alone (one of the sales begins pre-roll, goes live, ends, or a
 * future sell-out or stop takes effect: lk_sale_next_change); INT64_MAX if
 * none. A source showing prices asks lk_price_live_sale again then (and on
 * every new snapshot), not every frame. */
int64_t lk_price_next_change(struct lk_sale *const *sales, size_t n, int64_t t);

/* The prices of p under sale s whatever s's state (the timer shows a sale's
 * prices before and after it runs); s NULL = regular prices. p may be NULL
 * (a sale of a product not in the catalog): then only the sale's price and
 * stock, nothing struck. Both NULL: all zero, stock unknown. */
void lk_price_with_sale(const struct lk_product *p, const struct lk_sale *s, struct lk_price_view *out);

/* What p shows at platform time t: lk_price_with_sale with its live sale
 * among sales[0..n), or regular prices. */
void lk_price_at(const struct lk_product *p, struct lk_sale *const *sales, size_t n, int64_t t,
		 struct lk_price_view *out);

#ifdef __cplusplus
}
#endif
