/*
 * Linkon — benchmark: the store's cost of applying events on big catalogs.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every figure is printed with a ratio against a baseline measured in the
 * same run: copying the catalog's product pointers with a reference each,
 * which any copy-on-write snapshot of that catalog has to do.
 *
 *   1. CATALOG_SET refresh (same ids, 1 in 100 changed, a cart of 100 and a
 *      pin) on catalogs of 1,000 / 10,000 / 50,000 products; the scale from
 *      1,000 up is compared with n and n·log n;
 *   2. on 10,000 products: 1,000 applies of one STOCK each, 1,000 of one
 *      PRODUCT_PUT each, one apply of 1,000 STOCK events, a CART_SET of
 *      1,000 ids;
 *   3. lk_snapshot_find on 50,000 products against 1,000 products;
 *   4. lk_store_tick + lk_snapshot_next_tick_ms with 32 sales on 50,000
 *      products (nothing due: the common case every tick).
 *
 *   bench-store [reps]   (default 3; times are means of reps)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <util/bmem.h>

#include "core/lk-store.h"

#define CART 100
#define STREAM 1000

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void product_id(char *buf, size_t size, size_t i)
{
	snprintf(buf, size, "gid://shopify/Product/%zu", 7000000 + i * 7919 % 1000003);
}

static struct lk_product *product(size_t i, int64_t price)
{
	char id[64];
	product_id(id, sizeof(id), i);
	struct lk_product *p = lk_product_new(id);
	lk_product_set_str(&p->title, "Product · 商品");
	lk_product_set_currency(p, "USD");
	p->price = price;
	p->stock = 50;
	return p;
}

/* A CATALOG_SET of n products; one in 100 has price + bump. */
static void push_catalog(struct lk_events *evs, size_t n, int64_t bump)
{
	struct lk_event *ev = lk_events_push(evs, LK_EV_CATALOG_SET);
	ev->products = bzalloc(n * sizeof(*ev->products));
	ev->num_products = n;
	for (size_t i = 0; i < n; i++)
		ev->products[i] = product(i, 1000 + (i % 100 == 0 ? bump : 0));
}

static double timed_apply(struct lk_store *store, struct lk_events *evs)
{
	double t0 = now_s();
	lk_store_apply(store, evs);
	double dt = now_s() - t0;
	lk_events_free(evs);
	lk_events_init(evs);
	return dt;
}

/* A store with n products, the first CART in the cart, product 1 pinned. */
static struct lk_store *store_with(size_t n)
{
	struct lk_store *store = lk_store_create();
	struct lk_events evs;
	lk_events_init(&evs);
	push_catalog(&evs, n, 0);
	char **ids = bzalloc(CART * sizeof(char *));
	for (size_t i = 0; i < CART; i++) {
		ids[i] = bmalloc(64);
		product_id(ids[i], 64, i);
	}
	lk_events_cart(&evs, (const char *const *)ids, CART);
	lk_events_pin(&evs, ids[1]);
	lk_store_apply(store, &evs);
	lk_events_free(&evs);
	for (size_t i = 0; i < CART; i++)
		bfree(ids[i]);
	bfree(ids);
	return store;
}

/* Baseline: copy the snapshot's product pointers with a reference each. */
static double baseline(struct lk_store *store, int reps)
{
	struct lk_snapshot *s = lk_store_get(store);
	struct lk_product **copy = bmalloc(s->num_products * sizeof(*copy) + 1);
	double t0 = now_s();
	for (int r = 0; r < reps; r++) {
		for (size_t i = 0; i < s->num_products; i++)
			copy[i] = lk_product_addref(s->products[i]);
		for (size_t i = 0; i < s->num_products; i++)
			lk_product_release(copy[i]);
	}
	double dt = (now_s() - t0) / reps;
	bfree(copy);
	lk_snapshot_release(s);
	return dt;
}

static double bench_catalog(size_t n, int reps, double *base)
{
	struct lk_store *store = store_with(n);
	struct lk_events evs;
	double sum = 0;

	lk_events_init(&evs);
	for (int r = 1; r <= reps; r++) {
		push_catalog(&evs, n, r);
		sum += timed_apply(store, &evs);
	}
	*base = baseline(store, 20);
	struct lk_snapshot *s = lk_store_get(store);
	if (s->num_products != n || s->num_cart != CART || s->pinned_slot != 2)
		abort();
	lk_snapshot_release(s);
	lk_store_destroy(store);
	return sum / reps;
}

static void report(const char *what, double t, double base)
{
	printf("  %-44s %10.3f ms  %8.1fx baseline\n", what, t * 1000, t / base);
}

