/*
 * Linkon — the store's flash sales: sale events, time-driven states, the
 * current sale (see lk-store.h for the rules, lk-sale.h for the states).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Runs on the store's writer (see lk-store-priv.h). A changed sale is never
 * edited in place: it is cloned, the clone edited and swapped into the
 * draft, so published snapshots never change. All times are platform ms.
 */
#include "lk-store-priv.h"

#include <string.h>
#include <util/bmem.h>

/* ---- snapshots ------------------------------------------------------------ */

static size_t find_sale(struct lk_sale *const *arr, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++) {
		if (strcmp(arr[i]->id, id) == 0)
			return i;
	}
	return DARRAY_INVALID;
}

struct lk_sale *lk_snapshot_find_sale(const struct lk_snapshot *snap, const char *id)
{
	size_t idx = snap ? find_sale(snap->sales, snap->num_sales, id) : DARRAY_INVALID;
	return idx != DARRAY_INVALID ? snap->sales[idx] : NULL;
}

void lk_store_sales_release(struct lk_snapshot *snap)
{
	for (size_t i = 0; i < snap->num_sales; i++)
		lk_sale_release(snap->sales[i]);
	bfree(snap->sales);
	snap->sales = NULL;
	snap->num_sales = 0;
	snap->current_sale = NULL;
}

/* Is s live at now with its product out of stock (so it sells out now)? */
static bool sells_out_now(const struct lk_sale *s, const struct lk_catalog *cat, int64_t now)
{
	const struct lk_product *p = lk_catalog_find(cat, s->product_id);
	return p && p->stock == 0 && !s->sold_out && lk_sale_state_at(s, now, NULL) == LK_SALE_LIVE;
}

/* Does an unfinished sale need a new state at now? */
static bool sale_due(const struct lk_sale *s, const struct lk_catalog *cat, int64_t now)
{
	if (lk_sale_state_final(s->state))
		return false;
	return lk_sale_state_at(s, now, NULL) != s->state || sells_out_now(s, cat, now);
}

/* The current sale by the rule in lk-store.h (from the stored states). */
static struct lk_sale *choose_current(struct lk_sale *const *sales, size_t n, int64_t now)
{
	struct lk_sale *live = NULL, *pre = NULL, *done = NULL, *next = NULL;

	for (size_t i = 0; i < n; i++) {
		struct lk_sale *s = sales[i];
		switch (s->state) {
		case LK_SALE_LIVE:
			if (!live || s->start_ms >= live->start_ms)
				live = s;
			break;
		case LK_SALE_PREROLL:
			if (!pre || s->start_ms < pre->start_ms)
				pre = s;
			break;
		case LK_SALE_SCHEDULED:
			if (!next || s->start_ms < next->start_ms)
				next = s;
			break;
		default:
			if (now - s->state_ms < LK_SALE_END_HOLD_MS && (!done || s->state_ms >= done->state_ms))
				done = s;
			break;
		}
	}
	return live ? live : pre ? pre : done ? done : next;
}

bool lk_sales_due(const struct lk_snapshot *cur, int64_t now)
{
	const struct lk_catalog cat = {cur->products, cur->num_products, cur->product_index};

	for (size_t i = 0; i < cur->num_sales; i++) {
		if (sale_due(cur->sales[i], &cat, now))
			return true;
	}
	return choose_current(cur->sales, cur->num_sales, now) != cur->current_sale;
}

int64_t lk_snapshot_next_tick_ms(const struct lk_snapshot *snap, int64_t local_now_ms)
{
	int64_t now = lk_snapshot_platform_now(snap, local_now_ms);
	int64_t next = INT64_MAX;

	if (lk_sales_due(snap, now))
		return local_now_ms;
	for (size_t i = 0; i < snap->num_sales; i++) {
		int64_t t = lk_sale_next_change(snap->sales[i], now);
		if (t < next)
			next = t;
	}
	const struct lk_sale *cur = snap->current_sale;
	if (cur && lk_sale_state_final(cur->state) && cur->state_ms + LK_SALE_END_HOLD_MS < next)
		next = cur->state_ms + LK_SALE_END_HOLD_MS;
	return next == INT64_MAX ? INT64_MAX : lk_clock_map_local(&snap->clock, next);
}

