/*
 * Linkon — the module context: the one owner of the module's shared
 * objects (docs/architecture-notes.md, "Who owns what").
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * obs_module_load (plugin-main.c) fills it with lk_module_create and
 * obs_module_unload empties it with lk_module_stop and lk_module_destroy;
 * nothing else keeps a copy of its objects. The struct itself is static
 * storage in plugin-main.c: sources that libobs frees after the unload
 * still read it, and then find NULL objects. Sources get it as their type data
 * (lk_source_module in lk-source-common.h, from obs_source_get_type_data);
 * hotkeys, obs-websocket and the docks get the pointer at registration.
 * Its fields are set in lk_module_create and never change until the
 * unload, so any thread may read them without a lock.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_store;
struct lk_net;
struct lk_alerts;
struct lk_net_cache;
struct lk_room_hub;
struct lk_event_sources;

struct lk_module {
	struct lk_store *store;      /* the catalog, cart, pin, sale (lk-store.h); never NULL */
	struct lk_net *net;          /* the net worker (lk-net.h); NULL when libcurl did not start */
	struct lk_alerts *alerts;    /* the gift alert queue (lk-alerts.h, lk-gift-hub.h); never NULL */
	struct lk_net_cache *images; /* the one image cache (lk-net-cache.h: sources' pictures, dock
				      * thumbnails) on the net worker; NULL without net */
	struct lk_room_hub *rooms;   /* the live room + comment claims (lk-room-hub.h); NULL after unload */
	struct lk_event_sources *sources; /* the live rooms' event sources (lk-event-sources.h); NULL
					   * after unload */
	char *data_dir;              /* the module's data folder (effects, images, sounds) */
	char *config_dir;            /* the module's config folder (config.json, caches, journals) */
};

/* Creates the store, the net worker (when curl_ready), the image cache in
 * <config>/cache/images (image_cache_bytes: its size cap, 0 = default), the
 * gift alert queue (lk_gift_hub_start), the live room hub and the
 * event-source manager (no source runs yet: lk_event_sources_start) and
 * finds the data and config folders. Module load. */
void lk_module_create(struct lk_module *m, bool curl_ready, uint64_t image_cache_bytes);
/* Frees the event-source manager (its sources were stopped with
 * lk_event_sources_stop) and the room hub, stops the gift hub and destroys
 * the worker (no download callback runs afterwards); sources, rooms, net
 * and alerts become NULL. Module unload, after the
 * controller, hotkeys, obs-websocket and docks have stopped. */
void lk_module_stop(struct lk_module *m);
/* Frees the store and the paths; every field becomes NULL. Module unload,
 * last. */
void lk_module_destroy(struct lk_module *m);

/* A file in the data folder (effects/…, images/…, sounds/…): a new bmalloc'd
 * path, or NULL when it does not exist or m is NULL (after unload); rel ""
 * gives the folder itself. The one way Linkon finds its data. Any thread. */
char *lk_module_data_path(const struct lk_module *m, const char *rel);
/* A file or folder in the config folder (it may not exist yet): a new
 * bmalloc'd string; NULL when m is NULL. */
char *lk_module_config_path(const struct lk_module *m, const char *rel);

#ifdef __cplusplus
}
#endif
