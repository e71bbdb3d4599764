/*
 * Linkon — the controller: the one command layer every input uses (docks,
 * hotkeys, scene drops, obs-websocket, procs). Validates, forwards to the
 * connector when it supports the action, else applies to the store.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * All functions: UI thread or any non-graphics thread; none blocks on the
 * network. Errors come back as plain words (static strings) in *error.
 */
#pragma once

#include <jansson.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_store;
struct lk_net;

/* Starts the connector named in config (borrowed). data_dir: module data
 * directory (for the demo's images). Replaces a running connector. */
bool lk_controller_start(struct lk_store *store, struct lk_net *net, json_t *config, const char *data_dir);
/* Stops the running connector (waits for its worker tick to finish). */
void lk_controller_stop(void);

/* Pins product id; NULL or "" unpins. */
bool lk_controller_pin(const char *id, const char **error);

/* Registers the global procs linkon_pin / linkon_get_state. */
void lk_controller_register_procs(void);

/* State as JSON (new reference): version, pinned, cart, products, status. */
json_t *lk_controller_state_json(void);

#ifdef __cplusplus
}
#endif
