/*
 * Linkon — the TikTok Shop connector (Partner API, 202309 versions):
 * settings, tokens, the worker tick, signed requests, the catalog and the
 * shop's flash deals (activities) as Linkon flash sales. docs/tiktok-shop.md.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Settings, the "tiktok_shop" object of the config file (0600):
 *   {"app_key": "…", "app_secret": "…", "auth_code": "…" (pasted once),
 *    "access_token": "…", "refresh_token": "…", "access_token_expire_in": 0,
 *    "shop_cipher": "…", "refresh_s": 60, "page_size": 50, "max_qps": 10,
 *    "orders": true, "orders_poll_s": 10, "create_activities": false}
 * Tokens Linkon gets or refreshes itself are kept in tiktok-shop-tokens.json
 * (0600) beside the config file and win over older ones in the settings.
 * Test-only: "api_base", "auth_base", "tokens_path", "activities_journal_path",
 * "orders_page_size", "backoff_min_ms".
 * The secret and the tokens go only into the signature, the token request
 * and the x-tts-access-token header; every text that could carry one is
 * redacted before it is logged or shown.
 *
 * One request at a time, on the net worker, at most max_qps a second (the
 * platform allows 50 per API per app and shop). Order of work: a token
 * (pasted code, or a refresh 10 minutes before expiry or when the shop
 * says 105002), the shop (shop_cipher), then the journal of activities
 * Linkon created and its own live flash sales (lk-conn-tiktok-deal.c), the
 * orders of a live show (lk-conn-tiktok-orders.c), a catalog pass (page
 * tokens), then the activities and each one's detail; again every refresh_s.
 */
#include "lk-conn-tiktok-priv.h"
#include "lk-conn-catalog.h"
#include "lk-connector.h"
#include "lk-shopify-codec.h"
#include "lk-tiktok-sign.h"

#include <obs-module.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/darray.h>
#include <util/dstr.h>

static int64_t wall_s(void)
{
	return (int64_t)time(NULL);
}

int64_t tt_wall_s(const struct conn_tiktok *c)
{
	return wall_s() + c->clock_offset_s;
}

static void update_secrets(struct conn_tiktok *c)
{
	size_t n = 0;

	memset(c->secrets, 0, sizeof(c->secrets));
	c->secrets[n++] = c->secret;
	if (c->tok.access_token)
		c->secrets[n++] = c->tok.access_token;
	if (c->tok.refresh_token)
		c->secrets[n++] = c->tok.refresh_token;
	if (c->auth_code)
		c->secrets[n++] = c->auth_code;
}

/* ---- status ------------------------------------------------------------------ */

/* The status as a code (the docks translate it) and its English text; every
 * parameter is redacted as the text is. */
/* tt_status with a1 a reason code's words (a1_code, LK_MSG_NONE if none):
 * the docks show it translated. */
static void tt_status_reason(struct conn_tiktok *c, enum lk_conn_state state, enum lk_msg_code code, const char *a1,
			     enum lk_msg_code a1_code, const char *a2, int64_t next_retry_ms)
{
	struct lk_status st = {.state = state,
			       .connector = "tiktok_shop",
			       .next_retry_ms = next_retry_ms,
			       .last_sync_ms = c->last_sync_ms};
	struct dstr msg = {0}, r1 = {0}, r2 = {0};

	dstr_copy(&r1, a1 ? a1 : "");
	dstr_copy(&r2, a2 ? a2 : "");
	lk_tiktok_redact(&r1, c->secrets);
	lk_tiktok_redact(&r2, c->secrets);
	lk_msg_set(&st.msg, code, r1.array, r2.array, NULL);
	lk_msg_set_arg_code(&st.msg, 0, a1_code);
	lk_msg_format(&msg, &st.msg, NULL, NULL, NULL);
	lk_tiktok_redact(&msg, c->secrets);
	st.message = msg.array;
	lk_connector_publish_status(c->store, &st);
	dstr_free(&msg);
	dstr_free(&r1);
	dstr_free(&r2);
	c->state = state;
}

static void tt_status(struct conn_tiktok *c, enum lk_conn_state state, enum lk_msg_code code, const char *a1,
		      const char *a2, int64_t next_retry_ms)
{
	tt_status_reason(c, state, code, a1, LK_MSG_NONE, a2, next_retry_ms);
}

/* Logs a status's English text (redacted) at level. */
static void tt_log_msg(struct conn_tiktok *c, int level, enum lk_msg_code code, const char *a1, const char *a2)
{
	struct lk_msg m;
	struct dstr msg = {0};

	lk_msg_set(&m, code, a1, a2, NULL);
	lk_msg_format(&msg, &m, NULL, NULL, NULL);
	lk_tiktok_redact(&msg, c->secrets);
	blog(level, "[linkon] %s", msg.array);
	dstr_free(&msg);
}

static const char *shop_name(const struct conn_tiktok *c)
{
	return c->shop.name ? c->shop.name : "TikTok Shop";
}

