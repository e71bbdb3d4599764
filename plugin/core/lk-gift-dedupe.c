/*
 * Linkon — bounded seen-set for gift event ids (see lk-gift-dedupe.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The slots form a ring in arrival order: `next` is where the next id goes;
 * once the ring is full that slot holds the oldest id, which is unindexed
 * before it is overwritten (FIFO eviction).
 */
#include "lk-gift-dedupe.h"

#include "lk-gift.h"
#include "lk-gift-index.h"

#include <util/bmem.h>

struct lk_gift_dedupe {
	struct lk_gift_index ix;
	uint32_t next;  /* ring position of the next insert */
	uint32_t count; /* ids remembered, <= ix.cap */
};

struct lk_gift_dedupe *lk_gift_dedupe_create(size_t capacity)
{
	struct lk_gift_dedupe *d = bzalloc(sizeof(*d));

	if (capacity == 0)
		capacity = LK_GIFT_DEDUPE_DEFAULT;
	if (capacity < 16)
		capacity = 16;
	if (capacity > LK_GIFT_DEDUPE_MAX)
		capacity = LK_GIFT_DEDUPE_MAX;
	lk_gift_index_init(&d->ix, (uint32_t)capacity);
	return d;
}

void lk_gift_dedupe_destroy(struct lk_gift_dedupe *d)
{
	if (!d)
		return;
	lk_gift_index_free(&d->ix);
	bfree(d);
}

bool lk_gift_dedupe_contains(const struct lk_gift_dedupe *d, uint64_t hash)
{
	return lk_gift_index_find(&d->ix, hash) >= 0;
}

bool lk_gift_dedupe_add(struct lk_gift_dedupe *d, uint64_t hash)
{
	if (lk_gift_index_find(&d->ix, hash) >= 0)
		return false;

	int32_t slot = (int32_t)d->next;
	if (d->count == d->ix.cap)
		lk_gift_index_remove(&d->ix, slot); /* forget the oldest */
	else
		d->count++;
	lk_gift_index_insert(&d->ix, slot, hash);
	d->next = (d->next + 1) % d->ix.cap;
	return true;
}

bool lk_gift_dedupe_add_id(struct lk_gift_dedupe *d, const char *id, size_t n)
{
	return lk_gift_dedupe_add(d, lk_gift_hash(id, n, 0));
}

size_t lk_gift_dedupe_count(const struct lk_gift_dedupe *d)
{
	return d->count;
}

size_t lk_gift_dedupe_capacity(const struct lk_gift_dedupe *d)
{
	return d->ix.cap;
}

void lk_gift_dedupe_clear(struct lk_gift_dedupe *d)
{
	lk_gift_index_clear(&d->ix);
	d->next = 0;
	d->count = 0;
}
