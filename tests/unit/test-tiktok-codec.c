/*
 * Linkon — unit tests for the TikTok Shop codec (core/lk-tiktok-codec.c):
 * the envelope and its error codes, money as decimal strings, tokens with
 * absolute expiry, shops by cipher, product pages (SKUs, stock summed over
 * warehouses, page tokens), and activities ⇄ flash sales.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>
#include <util/bmem.h>
#include <util/dstr.h>

#include "core/lk-tiktok-codec.h"

static void parse(long http, const char *body, struct lk_tiktok_reply *r)
{
	const char *secrets[] = {"SECRET_abc", "TTP_token", NULL};
	lk_tiktok_reply_parse(http, body, body ? strlen(body) : 0, secrets, r);
}

static void assert_kind(long http, const char *body, enum lk_tiktok_kind want)
{
	struct lk_tiktok_reply r;
	parse(http, body, &r);
	if (r.kind != want)
		fail_msg("HTTP %ld %s: kind %d, want %d (%s)", http, body ? body : "(null)", r.kind, want, r.message);
	lk_tiktok_reply_free(&r);
}

static void test_envelope(void **state)
{
	assert_kind(200, "{\"code\":0,\"message\":\"Success\",\"request_id\":\"r\",\"data\":{}}", LK_TIKTOK_OK);
	assert_kind(200, "{\"code\":0,\"message\":\"Success\"}", LK_TIKTOK_MALFORMED); /* no data */
	assert_kind(200, "{\"code\":105002,\"message\":\"Expired credentials\"}", LK_TIKTOK_TOKEN_EXPIRED);
	assert_kind(401, "{\"code\":105005,\"message\":\"scope\"}", LK_TIKTOK_SCOPE);
	assert_kind(401, "{\"code\":106001,\"message\":\"Invalid sign\"}", LK_TIKTOK_SIGNATURE);
	assert_kind(401, "{\"code\":36009004,\"message\":\"Invalid credentials\"}", LK_TIKTOK_SIGNATURE);
	assert_kind(200, "{\"code\":106013,\"message\":\"shop_cipher missing\"}", LK_TIKTOK_SHOP);
	assert_kind(200, "{\"code\":101000,\"message\":\"mismatch\"}", LK_TIKTOK_SHOP);
	assert_kind(429, "{\"code\":36009002,\"message\":\"Too many requests\"}", LK_TIKTOK_RATE_LIMITED);
	assert_kind(429, "", LK_TIKTOK_RATE_LIMITED);
	assert_kind(503, "<html>busy</html>", LK_TIKTOK_UNAVAILABLE);
	assert_kind(0, NULL, LK_TIKTOK_UNAVAILABLE);
	assert_kind(200, "{\"code\":36009007,\"message\":\"timeout\"}", LK_TIKTOK_UNAVAILABLE);
	assert_kind(200, "{\"code\":12019001,\"message\":\"Activity overlaps\"}",
		    LK_TIKTOK_REFUSED); /* code≠0 under 200 */
	assert_kind(200, "<html>", LK_TIKTOK_MALFORMED);
	assert_kind(200, "{\"data\":{}}", LK_TIKTOK_MALFORMED);

	/* the message is quoted with its code; secrets are redacted; a timestamp refusal is told apart */
	struct lk_tiktok_reply r;
	parse(401, "{\"code\":36009004,\"message\":\"timestamp out of window for SECRET_abc TTP_token\"}", &r);
	assert_true(r.timestamp_refused);
	assert_int_equal(r.code, 36009004);
	assert_non_null(strstr(r.message, "code 36009004"));
	assert_null(strstr(r.message, "SECRET_abc"));
	assert_null(strstr(r.message, "TTP_token"));
	assert_non_null(strstr(r.message, "[redacted]"));
	lk_tiktok_reply_free(&r);
	parse(401, "{\"code\":106001,\"message\":\"Invalid sign\"}", &r);
	assert_false(r.timestamp_refused);
	lk_tiktok_reply_free(&r);
}

