/*
 * Linkon — the module's gift alert queue and what drives it: created at
 * module load, advanced on the net worker (so alerts go on and off and
 * GiftAlertShown is emitted even while no gift source is visible), shared by
 * every linkon_gift_alerts source, the docks, hotkeys and obs-websocket
 * (struct lk_module's alerts, lk-module.h: the module owns it).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_net;
struct lk_alert_view;
struct lk_alerts;
struct lk_gift_event;

/* Creates the queue (default config) and returns it (lk_module_create keeps
 * it as the module's alerts), publishes it to the gift feed and the
 * controller's alertQueueLength and, when net is not NULL,
 * ticks it on the worker. Registers the global procs linkon_test_gift
 * (in string json; out bool ok, string error), linkon_skip_alert (out bool
 * skipped) and linkon_pause_alerts (in bool paused). Module load, before the
 * connector starts. */
struct lk_alerts *lk_gift_hub_start(struct lk_net *net);
/* Stops the tick, unpublishes and destroys the queue. Module unload, after
 * the connector and every input (hotkeys, obs-websocket) have stopped and
 * before net is destroyed. Sources alive afterwards see no queue. */
void lk_gift_hub_stop(struct lk_net *net);

/* Called on the net worker each time a new alert goes on screen (view is
 * borrowed for the call). One listener; NULL removes it. Setting returns
 * after a running call has finished, so the listener's data may go away
 * after cb is cleared. Any thread but the worker. */
/* Injects a test gift described as JSON (lk-gift.h; "id" may be left out: a
 * fresh "test-<n>" id is given, so the same request twice is two gifts).
 * obj is borrowed. Returns the lk_push_result as an int, or -1 with the
 * reason in err (err_size bytes). Any thread but the graphics thread. */
int lk_gift_hub_inject(const json_t *obj, char *err, size_t err_size);

/* The tier's English name for events and logs: "small", "big", "huge",
 * else "tier<N>". */
const char *lk_gift_hub_tier_name(uint32_t tier, char buf[16]);

typedef void (*lk_gift_shown_cb)(void *data, const struct lk_alert_view *view);
void lk_gift_hub_set_shown_cb(lk_gift_shown_cb cb, void *data);

/* Hands one decoded gift event to the alert queue (dedupe, streaks, tiers:
 * lk_alerts_push at lk_now_ms()). ev is borrowed: what is kept is copied, so
 * the caller frees its event right after the call. Returns the
 * lk_push_result (lk-alerts.h) as an int, or -1 when the queue does not
 * exist (not loaded, or unloading). Any thread except the graphics thread;
 * it never blocks on I/O. The module sets it as the connectors' gift sink
 * (lk_connector_push_gift, lk-connector.h). */
int lk_gift_hub_push(const struct lk_gift_event *ev);

#ifdef __cplusplus
}
#endif
