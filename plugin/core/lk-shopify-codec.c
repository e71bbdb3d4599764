/*
 * Linkon — Shopify codec: money, the response envelope, throttling and
 * request bodies (see lk-shopify-codec.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-shopify-codec.h"
#include "lk-shopify-codec-priv.h"
#include "lk-money.h"
#include "lk-msg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

/* ---- money --------------------------------------------------------------- */

static bool mul_add(int64_t *v, int64_t mul, int64_t add)
{
	if (*v > (LK_SHOPIFY_MAX_MONEY - add) / mul)
		return false;
	*v = *v * mul + add;
	return true;
}

bool lk_shopify_money_parse(const char *s, const char *currency, int64_t *out)
{
	int dec = lk_money_decimals(currency);
	int64_t v = 0;
	int int_digits = 0, frac_digits = 0;
	bool dot = false;

	if (!s)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '.' && !dot) {
			dot = true;
			continue;
		}
		if (*p < '0' || *p > '9')
			return false;
		int d = *p - '0';
		if (dot && frac_digits >= dec) {
			/* past the currency's minor unit: only zeros are exact */
			if (d != 0)
				return false;
			frac_digits++;
			continue;
		}
		if (!mul_add(&v, 10, d))
			return false;
		if (dot)
			frac_digits++;
		else
			int_digits++;
	}
	if (!int_digits || (dot && !frac_digits))
		return false;
	for (int i = frac_digits; i < dec; i++) {
		if (!mul_add(&v, 10, 0))
			return false;
	}
	*out = v;
	return true;
}

const char *lk_shopify_money_format(struct dstr *out, int64_t minor, const char *currency)
{
	int dec = lk_money_decimals(currency);
	int64_t scale = 1;

	for (int i = 0; i < dec; i++)
		scale *= 10;
	if (minor < 0)
		minor = 0;
	if (dec <= 0)
		dstr_printf(out, "%lld", (long long)minor);
	else
		dstr_printf(out, "%lld.%0*lld", (long long)(minor / scale), dec, (long long)(minor % scale));
	return out->array;
}

/* ---- the envelope -------------------------------------------------------- */

static double num(const json_t *obj, const char *key, double def)
{
	json_t *v = json_object_get(obj, key);
	return json_is_number(v) ? json_number_value(v) : def;
}

static void read_throttle(const json_t *root, struct lk_shopify_throttle *t)
{
	json_t *cost = json_object_get(json_object_get(root, "extensions"), "cost");
	json_t *ts = json_object_get(cost, "throttleStatus");

	memset(t, 0, sizeof(*t));
	t->requested_cost = num(cost, "requestedQueryCost", 0);
	if (!(t->requested_cost >= 0 && t->requested_cost < 1e9))
		t->requested_cost = 0;
	if (!json_is_object(ts))
		return;
	t->maximum = num(ts, "maximumAvailable", -1);
	t->available = num(ts, "currentlyAvailable", -1);
	t->restore_rate = num(ts, "restoreRate", -1);
	t->known =
		t->maximum > 0 && t->maximum < 1e9 && t->available >= 0 && t->restore_rate > 0 && t->restore_rate < 1e9;
	if (t->known && t->available > t->maximum)
		t->available = t->maximum;
}

static bool error_has_code(const json_t *e, const char *code)
{
	const char *c = json_string_value(json_object_get(json_object_get(e, "extensions"), "code"));
	return c && strcmp(c, code) == 0;
}

/* Looks through errors[] for throttling and access denial; the first
 * message goes into r->message. Returns the kind the errors decide. */
static enum lk_shopify_kind classify_errors(const json_t *errors, const char *secret, struct lk_shopify_reply *r)
{
	if (json_is_string(errors)) {
		lk_redact_quote(r->message, sizeof(r->message),
				"the shop refused the query: ", json_string_value(errors), secret);
		return LK_SHOPIFY_REFUSED;
	}
	size_t i;
	json_t *e;
	const char *first = NULL;
	json_array_foreach(errors, i, e)
	{
		const char *msg = json_string_value(json_object_get(e, "message"));
		if (error_has_code(e, "THROTTLED") || (msg && strcmp(msg, "Throttled") == 0)) {
			snprintf(r->message, sizeof(r->message), "the shop's API rate limit was reached (throttled)");
			r->reason = LK_MSG_SHOPIFY_THROTTLED;
			return LK_SHOPIFY_THROTTLED;
		}
		if (error_has_code(e, "ACCESS_DENIED")) {
			lk_redact_quote(r->message, sizeof(r->message), "access denied: ", msg, secret);
			r->reason = LK_MSG_SHOPIFY_SCOPE;
			return LK_SHOPIFY_AUTH;
		}
		if (!first)
			first = msg;
	}
	lk_redact_quote(r->message, sizeof(r->message), "the shop refused the query: ", first ? first : "(no reason)",
			secret);
	return LK_SHOPIFY_REFUSED;
}

