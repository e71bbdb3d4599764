/*
 * Linkon — hotkeys (see lk-hotkeys.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-hotkeys.h"
#include "lk-alerts.h"
#include "lk-controller.h"
#include "lk-module.h"
#include "lk-product-drop.h"
#include "lk-store.h"

#include <obs-module.h>
#include <stdint.h>

#ifdef LINKON_HAVE_FRONTEND
#include <obs-frontend-api.h>
#endif

#define SAVE_KEY "linkon_hotkeys"

enum hk_action {
	HK_NEXT,
	HK_PREVIOUS,
	HK_UNPIN,
	HK_START_SALE,
	HK_STOP_SALE,
	HK_PAUSE_ALERTS,
	HK_SKIP_ALERT,
	HK_START_SHOW,
	HK_END_SHOW,
	HK_COUNT
};

struct hk_def {
	const char *name;
	const char *text_key;
};

static const struct hk_def hk_defs[HK_COUNT] = {
	[HK_NEXT] = {LK_HOTKEY_NEXT, "Hotkey.Next"},
	[HK_PREVIOUS] = {LK_HOTKEY_PREVIOUS, "Hotkey.Previous"},
	[HK_UNPIN] = {LK_HOTKEY_UNPIN, "Hotkey.Unpin"},
	[HK_START_SALE] = {LK_HOTKEY_START_SALE, "Hotkey.StartSale"},
	[HK_STOP_SALE] = {LK_HOTKEY_STOP_SALE, "Hotkey.StopSale"},
	[HK_PAUSE_ALERTS] = {LK_HOTKEY_PAUSE_ALERTS, "Hotkey.PauseAlerts"},
	[HK_SKIP_ALERT] = {LK_HOTKEY_SKIP_ALERT, "Hotkey.SkipAlert"},
	[HK_START_SHOW] = {LK_HOTKEY_START_SHOW, "Hotkey.StartShow"},
	[HK_END_SHOW] = {LK_HOTKEY_END_SHOW, "Hotkey.EndShow"},
};

struct lk_hotkeys;

/* What one hotkey's callback gets: its action and the module. */
struct hk_binding {
	struct lk_hotkeys *owner;
	enum hk_action action;
};

/* Made by lk_hotkeys_register, freed by lk_hotkeys_unregister (UI thread) */
struct lk_hotkeys {
	const struct lk_module *module;
	obs_hotkey_id ids[HK_COUNT];
	struct hk_binding bindings[HK_COUNT];
};

/* The pinned product's sale: the one a drop filter sets up for it, else the
 * default sale. */
static bool start_pinned_sale(const struct lk_module *m, const char **error)
{
	struct lk_store *store = m->store;
	struct lk_snapshot *snap = store ? lk_store_get(store) : NULL;
	char *id = snap && snap->pinned ? bstrdup(snap->pinned->id) : NULL;
	struct lk_sale_params params;
	bool ok = false;

	if (snap)
		lk_snapshot_release(snap);
	if (!id) {
		*error = "no product is pinned";
		return false;
	}
	if (!lk_product_drop_sale_for(id, &params))
		lk_controller_default_sale(id, &params);
	ok = lk_controller_start_sale(&params, error);
	bfree(id);
	return ok;
}

/* Gift alerts: pause toggles, skip ends the alert on screen. */
static bool alerts_action(const struct lk_module *m, enum hk_action a, const char **error)
{
	struct lk_alerts *q = m->alerts;
	if (!q) {
		*error = "the gift alert queue is not running";
		return false;
	}
	if (a == HK_SKIP_ALERT) {
		*error = "no gift alert is on screen";
		return lk_alerts_skip(q, lk_now_ms());
	}
	if (lk_alerts_paused(q))
		lk_alerts_resume(q);
	else
		lk_alerts_pause(q);
	blog(LOG_INFO, "[linkon] gift alerts %s", lk_alerts_paused(q) ? "paused" : "resumed");
	return true;
}

