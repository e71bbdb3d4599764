/*
 * Linkon — unit tests for the store on big catalogs and for its id index
 * (lk-store-catalog.c, lk-id-index.c): the semantics of lk-store.h hold on
 * tens of thousands of products, and random event batches give the same
 * snapshots as a plain model of those rules. Timing: bench/bench-store.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every test checks bnum_allocs() is back to its starting value at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <util/bmem.h>

#include "core/lk-id-index.h"
#include "core/lk-store.h"

#define BIG 50000

/* ---- helpers ----------------------------------------------------------- */

static void id_of(char *buf, size_t size, size_t i)
{
	snprintf(buf, size, "gid://shopify/Product/%zu", 9000000 + i);
}

static struct lk_product *product(const char *id, int64_t price, int64_t stock)
{
	struct lk_product *p = lk_product_new(id);
	lk_product_set_currency(p, "USD");
	p->price = price;
	p->stock = stock;
	return p;
}

static struct lk_product *product_n(size_t i, int64_t price)
{
	char id[64];
	id_of(id, sizeof(id), i);
	return product(id, price, 10);
}

/* A CATALOG_SET event of products n_of(0..n), price 100 + i + price_add. */
static void push_catalog(struct lk_events *evs, size_t n, int64_t price_add)
{
	struct lk_event *ev = lk_events_push(evs, LK_EV_CATALOG_SET);
	ev->products = bzalloc(n * sizeof(*ev->products));
	ev->num_products = n;
	for (size_t i = 0; i < n; i++)
		ev->products[i] = product_n(i, 100 + (int64_t)i + price_add);
}

static void apply(struct lk_store *store, struct lk_events *evs)
{
	lk_store_apply(store, evs);
	lk_events_free(evs);
	lk_events_init(evs);
}

static void push_cart_n(struct lk_events *evs, const size_t *which, size_t n)
{
	char **ids = bzalloc(n * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		ids[i] = bmalloc(64);
		id_of(ids[i], 64, which[i]);
	}
	lk_events_cart(evs, (const char *const *)ids, n);
	for (size_t i = 0; i < n; i++)
		bfree(ids[i]);
	bfree(ids);
}

static void push_pin_n(struct lk_events *evs, size_t i)
{
	char id[64];
	id_of(id, sizeof(id), i);
	lk_events_pin(evs, id);
}

static struct lk_product *find_n(const struct lk_snapshot *s, size_t i)
{
	char id[64];
	id_of(id, sizeof(id), i);
	return lk_snapshot_find(s, id);
}

/* ---- the semantics on big catalogs ------------------------------------- */

