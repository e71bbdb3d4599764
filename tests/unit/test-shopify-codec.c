/*
 * Linkon — unit tests for the Shopify Admin GraphQL codec
 * (core/lk-shopify-codec.c): money, the response envelope, throttling,
 * redaction and request bodies. Decoding data: test-shopify-decode.c.
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
#include "lk-msg.h"

/* ---- money ------------------------------------------------------------------- */

static void assert_money(const char *s, const char *cur, bool ok, int64_t want)
{
	int64_t v = -7;
	bool got = lk_shopify_money_parse(s, cur, &v);

	if (got != ok || (ok && v != want))
		fail_msg("\"%s\" %s: got %d / %lld, want %d / %lld", s ? s : "(null)", cur, got, (long long)v, ok,
			 (long long)want);
	if (!ok)
		assert_int_equal(v, -7); /* untouched */
}

static void test_money_parse(void **state)
{
	assert_money("12.99", "USD", true, 1299);
	assert_money("12.9", "USD", true, 1290);
	assert_money("12", "USD", true, 1200);
	assert_money("0.01", "USD", true, 1);
	assert_money("0", "USD", true, 0);
	assert_money("12.990", "USD", true, 1299);
	assert_money("000000000000000000000000012.50", "USD", true, 1250);
	assert_money("1280", "JPY", true, 1280);
	assert_money("1280.0", "JPY", true, 1280);
	assert_money("1280.00", "KRW", true, 1280);
	assert_money("1.234", "KWD", true, 1234);
	assert_money("99.9", "CNY", true, 9990);
	/* not exact, or not a plain decimal */
	assert_money("1280.5", "JPY", false, 0);
	assert_money("12.999", "USD", false, 0);
	assert_money("", "USD", false, 0);
	assert_money(".", "USD", false, 0);
	assert_money("12.", "USD", false, 0);
	assert_money(".5", "USD", false, 0);
	assert_money("-1.00", "USD", false, 0);
	assert_money("+1.00", "USD", false, 0);
	assert_money("1e3", "USD", false, 0);
	assert_money(" 12.00", "USD", false, 0);
	assert_money("12.00 ", "USD", false, 0);
	assert_money("12,99", "USD", false, 0);
	assert_money("1.2.3", "USD", false, 0);
	assert_money("NaN", "USD", false, 0);
	assert_money("１２", "USD", false, 0); /* full-width digits */
	assert_money(NULL, "USD", false, 0);
}

static void test_money_huge(void **state)
{
	assert_money("10000000000000.00", "USD", true, LK_SHOPIFY_MAX_MONEY);
	assert_money("9999999999999.99", "USD", true, LK_SHOPIFY_MAX_MONEY - 1);
	assert_money("10000000000000.01", "USD", false, 0);
	assert_money("1000000000000000", "JPY", true, LK_SHOPIFY_MAX_MONEY);
	assert_money("1000000000000001", "JPY", false, 0);
	assert_money("99999999999999999999999999999999999999", "USD", false, 0);
	assert_money("18446744073709551616", "JPY", false, 0);
	assert_money("9223372036854775807", "JPY", false, 0);
}

static void test_money_format(void **state)
{
	struct dstr s = {0};

	assert_string_equal(lk_shopify_money_format(&s, 1299, "USD"), "12.99");
	assert_string_equal(lk_shopify_money_format(&s, 5, "USD"), "0.05");
	assert_string_equal(lk_shopify_money_format(&s, 0, "EUR"), "0.00");
	assert_string_equal(lk_shopify_money_format(&s, 1280, "JPY"), "1280");
	assert_string_equal(lk_shopify_money_format(&s, 1234, "KWD"), "1.234");
	assert_string_equal(lk_shopify_money_format(&s, LK_SHOPIFY_MAX_MONEY, "USD"), "10000000000000.00");
	/* every formatted amount parses back to itself */
	const int64_t amounts[] = {0, 1, 9, 10, 99, 100, 101, 1299, 123456789, LK_SHOPIFY_MAX_MONEY};
	const char *curs[] = {"USD", "JPY", "KWD", "CNY"};
	for (size_t c = 0; c < 4; c++) {
		for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
			int64_t back = -1;
			lk_shopify_money_format(&s, amounts[i], curs[c]);
			assert_true(lk_shopify_money_parse(s.array, curs[c], &back));
			assert_int_equal(back, amounts[i]);
		}
	}
	dstr_free(&s);
}

/* ---- the envelope ------------------------------------------------------------ */

static const char OK_BODY[] = "{\"data\": {\"shop\": {\"currencyCode\": \"USD\"}}, \"extensions\": {\"cost\": "
			      "{\"requestedQueryCost\": 102, \"actualQueryCost\": 40, \"throttleStatus\": "
			      "{\"maximumAvailable\": 1000.0, \"currentlyAvailable\": 898, \"restoreRate\": 50.0}}}}";

