/*
 * Linkon — the module's gift alert queue and what drives it: created at
 * module load, advanced on the net worker (so alerts go on and off and
 * GiftAlertShown is emitted even while no gift source is visible), shared by
 * every linkon_gift_alerts source, the docks, hotkeys and obs-websocket
 * (lk_plugin_alerts in lk-plugin.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_net;
struct lk_alert_view;

/* Creates the queue (default config), publishes it (lk_plugin_alerts, the
 * gift feed, the controller's alertQueueLength) and, when net is not NULL,
 * ticks it on the worker. Module load, before the connector starts. */
void lk_gift_hub_start(struct lk_net *net);
/* Stops the tick, unpublishes and destroys the queue. Module unload, after
 * the connector and every input (hotkeys, obs-websocket) have stopped and
 * before net is destroyed. Sources alive afterwards see no queue. */
void lk_gift_hub_stop(struct lk_net *net);

/* Called on the net worker each time a new alert goes on screen (view is
 * borrowed for the call). One listener; NULL removes it. Setting returns
 * after a running call has finished, so the listener's data may go away
 * after cb is cleared. Any thread but the worker. */
typedef void (*lk_gift_shown_cb)(const struct lk_alert_view *view);
void lk_gift_hub_set_shown_cb(lk_gift_shown_cb cb);

#ifdef __cplusplus
}
#endif
