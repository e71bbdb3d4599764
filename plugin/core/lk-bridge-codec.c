/*
 * Linkon — bridge protocol v1 codec: products, catalog pages, sales, live
 * state, errors and action bodies. SSE event data: lk-bridge-codec-events.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-bridge-codec-priv.h"
#include "lk-redact.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <util/bmem.h>

/* ---- strings from the platform ------------------------------------------ */

/* A display string: control characters become spaces, cut at max bytes on
 * a UTF-8 character boundary (jansson strings are valid UTF-8). */
static char *clean_text(const char *s, size_t n, size_t max)
{
	n = lk_utf8_cut(s, n, max);
	char *out = bmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		out[i] = (c < 0x20 || c == 0x7F) ? ' ' : (char)c;
	}
	out[n] = '\0';
	return out;
}

/* An http(s) URL without spaces or control characters, else NULL (dropped
 * quietly: a feed must not point the overlay at local files). */
static char *clean_url(const json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = s ? json_string_length(v) : 0;

	if (!s || n > LK_BRIDGE_MAX_URL)
		return NULL;
	if (!(n > 7 && strncasecmp(s, "http://", 7) == 0) && !(n > 8 && strncasecmp(s, "https://", 8) == 0))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F)
			return NULL;
	}
	return bstrdup(s);
}

bool lk_bridge_get_text(const json_t *obj, const char *key, size_t max, char **out, const char *where, char *err,
			size_t err_size)
{
	json_t *v = json_object_get(obj, key);

	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		lk_bridge_err(err, err_size, "%s%s%s: must be a string", where, *where ? "." : "", key);
		return false;
	}
	*out = clean_text(json_string_value(v), json_string_length(v), max);
	return true;
}

static bool get_text(const json_t *obj, const char *key, char **out, const char *where, char *err, size_t err_size)
{
	return lk_bridge_get_text(obj, key, LK_BRIDGE_MAX_TITLE, out, where, err, err_size);
}

/* ---- products and pages ---------------------------------------------------- */

static bool product_numbers(const json_t *obj, struct lk_product *p, const char *where, char *err, size_t err_size)
{
	int64_t stock;

	if (!json_object_get(obj, "price")) {
		lk_bridge_err(err, err_size, "%s%sprice: required", where, *where ? "." : "");
		return false;
	}
	if (!lk_bridge_get_int(obj, "price", 0, LK_BRIDGE_MAX_MONEY, 0, &p->price, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "originalPrice", 0, LK_BRIDGE_MAX_MONEY, 0, &p->original_price, where, err,
			       err_size) ||
	    !lk_bridge_get_int(obj, "stock", 0, LK_BRIDGE_MAX_COUNT, LK_STOCK_UNKNOWN, &stock, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "stockTotal", 0, LK_BRIDGE_MAX_COUNT, 0, &p->stock_total, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "sold", 0, LK_BRIDGE_MAX_COUNT, 0, &p->sold, where, err, err_size))
		return false;
	p->stock = stock;
	return true;
}

static struct lk_product *product_at(const json_t *obj, const char *where, char *err, size_t err_size)
{
	char id[LK_BRIDGE_MAX_ID + 1], sku[LK_BRIDGE_MAX_ID + 1], currency[4];

	if (!json_is_object(obj)) {
		lk_bridge_err(err, err_size, "%s: must be an object", *where ? where : "product");
		return NULL;
	}
	if (!lk_bridge_get_id(obj, "id", true, id, where, err, err_size) ||
	    !lk_bridge_get_id(obj, "sku", false, sku, where, err, err_size) ||
	    !lk_bridge_get_currency(obj, "currency", true, currency, where, err, err_size))
		return NULL;

	struct lk_product *p = lk_product_new(id);
	lk_product_set_currency(p, currency);
	if (sku[0])
		p->sku = bstrdup(sku);
	p->image = clean_url(json_object_get(obj, "image"));
	p->buy_url = clean_url(json_object_get(obj, "buyUrl"));
	if (!get_text(obj, "title", &p->title, where, err, err_size) ||
	    !product_numbers(obj, p, where, err, err_size)) {
		lk_product_release(p);
		return NULL;
	}
	return p;
}

struct lk_product *lk_bridge_product_from_json(const json_t *obj, char *err, size_t err_size)
{
	return product_at(obj, "", err, err_size);
}