static void test_reply_ok(void **state)
{
	struct lk_shopify_reply r;

	parse(200, OK_BODY, &r);
	assert_int_equal(r.kind, LK_SHOPIFY_OK);
	assert_non_null(r.data);
	assert_true(r.throttle.known);
	assert_true(r.throttle.maximum == 1000.0);
	assert_true(r.throttle.available == 898.0);
	assert_true(r.throttle.restore_rate == 50.0);
	assert_true(r.throttle.requested_cost == 102.0);
	assert_string_equal(r.message, "");
	lk_shopify_reply_free(&r);
}

static void test_reply_throttled(void **state)
{
	struct lk_shopify_reply r;

	parse(200,
	      "{\"errors\": [{\"message\": \"Throttled\", \"extensions\": {\"code\": \"THROTTLED\"}}], "
	      "\"extensions\": {\"cost\": {\"requestedQueryCost\": 202, \"actualQueryCost\": null, "
	      "\"throttleStatus\": {\"maximumAvailable\": 1000, \"currentlyAvailable\": 118, \"restoreRate\": 50}}}}",
	      &r);
	assert_int_equal(r.kind, LK_SHOPIFY_THROTTLED);
	assert_true(r.throttle.known);
	assert_int_equal(lk_shopify_throttle_wait_ms(&r.throttle, r.throttle.requested_cost), 1680);
	lk_shopify_reply_free(&r);

	/* older answers: the message alone, no code, no data */
	parse(200, "{\"errors\": [{\"message\": \"Throttled\"}]}", &r);
	assert_int_equal(r.kind, LK_SHOPIFY_THROTTLED);
	assert_false(r.throttle.known);
	lk_shopify_reply_free(&r);

	parse(429, "", &r);
	assert_int_equal(r.kind, LK_SHOPIFY_THROTTLED);
	assert_int_equal(r.reason, LK_MSG_SHOPIFY_THROTTLED);
	lk_shopify_reply_free(&r);
}

static void test_reply_auth(void **state)
{
	struct lk_shopify_reply r;

	parse(401, "{\"errors\": \"[API] Invalid API key or access token (unrecognized login or wrong password)\"}",
	      &r);
	assert_int_equal(r.kind, LK_SHOPIFY_AUTH);
	assert_non_null(strstr(r.message, "401"));
	assert_int_equal(r.reason, LK_MSG_SHOPIFY_TOKEN_REFUSED); /* a known code: translated at the edge */
	lk_shopify_reply_free(&r);

	parse(403, NULL, &r);
	assert_int_equal(r.kind, LK_SHOPIFY_AUTH);
	assert_non_null(strstr(r.message, "scope"));
	assert_int_equal(r.reason, LK_MSG_SHOPIFY_SCOPE);
	lk_shopify_reply_free(&r);

	parse(200,
	      "{\"data\": null, \"errors\": [{\"message\": \"Access denied for products field.\", "
	      "\"extensions\": {\"code\": \"ACCESS_DENIED\"}}]}",
	      &r);
	assert_int_equal(r.kind, LK_SHOPIFY_AUTH);
	assert_string_equal(r.message, "access denied: Access denied for products field.");
	assert_int_equal(r.reason, LK_MSG_SHOPIFY_SCOPE);
	lk_shopify_reply_free(&r);
}

