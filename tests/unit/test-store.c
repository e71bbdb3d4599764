/*
 * Linkon — unit tests for the store (lk-store.c): versions, snapshots, event
 * semantics, listeners. Products: test-product.c; threads: test-store-threads.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every test records bnum_allocs() first and checks it is back to that value
 * at the end, so a leaked product, snapshot, string or array fails the test
 * even without LeakSanitizer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <util/base.h>
#include <util/bmem.h>

#include "core/lk-store.h"

/* ---- helpers ----------------------------------------------------------- */

static struct lk_product *make_product(const char *id, int64_t price, int64_t stock)
{
	struct lk_product *p = lk_product_new(id);
	char title[64];

	snprintf(title, sizeof(title), "Product %s", id);
	lk_product_set_str(&p->title, title);
	lk_product_set_currency(p, "cny");
	p->price = price;
	p->stock = stock;
	p->stock_total = stock;
	return p;
}

/* Pushes a CATALOG_SET with products named by ids (price 100 * (i + 1)). */
static void push_catalog(struct lk_events *evs, const char *const *ids, size_t n, int64_t stock)
{
	struct lk_event *ev = lk_events_push(evs, LK_EV_CATALOG_SET);

	ev->products = bzalloc(n * sizeof(*ev->products));
	ev->num_products = n;
	for (size_t i = 0; i < n; i++)
		ev->products[i] = make_product(ids[i], 100 * (int64_t)(i + 1), stock);
}

static uint64_t apply_catalog(struct lk_store *store, const char *const *ids, size_t n)
{
	struct lk_events evs;
	lk_events_init(&evs);
	push_catalog(&evs, ids, n, 10);
	uint64_t v = lk_store_apply(store, &evs);
	lk_events_free(&evs);
	return v;
}

static uint64_t apply_cart(struct lk_store *store, const char *const *ids, size_t n)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_cart(&evs, ids, n);
	uint64_t v = lk_store_apply(store, &evs);
	lk_events_free(&evs);
	return v;
}

static uint64_t apply_pin(struct lk_store *store, const char *id)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_pin(&evs, id);
	uint64_t v = lk_store_apply(store, &evs);
	lk_events_free(&evs);
	return v;
}

static uint64_t apply_stock(struct lk_store *store, const char *id, int64_t stock, int64_t sold)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_stock(&evs, id, stock, sold);
	uint64_t v = lk_store_apply(store, &evs);
	lk_events_free(&evs);
	return v;
}

static uint64_t apply_put(struct lk_store *store, struct lk_product *p)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_put_product(&evs, p);
	uint64_t v = lk_store_apply(store, &evs);
	lk_events_free(&evs);
	return v;
}

static uint64_t apply_remove(struct lk_store *store, const char *id)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_push(&evs, LK_EV_PRODUCT_REMOVE)->id = bstrdup(id);
	uint64_t v = lk_store_apply(store, &evs);
	lk_events_free(&evs);
	return v;
}

/* Cart as "a,b,c" for readable assertions. */
static const char *cart_str(const struct lk_snapshot *s, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < s->num_cart; i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", i ? "," : "", s->cart[i]->id);
	}
	return buf;
}

static const char *const ABC[] = {"a", "b", "c"};

/* ---- store: versions and immutability ---------------------------------- */

