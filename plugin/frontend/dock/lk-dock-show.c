/*
 * Linkon — the dock's "Show" tab as data (see lk-dock-show.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-show.h"
#include "lk-money.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

void lk_dock_show_text_init(struct lk_dock_show_text *t)
{
	memset(t, 0, sizeof(*t));
}

void lk_dock_show_text_free(struct lk_dock_show_text *t)
{
	dstr_free(&t->state);
	dstr_free(&t->gmv);
	dstr_free(&t->orders);
	dstr_free(&t->units);
	dstr_free(&t->aov);
	dstr_free(&t->gifts);
	dstr_free(&t->commission);
	memset(t, 0, sizeof(*t));
}

/* Each currency's amount (field of the totals), joined with " · ". */
static void per_currency(struct dstr *out, const struct lk_show_view *v, size_t field)
{
	struct dstr one = {0};
	lk_dock_empty(out);
	for (size_t i = 0; v && i < v->num_totals; i++) {
		const struct lk_show_totals *tot = &v->totals[i];
		int64_t amount = *(const int64_t *)((const char *)tot + field);
		if (i)
			dstr_cat(out, " · ");
		dstr_cat(out, lk_money_format(&one, amount, tot->currency));
	}
	if (dstr_is_empty(out))
		dstr_copy(out, "–");
	dstr_free(&one);
}

void lk_dock_show_text_fill(struct lk_dock_show_text *t, const struct lk_show_view *v, int64_t now_ms,
			    lk_dock_text_fn tr)
{
	struct dstr span = {0}, a = {0}, b = {0};
	enum lk_show_state st = v ? v->state : LK_SHOW_NONE;
	t->live = st == LK_SHOW_LIVE;
	t->can_start = st != LK_SHOW_LIVE;
	t->can_end = st == LK_SHOW_LIVE;
	if (st == LK_SHOW_NONE) {
		dstr_copy(&t->state, tr("Dock.Show.None"));
	} else {
		int64_t end = st == LK_SHOW_LIVE ? now_ms : v->end_ms;
		int64_t len = v->start_ms && end > v->start_ms ? end - v->start_ms : 0;
		lk_dock_span(&span, len, tr);
		lk_dock_fill(&t->state, tr(st == LK_SHOW_LIVE ? "Dock.Show.Live" : "Dock.Show.Ended"), span.array,
			     NULL);
	}
	per_currency(&t->gmv, v, offsetof(struct lk_show_totals, gmv));
	per_currency(&t->aov, v, offsetof(struct lk_show_totals, aov));
	per_currency(&t->commission, v, offsetof(struct lk_show_totals, commission));
	lk_dock_int(&t->orders, v ? v->orders : 0);
	lk_dock_int(&t->units, v ? v->units : 0);
	lk_dock_int(&a, v ? v->gifts : 0);
	lk_dock_int(&b, v ? v->gift_value : 0);
	lk_dock_fill(&t->gifts, tr("Dock.Show.GiftsValue"), a.array, b.array);
	dstr_free(&span);
	dstr_free(&a);
	dstr_free(&b);
}

void lk_dock_pin_cells_init(struct lk_dock_pin_cells *c)
{
	memset(c, 0, sizeof(*c));
}

void lk_dock_pin_cells_free(struct lk_dock_pin_cells *c)
{
	dstr_free(&c->product);
	dstr_free(&c->units);
	dstr_free(&c->gmv);
	dstr_free(&c->share);
}

void lk_dock_pin_cells_fill(struct lk_dock_pin_cells *c, const struct lk_show_pin *p, lk_dock_text_fn tr)
{
	char pct[16];
	dstr_copy(&c->product, p->title && *p->title ? p->title : p->product_id ? p->product_id : "");
	lk_dock_int(&c->units, p->units);
	if (p->currency[0])
		lk_money_format(&c->gmv, p->gmv, p->currency);
	else
		dstr_copy(&c->gmv, "–");
	double share = p->share < 0.0 ? 0.0 : p->share > 1.0 ? 1.0 : p->share;
	snprintf(pct, sizeof(pct), "%d", (int)(share * 100.0 + 0.5));
	lk_dock_fill(&c->share, tr("Dock.Show.Percent"), pct, NULL);
	c->open = p->end_ms == 0;
}

void lk_dock_chart_reset(struct lk_dock_chart *c)
{
	memset(c, 0, sizeof(*c));
}

bool lk_dock_chart_update(struct lk_dock_chart *c, const struct lk_show_view *v, int64_t now_ms)
{
	if (!v || v->state == LK_SHOW_NONE || !v->show_id) {
		bool had = c->n > 0;
		lk_dock_chart_reset(c);
		return had;
	}
	if (strcmp(c->show_id, v->show_id) != 0) {
		lk_dock_chart_reset(c);
		snprintf(c->show_id, sizeof(c->show_id), "%s", v->show_id);
		c->start_ms = v->start_ms;
		/* the chart starts at zero at the show's start */
		c->t[0] = v->start_ms;
		c->v[0] = 0;
		c->n = 1;
	}
	if (!c->currency[0] && v->num_totals)
		memcpy(c->currency, v->totals[0].currency, sizeof(c->currency));
	const struct lk_show_totals *tot = c->currency[0] ? lk_show_view_totals(v, c->currency) : NULL;
	int64_t gmv = tot ? tot->gmv : 0;
	int64_t t = v->state == LK_SHOW_ENDED && v->end_ms ? v->end_ms : now_ms;
	if (t < c->t[c->n - 1])
		t = c->t[c->n - 1];
	if (c->n > 1 && t - c->t[c->n - 1] < 1000) {
		if (c->v[c->n - 1] == gmv)
			return false;
		c->v[c->n - 1] = gmv; /* within a second: the newer value */
		c->t[c->n - 1] = t;
		return true;
	}
	if (c->v[c->n - 1] == gmv && c->n > 1 && v->state == LK_SHOW_ENDED)
		return false;
	if (c->n == LK_DOCK_CHART_CAP) { /* keep every other sample (the first and the last stay) */
		size_t k = 0;
		for (size_t i = 0; i < c->n; i += 2, k++) {
			c->t[k] = c->t[i];
			c->v[k] = c->v[i];
		}
		c->n = k;
	}
	c->t[c->n] = t;
	c->v[c->n] = gmv;
	c->n++;
	return true;
}

int64_t lk_dock_chart_max(const struct lk_dock_chart *c)
{
	int64_t m = 1;
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i] > m)
			m = c->v[i];
	return m;
}

const char *lk_dock_report_dir(struct dstr *out, const char *report_path)
{
	lk_dock_empty(out);
	if (!report_path)
		return out->array;
	const char *slash = strrchr(report_path, '/');
	const char *back = strrchr(report_path, '\\');
	if (back && (!slash || back > slash))
		slash = back;
	if (slash)
		dstr_ncopy(out, report_path, (size_t)(slash - report_path));
	return out->array;
}
