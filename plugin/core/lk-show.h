/*
 * Linkon — the show: a period with a start and an end, its orders, gifts,
 * likes and goals, and the numbers the anchor judges it by.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Readers (sources on the graphics thread, the dock, obs-websocket) read
 * snapshot->show, an immutable, ref-counted lk_show_view that the store
 * publishes with every snapshot that changed it (unchanged snapshots share
 * the same view). Nothing in a view changes after it is published.
 *
 * Writers never touch a view: the store owns one mutable lk_show (below)
 * and applies the order/show/goal events to it on its writer (see
 * lk-store.h). The lk_show keeps an append-only journal of everything that
 * counts (lk_show_open), so a crash loses nothing: on the next start the
 * journal is read back and a show that was live goes on.
 *
 * Money is in minor units; totals, per-product and per-pin numbers and GMV
 * goals are per ISO 4217 currency, never summed across currencies. Times are
 * platform ms (Unix epoch).
 */
#pragma once

#include "lk-order.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
struct dstr; /* util/dstr.h */

#ifdef __cplusplus
extern "C" {
#endif

struct lk_product;

/* ---- privacy: how buyers appear on stream ------------------------------ */

enum lk_privacy {
	LK_PRIVACY_MASKED = 0, /* "M***a": first and last character (grapheme), the default */
	LK_PRIVACY_FULL,       /* the display name as delivered */
	LK_PRIVACY_FIRST_NAME, /* the first word ("Maria Lopez" → "Maria"); a name without spaces whole */
	LK_PRIVACY_ANONYMOUS,  /* nobody's name: LK_BUYER_SOMEONE */
};

/* What an absent or anonymous buyer is shown as (sources may translate it:
 * lk_show_ticker_entry.buyer_anonymous says when). */
#define LK_BUYER_SOMEONE "Someone"

/* Config strings "full", "first", "masked", "anonymous"; anything else is
 * LK_PRIVACY_MASKED. */
enum lk_privacy lk_privacy_from_string(const char *s);
const char *lk_privacy_to_string(enum lk_privacy p);

/* The buyer as shown on stream, into out (replaced); returns false (and
 * LK_BUYER_SOMEONE in out) when nobody is named: name NULL or blank, or
 * LK_PRIVACY_ANONYMOUS. Characters are user-perceived characters (grapheme
 * clusters: a letter with its combining marks, a Thai consonant with its
 * vowel and tone marks, an emoji with its modifiers and ZWJ sequence, a
 * flag), never bytes: "Maria" → "M***a", "王小明" → "王***明",
 * "สมชาย" → "ส***ย", "👩‍💻Ana" → "👩‍💻***a", a one-character name "X***".
 * Control characters become spaces; the result is at most
 * LK_ORDER_MAX_BUYER bytes. Any thread. */
bool lk_buyer_shown(struct dstr *out, const char *name, enum lk_privacy mode);

/* ---- goals ------------------------------------------------------------- */

enum lk_goal_kind {
	LK_GOAL_GMV = 1,    /* show GMV in goal.currency (minor units) */
	LK_GOAL_UNITS,      /* units sold: the show's, or goal.product_id's */
	LK_GOAL_ORDERS,     /* orders in the show */
	LK_GOAL_GIFT_VALUE, /* gift value in platform units (diamonds) */
	LK_GOAL_LIKES,      /* likes, when a connector reports them */
};

/* milestones bits */
#define LK_GOAL_M25 0x1
#define LK_GOAL_M50 0x2
#define LK_GOAL_M75 0x4
#define LK_GOAL_M100 0x8

struct lk_goal {
	char *id; /* never NULL; unique in a show */
	enum lk_goal_kind kind;
	char *title;      /* UTF-8, may be NULL */
	char *product_id; /* LK_GOAL_UNITS of one product; NULL = the whole show */
	char currency[4]; /* LK_GOAL_GMV: ISO 4217 ("" = the first order's currency) */
	int64_t target;   /* > 0; minor units for GMV */
	bool auto_next;   /* when reached: the next goal starts at once (target += step) */
	int64_t step;     /* auto_next's increase; 0 = the first target */
	/* computed by the show (ignored in LK_EV_GOAL_SET) */
	int64_t base;            /* current at the goal's round start (auto_next rounds count from here) */
	int64_t current;         /* progress in the goal's unit, from the show's start */
	unsigned milestones;     /* LK_GOAL_M* reached in this round */
	int64_t reached_ms;      /* platform ms the target was reached, 0 = not yet (this round) */
	int64_t last_reached_ms; /* platform ms of the latest reach in any round, 0 = never */
	uint32_t round;          /* 0 for the first target, +1 per auto_next */
	uint32_t reached_count;  /* times reached (all rounds) */
	int64_t first_target;    /* the target as set (a new show starts from it) */
};

struct lk_goal *lk_goal_new(const char *id, enum lk_goal_kind kind, int64_t target);
struct lk_goal *lk_goal_copy(const struct lk_goal *g);
void lk_goal_free(struct lk_goal *g);
/* "gmv", "units", "orders", "gifts", "likes"; 0 = unknown. */
enum lk_goal_kind lk_goal_kind_from_string(const char *s);
const char *lk_goal_kind_to_string(enum lk_goal_kind k);
/* Fill fraction 0..1 of this round ((current - base) / (target - base)). */
double lk_goal_fraction(const struct lk_goal *g);

/* ---- the published view ------------------------------------------------ */

enum lk_show_state {
	LK_SHOW_NONE = 0, /* no show yet (since the start or a journal without one) */
	LK_SHOW_LIVE,
	LK_SHOW_ENDED, /* the last show's numbers stay until the next start */
};

struct lk_show_totals {
	char currency[4];
	int64_t gmv; /* minor units */
	int64_t orders;
	int64_t units;
	int64_t aov;        /* average order value: gmv / orders, rounded; 0 without orders */
	int64_t commission; /* estimated anchor commission, minor units */
};

struct lk_show_product {
	char *product_id;
	char *title; /* from the catalog when the product was first sold; may be NULL */
	char currency[4];
	int64_t units;
	int64_t gmv;
	int64_t orders; /* orders that had this product */
};

/* One pin window: from a pin to the next pin or unpin. */
struct lk_show_pin {
	char *product_id;
	char *title; /* may be NULL */
	int64_t start_ms;
	int64_t end_ms;   /* 0 = still pinned */
	int64_t units;    /* units of the pinned product sold while it was pinned */
	int64_t gmv;      /* their value, in currency */
	char currency[4]; /* "" = nothing sold yet */
	int64_t orders;   /* orders with the pinned product in this window */
	double share;     /* units / the show's units (0..1), all currencies' units */
};

/* Live-room claims of one product in the show ("3", "want 3" in the chat:
 * lk-claims.h), counted while the show is live. */
struct lk_show_claim {
	char *product_id;
	char *title; /* from the catalog when first claimed; may be NULL */
	int64_t claims;
};

/* An order as the ticker shows it. */
struct lk_show_ticker_entry {
	uint64_t seq; /* the view's orders_seq when this order arrived */
	char *order_id;
	int64_t time_ms;
	char *buyer_shown;    /* per the privacy setting; never NULL (LK_BUYER_SOMEONE) */
	bool buyer_anonymous; /* true: buyer_shown is LK_BUYER_SOMEONE (translate it) */
	char *product_id;     /* the order's main item: the pinned one if bought, else the first */
	char *product_title;  /* from the catalog; may be NULL */
	char *product_image;  /* the product's image (URL or path, a key for the image cache); may be NULL */
	int64_t quantity;     /* of the main item */
	size_t num_items;     /* items in the order */
	int64_t total;        /* minor units */
	char currency[4];
};

#define LK_SHOW_TICKER_MAX 20

struct lk_show_view {
	volatile long refs;
	enum lk_show_state state;
	char *show_id;    /* "show-<start ms>"; NULL with LK_SHOW_NONE */
	int64_t start_ms; /* platform ms; 0 = none */
	int64_t end_ms;   /* platform ms; 0 = not ended */

	struct lk_show_totals *totals; /* one per currency, in the order first sold */
	size_t num_totals;
	struct lk_show_product *products; /* in the order first sold */
	size_t num_products;
	struct lk_show_pin *pins; /* pin windows in time order */
	size_t num_pins;
	int64_t units;  /* all currencies */
	int64_t orders; /* all currencies */

	int64_t gifts;      /* gift count (a streak of 5 counts 5) */
	int64_t gift_value; /* platform units (diamonds) */
	int64_t likes;

	struct lk_show_claim *claims; /* per product, in the order first claimed */
	size_t num_claims;
	int64_t claims_total; /* all products */

	struct lk_show_ticker_entry *ticker; /* newest first, at most LK_SHOW_TICKER_MAX */
	size_t num_ticker;
	uint64_t orders_seq; /* + 1 per new (not redelivered) order; never goes back, not even at a new show */

	struct lk_goal *goals; /* in the order set */
	size_t num_goals;
	uint64_t goals_seq; /* + 1 whenever a goal is reached (celebrate when it grows) */

	enum lk_privacy privacy;
	int64_t commission_bp; /* the show's commission rate in basis points (2000 = 20 %) */

	/* after an end: the report files (UTF-8 paths); NULL until written or on failure */
	char *report_csv;
	char *report_json;
	/* the journal could not be written: plain words, NULL = fine */
	char *journal_error;
};

struct lk_show_view *lk_show_view_addref(struct lk_show_view *v);
void lk_show_view_release(struct lk_show_view *v);
/* Borrowed totals of that currency, or NULL. */
const struct lk_show_totals *lk_show_view_totals(const struct lk_show_view *v, const char *currency);
/* The show's claims of a product; 0 when none (v may be NULL). */
int64_t lk_show_view_claims(const struct lk_show_view *v, const char *product_id);
/* Borrowed goal with that id, or NULL. */
const struct lk_goal *lk_show_view_goal(const struct lk_show_view *v, const char *id);

/* The view as JSON (new reference): the GetShowStats answer and the JSON
 * report (docs/websocket-api.md). Buyers appear only as shown on stream. */
typedef struct json_t json_t;
json_t *lk_show_view_to_json(const struct lk_show_view *v);
/* One goal (definition and progress) as JSON (new reference). */
json_t *lk_goal_to_json(const struct lk_goal *g);

/* ---- the mutable show (the store's writer only) ------------------------ */

struct lk_show;

/* The catalog lookups the show needs (title, image, currency of products). */
struct lk_show_catalog {
	const struct lk_product *(*find)(void *data, const char *id);
	void *data;
};

struct lk_show *lk_show_create(void);
void lk_show_destroy(struct lk_show *show);

/* Opens (creating it) the journal folder dir (UTF-8; the plugin passes its
 * config folder + "/shows") and reads back the journal of the last show: a
 * show that was live goes on, with its orders, pins, gifts, likes and goals;
 * a damaged or truncated last line is skipped. false (with err, and the
 * show without a journal, in memory only) when the folder cannot be made or
 * the journal cannot be opened. */
bool lk_show_open(struct lk_show *show, const char *dir, char *err, size_t err_size);

/* Settings (journaled with the show). rate in basis points 0..10000;
 * per-product overrides: lk_show_set_product_commission (bp < 0 removes). */
void lk_show_set_privacy(struct lk_show *show, enum lk_privacy p);
void lk_show_set_commission(struct lk_show *show, int64_t bp);
void lk_show_set_product_commission(struct lk_show *show, const char *product_id, int64_t bp);

/* Events, at platform time now_ms. Each returns true if the view changed.
 * - start: ignored while live. A new show resets every number; goals are kept
 *   (their progress restarts). pinned_id: what is pinned at the start.
 * - end: ignored unless live; writes the report (CSV + JSON) next to the
 *   journal and closes the journal.
 * - order: taken over (freed here); counted only while live and only the
 *   first time its id is seen in the show.
 * - pin: the pin moved (id NULL = unpinned); ends the open window.
 * - gift/likes: counts while live.
 * - claims: n new claims of product_id (one viewer each) while live.
 * - goal_set: copies g (replaces the goal with the same id, its progress
 *   recomputed); goal_clear: id NULL = all goals. */
bool lk_show_start(struct lk_show *show, int64_t now_ms, const char *pinned_id, const struct lk_show_catalog *cat);
bool lk_show_end(struct lk_show *show, int64_t now_ms);
bool lk_show_order(struct lk_show *show, struct lk_order *o, int64_t now_ms, const char *pinned_id,
		   const struct lk_show_catalog *cat);
bool lk_show_pin(struct lk_show *show, const char *pinned_id, int64_t now_ms, const struct lk_show_catalog *cat);
bool lk_show_gift(struct lk_show *show, int64_t count, int64_t value, int64_t now_ms);
bool lk_show_likes(struct lk_show *show, int64_t delta, int64_t now_ms);
bool lk_show_claims(struct lk_show *show, const char *product_id, int64_t n, int64_t now_ms,
		    const struct lk_show_catalog *cat);
bool lk_show_goal_set(struct lk_show *show, const struct lk_goal *g, int64_t now_ms);
bool lk_show_goal_clear(struct lk_show *show, const char *id, int64_t now_ms);

/* The current view, new reference (rebuilt only after a change). */
struct lk_show_view *lk_show_get_view(struct lk_show *show);

#ifdef __cplusplus
}
#endif
