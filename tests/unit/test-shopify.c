/*
 * Linkon — the Shopify connector (net/lk-conn-shopify*.c) on the real net
 * worker against the loopback server's Shopify-like GraphQL endpoint
 * (tests/server/lkserver/shopify.py): paging, pacing by query cost,
 * THROTTLED, faults, auth, stock refresh, sale prices written and restored
 * (on end, on stop, after a crash), and the token in no log line or status.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <obs-module.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/dstr.h>

#include "lk-testsrv.h"
#include "core/lk-shopify-codec.h"
#include "core/lk-store.h"
#include "lk-controller.h"
#include "net/lk-connector.h"
#include "net/lk-net.h"

/* the connector's default journal lives in the module's config dir; these
 * tests always name their own */
OBS_DECLARE_MODULE()

extern const struct lk_connector_info lk_conn_shopify;

#define TOKEN "shpat_linkon_test_token_0123456789" /* the server's default */
#define WAIT_MS 15000
#define P0 "gid://shopify/Product/1000"
#define V0 "gid://shopify/ProductVariant/5000"
#define V1 "gid://shopify/ProductVariant/5001"

static struct lk_testsrv srv;

/* ---- every log line, to look for the token -------------------------------------- */

static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct dstr log_text;

static void log_handler(int level, const char *fmt, va_list args, void *param)
{
	char line[4096];

	vsnprintf(line, sizeof(line), fmt, args);
	pthread_mutex_lock(&log_mutex);
	dstr_cat(&log_text, line);
	dstr_cat(&log_text, "\n");
	pthread_mutex_unlock(&log_mutex);
}

static bool log_has(const char *needle)
{
	pthread_mutex_lock(&log_mutex);
	bool has = log_text.array && strstr(log_text.array, needle);
	pthread_mutex_unlock(&log_mutex);
	return has;
}

/* ---- the server's control paths -------------------------------------------------- */

static size_t collect(char *ptr, size_t size, size_t n, void *data)
{
	dstr_ncat(data, ptr, size * n);
	return size * n;
}

static json_t *ctl(const char *path, const char *post_body)
{
	char url[256];
	struct dstr got = {0};
	CURL *easy = curl_easy_init();
	long status = 0;

	lk_testsrv_url(&srv, path, url, sizeof(url));
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, &got);
	if (post_body)
		curl_easy_setopt(easy, CURLOPT_POSTFIELDS, post_body);
	assert_int_equal(curl_easy_perform(easy), CURLE_OK);
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(easy);
	if (status != 200)
		fail_msg("%s: HTTP %ld %s", path, status, got.array ? got.array : "");
	json_t *j = json_loads(got.array ? got.array : "", 0, NULL);
	dstr_free(&got);
	assert_non_null(j);
	return j;
}

static void shop_config(const char *path, const char *body)
{
	json_decref(ctl(path, body));
}

static int64_t stat_count(const char *name)
{
	json_t *s = ctl("/_shopify/stats", NULL);
	int64_t n = (int64_t)json_integer_value(json_object_get(json_object_get(s, "counts"), name));
	json_decref(s);
	return n;
}

/* A variant's price (minor units) on the server; compare: its
 * compareAtPrice (-1 = none). */
static int64_t server_price(const char *variant, int64_t *compare)
{
	json_t *s = ctl("/_shopify/stats", NULL);
	json_t *v = json_object_get(json_object_get(s, "prices"), variant);
	int64_t price = (int64_t)json_integer_value(json_object_get(v, "price"));
	json_t *c = json_object_get(v, "compareAtPrice");
	*compare = json_is_integer(c) ? (int64_t)json_integer_value(c) : -1;
	assert_non_null(v);
	json_decref(s);
	return price;
}

/* ---- the fixture: store, worker, connector ---------------------------------------- */

struct fx {
	struct lk_store *store;
	struct lk_net *net;
	void *conn;
	uint64_t sale_tick;
	char journal[512];

