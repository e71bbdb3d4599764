/*
 * Linkon — Shopify orders for the show (net/lk-conn-shopify-orders.c,
 * core/lk-shopify-orders.c) on the real net worker against the loopback
 * server's Shopify-like endpoint: only orders created since the show
 * started, pages, a 429 in the middle of a pass, redelivered orders counted
 * once, buyer names per the privacy setting, the created_at filter, no
 * read_orders scope; and the codec's time parser and page decoder.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "shopify-util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/lk-order.h"
#include "core/lk-shopify-codec.h"
#include "net/lk-net.h"

static void iso(char *out, size_t size, int64_t ms)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void start_show(struct fx *f)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_show(&evs, true, 0);
	lk_store_apply(f->store, &evs);
	lk_events_free(&evs);
}

static int64_t show_orders(struct fx *f, struct lk_snapshot **out)
{
	struct lk_snapshot *snap = lk_store_get(f->store);
	int64_t n = snap->show ? snap->show->orders : 0;
	if (out)
		*out = snap;
	else
		lk_snapshot_release(snap);
	return n;
}

static void wait_orders(struct fx *f, int64_t n)
{
	for (int i = 0; i < WAIT_MS / 20 && show_orders(f, NULL) < n; i++)
		usleep(20000);
	assert_int_equal(show_orders(f, NULL), n);
}

static const char *const buyers[] = {"Maria Lopez", "王小明", "สมชาย ใจดี", "محمد علي", "🦄 Luna"};

/* n orders, one a second from start_ms + 1 s: product i % 3, quantity 1 + i % 2;
 * then the orders of the JSON list more (NULL = none), in the same post. */
static void post_orders(int64_t start_ms, int n, int first_id, const char *more)
{
	struct dstr body = {0};
	char when[32];

	dstr_copy(&body, "[");
	for (int i = 0; i < n; i++) {
		iso(when, sizeof(when), start_ms + 1000 * (i + 1));
		dstr_catf(&body,
			  "%s{\"id\":\"gid://shopify/Order/%d\",\"createdAt\":\"%s\",\"buyer\":\"%s\","
			  "\"lines\":[{\"product\":%d,\"quantity\":%d}]}",
			  i ? "," : "", first_id + i, when, buyers[i % 5], i % 3, 1 + i % 2);
	}
	if (more && strlen(more) > 2) /* "[...]": its items go on */
		dstr_catf(&body, "%s%.*s", n ? "," : "", (int)strlen(more) - 2, more + 1);
	dstr_cat(&body, "]");
	shop_config("/_shopify/orders", body.array);
	dstr_free(&body);
}