json_t *lk_bridge_product_to_json(const struct lk_product *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(p->id));
	if (p->sku)
		json_object_set_new(o, "sku", json_string(p->sku));
	if (p->title)
		json_object_set_new(o, "title", json_string(p->title));
	if (p->image)
		json_object_set_new(o, "image", json_string(p->image));
	if (p->buy_url)
		json_object_set_new(o, "buyUrl", json_string(p->buy_url));
	json_object_set_new(o, "price", json_integer(p->price));
	if (p->original_price)
		json_object_set_new(o, "originalPrice", json_integer(p->original_price));
	json_object_set_new(o, "currency", json_string(p->currency));
	json_object_set_new(o, "stock", p->stock < 0 ? json_null() : json_integer(p->stock));
	if (p->stock_total)
		json_object_set_new(o, "stockTotal", json_integer(p->stock_total));
	json_object_set_new(o, "sold", json_integer(p->sold));
	return o;
}

void lk_bridge_page_free(struct lk_bridge_page *page)
{
	if (!page)
		return;
	for (size_t i = 0; i < page->num_products; i++)
		lk_product_release(page->products[i]);
	bfree(page->products);
	bfree(page->next_cursor);
	memset(page, 0, sizeof(*page));
}

/* A product that does not decode (or repeats an id) is skipped and
 * counted, the first reason kept: one bad product must not keep the whole
 * catalog out. */
static void skip_product(struct lk_bridge_page *out, const char *why)
{
	if (!out->num_skipped++)
		snprintf(out->skipped_why, sizeof(out->skipped_why), "%s", why);
}

static bool page_products(const json_t *arr, struct lk_bridge_page *out, char *err, size_t err_size)
{
	char where[32], why[LK_BRIDGE_ERR_SIZE];

	if (!json_is_array(arr) || json_array_size(arr) > LK_BRIDGE_MAX_PAGE) {
		lk_bridge_err(err, err_size, "products: required, an array of at most %d products", LK_BRIDGE_MAX_PAGE);
		return false;
	}
	out->products = bzalloc((json_array_size(arr) + 1) * sizeof(struct lk_product *));
	for (size_t i = 0; i < json_array_size(arr); i++) {
		snprintf(where, sizeof(where), "products[%zu]", i);
		struct lk_product *p = product_at(json_array_get(arr, i), where, why, sizeof(why));
		if (!p) {
			skip_product(out, why);
			continue;
		}
		bool twice = false;
		for (size_t j = 0; j < out->num_products && !twice; j++)
			twice = strcmp(out->products[j]->id, p->id) == 0;
		if (twice) {
			lk_bridge_err(why, sizeof(why), "%s.id: the same id as an earlier product", where);
			skip_product(out, why);
			lk_product_release(p);
			continue;
		}
		out->products[out->num_products++] = p;
	}
	return true;
}

bool lk_bridge_decode_page(const char *json, size_t len, struct lk_bridge_page *page, char *err, size_t err_size)
{
	struct lk_bridge_page out = {0};
	char cursor[LK_BRIDGE_MAX_ID + 1];
	json_t *root = lk_bridge_parse_object(json, len, err, err_size);
	bool ok = root && page_products(json_object_get(root, "products"), &out, err, err_size) &&
		  lk_bridge_get_id(root, "nextCursor", false, cursor, "", err, err_size);

	json_decref(root);
	if (!ok) {
		lk_bridge_page_free(&out);
		return false;
	}
	out.next_cursor = cursor[0] ? bstrdup(cursor) : NULL;
	*page = out;
	return true;
}

/* ---- sales ------------------------------------------------------------------ */

static bool sale_state(const json_t *obj, enum lk_bridge_sale_state *state, const char *where, char *err,
		       size_t err_size)
{
	const char *s = json_string_value(json_object_get(obj, "state"));

	if (s && strcmp(s, "scheduled") == 0)
		*state = LK_BRIDGE_SALE_SCHEDULED;
	else if (s && strcmp(s, "live") == 0)
		*state = LK_BRIDGE_SALE_LIVE;
	else if (s && strcmp(s, "ended") == 0)
		*state = LK_BRIDGE_SALE_ENDED;
	else {
		lk_bridge_err(err, err_size, "%s%sstate: must be \"scheduled\", \"live\" or \"ended\"", where,
			      *where ? "." : "");
		return false;
	}
	return true;
}

