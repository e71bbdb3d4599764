/*
 * Linkon — unit tests for the Shopify codec's data decoders
 * (core/lk-shopify-codec-data.c): catalog pages (odd Unicode, huge numbers,
 * bad shapes), variants, mutation answers, the sale-price journal.
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

#include "shopify-codec-util.h"

/* ---- catalog ----------------------------------------------------------------- */

static bool decode_page(const char *data_json, struct lk_shopify_page *page, char *err)
{
	struct lk_shopify_reply r;
	struct dstr body = {0};

	dstr_printf(&body, "{\"data\": %s}", data_json);
	parse(200, body.array, &r);
	bool ok = lk_shopify_decode_catalog(&r, page, err, LK_SHOPIFY_ERR_SIZE);
	lk_shopify_reply_free(&r);
	dstr_free(&body);
	return ok;
}

static const char PAGE[] =
	"{\"shop\": {\"currencyCode\": \"USD\"}, \"products\": {\"pageInfo\": {\"hasNextPage\": true, "
	"\"endCursor\": \"cur-2\"}, \"nodes\": ["
	"{\"id\": \"gid://shopify/Product/1\", \"title\": \"Mug\\n\\u0007 ☕ 🎁\", \"totalInventory\": 12, "
	"\"tracksInventory\": true, \"onlineStoreUrl\": \"https://s.example/p/1\", \"featuredImage\": {\"url\": "
	"\"https://cdn.example/1.png\"}, \"variants\": {\"nodes\": [{\"id\": \"gid://shopify/ProductVariant/10\", "
	"\"sku\": \"MUG-1\", \"price\": \"12.99\", \"compareAtPrice\": \"19.99\"}]}},"
	"{\"id\": \"gid://shopify/Product/2\", \"title\": \"Tee\", \"totalInventory\": -3, \"tracksInventory\": true, "
	"\"featuredImage\": {\"url\": \"file:///etc/passwd\"}, \"variants\": {\"edges\": [{\"node\": {\"id\": "
	"\"v20\", \"price\": \"5\", \"compareAtPrice\": \"4.00\"}}]}},"
	"{\"id\": \"gid://shopify/Product/3\", \"title\": null, \"totalInventory\": 9223372036854775807, "
	"\"tracksInventory\": false, \"featuredImage\": null, \"variants\": {\"nodes\": [{\"id\": \"v30\", "
	"\"price\": \"0.50\", \"compareAtPrice\": null}]}},"
	"{\"id\": \"gid://shopify/Product/4\", \"title\": \"no variant\", \"variants\": {\"nodes\": []}},"
	"{\"id\": \"gid://shopify/Product/5\", \"title\": \"bad price\", \"variants\": {\"nodes\": [{\"id\": "
	"\"v50\", \"price\": 12.99}]}},"
	"{\"id\": \"\", \"title\": \"empty id\", \"variants\": {\"nodes\": [{\"id\": \"v60\", \"price\": \"1\"}]}},"
	"{\"id\": \"gid://shopify/Product/1\", \"title\": \"duplicate\", \"variants\": {\"nodes\": [{\"id\": "
	"\"v11\", \"price\": \"1\"}]}},"
	"7, null]}}";

static void test_catalog_page(void **state)
{
	struct lk_shopify_page page;
	char err[LK_SHOPIFY_ERR_SIZE] = "";

	assert_true(decode_page(PAGE, &page, err));
	assert_string_equal(page.currency, "USD");
	assert_true(page.has_next);
	assert_string_equal(page.end_cursor, "cur-2");
	assert_int_equal(page.num_products, 3);
	assert_int_equal(page.skipped, 6);

	struct lk_product *p = page.products[0];
	assert_string_equal(p->id, "gid://shopify/Product/1");
	assert_string_equal(p->title, "Mug   ☕ 🎁"); /* control characters blanked */
	assert_string_equal(p->sku, "MUG-1");
	assert_int_equal(p->price, 1299);
	assert_int_equal(p->original_price, 1999);
	assert_string_equal(p->currency, "USD");
	assert_int_equal(p->stock, 12);
	assert_string_equal(p->image, "https://cdn.example/1.png");
	assert_string_equal(p->buy_url, "https://s.example/p/1");
	/* each kept product's first variant, for cart permalinks */
	assert_string_equal(page.variant_ids[0], "gid://shopify/ProductVariant/10");
	assert_string_equal(page.variant_ids[1], "v20");
	assert_string_equal(page.variant_ids[2], "v30");

	p = page.products[1];
	assert_int_equal(p->price, 500);
	assert_int_equal(p->original_price, 0); /* compare-at below the price: no discount */
	assert_int_equal(p->stock, 0);          /* oversold */
	assert_null(p->image);                  /* not http(s) */
	assert_null(p->buy_url);

	p = page.products[2];
	assert_null(p->title);
	assert_int_equal(p->price, 50);
	assert_int_equal(p->stock, LK_STOCK_UNKNOWN); /* inventory not tracked */
	lk_shopify_page_free(&page);
}

