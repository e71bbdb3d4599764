/*
 * Linkon — unit tests for buy links (core/lk-buy-url.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <util/bmem.h>

#include "lk-buy-url.h"

static void check(const char *base, const char *id, const struct lk_buy_url_opts *o, const char *expected)
{
	char *got = lk_buy_url_build(base, id, o);
	if (!expected) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, expected);
	bfree(got);
}

static void test_plain_url_gets_utm(void **state)
{
	(void)state;
	struct lk_buy_url_opts o;
	lk_buy_url_opts_default(&o);
	o.utm_campaign = "Friday show";
	check("https://shop.example/products/oil", "p1", &o,
	      "https://shop.example/products/oil?utm_source=linkon&utm_medium=live&utm_campaign=Friday%20show&utm_content=p1");
	/* defaults when no options are given: no campaign */
	check("https://shop.example/p", "p1", NULL,
	      "https://shop.example/p?utm_source=linkon&utm_medium=live&utm_content=p1");
}

static void test_existing_query_and_fragment(void **state)
{
	(void)state;
	struct lk_buy_url_opts o;
	lk_buy_url_opts_default(&o);
	check("https://shop.example/p?variant=42#reviews", "p/1", &o,
	      "https://shop.example/p?variant=42&utm_source=linkon&utm_medium=live&utm_content=p%2F1#reviews");
	/* a query that already ends with '?' or '&' */
	check("https://shop.example/p?", "x", &o,
	      "https://shop.example/p?utm_source=linkon&utm_medium=live&utm_content=x");
	check("https://shop.example/p?a=1&", "x", &o,
	      "https://shop.example/p?a=1&utm_source=linkon&utm_medium=live&utm_content=x");
	/* parameters the shop set itself are kept as they are */
	check("https://shop.example/p?utm_source=tiktok&utm_medium=bio", "x", &o,
	      "https://shop.example/p?utm_source=tiktok&utm_medium=bio&utm_content=x");
	/* a key that merely starts like one of ours is not ours */
	check("https://shop.example/p?utm_sourcex=1", "x", &o,
	      "https://shop.example/p?utm_sourcex=1&utm_source=linkon&utm_medium=live&utm_content=x");
}

static void test_non_ascii_is_percent_encoded(void **state)
{
	(void)state;
	struct lk_buy_url_opts o;
	lk_buy_url_opts_default(&o);
	o.utm = false;
	/* Thai handle, a space, an existing escape kept, a stray '%' escaped */
	check("https://shop.example/products/เสื้อ ยืด?q=100%25&r=5%", "x", &o,
	      "https://shop.example/products/%E0%B9%80%E0%B8%AA%E0%B8%B7%E0%B9%89%E0%B8%AD%20%E0%B8%A2%E0%B8%B7%E0%B8%94"
	      "?q=100%25&r=5%25");
	/* the campaign and product id with non-ASCII and reserved characters */
	lk_buy_url_opts_default(&o);
	o.utm_campaign = "Sale & Co 🔥";
	check("http://s.example", "id=1", &o,
	      "http://s.example?utm_source=linkon&utm_medium=live&utm_campaign=Sale%20%26%20Co%20%F0%9F%94%A5"
	      "&utm_content=id%3D1");
}

static void test_discount_code(void **state)
{
	(void)state;
	struct lk_buy_url_opts o;
	lk_buy_url_opts_default(&o);
	o.utm = false;
	o.discount_code = "LIVE 10";
	/* a shop without discount links: no code */
	check("https://s.example/p", "x", &o, "https://s.example/p");
	o.discount_param = "discount";
	check("https://s.example/p", "x", &o, "https://s.example/p?discount=LIVE%2010");
	check("https://s.example/p?discount=OWN", "x", &o, "https://s.example/p?discount=OWN");
	o.utm = true;
	check("https://s.example/cart/123:1", "x", &o,
	      "https://s.example/cart/123:1?discount=LIVE%2010&utm_source=linkon&utm_medium=live&utm_content=x");
}

static void test_refused(void **state)
{
	(void)state;
	check(NULL, "x", NULL, NULL);
	check("", "x", NULL, NULL);
	check("ftp://s.example/p", "x", NULL, NULL);
	check("javascript:alert(1)", "x", NULL, NULL);
	check("https://", "x", NULL, NULL);
	check("https:///path", "x", NULL, NULL);
	check("/relative/path", "x", NULL, NULL);
	/* scheme is case-insensitive */
	check("HTTPS://S.example", NULL, NULL, "HTTPS://S.example?utm_source=linkon&utm_medium=live");
}

static void test_short(void **state)
{
	(void)state;
	char out[64];
	assert_true(lk_buy_url_short("https://www.shop.example/products/oil/?utm_source=x#y", out, sizeof(out)));
	assert_string_equal(out, "shop.example/products/oil");
	assert_true(lk_buy_url_short("http://s.example", out, sizeof(out)));
	assert_string_equal(out, "s.example");
	assert_false(lk_buy_url_short("mailto:x@y", out, sizeof(out)));
	assert_string_equal(out, "");
	/* cut on a UTF-8 boundary: "s.example/é" (é = 2 bytes) in 12 bytes */
	char small[12];
	assert_true(lk_buy_url_short("https://s.example/\xc3\xa9\xc3\xa9", small, sizeof(small)));
	assert_string_equal(small, "s.example/");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_url_gets_utm),
		cmocka_unit_test(test_existing_query_and_fragment),
		cmocka_unit_test(test_non_ascii_is_percent_encoded),
		cmocka_unit_test(test_discount_code),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