	pthread_mutex_t mutex; /* the listener writes, the test reads */
	bool seen[LK_CONN_PROTOCOL_ERROR + 1];
	bool retry_shown; /* an offline / protocol status carried next_retry_ms */
	struct dstr messages;
};

static void on_version(void *data, uint64_t version)
{
	struct fx *f = data;
	struct lk_snapshot *snap = lk_store_get(f->store);

	pthread_mutex_lock(&f->mutex);
	f->seen[snap->status.state] = true;
	if ((snap->status.state == LK_CONN_OFFLINE || snap->status.state == LK_CONN_PROTOCOL_ERROR) &&
	    snap->status.next_retry_ms > 0)
		f->retry_shown = true;
	if (snap->status.message) {
		dstr_cat(&f->messages, snap->status.message);
		dstr_cat(&f->messages, "\n");
	}
	pthread_mutex_unlock(&f->mutex);
	lk_snapshot_release(snap);
}

/* what the controller does when the connector runs no sales itself */
static int64_t sale_tick(void *data, int64_t now_ms)
{
	lk_store_tick(data, now_ms);
	return 20;
}

static json_t *settings_for(struct fx *f, const char *extra)
{
	char url[256];

	lk_testsrv_url(&srv, "/admin/api/2025-01/graphql.json", url, sizeof(url));
	json_t *s = json_pack("{s:s, s:s, s:s, s:s, s:i}", "shop", "linkon-test", "token", TOKEN, "endpoint", url,
			      "journal_path", f->journal, "backoff_min_ms", 50);
	json_t *more = extra ? json_loads(extra, 0, NULL) : NULL;
	if (more)
		json_object_update(s, more);
	json_decref(more);
	return s;
}

static void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->mutex, NULL);
	lk_testsrv_path(&srv, "journal.json", f->journal, sizeof(f->journal));
	f->store = lk_store_create();
	f->net = lk_net_create(NULL);
	lk_store_add_listener(f->store, on_version, f);
	f->sale_tick = lk_net_add_tick(f->net, sale_tick, f->store);
}

static void fx_start(struct fx *f, const char *extra)
{
	fx_init(f);
	json_t *s = settings_for(f, extra);
	f->conn = lk_conn_shopify.create(f->store, f->net, s, NULL);
	json_decref(s);
	assert_non_null(f->conn);
}

static void fx_stop(struct fx *f)
{
	lk_conn_shopify.destroy(f->conn);
	if (f->sale_tick)
		lk_net_remove_tick(f->net, f->sale_tick);
	lk_net_destroy(f->net);
	lk_store_remove_listener(f->store, on_version, f);
	lk_store_destroy(f->store);
	f->store = NULL;
	bool leaked = log_has(TOKEN) || (f->messages.array && strstr(f->messages.array, TOKEN));
	dstr_free(&f->messages);
	pthread_mutex_destroy(&f->mutex);
	unlink(f->journal);
	assert_false(leaked); /* the token in a log line or a status message */
}

/* The test's fixture; a failed test leaves it running, its teardown stops it. */
static struct fx the_fx;

static int fx_teardown(void **state)
{
	if (the_fx.store)
		fx_stop(&the_fx);
	return 0;
}

static bool seen(struct fx *f, enum lk_conn_state s)
{
	pthread_mutex_lock(&f->mutex);
	bool yes = f->seen[s];
	pthread_mutex_unlock(&f->mutex);
	return yes;
}

static bool connected_with(struct fx *f, size_t n)
{
	struct lk_snapshot *snap = lk_store_get(f->store);
	bool ok = snap->status.state == LK_CONN_CONNECTED && snap->num_products == n;
	lk_snapshot_release(snap);
	return ok;
}

static void wait_connected(struct fx *f, size_t n)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!connected_with(f, n) && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	if (!connected_with(f, n))
		fail_msg("not connected with %zu products", n);
}

static enum lk_conn_state state_of(struct fx *f)
{
	struct lk_snapshot *snap = lk_store_get(f->store);
	enum lk_conn_state s = snap->status.state;
	lk_snapshot_release(snap);
	return s;
}

