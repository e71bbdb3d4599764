/*
 * Linkon — the TikTok Shop codec (see lk-tiktok-codec.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-tiktok-codec.h"
#include "lk-redact.h"
#include "lk-shopify-codec-priv.h" /* money and plain strings are shared with Shopify */

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

#define TT_MAX_ID 128
#define TT_MAX_TITLE 512
#define TT_MAX_URL 2048
#define TT_MAX_ACTIVITY_PRODUCTS 500

#define tt_err(err, err_size, ...) lk_shopify_err(err, err_size, __VA_ARGS__)

bool lk_tiktok_money_parse(const char *s, const char *currency, int64_t *out)
{
	return lk_shopify_money_parse(s, currency, out);
}

const char *lk_tiktok_money_format(struct dstr *out, int64_t minor, const char *currency)
{
	return lk_shopify_money_format(out, minor, currency);
}

void lk_tiktok_redact(struct dstr *s, const char *const *secrets)
{
	for (size_t i = 0; secrets && secrets[i] && i < LK_TIKTOK_MAX_SECRETS; i++)
		lk_redact(s, secrets[i]);
}

/* ---- the envelope ---------------------------------------------------------- */

/* "<prefix><text>" cleaned, every secret redacted, cut to fit out. */
static void quote(char *out, size_t size, const char *prefix, const char *text, const char *const *secrets)
{
	struct dstr s = {0};

	dstr_copy(&s, text ? text : "");
	lk_tiktok_redact(&s, secrets);
	lk_redact_quote(out, size, prefix, s.array ? s.array : "", NULL);
	dstr_free(&s);
}

static enum lk_tiktok_kind kind_of_code(int64_t code, long http)
{
	switch (code) {
	case 0:
		return LK_TIKTOK_OK;
	case LK_TIKTOK_CODE_TOKEN_EXPIRED:
		return LK_TIKTOK_TOKEN_EXPIRED;
	case LK_TIKTOK_CODE_SCOPE:
		return LK_TIKTOK_SCOPE;
	case LK_TIKTOK_CODE_BAD_SIGN:
	case LK_TIKTOK_CODE_BAD_CREDENTIAL:
		return LK_TIKTOK_SIGNATURE;
	case LK_TIKTOK_CODE_NO_CIPHER:
	case LK_TIKTOK_CODE_SHOP_MISMATCH:
		return LK_TIKTOK_SHOP;
	case LK_TIKTOK_CODE_RATE_LIMITED:
		return LK_TIKTOK_RATE_LIMITED;
	case LK_TIKTOK_CODE_TIMEOUT:
		return LK_TIKTOK_UNAVAILABLE;
	default:
		return http >= 500 ? LK_TIKTOK_UNAVAILABLE : LK_TIKTOK_REFUSED;
	}
}

static const char *kind_words(enum lk_tiktok_kind k)
{
	switch (k) {
	case LK_TIKTOK_TOKEN_EXPIRED:
		return "the access token has expired";
	case LK_TIKTOK_SCOPE:
		return "the app lacks a permission (scope)";
	case LK_TIKTOK_SIGNATURE:
		return "the request was refused (app key, secret, signature or clock)";
	case LK_TIKTOK_SHOP:
		return "the shop does not match the authorization";
	case LK_TIKTOK_RATE_LIMITED:
		return "too many requests (rate limit)";
	case LK_TIKTOK_UNAVAILABLE:
		return "TikTok Shop is unavailable";
	default:
		return "TikTok Shop refused the request";
	}
}

void lk_tiktok_reply_parse(long http_status, const char *body, size_t len, const char *const *secrets,
			   struct lk_tiktok_reply *r)
{
	char prefix[160];

	memset(r, 0, sizeof(*r));
	r->http_status = http_status;
	r->code = -1;
	if (body && len)
		r->root = json_loadb(body, len, 0, NULL);
	json_t *code = json_object_get(r->root, "code");
	const char *msg = json_string_value(json_object_get(r->root, "message"));
	if (json_is_integer(code))
		r->code = (int64_t)json_integer_value(code);