/* ---- the draft ------------------------------------------------------------ */

void lk_sales_draft_init(struct lk_sales_draft *sd, const struct lk_snapshot *cur)
{
	memset(sd, 0, sizeof(*sd));
	da_reserve(sd->sales, cur->num_sales);
	for (size_t i = 0; i < cur->num_sales; i++) {
		struct lk_sale *s = lk_sale_addref(cur->sales[i]);
		da_push_back(sd->sales, &s);
	}
	sd->current = cur->current_sale;
	sd->seq = cur->sales_seq;
}

void lk_sales_draft_free(struct lk_sales_draft *sd)
{
	for (size_t i = 0; i < sd->sales.num; i++)
		lk_sale_release(sd->sales.array[i]);
	da_free(sd->sales);
	sd->current = NULL;
}

bool lk_sales_draft_changed(const struct lk_sales_draft *sd, const struct lk_snapshot *cur)
{
	if (sd->sales.num != cur->num_sales || sd->current != cur->current_sale || sd->seq != cur->sales_seq)
		return true;
	return sd->sales.num && memcmp(sd->sales.array, cur->sales, sd->sales.num * sizeof(*cur->sales)) != 0;
}

void lk_sales_draft_move(struct lk_sales_draft *sd, struct lk_snapshot *s)
{
	s->sales = sd->sales.array;
	s->num_sales = sd->sales.num;
	s->current_sale = sd->current;
	s->sales_seq = sd->seq;
	memset(sd, 0, sizeof(*sd));
}

/* Swaps sales[idx] for c (reference taken over). */
static void draft_replace(struct lk_sales_draft *sd, size_t idx, struct lk_sale *c)
{
	struct lk_sale *old = sd->sales.array[idx];

	sd->sales.array[idx] = c;
	if (sd->current == old)
		sd->current = c;
	lk_sale_release(old);
}

/* Makes room for one more: drops the longest-finished sale (or, if none is
 * finished, the oldest that is not current). */
static void draft_make_room(struct lk_sales_draft *sd)
{
	size_t drop = DARRAY_INVALID;

	for (size_t i = 0; i < sd->sales.num; i++) {
		const struct lk_sale *s = sd->sales.array[i];
		if (s != sd->current && lk_sale_state_final(s->state) &&
		    (drop == DARRAY_INVALID || s->state_ms < sd->sales.array[drop]->state_ms))
			drop = i;
	}
	if (drop == DARRAY_INVALID)
		drop = sd->sales.array[0] != sd->current ? 0 : 1;

	lk_sale_release(sd->sales.array[drop]);
	da_erase(sd->sales, drop);
}

/* Sets c's state for time now; a final state stays unless force. Counts a
 * change (and a new sale's first state: state_seq 0). */
static void restate(struct lk_sales_draft *sd, struct lk_sale *c, int64_t now, bool force)
{
	int64_t since;

	if (!force && lk_sale_state_final(c->state))
		return;
	enum lk_sale_state state = lk_sale_state_at(c, now, &since);
	if (state == c->state && c->state_seq > 0) {
		/* the same state, better dated (a stop learned more exactly):
		 * the time moves, it is no new change of state */
		int64_t ms = since == INT64_MIN ? c->state_ms : since;
		if (force && ms != c->state_ms) {
			c->state_ms = ms;
			sd->seq++;
		}
		return;
	}
	c->state = state;
	c->state_ms = since == INT64_MIN ? now : since;
	c->state_seq++;
	sd->seq++;
}

/* Stock left 0 under a limit sells out now, or at start if not live yet;
 * stock coming back before that undoes it. */
static void apply_stock_left(struct lk_sale *c, int64_t now)
{
	if (c->stock_limit < 0)
		return;
	if (c->stock_left <= 0 && !c->sold_out) {
		c->sold_out = true;
		c->sold_out_ms = now > c->start_ms ? now : c->start_ms;
	} else if (c->stock_left > 0 && c->sold_out && c->sold_out_ms > now) {
		c->sold_out = false;
		c->sold_out_ms = 0;
	}
}