static bool sale_at(const json_t *obj, struct lk_bridge_sale *sale, const char *where, char *err, size_t err_size)
{
	struct lk_bridge_sale s = {0};
	const int64_t max_time = (int64_t)1 << 50; /* ms: about year 37,000 */

	if (!json_is_object(obj)) {
		lk_bridge_err(err, err_size, "%s: must be an object", *where ? where : "sale");
		return false;
	}
	if (!lk_bridge_get_id(obj, "id", true, s.id, where, err, err_size) ||
	    !lk_bridge_get_id(obj, "productId", true, s.product_id, where, err, err_size) ||
	    !sale_state(obj, &s.state, where, err, err_size) ||
	    !lk_bridge_get_currency(obj, "currency", false, s.currency, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "price", 0, LK_BRIDGE_MAX_MONEY, -1, &s.price, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "startsAt", 0, max_time, 0, &s.starts_at, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "endsAt", 0, max_time, 0, &s.ends_at, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "prerollMs", 0, LK_SALE_PREROLL_MAX_MS, 0, &s.preroll_ms, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "stock", 0, LK_BRIDGE_MAX_COUNT, LK_STOCK_UNKNOWN, &s.stock, where, err,
			       err_size) ||
	    !lk_bridge_get_int(obj, "sold", 0, LK_BRIDGE_MAX_COUNT, 0, &s.sold, where, err, err_size))
		return false;
	if (!s.ends_at || s.ends_at < s.starts_at) {
		lk_bridge_err(err, err_size, "%s%sendsAt: required, not before startsAt", where, *where ? "." : "");
		return false;
	}
	*sale = s;
	return true;
}

bool lk_bridge_sale_from_json(const json_t *obj, struct lk_bridge_sale *sale, char *err, size_t err_size)
{
	return sale_at(obj, sale, "", err, err_size);
}

struct lk_sale *lk_bridge_sale_to_store(const struct lk_bridge_sale *b, int64_t product_price, int64_t at_ms)
{
	struct lk_sale *s = lk_sale_new(b->id, b->product_id);
	int64_t when = at_ms > b->starts_at ? at_ms : b->starts_at;

	s->sale_price = b->price >= 0 ? b->price : product_price;
	s->start_ms = b->starts_at;
	s->end_ms = b->ends_at;
	s->preroll_ms = b->preroll_ms;
	if (b->stock != LK_STOCK_UNKNOWN) {
		s->stock_limit = b->stock + b->sold;
		s->stock_left = b->stock;
	}
	/* ended early: by its stock, else by the anchor */
	if (b->state == LK_BRIDGE_SALE_ENDED && (!at_ms || at_ms < b->ends_at)) {
		if (b->stock == 0) {
			s->sold_out = true;
			s->sold_out_ms = when;
		} else {
			s->stopped = true;
			s->stop_ms = at_ms ? when : b->starts_at;
		}
	}
	return s;
}

/* ---- live state ----------------------------------------------------------------- */

static bool state_sales(const json_t *root, struct lk_bridge_state *st, char *err, size_t err_size)
{
	json_t *arr = json_object_get(root, "sales");
	char where[32];

	if (!arr || json_is_null(arr))
		return true;
	if (!json_is_array(arr) || json_array_size(arr) > LK_BRIDGE_MAX_SALES) {
		lk_bridge_err(err, err_size, "sales: must be an array of at most %d sales", LK_BRIDGE_MAX_SALES);
		return false;
	}
	for (size_t i = 0; i < json_array_size(arr); i++) {
		snprintf(where, sizeof(where), "sales[%zu]", i);
		if (!sale_at(json_array_get(arr, i), &st->sales[st->num_sales], where, err, err_size))
			return false;
		st->num_sales++;
	}
	return true;
}

static bool state_stock(const json_t *root, struct lk_events *evs, char *err, size_t err_size)
{
	json_t *arr = json_object_get(root, "stock");
	char where[32];

	if (!arr || json_is_null(arr))
		return true;
	if (!json_is_array(arr) || json_array_size(arr) > LK_BRIDGE_MAX_CART) {
		lk_bridge_err(err, err_size, "stock: must be an array of at most %d entries", LK_BRIDGE_MAX_CART);
		return false;
	}
	for (size_t i = 0; i < json_array_size(arr); i++) {
		snprintf(where, sizeof(where), "stock[%zu]", i);
		if (!json_is_object(json_array_get(arr, i))) {
			lk_bridge_err(err, err_size, "%s: must be an object", where);
			return false;
		}
		if (!lk_bridge_stock_event(json_array_get(arr, i), "productId", evs, where, err, err_size))
			return false;
	}
	return true;
}

