/*
 * Linkon — libFuzzer target for the TikTok Shop codec (core/lk-tiktok-codec.c);
 * built by tests/fuzz/fuzz.cmake.
 *
 * The first byte picks the HTTP status; the rest is the body, given to every
 * decoder (envelope, tokens, shops, products, orders, activity ids, an
 * activity's sales). Checks on every input: nothing reads or writes out of
 * bounds or leaks; a message is NUL-terminated, valid UTF-8 and never holds
 * a secret; decoded products have an id, a price within the money limit and
 * a known or unknown stock; sales have a product, a sale price >= 0 and an
 * end after their start; a decimal the money parser accepts formats back to
 * the same amount.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <util/bmem.h>

#include "core/lk-sale.h"
#include "core/lk-tiktok-codec.h"

#define must(cond) FUZZ_MUST(cond)

static const char *const secrets[] = {"ROW_fuzz_access", "app_secret_fuzz", NULL};

static void check_text(const char *s)
{
	must(s != NULL);
	json_t *j = json_string(s); /* NULL for invalid UTF-8 */
	must(j != NULL);
	json_decref(j);
}

/* A message Linkon shows or logs: text, and no secret in it (a product's
 * own title is data and is not searched). */
static void check_message(const char *s)
{
	check_text(s);
	for (size_t i = 0; secrets[i]; i++)
		must(strstr(s, secrets[i]) == NULL);
}

static int64_t price_of(void *data, const char *product_id)
{
	(void)data;
	return product_id && *product_id ? 1999 : 0;
}

static void check_decoders(const struct lk_tiktok_reply *r)
{
	char err[LK_TIKTOK_ERR_SIZE] = "";

	struct lk_tiktok_tokens t = {0};
	if (lk_tiktok_decode_tokens(r, &t, err, sizeof(err)))
		lk_tiktok_tokens_free(&t);
	else
		check_message(err);

	struct lk_tiktok_shop shop = {0};
	if (lk_tiktok_decode_shop(r, NULL, &shop, err, sizeof(err)))
		lk_tiktok_shop_free(&shop);

	struct lk_tiktok_page page = {0};
	if (lk_tiktok_decode_products(r, &page, err, sizeof(err))) {
		for (size_t i = 0; i < page.num_products; i++) {
			const struct lk_product *p = page.products[i];
			must(p->id && *p->id);
			must(p->price >= 0);
			must(p->stock == LK_STOCK_UNKNOWN || p->stock >= 0);
			if (p->title)
				check_text(p->title);
		}
		lk_tiktok_page_free(&page);
	}

	struct lk_tiktok_orders orders = {0};
	if (lk_tiktok_decode_orders(r, &orders, err, sizeof(err))) {
		for (size_t i = 0; i < orders.num; i++) {
			must(orders.orders[i].id && *orders.orders[i].id);
			check_text(orders.orders[i].buyer);
		}
		lk_tiktok_orders_free(&orders);
	}

	char **ids = NULL, *next = NULL;
	size_t num = 0;
	if (lk_tiktok_decode_activity_ids(r, &ids, &num, &next, err, sizeof(err))) {
		for (size_t i = 0; i < num; i++) {
			must(ids[i] && *ids[i]);
			bfree(ids[i]);
		}
		bfree(ids);
		bfree(next);
	}

	struct lk_sale **sales = NULL;
	size_t nsales = 0;
	if (lk_tiktok_activity_sales(r, price_of, NULL, 1000, &sales, &nsales, err, sizeof(err))) {
		for (size_t i = 0; i < nsales; i++) {
			must(sales[i]->product_id && *sales[i]->product_id);
			must(sales[i]->sale_price >= 0);
			must(sales[i]->end_ms >= sales[i]->start_ms);
			lk_sale_release(sales[i]);
		}
	}
	bfree(sales);
}

static void check_money(const char *s)
{
	static const char *const curs[] = {"USD", "JPY", "KWD", "IDR"};
	struct dstr out = {0};

	for (size_t i = 0; i < 4; i++) {
		int64_t v = -1, back = -1;
		if (!lk_tiktok_money_parse(s, curs[i], &v))
			continue;
		must(v >= 0);
		must(lk_tiktok_money_parse(lk_tiktok_money_format(&out, v, curs[i]), curs[i], &back) && back == v);
	}
	dstr_free(&out);
}

/* The Connection dialog's pasted authorization link: only an https link
 * without spaces or controls comes out, or the global link of a service ID. */
static void check_auth_link(const char *pasted)
{
	struct dstr out = {0};
	if (lk_tiktok_auth_link(pasted, &out)) {
		must(out.array && strncmp(out.array, "https://", 8) == 0);
		for (const char *c = out.array; *c; c++)
			must((unsigned char)*c > ' ' && *c != 0x7f);
	} else {
		must(out.array == NULL);
	}
	dstr_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = {200, 200, 200, 401, 429, 500, 404, 0};
	struct lk_tiktok_reply r;

	if (size < 1)
		return 0;
	long status = statuses[data[0] % 8];
	const char *body = (const char *)data + 1;
	size_t len = size - 1;

	lk_tiktok_reply_parse(status, body, len, secrets, &r);
	must(strlen(r.message) < sizeof(r.message));
	check_message(r.message);
	must(r.kind != LK_TIKTOK_OK || r.data != NULL);
	check_decoders(&r);
	lk_tiktok_reply_free(&r);

	char *copy = malloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = '\0';
	check_money(copy);
	check_auth_link(copy);
	free(copy);
	return 0;
}
