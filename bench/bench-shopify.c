/*
 * Linkon — benchmark: the Shopify connector's costs on the net worker.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   1. decoding catalog pages of 250 products (envelope + products), pages/s;
 *   2. a catalog refresh of N products handed to the store: the whole
 *      catalog as one event (baseline) against what the connector does when
 *      the list of ids is unchanged: compare, then put only the changed
 *      products. Prints both times and their ratio.
 *
 *   bench-shopify [N]   (default 10000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <util/bmem.h>

#include "core/lk-shopify-codec.h"
#include "core/lk-store.h"

#define PAGE 250
#define CHANGED 3

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *page_body(void)
{
	json_t *nodes = json_array();
	for (int i = 0; i < PAGE; i++) {
		char id[64], vid[64], title[64], price[32];
		snprintf(id, sizeof(id), "gid://shopify/Product/%d", 1000 + i);
		snprintf(vid, sizeof(vid), "gid://shopify/ProductVariant/%d", 5000 + i);
		snprintf(title, sizeof(title), "Product %d · 商品", i);
		snprintf(price, sizeof(price), "%d.99", 10 + i);
		json_array_append_new(nodes,
				      json_pack("{s:s, s:s, s:i, s:b, s:s, s:{s:s}, s:{s:[{s:s, s:s, s:s, s:s}]}}",
						"id", id, "title", title, "totalInventory", 5 + i, "tracksInventory", 1,
						"onlineStoreUrl", "https://shop.example/p", "featuredImage", "url",
						"https://cdn.example/i.png", "variants", "nodes", "id", vid, "sku",
						"SKU", "price", price, "compareAtPrice", "99.00"));
	}
	json_t *doc = json_pack("{s:{s:{s:s}, s:{s:{s:b, s:s}, s:o}}}", "data", "shop", "currencyCode", "USD",
				"products", "pageInfo", "hasNextPage", 1, "endCursor", "c249", "nodes", nodes);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return text;
}

static void bench_decode(void)
{
	char *body = page_body();
	size_t len = strlen(body);
	int rounds = 200;
	double t0 = now_s();
	for (int i = 0; i < rounds; i++) {
		struct lk_shopify_reply r;
		struct lk_shopify_page page;
		char err[LK_SHOPIFY_ERR_SIZE];
		lk_shopify_reply_parse(200, body, len, "shpat_x", &r);
		if (!lk_shopify_decode_catalog(&r, &page, err, sizeof(err)) || page.num_products != PAGE)
			abort();
		lk_shopify_page_free(&page);
		lk_shopify_reply_free(&r);
	}
	double dt = now_s() - t0;
	printf("decode: %d pages of %d products (%zu bytes each) in %.3f s: %.0f pages/s, %.0f products/s\n", rounds,
	       PAGE, len, dt, rounds / dt, rounds * PAGE / dt);
	free(body);
}

static struct lk_product **catalog(size_t n, int64_t stock_bump)
{
	struct lk_product **p = bzalloc(n * sizeof(*p));
	for (size_t i = 0; i < n; i++) {
		char id[64];
		snprintf(id, sizeof(id), "gid://shopify/Product/%zu", 1000 + i);
		p[i] = lk_product_new(id);
		p[i]->price = 1099;
		p[i]->stock = (int64_t)i + (i < CHANGED ? stock_bump : 0);
		lk_product_set_currency(p[i], "USD");
	}
	return p;
}

static double apply_whole(struct lk_store *store, size_t n, int64_t bump)
{
	struct lk_events evs;
	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->products = catalog(n, bump);
	ev->num_products = n;
	double t0 = now_s();
	lk_store_apply(store, &evs);
	double dt = now_s() - t0;
	lk_events_free(&evs);
	return dt;
}

/* What the connector does with an unchanged list: compare, put the changed. */
static double apply_changed(struct lk_store *store, size_t n, int64_t bump)
{
	struct lk_product **next = catalog(n, bump);
	struct lk_events evs;
	lk_events_init(&evs);
	double t0 = now_s();
	struct lk_snapshot *snap = lk_store_get(store);
	for (size_t i = 0; i < n; i++) {
		if (!lk_product_equal(snap->products[i], next[i]))
			lk_events_put_product(&evs, lk_product_addref(next[i]));
	}
	lk_snapshot_release(snap);
	lk_store_apply(store, &evs);
	double dt = now_s() - t0;
	lk_events_free(&evs);
	for (size_t i = 0; i < n; i++)
		lk_product_release(next[i]);
	bfree(next);
	return dt;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 10000;

	bench_decode();
	struct lk_store *a = lk_store_create(), *b = lk_store_create();
	apply_whole(a, n, 0);
	apply_whole(b, n, 0);
	double whole = 0, changed = 0;
	for (int r = 1; r <= 3; r++) {
		whole += apply_whole(a, n, r);
		changed += apply_changed(b, n, r);
	}
	printf("refresh of %zu products, %d changed (mean of 3): whole catalog %.1f ms, changed only %.2f ms: "
	       "%.0fx less worker time\n",
	       n, CHANGED, whole / 3 * 1000, changed / 3 * 1000, whole / changed);
	lk_store_destroy(a);
	lk_store_destroy(b);
	return 0;
}
