/*
 * Linkon — the sales sources' view of the store (see lk-sales-view.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-sales-view.h"
#include "lk-controller.h"
#include "lk-money.h"
#include "lk-store.h"

#include <math.h>
#include <string.h>
#include <util/bmem.h>

struct lk_store *lk_sales_store(obs_source_t *source)
{
	return lk_source_store(source);
}

void lk_sales_follow_init(struct lk_sales_follow *f, obs_source_t *source)
{
	memset(f, 0, sizeof(*f));
	f->source = source;
}

void lk_sales_follow_free(struct lk_sales_follow *f)
{
	lk_snap_follow_free(&f->snap);
}

bool lk_sales_follow_update(struct lk_sales_follow *f)
{
	return lk_snap_follow_update(&f->snap, lk_source_store(f->source));
}

const struct lk_show_view *lk_sales_follow_show(const struct lk_sales_follow *f)
{
	return f->snap.snap ? f->snap.snap->show : NULL;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? bstrdup(s) : NULL;
}

size_t lk_sales_follow_orders(struct lk_sales_follow *f, struct lk_ticker_item **out)
{
	*out = NULL;
	const struct lk_show_view *v = lk_sales_follow_show(f);
	if (!f->snap.snap)
		return 0;
	uint64_t seq = v ? v->orders_seq : 0;
	if (!f->primed) {
		f->primed = true;
		f->orders_seq = seq;
		return 0;
	}
	if (!v || seq <= f->orders_seq) {
		f->orders_seq = seq > f->orders_seq ? seq : f->orders_seq;
		return 0;
	}
	/* the ticker list is newest first: count the new ones, then copy them
	 * oldest first (more than LK_SHOW_TICKER_MAX at once: the older ones
	 * are gone from the view; the burst count still covers them through
	 * the queue's own minute) */
	size_t n = 0;
	while (n < v->num_ticker && v->ticker[n].seq > f->orders_seq)
		n++;
	struct lk_ticker_item *items = n ? bzalloc(sizeof(*items) * n) : NULL;
	for (size_t i = 0; i < n; i++) {
		const struct lk_show_ticker_entry *e = &v->ticker[n - 1 - i];
		struct lk_ticker_item *it = &items[i];
		it->kind = LK_TICKER_ORDER;
		it->order_id = dup_or_null(e->order_id);
		it->buyer = e->buyer_anonymous ? NULL : dup_or_null(e->buyer_shown);
		it->product_id = dup_or_null(e->product_id);
		it->title = dup_or_null(e->product_title);
		it->image = dup_or_null(e->product_image);
		it->quantity = e->quantity;
	}
	f->orders_seq = seq;
	*out = items;
	return n;
}

const char *lk_sales_goal_id(char *buf, size_t size, enum lk_goal_kind kind, const char *product_id)
{
	const char *k = lk_goal_kind_to_string(kind);
	if (kind == LK_GOAL_UNITS && product_id && *product_id)
		snprintf(buf, size, "%s:%s", k ? k : "goal", product_id);
	else
		snprintf(buf, size, "%s", k ? k : "goal");
	return buf;
}

/* The currency a GMV goal counts in when none is given: the show's first,
 * else the pinned product's, else the catalog's first product's. */
static void default_currency(struct lk_store *store, char out[4])
{
	out[0] = '\0';
	if (!store)
		return;
	struct lk_snapshot *snap = lk_store_get(store);
	const char *c = NULL;
	if (snap->show && snap->show->num_totals)
		c = snap->show->totals[0].currency;
	else if (snap->pinned)
		c = snap->pinned->currency;
	else if (snap->num_products)
		c = snap->products[0]->currency;
	if (c)
		snprintf(out, 4, "%s", c);
	lk_snapshot_release(snap);
}

bool lk_sales_goal_set(const struct lk_sales_goal_request *req, const char **error)
{
	char id[256];
	if (error)
		*error = NULL;
	if (!(req->target > 0.0) || !lk_goal_kind_to_string(req->kind)) {
		if (error)
			*error = "the goal needs a kind and a target above 0";
		return false;
	}
	lk_sales_goal_id(id, sizeof(id), req->kind, req->product_id);

	int64_t target;
	char currency[4] = "";
	if (req->kind == LK_GOAL_GMV) {
		if (req->currency && *req->currency)
			snprintf(currency, sizeof(currency), "%s", req->currency);
		else
			default_currency(req->store, currency);
		target = lk_money_from_units(req->target, currency[0] ? currency : "USD");
	} else {
		target = (int64_t)fmin(llround(req->target), (double)LK_MONEY_MAX_MINOR);
	}
	if (target <= 0) {
		if (error)
			*error = "the goal needs a target above 0";
		return false;
	}

	struct lk_goal *g = lk_goal_new(id, req->kind, target);
	lk_order_set_str(&g->title, req->title && *req->title ? req->title : NULL);
	lk_order_set_str(&g->product_id, req->kind == LK_GOAL_UNITS ? req->product_id : NULL);
	memcpy(g->currency, currency, sizeof(g->currency));
	g->auto_next = req->auto_next;
	g->step = req->auto_next ? target * req->step_percent / 100 : 0;
	const char *err = NULL;
	bool ok = lk_controller_goal_set(g, &err);
	if (!ok)
		blog(LOG_WARNING, "[linkon] goal bar: the goal '%s' was not set: %s", id, err ? err : "refused");
	lk_goal_free(g);
	if (error)
		*error = err;
	return ok;
}
