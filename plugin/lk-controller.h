/*
 * Linkon — the controller: the one command layer every input uses (docks,
 * hotkeys, scene drops, obs-websocket, procs). Checks each command against
 * the newest snapshot (lk-command.h), then forwards it to the connector when
 * the connector performs that action itself, else applies it to the store.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: every command may be called from any thread except the graphics
 * thread (UI, hotkey thread, obs-websocket's threads, the controller's own
 * command thread); none blocks on the network. Commands are serialised by
 * one controller mutex, held while the command is applied to the store, so
 *   - a store listener must never call a command (it would deadlock with a
 *     command that is waiting for the listener to return): listeners read
 *     snapshots, and lk_controller_state_json / lk_controller_snapshot_json,
 *     which take no controller lock;
 *   - the graphics thread (a filter's activate) uses lk_controller_drop_async.
 * A refused command changes nothing and returns false with a plain-words
 * reason in *error (error may be NULL). The text lives in a buffer of the
 * calling thread: valid until that thread's next controller call.
 */
#pragma once

#include "lk-command.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_store;
struct lk_net;
struct lk_snapshot;
struct lk_alerts;
struct lk_module;

/* Gives the controller the module context (lk-module.h): the store its
 * commands apply to, the net worker, the data and config folders. Module
 * load, before any other controller call; module stays valid until unload. */
void lk_controller_init(const struct lk_module *module);
/* Starts the connector named in config (borrowed) on the module's store and
 * net worker; the connector gets the module's data folder (the demo's
 * images) and, in its settings, "config_dir" (its own files). Replaces a
 * running connector. Also
 * starts the command thread (once), reads the default sale from config
 * ("default_sale", see docs/websocket-api.md) and, when the connector does
 * not run sales itself, ticks the store's sale states on the net worker.
 * UI thread. */
bool lk_controller_start(json_t *config);
/* Stops the running connector (waits for its worker tick to finish). The
 * command thread keeps running (lk_controller_shutdown ends it). UI thread. */
void lk_controller_stop(void);
/* lk_controller_stop, then ends the command thread (what is still queued
 * runs first and is refused: "Linkon is not running"). Module unload, after
 * every input that queues work (hotkeys, filters' activate) is gone. */
void lk_controller_shutdown(void);

/* The length of the module's gift alert queue (lk_module's alerts; 0 when
 * there is none), as GetState reports it. Any thread. */
size_t lk_controller_alert_queue_length(void);
/* Whether a gift alert is on screen, and whether alerts are paused (false
 * when there is no queue), as GetState reports them. Any thread. */
bool lk_controller_alert_showing(void);
bool lk_controller_alerts_paused(void);

/* ---- commands ----------------------------------------------------------- */

/* The last refusal of this thread as a code with parameters (lk-msg.h):
 * what the *error text of the last failed call says, for the edge to put
 * into the user's language. Valid until this thread's next controller call. */
const struct lk_msg *lk_controller_last_refusal(void);

/* Any command (lk-command.h); strings in cmd are borrowed for the call. */
bool lk_controller_run(const struct lk_command *cmd, const char **error);

/* Pins product id (must be in the catalog); NULL or "" unpins. */
bool lk_controller_pin(const char *id, const char **error);
bool lk_controller_unpin(const char **error);
/* Pins the cart item after (delta > 0) or before (delta < 0) the pinned one,
 * wrapping around; see lk-command.h. */
bool lk_controller_step(int delta, const char **error);
/* Cart edits; slots are 1-based, slot 0 (add) = at the end. */
bool lk_controller_cart_add(const char *id, size_t slot, const char **error);
bool lk_controller_cart_remove(const char *id, const char **error);
bool lk_controller_cart_move(const char *id, size_t slot, const char **error);
/* Starts a flash sale (params->product_id required). */
bool lk_controller_start_sale(const struct lk_sale_params *params, const char **error);
/* Stops the current sale. */
bool lk_controller_stop_sale(const char **error);
/* Whether sales run on the platform (the connector has start_sale, e.g. the
 * bridge): a start or stop that returned true is then only queued, and the
 * store shows its outcome once the platform confirms it. Any thread. */
bool lk_controller_sales_remote(void);

