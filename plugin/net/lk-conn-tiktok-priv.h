/*
 * Linkon — the TikTok Shop connector's private parts, shared by
 * lk-conn-tiktok-shop.c (settings, tokens, catalog, the shop's deals) and
 * lk-conn-tiktok-deal.c (activities created for Linkon's own flash sales,
 * with their journal).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-connector.h"
#include "lk-net.h"
#include "lk-store.h"
#include "lk-tiktok-codec.h"
#include "lk-tiktok-sign.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <util/darray.h>

#define TT_LOG "[linkon] tiktok_shop: "
#define TT_IDLE_MS 1000
#define TT_MAX_SLEEP_MS 5000
#define TT_BACKOFF_MAX_MS 60000
#define TT_MAX_PRODUCTS 10000
#define TT_MAX_ACTIVITIES 50
#define TT_MAX_BODY ((size_t)8 << 20)
#define TT_TIMEOUT_MS 30000L
#define TT_MAX_PUTS 64
#define TT_REFRESH_EARLY_S 600 /* refresh the access token this long before it expires */
#define TT_SKEW_SAY_S 25       /* a clock further off than this is told (the window is -300 s / +30 s) */
#define TT_TOKENS_FILE "tiktok-shop-tokens.json"
#define TT_API "https://open-api.tiktokglobalshop.com"
#define TT_AUTH "https://auth.tiktok-shops.com"

enum tt_op {
	TT_OP_NONE = 0,
	TT_OP_TOKEN_GET,
	TT_OP_TOKEN_REFRESH,
	TT_OP_SHOPS,
	TT_OP_PRODUCTS,
	TT_OP_ACTIVITIES,
	TT_OP_ACTIVITY,
	TT_OP_ORDERS,        /* lk-conn-tiktok-orders.c */
	TT_OP_DEAL_CREATE,   /* a Linkon flash sale as an activity on the shop */
	TT_OP_DEAL_PRODUCTS, /* its product and deal price */
	TT_OP_DEAL_FIND,     /* an activity whose create got no clear answer, by its title */
	TT_OP_DEAL_END,      /* deactivate */
};

enum tt_phase {
	TT_PH_IDLE = 0,   /* waiting for the next refresh */
	TT_PH_CATALOG,    /* product pages */
	TT_PH_ACT_SEARCH, /* activity pages */
	TT_PH_ACT_DETAIL, /* each activity's products and prices */
};

struct conn_tiktok {
	struct lk_store *store;
	struct lk_net *net;
	_Atomic uint64_t tick_id;
	atomic_long refs;
	atomic_bool stopping;
	_Atomic uint64_t job_id;

	/* settings */
	char *app_key;
	char *secret;
	char *api_base;
	char *auth_base;
	char *tokens_path;
	char *want_cipher; /* NULL: the only authorized shop */
	int page_size;
	int64_t refresh_ms;
	int64_t min_gap_ms; /* 1000 / max_qps */
	int64_t backoff_min_ms;

	/* worker only */
	char *auth_code; /* pasted, used once */
	char *used_code; /* the code the current tokens came from */
	bool tokens_loaded;
	struct lk_tiktok_tokens tok;
	char *token_header;
	struct lk_tiktok_shop shop;
	json_t *shops; /* the authorized shops {cipher, name, region}, kept in the tokens file for the dialog */
	enum tt_op inflight;
	int64_t not_before_ms;
	int64_t last_sent_ms;
	int failures;
	enum lk_tiktok_kind last_fail;
	bool stopped; /* needs the seller: no more requests until the settings change */
	bool token_expired;
	bool retried_after_refresh;
	int64_t clock_offset_s; /* TikTok's clock minus ours, once it refused our timestamp */
	enum tt_phase phase;
	bool synced;
	bool no_promotions; /* the app may not read promotions: catalog only */
	char *page_token;
	DARRAY(struct lk_product *) acc;
	DARRAY(struct lk_product *) shown;
	size_t skipped, skipped_said;
	int64_t next_refresh_ms;
	int64_t last_sync_ms;
	enum lk_conn_state state;
	/* activities of a pass */
	DARRAY(char *) act_ids;
	size_t act_next;
	DARRAY(struct lk_sale *) sales;     /* this pass */
	DARRAY(struct lk_sale *) published; /* as the store has them */
	const char *secrets[LK_TIKTOK_MAX_SECRETS + 1];