	if (r->code < 0) {
		if (http_status == 429)
			r->kind = LK_TIKTOK_RATE_LIMITED;
		else if (http_status == 0 || http_status >= 500)
			r->kind = LK_TIKTOK_UNAVAILABLE;
		else
			r->kind = LK_TIKTOK_MALFORMED;
		if (r->kind == LK_TIKTOK_MALFORMED)
			snprintf(r->message, sizeof(r->message), "not a TikTok Shop answer (HTTP %ld)", http_status);
		else if (http_status)
			snprintf(r->message, sizeof(r->message), "%s (HTTP %ld)", kind_words(r->kind), http_status);
		else
			snprintf(r->message, sizeof(r->message), "%s", kind_words(r->kind));
		return;
	}
	r->kind = kind_of_code(r->code, http_status);
	if (r->kind == LK_TIKTOK_OK && http_status == 429)
		r->kind = LK_TIKTOK_RATE_LIMITED;
	if (r->kind == LK_TIKTOK_OK && (http_status < 200 || http_status >= 300))
		r->kind = http_status >= 500 ? LK_TIKTOK_UNAVAILABLE : LK_TIKTOK_REFUSED;
	if (r->kind == LK_TIKTOK_OK) {
		json_t *data = json_object_get(r->root, "data");
		r->data = json_is_object(data) ? data : NULL;
		if (!r->data) {
			r->kind = LK_TIKTOK_MALFORMED;
			snprintf(r->message, sizeof(r->message), "an answer without data");
		}
		return;
	}
	r->timestamp_refused =
		r->kind == LK_TIKTOK_SIGNATURE && msg && (strstr(msg, "timestamp") || strstr(msg, "Timestamp"));
	snprintf(prefix, sizeof(prefix), "%s (code %lld%s", kind_words(r->kind), (long long)r->code,
		 msg && *msg ? ": " : ")");
	if (msg && *msg) {
		char inner[LK_TIKTOK_ERR_SIZE];
		quote(inner, sizeof(inner) - 1, prefix, msg, secrets);
		snprintf(r->message, sizeof(r->message), "%.*s)", (int)sizeof(inner) - 2, inner);
	} else {
		snprintf(r->message, sizeof(r->message), "%s", prefix);
	}
}

void lk_tiktok_reply_free(struct lk_tiktok_reply *r)
{
	json_decref(r->root);
	r->root = NULL;
	r->data = NULL;
}

/* ---- helpers --------------------------------------------------------------- */

static const char *get_str(const json_t *obj, const char *key, size_t max)
{
	return lk_shopify_plain_str(obj, key, max);
}

static char *dup_str(const json_t *obj, const char *key, size_t max)
{
	const char *s = get_str(obj, key, max);
	return s ? bstrdup(s) : NULL;
}

/* An integer, or a string of digits (ids and times come both ways). */
#define TT_MAX_TIME_S 32503680000LL /* 3000-01-01 */
#define TT_MAX_STOCK 1000000000LL   /* more is shown as this */

static bool get_int(const json_t *obj, const char *key, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	const char *s = json_string_value(v);

	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return true;
	}
	if (s && *s && strlen(s) < 19 && strspn(s, "0123456789") == strlen(s)) {
		*out = strtoll(s, NULL, 10);
		return true;
	}
	return false;
}

/* A Unix time in seconds, from the epoch to the year 3000 (so that its ms
 * never overflow); anything else is not a time. */
static bool get_time_s(const json_t *obj, const char *key, int64_t *out)
{
	int64_t v = 0;
	if (!get_int(obj, key, &v) || v < 0 || v > TT_MAX_TIME_S)
		return false;
	*out = v;
	return true;
}

static bool url_ok(const char *s)
{
	return s && strlen(s) <= TT_MAX_URL && (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) &&
	       !strpbrk(s, " \r\n\t");
}

static void set_title(struct lk_product *p, const char *s)
{
	struct dstr t = {0};

	dstr_copy(&t, s);
	lk_blank_controls(&t);
	if (t.array) {
		t.array[lk_utf8_cut(t.array, t.len, TT_MAX_TITLE)] = '\0';
		lk_product_set_str(&p->title, t.array);
	}
	dstr_free(&t);
}

