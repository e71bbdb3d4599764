/*
 * Linkon — the TikTok Shop connector (net/lk-conn-tiktok-shop.c) on the real
 * net worker against the loopback TikTok Shop fake
 * (tests/server/lkserver/tiktok_shop.py), which checks every signature and
 * timestamp: catalog pages with page tokens, a multi-warehouse SKU, the
 * authorization code, token refresh before expiry and on 105002 mid-show,
 * clock skew, faults (429, 5xx, code under HTTP 200, a dropped answer), a
 * product deleted between pages, a stock change, a flash deal as a Linkon
 * flash sale, missing scope, wrong shop, bad settings, the rate limit; no
 * secret or token in a log line or a status.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "shopify-util.h" /* the loopback server, the store fixture, the log */

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/lk-net.h"

#define APP_KEY "6abc123def456"
#define APP_SECRET "e59af819cc0fe2db5f41a8fdb8ae0c7da9a52b01"
#define CIPHER "ROW_lInKoN+t/e=st"
#define PID(i) ("172930000000" #i)
#define PID0 "1729300000000"
#define PID1 "1729300000001"
#define PID2 "1729300000002"

extern const struct lk_connector_info lk_conn_tiktok_shop;

static char tokens_path[512];
static char deals_path[512];

static json_t *tt_stats(void)
{
	return shop_ctl("/_tiktok/stats", NULL);
}

static int64_t tt_count(const char *name)
{
	json_t *s = tt_stats();
	int64_t n = (int64_t)json_integer_value(json_object_get(json_object_get(s, "counts"), name));
	json_decref(s);
	return n;
}

/* The fake's current tokens (new strings, free()). */
static char *tt_token(const char *which)
{
	json_t *s = tt_stats();
	const char *v = json_string_value(json_object_get(s, which));
	char *t = strdup(v ? v : "(none)");
	json_decref(s);
	return t;
}

static json_t *tt_settings(const char *extra, bool with_token)
{
	char api[256];
	char *access = tt_token("access_token");
	char *refresh = tt_token("refresh_token");

	lk_testsrv_url(&shop_srv, "", api, sizeof(api));
	lk_testsrv_path(&shop_srv, "tiktok-tokens.json", tokens_path, sizeof(tokens_path));
	lk_testsrv_path(&shop_srv, "tiktok-activities.json", deals_path, sizeof(deals_path));
	json_t *s = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i}", "app_key", APP_KEY, "app_secret", APP_SECRET,
			      "api_base", api, "auth_base", api, "tokens_path", tokens_path, "activities_journal_path",
			      deals_path, "backoff_min_ms", 50, "max_qps", 50);
	if (with_token) {
		json_object_set_new(s, "access_token", json_string(access));
		json_object_set_new(s, "refresh_token", json_string(refresh));
		json_object_set_new(s, "access_token_expire_in", json_integer((json_int_t)time(NULL) + 7 * 86400));
	}
	json_t *more = extra ? json_loads(extra, 0, NULL) : NULL;
	if (more)
		json_object_update(s, more);
	json_decref(more);
	free(access);
	free(refresh);
	return s;
}

static void *tt_create(struct fx *f, const char *extra, bool with_token)
{
	json_t *s = tt_settings(extra, with_token);
	void *conn = lk_conn_tiktok_shop.create(f->store, f->net, s, NULL);
	json_decref(s);
	return conn;
}

static void tt_start(struct fx *f, const char *extra)
{
	fx_init(f);
	f->conn = tt_create(f, extra, true);
	assert_non_null(f->conn);
}

/* Stops the connector and the fixture; fails if a secret or a token the
 * fake ever issued was in a log line or a status. */
static void tt_stop(struct fx *f)
{
	lk_conn_tiktok_shop.destroy(f->conn);
	f->conn = NULL;
	char *access = tt_token("access_token"), *refresh = tt_token("refresh_token");
	bool leaked = log_has(APP_SECRET) || log_has("_linkon_secret") || fx_said_now(f, APP_SECRET) ||
		      fx_said_now(f, "_linkon_secret") || fx_said_now(f, "TTP_auth_code");
	free(access);
	free(refresh);
	fx_stop(f);
	unlink(tokens_path);
	unlink(deals_path);
	assert_false(leaked);
}

static int tt_teardown(void **state)
{
	if (the_fx.conn) {
		lk_conn_tiktok_shop.destroy(the_fx.conn);
		the_fx.conn = NULL;
	}
	unlink(tokens_path);
	unlink(deals_path);
	return fx_teardown(state);
}

static struct lk_product *find(struct lk_snapshot *snap, const char *id)
{
	for (size_t i = 0; i < snap->num_products; i++) {
		if (strcmp(snap->products[i]->id, id) == 0)
			return snap->products[i];
	}
	return NULL;
}

/* ---- catalog ------------------------------------------------------------------------ */

