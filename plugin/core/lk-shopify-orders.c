/*
 * Linkon — Shopify orders for the show: the query and its pages.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * What is read and why (docs/shopify.md): an order's id (counted once per
 * show), when it was created (the pin window it belongs to), its currency
 * and total (GMV), its line items' products, quantities and unit prices
 * (units per product and pin), and, only with "order_buyers": true, the
 * customer's display name (the ticker, shown per the privacy setting).
 */
#include "lk-shopify-codec-priv.h"

#include "lk-order.h"

#include <string.h>
#include <time.h>
#include <util/bmem.h>

static const char ORDERS_QUERY[] =
	"query LinkonOrders($first: Int!, $after: String, $query: String) { "
	"orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) { "
	"pageInfo { hasNextPage endCursor } "
	"nodes { id createdAt currencyCode totalPriceSet { shopMoney { amount currencyCode } } "
	"lineItems(first: 50) { nodes { quantity product { id } "
	"originalUnitPriceSet { shopMoney { amount currencyCode } } } } } } }";

static const char ORDERS_QUERY_BUYER[] = "query LinkonOrders($first: Int!, $after: String, $query: String) { "
					 "orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) { "
					 "pageInfo { hasNextPage endCursor } "
					 "nodes { id createdAt currencyCode customer { displayName } "
					 "totalPriceSet { shopMoney { amount currencyCode } } "
					 "lineItems(first: 50) { nodes { quantity product { id } "
					 "originalUnitPriceSet { shopMoney { amount currencyCode } } } } } } }";

