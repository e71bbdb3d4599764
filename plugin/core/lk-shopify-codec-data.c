/*
 * Linkon — Shopify codec: decoding catalog pages, variants, mutation
 * answers, and the sale-price journal (see lk-shopify-codec.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-shopify-codec.h"
#include "lk-shopify-codec-priv.h"

#include <stdlib.h>
#include <string.h>
#include <util/bmem.h>

#define MAX_DECIMAL_LEN 32

/* ---- field readers ------------------------------------------------------- */

/* A connection's items: "nodes": [...] or "edges": [{"node": ...}]. */
static size_t conn_size(const json_t *conn)
{
	json_t *nodes = json_object_get(conn, "nodes");
	return json_is_array(nodes) ? json_array_size(nodes) : json_array_size(json_object_get(conn, "edges"));
}

static json_t *conn_item(const json_t *conn, size_t i)
{
	json_t *nodes = json_object_get(conn, "nodes");
	if (json_is_array(nodes))
		return json_array_get(nodes, i);
	return json_object_get(json_array_get(json_object_get(conn, "edges"), i), "node");
}

static bool conn_ok(const json_t *conn)
{
	return json_is_array(json_object_get(conn, "nodes")) || json_is_array(json_object_get(conn, "edges"));
}

/* A gid or cursor: 1..LK_SHOPIFY_MAX_ID bytes, no control characters. */
const char *lk_shopify_plain_str(const json_t *obj, const char *key, size_t max)
{
	json_t *v = json_object_get(obj, key);
	size_t n = json_is_string(v) ? json_string_length(v) : 0;
	const char *s = json_string_value(v);

	if (!n || n > max || strlen(s) != n)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			return NULL;
	}
	return s;
}

static const char *get_id(const json_t *obj, const char *key)
{
	return lk_shopify_plain_str(obj, key, LK_SHOPIFY_MAX_ID);
}

/* A decimal string as Shopify writes money: digits, at most one '.'. */
static bool decimal_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	bool dot = false, digit = false;

	if (!n || n > MAX_DECIMAL_LEN || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && !dot)
			dot = true;
		else if (s[i] >= '0' && s[i] <= '9')
			digit = true;
		else
			return false;
	}
	return digit;
}

static const char *get_url(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	size_t n = s ? strlen(s) : 0;

	if (!n || n > LK_SHOPIFY_MAX_URL)
		return NULL;
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return NULL;
	return strchr(s, ' ') || strchr(s, '\n') ? NULL : s;
}

/* Cleaned, cut copy of a string field into *field (left as is if absent). */
static void set_text(char **field, const json_t *obj, const char *key, size_t max)
{
	json_t *v = json_object_get(obj, key);
	struct dstr s = {0};

	if (!json_is_string(v) || !json_string_length(v))
		return;
	dstr_ncopy(&s, json_string_value(v), json_string_length(v));
	lk_blank_controls(&s);
	if (s.array) {
		size_t n = lk_utf8_cut(s.array, s.len, max);
		s.array[n] = '\0';
		lk_product_set_str(field, s.array);
	}
	dstr_free(&s);
}

/* ---- catalog ------------------------------------------------------------- */

static void set_stock(struct lk_product *p, const json_t *node)
{
	json_t *total = json_object_get(node, "totalInventory");

	p->stock = LK_STOCK_UNKNOWN;
	if (json_is_true(json_object_get(node, "tracksInventory")) && json_is_integer(total)) {
		json_int_t n = json_integer_value(total);
		/* oversold products report a negative total: none left */
		p->stock = n < 0 ? 0 : (n > 1000000000000LL ? 1000000000000LL : (int64_t)n);
	}
}

static struct lk_product *product_from_node(const json_t *node, const char *currency)
{
	const char *id = get_id(node, "id");
	json_t *variants = json_object_get(node, "variants");
	json_t *first = conn_item(variants, 0);
	int64_t price = 0, compare = 0;

