/*
 * Linkon — event lists: what connectors, the demo shop and the controller
 * hand to lk_store_apply() (see lk-store.h). lk_event_clear lives in
 * lk-store.c with the rest of the ownership rules.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-store.h"

#include <util/bmem.h>
#include <util/platform.h>

void lk_events_init(struct lk_events *evs)
{
	da_init(evs->da);
}

void lk_events_free(struct lk_events *evs)
{
	if (!evs)
		return;
	for (size_t i = 0; i < evs->da.num; i++)
		lk_event_clear(&evs->da.array[i]);
	da_free(evs->da);
}

/* The returned pointer is valid until the next push onto evs. */
struct lk_event *lk_events_push(struct lk_events *evs, enum lk_event_type type)
{
	struct lk_event ev = {.type = type};
	size_t idx = da_push_back(evs->da, &ev);
	return &evs->da.array[idx];
}

void lk_events_put_product(struct lk_events *evs, struct lk_product *p)
{
	lk_events_push(evs, LK_EV_PRODUCT_PUT)->product = p;
}

void lk_events_stock(struct lk_events *evs, const char *id, int64_t stock, int64_t sold)
{
	struct lk_event *ev = lk_events_push(evs, LK_EV_STOCK);
	ev->id = bstrdup(id);
	ev->stock = stock;
	ev->sold = sold;
}

void lk_events_pin(struct lk_events *evs, const char *id_or_null)
{
	lk_events_push(evs, LK_EV_PIN)->id = bstrdup(id_or_null);
}

void lk_events_cart(struct lk_events *evs, const char *const *ids, size_t n)
{
	struct lk_event *ev = lk_events_push(evs, LK_EV_CART_SET);

	if (!ids || !n)
		return;
	ev->ids = bzalloc(n * sizeof(char *));
	ev->num_ids = n;
	for (size_t i = 0; i < n; i++)
		ev->ids[i] = bstrdup(ids[i]);
}

int64_t lk_now_ms(void)
{
	return (int64_t)(os_gettime_ns() / 1000000);
}

void lk_events_server_time(struct lk_events *evs, int64_t server_ms, int64_t local_send_ms, int64_t local_recv_ms)
{
	struct lk_event *ev = lk_events_push(evs, LK_EV_SERVER_TIME);
	ev->server_time_ms = server_ms;
	ev->local_send_ms = local_send_ms;
	ev->local_ms = local_recv_ms;
}

void lk_events_sale_put(struct lk_events *evs, struct lk_sale *sale)
{
	lk_events_push(evs, LK_EV_SALE_PUT)->sale = sale;
}

void lk_events_sale_stop(struct lk_events *evs, const char *id_or_null, int64_t at_ms)
{
	struct lk_event *ev = lk_events_push(evs, LK_EV_SALE_STOP);
	ev->id = bstrdup(id_or_null);
	ev->at_ms = at_ms;
}

void lk_events_sale_stock(struct lk_events *evs, const char *id, int64_t stock_left)
{
	struct lk_event *ev = lk_events_push(evs, LK_EV_SALE_STOCK);
	ev->id = bstrdup(id);
	ev->stock = stock_left;
}

void lk_events_order(struct lk_events *evs, struct lk_order *order)
{
	lk_events_push(evs, LK_EV_ORDER)->order = order;
}

void lk_events_show(struct lk_events *evs, bool start, int64_t at_ms)
{
	lk_events_push(evs, start ? LK_EV_SHOW_START : LK_EV_SHOW_END)->at_ms = at_ms;
}

void lk_events_goal_set(struct lk_events *evs, struct lk_goal *goal)
{
	lk_events_push(evs, LK_EV_GOAL_SET)->goal = goal;
}

void lk_events_goal_clear(struct lk_events *evs, const char *id_or_null)
{
	lk_events_push(evs, LK_EV_GOAL_CLEAR)->id = bstrdup(id_or_null);
}

void lk_events_claims(struct lk_events *evs, struct lk_claim_table *claims)
{
	lk_events_push(evs, LK_EV_CLAIMS)->claims = claims;
}