static void test_catalog_long_title_and_last_page(void **state)
{
	struct dstr title = {0}, data = {0};
	struct lk_shopify_page page;
	char err[LK_SHOPIFY_ERR_SIZE];

	for (int i = 0; i < 300; i++)
		dstr_cat(&title, "界");
	dstr_printf(&data,
		    "{\"shop\": {\"currencyCode\": \"JPY\"}, \"products\": {\"pageInfo\": {\"hasNextPage\": false, "
		    "\"endCursor\": null}, \"edges\": [{\"node\": {\"id\": \"p\", \"title\": \"%s\", "
		    "\"totalInventory\": 1099511627776000, \"tracksInventory\": true, \"variants\": {\"nodes\": "
		    "[{\"id\": \"v\", \"price\": \"1280.0\"}]}}}]}}",
		    title.array);
	assert_true(decode_page(data.array, &page, err));
	assert_false(page.has_next);
	assert_null(page.end_cursor);
	assert_int_equal(page.num_products, 1);
	struct lk_product *p = page.products[0];
	assert_int_equal(p->price, 1280);
	assert_string_equal(p->currency, "JPY");
	assert_true(strlen(p->title) <= LK_SHOPIFY_MAX_TITLE);
	assert_int_equal(strlen(p->title) % 3, 0); /* whole characters only */
	assert_true(utf8_valid(p->title));
	assert_int_equal(p->stock, 1000000000000LL);
	lk_shopify_page_free(&page);
	dstr_free(&title);
	dstr_free(&data);
}

static void test_catalog_bad_pages(void **state)
{
	const char *bad[] = {
		"{\"products\": {\"pageInfo\": {\"hasNextPage\": false}, \"nodes\": []}}",
		"{\"shop\": {\"currencyCode\": \"usd\"}, \"products\": {\"pageInfo\": {\"hasNextPage\": false}, "
		"\"nodes\": []}}",
		"{\"shop\": {\"currencyCode\": \"USDX\"}, \"products\": {\"pageInfo\": {\"hasNextPage\": false}, "
		"\"nodes\": []}}",
		"{\"shop\": {\"currencyCode\": \"USD\"}, \"products\": [1]}",
		"{\"shop\": {\"currencyCode\": \"USD\"}, \"products\": {\"pageInfo\": {\"hasNextPage\": false}}}",
		"{\"shop\": {\"currencyCode\": \"USD\"}, \"products\": {\"nodes\": []}}",
		"{\"shop\": {\"currencyCode\": \"USD\"}, \"products\": {\"pageInfo\": {\"hasNextPage\": true}, "
		"\"nodes\": []}}",
		"{\"shop\": {\"currencyCode\": \"USD\"}, \"products\": {\"pageInfo\": {\"hasNextPage\": true, "
		"\"endCursor\": \"a\\nb\"}, \"nodes\": []}}",
		"{\"shop\": {\"currencyCode\": \"USD\"}, \"products\": {\"pageInfo\": {\"hasNextPage\": \"yes\"}, "
		"\"nodes\": []}}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lk_shopify_page page;
		char err[LK_SHOPIFY_ERR_SIZE] = "";
		if (decode_page(bad[i], &page, err))
			fail_msg("accepted: %s", bad[i]);
		assert_true(err[0] != '\0');
		assert_int_equal(page.num_products, 0);
		assert_null(page.end_cursor);
	}

	/* a reply that is not OK has no page */
	struct lk_shopify_reply r;
	struct lk_shopify_page page;
	char err[LK_SHOPIFY_ERR_SIZE] = "";
	parse(500, "", &r);
	assert_false(lk_shopify_decode_catalog(&r, &page, err, sizeof(err)));
	lk_shopify_reply_free(&r);
}

static struct lk_product *stocked(const char *id, int64_t stock, int64_t total)
{
	struct lk_product *p = lk_product_new(id);
	p->stock = stock;
	p->stock_total = total;
	return p;
}

