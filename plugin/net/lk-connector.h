/*
 * Linkon — connectors: the link between a commerce platform and the store.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A connector runs its I/O on the net worker (lk_net ticks and transfers)
 * and turns what it receives into store events. The controller calls
 * create and destroy on the thread that starts or stops it (the UI thread),
 * and its actions (pin, start_sale, stop_sale) on whichever thread runs the
 * command (UI, obs-websocket's request threads, the controller's command
 * thread) with the controller mutex held: actions must not block (queue
 * the work on the worker and return). Add one: docs/how-to-add.md.
 */
#pragma once

#include "lk-msg.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_net;
struct lk_store;
struct lk_sale_params;
struct lk_status;

struct lk_connector_info {
	const char *id; /* "demo", "bridge", "shopify": saved in the config file */

	/* settings: the connector's object from the plugin config (borrowed).
	 * extra: context only the module knows (e.g. the demo's image dir;
	 * borrowed, may be NULL). settings also hold "config_path" and
	 * "config_dir" (lk_connector_own_file). The thread that starts the
	 * controller (UI). Returns NULL on bad settings and
	 * writes a plain-words reason into the store status. */
	void *(*create)(struct lk_store *store, struct lk_net *net, json_t *settings, const char *data_dir);
	/* Stops all its work on the worker (waits for a running tick), frees. */
	void (*destroy)(void *data);

	/* Anchor actions; NULL when the platform has no such concept (then the
	 * controller applies them to the store locally). Return false with a
	 * reason when refused: lk_msg_refuse_code's text (lk-msg.h) when Linkon
	 * has words for it, else the platform's own text. */
	bool (*pin)(void *data, const char *id_or_null, const char **error);
	/* Flash sales. params were checked by lk-command (price resolved,
	 * product_id borrowed for the call); sale_id NULL = the current sale.
	 * When start_sale is NULL the controller applies sales to the store
	 * itself and ticks the store's sale states on the worker; a connector
	 * with start_sale calls lk_store_tick from its own worker tick. */
	bool (*start_sale)(void *data, const struct lk_sale_params *params, const char **error);
	bool (*stop_sale)(void *data, const char *sale_id, const char **error);
};

extern const struct lk_connector_info lk_conn_demo;
extern const struct lk_connector_info lk_conn_bridge;      /* docs/bridge-protocol.md */
extern const struct lk_connector_info lk_conn_shopify;     /* docs/shopify.md */
extern const struct lk_connector_info lk_conn_tiktok_shop; /* docs/tiktok-shop.md */

/* ---- gift events ----------------------------------------------------------
 * Connectors hand decoded gift events to one sink, set by the module (the
 * alert queue: lk_gift_hub_push) or by a test. The event is borrowed for
 * the call; the sink copies what it keeps and returns its own result code
 * (-1: nobody took it). */
struct lk_gift_event;
typedef int (*lk_gift_sink)(const struct lk_gift_event *ev);

/* Sets the sink (NULL = none). Module load/unload or tests, while no
 * connector runs. */
void lk_connector_set_gift_sink(lk_gift_sink sink);
/* Hands ev to the sink; -1 when there is none. Any thread (connectors: the
 * net worker). */
int lk_connector_push_gift(const struct lk_gift_event *ev);

/* ---- helpers every connector shares ---------------------------------------- */

/* Applies one LK_EV_STATUS event with st (its strings are borrowed and
 * copied; message NULL or "" = none). The caller has redacted message.
 * Any thread that may apply to the store (connectors: create, the worker). */
void lk_connector_publish_status(struct lk_store *store, const struct lk_status *st);
/* The integer settings[key] clamped to [lo, hi]; def when absent or not an
 * integer. */
int64_t lk_connector_setting_int(json_t *settings, const char *key, int64_t def, int64_t lo, int64_t hi);
/* true when s is 1..max visible ASCII characters (no space, no control
 * byte): safe inside a header, where anything else could split or forge one. */
bool lk_connector_header_value_ok(const char *s, size_t max);

/* A file the connector keeps for itself (a journal, saved tokens): a new
 * bmalloc'd path, settings[key] when it is set (tests), else
 * "<settings.config_dir>/<name>" (the controller puts the module's config
 * folder there), else NULL (no file: nothing is kept). Connectors never ask
 * libobs where the module's folders are. */
char *lk_connector_own_file(json_t *settings, const char *key, const char *name);

/* Connector by id ("" or NULL: the demo), or NULL. The registry is in
 * lk-connector.c. */
const struct lk_connector_info *lk_connector_find(const char *id);

#ifdef __cplusplus
}
#endif
