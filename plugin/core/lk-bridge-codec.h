/*
 * Linkon — the bridge protocol v1 codec: JSON bodies and event data of
 * docs/bridge-protocol.md to and from store events. Pure functions (no I/O,
 * no clock, no globals), any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Decoders never half-apply: on failure they return false, write a short
 * plain-words reason into err (such as "products[3].price: must be an
 * integer 0..1000000000000000") and leave their outputs untouched. The
 * reason quotes no values from the input, so it cannot carry a secret.
 * Unknown keys are ignored (forward compatibility).
 */
#pragma once

#include "lk-gift.h"
#include "lk-room.h"
#include "lk-store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_BRIDGE_ERR_SIZE 160
#define LK_BRIDGE_MAX_ID 128                   /* product, sale and event ids, cursors: bytes */
#define LK_BRIDGE_MAX_TITLE 512                /* longer titles are cut (on a UTF-8 boundary) */
#define LK_BRIDGE_MAX_URL 2048                 /* image / buy URLs: longer ones are dropped */
#define LK_BRIDGE_MAX_MONEY 1000000000000000LL /* minor units */
#define LK_BRIDGE_MAX_COUNT 1000000000000LL    /* stock, sold */
#define LK_BRIDGE_MAX_PAGE 500                 /* products per catalog page */
#define LK_BRIDGE_MAX_CART 1000                /* cart entries */
#define LK_BRIDGE_MAX_SALES 100                /* sales in a state document */

/* ---- catalog ---------------------------------------------------------------- */

/* One catalog page: GET /v1/catalog. */
struct lk_bridge_page {
	struct lk_product **products; /* owned references */
	size_t num_products;
	char *next_cursor;                    /* bmalloc'd; NULL on the last page */
	size_t num_skipped;                   /* products that did not decode, or repeated an id */
	char skipped_why[LK_BRIDGE_ERR_SIZE]; /* the first one's reason */
};

/* Decodes a page body. On success *page is filled (free with
 * lk_bridge_page_free). A product that does not decode, or has the id of
 * an earlier one in the page, is skipped (counted in num_skipped): the
 * page itself fails only when it is not a page at all. */
bool lk_bridge_decode_page(const char *json, size_t len, struct lk_bridge_page *page, char *err, size_t err_size);
void lk_bridge_page_free(struct lk_bridge_page *page);

/* One product object (borrowed). New product (refs = 1) or NULL with err. */
struct lk_product *lk_bridge_product_from_json(const json_t *obj, char *err, size_t err_size);
/* The product as protocol JSON. New reference. */
json_t *lk_bridge_product_to_json(const struct lk_product *p);

/* ---- sales ------------------------------------------------------------------- */

enum lk_bridge_sale_state {
	LK_BRIDGE_SALE_SCHEDULED, /* announced, starts at starts_at */
	LK_BRIDGE_SALE_LIVE,
	LK_BRIDGE_SALE_ENDED,
};

/* A flash sale as the platform describes it. Times are Unix ms on the
 * server's clock. */
struct lk_bridge_sale {
	char id[LK_BRIDGE_MAX_ID + 1];
	char product_id[LK_BRIDGE_MAX_ID + 1];
	enum lk_bridge_sale_state state;
	int64_t price;    /* minor units */
	char currency[4]; /* ISO 4217 */
	int64_t starts_at;
	int64_t ends_at;
	int64_t preroll_ms; /* countdown shown before starts_at, 0 = none */
	int64_t stock;      /* units left at the sale price, LK_STOCK_UNKNOWN = no limit */
	int64_t sold;       /* units sold in the sale */
};

bool lk_bridge_sale_from_json(const json_t *obj, struct lk_bridge_sale *sale, char *err, size_t err_size);

/* The store's sale for a platform sale: new, refs = 1. product_price is the
 * price when the sale names none (-1 in sale->price). at_ms: the platform
 * time the description is from (server time; 0 = unknown): a sale "ended"
 * before its endsAt was sold out (stock 0) or stopped at that time. */
