/*
 * Linkon — the store under concurrency: 4 reader threads take snapshots and
 * check their consistency while a writer thread applies 20,000 stock events.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reader threads never call cmocka asserts (they are not thread-safe); they
 * count failures, and the main thread asserts after joining them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <util/base.h>
#include <util/bmem.h>
#include <util/threading.h>

#include "core/lk-store.h"

static struct lk_product *make_product(const char *id, int64_t price, int64_t stock)
{
	struct lk_product *p = lk_product_new(id);
	char title[64];

	snprintf(title, sizeof(title), "Product %s", id);
	lk_product_set_str(&p->title, title);
	lk_product_set_currency(p, "cny");
	p->price = price;
	p->stock = stock;
	p->stock_total = stock;
	return p;
}

/* Pushes a CATALOG_SET with products named by ids (price 100 * (i + 1)). */
static void push_catalog(struct lk_events *evs, const char *const *ids, size_t n, int64_t stock)
{
	struct lk_event *ev = lk_events_push(evs, LK_EV_CATALOG_SET);

	ev->products = bzalloc(n * sizeof(*ev->products));
	ev->num_products = n;
	for (size_t i = 0; i < n; i++)
		ev->products[i] = make_product(ids[i], 100 * (int64_t)(i + 1), stock);
}
static bool in_products(const struct lk_snapshot *s, const struct lk_product *p)
{
	for (size_t i = 0; i < s->num_products; i++) {
		if (s->products[i] == p)
			return true;
	}
	return false;
}

#define STRESS_PRODUCTS 8
#define STRESS_TOTAL 5000 /* stock + sold of every product, always */
#define STRESS_EVENTS 20000
#define STRESS_READERS 4

struct stress {
	struct lk_store *store;
	volatile bool done;
	long publishes; /* counted by a listener on the writer's thread */
	long writer_errors;
};

struct reader {
	struct stress *st;
	pthread_t thread;
	long reads;
	long errors;
	char first_error[128];
};

static void reader_fail(struct reader *r, const char *what, uint64_t version)
{
	if (!r->errors++)
		snprintf(r->first_error, sizeof(r->first_error), "%s (version %llu)", what,
			 (unsigned long long)version);
}

/* Checks one snapshot; last_sold[] tracks sold per index (only ever grows). */
static void reader_check(struct reader *r, const struct lk_snapshot *s, int64_t *last_sold)
{
	if (s->num_products != STRESS_PRODUCTS) {
		reader_fail(r, "catalog size", s->version);
		return;
	}
	for (size_t i = 0; i < s->num_products; i++) {
		const struct lk_product *p = s->products[i];
		if (p->stock + p->sold != STRESS_TOTAL)
			reader_fail(r, "stock + sold", s->version);
		if (p->sold < last_sold[i])
			reader_fail(r, "sold went backwards", s->version);
		last_sold[i] = p->sold;
	}
	for (size_t i = 0; i < s->num_cart; i++) {
		if (!in_products(s, s->cart[i]))
			reader_fail(r, "cart entry not in products", s->version);
	}
	if (s->pinned && !in_products(s, s->pinned))
		reader_fail(r, "pinned not in products", s->version);
	if (s->pinned_slot && (s->pinned_slot > s->num_cart || s->cart[s->pinned_slot - 1] != s->pinned))
		reader_fail(r, "pinned_slot", s->version);
}

static void *reader_main(void *data)
{
	struct reader *r = data;
	int64_t last_sold[STRESS_PRODUCTS] = {0};
	uint64_t last_version = 0;
	struct lk_snapshot *held = NULL;
	int64_t held_sold = 0;

	while (!os_atomic_load_bool(&r->st->done)) {
		struct lk_snapshot *s = lk_store_get(r->st->store);
		if (s->version < last_version)
			reader_fail(r, "version went backwards", s->version);
		last_version = s->version;
		if (s->num_products)
			reader_check(r, s, last_sold);
		/* a snapshot held across later publishes must not change */
		if (held && held->num_products && held->products[0]->sold != held_sold)
			reader_fail(r, "held snapshot changed", held->version);
		if (r->reads % 64 == 0) {
			lk_snapshot_release(held);
			held = lk_snapshot_addref(s);
			held_sold = held->num_products ? held->products[0]->sold : 0;
		}
		lk_snapshot_release(s);
		r->reads++;
	}
	lk_snapshot_release(held);
	return NULL;
}

