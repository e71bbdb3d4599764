/*
 * Linkon — the Shopify connector's private state, shared by its files:
 * lk-conn-shopify.c (settings, life cycle, tick, requests, catalog, status)
 * and lk-conn-shopify-sale.c (sale prices written to the shop, the journal).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-connector.h"
#include "lk-net.h"
#include "lk-shopify-codec.h"
#include "lk-store.h"

#include <stdatomic.h>
#include <util/darray.h>
#include <util/threading.h>

#define SH_LOG_PREFIX "[linkon] shopify: "

enum sh_op {
	SH_OP_NONE = 0,
	SH_OP_CATALOG,  /* one catalog page */
	SH_OP_VARIANTS, /* a product's variants before a sale write */
	SH_OP_WRITE,    /* sale prices onto a product's variants */
	SH_OP_RESTORE,  /* the old prices back */
	SH_OP_ORDERS,   /* one page of the show's orders */
};

/* A sale price the store wants on the shop: a live sale's product. */
struct sh_want {
	char *product_id;
	int64_t price; /* minor units */
};

struct conn_shopify {
	struct lk_store *store;   /* borrowed, outlives the connector's use of it */
	struct lk_net *net;       /* borrowed */
	_Atomic uint64_t tick_id; /* set by create after the tick may already run */
	atomic_long refs;         /* the connector + one per request in flight */
	atomic_bool stopping;     /* destroy began: callbacks only release */
	_Atomic uint64_t job_id;  /* the request in flight (0 = none), for cancel */

	/* settings: written by create, read-only afterwards */
	char *url;          /* the GraphQL endpoint */
	char *shop;         /* "name.myshopify.com", for messages */
	char *token;        /* never logged, redacted from every message */
	char *token_header; /* "X-Shopify-Access-Token: …" */
	char *journal_path;
	bool write_prices;
	bool cart_links; /* buy links are cart permalinks (straight to checkout), not product pages */
	int page_size;
	int64_t refresh_ms;
	int64_t backoff_min_ms; /* first retry delay; doubles up to a minute */

	/* worker thread only (the tick and response callbacks) */
	enum sh_op inflight;
	int64_t not_before_ms; /* pacing and back-off */
	struct lk_shopify_throttle throttle;
	int64_t throttle_ms;  /* when throttle was read */
	double catalog_cost;  /* last requested cost of a catalog page */
	int failures;         /* in a row, for the back-off */
	int throttled_in_row; /* THROTTLED answers in a row */
	enum lk_shopify_kind last_fail;
	bool auth_failed;
	bool writes_denied;              /* the token may read, not write prices: no more sale writes */
	bool synced;                     /* one whole catalog pass succeeded */
	bool syncing;                    /* a pass is under way */
	char *cursor;                    /* next page's cursor in a pass */
	DARRAY(struct lk_product *) acc; /* products of the pass so far */
	size_t skipped;
	size_t skipped_said;               /* the count last logged */
	DARRAY(struct lk_product *) shown; /* the last whole pass, as the store has it */
	size_t num_shown;                  /* products in the last whole pass */
	char currency[4];
	int64_t next_refresh_ms;
	int64_t last_sync_ms;
	enum lk_conn_state state;

	/* sale writes (worker only) */
	bool journal_loaded;
	DARRAY(struct lk_shopify_write) journal; /* old prices, as in the file */
	struct lk_shopify_write fetched;         /* variants read for the next write */
	DARRAY(struct sh_want) settled;          /* sale prices written (or refused): not again while wanted */
	char *op_product;                        /* product of the request in flight */
	int64_t op_price;                        /* its sale price (variants, write) */

	/* the show's orders (lk-conn-shopify-orders.c; settings read-only, the rest worker only) */
	bool orders_on;         /* "orders": true (default) */
	bool order_buyers;      /* "order_buyers": ask for customer names (read_customers) */
	int64_t orders_poll_ms; /* "orders_poll_s" */
	char *orders_show;      /* the show being polled (its id), NULL = none */
	int64_t orders_since;   /* created_at filter, Unix ms */
	int64_t orders_newest;  /* newest createdAt seen in this show */
	char *orders_cursor;    /* next page in a pass */
	bool orders_paging;     /* a pass is under way */
	int64_t orders_next_ms;
	double orders_cost;

	/* wanted sale prices: written by the store listener, read by the tick */
	pthread_mutex_t want_mutex;
	DARRAY(struct sh_want) want;
};

/* ---- lk-conn-shopify.c ----------------------------------------------------- */

/* Worker. Sends body (taken over, bfree'd; NULL fails) as operation op.
 * Returns false when the request was refused. */
bool sh_send(struct conn_shopify *c, enum sh_op op, char *body);
/* Worker. true when the cost bucket holds cost points now (as last read,
 * refilled since); else sets not_before_ms to when it will. */
bool sh_paced(struct conn_shopify *c, int64_t now_ms, double cost);
/* Worker. Publishes a status (message may be NULL). */
/* Publishes state with the message code and its parameters (redacted). */
void sh_status(struct conn_shopify *c, enum lk_conn_state state, enum lk_msg_code code, const char *a1, const char *a2,
	       const char *a3, int64_t next_retry_ms);

/* Worker. A failed exchange: backs off and says so (kind, plain words). */
void sh_fail(struct conn_shopify *c, enum lk_shopify_kind kind, const char *reason, int64_t now);

/* ---- lk-conn-shopify-orders.c ---------------------------------------------- */

/* Reads the order settings (create). */
void sh_orders_settings(struct conn_shopify *c, json_t *s);
/* Worker. Starts the next orders page when a show is live and it is time; true if sent. */
bool sh_orders_step(struct conn_shopify *c, int64_t now);
/* Worker. An OK reply to an orders page. */
void sh_orders_reply(struct conn_shopify *c, const struct lk_shopify_reply *r, int64_t now);
/* Worker. The token may not read orders: orders stop for this connection. */
void sh_orders_denied(struct conn_shopify *c, const char *reason);
void sh_orders_free(struct conn_shopify *c);

/* ---- lk-conn-shopify-sale.c ------------------------------------------------ */

/* Worker. Loads the journal file once (restores go first). */
void sh_journal_load(struct conn_shopify *c);
/* Worker. Starts the next sale-price request (restore before write);
 * true if one was sent. */
bool sh_sale_step(struct conn_shopify *c, int64_t now_ms);
/* Worker. The shop refused a sale operation for want of a scope. */
void sh_sale_denied(struct conn_shopify *c, const char *reason);
/* Worker. An OK reply to a sale operation. */
void sh_sale_reply(struct conn_shopify *c, enum sh_op op, const struct lk_shopify_reply *r);
/* Worker. Catalog products whose prices Linkon wrote show the old ones. */
void sh_sale_fix_prices(struct conn_shopify *c, struct lk_product **products, size_t n);
/* The store listener (any thread that applies): records live sales and
 * wakes the tick; no network, no file. */
void sh_store_changed(void *data, uint64_t version);
/* Frees the sale state (no thread runs any more). */
void sh_sale_free(struct conn_shopify *c);