/* The default sale (from config "default_sale"; built-in: 5 minutes at the
 * product's price, no stock limit, no pre-roll) for product_id: fills
 * *params (product_id borrowed from the argument). Any thread. */
void lk_controller_default_sale(const char *product_id, struct lk_sale_params *params);

/* A scene drop: pin a product and optionally start a flash sale on it. */
struct lk_drop {
	char *product_id; /* required */
	bool sale;        /* also start a flash sale */
	/* the sale (sale.product_id is ignored: product_id above is used) */
	struct lk_sale_params params;
};

/* Runs a drop now: pin, then the sale when asked. The pin stays when the
 * sale is refused; the error then starts with "pinned, but". */
bool lk_controller_drop(const struct lk_drop *drop, const char **error);
/* Queues a drop on the controller's command thread and returns at once
 * (any thread, the graphics thread included). Takes a copy; a refusal is
 * logged with origin. Returns false when the command thread is not running. */
bool lk_controller_drop_async(const struct lk_drop *drop, const char *origin);
/* Runs fn(param) on the command thread, in order with the drops. Returns
 * false (fn not called) when the command thread is not running. */
bool lk_controller_run_async(void (*fn)(void *param), void *param);
/* Waits until every task queued before the call has run. Not from the
 * command thread. */
void lk_controller_flush(void);

/* ---- the show (lk-show.h; numbers in the snapshot's show view) ---------- */

/* Starts a show now (refused while one is live). */
bool lk_controller_show_start(const char **error);
/* Ends the live show and writes its report (file I/O and fsync: not on the
 * UI thread; the dock queues it with lk_controller_run_async); *report_json / *report_csv (may
 * be NULL) get the files' paths (new strings, bfree them; NULL when they
 * could not be written). Refused without a live show. */
bool lk_controller_show_end(char **report_json, char **report_csv, const char **error);
/* Sets (inserts or replaces by id) a goal; g is copied. Refused when the
 * goal is not valid (no id, target <= 0, unknown kind). */
bool lk_controller_goal_set(const struct lk_goal *g, const char **error);
/* Clears the goal with that id (NULL = all). */
bool lk_controller_goal_clear(const char *id, const char **error);
/* The show's numbers as JSON (new reference): the GetShowStats answer (see
 * docs/websocket-api.md), from a snapshot the caller holds. Pure. */
json_t *lk_controller_show_json(const struct lk_snapshot *snap);
/* ---- requests from sources (lk-controller-requests.c) -----------------------
 * Sources draw; they do not act. What a source wants done goes here and
 * runs on a proper thread: commands on the command thread, frontend calls
 * on the UI thread (obs_queue_task). Each returns at once; any thread, the
 * graphics thread included. origin names the asking source in the log. */

/* A flash sale's end actions: unpin_id (NULL = none) is unpinned on the
 * command thread if it is still the pinned product; scene (NULL or "" =
 * none) becomes the program scene on the UI thread (needs the OBS window;
 * else a warning is logged). */
void lk_controller_request_sale_end(const char *unpin_id, const char *scene, const char *origin);
/* A test gift described as JSON for the module's alert queue
 * (lk_gift_hub_inject: same result and err). Not the graphics thread. */
int lk_controller_test_gift(const json_t *gift, char *err, size_t err_size);

/* ---- state ---------------------------------------------------------------- */

/* Registers the global procs linkon_pin / linkon_get_state /
 * linkon_start_sale / linkon_stop_sale. */
void lk_controller_register_procs(void);

/* State as JSON (new reference): version, connection, message, pinned (id
 * or null), cart (ids), products (objects), sale (object or null: id,
 * productId, state, salePrice, stockLimit, stockLeft, remainingMs),
 * alertQueueLength. Any thread, listeners too. */
json_t *lk_controller_state_json(void);
/* The same, from a snapshot the caller holds (borrowed), at local time
 * local_now_ms. Pure. */
json_t *lk_controller_snapshot_json(const struct lk_snapshot *snap, int64_t local_now_ms);
/* Connection state name: "idle", "connecting", "connected", "syncing",
 * "offline", "auth_failed", "protocol_error". */
const char *lk_controller_conn_state_name(int state);

#ifdef __cplusplus
}
#endif
