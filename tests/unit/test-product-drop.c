/*
 * Linkon — unit test for the product drop filter's settings
 * (sources/lk-product-drop.c) without OBS running: saved values of any size
 * (a hand-edited or hostile scene collection, a websocket client) become a
 * sale within the filter's limits, never undefined behaviour (the UBSan
 * build aborts on signed overflow and out-of-range conversions).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The module, controller and store are stubbed: no product is in a
 * catalog, so the currency is unknown (2 decimals).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <obs.h>
#include <util/bmem.h>

#include "core/lk-sale.h"
#include "lk-controller.h"
#include "sources/lk-product-drop.h"

/* ---- stubs: what the filter calls outside its file ------------------------ */

const char *obs_module_text(const char *key)
{
	return key;
}

struct lk_store *lk_source_store(obs_source_t *source)
{
	(void)source;
	return NULL;
}

bool lk_controller_drop(const struct lk_drop *drop, const char **error)
{
	(void)drop;
	*error = "not in this test";
	return false;
}

bool lk_controller_drop_async(const struct lk_drop *drop, const char *origin)
{
	(void)drop;
	(void)origin;
	return false;
}

void lk_props_list_products(obs_property_t *list, const char *none_label, struct lk_store *store)
{
	(void)list;
	(void)none_label;
	(void)store;
}

/* ---- tests ------------------------------------------------------------------ */

/* A drop filter made from these saved values; its sale as the controller
 * would get it. */
static void sale_from(double price, long long duration_s, long long stock, long long preroll_s,
		      struct lk_sale_params *out)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_string(s, LK_DROP_SETTING_PRODUCT, "p1");
	obs_data_set_bool(s, LK_DROP_SETTING_SALE, true);
	obs_data_set_double(s, LK_DROP_SETTING_PRICE, price);
	obs_data_set_int(s, LK_DROP_SETTING_DURATION, duration_s);
	obs_data_set_int(s, LK_DROP_SETTING_STOCK, stock);
	obs_data_set_int(s, LK_DROP_SETTING_PREROLL, preroll_s);
	obs_data_set_string(s, LK_DROP_SETTING_MODE, LK_DROP_MODE_EVERY);

	void *drop = lk_product_drop_info.create(s, NULL);
	assert_non_null(drop);
	assert_true(lk_product_drop_sale_for("p1", out));
	lk_product_drop_info.destroy(drop);
	obs_data_release(s);
}

static void test_usual_values(void **state)
{
	(void)state;
	struct lk_sale_params p;
	sale_from(12.99, 300, 50, 10, &p);
	assert_true(p.has_price);
	assert_int_equal(p.sale_price, 1299);
	assert_int_equal(p.duration_ms, 300000);
	assert_true(p.has_stock);
	assert_int_equal(p.stock, 50);
	assert_int_equal(p.preroll_ms, 10000);

	sale_from(0.0, 60, 0, 0, &p); /* no price, no stock limit, no pre-roll */
	assert_false(p.has_price);
	assert_false(p.has_stock);
	assert_int_equal(p.preroll_ms, 0);
}

/* The review's case: huge saved numbers were multiplied by 1000 and
 * converted from double without a range check. */
static void test_extreme_values_are_clamped(void **state)
{
	(void)state;
	struct lk_sale_params p;
	sale_from(1e300, INT64_MAX, INT64_MAX, INT64_MAX, &p);
	assert_true(p.has_price);
	assert_true(p.sale_price > 0 && p.sale_price <= (int64_t)1e12 * 100);
	assert_int_equal(p.duration_ms, LK_SALE_DURATION_MAX_MS);
	assert_true(p.stock > 0 && p.stock <= 100000000);
	assert_int_equal(p.preroll_ms, LK_SALE_PREROLL_MAX_MS);

	sale_from(-1e300, INT64_MIN, INT64_MIN, INT64_MIN, &p);
	assert_false(p.has_price); /* a negative price: the product's own */
	assert_int_equal(p.duration_ms, 1000);
	assert_false(p.has_stock);
	assert_int_equal(p.preroll_ms, 0);

	sale_from(NAN, -1, -1, -1, &p);
	assert_false(p.has_price);
	assert_true(p.duration_ms >= LK_SALE_DURATION_MIN_MS);

	sale_from(INFINITY, 9223372036854775LL, 0, 9223372036854775LL, &p); /* x 1000 = just over INT64_MAX */
	assert_true(p.sale_price > 0 && p.sale_price <= (int64_t)1e12 * 100);
	assert_int_equal(p.duration_ms, LK_SALE_DURATION_MAX_MS);
	assert_int_equal(p.preroll_ms, LK_SALE_PREROLL_MAX_MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usual_values),
		cmocka_unit_test(test_extreme_values_are_clamped),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != 0) {
		fprintf(stderr, "leaked %ld libobs allocations\n", bnum_allocs());
		return 1;
	}
	return failed;
}
