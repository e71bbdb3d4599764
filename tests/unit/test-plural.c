/*
 * Linkon — unit tests: plural categories (lk-plural) and message codes (lk-msg).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lk-msg.h"
#include "lk-plural.h"
#include <util/dstr.h>

static void test_english_like(void **state)
{
	(void)state;
	const char *langs[] = {"en-US", "es-ES", "pt-PT", "de", NULL, "xx-YY"};
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		assert_int_equal(lk_plural_category(langs[i], 1), LK_PLURAL_ONE);
		assert_int_equal(lk_plural_category(langs[i], 0), LK_PLURAL_OTHER);
		assert_int_equal(lk_plural_category(langs[i], 2), LK_PLURAL_OTHER);
		assert_int_equal(lk_plural_category(langs[i], 11), LK_PLURAL_OTHER);
		assert_int_equal(lk_plural_category(langs[i], -1), LK_PLURAL_ONE);
	}
	/* Brazilian Portuguese: 0 and 1 are singular ("0 presente", "1 presente") */
	assert_int_equal(lk_plural_category("pt-BR", 0), LK_PLURAL_ONE);
	assert_int_equal(lk_plural_category("pt_BR", 1), LK_PLURAL_ONE);
	assert_int_equal(lk_plural_category("pt-BR", 2), LK_PLURAL_OTHER);
}

static void test_no_plurals(void **state)
{
	(void)state;
	const char *langs[] = {"zh-CN", "zh-TW", "ja-JP", "ko-KR", "th-TH", "vi-VN", "id-ID", "ms-MY"};
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		for (int64_t n = 0; n < 30; n++)
			assert_int_equal(lk_plural_category(langs[i], n), LK_PLURAL_OTHER);
		assert_true(lk_plural_uses(langs[i], LK_PLURAL_OTHER));
		assert_false(lk_plural_uses(langs[i], LK_PLURAL_ONE));
	}
}