static void wait_state(struct fx *f, enum lk_conn_state want)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (state_of(f) != want && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	assert_int_equal(state_of(f), want);
}

static void wait_price(const char *variant, int64_t price, int64_t compare)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS, c = 0, p = 0;
	while ((p = server_price(variant, &c)) != price || c != compare) {
		if (lk_test_mono_ms() > end)
			fail_msg("%s: price %lld / %lld, want %lld / %lld", variant, (long long)p, (long long)c,
				 (long long)price, (long long)compare);
		lk_test_sleep_ms(20);
	}
}

static void wait_file_gone(const char *path)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (access(path, F_OK) == 0 && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* ---- catalog ---------------------------------------------------------------------- */

static void test_paging(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_shopify/config", "{\"products\": 120}");
	fx_start(f, "{\"page_size\": 50}");
	wait_connected(f, 120);
	assert_int_equal(stat_count("catalog"), 3);
	assert_int_equal(stat_count("throttled"), 0);

	struct lk_snapshot *snap = lk_store_get(f->store);
	struct lk_product *p = snap->products[0];
	assert_string_equal(p->id, P0);
	assert_string_equal(p->title, "Product 0");
	assert_int_equal(p->price, 1000);
	assert_int_equal(p->original_price, 1500);
	assert_string_equal(p->currency, "USD");
	assert_int_equal(p->stock, 11); /* 5 + 6 over two variants */
	assert_non_null(strstr(p->image, "/img/red-8x8.png"));
	assert_string_equal(snap->products[1]->title, "商品 1 · Ünïcode 🎁");
	assert_int_equal(snap->products[1]->original_price, 0);
	assert_string_equal(snap->products[119]->id, "gid://shopify/Product/1119");
	assert_null(snap->pinned);
	assert_true(snap->status.last_sync_ms > 0);
	assert_non_null(strstr(snap->status.message, "120 products"));
	lk_snapshot_release(snap);
	assert_true(seen(f, LK_CONN_SYNCING));
	fx_stop(f);
}

static void test_catalog_cap(void **state)
{
	struct fx *f = &the_fx;

	/* more than 10,000 products: the first 10,000 are shown */
	shop_config("/_shopify/config", "{\"products\": 10060, \"variants\": 1, \"max_available\": 1000000, "
					"\"restore_rate\": 1000000}");
	fx_start(f, "{\"page_size\": 250}");
	wait_connected(f, 10000);
	assert_int_equal(stat_count("catalog"), 40);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_string_equal(snap->products[9999]->id, "gid://shopify/Product/10999");
	lk_snapshot_release(snap);
	assert_true(log_has("only the first 10000 products are read"));
	fx_stop(f);
}

static void test_stock_refresh(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_start(f, "{\"refresh_s\": 1}");
	wait_connected(f, 3);
	shop_config("/_shopify/inventory?product=1&variant=0&quantity=0", "{}");
	shop_config("/_shopify/inventory?product=1&variant=1&quantity=2", "{}");

	int64_t end = lk_test_mono_ms() + WAIT_MS, stock = -1;
	while (stock != 2 && lk_test_mono_ms() < end) {
		struct lk_snapshot *snap = lk_store_get(f->store);
		stock = snap->num_products == 3 ? snap->products[1]->stock : -1;
		lk_snapshot_release(snap);
		lk_test_sleep_ms(20);
	}
	assert_int_equal(stock, 2);
	assert_true(stat_count("catalog") >= 2);
	fx_stop(f);
}

/* ---- pacing and throttling -------------------------------------------------------- */

static void test_paces_by_cost(void **state)
{
	struct fx *f = &the_fx;

	/* pages of 50 cost 102 points: the third must wait for the bucket */
	shop_config("/_shopify/config", "{\"products\": 120, \"max_available\": 250, \"restore_rate\": 100}");
	int64_t t0 = lk_test_mono_ms();
	fx_start(f, "{\"page_size\": 50}");
	wait_connected(f, 120);
	int64_t took = lk_test_mono_ms() - t0;
	assert_int_equal(stat_count("throttled"), 0);
	assert_int_equal(stat_count("catalog"), 3);
	assert_true(took >= 400);
	fx_stop(f);
}

static void test_throttled_waits(void **state)
{
	struct fx *f = &the_fx;

	/* an empty bucket at first: one THROTTLED answer, then the connector
	 * waits for what throttleStatus says instead of asking again */
	shop_config("/_shopify/config", "{\"products\": 120, \"start_available\": 0, \"max_available\": 120, "
					"\"restore_rate\": 100}");
	fx_start(f, "{\"page_size\": 50}");
	wait_connected(f, 120);
	assert_int_equal(stat_count("throttled"), 1);
	assert_int_equal(stat_count("catalog"), 3);
	assert_int_equal(stat_count("requests"), 4);
	assert_true(log_has("throttled by the shop"));
	fx_stop(f);
}

/* ---- faults and auth -------------------------------------------------------------- */

static void test_faults_keep_last_good_state(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_shopify/config", "{\"products\": 12, \"faults\": [\"500\", \"drop\", \"malformed\", \"html\"]}");
	fx_start(f, "{\"refresh_s\": 1}");
	wait_connected(f, 12);
	assert_true(seen(f, LK_CONN_OFFLINE));
	assert_true(seen(f, LK_CONN_PROTOCOL_ERROR));
	assert_true(f->retry_shown);
	assert_int_equal(stat_count("faults"), 4);

	/* a refresh that fails keeps the catalog and says when it retries */
	memset(f->seen, 0, sizeof(f->seen));
	shop_config("/_shopify/config?faults_only=1", "{\"faults\": [\"500\", \"refused\"]}");
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!seen(f, LK_CONN_PROTOCOL_ERROR) && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_int_equal(snap->num_products, 12);
	lk_snapshot_release(snap);
	assert_true(seen(f, LK_CONN_OFFLINE));
	wait_connected(f, 12);
	fx_stop(f);
}

static void test_auth_failed(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_shopify/config", "{\"products\": 3}");
	json_t *s = NULL;
	fx_init(f);
	s = settings_for(f, "{\"token\": \"shpat_wrong_token_987654321\"}");
	f->conn = lk_conn_shopify.create(f->store, f->net, s, NULL);
	json_decref(s);
	wait_state(f, LK_CONN_AUTH_FAILED);
	lk_test_sleep_ms(1500); /* no retry until the settings change */
	assert_int_equal(stat_count("requests"), 1);
	assert_int_equal(stat_count("auth_failed"), 1);
	assert_false(log_has("shpat_wrong_token_987654321"));
	assert_null(strstr(f->messages.array, "shpat_wrong"));
	fx_stop(f);

	/* a missing scope is told the same way */
	shop_config("/_shopify/config", "{\"products\": 3, \"faults\": [\"access_denied\"]}");
	fx_start(f, NULL);
	wait_state(f, LK_CONN_AUTH_FAILED);
	assert_non_null(strstr(f->messages.array, "read_products"));
	fx_stop(f);
}

static void test_bad_settings(void **state)
{
	const char *bad[] = {
		"{\"shop\": null}",
		"{\"shop\": \"bad shop/../x\"}",
		"{\"token\": \"\"}",
		"{\"token\": null}",
		"{\"token\": \"shpat_ok\\r\\nX-Evil: 1\"}",
		"{\"api_version\": \"latest\"}",
		"{\"endpoint\": \"ftp://x\"}",
	};
	const enum lk_conn_state want[] = {LK_CONN_PROTOCOL_ERROR, LK_CONN_PROTOCOL_ERROR, LK_CONN_AUTH_FAILED,
					   LK_CONN_AUTH_FAILED,    LK_CONN_AUTH_FAILED,    LK_CONN_PROTOCOL_ERROR,
					   LK_CONN_PROTOCOL_ERROR};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fx *f = &the_fx;
		fx_init(f);
		json_t *s = settings_for(f, bad[i]);
		json_t *more = json_loads(bad[i], 0, NULL);
		if (json_is_null(json_object_get(more, "shop")))
			json_object_del(s, "shop");
		json_decref(more);
		assert_null(lk_conn_shopify.create(f->store, f->net, s, NULL));
		json_decref(s);
		if (state_of(f) != want[i])
			fail_msg("%s: state %d, want %d", bad[i], state_of(f), want[i]);
		assert_non_null(strstr(f->messages.array, "Shopify"));
		f->conn = NULL;
		fx_stop(f);
	}
}

