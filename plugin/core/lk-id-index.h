/*
 * Linkon — an index from product id to position in an array of products
 * (open addressing, linear probing, at most half full), so the store finds
 * a product by id in O(1) on any catalog size.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An index does not hold the products: it maps each id to the position of
 * the product with that id in one array, and compares ids by reading that
 * array, which every call passes in. Ids in the index are unique. The store
 * builds one per snapshot and shares it (ref-counted) between consecutive
 * snapshots whose arrays have the same ids at the same positions; a
 * published index is immutable: the store's writer changes only an index it
 * holds the only reference to (lk_id_index_writable). At most
 * UINT32_MAX - 1 positions.
 */
#pragma once

#include <stddef.h>
#include <util/darray.h>

#include "lk-product.h"

#ifdef __cplusplus
extern "C" {
#endif

struct lk_id_index;

/* New empty index (refs = 1, caller owns it) with room for about n ids
 * before it grows. Any thread. */
struct lk_id_index *lk_id_index_new(size_t n);
/* Adds a reference; NULL allowed. Any thread. */
struct lk_id_index *lk_id_index_addref(struct lk_id_index *idx);
/* Drops a reference; the last one frees the index. NULL allowed. Any thread. */
void lk_id_index_release(struct lk_id_index *idx);
/* Takes over the caller's reference to idx and returns an index with the
 * same content that only the caller holds: idx itself if its reference was
 * the only one, else a copy (idx's reference is then dropped). Writer only. */
struct lk_id_index *lk_id_index_writable(struct lk_id_index *idx);

/* Position of the product with that id in arr, or DARRAY_INVALID (also for
 * a NULL id). idx NULL: a scan of arr[0..n) (NULL entries skipped); with an
 * index n is not used. arr is the array the index describes. Any thread
 * holding a reference (the index is only read). */
size_t lk_id_index_find(const struct lk_id_index *idx, struct lk_product *const *arr, size_t n, const char *id);
/* If id is in idx, returns its position; else adds id at position pos and
 * returns pos. Entries already in idx are compared through arr (pos itself
 * is not read, so the product may be stored at arr[pos] afterwards).
 * Only on an index the caller holds the only reference to. */
size_t lk_id_index_put(struct lk_id_index *idx, struct lk_product *const *arr, const char *id, size_t pos);
/* Removes id (a no-op if absent); other positions stay as they are.
 * Only on an index the caller holds the only reference to. */
void lk_id_index_remove(struct lk_id_index *idx, struct lk_product *const *arr, const char *id);
/* Renumbers every entry: position p becomes to[p] (to[] covers every
 * position in idx; none may map to DARRAY_INVALID, remove those first).
 * Only on an index the caller holds the only reference to. */
void lk_id_index_remap(struct lk_id_index *idx, const size_t *to);
/* Number of ids in idx (0 for NULL). Any thread. */
size_t lk_id_index_count(const struct lk_id_index *idx);

#ifdef __cplusplus
}
#endif
