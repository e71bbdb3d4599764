/*
 * Linkon — the Shopify Admin GraphQL codec: request bodies, responses,
 * money and the sale-price journal. Pure functions (no I/O, no clock, no
 * globals), any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One Linkon product per Shopify product, priced by its first variant: a
 * live-commerce cart links products (the viewer picks size or colour at
 * checkout), so a card per variant would flood the catalog with "T-shirt /
 * S", "T-shirt / M". Stock is the product's total inventory. A sale price
 * written to the shop goes to every variant of the product (see
 * docs/shopify.md).
 *
 * Reasons written into err quote no token; a message taken from the server
 * has every occurrence of the secret the caller names replaced before it is
 * cut to size.
 */
#pragma once

#include "lk-product.h"
#include "lk-redact.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <util/darray.h>
#include <util/dstr.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_SHOPIFY_ERR_SIZE 200
#define LK_SHOPIFY_MAX_MONEY 1000000000000000LL /* minor units */
#define LK_SHOPIFY_MAX_ID 256                   /* gid and cursor bytes */
#define LK_SHOPIFY_MAX_TITLE 512                /* longer titles are cut on a UTF-8 boundary */
#define LK_SHOPIFY_MAX_URL 2048                 /* longer image / store URLs are dropped */
#define LK_SHOPIFY_MAX_VARIANTS 100             /* variants read (and priced) per product */

/* ---- money --------------------------------------------------------------- */

/* Decimal string ("12.99", "1280", "1280.0") to minor units of currency
 * (lk_money_decimals), exactly: digits, at most one '.', no sign, no
 * exponent, no spaces. Digits past the currency's decimals must be zeros.
 * false for anything else or above LK_SHOPIFY_MAX_MONEY. */
bool lk_shopify_money_parse(const char *s, const char *currency, int64_t *out);
/* Minor units (>= 0) to the decimal string Shopify takes ("12.99", "1280").
 * Replaces out's content; returns out->array. */
const char *lk_shopify_money_format(struct dstr *out, int64_t minor, const char *currency);

/* ---- the response envelope ----------------------------------------------- */

enum lk_shopify_kind {
	LK_SHOPIFY_OK = 0,      /* data present, no top-level errors */
	LK_SHOPIFY_THROTTLED,   /* an error with code THROTTLED (or message "Throttled"), or HTTP 429 */
	LK_SHOPIFY_AUTH,        /* HTTP 401/403, or ACCESS_DENIED: token refused or scope missing */
	LK_SHOPIFY_UNAVAILABLE, /* HTTP 5xx or another non-2xx status: try again later */
	LK_SHOPIFY_REFUSED,     /* the query was refused (errors[] and no data) */
	LK_SHOPIFY_MALFORMED,   /* 2xx but not JSON, or not a GraphQL response */
};

/* The query-cost bucket (extensions.cost). */
struct lk_shopify_throttle {
	bool known;            /* throttleStatus was present and sane */
	double maximum;        /* maximumAvailable, points */
	double available;      /* currentlyAvailable, points */
	double restore_rate;   /* restoreRate, points per second */
	double requested_cost; /* requestedQueryCost; 0 = absent */
};

struct lk_shopify_reply {
	enum lk_shopify_kind kind;
	struct lk_shopify_throttle throttle;
	json_t *root;                      /* owned: the parsed body; NULL when not JSON */
	json_t *data;                      /* borrowed from root: the "data" object; NULL when absent or null */
	char message[LK_SHOPIFY_ERR_SIZE]; /* plain words when kind != OK */
};

/* Classifies one response (http_status 0 = none). body may be NULL.
 * secret (may be NULL): replaced by LK_REDACTED (lk-redact.h) in any message
 * taken from the body. Free with lk_shopify_reply_free. */
void lk_shopify_reply_parse(long http_status, const char *body, size_t len, const char *secret,
			    struct lk_shopify_reply *r);
void lk_shopify_reply_free(struct lk_shopify_reply *r);
const char *lk_shopify_kind_name(enum lk_shopify_kind kind);

/* ms until the bucket holds cost points (cost is capped at the maximum);
 * 0 when it does now or the bucket is unknown. */
int64_t lk_shopify_throttle_wait_ms(const struct lk_shopify_throttle *t, double cost);

/* ---- requests (new bmalloc'd JSON bodies: {"query", "variables"}) ------- */

/* One catalog page: shop currency and first products after cursor (NULL =
 * from the start); first is clamped to 1..250. */
char *lk_shopify_catalog_body(int first, const char *after);
/* A product's variants with their prices (sale writes). */
char *lk_shopify_variants_body(const char *product_id);

/* A variant's price as Shopify writes it: decimal strings. */
struct lk_shopify_vprice {
	char *id;
	char *price;
	char *compare_at; /* NULL = none (written as null: clears it) */
};

/* What to set (or restore) on one product's variants. */
struct lk_shopify_write {
	char *product_id;
	DARRAY(struct lk_shopify_vprice) variants;
};