static void test_destroy_in_flight(void **state)
{
	shop_config("/_shopify/config", "{\"products\": 200}");
	for (int i = 0; i < 20; i++) {
		struct fx *f = &the_fx;
		fx_start(f, "{\"page_size\": 250}");
		lk_test_sleep_ms(i % 4 * 3);
		fx_stop(f);
	}
}

/* ---- sale prices -------------------------------------------------------------------- */

static void put_sale(struct fx *f, const char *id, const char *product, int64_t price, int64_t duration_ms)
{
	struct lk_events evs;
	struct lk_snapshot *snap = lk_store_get(f->store);
	int64_t now = lk_snapshot_platform_now(snap, lk_now_ms());
	lk_snapshot_release(snap);

	struct lk_sale *s = lk_sale_new(id, product);
	s->sale_price = price;
	s->start_ms = now;
	s->end_ms = now + duration_ms;
	lk_events_init(&evs);
	lk_events_sale_put(&evs, s);
	lk_store_apply(f->store, &evs);
	lk_events_free(&evs);
}

static void stop_sale(struct fx *f, const char *id)
{
	struct lk_events evs;
	struct lk_snapshot *snap = lk_store_get(f->store);
	int64_t now = lk_snapshot_platform_now(snap, lk_now_ms());
	lk_snapshot_release(snap);

	lk_events_init(&evs);
	lk_events_sale_stop(&evs, id, now);
	lk_store_apply(f->store, &evs);
	lk_events_free(&evs);
}