static bool currency_ok(const char *s)
{
	return s && strlen(s) == 3 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 3;
}

/* ---- tokens and shops ------------------------------------------------------ */

void lk_tiktok_tokens_free(struct lk_tiktok_tokens *t)
{
	bfree(t->access_token);
	bfree(t->refresh_token);
	bfree(t->seller_name);
	bfree(t->region);
	bfree(t->scopes);
	memset(t, 0, sizeof(*t));
}

bool lk_tiktok_decode_tokens(const struct lk_tiktok_reply *r, struct lk_tiktok_tokens *t, char *err, size_t err_size)
{
	const json_t *d = r->data;

	memset(t, 0, sizeof(*t));
	t->access_token = dup_str(d, "access_token", 4096);
	t->refresh_token = dup_str(d, "refresh_token", 4096);
	if (!t->access_token || !t->refresh_token || !get_time_s(d, "access_token_expire_in", &t->access_expire_s) ||
	    !get_time_s(d, "refresh_token_expire_in", &t->refresh_expire_s)) {
		lk_tiktok_tokens_free(t);
		tt_err(err, err_size, "the token answer lacks a token or its expiry");
		return false;
	}
	t->seller_name = dup_str(d, "seller_name", 256);
	t->region = dup_str(d, "seller_base_region", 16);
	json_t *scopes = json_object_get(d, "granted_scopes");
	if (json_is_array(scopes)) {
		struct dstr s = {0};
		size_t i;
		json_t *v;
		json_array_foreach(scopes, i, v)
		{
			if (!json_is_string(v))
				continue;
			if (s.len)
				dstr_cat(&s, ", ");
			dstr_cat(&s, json_string_value(v));
		}
		t->scopes = s.array ? s.array : bstrdup("");
	}
	return true;
}

void lk_tiktok_shop_free(struct lk_tiktok_shop *shop)
{
	bfree(shop->cipher);
	bfree(shop->name);
	bfree(shop->region);
	memset(shop, 0, sizeof(*shop));
}

bool lk_tiktok_decode_shop(const struct lk_tiktok_reply *r, const char *want, struct lk_tiktok_shop *shop, char *err,
			   size_t err_size)
{
	json_t *shops = json_object_get(r->data, "shops");
	size_t i, n = json_array_size(shops);
	json_t *v, *pick = NULL;
	struct dstr names = {0};

	memset(shop, 0, sizeof(*shop));
	if (!json_is_array(shops) || !n) {
		tt_err(err, err_size, "this authorization has no shop");
		return false;
	}
	json_array_foreach(shops, i, v)
	{
		const char *cipher = get_str(v, "cipher", TT_MAX_ID * 4);
		if (!cipher)
			continue;
		if ((want && strcmp(cipher, want) == 0) || (!want && n == 1))
			pick = v;
		if (names.len)
			dstr_cat(&names, "; ");
		dstr_catf(&names, "%s (%s): %s", get_str(v, "name", 256) ? get_str(v, "name", 256) : "?",
			  get_str(v, "region", 16) ? get_str(v, "region", 16) : "?", cipher);
	}
	if (!pick) {
		tt_err(err, err_size, "%s; set \"shop_cipher\" to one of: %s",
		       want ? "the chosen shop_cipher is not among the authorized shops"
			    : "several shops are authorized",
		       names.array ? names.array : "(none readable)");
		dstr_free(&names);
		return false;
	}
	dstr_free(&names);
	shop->cipher = dup_str(pick, "cipher", TT_MAX_ID * 4);
	shop->name = dup_str(pick, "name", 256);
	shop->region = dup_str(pick, "region", 16);
	return true;
}

/* ---- products -------------------------------------------------------------- */

