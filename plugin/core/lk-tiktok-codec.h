/*
 * Linkon — the TikTok Shop Partner API codec (202309 versions): the
 * response envelope and its error codes, tokens, shops, product pages,
 * activities (promotions) as Linkon flash sales and back. Pure functions
 * (no I/O, no clock, no globals), any thread. See docs/tiktok-shop.md.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Money arrives as decimal strings ("12.99", "1280") and is kept in minor
 * units of its currency; times arrive as Unix seconds and are kept as
 * Unix ms (Linkon's platform time for TikTok Shop). One Linkon product per
 * TikTok product, priced by its first SKU; stock is summed over every SKU
 * and every warehouse.
 *
 * Messages taken from the server have every secret the caller names
 * replaced before they are cut to size.
 */
#pragma once

#include "lk-order.h"
#include "lk-product.h"
#include "lk-sale.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <util/dstr.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_TIKTOK_ERR_SIZE 240
#define LK_TIKTOK_MAX_SECRETS 4
#define LK_TIKTOK_SALE_PREFIX "tts:"          /* sale ids: tts:<activity id>:<product id> */
#define LK_TIKTOK_DEAL_TITLE_PREFIX "Linkon " /* activities Linkon creates: never read back as shop deals */

/* Error codes the connector acts on (the envelope's "code"). */
#define LK_TIKTOK_CODE_TOKEN_EXPIRED 105002
#define LK_TIKTOK_CODE_SCOPE 105005
#define LK_TIKTOK_CODE_BAD_SIGN 106001
#define LK_TIKTOK_CODE_BAD_CREDENTIAL 36009004
#define LK_TIKTOK_CODE_NO_CIPHER 106013
#define LK_TIKTOK_CODE_SHOP_MISMATCH 101000
#define LK_TIKTOK_CODE_RATE_LIMITED 36009002
#define LK_TIKTOK_CODE_TIMEOUT 36009007
#define LK_TIKTOK_CODE_IP 36009033

enum lk_tiktok_kind {
	LK_TIKTOK_OK = 0,        /* code 0 and a data object */
	LK_TIKTOK_TOKEN_EXPIRED, /* 105002: refresh, retry once */
	LK_TIKTOK_SCOPE,         /* 105005: the seller must authorize again with the scope */
	LK_TIKTOK_SIGNATURE,     /* 106001 / 36009004: sign, credential, app key or timestamp window */
	LK_TIKTOK_SHOP,          /* 106013 / 101000: shop_cipher missing or not this token's shop */
	LK_TIKTOK_RATE_LIMITED,  /* 36009002 or HTTP 429 */
	LK_TIKTOK_UNAVAILABLE,   /* HTTP 5xx, 36009007, no answer: try again later */
	LK_TIKTOK_REFUSED,       /* another code != 0 (message shown) */
	LK_TIKTOK_MALFORMED,     /* not JSON, or no envelope */
};

struct lk_tiktok_reply {
	enum lk_tiktok_kind kind;
	long http_status;
	int64_t code;                     /* the envelope's code; -1 = none */
	json_t *root;                     /* owned; NULL when not JSON */
	json_t *data;                     /* borrowed from root; NULL when absent */
	char message[LK_TIKTOK_ERR_SIZE]; /* plain words when kind != OK */
	bool timestamp_refused;           /* a SIGNATURE error that names the timestamp */
};

/* Classifies one response (http_status 0 = none). secrets: up to
 * LK_TIKTOK_MAX_SECRETS strings (NULL-terminated list, may be NULL) redacted
 * from any text quoted. Free with lk_tiktok_reply_free. */
void lk_tiktok_reply_parse(long http_status, const char *body, size_t len, const char *const *secrets,
			   struct lk_tiktok_reply *r);
void lk_tiktok_reply_free(struct lk_tiktok_reply *r);

/* Replaces every secret of the list (NULL-terminated) in s. */
void lk_tiktok_redact(struct dstr *s, const char *const *secrets);