static void bench_catalogs(int reps)
{
	static const size_t sizes[] = {1000, 10000, 50000};
	double t[3], base[3];

	printf("CATALOG_SET refresh (mean of %d; baseline = pointer copy + refs of the catalog)\n", reps);
	for (int i = 0; i < 3; i++) {
		char what[64];
		t[i] = bench_catalog(sizes[i], reps, &base[i]);
		snprintf(what, sizeof(what), "%zu products (baseline %.3f ms)", sizes[i], base[i] * 1000);
		report(what, t[i], base[i]);
	}
	for (int i = 1; i < 3; i++) {
		double k = (double)sizes[i] / (double)sizes[0];
		printf("  scale 1000 -> %zu: time x%.1f (n: x%.0f, n log n: x%.1f, n^2: x%.0f)\n", sizes[i],
		       t[i] / t[0], k, k * log((double)sizes[i]) / log((double)sizes[0]), k * k);
	}
}

static void bench_streams(int reps)
{
	const size_t n = 10000;
	struct lk_store *store = store_with(n);
	struct lk_events evs;
	double stock = 0, put = 0, batch = 0, cart = 0;
	char id[64];

	lk_events_init(&evs);
	for (int r = 1; r <= reps; r++) {
		for (size_t i = 0; i < STREAM; i++) {
			product_id(id, sizeof(id), i * 7 % n);
			lk_events_stock(&evs, id, 10 + r, (int64_t)i);
			stock += timed_apply(store, &evs);
			lk_events_put_product(&evs, product(i * 13 % n, 2000 + r));
			put += timed_apply(store, &evs);
		}
		for (size_t i = 0; i < STREAM; i++) {
			product_id(id, sizeof(id), i * 3 % n);
			lk_events_stock(&evs, id, 20 + r, (int64_t)i);
		}
		batch += timed_apply(store, &evs);
		char **ids = bzalloc(STREAM * sizeof(char *));
		for (size_t i = 0; i < STREAM; i++) {
			ids[i] = bmalloc(64);
			product_id(ids[i], 64, (i * 11 + (size_t)r) % n);
		}
		lk_events_cart(&evs, (const char *const *)ids, STREAM);
		cart += timed_apply(store, &evs);
		for (size_t i = 0; i < STREAM; i++)
			bfree(ids[i]);
		bfree(ids);
	}
	double base = baseline(store, 20);
	printf("on %zu products (mean of %d; baseline = pointer copy + refs, %.3f ms)\n", n, reps, base * 1000);
	report("one apply of 1 STOCK", stock / reps / STREAM, base);
	report("one apply of 1 PRODUCT_PUT", put / reps / STREAM, base);
	report("one apply of 1,000 STOCK", batch / reps, base);
	report("one apply of CART_SET of 1,000 ids", cart / reps, base);
	lk_store_destroy(store);
}

static double find_ns(size_t n, size_t lookups)
{
	struct lk_store *store = store_with(n);
	struct lk_snapshot *s = lk_store_get(store);
	char id[64];
	size_t found = 0;

	double t0 = now_s();
	for (size_t i = 0; i < lookups; i++) {
		product_id(id, sizeof(id), i * 7 % (n + 10)); /* a few unknown ids too */
		found += lk_snapshot_find(s, id) != NULL;
	}
	double dt = now_s() - t0;
	if (found == 0 || found == lookups)
		abort();
	lk_snapshot_release(s);
	lk_store_destroy(store);
	return dt / (double)lookups * 1e9;
}

static void bench_find(void)
{
	double small = find_ns(1000, 20000), big = find_ns(50000, 20000);
	printf("lk_snapshot_find: %.0f ns on 1,000 products, %.0f ns on 50,000: x%.1f for 50x the products\n", small,
	       big, big / small);
}

static void bench_tick(void)
{
	const size_t n = 50000;
	struct lk_store *store = store_with(n);
	struct lk_events evs;
	int64_t t = lk_now_ms();
	char id[64], pid[64];

	lk_events_init(&evs);
	for (int i = 0; i < 32; i++) {
		snprintf(id, sizeof(id), "sale-%d", i);
		product_id(pid, sizeof(pid), (size_t)(n - 1 - (size_t)i));
		struct lk_sale *sale = lk_sale_new(id, pid);
		sale->start_ms = t - 1000;
		sale->end_ms = t + 3600 * 1000;
		lk_events_sale_put(&evs, sale);
	}
	lk_store_apply_at(store, &evs, t);
	lk_events_free(&evs);
	int rounds = 200;
	double t0 = now_s();
	for (int i = 0; i < rounds; i++) {
		lk_store_tick(store, t + i);
		struct lk_snapshot *s = lk_store_get(store);
		if (lk_snapshot_next_tick_ms(s, t + i) <= t + i)
			abort();
		lk_snapshot_release(s);
	}
	double dt = (now_s() - t0) / rounds;
	double base = baseline(store, 20);
	printf("tick + next_tick_ms, 32 live sales on %zu products: %.3f ms (%.2fx baseline %.3f ms)\n", n, dt * 1000,
	       dt / base, base * 1000);
	lk_store_destroy(store);
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 3;
	if (reps < 1)
		reps = 1;

	bench_catalogs(reps);
	bench_streams(reps);
	bench_find();
	bench_tick();
	return 0;
}
