/*
 * Linkon — which price a product shows at a moment (see lk-price.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-price.h"
#include "lk-money.h"

#include <string.h>

const struct lk_sale *lk_price_live_sale(struct lk_sale *const *sales, size_t n, const char *product_id, int64_t t)
{
	const struct lk_sale *best = NULL;

	if (!sales || !product_id || !*product_id)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct lk_sale *s = sales[i];
		if (!s || strcmp(s->product_id, product_id) != 0)
			continue;
		if (lk_sale_state_at(s, t, NULL) != LK_SALE_LIVE)
			continue;
		if (!best || s->start_ms >= best->start_ms)
			best = s;
	}
	return best;
}

int64_t lk_price_next_change(struct lk_sale *const *sales, size_t n, int64_t t)
{
	int64_t next = INT64_MAX;

	for (size_t i = 0; sales && i < n; i++) {
		int64_t at = sales[i] ? lk_sale_next_change(sales[i], t) : INT64_MAX;
		if (at < next)
			next = at;
	}
	return next;
}

static void regular_prices(const struct lk_product *p, struct lk_price_view *out)
{
	out->price = p->price;
	out->was = p->original_price > p->price ? p->original_price : 0;
	out->stock = p->stock;
	out->stock_total = p->stock_total;
}

static void sale_prices(const struct lk_product *p, const struct lk_sale *s, struct lk_price_view *out)
{
	int64_t regular = 0;

	out->sale = s;
	out->price = s->sale_price;
	if (p)
		regular = p->original_price > p->price ? p->original_price : p->price;
	out->was = regular > s->sale_price ? regular : 0;
	if (s->stock_limit != LK_SALE_NO_LIMIT) {
		out->stock = s->stock_left > 0 ? s->stock_left : 0;
		out->stock_total = s->stock_limit;
	} else if (p) {
		out->stock = p->stock;
		out->stock_total = p->stock_total;
	}
}

void lk_price_with_sale(const struct lk_product *p, const struct lk_sale *s, struct lk_price_view *out)
{
	memset(out, 0, sizeof(*out));
	out->stock = LK_STOCK_UNKNOWN;
	if (s)
		sale_prices(p, s, out);
	else if (p)
		regular_prices(p, out);
	out->discount = out->was ? lk_discount_percent(out->price, out->was) : 0;
}

void lk_price_at(const struct lk_product *p, struct lk_sale *const *sales, size_t n, int64_t t,
		 struct lk_price_view *out)
{
	const struct lk_sale *s = p ? lk_price_live_sale(sales, n, p->id, t) : NULL;
	lk_price_with_sale(p, s, out);
}