static void test_catalog_pages(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_tiktok/config", "{\"products\": 7}");
	tt_start(f, "{\"page_size\": 3}");
	wait_connected(f, 7);
	assert_int_equal(tt_count("products"), 3); /* 3 + 3 + 1, page tokens with + / = */
	assert_int_equal(tt_count("bad_sign"), 0);
	assert_int_equal(tt_count("bad_timestamp"), 0);

	struct lk_snapshot *snap = lk_store_get(f->store);
	struct lk_product *p = snap->products[0];
	assert_string_equal(p->id, PID(0));
	assert_string_equal(p->title, "TikTok product 0");
	assert_int_equal(p->price, 1000);
	assert_int_equal(p->original_price, 1500);
	assert_string_equal(p->currency, "USD");
	assert_string_equal(p->sku, "TT-0-0");
	/* two SKUs in two warehouses each: 3 + 4 and 4 + 5 */
	assert_int_equal(p->stock, 16);
	assert_non_null(strstr(p->image, "/img/red-8x8.png"));
	assert_string_equal(snap->products[1]->title, "丝巾 1 · Ünïcode 🎁");
	assert_int_equal(snap->products[1]->stock, 4);
	assert_non_null(strstr(snap->status.message, "7 products from Linkon Test Shop"));
	lk_snapshot_release(snap);
	assert_true(fx_seen(f, LK_CONN_SYNCING));
	tt_stop(f);
}

static void test_yen_prices(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_tiktok/config", "{\"products\": 2, \"currency\": \"JPY\"}");
	tt_start(f, NULL);
	wait_connected(f, 2);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_string_equal(snap->products[1]->currency, "JPY");
	assert_int_equal(snap->products[1]->price, 1100); /* "1100" in whole yen */
	lk_snapshot_release(snap);
	tt_stop(f);
}

static void test_stock_change(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_tiktok/config", "{\"products\": 3}");
	tt_start(f, "{\"refresh_s\": 1}");
	wait_connected(f, 3);
	struct lk_snapshot *before = lk_store_get(f->store);
	shop_config("/_tiktok/stock?product=0&sku=1&warehouse=1&quantity=0", "{}");
	int64_t end = lk_test_mono_ms() + WAIT_MS, stock = -1;
	while (stock != 11 && lk_test_mono_ms() < end) {
		struct lk_snapshot *snap = lk_store_get(f->store);
		stock = snap->num_products == 3 ? snap->products[0]->stock : -1;
		lk_snapshot_release(snap);
		lk_test_sleep_ms(20);
	}
	assert_int_equal(stock, 11); /* 3 + 4 + 4 + 0 */
	struct lk_snapshot *after = lk_store_get(f->store);
	/* only the changed product was put again */
	assert_ptr_not_equal(after->products[0], before->products[0]);
	assert_ptr_equal(after->products[1], before->products[1]);
	assert_ptr_equal(after->products[2], before->products[2]);
	assert_int_equal(after->products[0]->stock_total, 16); /* the bar shows what sold */
	lk_snapshot_release(before);
	lk_snapshot_release(after);
	tt_stop(f);
}

static void test_deleted_between_pages(void **state)
{
	struct fx *f = &the_fx;

	/* product 4 (on page 2) is deleted once page 1 was served: the pass has
	 * the other six, none skipped by the page token */
	shop_config("/_tiktok/config", "{\"products\": 7, \"delete_after_page\": {\"page\": 1, \"product\": 4}}");
	tt_start(f, "{\"page_size\": 3}");
	wait_connected(f, 6);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_null(find(snap, PID(4)));
	assert_non_null(find(snap, PID(3)));
	assert_non_null(find(snap, PID(5)));
	assert_non_null(find(snap, PID(6)));
	lk_snapshot_release(snap);
	tt_stop(f);
}

/* ---- tokens ------------------------------------------------------------------------- */