static void assert_journal_holds_p0(const char *path)
{
	struct stat st;
	size_t len = 0;
	struct lk_shopify_write *w = NULL;
	size_t n = 0;
	char err[LK_SHOPIFY_ERR_SIZE];

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *text = lk_test_read_file(path, &len);
	assert_non_null(text);
	assert_true(lk_shopify_journal_parse(text, len, &w, &n, err, sizeof(err)));
	assert_int_equal(n, 1);
	assert_string_equal(w[0].product_id, P0);
	assert_int_equal(w[0].variants.num, 2);
	assert_string_equal(w[0].variants.array[0].id, V0);
	assert_string_equal(w[0].variants.array[0].price, "10.00");
	assert_string_equal(w[0].variants.array[0].compare_at, "15.00");
	assert_string_equal(w[0].variants.array[1].price, "10.50");
	lk_shopify_write_free(&w[0]);
	bfree(w);
	free(text);
}

static void test_sale_written_and_restored_on_end(void **state)
{
	struct fx *f = &the_fx;
	int64_t cmp;

	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_start(f, "{\"write_sale_prices\": true, \"refresh_s\": 1}");
	wait_connected(f, 3);
	put_sale(f, "s1", P0, 799, 4000);
	wait_price(V0, 799, 1000);
	wait_price(V1, 799, 1050);
	assert_journal_holds_p0(f->journal);

	/* a refresh during the sale still shows the product's own prices */
	int64_t catalogs = stat_count("catalog");
	while (stat_count("catalog") < catalogs + 1)
		lk_test_sleep_ms(50);
	lk_test_sleep_ms(100);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_int_equal(snap->products[0]->price, 1000);
	assert_int_equal(snap->products[0]->original_price, 1500);
	lk_snapshot_release(snap);

	/* the sale ends on time: old prices back, journal gone */
	wait_price(V0, 1000, 1500);
	wait_price(V1, 1050, 1500);
	wait_file_gone(f->journal);
	assert_int_equal(stat_count("mutations"), 2);
	assert_int_equal(server_price("gid://shopify/ProductVariant/5010", &cmp), 1100); /* untouched */
	fx_stop(f);
}