static void test_money(void **state)
{
	int64_t v = 0;
	struct dstr s = {0};

	assert_true(lk_tiktok_money_parse("12.99", "USD", &v));
	assert_int_equal(v, 1299);
	assert_true(lk_tiktok_money_parse("1280", "JPY", &v));
	assert_int_equal(v, 1280);
	assert_true(lk_tiktok_money_parse("1.234", "KWD", &v));
	assert_int_equal(v, 1234);
	assert_false(lk_tiktok_money_parse("1.234", "USD", &v)); /* not exact in cents */
	assert_false(lk_tiktok_money_parse("12,99", "USD", &v));
	assert_false(lk_tiktok_money_parse(NULL, "USD", &v));
	assert_string_equal(lk_tiktok_money_format(&s, 132, "USD"), "1.32");
	assert_string_equal(lk_tiktok_money_format(&s, 1280, "JPY"), "1280");
	dstr_free(&s);
}

static void test_tokens_and_shop(void **state)
{
	struct lk_tiktok_reply r;
	struct lk_tiktok_tokens t;
	char err[LK_TIKTOK_ERR_SIZE];

	parse(200,
	      "{\"code\":0,\"message\":\"success\",\"data\":{\"access_token\":\"TTP_a\",\"access_token_expire_in\":"
	      "1736294400,\"refresh_token\":\"TTP_r\",\"refresh_token_expire_in\":\"1767225600\",\"open_id\":\"o\","
	      "\"seller_name\":\"Seed Shop\",\"seller_base_region\":\"SG\",\"user_type\":0,\"granted_scopes\":["
	      "\"seller.product.basic\",\"seller.order.info\"]}}",
	      &r);
	assert_true(lk_tiktok_decode_tokens(&r, &t, err, sizeof(err)));
	assert_string_equal(t.access_token, "TTP_a");
	assert_int_equal(t.access_expire_s, 1736294400); /* absolute, not a duration */
	assert_int_equal(t.refresh_expire_s, 1767225600);
	assert_string_equal(t.region, "SG");
	assert_string_equal(t.scopes, "seller.product.basic, seller.order.info");
	lk_tiktok_tokens_free(&t);
	lk_tiktok_reply_free(&r);
	parse(200, "{\"code\":0,\"data\":{\"access_token\":\"TTP_a\"}}", &r);
	assert_false(lk_tiktok_decode_tokens(&r, &t, err, sizeof(err)));
	assert_null(t.access_token);
	lk_tiktok_reply_free(&r);
	/* an expiry that is no time (negative, past the year 3000) is no expiry */
	parse(200,
	      "{\"code\":0,\"data\":{\"access_token\":\"TTP_a\",\"access_token_expire_in\":-9223372036854775807,"
	      "\"refresh_token\":\"TTP_r\",\"refresh_token_expire_in\":1767225600}}",
	      &r);
	assert_false(lk_tiktok_decode_tokens(&r, &t, err, sizeof(err)));
	assert_non_null(strstr(err, "expiry"));
	lk_tiktok_reply_free(&r);
	parse(200,
	      "{\"code\":0,\"data\":{\"access_token\":\"TTP_a\",\"access_token_expire_in\":1736294400,"
	      "\"refresh_token\":\"TTP_r\",\"refresh_token_expire_in\":\"99999999999999\"}}",
	      &r);
	assert_false(lk_tiktok_decode_tokens(&r, &t, err, sizeof(err)));
	lk_tiktok_reply_free(&r);

	struct lk_tiktok_shop shop;
	const char *two = "{\"code\":0,\"data\":{\"shops\":[{\"id\":\"1\",\"name\":\"SG shop\",\"region\":\"SG\","
			  "\"cipher\":\"ROW_a+b/c=\"},{\"id\":\"2\",\"name\":\"MY shop\",\"region\":\"MY\",\"cipher\":"
			  "\"ROW_my\"}]}}";
	parse(200, two, &r);
	assert_true(lk_tiktok_decode_shop(&r, "ROW_my", &shop, err, sizeof(err)));
	assert_string_equal(shop.name, "MY shop");
	assert_string_equal(shop.region, "MY");
	lk_tiktok_shop_free(&shop);
	assert_false(lk_tiktok_decode_shop(&r, NULL, &shop, err, sizeof(err)));
	assert_non_null(strstr(err, "ROW_a+b/c="));
	assert_non_null(strstr(err, "shop_cipher"));
	assert_false(lk_tiktok_decode_shop(&r, "ROW_other", &shop, err, sizeof(err)));
	lk_tiktok_reply_free(&r);
}

