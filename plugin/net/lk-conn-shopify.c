/*
 * Linkon — the Shopify connector (Admin GraphQL API): settings, life cycle,
 * the worker tick, pacing by query cost, the catalog and the status.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Settings, the "shopify" object of the config file (docs/shopify.md):
 *   {"shop": "name.myshopify.com", "token": "shpat_…", "api_version": "2025-01",
 *    "write_sale_prices": false, "refresh_s": 60, "page_size": 50}
 * Test-only: "endpoint" (the whole GraphQL URL), "journal_path",
 * "backoff_min_ms". The token goes only into the X-Shopify-Access-Token
 * header: every text that could carry it is redacted before it is logged
 * or shown, and it is never logged itself.
 *
 * One request at a time, on the net worker. Before each, the connector
 * waits until the cost bucket (extensions.cost.throttleStatus of the last
 * answer, refilled at restoreRate since) holds the query's cost; a
 * THROTTLED answer backs off and retries the same request.
 */
#include "lk-conn-shopify-priv.h"
#include "lk-conn-catalog.h"

#include <obs-module.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/dstr.h>

#define SH_IDLE_MS 1000
#define SH_MAX_SLEEP_MS 5000
#define SH_BACKOFF_MAX_MS 60000
#define SH_MAX_PRODUCTS 10000
#define SH_MAX_BODY ((size_t)8 << 20)
#define SH_TIMEOUT_MS 30000L
#define SH_JOURNAL_FILE "shopify-journal.json"
#define SH_MAX_PUTS 64       /* more changed products than this: one catalog event */
#define SH_PACE_MARGIN_MS 20 /* the shop's clock and ours: wait a little past the exact refill */

/* ---- settings ------------------------------------------------------------- */

/* "name", "name.myshopify.com" or "https://name.myshopify.com/" to the
 * host; NULL if it is not a plain host name. New bmalloc'd string. */