	if (!id || !json_is_object(first) ||
	    !lk_shopify_money_parse(json_string_value(json_object_get(first, "price")), currency, &price))
		return NULL;
	struct lk_product *p = lk_product_new(id);
	lk_product_set_currency(p, currency);
	p->price = price;
	if (lk_shopify_money_parse(json_string_value(json_object_get(first, "compareAtPrice")), currency, &compare) &&
	    compare > price)
		p->original_price = compare;
	set_text(&p->title, node, "title", LK_SHOPIFY_MAX_TITLE);
	set_text(&p->sku, first, "sku", LK_SHOPIFY_MAX_ID);
	lk_product_set_str(&p->image, get_url(json_object_get(node, "featuredImage"), "url"));
	lk_product_set_str(&p->buy_url, get_url(node, "onlineStoreUrl"));
	set_stock(p, node);
	return p;
}

static bool currency_ok(const char *s)
{
	if (!s || strlen(s) != 3)
		return false;
	for (int i = 0; i < 3; i++) {
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	}
	return true;
}

static bool read_page_info(const json_t *info, struct lk_shopify_page *page, char *err, size_t err_size)
{
	json_t *next = json_object_get(info, "hasNextPage");

	if (!json_is_boolean(next)) {
		lk_shopify_err(err, err_size, "products.pageInfo.hasNextPage: missing");
		return false;
	}
	page->has_next = json_is_true(next);
	if (!page->has_next)
		return true;
	const char *cursor = get_id(info, "endCursor");
	if (!cursor) {
		lk_shopify_err(err, err_size, "products.pageInfo.endCursor: missing or unusable");
		return false;
	}
	page->end_cursor = bstrdup(cursor);
	return true;
}

static void push_products(const json_t *conn, struct lk_shopify_page *page)
{
	size_t n = conn_size(conn);

	page->products = n ? bzalloc(n * sizeof(*page->products)) : NULL;
	page->variant_ids = n ? bzalloc(n * sizeof(*page->variant_ids)) : NULL;
	page->num_variant_ids = n;
	for (size_t i = 0; i < n; i++) {
		struct lk_product *p = product_from_node(conn_item(conn, i), page->currency);
		bool dup = false;
		for (size_t j = 0; p && j < page->num_products && !dup; j++)
			dup = strcmp(page->products[j]->id, p->id) == 0;
		if (!p || dup) {
			lk_product_release(p);
			page->skipped++;
			continue;
		}
		const char *vid = get_id(conn_item(json_object_get(conn_item(conn, i), "variants"), 0), "id");
		page->variant_ids[page->num_products] = vid ? bstrdup(vid) : NULL;
		page->products[page->num_products++] = p;
	}
}

bool lk_shopify_decode_catalog(const struct lk_shopify_reply *r, struct lk_shopify_page *page, char *err,
			       size_t err_size)
{
	memset(page, 0, sizeof(*page));
	if (!r || r->kind != LK_SHOPIFY_OK || !r->data) {
		lk_shopify_err(err, err_size, "no data in the answer");
		return false;
	}
	const char *cur = json_string_value(json_object_get(json_object_get(r->data, "shop"), "currencyCode"));
	json_t *conn = json_object_get(r->data, "products");
	if (!currency_ok(cur)) {
		lk_shopify_err(err, err_size, "shop.currencyCode: must be a 3-letter ISO 4217 code");
		return false;
	}
	if (!json_is_object(conn) || !conn_ok(conn)) {
		lk_shopify_err(err, err_size, "products: missing or not a connection");
		return false;
	}
	memcpy(page->currency, cur, 4);
	if (!read_page_info(json_object_get(conn, "pageInfo"), page, err, err_size)) {
		memset(page, 0, sizeof(*page));
		return false;
	}
	push_products(conn, page);
	return true;
}

