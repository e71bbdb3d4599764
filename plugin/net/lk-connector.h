/*
 * Linkon — connectors: the link between a commerce platform and the store.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A connector runs its I/O on the net worker (lk_net ticks and transfers)
 * and turns what it receives into store events. The controller calls its
 * actions from the UI thread; actions must not block (queue the work on
 * the worker and return).
 */
#pragma once

#include <jansson.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_net;
struct lk_store;
struct lk_sale_params;

struct lk_connector_info {
	const char *id; /* "demo", "bridge", "shopify": saved in the config file */

	/* settings: the connector's object from the plugin config (borrowed).
	 * extra: context only the module knows (e.g. the demo's image dir;
	 * borrowed, may be NULL). UI thread. Returns NULL on bad settings and
	 * writes a plain-words reason into the store status. */
	void *(*create)(struct lk_store *store, struct lk_net *net, json_t *settings, const char *data_dir);
	/* Stops all its work on the worker (waits for a running tick), frees. */
	void (*destroy)(void *data);

	/* Anchor actions; NULL when the platform has no such concept (then the
	 * controller applies them to the store locally). Return false with a
	 * reason when refused. */
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

/* Connector by id, or NULL. */
const struct lk_connector_info *lk_connector_find(const char *id);

#ifdef __cplusplus
}
#endif
