/*
 * Linkon — unit tests for the bridge protocol v1 codec (core/lk-bridge-codec*.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

#include "core/lk-bridge-codec.h"
#include "core/lk-redact.h"

static struct lk_product *product_of(const char *json, char *err)
{
	json_t *o = json_loads(json, 0, NULL);
	assert_non_null(o);
	struct lk_product *p = lk_bridge_product_from_json(o, err, LK_BRIDGE_ERR_SIZE);
	json_decref(o);
	return p;
}

static void assert_product_error(const char *json, const char *want)
{
	char err[LK_BRIDGE_ERR_SIZE] = "";
	struct lk_product *p = product_of(json, err);

	if (p || strcmp(err, want) != 0)
		fail_msg("%s: got %s / \"%s\", want \"%s\"", json, p ? "a product" : "NULL", err, want);
}

/* ---- products -------------------------------------------------------------- */

static void test_product_full(void **state)
{
	char err[LK_BRIDGE_ERR_SIZE] = "";
	struct lk_product *p =
		product_of("{\"id\":\"p1\",\"sku\":\"SKU-1\",\"title\":\"Tea \\u8336\",\"image\":"
			   "\"https://cdn.example/p1.png\",\"buyUrl\":\"http://shop/p1\",\"price\":9900,"
			   "\"originalPrice\":12900,\"currency\":\"cny\",\"stock\":20,\"stockTotal\":100,"
			   "\"sold\":80,\"future\":{\"x\":1}}",
			   err);

	assert_non_null(p);
	assert_string_equal(p->id, "p1");
	assert_string_equal(p->sku, "SKU-1");
	assert_string_equal(p->title, "Tea \xe8\x8c\xb6");
	assert_string_equal(p->image, "https://cdn.example/p1.png");
	assert_string_equal(p->buy_url, "http://shop/p1");
	assert_int_equal(p->price, 9900);
	assert_int_equal(p->original_price, 12900);
	assert_string_equal(p->currency, "CNY");
	assert_int_equal(p->stock, 20);
	assert_int_equal(p->stock_total, 100);
	assert_int_equal(p->sold, 80);

	/* to JSON and back gives the same product */
	json_t *j = lk_bridge_product_to_json(p);
	struct lk_product *q = lk_bridge_product_from_json(j, err, sizeof(err));
	assert_non_null(q);
	assert_true(lk_product_equal(p, q));
	json_decref(j);
	lk_product_release(q);
	lk_product_release(p);
}

static void test_product_minimal(void **state)
{
	char err[LK_BRIDGE_ERR_SIZE] = "";
	struct lk_product *p = product_of("{\"id\":\"p2\",\"price\":0,\"currency\":\"JPY\",\"stock\":null}", err);

	assert_non_null(p);
	assert_null(p->sku);
	assert_null(p->title);
	assert_null(p->image);
	assert_int_equal(p->stock, LK_STOCK_UNKNOWN);
	assert_int_equal(p->original_price, 0);
	assert_string_equal(p->currency, "JPY");
	lk_product_release(p);
}

static void test_product_errors(void **state)
{
	assert_product_error("{\"price\":1,\"currency\":\"CNY\"}",
			     "id: must be a string of 1..128 bytes without control characters");
	assert_product_error("{\"id\":\"\",\"price\":1,\"currency\":\"CNY\"}",
			     "id: must be a string of 1..128 bytes without control characters");
	assert_product_error("{\"id\":7,\"price\":1,\"currency\":\"CNY\"}",
			     "id: must be a string of 1..128 bytes without control characters");
	assert_product_error("{\"id\":\"p\",\"currency\":\"CNY\"}", "price: required");
	assert_product_error("{\"id\":\"p\",\"price\":-1,\"currency\":\"CNY\"}",
			     "price: must be an integer 0..1000000000000000");
	assert_product_error("{\"id\":\"p\",\"price\":1.5,\"currency\":\"CNY\"}",
			     "price: must be an integer 0..1000000000000000");
	assert_product_error("{\"id\":\"p\",\"price\":\"100\",\"currency\":\"CNY\"}",
			     "price: must be an integer 0..1000000000000000");
	assert_product_error("{\"id\":\"p\",\"price\":1}", "currency: must be a 3-letter ISO 4217 code");
	assert_product_error("{\"id\":\"p\",\"price\":1,\"currency\":\"CN1\"}",
			     "currency: must be a 3-letter ISO 4217 code");
	assert_product_error("{\"id\":\"p\",\"price\":1,\"currency\":\"CNY\",\"stock\":-2}",
			     "stock: must be an integer 0..1000000000000");
	assert_product_error("{\"id\":\"p\",\"price\":1,\"currency\":\"CNY\",\"title\":5}", "title: must be a string");

	/* a 129-byte id is too long, 128 is fine */
	char json[512], err[LK_BRIDGE_ERR_SIZE];
	snprintf(json, sizeof(json), "{\"id\":\"%0129d\",\"price\":1,\"currency\":\"CNY\"}", 0);
	assert_null(product_of(json, err));
	snprintf(json, sizeof(json), "{\"id\":\"%0128d\",\"price\":1,\"currency\":\"CNY\"}", 0);
	struct lk_product *p = product_of(json, err);
	assert_non_null(p);
	lk_product_release(p);
}