char *lk_shopify_orders_body(int first, const char *after, int64_t since_ms, bool with_buyer)
{
	char filter[64];
	time_t secs = (time_t)((since_ms > 0 ? since_ms : 0) / 1000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(filter, sizeof(filter), "created_at:>='%Y-%m-%dT%H:%M:%SZ'", &tm);
	first = first < 1 ? 1 : first > 250 ? 250 : first;
	json_t *body = json_pack("{s:s, s:{s:i, s:s?, s:s}}", "query", with_buyer ? ORDERS_QUERY_BUYER : ORDERS_QUERY,
				 "variables", "first", first, "after", after, "query", filter);
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	char *out = text ? bstrdup(text) : NULL;
	free(text);
	json_decref(body);
	return out;
}

static bool digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool lk_shopify_time_parse(const char *s, int64_t *ms)
{
	int y, mo, d, h, mi, se, frac = 0, oh = 0, om = 0;

	if (!s || strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || s[10] != 'T' || !digits(s + 11, 2, &h) || s[13] != ':' ||
	    !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
		return false;
	const char *p = s + 19;
	if (*p == '.') {
		int n = 0, v;
		for (p++; *p >= '0' && *p <= '9'; p++, n++) {
			if (n < 3 && digits(p, 1, &v))
				frac = frac * 10 + v;
		}
		for (; n < 3; n++)
			frac *= 10;
	}
	int sign = 0;
	if (*p == 'Z' && !p[1])
		sign = 0;
	else if ((*p == '+' || *p == '-') && strlen(p) == 6 && digits(p + 1, 2, &oh) && p[3] == ':' &&
		 digits(p + 4, 2, &om))
		sign = *p == '+' ? 1 : -1;
	else
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || oh > 23 || om > 59)
		return false;
	int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - sign * (oh * 3600 + om * 60);
	*ms = secs * 1000 + frac;
	return true;
}

/* shopMoney { amount currencyCode } of obj[key] in minor units of currency. */
static bool money_of(const json_t *obj, const char *key, const char *currency, int64_t *out)
{
	const json_t *m = json_object_get(json_object_get(obj, key), "shopMoney");
	const char *amount = json_string_value(json_object_get(m, "amount"));
	return amount && lk_shopify_money_parse(amount, currency, out);
}

static void add_items(const json_t *node, struct lk_order *o, const char *currency)
{
	const json_t *items = json_object_get(json_object_get(node, "lineItems"), "nodes");

	for (size_t i = 0; i < json_array_size(items) && o->num_items < LK_ORDER_MAX_ITEMS; i++) {
		const json_t *it = json_array_get(items, i);
		const char *pid = lk_shopify_plain_str(json_object_get(it, "product"), "id", LK_SHOPIFY_MAX_ID);
		json_int_t qty = json_integer_value(json_object_get(it, "quantity"));
		int64_t price;
		if (!pid || qty < 1 || qty > LK_ORDER_MAX_QUANTITY ||
		    !money_of(it, "originalUnitPriceSet", currency, &price))
			continue;
		lk_order_add_item(o, pid, (int64_t)qty, price);
	}
}

static struct lk_order *order_from_node(const json_t *node)
{
	const char *id = lk_shopify_plain_str(node, "id", LK_SHOPIFY_MAX_ID);
	const char *currency = json_string_value(json_object_get(node, "currencyCode"));
	int64_t t, total;
	char err[64];

	if (!id || !currency || strlen(currency) != 3 ||
	    !lk_shopify_time_parse(json_string_value(json_object_get(node, "createdAt")), &t))
		return NULL;
	struct lk_order *o = lk_order_new(id);
	o->time_ms = t;
	lk_order_set_currency(o, currency);
	if (money_of(node, "totalPriceSet", currency, &total))
		o->total = total;
	lk_order_set_str(&o->source, "shopify");
	const char *buyer = json_string_value(json_object_get(json_object_get(node, "customer"), "displayName"));
	if (buyer) {
		size_t len = lk_utf8_cut(buyer, strlen(buyer), LK_ORDER_MAX_BUYER);
		o->buyer = bstrdup_n(buyer, len);
	}
	add_items(node, o, currency);
	if (!lk_order_check(o, err, sizeof(err))) {
		lk_order_free(o);
		return NULL;
	}
	return o;
}

static bool read_info(const json_t *info, struct lk_shopify_orders *page, char *err, size_t err_size)
{
	json_t *next = json_object_get(info, "hasNextPage");

	if (!json_is_boolean(next)) {
		lk_shopify_err(err, err_size, "orders.pageInfo.hasNextPage: missing");
		return false;
	}
	page->has_next = json_is_true(next);
	if (!page->has_next)
		return true;
	const char *cursor = lk_shopify_plain_str(info, "endCursor", LK_SHOPIFY_MAX_ID);
	if (!cursor) {
		lk_shopify_err(err, err_size, "orders.pageInfo.endCursor: missing or unusable");
		return false;
	}
	page->end_cursor = bstrdup(cursor);
	return true;
}

bool lk_shopify_decode_orders(const struct lk_shopify_reply *r, struct lk_shopify_orders *page, char *err,
			      size_t err_size)
{
	memset(page, 0, sizeof(*page));
	const json_t *conn = json_object_get(r ? r->data : NULL, "orders");
	const json_t *nodes = json_object_get(conn, "nodes");

	if (!json_is_array(nodes)) {
		lk_shopify_err(err, err_size, "orders.nodes: missing");
		return false;
	}
	if (!read_info(json_object_get(conn, "pageInfo"), page, err, err_size))
		return false;
	size_t n = json_array_size(nodes);
	page->orders = bzalloc((n + 1) * sizeof(*page->orders));
	for (size_t i = 0; i < n; i++) {
		struct lk_order *o = order_from_node(json_array_get(nodes, i));
		if (!o) {
			page->skipped++;
			continue;
		}
		if (o->time_ms > page->newest_ms)
			page->newest_ms = o->time_ms;
		page->orders[page->num_orders++] = o;
	}
	return true;
}

void lk_shopify_orders_free(struct lk_shopify_orders *page)
{
	for (size_t i = 0; i < page->num_orders; i++)
		lk_order_free(page->orders[i]);
	bfree(page->orders);
	bfree(page->end_cursor);
	memset(page, 0, sizeof(*page));
}
