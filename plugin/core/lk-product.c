/*
 * Linkon — product model.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reference counting uses the libobs atomics, so a product may be released
 * on any thread; the last release frees it. Fields are only written while a
 * product is unpublished (see lk-product.h).
 */
#include "lk-product.h"
#include "lk-str.h"

#include <string.h>
#include <util/bmem.h>
#include <util/threading.h>

struct lk_product *lk_product_new(const char *id)
{
	struct lk_product *p = bzalloc(sizeof(*p));

	p->refs = 1;
	p->id = bstrdup(id ? id : "");
	p->stock = LK_STOCK_UNKNOWN;
	return p;
}

struct lk_product *lk_product_clone(const struct lk_product *p)
{
	if (!p)
		return NULL;

	/* field by field: p->refs may be changing on other threads */
	struct lk_product *c = bzalloc(sizeof(*c));
	c->refs = 1;
	c->price = p->price;
	c->original_price = p->original_price;
	memcpy(c->currency, p->currency, sizeof(c->currency));
	c->currency[sizeof(c->currency) - 1] = '\0';
	c->stock = p->stock;
	c->stock_total = p->stock_total;
	c->sold = p->sold;
	c->id = bstrdup(p->id);
	c->sku = bstrdup(p->sku);
	c->title = bstrdup(p->title);
	c->image = bstrdup(p->image);
	c->buy_url = bstrdup(p->buy_url);
	return c;
}

struct lk_product *lk_product_addref(struct lk_product *p)
{
	if (p)
		os_atomic_inc_long(&p->refs);
	return p;
}

void lk_product_release(struct lk_product *p)
{
	if (!p || os_atomic_dec_long(&p->refs) > 0)
		return;

	bfree(p->id);
	bfree(p->sku);
	bfree(p->title);
	bfree(p->image);
	bfree(p->buy_url);
	bfree(p);
}

void lk_product_set_str(char **field, const char *value)
{
	if (!field)
		return;

	/* copy first: value may point into *field */
	char *copy = bstrdup(value);
	bfree(*field);
	*field = copy;
}

static bool is_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void lk_product_set_currency(struct lk_product *p, const char *code)
{
	size_t n = 0;

	if (!p)
		return;

	/* letters only: stops at the first non-letter or after three */
	while (code && n < sizeof(p->currency) - 1 && is_ascii_letter(code[n])) {
		char c = code[n];
		p->currency[n++] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
	}
	memset(p->currency + n, 0, sizeof(p->currency) - n);
}

bool lk_product_equal(const struct lk_product *a, const struct lk_product *b)
{
	if (a == b)
		return true;
	if (!a || !b)
		return false;

	return lk_str_same(a->id, b->id) && lk_str_same(a->sku, b->sku) && lk_str_same(a->title, b->title) &&
	       lk_str_same(a->image, b->image) && lk_str_same(a->buy_url, b->buy_url) && a->price == b->price &&
	       a->original_price == b->original_price && strncmp(a->currency, b->currency, sizeof(a->currency)) == 0 &&
	       a->stock == b->stock && a->stock_total == b->stock_total && a->sold == b->sold;
}
