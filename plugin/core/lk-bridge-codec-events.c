/*
 * Linkon — bridge protocol v1 codec: the data of each SSE event type.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   gift             lk-gift.h's JSON (decoded by lk_gift_decode)
 *   order            {"id", "productId", "quantity", "stock"?, "sold"?} and, since the
 *                    show (issue 10), "time"?, "buyer"?, "items"?, "total"?, "currency"?,
 *                    "pinnedId"? (lk_order_from_json; docs/bridge-protocol.md)
 *   stock            {"productId", "stock"?, "sold"?}
 *   pin              {"productId": "p1" | null}
 *   cart             {"cart": ["p1", …]}
 *   sale             a sale object (see lk_bridge_sale_from_json)
 *   catalog-changed  {} = fetch the catalog again; {"product": {…}} = put one;
 *                    {"removed": "p1"} = remove one
 *   resync           {} = the stream position was lost: fetch everything
 *   like, follow, share, comment, viewers
 *                    live-room events (lk-bridge-codec-room.c)
 * Every object may carry "time": the server's Unix ms when it happened.
 */
#include "lk-bridge-codec-priv.h"

#include <string.h>
#include <util/bmem.h>

/* An order for the show (lk_order_from_json: the full form with items, or
 * the old short form), and, as before, the stock/sold of "productId" when
 * given. */
static bool ev_order(const json_t *o, struct lk_events *evs, char *err, size_t err_size)
{
	struct lk_order *order = lk_order_from_json(o, err, err_size);

	if (!order)
		return false;
	if (json_object_get(o, "productId") && !lk_bridge_stock_event(o, "productId", evs, "", err, err_size)) {
		lk_order_free(order);
		return false;
	}
	if (!order->source)
		order->source = bstrdup("bridge");
	lk_events_order(evs, order);
	return true;
}

static bool ev_pin(const json_t *o, struct lk_events *evs, char *err, size_t err_size)
{
	char id[LK_BRIDGE_MAX_ID + 1];

	if (!json_object_get(o, "productId")) {
		lk_bridge_err(err, err_size, "productId: required (null to unpin)");
		return false;
	}
	if (!lk_bridge_get_id(o, "productId", false, id, "", err, err_size))
		return false;
	lk_events_pin(evs, id[0] ? id : NULL);
	return true;
}

static bool ev_cart(const json_t *o, struct lk_events *evs, char *err, size_t err_size)
{
	char **ids;
	size_t n;

	if (!json_is_array(json_object_get(o, "cart"))) {
		lk_bridge_err(err, err_size, "cart: required, an array of product ids");
		return false;
	}
	if (!lk_bridge_get_ids(o, "cart", LK_BRIDGE_MAX_CART, &ids, &n, "", err, err_size))
		return false;
	lk_events_cart(evs, (const char *const *)ids, n);
	lk_bridge_free_ids(ids, n);
	return true;
}

static bool ev_catalog(const json_t *o, struct lk_events *evs, struct lk_bridge_event *out, char *err, size_t err_size)
{
	json_t *product = json_object_get(o, "product");
	char removed[LK_BRIDGE_MAX_ID + 1];

	if (product && !json_is_null(product)) {
		struct lk_product *p = lk_bridge_product_from_json(product, err, err_size);
		if (!p)
			return false;
		lk_events_put_product(evs, p);
		out->kind = LK_BRIDGE_EV_STORE;
		return true;
	}
	if (!lk_bridge_get_id(o, "removed", false, removed, "", err, err_size))
		return false;
	if (removed[0]) {
		lk_events_push(evs, LK_EV_PRODUCT_REMOVE)->id = bstrdup(removed);
		out->kind = LK_BRIDGE_EV_STORE;
	} else {
		out->kind = LK_BRIDGE_EV_CATALOG;
	}
	return true;
}

/* The event types that carry a JSON object. */
static bool ev_object(const char *type, const json_t *o, struct lk_events *evs, struct lk_bridge_event *out, char *err,
		      size_t err_size)
{
	enum lk_room_kind room = lk_bridge_room_kind(type);
	if (room != LK_ROOM_NONE) {
		out->kind = LK_BRIDGE_EV_ROOM;
		return lk_bridge_room_from_json(o, room, &out->room, err, err_size);
	}
	out->kind = LK_BRIDGE_EV_STORE;
	if (strcmp(type, "order") == 0)
		return ev_order(o, evs, err, err_size);
	if (strcmp(type, "stock") == 0)
		return lk_bridge_stock_event(o, "productId", evs, "", err, err_size);
	if (strcmp(type, "pin") == 0)
		return ev_pin(o, evs, err, err_size);
	if (strcmp(type, "cart") == 0)
		return ev_cart(o, evs, err, err_size);
	if (strcmp(type, "sale") == 0) {
		out->kind = LK_BRIDGE_EV_SALE;
		return lk_bridge_sale_from_json(o, &out->sale, err, err_size);
	}
	if (strcmp(type, "catalog-changed") == 0)
		return ev_catalog(o, evs, out, err, err_size);
	out->kind = LK_BRIDGE_EV_RESYNC; /* the caller only sends "resync" here */
	return true;
}

static bool known_object_type(const char *type)
{
	static const char *const types[] = {"order", "stock", "pin", "cart", "sale", "catalog-changed", "resync"};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcmp(type, types[i]) == 0)
			return true;
	}
	return lk_bridge_room_kind(type) != LK_ROOM_NONE;
}

static bool decode_gift(const char *data, size_t len, struct lk_bridge_event *out, char *err, size_t err_size)
{
	char why[LK_GIFT_ERR_SIZE];

	if (!lk_gift_decode(data, len, &out->gift, why, sizeof(why))) {
		lk_bridge_err(err, err_size, "gift: %s", why);
		return false;
	}
	out->kind = LK_BRIDGE_EV_GIFT;
	return true;
}

bool lk_bridge_decode_event(const char *type, const char *data, size_t len, struct lk_events *evs,
			    struct lk_bridge_event *out, char *err, size_t err_size)
{
	struct lk_events mine;
	bool ok;

	memset(out, 0, sizeof(*out));
	if (strcmp(type, "gift") == 0)
		return decode_gift(data, len, out, err, err_size);
	if (!known_object_type(type))
		return true; /* LK_BRIDGE_EV_IGNORED: newer servers may send more */

	json_t *root = lk_bridge_parse_object(data, len, err, err_size);
	if (!root)
		return false;
	lk_events_init(&mine);
	ok = ev_object(type, root, &mine, out, err, err_size);
	if (ok) {
		int64_t t = 0;
		/* "time" is informational: a bad one is ignored, not an error */
		if (lk_bridge_get_int(root, "time", 0, (int64_t)1 << 50, 0, &t, "", NULL, 0))
			out->server_time_ms = t;
		lk_bridge_move_events(evs, &mine);
	} else {
		memset(out, 0, sizeof(*out));
	}
	json_decref(root);
	lk_events_free(&mine);
	return ok;
}

void lk_bridge_event_free(struct lk_bridge_event *ev)
{
	if (!ev)
		return;
	lk_gift_event_free(&ev->gift);
	memset(ev, 0, sizeof(*ev));
}
