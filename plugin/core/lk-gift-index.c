/*
 * Linkon — fixed-capacity hash index (see lk-gift-index.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-gift-index.h"

#include <string.h>
#include <util/bmem.h>

static inline uint32_t bucket_of(const struct lk_gift_index *ix, uint64_t key)
{
	return (uint32_t)(key ^ (key >> 32)) & ix->mask;
}

void lk_gift_index_init(struct lk_gift_index *ix, uint32_t cap)
{
	uint32_t buckets = 16;

	if (cap < 1)
		cap = 1;
	while (buckets < cap && buckets < (1u << 30))
		buckets <<= 1;
	ix->cap = cap;
	ix->mask = buckets - 1;
	ix->heads = bmalloc(sizeof(int32_t) * buckets);
	ix->next = bmalloc(sizeof(int32_t) * cap);
	ix->keys = bzalloc(sizeof(uint64_t) * cap);
	lk_gift_index_clear(ix);
}

void lk_gift_index_free(struct lk_gift_index *ix)
{
	bfree(ix->heads);
	bfree(ix->next);
	bfree(ix->keys);
	memset(ix, 0, sizeof(*ix));
}

void lk_gift_index_clear(struct lk_gift_index *ix)
{
	/* all bytes 0xff = -1 in every int32 */
	memset(ix->heads, 0xff, sizeof(int32_t) * ((size_t)ix->mask + 1));
	memset(ix->next, 0xff, sizeof(int32_t) * ix->cap);
}

int32_t lk_gift_index_find(const struct lk_gift_index *ix, uint64_t key)
{
	int32_t s = ix->heads[bucket_of(ix, key)];

	while (s >= 0 && ix->keys[s] != key)
		s = ix->next[s];
	return s;
}

void lk_gift_index_insert(struct lk_gift_index *ix, int32_t slot, uint64_t key)
{
	uint32_t b = bucket_of(ix, key);

	ix->keys[slot] = key;
	ix->next[slot] = ix->heads[b];
	ix->heads[b] = slot;
}

void lk_gift_index_remove(struct lk_gift_index *ix, int32_t slot)
{
	int32_t *link = &ix->heads[bucket_of(ix, ix->keys[slot])];

	while (*link >= 0 && *link != slot)
		link = &ix->next[*link];
	if (*link == slot)
		*link = ix->next[slot];
	ix->next[slot] = -1;
}