/* The put's copy of an existing sale keeps its history. */
static void carry_over(struct lk_sale *c, const struct lk_sale *old)
{
	c->state = old->state;
	c->state_ms = old->state_ms;
	c->state_seq = old->state_seq;
	/* a stop (or sell-out) is dated no later than the platform's time of
	 * the first word of it: every later word can only be as late or later,
	 * so the earliest time known wins */
	if (old->stopped && (!c->stopped || old->stop_ms < c->stop_ms)) {
		c->stopped = true;
		c->stop_ms = old->stop_ms;
	}
	if (old->sold_out && (!c->sold_out || old->sold_out_ms < c->sold_out_ms)) {
		c->sold_out = true;
		c->sold_out_ms = old->sold_out_ms;
	}
}

void lk_sales_draft_put(struct lk_sales_draft *sd, const struct lk_sale *sale, int64_t now)
{
	if (!sale || !sale->id || !*sale->id || !sale->product_id)
		return;

	size_t idx = find_sale(sd->sales.array, sd->sales.num, sale->id);
	struct lk_sale *old = idx != DARRAY_INVALID ? sd->sales.array[idx] : NULL;
	struct lk_sale *c = lk_sale_clone(sale);

	c->state = LK_SALE_SCHEDULED;
	c->state_seq = 0;
	if (old)
		carry_over(c, old);
	if (c->stock_limit >= 0 && c->stock_left < 0)
		c->stock_left = c->stock_limit;
	apply_stock_left(c, now);
	if (old && lk_sale_inputs_equal(old, c)) {
		lk_sale_release(c);
		return;
	}

	restate(sd, c, now, true);
	if (old) {
		draft_replace(sd, idx, c);
		return;
	}
	if (sd->sales.num >= LK_STORE_MAX_SALES)
		draft_make_room(sd);
	da_push_back(sd->sales, &c);
}

void lk_sales_draft_stop(struct lk_sales_draft *sd, const char *id, int64_t at_ms, int64_t now)
{
	size_t idx = DARRAY_INVALID;

	if (id)
		idx = find_sale(sd->sales.array, sd->sales.num, id);
	else if (sd->current)
		idx = find_sale(sd->sales.array, sd->sales.num, sd->current->id);
	if (idx == DARRAY_INVALID)
		return;

	const struct lk_sale *old = sd->sales.array[idx];
	if (old->stopped || lk_sale_state_final(old->state))
		return;

	struct lk_sale *c = lk_sale_clone(old);
	c->stopped = true;
	c->stop_ms = at_ms;
	restate(sd, c, now, false);
	draft_replace(sd, idx, c);
}

void lk_sales_draft_stock(struct lk_sales_draft *sd, const char *id, int64_t stock_left, int64_t now)
{
	size_t idx = find_sale(sd->sales.array, sd->sales.num, id);
	if (idx == DARRAY_INVALID)
		return;

	const struct lk_sale *old = sd->sales.array[idx];
	if (stock_left < 0)
		stock_left = 0;
	if (old->stock_limit < 0 || old->stock_left == stock_left)
		return;

	struct lk_sale *c = lk_sale_clone(old);
	c->stock_left = stock_left;
	apply_stock_left(c, now);
	restate(sd, c, now, false);
	draft_replace(sd, idx, c);
}

void lk_sales_draft_update(struct lk_sales_draft *sd, const struct lk_catalog *cat, int64_t now)
{
	for (size_t i = 0; i < sd->sales.num; i++) {
		const struct lk_sale *s = sd->sales.array[i];
		if (!sale_due(s, cat, now))
			continue;

		struct lk_sale *c = lk_sale_clone(s);
		if (sells_out_now(s, cat, now)) {
			c->sold_out = true;
			c->sold_out_ms = now;
		}
		restate(sd, c, now, false);
		draft_replace(sd, i, c);
	}
	sd->current = choose_current(sd->sales.array, sd->sales.num, now);
}