/* Sum of quantity over a SKU's warehouses; -1 when none is readable. */
static int64_t sku_stock(const json_t *sku)
{
	json_t *inv = json_object_get(sku, "inventory");
	int64_t sum = -1, q;
	size_t i;
	json_t *w;

	json_array_foreach(inv, i, w)
	{
		if (get_int(w, "quantity", &q) && q >= 0) /* summed without overflow */
			sum = (sum < 0 ? 0 : sum) + (q < TT_MAX_STOCK ? q : TT_MAX_STOCK);
	}
	return sum < TT_MAX_STOCK ? sum : TT_MAX_STOCK;
}

static struct lk_product *product_from(const json_t *node)
{
	const char *id = get_str(node, "id", TT_MAX_ID);
	const char *status = json_string_value(json_object_get(node, "status"));
	json_t *skus = json_object_get(node, "skus");
	json_t *first = json_array_get(skus, 0);
	json_t *price = json_object_get(first, "price");
	const char *currency = json_string_value(json_object_get(price, "currency"));
	int64_t minor = 0;

	if (!id || (status && strcmp(status, "ACTIVATE") != 0) || !first || !currency_ok(currency) ||
	    !lk_tiktok_money_parse(json_string_value(json_object_get(price, "sale_price")), currency, &minor))
		return NULL;
	struct lk_product *p = lk_product_new(id);
	lk_product_set_currency(p, currency);
	p->price = minor;
	json_t *list = json_object_get(first, "list_price");
	int64_t was = 0;
	if (lk_tiktok_money_parse(json_string_value(json_object_get(list, "amount")), currency, &was) && was > minor)
		p->original_price = was;
	const char *title = json_string_value(json_object_get(node, "title"));
	if (title && *title)
		set_title(p, title);
	lk_product_set_str(&p->sku, get_str(first, "seller_sku", 256));
	json_t *img = json_object_get(json_array_get(json_object_get(node, "main_images"), 0), "urls");
	const char *url = json_string_value(json_array_get(img, 0));
	if (url_ok(url))
		lk_product_set_str(&p->image, url);
	size_t i;
	json_t *sku;
	int64_t stock = LK_STOCK_UNKNOWN;
	json_array_foreach(skus, i, sku)
	{
		int64_t s = sku_stock(sku);
		if (s >= 0)
			stock = (stock < 0 ? 0 : stock) + s;
	}
	p->stock = stock < TT_MAX_STOCK ? stock : TT_MAX_STOCK;
	return p;
}

bool lk_tiktok_decode_products(const struct lk_tiktok_reply *r, struct lk_tiktok_page *page, char *err, size_t err_size)
{
	json_t *products = json_object_get(r->data, "products");
	json_t *token = json_object_get(r->data, "next_page_token");
	size_t i;
	json_t *node;

	memset(page, 0, sizeof(*page));
	if (!r->data || (products && !json_is_array(products)) ||
	    (token && !json_is_string(token) && !json_is_null(token))) {
		tt_err(err, err_size, "a product page of the wrong shape");
		return false;
	}
	page->products = bzalloc(json_array_size(products) * sizeof(*page->products) + 1);
	json_array_foreach(products, i, node)
	{
		struct lk_product *p = product_from(node);
		if (p)
			page->products[page->num_products++] = p;
		else
			page->skipped++;
	}
	const char *t = get_str(r->data, "next_page_token", 4096);
	page->next_page_token = t ? bstrdup(t) : NULL;
	return true;
}

void lk_tiktok_page_free(struct lk_tiktok_page *page)
{
	for (size_t i = 0; i < page->num_products; i++)
		lk_product_release(page->products[i]);
	bfree(page->products);
	bfree(page->next_page_token);
	memset(page, 0, sizeof(*page));
}

/* ---- orders ---------------------------------------------------------------- */

/* A name is masked when it holds '*' (e.g. "J***", "(+1)213-***-1234"). */
static void buyer_name(const json_t *order, char *out, size_t size)
{
	json_t *addr = json_object_get(order, "recipient_address");
	const char *first = json_string_value(json_object_get(addr, "first_name"));
	const char *name = json_string_value(json_object_get(addr, "name"));
	struct dstr s = {0};

	if (!first || !*first)
		first = name;
	dstr_copy(&s, first ? first : "");
	lk_blank_controls(&s);
	if (s.array) {
		char *space = strchr(s.array, ' ');
		if (space && space != s.array)
			*space = '\0'; /* the first name of "Jane Doe" */
		s.len = strlen(s.array);
	}
	if (!s.array || !s.len || s.array[0] == ' ' || strchr(s.array, '*'))
		snprintf(out, size, "Someone");
	else
		snprintf(out, size, "%.*s", (int)lk_utf8_cut(s.array, s.len, size - 1), s.array);
	dstr_free(&s);
}

