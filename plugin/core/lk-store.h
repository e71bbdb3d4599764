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
 */
#pragma once

#include "lk-product.h"

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

struct lk_status {
	enum lk_conn_state state;
	char *connector;       /* "demo", "bridge", "shopify"; may be NULL */
	char *message;         /* plain-words detail, never contains secrets; may be NULL */
	int64_t next_retry_ms; /* local monotonic ms (lk_now_ms), 0 = none */
	int64_t last_sync_ms;  /* local monotonic ms of last good sync, 0 = never */
};

struct lk_snapshot {
	volatile long refs;
	uint64_t version; /* 0 for the empty initial snapshot */

	/* catalog in platform order; owned references */
	struct lk_product **products;
	size_t num_products;

	/* cart in slot order (slot = index + 1); borrowed from products */
	struct lk_product **cart;
	size_t num_cart;

	/* pinned product, borrowed from products; NULL = nothing pinned */
	struct lk_product *pinned;
	size_t pinned_slot; /* 1-based cart slot of pinned, 0 if not in cart */

	struct lk_status status;

	/* platform time ≈ local monotonic ms + clock_offset_ms */
	int64_t clock_offset_ms;
	bool clock_known;
};

enum lk_event_type {
	LK_EV_CATALOG_SET = 1, /* products[]: replaces the whole catalog */
	LK_EV_PRODUCT_PUT,     /* product: insert, or replace same id in place */
	LK_EV_PRODUCT_REMOVE,  /* id */
	LK_EV_STOCK,           /* id, stock, sold (negative = leave as is) */
	LK_EV_CART_SET,        /* ids[]: cart slot order; unknown ids skipped */
	LK_EV_PIN,             /* id; NULL = unpin */
	LK_EV_STATUS,          /* status */
	LK_EV_SERVER_TIME,     /* server_time_ms observed at local_ms */
};

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

/* Newest snapshot, new reference: release with lk_snapshot_release. Any
 * thread; never NULL. */
struct lk_snapshot *lk_store_get(struct lk_store *store);
uint64_t lk_store_version(struct lk_store *store);

struct lk_snapshot *lk_snapshot_addref(struct lk_snapshot *snap);
void lk_snapshot_release(struct lk_snapshot *snap);

/* Borrowed product with that id, or NULL. */
struct lk_product *lk_snapshot_find(const struct lk_snapshot *snap, const char *id);
/* Platform time now, from the known offset (local time if none known). */
int64_t lk_snapshot_platform_now(const struct lk_snapshot *snap, int64_t local_now_ms);

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
