/*
 * Linkon — helpers shared by the demo shop tests (test-demo-shop.c,
 * test-demo-sim.c). Test code only.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lk-str.h"
#include "lk-demo-shop.h"
#include "lk-rand.h"

#define T0 5000
#define HOUR (3600 * 1000LL)
#define EPOCH_MS 1767268800000LL /* 2026-01-01T12:00:00Z */
#define MAX_ITEMS 64

static inline struct lk_demo_shop *new_shop(uint64_t seed, const char *cur, int64_t order_ms, int64_t pin_ms)
{
	struct lk_demo_config cfg = {
		.seed = seed,
		.currency = cur,
		.image_dir = LK_SOURCE_DIR "/data/images",
		.order_every_ms = order_ms,
		.pin_every_ms = pin_ms,
	};
	return lk_demo_shop_create(&cfg);
}

struct tracked {
	char id[32];
	int64_t stock, total, sold;
};

static inline struct tracked *track_find(struct tracked *t, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(t[i].id, id) == 0)
			return &t[i];
	}
	fail_msg("event for unknown product %s", id);
	return NULL;
}

/* Follows catalog and stock events; true when ev is an order (sold went up). */
static inline bool track_event(struct tracked *t, size_t *n, const struct lk_event *ev)
{
	if (ev->type == LK_EV_CATALOG_SET) {
		for (*n = 0; *n < ev->num_products && *n < MAX_ITEMS; (*n)++) {
			snprintf(t[*n].id, sizeof(t[*n].id), "%s", ev->products[*n]->id);
			t[*n].stock = t[*n].total = ev->products[*n]->stock;
			t[*n].sold = ev->products[*n]->sold;
		}
		return false;
	}
	if (ev->type != LK_EV_STOCK)
		return false;
	struct tracked *p = track_find(t, *n, ev->id);
	bool order = ev->sold > p->sold;
	p->stock = ev->stock;
	p->sold = ev->sold;
	return order;
}

/* Irregular step times from a generator independent of the shop. */
static inline int64_t next_call(struct lk_rand *r, int64_t t)
{
	return t + lk_rand_range(r, 1, 4000);
}

/* Steps every `every` ms (0 = irregular) from T0 for dur; all events in one list. */
static inline void run_shop(struct lk_demo_shop *shop, int64_t every, int64_t dur, struct lk_events *all)
{
	struct lk_rand r;
	lk_rand_seed(&r, 99);
	lk_demo_shop_start(shop, T0, all);
	for (int64_t t = T0; t <= T0 + dur; t = every ? t + every : next_call(&r, t))
		lk_demo_shop_step(shop, t, all);
	lk_demo_shop_step(shop, T0 + dur, all);
}

static inline const struct lk_event *find_event(const struct lk_events *evs, enum lk_event_type type)
{
	for (size_t i = 0; i < evs->da.num; i++) {
		if (evs->da.array[i].type == type)
			return &evs->da.array[i];
	}
	return NULL;
}
