/*
 * Linkon — the built-in demo shop: a deterministic simulation of a live
 * show, so Linkon works with no account and no server.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure logic: the caller passes the time. The same seed and the same
 * sequence of calls with the same times produce the same events. One
 * thread at a time (the net worker's demo connector owns it).
 */
#pragma once

#include "lk-store.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_demo_config {
	uint64_t seed;          /* 0 = a fixed default seed */
	const char *currency;   /* ISO 4217 for every price; NULL = "CNY" */
	const char *image_dir;  /* dir holding demo-01.png …; NULL = no images */
	int64_t order_every_ms; /* mean time between simulated orders; 0 = 1500 */
	int64_t pin_every_ms;   /* time between pinned-product moves; 0 = 20000; <0 = never */
	int sale_ids_after;     /* sale ids start at demo-sale-<this + 1>; a restarted demo passes the
	                           highest number the store already holds, so no finished sale's id
	                           comes back (the store keeps a stopped id stopped) */
};

struct lk_demo_shop;

struct lk_demo_shop *lk_demo_shop_create(const struct lk_demo_config *cfg);
void lk_demo_shop_destroy(struct lk_demo_shop *shop);

/* Number of products in the demo catalog (>= 12). */
size_t lk_demo_shop_catalog_size(const struct lk_demo_shop *shop);

/* Emits the opening state at now_ms: server time, catalog, cart, pin,
 * status connected. */
void lk_demo_shop_start(struct lk_demo_shop *shop, int64_t now_ms, struct lk_events *out);
/* Emits everything that happened between the last call and now_ms:
 * orders (stock down, sold up, never below 0), pin moves. */
void lk_demo_shop_step(struct lk_demo_shop *shop, int64_t now_ms, struct lk_events *out);
/* Local time of the next scheduled happening (for the worker's sleep). */
int64_t lk_demo_shop_next_due(const struct lk_demo_shop *shop);

/* Anchor actions applied to the demo shop (it is its own platform). */
void lk_demo_shop_pin(struct lk_demo_shop *shop, const char *id_or_null, struct lk_events *out);

/* Starts a flash sale at now_ms from checked params (see lk-command.h):
 * emits LK_EV_SALE_PUT with demo-platform times (live preroll_ms after now,
 * ending duration_ms later), id "demo-sale-<n>". Returns false and emits
 * nothing before lk_demo_shop_start, for an unknown or sold-out product, or
 * while another demo sale is in pre-roll or live. While the sale is live,
 * most orders buy its product, and each such order counts down the sale's
 * stock limit (LK_EV_SALE_STOCK; never more units than are left). */
bool lk_demo_shop_start_sale(struct lk_demo_shop *shop, const struct lk_sale_params *params, int64_t now_ms,
			     struct lk_events *out);
/* Stops the demo sale (sale_id NULL = whichever is running) at now_ms:
 * emits LK_EV_SALE_STOP at the demo platform's time. False if that sale is
 * not in pre-roll or live. */
bool lk_demo_shop_stop_sale(struct lk_demo_shop *shop, const char *sale_id, int64_t now_ms, struct lk_events *out);

#ifdef __cplusplus
}
#endif