static void test_auth_code(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_tiktok/config", "{\"products\": 2, \"tokens\": false}");
	fx_init(f);
	f->conn = tt_create(f, "{\"auth_code\": \"TTP_auth_code_linkon_test\"}", false);
	assert_non_null(f->conn);
	wait_connected(f, 2);
	assert_int_equal(tt_count("token_gets"), 1);
	/* the tokens are kept in a 0600 file, for the next start */
	struct stat st;
	assert_int_equal(stat(tokens_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	size_t text_len = 0;
	char *text = lk_test_read_file(tokens_path, &text_len);
	char *access = tt_token("access_token");
	assert_non_null(strstr(text, access));
	free(access);
	free(text);
	lk_conn_tiktok_shop.destroy(f->conn);

	/* a restart with the code still in the settings uses the saved tokens */
	f->conn = tt_create(f, "{\"auth_code\": \"TTP_auth_code_linkon_test\"}", false);
	lk_test_sleep_ms(300);
	wait_connected(f, 2);
	tt_stop(f);
	assert_true(tt_count("token_gets") >= 1);
}

static void test_refresh_before_expiry(void **state)
{
	struct fx *f = &the_fx;

	/* the settings' token expires in 5 minutes: refreshed before any call */
	shop_config("/_tiktok/config", "{\"products\": 2}");
	fx_init(f);
	json_t *s = tt_settings(NULL, true);
	json_object_set_new(s, "access_token_expire_in", json_integer((json_int_t)time(NULL) + 300));
	f->conn = lk_conn_tiktok_shop.create(f->store, f->net, s, NULL);
	json_decref(s);
	wait_connected(f, 2);
	assert_int_equal(tt_count("refreshes"), 1);
	assert_int_equal(tt_count("expired"), 0);
	tt_stop(f);
}

static void test_expired_mid_show(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_tiktok/config", "{\"products\": 3}");
	tt_start(f, "{\"refresh_s\": 1}");
	wait_connected(f, 3);
	shop_config("/_tiktok/expire", "{}");
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (tt_count("refreshes") < 1 && lk_test_mono_ms() < end)
		lk_test_sleep_ms(20);
	assert_int_equal(tt_count("refreshes"), 1);
	assert_int_equal(tt_count("expired"), 1);
	int64_t pages = tt_count("products");
	while (tt_count("products") < pages + 1 && lk_test_mono_ms() < end)
		lk_test_sleep_ms(20);
	assert_true(connected_with(f, 3)); /* never lost the catalog */
	assert_false(fx_seen(f, LK_CONN_AUTH_FAILED));
	/* the new refresh token is saved */
	size_t text_len = 0;
	char *text = lk_test_read_file(tokens_path, &text_len);
	char *refresh = tt_token("refresh_token");
	assert_non_null(text);
	assert_non_null(strstr(text, refresh));
	free(refresh);
	free(text);
	tt_stop(f);
}

/* ---- errors ------------------------------------------------------------------------- */

static void test_clock_skew(void **state)
{
	struct fx *f = &the_fx;

	/* TikTok's clock is 400 s ahead of this PC: outside the window */
	shop_config("/_tiktok/config", "{\"products\": 2, \"skew_s\": 400}");
	tt_start(f, NULL);
	wait_connected(f, 2);
	assert_true(tt_count("bad_timestamp") >= 1);
	assert_true(fx_said(f, "s behind TikTok's"));
	assert_true(fx_said(f, "set the clock right"));
	/* 400 s, give or take the second the Date header and our clock round to */
	assert_true(fx_said_now(f, "clock is 399 s") || fx_said_now(f, "clock is 400 s") ||
		    fx_said_now(f, "clock is 401 s"));
	tt_stop(f);
}

static void test_faults_keep_last_good_state(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_tiktok/config", "{\"products\": 4, \"faults\": [\"429\", \"503\", \"code_under_200\", \"drop\", "
				       "\"html\"]}");
	tt_start(f, "{\"refresh_s\": 1}");
	wait_connected(f, 4);
	assert_true(fx_seen(f, LK_CONN_OFFLINE));
	assert_true(fx_said_now(f, "rate limit"));
	assert_true(fx_said_now(f, "36009002"));
	assert_true(fx_said_now(f, "retrying in"));
	assert_int_equal(tt_count("faults"), 5);

	pthread_mutex_lock(&f->mutex);
	memset(f->seen, 0, sizeof(f->seen));
	pthread_mutex_unlock(&f->mutex);
	shop_config("/_tiktok/faults", "{\"faults\": [\"500\", \"429\"]}");
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!fx_seen(f, LK_CONN_OFFLINE) && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_int_equal(snap->num_products, 4); /* kept while TikTok is down */
	lk_snapshot_release(snap);
	wait_connected(f, 4);
	tt_stop(f);
}

static void test_needs_seller(void **state)
{
	struct fx *f = &the_fx;

	/* a missing scope */
	shop_config("/_tiktok/config", "{\"products\": 2, \"faults\": [\"scope\"]}");
	tt_start(f, NULL);
	wait_state(f, LK_CONN_AUTH_FAILED);
	assert_true(fx_said(f, "scope"));
	assert_true(fx_said(f, "authorize Linkon again"));
	tt_stop(f);

	/* a shop this authorization does not cover */
	shop_config("/_tiktok/config", "{\"products\": 2}");
	tt_start(f, "{\"shop_cipher\": \"ROW_other_shop\"}");
	wait_state(f, LK_CONN_AUTH_FAILED);
	assert_true(fx_said(f, "not among the authorized shops"));
	assert_true(fx_said(f, CIPHER)); /* the shops to choose from */
	tt_stop(f);

	/* a wrong secret: the signature is refused (106001) */
	shop_config("/_tiktok/config", "{\"products\": 2}");
	tt_start(f, "{\"app_secret\": \"not_the_secret_0123456789\"}");
	wait_state(f, LK_CONN_AUTH_FAILED);
	assert_true(fx_said(f, "106001"));
	assert_true(fx_said(f, "app_secret"));
	assert_int_equal(tt_count("bad_sign"), 1);
	lk_test_sleep_ms(300); /* no retry until the settings change */
	assert_int_equal(tt_count("requests"), 1);
	tt_stop(f);
	assert_false(log_has("not_the_secret_0123456789"));

	/* the refresh token was revoked: authorize again */
	shop_config("/_tiktok/config", "{\"products\": 2}");
	fx_init(f);
	json_t *s = tt_settings(NULL, true);
	json_object_set_new(s, "access_token_expire_in", json_integer(1));
	json_object_set_new(s, "refresh_token", json_string("TTP_revoked"));
	f->conn = lk_conn_tiktok_shop.create(f->store, f->net, s, NULL);
	json_decref(s);
	wait_state(f, LK_CONN_AUTH_FAILED);
	assert_true(fx_said(f, "paste the new code"));
	tt_stop(f);
}

static void test_bad_settings(void **state)
{
	const char *bad[] = {
		"{\"app_key\": null}",         "{\"app_secret\": \"\"}",     "{\"app_key\": \"k\\r\\nX-Evil: 1\"}",
		"{\"api_base\": \"ftp://x\"}", "{\"shop_cipher\": \"a b\"}",
	};
	const enum lk_conn_state want[] = {LK_CONN_AUTH_FAILED, LK_CONN_AUTH_FAILED, LK_CONN_AUTH_FAILED,
					   LK_CONN_PROTOCOL_ERROR, LK_CONN_PROTOCOL_ERROR};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fx *f = &the_fx;
		fx_init(f);
		json_t *s = tt_settings(bad[i], true);
		json_t *more = json_loads(bad[i], 0, NULL);
		const char *key;
		json_t *v;
		json_object_foreach(more, key, v)
		{
			if (json_is_null(v))
				json_object_del(s, key);
		}
		json_decref(more);
		assert_null(lk_conn_tiktok_shop.create(f->store, f->net, s, NULL));
		json_decref(s);
		if (fx_state(f) != want[i])
			fail_msg("%s: state %d, want %d", bad[i], fx_state(f), want[i]);
		assert_true(fx_said(f, "TikTok Shop"));
		tt_stop(f);
	}

	/* neither tokens nor a code (and no token file): the seller must authorize */
	struct fx *f = &the_fx;
	fx_init(f);
	f->conn = tt_create(f, NULL, false);
	assert_non_null(f->conn);
	wait_state(f, LK_CONN_AUTH_FAILED);
	assert_true(fx_said(f, "auth_code"));
	assert_true(fx_said(f, "authorization link"));
	assert_int_equal(tt_count("requests"), 0);
	assert_int_equal(tt_count("token_gets"), 0);
	tt_stop(f);
}

/* ---- flash deals ---------------------------------------------------------------------- */

static void test_flash_deal(void **state)
{
	struct fx *f = &the_fx;
	char body[512];
	long long now = (long long)time(NULL);

	shop_config("/_tiktok/config", "{\"products\": 3}");
	snprintf(body, sizeof(body),
		 "{\"id\": \"7301\", \"activity_type\": \"FLASHSALE\", \"begin_time\": %lld, \"end_time\": %lld, "
		 "\"products\": [{\"id\": \"%s\", \"activity_price\": {\"amount\": \"7.50\", \"currency\": \"USD\"}, "
		 "\"quantity_limit\": 10, \"quantity_per_user\": 1}]}",
		 now - 10, now + 600, PID(2));
	shop_config("/_tiktok/activity", body);
	/* a shipping discount is no flash sale */
	snprintf(body, sizeof(body),
		 "{\"id\": \"7302\", \"activity_type\": \"SHIPPING_DISCOUNT\", \"begin_time\": %lld, \"end_time\": "
		 "%lld, \"products\": [{\"id\": \"%s\", \"activity_price_amount\": \"1.00\"}]}",
		 now - 10, now + 600, PID(1));
	shop_config("/_tiktok/activity", body);
	tt_start(f, NULL);
	wait_connected(f, 3);

	int64_t end = lk_test_mono_ms() + WAIT_MS;
	struct lk_sale *sale = NULL;
	while (!sale && lk_test_mono_ms() < end) {
		struct lk_snapshot *snap = lk_store_get(f->store);
		struct lk_sale *s = lk_snapshot_find_sale(snap, "tts:7301:1729300000002");
		sale = s ? lk_sale_addref(s) : NULL;
		lk_snapshot_release(snap);
		lk_test_sleep_ms(20);
	}
	assert_non_null(sale);
	assert_string_equal(sale->product_id, PID(2));
	assert_int_equal(sale->sale_price, 750);
	assert_int_equal(sale->stock_limit, 10);
	assert_int_equal(sale->start_ms, (now - 10) * 1000);
	assert_int_equal(sale->end_ms, (now + 600) * 1000);
	lk_sale_release(sale);
	while (tt_count("activity_detail") < 1)
		lk_test_sleep_ms(20);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_int_equal(snap->num_sales, 1);
	assert_int_equal(lk_sale_state_at(snap->sales[0], lk_snapshot_platform_now(snap, lk_now_ms()), NULL),
			 LK_SALE_LIVE);
	lk_snapshot_release(snap);
	tt_stop(f);
}

/* ---- Linkon's own flash sales as activities on the shop ------------------------------- */

/* Waits until the fake's counter name reaches at least n. */
static void wait_count(const char *name, int64_t n)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (tt_count(name) < n && lk_test_mono_ms() < end)
		lk_test_sleep_ms(20);
	if (tt_count(name) < n)
		fail_msg("the fake's %s stayed at %lld, want %lld", name, (long long)tt_count(name), (long long)n);
}

