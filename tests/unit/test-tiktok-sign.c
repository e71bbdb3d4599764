/*
 * Linkon — unit tests for TikTok Shop request signing (core/lk-tiktok-sign.c):
 * the worked examples of the platform brief (vectors A, B, C and the webhook
 * vector), what is left out of the signature, key order and the query
 * string sent.
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

#include "core/lk-tiktok-sign.h"

#define SECRET_B "e59af819cc0fe2db5f41a8fdb8ae0c7da9a52b01"
#define SIGN_B "9cd3d60fb6341c8577ba3419b95134f5ba6e6475ca824957de3188d3627dc6a8"
#define BODY_B "{\"status\":\"ACTIVATE\"}"

static void test_vector_a(void **state)
{
	char out[LK_TIKTOK_SIGN_HEX];
	const struct lk_tiktok_param p[] = {{"timestamp", "1623812664"}, {"app_key", "29a39d"}};

	assert_true(lk_tiktok_sign("e59af819cc", "/authorization/202309/shops", p, 2, NULL, 0, out));
	assert_string_equal(out, "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8");
}

static const struct lk_tiktok_param params_b[] = {
	{"timestamp", "1735689600"},
	{"shop_cipher", "ROW_TEST_CIPHER"},
	{"page_size", "20"},
	{"app_key", "6abc123def456"},
};

static void test_vector_b_post_body(void **state)
{
	char out[LK_TIKTOK_SIGN_HEX];

	assert_true(
		lk_tiktok_sign(SECRET_B, "/product/202309/products/search", params_b, 4, BODY_B, strlen(BODY_B), out));
	assert_string_equal(out, SIGN_B);

	/* one byte more in the body (a space) is another signature */
	const char *spaced = "{\"status\": \"ACTIVATE\"}";
	assert_true(
		lk_tiktok_sign(SECRET_B, "/product/202309/products/search", params_b, 4, spaced, strlen(spaced), out));
	assert_string_not_equal(out, SIGN_B);
	/* the body counts exactly body_len bytes */
	char longer[64];
	snprintf(longer, sizeof(longer), "%sXYZ", BODY_B);
	assert_true(
		lk_tiktok_sign(SECRET_B, "/product/202309/products/search", params_b, 4, longer, strlen(BODY_B), out));
	assert_string_equal(out, SIGN_B);
	/* the stray "/" after the path of the getting-started tutorial is wrong */
	assert_true(
		lk_tiktok_sign(SECRET_B, "/product/202309/products/search/", params_b, 4, BODY_B, strlen(BODY_B), out));
	assert_string_not_equal(out, SIGN_B);
}

static void test_vector_c(void **state)
{
	char out[LK_TIKTOK_SIGN_HEX];
	const struct lk_tiktok_param p[] = {{"foo", "bar"}};

	assert_true(lk_tiktok_sign("app_secret", "/test-api", p, 1, NULL, 0, out));
	assert_string_equal(out, "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f");
}

static void test_left_out(void **state)
{
	char out[LK_TIKTOK_SIGN_HEX];
	/* sign, access_token and empty parameters do not change the signature */
	const struct lk_tiktok_param p[] = {
		{"sign", "ffff"},          {"page_token", ""},          {"app_key", "6abc123def456"},
		{"access_token", "TTP_x"}, {"timestamp", "1735689600"}, {"shop_cipher", "ROW_TEST_CIPHER"},
		{"seller_sku", NULL},      {"page_size", "20"},
	};

	assert_true(lk_tiktok_sign(SECRET_B, "/product/202309/products/search", p, 8, BODY_B, strlen(BODY_B), out));
	assert_string_equal(out, SIGN_B);
	/* keys sort by bytes: upper case before lower case, "a_b" after "a" */
	const struct lk_tiktok_param q1[] = {{"b", "1"}, {"B", "2"}, {"a_b", "3"}, {"a", "4"}};
	const struct lk_tiktok_param q2[] = {{"B", "2"}, {"a", "4"}, {"a_b", "3"}, {"b", "1"}};
	char o1[LK_TIKTOK_SIGN_HEX], o2[LK_TIKTOK_SIGN_HEX];
	assert_true(lk_tiktok_sign("s", "/p", q1, 4, NULL, 0, o1));
	assert_true(lk_tiktok_sign("s", "/p", q2, 4, NULL, 0, o2));
	assert_string_equal(o1, o2);
	/* no secret or no path: refused */
	assert_false(lk_tiktok_sign("", "/p", q1, 4, NULL, 0, out));
	assert_string_equal(out, "");
	assert_false(lk_tiktok_sign("s", NULL, q1, 4, NULL, 0, out));
}

static void test_decoded_values(void **state)
{
	/* a page token with + / = is signed decoded and sent encoded */
	const struct lk_tiktok_param p[] = {{"page_token", "ab+/c=="}, {"app_key", "k"}};
	char a[LK_TIKTOK_SIGN_HEX], b[LK_TIKTOK_SIGN_HEX];
	const struct lk_tiktok_param enc[] = {{"page_token", "ab%2B%2Fc%3D%3D"}, {"app_key", "k"}};

	assert_true(lk_tiktok_sign("s", "/p", p, 2, NULL, 0, a));
	assert_true(lk_tiktok_sign("s", "/p", enc, 2, NULL, 0, b));
	assert_string_not_equal(a, b);

	struct dstr q = {0};
	lk_tiktok_query(&q, p, 2, a);
	char want[200];
	snprintf(want, sizeof(want), "app_key=k&page_token=ab%%2B%%2Fc%%3D%%3D&sign=%s", a);
	assert_string_equal(q.array, want);
	lk_tiktok_query(&q, params_b, 4, NULL);
	assert_string_equal(q.array,
			    "app_key=6abc123def456&page_size=20&shop_cipher=ROW_TEST_CIPHER&timestamp=1735689600");
	const struct lk_tiktok_param u[] = {{"title", "Ünï ~x y"}, {"empty", ""}};
	lk_tiktok_query(&q, u, 2, NULL);
	assert_string_equal(q.array, "title=%C3%9Cn%C3%AF%20~x%20y");
	dstr_free(&q);
}

static void test_webhook_vector(void **state)
{
	const char *body = "{\"type\":1,\"tts_notification_id\":\"1\",\"shop_id\":\"7\",\"timestamp\":1735689600,"
			   "\"data\":{\"order_id\":\"5\",\"order_status\":\"UNPAID\",\"update_time\":1735689600}}";
	char out[LK_TIKTOK_SIGN_HEX];

	assert_true(lk_tiktok_webhook_sign("6abc123def456", SECRET_B, body, strlen(body), out));
	assert_string_equal(out, "6bdd59cef29f8b9d20d4ce45cda5c72b7e6c019bd17ef522a123ec5a61a4de03");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vector_a),       cmocka_unit_test(test_vector_b_post_body),
		cmocka_unit_test(test_vector_c),       cmocka_unit_test(test_left_out),
		cmocka_unit_test(test_decoded_values), cmocka_unit_test(test_webhook_vector),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
