/*
 * Linkon — the module's gift alert queue (see lk-gift-hub.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-gift-hub.h"
#include "lk-alerts.h"
#include "lk-gift-feed.h"
#include "lk-net.h"
#include "lk-store.h"
#include "sources/lk-ahead.h"

#include <obs-module.h>
#include <stdio.h>
#include <util/threading.h>

#define HUB_TICK_MS 33

static void register_procs(void);

/* set at load, cleared at unload (after the worker's tick is removed) */
static struct lk_alerts *hub_alerts;
static uint64_t hub_tick_id;

/* the shown listener: hub_mutex, held while it runs */
static pthread_mutex_t hub_mutex = PTHREAD_MUTEX_INITIALIZER;
static lk_gift_shown_cb hub_shown_cb;
static void *hub_shown_data;

/* net worker only */
static uint64_t hub_last_id;

int lk_gift_hub_push(const struct lk_gift_event *ev)
{
	int rc = lk_gift_feed_push(ev);
	lk_ahead_poke_all(); /* the gift alerts take it between frames */
	return rc;
}

static void notify_shown(const struct lk_alert_view *view)
{
	pthread_mutex_lock(&hub_mutex);
	if (hub_shown_cb)
		hub_shown_cb(hub_shown_data, view);
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

struct lk_alerts *lk_gift_hub_start(struct lk_net *net)
{
	if (hub_alerts)
		return hub_alerts;
	hub_alerts = lk_alerts_create(NULL);
	hub_last_id = 0;
	lk_gift_feed_set(hub_alerts);
	hub_tick_id = net ? lk_net_add_tick(net, hub_tick, hub_alerts) : 0;
	register_procs();
	return hub_alerts;
}

void lk_gift_hub_stop(struct lk_net *net)
{
	if (!hub_alerts)
		return;
	if (net && hub_tick_id)
		lk_net_remove_tick(net, hub_tick_id);
	hub_tick_id = 0;
	lk_gift_feed_set(NULL);
	lk_alerts_destroy(hub_alerts);
	hub_alerts = NULL;
}

void lk_gift_hub_set_shown_cb(lk_gift_shown_cb cb, void *data)
{
	pthread_mutex_lock(&hub_mutex);
	hub_shown_cb = cb;
	hub_shown_data = data;
	pthread_mutex_unlock(&hub_mutex);
}

/* ---- test gifts and procs ------------------------------------------------------ */

static volatile long hub_test_seq;

int lk_gift_hub_inject(const json_t *obj, char *err, size_t err_size)
{
	struct lk_gift_event ev;
	json_t *copy = json_is_object(obj) ? json_deep_copy(obj) : NULL;
	int rc = -1;

	if (!copy) {
		snprintf(err, err_size, "the gift must be a JSON object");
		return -1;
	}
	if (!json_object_get(copy, "id")) {
		char id[48];
		snprintf(id, sizeof(id), "test-%ld-%lld", os_atomic_inc_long(&hub_test_seq), (long long)lk_now_ms());
		json_object_set_new(copy, "id", json_string(id));
	}
	if (!lk_gift_from_json(copy, &ev, err, err_size)) {
		json_decref(copy);
		return -1;
	}
	rc = lk_gift_hub_push(&ev);
	if (rc < 0)
		snprintf(err, err_size, "Linkon is not running");
	lk_gift_event_free(&ev);
	json_decref(copy);
	return rc;
}

const char *lk_gift_hub_tier_name(uint32_t tier, char buf[16])
{
	static const char *const names[] = {"small", "big", "huge"};
	if (tier < 3)
		return names[tier];
	snprintf(buf, 16, "tier%u", tier + 1);
	return buf;
}

static void proc_test_gift(void *data, calldata_t *cd)
{
	const char *text = calldata_string(cd, "json");
	char err[LK_GIFT_ERR_SIZE] = "";
	json_error_t jerr;
	json_t *obj = text ? json_loads(text, 0, &jerr) : NULL;
	UNUSED_PARAMETER(data);

	int rc = obj ? lk_gift_hub_inject(obj, err, sizeof(err)) : -1;
	if (!obj)
		snprintf(err, sizeof(err), "JSON: %.100s", text ? jerr.text : "missing");
	json_decref(obj);
	calldata_set_bool(cd, "ok", rc >= 0);
	calldata_set_string(cd, "error", rc >= 0 ? "" : err);
}

static void proc_skip_alert(void *data, calldata_t *cd)
{
	struct lk_alerts *q = lk_gift_feed_alerts();
	UNUSED_PARAMETER(data);
	calldata_set_bool(cd, "skipped", q && lk_alerts_skip(q, lk_now_ms()));
	lk_ahead_poke_all(); /* the next alert comes in between frames */
}

static void proc_pause_alerts(void *data, calldata_t *cd)
{
	struct lk_alerts *q = lk_gift_feed_alerts();
	UNUSED_PARAMETER(data);
	if (q && calldata_bool(cd, "paused"))
		lk_alerts_pause(q);
	else if (q)
		lk_alerts_resume(q);
}

/* Once per load: the hub starts once per obs_startup (libobs' proc handler
 * lives as long as that). */
static void register_procs(void)
{
	proc_handler_t *ph = obs_get_proc_handler();
	if (!ph)
		return;
	proc_handler_add(ph, "void linkon_test_gift(in string json, out bool ok, out string error)", proc_test_gift,
			 NULL);
	proc_handler_add(ph, "void linkon_skip_alert(out bool skipped)", proc_skip_alert, NULL);
	proc_handler_add(ph, "void linkon_pause_alerts(in bool paused)", proc_pause_alerts, NULL);
}