/* Everything but the sales and the stock list. */
static bool state_main(const json_t *root, struct lk_events *evs, struct lk_bridge_state *st, char *err,
		       size_t err_size)
{
	char pinned[LK_BRIDGE_MAX_ID + 1];
	char **cart;
	size_t num_cart;

	if (!lk_bridge_get_int(root, "serverTime", 0, (int64_t)1 << 50, 0, &st->server_time_ms, "", err, err_size) ||
	    !lk_bridge_get_id(root, "eventId", false, st->event_id, "", err, err_size) ||
	    !lk_bridge_get_id(root, "pinned", false, pinned, "", err, err_size))
		return false;
	if (!json_is_array(json_object_get(root, "cart"))) {
		lk_bridge_err(err, err_size, "cart: required, an array of product ids");
		return false;
	}
	if (!lk_bridge_get_ids(root, "cart", LK_BRIDGE_MAX_CART, &cart, &num_cart, "", err, err_size))
		return false;
	lk_events_cart(evs, (const char *const *)cart, num_cart);
	lk_bridge_free_ids(cart, num_cart);
	lk_events_pin(evs, pinned[0] ? pinned : NULL);
	return true;
}

bool lk_bridge_decode_state(const char *json, size_t len, struct lk_events *evs, struct lk_bridge_state *st, char *err,
			    size_t err_size)
{
	struct lk_bridge_state *tmp = bzalloc(sizeof(*tmp));
	struct lk_events more;
	json_t *root = lk_bridge_parse_object(json, len, err, err_size);

	lk_events_init(&more);
	/* stock first: the cart and pin that follow see the new counts */
	bool ok = root && state_stock(root, &more, err, err_size) && state_main(root, &more, tmp, err, err_size) &&
		  state_sales(root, tmp, err, err_size);
	json_decref(root);
	if (ok) {
		lk_bridge_move_events(evs, &more);
		*st = *tmp;
	}
	lk_events_free(&more);
	bfree(tmp);
	return ok;
}

/* ---- errors and actions ---------------------------------------------------------- */

bool lk_bridge_decode_error(const char *json, size_t len, const char *secret, char *code, size_t code_size,
			    char *message, size_t message_size)
{
	json_t *root = lk_bridge_parse_object(json, len, NULL, 0);
	json_t *e = json_object_get(root, "error");
	bool ok = json_is_object(e) && json_is_string(json_object_get(e, "code"));

	/* redacted whole, cut afterwards: a secret across the cut is still found */
	lk_redact_quote(code, code_size, "", ok ? json_string_value(json_object_get(e, "code")) : NULL, secret);
	lk_redact_quote(message, message_size, "", ok ? json_string_value(json_object_get(e, "message")) : NULL,
			secret);
	json_decref(root);
	return ok;
}

bool lk_bridge_decode_action_ok(const char *json, size_t len, char *err, size_t err_size)
{
	json_t *root = lk_bridge_parse_object(json, len, err, err_size);
	bool ok = root && json_is_true(json_object_get(root, "ok"));

	if (root && !ok)
		lk_bridge_err(err, err_size, "ok: must be true in a 2xx action answer");
	json_decref(root);
	return ok;
}

/* The JSON text of obj (consumed) as bmalloc'd memory. */
static char *dump(json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	char *copy = bstrdup(text ? text : "{}");

	free(text);
	json_decref(obj);
	return copy;
}

char *lk_bridge_encode_pin(const char *product_id_or_null)
{
	json_t *o = json_object();

	if (product_id_or_null && *product_id_or_null)
		json_object_set_new(o, "productId", json_string(product_id_or_null));
	return dump(o);
}

char *lk_bridge_encode_sale_start(const struct lk_bridge_sale_start *req)
{
	json_t *o = json_object();

	json_object_set_new(o, "productId", json_string(req->product_id ? req->product_id : ""));
	if (req->has_price)
		json_object_set_new(o, "price", json_integer(req->price));
	json_object_set_new(o, "durationMs", json_integer(req->duration_ms));
	if (req->stock > 0)
		json_object_set_new(o, "stock", json_integer(req->stock));
	if (req->preroll_ms > 0)
		json_object_set_new(o, "prerollMs", json_integer(req->preroll_ms));
	return dump(o);
}

char *lk_bridge_encode_sale_stop(const char *sale_id_or_null)
{
	json_t *o = json_object();

	if (sale_id_or_null && *sale_id_or_null)
		json_object_set_new(o, "saleId", json_string(sale_id_or_null));
	return dump(o);
}
