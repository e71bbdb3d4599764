/*
 * Linkon — the store's catalog: products, cart and pin events applied to a
 * draft, and the snapshot's id lookups (see lk-store.h for the rules).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Runs on the store's writer (see lk-store-priv.h), except lk_snapshot_find
 * and lk_store_catalog_release. Every id lookup goes through the draft's
 * lk_id_index, so an event costs O(1) lookups, a CATALOG_SET of m products
 * O(n + m) and a CART_SET of m ids O(m), whatever the catalog size n.
 *
 * While the draft is built the cart and the pin are positions in products,
 * so replacing a product in place needs no repointing; a removed product
 * leaves a NULL entry (the index forgets its id at once) and the array,
 * index, cart and pin are compacted once, at the end of the apply.
 */
#include "lk-store-priv.h"

#include <string.h>
#include <util/bmem.h>

/* ---- snapshots ------------------------------------------------------------ */

struct lk_product *lk_snapshot_find(const struct lk_snapshot *snap, const char *id)
{
	if (!snap)
		return NULL;
	size_t idx = lk_id_index_find(snap->product_index, snap->products, snap->num_products, id);
	return idx != DARRAY_INVALID ? snap->products[idx] : NULL;
}

const struct lk_product *lk_catalog_find(const struct lk_catalog *cat, const char *id)
{
	size_t idx = lk_id_index_find(cat->index, cat->products, cat->num, id);
	return idx != DARRAY_INVALID ? cat->products[idx] : NULL;
}

void lk_store_catalog_release(struct lk_snapshot *snap)
{
	for (size_t i = 0; i < snap->num_products; i++)
		lk_product_release(snap->products[i]);
	bfree(snap->products);
	bfree(snap->cart);
	lk_id_index_release(snap->product_index);
	snap->products = snap->cart = NULL;
	snap->num_products = snap->num_cart = 0;
	snap->product_index = NULL;
	snap->pinned = NULL;
}

/* ---- the draft ------------------------------------------------------------ */

size_t lk_catalog_draft_find(const struct lk_catalog_draft *cd, const char *id)
{
	return lk_id_index_find(cd->index, cd->products.array, cd->products.num, id);
}

void lk_catalog_draft_init(struct lk_catalog_draft *cd, const struct lk_snapshot *cur)
{
	memset(cd, 0, sizeof(*cd));
	da_reserve(cd->products, cur->num_products);
	for (size_t i = 0; i < cur->num_products; i++) {
		struct lk_product *p = lk_product_addref(cur->products[i]);
		da_push_back(cd->products, &p);
	}
	cd->index = cur->product_index ? lk_id_index_addref(cur->product_index) : lk_id_index_new(0);
	da_reserve(cd->cart, cur->num_cart);
	for (size_t i = 0; i < cur->num_cart; i++) {
		size_t pos = lk_catalog_draft_find(cd, cur->cart[i]->id);
		if (pos != DARRAY_INVALID) /* always: the cart is borrowed from products */
			da_push_back(cd->cart, &pos);
	}
	cd->pinned = cur->pinned ? lk_catalog_draft_find(cd, cur->pinned->id) : DARRAY_INVALID;
}

void lk_catalog_draft_free(struct lk_catalog_draft *cd)
{
	for (size_t i = 0; i < cd->products.num; i++)
		lk_product_release(cd->products.array[i]);
	da_free(cd->products);
	da_free(cd->cart);
	lk_id_index_release(cd->index);
	cd->index = NULL;
}

/* Positions: p becomes to[p]; cart entries and the pin mapped to
 * DARRAY_INVALID are dropped (the cart keeps its order). */
static void remap_cart_and_pin(struct lk_catalog_draft *cd, const size_t *to)
{
	size_t k = 0;

	for (size_t i = 0; i < cd->cart.num; i++) {
		size_t pos = to[cd->cart.array[i]];
		if (pos != DARRAY_INVALID)
			cd->cart.array[k++] = pos;
	}
	cd->cart.num = k;
	if (cd->pinned != DARRAY_INVALID)
		cd->pinned = to[cd->pinned];
}

void lk_catalog_draft_compact(struct lk_catalog_draft *cd)
{
	if (!cd->removed)
		return;

	size_t *to = bmalloc(cd->products.num * sizeof(size_t));
	size_t k = 0;
	for (size_t i = 0; i < cd->products.num; i++) {
		struct lk_product *p = cd->products.array[i];
		to[i] = p ? k : DARRAY_INVALID;
		if (p)
			cd->products.array[k++] = p;
	}
	cd->products.num = k;
	lk_id_index_remap(cd->index, to);
	remap_cart_and_pin(cd, to);
	bfree(to);
	cd->removed = 0;
}

bool lk_catalog_draft_changed(const struct lk_catalog_draft *cd, const struct lk_snapshot *cur)
{
	struct lk_product *const *arr = cd->products.array;
	struct lk_product *pinned = cd->pinned != DARRAY_INVALID ? arr[cd->pinned] : NULL;

	if (cd->products.num != cur->num_products || cd->cart.num != cur->num_cart || pinned != cur->pinned)
		return true;
	if (cd->products.num && memcmp(arr, cur->products, cd->products.num * sizeof(*arr)) != 0)
		return true;
	for (size_t i = 0; i < cd->cart.num; i++) {
		if (arr[cd->cart.array[i]] != cur->cart[i])
			return true;
	}
	return false;
}