static const char *page_json =
	"{\"code\":0,\"data\":{\"total_count\":5,\"next_page_token\":\"b2Zmc2V0PTI+/=\",\"products\":["
	/* two SKUs, the first in two warehouses: stock 3 + 4 + 5 */
	"{\"id\":\"1729\",\"title\":\"Silk scarf \\u00b7 \\u4e1d\\u5dfe\",\"status\":\"ACTIVATE\",\"update_time\":1735689600,"
	"\"main_images\":[{\"urls\":[\"https://p16.example/img.jpg\"],\"thumb_urls\":[]}],"
	"\"skus\":[{\"id\":\"s1\",\"seller_sku\":\"SCARF-R\",\"price\":{\"currency\":\"USD\",\"sale_price\":\"12.99\","
	"\"tax_exclusive_price\":\"12.99\"},\"list_price\":{\"amount\":\"19.99\",\"currency\":\"USD\"},"
	"\"inventory\":[{\"warehouse_id\":\"w1\",\"quantity\":3},{\"warehouse_id\":\"w2\",\"quantity\":4}]},"
	"{\"id\":\"s2\",\"price\":{\"currency\":\"USD\",\"sale_price\":\"13.50\"},\"inventory\":[{\"warehouse_id\":"
	"\"w1\",\"quantity\":5}]}]},"
	/* JPY in whole units, no inventory: unknown stock */
	"{\"id\":\"1730\",\"title\":\"Tea\",\"status\":\"ACTIVATE\",\"skus\":[{\"id\":\"s3\",\"price\":{\"currency\":"
	"\"JPY\",\"sale_price\":\"1280\"}}]},"
	/* deleted between pages, no SKU, an unreadable price: skipped */
	"{\"id\":\"1731\",\"title\":\"Gone\",\"status\":\"DELETED\",\"skus\":[{\"id\":\"s4\",\"price\":{\"currency\":"
	"\"USD\",\"sale_price\":\"1.00\"}}]},"
	"{\"id\":\"1732\",\"title\":\"No SKU\",\"status\":\"ACTIVATE\",\"skus\":[]},"
	"{\"id\":\"1733\",\"title\":\"Bad\",\"status\":\"ACTIVATE\",\"skus\":[{\"price\":{\"currency\":\"USD\","
	"\"sale_price\":\"1.234\"}}]}]}}";

