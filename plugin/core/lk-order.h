/*
 * Linkon — an order: what a buyer bought during a show.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Connectors (demo shop, bridge, Shopify, TikTok Shop) build an order on
 * their thread and hand it to the store in an LK_EV_ORDER event; the store
 * takes it over. The store counts each order id exactly once per show, so a
 * connector may deliver the same order again (a poll overlap, a stream
 * replay): later copies are ignored.
 *
 * Money is in minor units of the order's currency (cents, fen); an order
 * has one currency, and the show keeps totals per currency (never mixed).
 * The buyer's name is personal data: it is kept as delivered only in memory
 * and in the show's journal on the user's disk; what goes on stream is
 * lk_buyer_shown() of it (lk-show.h), and it never goes to a log.
 *
 * Plain data with no references: one owner at a time. Pure functions, any
 * thread.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Caps every decoder applies (the journal and the bridge alike). */
#define LK_ORDER_MAX_ITEMS 100
#define LK_ORDER_MAX_QUANTITY 1000000
#define LK_ORDER_MAX_BUYER 256 /* bytes of the buyer's display name kept (cut on a UTF-8 boundary) */

#define LK_ORDER_PRICE_UNKNOWN ((int64_t)-1)

struct lk_order_item {
	char *product_id;   /* never NULL */
	int64_t quantity;   /* 1..LK_ORDER_MAX_QUANTITY */
	int64_t unit_price; /* minor units of the order's currency, >= 0; LK_ORDER_PRICE_UNKNOWN = the
	                       catalog's price of the product when the store counts it (old bridges) */
};

struct lk_order {
	char *id;        /* the platform's order id, never NULL after lk_order_new */
	int64_t time_ms; /* platform ms (Unix epoch) the order was placed; 0 = unknown (the store uses its time) */
	char *buyer;     /* buyer's display name as delivered, UTF-8; NULL = not given */
	struct lk_order_item *items;
	size_t num_items;
	int64_t total;    /* minor units; < 0 = not given: the sum of the items */
	char currency[4]; /* ISO 4217, upper case, NUL-terminated; "" = the first item's product's */
	char *pinned_id;  /* product pinned when it was placed; NULL = the store fills in its pin */
	char *source;     /* connector that delivered it: "demo", "bridge", "shopify", "tiktok"; may be NULL */
};

/* New empty order with that id (total -1, no items). Caller owns it. */
struct lk_order *lk_order_new(const char *id);
/* Deep copy (NULL gives NULL). */
struct lk_order *lk_order_copy(const struct lk_order *o);
void lk_order_free(struct lk_order *o);

/* Appends an item (product_id copied). */
void lk_order_add_item(struct lk_order *o, const char *product_id, int64_t quantity, int64_t unit_price);
/* Replaces *field (buyer, pinned_id, source) with a copy of value (NULL allowed). */
void lk_order_set_str(char **field, const char *value);
/* Copies a currency code (upper-cased, at most 3 letters). */
void lk_order_set_currency(struct lk_order *o, const char *code);

/* Sum of the items' quantities. */
int64_t lk_order_units(const struct lk_order *o);
/* total when given (>= 0), else the sum of quantity * unit_price. */
int64_t lk_order_total(const struct lk_order *o);
/* Is it usable? Id non-empty, 1..LK_ORDER_MAX_ITEMS items with product ids,
 * quantities and prices in range, total within LK_MONEY_MAX_MINOR. false
 * writes a plain-words reason (never the buyer's name) into err. */
bool lk_order_check(const struct lk_order *o, char *err, size_t err_size);

/* ---- JSON (lk-order-json.c) ---- */

/* The wire form (bridge protocol `order` event, journal):
 *   {"id": "o1", "time": 1700000000000?, "buyer": "Mia"?, "currency": "USD"?,
 *    "total": 2598?, "pinnedId": "p1"?, "source": "bridge"?,
 *    "items": [{"productId": "p1", "quantity": 2, "unitPrice": 1299?}]}
 * and the old short form {"id", "productId", "quantity"?} (one item, price
 * from the catalog). Money in minor units. A new order, or NULL with a
 * plain-words reason in err (never quoting the buyer). json is borrowed. */
typedef struct json_t json_t;
struct lk_order *lk_order_from_json(const json_t *json, char *err, size_t err_size);
/* The wire form as a new JSON object. */
json_t *lk_order_to_json(const struct lk_order *o);

#ifdef __cplusplus
}
#endif