static void test_product_cleaning(void **state)
{
	char err[LK_BRIDGE_ERR_SIZE] = "", json[4096];
	struct lk_product *p = product_of("{\"id\":\"p\",\"price\":1,\"currency\":\"CNY\",\"title\":\"a\\nb\\u0007c\","
					  "\"image\":\"file:///etc/passwd\",\"buyUrl\":\"https://x/a b\"}",
					  err);

	assert_non_null(p);
	assert_string_equal(p->title, "a b c");
	assert_null(p->image);   /* not http(s): dropped */
	assert_null(p->buy_url); /* a space: dropped */
	lk_product_release(p);

	/* a long title is cut on a character boundary: 171 x "茶" (3 bytes) */
	struct dstr t = {0};
	for (int i = 0; i < 200; i++)
		dstr_cat(&t, "\xe8\x8c\xb6");
	snprintf(json, sizeof(json), "{\"id\":\"p\",\"price\":1,\"currency\":\"CNY\",\"title\":\"%s\"}", t.array);
	p = product_of(json, err);
	assert_non_null(p);
	assert_int_equal(strlen(p->title), 510);
	assert_memory_equal(p->title, t.array, 510);
	dstr_free(&t);
	lk_product_release(p);
}

/* ---- catalog pages ------------------------------------------------------------- */

static void test_page(void **state)
{
	static const char body[] = "{\"products\":[{\"id\":\"a\",\"price\":100,\"currency\":\"USD\"},"
				   "{\"id\":\"b\",\"price\":200,\"currency\":\"USD\",\"stock\":3}],"
				   "\"nextCursor\":\"c2\"}";
	struct lk_bridge_page page;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	assert_true(lk_bridge_decode_page(body, strlen(body), &page, err, sizeof(err)));
	assert_int_equal(page.num_products, 2);
	assert_string_equal(page.products[0]->id, "a");
	assert_int_equal(page.products[1]->stock, 3);
	assert_string_equal(page.next_cursor, "c2");
	lk_bridge_page_free(&page);

	static const char last[] = "{\"products\":[],\"nextCursor\":null}";
	assert_true(lk_bridge_decode_page(last, strlen(last), &page, err, sizeof(err)));
	assert_int_equal(page.num_products, 0);
	assert_null(page.next_cursor);
	lk_bridge_page_free(&page);
}

