/*
 * Linkon — product id → position index (see lk-id-index.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each slot keeps the id's 32-bit hash and its position + 1 (0 = empty), so
 * probing compares strings only when the hashes match and growing never
 * hashes a string again. Removal shifts the following entries back (no
 * tombstones), so a lookup stops at the first empty slot.
 */
#include "lk-id-index.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <util/bmem.h>
#include <util/threading.h>

#define MIN_SLOTS 16

struct slot {
	uint32_t hash;
	uint32_t pos1; /* position + 1; 0 = empty */
};

struct lk_id_index {
	volatile long refs;
	size_t count;
	size_t mask; /* number of slots - 1; slots are a power of two */
	struct slot *slots;
};

/* FNV-1a, then a final mix so the low bits (the home slot) use every byte. */
static uint32_t hash_id(const char *id)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *c = (const unsigned char *)id; *c; c++)
		h = (h ^ *c) * 16777619u;
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	return h;
}

static size_t slots_for(size_t n)
{
	size_t slots = MIN_SLOTS;

	while (slots < n * 2)
		slots *= 2;
	return slots;
}

struct lk_id_index *lk_id_index_new(size_t n)
{
	struct lk_id_index *idx = bzalloc(sizeof(*idx));
	size_t slots = slots_for(n);

	idx->refs = 1;
	idx->mask = slots - 1;
	idx->slots = bzalloc(slots * sizeof(struct slot));
	return idx;
}

struct lk_id_index *lk_id_index_addref(struct lk_id_index *idx)
{
	if (idx)
		os_atomic_inc_long(&idx->refs);
	return idx;
}

void lk_id_index_release(struct lk_id_index *idx)
{
	if (!idx || os_atomic_dec_long(&idx->refs) > 0)
		return;
	bfree(idx->slots);
	bfree(idx);
}

struct lk_id_index *lk_id_index_writable(struct lk_id_index *idx)
{
	if (os_atomic_load_long(&idx->refs) == 1)
		return idx;

	struct lk_id_index *copy = bzalloc(sizeof(*copy));
	copy->refs = 1;
	copy->count = idx->count;
	copy->mask = idx->mask;
	copy->slots = bmemdup(idx->slots, (idx->mask + 1) * sizeof(struct slot));
	lk_id_index_release(idx);
	return copy;
}

size_t lk_id_index_count(const struct lk_id_index *idx)
{
	return idx ? idx->count : 0;
}

/* Slot holding id, or the empty slot where it would go. */
static size_t probe(const struct lk_id_index *idx, struct lk_product *const *arr, const char *id, uint32_t h)
{
	size_t i = h & idx->mask;

	while (idx->slots[i].pos1) {
		const struct slot *s = &idx->slots[i];
		if (s->hash == h && strcmp(arr[s->pos1 - 1]->id, id) == 0)
			return i;
		i = (i + 1) & idx->mask;
	}
	return i;
}

static size_t scan(struct lk_product *const *arr, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		if (arr[i] && strcmp(arr[i]->id, id) == 0)
			return i;
	}
	return DARRAY_INVALID;
}

size_t lk_id_index_find(const struct lk_id_index *idx, struct lk_product *const *arr, size_t n, const char *id)
{
	if (!id)
		return DARRAY_INVALID;
	if (!idx)
		return scan(arr, n, id);

	const struct slot *s = &idx->slots[probe(idx, arr, id, hash_id(id))];
	return s->pos1 ? s->pos1 - 1 : DARRAY_INVALID;
}

/* Doubles the slots; entries are placed again by their stored hash. */
static void grow(struct lk_id_index *idx)
{
	size_t old_slots = idx->mask + 1;
	struct slot *old = idx->slots;

	idx->mask = old_slots * 2 - 1;
	idx->slots = bzalloc((idx->mask + 1) * sizeof(struct slot));
	for (size_t i = 0; i < old_slots; i++) {
		if (!old[i].pos1)
			continue;
		size_t j = old[i].hash & idx->mask;
		while (idx->slots[j].pos1)
			j = (j + 1) & idx->mask;
		idx->slots[j] = old[i];
	}
	bfree(old);
}

size_t lk_id_index_put(struct lk_id_index *idx, struct lk_product *const *arr, const char *id, size_t pos)
{
	uint32_t h = hash_id(id);
	size_t i = probe(idx, arr, id, h);

	if (idx->slots[i].pos1)
		return idx->slots[i].pos1 - 1;
	if ((idx->count + 1) * 2 > idx->mask + 1) {
		grow(idx);
		i = probe(idx, arr, id, h);
	}
	idx->slots[i].hash = h;
	idx->slots[i].pos1 = (uint32_t)(pos + 1);
	idx->count++;
	return pos;
}

/* Is home cyclically in (from, to]? */
static bool home_between(size_t home, size_t from, size_t to)
{
	return from <= to ? from < home && home <= to : from < home || home <= to;
}

void lk_id_index_remove(struct lk_id_index *idx, struct lk_product *const *arr, const char *id)
{
	size_t hole = id ? probe(idx, arr, id, hash_id(id)) : 0;

	if (!id || !idx->slots[hole].pos1)
		return;
	/* shift back every following entry of the run that may move into the hole */
	for (size_t j = (hole + 1) & idx->mask; idx->slots[j].pos1; j = (j + 1) & idx->mask) {
		size_t home = idx->slots[j].hash & idx->mask;
		if (home_between(home, hole, j))
			continue;
		idx->slots[hole] = idx->slots[j];
		hole = j;
	}
	idx->slots[hole].hash = 0;
	idx->slots[hole].pos1 = 0;
	idx->count--;
}

void lk_id_index_remap(struct lk_id_index *idx, const size_t *to)
{
	for (size_t i = 0; i <= idx->mask; i++) {
		struct slot *s = &idx->slots[i];
		if (s->pos1)
			s->pos1 = (uint32_t)(to[s->pos1 - 1] + 1);
	}
}
