/*
 * Linkon — the gift alert queue's bounded tables: streaks (LRU + open list),
 * sender totals (min-heap, smallest forgotten first) and a summary's
 * distinct viewers. All fixed-size, allocated once. Caller holds the lock.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-alerts-priv.h"

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

/* ---- intrusive lists over slot numbers --------------------------------- */

static struct lk_link *link_of(struct lk_streaks *t, int32_t i, bool open)
{
	if (i < 0)
		return open ? &t->open_ends : &t->lru_ends;
	return open ? &t->s[i].open : &t->s[i].lru;
}

static void list_unlink(struct lk_streaks *t, int32_t i, bool open)
{
	struct lk_link *l = link_of(t, i, open);
	link_of(t, l->prev, open)->next = l->next;
	link_of(t, l->next, open)->prev = l->prev;
	l->prev = l->next = -1;
}

static void list_append(struct lk_streaks *t, int32_t i, bool open)
{
	struct lk_link *ends = open ? &t->open_ends : &t->lru_ends;
	struct lk_link *l = link_of(t, i, open);
	l->prev = ends->prev;
	l->next = -1;
	link_of(t, ends->prev, open)->next = i;
	ends->prev = i;
}

/* ---- streaks ----------------------------------------------------------- */

void lk_streaks_init(struct lk_streaks *t, uint32_t cap)
{
	memset(t, 0, sizeof(*t));
	lk_gift_index_init(&t->ix, cap);
	t->s = bzalloc(sizeof(*t->s) * t->ix.cap);
	lk_streaks_clear(t);
}

void lk_streaks_free(struct lk_streaks *t)
{
	lk_gift_index_free(&t->ix);
	bfree(t->s);
	memset(t, 0, sizeof(*t));
}

void lk_streaks_clear(struct lk_streaks *t)
{
	lk_gift_index_clear(&t->ix);
	for (uint32_t i = 0; i < t->ix.cap; i++)
		t->s[i].lru.next = i + 1 < t->ix.cap ? (int32_t)i + 1 : -1;
	t->free_head = 0;
	t->count = 0;
	t->lru_ends.prev = t->lru_ends.next = -1;
	t->open_ends.prev = t->open_ends.next = -1;
}

struct lk_streak *lk_streaks_find(struct lk_streaks *t, uint64_t key)
{
	int32_t i = lk_gift_index_find(&t->ix, key);
	return i >= 0 ? &t->s[i] : NULL;
}

static void forget(struct lk_streaks *t, int32_t i)
{
	if (!t->s[i].closed)
		list_unlink(t, i, true);
	list_unlink(t, i, false);
	lk_gift_index_remove(&t->ix, i);
	t->s[i].lru.next = t->free_head;
	t->free_head = i;
	t->count--;
}

struct lk_streak *lk_streaks_add(struct lk_streaks *t, uint64_t key, int64_t now_ms)
{
	if (t->free_head < 0)
		forget(t, t->lru_ends.next);

	int32_t i = t->free_head;
	struct lk_streak *s = &t->s[i];
	t->free_head = s->lru.next;
	memset(s, 0, sizeof(*s));
	s->alert_slot = -1;
	s->sounded_tier = -1;
	s->last_ms = now_ms;
	lk_gift_index_insert(&t->ix, i, key);
	list_append(t, i, false);
	list_append(t, i, true);
	t->count++;
	return s;
}

void lk_streaks_touch(struct lk_streaks *t, struct lk_streak *s, int64_t now_ms, bool end)
{
	int32_t i = (int32_t)(s - t->s);

	s->last_ms = now_ms;
	list_unlink(t, i, false);
	list_append(t, i, false);
	if (!s->closed)
		list_unlink(t, i, true);
	s->closed = end;
	if (!end)
		list_append(t, i, true);
}

void lk_streaks_expire(struct lk_streaks *t, int64_t now_ms, int64_t timeout_ms, int64_t memory_ms)
{
	/* both lists are in order of last activity: stop at the first young one */
	while (t->open_ends.next >= 0 && now_ms - t->s[t->open_ends.next].last_ms >= timeout_ms) {
		int32_t i = t->open_ends.next;
		list_unlink(t, i, true);
		t->s[i].closed = true;
	}
	while (t->lru_ends.next >= 0 && now_ms - t->s[t->lru_ends.next].last_ms >= memory_ms)
		forget(t, t->lru_ends.next);
}

/* ---- sender totals ----------------------------------------------------- */

void lk_senders_init(struct lk_senders *t, uint32_t cap)
{
	memset(t, 0, sizeof(*t));
	lk_gift_index_init(&t->ix, cap);
	t->e = bzalloc(sizeof(*t->e) * t->ix.cap);
	t->heap = bzalloc(sizeof(*t->heap) * t->ix.cap);
}