static void test_products(void **state)
{
	struct lk_tiktok_reply r;
	struct lk_tiktok_page page;
	char err[LK_TIKTOK_ERR_SIZE];

	parse(200, page_json, &r);
	assert_true(lk_tiktok_decode_products(&r, &page, err, sizeof(err)));
	assert_int_equal(page.num_products, 2);
	assert_int_equal(page.skipped, 3);
	assert_string_equal(page.next_page_token, "b2Zmc2V0PTI+/=");
	struct lk_product *p = page.products[0];
	assert_string_equal(p->id, "1729");
	assert_string_equal(p->title, "Silk scarf · 丝巾");
	assert_string_equal(p->sku, "SCARF-R");
	assert_int_equal(p->price, 1299);
	assert_int_equal(p->original_price, 1999);
	assert_string_equal(p->currency, "USD");
	assert_int_equal(p->stock, 12);
	assert_string_equal(p->image, "https://p16.example/img.jpg");
	p = page.products[1];
	assert_int_equal(p->price, 1280);
	assert_string_equal(p->currency, "JPY");
	assert_int_equal(p->stock, LK_STOCK_UNKNOWN);
	assert_int_equal(p->original_price, 0);
	assert_null(p->image);
	lk_tiktok_page_free(&page);
	lk_tiktok_reply_free(&r);

	/* absurd stock adds up without overflow and shows as a billion */
	parse(200,
	      "{\"code\":0,\"data\":{\"products\":[{\"id\":\"9\",\"title\":\"Many\",\"skus\":[{\"id\":\"a\","
	      "\"price\":{\"currency\":\"USD\",\"sale_price\":\"1.00\"},\"inventory\":[{\"quantity\":"
	      "9223372036854775807},{\"quantity\":9223372036854775807}]},{\"id\":\"b\",\"inventory\":[{\"quantity\":"
	      "\"999999999999999999\"}]}]}]}}",
	      &r);
	assert_true(lk_tiktok_decode_products(&r, &page, err, sizeof(err)));
	assert_int_equal(page.num_products, 1);
	assert_int_equal(page.products[0]->stock, 1000000000);
	lk_tiktok_page_free(&page);
	lk_tiktok_reply_free(&r);

	/* the last page has an empty token; a page of the wrong shape fails whole */
	parse(200, "{\"code\":0,\"data\":{\"next_page_token\":\"\",\"products\":[]}}", &r);
	assert_true(lk_tiktok_decode_products(&r, &page, err, sizeof(err)));
	assert_null(page.next_page_token);
	lk_tiktok_page_free(&page);
	lk_tiktok_reply_free(&r);
	parse(200, "{\"code\":0,\"data\":{\"products\":{}}}", &r);
	assert_false(lk_tiktok_decode_products(&r, &page, err, sizeof(err)));
	assert_int_equal(page.num_products, 0);
	lk_tiktok_reply_free(&r);
}

static int64_t price_of(void *data, const char *product_id)
{
	return strcmp(product_id, "1729") == 0 ? 2000 : 0;
}

