/*
 * Linkon — the show's published view, and goals.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A goal's progress is recomputed from the show's numbers after every
 * change (lk_show_goals_update). With auto_next, a reached goal starts its
 * next round at once: the reached target becomes the round's base and the
 * target grows by step; a jump over several targets counts each one.
 */
#include "lk-show-priv.h"

#include <string.h>
#include <util/dstr.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

/* ---- goals ------------------------------------------------------------ */

static const char *const kind_names[] = {NULL, "gmv", "units", "orders", "gifts", "likes"};

enum lk_goal_kind lk_goal_kind_from_string(const char *s)
{
	for (int k = LK_GOAL_GMV; s && k <= LK_GOAL_LIKES; k++) {
		if (strcmp(s, kind_names[k]) == 0)
			return (enum lk_goal_kind)k;
	}
	return (enum lk_goal_kind)0;
}

const char *lk_goal_kind_to_string(enum lk_goal_kind k)
{
	return k >= LK_GOAL_GMV && k <= LK_GOAL_LIKES ? kind_names[k] : NULL;
}

struct lk_goal *lk_goal_new(const char *id, enum lk_goal_kind kind, int64_t target)
{
	struct lk_goal *g = bzalloc(sizeof(*g));
	g->id = bstrdup(id ? id : "");
	g->kind = kind;
	g->target = target;
	return g;
}

void lk_show_goal_free_fields(struct lk_goal *g)
{
	bfree(g->id);
	bfree(g->title);
	bfree(g->product_id);
}

void lk_show_goal_copy_fields(struct lk_goal *dst, const struct lk_goal *src)
{
	*dst = *src;
	dst->id = bstrdup(src->id);
	dst->title = bstrdup(src->title);
	dst->product_id = bstrdup(src->product_id);
}

struct lk_goal *lk_goal_copy(const struct lk_goal *g)
{
	if (!g)
		return NULL;
	struct lk_goal *c = bzalloc(sizeof(*c));
	lk_show_goal_copy_fields(c, g);
	return c;
}

void lk_goal_free(struct lk_goal *g)
{
	if (!g)
		return;
	lk_show_goal_free_fields(g);
	bfree(g);
}

double lk_goal_fraction(const struct lk_goal *g)
{
	if (!g || g->target <= g->base)
		return 0.0;
	double f = (double)(g->current - g->base) / (double)(g->target - g->base);
	return f < 0.0 ? 0.0 : f > 1.0 ? 1.0 : f;
}

static int64_t goal_current(const struct lk_show *show, struct lk_goal *g)
{
	switch (g->kind) {
	case LK_GOAL_GMV:
		if (!g->currency[0] && show->totals.num)
			memcpy(g->currency, show->totals.array[0].currency, 4);
		for (size_t i = 0; i < show->totals.num; i++) {
			if (strcmp(show->totals.array[i].currency, g->currency) == 0)
				return show->totals.array[i].gmv;
		}
		return 0;
	case LK_GOAL_UNITS: {
		if (!g->product_id)
			return show->units;
		int64_t units = 0;
		for (size_t i = 0; i < show->products.num; i++) {
			if (strcmp(show->products.array[i].id, g->product_id) == 0)
				units += show->products.array[i].units;
		}
		return units;
	}
	case LK_GOAL_ORDERS:
		return show->orders;
	case LK_GOAL_GIFT_VALUE:
		return show->gift_value;
	case LK_GOAL_LIKES:
		return show->likes;
	}
	return 0;
}

/* At most this many auto_next rounds per update (a huge jump stays bounded). */
#define GOAL_MAX_ROUNDS 1000

static void goal_update(struct lk_show *show, struct lk_goal *g, int64_t now_ms)
{
	g->current = goal_current(show, g);
	for (int n = 0; n < GOAL_MAX_ROUNDS && !g->reached_ms && g->current >= g->target; n++) {
		g->reached_ms = g->last_reached_ms = now_ms;
		g->reached_count++;
		show->goals_seq++;
		g->milestones = LK_GOAL_M25 | LK_GOAL_M50 | LK_GOAL_M75 | LK_GOAL_M100;
		if (!g->auto_next || g->step <= 0 || g->target > INT64_MAX - g->step)
			break;
		g->base = g->target;
		g->target += g->step;
		g->round++;
		g->reached_ms = 0;
		g->milestones = 0;
	}
	double f = lk_goal_fraction(g);
	g->milestones |= (f >= 0.25 ? LK_GOAL_M25 : 0) | (f >= 0.5 ? LK_GOAL_M50 : 0) | (f >= 0.75 ? LK_GOAL_M75 : 0);
}