/* ---- tokens and shops ----------------------------------------------------- */

struct lk_tiktok_tokens {
	char *access_token;
	int64_t access_expire_s; /* absolute Unix seconds */
	char *refresh_token;
	int64_t refresh_expire_s; /* absolute Unix seconds */
	char *seller_name;
	char *region; /* seller_base_region */
	char *scopes; /* granted_scopes joined by ", "; NULL = not told */
};

/* token/get and token/refresh answers. Fills *t (free it) or says why. */
bool lk_tiktok_decode_tokens(const struct lk_tiktok_reply *r, struct lk_tiktok_tokens *t, char *err, size_t err_size);
void lk_tiktok_tokens_free(struct lk_tiktok_tokens *t);

struct lk_tiktok_shop {
	char *cipher;
	char *name;
	char *region;
};

/* authorization/202309/shops: the shop whose cipher is want (NULL = the
 * only one; with several the seller must choose, err lists them). */
bool lk_tiktok_decode_shop(const struct lk_tiktok_reply *r, const char *want, struct lk_tiktok_shop *shop, char *err,
			   size_t err_size);
void lk_tiktok_shop_free(struct lk_tiktok_shop *shop);

/* ---- products ------------------------------------------------------------- */

struct lk_tiktok_page {
	struct lk_product **products; /* owned references, page order */
	size_t num_products;
	size_t skipped;        /* not ACTIVATE (deleted, frozen…), no SKU, bad price */
	char *next_page_token; /* bmalloc'd; NULL on the last page */
};

/* product/202309/products/search. A product the page cannot use is
 * skipped (counted); a page of the wrong shape fails as a whole. */
bool lk_tiktok_decode_products(const struct lk_tiktok_reply *r, struct lk_tiktok_page *page, char *err,
			       size_t err_size);
void lk_tiktok_page_free(struct lk_tiktok_page *page);

/* ---- orders (polled with update_time_ge and page tokens) ------------------ */

struct lk_tiktok_order {
	char *id;
	char *status;        /* UNPAID … COMPLETED, CANCELLED */
	int64_t update_time; /* Unix seconds */
	int64_t create_time;
	char buyer[64]; /* first name, or "Someone" when masked or empty (no nickname exists) */
	int64_t total;  /* payment.total_amount in minor units; -1 = unreadable */
	char currency[4];
	size_t num_items;       /* line_items: one per unit sold */
	char *first_product_id; /* the first line's product_id; NULL = none */
	/* The order as Linkon counts it (lk-order.h): id, time (create_time),
	 * buyer (NULL when masked or empty), one item per product and price
	 * with the units as its quantity, total, currency, source "tiktok".
	 * NULL when no line is usable or lk_order_check refuses it. Owned;
	 * take it by setting the field to NULL. */
	struct lk_order *order;
};

struct lk_tiktok_orders {
	struct lk_tiktok_order *orders;
	size_t num;
	size_t skipped;        /* no id or no update_time */
	char *next_page_token; /* NULL on the last page */
};

/* order/202309/orders/search. Fails whole on a page of the wrong shape. */
bool lk_tiktok_decode_orders(const struct lk_tiktok_reply *r, struct lk_tiktok_orders *out, char *err, size_t err_size);
void lk_tiktok_orders_free(struct lk_tiktok_orders *out);
/* Whether an order of that status counts as a sale: paid (not UNPAID) and
 * not CANCELLED. */
bool lk_tiktok_order_counts(const char *status);

/* The seller's authorization link from what they pasted into the Connection
 * dialog: an https link is kept as it is; a bare service ID (1..64 of
 * [0-9A-Za-z_-], from the app page in Partner Center) becomes the global
 * link https://services.tiktokshop.com/open/authorize?service_id=<id>
 * (US sellers paste their US link). Spaces around are ignored. false (and
 * out emptied) for anything else. Pure. */