static void test_carry_stock_totals(void **state)
{
	struct lk_product *prev[] = {stocked("gid://shopify/Product/2", 1, 10),
				     stocked("gid://shopify/Product/1", 4, 5),
				     stocked("gid://shopify/Product/9", LK_STOCK_UNKNOWN, 0)};
	struct lk_product *next[] = {stocked("gid://shopify/Product/1", 3, 0), stocked("gid://shopify/Product/7", 7, 0),
				     stocked("gid://shopify/Product/2", 12, 0),
				     stocked("gid://shopify/Product/9", LK_STOCK_UNKNOWN, 0)};

	lk_shopify_carry_stock_totals(next, 4, prev, 3);
	assert_int_equal(next[0]->stock_total, 5);  /* sold 2 of the 5 seen */
	assert_int_equal(next[1]->stock_total, 7);  /* new: its stock now */
	assert_int_equal(next[2]->stock_total, 12); /* restocked above the old top */
	assert_int_equal(next[3]->stock_total, 0);  /* not tracked */
	lk_shopify_carry_stock_totals(next, 4, NULL, 0);
	assert_int_equal(next[0]->stock_total, 3); /* the first pass */
	for (size_t i = 0; i < 4; i++)
		lk_product_release(next[i]);
	for (size_t i = 0; i < 3; i++)
		lk_product_release(prev[i]);
}

/* ---- variants, mutation answers ---------------------------------------------- */

static bool decode_variants(const char *data_json, struct lk_shopify_write *w)
{
	struct lk_shopify_reply r;
	struct dstr body = {0};
	char err[LK_SHOPIFY_ERR_SIZE] = "";

	dstr_printf(&body, "{\"data\": %s}", data_json);
	parse(200, body.array, &r);
	bool ok = lk_shopify_decode_variants(&r, w, err, sizeof(err));
	assert_true(ok || err[0]);
	lk_shopify_reply_free(&r);
	dstr_free(&body);
	return ok;
}

static void test_variants(void **state)
{
	struct lk_shopify_write w;

	assert_true(decode_variants("{\"product\": {\"id\": \"P\", \"variants\": {\"nodes\": [{\"id\": \"A\", "
				    "\"price\": \"10.00\", \"compareAtPrice\": \"15.00\"}, {\"id\": \"B\", "
				    "\"price\": \"11.50\", \"compareAtPrice\": null}]}}}",
				    &w));
	assert_string_equal(w.product_id, "P");
	assert_int_equal(w.variants.num, 2);
	assert_string_equal(w.variants.array[0].price, "10.00");
	assert_string_equal(w.variants.array[0].compare_at, "15.00");
	assert_null(w.variants.array[1].compare_at);
	lk_shopify_write_free(&w);

	assert_false(decode_variants("{\"product\": null}", &w));
	assert_false(decode_variants("{\"product\": {\"id\": \"P\", \"variants\": {\"nodes\": []}}}", &w));
	assert_false(decode_variants("{\"product\": {\"id\": \"P\", \"variants\": {\"nodes\": [{\"id\": \"A\", "
				     "\"price\": \"1e5\"}]}}}",
				     &w));
	assert_false(decode_variants("{\"product\": {\"id\": \"P\", \"variants\": {\"nodes\": [{\"id\": \"A\", "
				     "\"price\": \"1.00\", \"compareAtPrice\": 5}]}}}",
				     &w));
	assert_false(
		decode_variants("{\"product\": {\"variants\": {\"nodes\": [{\"id\": \"A\", \"price\": \"1\"}]}}}", &w));
}

static void test_bulk_update_answer(void **state)
{
	struct lk_shopify_reply r;
	char err[LK_SHOPIFY_ERR_SIZE] = "";

	parse(200, "{\"data\": {\"productVariantsBulkUpdate\": {\"productVariants\": [], \"userErrors\": []}}}", &r);
	assert_true(lk_shopify_decode_bulk_update(&r, TOKEN, err, sizeof(err)));
	lk_shopify_reply_free(&r);

	parse(200,
	      "{\"data\": {\"productVariantsBulkUpdate\": {\"productVariants\": null, \"userErrors\": [{\"field\": "
	      "[\"variants\", \"0\", \"price\"], \"message\": \"Price must be positive (" TOKEN ")\"}]}}}",
	      &r);
	assert_false(lk_shopify_decode_bulk_update(&r, TOKEN, err, sizeof(err)));
	assert_string_equal(err, "the shop refused the price: Price must be positive (" LK_REDACTED ")");
	lk_shopify_reply_free(&r);

	parse(200, "{\"data\": {\"productVariantsBulkUpdate\": null}}", &r);
	assert_false(lk_shopify_decode_bulk_update(&r, TOKEN, err, sizeof(err)));
	lk_shopify_reply_free(&r);
	parse(200, "{\"data\": {\"productVariantsBulkUpdate\": {\"userErrors\": 3}}}", &r);
	assert_false(lk_shopify_decode_bulk_update(&r, TOKEN, err, sizeof(err)));
	lk_shopify_reply_free(&r);
}

/* ---- journal ----------------------------------------------------------------- */