static void test_versions(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct lk_events evs;

	struct lk_snapshot *s0 = lk_store_get(store);
	assert_int_equal(s0->version, 0);
	assert_int_equal(s0->num_products, 0);
	assert_null(s0->pinned);
	assert_false(s0->clock_known);

	lk_events_init(&evs);
	assert_int_equal(lk_store_apply(store, &evs), 0); /* nothing to apply */
	assert_int_equal(apply_catalog(store, ABC, 3), 1);
	assert_int_equal(apply_pin(store, "b"), 2);
	assert_int_equal(apply_pin(store, "b"), 2); /* already pinned */
	assert_int_equal(apply_cart(store, ABC, 3), 3);
	assert_int_equal(apply_cart(store, ABC, 3), 3);    /* same order */
	assert_int_equal(apply_catalog(store, ABC, 3), 3); /* identical catalog */

	/* several changes in one apply publish one snapshot */
	lk_events_pin(&evs, "c");
	lk_events_stock(&evs, "a", 3, 7);
	lk_events_pin(&evs, NULL);
	assert_int_equal(lk_store_apply(store, &evs), 4);
	assert_int_equal(evs.da.num, 0); /* consumed, reusable */
	assert_int_equal(lk_store_version(store), 4);

	/* changes that cancel out within one apply publish nothing */
	lk_events_pin(&evs, "a");
	lk_events_pin(&evs, NULL);
	assert_int_equal(lk_store_apply(store, &evs), 4);

	struct lk_snapshot *s4 = lk_store_get(store);
	assert_int_equal(s4->version, 4);
	assert_null(s4->pinned);
	assert_int_equal(lk_snapshot_find(s4, "a")->stock, 3);
	assert_int_equal(lk_snapshot_find(s4, "a")->sold, 7);
	assert_int_equal(s0->version, 0);
	assert_int_equal(s0->num_products, 0);

	lk_snapshot_release(s0);
	lk_snapshot_release(s4);
	lk_events_free(&evs);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

static void test_snapshot_immutable(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	char buf[128];

	apply_catalog(store, ABC, 3);
	apply_cart(store, ABC, 3);
	apply_pin(store, "c");
	struct lk_snapshot *old = lk_store_get(store);
	struct lk_product *old_a = lk_snapshot_find(old, "a");
	assert_int_equal(old->pinned_slot, 3);

	apply_stock(store, "a", 1, 9);
	apply_remove(store, "c");
	apply_cart(store, (const char *const[]){"b"}, 1);
	apply_put(store, make_product("d", 5, 5));

	struct lk_snapshot *now = lk_store_get(store);
	assert_int_equal(now->version, old->version + 4);
	assert_int_equal(now->num_products, 3);
	assert_string_equal(cart_str(now, buf, sizeof(buf)), "b");
	assert_null(now->pinned);
	assert_int_equal(lk_snapshot_find(now, "a")->stock, 1);

	/* the old snapshot and its products did not move */
	assert_int_equal(old->num_products, 3);
	assert_string_equal(cart_str(old, buf, sizeof(buf)), "a,b,c");
	assert_string_equal(old->pinned->id, "c");
	assert_int_equal(old->pinned_slot, 3);
	assert_ptr_equal(lk_snapshot_find(old, "a"), old_a);
	assert_int_equal(old_a->stock, 10);
	assert_int_equal(old_a->sold, 0);
	assert_null(lk_snapshot_find(old, "d"));

	/* an untouched product is shared, not copied */
	assert_ptr_equal(lk_snapshot_find(old, "b"), lk_snapshot_find(now, "b"));
	assert_ptr_not_equal(lk_snapshot_find(old, "a"), lk_snapshot_find(now, "a"));

	lk_store_destroy(store); /* snapshots outlive the store */
	assert_string_equal(now->products[2]->id, "d");
	lk_snapshot_release(old);
	lk_snapshot_release(now);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

/* ---- store: event semantics -------------------------------------------- */

static void test_put_replace_repoints(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	char buf[128];

	apply_catalog(store, ABC, 3);
	apply_cart(store, (const char *const[]){"c", "a"}, 2);
	assert_int_equal(apply_pin(store, "a"), 3);

	struct lk_product *a2 = make_product("a", 555, 4);
	lk_product_set_str(&a2->title, "New A");
	assert_int_equal(apply_put(store, a2), 4);

	struct lk_snapshot *s = lk_store_get(store);
	assert_int_equal(s->num_products, 3);
	assert_ptr_equal(s->products[0], a2); /* replaced in place */
	assert_string_equal(s->products[0]->title, "New A");
	assert_string_equal(cart_str(s, buf, sizeof(buf)), "c,a");
	assert_ptr_equal(s->cart[1], a2);
	assert_ptr_equal(s->pinned, a2);
	assert_int_equal(s->pinned_slot, 2);
	lk_snapshot_release(s);

	/* an equal product changes nothing */
	struct lk_product *same = lk_product_clone(a2);
	assert_int_equal(apply_put(store, same), 4);

	/* a new id goes to the end */
	assert_int_equal(apply_put(store, make_product("d", 1, 1)), 5);
	/* STOCK clones, and cart and pin follow the clone */
	assert_int_equal(apply_stock(store, "a", 2, -1), 6);
	s = lk_store_get(store);
	assert_int_equal(s->num_products, 4);
	assert_string_equal(s->products[3]->id, "d");
	assert_ptr_not_equal(s->products[0], a2);
	assert_int_equal(s->products[0]->stock, 2);
	assert_string_equal(s->products[0]->title, "New A");
	assert_ptr_equal(s->cart[1], s->products[0]);
	assert_ptr_equal(s->pinned, s->products[0]);
	lk_snapshot_release(s);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

static void test_remove_and_catalog_drop(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	char buf[128];

	apply_catalog(store, ABC, 3);
	apply_cart(store, ABC, 3);
	apply_pin(store, "b");
	assert_int_equal(apply_remove(store, "b"), 4);
	assert_int_equal(apply_remove(store, "b"), 4); /* gone already */

	struct lk_snapshot *s = lk_store_get(store);
	assert_null(lk_snapshot_find(s, "b"));
	assert_int_equal(s->num_products, 2);
	assert_string_equal(cart_str(s, buf, sizeof(buf)), "a,c");
	assert_null(s->pinned);
	assert_int_equal(s->pinned_slot, 0);
	struct lk_product *old_c = lk_snapshot_find(s, "c");
	lk_snapshot_release(s);

	/* new catalog: c stays (changed data → new object), a drops out */
	apply_pin(store, "c");
	struct lk_events evs;
	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->num_products = 3;
	ev->products = bzalloc(3 * sizeof(*ev->products));
	ev->products[0] = make_product("x", 7, 7);
	ev->products[1] = make_product("c", 999, 1);
	ev->products[2] = make_product("x", 8, 8); /* duplicate id: skipped */
	assert_int_equal(lk_store_apply(store, &evs), 6);

	s = lk_store_get(store);
	assert_int_equal(s->num_products, 2);
	assert_string_equal(s->products[0]->id, "x");
	assert_int_equal(s->products[0]->price, 7);
	assert_ptr_not_equal(s->products[1], old_c);
	assert_int_equal(s->products[1]->price, 999);
	assert_string_equal(cart_str(s, buf, sizeof(buf)), "c");
	assert_ptr_equal(s->cart[0], s->products[1]);
	assert_ptr_equal(s->pinned, s->products[1]);
	assert_int_equal(s->pinned_slot, 1);
	lk_snapshot_release(s);

	/* catalog without the pinned product unpins and empties the cart */
	apply_catalog(store, (const char *const[]){"x"}, 1);
	s = lk_store_get(store);
	assert_int_equal(s->version, 7);
	assert_int_equal(s->num_products, 1);
	assert_int_equal(s->num_cart, 0);
	assert_null(s->pinned);
	assert_int_equal(s->pinned_slot, 0);
	lk_snapshot_release(s);

	lk_events_free(&evs);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

static void test_stock(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();

	apply_catalog(store, ABC, 3);
	assert_int_equal(apply_stock(store, "a", 10, 0), 1);  /* same values */
	assert_int_equal(apply_stock(store, "a", -1, -1), 1); /* leave both */
	assert_int_equal(apply_stock(store, "zz", 1, 1), 1);  /* unknown id */
	assert_int_equal(apply_stock(store, "a", 9, -1), 2);  /* stock only */
	assert_int_equal(apply_stock(store, "a", -1, 1), 3);  /* sold only */
	assert_int_equal(apply_stock(store, "a", 9, 1), 3);

	struct lk_snapshot *s = lk_store_get(store);
	struct lk_product *a = lk_snapshot_find(s, "a");
	assert_int_equal(a->stock, 9);
	assert_int_equal(a->sold, 1);
	assert_int_equal(a->price, 100);
	assert_int_equal(a->stock_total, 10);
	assert_string_equal(a->title, "Product a");
	assert_string_equal(a->currency, "CNY");
	lk_snapshot_release(s);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

static void test_cart_set(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	char buf[128];

	apply_catalog(store, ABC, 3);
	apply_pin(store, "a");
	assert_int_equal(apply_cart(store, (const char *const[]){"c", "nope", "a", "c", "b", "a"}, 6), 3);
	struct lk_snapshot *s = lk_store_get(store);
	assert_string_equal(cart_str(s, buf, sizeof(buf)), "c,a,b");
	assert_int_equal(s->pinned_slot, 2);
	lk_snapshot_release(s);

	assert_int_equal(apply_cart(store, NULL, 0), 4);
	s = lk_store_get(store);
	assert_int_equal(s->num_cart, 0);
	assert_string_equal(s->pinned->id, "a"); /* pinned need not be in the cart */
	assert_int_equal(s->pinned_slot, 0);
	lk_snapshot_release(s);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

struct log_capture {
	int warnings;
	char last[256];
};

static void capture_log(int lvl, const char *msg, va_list args, void *param)
{
	struct log_capture *cap = param;
	if (lvl != LOG_WARNING)
		return;
	cap->warnings++;
	vsnprintf(cap->last, sizeof(cap->last), msg, args);
}

static void test_pin_unknown_logged_once(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct log_capture cap = {0};
	log_handler_t prev_handler;
	void *prev_param;

	base_get_log_handler(&prev_handler, &prev_param);
	base_set_log_handler(capture_log, &cap);

	apply_catalog(store, ABC, 3);
	apply_pin(store, "a");
	assert_int_equal(apply_pin(store, "ghost"), 2);
	assert_int_equal(cap.warnings, 1);
	assert_non_null(strstr(cap.last, "ghost"));
	assert_int_equal(apply_pin(store, "ghost"), 2);
	assert_int_equal(cap.warnings, 1);
	assert_int_equal(apply_pin(store, "phantom"), 2);
	assert_int_equal(cap.warnings, 2);

	struct lk_snapshot *s = lk_store_get(store);
	assert_string_equal(s->pinned->id, "a"); /* ignored: pin kept */
	lk_snapshot_release(s);
	assert_int_equal(apply_pin(store, NULL), 3);
	s = lk_store_get(store);
	assert_null(s->pinned);
	lk_snapshot_release(s);

	base_set_log_handler(prev_handler, prev_param);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

static void test_status_and_clock(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct lk_events evs;

	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_STATUS);
	ev->status.state = LK_CONN_OFFLINE;
	ev->status.connector = bstrdup("bridge");
	ev->status.message = bstrdup("connection refused");
	ev->status.next_retry_ms = 1234;
	assert_int_equal(lk_store_apply(store, &evs), 1);

	ev = lk_events_push(&evs, LK_EV_STATUS);
	ev->status.state = LK_CONN_OFFLINE;
	ev->status.connector = bstrdup("bridge");
	ev->status.message = bstrdup("connection refused");
	ev->status.next_retry_ms = 1234;
	assert_int_equal(lk_store_apply(store, &evs), 1); /* same status */

	ev = lk_events_push(&evs, LK_EV_SERVER_TIME);
	ev->server_time_ms = 1700000000000;
	ev->local_ms = 5000;
	assert_int_equal(lk_store_apply(store, &evs), 2);

	struct lk_snapshot *s = lk_store_get(store);
	assert_int_equal(s->status.state, LK_CONN_OFFLINE);
	assert_string_equal(s->status.connector, "bridge");
	assert_string_equal(s->status.message, "connection refused");
	assert_int_equal(s->status.next_retry_ms, 1234);
	assert_true(s->clock_known);
	assert_int_equal(s->clock_offset_ms, 1700000000000 - 5000);
	assert_int_equal(lk_snapshot_platform_now(s, 6000), 1700000001000);
	lk_snapshot_release(s);

	struct lk_snapshot empty = {0};
	assert_int_equal(lk_snapshot_platform_now(&empty, 6000), 6000);
	assert_int_equal(lk_snapshot_platform_now(NULL, 42), 42);

	int64_t t0 = lk_now_ms();
	assert_true(t0 > 0);
	assert_true(lk_now_ms() >= t0);

	lk_events_free(&evs);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

/* ---- listeners --------------------------------------------------------- */

struct listen_rec {
	struct lk_store *store;
	int calls;
	uint64_t versions[16];
	bool get_matched; /* lk_store_get inside the listener saw that version */
	bool remove_self;
};

static void on_change(void *data, uint64_t version)
{
	struct listen_rec *r = data;

	if (r->calls < 16)
		r->versions[r->calls] = version;
	r->calls++;
	struct lk_snapshot *s = lk_store_get(r->store); /* reentrancy allowed */
	r->get_matched = s->version == version;
	lk_snapshot_release(s);
	if (r->remove_self)
		lk_store_remove_listener(r->store, on_change, r);
}

static void test_listeners(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct listen_rec r1 = {.store = store};
	struct listen_rec r2 = {.store = store, .remove_self = true};

	lk_store_add_listener(store, on_change, &r1);
	lk_store_add_listener(store, on_change, &r2);
	apply_catalog(store, ABC, 3);
	apply_pin(store, "a");
	apply_pin(store, "a"); /* no publish, no call */
	apply_stock(store, "b", 1, 9);

	assert_int_equal(r1.calls, 3);
	assert_int_equal(r1.versions[0], 1);
	assert_int_equal(r1.versions[1], 2);
	assert_int_equal(r1.versions[2], 3);
	assert_true(r1.get_matched);
	assert_int_equal(r2.calls, 1); /* removed itself during the first call */
	assert_int_equal(r2.versions[0], 1);

	lk_store_remove_listener(store, on_change, &r1);
	apply_pin(store, NULL);
	assert_int_equal(r1.calls, 3);
	assert_int_equal(lk_store_version(store), 4);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_snapshot_immutable),
		cmocka_unit_test(test_put_replace_repoints),
		cmocka_unit_test(test_remove_and_catalog_drop),
		cmocka_unit_test(test_stock),
		cmocka_unit_test(test_cart_set),
		cmocka_unit_test(test_pin_unknown_logged_once),
		cmocka_unit_test(test_status_and_clock),
		cmocka_unit_test(test_listeners),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
