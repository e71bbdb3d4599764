/*
 * Linkon — the docks' view model: what the "Linkon" and "Linkon Gifts"
 * docks show and allow, computed from a store snapshot (or the gift
 * queue's stats) without any widget, so it is unit-tested.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Everything here is pure: no I/O, no locks, no globals. The Qt layer calls
 * it on the UI thread; tests call it anywhere. Text comes from the dock's
 * translation function (obs_module_text in the plugin): keys are "Dock.*",
 * templates use %1, %2 for their values. Every key this module can ask for
 * is listed by lk_dock_text_keys().
 */
#pragma once

#include "lk-store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <util/darray.h>
#include <util/dstr.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_alert_view;
struct lk_alerts_stats;
struct lk_gift_sender_total;
struct lk_gift_record;

/* Translation: returns the text for key (borrowed; the key itself when
 * there is no translation). Never NULL. */
typedef const char *(*lk_dock_text_fn)(const char *key);

/* Every key the functions below may pass to the translation function
 * (static array, *n entries). */
const char *const *lk_dock_text_keys(size_t *n);

/* The locale key whose text is the locale's own code ("ar-SA"): the plural
 * rules follow the texts that are loaded (lk-plural.h). */
#define LK_LOCALE_CODE_KEY "Locale.Code"
/* tr("<base>.<category>"): the plural form of base for n in tr's locale. */
const char *lk_dock_plural(lk_dock_text_fn tr, const char *base, int64_t n);

/* Makes out an empty string ("", not NULL). */
void lk_dock_empty(struct dstr *out);

/* Replaces %1 and %2 in tmpl with a and b (NULL = ""); "%%" gives "%".
 * Writes into out (replacing) and returns out->array. */
const char *lk_dock_fill(struct dstr *out, const char *tmpl, const char *a, const char *b);

/* ---- buy link ------------------------------------------------------------- */

/* The pinned product's buy link as linkon_qr shows it by default (UTM on,
 * campaign = the show's date given as campaign, utm_content = the product)
 * into url, and its short form into short_text. False (both empty) when
 * nothing is pinned or the product has no usable link. */
bool lk_dock_buy_link(struct dstr *url, struct dstr *short_text, const struct lk_snapshot *snap, const char *campaign);

/* ---- connection ----------------------------------------------------------- */

/* Indicator colour 0xRRGGBB: green connected, blue syncing/connecting,
 * amber offline (retrying), red auth failed / protocol error, grey idle. */
uint32_t lk_dock_status_color(enum lk_conn_state state);
/* Translation key of the state's name ("Dock.State.Connected", …). */
const char *lk_dock_status_key(enum lk_conn_state state);
/* Translation key of a connector's name ("Dock.Connector.Demo", …);
 * unknown ids: NULL (show the id itself). */
const char *lk_dock_connector_key(const char *connector);

/* "Connected · Demo shop" (state, and the connector when known). */
const char *lk_dock_status_line(struct dstr *out, const struct lk_status *st, lk_dock_text_fn tr);
/* Details under the status line, one line each, "" when there is nothing
 * to say: the last sync ("Last sync 12 s ago"; "Not synced yet" while not
 * connected; nothing when connected without a sync time), the next
 * retry ("Next try in 5 s") and the error in plain words (the status
 * message, for the states that have one). now_ms: local monotonic ms. */
const char *lk_dock_sync_text(struct dstr *out, const struct lk_status *st, int64_t now_ms, lk_dock_text_fn tr);
const char *lk_dock_retry_text(struct dstr *out, const struct lk_status *st, int64_t now_ms, lk_dock_text_fn tr);
const char *lk_dock_error_text(struct dstr *out, const struct lk_status *st, lk_dock_text_fn tr);
/* A message code in words (keys "Msg.*", lk-msg.h); a key the locale lacks
 * falls back to English. */
const char *lk_dock_msg_text(struct dstr *out, const struct lk_msg *m, lk_dock_text_fn tr);

/* A span of time in words, rounded down: "12 s", "3 min", "2 h 5 min". */
const char *lk_dock_span(struct dstr *out, int64_t ms, lk_dock_text_fn tr);
/* A countdown clock: "04:59", "1:02:03"; negative counts as 0. Rounds up
 * (a countdown shows 00:01 until the last moment). */
const char *lk_dock_clock(struct dstr *out, int64_t ms);

/* ---- catalog -------------------------------------------------------------- */

