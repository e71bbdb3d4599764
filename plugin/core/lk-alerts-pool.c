/*
 * Linkon — the gift alert queue: the slot pool, the showing order and
 * overflow folding into the summary. Caller holds the queue's mutex.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-alerts-priv.h"

#include <string.h>
#include <util/bmem.h>

/* ---- pool and waiting list --------------------------------------------- */

void lk_alerts_pool_resize(struct lk_alerts *q, uint32_t cap)
{
	if (cap <= q->pool_cap)
		return;
	q->pool = brealloc(q->pool, sizeof(*q->pool) * cap);
	q->free_slots = brealloc(q->free_slots, sizeof(*q->free_slots) * cap);
	q->pending = brealloc(q->pending, sizeof(*q->pending) * cap);
	memset(q->pool + q->pool_cap, 0, sizeof(*q->pool) * (cap - q->pool_cap));
	for (uint32_t i = cap; i > q->pool_cap; i--)
		q->free_slots[q->num_free++] = (int32_t)(i - 1);
	q->pool_cap = cap;
}

int32_t lk_alerts_slot_take(struct lk_alerts *q)
{
	return q->num_free ? q->free_slots[--q->num_free] : -1;
}

void lk_alerts_slot_free(struct lk_alerts *q, int32_t slot)
{
	lk_alert_strings_release(q->pool[slot].str);
	memset(&q->pool[slot], 0, sizeof(q->pool[slot]));
	q->free_slots[q->num_free++] = slot;
}

/* Showing order: a replay first, then bigger tiers, then arrival. */
bool lk_alert_before(const struct lk_alert *a, const struct lk_alert *b)
{
	if (a->replay != b->replay)
		return a->replay;
	if (a->tier != b->tier)
		return a->tier > b->tier;
	return a->seq < b->seq;
}

void lk_alerts_pending_insert(struct lk_alerts *q, int32_t slot)
{
	uint32_t pos = q->num_pending;
	while (pos > 0 && lk_alert_before(&q->pool[slot], &q->pool[q->pending[pos - 1]])) {
		q->pending[pos] = q->pending[pos - 1];
		pos--;
	}
	q->pending[pos] = slot;
	q->num_pending++;
}

void lk_alerts_pending_remove(struct lk_alerts *q, int32_t slot)
{
	for (uint32_t i = 0; i < q->num_pending; i++) {
		if (q->pending[i] == slot) {
			memmove(q->pending + i, q->pending + i + 1, sizeof(*q->pending) * (q->num_pending - i - 1));
			q->num_pending--;
			return;
		}
	}
}

/* The waiting gift alert that folds first: last in showing order. */
int32_t lk_alerts_lowest_waiting(const struct lk_alerts *q)
{
	for (uint32_t i = q->num_pending; i > 0; i--) {
		const struct lk_alert *a = &q->pool[q->pending[i - 1]];
		if (a->kind == LK_ALERT_GIFT && !a->replay)
			return q->pending[i - 1];
	}
	return -1;
}

/* ---- summary (overflow folding) ---------------------------------------- */

static int32_t summary_slot(struct lk_alerts *q, uint64_t first_seq)
{
	if (q->summary >= 0)
		return q->summary;

	int32_t slot = lk_alerts_slot_take(q); /* the pool always keeps one for it */
	struct lk_alert *s = &q->pool[slot];
	memset(s, 0, sizeof(*s));
	s->id = q->next_id++;
	s->seq = first_seq;
	s->kind = LK_ALERT_SUMMARY;
	memset(&q->viewers, 0, sizeof(q->viewers));
	q->summary = slot;
	lk_alerts_pending_insert(q, slot);
	return slot;
}

/* Adds alert a's gifts to the waiting summary; returns the summary's slot. */
int32_t lk_alerts_fold(struct lk_alerts *q, const struct lk_alert *a)
{
	int32_t slot = summary_slot(q, a->seq);
	struct lk_alert *s = &q->pool[slot];

	s->count = lk_sat_add(s->count, a->count);
	s->value = lk_sat_add(s->value, a->value);
	lk_alert_add_money(s, a->money, a->currency);
	if (!lk_viewers_add(&q->viewers, a->sender_key))
		s->senders_more = true;
	s->senders = q->viewers.count;
	q->st.folded++;
	return slot;
}

void lk_alerts_fold_waiting(struct lk_alerts *q, int32_t victim)
{
	struct lk_alert a = q->pool[victim];
	lk_alerts_pending_remove(q, victim);
	q->num_waiting--;
	int32_t slot = lk_alerts_fold(q, &a);
	lk_alerts_feed_folded(q, a.feed_id);
	struct lk_streak *s = a.streak_key ? lk_streaks_find(&q->streaks, a.streak_key) : NULL;
	if (s && s->alert_id == a.id) {
		s->alert_slot = slot;
		s->alert_id = q->pool[slot].id;
	}
	lk_alerts_slot_free(q, victim);
}