static bool classify_status(long status, struct lk_shopify_reply *r)
{
	if (status == 401 || status == 403) {
		r->kind = LK_SHOPIFY_AUTH;
		snprintf(r->message, sizeof(r->message), "%s (HTTP %ld)",
			 status == 401 ? "the shop refused the access token" : "the access token lacks a needed scope",
			 status);
		r->reason = status == 401 ? LK_MSG_SHOPIFY_TOKEN_REFUSED : LK_MSG_SHOPIFY_SCOPE;
	} else if (status == 429) {
		r->kind = LK_SHOPIFY_THROTTLED;
		snprintf(r->message, sizeof(r->message), "the shop's API rate limit was reached (HTTP 429)");
		r->reason = LK_MSG_SHOPIFY_THROTTLED;
	} else if (status >= 500 || status == 408) {
		r->kind = LK_SHOPIFY_UNAVAILABLE;
		snprintf(r->message, sizeof(r->message), "the shop is unavailable (HTTP %ld)", status);
		r->reason = LK_MSG_SHOPIFY_UNAVAILABLE;
	} else if (status != 0 && (status < 200 || status >= 300)) {
		r->kind = LK_SHOPIFY_REFUSED;
		snprintf(r->message, sizeof(r->message),
			 "the shop answered HTTP %ld (check the shop name and API version)", status);
	} else {
		return false;
	}
	return true;
}

void lk_shopify_reply_parse(long http_status, const char *body, size_t len, const char *secret,
			    struct lk_shopify_reply *r)
{
	json_error_t jerr;

	memset(r, 0, sizeof(*r));
	r->root = body && len ? json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (r->root && !json_is_object(r->root)) {
		json_decref(r->root);
		r->root = NULL;
	}
	if (r->root)
		read_throttle(r->root, &r->throttle);
	if (classify_status(http_status, r))
		return;
	if (!r->root) {
		r->kind = LK_SHOPIFY_MALFORMED;
		/* jansson's text may quote the input: give the position only */
		snprintf(r->message, sizeof(r->message), "the shop's answer is not valid JSON (near byte %d)",
			 body && len ? jerr.position : 0);
		return;
	}
	json_t *data = json_object_get(r->root, "data");
	r->data = json_is_object(data) ? data : NULL;
	json_t *errors = json_object_get(r->root, "errors");
	if (errors && !json_is_null(errors) && (json_is_string(errors) || json_array_size(errors) > 0)) {
		r->kind = classify_errors(errors, secret, r);
	} else if (!r->data) {
		r->kind = LK_SHOPIFY_MALFORMED;
		snprintf(r->message, sizeof(r->message), "the shop's answer has no data");
	}
}

void lk_shopify_reply_free(struct lk_shopify_reply *r)
{
	json_decref(r->root);
	r->root = NULL;
	r->data = NULL;
}

const char *lk_shopify_kind_name(enum lk_shopify_kind kind)
{
	switch (kind) {
	case LK_SHOPIFY_OK:
		return "ok";
	case LK_SHOPIFY_THROTTLED:
		return "throttled";
	case LK_SHOPIFY_AUTH:
		return "auth";
	case LK_SHOPIFY_UNAVAILABLE:
		return "unavailable";
	case LK_SHOPIFY_REFUSED:
		return "refused";
	case LK_SHOPIFY_MALFORMED:
		return "malformed";
	}
	return "unknown";
}

int64_t lk_shopify_throttle_wait_ms(const struct lk_shopify_throttle *t, double cost)
{
	if (!t || !t->known)
		return 0;
	if (cost > t->maximum)
		cost = t->maximum;
	if (t->available >= cost)
		return 0;
	double ms = ceil((cost - t->available) * 1000.0 / t->restore_rate);
	return ms > 3600000.0 ? 3600000 : (int64_t)ms;
}

/* ---- request bodies ------------------------------------------------------ */

static const char CATALOG_QUERY[] =
	"query LinkonCatalog($first: Int!, $after: String) { shop { currencyCode } "
	"products(first: $first, after: $after, query: \"status:active\") { "
	"pageInfo { hasNextPage endCursor } "
	"nodes { id title totalInventory tracksInventory onlineStoreUrl featuredImage { url } "
	"variants(first: 1) { nodes { id sku price compareAtPrice } } } } }";

static const char VARIANTS_QUERY[] = "query LinkonVariants($id: ID!) { product(id: $id) { id "
				     "variants(first: 100) { nodes { id price compareAtPrice } } } }";

static const char BULK_UPDATE[] =
	"mutation LinkonSalePrice($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { "
	"productVariantsBulkUpdate(productId: $productId, variants: $variants) { "
	"productVariants { id price compareAtPrice } userErrors { field message } } }";

/* Takes body (a new reference) and returns it as a bmalloc'd string. */
static char *dump_body(json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	char *out = text ? bstrdup(text) : NULL;
	free(text);
	json_decref(body);
	return out;
}

char *lk_shopify_catalog_body(int first, const char *after)
{
	if (first < 1)
		first = 1;
	if (first > 250)
		first = 250;
	return dump_body(
		json_pack("{s:s, s:{s:i, s:s?}}", "query", CATALOG_QUERY, "variables", "first", first, "after", after));
}

char *lk_shopify_variants_body(const char *product_id)
{
	return dump_body(
		json_pack("{s:s, s:{s:s}}", "query", VARIANTS_QUERY, "variables", "id", product_id ? product_id : ""));
}

char *lk_shopify_bulk_update_body(const struct lk_shopify_write *w)
{
	json_t *vars = json_array();

	for (size_t i = 0; i < w->variants.num; i++) {
		const struct lk_shopify_vprice *v = &w->variants.array[i];
		json_array_append_new(vars, json_pack("{s:s, s:s, s:s?}", "id", v->id, "price", v->price,
						      "compareAtPrice", v->compare_at));
	}
	return dump_body(json_pack("{s:s, s:{s:s, s:o}}", "query", BULK_UPDATE, "variables", "productId",
				   w->product_id ? w->product_id : "", "variants", vars));
}