static void test_journal_roundtrip(void **state)
{
	struct lk_shopify_write in[2] = {0};
	in[0].product_id = bstrdup("gid://shopify/Product/1");
	struct lk_shopify_vprice *v = da_push_back_new(in[0].variants);
	v->id = bstrdup("gid://shopify/ProductVariant/10");
	v->price = bstrdup("12.99");
	v = da_push_back_new(in[0].variants);
	v->id = bstrdup("gid://shopify/ProductVariant/11");
	v->price = bstrdup("13.00");
	v->compare_at = bstrdup("20.00");
	in[1].product_id = bstrdup("gid://shopify/Product/2");
	v = da_push_back_new(in[1].variants);
	v->id = bstrdup("v");
	v->price = bstrdup("1280");

	json_t *j = lk_shopify_journal_to_json(in, 2);
	char *text = json_dumps(j, 0);
	struct lk_shopify_write *out = NULL;
	size_t n = 0;
	char err[LK_SHOPIFY_ERR_SIZE] = "";
	assert_true(lk_shopify_journal_parse(text, strlen(text), &out, &n, err, sizeof(err)));
	assert_int_equal(n, 2);
	assert_string_equal(out[0].product_id, "gid://shopify/Product/1");
	assert_int_equal(out[0].variants.num, 2);
	assert_null(out[0].variants.array[0].compare_at);
	assert_string_equal(out[0].variants.array[1].compare_at, "20.00");
	assert_string_equal(out[1].variants.array[0].price, "1280");
	for (size_t i = 0; i < n; i++)
		lk_shopify_write_free(&out[i]);
	bfree(out);
	free(text);
	json_decref(j);

	/* an empty journal is fine */
	const char *empty = "{\"version\": 1, \"writes\": []}";
	assert_true(lk_shopify_journal_parse(empty, strlen(empty), &out, &n, err, sizeof(err)));
	assert_int_equal(n, 0);
	assert_null(out);
	lk_shopify_write_free(&in[0]);
	lk_shopify_write_free(&in[1]);
}

static void test_journal_bad(void **state)
{
	const char *bad[] = {
		"",
		"{\"version\": 1, \"writes\": [",
		"{\"version\": 2, \"writes\": []}",
		"{\"writes\": []}",
		"{\"version\": 1, \"writes\": {}}",
		"{\"version\": 1, \"writes\": [{\"variants\": [{\"id\": \"v\", \"price\": \"1\"}]}]}",
		"{\"version\": 1, \"writes\": [{\"product_id\": \"p\", \"variants\": []}]}",
		"{\"version\": 1, \"writes\": [{\"product_id\": \"p\", \"variants\": [{\"id\": \"v\", \"price\": "
		"\"-1\"}]}]}",
		"{\"version\": 1, \"writes\": [{\"product_id\": \"p\", \"variants\": [{\"id\": \"v\", \"price\": \"1\", "
		"\"compare_at_price\": 3}]}]}",
		"{\"version\": 1, \"writes\": [{\"product_id\": \"p\", \"variants\": [{\"price\": \"1\"}]}]}",
		"[1]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lk_shopify_write *out = (void *)1;
		size_t n = 9;
		char err[LK_SHOPIFY_ERR_SIZE] = "";
		if (lk_shopify_journal_parse(bad[i], strlen(bad[i]), &out, &n, err, sizeof(err)))
			fail_msg("accepted: %s", bad[i]);
		assert_null(out);
		assert_int_equal(n, 0);
		assert_true(err[0] != '\0');
	}
}

static void test_cart_link(void **state)
{
	char *l = lk_shopify_cart_link("s.myshopify.com", "gid://shopify/ProductVariant/4211");
	assert_string_equal(l, "https://s.myshopify.com/cart/4211:1");
	bfree(l);
	l = lk_shopify_cart_link("s.example", "987");
	assert_string_equal(l, "https://s.example/cart/987:1");
	bfree(l);
	assert_null(lk_shopify_cart_link("s.example", "v20"));
	assert_null(lk_shopify_cart_link("s.example", "gid://shopify/ProductVariant/"));
	assert_null(lk_shopify_cart_link("s.example", "gid://shopify/ProductVariant/12a"));
	assert_null(lk_shopify_cart_link("s.example", "123456789012345678901"));
	assert_null(lk_shopify_cart_link("", "1"));
	assert_null(lk_shopify_cart_link("s.example", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_page),
		cmocka_unit_test(test_cart_link),
		cmocka_unit_test(test_catalog_long_title_and_last_page),
		cmocka_unit_test(test_catalog_bad_pages),
		cmocka_unit_test(test_carry_stock_totals),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_bulk_update_answer),
		cmocka_unit_test(test_journal_roundtrip),
		cmocka_unit_test(test_journal_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