static void test_activity_to_sales(void **state)
{
	struct lk_tiktok_reply r;
	struct lk_sale **sales = NULL;
	size_t n = 0;
	char err[LK_TIKTOK_ERR_SIZE];

	parse(200,
	      "{\"code\":0,\"data\":{\"activity_id\":\"77\",\"title\":\"Flash\",\"activity_type\":\"FLASHSALE\","
	      "\"status\":\"ONGOING\",\"begin_time\":1735689600,\"end_time\":1735693200,\"product_level\":\"PRODUCT\","
	      "\"products\":[{\"id\":\"1729\",\"activity_price\":{\"amount\":\"9.99\",\"currency\":\"USD\"},"
	      "\"quantity_limit\":20,\"quantity_per_user\":1},"
	      "{\"id\":\"1730\",\"quantity_limit\":-1,\"skus\":[{\"id\":\"s3\",\"activity_price\":{\"amount\":\"980\","
	      "\"currency\":\"JPY\"}}]},{\"id\":\"1731\"}]}}",
	      &r);
	assert_true(lk_tiktok_activity_sales(&r, price_of, NULL, 0, &sales, &n, err, sizeof(err)));
	lk_tiktok_reply_free(&r);
	assert_int_equal(n, 2); /* the product without a price is left out */
	assert_string_equal(sales[0]->id, "tts:77:1729");
	assert_string_equal(sales[0]->product_id, "1729");
	assert_int_equal(sales[0]->sale_price, 999);
	assert_int_equal(sales[0]->start_ms, 1735689600000LL);
	assert_int_equal(sales[0]->end_ms, 1735693200000LL);
	assert_int_equal(sales[0]->stock_limit, 20);
	assert_false(sales[0]->stopped);
	assert_int_equal(sales[1]->sale_price, 980);
	assert_int_equal(sales[1]->stock_limit, LK_SALE_NO_LIMIT);

	/* the way back: the sale as an activity, in SEA a FLASHSALE, elsewhere FIXED_PRICE */
	char *body = lk_tiktok_activity_create_body(sales[0], "Linkon 1729", "SG");
	assert_string_equal(body, "{\"activity_type\":\"FLASHSALE\",\"begin_time\":1735689600,\"end_time\":1735693200,"
				  "\"product_level\":\"PRODUCT\",\"title\":\"Linkon 1729\"}");
	bfree(body);
	body = lk_tiktok_activity_create_body(sales[0], "Linkon 1729", "US");
	assert_non_null(strstr(body, "\"FIXED_PRICE\""));
	bfree(body);
	body = lk_tiktok_activity_products_body("77", sales[0], "USD");
	assert_string_equal(body, "{\"activity_id\":\"77\",\"products\":[{\"activity_price_amount\":\"9.99\",\"id\":"
				  "\"1729\",\"quantity_limit\":20,\"quantity_per_user\":-1}]}");
	/* … and back again: the same sale */
	struct dstr detail = {0};
	body[strlen(body) - 1] = '\0'; /* drop the closing brace, add the activity's fields */
	dstr_printf(&detail,
		    "{\"code\":0,\"data\":%s,\"activity_type\":\"FLASHSALE\",\"status\":\"NOT_START\","
		    "\"begin_time\":1735689600,\"end_time\":1735693200}}",
		    body);
	bfree(body);
	struct lk_sale **back = NULL;
	size_t nb = 0;
	parse(200, detail.array, &r);
	dstr_free(&detail);
	assert_true(lk_tiktok_activity_sales(&r, NULL, NULL, 0, &back, &nb, err, sizeof(err)));
	lk_tiktok_reply_free(&r);
	assert_int_equal(nb, 1);
	assert_true(lk_sale_inputs_equal(back[0], sales[0]));
	lk_sale_release(back[0]);
	bfree(back);
	for (size_t i = 0; i < n; i++)
		lk_sale_release(sales[i]);
	bfree(sales);
}

static void test_activity_kinds(void **state)
{
	struct lk_tiktok_reply r;
	struct lk_sale **sales = NULL;
	size_t n = 0;
	char err[LK_TIKTOK_ERR_SIZE];

	/* percent off the product's price; deactivated: stopped */
	parse(200,
	      "{\"code\":0,\"data\":{\"activity_id\":\"78\",\"activity_type\":\"DIRECT_DISCOUNT\",\"status\":"
	      "\"DEACTIVATED\",\"begin_time\":\"1735689600\",\"end_time\":\"1735693200\",\"products\":[{\"id\":\"1729\","
	      "\"discount\":\"25\"},{\"id\":\"1730\",\"discount\":10}]}}",
	      &r);
	assert_true(lk_tiktok_activity_sales(&r, price_of, NULL, 1735690000000LL, &sales, &n, err, sizeof(err)));
	lk_tiktok_reply_free(&r);
	assert_int_equal(n, 1); /* 1730's price is unknown */
	assert_int_equal(sales[0]->sale_price, 1500);
	assert_true(sales[0]->stopped);
	assert_int_equal(sales[0]->stop_ms, 1735690000000LL);
	lk_sale_release(sales[0]);
	bfree(sales);
	sales = NULL;
	n = 0;

	/* shipping discounts are no flash sale; an activity without times is refused */
	parse(200,
	      "{\"code\":0,\"data\":{\"activity_id\":\"79\",\"activity_type\":\"SHIPPING_DISCOUNT\",\"begin_time\":1,"
	      "\"end_time\":2,\"products\":[{\"id\":\"1729\",\"activity_price_amount\":\"1.00\"}]}}",
	      &r);
	assert_true(lk_tiktok_activity_sales(&r, price_of, NULL, 0, &sales, &n, err, sizeof(err)));
	assert_int_equal(n, 0);
	lk_tiktok_reply_free(&r);
	parse(200, "{\"code\":0,\"data\":{\"activity_id\":\"80\",\"activity_type\":\"FIXED_PRICE\"}}", &r);
	assert_false(lk_tiktok_activity_sales(&r, price_of, NULL, 0, &sales, &n, err, sizeof(err)));
	lk_tiktok_reply_free(&r);
	bfree(sales);

	/* the search list keeps the kinds that show */
	char **ids = NULL, *next = NULL;
	size_t ni = 0;
	parse(200,
	      "{\"code\":0,\"data\":{\"next_page_token\":\"p2\",\"activities\":[{\"id\":\"1\",\"status\":\"ONGOING\","
	      "\"activity_type\":\"FLASHSALE\"},{\"id\":\"2\",\"status\":\"DRAFT\"},{\"id\":\"3\",\"status\":"
	      "\"NOT_START\",\"activity_type\":\"SHIPPING_DISCOUNT\"},{\"id\":\"4\",\"status\":\"NOT_START\","
	      "\"activity_type\":\"FIXED_PRICE\"}]}}",
	      &r);
	assert_true(lk_tiktok_decode_activity_ids(&r, &ids, &ni, &next, err, sizeof(err)));
	lk_tiktok_reply_free(&r);
	assert_int_equal(ni, 2);
	assert_string_equal(ids[0], "1");
	assert_string_equal(ids[1], "4");
	assert_string_equal(next, "p2");
	for (size_t i = 0; i < ni; i++)
		bfree(ids[i]);
	bfree(ids);
	bfree(next);
}

