/*
 * Linkon — the show's numbers as JSON: obs-websocket's GetShowStats answer
 * and the JSON report at the end of a show are this one document.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-show.h"

#include <jansson.h>

static const char *state_name(enum lk_show_state s)
{
	return s == LK_SHOW_LIVE ? "live" : s == LK_SHOW_ENDED ? "ended" : "none";
}

static json_t *opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *totals_json(const struct lk_show_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->num_totals; i++) {
		const struct lk_show_totals *t = &v->totals[i];
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "currency", t->currency, "gmv",
						   (json_int_t)t->gmv, "orders", (json_int_t)t->orders, "units",
						   (json_int_t)t->units, "averageOrderValue", (json_int_t)t->aov,
						   "commission", (json_int_t)t->commission));
	}
	return a;
}

static json_t *products_json(const struct lk_show_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->num_products; i++) {
		const struct lk_show_product *p = &v->products[i];
		json_array_append_new(a, json_pack("{s:s, s:o, s:s, s:I, s:I, s:I}", "productId", p->product_id,
						   "title", opt_str(p->title), "currency", p->currency, "units",
						   (json_int_t)p->units, "gmv", (json_int_t)p->gmv, "orders",
						   (json_int_t)p->orders));
	}
	return a;
}

static json_t *pins_json(const struct lk_show_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->num_pins; i++) {
		const struct lk_show_pin *p = &v->pins[i];
		json_array_append_new(a, json_pack("{s:s, s:o, s:I, s:o, s:I, s:I, s:s, s:I, s:f}", "productId",
						   p->product_id, "title", opt_str(p->title), "startMs",
						   (json_int_t)p->start_ms, "endMs",
						   p->end_ms ? json_integer(p->end_ms) : json_null(), "units",
						   (json_int_t)p->units, "gmv", (json_int_t)p->gmv, "currency",
						   p->currency, "orders", (json_int_t)p->orders, "share", p->share));
	}
	return a;
}

static json_t *claims_json(const struct lk_show_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->num_claims; i++)
		json_array_append_new(a, json_pack("{s:s, s:o, s:I}", "productId", v->claims[i].product_id, "title",
						   opt_str(v->claims[i].title), "claims",
						   (json_int_t)v->claims[i].claims));
	return a;
}

static json_t *ticker_json(const struct lk_show_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->num_ticker; i++) {
		const struct lk_show_ticker_entry *e = &v->ticker[i];
		json_array_append_new(a, json_pack("{s:I, s:s, s:I, s:s, s:b, s:s, s:o, s:I, s:I, s:s}", "seq",
						   (json_int_t)e->seq, "orderId", e->order_id, "time",
						   (json_int_t)e->time_ms, "buyer", e->buyer_shown, "anonymous",
						   e->buyer_anonymous, "productId", e->product_id, "title",
						   opt_str(e->product_title), "quantity", (json_int_t)e->quantity,
						   "total", (json_int_t)e->total, "currency", e->currency));
	}
	return a;
}

/* A goal as JSON (definition and progress). */
json_t *lk_goal_to_json(const struct lk_goal *g)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:s, s:I, s:I, s:I, s:b, s:I, s:I, s:o, s:I, s:I, s:f}", "id", g->id,
			 "kind", lk_goal_kind_to_string(g->kind), "title", opt_str(g->title), "productId",
			 opt_str(g->product_id), "currency", g->currency, "target", (json_int_t)g->target, "current",
			 (json_int_t)g->current, "base", (json_int_t)g->base, "autoNext", g->auto_next, "round",
			 (json_int_t)g->round, "milestones", (json_int_t)g->milestones, "reachedAt",
			 g->reached_ms ? json_integer(g->reached_ms) : json_null(), "reachedCount",
			 (json_int_t)g->reached_count, "step", (json_int_t)g->step, "fraction", lk_goal_fraction(g));
}

json_t *lk_show_view_to_json(const struct lk_show_view *v)
{
	json_t *goals = json_array();
	static const struct lk_show_view none = {0};

	if (!v)
		v = &none;
	for (size_t i = 0; i < v->num_goals; i++)
		json_array_append_new(goals, lk_goal_to_json(&v->goals[i]));
	json_t *out =
		json_pack("{s:s, s:o, s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:o, s:I, s:s, s:I}",
			  "state", state_name(v->state), "showId", opt_str(v->show_id), "startMs",
			  v->start_ms ? json_integer(v->start_ms) : json_null(), "endMs",
			  v->end_ms ? json_integer(v->end_ms) : json_null(), "orders", (json_int_t)v->orders, "units",
			  (json_int_t)v->units, "totals", totals_json(v), "products", products_json(v), "pins",
			  pins_json(v), "recentOrders", ticker_json(v), "gifts", (json_int_t)v->gifts, "giftValue",
			  (json_int_t)v->gift_value, "likes", (json_int_t)v->likes, "ordersSeq",
			  (json_int_t)v->orders_seq, "goals", goals, "goalsSeq", (json_int_t)v->goals_seq, "privacy",
			  lk_privacy_to_string(v->privacy), "commissionBp", (json_int_t)v->commission_bp);
	/* live-room claims (comments that claim products) */
	json_object_set_new(out, "claims", json_integer(v->claims_total));
	json_object_set_new(out, "productClaims", claims_json(v));
	return out;
}