static void test_reply_failures(void **state)
{
	struct lk_shopify_reply r;

	parse(500, "<html>oops</html>", &r);
	assert_int_equal(r.kind, LK_SHOPIFY_UNAVAILABLE);
	assert_int_equal(r.reason, LK_MSG_SHOPIFY_UNAVAILABLE);
	lk_shopify_reply_free(&r);
	parse(503, OK_BODY, &r); /* the status wins over a body */
	assert_int_equal(r.kind, LK_SHOPIFY_UNAVAILABLE);
	assert_true(r.throttle.known);
	lk_shopify_reply_free(&r);
	parse(404, "Not Found", &r);
	assert_int_equal(r.kind, LK_SHOPIFY_REFUSED);
	assert_int_equal(r.reason, LK_MSG_NONE); /* no known code: the shop's words stay a value */
	lk_shopify_reply_free(&r);

	const char *malformed[] = {"",
				   "{\"data\": {\"products\": [1, 2,",
				   "<html><body>down</body></html>",
				   "[1, 2]",
				   "\"data\"",
				   "{}",
				   "{\"data\": null}",
				   "{\"data\": 5}",
				   "{\"data\": {}, \"data\": {}}",
				   "{\"errors\": []}",
				   "{\"data\": \"\\u0000\"}",
				   "{\"data\": {\"t\": \"\xff\xfe\"}}",
				   "{\"data\": {\"t\": \"\\ud800\"}}",
				   "{\"data\": {\"t\": \"\xc0\xaf\"}}"};
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		parse(200, malformed[i], &r);
		if (r.kind != LK_SHOPIFY_MALFORMED)
			fail_msg("%s: kind %s", malformed[i], lk_shopify_kind_name(r.kind));
		assert_true(r.message[0] != '\0');
		lk_shopify_reply_free(&r);
	}

	parse(200, "{\"errors\": [{\"message\": \"Field 'x' doesn't exist\"}]}", &r);
	assert_int_equal(r.kind, LK_SHOPIFY_REFUSED);
	assert_string_equal(r.message, "the shop refused the query: Field 'x' doesn't exist");
	lk_shopify_reply_free(&r);
	parse(200, "{\"errors\": \"Not Found\"}", &r);
	assert_int_equal(r.kind, LK_SHOPIFY_REFUSED);
	lk_shopify_reply_free(&r);
	/* partial data with errors is not trusted */
	parse(200, "{\"data\": {\"shop\": null}, \"errors\": [{\"message\": \"Internal error\"}]}", &r);
	assert_int_equal(r.kind, LK_SHOPIFY_REFUSED);
	lk_shopify_reply_free(&r);
}

static void test_reply_message_redacted_and_cut(void **state)
{
	struct lk_shopify_reply r;
	struct dstr body = {0};

	dstr_printf(&body, "{\"errors\": [{\"message\": \"bad token " TOKEN " (again: " TOKEN ")\\n\\tend\"}]}");
	parse(200, body.array, &r);
	assert_null(strstr(r.message, TOKEN));
	assert_null(strstr(r.message, "shpat_"));
	assert_non_null(strstr(r.message, LK_REDACTED));
	assert_null(strchr(r.message, '\n'));
	assert_null(strchr(r.message, '\t'));
	lk_shopify_reply_free(&r);

	/* a long message of 3- and 4-byte characters is cut on a boundary, and
	 * a token at its very end is gone, not half-cut */
	dstr_copy(&body, "{\"errors\": [{\"message\": \"");
	for (int i = 0; i < 50; i++)
		dstr_cat(&body, i < 40 ? "商" : "🎁"); /* 160 bytes: the token straddles the cut */
	dstr_cat(&body, TOKEN "\"}]}");
	parse(200, body.array, &r);
	assert_int_equal(r.kind, LK_SHOPIFY_REFUSED);
	assert_true(strlen(r.message) < LK_SHOPIFY_ERR_SIZE);
	assert_true(strlen(r.message) > LK_SHOPIFY_ERR_SIZE - 5);
	assert_true(utf8_valid(r.message));
	assert_null(strstr(r.message, "shpat"));
	assert_non_null(strstr(r.message, LK_REDACTED));
	lk_shopify_reply_free(&r);
	dstr_free(&body);
}

static void test_throttle_sanity(void **state)
{
	struct lk_shopify_reply r;
	const char *bad[] = {
		"{\"maximumAvailable\": 0, \"currentlyAvailable\": 0, \"restoreRate\": 50}",
		"{\"maximumAvailable\": 1000, \"currentlyAvailable\": -5, \"restoreRate\": 50}",
		"{\"maximumAvailable\": 1000, \"currentlyAvailable\": 5, \"restoreRate\": 0}",
		"{\"maximumAvailable\": 1e300, \"currentlyAvailable\": 5, \"restoreRate\": 50}",
		"{\"maximumAvailable\": \"1000\", \"currentlyAvailable\": 5, \"restoreRate\": 50}",
		"{\"maximumAvailable\": 1000, \"restoreRate\": 50}",
		"[]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dstr body = {0};
		dstr_printf(&body, "{\"data\": {}, \"extensions\": {\"cost\": {\"throttleStatus\": %s}}}", bad[i]);
		parse(200, body.array, &r);
		assert_int_equal(r.kind, LK_SHOPIFY_OK);
		if (r.throttle.known)
			fail_msg("%s taken as a bucket", bad[i]);
		lk_shopify_reply_free(&r);
		dstr_free(&body);
	}

	struct lk_shopify_throttle t = {.known = true, .maximum = 1000, .available = 50, .restore_rate = 50};
	assert_int_equal(lk_shopify_throttle_wait_ms(&t, 102), 1040);
	assert_int_equal(lk_shopify_throttle_wait_ms(&t, 50), 0);
	assert_int_equal(lk_shopify_throttle_wait_ms(&t, 5000), 19000); /* capped at the maximum */
	t.restore_rate = 1e-6;
	assert_int_equal(lk_shopify_throttle_wait_ms(&t, 1000), 3600000);
	t.known = false;
	assert_int_equal(lk_shopify_throttle_wait_ms(&t, 1000), 0);
	assert_int_equal(lk_shopify_throttle_wait_ms(NULL, 1000), 0);
	/* more available than the maximum is clamped */
	parse(200,
	      "{\"data\": {}, \"extensions\": {\"cost\": {\"throttleStatus\": {\"maximumAvailable\": 100, "
	      "\"currentlyAvailable\": 900, \"restoreRate\": 5}}}}",
	      &r);
	assert_true(r.throttle.known && r.throttle.available == 100.0);
	lk_shopify_reply_free(&r);
}