static void test_orders(void **state)
{
	struct lk_tiktok_reply r;
	struct lk_tiktok_orders o;
	char err[LK_TIKTOK_ERR_SIZE];

	parse(200,
	      "{\"code\":0,\"data\":{\"next_page_token\":\"x+/=\",\"orders\":["
	      "{\"id\":\"576\",\"status\":\"AWAITING_SHIPMENT\",\"create_time\":1735689000,\"update_time\":\"1735689600\","
	      "\"recipient_address\":{\"name\":\"Jane Doe\",\"first_name\":\"\",\"phone_number\":\"(+1)213-***-1234\"},"
	      "\"payment\":{\"currency\":\"USD\",\"total_amount\":\"25.98\"},\"line_items\":[{\"product_id\":\"1729\","
	      "\"sale_price\":\"12.99\"},{\"product_id\":\"1729\",\"sale_price\":\"12.99\"}]},"
	      "{\"id\":\"577\",\"status\":\"UNPAID\",\"update_time\":1735689601,\"recipient_address\":{\"name\":\"J*** "
	      "D**\",\"first_name\":\"J***\"},\"payment\":{\"currency\":\"JPY\",\"total_amount\":\"1280\"},"
	      "\"line_items\":[]},"
	      "{\"id\":\"578\",\"update_time\":1735689602,\"payment\":{\"currency\":\"USD\",\"total_amount\":\"1.234\"}},"
	      "{\"status\":\"COMPLETED\",\"update_time\":1}]}}",
	      &r);
	assert_true(lk_tiktok_decode_orders(&r, &o, err, sizeof(err)));
	lk_tiktok_reply_free(&r);
	assert_int_equal(o.num, 3);
	assert_int_equal(o.skipped, 1); /* no id */
	assert_string_equal(o.next_page_token, "x+/=");
	assert_string_equal(o.orders[0].id, "576");
	assert_int_equal(o.orders[0].update_time, 1735689600);
	assert_string_equal(o.orders[0].buyer, "Jane"); /* the first name only */
	assert_int_equal(o.orders[0].total, 2598);
	assert_int_equal(o.orders[0].num_items, 2);
	assert_string_equal(o.orders[0].first_product_id, "1729");
	assert_string_equal(o.orders[1].buyer, "Someone"); /* masked */
	assert_int_equal(o.orders[1].total, 1280);
	assert_string_equal(o.orders[1].currency, "JPY");
	assert_null(o.orders[1].first_product_id);
	assert_string_equal(o.orders[2].buyer, "Someone"); /* no address at all */
	assert_int_equal(o.orders[2].total, -1);

	/* as Linkon counts them: one line per unit, merged by product and price */
	const struct lk_order *lo = o.orders[0].order;
	assert_non_null(lo);
	assert_string_equal(lo->id, "576");
	assert_int_equal(lo->time_ms, 1735689000000LL);
	assert_string_equal(lo->buyer, "Jane");
	assert_string_equal(lo->source, "tiktok");
	assert_string_equal(lo->currency, "USD");
	assert_int_equal(lo->num_items, 1);
	assert_string_equal(lo->items[0].product_id, "1729");
	assert_int_equal(lo->items[0].quantity, 2);
	assert_int_equal(lo->items[0].unit_price, 1299);
	assert_int_equal(lk_order_total(lo), 2598);
	assert_null(o.orders[1].order); /* no line to count */
	assert_null(o.orders[2].order);
	assert_true(lk_tiktok_order_counts("AWAITING_SHIPMENT"));
	assert_true(lk_tiktok_order_counts("ON_HOLD"));
	assert_false(lk_tiktok_order_counts("UNPAID"));
	assert_false(lk_tiktok_order_counts("CANCELLED"));
	assert_false(lk_tiktok_order_counts(NULL));
	lk_tiktok_orders_free(&o);

	/* a masked buyer is nobody; a line in another currency is left out */
	parse(200,
	      "{\"code\":0,\"data\":{\"orders\":[{\"id\":\"600\",\"status\":\"COMPLETED\",\"update_time\":1,"
	      "\"create_time\":1,\"recipient_address\":{\"name\":\"M***a\"},\"payment\":{\"currency\":\"SGD\","
	      "\"total_amount\":\"5.00\"},\"line_items\":[{\"product_id\":\"1\",\"sale_price\":\"5.00\"},"
	      "{\"product_id\":\"2\",\"sale_price\":\"9.00\",\"currency\":\"USD\"}]}]}}",
	      &r);
	assert_true(lk_tiktok_decode_orders(&r, &o, err, sizeof(err)));
	lk_tiktok_reply_free(&r);
	lo = o.orders[0].order;
	assert_non_null(lo);
	assert_null(lo->buyer);
	assert_int_equal(lo->num_items, 1);
	assert_int_equal(lo->items[0].unit_price, 500);
	assert_string_equal(lo->currency, "SGD");
	lk_tiktok_orders_free(&o);

	/* times past the year 3000 (found by fuzz-tiktok: create_time * 1000
	 * overflowed): no update time skips the order, no create time is unknown */
	parse(200,
	      "{\"code\":0,\"data\":{\"orders\":[{\"id\":\"700\",\"update_time\":352966666666497799},"
	      "{\"id\":\"701\",\"update_time\":-5},{\"id\":\"702\",\"status\":\"COMPLETED\","
	      "\"update_time\":2,\"create_time\":\"352966666666497799\",\"payment\":{\"currency\":\"SGD\"},"
	      "\"line_items\":[{\"product_id\":\"1\",\"sale_price\":\"5.00\"}]}]}}",
	      &r);
	assert_true(lk_tiktok_decode_orders(&r, &o, err, sizeof(err)));
	lk_tiktok_reply_free(&r);
	assert_int_equal(o.num, 1);
	assert_int_equal(o.skipped, 2);
	assert_string_equal(o.orders[0].id, "702");
	assert_int_equal(o.orders[0].create_time, 0);
	assert_non_null(o.orders[0].order);
	assert_int_equal(o.orders[0].order->time_ms, 0);
	lk_tiktok_orders_free(&o);

	char *body = lk_tiktok_orders_body(1735689600);
	assert_string_equal(body, "{\"update_time_ge\":1735689600}");
	bfree(body);
}