static void status_good(struct conn_tiktok *c)
{
	char count[24];

	if (c->state == LK_CONN_CONNECTED && c->synced)
		return;
	if (!c->synced) {
		if (c->state != LK_CONN_SYNCING)
			tt_status(c, LK_CONN_SYNCING, LK_MSG_TIKTOK_READING, shop_name(c), NULL, 0);
	} else {
		snprintf(count, sizeof(count), "%zu", c->shown.num);
		tt_status(c, LK_CONN_CONNECTED, LK_MSG_TIKTOK_PRODUCTS, count, shop_name(c), 0);
	}
}

/* Needs the seller (authorize again, fix the settings): no retry. */
static void needs_seller(struct conn_tiktok *c, enum lk_msg_code code, const char *detail)
{
	c->stopped = true;
	tt_log_msg(c, LOG_WARNING, code, detail, NULL);
	tt_status(c, LK_CONN_AUTH_FAILED, code, detail, NULL, 0);
}

/* A deal of Linkon's own the shop refused: logged, and the status while it
 * lasts (the next good answer shows the catalog again). */
void tt_deal_say(struct conn_tiktok *c, enum lk_msg_code code, const char *detail)
{
	tt_log_msg(c, LOG_WARNING, code, detail, NULL);
	tt_status(c, c->state, code, detail, NULL, 0);
	if (c->state == LK_CONN_CONNECTED)
		c->state = LK_CONN_IDLE; /* status_good shows the catalog again */
}

/* A failed exchange: keeps every good state, backs off, says when. */
static void fail_as(struct conn_tiktok *c, enum lk_tiktok_kind kind, enum lk_msg_code code, const char *reason,
		    enum lk_msg_code reason_code, int64_t now)
{
	int shift = c->failures < 10 ? c->failures : 10;
	int64_t delay = c->backoff_min_ms << shift;
	char secs[24];

	if (delay > TT_BACKOFF_MAX_MS)
		delay = TT_BACKOFF_MAX_MS;
	if (kind == LK_TIKTOK_RATE_LIMITED)
		delay += rand() % (delay / 4 + 1); /* jitter: several PCs of one app do not retry in step */
	c->not_before_ms = now + delay;
	snprintf(secs, sizeof(secs), "%lld", (long long)((delay + 999) / 1000));
	if (!c->failures || kind != c->last_fail)
		tt_log_msg(c, LOG_WARNING, code, reason, secs);
	c->failures++;
	c->last_fail = kind;
	tt_status_reason(c, kind == LK_TIKTOK_MALFORMED ? LK_CONN_PROTOCOL_ERROR : LK_CONN_OFFLINE, code, reason,
			 reason_code, secs, c->not_before_ms);
}

void tt_fail(struct conn_tiktok *c, enum lk_tiktok_kind kind, const char *reason, int64_t now)
{
	fail_as(c, kind, kind == LK_TIKTOK_RATE_LIMITED ? LK_MSG_TIKTOK_RATE_LIMIT : LK_MSG_TIKTOK_RETRYING, reason,
		LK_MSG_NONE, now);
}

/* ---- tokens ---------------------------------------------------------------------- */

static void set_token_header(struct conn_tiktok *c)
{
	struct dstr h = {0};

	bfree(c->token_header);
	dstr_printf(&h, "x-tts-access-token: %s", c->tok.access_token ? c->tok.access_token : "");
	c->token_header = h.array;
	update_secrets(c);
}

static void tokens_save(struct conn_tiktok *c)
{
	json_t *j = json_pack("{s:s, s:s, s:I, s:s, s:I}", "app_key", c->app_key, "access_token", c->tok.access_token,
			      "access_token_expire_in", (json_int_t)c->tok.access_expire_s, "refresh_token",
			      c->tok.refresh_token, "refresh_token_expire_in", (json_int_t)c->tok.refresh_expire_s);
	/* the code these tokens came from: still in the settings after a
	 * restart, it must not be exchanged again (a code works once) */
	if (j && c->used_code)
		json_object_set_new(j, "used_auth_code", json_string(c->used_code));
	/* the authorized shops, for the Connection dialog's choice (no secrets) */
	if (j && c->shops)
		json_object_set(j, "shops", c->shops);
	char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;

	if (!text || !lk_conn_write_private_file(c->tokens_path, text))
		blog(LOG_WARNING, TT_LOG "could not save the new tokens; authorize again after a restart");
	if (text) {
		memset(text, 0, strlen(text));
		free(text);
	}
	json_decref(j);
}

