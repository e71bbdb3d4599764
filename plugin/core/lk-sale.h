/*
 * Linkon — flash sale model and its pure state function.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A sale offers one product at a sale price between two absolute platform
 * times, optionally with a stock limit and a pre-roll countdown (the
 * "3, 2, 1" before the link goes live):
 *
 *   scheduled ──▶ pre-roll ──▶ live ──▶ ended     (platform time reached end_ms)
 *       │   (start - preroll)  (start)  ├─▶ sold out (stock left reached 0)
 *       └───────────┴────────────────────┴─▶ stopped  (by the anchor)
 *
 * Like a product, a sale is built by one thread and immutable once handed
 * to the store (shared by reference between snapshots and threads). To
 * change a published sale, lk_sale_clone() it and publish the clone.
 *
 * Every time is platform ms (Unix epoch ms on the platform's clock), never
 * local time; map with lk_snapshot_platform_now(). All functions here are
 * pure and may be called from any thread.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_SALE_NO_LIMIT ((int64_t)-1)
#define LK_SALE_PREROLL_MIN_MS 3000
#define LK_SALE_PREROLL_MAX_MS 300000
#define LK_SALE_DURATION_MIN_MS 1000
#define LK_SALE_DURATION_MAX_MS (24 * 3600 * 1000LL)
/* How long an ended / sold-out / stopped sale stays the snapshot's
 * current_sale, so the timer can show its end text. */
#define LK_SALE_END_HOLD_MS 10000

enum lk_sale_state {
	LK_SALE_SCHEDULED = 0,
	LK_SALE_PREROLL,
	LK_SALE_LIVE,
	LK_SALE_ENDED,    /* time up */
	LK_SALE_SOLD_OUT, /* stock left reached 0 */
	LK_SALE_STOPPED,  /* stopped by the anchor */
};

struct lk_sale {
	volatile long refs;

	/* what the platform (or the anchor's command) says */
	char *id;            /* sale id, never NULL */
	char *product_id;    /* never NULL */
	int64_t sale_price;  /* minor units, in the product's currency */
	int64_t stock_limit; /* units offered at the sale price, or LK_SALE_NO_LIMIT */
	int64_t stock_left;  /* units left of stock_limit; ignored without a limit */
	int64_t preroll_ms;  /* countdown before start_ms, 0 = none */
	int64_t start_ms;    /* platform ms the link goes live */
	int64_t end_ms;      /* platform ms the sale ends */
	bool stopped;        /* stopped by the anchor at stop_ms */
	int64_t stop_ms;
	bool sold_out; /* stock ran out; counts from sold_out_ms */
	int64_t sold_out_ms;

	/* kept by the store: the state it last computed, the platform ms that
	 * state began, and a counter that goes up by one on every state change
	 * the store publishes (so consumers see transitions) */
	enum lk_sale_state state;
	int64_t state_ms;
	uint64_t state_seq;
};

/* A sale the anchor starts now: validated by lk-command, carried out by the
 * connector (or the store). The link goes live preroll_ms after "now" and
 * the sale ends duration_ms after that. */
struct lk_sale_params {
	const char *product_id;
	bool has_price;      /* false: the product's price */
	int64_t sale_price;  /* minor units, > 0 */
	int64_t duration_ms; /* LK_SALE_DURATION_MIN_MS … LK_SALE_DURATION_MAX_MS */
	bool has_stock;      /* false: no limit */
	int64_t stock;       /* >= 1 */
	int64_t preroll_ms;  /* 0, or LK_SALE_PREROLL_MIN_MS … LK_SALE_PREROLL_MAX_MS */
};

/* New sale with refs = 1 (caller owns it): no limit, state scheduled. */
struct lk_sale *lk_sale_new(const char *id, const char *product_id);
/* New mutable deep copy with refs = 1. */
struct lk_sale *lk_sale_clone(const struct lk_sale *s);
struct lk_sale *lk_sale_addref(struct lk_sale *s);
void lk_sale_release(struct lk_sale *s);

/* New sale (refs = 1) from validated params started at platform_now_ms.
 * product_price is used when params->has_price is false. */
struct lk_sale *lk_sale_from_params(const char *id, const struct lk_sale_params *params, int64_t product_price,
				    int64_t platform_now_ms);

/* Equality of what the platform says (id … sold_out_ms), not of the
 * store-kept state fields. */
bool lk_sale_inputs_equal(const struct lk_sale *a, const struct lk_sale *b);

/* The sale's state at platform time t, from its inputs alone. The earliest
 * of end, sold out and stop at or before t decides the end state (on a tie:
 * sold out, then ended, then stopped); else pre-roll from start - preroll,
 * live from start. *since_ms (if not NULL) gets the platform ms the state
 * began (for scheduled: INT64_MIN, it has no start). */
enum lk_sale_state lk_sale_state_at(const struct lk_sale *s, int64_t t, int64_t *since_ms);

/* Ended, sold out and stopped are final. */
bool lk_sale_state_final(enum lk_sale_state state);

/* Platform ms after t at which the state may next change by time alone
 * (pre-roll begins, goes live, ends, a future sold-out or stop takes
 * effect); INT64_MAX if none or already final. */
int64_t lk_sale_next_change(const struct lk_sale *s, int64_t t);

/* Countdown at t: ms until start in scheduled/pre-roll, until end when
 * live; 0 otherwise. */
int64_t lk_sale_remaining_ms(const struct lk_sale *s, int64_t t);

/* "scheduled", "preroll", "live", "ended", "sold_out", "stopped" (for JSON
 * and logs); "unknown" for anything else. */
const char *lk_sale_state_name(enum lk_sale_state state);

#ifdef __cplusplus
}
#endif
