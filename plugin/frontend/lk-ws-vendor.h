/*
 * Linkon — the obs-websocket vendor "linkon": requests and events for
 * Stream Deck, Streamer.bot, Touch Portal … (docs/websocket-api.md).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Talks to obs-websocket 5 only through OBS's proc handlers (no header or
 * library of obs-websocket is needed): the global proc
 * "obs_websocket_api_get_ph" gives obs-websocket's own proc handler, whose
 * procs register the vendor, its requests and emit its events.
 *
 * Threads: register/unregister on the UI thread. Request callbacks run on
 * obs-websocket's threads and only call the controller and read snapshots.
 * Events are emitted from a store listener, on whichever thread applied the
 * change (net worker, command thread, obs-websocket's, hotkey thread).
 */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_store;

/* Registers vendor "linkon" and its requests, and starts emitting events
 * for store (borrowed, outlives the registration). Call from
 * obs_module_post_load: obs-websocket creates its API in its own
 * obs_module_load. Returns false (and logs once) when obs-websocket is not
 * loaded or refuses; Linkon works without it. */
bool lk_ws_vendor_register(struct lk_store *store);

/* Stops emitting events (removes the store listener). obs-websocket cannot
 * forget a vendor and may already be unloaded, so nothing is called on it:
 * the request callbacks stay registered and answer through the controller,
 * which refuses with "Linkon is not running" once stopped. Call on
 * OBS_FRONTEND_EVENT_EXIT (before any module unloads) and from
 * obs_module_unload; safe to call twice. */
void lk_ws_vendor_unregister(void);

#ifdef __cplusplus
}
#endif