/* One catalog row, as the list shows it. After a fill no string is NULL. */
struct lk_dock_row {
	struct dstr title;    /* title, else the id */
	struct dstr price;    /* "¥99.00" */
	struct dstr original; /* struck original price, "" when none */
	struct dstr stock;    /* "12 left", "Sold out", "" when unknown; then " · Wanted: 23" (live-room claims) */
	struct dstr slot;     /* "#3" when in the cart, else "" */
	struct dstr tooltip;  /* title, id, SKU, sold count */
	bool pinned;
	bool in_cart;
	bool sold_out;
	bool low_stock; /* 1 … 10 units, or at most 10 % of the start stock */
};

void lk_dock_row_init(struct lk_dock_row *row);
void lk_dock_row_free(struct lk_dock_row *row);
/* Fills row for product p (borrowed from snap). locale: for the sold
 * count ("zh-CN" → 1.2万). */
void lk_dock_row_fill(struct lk_dock_row *row, const struct lk_snapshot *snap, const struct lk_product *p,
		      const char *locale, lk_dock_text_fn tr);

/* Does p (cart slot, 0 = not in the cart) match the search? The query is
 * split into terms at spaces (ASCII and U+3000); every term must occur in
 * the title, id or SKU, ignoring ASCII case and full-width forms (Ａ = a,
 * ０ = 0), so "iphone 15" finds "Apple iPhone 15 Pro" and "口红" finds
 * "丝绒口红 #520". A term "#n" also matches cart slot n. An empty query
 * matches everything. */
bool lk_dock_match(const struct lk_product *p, size_t slot, const char *query);

/* The rows to list for query, in the dock's order: the cart in slot order,
 * then the rest of the catalog in platform order. Products are borrowed
 * from snap. Replaces out's content. */
typedef DARRAY(const struct lk_product *) lk_dock_product_list;
void lk_dock_filter(const struct lk_snapshot *snap, const char *query, lk_dock_product_list *out);

/* 1-based cart slot of product id, 0 when not in the cart. */
size_t lk_dock_cart_slot(const struct lk_snapshot *snap, const char *id);

/* The rows the list fills: those in view and a screen either side,
 * [*first, *last) of n rows row_h px tall, top_row being the first row in
 * view (< 0: none yet) of a view view_h px tall. Rows further away are
 * filled when they are scrolled to, so a store change costs the same with
 * 50 or 5,000 products. */
void lk_dock_rows_near_view(int n, int top_row, int row_h, int view_h, int *first, int *last);

/* Everything lk_dock_row_fill and the row's thumbnail read for p in snap
 * (its fields, its cart slot, whether it is pinned), summed up: never 0.
 * The dock keeps the stamp a row was filled with (0 = never) and fills it
 * again only when the stamp changes, so a store change touches only the
 * rows that changed. */
uint64_t lk_dock_row_stamp(const struct lk_snapshot *snap, const struct lk_product *p);

/* ---- what is enabled when -------------------------------------------------- */

struct lk_dock_actions {
	bool pin;         /* "Link on": a product is selected and not pinned */
	bool unpin;       /* something is pinned */
	bool cart_add;    /* the selected product is not in the cart */
	bool cart_remove; /* the selected product is in the cart */
	bool move_up;     /* … and not in slot 1 */
	bool move_down;   /* … and not in the last slot */
	bool start_sale;  /* selected, not sold out, no sale in pre-roll or live */
	bool stop_sale;   /* a sale is in pre-roll or live */
	bool sale_running;
};

/* By the same rules the controller applies (lk-command.h), at local time
 * now_ms. selected_id: the product selected in the list, NULL or "" =
 * none. */
void lk_dock_actions_get(const struct lk_snapshot *snap, const char *selected_id, int64_t now_ms,
			 struct lk_dock_actions *out);

/* ---- the control dock's timer ------------------------------------------------ */

/* How often the dock redraws while a countdown or a sale clock runs. */
#define LK_DOCK_TICK_MS 250

/* When the control dock must redraw next, in ms from now_ms (local
 * monotonic), for what it shows that moves with time: the "Link on"
 * countdown (counting) and a sale's clock every LK_DOCK_TICK_MS; a retry
 * countdown ("Next try in 5 s") and a "Last sync 12 s ago" when their
 * words change (each second, each minute after the first). -1 when
 * nothing moves or the dock is not visible: its timer then stops, and a
 * store change or the countdown starting asks again. */
int64_t lk_dock_next_tick_ms(const struct lk_snapshot *snap, bool counting, bool visible, int64_t now_ms);

/* ---- "3, 2, 1, link on!" ---------------------------------------------------- */

