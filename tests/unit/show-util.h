/*
 * Linkon — test helpers for the show: a store with a small catalog, orders.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "core/lk-store.h"

#include <util/bmem.h>

/* A store whose show runs on the tests' fake local clock (no wall offset). */
static struct lk_store *show_store_new(void)
{
	struct lk_store *store = lk_store_create();
	lk_store_show_wall_offset(store, 0);
	return store;
}

static struct lk_product *show_product(const char *id, const char *title, int64_t price, const char *cur)
{
	struct lk_product *p = lk_product_new(id);
	lk_product_set_currency(p, cur);
	lk_product_set_str(&p->title, title);
	lk_product_set_str(&p->image, "demo://thumb.png");
	p->price = price;
	p->stock = 100;
	return p;
}

/* Catalog p1 (USD 12.99), p2 (USD 5.00), p3 (EUR 20.00), p4 (JPY 1280). */
static void show_catalog(struct lk_store *store, int64_t now)
{
	struct lk_events evs;

	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->products = bzalloc(4 * sizeof(*ev->products));
	ev->num_products = 4;
	ev->products[0] = show_product("p1", "Organic Olive Oil", 1299, "USD");
	ev->products[1] = show_product("p2", "Bread", 500, "USD");
	ev->products[2] = show_product("p3", "Cheese", 2000, "EUR");
	ev->products[3] = show_product("p4", "Tea", 1280, "JPY");
	lk_store_apply_at(store, &evs, now);
	lk_events_free(&evs);
}

static void show_apply1(struct lk_store *store, enum lk_event_type type, const char *id, int64_t now)
{
	struct lk_events evs;
	lk_events_init(&evs);
	if (type == LK_EV_PIN)
		lk_events_pin(&evs, id);
	else
		lk_events_show(&evs, type == LK_EV_SHOW_START, 0);
	lk_store_apply_at(store, &evs, now);
	lk_events_free(&evs);
}

/* One order of one item; price -1 = the catalog's. Returns the version after it. */
static uint64_t show_order(struct lk_store *store, const char *id, const char *product, int64_t qty, int64_t price,
			   const char *cur, const char *buyer, int64_t now)
{
	struct lk_events evs;
	struct lk_order *o = lk_order_new(id);

	lk_order_add_item(o, product, qty, price);
	if (cur)
		lk_order_set_currency(o, cur);
	lk_order_set_str(&o->buyer, buyer);
	lk_events_init(&evs);
	lk_events_order(&evs, o);
	uint64_t v = lk_store_apply_at(store, &evs, now);
	lk_events_free(&evs);
	return v;
}