static void test_deals_journal(void **state)
{
	struct lk_tiktok_deal in[2] = {{.sale_id = "s1",
					.product_id = "1729",
					.title = "Linkon 1735689600 s1",
					.activity_id = "7300",
					.price = 650},
				       {.sale_id = "s2", .product_id = "1730", .title = "Linkon 1735689601 s2"}};
	struct lk_tiktok_deal *out = NULL;
	size_t n = 0;
	char err[LK_TIKTOK_ERR_SIZE];

	char *text = lk_tiktok_deals_to_text(in, 2);
	assert_true(lk_tiktok_deals_parse(text, &out, &n, err, sizeof(err)));
	bfree(text);
	assert_int_equal(n, 2);
	assert_string_equal(out[0].activity_id, "7300");
	assert_int_equal(out[0].price, 650);
	assert_false(out[0].unknown);
	assert_null(out[1].activity_id);
	assert_true(out[1].unknown); /* created, answer never seen: looked for by title */
	assert_string_equal(out[1].title, "Linkon 1735689601 s2");
	for (size_t i = 0; i < n; i++)
		lk_tiktok_deal_free(&out[i]);
	bfree(out);

	/* a file of the wrong shape fails whole; an entry without a title is dropped */
	assert_false(lk_tiktok_deals_parse("[1,2]", &out, &n, err, sizeof(err)));
	bfree(out);
	assert_true(lk_tiktok_deals_parse("{\"activities\":[{\"sale_id\":\"s\",\"product_id\":\"p\"}]}", &out, &n, err,
					  sizeof(err)));
	assert_int_equal(n, 0);
	bfree(out);

	/* finding an activity by its exact title */
	struct lk_tiktok_reply r;
	char *id = NULL;
	bool over = true;
	parse(200,
	      "{\"code\":0,\"data\":{\"activities\":[{\"id\":\"1\",\"title\":\"Linkon 1735689601 s2 copy\","
	      "\"status\":\"ONGOING\"},{\"id\":\"2\",\"title\":\"Linkon 1735689601 s2\",\"status\":\"ONGOING\"}]}}",
	      &r);
	assert_true(lk_tiktok_activity_find(&r, "Linkon 1735689601 s2", &id, &over));
	assert_string_equal(id, "2");
	assert_false(over);
	bfree(id);
	assert_false(lk_tiktok_activity_find(&r, "Linkon 0 s9", &id, &over));
	assert_null(id);
	lk_tiktok_reply_free(&r);
	char *body = lk_tiktok_activity_find_body("Linkon 1 s");
	assert_string_equal(body, "{\"activity_title\":\"Linkon 1 s\",\"page_size\":50}");
	bfree(body);
}

