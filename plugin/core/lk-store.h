/*
 * Linkon — the store: applies events, publishes immutable snapshots.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Writers (net worker, controller) call lk_store_apply(); each call that
 * changes something publishes one new snapshot with version + 1. Readers on
 * any thread call lk_store_get() and hold the snapshot as long as they like;
 * a snapshot never changes after it is published. lk_store_get() takes a
 * mutex only long enough to add a reference, so readers never wait for a
 * writer's work, and writers never wait for readers.
 *
 * Cost on a catalog of n products: an apply copies the n product pointers
 * once (O(n)); within it each event finds its ids through a hash index in
 * O(1), a CATALOG_SET of m products costs O(n + m), a CART_SET of m ids
 * O(m). Readers' id lookups (lk_snapshot_find) are O(1).
 */
#pragma once

#include "lk-clock.h"
#include "lk-msg.h"
#include "lk-product.h"
#include "lk-sale.h"
#include "lk-show.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <util/darray.h>

#ifdef __cplusplus
extern "C" {
#endif

enum lk_conn_state {
	LK_CONN_IDLE = 0,      /* no connector running */
	LK_CONN_CONNECTING,    /* first contact */
	LK_CONN_CONNECTED,     /* live */
	LK_CONN_SYNCING,       /* connected, catalog/state being fetched */
	LK_CONN_OFFLINE,       /* lost; next_retry_ms says when we try again */
	LK_CONN_AUTH_FAILED,   /* token refused; no retry until settings change */
	LK_CONN_PROTOCOL_ERROR /* server spoke something we cannot use; message says what */
};

struct lk_id_index;
struct lk_claim_table;

struct lk_status {
	enum lk_conn_state state;
	char *connector;       /* "demo", "bridge", "shopify"; may be NULL */
	char *message;         /* plain-words detail, never contains secrets; may be NULL */
	int64_t next_retry_ms; /* local monotonic ms (lk_now_ms), 0 = none */
	int64_t last_sync_ms;  /* local monotonic ms of last good sync, 0 = never */
	struct lk_msg msg;     /* message as a code for the docks (LK_MSG_NONE = only the text) */
};

struct lk_snapshot {
	volatile long refs;
	uint64_t version; /* 0 for the empty initial snapshot */

	/* catalog in platform order, ids unique; owned references */
	struct lk_product **products;
	size_t num_products;
	/* the store's id → position index of products (lk_snapshot_find); NULL
	 * in the empty first snapshot. Internal: read it through the functions. */
	struct lk_id_index *product_index;

	/* cart in slot order (slot = index + 1); borrowed from products */
	struct lk_product **cart;
	size_t num_cart;

	/* pinned product, borrowed from products; NULL = nothing pinned */
	struct lk_product *pinned;
	size_t pinned_slot; /* 1-based cart slot of pinned, 0 if not in cart */

	struct lk_status status;

	/* platform time = local monotonic ms + offset; the offset slews (see
	 * lk-clock.h), so use lk_snapshot_platform_now() for the exact value.
	 * clock_offset_ms is where the offset is heading (clock.to_ms). */
	int64_t clock_offset_ms;
	bool clock_known;
	struct lk_clock_map clock;

	/* flash sales in the order they were first put; owned references */
	struct lk_sale **sales;
	size_t num_sales;
	/* The sale a timer shows, borrowed from sales; NULL = none. By the
	 * states as of this snapshot: the live one (latest start), else the one
	 * in pre-roll (soonest start), else the one that finished last, for
	 * LK_SALE_END_HOLD_MS after it finished, else the next scheduled one
	 * (soonest start). */
	struct lk_sale *current_sale;
	/* + 1 for every sale state change this store published (a new sale's
	 * first state counts); each sale's own count is sale->state_seq */
	uint64_t sales_seq;

	/* the show, its orders, numbers and goals (lk-show.h); an owned
	 * reference, shared with the previous snapshot when unchanged; NULL
	 * only in the empty first snapshot (read it as LK_SHOW_NONE) */
	struct lk_show_view *show;
	/* live-room claims per product (lk-claims.h), shared immutable table;
	 * NULL = none yet. Read with lk_snapshot_claims(). */
	struct lk_claim_table *claims;
};

enum lk_event_type {
	LK_EV_CATALOG_SET = 1, /* products[]: replaces the whole catalog; of a repeated id the first wins */
	LK_EV_PRODUCT_PUT,     /* product: insert, or replace same id in place */
	LK_EV_PRODUCT_REMOVE,  /* id */
	LK_EV_STOCK,           /* id, stock, sold (negative = leave as is) */
	LK_EV_CART_SET,        /* ids[]: cart slot order; unknown ids skipped */
	LK_EV_PIN,             /* id; NULL = unpin */
	LK_EV_STATUS,          /* status */
	LK_EV_SERVER_TIME,     /* server_time_ms in a response that arrived at local_ms, asked at
	                          local_send_ms (0 = unknown: local_ms); feeds the lk_clock estimator */
	LK_EV_SALE_PUT,        /* sale: insert, or replace the one with the same id */
	LK_EV_SALE_STOP,       /* id (NULL = the current sale): stopped by the anchor at platform at_ms */
	LK_EV_SALE_STOCK,      /* id, stock: the sale's stock left */
	LK_EV_ORDER,           /* order (taken over): counted once per order id while a show is live */
	LK_EV_SHOW_START,      /* at_ms (0 = now): starts a show unless one is live */
	LK_EV_SHOW_END,        /* at_ms (0 = now): ends the live show, writes its report */
	LK_EV_GOAL_SET,        /* goal (taken over): insert, or replace the goal with the same id */
	LK_EV_GOAL_CLEAR,      /* id; NULL = every goal */
	LK_EV_SHOW_GIFT,       /* stock = gift count, sold = value (platform units) */
	LK_EV_SHOW_LIKES,      /* stock = new likes (a delta) */
	LK_EV_CLAIMS,          /* claims: replaces the claim counts (the event's reference is taken over) */
};

/* Sale events are judged at the platform time of the apply:
 * - SALE_PUT is the platform's word on a sale; the store computes its state.
 *   A put cannot undo a stop or a sell-out the store already has (they carry
 *   over to the new object); to run a product again, put a new sale id.
 * - SALE_STOCK: with a stock limit, stock left 0 sells the sale out at once
 *   (at its start if it is not live yet); stock coming back before that
 *   takes effect undoes it. Without a limit the event is ignored.
 * - A product left with stock 0 (LK_EV_STOCK or any product event) while its
 *   sale is live sells the sale out at once.
 * - SALE_STOP of an unknown or finished sale is ignored. */

/* One event. Pointers inside are owned by the event (freed by
 * lk_event_clear) until lk_store_apply() consumes them. */
struct lk_event {
	enum lk_event_type type;
	char *id;
	struct lk_product *product;
	struct lk_product **products;
	size_t num_products;
	char **ids;
	size_t num_ids;
	int64_t stock;
	int64_t sold;
	struct lk_status status;
	int64_t server_time_ms;
	int64_t local_ms;
	int64_t local_send_ms;
	struct lk_sale *sale;
	int64_t at_ms;
	struct lk_order *order;
	struct lk_goal *goal;
	struct lk_claim_table *claims;
};

/* A list of events, built by connectors and the demo shop. */
struct lk_events {
	DARRAY(struct lk_event) da;
};

void lk_events_init(struct lk_events *evs);
void lk_events_free(struct lk_events *evs); /* clears every event and the array */
/* Appends a zeroed event of type and returns it to be filled in. */
struct lk_event *lk_events_push(struct lk_events *evs, enum lk_event_type type);
/* Convenience pushes; strings are copied, product refs are taken over. */
void lk_events_put_product(struct lk_events *evs, struct lk_product *p);
void lk_events_stock(struct lk_events *evs, const char *id, int64_t stock, int64_t sold);
void lk_events_pin(struct lk_events *evs, const char *id_or_null);
void lk_events_cart(struct lk_events *evs, const char *const *ids, size_t n);
void lk_events_server_time(struct lk_events *evs, int64_t server_ms, int64_t local_send_ms, int64_t local_recv_ms);
void lk_events_sale_put(struct lk_events *evs, struct lk_sale *sale);
void lk_events_sale_stop(struct lk_events *evs, const char *id_or_null, int64_t at_ms);
void lk_events_sale_stock(struct lk_events *evs, const char *id, int64_t stock_left);
/* The show's events; order and goal are taken over. */
void lk_events_order(struct lk_events *evs, struct lk_order *order);
void lk_events_show(struct lk_events *evs, bool start, int64_t at_ms);
void lk_events_goal_set(struct lk_events *evs, struct lk_goal *goal);
void lk_events_goal_clear(struct lk_events *evs, const char *id_or_null);
/* Replaces the claim counts; takes over the table's reference. */
void lk_events_claims(struct lk_events *evs, struct lk_claim_table *claims);
void lk_event_clear(struct lk_event *ev);

/* Local monotonic clock in ms (os_gettime_ns based). */
int64_t lk_now_ms(void);

typedef void (*lk_store_listener)(void *data, uint64_t version);

struct lk_store *lk_store_create(void);
void lk_store_destroy(struct lk_store *store);

/* Applies all events (consumes them: evs is emptied, not freed) and
 * publishes at most one snapshot. Returns the version after the call.
 * Any thread; writers are serialised. Listeners run on the caller's thread
 * after the new snapshot is visible, with no snapshot/writer lock held (only
 * the store's recursive listener mutex, see lk_store_add_listener). */
uint64_t lk_store_apply(struct lk_store *store, struct lk_events *evs);
/* The same at a given local monotonic time (lk_store_apply passes
 * lk_now_ms()): sale events and sale states are judged at the platform time
 * of local_now_ms. Tests pass a fake clock here. */
uint64_t lk_store_apply_at(struct lk_store *store, struct lk_events *evs, int64_t local_now_ms);

/* Sale states follow time: brings every unfinished sale up to the platform
 * time of local_now_ms and publishes a snapshot only if a state (or the
 * current sale) changed. A sale that should have gone through several
 * states since the last tick takes the latest one directly (one state_seq
 * step); every state carries the platform ms it began at (state_ms), not
 * the tick's time. Finished states are final. Call it at least at
 * lk_snapshot_next_tick_ms() (frequent calls are cheap: a few comparisons
 * when nothing is due). Like apply it runs listeners on the caller's
 * thread, so call it from the net worker or a timer, not the graphics
 * thread; a source that needs the exact state between ticks computes it
 * with lk_sale_state_at(sale, lk_snapshot_platform_now(...)). Any
 * non-graphics thread; serialised with writers. */
uint64_t lk_store_tick(struct lk_store *store, int64_t local_now_ms);

/* Newest snapshot, new reference: release with lk_snapshot_release. Any
 * thread; never NULL. */
struct lk_snapshot *lk_store_get(struct lk_store *store);
uint64_t lk_store_version(struct lk_store *store);

struct lk_snapshot *lk_snapshot_addref(struct lk_snapshot *snap);
void lk_snapshot_release(struct lk_snapshot *snap);

/* Borrowed product with that id, or NULL. O(1): a hash lookup. */
struct lk_product *lk_snapshot_find(const struct lk_snapshot *snap, const char *id);
/* Platform time now, from the known offset (local time if none known). */
int64_t lk_snapshot_platform_now(const struct lk_snapshot *snap, int64_t local_now_ms);
/* Live-room claims of a product (lk-claims.h); 0 when none. */
int64_t lk_snapshot_claims(const struct lk_snapshot *snap, const char *product_id);
/* Borrowed sale with that id, or NULL. */
struct lk_sale *lk_snapshot_find_sale(const struct lk_snapshot *snap, const char *id);
/* Local monotonic ms at which lk_store_tick next has something to do for
 * this snapshot's sales (a transition, or the current sale's end hold
 * running out); INT64_MAX if nothing is pending. */
int64_t lk_snapshot_next_tick_ms(const struct lk_snapshot *snap, int64_t local_now_ms);

/* The show (lk-show.h). lk_store_show_open reads the journal back from dir
 * (the plugin's config folder + "/shows"; see lk_show_open) and publishes
 * the show it holds; call it once at start, before connectors run. Without
 * it the show lives in memory only. lk_store_show_configure sets the
 * privacy mode and the commission rate (basis points) and publishes. Any
 * non-graphics thread; serialised with writers. */
bool lk_store_show_open(struct lk_store *store, const char *dir, char *err, size_t err_size);
void lk_store_show_configure(struct lk_store *store, enum lk_privacy privacy, int64_t commission_bp);
/* The show's clock while the platform's is unknown: local monotonic ms +
 * offset_ms (default: the computer's Unix time). Tests with a fake clock set 0. */
void lk_store_show_wall_offset(struct lk_store *store, int64_t offset_ms);

/* Listeners are told "version changed" once per published snapshot. Calls
 * are serialised (one listener call at a time per store) and may arrive out
 * of version order when several threads apply at once: read lk_store_get().
 * A listener may call lk_store_get/version/apply and add/remove listeners.
 * After lk_store_remove_listener returns, cb is not running on another
 * thread and will not be called again, so data may be freed; therefore do
 * not call it while holding a lock that the listener itself takes. */
void lk_store_add_listener(struct lk_store *store, lk_store_listener cb, void *data);
void lk_store_remove_listener(struct lk_store *store, lk_store_listener cb, void *data);

#ifdef __cplusplus
}
#endif
