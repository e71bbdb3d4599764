/*
 * Linkon — chat actions: "show_qr" makes every hidden linkon_qr scene item
 * of the current scene visible and hides those again after the rule's
 * seconds (a repeated request while shown extends the time).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The request comes on the net worker; scene items change on the UI thread
 * (obs_queue_task); the hide time is kept by a small timer thread, so no
 * thread sleeps or blocks on the UI.
 */
#include "lk-chat-actions.h"
#include "core/lk-store.h"

#include <obs-frontend-api.h>
#include <obs-module.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <util/darray.h>
#include <util/threading.h>

static struct {
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	pthread_t thread;
	bool running;
	int64_t hide_at;           /* local ms; 0 = nothing shown */
	DARRAY(int64_t) shown_ids; /* UI thread only: the scene items we made visible */
	obs_weak_source_t *scene;  /* UI thread only: the scene they are in */
} ca = {.mutex = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static bool show_item(obs_scene_t *scene, obs_sceneitem_t *item, void *param)
{
	(void)scene;
	(void)param;
	obs_source_t *src = obs_sceneitem_get_source(item);
	if (src && strcmp(obs_source_get_unversioned_id(src), "linkon_qr") == 0 && !obs_sceneitem_visible(item)) {
		obs_sceneitem_set_visible(item, true);
		int64_t id = obs_sceneitem_get_id(item);
		da_push_back(ca.shown_ids, &id);
	}
	return true;
}

static void ui_show(void *param)
{
	(void)param;
	if (ca.shown_ids.num)
		return; /* already shown: the timer was extended */
	obs_source_t *cur = obs_frontend_get_current_scene();
	obs_scene_t *scene = obs_scene_from_source(cur);
	if (scene) {
		obs_scene_enum_items(scene, show_item, NULL);
		obs_weak_source_release(ca.scene);
		ca.scene = obs_source_get_weak_source(cur);
	}
	obs_source_release(cur);
	if (ca.shown_ids.num)
		blog(LOG_INFO, "[linkon] a viewer asked for the link: showing %zu QR code(s)", ca.shown_ids.num);
}

static void ui_hide(void *param)
{
	(void)param;
	obs_source_t *src = obs_weak_source_get_source(ca.scene);
	obs_scene_t *scene = obs_scene_from_source(src);
	for (size_t i = 0; scene && i < ca.shown_ids.num; i++) {
		obs_sceneitem_t *item = obs_scene_find_sceneitem_by_id(scene, ca.shown_ids.array[i]);
		if (item)
			obs_sceneitem_set_visible(item, false);
	}
	obs_source_release(src);
	da_resize(ca.shown_ids, 0);
}

static void *timer_thread(void *arg)
{
	(void)arg;
	os_set_thread_name("linkon-chat-actions");
	pthread_mutex_lock(&ca.mutex);
	while (ca.running) {
		int64_t now = lk_now_ms();
		if (ca.hide_at && now >= ca.hide_at) {
			ca.hide_at = 0;
			obs_queue_task(OBS_TASK_UI, ui_hide, NULL, false);
			continue;
		}
		if (!ca.hide_at) {
			pthread_cond_wait(&ca.cond, &ca.mutex);
		} else {
			struct timespec ts;
			int64_t wait = ca.hide_at - now;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += wait / 1000;
			ts.tv_nsec += (wait % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&ca.cond, &ca.mutex, &ts);
		}
	}
	pthread_mutex_unlock(&ca.mutex);
	return NULL;
}

static void on_action(void *data, enum lk_claim_action action, int64_t seconds, const char *platform)
{
	(void)data;
	(void)platform;
	if (action != LK_CLAIM_ACTION_SHOW_QR)
		return;
	pthread_mutex_lock(&ca.mutex);
	bool fresh = ca.hide_at == 0;
	ca.hide_at = lk_now_ms() + seconds * 1000;
	pthread_cond_signal(&ca.cond);
	pthread_mutex_unlock(&ca.mutex);
	if (fresh)
		obs_queue_task(OBS_TASK_UI, ui_show, NULL, false);
}

void lk_chat_actions_init(struct lk_room_hub *hub)
{
	ca.running = true;
	if (pthread_create(&ca.thread, NULL, timer_thread, NULL) != 0) {
		ca.running = false;
		return;
	}
	lk_room_hub_set_action_cb(hub, on_action, NULL);
}

void lk_chat_actions_free(struct lk_room_hub *hub)
{
	lk_room_hub_set_action_cb(hub, NULL, NULL);
	if (!ca.running)
		return;
	pthread_mutex_lock(&ca.mutex);
	ca.running = false;
	pthread_cond_signal(&ca.cond);
	pthread_mutex_unlock(&ca.mutex);
	pthread_join(ca.thread, NULL);
	if (ca.shown_ids.num)
		ui_hide(NULL); /* unload runs on the UI thread */
	da_free(ca.shown_ids);
	obs_weak_source_release(ca.scene);
	ca.scene = NULL;
}