void lk_shopify_page_free(struct lk_shopify_page *page)
{
	for (size_t i = 0; i < page->num_products; i++)
		lk_product_release(page->products[i]);
	for (size_t i = 0; i < page->num_variant_ids; i++)
		bfree(page->variant_ids[i]);
	bfree(page->variant_ids);
	bfree(page->products);
	bfree(page->end_cursor);
	memset(page, 0, sizeof(*page));
}

static int cmp_by_id(const void *a, const void *b)
{
	return strcmp((*(struct lk_product *const *)a)->id, (*(struct lk_product *const *)b)->id);
}

void lk_shopify_carry_stock_totals(struct lk_product **next, size_t n, struct lk_product *const *prev, size_t m)
{
	struct lk_product **sorted = m ? bmemdup(prev, m * sizeof(*prev)) : NULL;

	if (sorted)
		qsort(sorted, m, sizeof(*sorted), cmp_by_id);
	for (size_t i = 0; i < n; i++) {
		struct lk_product *p = next[i];
		struct lk_product **old = sorted ? bsearch(&p, sorted, m, sizeof(*sorted), cmp_by_id) : NULL;
		int64_t top = old ? (*old)->stock_total : 0;
		p->stock_total = p->stock == LK_STOCK_UNKNOWN ? 0 : (p->stock > top ? p->stock : top);
	}
	bfree(sorted);
}

/* ---- variants and writes ------------------------------------------------- */

void lk_shopify_write_free(struct lk_shopify_write *w)
{
	for (size_t i = 0; i < w->variants.num; i++) {
		bfree(w->variants.array[i].id);
		bfree(w->variants.array[i].price);
		bfree(w->variants.array[i].compare_at);
	}
	da_free(w->variants);
	bfree(w->product_id);
	w->product_id = NULL;
}

static void push_vprice(struct lk_shopify_write *w, const char *id, const char *price, const char *compare_at)
{
	struct lk_shopify_vprice *v = da_push_back_new(w->variants);
	v->id = bstrdup(id);
	v->price = bstrdup(price);
	v->compare_at = compare_at ? bstrdup(compare_at) : NULL;
}

void lk_shopify_write_copy(struct lk_shopify_write *dst, const struct lk_shopify_write *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->product_id = bstrdup(src->product_id);
	for (size_t i = 0; i < src->variants.num; i++) {
		const struct lk_shopify_vprice *v = &src->variants.array[i];
		push_vprice(dst, v->id, v->price, v->compare_at);
	}
}

/* One {id, price, compare key} object into w; false if unusable. */
static bool read_vprice(const json_t *obj, const char *compare_key, struct lk_shopify_write *w)
{
	const char *id = get_id(obj, "id");
	const char *price = json_string_value(json_object_get(obj, "price"));
	json_t *cmp = json_object_get(obj, compare_key);
	const char *compare = json_string_value(cmp);

	if (!id || !decimal_ok(price) || (cmp && !json_is_null(cmp) && !decimal_ok(compare)))
		return false;
	push_vprice(w, id, price, compare);
	return true;
}

bool lk_shopify_decode_variants(const struct lk_shopify_reply *r, struct lk_shopify_write *out, char *err,
				size_t err_size)
{
	json_t *product = r && r->kind == LK_SHOPIFY_OK ? json_object_get(r->data, "product") : NULL;
	json_t *conn = json_object_get(product, "variants");
	const char *id = get_id(product, "id");
	struct lk_shopify_write w = {0};
	size_t n = conn_size(conn);

	if (!id || !conn_ok(conn) || !n) {
		lk_shopify_err(err, err_size, "product: missing, or without variants");
		return false;
	}
	w.product_id = bstrdup(id);
	for (size_t i = 0; i < n && i < LK_SHOPIFY_MAX_VARIANTS; i++) {
		if (!read_vprice(conn_item(conn, i), "compareAtPrice", &w)) {
			lk_shopify_err(err, err_size, "product.variants[%zu]: id or price unusable", i);
			lk_shopify_write_free(&w);
			return false;
		}
	}
	*out = w;
	return true;
}

