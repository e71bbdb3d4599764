/*
 * Linkon — orders.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-order.h"

#include "lk-money.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

struct lk_order *lk_order_new(const char *id)
{
	struct lk_order *o = bzalloc(sizeof(*o));

	o->id = bstrdup(id ? id : "");
	o->total = -1;
	return o;
}

void lk_order_free(struct lk_order *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->num_items; i++)
		bfree(o->items[i].product_id);
	bfree(o->items);
	bfree(o->id);
	bfree(o->buyer);
	bfree(o->pinned_id);
	bfree(o->source);
	bfree(o);
}

struct lk_order *lk_order_copy(const struct lk_order *o)
{
	if (!o)
		return NULL;

	struct lk_order *c = lk_order_new(o->id);
	c->time_ms = o->time_ms;
	c->total = o->total;
	memcpy(c->currency, o->currency, sizeof(c->currency));
	c->buyer = bstrdup(o->buyer);
	c->pinned_id = bstrdup(o->pinned_id);
	c->source = bstrdup(o->source);
	for (size_t i = 0; i < o->num_items; i++)
		lk_order_add_item(c, o->items[i].product_id, o->items[i].quantity, o->items[i].unit_price);
	return c;
}

void lk_order_add_item(struct lk_order *o, const char *product_id, int64_t quantity, int64_t unit_price)
{
	o->items = brealloc(o->items, (o->num_items + 1) * sizeof(*o->items));
	struct lk_order_item *it = &o->items[o->num_items++];
	it->product_id = bstrdup(product_id ? product_id : "");
	it->quantity = quantity;
	it->unit_price = unit_price;
}

void lk_order_set_str(char **field, const char *value)
{
	char *copy = bstrdup(value);
	bfree(*field);
	*field = copy;
}

void lk_order_set_currency(struct lk_order *o, const char *code)
{
	size_t n = 0;

	for (; code && code[n] && n < 3; n++)
		o->currency[n] = (char)toupper((unsigned char)code[n]);
	o->currency[n] = 0;
}

int64_t lk_order_units(const struct lk_order *o)
{
	int64_t units = 0;

	for (size_t i = 0; i < o->num_items; i++)
		units += o->items[i].quantity;
	return units;
}

int64_t lk_order_total(const struct lk_order *o)
{
	if (o->total >= 0)
		return o->total;

	int64_t sum = 0;
	for (size_t i = 0; i < o->num_items; i++)
		sum += o->items[i].quantity * o->items[i].unit_price;
	return sum;
}

static bool item_check(const struct lk_order_item *it, size_t i, char *err, size_t err_size)
{
	if (!it->product_id || !it->product_id[0]) {
		snprintf(err, err_size, "items[%zu].productId: required", i);
		return false;
	}
	if (it->quantity < 1 || it->quantity > LK_ORDER_MAX_QUANTITY) {
		snprintf(err, err_size, "items[%zu].quantity: must be 1..%d", i, LK_ORDER_MAX_QUANTITY);
		return false;
	}
	/* quantity * price stays below INT64_MAX with both caps */
	if (it->unit_price < 0 || it->unit_price > LK_MONEY_MAX_MINOR / LK_ORDER_MAX_QUANTITY) {
		snprintf(err, err_size, "items[%zu].unitPrice: out of range", i);
		return false;
	}
	return true;
}

bool lk_order_check(const struct lk_order *o, char *err, size_t err_size)
{
	if (!o || !o->id || !o->id[0]) {
		snprintf(err, err_size, "id: required");
		return false;
	}
	if (o->num_items < 1 || o->num_items > LK_ORDER_MAX_ITEMS) {
		snprintf(err, err_size, "items: 1..%d items required", LK_ORDER_MAX_ITEMS);
		return false;
	}
	for (size_t i = 0; i < o->num_items; i++) {
		if (!item_check(&o->items[i], i, err, err_size))
			return false;
	}
	if (o->total > LK_MONEY_MAX_MINOR || lk_order_total(o) > LK_MONEY_MAX_MINOR) {
		snprintf(err, err_size, "total: out of range");
		return false;
	}
	return true;
}