/* The fake's activity i as JSON (a new reference), NULL when there is none. */
static json_t *fake_activity(size_t i)
{
	json_t *s = tt_stats();
	json_t *a = json_incref(json_array_get(json_object_get(s, "activities"), i));
	json_decref(s);
	return a;
}

static size_t fake_activities(void)
{
	json_t *s = tt_stats();
	size_t n = json_array_size(json_object_get(s, "activities"));
	json_decref(s);
	return n;
}

static bool journal_has(const char *needle)
{
	size_t len = 0;
	char *text = lk_test_read_file(deals_path, &len);
	bool has = text && strstr(text, needle);
	free(text);
	return has;
}

static void test_deal_created_and_ended(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_tiktok/config", "{\"products\": 3}");
	tt_start(f, "{\"create_activities\": true, \"refresh_s\": 1}");
	wait_connected(f, 3);
	put_sale(f, "s1", PID(2), 650, 600000);
	wait_count("priced", 1);

	json_t *a = fake_activity(0);
	assert_non_null(a);
	assert_string_equal(json_string_value(json_object_get(a, "activity_type")), "FLASHSALE"); /* SG */
	assert_non_null(strstr(json_string_value(json_object_get(a, "title")), "s1"));
	json_t *p = json_array_get(json_object_get(a, "products"), 0);
	assert_string_equal(json_string_value(json_object_get(p, "id")), PID(2));
	assert_string_equal(json_string_value(json_object_get(p, "activity_price_amount")), "6.50");
	int64_t begin = json_integer_value(json_object_get(a, "begin_time"));
	int64_t end_s = json_integer_value(json_object_get(a, "end_time"));
	assert_true(end_s - begin >= 598 && end_s - begin <= 601);
	/* the journal names the activity while it is on the shop, 0600 */
	struct stat st;
	assert_int_equal(stat(deals_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(journal_has(json_string_value(json_object_get(a, "id"))));
	json_decref(a);

	/* a catalog pass later the shop's own deals do not show it twice */
	int64_t passes = tt_count("activities");
	wait_count("activities", passes + 2);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_int_equal(snap->num_sales, 1);
	assert_string_equal(snap->sales[0]->id, "s1");
	lk_snapshot_release(snap);

	/* the anchor changes the price: the shop gets it */
	put_sale(f, "s1", PID(2), 600, 600000);
	wait_count("priced", 2);
	a = fake_activity(0);
	p = json_array_get(json_object_get(a, "products"), 0);
	assert_string_equal(json_string_value(json_object_get(p, "activity_price_amount")), "6.00");
	json_decref(a);

	/* ending the Linkon sale deactivates the activity; the journal goes */
	stop_sale(f, "s1");
	wait_count("deactivated", 1);
	wait_file_gone(deals_path);
	assert_int_equal(tt_count("created"), 1);
	assert_int_equal(tt_count("bad_activity_call"), 0);
	assert_int_equal(tt_count("bad_sign"), 0);
	tt_stop(f);
}

static void test_deal_off_by_default(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_tiktok/config", "{\"products\": 3}");
	tt_start(f, "{\"refresh_s\": 1}");
	wait_connected(f, 3);
	put_sale(f, "s2", PID(1), 500, 600000);
	int64_t pages = tt_count("products");
	wait_count("products", pages + 2); /* two more passes */
	assert_int_equal(tt_count("created"), 0);
	assert_int_equal(fake_activities(), 0);
	assert_int_equal(access(deals_path, F_OK), -1);
	tt_stop(f);
}

static void test_deal_5xx_after_create(void **state)
{
	struct fx *f = &the_fx;

	/* the shop made the activity but answered 503: found by its title, not
	 * made twice */
	shop_config("/_tiktok/config", "{\"products\": 3, \"create_faults\": [\"503_after\"]}");
	tt_start(f, "{\"create_activities\": true}");
	wait_connected(f, 3);
	put_sale(f, "s3", PID(0), 700, 600000);
	wait_count("priced", 1);
	assert_true(tt_count("activity_finds") >= 1);
	assert_int_equal(tt_count("created"), 1);
	assert_int_equal(fake_activities(), 1);
	stop_sale(f, "s3");
	wait_count("deactivated", 1);
	wait_file_gone(deals_path);
	tt_stop(f);
}

static void test_deal_crash_mid_create(void **state)
{
	struct fx *f = &the_fx;

	/* Linkon dies after the shop made the activity, before its answer: the
	 * journal holds the entry without an id */
	shop_config("/_tiktok/config", "{\"products\": 3, \"hang_s\": 3, \"create_faults\": [\"hang_after\"]}");
	tt_start(f, "{\"create_activities\": true}");
	wait_connected(f, 3);
	put_sale(f, "s4", PID(1), 800, 600000);
	wait_count("created", 1);
	assert_true(journal_has("s4"));
	assert_false(journal_has("activity_id"));
	lk_conn_tiktok_shop.destroy(f->conn); /* the crash: nothing more reaches the shop */
	f->conn = NULL;

	/* the next start (no sale running) finds it by title and takes it off
	 * before anything else */
	f->conn = tt_create(f, NULL, true);
	assert_non_null(f->conn);
	wait_count("deactivated", 1);
	wait_file_gone(deals_path);
	json_t *a = fake_activity(0);
	assert_true(json_is_true(json_object_get(a, "deactivated")));
	json_decref(a);
	assert_int_equal(fake_activities(), 1);
	assert_true(log_has("deactivating 1 activities left on the shop"));
	tt_stop(f);
}

static void test_deal_crash_while_live(void **state)
{
	struct fx *f = &the_fx;

	/* Linkon dies while the deal price is on the shop */
	shop_config("/_tiktok/config", "{\"products\": 3}");
	tt_start(f, "{\"create_activities\": true}");
	wait_connected(f, 3);
	put_sale(f, "s5", PID(2), 650, 600000);
	wait_count("priced", 1);
	lk_conn_tiktok_shop.destroy(f->conn);
	f->conn = NULL;
	assert_true(journal_has("activity_id"));
	assert_int_equal(tt_count("deactivated"), 0);

	/* create_activities off at the next start: the journal is acted on all the same */
	f->conn = tt_create(f, NULL, true);
	wait_count("deactivated", 1);
	wait_file_gone(deals_path);
	assert_int_equal(tt_count("activity_finds"), 0); /* its id was known */
	tt_stop(f);
}

static void test_deal_refused(void **state)
{
	struct fx *f = &the_fx;

	/* the shop refuses the activity: said in plain words, not tried again,
	 * the sale still runs on stream */
	shop_config("/_tiktok/config", "{\"products\": 3, \"create_faults\": [\"refuse\"]}");
	tt_start(f, "{\"create_activities\": true, \"refresh_s\": 1}");
	wait_connected(f, 3);
	put_sale(f, "s6", PID(2), 650, 600000);
	assert_true(fx_said(f, "the flash sale was not created on the shop"));
	int64_t pages = tt_count("products");
	wait_count("products", pages + 2);
	assert_int_equal(tt_count("created"), 1);
	assert_int_equal(access(deals_path, F_OK), -1);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_non_null(lk_snapshot_find_sale(snap, "s6"));
	lk_snapshot_release(snap);
	wait_connected(f, 3); /* the catalog status is back */
	tt_stop(f);

	/* no Promotion Modify scope: said once, no more creates */
	shop_config("/_tiktok/config", "{\"products\": 3, \"create_faults\": [\"scope\"]}");
	tt_start(f, "{\"create_activities\": true, \"refresh_s\": 1}");
	wait_connected(f, 3);
	put_sale(f, "s7", PID(2), 650, 600000);
	assert_true(fx_said(f, "Promotion Modify"));
	put_sale(f, "s8", PID(1), 450, 600000);
	pages = tt_count("products");
	wait_count("products", pages + 2);
	assert_int_equal(tt_count("created"), 1);
	tt_stop(f);
}

/* ---- orders of the live show ------------------------------------------------------------ */

#define LINE(pid, price) "{\"product_id\": \"" pid "\", \"sale_price\": \"" price "\", \"currency\": \"USD\"}"

/* An order on the fake (or a new state of it): created and updated at the
 * given Unix seconds, total as a decimal string. */
static void fake_order(const char *id, const char *status, long long created, long long updated, const char *name,
		       const char *total, const char *lines)
{
	char body[1024];
	snprintf(body, sizeof(body),
		 "{\"id\": \"%s\", \"status\": \"%s\", \"create_time\": %lld, \"update_time\": %lld, "
		 "\"recipient_address\": {\"name\": \"%s\"}, \"payment\": {\"currency\": \"USD\", "
		 "\"total_amount\": \"%s\"}, \"line_items\": [%s]}",
		 id, status, created, updated, name, total, lines);
	shop_config("/_tiktok/order", body);
}

static void start_show(struct fx *f)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_show(&evs, true, 0);
	lk_store_apply(f->store, &evs);
	lk_events_free(&evs);
}

static int64_t show_orders(struct fx *f)
{
	struct lk_snapshot *snap = lk_store_get(f->store);
	int64_t n = snap->show ? snap->show->orders : 0;
	lk_snapshot_release(snap);
	return n;
}

static void wait_show_orders(struct fx *f, int64_t n)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (show_orders(f) < n && lk_test_mono_ms() < end)
		lk_test_sleep_ms(20);
	assert_int_equal(show_orders(f), n);
}

