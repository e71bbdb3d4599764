/*
 * Linkon — the module's gift alert queue (see lk-gift-hub.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-gift-hub.h"
#include "lk-alerts.h"
#include "lk-controller.h"
#include "lk-gift-feed.h"
#include "lk-net.h"
#include "lk-plugin.h"

#include <obs-module.h>
#include <util/threading.h>

#define HUB_TICK_MS 33

/* set at load, cleared at unload (after the worker's tick is removed) */
static struct lk_alerts *hub_alerts;
static uint64_t hub_tick_id;

/* the shown listener: hub_mutex, held while it runs */
static pthread_mutex_t hub_mutex = PTHREAD_MUTEX_INITIALIZER;
static lk_gift_shown_cb hub_shown_cb;

/* net worker only */
static uint64_t hub_last_id;

struct lk_alerts *lk_plugin_alerts(void)
{
	return lk_gift_feed_alerts();
}

int lk_plugin_push_gift(const struct lk_gift_event *ev)
{
	return lk_gift_feed_push(ev);
}

static void notify_shown(const struct lk_alert_view *view)
{
	pthread_mutex_lock(&hub_mutex);
	if (hub_shown_cb)
		hub_shown_cb(view);
	pthread_mutex_unlock(&hub_mutex);
}

static int64_t hub_tick(void *data, int64_t now_ms)
{
	struct lk_alerts *q = data;
	struct lk_alert_view view;

	lk_alerts_tick(q, now_ms);
	if (lk_alerts_current(q, &view)) {
		if (view.id != hub_last_id) {
			hub_last_id = view.id;
			notify_shown(&view);
		}
		lk_alert_view_release(&view);
	}
	return HUB_TICK_MS;
}

void lk_gift_hub_start(struct lk_net *net)
{
	if (hub_alerts)
		return;
	hub_alerts = lk_alerts_create(NULL);
	hub_last_id = 0;
	lk_gift_feed_set(hub_alerts);
	lk_controller_set_alerts(hub_alerts);
	hub_tick_id = net ? lk_net_add_tick(net, hub_tick, hub_alerts) : 0;
}

void lk_gift_hub_stop(struct lk_net *net)
{
	if (!hub_alerts)
		return;
	if (net && hub_tick_id)
		lk_net_remove_tick(net, hub_tick_id);
	hub_tick_id = 0;
	lk_gift_feed_set(NULL);
	lk_controller_set_alerts(NULL);
	lk_alerts_destroy(hub_alerts);
	hub_alerts = NULL;
}

void lk_gift_hub_set_shown_cb(lk_gift_shown_cb cb)
{
	pthread_mutex_lock(&hub_mutex);
	hub_shown_cb = cb;
	pthread_mutex_unlock(&hub_mutex);
}