bool lk_shopify_decode_bulk_update(const struct lk_shopify_reply *r, const char *secret, char *err, size_t err_size)
{
	json_t *payload = r && r->kind == LK_SHOPIFY_OK ? json_object_get(r->data, "productVariantsBulkUpdate") : NULL;
	json_t *errors = json_object_get(payload, "userErrors");

	if (!json_is_object(payload) || (errors && !json_is_null(errors) && !json_is_array(errors))) {
		lk_shopify_err(err, err_size, "productVariantsBulkUpdate: missing in the answer");
		return false;
	}
	if (json_array_size(errors) == 0)
		return true;
	const char *msg = json_string_value(json_object_get(json_array_get(errors, 0), "message"));
	if (err && err_size)
		lk_redact_quote(err, err_size, "the shop refused the price: ", msg ? msg : "(no reason)", secret);
	return false;
}

/* ---- journal ------------------------------------------------------------- */

json_t *lk_shopify_journal_to_json(const struct lk_shopify_write *writes, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *vars = json_array();
		for (size_t j = 0; j < writes[i].variants.num; j++) {
			const struct lk_shopify_vprice *v = &writes[i].variants.array[j];
			json_array_append_new(vars, json_pack("{s:s, s:s, s:s?}", "id", v->id, "price", v->price,
							      "compare_at_price", v->compare_at));
		}
		json_array_append_new(arr,
				      json_pack("{s:s, s:o}", "product_id", writes[i].product_id, "variants", vars));
	}
	return json_pack("{s:i, s:o}", "version", 1, "writes", arr);
}

static bool journal_entry(const json_t *obj, struct lk_shopify_write *w)
{
	const char *pid = get_id(obj, "product_id");
	json_t *vars = json_object_get(obj, "variants");
	size_t i;
	json_t *v;

	memset(w, 0, sizeof(*w));
	if (!pid || !json_array_size(vars) || json_array_size(vars) > LK_SHOPIFY_MAX_VARIANTS)
		return false;
	w->product_id = bstrdup(pid);
	json_array_foreach(vars, i, v)
	{
		if (!read_vprice(v, "compare_at_price", w))
			return false;
	}
	return true;
}

bool lk_shopify_journal_parse(const char *text, size_t len, struct lk_shopify_write **out, size_t *num, char *err,
			      size_t err_size)
{
	json_error_t jerr;
	json_t *root = text ? json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	json_t *writes = json_object_get(root, "writes");
	json_t *version = json_object_get(root, "version");
	size_t n = json_array_size(writes);
	bool ok = json_is_integer(version) && json_integer_value(version) == 1 && json_is_array(writes);
	struct lk_shopify_write *w = ok && n ? bzalloc(n * sizeof(*w)) : NULL;

	if (!ok)
		lk_shopify_err(err, err_size, root ? "journal: not a version 1 journal" : "journal: not valid JSON");
	for (size_t i = 0; ok && i < n; i++) {
		ok = journal_entry(json_array_get(writes, i), &w[i]);
		if (!ok)
			lk_shopify_err(err, err_size, "journal: writes[%zu] unusable", i);
	}
	if (!ok) {
		for (size_t i = 0; w && i < n; i++)
			lk_shopify_write_free(&w[i]);
		bfree(w);
		w = NULL;
		n = 0;
	}
	json_decref(root);
	*out = w;
	*num = n;
	return ok;
}

char *lk_shopify_cart_link(const char *host, const char *variant_gid)
{
	if (!host || !*host || !variant_gid)
		return NULL;
	const char *num = strrchr(variant_gid, '/');
	num = num ? num + 1 : variant_gid;
	size_t n = strlen(num);
	if (!n || n > 20 || strspn(num, "0123456789") != n)
		return NULL;
	struct dstr d = {0};
	dstr_printf(&d, "https://%s/cart/%s:1", host, num);
	return d.array;
}