void lk_show_goals_update(struct lk_show *show, int64_t now_ms)
{
	for (size_t i = 0; i < show->goals.num; i++)
		goal_update(show, &show->goals.array[i], now_ms);
}

int64_t lk_show_rate_of(const struct lk_show *show, const char *product_id)
{
	for (size_t i = 0; i < show->rates.num; i++) {
		if (strcmp(show->rates.array[i].product_id, product_id) == 0)
			return show->rates.array[i].bp;
	}
	return show->commission_bp;
}

/* ---- the view --------------------------------------------------------- */

static void copy_totals(struct lk_show_view *v, const struct lk_show *show)
{
	v->num_totals = show->totals.num;
	v->totals = bzalloc((v->num_totals + 1) * sizeof(*v->totals));
	for (size_t i = 0; i < v->num_totals; i++) {
		const struct show_totals *s = &show->totals.array[i];
		struct lk_show_totals *t = &v->totals[i];
		memcpy(t->currency, s->currency, 4);
		t->gmv = s->gmv;
		t->orders = s->orders;
		t->units = s->units;
		t->aov = s->orders ? (s->gmv + s->orders / 2) / s->orders : 0;
		t->commission = s->commission;
	}
}

static void copy_products(struct lk_show_view *v, const struct lk_show *show)
{
	v->num_products = show->products.num;
	v->products = bzalloc((v->num_products + 1) * sizeof(*v->products));
	for (size_t i = 0; i < v->num_products; i++) {
		const struct show_product *s = &show->products.array[i];
		struct lk_show_product *p = &v->products[i];
		p->product_id = bstrdup(s->id);
		p->title = bstrdup(s->title);
		memcpy(p->currency, s->currency, 4);
		p->units = s->units;
		p->gmv = s->gmv;
		p->orders = s->orders;
	}
}

static void copy_pins(struct lk_show_view *v, const struct lk_show *show)
{
	v->num_pins = show->pins.num;
	v->pins = bzalloc((v->num_pins + 1) * sizeof(*v->pins));
	for (size_t i = 0; i < v->num_pins; i++) {
		const struct show_pin *s = &show->pins.array[i];
		struct lk_show_pin *p = &v->pins[i];
		p->product_id = bstrdup(s->id);
		p->title = bstrdup(s->title);
		p->start_ms = s->start_ms;
		p->end_ms = s->end_ms;
		p->units = s->units;
		p->gmv = s->gmv;
		memcpy(p->currency, s->currency, 4);
		p->orders = s->orders;
		p->share = show->units ? (double)s->units / (double)show->units : 0.0;
	}
}

static void copy_claims(struct lk_show_view *v, const struct lk_show *show)
{
	v->num_claims = show->claims.num;
	v->claims = bzalloc((v->num_claims + 1) * sizeof(*v->claims));
	for (size_t i = 0; i < v->num_claims; i++) {
		v->claims[i].product_id = bstrdup(show->claims.array[i].id);
		v->claims[i].title = bstrdup(show->claims.array[i].title);
		v->claims[i].claims = show->claims.array[i].claims;
	}
	v->claims_total = show->claims_total;
}

static void copy_ticker(struct lk_show_view *v, const struct lk_show *show)
{
	struct dstr shown = {0};

	v->num_ticker = show->ticker.num;
	v->ticker = bzalloc((v->num_ticker + 1) * sizeof(*v->ticker));
	for (size_t i = 0; i < v->num_ticker; i++) {
		const struct show_ticker *s = &show->ticker.array[show->ticker.num - 1 - i];
		struct lk_show_ticker_entry *e = &v->ticker[i];
		e->seq = s->seq;
		e->order_id = bstrdup(s->order_id);
		e->time_ms = s->time_ms;
		e->buyer_anonymous = !lk_buyer_shown(&shown, s->buyer, show->privacy);
		e->buyer_shown = bstrdup(shown.array);
		e->product_id = bstrdup(s->product_id);
		e->product_title = bstrdup(s->title);
		e->product_image = bstrdup(s->image);
		e->quantity = s->quantity;
		e->num_items = s->num_items;
		e->total = s->total;
		memcpy(e->currency, s->currency, 4);
	}
	dstr_free(&shown);
}

