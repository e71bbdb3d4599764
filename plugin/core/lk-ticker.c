/*
 * Linkon — the "just bought" ticker's queue (see lk-ticker.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-ticker.h"

#include <string.h>
#include <util/bmem.h>

#define RECENT_CAP (sizeof(((struct lk_ticker *)0)->recent) / sizeof(int64_t))

static char *dup_or_null(const char *s)
{
	return s ? bstrdup(s) : NULL;
}

void lk_ticker_item_copy(struct lk_ticker_item *dst, const struct lk_ticker_item *src)
{
	*dst = *src;
	dst->order_id = dup_or_null(src->order_id);
	dst->buyer = dup_or_null(src->buyer);
	dst->product_id = dup_or_null(src->product_id);
	dst->title = dup_or_null(src->title);
	dst->image = dup_or_null(src->image);
}

void lk_ticker_item_clear(struct lk_ticker_item *it)
{
	bfree(it->order_id);
	bfree(it->buyer);
	bfree(it->product_id);
	bfree(it->title);
	bfree(it->image);
	memset(it, 0, sizeof(*it));
}

void lk_ticker_init(struct lk_ticker *t, const struct lk_ticker_config *cfg)
{
	memset(t, 0, sizeof(*t));
	da_init(t->waiting);
	lk_ticker_set_config(t, cfg);
}

void lk_ticker_set_config(struct lk_ticker *t, const struct lk_ticker_config *cfg)
{
	t->cfg = *cfg;
	if (t->cfg.min_ms < 0)
		t->cfg.min_ms = 0;
	if (t->cfg.max_ms < 0)
		t->cfg.max_ms = 0;
	if (t->cfg.max_ms && t->cfg.max_ms < t->cfg.min_ms)
		t->cfg.max_ms = t->cfg.min_ms;
}

static void clear_waiting(struct lk_ticker *t)
{
	for (size_t i = 0; i < t->waiting.num; i++)
		lk_ticker_item_clear(&t->waiting.array[i]);
	da_resize(t->waiting, 0);
}

void lk_ticker_clear(struct lk_ticker *t)
{
	clear_waiting(t);
	if (t->current.kind != LK_TICKER_NONE) {
		lk_ticker_item_clear(&t->current);
		t->seq++;
	}
}

void lk_ticker_free(struct lk_ticker *t)
{
	clear_waiting(t);
	da_free(t->waiting);
	lk_ticker_item_clear(&t->current);
}

static void forget_old(struct lk_ticker *t, int64_t now)
{
	while (t->recent_len && now - t->recent[t->recent_head] >= LK_TICKER_WINDOW_MS) {
		t->recent_head = (t->recent_head + 1) % RECENT_CAP;
		t->recent_len--;
	}
}

void lk_ticker_push(struct lk_ticker *t, const struct lk_ticker_item *item, int64_t now)
{
	struct lk_ticker_item *it = da_push_back_new(t->waiting);
	lk_ticker_item_copy(it, item);
	it->kind = LK_TICKER_ORDER;
	it->at_ms = now;
	forget_old(t, now);
	if (t->recent_len == RECENT_CAP) { /* full: the oldest goes (the count saturates at the cap) */
		t->recent_head = (t->recent_head + 1) % RECENT_CAP;
		t->recent_len--;
	}
	t->recent[(t->recent_head + t->recent_len) % RECENT_CAP] = now;
	t->recent_len++;
}

size_t lk_ticker_recent(const struct lk_ticker *t, int64_t now)
{
	size_t n = 0;
	for (size_t i = 0; i < t->recent_len; i++)
		if (now - t->recent[(t->recent_head + i) % RECENT_CAP] < LK_TICKER_WINDOW_MS)
			n++;
	return n;
}

size_t lk_ticker_waiting(const struct lk_ticker *t)
{
	return t->waiting.num;
}

/* The next entry: the oldest waiting order, or all of them as one burst. */
static void take_next(struct lk_ticker *t, int64_t now)
{
	lk_ticker_item_clear(&t->current);
	if (t->cfg.fold_at && t->waiting.num > t->cfg.fold_at) {
		/* the newest order leads the burst (its product is what sells now) */
		struct lk_ticker_item *last = &t->waiting.array[t->waiting.num - 1];
		t->current = *last;
		memset(last, 0, sizeof(*last));
		t->current.kind = LK_TICKER_BURST;
		/* the others: those folded, or all of the last minute's if more */
		size_t recent = lk_ticker_recent(t, now);
		size_t others = recent > t->waiting.num ? recent : t->waiting.num;
		t->current.more = (int64_t)others - 1;
		clear_waiting(t);
	} else {
		t->current = t->waiting.array[0];
		da_erase(t->waiting, 0);
	}
	t->shown_ms = now;
	t->seq++;
}

bool lk_ticker_tick(struct lk_ticker *t, int64_t now)
{
	forget_old(t, now);
	if (t->current.kind == LK_TICKER_NONE) {
		if (!t->waiting.num)
			return false;
		take_next(t, now);
		return true;
	}
	int64_t on = now - t->shown_ms;
	if (t->waiting.num && on >= t->cfg.min_ms) {
		take_next(t, now);
		return true;
	}
	if (!t->waiting.num && t->cfg.max_ms && on >= t->cfg.max_ms) {
		lk_ticker_item_clear(&t->current);
		t->seq++;
		return true;
	}
	return false;
}
