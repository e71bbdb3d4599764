/*
 * Linkon — what a "just bought" ticker shows when: a queue of orders with a
 * minimum and a maximum time on screen, and bursts folded into one "+N more
 * orders in the last minute" entry. Pure C, no gs_*, one owner thread (the
 * source's graphics thread); unit-tested.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <util/darray.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_TICKER_WINDOW_MS 60000 /* "in the last minute" */

enum lk_ticker_kind { LK_TICKER_NONE = 0, LK_TICKER_ORDER, LK_TICKER_BURST };

/* One entry. Strings owned (bstrdup'd); buyer is already privacy-masked. */
struct lk_ticker_item {
	enum lk_ticker_kind kind;
	char *order_id;
	char *buyer;      /* NULL/"" = anonymous */
	char *product_id; /* NULL = several products / unknown */
	char *title;      /* product title at the time of the order; may be NULL */
	char *image;      /* thumbnail URL or path; may be NULL */
	int64_t quantity;
	int64_t at_ms; /* local monotonic ms the order arrived */
	int64_t more;  /* BURST: orders folded into it */
};

struct lk_ticker_config {
	int64_t min_ms; /* an entry stays at least this long when others wait */
	int64_t max_ms; /* and at most this long when none waits (0 = forever) */
	size_t fold_at; /* more than this many waiting fold into one burst (0 = never) */
};

struct lk_ticker {
	struct lk_ticker_config cfg;
	DARRAY(struct lk_ticker_item) waiting;
	struct lk_ticker_item current; /* kind NONE = nothing on screen */
	int64_t shown_ms;              /* when current went on screen */
	uint64_t seq;                  /* + 1 whenever current changes (also to NONE) */
	/* arrival times of the last minute's orders (ring, for burst counts) */
	int64_t recent[256];
	size_t recent_head, recent_len;
};

void lk_ticker_init(struct lk_ticker *t, const struct lk_ticker_config *cfg);
void lk_ticker_free(struct lk_ticker *t);
void lk_ticker_set_config(struct lk_ticker *t, const struct lk_ticker_config *cfg);
/* Queues a copy of item (kind ORDER) that arrived at now. */
void lk_ticker_push(struct lk_ticker *t, const struct lk_ticker_item *item, int64_t now);
/* Advances to now: the current entry leaves after max_ms, or after min_ms
 * when another waits; the next waiting one (or a burst of all of them)
 * takes its place. Returns true if current changed (seq moved). */
bool lk_ticker_tick(struct lk_ticker *t, int64_t now);
/* Orders that arrived in the last LK_TICKER_WINDOW_MS before now. */
size_t lk_ticker_recent(const struct lk_ticker *t, int64_t now);
size_t lk_ticker_waiting(const struct lk_ticker *t);
/* Drops everything (queue and current); seq moves if something was shown. */
void lk_ticker_clear(struct lk_ticker *t);

void lk_ticker_item_copy(struct lk_ticker_item *dst, const struct lk_ticker_item *src);
void lk_ticker_item_clear(struct lk_ticker_item *it);

#ifdef __cplusplus
}
#endif
