/*
 * Linkon — the show's settings from config.json and its automatic start and
 * end with streaming.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   "show": {"privacy": "masked" | "full" | "first" | "anonymous",
 *            "commissionPercent": 20, "autoStart": true}
 *
 * With autoStart (the default) a show starts when streaming starts and ends
 * when it stops; the dock, hotkeys and obs-websocket start and end shows
 * whatever the setting. UI thread.
 */
#include "lk-show-auto.h"
#include "lk-config.h"
#include "lk-controller.h"
#include "lk-alerts.h"
#include "lk-gift-hub.h"
#include "lk-module.h"
#include "lk-store.h"

#include <obs-module.h>
#include <util/bmem.h>
#include <util/threading.h>

#ifdef LINKON_HAVE_FRONTEND
#include <obs-frontend-api.h>
#endif

static bool auto_start = true;
static bool hooked;
static struct lk_store *show_store;   /* set at load (UI thread) before any connector runs */
static struct lk_alerts *show_alerts; /* the module's alert queue, set with show_store */
static pthread_mutex_t gift_mutex = PTHREAD_MUTEX_INITIALIZER;

void lk_show_auto_configure(struct lk_store *store, json_t *config)
{
	json_t *show = json_object_get(config, "show");
	enum lk_privacy privacy = lk_privacy_from_string(json_string_value(json_object_get(show, "privacy")));
	json_t *pct = json_object_get(show, "commissionPercent");
	int64_t bp = json_is_number(pct) ? (int64_t)(json_number_value(pct) * 100.0 + 0.5) : 0;
	json_t *a = json_object_get(show, "autoStart");

	auto_start = !json_is_false(a);
	lk_store_show_configure(store, privacy, bp);
}

bool lk_show_auto_open(const struct lk_module *m)
{
	char err[256];
	char *dir = lk_module_config_path(m, "shows");
	bool ok = dir && lk_store_show_open(m->store, dir, err, sizeof(err));
	show_store = m->store;
	show_alerts = m->alerts;

	if (dir && !ok)
		blog(LOG_WARNING, "[linkon] show: the journal is off (%s): a crash would lose this show's numbers",
		     err);
	bfree(dir);
	return ok;
}

/* On the controller's command thread: the end writes files (never on the UI thread). */
static void run_start(void *param)
{
	const char *error = NULL;
	UNUSED_PARAMETER(param);
	if (!lk_controller_show_start(&error))
		blog(LOG_INFO, "[linkon] show: not started with the stream (%s)", error ? error : "");
}

static void run_end(void *param)
{
	const char *error = NULL;
	UNUSED_PARAMETER(param);
	if (!lk_controller_show_end(NULL, NULL, &error))
		blog(LOG_INFO, "[linkon] show: not ended with the stream (%s)", error ? error : "");
}

#ifdef LINKON_HAVE_FRONTEND
static void on_frontend_event(enum obs_frontend_event event, void *data)
{
	UNUSED_PARAMETER(data);

	if (!auto_start)
		return;
	if (event == OBS_FRONTEND_EVENT_STREAMING_STARTED)
		lk_controller_run_async(run_start, NULL);
	else if (event == OBS_FRONTEND_EVENT_STREAMING_STOPPED)
		lk_controller_run_async(run_end, NULL);
}
#endif

void lk_show_auto_hook(void)
{
#ifdef LINKON_HAVE_FRONTEND
	if (!hooked)
		obs_frontend_add_event_callback(on_frontend_event, NULL);
	hooked = true;
#endif
}

void lk_show_auto_unhook(void)
{
#ifdef LINKON_HAVE_FRONTEND
	if (hooked)
		obs_frontend_remove_event_callback(on_frontend_event, NULL);
	hooked = false;
#endif
}

/* The gifts a connector's event added, as the alert queue counts them (a
 * streak's growing running total counts once, duplicates not at all), go
 * to the show too. Serialised, so two threads' pushes never share a diff. */
int lk_show_auto_push_gift(const struct lk_gift_event *ev)
{
	struct lk_alerts_stats before, after;
	struct lk_alerts *q = show_alerts;

	pthread_mutex_lock(&gift_mutex);
	if (q)
		lk_alerts_get_stats(q, &before, 0);
	int r = lk_gift_hub_push(ev);
	if (q && show_store) {
		lk_alerts_get_stats(q, &after, 0);
		int64_t gifts = after.gifts - before.gifts, value = after.value - before.value;
		if (gifts > 0) {
			struct lk_events evs;
			lk_events_init(&evs);
			struct lk_event *e = lk_events_push(&evs, LK_EV_SHOW_GIFT);
			e->stock = gifts;
			e->sold = value > 0 ? value : 0;
			lk_store_apply(show_store, &evs);
			lk_events_free(&evs);
		}
	}
	pthread_mutex_unlock(&gift_mutex);
	return r;
}