void lk_catalog_draft_move(struct lk_catalog_draft *cd, struct lk_snapshot *s)
{
	s->products = cd->products.array;
	s->num_products = cd->products.num;
	s->product_index = cd->index;
	s->num_cart = cd->cart.num;
	s->cart = s->num_cart ? bmalloc(s->num_cart * sizeof(*s->cart)) : NULL;
	for (size_t i = 0; i < s->num_cart; i++) {
		s->cart[i] = s->products[cd->cart.array[i]];
		if (cd->cart.array[i] == cd->pinned)
			s->pinned_slot = i + 1;
	}
	s->pinned = cd->pinned != DARRAY_INVALID ? s->products[cd->pinned] : NULL;
	da_free(cd->cart);
	memset(cd, 0, sizeof(*cd));
}

/* ---- events ----------------------------------------------------------------- */

/* The product to keep for p: the draft's object with that id if it is
 * unchanged (so nothing downstream sees a change), else p. New reference. */
static struct lk_product *keep_for(const struct lk_catalog_draft *cd, struct lk_product *p)
{
	size_t idx = lk_catalog_draft_find(cd, p->id);
	struct lk_product *old = idx != DARRAY_INVALID ? cd->products.array[idx] : NULL;
	return lk_product_addref(old && lk_product_equal(old, p) ? old : p);
}

/* Cart and pin follow their ids into next (indexed by index); ids that are
 * not in next are dropped. */
static void follow_ids(struct lk_catalog_draft *cd, struct lk_product *const *next, const struct lk_id_index *index)
{
	size_t n = cd->products.num;
	size_t *to = bmalloc((n ? n : 1) * sizeof(size_t));

	for (size_t i = 0; i < n; i++) {
		const struct lk_product *p = cd->products.array[i];
		to[i] = p ? lk_id_index_find(index, next, 0, p->id) : DARRAY_INVALID;
	}
	remap_cart_and_pin(cd, to);
	bfree(to);
}

void lk_catalog_draft_set(struct lk_catalog_draft *cd, struct lk_product *const *products, size_t n)
{
	DARRAY(struct lk_product *) next;
	struct lk_id_index *index = lk_id_index_new(n);

	da_init(next);
	da_reserve(next, n);
	for (size_t i = 0; i < n; i++) {
		struct lk_product *p = products[i];
		/* of a repeated id the first wins */
		if (!p || !p->id || lk_id_index_put(index, next.array, p->id, next.num) != next.num)
			continue;
		struct lk_product *keep = keep_for(cd, p);
		da_push_back(next, &keep);
	}
	follow_ids(cd, next.array, index);
	for (size_t i = 0; i < cd->products.num; i++)
		lk_product_release(cd->products.array[i]);
	da_move(cd->products, next);
	lk_id_index_release(cd->index);
	cd->index = index;
	cd->removed = 0;
}

void lk_catalog_draft_put(struct lk_catalog_draft *cd, struct lk_product *p)
{
	if (!p || !p->id)
		return;

	size_t idx = lk_catalog_draft_find(cd, p->id);
	if (idx == DARRAY_INVALID) {
		cd->index = lk_id_index_writable(cd->index);
		lk_id_index_put(cd->index, cd->products.array, p->id, cd->products.num);
		lk_product_addref(p);
		da_push_back(cd->products, &p);
	} else if (!lk_product_equal(cd->products.array[idx], p)) {
		lk_product_release(cd->products.array[idx]);
		cd->products.array[idx] = lk_product_addref(p);
	}
}

void lk_catalog_draft_remove(struct lk_catalog_draft *cd, const char *id)
{
	size_t idx = lk_catalog_draft_find(cd, id);
	if (idx == DARRAY_INVALID)
		return;

	struct lk_product *p = cd->products.array[idx];
	cd->index = lk_id_index_writable(cd->index);
	lk_id_index_remove(cd->index, cd->products.array, id);
	cd->products.array[idx] = NULL;
	cd->removed++;
	lk_product_release(p);
}

void lk_catalog_draft_stock(struct lk_catalog_draft *cd, const char *id, int64_t stock, int64_t sold)
{
	size_t idx = lk_catalog_draft_find(cd, id);
	if (idx == DARRAY_INVALID)
		return;

	struct lk_product *old = cd->products.array[idx];
	if (stock < 0)
		stock = old->stock;
	if (sold < 0)
		sold = old->sold;
	if (stock == old->stock && sold == old->sold)
		return;

	struct lk_product *p = lk_product_clone(old);
	p->stock = stock;
	p->sold = sold;
	cd->products.array[idx] = p;
	lk_product_release(old);
}

void lk_catalog_draft_cart(struct lk_catalog_draft *cd, char *const *ids, size_t n)
{
	/* the ids already in the cart, by product position: a repeat costs O(1) */
	struct lk_id_index *in_cart = lk_id_index_new(n);

	da_resize(cd->cart, 0);
	for (size_t i = 0; ids && i < n; i++) {
		size_t idx = lk_catalog_draft_find(cd, ids[i]);
		if (idx == DARRAY_INVALID)
			continue;
		lk_id_index_put(in_cart, cd->products.array, ids[i], idx);
		if (lk_id_index_count(in_cart) > cd->cart.num) /* not a repeat */
			da_push_back(cd->cart, &idx);
	}
	lk_id_index_release(in_cart);
}

bool lk_catalog_draft_pin(struct lk_catalog_draft *cd, const char *id)
{
	if (!id) {
		cd->pinned = DARRAY_INVALID;
		return true;
	}
	size_t idx = lk_catalog_draft_find(cd, id);
	if (idx == DARRAY_INVALID)
		return false;
	cd->pinned = idx;
	return true;
}