bool lk_tiktok_auth_link(const char *pasted, struct dstr *out);
/* The body of the search: {"update_time_ge": since_s}. New bmalloc'd string. */
char *lk_tiktok_orders_body(int64_t since_s);

/* ---- activities ⇄ flash sales --------------------------------------------- */

/* activities/search: the ids of activities that may show (NOT_START,
 * ONGOING, and those just over so their end shows), *num of them (bfree
 * each and the array); the next page token in *next (NULL = last page). */
bool lk_tiktok_decode_activity_ids(const struct lk_tiktok_reply *r, char ***ids, size_t *num, char **next, char *err,
				   size_t err_size);

/* The price a product needs to look up for DIRECT_DISCOUNT (percent off). */
typedef int64_t (*lk_tiktok_price_fn)(void *data, const char *product_id);

/* GET activities/{id}: one Linkon sale per product of a FLASHSALE,
 * FIXED_PRICE or DIRECT_DISCOUNT activity (other types: none), id
 * "tts:<activity>:<product>", start/end from begin_time/end_time, price
 * from activity_price (product or first SKU), or the product's price less
 * the discount; quantity_limit -1 = no limit. A DEACTIVATED activity's
 * sales are stopped at stop_ms. New references appended to *sales (*num
 * grows; bfree the array). false when the answer is not an activity. */
bool lk_tiktok_activity_sales(const struct lk_tiktok_reply *r, lk_tiktok_price_fn price_of, void *data, int64_t stop_ms,
			      struct lk_sale ***sales, size_t *num, char *err, size_t err_size);

/* The other way: a Linkon flash sale as a new activity. region picks the
 * type (FLASHSALE in SG TH ID MY PH VN, else FIXED_PRICE). New bmalloc'd
 * JSON bodies: the activity (POST /promotion/202309/activities) and its
 * product (PUT …/activities/{id}/products, activity_id filled in later by
 * lk_tiktok_activity_products_body). */
char *lk_tiktok_activity_create_body(const struct lk_sale *sale, const char *title, const char *region);
char *lk_tiktok_activity_products_body(const char *activity_id, const struct lk_sale *sale, const char *currency);

/* ---- activities Linkon creates, and their journal --------------------------- */

/* One activity Linkon created (or is creating) for one of its flash sales. */
struct lk_tiktok_deal {
	char *sale_id;
	char *product_id;
	char *title;       /* unique: finds the activity again when its id never arrived */
	char *activity_id; /* NULL: the create was sent, its answer unknown */
	int64_t price;     /* the deal price the shop has; 0 = the product is not on it yet */
	/* not in the file */
	bool unknown; /* the create got no clear answer: look for it by title first */
	bool old;     /* from before this start: its sale is gone, deactivate */
};

void lk_tiktok_deal_free(struct lk_tiktok_deal *d);
/* The journal file's text (new bmalloc'd string) and back. Parse fails
 * whole on a file of the wrong shape; entries without a sale id, product
 * id or title are dropped. *deals is bmalloc'd (free each, then it). */
char *lk_tiktok_deals_to_text(const struct lk_tiktok_deal *deals, size_t n);
bool lk_tiktok_deals_parse(const char *text, struct lk_tiktok_deal **deals, size_t *n, char *err, size_t err_size);
/* The activities/search body that looks for title. New bmalloc'd string. */
char *lk_tiktok_activity_find_body(const char *title);
/* activities/search: the id (bmalloc'd) of the activity titled exactly
 * title, and whether it is already over (DEACTIVATED, EXPIRED); false when
 * the page has none. */
bool lk_tiktok_activity_find(const struct lk_tiktok_reply *r, const char *title, char **id, bool *over);

/* "1280", "12.99": minor units back to TikTok's decimal string. */
const char *lk_tiktok_money_format(struct dstr *out, int64_t minor, const char *currency);
bool lk_tiktok_money_parse(const char *s, const char *currency, int64_t *out);

#ifdef __cplusplus
}
#endif