static void test_redact(void **state)
{
	struct dstr s = {0};

	dstr_copy(&s, "a" TOKEN "b" TOKEN);
	lk_redact(&s, TOKEN);
	assert_string_equal(s.array, "a" LK_REDACTED "b" LK_REDACTED);
	lk_redact(&s, NULL);
	lk_redact(&s, "");
	assert_string_equal(s.array, "a" LK_REDACTED "b" LK_REDACTED);
	dstr_free(&s);
}

/* ---- request bodies ---------------------------------------------------------- */

static json_t *load_body(char *body)
{
	assert_non_null(body);
	json_t *j = json_loads(body, 0, NULL);
	bfree(body);
	assert_non_null(j);
	return j;
}

static void test_bodies(void **state)
{
	json_t *j = load_body(lk_shopify_catalog_body(50, NULL));
	const char *q = json_string_value(json_object_get(j, "query"));
	assert_non_null(strstr(q, "products(first: $first, after: $after"));
	assert_non_null(strstr(q, "pageInfo { hasNextPage endCursor }"));
	assert_non_null(strstr(q, "shop { currencyCode }"));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "variables"), "first")), 50);
	assert_true(json_is_null(json_object_get(json_object_get(j, "variables"), "after")));
	json_decref(j);

	j = load_body(lk_shopify_catalog_body(100000, "eyJsYXN0X2lkIjo0fQ=="));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "variables"), "first")), 250);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "variables"), "after")),
			    "eyJsYXN0X2lkIjo0fQ==");
	json_decref(j);
	j = load_body(lk_shopify_catalog_body(-3, NULL));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "variables"), "first")), 1);
	json_decref(j);

	j = load_body(lk_shopify_variants_body("gid://shopify/Product/1\"}"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "variables"), "id")),
			    "gid://shopify/Product/1\"}");
	json_decref(j);
	assert_null(lk_shopify_variants_body("bad \xff utf-8"));
}

static void test_bulk_body(void **state)
{
	struct lk_shopify_write w = {0};

	w.product_id = bstrdup("gid://shopify/Product/7");
	struct lk_shopify_vprice *v = da_push_back_new(w.variants);
	v->id = bstrdup("gid://shopify/ProductVariant/70");
	v->price = bstrdup("9.99");
	v->compare_at = bstrdup("19.99");
	v = da_push_back_new(w.variants);
	v->id = bstrdup("gid://shopify/ProductVariant/71");
	v->price = bstrdup("12.00");

	json_t *j = load_body(lk_shopify_bulk_update_body(&w));
	json_t *vars = json_object_get(j, "variables");
	assert_non_null(strstr(json_string_value(json_object_get(j, "query")),
			       "productVariantsBulkUpdate(productId: $productId, variants: $variants)"));
	assert_string_equal(json_string_value(json_object_get(vars, "productId")), "gid://shopify/Product/7");
	json_t *list = json_object_get(vars, "variants");
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "compareAtPrice")), "19.99");
	assert_true(json_is_null(json_object_get(json_array_get(list, 1), "compareAtPrice")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 1), "price")), "12.00");
	json_decref(j);

	struct lk_shopify_write copy;
	lk_shopify_write_copy(&copy, &w);
	assert_int_equal(copy.variants.num, 2);
	assert_null(copy.variants.array[1].compare_at);
	assert_string_equal(copy.variants.array[0].compare_at, "19.99");
	lk_shopify_write_free(&copy);
	lk_shopify_write_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_parse),     cmocka_unit_test(test_money_huge),
		cmocka_unit_test(test_money_format),    cmocka_unit_test(test_reply_ok),
		cmocka_unit_test(test_reply_throttled), cmocka_unit_test(test_reply_auth),
		cmocka_unit_test(test_reply_failures),  cmocka_unit_test(test_reply_message_redacted_and_cut),
		cmocka_unit_test(test_throttle_sanity), cmocka_unit_test(test_redact),
		cmocka_unit_test(test_bodies),          cmocka_unit_test(test_bulk_body),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
