/*
 * Linkon — what sources ask the controller to do (see lk-controller.h,
 * "requests from sources"): sources draw, the controller acts, on the
 * command thread or (for the frontend) on the UI thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-controller.h"
#include "lk-controller-priv.h"
#include "lk-gift-hub.h"
#include "lk-store.h"

#include <obs-module.h>
#include <string.h>

#ifdef LINKON_HAVE_FRONTEND
#include <obs-frontend-api.h>
#endif

struct unpin_request {
	char *product_id;
	char *origin;
};

/* Command thread: unpins the product if it is still the pinned one. */
static void unpin_task(void *param)
{
	struct unpin_request *r = param;
	struct lk_store *store = lk_controller_pub_store();
	struct lk_snapshot *snap = store ? lk_store_get(store) : NULL;
	bool pinned = snap && snap->pinned && strcmp(snap->pinned->id, r->product_id) == 0;
	const char *error = NULL;

	if (snap)
		lk_snapshot_release(snap);
	if (pinned && !lk_controller_unpin(&error))
		blog(LOG_WARNING, "[linkon] %s: could not unpin '%s' after the sale: %s", r->origin, r->product_id,
		     error ? error : "?");
	bfree(r->product_id);
	bfree(r->origin);
	bfree(r);
}

#ifdef LINKON_HAVE_FRONTEND
struct scene_request {
	char *scene;
	char *origin;
};

/* UI thread: switches the program to the scene. */
static void scene_task(void *param)
{
	struct scene_request *r = param;
	obs_source_t *src = obs_get_source_by_name(r->scene);

	if (src && obs_source_is_scene(src))
		obs_frontend_set_current_scene(src);
	else
		blog(LOG_WARNING, "[linkon] %s: there is no scene '%s' to switch to after the sale", r->origin,
		     r->scene);
	obs_source_release(src);
	bfree(r->scene);
	bfree(r->origin);
	bfree(r);
}
#endif

static void switch_scene(const char *scene, const char *origin)
{
#ifdef LINKON_HAVE_FRONTEND
	if (obs_frontend_get_main_window()) {
		struct scene_request *r = bzalloc(sizeof(*r));
		r->scene = bstrdup(scene);
		r->origin = bstrdup(origin);
		obs_queue_task(OBS_TASK_UI, scene_task, r, false);
		return;
	}
#endif
	blog(LOG_WARNING, "[linkon] %s: switching scenes after a sale needs the OBS window; skipped", origin);
}

void lk_controller_request_sale_end(const char *unpin_id, const char *scene, const char *origin)
{
	if (!origin)
		origin = "flash timer";
	if (unpin_id) {
		struct unpin_request *r = bzalloc(sizeof(*r));
		r->product_id = bstrdup(unpin_id);
		r->origin = bstrdup(origin);
		if (!lk_controller_run_async(unpin_task, r)) {
			blog(LOG_WARNING, "[linkon] %s: Linkon is not running; the product stays pinned", origin);
			bfree(r->product_id);
			bfree(r->origin);
			bfree(r);
		}
	}
	if (scene && *scene)
		switch_scene(scene, origin);
}

int lk_controller_test_gift(const json_t *gift, char *err, size_t err_size)
{
	return lk_gift_hub_inject(gift, err, err_size);
}
