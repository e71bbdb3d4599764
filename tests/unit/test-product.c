/*
 * Linkon — unit tests for the product model and the event list helpers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every test checks that bnum_allocs() is back to its start value.
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
#include <util/threading.h>

#include "core/lk-store.h"

static const char *const ABC[] = {"a", "b", "c"};

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
static void test_product_basics(void **state)
{
	long start = bnum_allocs();
	struct lk_product *p = make_product("p1", 1999, 5);

	assert_string_equal(p->id, "p1");
	assert_string_equal(p->currency, "CNY");
	lk_product_set_currency(p, "euro");
	assert_string_equal(p->currency, "EUR");
	lk_product_set_currency(p, "u$d");
	assert_string_equal(p->currency, "U");
	lk_product_set_currency(p, NULL);
	assert_string_equal(p->currency, "");
	lk_product_set_currency(p, "jpy");

	/* set_str copes with the value aliasing the field */
	lk_product_set_str(&p->title, p->title + 8);
	assert_string_equal(p->title, "p1");

	struct lk_product *c = lk_product_clone(p);
	assert_ptr_not_equal(c, p);
	assert_ptr_not_equal(c->title, p->title);
	assert_true(lk_product_equal(c, p));
	lk_product_set_str(&c->sku, "SKU-1");
	assert_false(lk_product_equal(c, p));
	lk_product_set_str(&c->sku, NULL);
	assert_true(lk_product_equal(c, p));
	c->sold = 1;
	assert_false(lk_product_equal(c, p));

	assert_ptr_equal(lk_product_addref(p), p);
	assert_int_equal(p->refs, 2);
	lk_product_release(p);
	assert_int_equal(p->refs, 1);
	lk_product_release(NULL);
	lk_product_release(p);
	lk_product_release(c);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

static void test_product_new_null_id(void **state)
{
	long start = bnum_allocs();
	struct lk_product *p = lk_product_new(NULL);
	assert_non_null(p->id);
	assert_string_equal(p->id, "");
	assert_int_equal(p->stock, LK_STOCK_UNKNOWN);
	lk_product_release(p);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

static void test_events_free_everything(void **state)
{
	long start = bnum_allocs();
	struct lk_events evs;

	/* events that are never applied must still free all they own */
	lk_events_init(&evs);
	push_catalog(&evs, ABC, 3, 1);
	lk_events_put_product(&evs, make_product("p", 1, 1));
	lk_events_stock(&evs, "p", 1, 2);
	lk_events_pin(&evs, "p");
	lk_events_pin(&evs, NULL);
	lk_events_cart(&evs, ABC, 3);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_STATUS);
	ev->status.message = bstrdup("hello");
	assert_int_equal(evs.da.num, 7);
	assert_null(evs.da.array[4].id);
	assert_int_equal(evs.da.array[5].num_ids, 3);
	assert_string_equal(evs.da.array[5].ids[2], "c");

	lk_event_clear(&evs.da.array[0]);
	assert_null(evs.da.array[0].products);
	assert_int_equal(evs.da.array[0].num_products, 0);
	lk_events_free(&evs);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_product_basics),
		cmocka_unit_test(test_product_new_null_id),
		cmocka_unit_test(test_events_free_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