/* The Connection dialog's authorization link: a pasted link as it is, a
 * service ID made into the global link, anything else refused. */
static void test_auth_link(void **state)
{
	struct dstr s = {0};
	(void)state;

	assert_true(lk_tiktok_auth_link("  7123456789012345678 \n", &s));
	assert_string_equal(s.array, "https://services.tiktokshop.com/open/authorize?service_id=7123456789012345678");
	assert_true(lk_tiktok_auth_link("https://services.tiktokshops.us/open/authorize?service_id=71&state=x", &s));
	assert_string_equal(s.array, "https://services.tiktokshops.us/open/authorize?service_id=71&state=x");
	assert_false(lk_tiktok_auth_link("http://services.tiktokshop.com/open/authorize?service_id=1", &s));
	assert_null(s.array);
	assert_false(lk_tiktok_auth_link("https://evil.example/a b", &s));
	assert_false(lk_tiktok_auth_link("71 23", &s));
	assert_false(lk_tiktok_auth_link("", &s));
	assert_false(lk_tiktok_auth_link(NULL, &s));
	assert_false(lk_tiktok_auth_link("javascript:alert(1)", &s));
	dstr_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_tokens_and_shop),
		cmocka_unit_test(test_products),
		cmocka_unit_test(test_activity_to_sales),
		cmocka_unit_test(test_activity_kinds),
		cmocka_unit_test(test_orders),
		cmocka_unit_test(test_deals_journal),
		cmocka_unit_test(test_auth_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
