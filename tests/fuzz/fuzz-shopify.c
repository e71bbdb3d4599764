/*
 * Linkon — libFuzzer target for the Shopify codec and its journal
 * (core/lk-shopify-codec*.c); built by tests/fuzz/fuzz.cmake.
 *
 * The first byte picks the HTTP status; the rest is the body. Checks on
 * every input: nothing reads or writes out of bounds or leaks; a message is
 * NUL-terminated, valid UTF-8, never holds the secret; a decoded product
 * has an id, a price within the limit and a known stock; the journal
 * decoder accepts what the encoder wrote; a parsed price formats back to a
 * string that parses to the same amount.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <util/bmem.h>

#include "core/lk-shopify-codec.h"

#define SECRET "shpat_fuzz"

#define must(cond) FUZZ_MUST(cond)

static void check_utf8(const char *s)
{
	json_t *j = json_string(s); /* NULL for invalid UTF-8 */
	must(j != NULL);
	json_decref(j);
}

static void check_page(const struct lk_shopify_reply *r)
{
	struct lk_shopify_page page;
	char err[LK_SHOPIFY_ERR_SIZE];

	if (!lk_shopify_decode_catalog(r, &page, err, sizeof(err)))
		return;
	for (size_t i = 0; i < page.num_products; i++) {
		const struct lk_product *p = page.products[i];
		must(p->id && *p->id);
		must(p->price >= 0 && p->price <= LK_SHOPIFY_MAX_MONEY);
		must(p->original_price == 0 || p->original_price > p->price);
		must(p->stock == LK_STOCK_UNKNOWN || p->stock >= 0);
		must(!p->title || strlen(p->title) <= LK_SHOPIFY_MAX_TITLE);
		if (p->title)
			check_utf8(p->title);
	}
	must(!page.has_next || page.end_cursor);
	lk_shopify_page_free(&page);
}

static void check_writes(const struct lk_shopify_reply *r)
{
	struct lk_shopify_write w;
	char err[LK_SHOPIFY_ERR_SIZE];

	if (!lk_shopify_decode_bulk_update(r, SECRET, err, sizeof(err)))
		must(strstr(err, SECRET) == NULL);
	if (!lk_shopify_decode_variants(r, &w, err, sizeof(err)))
		return;
	/* what the journal writes, it reads back */
	json_t *j = lk_shopify_journal_to_json(&w, 1);
	char *text = json_dumps(j, 0);
	struct lk_shopify_write *back = NULL;
	size_t n = 0;
	must(text && lk_shopify_journal_parse(text, strlen(text), &back, &n, err, sizeof(err)) && n == 1);
	must(back[0].variants.num == w.variants.num);
	lk_shopify_write_free(&back[0]);
	bfree(back);
	free(text);
	json_decref(j);
	char *body = lk_shopify_bulk_update_body(&w);
	must(body != NULL);
	bfree(body);
	lk_shopify_write_free(&w);
}

static void check_money(const char *s)
{
	static const char *const curs[] = {"USD", "JPY", "KWD"};
	struct dstr out = {0};

	for (size_t i = 0; i < 3; i++) {
		int64_t v = -1, back = -1;
		if (!lk_shopify_money_parse(s, curs[i], &v))
			continue;
		must(v >= 0 && v <= LK_SHOPIFY_MAX_MONEY);
		must(lk_shopify_money_parse(lk_shopify_money_format(&out, v, curs[i]), curs[i], &back) && back == v);
	}
	dstr_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = {200, 200, 200, 401, 403, 429, 500, 404};
	struct lk_shopify_reply r;

	if (size < 1)
		return 0;
	long status = statuses[data[0] % 8];
	const char *body = (const char *)data + 1;
	size_t len = size - 1;

	lk_shopify_reply_parse(status, body, len, SECRET, &r);
	must(strlen(r.message) < sizeof(r.message));
	check_utf8(r.message);
	must(strstr(r.message, SECRET) == NULL);
	must(r.kind != LK_SHOPIFY_OK || r.data != NULL);
	must(lk_shopify_throttle_wait_ms(&r.throttle, r.throttle.requested_cost) >= 0);
	check_page(&r);
	check_writes(&r);
	lk_shopify_reply_free(&r);

	char *copy = malloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = '\0';
	check_money(copy);
	struct lk_shopify_write *w = NULL;
	size_t n = 0;
	char err[LK_SHOPIFY_ERR_SIZE];
	if (lk_shopify_journal_parse(copy, len, &w, &n, err, sizeof(err))) {
		for (size_t i = 0; i < n; i++)
			lk_shopify_write_free(&w[i]);
		bfree(w);
	}
	free(copy);
	return 0;
}