/* CATALOG_SET with repeated ids: the first of each id wins, in first-seen order. */
static void test_catalog_duplicates_first_wins(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct lk_events evs;
	const size_t n = 20000;

	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->products = bzalloc(2 * n * sizeof(*ev->products));
	ev->num_products = 2 * n;
	for (size_t i = 0; i < n; i++) {
		ev->products[i] = product_n(i, 100 + (int64_t)i);
		/* every 10th id again at the end with another price */
		ev->products[n + i] = i % 10 == 0 ? product_n(i, 1) : product_n(n + i, 7);
	}
	lk_product_release(ev->products[5]);
	ev->products[5] = NULL;             /* a hole is skipped */
	lk_events_push(&evs, LK_EV_STATUS); /* keep the event list longer than one */
	apply(store, &evs);

	struct lk_snapshot *s = lk_store_get(store);
	assert_int_equal(s->num_products, n - 1 + n - n / 10);
	assert_null(find_n(s, 5));
	for (size_t i = 0; i < n; i++) {
		if (i == 5)
			continue;
		struct lk_product *p = find_n(s, i);
		assert_non_null(p);
		assert_int_equal(p->price, 100 + (int64_t)i); /* the first, not the repeat */
		assert_ptr_equal(s->products[i < 5 ? i : i - 1], p);
	}
	assert_int_equal(find_n(s, n + 1)->price, 7);
	assert_null(find_n(s, n + 10)); /* n + i for i % 10 == 0 was never sent */
	lk_snapshot_release(s);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

/* CART_SET on 50,000 products: slot order kept, unknown and repeated ids skipped. */
static void test_cart_unknown_ids(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct lk_events evs;
	size_t which[1000];

	lk_events_init(&evs);
	push_catalog(&evs, BIG, 0);
	apply(store, &evs);
	for (size_t i = 0; i < 1000; i++)
		which[i] = i % 3 == 1 ? BIG + i : i % 7 == 6 ? which[i - 1] : (i * 4999) % BIG;
	push_cart_n(&evs, which, 1000);
	push_pin_n(&evs, which[999 - 999 % 3]);
	apply(store, &evs);

	struct lk_snapshot *s = lk_store_get(store);
	size_t slot = 0;
	for (size_t i = 0; i < 1000; i++) {
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup = dup || which[j] == which[i];
		if (which[i] >= BIG || dup)
			continue;
		assert_true(slot < s->num_cart);
		assert_ptr_equal(s->cart[slot], find_n(s, which[i]));
		slot++;
	}
	assert_int_equal(s->num_cart, slot);
	assert_ptr_equal(s->pinned, find_n(s, which[999 - 999 % 3]));
	assert_ptr_equal(s->cart[s->pinned_slot - 1], s->pinned);
	lk_snapshot_release(s);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

/* A pinned id that disappears from the catalog unpins; cart follows ids. */
static void test_pin_disappears(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct lk_events evs;
	const size_t cart[] = {BIG - 1, 3, BIG / 2, 7};

	lk_events_init(&evs);
	push_catalog(&evs, BIG, 0);
	push_cart_n(&evs, cart, 4);
	push_pin_n(&evs, BIG - 1);
	apply(store, &evs);
	struct lk_snapshot *old = lk_store_get(store);
	assert_int_equal(old->pinned_slot, 1);

	/* a refresh without the last product; every price changed */
	push_catalog(&evs, BIG - 1, 1);
	apply(store, &evs);
	struct lk_snapshot *s = lk_store_get(store);
	assert_null(s->pinned);
	assert_int_equal(s->pinned_slot, 0);
	assert_int_equal(s->num_cart, 3);
	assert_ptr_equal(s->cart[0], find_n(s, 3));
	assert_ptr_equal(s->cart[1], find_n(s, BIG / 2));
	assert_ptr_equal(s->cart[2], find_n(s, 7));
	assert_int_equal(s->cart[0]->price, 104);
	assert_null(find_n(s, BIG - 1));

	/* the old snapshot is untouched, its lookups still work */
	assert_int_equal(old->num_products, BIG);
	assert_ptr_equal(old->pinned, find_n(old, BIG - 1));
	assert_int_equal(find_n(old, 3)->price, 103);

	/* pinning the gone id is ignored (the pin stays as it is) */
	push_pin_n(&evs, 7);
	push_pin_n(&evs, BIG - 1);
	apply(store, &evs);
	struct lk_snapshot *s2 = lk_store_get(store);
	assert_ptr_equal(s2->pinned, find_n(s2, 7));
	assert_int_equal(s2->pinned_slot, 3);

	lk_snapshot_release(old);
	lk_snapshot_release(s);
	lk_snapshot_release(s2);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

/* lk_snapshot_find on 50,000 products, before and after removes and puts. */
static void test_find_big(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct lk_events evs;

	lk_events_init(&evs);
	push_catalog(&evs, BIG, 0);
	apply(store, &evs);
	struct lk_snapshot *s1 = lk_store_get(store);
	for (size_t i = 0; i < BIG; i++)
		assert_ptr_equal(find_n(s1, i), s1->products[i]);
	assert_null(find_n(s1, BIG));
	assert_null(lk_snapshot_find(s1, NULL));
	assert_null(lk_snapshot_find(s1, ""));
	assert_null(lk_snapshot_find(NULL, "x"));

	/* remove every 3rd, put some new, re-put one removed, in one apply */
	char id[64];
	for (size_t i = 0; i < BIG; i += 3) {
		id_of(id, sizeof(id), i);
		lk_events_push(&evs, LK_EV_PRODUCT_REMOVE)->id = bstrdup(id);
	}
	for (size_t i = BIG; i < BIG + 100; i++)
		lk_events_put_product(&evs, product_n(i, 1));
	lk_events_put_product(&evs, product_n(3, 2));
	apply(store, &evs);

	struct lk_snapshot *s2 = lk_store_get(store);
	assert_int_equal(s2->num_products, BIG - (BIG + 2) / 3 + 100 + 1);
	for (size_t i = 0; i < s2->num_products; i++)
		assert_ptr_equal(lk_snapshot_find(s2, s2->products[i]->id), s2->products[i]);
	assert_null(find_n(s2, 0));
	assert_null(find_n(s2, 6));
	assert_ptr_equal(find_n(s2, 3), s2->products[s2->num_products - 1]);
	assert_ptr_equal(find_n(s2, 1), s2->products[0]);
	/* the first snapshot's index was not changed under it */
	for (size_t i = 0; i < BIG; i++)
		assert_ptr_equal(find_n(s1, i), s1->products[i]);

	lk_snapshot_release(s1);
	lk_snapshot_release(s2);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

/* A live sale on the last of 50,000 products sells out when its stock hits 0. */
static void test_sale_lookup_big(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct lk_events evs;
	char pid[64];
	int64_t t = 1000000;

	id_of(pid, sizeof(pid), BIG - 1);
	lk_events_init(&evs);
	push_catalog(&evs, BIG, 0);
	struct lk_sale *sale = lk_sale_new("s1", pid);
	sale->start_ms = t - 10;
	sale->end_ms = t + 60000;
	lk_events_sale_put(&evs, sale);
	lk_store_apply_at(store, &evs, t);
	assert_int_equal(lk_store_tick(store, t + 1), 1); /* nothing due */
	lk_events_stock(&evs, pid, 0, -1);
	lk_store_apply_at(store, &evs, t + 2);

	struct lk_snapshot *s = lk_store_get(store);
	assert_int_equal(lk_snapshot_find_sale(s, "s1")->state, LK_SALE_SOLD_OUT);
	assert_int_equal(find_n(s, BIG - 1)->stock, 0);
	lk_snapshot_release(s);
	lk_events_free(&evs);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

/* ---- random batches against a plain model of lk-store.h's rules -------- */

#define MPOOL 48

struct model {
	int order[MPOOL]; /* ids in catalog order */
	int n;
	int64_t price[MPOOL], stock[MPOOL], sold[MPOOL];
	int cart[MPOOL];
	int num_cart;
	int pinned; /* -1 = none */
};

static int m_pos(const struct model *m, int id)
{
	for (int i = 0; i < m->n; i++) {
		if (m->order[i] == id)
			return i;
	}
	return -1;
}

/* Cart and pin keep only ids still in the catalog. */
static void m_prune(struct model *m)
{
	int k = 0;
	for (int i = 0; i < m->num_cart; i++) {
		if (m_pos(m, m->cart[i]) >= 0)
			m->cart[k++] = m->cart[i];
	}
	m->num_cart = k;
	if (m->pinned >= 0 && m_pos(m, m->pinned) < 0)
		m->pinned = -1;
}

static void m_id(char *buf, size_t size, int id)
{
	snprintf(buf, size, "m%d", id);
}

static uint32_t rnd(uint32_t *r)
{
	*r = *r * 1103515245u + 12345u;
	return *r >> 8;
}

static struct lk_product *m_product(int id, int64_t price, int64_t stock)
{
	char buf[16];
	m_id(buf, sizeof(buf), id);
	return product(buf, price, stock);
}

static void m_catalog(struct model *m, struct lk_events *evs, uint32_t *r)
{
	size_t k = rnd(r) % MPOOL;
	struct lk_event *ev = lk_events_push(evs, LK_EV_CATALOG_SET);
	ev->products = bzalloc((k + 1) * sizeof(*ev->products));
	ev->num_products = k;
	m->n = 0;
	for (size_t i = 0; i < k; i++) {
		int id = (int)(rnd(r) % MPOOL);
		int64_t price = rnd(r) % 3;
		if (rnd(r) % 20 == 0)
			continue; /* a NULL entry */
		ev->products[i] = m_product(id, price, 10);
		if (m_pos(m, id) >= 0)
			continue;
		m->order[m->n++] = id;
		m->price[id] = price;
		m->stock[id] = 10;
		m->sold[id] = 0;
	}
	m_prune(m);
}

static void m_put_remove(struct model *m, struct lk_events *evs, uint32_t *r, bool put)
{
	int id = (int)(rnd(r) % MPOOL), pos = m_pos(m, id);
	int64_t price = rnd(r) % 3;
	char buf[16];

	if (put) {
		lk_events_put_product(evs, m_product(id, price, 10));
		if (pos < 0)
			m->order[m->n++] = id;
		m->price[id] = price;
		m->stock[id] = 10;
		m->sold[id] = 0;
		return;
	}
	m_id(buf, sizeof(buf), id);
	lk_events_push(evs, LK_EV_PRODUCT_REMOVE)->id = bstrdup(buf);
	if (pos < 0)
		return;
	memmove(&m->order[pos], &m->order[pos + 1], (size_t)(m->n - pos - 1) * sizeof(int));
	m->n--;
	m_prune(m);
}

static void m_stock_pin(struct model *m, struct lk_events *evs, uint32_t *r, bool pin)
{
	int id = (int)(rnd(r) % MPOOL);
	char buf[16];

	m_id(buf, sizeof(buf), id);
	if (pin) {
		bool unpin = rnd(r) % 8 == 0;
		lk_events_pin(evs, unpin ? NULL : buf);
		if (unpin || m_pos(m, id) >= 0)
			m->pinned = unpin ? -1 : id;
		return;
	}
	int64_t stock = (int64_t)(rnd(r) % 4) - 1, sold = (int64_t)(rnd(r) % 4) - 1;
	lk_events_stock(evs, buf, stock, sold);
	if (m_pos(m, id) < 0)
		return;
	if (stock >= 0)
		m->stock[id] = stock;
	if (sold >= 0)
		m->sold[id] = sold;
}

static void m_cart(struct model *m, struct lk_events *evs, uint32_t *r)
{
	char *ids[10];
	size_t k = rnd(r) % 10;

	m->num_cart = 0;
	for (size_t i = 0; i < k; i++) {
		int id = (int)(rnd(r) % MPOOL);
		ids[i] = bmalloc(16);
		m_id(ids[i], 16, id);
		bool dup = false;
		for (int j = 0; j < m->num_cart; j++)
			dup = dup || m->cart[j] == id;
		if (!dup && m_pos(m, id) >= 0)
			m->cart[m->num_cart++] = id;
	}
	lk_events_cart(evs, (const char *const *)ids, k);
	for (size_t i = 0; i < k; i++)
		bfree(ids[i]);
}

static void m_check(const struct model *m, const struct lk_snapshot *s)
{
	char buf[16];

	assert_int_equal(s->num_products, m->n);
	for (int i = 0; i < m->n; i++) {
		const struct lk_product *p = s->products[i];
		m_id(buf, sizeof(buf), m->order[i]);
		assert_string_equal(p->id, buf);
		assert_int_equal(p->price, m->price[m->order[i]]);
		assert_int_equal(p->stock, m->stock[m->order[i]]);
		assert_int_equal(p->sold, m->sold[m->order[i]]);
	}
	for (int id = 0; id < MPOOL; id++) {
		int pos = m_pos(m, id);
		m_id(buf, sizeof(buf), id);
		assert_ptr_equal(lk_snapshot_find(s, buf), pos >= 0 ? s->products[pos] : NULL);
	}
	assert_int_equal(s->num_cart, m->num_cart);
	size_t slot = 0;
	for (int i = 0; i < m->num_cart; i++) {
		assert_ptr_equal(s->cart[i], s->products[m_pos(m, m->cart[i])]);
		slot = m->cart[i] == m->pinned ? (size_t)i + 1 : slot;
	}
	assert_ptr_equal(s->pinned, m->pinned >= 0 ? s->products[m_pos(m, m->pinned)] : NULL);
	assert_int_equal(s->pinned_slot, slot);
}

static void test_random_against_model(void **state)
{
	long start = bnum_allocs();
	struct lk_store *store = lk_store_create();
	struct model m = {.pinned = -1};
	struct lk_events evs;
	uint32_t r = 777;

	lk_events_init(&evs);
	for (int round = 0; round < 3000; round++) {
		size_t k = 1 + rnd(&r) % 5;
		for (size_t i = 0; i < k; i++) {
			uint32_t what = rnd(&r) % 13;
			if (what == 0)
				m_catalog(&m, &evs, &r);
			else if (what <= 6)
				m_put_remove(&m, &evs, &r, what <= 3);
			else if (what <= 10)
				m_stock_pin(&m, &evs, &r, what == 10);
			else
				m_cart(&m, &evs, &r);
		}
		apply(store, &evs);
		struct lk_snapshot *s = lk_store_get(store);
		m_check(&m, s);
		lk_snapshot_release(s);
	}
	lk_events_free(&evs);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

/* ---- the id index on its own ------------------------------------------- */

/* Random puts and removes on a small table (many collisions and wraps),
 * checked against a scan after every step. */
static void test_index_against_scan(void **state)
{
	long start = bnum_allocs();
	enum { POOL = 3000 };
	struct lk_product **arr = bzalloc(POOL * sizeof(*arr));
	bool in[POOL] = {false};
	struct lk_id_index *idx = lk_id_index_new(0);
	uint32_t r = 12345;
	size_t count = 0;

	for (size_t i = 0; i < POOL; i++)
		arr[i] = product_n(i * 16, 1); /* ids in the table are arr[i]->id at position i */
	for (int step = 0; step < 40000; step++) {
		r = r * 1103515245u + 12345u;
		size_t i = (r >> 8) % POOL;
		if (in[i]) {
			lk_id_index_remove(idx, arr, arr[i]->id);
			count--;
		} else {
			assert_int_equal(lk_id_index_put(idx, arr, arr[i]->id, i), i);
			count++;
		}
		in[i] = !in[i];
		assert_int_equal(lk_id_index_count(idx), count);
		size_t probe_i = (r >> 20) % POOL;
		size_t want = in[probe_i] ? probe_i : DARRAY_INVALID;
		assert_int_equal(lk_id_index_find(idx, arr, 0, arr[probe_i]->id), want);
	}
	for (size_t i = 0; i < POOL; i++) {
		assert_int_equal(lk_id_index_find(idx, arr, 0, arr[i]->id), in[i] ? i : DARRAY_INVALID);
		if (in[i]) /* an id already in: its position, not the new one */
			assert_int_equal(lk_id_index_put(idx, arr, arr[i]->id, POOL + 1), i);
	}

	/* copy on write: a shared index is copied, the copy renumbered */
	struct lk_id_index *shared = lk_id_index_addref(idx);
	struct lk_id_index *w = lk_id_index_writable(idx);
	assert_ptr_not_equal(w, shared);
	size_t *to = bmalloc(POOL * sizeof(size_t));
	struct lk_product **rev = bmalloc(POOL * sizeof(*rev)); /* the array w describes after the remap */
	for (size_t i = 0; i < POOL; i++) {
		to[i] = POOL - 1 - i;
		rev[POOL - 1 - i] = arr[i];
	}
	lk_id_index_remap(w, to);
	for (size_t i = 0; i < POOL; i++) {
		assert_int_equal(lk_id_index_find(shared, arr, 0, arr[i]->id), in[i] ? i : DARRAY_INVALID);
		assert_int_equal(lk_id_index_find(w, rev, 0, arr[i]->id), in[i] ? POOL - 1 - i : DARRAY_INVALID);
	}
	assert_ptr_equal(lk_id_index_writable(w), w);                       /* only reference: itself */
	assert_int_equal(lk_id_index_find(NULL, arr, POOL, arr[7]->id), 7); /* no index: a scan */
	assert_int_equal(lk_id_index_find(NULL, arr, POOL, "nope"), DARRAY_INVALID);

	bfree(to);
	bfree(rev);
	lk_id_index_release(w);
	lk_id_index_release(shared);
	for (size_t i = 0; i < POOL; i++)
		lk_product_release(arr[i]);
	bfree(arr);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_duplicates_first_wins),
		cmocka_unit_test(test_cart_unknown_ids),
		cmocka_unit_test(test_pin_disappears),
		cmocka_unit_test(test_find_big),
		cmocka_unit_test(test_sale_lookup_big),
		cmocka_unit_test(test_random_against_model),
		cmocka_unit_test(test_index_against_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
