/*
 * Linkon — orders as JSON: the bridge protocol's `order` event and the
 * show journal's order records share this one decoder.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-order.h"

#include "lk-bridge-codec-priv.h"
#include "lk-money.h"
#include "lk-redact.h"

#include <string.h>
#include <util/bmem.h>

/* Unix ms up to the year 3000 */
#define ORDER_MAX_TIME_MS 32503680000000LL

static bool get_buyer(const json_t *o, struct lk_order *order, char *err, size_t err_size)
{
	const json_t *b = json_object_get(o, "buyer");

	if (!b || json_is_null(b))
		return true;
	if (!json_is_string(b)) {
		lk_bridge_err(err, err_size, "buyer: must be a string or null");
		return false;
	}
	const char *s = json_string_value(b);
	size_t len = lk_utf8_cut(s, json_string_length(b), LK_ORDER_MAX_BUYER);
	if (memchr(s, 0, len)) /* an embedded NUL: keep what comes before it */
		len = strlen(s);
	order->buyer = bstrdup_n(s, len);
	return true;
}

static bool get_item(const json_t *it, size_t i, struct lk_order *order, char *err, size_t err_size)
{
	char where[32], id[LK_BRIDGE_MAX_ID + 1];
	int64_t qty, price;

	snprintf(where, sizeof(where), "items[%zu]", i);
	if (!json_is_object(it)) {
		lk_bridge_err(err, err_size, "%s: must be an object", where);
		return false;
	}
	if (!lk_bridge_get_id(it, "productId", true, id, where, err, err_size) ||
	    !lk_bridge_get_int(it, "quantity", 1, LK_ORDER_MAX_QUANTITY, 1, &qty, where, err, err_size) ||
	    !lk_bridge_get_int(it, "unitPrice", 0, LK_MONEY_MAX_MINOR / LK_ORDER_MAX_QUANTITY, LK_ORDER_PRICE_UNKNOWN,
			       &price, where, err, err_size))
		return false;
	lk_order_add_item(order, id, qty, price);
	return true;
}

static bool get_items(const json_t *o, struct lk_order *order, char *err, size_t err_size)
{
	const json_t *items = json_object_get(o, "items");
	char id[LK_BRIDGE_MAX_ID + 1];
	int64_t qty;

	if (!items || json_is_null(items)) { /* the old short form */
		if (!lk_bridge_get_id(o, "productId", true, id, "", err, err_size) ||
		    !lk_bridge_get_int(o, "quantity", 1, LK_ORDER_MAX_QUANTITY, 1, &qty, "", err, err_size))
			return false;
		lk_order_add_item(order, id, qty, LK_ORDER_PRICE_UNKNOWN);
		return true;
	}
	if (!json_is_array(items) || json_array_size(items) < 1 || json_array_size(items) > LK_ORDER_MAX_ITEMS) {
		lk_bridge_err(err, err_size, "items: must be an array of 1..%d items", LK_ORDER_MAX_ITEMS);
		return false;
	}
	for (size_t i = 0; i < json_array_size(items); i++) {
		if (!get_item(json_array_get(items, i), i, order, err, err_size))
			return false;
	}
	return true;
}

static bool get_fields(const json_t *o, struct lk_order *order, char *err, size_t err_size)
{
	char pinned[LK_BRIDGE_MAX_ID + 1], source[LK_BRIDGE_MAX_ID + 1];

	if (!lk_bridge_get_int(o, "time", 0, ORDER_MAX_TIME_MS, 0, &order->time_ms, "", err, err_size) ||
	    !lk_bridge_get_int(o, "total", 0, LK_MONEY_MAX_MINOR, -1, &order->total, "", err, err_size) ||
	    !lk_bridge_get_currency(o, "currency", false, order->currency, "", err, err_size) ||
	    !lk_bridge_get_id(o, "pinnedId", false, pinned, "", err, err_size) ||
	    !lk_bridge_get_id(o, "source", false, source, "", err, err_size) || !get_buyer(o, order, err, err_size))
		return false;
	if (pinned[0])
		order->pinned_id = bstrdup(pinned);
	if (source[0])
		order->source = bstrdup(source);
	return get_items(o, order, err, err_size);
}

struct lk_order *lk_order_from_json(const json_t *json, char *err, size_t err_size)
{
	char id[LK_BRIDGE_MAX_ID + 1];

	if (!json_is_object(json)) {
		lk_bridge_err(err, err_size, "order: must be an object");
		return NULL;
	}
	if (!lk_bridge_get_id(json, "id", true, id, "", err, err_size))
		return NULL;
	struct lk_order *order = lk_order_new(id);
	if (!get_fields(json, order, err, err_size)) {
		lk_order_free(order);
		return NULL;
	}
	return order;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *lk_order_to_json(const struct lk_order *o)
{
	json_t *items = json_array();

	for (size_t i = 0; i < o->num_items; i++) {
		json_t *it = json_pack("{s:s, s:I}", "productId", o->items[i].product_id, "quantity",
				       (json_int_t)o->items[i].quantity);
		if (o->items[i].unit_price >= 0)
			json_object_set_new(it, "unitPrice", json_integer(o->items[i].unit_price));
		json_array_append_new(items, it);
	}
	json_t *j = json_pack("{s:s, s:I, s:o, s:o}", "id", o->id, "time", (json_int_t)o->time_ms, "buyer",
			      str_or_null(o->buyer), "items", items);
	if (o->total >= 0)
		json_object_set_new(j, "total", json_integer(o->total));
	if (o->currency[0])
		json_object_set_new(j, "currency", json_string(o->currency));
	if (o->pinned_id)
		json_object_set_new(j, "pinnedId", json_string(o->pinned_id));
	if (o->source)
		json_object_set_new(j, "source", json_string(o->source));
	return j;
}
