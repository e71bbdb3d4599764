/*
 * Linkon — fixed-capacity hash index from 64-bit keys to slot numbers
 * (internal helper of the gift dedupe set and the alert queue).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The caller owns an array of `cap` entries; the index maps a key to the
 * slot that holds it (separate chaining through int32 links, all arrays
 * allocated once at init). Keys should already be well mixed (lk_gift_hash).
 * Not thread-safe.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_gift_index {
	uint32_t cap;   /* number of slots */
	uint32_t mask;  /* number of buckets - 1 */
	int32_t *heads; /* first slot per bucket, -1 = empty */
	int32_t *next;  /* next slot in the same bucket, per slot */
	uint64_t *keys; /* key per slot (valid while the slot is indexed) */
};

void lk_gift_index_init(struct lk_gift_index *ix, uint32_t cap);
void lk_gift_index_free(struct lk_gift_index *ix);
void lk_gift_index_clear(struct lk_gift_index *ix);
/* Slot holding key, or -1. */
int32_t lk_gift_index_find(const struct lk_gift_index *ix, uint64_t key);
/* Indexes slot (0 <= slot < cap, not indexed yet) under key. */
void lk_gift_index_insert(struct lk_gift_index *ix, int32_t slot, uint64_t key);
/* Removes an indexed slot. */
void lk_gift_index_remove(struct lk_gift_index *ix, int32_t slot);

#ifdef __cplusplus
}
#endif
