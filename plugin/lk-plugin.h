/*
 * Linkon — module-wide objects, created in obs_module_load, destroyed in
 * obs_module_unload. Pointers are set before any source can be created and
 * stay valid until unload, so any thread may read them.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#define LK_VERSION "0.1.0"

struct lk_store;
struct lk_net;
struct lk_alerts;
struct lk_gift_event;

struct lk_store *lk_plugin_store(void);
struct lk_net *lk_plugin_net(void);

/* The module's one gift alert queue (borrowed; lk-alerts.h). Every
 * linkon_gift_alerts source shows its alerts; docks, hotkeys and
 * obs-websocket pause, skip, replay and read stats through it. NULL before
 * load and after unload. Any thread. */
struct lk_alerts *lk_plugin_alerts(void);

/* Hands one decoded gift event to the module's alert queue (dedupe, streaks,
 * tiers: lk_alerts_push at lk_now_ms()). ev is borrowed: what is kept is
 * copied, so the caller frees its event right after the call. Returns the
 * lk_push_result (lk-alerts.h) as an int, or -1 when the queue does not
 * exist (not loaded, or unloading). Any thread except the graphics thread;
 * it never blocks on I/O. Connectors reach it from the net worker through
 * lk_connector_push_gift (lk-connector.h): the module sets it as their sink. */
int lk_plugin_push_gift(const struct lk_gift_event *ev);

#ifdef __cplusplus
}
#endif