/* The countdown before a pin. Owned by the dock (UI thread). */
struct lk_dock_countdown {
	char *product_id; /* NULL = idle */
	int64_t start_ms;
	int seconds;
};

/* Starts counting seconds (1 … 10) down for product id from now_ms;
 * replaces a running countdown. */
void lk_dock_countdown_start(struct lk_dock_countdown *cd, const char *id, int seconds, int64_t now_ms);
void lk_dock_countdown_cancel(struct lk_dock_countdown *cd);
/* The number to show (seconds, 1 … n) while counting; 0 when it is time to
 * pin: then *fire gets the product id (new string, bfree it) and the
 * countdown is idle again; -1 when idle. */
int lk_dock_countdown_step(struct lk_dock_countdown *cd, int64_t now_ms, char **fire);

/* ---- flash sale ------------------------------------------------------------- */

/* After a fill no string is NULL. */
struct lk_dock_sale_view {
	bool has_sale;          /* the snapshot has a current sale */
	bool running;           /* pre-roll or live */
	int state;              /* enum lk_sale_state */
	struct dstr title;      /* the product's title (or id) */
	struct dstr state_text; /* "Live — ends in", "Starts in", "Sold out" … */
	struct dstr clock;      /* "04:59" while running, "" otherwise */
	struct dstr price;      /* "¥12.34" */
	struct dstr stock;      /* "12 of 50 left", "No stock limit" */
	int progress;           /* 0 … 1000: time elapsed of the live part (or of the pre-roll) */
};

void lk_dock_sale_view_init(struct lk_dock_sale_view *v);
void lk_dock_sale_view_free(struct lk_dock_sale_view *v);
/* The snapshot's current sale at local time now_ms. */
void lk_dock_sale_view_fill(struct lk_dock_sale_view *v, const struct lk_snapshot *snap, int64_t now_ms,
			    lk_dock_text_fn tr);

/* Parses a price typed by the anchor ("12.34", "12,34", "１２.５", "¥12")
 * into minor units of currency. false for empty, negative, malformed,
 * more decimals than the currency has, or over 10^12. */
bool lk_dock_parse_price(const char *text, const char *currency, int64_t *minor);
/* Parses a duration: "5" (minutes), "5:30" (m:ss), "1:00:00" (h:mm:ss),
 * "90s". false when malformed or 0. */
bool lk_dock_parse_duration(const char *text, int64_t *ms);

/* ---- drops --------------------------------------------------------------------- */

/* A `linkon_product_drop` filter, as its settings say (strings borrowed). */
struct lk_dock_drop {
	const char *product_id; /* "" = none chosen */
	bool enabled;           /* the filter is enabled */
	bool sale;
	double sale_price; /* currency units, 0 = the product's price */
	int64_t duration_s;
	int64_t stock;     /* 0 = no limit */
	int64_t preroll_s; /* 0 = none */
	bool once;
};

/* What the drop does, in words: "Links on #3 Silk Lipstick · flash sale
 * ¥12.34 for 10 min, 50 in stock, 10 s countdown · once per show". */
const char *lk_dock_drop_describe(struct dstr *out, const struct lk_dock_drop *d, const struct lk_snapshot *snap,
				  lk_dock_text_fn tr);

/* ---- gifts ----------------------------------------------------------------------- */

/* A feed line for an alert: "Mia — Rose ×12 (120)", a summary "+35 gifts
 * from 12 viewers". */
const char *lk_dock_gift_line(struct dstr *out, const struct lk_alert_view *v, lk_dock_text_fn tr);
/* A gift feed row (lk_alerts_feed): "Mia — Rose ×12 · 120", marked when
 * the gifts got no alert ("… · below the alert minimum") or went into a
 * summary ("… · in a summary alert"). */
const char *lk_dock_gift_feed_row(struct dstr *out, const struct lk_gift_record *r, lk_dock_text_fn tr);
/* The show's totals: "152 gifts · value 3,400 · ¥340.00". */
const char *lk_dock_gift_totals(struct dstr *out, const struct lk_alerts_stats *s, lk_dock_text_fn tr);
/* A top gifter row: "1. Mia — 12 gifts · 1,200". */
const char *lk_dock_gifter_row(struct dstr *out, size_t rank, const struct lk_gift_sender_total *t, lk_dock_text_fn tr);
/* An integer with thousands separators: 3400 → "3,400". */
const char *lk_dock_int(struct dstr *out, int64_t n);

#ifdef __cplusplus
}
#endif