void lk_senders_clear(struct lk_senders *t)
{
	for (uint32_t i = 0; i < t->count; i++) {
		bfree(t->e[i].name);
		t->e[i].name = NULL;
	}
	lk_gift_index_clear(&t->ix);
	t->count = 0;
}

void lk_senders_free(struct lk_senders *t)
{
	lk_senders_clear(t);
	lk_gift_index_free(&t->ix);
	bfree(t->e);
	bfree(t->heap);
	memset(t, 0, sizeof(*t));
}

static bool sender_less(const struct lk_senders *t, int32_t a, int32_t b)
{
	const struct lk_sender *x = &t->e[a], *y = &t->e[b];
	return x->value != y->value ? x->value < y->value : x->gifts < y->gifts;
}

static void heap_set(struct lk_senders *t, uint32_t pos, int32_t slot)
{
	t->heap[pos] = slot;
	t->e[slot].heap_pos = (int32_t)pos;
}

static void sift_up(struct lk_senders *t, uint32_t pos)
{
	int32_t slot = t->heap[pos];
	while (pos > 0 && sender_less(t, slot, t->heap[(pos - 1) / 2])) {
		heap_set(t, pos, t->heap[(pos - 1) / 2]);
		pos = (pos - 1) / 2;
	}
	heap_set(t, pos, slot);
}

static void sift_down(struct lk_senders *t, uint32_t pos)
{
	int32_t slot = t->heap[pos];
	for (;;) {
		uint32_t c = 2 * pos + 1;
		if (c >= t->count)
			break;
		if (c + 1 < t->count && sender_less(t, t->heap[c + 1], t->heap[c]))
			c++;
		if (!sender_less(t, t->heap[c], slot))
			break;
		heap_set(t, pos, t->heap[c]);
		pos = c;
	}
	heap_set(t, pos, slot);
}

void lk_senders_add(struct lk_senders *t, uint64_t key, const char *name, int64_t gifts, int64_t value)
{
	int32_t i = lk_gift_index_find(&t->ix, key);

	if (i >= 0) {
		t->e[i].gifts = lk_sat_add(t->e[i].gifts, gifts);
		t->e[i].value = lk_sat_add(t->e[i].value, value);
		sift_down(t, (uint32_t)t->e[i].heap_pos); /* only grew: moves away from the root */
		return;
	}
	bool replaced = t->count == t->ix.cap;
	if (replaced) { /* full: the smallest total makes room */
		i = t->heap[0];
		lk_gift_index_remove(&t->ix, i);
		bfree(t->e[i].name);
	} else {
		i = (int32_t)t->count; /* slots fill in order, heap grows with them */
		heap_set(t, t->count++, i);
	}
	t->e[i].name = bstrdup_n(name ? name : "", name ? strnlen(name, LK_GIFT_MAX_NAME) : 0);
	t->e[i].gifts = gifts;
	t->e[i].value = value;
	lk_gift_index_insert(&t->ix, i, key);
	if (replaced)
		sift_down(t, 0);
	else
		sift_up(t, (uint32_t)t->e[i].heap_pos);
}

static bool sender_better(const struct lk_sender *x, const struct lk_sender *y)
{
	if (x->value != y->value)
		return x->value > y->value;
	if (x->gifts != y->gifts)
		return x->gifts > y->gifts;
	return strcmp(x->name, y->name) < 0;
}

size_t lk_senders_top(const struct lk_senders *t, struct lk_gift_sender_total *out, size_t n)
{
	const struct lk_sender *best[LK_ALERTS_MAX_TOP];
	size_t have = 0;

	if (n > LK_ALERTS_MAX_TOP)
		n = LK_ALERTS_MAX_TOP;
	for (uint32_t i = 0; i < t->count && n > 0; i++) {
		const struct lk_sender *s = &t->e[i];
		if (have == n && !sender_better(s, best[n - 1]))
			continue;
		size_t pos = have < n ? have++ : n - 1;
		while (pos > 0 && sender_better(s, best[pos - 1])) {
			best[pos] = best[pos - 1];
			pos--;
		}
		best[pos] = s;
	}
	for (size_t i = 0; i < have; i++) {
		snprintf(out[i].name, sizeof(out[i].name), "%s", best[i]->name);
		out[i].gifts = best[i]->gifts;
		out[i].value = best[i]->value;
	}
	return have;
}

/* ---- distinct viewers -------------------------------------------------- */

bool lk_viewers_add(struct lk_viewers *v, uint64_t key)
{
	if (key == 0)
		key = 1;
	uint32_t i = (uint32_t)(key ^ (key >> 32)) & (LK_VIEWERS_SLOTS - 1);
	for (;;) {
		if (v->keys[i] == key)
			return true;
		if (v->keys[i] == 0)
			break;
		i = (i + 1) & (LK_VIEWERS_SLOTS - 1);
	}
	if (v->count >= LK_VIEWERS_SLOTS / 2)
		return false;
	v->keys[i] = key;
	v->count++;
	return true;
}