/* Runs on the controller's command thread. */
static void hk_run(void *param)
{
	const struct hk_binding *b = param;
	const struct lk_module *m = b->owner->module;
	enum hk_action a = b->action;
	const char *error = NULL;
	bool ok = false;

	switch (a) {
	case HK_NEXT:
		ok = lk_controller_step(1, &error);
		break;
	case HK_PREVIOUS:
		ok = lk_controller_step(-1, &error);
		break;
	case HK_UNPIN:
		ok = lk_controller_unpin(&error);
		break;
	case HK_START_SALE:
		ok = start_pinned_sale(m, &error);
		break;
	case HK_STOP_SALE:
		ok = lk_controller_stop_sale(&error);
		break;
	case HK_PAUSE_ALERTS:
	case HK_SKIP_ALERT:
		ok = alerts_action(m, a, &error);
		break;
	case HK_START_SHOW:
		ok = lk_controller_show_start(&error);
		break;
	case HK_END_SHOW:
		ok = lk_controller_show_end(NULL, NULL, &error);
		break;
	case HK_COUNT:
		break;
	}
	if (!ok)
		blog(LOG_INFO, "[linkon] hotkey %s: %s", hk_defs[a].name, error ? error : "refused");
}

static void hk_pressed(void *data, obs_hotkey_id id, obs_hotkey_t *hotkey, bool pressed)
{
	UNUSED_PARAMETER(id);
	UNUSED_PARAMETER(hotkey);
	if (pressed && !lk_controller_run_async(hk_run, data))
		blog(LOG_INFO, "[linkon] hotkey ignored: Linkon is not running");
}

#ifdef LINKON_HAVE_FRONTEND
static void hk_save(obs_data_t *save_data, bool saving, void *private_data)
{
	const obs_hotkey_id *hk_ids = ((struct lk_hotkeys *)private_data)->ids;
	if (saving) {
		obs_data_t *obj = obs_data_create();
		for (size_t i = 0; i < HK_COUNT; i++) {
			obs_data_array_t *arr = obs_hotkey_save(hk_ids[i]);
			obs_data_set_array(obj, hk_defs[i].name, arr);
			obs_data_array_release(arr);
		}
		obs_data_set_obj(save_data, SAVE_KEY, obj);
		obs_data_release(obj);
		return;
	}
	obs_data_t *obj = obs_data_get_obj(save_data, SAVE_KEY);
	for (size_t i = 0; i < HK_COUNT; i++) {
		obs_data_array_t *arr = obj ? obs_data_get_array(obj, hk_defs[i].name) : NULL;
		obs_hotkey_load(hk_ids[i], arr);
		obs_data_array_release(arr);
	}
	obs_data_release(obj);
}
#endif

struct lk_hotkeys *lk_hotkeys_register(const struct lk_module *module)
{
	struct lk_hotkeys *hk = bzalloc(sizeof(*hk));
	hk->module = module;
	for (size_t i = 0; i < HK_COUNT; i++) {
		hk->bindings[i].owner = hk;
		hk->bindings[i].action = (enum hk_action)i;
		hk->ids[i] = obs_hotkey_register_frontend(hk_defs[i].name, obs_module_text(hk_defs[i].text_key),
							  hk_pressed, &hk->bindings[i]);
	}
#ifdef LINKON_HAVE_FRONTEND
	obs_frontend_add_save_callback(hk_save, hk);
#endif
	return hk;
}

void lk_hotkeys_unregister(struct lk_hotkeys *hk)
{
	if (!hk)
		return;
#ifdef LINKON_HAVE_FRONTEND
	obs_frontend_remove_save_callback(hk_save, hk);
#endif
	for (size_t i = 0; i < HK_COUNT; i++)
		obs_hotkey_unregister(hk->ids[i]);
	/* a press queued before the unregister may still be on the command
	 * thread: it runs before this returns */
	lk_controller_flush();
	bfree(hk);
}