/* Tokens Linkon saved itself, when they belong to this app and are newer. */
static void tokens_load(struct conn_tiktok *c)
{
	json_t *j = json_load_file(c->tokens_path, 0, NULL);
	const char *key = json_string_value(json_object_get(j, "app_key"));
	json_int_t exp = json_integer_value(json_object_get(j, "access_token_expire_in"));

	if (key && strcmp(key, c->app_key) == 0 && exp > c->tok.access_expire_s) {
		const char *a = json_string_value(json_object_get(j, "access_token"));
		const char *r = json_string_value(json_object_get(j, "refresh_token"));
		if (lk_connector_header_value_ok(a, 4096) && lk_connector_header_value_ok(r, 4096)) {
			lk_tiktok_tokens_free(&c->tok);
			c->tok.access_token = bstrdup(a);
			c->tok.refresh_token = bstrdup(r);
			c->tok.access_expire_s = exp;
			c->tok.refresh_expire_s = json_integer_value(json_object_get(j, "refresh_token_expire_in"));
		}
	}
	const char *used = json_string_value(json_object_get(j, "used_auth_code"));
	if (key && strcmp(key, c->app_key) == 0 && used) {
		c->used_code = bstrdup(used);
		if (c->auth_code && strcmp(c->auth_code, used) == 0 && c->tok.access_token) {
			bfree(c->auth_code);
			c->auth_code = NULL;
		}
	}
	json_decref(j);
}

/* ---- settings --------------------------------------------------------------------- */

static bool base_ok(const char *s)
{
	return s && lk_connector_header_value_ok(s, 1000) && lk_net_url_allowed(s);
}

static enum lk_msg_code parse_settings(struct conn_tiktok *c, json_t *s, enum lk_conn_state *state)
{
	const char *key = json_string_value(json_object_get(s, "app_key"));
	const char *secret = json_string_value(json_object_get(s, "app_secret"));
	const char *api = json_string_value(json_object_get(s, "api_base"));
	const char *auth = json_string_value(json_object_get(s, "auth_base"));
	const char *access = json_string_value(json_object_get(s, "access_token"));
	const char *refresh = json_string_value(json_object_get(s, "refresh_token"));
	const char *code = json_string_value(json_object_get(s, "auth_code"));
	const char *cipher = json_string_value(json_object_get(s, "shop_cipher"));

	*state = LK_CONN_PROTOCOL_ERROR;
	if ((api && !base_ok(api)) || (auth && !base_ok(auth)))
		return LK_MSG_TIKTOK_BAD_BASE;
	if (cipher && *cipher && !lk_connector_header_value_ok(cipher, 512))
		return LK_MSG_TIKTOK_BAD_CIPHER;
	*state = LK_CONN_AUTH_FAILED;
	if (!lk_connector_header_value_ok(key, 128) || !lk_connector_header_value_ok(secret, 256))
		return LK_MSG_TIKTOK_NEED_APP;
	c->app_key = bstrdup(key);
	c->secret = bstrdup(secret);
	c->api_base = bstrdup(api ? api : TT_API);
	c->auth_base = bstrdup(auth ? auth : TT_AUTH);
	c->tokens_path = lk_connector_own_file(s, "tokens_path", TT_TOKENS_FILE);
	c->want_cipher = cipher && *cipher ? bstrdup(cipher) : NULL;
	if (lk_connector_header_value_ok(access, 4096))
		c->tok.access_token = bstrdup(access);
	if (lk_connector_header_value_ok(refresh, 4096))
		c->tok.refresh_token = bstrdup(refresh);
	c->tok.access_expire_s = lk_connector_setting_int(s, "access_token_expire_in", 0, 0, INT64_MAX);
	c->tok.refresh_expire_s = lk_connector_setting_int(s, "refresh_token_expire_in", 0, 0, INT64_MAX);
	if (lk_connector_header_value_ok(code, 1024))
		c->auth_code = bstrdup(code);
	c->page_size = (int)lk_connector_setting_int(s, "page_size", 50, 1, 100);
	c->refresh_ms = lk_connector_setting_int(s, "refresh_s", 60, 1, 86400) * 1000;
	c->min_gap_ms = 1000 / lk_connector_setting_int(s, "max_qps", 10, 1, 50);
	c->backoff_min_ms = lk_connector_setting_int(s, "backoff_min_ms", 1000, 20, TT_BACKOFF_MAX_MS);
	set_token_header(c);
	return LK_MSG_NONE;
}

/* ---- requests ---------------------------------------------------------------------- */