static const struct lk_show_ticker_entry *ticker_of(const struct lk_snapshot *snap, const char *order_id)
{
	for (size_t i = 0; snap->show && i < snap->show->num_ticker; i++) {
		if (strcmp(snap->show->ticker[i].order_id, order_id) == 0)
			return &snap->show->ticker[i];
	}
	return NULL;
}

static void test_orders_since_show(void **state)
{
	struct fx *f = &the_fx;
	long long now = (long long)time(NULL);

	/* pages of 2, and the second orders page of the first pass answers 429 */
	shop_config("/_tiktok/config", "{\"products\": 3, \"order_faults\": [null, \"429\"]}");
	tt_start(f, "{\"orders_poll_s\": 1, \"orders_page_size\": 2}");
	wait_connected(f, 3);
	lk_test_sleep_ms(1100); /* the show starts a second after the orders placed before it */
	/* before the show: placed an hour ago, shipped now (updated): not the show's */
	fake_order("9001", "IN_TRANSIT", now - 3600, now + 1, "Early Bird", "10.00", LINE(PID0, "10.00"));
	start_show(f);
	long long t = (long long)time(NULL) + 1;
	/* two units of product 0 and one of product 1, a full name */
	fake_order("9002", "AWAITING_SHIPMENT", t, t + 1, "Maria Lopez", "30.00",
		   LINE(PID0, "10.00") "," LINE(PID0, "10.00") "," LINE(PID1, "10.00"));
	fake_order("9003", "AWAITING_SHIPMENT", t, t + 2, "M***a", "11.00", LINE(PID1, "11.00")); /* masked */
	fake_order("9004", "ON_HOLD", t, t + 3, "", "12.00", LINE(PID2, "12.00"));                /* no name */
	fake_order("9005", "AWAITING_COLLECTION", t, t + 4, "王小明", "10.00", LINE(PID0, "10.00"));
	fake_order("9006", "UNPAID", t, t + 5, "Later Payer", "10.00", LINE(PID2, "10.00"));
	fake_order("9007", "CANCELLED", t, t + 6, "Changed Mind", "10.00", LINE(PID2, "10.00"));
	wait_show_orders(f, 4);
	assert_true(tt_count("rate_limited") + tt_count("faults") >= 1); /* the 429 in the middle was met */

	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_int_equal(snap->show->units, 6);
	assert_int_equal(snap->show->num_totals, 1);
	assert_string_equal(snap->show->totals[0].currency, "USD");
	assert_int_equal(snap->show->totals[0].gmv, 3000 + 1100 + 1200 + 1000);
	const struct lk_show_ticker_entry *e = ticker_of(snap, "9002");
	assert_non_null(e);
	assert_false(e->buyer_anonymous); /* "Maria", masked on stream by the privacy setting */
	assert_int_equal(e->num_items, 2);
	e = ticker_of(snap, "9003");
	assert_non_null(e);
	assert_true(e->buyer_anonymous); /* TikTok masked it: nobody is named */
	assert_true(ticker_of(snap, "9004")->buyer_anonymous);
	assert_null(ticker_of(snap, "9001"));
	assert_null(ticker_of(snap, "9006"));
	assert_null(ticker_of(snap, "9007"));
	lk_snapshot_release(snap);

	/* later passes read the same orders again (the overlap): counted once */
	int64_t calls = tt_count("orders");
	while (tt_count("orders") < calls + 4)
		lk_test_sleep_ms(20);
	assert_int_equal(show_orders(f), 4);

	/* the unpaid order is paid: it counts now, once */
	fake_order("9006", "AWAITING_SHIPMENT", t, t + 20, "Later Payer", "10.00", LINE(PID2, "10.00"));
	wait_show_orders(f, 5);
	calls = tt_count("orders");
	while (tt_count("orders") < calls + 3)
		lk_test_sleep_ms(20);
	assert_int_equal(show_orders(f), 5);
	tt_stop(f);
}