/* One line per unit: lines of the same product at the same price are one
 * item with their count as its quantity. */
static struct lk_order *linkon_order(const struct lk_tiktok_order *d, const json_t *items)
{
	struct lk_order *o = lk_order_new(d->id);
	const char *cur = d->currency[0] ? d->currency : NULL;
	size_t i;
	json_t *line;
	char err[LK_TIKTOK_ERR_SIZE];

	o->time_ms = d->create_time > 0 ? d->create_time * 1000 : 0;
	if (strcmp(d->buyer, "Someone") != 0)
		lk_order_set_str(&o->buyer, d->buyer);
	lk_order_set_str(&o->source, "tiktok");
	if (cur)
		lk_order_set_currency(o, cur);
	o->total = d->total;
	json_array_foreach(items, i, line)
	{
		const char *pid = get_str(line, "product_id", TT_MAX_ID);
		const char *lcur = json_string_value(json_object_get(line, "currency"));
		int64_t price = -1;
		if (!currency_ok(lcur))
			lcur = cur;
		if (!pid || !lcur || (cur && strcmp(lcur, cur) != 0) ||
		    !lk_tiktok_money_parse(json_string_value(json_object_get(line, "sale_price")), lcur, &price) ||
		    o->num_items >= LK_ORDER_MAX_ITEMS)
			continue; /* a line that cannot be counted is left out */
		bool merged = false;
		for (size_t k = 0; k < o->num_items && !merged; k++) {
			merged = strcmp(o->items[k].product_id, pid) == 0 && o->items[k].unit_price == price;
			if (merged)
				o->items[k].quantity++;
		}
		if (!merged)
			lk_order_add_item(o, pid, 1, price);
		if (!cur)
			lk_order_set_currency(o, lcur);
	}
	if (!lk_order_check(o, err, sizeof(err))) {
		lk_order_free(o);
		return NULL;
	}
	return o;
}

bool lk_tiktok_order_counts(const char *status)
{
	return status && strcmp(status, "UNPAID") != 0 && strcmp(status, "CANCELLED") != 0 &&
	       strcmp(status, "CANCEL") != 0;
}

bool lk_tiktok_decode_orders(const struct lk_tiktok_reply *r, struct lk_tiktok_orders *out, char *err, size_t err_size)
{
	json_t *list = json_object_get(r->data, "orders");
	size_t i;
	json_t *o;

	memset(out, 0, sizeof(*out));
	if (!r->data || (list && !json_is_array(list))) {
		tt_err(err, err_size, "an order page of the wrong shape");
		return false;
	}
	out->orders = bzalloc(json_array_size(list) * sizeof(*out->orders) + 1);
	json_array_foreach(list, i, o)
	{
		struct lk_tiktok_order *d = &out->orders[out->num];
		const char *id = get_str(o, "id", TT_MAX_ID);
		if (!id || !get_time_s(o, "update_time", &d->update_time)) {
			out->skipped++;
			continue;
		}
		d->id = bstrdup(id);
		d->status = dup_str(o, "status", 64);
		get_time_s(o, "create_time", &d->create_time); /* 0 = unknown */
		buyer_name(o, d->buyer, sizeof(d->buyer));
		json_t *pay = json_object_get(o, "payment");
		const char *cur = json_string_value(json_object_get(pay, "currency"));
		d->total = -1;
		if (currency_ok(cur)) {
			snprintf(d->currency, sizeof(d->currency), "%s", cur);
			if (!lk_tiktok_money_parse(json_string_value(json_object_get(pay, "total_amount")), cur,
						   &d->total))
				d->total = -1;
		}
		json_t *items = json_object_get(o, "line_items");
		d->num_items = json_array_size(items);
		d->first_product_id = dup_str(json_array_get(items, 0), "product_id", TT_MAX_ID);
		d->order = linkon_order(d, items);
		out->num++;
	}
	const char *t = get_str(r->data, "next_page_token", 4096);
	out->next_page_token = t ? bstrdup(t) : NULL;
	return true;
}