struct lk_sale *lk_bridge_sale_to_store(const struct lk_bridge_sale *sale, int64_t product_price, int64_t at_ms);

/* ---- live state ---------------------------------------------------------------- */

/* GET /v1/state: what is not a store event. */
struct lk_bridge_state {
	int64_t server_time_ms;              /* Unix ms; 0 = absent */
	char event_id[LK_BRIDGE_MAX_ID + 1]; /* stream position of this state; "" = absent */
	struct lk_bridge_sale sales[LK_BRIDGE_MAX_SALES];
	size_t num_sales;
};

/* Decodes a state body. On success appends its store events to evs (cart,
 * then pin; product stock/sold updates when the state carries them) and
 * fills *st. */
bool lk_bridge_decode_state(const char *json, size_t len, struct lk_events *evs, struct lk_bridge_state *st, char *err,
			    size_t err_size);

/* ---- events (the SSE stream) ---------------------------------------------------- */

enum lk_bridge_event_kind {
	LK_BRIDGE_EV_IGNORED = 0, /* an event type this version does not know */
	LK_BRIDGE_EV_STORE,       /* store events were appended (stock, pin, cart, order, product) */
	LK_BRIDGE_EV_GIFT,        /* out->gift holds a decoded gift */
	LK_BRIDGE_EV_SALE,        /* out->sale holds a sale */
	LK_BRIDGE_EV_CATALOG,     /* the catalog changed: fetch it again */
	LK_BRIDGE_EV_RESYNC,      /* the server lost the stream position: fetch everything again */
	LK_BRIDGE_EV_ROOM,        /* out->room holds a live-room event (like, follow, share, comment, viewers) */
};

struct lk_bridge_event {
	enum lk_bridge_event_kind kind;
	struct lk_gift_event gift; /* GIFT: owns its strings, free with lk_bridge_event_free */
	struct lk_bridge_sale sale;
	struct lk_room_event room; /* ROOM: its platform is "" when the data named none */
	int64_t server_time_ms;    /* the event's "time" (Unix ms), 0 = absent */
};

/* Decodes one SSE event: type is the SSE event name, data its data.
 * Store events go to evs; *out says what else it was. On failure evs and
 * *out are untouched (out zeroed). */
bool lk_bridge_decode_event(const char *type, const char *data, size_t len, struct lk_events *evs,
			    struct lk_bridge_event *out, char *err, size_t err_size);
void lk_bridge_event_free(struct lk_bridge_event *ev);

/* ---- errors and actions --------------------------------------------------------- */

/* {"error": {"code": "…", "message": "…"}}: copies code and message with
 * control characters blanked and every occurrence of secret (may be NULL)
 * replaced by LK_REDACTED, then cut to fit (redacting first, so no part of
 * a secret across the cut survives). False when the body is not an error
 * document (out strings then ""). */
bool lk_bridge_decode_error(const char *json, size_t len, const char *secret, char *code, size_t code_size,
			    char *message, size_t message_size);

/* A successful action answer: {"ok": true, …}. */
bool lk_bridge_decode_action_ok(const char *json, size_t len, char *err, size_t err_size);

/* Action request bodies, bmalloc'd JSON text (bfree). */
char *lk_bridge_encode_pin(const char *product_id_or_null);

struct lk_bridge_sale_start {
	const char *product_id;
	bool has_price; /* false: the sale keeps the product's price */
	int64_t price;  /* minor units */
	int64_t duration_ms;
	int64_t stock;      /* 0 = no limit */
	int64_t preroll_ms; /* 0 = starts now */
};
char *lk_bridge_encode_sale_start(const struct lk_bridge_sale_start *req);
char *lk_bridge_encode_sale_stop(const char *sale_id_or_null);

#ifdef __cplusplus
}
#endif