static void test_orders_need_a_show(void **state)
{
	struct fx *f = &the_fx;
	long long now = (long long)time(NULL);

	shop_config("/_tiktok/config", "{\"products\": 2}");
	fake_order("9101", "AWAITING_SHIPMENT", now, now, "Maria", "10.00", LINE(PID0, "10.00"));
	tt_start(f, "{\"refresh_s\": 1, \"orders_poll_s\": 1}");
	wait_connected(f, 2);
	int64_t pages = tt_count("products");
	wait_count("products", pages + 2);
	assert_int_equal(tt_count("orders"), 0); /* no show: no order calls */
	tt_stop(f);

	/* "orders": false reads none during a show either */
	tt_start(f, "{\"refresh_s\": 1, \"orders\": false}");
	wait_connected(f, 2);
	start_show(f);
	pages = tt_count("products");
	wait_count("products", pages + 2);
	assert_int_equal(tt_count("orders"), 0);
	tt_stop(f);
}

/* ---- the rate limit ------------------------------------------------------------------- */

static void test_rate_limit(void **state)
{
	struct fx *f = &the_fx;

	/* the fake allows 4 calls a second per path, the connector is set to 10:
	 * it is told 429 (36009002), backs off, and still reads every page */
	shop_config("/_tiktok/config", "{\"products\": 30, \"qps\": 4}");
	tt_start(f, "{\"page_size\": 2, \"max_qps\": 10}");
	wait_connected(f, 30);
	assert_true(tt_count("rate_limited") >= 1);
	assert_true(fx_said_now(f, "rate limit"));
	tt_stop(f);

	/* within its own limit (max_qps 5 against 50), never a 429 */
	shop_config("/_tiktok/config", "{\"products\": 20}");
	int64_t t0 = lk_test_mono_ms();
	tt_start(f, "{\"page_size\": 2, \"max_qps\": 5}");
	wait_connected(f, 20);
	int64_t took = lk_test_mono_ms() - t0;
	assert_int_equal(tt_count("rate_limited"), 0);
	assert_true(took >= 1800); /* 10 pages + the shop call, 200 ms apart */
	/* for docs/tiktok-shop.md: the pass against its floor (11 calls 200 ms apart) */
	print_message("rate: 11 calls at max_qps 5 took %lld ms, %.2fx the 2000 ms floor; 429s with the fake at 4/s: "
		      "see above\n",
		      (long long)took, took / 2000.0);
	tt_stop(f);
}