static void test_sale_restored_on_stop(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_start(f, "{\"write_sale_prices\": true}");
	wait_connected(f, 3);
	put_sale(f, "s2", P0, 500, 600000);
	wait_price(V0, 500, 1000);
	assert_journal_holds_p0(f->journal);
	/* the anchor changes the price of the live sale: written again, the
	 * struck price is still the product's own */
	put_sale(f, "s2", P0, 450, 600000);
	wait_price(V0, 450, 1000);
	wait_price(V1, 450, 1050);
	assert_journal_holds_p0(f->journal);
	stop_sale(f, "s2");
	wait_price(V0, 1000, 1500);
	wait_price(V1, 1050, 1500);
	wait_file_gone(f->journal);

	/* a sale without write_sale_prices changes nothing on the shop */
	fx_stop(f);
	fx_start(f, NULL);
	wait_connected(f, 3);
	int64_t before = stat_count("mutations"), reads = stat_count("variants");
	put_sale(f, "s3", P0, 400, 600000);
	lk_test_sleep_ms(500);
	assert_int_equal(stat_count("mutations"), before);
	assert_int_equal(stat_count("variants"), reads);
	int64_t cmp;
	assert_int_equal(server_price(V0, &cmp), 1000);
	fx_stop(f);
}

static void test_sale_write_refused(void **state)
{
	struct fx *f = &the_fx;

	/* the shop refuses the write with a userError that quotes the token */
	shop_config("/_shopify/config", "{\"products\": 3, \"user_errors\": 1}");
	fx_start(f, "{\"write_sale_prices\": true}");
	wait_connected(f, 3);
	put_sale(f, "s4", P0, 700, 800);
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!log_has("the sale price was not written") && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	assert_true(log_has("the sale price was not written"));
	assert_true(log_has(LK_SHOPIFY_REDACTED));
	pthread_mutex_lock(&f->mutex);
	assert_non_null(strstr(f->messages.array, "Product does not exist (token " LK_SHOPIFY_REDACTED));
	pthread_mutex_unlock(&f->mutex);
	/* after the end the old prices are written back all the same */
	wait_file_gone(f->journal);
	int64_t cmp;
	assert_int_equal(server_price(V0, &cmp), 1000);
	assert_int_equal(cmp, 1500);
	assert_int_equal(stat_count("mutations"), 2);
	fx_stop(f);
}

static void test_restore_after_crash(void **state)
{
	struct fx *f = &the_fx;
	const char journal[] = "{\"version\": 1, \"writes\": [{\"product_id\": \"gid://shopify/Product/1002\", "
			       "\"variants\": [{\"id\": \"gid://shopify/ProductVariant/5020\", \"price\": \"30.00\", "
			       "\"compare_at_price\": null}, {\"id\": \"gid://shopify/ProductVariant/5021\", "
			       "\"price\": \"31.00\", \"compare_at_price\": \"40.00\"}]}]}";

	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_init(f);
	FILE *fp = fopen(f->journal, "w");
	assert_non_null(fp);
	fputs(journal, fp);
	fclose(fp);
	json_t *s = settings_for(f, NULL); /* write_sale_prices off: restores all the same */
	f->conn = lk_conn_shopify.create(f->store, f->net, s, NULL);
	json_decref(s);
	wait_price("gid://shopify/ProductVariant/5020", 3000, -1);
	wait_price("gid://shopify/ProductVariant/5021", 3100, 4000);
	wait_file_gone(f->journal);
	wait_connected(f, 3);
	assert_int_equal(stat_count("mutations"), 1);
	assert_true(log_has("restoring the prices of 1 products"));
	fx_stop(f);

	/* an unreadable journal is set aside, not retried */
	fx_init(f);
	fp = fopen(f->journal, "w");
	fputs("{\"version\": 1, \"writes\": [", fp);
	fclose(fp);
	s = settings_for(f, NULL);
	f->conn = lk_conn_shopify.create(f->store, f->net, s, NULL);
	json_decref(s);
	wait_connected(f, 3);
	char bad[600];
	snprintf(bad, sizeof(bad), "%s.bad", f->journal);
	assert_int_equal(access(bad, F_OK), 0);
	assert_int_not_equal(access(f->journal, F_OK), 0);
	unlink(bad);
	fx_stop(f);
}