void lk_tiktok_orders_free(struct lk_tiktok_orders *out)
{
	for (size_t i = 0; i < out->num; i++) {
		bfree(out->orders[i].id);
		bfree(out->orders[i].status);
		bfree(out->orders[i].first_product_id);
		lk_order_free(out->orders[i].order);
	}
	bfree(out->orders);
	bfree(out->next_page_token);
	memset(out, 0, sizeof(*out));
}

char *lk_tiktok_orders_body(int64_t since_s)
{
	struct dstr s = {0};

	dstr_printf(&s, "{\"update_time_ge\":%lld}", (long long)since_s);
	return s.array;
}

/* ---- activities ------------------------------------------------------------ */

static bool type_shown(const char *type)
{
	return type && (strcmp(type, "FLASHSALE") == 0 || strcmp(type, "FIXED_PRICE") == 0 ||
			strcmp(type, "DIRECT_DISCOUNT") == 0);
}

bool lk_tiktok_decode_activity_ids(const struct lk_tiktok_reply *r, char ***ids, size_t *num, char **next, char *err,
				   size_t err_size)
{
	json_t *list = json_object_get(r->data, "activities");
	size_t i;
	json_t *a;

	*ids = NULL;
	*num = 0;
	*next = NULL;
	if (!r->data || (list && !json_is_array(list))) {
		tt_err(err, err_size, "an activity list of the wrong shape");
		return false;
	}
	*ids = bzalloc(json_array_size(list) * sizeof(char *) + 1);
	json_array_foreach(list, i, a)
	{
		const char *id = get_str(a, "id", TT_MAX_ID);
		const char *status = json_string_value(json_object_get(a, "status"));
		const char *type = json_string_value(json_object_get(a, "activity_type"));
		bool live = status && (strcmp(status, "ONGOING") == 0 || strcmp(status, "NOT_START") == 0 ||
				       strcmp(status, "DEACTIVATED") == 0 || strcmp(status, "EXPIRED") == 0);
		if (id && live && (!type || type_shown(type)))
			(*ids)[(*num)++] = bstrdup(id);
	}
	const char *t = get_str(r->data, "next_page_token", 4096);
	*next = t ? bstrdup(t) : NULL;
	return true;
}

/* An activity_price {amount, currency} (or activity_price_amount) of obj. */
static bool activity_price(const json_t *obj, int64_t *out)
{
	json_t *ap = json_object_get(obj, "activity_price");
	const char *cur = json_string_value(json_object_get(ap, "currency"));
	const char *amount = json_string_value(json_object_get(ap, "amount"));

	if (!amount)
		amount = json_string_value(json_object_get(obj, "activity_price_amount"));
	return amount && lk_tiktok_money_parse(amount, currency_ok(cur) ? cur : "USD", out) && *out > 0;
}

bool lk_tiktok_activity_sales(const struct lk_tiktok_reply *r, lk_tiktok_price_fn price_of, void *data, int64_t stop_ms,
			      struct lk_sale ***sales, size_t *num, char *err, size_t err_size)
{
	const json_t *d = r->data;
	const char *id = get_str(d, "activity_id", TT_MAX_ID);
	const char *type = json_string_value(json_object_get(d, "activity_type"));
	const char *status = json_string_value(json_object_get(d, "status"));
	json_t *products = json_object_get(d, "products");
	int64_t begin = 0, end = 0;