static void test_destroy_in_flight(void **state)
{
	shop_config("/_tiktok/config", "{\"products\": 60}");
	for (int i = 0; i < 15; i++) {
		struct fx *f = &the_fx;
		tt_start(f, "{\"page_size\": 5}");
		lk_test_sleep_ms(i % 4 * 3);
		tt_stop(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_catalog_pages, tt_teardown),
		cmocka_unit_test_teardown(test_yen_prices, tt_teardown),
		cmocka_unit_test_teardown(test_stock_change, tt_teardown),
		cmocka_unit_test_teardown(test_deleted_between_pages, tt_teardown),
		cmocka_unit_test_teardown(test_auth_code, tt_teardown),
		cmocka_unit_test_teardown(test_refresh_before_expiry, tt_teardown),
		cmocka_unit_test_teardown(test_expired_mid_show, tt_teardown),
		cmocka_unit_test_teardown(test_clock_skew, tt_teardown),
		cmocka_unit_test_teardown(test_faults_keep_last_good_state, tt_teardown),
		cmocka_unit_test_teardown(test_needs_seller, tt_teardown),
		cmocka_unit_test_teardown(test_bad_settings, tt_teardown),
		cmocka_unit_test_teardown(test_flash_deal, tt_teardown),
		cmocka_unit_test_teardown(test_deal_created_and_ended, tt_teardown),
		cmocka_unit_test_teardown(test_deal_off_by_default, tt_teardown),
		cmocka_unit_test_teardown(test_deal_5xx_after_create, tt_teardown),
		cmocka_unit_test_teardown(test_deal_crash_mid_create, tt_teardown),
		cmocka_unit_test_teardown(test_deal_crash_while_live, tt_teardown),
		cmocka_unit_test_teardown(test_deal_refused, tt_teardown),
		cmocka_unit_test_teardown(test_orders_since_show, tt_teardown),
		cmocka_unit_test_teardown(test_orders_need_a_show, tt_teardown),
		cmocka_unit_test_teardown(test_rate_limit, tt_teardown),
		cmocka_unit_test_teardown(test_destroy_in_flight, tt_teardown),
	};
	return shopify_run_tests(tests, sizeof(tests) / sizeof(tests[0]), "test-tiktok-shop.log");
}