/* ---- through the controller, as in OBS ------------------------------------------------- */

static void test_controller_flow(void **state)
{
	struct fx *f = &the_fx;
	const char *why = NULL;

	/* the controller starts the connector from the config file's object,
	 * runs pins and sales on the store, and ticks the sales' states */
	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_init(f);
	lk_net_remove_tick(f->net, f->sale_tick); /* the controller ticks sales itself */
	f->sale_tick = 0;
	json_t *cfg = json_pack("{s:s, s:o}", "connector", "shopify", "shopify",
				settings_for(f, "{\"write_sale_prices\": true}"));
	assert_true(lk_controller_start(f->store, f->net, cfg, NULL));
	json_decref(cfg);
	wait_connected(f, 3);

	assert_true(lk_controller_pin(P0, &why));
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_non_null(snap->pinned);
	assert_string_equal(snap->pinned->id, P0);
	lk_snapshot_release(snap);

	struct lk_sale_params sale = {.product_id = P0, .has_price = true, .sale_price = 799, .duration_ms = 1500};
	assert_true(lk_controller_start_sale(&sale, &why));
	wait_price(V0, 799, 1000);
	wait_price(V0, 1000, 1500); /* ended on time */
	wait_file_gone(f->journal);

	sale.sale_price = 650;
	sale.duration_ms = 600000;
	assert_true(lk_controller_start_sale(&sale, &why));
	wait_price(V1, 650, 1050);
	assert_true(lk_controller_stop_sale(&why));
	wait_price(V1, 1050, 1500);
	wait_file_gone(f->journal);
	assert_int_equal(stat_count("mutations"), 4);

	lk_controller_shutdown();
	fx_stop(f);
}

static int setup(void **state)
{
	return lk_testsrv_start(&srv);
}

static int teardown(void **state)
{
	lk_testsrv_stop(&srv);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_paging, fx_teardown),
		cmocka_unit_test_teardown(test_catalog_cap, fx_teardown),
		cmocka_unit_test_teardown(test_stock_refresh, fx_teardown),
		cmocka_unit_test_teardown(test_paces_by_cost, fx_teardown),
		cmocka_unit_test_teardown(test_throttled_waits, fx_teardown),
		cmocka_unit_test_teardown(test_faults_keep_last_good_state, fx_teardown),
		cmocka_unit_test_teardown(test_auth_failed, fx_teardown),
		cmocka_unit_test_teardown(test_bad_settings, fx_teardown),
		cmocka_unit_test_teardown(test_destroy_in_flight, fx_teardown),
		cmocka_unit_test_teardown(test_sale_written_and_restored_on_end, fx_teardown),
		cmocka_unit_test_teardown(test_sale_restored_on_stop, fx_teardown),
		cmocka_unit_test_teardown(test_sale_write_refused, fx_teardown),
		cmocka_unit_test_teardown(test_restore_after_crash, fx_teardown),
		cmocka_unit_test_teardown(test_controller_flow, fx_teardown),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	base_set_log_handler(log_handler, NULL);
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	base_set_log_handler(NULL, NULL);
	/* kept for a look: what a streamer's OBS log would show */
	FILE *f = fopen(LK_ARTIFACTS_DIR "/test-shopify.log", "w");
	if (f) {
		fputs(log_text.array ? log_text.array : "", f);
		fclose(f);
	}
	dstr_free(&log_text);
	curl_global_cleanup();
	return failed;
}