	if (!id)
		id = get_str(d, "id", TT_MAX_ID);
	/* times in Unix seconds, before the year 3000 (ms must not overflow) */
	if (!id || !get_int(d, "begin_time", &begin) || !get_int(d, "end_time", &end) || begin < 0 || end <= begin ||
	    end > TT_MAX_TIME_S || (products && !json_is_array(products))) {
		tt_err(err, err_size, "an activity without id, times or products");
		return false;
	}
	if (!type_shown(type) || (status && (strcmp(status, "DRAFT") == 0 || strcmp(status, "NOT_EFFECTIVE") == 0)))
		return true;
	bool percent = strcmp(type, "DIRECT_DISCOUNT") == 0;
	size_t i;
	json_t *p;
	json_array_foreach(products, i, p)
	{
		const char *pid = get_str(p, "id", TT_MAX_ID);
		int64_t price = 0, limit = -1, discount = 0;
		if (!pid || i >= TT_MAX_ACTIVITY_PRODUCTS)
			continue;
		if (percent) {
			int64_t base = price_of ? price_of(data, pid) : 0;
			const char *ds = json_string_value(json_object_get(p, "discount"));
			if (!get_int(p, "discount", &discount) && ds)
				discount = strtoll(ds, NULL, 10);
			if (base <= 0 || discount <= 0 || discount >= 100)
				continue;
			price = (base * (100 - discount) + 50) / 100;
		} else if (!activity_price(p, &price) &&
			   !activity_price(json_array_get(json_object_get(p, "skus"), 0), &price)) {
			continue;
		}
		struct dstr sid = {0};
		dstr_printf(&sid, LK_TIKTOK_SALE_PREFIX "%s:%s", id, pid);
		struct lk_sale *s = lk_sale_new(sid.array, pid);
		dstr_free(&sid);
		s->sale_price = price;
		s->start_ms = begin * 1000;
		s->end_ms = end * 1000;
		if (get_int(p, "quantity_limit", &limit) && limit > 0) {
			s->stock_limit = limit;
			s->stock_left = limit;
		}
		if (status && strcmp(status, "DEACTIVATED") == 0) {
			s->stopped = true;
			s->stop_ms = stop_ms < s->end_ms ? stop_ms : s->end_ms;
		}
		*sales = brealloc(*sales, (*num + 1) * sizeof(**sales));
		(*sales)[(*num)++] = s;
	}
	return true;
}

static bool sea_region(const char *region)
{
	static const char *const sea[] = {"SG", "TH", "ID", "MY", "PH", "VN"};

	for (size_t i = 0; region && i < sizeof(sea) / sizeof(sea[0]); i++) {
		if (strcmp(region, sea[i]) == 0)
			return true;
	}
	return false;
}

char *lk_tiktok_activity_create_body(const struct lk_sale *sale, const char *title, const char *region)
{
	json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:s}", "title", title ? title : "Linkon flash sale",
			      "activity_type", sea_region(region) ? "FLASHSALE" : "FIXED_PRICE", "begin_time",
			      (json_int_t)(sale->start_ms / 1000), "end_time",
			      (json_int_t)((sale->end_ms + 999) / 1000), "product_level", "PRODUCT");
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	char *out = text ? bstrdup(text) : NULL;
	free(text);
	json_decref(j);
	return out;
}

char *lk_tiktok_activity_products_body(const char *activity_id, const struct lk_sale *sale, const char *currency)
{
	struct dstr price = {0};
	json_int_t limit = sale->stock_limit > 0 ? (json_int_t)sale->stock_limit : -1;

	lk_tiktok_money_format(&price, sale->sale_price, currency);
	json_t *j = json_pack("{s:s, s:[{s:s, s:s, s:I, s:I}]}", "activity_id", activity_id, "products", "id",
			      sale->product_id, "activity_price_amount", price.array, "quantity_limit", limit,
			      "quantity_per_user", (json_int_t)-1);
	dstr_free(&price);
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	char *out = text ? bstrdup(text) : NULL;
	free(text);
	json_decref(j);
	return out;
}

/* ---- activities Linkon creates, and their journal ------------------------- */

void lk_tiktok_deal_free(struct lk_tiktok_deal *d)
{
	bfree(d->sale_id);
	bfree(d->product_id);
	bfree(d->title);
	bfree(d->activity_id);
	memset(d, 0, sizeof(*d));
}

