/*
 * Linkon — bounded "seen" set for gift event ids (exactly-once on top of an
 * at-least-once feed).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Remembers the 64-bit hashes (lk_gift_hash) of the last `capacity` distinct
 * ids in a fixed-size table allocated once at create: 12 bytes per id plus
 * 4 bytes per bucket (capacity rounded up to a power of two) — 1 MiB for
 * the default 65,536 ids — and never more, however long the show.
 * When full, the oldest remembered id is forgotten (FIFO). An id that comes
 * back after more than `capacity` newer distinct ids have been seen counts as
 * new again; for streak events that is harmless in the default cumulative
 * count mode, since a repeated running total adds nothing (see lk-alerts.h).
 *
 * Two different ids with the same 64-bit hash count as one (probability
 * about capacity / 2^64 per event: negligible).
 *
 * Not thread-safe: one thread at a time (lk_alerts uses it under its mutex).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_GIFT_DEDUPE_DEFAULT 65536
#define LK_GIFT_DEDUPE_MAX (1u << 24)

struct lk_gift_dedupe;

/* capacity 0 = LK_GIFT_DEDUPE_DEFAULT; clamped to [16, LK_GIFT_DEDUPE_MAX]. */
struct lk_gift_dedupe *lk_gift_dedupe_create(size_t capacity);
void lk_gift_dedupe_destroy(struct lk_gift_dedupe *d);

/* True when hash was not in the set: it is now remembered. False when it
 * was seen before (a duplicate); the set is unchanged. */
bool lk_gift_dedupe_add(struct lk_gift_dedupe *d, uint64_t hash);
/* Same for an id string (n bytes). */
bool lk_gift_dedupe_add_id(struct lk_gift_dedupe *d, const char *id, size_t n);
/* Lookup only. */
bool lk_gift_dedupe_contains(const struct lk_gift_dedupe *d, uint64_t hash);

size_t lk_gift_dedupe_count(const struct lk_gift_dedupe *d);
size_t lk_gift_dedupe_capacity(const struct lk_gift_dedupe *d);
void lk_gift_dedupe_clear(struct lk_gift_dedupe *d);

#ifdef __cplusplus
}
#endif
