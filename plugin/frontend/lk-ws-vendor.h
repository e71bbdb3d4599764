/*
 * Linkon — the obs-websocket vendor "linkon": requests and events for
 * Stream Deck, Streamer.bot, Touch Portal … (docs/websocket-api.md).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Uses obs-websocket 5's plugin API (obs-websocket-api.h: vendor, request
 * types, events), which goes through OBS's proc handlers, so no library of
 * obs-websocket is linked and Linkon runs without it.
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

struct lk_module;
struct lk_ws_vendor;

/* Registers vendor "linkon" and its requests, and starts emitting events
 * for module's store (module borrowed, outlives the registration). Call
 * from obs_module_post_load: obs-websocket creates its API in its own
 * obs_module_load. Returns NULL (and logs once) when obs-websocket is not
 * loaded or refuses; Linkon works without it. */
struct lk_ws_vendor *lk_ws_vendor_register(const struct lk_module *module);

/* Stops emitting events (removes the store listener) and unregisters the
 * request types (obs_websocket_vendor_unregister_request; the vendor itself
 * stays: obs-websocket cannot forget one, and a later register reuses it).
 * With the frontend this already happens on OBS_FRONTEND_EVENT_EXIT, while
 * obs-websocket is surely still loaded (it may unload first); call it from
 * obs_module_unload too: it frees ws (NULL is ignored). */
void lk_ws_vendor_unregister(struct lk_ws_vendor *ws);

#ifdef __cplusplus
}
#endif
