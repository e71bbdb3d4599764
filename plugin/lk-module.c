/*
 * Linkon — the module context (see lk-module.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-module.h"
#include "lk-config.h"
#include "lk-event-sources.h"
#include "lk-gift-hub.h"
#include "lk-room-hub.h"
#include "lk-net-cache.h"
#include "lk-store.h"

#include <obs-module.h>
#include <string.h>
#include <util/dstr.h>
#include <util/platform.h>

void lk_module_create(struct lk_module *m, bool curl_ready, uint64_t image_cache_bytes)
{
	struct lk_net_config net_cfg = {.user_agent = NULL};

	m->store = lk_store_create();
	m->net = curl_ready ? lk_net_create(&net_cfg) : NULL;
	m->alerts = lk_gift_hub_start(m->net);
	const char *data = obs_get_module_data_path(obs_current_module());
	m->data_dir = bstrdup(data ? data : "");
	m->config_dir = obs_module_config_path("");
	if (!m->config_dir)
		m->config_dir = bstrdup("");
	/* "<config>/" from libobs: kept without the trailing slash */
	size_t n = strlen(m->config_dir);
	if (n > 1 && m->config_dir[n - 1] == '/')
		m->config_dir[n - 1] = '\0';
	char *images = lk_module_config_path(m, "cache/images");
	char *thumbs = lk_module_config_path(m, "cache/thumbs"); /* the docks' own cache before 0.2 */
	struct lk_net_cache_config cache_cfg = {.dir = images, .max_bytes = image_cache_bytes, .legacy_dir = thumbs};
	m->images = lk_net_cache_create(m->net, &cache_cfg);
	bfree(images);
	bfree(thumbs);
	m->rooms = lk_room_hub_create(m->store);
	char *config_path = lk_config_path();
	m->sources = lk_event_sources_create(m->net, config_path, m->config_dir);
	bfree(config_path);
}

void lk_module_stop(struct lk_module *m)
{
	struct lk_net *net = m->net;
	struct lk_event_sources *sources = m->sources;
	struct lk_room_hub *rooms = m->rooms;
	/* readers see NULL before the objects go */
	m->sources = NULL;
	m->rooms = NULL;
	lk_event_sources_destroy(sources); /* stopped already (obs_module_unload); nothing pushes now */
	lk_room_hub_stop(rooms);
	lk_room_hub_destroy(rooms);
	m->alerts = NULL;
	lk_gift_hub_stop(net);
	lk_net_cache_stop(m->images);
	m->net = NULL;
	lk_net_destroy(net); /* no download callback runs after this */
	lk_net_cache_destroy(m->images);
	m->images = NULL;
}

void lk_module_destroy(struct lk_module *m)
{
	/* sources still alive (libobs frees them after unloading modules)
	 * keep their own snapshot references; the store itself can go */
	struct lk_store *store = m->store;
	m->store = NULL;
	lk_store_destroy(store);
	bfree(m->data_dir);
	bfree(m->config_dir);
	m->data_dir = NULL;
	m->config_dir = NULL;
}

static char *join(const char *dir, const char *rel)
{
	struct dstr d = {0};
	dstr_copy(&d, dir ? dir : "");
	if (rel && *rel)
		dstr_catf(&d, "/%s", rel);
	return d.array ? d.array : bstrdup("");
}

char *lk_module_data_path(const struct lk_module *m, const char *rel)
{
	if (!m || !m->data_dir)
		return NULL;
	char *path = join(m->data_dir, rel);
	if (!os_file_exists(path)) {
		bfree(path);
		return NULL;
	}
	return path;
}

char *lk_module_config_path(const struct lk_module *m, const char *rel)
{
	return m && m->config_dir ? join(m->config_dir, rel) : NULL;
}