static void assert_page_error(const char *body, const char *want)
{
	size_t len = strlen(body);
	struct lk_bridge_page page = {.num_products = 99};
	char err[LK_BRIDGE_ERR_SIZE] = "";

	assert_false(lk_bridge_decode_page(body, len, &page, err, sizeof(err)));
	assert_int_equal(page.num_products, 99); /* untouched */
	if (strcmp(err, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", err, want);
}

/* A page that decodes with skipped products. */
static void assert_page_skips(const char *body, size_t good, size_t skipped, const char *first_why)
{
	struct lk_bridge_page page = {0};
	char err[LK_BRIDGE_ERR_SIZE] = "";

	assert_true(lk_bridge_decode_page(body, strlen(body), &page, err, sizeof(err)));
	assert_int_equal(page.num_products, good);
	assert_int_equal(page.num_skipped, skipped);
	if (strcmp(page.skipped_why, first_why) != 0)
		fail_msg("got \"%s\", want \"%s\"", page.skipped_why, first_why);
	lk_bridge_page_free(&page);
}

static void test_page_errors(void **state)
{
	static const char good[] = "{\"products\":[{\"id\":\"a\",\"price\":1,\"currency\":\"USD\"}]}";

	/* truncated anywhere: never a half page */
	for (size_t n = 0; n < sizeof(good) - 1; n++) {
		struct lk_bridge_page page = {0};
		char err[LK_BRIDGE_ERR_SIZE];
		assert_false(lk_bridge_decode_page(good, n, &page, err, sizeof(err)));
		assert_null(page.products);
	}
	assert_page_error("[]", "not a JSON object");
	assert_page_error("{}", "products: required, an array of at most 500 products");
	/* a bad product (or a repeated id) is skipped, counted, its reason kept:
	 * the rest of the page is good */
	assert_page_skips("{\"products\":[1]}", 0, 1, "products[0]: must be an object");
	assert_page_skips("{\"products\":[{\"id\":\"a\",\"price\":1,\"currency\":\"USD\"},"
			  "{\"id\":\"a\",\"price\":2,\"currency\":\"USD\"}]}",
			  1, 1, "products[1].id: the same id as an earlier product");
	assert_page_skips(
		"{\"products\":[{\"id\":\"a\",\"price\":1,\"currency\":\"USD\"},{\"id\":\"b\",\"currency\":\"USD\"},"
		"{\"id\":\"c\",\"price\":\"x\",\"currency\":\"USD\"},{\"id\":\"d\",\"price\":4,\"currency\":\"USD\"}]}",
		2, 2, "products[1].price: required");
	assert_page_error("{\"products\":[],\"nextCursor\":5}",
			  "nextCursor: must be a string of 1..128 bytes without control characters");
	assert_page_error("{\"products\":[],\"products\":[]}", "not valid JSON (near byte 25)");

	/* more than 500 products in one page */
	struct dstr big = {0};
	dstr_copy(&big, "{\"products\":[");
	for (int i = 0; i < 501; i++)
		dstr_catf(&big, "%s{\"id\":\"p%d\",\"price\":1,\"currency\":\"USD\"}", i ? "," : "", i);
	dstr_cat(&big, "]}");
	assert_page_error(big.array, "products: required, an array of at most 500 products");
	dstr_free(&big);
}

static void test_errors_quote_no_input(void **state)
{
	static const char body[] = "{\"products\":[{\"id\":\"Bearer-SECRET-123\",\"price\":\"Bearer-SECRET-123\","
				   "\"currency\":\"USD\"}]}";
	struct lk_bridge_page page;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	assert_true(lk_bridge_decode_page(body, strlen(body), &page, err, sizeof(err)));
	assert_int_equal(page.num_skipped, 1); /* the bad product is skipped; its reason quotes nothing */
	assert_null(strstr(page.skipped_why, "SECRET"));
	lk_bridge_page_free(&page);
	assert_false(lk_bridge_decode_page("{\"x\": SECRET}", 13, &page, err, sizeof(err)));
	assert_null(strstr(err, "SECRET"));
}

/* ---- live state ----------------------------------------------------------------- */

static void test_state(void **state)
{
	static const char body[] =
		"{\"serverTime\":1700000000123,\"eventId\":\"42\",\"cart\":[\"b\",\"a\",\"b\"],\"pinned\":\"a\","
		"\"stock\":[{\"productId\":\"a\",\"stock\":4,\"sold\":6}],"
		"\"sales\":[{\"id\":\"s1\",\"productId\":\"a\",\"state\":\"live\",\"price\":500,\"currency\":\"usd\","
		"\"startsAt\":1700000000000,\"endsAt\":1700000060000,\"stock\":10,\"sold\":2}]}";
	struct lk_events evs;
	struct lk_bridge_state st;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	assert_true(lk_bridge_decode_state(body, strlen(body), &evs, &st, err, sizeof(err)));
	assert_int_equal(st.server_time_ms, 1700000000123LL);
	assert_string_equal(st.event_id, "42");
	assert_int_equal(evs.da.num, 3);
	assert_int_equal(evs.da.array[0].type, LK_EV_STOCK);
	assert_string_equal(evs.da.array[0].id, "a");
	assert_int_equal(evs.da.array[0].stock, 4);
	assert_int_equal(evs.da.array[0].sold, 6);
	assert_int_equal(evs.da.array[1].type, LK_EV_CART_SET);
	assert_int_equal(evs.da.array[1].num_ids, 2); /* the duplicate dropped */
	assert_string_equal(evs.da.array[1].ids[0], "b");
	assert_string_equal(evs.da.array[1].ids[1], "a");
	assert_int_equal(evs.da.array[2].type, LK_EV_PIN);
	assert_string_equal(evs.da.array[2].id, "a");
	assert_int_equal(st.num_sales, 1);
	assert_string_equal(st.sales[0].id, "s1");
	assert_int_equal(st.sales[0].state, LK_BRIDGE_SALE_LIVE);
	assert_int_equal(st.sales[0].price, 500);
	assert_string_equal(st.sales[0].currency, "USD");
	assert_int_equal(st.sales[0].ends_at - st.sales[0].starts_at, 60000);
	assert_int_equal(st.sales[0].stock, 10);
	lk_events_free(&evs);

	/* nothing pinned, empty cart */
	lk_events_init(&evs);
	assert_true(lk_bridge_decode_state("{\"cart\":[],\"pinned\":null}", 25, &evs, &st, err, sizeof(err)));
	assert_int_equal(evs.da.num, 2);
	assert_int_equal(evs.da.array[0].num_ids, 0);
	assert_null(evs.da.array[1].id);
	assert_int_equal(st.server_time_ms, 0);
	assert_string_equal(st.event_id, "");
	lk_events_free(&evs);
}

static void assert_state_error(const char *body, const char *want)
{
	struct lk_events evs;
	struct lk_bridge_state st = {.server_time_ms = 77};
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	lk_events_pin(&evs, "x"); /* what was there before stays, alone */
	assert_false(lk_bridge_decode_state(body, strlen(body), &evs, &st, err, sizeof(err)));
	assert_int_equal(evs.da.num, 1);
	assert_int_equal(st.server_time_ms, 77);
	if (strcmp(err, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", body, err, want);
	lk_events_free(&evs);
}

static void test_state_errors(void **state)
{
	assert_state_error("{\"pinned\":\"a\"}", "cart: required, an array of product ids");
	assert_state_error("{\"cart\":[\"a\",3]}", "cart[1]: must be an id string");
	assert_state_error("{\"cart\":[],\"serverTime\":\"now\"}",
			   "serverTime: must be an integer 0..1125899906842624");
	assert_state_error("{\"cart\":[],\"stock\":[{\"productId\":\"a\",\"stock\":-1}]}",
			   "stock[0].stock: must be an integer 0..1000000000000");
	assert_state_error("{\"cart\":[],\"sales\":[{\"id\":\"s\",\"productId\":\"a\",\"state\":\"on\",\"endsAt\":1}]}",
			   "sales[0].state: must be \"scheduled\", \"live\" or \"ended\"");
	assert_state_error("{\"cart\":[],\"sales\":[{\"id\":\"s\",\"productId\":\"a\",\"state\":\"live\","
			   "\"startsAt\":5,\"endsAt\":4}]}",
			   "sales[0].endsAt: required, not before startsAt");
	assert_state_error("{\"cart\":[], \"pinned\": ", "not valid JSON (near byte 22)");
}

/* The state and a page applied to a real store. */
static void test_into_store(void **state)
{
	static const char page_body[] = "{\"products\":[{\"id\":\"a\",\"price\":1,\"currency\":\"USD\"},"
					"{\"id\":\"b\",\"price\":2,\"currency\":\"USD\"}]}";
	static const char state_body[] = "{\"cart\":[\"b\",\"a\"],\"pinned\":\"a\"}";
	struct lk_store *store = lk_store_create();
	struct lk_bridge_page page;
	struct lk_bridge_state st;
	struct lk_events evs;
	char err[LK_BRIDGE_ERR_SIZE];

	lk_events_init(&evs);
	assert_true(lk_bridge_decode_page(page_body, strlen(page_body), &page, err, sizeof(err)));
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->products = page.products;
	ev->num_products = page.num_products;
	page.products = NULL;
	page.num_products = 0;
	lk_bridge_page_free(&page);
	assert_true(lk_bridge_decode_state(state_body, strlen(state_body), &evs, &st, err, sizeof(err)));
	lk_store_apply(store, &evs);

	struct lk_snapshot *snap = lk_store_get(store);
	assert_int_equal(snap->num_products, 2);
	assert_int_equal(snap->num_cart, 2);
	assert_string_equal(snap->cart[0]->id, "b");
	assert_string_equal(snap->pinned->id, "a");
	assert_int_equal(snap->pinned_slot, 2);
	lk_snapshot_release(snap);
	lk_events_free(&evs);
	lk_store_destroy(store);
}

/* ---- stream events ---------------------------------------------------------------- */

static bool decode(const char *type, const char *data, struct lk_events *evs, struct lk_bridge_event *out, char *err)
{
	return lk_bridge_decode_event(type, data, strlen(data), evs, out, err, LK_BRIDGE_ERR_SIZE);
}

static void test_event_gift(void **state)
{
	struct lk_events evs;
	struct lk_bridge_event ev;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	assert_true(decode("gift",
			   "{\"id\":\"g1\",\"sender\":{\"name\":\"Mia\"},\"gift\":{\"id\":\"rose\",\"value\":1},"
			   "\"count\":3}",
			   &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_GIFT);
	assert_string_equal(ev.gift.id, "g1");
	assert_string_equal(ev.gift.sender_name, "Mia");
	assert_int_equal(ev.gift.count, 3);
	assert_int_equal(evs.da.num, 0);
	lk_bridge_event_free(&ev);

	assert_false(decode("gift", "{\"id\":\"g2\",\"gift\":{\"id\":\"rose\"},\"count\":0}", &evs, &ev, err));
	assert_int_equal(strncmp(err, "gift: ", 6), 0);
	assert_int_equal(ev.kind, LK_BRIDGE_EV_IGNORED);
	assert_false(decode("gift", "{\"id\":\"g3\",", &evs, &ev, err));
	lk_events_free(&evs);
}

/* Gifts may name their live room's platform; a gift without one decodes as before. */
static void test_event_gift_platform(void **state)
{
	struct lk_events evs;
	struct lk_bridge_event ev;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	assert_true(
		decode("gift", "{\"id\":\"g1\",\"gift\":{\"id\":\"rose\"},\"platform\":\"tiktok\"}", &evs, &ev, err));
	assert_string_equal(ev.gift.platform, "tiktok");
	lk_bridge_event_free(&ev);
	assert_true(decode("gift", "{\"id\":\"g1\",\"gift\":{\"id\":\"rose\"},\"platform\":null}", &evs, &ev, err));
	assert_null(ev.gift.platform);
	lk_bridge_event_free(&ev);
	assert_false(
		decode("gift", "{\"id\":\"g1\",\"gift\":{\"id\":\"rose\"},\"platform\":\"TikTok\"}", &evs, &ev, err));
	assert_string_equal(err, "gift: platform: must be 1..16 lower-case letters, digits, '-' or '_'");
	assert_false(decode("gift", "{\"id\":\"g1\",\"gift\":{\"id\":\"rose\"},\"platform\":\"a-very-long-platform\"}",
			    &evs, &ev, err));
	assert_false(decode("gift", "{\"id\":\"g1\",\"gift\":{\"id\":\"rose\"},\"platform\":3}", &evs, &ev, err));
	assert_int_equal(evs.da.num, 0);
	lk_events_free(&evs);
}

static void test_event_room(void **state)
{
	struct lk_events evs;
	struct lk_bridge_event ev;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	assert_true(decode("like",
			   "{\"id\":\"l1\",\"platform\":\"tiktok\",\"user\":{\"id\":\"u1\",\"name\":\"Mia\"},"
			   "\"count\":15,\"total\":1200,\"time\":1767225601000}",
			   &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_ROOM);
	assert_int_equal(ev.room.kind, LK_ROOM_LIKE);
	assert_string_equal(ev.room.id, "l1");
	assert_string_equal(ev.room.platform, "tiktok");
	assert_string_equal(ev.room.user_id, "u1");
	assert_string_equal(ev.room.user_name, "Mia");
	assert_int_equal(ev.room.count, 15);
	assert_int_equal(ev.room.total, 1200);
	assert_int_equal(ev.server_time_ms, 1767225601000LL);

	assert_true(decode("like", "{\"id\":\"l2\"}", &evs, &ev, err));
	assert_int_equal(ev.room.count, 1);
	assert_int_equal(ev.room.total, -1);
	assert_string_equal(ev.room.platform, "");

	assert_true(decode("follow", "{\"id\":\"7\",\"user\":{\"name\":\"Li\"}}", &evs, &ev, err));
	assert_int_equal(ev.room.kind, LK_ROOM_FOLLOW);
	assert_string_equal(ev.room.id, "7");
	assert_true(decode("share", "{\"id\":\"s\",\"user\":{\"id\":\"u9\"}}", &evs, &ev, err));
	assert_int_equal(ev.room.kind, LK_ROOM_SHARE);

	/* comments: control characters become spaces, bidi overrides go */
	assert_true(decode("comment",
			   "{\"id\":\"c1\",\"platform\":\"twitch\",\"user\":{\"id\":\"u2\",\"name\":\"A\\u202eB\"},"
			   "\"text\":\"want\\t3 \\u6211\\u8981\"}",
			   &evs, &ev, err));
	assert_int_equal(ev.room.kind, LK_ROOM_COMMENT);
	assert_string_equal(ev.room.user_name, "AB");
	assert_string_equal(ev.room.text, "want 3 \xe6\x88\x91\xe8\xa6\x81");

	assert_true(decode("viewers", "{\"count\":321,\"platform\":\"youtube\"}", &evs, &ev, err));
	assert_int_equal(ev.room.kind, LK_ROOM_VIEWERS);
	assert_int_equal(ev.room.count, 321);
	assert_string_equal(ev.room.id, "");
	assert_int_equal(evs.da.num, 0);

	/* the errors say where */
	static const struct {
		const char *type, *data, *want;
	} bad[] = {
		{"like", "{\"count\":2}", "id: must be a string"},
		{"like", "{\"id\":\"l\",\"count\":0}", "count: must be an integer 1..1000000"},
		{"follow", "{\"id\":\"f\"}", "user: required, with an id or a name"},
		{"follow", "{\"id\":\"f\",\"user\":\"Mia\"}", "user: must be an object"},
		{"comment", "{\"id\":\"c\",\"user\":{\"id\":\"u\"}}", "text: required, a string"},
		{"comment", "{\"id\":\"c\",\"user\":{\"id\":\"u\"},\"text\":5}", "text: must be a string"},
		{"viewers", "{}", "count: required, the number of viewers now"},
		{"viewers", "{\"count\":-1}", "count: must be an integer 0..1000000000000"},
		{"share", "{\"id\":\"s\",\"user\":{\"id\":\"u\"},\"platform\":\"\"}",
		 "platform: must be 1..16 lower-case letters, digits, '-' or '_'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (decode(bad[i].type, bad[i].data, &evs, &ev, err) || !strstr(err, bad[i].want))
			fail_msg("%s %s: got \"%s\", want \"%s\"", bad[i].type, bad[i].data, err, bad[i].want);
		assert_int_equal(ev.kind, LK_BRIDGE_EV_IGNORED);
	}
	lk_events_free(&evs);
}

static void test_event_store_kinds(void **state)
{
	struct lk_events evs;
	struct lk_bridge_event ev;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	assert_true(decode("stock", "{\"productId\":\"a\",\"stock\":5,\"time\":1700000000000}", &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_STORE);
	assert_int_equal(ev.server_time_ms, 1700000000000LL);
	assert_true(decode("order", "{\"id\":\"o1\",\"productId\":\"a\",\"quantity\":2,\"sold\":9}", &evs, &ev, err));
	assert_true(decode("order", "{\"id\":\"o2\",\"productId\":\"a\"}", &evs, &ev, err)); /* no counts: nothing */
	assert_true(decode("pin", "{\"productId\":\"a\"}", &evs, &ev, err));
	assert_true(decode("pin", "{\"productId\":null}", &evs, &ev, err));
	assert_true(decode("cart", "{\"cart\":[\"a\",\"b\"]}", &evs, &ev, err));
	assert_true(decode("catalog-changed", "{\"product\":{\"id\":\"c\",\"price\":3,\"currency\":\"USD\"}}", &evs,
			   &ev, err));
	assert_true(decode("catalog-changed", "{\"removed\":\"b\"}", &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_STORE);

	/* an order (the old short form) also counts for the show: its counts first, then the order */
	assert_int_equal(evs.da.num, 9);
	assert_int_equal(evs.da.array[0].type, LK_EV_STOCK);
	assert_int_equal(evs.da.array[0].stock, 5);
	assert_int_equal(evs.da.array[0].sold, -1);
	assert_int_equal(evs.da.array[1].type, LK_EV_STOCK);
	assert_int_equal(evs.da.array[1].stock, -1);
	assert_int_equal(evs.da.array[1].sold, 9);
	assert_int_equal(evs.da.array[2].type, LK_EV_ORDER);
	assert_string_equal(evs.da.array[2].order->id, "o1");
	assert_int_equal(evs.da.array[2].order->num_items, 1);
	assert_string_equal(evs.da.array[2].order->items[0].product_id, "a");
	assert_int_equal(evs.da.array[2].order->items[0].quantity, 2);
	assert_int_equal(evs.da.array[2].order->items[0].unit_price, LK_ORDER_PRICE_UNKNOWN);
	assert_string_equal(evs.da.array[2].order->source, "bridge");
	assert_int_equal(evs.da.array[3].type, LK_EV_ORDER);
	assert_int_equal(evs.da.array[3].order->items[0].quantity, 1);
	assert_int_equal(evs.da.array[4].type, LK_EV_PIN);
	assert_string_equal(evs.da.array[4].id, "a");
	assert_null(evs.da.array[5].id);
	assert_int_equal(evs.da.array[6].type, LK_EV_CART_SET);
	assert_int_equal(evs.da.array[6].num_ids, 2);
	assert_int_equal(evs.da.array[7].type, LK_EV_PRODUCT_PUT);
	assert_string_equal(evs.da.array[7].product->id, "c");
	assert_int_equal(evs.da.array[8].type, LK_EV_PRODUCT_REMOVE);
	assert_string_equal(evs.da.array[8].id, "b");
	lk_events_free(&evs);
}

/* The extended order (issue 10): items, buyer, total, currency, time, pin. */
static void test_event_order_full(void **state)
{
	struct lk_events evs;
	struct lk_bridge_event ev;
	char err[LK_BRIDGE_ERR_SIZE] = "";
	(void)state;

	lk_events_init(&evs);
	assert_true(decode("order",
			   "{\"id\":\"o-6\",\"time\":1767225602000,\"buyer\":\"Maria Lopez\",\"currency\":\"usd\","
			   "\"total\":3097,\"pinnedId\":\"p1\",\"items\":[{\"productId\":\"p1\",\"quantity\":2,"
			   "\"unitPrice\":1299},{\"productId\":\"p7\",\"unitPrice\":499}]}",
			   &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_STORE);
	assert_int_equal(evs.da.num, 1); /* no productId: no counts */
	const struct lk_order *o = evs.da.array[0].order;
	assert_string_equal(o->id, "o-6");
	assert_int_equal(o->time_ms, 1767225602000LL);
	assert_string_equal(o->buyer, "Maria Lopez");
	assert_string_equal(o->currency, "USD");
	assert_int_equal(o->total, 3097);
	assert_string_equal(o->pinned_id, "p1");
	assert_int_equal(o->num_items, 2);
	assert_int_equal(o->items[1].quantity, 1);
	assert_int_equal(o->items[1].unit_price, 499);
	lk_events_free(&evs);
}

static void test_event_other_kinds(void **state)
{
	struct lk_events evs;
	struct lk_bridge_event ev;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	assert_true(decode("catalog-changed", "{}", &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_CATALOG);
	assert_true(decode("resync", "{}", &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_RESYNC);
	assert_true(decode("sale",
			   "{\"id\":\"s1\",\"productId\":\"a\",\"state\":\"ended\",\"startsAt\":10,\"endsAt\":20}",
			   &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_SALE);
	assert_int_equal(ev.sale.state, LK_BRIDGE_SALE_ENDED);
	assert_int_equal(ev.sale.price, -1);
	assert_int_equal(ev.sale.stock, LK_STOCK_UNKNOWN);
	/* unknown types are skipped without looking at the data */
	assert_true(decode("poll-results", "not even json", &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_IGNORED);
	assert_true(decode("message", "{}", &evs, &ev, err));
	assert_int_equal(ev.kind, LK_BRIDGE_EV_IGNORED);
	assert_int_equal(evs.da.num, 0);
	lk_events_free(&evs);
}

/* A platform sale as the store's sale: limits, pre-roll, early ends. */
static void test_sale_to_store(void **state)
{
	struct lk_bridge_sale b;
	char err[LK_BRIDGE_ERR_SIZE] = "";
	json_t *o = json_loads("{\"id\":\"s1\",\"productId\":\"a\",\"state\":\"scheduled\",\"startsAt\":10000,"
			       "\"endsAt\":70000,\"prerollMs\":5000,\"stock\":8,\"sold\":2}",
			       0, NULL);

	assert_true(lk_bridge_sale_from_json(o, &b, err, sizeof(err)));
	json_decref(o);
	assert_int_equal(b.preroll_ms, 5000);
	struct lk_sale *s = lk_bridge_sale_to_store(&b, 990, 1000);
	assert_string_equal(s->id, "s1");
	assert_string_equal(s->product_id, "a");
	assert_int_equal(s->sale_price, 990); /* no price: the product's */
	assert_int_equal(s->start_ms, 10000);
	assert_int_equal(s->end_ms, 70000);
	assert_int_equal(s->preroll_ms, 5000);
	assert_int_equal(s->stock_limit, 10);
	assert_int_equal(s->stock_left, 8);
	assert_false(s->stopped || s->sold_out);
	assert_int_equal(lk_sale_state_at(s, 6000, NULL), LK_SALE_PREROLL);
	lk_sale_release(s);

	/* ended before endsAt: stopped, or sold out when no stock is left */
	b.state = LK_BRIDGE_SALE_ENDED;
	b.price = 500;
	s = lk_bridge_sale_to_store(&b, 990, 30000);
	assert_int_equal(s->sale_price, 500);
	assert_true(s->stopped);
	assert_int_equal(s->stop_ms, 30000);
	assert_int_equal(lk_sale_state_at(s, 30000, NULL), LK_SALE_STOPPED);
	lk_sale_release(s);
	b.stock = 0;
	s = lk_bridge_sale_to_store(&b, 990, 30000);
	assert_true(s->sold_out);
	assert_int_equal(s->sold_out_ms, 30000);
	lk_sale_release(s);
	/* ended at its time: just ended; no stock limit */
	b.stock = LK_STOCK_UNKNOWN;
	s = lk_bridge_sale_to_store(&b, 990, 80000);
	assert_false(s->stopped || s->sold_out);
	assert_int_equal(s->stock_limit, LK_SALE_NO_LIMIT);
	assert_int_equal(lk_sale_state_at(s, 80000, NULL), LK_SALE_ENDED);
	lk_sale_release(s);

	/* a pre-roll over the limit is refused */
	o = json_loads("{\"id\":\"s\",\"productId\":\"a\",\"state\":\"live\",\"endsAt\":9,\"prerollMs\":300001}", 0,
		       NULL);
	assert_false(lk_bridge_sale_from_json(o, &b, err, sizeof(err)));
	assert_string_equal(err, "prerollMs: must be an integer 0..300000");
	json_decref(o);
}

static void assert_event_error(const char *type, const char *data, const char *want)
{
	struct lk_events evs;
	struct lk_bridge_event ev;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	assert_false(decode(type, data, &evs, &ev, err));
	assert_int_equal(evs.da.num, 0);
	assert_int_equal(ev.kind, LK_BRIDGE_EV_IGNORED);
	if (strcmp(err, want) != 0)
		fail_msg("%s %s: got \"%s\", want \"%s\"", type, data, err, want);
	lk_events_free(&evs);
}

static void test_event_errors(void **state)
{
	assert_event_error("pin", "{}", "productId: required (null to unpin)");
	assert_event_error("pin", "{\"productId\":5}",
			   "productId: must be a string of 1..128 bytes without control characters");
	assert_event_error("stock", "{\"stock\":5}",
			   "productId: must be a string of 1..128 bytes without control characters");
	assert_event_error("stock", "[1]", "not a JSON object");
	assert_event_error("cart", "{\"cart\":\"a\"}", "cart: required, an array of product ids");
	assert_event_error("order", "{\"id\":\"o\",\"productId\":\"a\",\"quantity\":0}",
			   "quantity: must be an integer 1..1000000");
	assert_event_error("order", "{\"id\":\"o\",\"items\":[]}", "items: must be an array of 1..100 items");
	assert_event_error("order", "{\"id\":\"o\",\"items\":[{\"productId\":\"a\",\"unitPrice\":-1}]}",
			   "items[0].unitPrice: must be an integer 0..1000000000");
	assert_event_error("order", "{\"id\":\"o\",\"productId\":\"a\",\"buyer\":5}",
			   "buyer: must be a string or null");
	assert_event_error("catalog-changed", "{\"product\":{\"id\":\"c\"}}",
			   "currency: must be a 3-letter ISO 4217 code");
	assert_event_error("sale", "{\"id\":\"s\"}",
			   "productId: must be a string of 1..128 bytes without control characters");
	assert_event_error("resync", "{", "not valid JSON (near byte 1)");
}

/* ---- errors and actions ----------------------------------------------------------- */

static void test_error_bodies(void **state)
{
	char code[32], msg[64];
	static const char body[] = "{\"error\":{\"code\":\"unknown_product\",\"message\":\"no product\\n'x'\"}}";

	assert_true(lk_bridge_decode_error(body, strlen(body), NULL, code, sizeof(code), msg, sizeof(msg)));
	assert_string_equal(code, "unknown_product");
	assert_string_equal(msg, "no product 'x'");

	assert_false(lk_bridge_decode_error("{\"ok\":true}", 11, NULL, code, sizeof(code), msg, sizeof(msg)));
	assert_string_equal(code, "");
	assert_string_equal(msg, "");
	assert_false(lk_bridge_decode_error("<html>", 6, NULL, code, sizeof(code), msg, sizeof(msg)));

	/* a long message is cut to fit */
	char small[8];
	assert_true(lk_bridge_decode_error(body, strlen(body), NULL, code, sizeof(code), small, sizeof(small)));
	assert_string_equal(small, "no prod");

	/* a secret across the cut is redacted before cutting: none of it shows */
	static const char leak[] =
		"{\"error\":{\"code\":\"x-SECRET-TOKEN-1234\",\"message\":\"bad: SECRET-TOKEN-1234\"}}";
	char cut[13];
	assert_true(
		lk_bridge_decode_error(leak, strlen(leak), "SECRET-TOKEN-1234", cut, sizeof(cut), msg, sizeof(msg)));
	assert_string_equal(cut, "x-" LK_REDACTED);
	assert_string_equal(msg, "bad: " LK_REDACTED);
	assert_true(lk_bridge_decode_error(leak, strlen(leak), "SECRET-TOKEN-1234", code, sizeof(code), small,
					   sizeof(small)));
	assert_string_equal(small, "bad: [r");
	assert_null(strstr(code, "SECRET"));

	char err[LK_BRIDGE_ERR_SIZE];
	assert_true(lk_bridge_decode_action_ok("{\"ok\":true,\"eventId\":\"9\"}", 25, err, sizeof(err)));
	assert_false(lk_bridge_decode_action_ok("{\"ok\":false}", 12, err, sizeof(err)));
	assert_string_equal(err, "ok: must be true in a 2xx action answer");
	assert_false(lk_bridge_decode_action_ok("{\"ok\":tr", 8, err, sizeof(err)));
}

/* The gift limits docs/bridge-protocol.md states are the decoder's: a long
 * name is cut at LK_GIFT_MAX_NAME bytes (the doc said 512, the code cut at
 * 128), a long id is refused at LK_GIFT_MAX_ID. */
static void test_gift_limits_as_documented(void **state)
{
	char want[160];
	char *doc = os_quick_read_utf8_file(LK_SOURCE_DIR "/docs/bridge-protocol.md");

	assert_non_null(doc);
	snprintf(want, sizeof(want), "`streak`: at most %d bytes", LK_GIFT_MAX_ID);
	assert_non_null(strstr(doc, want));
	snprintf(want, sizeof(want), "names (`sender.name`, `gift.name`) are cut to %d bytes", LK_GIFT_MAX_NAME);
	assert_non_null(strstr(doc, want));
	snprintf(want, sizeof(want), "at most %d bytes,\n  else dropped silently", LK_GIFT_MAX_URL);
	assert_non_null(strstr(doc, want));
	snprintf(want, sizeof(want), "`count` 1 … %d, `value` 0 … %lld", LK_GIFT_MAX_COUNT, LK_GIFT_MAX_VALUE);
	assert_non_null(strstr(doc, want));
	bfree(doc);

	struct dstr data = {0}, name = {0};
	for (int i = 0; i < 600; i++)
		dstr_cat(&name, "n");
	dstr_printf(&data, "{\"id\":\"g1\",\"sender\":{\"name\":\"%s\"},\"gift\":{\"name\":\"%s\"}}", name.array,
		    name.array);
	struct lk_events evs;
	struct lk_bridge_event ev;
	char err[LK_BRIDGE_ERR_SIZE];
	lk_events_init(&evs);
	assert_true(lk_bridge_decode_event("gift", data.array, data.len, &evs, &ev, err, sizeof(err)));
	assert_int_equal(strlen(ev.gift.sender_name), LK_GIFT_MAX_NAME);
	assert_int_equal(strlen(ev.gift.gift_name), LK_GIFT_MAX_NAME);
	lk_bridge_event_free(&ev);

	dstr_printf(&data, "{\"id\":\"%.*s\",\"gift\":{\"name\":\"x\"}}", LK_GIFT_MAX_ID + 1, name.array);
	assert_false(lk_bridge_decode_event("gift", data.array, data.len, &evs, &ev, err, sizeof(err)));
	lk_events_free(&evs);
	dstr_free(&data);
	dstr_free(&name);
}

static void test_encode(void **state)
{
	char *s = lk_bridge_encode_pin("p1");
	assert_string_equal(s, "{\"productId\":\"p1\"}");
	bfree(s);
	s = lk_bridge_encode_pin(NULL);
	assert_string_equal(s, "{}");
	bfree(s);

	struct lk_bridge_sale_start r = {.product_id = "p\"1", .has_price = true, .price = 990, .duration_ms = 60000};
	s = lk_bridge_encode_sale_start(&r);
	assert_string_equal(s, "{\"durationMs\":60000,\"price\":990,\"productId\":\"p\\\"1\"}");
	bfree(s);
	r = (struct lk_bridge_sale_start){.product_id = "p2", .duration_ms = 1000, .stock = 5, .preroll_ms = 3000};
	s = lk_bridge_encode_sale_start(&r);
	assert_string_equal(s, "{\"durationMs\":1000,\"prerollMs\":3000,\"productId\":\"p2\",\"stock\":5}");
	bfree(s);

	s = lk_bridge_encode_sale_stop("s9");
	assert_string_equal(s, "{\"saleId\":\"s9\"}");
	bfree(s);
	s = lk_bridge_encode_sale_stop(NULL);
	assert_string_equal(s, "{}");
	bfree(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_product_full),
		cmocka_unit_test(test_product_minimal),
		cmocka_unit_test(test_product_errors),
		cmocka_unit_test(test_product_cleaning),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_page_errors),
		cmocka_unit_test(test_errors_quote_no_input),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_state_errors),
		cmocka_unit_test(test_into_store),
		cmocka_unit_test(test_event_gift),
		cmocka_unit_test(test_event_gift_platform),
		cmocka_unit_test(test_event_room),
		cmocka_unit_test(test_event_store_kinds),
		cmocka_unit_test(test_event_order_full),
		cmocka_unit_test(test_event_other_kinds),
		cmocka_unit_test(test_event_errors),
		cmocka_unit_test(test_sale_to_store),
		cmocka_unit_test(test_error_bodies),
		cmocka_unit_test(test_gift_limits_as_documented),
		cmocka_unit_test(test_encode),
	};
	int failed = cmocka_run_group_tests_name("bridge-codec", tests, NULL, NULL);

	if (bnum_allocs() != 0)
		fail_msg("%ld allocations leaked", bnum_allocs());
	return failed;
}