/* productVariantsBulkUpdate(productId, variants: [{id, price, compareAtPrice}]) */
char *lk_shopify_bulk_update_body(const struct lk_shopify_write *w);

void lk_shopify_write_free(struct lk_shopify_write *w);
/* New deep copy into dst (dst is overwritten, not freed). */
void lk_shopify_write_copy(struct lk_shopify_write *dst, const struct lk_shopify_write *src);

/* ---- decoding data ------------------------------------------------------- */

struct lk_shopify_page {
	struct lk_product **products; /* owned references, catalog order */
	size_t num_products;
	size_t skipped;         /* products left out (no variant, bad price, bad id) */
	bool has_next;          /* pageInfo.hasNextPage */
	char *end_cursor;       /* bmalloc'd; NULL when there is no next page */
	char currency[4];       /* shop.currencyCode */
	char **variant_ids;     /* parallel to products: each one's first variant's gid (bmalloc'd, may be NULL) */
	size_t num_variant_ids; /* slots in variant_ids (freed by lk_shopify_page_free) */
};

/* A catalog page from an OK reply. A product the page cannot use is
 * skipped (counted); a page whose shape is wrong fails as a whole and
 * leaves *page zeroed. Free with lk_shopify_page_free. */
bool lk_shopify_decode_catalog(const struct lk_shopify_reply *r, struct lk_shopify_page *page, char *err,
			       size_t err_size);
void lk_shopify_page_free(struct lk_shopify_page *page);
/* A cart permalink that takes a viewer straight to checkout with one of the
 * variant: https://<host>/cart/<variant number>:1. bmalloc'd; NULL if the
 * gid does not end in a number or host is empty. */
char *lk_shopify_cart_link(const char *host, const char *variant_gid);

/* Sets each unpublished product's stock_total (the stock bar's full
 * length) in next: the most stock seen for its id over the passes, from
 * prev (the last pass, borrowed, any order), so a bar empties as the show
 * sells and grows back with a restock. Unknown stock: 0. */
void lk_shopify_carry_stock_totals(struct lk_product **next, size_t n, struct lk_product *const *prev, size_t m);

/* A product's variants and their current prices (what a sale write will
 * have to restore). *out is filled on success (free it). */
bool lk_shopify_decode_variants(const struct lk_shopify_reply *r, struct lk_shopify_write *out, char *err,
				size_t err_size);

/* productVariantsBulkUpdate's answer: true when userErrors is empty. On
 * false err holds the first userError (redacted by lk_shopify_reply_parse's
 * rules: pass the same secret). */
bool lk_shopify_decode_bulk_update(const struct lk_shopify_reply *r, const char *secret, char *err, size_t err_size);

/* ---- orders (the show, issue 10; lk-shopify-orders.c) ------------------- */

/* Orders created at or after since_ms (Unix ms; the query's created_at
 * filter, to the second), oldest first, first (1..250) per page after
 * cursor (NULL = from the start). with_buyer adds customer { displayName }
 * (needs the read_customers scope). */
char *lk_shopify_orders_body(int first, const char *after, int64_t since_ms, bool with_buyer);

struct lk_order;

struct lk_shopify_orders {
	struct lk_order **orders; /* owned (lk_order_free), oldest first */
	size_t num_orders;
	size_t skipped;    /* orders the page could not use */
	bool has_next;     /* pageInfo.hasNextPage */
	char *end_cursor;  /* bmalloc'd; NULL when there is no next page */
	int64_t newest_ms; /* the newest createdAt on the page, 0 = none */
};

/* A page of orders from an OK reply: id (the order's gid), createdAt,
 * customer.displayName (when asked), currencyCode, totalPriceSet.shopMoney,
 * and line items (product id, quantity, originalUnitPriceSet.shopMoney).
 * Line items without a product (custom items) are left out; an order with
 * none left is skipped. A page of the wrong shape fails as a whole. */
bool lk_shopify_decode_orders(const struct lk_shopify_reply *r, struct lk_shopify_orders *page, char *err,
			      size_t err_size);
void lk_shopify_orders_free(struct lk_shopify_orders *page);
/* "2026-01-01T12:34:56Z" (or with ".123" and/or "+hh:mm") to Unix ms; false if not such a time. */
bool lk_shopify_time_parse(const char *s, int64_t *ms);

/* ---- the sale-price journal ---------------------------------------------- */

/* {"version": 1, "writes": [{"product_id", "variants": [{"id", "price",
 * "compare_at_price"}]}]}: the old prices of every product whose variants
 * Linkon has (or may have) written a sale price to. New reference. */
json_t *lk_shopify_journal_to_json(const struct lk_shopify_write *writes, size_t n);
/* Parses a journal; on success *out holds new writes (*num of them, free
 * each and bfree the array). */
bool lk_shopify_journal_parse(const char *text, size_t len, struct lk_shopify_write **out, size_t *num, char *err,
			      size_t err_size);

#ifdef __cplusplus
}
#endif
