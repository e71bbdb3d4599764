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
#include "lk-store.h"

#include <obs-module.h>
#include <util/bmem.h>

#ifdef LINKON_HAVE_FRONTEND
#include <obs-frontend-api.h>
#endif

static bool auto_start = true;
static bool hooked;

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

bool lk_show_auto_open(struct lk_store *store)
{
	char err[256];
	char *dir = obs_module_config_path("shows");
	bool ok = dir && lk_store_show_open(store, dir, err, sizeof(err));

	if (dir && !ok)
		blog(LOG_WARNING, "[linkon] show: the journal is off (%s): a crash would lose this show's numbers",
		     err);
	bfree(dir);
	return ok;
}

#ifdef LINKON_HAVE_FRONTEND
static void on_frontend_event(enum obs_frontend_event event, void *data)
{
	const char *error = NULL;
	UNUSED_PARAMETER(data);

	if (!auto_start)
		return;
	if (event == OBS_FRONTEND_EVENT_STREAMING_STARTED) {
		if (!lk_controller_show_start(&error))
			blog(LOG_INFO, "[linkon] show: not started with the stream (%s)", error ? error : "");
	} else if (event == OBS_FRONTEND_EVENT_STREAMING_STOPPED) {
		if (!lk_controller_show_end(NULL, NULL, &error))
			blog(LOG_INFO, "[linkon] show: not ended with the stream (%s)", error ? error : "");
	}
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