static void tt_release(struct conn_tiktok *c)
{
	if (atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	lk_conn_release_products(c->acc.array, c->acc.num);
	da_free(c->acc);
	lk_conn_release_products(c->shown.array, c->shown.num);
	da_free(c->shown);
	for (size_t i = 0; i < c->act_ids.num; i++)
		bfree(c->act_ids.array[i]);
	da_free(c->act_ids);
	for (size_t i = 0; i < c->sales.num; i++)
		lk_sale_release(c->sales.array[i]);
	da_free(c->sales);
	for (size_t i = 0; i < c->published.num; i++)
		lk_sale_release(c->published.array[i]);
	da_free(c->published);
	lk_tiktok_tokens_free(&c->tok);
	lk_tiktok_shop_free(&c->shop);
	tt_deals_free(c);
	tt_orders_free(c);
	json_decref(c->shops);
	bfree(c->app_key);
	bfree(c->secret);
	bfree(c->api_base);
	bfree(c->auth_base);
	bfree(c->tokens_path);
	bfree(c->want_cipher);
	bfree(c->auth_code);
	bfree(c->used_code);
	bfree(c->token_header);
	bfree(c->page_token);
	bfree(c);
}

static void on_response(void *data, const struct lk_net_response *res);

/* Sends a request; url and body are taken over (bfree'd). */
static bool tt_send(struct conn_tiktok *c, enum tt_op op, const char *method, char *url, char *body, bool signed_call)
{
	const char *headers[] = {signed_call ? c->token_header : "Accept: application/json",
				 "Content-Type: application/json", NULL};
	struct lk_net_request req = {
		.method = method,
		.url = url,
		.headers = headers,
		.body = body,
		.body_len = body ? strlen(body) : 0,
		.max_bytes = TT_MAX_BODY,
		.timeout_ms = TT_TIMEOUT_MS,
	};

	atomic_fetch_add(&c->refs, 1);
	c->inflight = op;
	uint64_t id = lk_net_request(c->net, &req, on_response, c);
	if (url)
		memset(url, 0, strlen(url)); /* a token request's URL holds the secret */
	bfree(url);
	bfree(body);
	if (!id) {
		c->inflight = TT_OP_NONE;
		tt_release(c);
		return false;
	}
	atomic_store(&c->job_id, id);
	return true;
}

/* A signed call to path with extra query params. */
bool tt_call(struct conn_tiktok *c, enum tt_op op, const char *method, const char *path, bool scoped,
	     const struct lk_tiktok_param *extra, size_t n_extra, char *body)
{
	char ts[24], sign[LK_TIKTOK_SIGN_HEX];
	struct lk_tiktok_param params[8];
	size_t n = 0;
	struct dstr q = {0}, url = {0};

	snprintf(ts, sizeof(ts), "%lld", (long long)(wall_s() + c->clock_offset_s));
	params[n++] = (struct lk_tiktok_param){"app_key", c->app_key};
	params[n++] = (struct lk_tiktok_param){"timestamp", ts};
	if (scoped)
		params[n++] = (struct lk_tiktok_param){"shop_cipher", c->shop.cipher};
	for (size_t i = 0; i < n_extra && n < 8; i++)
		params[n++] = extra[i];
	if (!lk_tiktok_sign(c->secret, path, params, n, body, body ? strlen(body) : 0, sign)) {
		bfree(body);
		return false;
	}
	lk_tiktok_query(&q, params, n, sign);
	dstr_printf(&url, "%s%s?%s", c->api_base, path, q.array);
	dstr_free(&q);
	return tt_send(c, op, method, url.array, body, true);
}

static bool token_request(struct conn_tiktok *c, bool refresh)
{
	struct dstr url = {0}, q = {0};
	const struct lk_tiktok_param get[] = {{"app_key", c->app_key},
					      {"app_secret", c->secret},
					      {"auth_code", c->auth_code},
					      {"grant_type", "authorized_code"}};
	const struct lk_tiktok_param ref[] = {{"app_key", c->app_key},
					      {"app_secret", c->secret},
					      {"refresh_token", c->tok.refresh_token},
					      {"grant_type", "refresh_token"}};

	lk_tiktok_query(&q, refresh ? ref : get, 4, NULL);
	dstr_printf(&url, "%s/api/v2/token/%s?%s", c->auth_base, refresh ? "refresh" : "get", q.array);
	memset(q.array, 0, q.len);
	dstr_free(&q);
	return tt_send(c, refresh ? TT_OP_TOKEN_REFRESH : TT_OP_TOKEN_GET, "GET", url.array, NULL, false);
}

/* ---- answers ------------------------------------------------------------------------ */

static void got_tokens(struct conn_tiktok *c, const struct lk_tiktok_reply *r, enum tt_op op, int64_t now)
{
	struct lk_tiktok_tokens t;
	char err[LK_TIKTOK_ERR_SIZE];

	if (!lk_tiktok_decode_tokens(r, &t, err, sizeof(err))) {
		tt_fail(c, LK_TIKTOK_MALFORMED, err, now);
		return;
	}
	lk_tiktok_tokens_free(&c->tok);
	c->tok = t;
	if (op == TT_OP_TOKEN_GET) {
		bfree(c->used_code);
		c->used_code = c->auth_code; /* single use */
		c->auth_code = NULL;
	}
	c->token_expired = false;
	set_token_header(c);
	tokens_save(c);
	blog(LOG_INFO, TT_LOG "%s; the access token is good for %lld more hours",
	     op == TT_OP_TOKEN_GET ? "authorized" : "access token refreshed",
	     (long long)((c->tok.access_expire_s - wall_s()) / 3600));
	c->failures = 0;
}

static void got_shop(struct conn_tiktok *c, const struct lk_tiktok_reply *r, int64_t now)
{
	char err[LK_TIKTOK_ERR_SIZE];
	struct lk_tiktok_shop shop;

	json_t *list = json_object_get(r->data, "shops");
	if (json_is_array(list) && (!c->shops || !json_equal(c->shops, list))) {
		json_t *shops = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(list, i, e)
		{
			const char *cipher = json_string_value(json_object_get(e, "cipher"));
			const char *name = json_string_value(json_object_get(e, "name"));
			const char *region = json_string_value(json_object_get(e, "region"));
			if (cipher && lk_connector_header_value_ok(cipher, 512) && i < 100)
				json_array_append_new(shops,
						      json_pack("{s:s, s:s, s:s}", "cipher", cipher, "name",
								name ? name : "", "region", region ? region : ""));
		}
		json_decref(c->shops);
		c->shops = shops;
		if (c->tok.access_token)
			tokens_save(c);
	}
	if (!lk_tiktok_decode_shop(r, c->want_cipher, &shop, err, sizeof(err))) {
		needs_seller(c, LK_MSG_TIKTOK_SHOPS, err);
		return;
	}
	lk_tiktok_shop_free(&c->shop);
	c->shop = shop;
	blog(LOG_INFO, TT_LOG "shop %s (%s)", shop_name(c), c->shop.region ? c->shop.region : "?");
	c->failures = 0;
	status_good(c);
}

static void publish_sales(struct conn_tiktok *c)
{
	struct lk_events evs;

	lk_events_init(&evs);
	for (size_t i = 0; i < c->sales.num; i++) {
		struct lk_sale *s = c->sales.array[i];
		bool same = false;
		for (size_t j = 0; j < c->published.num && !same; j++)
			same = lk_sale_inputs_equal(c->published.array[j], s);
		if (!same)
			lk_events_sale_put(&evs, lk_sale_addref(s));
	}
	if (evs.da.num)
		lk_store_apply(c->store, &evs);
	lk_events_free(&evs);
	for (size_t i = 0; i < c->published.num; i++)
		lk_sale_release(c->published.array[i]);
	da_free(c->published);
	da_move(c->published, c->sales);
}

static void pass_done(struct conn_tiktok *c, int64_t now)
{
	c->phase = TT_PH_IDLE;
	c->next_refresh_ms = now + c->refresh_ms;
	publish_sales(c);
}

static void catalog_finish(struct conn_tiktok *c, int64_t now)
{
	lk_shopify_carry_stock_totals(c->acc.array, c->acc.num, c->shown.array, c->shown.num);
	if (c->skipped && c->skipped != c->skipped_said)
		blog(LOG_WARNING, TT_LOG "%zu products left out (not active, no SKU or an unreadable price)",
		     c->skipped);
	c->skipped_said = c->skipped;
	c->skipped = 0;
	lk_conn_catalog_publish(c->store, c->shown.array, c->shown.num, c->acc.array, c->acc.num, TT_MAX_PUTS);
	lk_conn_release_products(c->shown.array, c->shown.num);
	da_free(c->shown);
	da_move(c->shown, c->acc);
	c->last_sync_ms = now;
	c->synced = true;
	c->state = LK_CONN_IDLE; /* status_good publishes the count and the sync time */
	status_good(c);
	for (size_t i = 0; i < c->act_ids.num; i++)
		bfree(c->act_ids.array[i]);
	da_free(c->act_ids);
	c->act_next = 0;
	c->phase = c->no_promotions ? TT_PH_IDLE : TT_PH_ACT_SEARCH;
	if (c->no_promotions)
		pass_done(c, now);
}

static void got_products(struct conn_tiktok *c, const struct lk_tiktok_reply *r, int64_t now)
{
	struct lk_tiktok_page page;
	char err[LK_TIKTOK_ERR_SIZE];

	if (!lk_tiktok_decode_products(r, &page, err, sizeof(err))) {
		tt_fail(c, LK_TIKTOK_MALFORMED, err, now);
		return;
	}
	c->failures = 0;
	for (size_t i = 0; i < page.num_products; i++) {
		if (c->acc.num < TT_MAX_PRODUCTS)
			da_push_back(c->acc, &page.products[i]);
		else
			lk_product_release(page.products[i]);
	}
	page.num_products = 0;
	c->skipped += page.skipped;
	bfree(c->page_token);
	c->page_token = NULL;
	if (page.next_page_token && c->acc.num < TT_MAX_PRODUCTS) {
		c->page_token = page.next_page_token;
		page.next_page_token = NULL;
		status_good(c);
	} else {
		catalog_finish(c, now);
	}
	lk_tiktok_page_free(&page);
}

static void got_activity_ids(struct conn_tiktok *c, const struct lk_tiktok_reply *r, int64_t now)
{
	char **ids = NULL, *next = NULL, err[LK_TIKTOK_ERR_SIZE];
	size_t n = 0;

	if (!lk_tiktok_decode_activity_ids(r, &ids, &n, &next, err, sizeof(err))) {
		tt_fail(c, LK_TIKTOK_MALFORMED, err, now);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (c->act_ids.num < TT_MAX_ACTIVITIES && !tt_deal_is_ours(c, ids[i]))
			da_push_back(c->act_ids, &ids[i]);
		else
			bfree(ids[i]);
	}
	bfree(ids);
	bfree(c->page_token);
	c->page_token = next && c->act_ids.num < TT_MAX_ACTIVITIES ? next : NULL;
	if (!c->page_token) {
		bfree(next);
		c->phase = TT_PH_ACT_DETAIL;
		c->act_next = 0;
	}
	c->failures = 0;
}

const struct lk_product *tt_product(const struct conn_tiktok *c, const char *product_id)
{
	for (size_t i = 0; i < c->shown.num; i++) {
		if (strcmp(c->shown.array[i]->id, product_id) == 0)
			return c->shown.array[i];
	}
	return NULL;
}

static int64_t price_of(void *data, const char *product_id)
{
	const struct lk_product *p = tt_product(data, product_id);

	return p ? p->price : 0;
}

static void got_activity(struct conn_tiktok *c, const struct lk_tiktok_reply *r, int64_t now)
{
	struct lk_sale **sales = NULL;
	size_t n = 0;
	char err[LK_TIKTOK_ERR_SIZE];

	/* Linkon's own activities are its sales already (and ended ones stay
	 * ended): never read back as the shop's deals */
	const char *title = json_string_value(json_object_get(r->data, "title"));
	if (title && strncmp(title, LK_TIKTOK_DEAL_TITLE_PREFIX, strlen(LK_TIKTOK_DEAL_TITLE_PREFIX)) == 0) {
		c->act_next++;
		c->failures = 0;
		return;
	}
	/* a deal that cannot be read is left out; the rest still show */
	if (!lk_tiktok_activity_sales(r, price_of, c, (wall_s() + c->clock_offset_s) * 1000, &sales, &n, err,
				      sizeof(err)))
		blog(LOG_WARNING, TT_LOG "an activity left out: %s", err);
	for (size_t i = 0; i < n; i++) {
		if (price_of(c, sales[i]->product_id) > 0)
			da_push_back(c->sales, &sales[i]);
		else
			lk_sale_release(sales[i]); /* not in the catalog (inactive): no card to show it on */
	}
	bfree(sales);
	c->act_next++;
	c->failures = 0;
}

/* The shop refused our timestamp: tell the skew (from its Date header) and
 * sign with its clock from now on. */
static void clock_refused(struct conn_tiktok *c, const struct lk_net_response *res, const struct lk_tiktok_reply *r,
			  int64_t now)
{
	int64_t skew = res->date_ms > 0 ? res->date_ms / 1000 - wall_s() : 0;
	char secs[24];

	if (res->date_ms <= 0 || (skew > -TT_SKEW_SAY_S && skew < TT_SKEW_SAY_S)) {
		fail_as(c, LK_TIKTOK_SIGNATURE, LK_MSG_TIKTOK_CLOCK_CHECK, r->message, LK_MSG_NONE, now);
		return;
	}
	c->clock_offset_s = skew;
	snprintf(secs, sizeof(secs), "%lld", (long long)(skew > 0 ? skew : -skew));
	enum lk_msg_code code = skew > 0 ? LK_MSG_TIKTOK_CLOCK_BEHIND : LK_MSG_TIKTOK_CLOCK_AHEAD;
	tt_log_msg(c, LOG_WARNING, code, secs, NULL);
	tt_status(c, LK_CONN_OFFLINE, code, secs, NULL, now + c->backoff_min_ms);
	c->not_before_ms = now + c->backoff_min_ms;
}

static void handle_error(struct conn_tiktok *c, enum tt_op op, const struct lk_net_response *res,
			 const struct lk_tiktok_reply *r, int64_t now)
{
	bool token_op = op == TT_OP_TOKEN_GET || op == TT_OP_TOKEN_REFRESH;

	switch (r->kind) {
	case LK_TIKTOK_TOKEN_EXPIRED:
		if (op != TT_OP_TOKEN_REFRESH && !c->retried_after_refresh && c->tok.refresh_token) {
			c->token_expired = true; /* refresh, then this request again */
			c->retried_after_refresh = true;
			blog(LOG_INFO, TT_LOG "the access token expired; refreshing it");
			return;
		}
		needs_seller(c, LK_MSG_TIKTOK_EXPIRED, NULL);
		return;
	case LK_TIKTOK_SCOPE:
		if (op == TT_OP_ORDERS) {
			tt_orders_denied(c, r->message); /* the catalog and deals go on */
			break;
		}
		if (op == TT_OP_ACTIVITIES || op == TT_OP_ACTIVITY) {
			/* the catalog goes on; the shop's deals are not shown */
			blog(LOG_WARNING,
			     TT_LOG "flash deals not shown: %s (add Promotion Information to the app's "
				    "scopes and authorize again)",
			     r->message);
			c->no_promotions = true;
			pass_done(c, now);
			break;
		}
		needs_seller(c, LK_MSG_TIKTOK_SCOPE, r->message);
		break;
	case LK_TIKTOK_SIGNATURE:
		if (r->timestamp_refused)
			clock_refused(c, res, r, now);
		else
			needs_seller(c, token_op ? LK_MSG_TIKTOK_BAD_APP : LK_MSG_TIKTOK_BAD_SIGN, r->message);
		break;
	case LK_TIKTOK_SHOP:
		needs_seller(c, LK_MSG_TIKTOK_WRONG_SHOP, r->message);
		break;
	case LK_TIKTOK_REFUSED:
		if (token_op) {
			needs_seller(c, LK_MSG_TIKTOK_CODE_USED, r->message);
			break;
		}
		/* a refusal under HTTP 200 may pass: retried like an outage */
		tt_fail(c, r->kind, r->message, now);
		break;
	default:
		if (r->kind == LK_TIKTOK_RATE_LIMITED && !c->failures)
			blog(LOG_INFO, TT_LOG "rate limited by TikTok Shop; backing off");
		tt_fail(c, r->kind, r->message, now);
		break;
	}
}

static void handle_reply(struct conn_tiktok *c, enum tt_op op, const struct lk_net_response *res,
			 const struct lk_tiktok_reply *r, int64_t now)
{
	if (op >= TT_OP_DEAL_CREATE && tt_deal_reply(c, op, res, r, now)) {
		if (r->kind == LK_TIKTOK_OK) {
			c->failures = 0;
			c->retried_after_refresh = false;
			status_good(c);
		}
		return;
	}
	if (!res->ok) {
		fail_as(c, LK_TIKTOK_UNAVAILABLE, LK_MSG_TIKTOK_UNREACHABLE, res->error ? res->error : "no answer",
			(enum lk_msg_code)res->error_code, now);
		return;
	}
	if (r->kind != LK_TIKTOK_OK) {
		handle_error(c, op, res, r, now);
		return;
	}
	if (op != TT_OP_TOKEN_GET && op != TT_OP_TOKEN_REFRESH && res->date_ms > 0) {
		struct lk_events evs;
		lk_events_init(&evs);
		lk_events_server_time(&evs, res->date_ms + 500, res->sent_ms, res->head_ms ? res->head_ms : now);
		lk_store_apply(c->store, &evs);
		lk_events_free(&evs);
	}
	if (op != TT_OP_TOKEN_REFRESH)
		c->retried_after_refresh = false;
	switch (op) {
	case TT_OP_TOKEN_GET:
	case TT_OP_TOKEN_REFRESH:
		got_tokens(c, r, op, now);
		break;
	case TT_OP_SHOPS:
		got_shop(c, r, now);
		break;
	case TT_OP_PRODUCTS:
		got_products(c, r, now);
		break;
	case TT_OP_ACTIVITIES:
		got_activity_ids(c, r, now);
		break;
	case TT_OP_ACTIVITY:
		got_activity(c, r, now);
		break;
	case TT_OP_ORDERS:
		tt_orders_reply(c, r, now);
		break;
	default:
		break;
	}
}

static void on_response(void *data, const struct lk_net_response *res)
{
	struct conn_tiktok *c = data;
	struct lk_tiktok_reply r;
	int64_t now = lk_now_ms();
	enum tt_op op = c->inflight;

	atomic_store(&c->job_id, 0);
	if (atomic_load(&c->stopping)) {
		tt_release(c);
		return;
	}
	c->inflight = TT_OP_NONE;
	lk_tiktok_reply_parse(res->ok ? res->http_status : 0, res->ok ? res->body : NULL, res->body_len, c->secrets,
			      &r);
	handle_reply(c, op, res, &r, now);
	lk_tiktok_reply_free(&r);
	lk_net_wake_tick(c->net, atomic_load(&c->tick_id));
	tt_release(c);
}

/* ---- the tick ------------------------------------------------------------------------ */

static bool next_request(struct conn_tiktok *c, int64_t now)
{
	int64_t wall = wall_s() + c->clock_offset_s;
	char size[16];

	if (!c->tokens_loaded) { /* a file: read on the worker, not in create (the UI thread) */
		c->tokens_loaded = true;
		tokens_load(c);
		set_token_header(c);
	}
	if (!c->tok.access_token && !c->auth_code) {
		needs_seller(c, LK_MSG_TIKTOK_AUTHORIZE, NULL);
		return false;
	}
	if (c->auth_code)
		return token_request(c, false);
	if (c->token_expired || (c->tok.access_expire_s && wall >= c->tok.access_expire_s - TT_REFRESH_EARLY_S)) {
		if (!c->tok.refresh_token || (c->tok.refresh_expire_s && wall >= c->tok.refresh_expire_s)) {
			needs_seller(c, LK_MSG_TIKTOK_EXPIRED, NULL);
			return false;
		}
		return token_request(c, true);
	}
	if (!c->shop.cipher)
		return tt_call(c, TT_OP_SHOPS, "GET", "/authorization/202309/shops", false, NULL, 0, NULL);
	if (tt_deal_step(c, now))
		return true; /* the journal and Linkon's own deals go before the catalog */
	if (tt_orders_step(c, now))
		return true;
	if (c->phase == TT_PH_IDLE) {
		if (now < c->next_refresh_ms)
			return false;
		c->phase = TT_PH_CATALOG;
		if (!c->synced && !c->failures)
			status_good(c);
	}
	snprintf(size, sizeof(size), "%d", c->page_size);
	struct lk_tiktok_param page[] = {{"page_size", size}, {"page_token", c->page_token}};
	switch (c->phase) {
	case TT_PH_CATALOG:
		return tt_call(c, TT_OP_PRODUCTS, "POST", "/product/202309/products/search", true, page, 2,
			       bstrdup("{\"status\":\"ACTIVATE\"}"));
	case TT_PH_ACT_SEARCH: {
		json_t *b = json_pack("{s:i}", "page_size", c->page_size);
		if (c->page_token)
			json_object_set_new(b, "page_token", json_string(c->page_token));
		char *text = json_dumps(b, JSON_COMPACT);
		char *body = text ? bstrdup(text) : NULL;
		free(text);
		json_decref(b);
		return tt_call(c, TT_OP_ACTIVITIES, "POST", "/promotion/202309/activities/search", true, NULL, 0, body);
	}
	case TT_PH_ACT_DETAIL:
		if (c->act_next < c->act_ids.num) {
			struct dstr path = {0};
			dstr_copy(&path, "/promotion/202309/activities/");
			lk_tiktok_url_encode(&path, c->act_ids.array[c->act_next]);
			bool sent = tt_call(c, TT_OP_ACTIVITY, "GET", path.array, true, NULL, 0, NULL);
			dstr_free(&path);
			return sent;
		}
		pass_done(c, now);
		return false;
	default:
		return false;
	}
}

static int64_t tt_tick(void *data, int64_t now)
{
	struct conn_tiktok *c = data;

	if (c->inflight != TT_OP_NONE || c->stopped)
		return TT_MAX_SLEEP_MS; /* an answer wakes us */
	if (now < c->not_before_ms)
		return c->not_before_ms - now;
	if (now < c->last_sent_ms + c->min_gap_ms)
		return c->last_sent_ms + c->min_gap_ms - now; /* within the rate limit */
	if (next_request(c, now)) {
		c->last_sent_ms = now;
		return TT_IDLE_MS;
	}
	if (c->stopped)
		return TT_MAX_SLEEP_MS;
	if (now < c->not_before_ms)
		return c->not_before_ms - now;
	int64_t delay = c->phase == TT_PH_IDLE ? c->next_refresh_ms - now : 1;
	return delay < 1 ? 1 : (delay > TT_MAX_SLEEP_MS ? TT_MAX_SLEEP_MS : delay);
}

/* ---- life cycle ------------------------------------------------------------------------ */

static void *tt_create(struct lk_store *store, struct lk_net *net, json_t *settings, const char *data_dir)
{
	struct conn_tiktok *c = bzalloc(sizeof(*c));
	enum lk_conn_state state;

	c->store = store;
	c->net = net;
	atomic_init(&c->refs, 1);
	tt_deals_init(c, settings);
	tt_orders_settings(c, settings);
	enum lk_msg_code why = parse_settings(c, settings, &state);
	update_secrets(c);
	if (why || !net) {
		tt_log_msg(c, LOG_WARNING, why ? why : LK_MSG_TIKTOK_NO_NETWORK, NULL, NULL);
		tt_status(c, why ? state : LK_CONN_OFFLINE, why ? why : LK_MSG_TIKTOK_NO_NETWORK, NULL, NULL, 0);
		tt_release(c);
		return NULL;
	}
	tt_status(c, LK_CONN_CONNECTING, LK_MSG_TIKTOK_CONNECTING, NULL, NULL, 0);
	blog(LOG_INFO, TT_LOG "connecting (app %s; Linkon's flash sales %s)", c->app_key,
	     c->create_activities ? "created as activities on the shop" : "shown on stream only");
	if (c->create_activities) {
		lk_store_add_listener(store, tt_store_changed, c);
		tt_store_changed(c, 0);
	}
	atomic_store(&c->tick_id, lk_net_add_tick(net, tt_tick, c));
	return c;
}

static void tt_destroy(void *data)
{
	struct conn_tiktok *c = data;

	if (!c)
		return;
	if (c->create_activities)
		lk_store_remove_listener(c->store, tt_store_changed, c);
	lk_net_remove_tick(c->net, atomic_load(&c->tick_id));
	atomic_store(&c->stopping, true);
	uint64_t id = atomic_load(&c->job_id);
	if (id)
		lk_net_cancel(c->net, id);
	tt_release(c);
}

const struct lk_connector_info lk_conn_tiktok_shop = {
	.id = "tiktok_shop",
	.create = tt_create,
	.destroy = tt_destroy,
	/* no API pins a product in a LIVE room or runs an in-LIVE flash deal:
	 * pins and sales started in Linkon are applied to the store by the
	 * controller; the shop's own deals arrive as sales (docs/tiktok-shop.md) */
	.pin = NULL,
	.start_sale = NULL,
	.stop_sale = NULL,
};