static void test_orders_pages_429_redelivery(void **state)
{
	struct fx *f = &the_fx;
	(void)state;

	shop_config("/_shopify/config", "{\"products\": 4}");
	fx_start(f, "{\"refresh_s\": 3600, \"orders_poll_s\": 1, \"order_buyers\": true}");
	wait_connected(f, 4);
	lk_store_show_configure(f->store, LK_PRIVACY_MASKED, 2000);

	/* an order from before the show never counts */
	struct timespec ts;
	timespec_get(&ts, TIME_UTC);
	int64_t wall = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	char when[32], before[160];
	iso(when, sizeof(when), wall - 3600 * 1000);
	snprintf(before, sizeof(before),
		 "[{\"id\":\"gid://shopify/Order/1\",\"createdAt\":\"%s\",\"lines\":[{\"product\":0,\"quantity\":9}]}]",
		 when);
	shop_config("/_shopify/orders", before);

	/* 120 orders in the show: three pages of 50, and a 429 answers the second page once */
	start_show(f);
	struct lk_snapshot *snap = lk_store_get(f->store);
	int64_t start = snap->show->start_ms;
	lk_snapshot_release(snap);
	assert_true(start > wall - 60000 && start < wall + 60000); /* Unix ms, not ms since boot */
	shop_config("/_shopify/config?faults_only=1", "{\"faults\": [\"ok\", \"429\"]}");
	/* a custom item only: left out; a mix: its product lines count. Posted
	 * with the 120 at once: a pass between two posts would move on past the
	 * mix's older createdAt, which no real shop does */
	iso(when, sizeof(when), start + 500);
	char mix[300];
	snprintf(
		mix, sizeof(mix),
		"[{\"id\":\"gid://shopify/Order/2\",\"createdAt\":\"%s\",\"lines\":[{\"custom\":true,\"quantity\":1}]},"
		"{\"id\":\"gid://shopify/Order/3\",\"createdAt\":\"%s\",\"lines\":[{\"custom\":true,\"quantity\":1},"
		"{\"product\":3,\"quantity\":2}]}]",
		when, when);
	post_orders(start, 120, 100, mix);

	wait_orders(f, 121);
	/* later passes read the newest orders again (the overlap): still 121 */
	int64_t returned = stat_count("orders_returned");
	for (int i = 0; i < WAIT_MS / 20 && stat_count("orders_returned") <= returned; i++)
		usleep(20000);
	assert_true(stat_count("orders_returned") > returned);
	assert_int_equal(show_orders(f, NULL), 121);
	assert_int_equal(stat_count("faults"), 2);

	show_orders(f, &snap);
	const struct lk_show_totals *usd = lk_show_view_totals(snap->show, "USD");
	assert_non_null(usd);
	/* product i%3's first variant: 1000 + 100 * (i%3); quantity 1 + i%2; plus the mix: 2 x 1300 */
	int64_t gmv = 2 * 1300, units = 2;
	for (int i = 0; i < 120; i++) {
		gmv += (1000 + 100 * (i % 3)) * (1 + i % 2);
		units += 1 + i % 2;
	}
	/* GMV is the orders' totals: the mix's custom item (1.00) is in it, though no product line counts it */
	assert_int_equal(usd->gmv, gmv + 100);
	assert_int_equal(usd->units, units);
	assert_int_equal(usd->commission, gmv / 5); /* 20 % of the product lines */
	/* the ticker: newest first, masked names; never a full name */
	const struct lk_show_ticker_entry *e = &snap->show->ticker[0];
	assert_string_equal(e->order_id, "gid://shopify/Order/219");
	assert_string_equal(e->buyer_shown, "🦄***a");
	assert_string_equal(snap->show->ticker[1].buyer_shown, "م***ي");
	assert_string_equal(snap->show->ticker[2].buyer_shown, "ส***ดี"); /* ดี: a consonant and its vowel mark */
	lk_snapshot_release(snap);
	assert_false(log_has("Maria Lopez"));

	/* every query asked for orders since the show's start (to the second) or later */
	json_t *stats = shop_ctl("/_shopify/stats", NULL);
	json_t *queries = json_object_get(stats, "order_queries");
	char first_filter[64];
	iso(when, sizeof(when), start);
	snprintf(first_filter, sizeof(first_filter), "created_at:>='%s'", when);
	assert_string_equal(json_string_value(json_array_get(queries, 0)), first_filter);
	for (size_t i = 0; i < json_array_size(queries); i++)
		assert_true(strcmp(json_string_value(json_array_get(queries, i)), first_filter) >= 0);
	json_decref(stats);
	fx_stop(f);
}

/* Without a live show nothing is asked; without read_orders the catalog goes on. */
static void test_orders_no_show_no_scope(void **state)
{
	struct fx *f = &the_fx;
	(void)state;

	shop_config("/_shopify/config", "{\"products\": 2}");
	fx_start(f, "{\"refresh_s\": 3600, \"orders_poll_s\": 1}");
	wait_connected(f, 2);
	usleep(1500 * 1000);
	assert_int_equal(stat_count("orders"), 0);

	shop_config("/_shopify/config?faults_only=1", "{\"faults\": [\"orders_denied\"]}");
	start_show(f);
	for (int i = 0; i < WAIT_MS / 20 && !log_has("read_orders scope"); i++)
		usleep(20000);
	assert_true(log_has("read_orders scope"));
	usleep(1500 * 1000);
	assert_int_equal(stat_count("orders"), 0); /* the denied request was the fault, nothing after it */
	assert_int_equal(fx_state(f), LK_CONN_CONNECTED);
	fx_stop(f);
}

