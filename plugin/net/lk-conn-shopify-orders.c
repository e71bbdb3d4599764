/*
 * Linkon — the Shopify connector's part of the show: while a show is live,
 * the orders created since it started (docs/shopify.md).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Settings: "orders": true (default; needs the read_orders scope),
 * "orders_poll_s": 10, "order_buyers": false (true adds the customer's
 * display name: read_customers).
 *
 * A pass reads every page of orders created at or after `since` (oldest
 * first), paced by query cost like the catalog; a THROTTLED or 429 answer
 * retries the same page. The next pass starts ORDERS_OVERLAP_MS before the
 * newest order seen, so an order Shopify indexes late is still found; the
 * orders read again are redeliveries, which the show counts once.
 */
#include "lk-conn-shopify-priv.h"

#include "lk-order.h"

#include <obs-module.h>
#include <string.h>
#include <util/bmem.h>

#define ORDERS_OVERLAP_MS 60000
#define ORDERS_PAGE 50
#define ORDERS_FIRST_COST 60.0 /* until the shop says what a page costs */

void sh_orders_settings(struct conn_shopify *c, json_t *s)
{
	c->orders_on = !json_is_false(json_object_get(s, "orders"));
	c->order_buyers = json_is_true(json_object_get(s, "order_buyers"));
	c->orders_poll_ms = lk_connector_setting_int(s, "orders_poll_s", 10, 1, 3600) * 1000;
	c->orders_cost = ORDERS_FIRST_COST;
}

void sh_orders_free(struct conn_shopify *c)
{
	bfree(c->orders_show);
	bfree(c->orders_cursor);
	c->orders_show = c->orders_cursor = NULL;
}

void sh_orders_denied(struct conn_shopify *c, const char *reason)
{
	struct dstr msg = {0};

	dstr_printf(&msg, SH_LOG_PREFIX "orders are not read (the token needs the read_orders scope%s): %s",
		    c->order_buyers ? " and read_customers for buyer names" : "", reason ? reason : "");
	lk_redact(&msg, c->token);
	blog(LOG_WARNING, "%s", msg.array);
	dstr_free(&msg);
	c->orders_on = false;
	c->orders_paging = false;
}

/* Follows the store's show: a new live show starts polling from its start. */
static bool follow_show(struct conn_shopify *c)
{
	struct lk_snapshot *snap = lk_store_get(c->store);
	const struct lk_show_view *v = snap->show;
	bool live = v && v->state == LK_SHOW_LIVE && v->show_id;

	if (!live) {
		sh_orders_free(c);
		c->orders_paging = false;
	} else if (!c->orders_show || strcmp(c->orders_show, v->show_id) != 0) {
		sh_orders_free(c);
		c->orders_show = bstrdup(v->show_id);
		c->orders_since = v->start_ms;
		c->orders_newest = 0;
		c->orders_paging = false;
		c->orders_next_ms = 0;
	}
	lk_snapshot_release(snap);
	return live;
}

bool sh_orders_step(struct conn_shopify *c, int64_t now)
{
	if (!c->orders_on || !follow_show(c))
		return false;
	if (!c->orders_paging && now < c->orders_next_ms)
		return false;
	if (!sh_paced(c, now, c->orders_cost))
		return false;
	c->orders_paging = true;
	return sh_send(c, SH_OP_ORDERS,
		       lk_shopify_orders_body(ORDERS_PAGE, c->orders_cursor, c->orders_since, c->order_buyers));
}

void sh_orders_reply(struct conn_shopify *c, const struct lk_shopify_reply *r, int64_t now)
{
	struct lk_shopify_orders page;
	struct lk_events evs;
	char err[LK_SHOPIFY_ERR_SIZE];

	if (!lk_shopify_decode_orders(r, &page, err, sizeof(err))) {
		sh_fail(c, LK_SHOPIFY_MALFORMED, err, now);
		return;
	}
	c->failures = 0;
	if (r->throttle.requested_cost > 0)
		c->orders_cost = r->throttle.requested_cost;
	lk_events_init(&evs);
	for (size_t i = 0; i < page.num_orders; i++) {
		lk_events_order(&evs, page.orders[i]);
		page.orders[i] = NULL;
	}
	page.num_orders = 0;
	lk_store_apply(c->store, &evs);
	lk_events_free(&evs);
	if (page.newest_ms > c->orders_newest)
		c->orders_newest = page.newest_ms;
	bfree(c->orders_cursor);
	c->orders_cursor = page.end_cursor;
	page.end_cursor = NULL;
	if (!page.has_next) {
		bfree(c->orders_cursor);
		c->orders_cursor = NULL;
		c->orders_paging = false;
		c->orders_next_ms = now + c->orders_poll_ms;
		if (c->orders_newest - ORDERS_OVERLAP_MS > c->orders_since)
			c->orders_since = c->orders_newest - ORDERS_OVERLAP_MS;
	}
	if (page.skipped)
		blog(LOG_DEBUG, SH_LOG_PREFIX "%zu order(s) left out (no product items or unreadable)", page.skipped);
	lk_shopify_orders_free(&page);
}