static void count_publish(void *data, uint64_t version)
{
	struct stress *st = data;
	if ((uint64_t)++st->publishes != version)
		st->writer_errors++;
}

/* Every 500 events: a new cart order, a new pin and a retitled product. */
static void writer_shuffle(struct stress *st, int i, struct lk_events *evs)
{
	char ids[STRESS_PRODUCTS][8];
	const char *order[STRESS_PRODUCTS];
	int shift = i / 500;

	for (int k = 0; k < STRESS_PRODUCTS; k++) {
		snprintf(ids[k], sizeof(ids[k]), "s%d", (k + shift) % STRESS_PRODUCTS);
		order[k] = ids[k];
	}
	lk_events_cart(evs, order, (size_t)(shift % STRESS_PRODUCTS) + 1);
	lk_events_pin(evs, shift % 3 ? order[shift % STRESS_PRODUCTS] : NULL);

	struct lk_snapshot *s = lk_store_get(st->store);
	struct lk_product *p = lk_product_clone(s->products[shift % STRESS_PRODUCTS]);
	char title[32];
	snprintf(title, sizeof(title), "round %d", shift);
	lk_product_set_str(&p->title, title);
	lk_events_put_product(evs, p);
	lk_snapshot_release(s);
}

static void *writer_main(void *data)
{
	struct stress *st = data;
	int64_t sold[STRESS_PRODUCTS] = {0};
	struct lk_events evs;
	char id[8];

	lk_events_init(&evs);
	for (int i = 0; i < STRESS_EVENTS; i++) {
		int k = i % STRESS_PRODUCTS;
		snprintf(id, sizeof(id), "s%d", k);
		/* shuffle first: its PUT clones the published product, and the
		 * stock event after it must win */
		if (i % 500 == 250)
			writer_shuffle(st, i, &evs);
		sold[k]++;
		lk_events_stock(&evs, id, STRESS_TOTAL - sold[k], sold[k]);
		uint64_t before = lk_store_version(st->store);
		if (lk_store_apply(st->store, &evs) != before + 1 || evs.da.num != 0)
			st->writer_errors++;
	}
	lk_events_free(&evs);
	os_atomic_set_bool(&st->done, true);
	return NULL;
}

static void test_readers_during_writes(void **state)
{
	long start = bnum_allocs();
	struct stress st = {.store = lk_store_create()};
	struct reader readers[STRESS_READERS] = {0};
	const char *ids[STRESS_PRODUCTS] = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"};
	struct lk_events evs;
	pthread_t writer;

	lk_events_init(&evs);
	push_catalog(&evs, ids, STRESS_PRODUCTS, STRESS_TOTAL);
	lk_events_cart(&evs, ids, 3);
	lk_events_pin(&evs, "s1");
	assert_int_equal(lk_store_apply(st.store, &evs), 1);
	lk_events_free(&evs);
	st.publishes = 1;
	lk_store_add_listener(st.store, count_publish, &st);

	for (int i = 0; i < STRESS_READERS; i++) {
		readers[i].st = &st;
		assert_int_equal(pthread_create(&readers[i].thread, NULL, reader_main, &readers[i]), 0);
	}
	assert_int_equal(pthread_create(&writer, NULL, writer_main, &st), 0);
	pthread_join(writer, NULL);
	for (int i = 0; i < STRESS_READERS; i++) {
		pthread_join(readers[i].thread, NULL);
		if (readers[i].errors)
			print_error("reader %d: %s\n", i, readers[i].first_error);
		assert_int_equal(readers[i].errors, 0);
		assert_true(readers[i].reads > 0);
		print_message("reader %d: %ld snapshots checked\n", i, readers[i].reads);
	}
	assert_int_equal(st.writer_errors, 0);
	assert_int_equal(lk_store_version(st.store), 1 + STRESS_EVENTS);
	assert_int_equal(st.publishes, 1 + STRESS_EVENTS);

	struct lk_snapshot *s = lk_store_get(st.store);
	for (size_t i = 0; i < s->num_products; i++)
		assert_int_equal(s->products[i]->sold, STRESS_EVENTS / STRESS_PRODUCTS);
	lk_snapshot_release(s);

	lk_store_remove_listener(st.store, count_publish, &st);
	lk_store_destroy(st.store);
	assert_int_equal(bnum_allocs(), start);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readers_during_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