static void test_time_parse(void **state)
{
	int64_t ms;
	(void)state;

	assert_true(lk_shopify_time_parse("2026-01-01T00:00:00Z", &ms));
	assert_int_equal(ms, 1767225600000LL);
	assert_true(lk_shopify_time_parse("2026-01-01T08:00:00.250+08:00", &ms));
	assert_int_equal(ms, 1767225600250LL);
	assert_true(lk_shopify_time_parse("2024-02-29T23:59:59-01:30", &ms));
	assert_int_equal(ms, 1709256599000LL);
	assert_false(lk_shopify_time_parse("2026-13-01T00:00:00Z", &ms));
	assert_false(lk_shopify_time_parse("2026-01-01 00:00:00Z", &ms));
	assert_false(lk_shopify_time_parse("2026-01-01T00:00:00", &ms));
	assert_false(lk_shopify_time_parse(NULL, &ms));
}

static void test_decode_orders(void **state)
{
	struct lk_shopify_reply r;
	struct lk_shopify_orders page;
	char err[LK_SHOPIFY_ERR_SIZE];
	(void)state;

	const char *body =
		"{\"data\":{\"orders\":{\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"c1\"},\"nodes\":["
		"{\"id\":\"gid://shopify/Order/1\",\"createdAt\":\"2026-01-01T00:00:01Z\",\"currencyCode\":\"JPY\","
		"\"customer\":{\"displayName\":\"さくら\"},\"totalPriceSet\":{\"shopMoney\":{\"amount\":\"2560\"}},"
		"\"lineItems\":{\"nodes\":[{\"quantity\":2,\"product\":{\"id\":\"gid://shopify/Product/7\"},"
		"\"originalUnitPriceSet\":{\"shopMoney\":{\"amount\":\"1280\"}}}]}},"
		"{\"id\":\"gid://shopify/Order/2\",\"createdAt\":\"bad\",\"currencyCode\":\"JPY\"}]}}}";
	lk_shopify_reply_parse(200, body, strlen(body), NULL, &r);
	assert_int_equal(r.kind, LK_SHOPIFY_OK);
	assert_true(lk_shopify_decode_orders(&r, &page, err, sizeof(err)));
	assert_int_equal(page.num_orders, 1);
	assert_int_equal(page.skipped, 1);
	assert_true(page.has_next);
	assert_string_equal(page.end_cursor, "c1");
	struct lk_order *o = page.orders[0];
	assert_string_equal(o->currency, "JPY");
	assert_int_equal(o->total, 2560);
	assert_int_equal(o->items[0].unit_price, 1280);
	assert_int_equal(o->items[0].quantity, 2);
	assert_string_equal(o->buyer, "さくら");
	assert_int_equal(o->time_ms, 1767225601000LL);
	lk_shopify_orders_free(&page);
	lk_shopify_reply_free(&r);

	body = "{\"data\":{\"orders\":{\"nodes\":[]}}}"; /* no pageInfo */
	lk_shopify_reply_parse(200, body, strlen(body), NULL, &r);
	assert_false(lk_shopify_decode_orders(&r, &page, err, sizeof(err)));
	assert_non_null(strstr(err, "hasNextPage"));
	lk_shopify_reply_free(&r);

	char *q = lk_shopify_orders_body(50, NULL, 1767225600999LL, false);
	assert_non_null(strstr(q, "created_at:>='2026-01-01T00:00:00Z'"));
	assert_null(strstr(q, "customer"));
	bfree(q);
	q = lk_shopify_orders_body(500, "c9", 0, true);
	assert_non_null(strstr(q, "customer { displayName }"));
	assert_non_null(strstr(q, "\"first\":250"));
	bfree(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_decode_orders),
		cmocka_unit_test_teardown(test_orders_pages_429_redelivery, fx_teardown),
		cmocka_unit_test_teardown(test_orders_no_show_no_scope, fx_teardown),
	};
	return shopify_run_tests(tests, sizeof(tests) / sizeof(tests[0]), "shopify-orders.log");
}