char *lk_tiktok_deals_to_text(const struct lk_tiktok_deal *deals, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++) {
		const struct lk_tiktok_deal *d = &deals[i];
		json_t *e = json_pack("{s:s, s:s, s:s, s:I}", "sale_id", d->sale_id, "product_id", d->product_id,
				      "title", d->title, "price", (json_int_t)d->price);
		if (e && d->activity_id)
			json_object_set_new(e, "activity_id", json_string(d->activity_id));
		if (e)
			json_array_append_new(list, e);
	}
	json_t *j = json_pack("{s:i, s:o}", "version", 1, "activities", list);
	char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	char *out = text ? bstrdup(text) : NULL;
	free(text);
	json_decref(j);
	return out;
}

bool lk_tiktok_deals_parse(const char *text, struct lk_tiktok_deal **deals, size_t *n, char *err, size_t err_size)
{
	json_t *j = json_loads(text ? text : "", 0, NULL);
	json_t *list = json_object_get(j, "activities");
	size_t i;
	json_t *e;

	*deals = NULL;
	*n = 0;
	if (!json_is_array(list) || json_array_size(list) > 10000) {
		tt_err(err, err_size, "not a journal of activities");
		json_decref(j);
		return false;
	}
	*deals = bzalloc(json_array_size(list) * sizeof(**deals) + 1);
	json_array_foreach(list, i, e)
	{
		const char *sale = get_str(e, "sale_id", TT_MAX_ID);
		const char *product = get_str(e, "product_id", TT_MAX_ID);
		const char *title = get_str(e, "title", TT_MAX_TITLE);
		const char *act = get_str(e, "activity_id", TT_MAX_ID);
		json_t *price = json_object_get(e, "price");
		if (!sale || !product || !title)
			continue;
		struct lk_tiktok_deal *d = &(*deals)[(*n)++];
		d->sale_id = bstrdup(sale);
		d->product_id = bstrdup(product);
		d->title = bstrdup(title);
		d->activity_id = act ? bstrdup(act) : NULL;
		d->price = json_is_integer(price) && json_integer_value(price) > 0 ? json_integer_value(price) : 0;
		d->unknown = !act;
	}
	json_decref(j);
	return true;
}

char *lk_tiktok_activity_find_body(const char *title)
{
	json_t *j = json_pack("{s:s, s:i}", "activity_title", title, "page_size", 50);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *out = text ? bstrdup(text) : NULL;
	free(text);
	json_decref(j);
	return out;
}

bool lk_tiktok_activity_find(const struct lk_tiktok_reply *r, const char *title, char **id, bool *over)
{
	json_t *list = json_object_get(r->data, "activities");
	size_t i;
	json_t *a;

	*id = NULL;
	*over = false;
	json_array_foreach(list, i, a)
	{
		const char *t = json_string_value(json_object_get(a, "title"));
		const char *aid = get_str(a, "id", TT_MAX_ID);
		const char *status = json_string_value(json_object_get(a, "status"));
		if (!t || !aid || strcmp(t, title) != 0)
			continue;
		*id = bstrdup(aid);
		*over = status && (strcmp(status, "DEACTIVATED") == 0 || strcmp(status, "EXPIRED") == 0);
		return true;
	}
	return false;
}

bool lk_tiktok_auth_link(const char *pasted, struct dstr *out)
{
	dstr_free(out);
	if (!pasted)
		return false;
	while (*pasted == ' ' || *pasted == '\t')
		pasted++;
	size_t n = strlen(pasted);
	while (n && (pasted[n - 1] == ' ' || pasted[n - 1] == '\t' || pasted[n - 1] == '\n' || pasted[n - 1] == '\r'))
		n--;
	if (n > 8 && strncmp(pasted, "https://", 8) == 0) {
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)pasted[i];
			if (c <= ' ' || c == 0x7f)
				return false; /* no spaces or controls inside a link */
		}
		dstr_ncopy(out, pasted, n);
		return true;
	}
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = pasted[i];
		bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
			  c == '-';
		if (!ok)
			return false;
	}
	dstr_copy(out, "https://services.tiktokshop.com/open/authorize?service_id=");
	dstr_ncat(out, pasted, n);
	return true;
}
