/*
 * Linkon — flash sale model and its pure state function (see lk-sale.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reference counting uses the libobs atomics, so a sale may be released on
 * any thread; the last release frees it.
 */
#include "lk-sale.h"
#include "lk-str.h"

#include <string.h>
#include <util/bmem.h>
#include <util/threading.h>

struct lk_sale *lk_sale_new(const char *id, const char *product_id)
{
	struct lk_sale *s = bzalloc(sizeof(*s));

	s->refs = 1;
	s->id = bstrdup(id ? id : "");
	s->product_id = bstrdup(product_id ? product_id : "");
	s->stock_limit = LK_SALE_NO_LIMIT;
	s->stock_left = LK_SALE_NO_LIMIT;
	s->state = LK_SALE_SCHEDULED;
	return s;
}

struct lk_sale *lk_sale_clone(const struct lk_sale *s)
{
	if (!s)
		return NULL;

	/* field by field: s->refs may be changing on other threads */
	struct lk_sale *c = bzalloc(sizeof(*c));
	c->refs = 1;
	c->id = bstrdup(s->id);
	c->product_id = bstrdup(s->product_id);
	c->sale_price = s->sale_price;
	c->stock_limit = s->stock_limit;
	c->stock_left = s->stock_left;
	c->preroll_ms = s->preroll_ms;
	c->start_ms = s->start_ms;
	c->end_ms = s->end_ms;
	c->stopped = s->stopped;
	c->stop_ms = s->stop_ms;
	c->sold_out = s->sold_out;
	c->sold_out_ms = s->sold_out_ms;
	c->state = s->state;
	c->state_ms = s->state_ms;
	c->state_seq = s->state_seq;
	return c;
}

struct lk_sale *lk_sale_addref(struct lk_sale *s)
{
	if (s)
		os_atomic_inc_long(&s->refs);
	return s;
}

void lk_sale_release(struct lk_sale *s)
{
	if (!s || os_atomic_dec_long(&s->refs) > 0)
		return;

	bfree(s->id);
	bfree(s->product_id);
	bfree(s);
}

struct lk_sale *lk_sale_from_params(const char *id, const struct lk_sale_params *params, int64_t product_price,
				    int64_t platform_now_ms)
{
	struct lk_sale *s = lk_sale_new(id, params->product_id);

	s->sale_price = params->has_price ? params->sale_price : product_price;
	if (params->has_stock) {
		s->stock_limit = params->stock;
		s->stock_left = params->stock;
	}
	s->preroll_ms = params->preroll_ms > 0 ? params->preroll_ms : 0;
	s->start_ms = platform_now_ms + s->preroll_ms;
	s->end_ms = s->start_ms + params->duration_ms;
	s->state = s->preroll_ms ? LK_SALE_PREROLL : LK_SALE_LIVE;
	s->state_ms = platform_now_ms;
	return s;
}

bool lk_sale_inputs_equal(const struct lk_sale *a, const struct lk_sale *b)
{
	if (!a || !b)
		return a == b;
	return lk_str_same(a->id, b->id) && lk_str_same(a->product_id, b->product_id) &&
	       a->sale_price == b->sale_price && a->stock_limit == b->stock_limit && a->stock_left == b->stock_left &&
	       a->preroll_ms == b->preroll_ms && a->start_ms == b->start_ms && a->end_ms == b->end_ms &&
	       a->stopped == b->stopped && a->stop_ms == b->stop_ms && a->sold_out == b->sold_out &&
	       a->sold_out_ms == b->sold_out_ms;
}

/* ---- the state function --------------------------------------------------- */

static int64_t preroll_begin(const struct lk_sale *s)
{
	return s->start_ms - (s->preroll_ms > 0 ? s->preroll_ms : 0);
}

/* Keeps the earliest final event at or before t; on a tie the first one
 * offered wins (callers offer sold out, ended, stopped in that order). */
static void offer_final(bool happens, int64_t at, enum lk_sale_state state, int64_t t, enum lk_sale_state *best,
			int64_t *best_ms)
{
	if (happens && at <= t && at < *best_ms) {
		*best = state;
		*best_ms = at;
	}
}

enum lk_sale_state lk_sale_state_at(const struct lk_sale *s, int64_t t, int64_t *since_ms)
{
	enum lk_sale_state state = LK_SALE_SCHEDULED;
	int64_t since = INT64_MAX;

	offer_final(s->sold_out, s->sold_out_ms, LK_SALE_SOLD_OUT, t, &state, &since);
	offer_final(true, s->end_ms, LK_SALE_ENDED, t, &state, &since);
	offer_final(s->stopped, s->stop_ms, LK_SALE_STOPPED, t, &state, &since);

	if (since == INT64_MAX) {
		if (t >= s->start_ms) {
			state = LK_SALE_LIVE;
			since = s->start_ms;
		} else if (t >= preroll_begin(s)) {
			state = LK_SALE_PREROLL;
			since = preroll_begin(s);
		} else {
			since = INT64_MIN;
		}
	}
	if (since_ms)
		*since_ms = since;
	return state;
}

bool lk_sale_state_final(enum lk_sale_state state)
{
	return state == LK_SALE_ENDED || state == LK_SALE_SOLD_OUT || state == LK_SALE_STOPPED;
}

static void offer_next(bool happens, int64_t at, int64_t t, int64_t *next)
{
	if (happens && at > t && at < *next)
		*next = at;
}

int64_t lk_sale_next_change(const struct lk_sale *s, int64_t t)
{
	int64_t next = INT64_MAX;

	if (lk_sale_state_final(lk_sale_state_at(s, t, NULL)))
		return next;
	offer_next(true, preroll_begin(s), t, &next);
	offer_next(true, s->start_ms, t, &next);
	offer_next(true, s->end_ms, t, &next);
	offer_next(s->sold_out, s->sold_out_ms, t, &next);
	offer_next(s->stopped, s->stop_ms, t, &next);
	return next;
}

int64_t lk_sale_remaining_ms(const struct lk_sale *s, int64_t t)
{
	switch (lk_sale_state_at(s, t, NULL)) {
	case LK_SALE_SCHEDULED:
	case LK_SALE_PREROLL:
		return s->start_ms - t;
	case LK_SALE_LIVE:
		return s->end_ms - t;
	default:
		return 0;
	}
}

const char *lk_sale_state_name(enum lk_sale_state state)
{
	switch (state) {
	case LK_SALE_SCHEDULED:
		return "scheduled";
	case LK_SALE_PREROLL:
		return "preroll";
	case LK_SALE_LIVE:
		return "live";
	case LK_SALE_ENDED:
		return "ended";
	case LK_SALE_SOLD_OUT:
		return "sold_out";
	case LK_SALE_STOPPED:
		return "stopped";
	}
	return "unknown";
}