static char *shop_host(const char *shop)
{
	struct dstr h = {0};

	if (!shop)
		return NULL;
	if (astrcmpi_n(shop, "https://", 8) == 0)
		shop += 8;
	dstr_copy(&h, shop);
	while (h.len && h.array[h.len - 1] == '/')
		dstr_resize(&h, h.len - 1);
	for (size_t i = 0; h.array && i < h.len; i++) {
		char ch = h.array[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			  ch == '-' || ch == '.';
		if (!ok || h.len > 200) {
			dstr_free(&h);
			return NULL;
		}
	}
	if (h.len && !strchr(h.array, '.'))
		dstr_cat(&h, ".myshopify.com");
	return h.len ? h.array : NULL;
}

static bool version_ok(const char *v)
{
	if (v && strcmp(v, "unstable") == 0)
		return true;
	return v && strlen(v) == 7 && v[4] == '-' && strspn(v, "0123456789-") == 7;
}

/* Fills c's settings, or returns the reason's code (and *state). */
static enum lk_msg_code parse_settings(struct conn_shopify *c, json_t *s, enum lk_conn_state *state)
{
	const char *token = json_string_value(json_object_get(s, "token"));
	const char *version = json_string_value(json_object_get(s, "api_version"));
	const char *endpoint = json_string_value(json_object_get(s, "endpoint"));
	struct dstr d = {0};

	*state = LK_CONN_PROTOCOL_ERROR;
	c->shop = shop_host(json_string_value(json_object_get(s, "shop")));
	if (!c->shop)
		return LK_MSG_SHOPIFY_NEED_SHOP;
	if (!version)
		version = "2025-01";
	if (!version_ok(version))
		return LK_MSG_SHOPIFY_BAD_VERSION;
	if (endpoint && (!lk_connector_header_value_ok(endpoint, 2000) || !lk_net_url_allowed(endpoint)))
		return LK_MSG_SHOPIFY_BAD_ENDPOINT;
	*state = LK_CONN_AUTH_FAILED;
	if (!lk_connector_header_value_ok(token, 4096))
		return LK_MSG_SHOPIFY_NEED_TOKEN;

	if (endpoint)
		dstr_copy(&d, endpoint);
	else
		dstr_printf(&d, "https://%s/admin/api/%s/graphql.json", c->shop, version);
	c->url = d.array;
	c->token = bstrdup(token);
	d = (struct dstr){0};
	dstr_printf(&d, "X-Shopify-Access-Token: %s", token);
	c->token_header = d.array;
	c->journal_path = lk_connector_own_file(s, "journal_path", SH_JOURNAL_FILE);
	c->write_prices = json_is_true(json_object_get(s, "write_sale_prices"));
	const char *buy_link = json_string_value(json_object_get(s, "buy_link"));
	c->cart_links = buy_link && strcmp(buy_link, "cart") == 0;
	c->page_size = (int)lk_connector_setting_int(s, "page_size", 50, 1, 250);
	c->refresh_ms = lk_connector_setting_int(s, "refresh_s", 60, 1, 86400) * 1000;
	c->backoff_min_ms = lk_connector_setting_int(s, "backoff_min_ms", 1000, 20, SH_BACKOFF_MAX_MS);
	sh_orders_settings(c, s);
	return LK_MSG_NONE;
}

/* ---- status --------------------------------------------------------------- */

/* sh_status with a2 said by the shop with a known code (a2_code, a
 * reason code of lk-msg.h, or LK_MSG_NONE): the docks show it translated. */
static void sh_status_reason(struct conn_shopify *c, enum lk_conn_state state, enum lk_msg_code code, const char *a1,
			     const char *a2, enum lk_msg_code a2_code, const char *a3, int64_t next_retry_ms)
{
	struct lk_status st = {.state = state,
			       .connector = "shopify",
			       .next_retry_ms = next_retry_ms,
			       .last_sync_ms = c->last_sync_ms};
	const char *args[LK_MSG_ARGS] = {a1, a2, a3};
	struct dstr msg = {0}, red[LK_MSG_ARGS] = {{0}};

	for (int i = 0; i < LK_MSG_ARGS; i++) { /* a parameter is redacted as the text is */
		dstr_copy(&red[i], args[i] ? args[i] : "");
		lk_redact(&red[i], c->token);
	}
	lk_msg_set(&st.msg, code, red[0].array, red[1].array, red[2].array);
	lk_msg_set_arg_code(&st.msg, 1, a2_code);
	for (int i = 0; i < LK_MSG_ARGS; i++)
		dstr_free(&red[i]);
	lk_msg_format(&msg, &st.msg, NULL, NULL, NULL);
	lk_redact(&msg, c->token);
	st.message = msg.array;
	lk_connector_publish_status(c->store, &st);
	dstr_free(&msg);
	c->state = state;
}

void sh_status(struct conn_shopify *c, enum lk_conn_state state, enum lk_msg_code code, const char *a1, const char *a2,
	       const char *a3, int64_t next_retry_ms)
{
	sh_status_reason(c, state, code, a1, a2, LK_MSG_NONE, a3, next_retry_ms);
}

/* The status after a good answer: syncing during the first pass. */
static void status_good(struct conn_shopify *c)
{
	struct dstr msg = {0};

	if (c->state == LK_CONN_CONNECTED && c->synced)
		return;
	if (!c->synced) {
		if (c->state == LK_CONN_SYNCING)
			return;
		sh_status(c, LK_CONN_SYNCING, LK_MSG_SHOPIFY_READING, c->shop, NULL, NULL, 0);
	} else {
		dstr_printf(&msg, "%zu", c->num_shown);
		sh_status(c, LK_CONN_CONNECTED, LK_MSG_SHOPIFY_PRODUCTS, msg.array, c->shop, NULL, 0);
	}
	dstr_free(&msg);
}

/* A failed exchange: keeps every good state, backs off, says when (code:
 * the status, %1 shop, %2 reason, %3 seconds). */
static void sh_fail_as(struct conn_shopify *c, enum lk_shopify_kind kind, enum lk_msg_code code, const char *reason,
		       int reason_code, int64_t now)
{
	struct dstr msg = {0};
	struct lk_msg m;
	int shift = c->failures < 10 ? c->failures : 10;
	int64_t delay = c->backoff_min_ms << shift;

	if (delay > SH_BACKOFF_MAX_MS)
		delay = SH_BACKOFF_MAX_MS;
	c->not_before_ms = now + delay;
	char secs[24];
	snprintf(secs, sizeof(secs), "%lld", (long long)((delay + 999) / 1000));
	lk_msg_set(&m, code, c->shop, reason, secs);
	lk_msg_format(&msg, &m, NULL, NULL, NULL);
	lk_redact(&msg, c->token);
	/* log once per kind of trouble, not every retry */
	if (!c->failures || kind != c->last_fail)
		blog(LOG_WARNING, "[linkon] %s", msg.array);
	c->failures++;
	c->last_fail = kind;
	bool protocol = kind == LK_SHOPIFY_MALFORMED || kind == LK_SHOPIFY_REFUSED;
	sh_status_reason(c, protocol ? LK_CONN_PROTOCOL_ERROR : LK_CONN_OFFLINE, code, c->shop, reason,
			 (enum lk_msg_code)reason_code, secs, c->not_before_ms);
	dstr_free(&msg);
}

void sh_fail(struct conn_shopify *c, enum lk_shopify_kind kind, const char *reason, int reason_code, int64_t now)
{
	sh_fail_as(c, kind, LK_MSG_SHOPIFY_RETRYING, reason, reason_code, now);
}

static void auth_failed(struct conn_shopify *c, const char *reason, int reason_code)
{
	struct dstr msg = {0};

	c->auth_failed = true;
	dstr_printf(&msg, "Shopify (%s): %s (check the token and its scopes in the Linkon config file)", c->shop,
		    reason);
	lk_redact(&msg, c->token);
	blog(LOG_WARNING, "[linkon] %s", msg.array);
	sh_status_reason(c, LK_CONN_AUTH_FAILED, LK_MSG_SHOPIFY_AUTH, c->shop, reason, (enum lk_msg_code)reason_code,
			 NULL, 0);
	dstr_free(&msg);
}

static void throttled(struct conn_shopify *c, const struct lk_shopify_reply *r, int64_t now)
{
	double cost = r->throttle.requested_cost > 0 ? r->throttle.requested_cost : c->catalog_cost;
	int shift = c->throttled_in_row < 6 ? c->throttled_in_row : 6;
	int64_t wait = lk_shopify_throttle_wait_ms(&r->throttle, cost);
	int64_t floor = (int64_t)500 << shift;

	if (!c->throttled_in_row)
		blog(LOG_INFO, SH_LOG_PREFIX "throttled by the shop; waiting for its rate limit");
	c->throttled_in_row++;
	c->not_before_ms = now + (wait > floor ? wait : floor);
}

/* ---- pacing ----------------------------------------------------------------- */

bool sh_paced(struct conn_shopify *c, int64_t now, double cost)
{
	struct lk_shopify_throttle t = c->throttle;

	if (t.known) {
		t.available += (double)(now - c->throttle_ms) * t.restore_rate / 1000.0;
		if (t.available > t.maximum)
			t.available = t.maximum;
	}
	int64_t wait = lk_shopify_throttle_wait_ms(&t, cost);
	if (wait > 0)
		c->not_before_ms = now + wait + SH_PACE_MARGIN_MS;
	return wait <= 0;
}

/* ---- requests --------------------------------------------------------------- */

static void sh_release(struct conn_shopify *c)
{
	if (atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	lk_conn_release_products(c->acc.array, c->acc.num);
	da_free(c->acc);
	lk_conn_release_products(c->shown.array, c->shown.num);
	da_free(c->shown);
	sh_sale_free(c);
	sh_orders_free(c);
	pthread_mutex_destroy(&c->want_mutex);
	bfree(c->url);
	bfree(c->shop);
	bfree(c->token);
	bfree(c->token_header);
	bfree(c->journal_path);
	bfree(c->cursor);
	bfree(c);
}

static void catalog_reply(struct conn_shopify *c, const struct lk_shopify_reply *r, int64_t now);

/* What an answer (or its absence) means for the connector. */
static void handle_reply(struct conn_shopify *c, enum sh_op op, const struct lk_net_response *res,
			 const struct lk_shopify_reply *r, int64_t now)
{
	if (!res->ok) {
		sh_fail_as(c, LK_SHOPIFY_UNAVAILABLE, LK_MSG_SHOPIFY_UNREACHABLE, res->error ? res->error : "no answer",
			   res->error_code, now);
	} else if (r->kind == LK_SHOPIFY_THROTTLED) {
		throttled(c, r, now);
	} else if (r->kind == LK_SHOPIFY_AUTH && op == SH_OP_ORDERS && res->http_status != 401) {
		sh_orders_denied(c, r->message); /* no read_orders scope: the catalog goes on */
	} else if (r->kind == LK_SHOPIFY_AUTH && op != SH_OP_CATALOG && res->http_status != 401) {
		sh_sale_denied(c, r->message); /* a scope for writing: the catalog goes on */
	} else if (r->kind == LK_SHOPIFY_AUTH) {
		auth_failed(c, r->message, r->reason);
	} else if (r->kind != LK_SHOPIFY_OK) {
		sh_fail(c, r->kind, r->message, r->reason, now);
	} else if (op == SH_OP_CATALOG) {
		c->throttled_in_row = 0;
		catalog_reply(c, r, now);
	} else if (op == SH_OP_ORDERS) {
		c->throttled_in_row = 0;
		sh_orders_reply(c, r, now);
	} else {
		c->throttled_in_row = 0;
		c->failures = 0;
		status_good(c);
		sh_sale_reply(c, op, r);
	}
}

static void on_response(void *data, const struct lk_net_response *res)
{
	struct conn_shopify *c = data;
	struct lk_shopify_reply r;
	int64_t now = lk_now_ms();
	enum sh_op op = c->inflight;

	atomic_store(&c->job_id, 0);
	if (atomic_load(&c->stopping)) {
		sh_release(c);
		return;
	}
	c->inflight = SH_OP_NONE;
	lk_shopify_reply_parse(res->ok ? res->http_status : 0, res->ok ? res->body : NULL, res->body_len, c->token, &r);
	if (r.throttle.known) {
		c->throttle = r.throttle;
		c->throttle_ms = now;
	}
	handle_reply(c, op, res, &r, now);
	lk_shopify_reply_free(&r);
	lk_net_wake_tick(c->net, atomic_load(&c->tick_id));
	sh_release(c);
}

bool sh_send(struct conn_shopify *c, enum sh_op op, char *body)
{
	const char *headers[] = {c->token_header, "Content-Type: application/json", "Accept: application/json", NULL};
	struct lk_net_request req = {
		.method = "POST",
		.url = c->url,
		.headers = headers,
		.body = body,
		.body_len = body ? strlen(body) : 0,
		.max_bytes = SH_MAX_BODY,
		.timeout_ms = SH_TIMEOUT_MS,
	};

	if (!body)
		return false;
	atomic_fetch_add(&c->refs, 1);
	c->inflight = op;
	uint64_t id = lk_net_request(c->net, &req, on_response, c);
	bfree(body);
	if (!id) {
		c->inflight = SH_OP_NONE;
		sh_release(c);
		return false;
	}
	atomic_store(&c->job_id, id);
	return true;
}

/* ---- catalog ---------------------------------------------------------------- */

/* Hands the pass to the store (only what changed); acc's references move
 * to shown. */
static void catalog_publish(struct conn_shopify *c)
{
	lk_conn_catalog_publish(c->store, c->shown.array, c->shown.num, c->acc.array, c->acc.num, SH_MAX_PUTS);
	lk_conn_release_products(c->shown.array, c->shown.num);
	da_free(c->shown);
	da_move(c->shown, c->acc);
}

static void catalog_finish(struct conn_shopify *c, int64_t now)
{
	sh_sale_fix_prices(c, c->acc.array, c->acc.num);
	lk_shopify_carry_stock_totals(c->acc.array, c->acc.num, c->shown.array, c->shown.num);
	/* said once for each new count, not every refresh */
	if (c->skipped && c->skipped != c->skipped_said)
		blog(LOG_WARNING, SH_LOG_PREFIX "%zu products left out (no variant or an unreadable price)",
		     c->skipped);
	if (c->acc.num >= SH_MAX_PRODUCTS && !c->synced)
		blog(LOG_WARNING, SH_LOG_PREFIX "only the first %d products are read", SH_MAX_PRODUCTS);
	c->skipped_said = c->skipped;
	c->skipped = 0;
	c->num_shown = c->acc.num;
	catalog_publish(c);
	c->last_sync_ms = now;
	c->synced = true;
	c->syncing = false;
	c->next_refresh_ms = now + c->refresh_ms;
	c->state = LK_CONN_IDLE; /* status_good publishes the count and the sync time */
	status_good(c);
}

static void catalog_reply(struct conn_shopify *c, const struct lk_shopify_reply *r, int64_t now)
{
	struct lk_shopify_page page;
	char err[LK_SHOPIFY_ERR_SIZE];

	if (!lk_shopify_decode_catalog(r, &page, err, sizeof(err))) {
		sh_fail(c, LK_SHOPIFY_MALFORMED, err, LK_MSG_NONE, now);
		return;
	}
	c->failures = 0;
	if (r->throttle.requested_cost > 0)
		c->catalog_cost = r->throttle.requested_cost;
	memcpy(c->currency, page.currency, sizeof(c->currency));
	for (size_t k = 0; c->cart_links && k < page.num_products; k++) {
		char *link = lk_shopify_cart_link(c->shop, page.variant_ids[k]);
		lk_product_set_str(&page.products[k]->buy_url, link); /* none rather than a page that is not checkout */
		bfree(link);
	}
	size_t i = 0;
	for (; i < page.num_products && c->acc.num < SH_MAX_PRODUCTS; i++)
		da_push_back(c->acc, &page.products[i]);
	for (; i < page.num_products; i++)
		lk_product_release(page.products[i]); /* over the cap */
	c->skipped += page.skipped;
	bfree(c->cursor);
	c->cursor = NULL;
	bool more = page.has_next && c->acc.num < SH_MAX_PRODUCTS;
	if (more) {
		c->cursor = page.end_cursor;
		page.end_cursor = NULL;
		status_good(c);
	} else {
		catalog_finish(c, now);
	}
	page.num_products = 0; /* moved into acc or released */
	lk_shopify_page_free(&page);
}

static bool catalog_step(struct conn_shopify *c, int64_t now)
{
	if (!c->syncing && now < c->next_refresh_ms)
		return false;
	if (!sh_paced(c, now, c->catalog_cost))
		return false;
	c->syncing = true;
	if (!c->synced && !c->failures)
		status_good(c); /* "syncing" from the first page on */
	return sh_send(c, SH_OP_CATALOG, lk_shopify_catalog_body(c->page_size, c->cursor));
}

/* ---- the tick --------------------------------------------------------------- */

static int64_t sh_tick(void *data, int64_t now)
{
	struct conn_shopify *c = data;

	if (c->inflight != SH_OP_NONE || c->auth_failed)
		return SH_MAX_SLEEP_MS; /* an answer wakes us */
	if (now < c->not_before_ms)
		return c->not_before_ms - now;
	if (!c->journal_loaded)
		sh_journal_load(c);
	if (sh_sale_step(c, now))
		return SH_IDLE_MS;
	if (now < c->not_before_ms)
		return c->not_before_ms - now;
	if (catalog_step(c, now))
		return SH_IDLE_MS;
	if (now < c->not_before_ms)
		return c->not_before_ms - now;
	if (c->synced && sh_orders_step(c, now))
		return SH_IDLE_MS;
	if (now < c->not_before_ms)
		return c->not_before_ms - now;
	int64_t delay = c->next_refresh_ms - now;
	if (c->orders_on && c->orders_next_ms - now < delay)
		delay = c->orders_next_ms - now;
	return delay < 1 ? 1 : (delay > SH_MAX_SLEEP_MS ? SH_MAX_SLEEP_MS : delay);
}

/* ---- life cycle ------------------------------------------------------------- */

static void *sh_create(struct lk_store *store, struct lk_net *net, json_t *settings, const char *data_dir)
{
	struct conn_shopify *c = bzalloc(sizeof(*c));
	enum lk_conn_state state;

	c->store = store;
	c->net = net;
	atomic_init(&c->refs, 1);
	pthread_mutex_init(&c->want_mutex, NULL);
	enum lk_msg_code why = parse_settings(c, settings, &state);
	if (why || !net) {
		sh_status(c, why ? state : LK_CONN_OFFLINE, why ? why : LK_MSG_SHOPIFY_NO_NETWORK, NULL, NULL, NULL, 0);
		sh_release(c);
		return NULL;
	}
	sh_status(c, LK_CONN_CONNECTING, LK_MSG_SHOPIFY_CONNECTING, c->shop, NULL, NULL, 0);
	blog(LOG_INFO, SH_LOG_PREFIX "connecting to %s (sale prices %s)", c->shop,
	     c->write_prices ? "written to the shop" : "shown on stream only");
	if (c->write_prices) {
		lk_store_add_listener(store, sh_store_changed, c);
		sh_store_changed(c, 0);
	}
	atomic_store(&c->tick_id, lk_net_add_tick(net, sh_tick, c));
	return c;
}

static void sh_destroy(void *data)
{
	struct conn_shopify *c = data;

	if (!c)
		return;
	if (c->write_prices)
		lk_store_remove_listener(c->store, sh_store_changed, c);
	lk_net_remove_tick(c->net, atomic_load(&c->tick_id));
	atomic_store(&c->stopping, true);
	uint64_t id = atomic_load(&c->job_id);
	if (id)
		lk_net_cancel(c->net, id);
	sh_release(c);
}

const struct lk_connector_info lk_conn_shopify = {
	.id = "shopify",
	.create = sh_create,
	.destroy = sh_destroy,
	/* pins, carts and sales have no Shopify concept: the controller applies
	 * them to the store; sale prices reach the shop through the listener */
	.pin = NULL,
	.start_sale = NULL,
	.stop_sale = NULL,
};
