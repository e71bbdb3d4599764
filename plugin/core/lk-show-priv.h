/*
 * Linkon — the show's internals, shared by lk-show.c (events and numbers),
 * lk-show-view.c (the published view, goals) and lk-show-journal.c (the
 * journal and the reports). Not a public contract.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Everything here runs on the store's writer (one thread at a time).
 */
#pragma once

#include "lk-show.h"

#include <jansson.h>
#include <util/darray.h>

struct show_totals {
	char currency[4];
	int64_t gmv, orders, units, commission;
};

struct show_product {
	char *id, *title, *image;
	char currency[4];
	int64_t units, gmv, orders;
};

struct show_pin {
	char *id, *title;
	int64_t start_ms, end_ms;
	int64_t units, gmv, orders;
	char currency[4];
};

struct show_claim {
	char *id, *title;
	int64_t claims;
};

struct show_ticker {
	uint64_t seq;
	char *order_id, *buyer, *product_id, *title, *image;
	int64_t time_ms, quantity, total;
	size_t num_items;
	char currency[4];
};

struct show_rate {
	char *product_id;
	int64_t bp;
};

/* What the catalog said about an order's items (borrowed strings). */
struct show_item_info {
	const char *title, *image, *currency;
};

struct lk_show {
	enum lk_show_state state;
	char *show_id;
	int64_t start_ms, end_ms;

	DARRAY(struct show_totals) totals;
	DARRAY(struct show_product) products;
	DARRAY(struct show_pin) pins;
	int64_t units, orders, gifts, gift_value, likes;
	DARRAY(struct show_claim) claims;
	int64_t claims_total;
	DARRAY(struct show_ticker) ticker; /* oldest first, at most LK_SHOW_TICKER_MAX */
	uint64_t orders_seq, goals_seq;
	DARRAY(struct lk_goal) goals; /* owned strings */

	/* order ids of this show (open addressing, at most half full) */
	char **seen;
	size_t seen_cap, seen_num;

	char *pinned, *pinned_title; /* the store's pin, live or not */

	enum lk_privacy privacy;
	int64_t commission_bp;
	DARRAY(struct show_rate) rates;

	/* journal (lk-show-journal.c) */
	char *dir;
	int fd;               /* -1 = none */
	bool replaying;       /* events come from the journal: do not write them */
	int64_t last_sync_ms; /* platform ms of the last fsync */
	char *journal_error;
	char *report_csv, *report_json;

	struct lk_show_view *view; /* NULL = rebuild on the next lk_show_get_view */
};

/* lk-show.c */
void lk_show_reset_numbers(struct lk_show *show);
bool lk_show_apply_order(struct lk_show *show, const struct lk_order *o, const struct show_item_info *info,
			 const char *pinned_id, int64_t now_ms);
bool lk_show_apply_pin(struct lk_show *show, const char *id, const char *title, int64_t now_ms);
bool lk_show_apply_start(struct lk_show *show, int64_t now_ms);
void lk_show_apply_end(struct lk_show *show, int64_t now_ms);
/* n claims of product_id (title: the catalog's, may be NULL); journaled. */
bool lk_show_apply_claims(struct lk_show *show, const char *product_id, const char *title, int64_t n, int64_t now_ms);

/* lk-show-view.c */
void lk_show_goals_update(struct lk_show *show, int64_t now_ms);
void lk_show_goal_free_fields(struct lk_goal *g);
void lk_show_goal_copy_fields(struct lk_goal *dst, const struct lk_goal *src);
struct lk_show_view *lk_show_build_view(const struct lk_show *show);
int64_t lk_show_rate_of(const struct lk_show *show, const char *product_id);

/* lk-show-journal.c: records; each is a no-op while replaying or without a journal */
void lk_show_journal_write(struct lk_show *show, json_t *rec, bool sync, int64_t now_ms);
void lk_show_journal_close(struct lk_show *show);
/* After an end: writes the reports, moves the journal aside, starts a new one holding the goals. */
void lk_show_journal_finish(struct lk_show *show, int64_t now_ms);
/* Opens current.jsonl for appending (a newline first when its last line was cut). */
void lk_show_journal_finish_open(struct lk_show *show, bool newline_first);
json_t *lk_show_order_to_json(const struct lk_order *o, const struct show_item_info *info);
json_t *lk_show_goal_to_json(const struct lk_goal *g);