struct lk_show_view *lk_show_build_view(const struct lk_show *show)
{
	struct lk_show_view *v = bzalloc(sizeof(*v));

	v->refs = 1;
	v->state = show->state;
	v->show_id = bstrdup(show->show_id);
	v->start_ms = show->start_ms;
	v->end_ms = show->end_ms;
	copy_totals(v, show);
	copy_products(v, show);
	copy_pins(v, show);
	copy_ticker(v, show);
	copy_claims(v, show);
	v->units = show->units;
	v->orders = show->orders;
	v->gifts = show->gifts;
	v->gift_value = show->gift_value;
	v->likes = show->likes;
	v->orders_seq = show->orders_seq;
	v->num_goals = show->goals.num;
	v->goals = bzalloc((v->num_goals + 1) * sizeof(*v->goals));
	for (size_t i = 0; i < v->num_goals; i++)
		lk_show_goal_copy_fields(&v->goals[i], &show->goals.array[i]);
	v->goals_seq = show->goals_seq;
	v->privacy = show->privacy;
	v->commission_bp = show->commission_bp;
	v->report_csv = bstrdup(show->report_csv);
	v->report_json = bstrdup(show->report_json);
	v->journal_error = bstrdup(show->journal_error);
	return v;
}

struct lk_show_view *lk_show_view_addref(struct lk_show_view *v)
{
	if (v)
		os_atomic_inc_long(&v->refs);
	return v;
}

static void view_free(struct lk_show_view *v)
{
	for (size_t i = 0; i < v->num_products; i++) {
		bfree(v->products[i].product_id);
		bfree(v->products[i].title);
	}
	for (size_t i = 0; i < v->num_pins; i++) {
		bfree(v->pins[i].product_id);
		bfree(v->pins[i].title);
	}
	for (size_t i = 0; i < v->num_ticker; i++) {
		struct lk_show_ticker_entry *e = &v->ticker[i];
		bfree(e->order_id);
		bfree(e->buyer_shown);
		bfree(e->product_id);
		bfree(e->product_title);
		bfree(e->product_image);
	}
	for (size_t i = 0; i < v->num_goals; i++)
		lk_show_goal_free_fields(&v->goals[i]);
	for (size_t i = 0; i < v->num_claims; i++) {
		bfree(v->claims[i].product_id);
		bfree(v->claims[i].title);
	}
	bfree(v->claims);
	bfree(v->totals);
	bfree(v->products);
	bfree(v->pins);
	bfree(v->ticker);
	bfree(v->goals);
	bfree(v->show_id);
	bfree(v->report_csv);
	bfree(v->report_json);
	bfree(v->journal_error);
	bfree(v);
}

void lk_show_view_release(struct lk_show_view *v)
{
	if (v && os_atomic_dec_long(&v->refs) == 0)
		view_free(v);
}

const struct lk_show_totals *lk_show_view_totals(const struct lk_show_view *v, const char *currency)
{
	for (size_t i = 0; v && currency && i < v->num_totals; i++) {
		if (strcmp(v->totals[i].currency, currency) == 0)
			return &v->totals[i];
	}
	return NULL;
}

int64_t lk_show_view_claims(const struct lk_show_view *v, const char *product_id)
{
	for (size_t i = 0; v && product_id && i < v->num_claims; i++) {
		if (strcmp(v->claims[i].product_id, product_id) == 0)
			return v->claims[i].claims;
	}
	return 0;
}

const struct lk_goal *lk_show_view_goal(const struct lk_show_view *v, const char *id)
{
	for (size_t i = 0; v && id && i < v->num_goals; i++) {
		if (strcmp(v->goals[i].id, id) == 0)
			return &v->goals[i];
	}
	return NULL;
}
