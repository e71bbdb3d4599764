/*
 * Linkon — the TikTok Shop connector's part of the show: while a show is
 * live, the orders since it started (docs/tiktok-shop.md).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Settings: "orders": true (default; needs the Order Information scope),
 * "orders_poll_s": 10, "orders_page_size": 50 (at most 50).
 *
 * A pass reads every page of order/202309/orders/search with
 * update_time_ge = since, oldest update first (page tokens). An order
 * counts when it was created at or after the show's start and is paid and
 * not cancelled (an UNPAID one comes back with a later update_time once it
 * is paid). The next pass starts TT_ORDERS_OVERLAP_S before the newest
 * update seen, so an order TikTok indexes late is still found; orders read
 * again are redeliveries, which the show counts once. A 429 or an outage
 * retries the same page after the connector's backoff.
 */
#include "lk-conn-tiktok-priv.h"

#include <stdio.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>

#define TT_ORDERS_OVERLAP_S 60

void tt_orders_settings(struct conn_tiktok *c, json_t *s)
{
	c->orders_on = !json_is_false(json_object_get(s, "orders"));
	c->orders_poll_ms = lk_connector_setting_int(s, "orders_poll_s", 10, 1, 3600) * 1000;
	c->orders_page_size = (int)lk_connector_setting_int(s, "orders_page_size", 50, 1, 50);
}

void tt_orders_free(struct conn_tiktok *c)
{
	bfree(c->orders_show);
	bfree(c->orders_token);
	c->orders_show = c->orders_token = NULL;
	c->orders_paging = false;
}

void tt_orders_denied(struct conn_tiktok *c, const char *reason)
{
	blog(LOG_WARNING,
	     TT_LOG "orders are not read (add Order Information to the app's scopes and authorize again): %s",
	     reason ? reason : "");
	c->orders_on = false;
	tt_orders_free(c);
}

/* Follows the store's show: a new live show starts polling from its start. */
static bool follow_show(struct conn_tiktok *c)
{
	struct lk_snapshot *snap = lk_store_get(c->store);
	const struct lk_show_view *v = snap->show;
	bool live = v && v->state == LK_SHOW_LIVE && v->show_id;

	if (!live) {
		tt_orders_free(c);
	} else if (!c->orders_show || strcmp(c->orders_show, v->show_id) != 0) {
		tt_orders_free(c);
		c->orders_show = bstrdup(v->show_id);
		c->orders_start_ms = v->start_ms;
		c->orders_since_s = v->start_ms / 1000;
		c->orders_newest_s = 0;
		c->orders_next_ms = 0;
	}
	lk_snapshot_release(snap);
	return live;
}

bool tt_orders_step(struct conn_tiktok *c, int64_t now)
{
	if (!c->orders_on || !follow_show(c))
		return false;
	if (!c->orders_paging && now < c->orders_next_ms)
		return false;
	char size[16];
	snprintf(size, sizeof(size), "%d", c->orders_page_size);
	struct lk_tiktok_param q[] = {{"page_size", size},
				      {"sort_field", "update_time"},
				      {"sort_order", "ASC"},
				      {"page_token", c->orders_token}};
	c->orders_paging = true;
	return tt_call(c, TT_OP_ORDERS, "POST", "/order/202309/orders/search", true, q, c->orders_token ? 4 : 3,
		       lk_tiktok_orders_body(c->orders_since_s));
}

void tt_orders_reply(struct conn_tiktok *c, const struct lk_tiktok_reply *r, int64_t now)
{
	struct lk_tiktok_orders page;
	struct lk_events evs;
	char err[LK_TIKTOK_ERR_SIZE];
	size_t left_out = 0;

	if (!lk_tiktok_decode_orders(r, &page, err, sizeof(err))) {
		tt_fail(c, LK_TIKTOK_MALFORMED, err, now);
		return;
	}
	c->failures = 0;
	if (!c->orders_show) { /* the show ended while the page was on its way */
		lk_tiktok_orders_free(&page);
		return;
	}
	lk_events_init(&evs);
	for (size_t i = 0; i < page.num; i++) {
		struct lk_tiktok_order *o = &page.orders[i];
		if (o->update_time > c->orders_newest_s)
			c->orders_newest_s = o->update_time;
		if (!o->order) {
			left_out++;
			continue;
		}
		/* before the show (updated during it: shipped, refunded) or not a sale (yet) */
		if (o->create_time * 1000 < c->orders_start_ms || !lk_tiktok_order_counts(o->status))
			continue;
		lk_events_order(&evs, o->order);
		o->order = NULL;
	}
	if (evs.da.num)
		lk_store_apply(c->store, &evs);
	lk_events_free(&evs);
	bfree(c->orders_token);
	c->orders_token = page.next_page_token && *page.next_page_token ? page.next_page_token : NULL;
	if (!c->orders_token)
		bfree(page.next_page_token);
	page.next_page_token = NULL;
	if (!c->orders_token) {
		c->orders_paging = false;
		c->orders_next_ms = now + c->orders_poll_ms;
		if (c->orders_newest_s - TT_ORDERS_OVERLAP_S > c->orders_since_s)
			c->orders_since_s = c->orders_newest_s - TT_ORDERS_OVERLAP_S;
	}
	if (left_out + page.skipped)
		blog(LOG_DEBUG, TT_LOG "%zu order(s) left out (no countable line, or unreadable)",
		     left_out + page.skipped);
	lk_tiktok_orders_free(&page);
}