	/* activities Linkon creates for its own flash sales (lk-conn-tiktok-deal.c) */
	bool create_activities; /* the seller's setting, off by default */
	char *deals_path;       /* the journal file (0600) */
	bool deals_loaded;
	bool deals_denied;                   /* no Promotion Modify scope: no more creates */
	DARRAY(struct lk_tiktok_deal) deals; /* the journal, as in the file */
	DARRAY(char *) deals_settled;        /* sale ids the shop refused: not again */
	size_t deal_op;                      /* index into deals of the request in flight */
	pthread_mutex_t want_mutex;          /* wants: written by the store listener, read by the worker */
	DARRAY(struct lk_sale *) wants;      /* Linkon's own sales in pre-roll or live, as the store has them */
	int64_t deal_price;                  /* the price of the products call in flight */

	/* orders of the live show (lk-conn-tiktok-orders.c) */
	bool orders_on;
	int64_t orders_poll_ms;
	int orders_page_size;
	char *orders_show; /* the show being followed; NULL = none live */
	int64_t orders_start_ms;
	int64_t orders_since_s; /* update_time_ge of the pass */
	int64_t orders_newest_s;
	char *orders_token; /* the next page's token within a pass */
	bool orders_paging;
	int64_t orders_next_ms;
};

/* lk-conn-tiktok-shop.c: a signed call (body taken over), the platform's
 * clock in Unix seconds, a failure with backoff, a status. */
bool tt_call(struct conn_tiktok *c, enum tt_op op, const char *method, const char *path, bool scoped,
	     const struct lk_tiktok_param *extra, size_t n_extra, char *body);
int64_t tt_wall_s(const struct conn_tiktok *c);
void tt_fail(struct conn_tiktok *c, enum lk_tiktok_kind kind, const char *reason, int64_t now);
const struct lk_product *tt_product(const struct conn_tiktok *c, const char *product_id);
/* A refusal about one of Linkon's own deals: logged and shown as the status. */
void tt_deal_say(struct conn_tiktok *c, enum lk_msg_code code, const char *detail);

/* lk-conn-tiktok-orders.c */
void tt_orders_settings(struct conn_tiktok *c, json_t *settings);
void tt_orders_free(struct conn_tiktok *c);
void tt_orders_denied(struct conn_tiktok *c, const char *reason);
bool tt_orders_step(struct conn_tiktok *c, int64_t now);
void tt_orders_reply(struct conn_tiktok *c, const struct lk_tiktok_reply *r, int64_t now);

/* lk-conn-tiktok-deal.c */
void tt_deals_init(struct conn_tiktok *c, json_t *settings);
void tt_deals_free(struct conn_tiktok *c);
/* The store listener (any applying thread): notes Linkon's own live sales. */
void tt_store_changed(void *data, uint64_t version);
/* Worker: the next deal request, if one is due (journal first). */
bool tt_deal_step(struct conn_tiktok *c, int64_t now);
/* Worker: an answer to a deal op. true when it was dealt with; false: the
 * common handling goes on (backoff, refresh, status). */
bool tt_deal_reply(struct conn_tiktok *c, enum tt_op op, const struct lk_net_response *res,
		   const struct lk_tiktok_reply *r, int64_t now);
/* Whether an activity the shop lists is one Linkon created (not shown as a
 * shop deal: the Linkon sale is already on the timer). */
bool tt_deal_is_ours(const struct conn_tiktok *c, const char *activity_id);
