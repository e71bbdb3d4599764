/*
 * Linkon — the Shopify connector (net/lk-conn-shopify*.c) on the real net
 * worker against the loopback server's Shopify-like GraphQL endpoint
 * (tests/server/lkserver/shopify.py): paging, the product cap, stock
 * refresh, pacing by query cost, THROTTLED, faults, auth, bad settings,
 * destroy in flight; the token in no log line or status.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "shopify-util.h"

#include <string.h>

#include "net/lk-net.h"

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
	assert_true(fx_seen(f, LK_CONN_SYNCING));
	fx_stop(f);
}

/* buy_link "cart": every product's link is a cart permalink of its first
 * variant on the shop's own host (straight to checkout); by default the
 * product's online store page. */
static void test_buy_links(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_start(f, NULL);
	wait_connected(f, 3);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_string_equal(snap->products[0]->buy_url, "https://linkon-test.myshopify.com/products/p0");
	lk_snapshot_release(snap);
	fx_stop(f);

	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_start(f, "{\"buy_link\": \"cart\"}");
	wait_connected(f, 3);
	snap = lk_store_get(f->store);
	assert_string_equal(snap->products[0]->buy_url, "https://linkon-test.myshopify.com/cart/5000:1");
	assert_string_equal(snap->products[2]->buy_url, "https://linkon-test.myshopify.com/cart/5020:1");
	lk_snapshot_release(snap);
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

	/* an unchanged product keeps its object; a refresh that finds one
	 * product changed republishes that one alone */
	struct lk_snapshot *before = lk_store_get(f->store);
	shop_config("/_shopify/inventory?product=2&variant=0&quantity=40", "{}");
	int64_t catalogs = stat_count("catalog");
	while (stat_count("catalog") < catalogs + 2)
		lk_test_sleep_ms(50);
	struct lk_snapshot *after = lk_store_get(f->store);
	assert_int_equal(after->num_products, 3);
	assert_ptr_equal(after->products[0], before->products[0]);
	assert_ptr_equal(after->products[1], before->products[1]);
	assert_ptr_not_equal(after->products[2], before->products[2]);
	assert_int_equal(after->products[2]->stock, 40 + 5 + 2 + 1);
	assert_true(after->status.last_sync_ms > before->status.last_sync_ms); /* "synced just now" */
	assert_int_equal(after->products[1]->stock, 2);
	assert_int_equal(after->products[1]->stock_total, 13); /* the bar shows what sold */
	assert_int_equal(after->products[2]->stock_total, 48);
	lk_snapshot_release(before);
	lk_snapshot_release(after);

	/* a product gone from the shop leaves the catalog */
	shop_config("/_shopify/config", "{\"products\": 2}");
	wait_connected(f, 2);
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
	assert_true(fx_seen(f, LK_CONN_OFFLINE));
	assert_true(fx_seen(f, LK_CONN_PROTOCOL_ERROR));
	pthread_mutex_lock(&f->mutex);
	bool retry_shown = f->retry_shown;
	pthread_mutex_unlock(&f->mutex);
	assert_true(retry_shown);
	assert_int_equal(stat_count("faults"), 4);

	/* a refresh that fails keeps the catalog and says when it retries */
	pthread_mutex_lock(&f->mutex);
	memset(f->seen, 0, sizeof(f->seen));
	pthread_mutex_unlock(&f->mutex);
	shop_config("/_shopify/config?faults_only=1", "{\"faults\": [\"500\", \"refused\"]}");
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!fx_seen(f, LK_CONN_PROTOCOL_ERROR) && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_int_equal(snap->num_products, 12);
	lk_snapshot_release(snap);
	assert_true(fx_seen(f, LK_CONN_OFFLINE));
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
	assert_false(fx_said_now(f, "shpat_wrong"));
	fx_stop(f);

	/* a missing scope is told the same way */
	shop_config("/_shopify/config", "{\"products\": 3, \"faults\": [\"access_denied\"]}");
	fx_start(f, NULL);
	wait_state(f, LK_CONN_AUTH_FAILED);
	assert_true(fx_said(f, "read_products"));
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
		if (fx_state(f) != want[i])
			fail_msg("%s: state %d, want %d", bad[i], fx_state(f), want[i]);
		assert_true(fx_said(f, "Shopify"));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_buy_links, fx_teardown),
		cmocka_unit_test_teardown(test_paging, fx_teardown),
		cmocka_unit_test_teardown(test_catalog_cap, fx_teardown),
		cmocka_unit_test_teardown(test_stock_refresh, fx_teardown),
		cmocka_unit_test_teardown(test_paces_by_cost, fx_teardown),
		cmocka_unit_test_teardown(test_throttled_waits, fx_teardown),
		cmocka_unit_test_teardown(test_faults_keep_last_good_state, fx_teardown),
		cmocka_unit_test_teardown(test_auth_failed, fx_teardown),
		cmocka_unit_test_teardown(test_bad_settings, fx_teardown),
		cmocka_unit_test_teardown(test_destroy_in_flight, fx_teardown),
	};
	return shopify_run_tests(tests, sizeof(tests) / sizeof(tests[0]), "test-shopify.log");
}