static void test_arabic(void **state)
{
	(void)state;
	static const struct {
		int64_t n;
		enum lk_plural cat;
	} cases[] = {
		{0, LK_PLURAL_ZERO},     {1, LK_PLURAL_ONE},     {2, LK_PLURAL_TWO},   {3, LK_PLURAL_FEW},
		{10, LK_PLURAL_FEW},     {11, LK_PLURAL_MANY},   {99, LK_PLURAL_MANY}, {100, LK_PLURAL_OTHER},
		{101, LK_PLURAL_OTHER},  {102, LK_PLURAL_OTHER}, {103, LK_PLURAL_FEW}, {111, LK_PLURAL_MANY},
		{1000, LK_PLURAL_OTHER}, {1005, LK_PLURAL_FEW},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(lk_plural_category("ar-SA", cases[i].n), cases[i].cat);
	for (int c = 0; c < LK_PLURAL_COUNT; c++)
		assert_true(lk_plural_uses("ar", (enum lk_plural)c));
}

static void test_keys(void **state)
{
	(void)state;
	char key[32];
	assert_string_equal(lk_plural_key(key, sizeof(key), "Dock.Gift.Gifts", "en-US", 1), "Dock.Gift.Gifts.one");
	assert_string_equal(lk_plural_key(key, sizeof(key), "Dock.Gift.Gifts", "en-US", 5), "Dock.Gift.Gifts.other");
	assert_string_equal(lk_plural_key(key, sizeof(key), "Dock.Gift.Gifts", "ar-SA", 2), "Dock.Gift.Gifts.two");
	assert_string_equal(lk_plural_key(key, sizeof(key), "Dock.Gift.Gifts", "th-TH", 1), "Dock.Gift.Gifts.other");
	assert_string_equal(lk_plural_name((enum lk_plural)42), "other");
	/* cut to the buffer, never past it */
	assert_int_equal(strlen(lk_plural_key(key, 8, "Dock.Gift.Gifts", "en", 1)), 7);
}

/* a tiny "locale": two languages' templates */
static const char *zh_tr(const char *key, void *param)
{
	(void)param;
	if (strcmp(key, "Msg.SoldOut") == 0)
		return "商品“%1”已售罄";
	if (strcmp(key, "Msg.PinnedBut") == 0)
		return "已置顶，但秒杀未能开始：%1";
	if (strcmp(key, "Msg.ShopifyRetrying") == 0)
		return "Shopify（%1）：%2；%3 秒后重试";
	if (strcmp(key, "Msg.ShopifyUnavailable") == 0)
		return "店铺暂时不可用";
	if (strcmp(key, "Msg.ShopifyUnreachable") == 0)
		return "Shopify（%1）：无法连接店铺（%2）；%3 秒后重试";
	if (strcmp(key, "Msg.NetConnect") == 0)
		return "无法连接到服务器（服务器是否在运行？地址是否正确？）（%1）";
	return NULL;
}

static const char *ar_tr(const char *key, void *param)
{
	(void)param;
	if (strcmp(key, "Msg.ShopifyProducts.two") == 0)
		return "منتجان من %2";
	if (strcmp(key, "Msg.ShopifyProducts.few") == 0)
		return "%1 منتجات من %2";
	return NULL;
}

static void test_msg(void **state)
{
	(void)state;
	struct lk_msg m;
	struct dstr out = {0};

	lk_msg_set(&m, LK_MSG_SOLD_OUT, "demo-1", NULL, NULL);
	assert_string_equal(lk_msg_name(m.code), "sold_out");
	assert_string_equal(lk_msg_format(&out, &m, NULL, NULL, NULL), "product 'demo-1' is sold out");
	assert_string_equal(lk_msg_format(&out, &m, zh_tr, NULL, "zh-CN"), "商品“demo-1”已售罄");

	m.wrap = LK_MSG_PINNED_BUT;
	assert_string_equal(lk_msg_format(&out, &m, NULL, NULL, NULL),
			    "pinned, but the sale was refused: product 'demo-1' is sold out");
	assert_string_equal(lk_msg_format(&out, &m, zh_tr, NULL, "zh-CN"),
			    "已置顶，但秒杀未能开始：商品“demo-1”已售罄");

	/* a platform's known code as a parameter: its words in the language,
	 * the English words with their detail in English */
	lk_msg_set(&m, LK_MSG_SHOPIFY_RETRYING, "x.myshopify.com", "the shop is unavailable (HTTP 503)", "4");
	lk_msg_set_arg_code(&m, 1, LK_MSG_SHOPIFY_UNAVAILABLE);
	assert_string_equal(lk_msg_format(&out, &m, NULL, NULL, NULL),
			    "Shopify (x.myshopify.com): the shop is unavailable (HTTP 503); retrying in 4 s");
	assert_string_equal(lk_msg_format(&out, &m, zh_tr, NULL, "zh-CN"),
			    "Shopify（x.myshopify.com）：店铺暂时不可用；4 秒后重试");
	struct lk_msg plain;
	lk_msg_set(&plain, LK_MSG_SHOPIFY_RETRYING, "x.myshopify.com", "the shop is unavailable (HTTP 503)", "4");
	assert_false(lk_msg_equal(&m, &plain));   /* a status that gains its code is a change */
	lk_msg_set_arg_code(&m, 1, LK_MSG_COUNT); /* not a code: the words stay */
	assert_true(lk_msg_equal(&m, &plain));
	/* a reason code the locale lacks: its English template */
	lk_msg_set_arg_code(&m, 1, LK_MSG_SHOPIFY_THROTTLED);
	assert_string_equal(lk_msg_format(&out, &m, zh_tr, NULL, "zh-CN"),
			    "Shopify（x.myshopify.com）：the shop's API rate limit was reached；4 秒后重试");

	/* a transfer's failure as a reason with libcurl's detail: the detail
	 * comes back out of the English words into the translation */
	lk_msg_set(&m, LK_MSG_SHOPIFY_UNREACHABLE, "x.myshopify.com",
		   "could not connect to the server (is it running, is the address right?) (Connection refused)", "2");
	lk_msg_set_arg_code(&m, 1, LK_MSG_NET_CONNECT);
	assert_string_equal(lk_msg_name(LK_MSG_NET_CONNECT), "net_connect");
	assert_string_equal(lk_msg_format(&out, &m, NULL, NULL, NULL),
			    "Shopify (x.myshopify.com): could not reach the shop (could not connect to the server (is it "
			    "running, is the address right?) (Connection refused)); retrying in 2 s");
	assert_string_equal(lk_msg_format(&out, &m, zh_tr, NULL, "zh-CN"),
			    "Shopify（x.myshopify.com）：无法连接店铺（无法连接到服务器（服务器是否在运行？地址是否正确？）"
			    "（Connection refused））；2 秒后重试");
	/* words that are not the code's English stand whole as its detail */
	lk_msg_set(&m, LK_MSG_SHOPIFY_UNREACHABLE, "x.myshopify.com", "odd words", "2");
	lk_msg_set_arg_code(&m, 1, LK_MSG_NET_CONNECT);
	assert_string_equal(lk_msg_format(&out, &m, zh_tr, NULL, "zh-CN"),
			    "Shopify（x.myshopify.com）：无法连接店铺（无法连接到服务器（服务器是否在运行？地址是否正确？）"
			    "（odd words））；2 秒后重试");
	char got[64];
	assert_true(lk_msg_unfill("response too large (over %1 bytes)", "response too large (over 5 bytes)", got,
				  sizeof(got)));
	assert_string_equal(got, "5");
	assert_false(lk_msg_unfill("response too large (over %1 bytes)", "response too big", got, sizeof(got)));
	assert_false(lk_msg_unfill("no parameter", "no parameter", got, sizeof(got)));
	assert_false(lk_msg_unfill("%1 and %1", "a and a", got, sizeof(got)));

	/* a key the locale lacks falls back to English */
	lk_msg_set(&m, LK_MSG_CART_EMPTY, NULL, NULL, NULL);
	assert_string_equal(lk_msg_format(&out, &m, zh_tr, NULL, "zh-CN"), "the cart is empty");

	/* plural: English one/other, Arabic two/few */
	lk_msg_set(&m, LK_MSG_SHOPIFY_PRODUCTS, "1", "x.myshopify.com", NULL);
	assert_string_equal(lk_msg_format(&out, &m, NULL, NULL, "en"), "1 product from x.myshopify.com");
	lk_msg_set(&m, LK_MSG_SHOPIFY_PRODUCTS, "60", "x.myshopify.com", NULL);
	assert_string_equal(lk_msg_format(&out, &m, NULL, NULL, "en"), "60 products from x.myshopify.com");
	lk_msg_set(&m, LK_MSG_SHOPIFY_PRODUCTS, "2", "s", NULL);
	assert_string_equal(lk_msg_format(&out, &m, ar_tr, NULL, "ar-SA"), "منتجان من s");
	lk_msg_set(&m, LK_MSG_SHOPIFY_PRODUCTS, "7", "s", NULL);
	assert_string_equal(lk_msg_format(&out, &m, ar_tr, NULL, "ar-SA"), "7 منتجات من s");

	/* a long parameter is cut at a UTF-8 boundary */
	char big[400];
	for (size_t i = 0; i + 3 < sizeof(big); i += 3)
		memcpy(big + i, "售", 3);
	big[sizeof(big) - 1 - (sizeof(big) - 1) % 3] = '\0';
	lk_msg_set(&m, LK_MSG_UNKNOWN_PRODUCT, big, NULL, NULL);
	assert_true(strlen(m.arg[0]) < LK_MSG_ARG_MAX);
	assert_int_equal(strlen(m.arg[0]) % 3, 0);

	/* every code has a name, a key and English */
	for (int c = LK_MSG_NONE + 1; c < LK_MSG_COUNT; c++) {
		assert_true(*lk_msg_name((enum lk_msg_code)c));
		assert_non_null(lk_msg_key((enum lk_msg_code)c));
		assert_non_null(lk_msg_english_template((enum lk_msg_code)c, false));
	}
	dstr_free(&out);
}

static void test_refusal_text(void **state)
{
	(void)state;
	struct lk_msg m;
	const char *text = lk_msg_refuse_code(LK_MSG_NO_SALE, NULL, NULL);

	assert_string_equal(text, "no sale is running");
	assert_true(lk_msg_refusal_of(text, &m));
	assert_int_equal(m.code, LK_MSG_NO_SALE);
	/* a copy of the words, or other words, have no code */
	char copy[64];
	strcpy(copy, text);
	assert_false(lk_msg_refusal_of(copy, &m));
	assert_false(lk_msg_refusal_of("the platform says no", &m));
	assert_false(lk_msg_refusal_of(NULL, &m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_like), cmocka_unit_test(test_no_plurals),
		cmocka_unit_test(test_arabic),       cmocka_unit_test(test_keys),
		cmocka_unit_test(test_msg),          cmocka_unit_test(test_refusal_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
