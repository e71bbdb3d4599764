/*
 * Linkon — live commerce for OBS Studio: module load and unload.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-module.h"
#include "lk-sales-procs.h"
#include "lk-config.h"
#include "lk-show-auto.h"
#include "lk-controller.h"
#include "lk-gift-hub.h"
#include "lk-room-hub.h"
#include "lk-event-sources.h"
#include "frontend/lk-chat-actions.h"
#include "lk-connector.h"
#include "lk-store.h"
#include "lk-net.h"
#include "frontend/dock/lk-docks.h"
#include "frontend/lk-hotkeys.h"
#include "frontend/lk-ws-vendor.h"
#include "sources/lk-draw.h"
#include "sources/lk-ahead.h"
#include "sources/lk-gfx-prep.h"
#include "sources/lk-image.h"
#include "sources/lk-product-drop.h"
#include "sources/lk-text.h"

#include <curl/curl.h>
#include <obs-module.h>
#include <util/platform.h>

#include <stdlib.h>
#include <string.h>

OBS_DECLARE_MODULE()
OBS_MODULE_USE_DEFAULT_LOCALE("linkon", "en-US")

MODULE_EXPORT const char *obs_module_description(void)
{
	return "Linkon: live-commerce overlays (pinned product, cart, flash sales, gift alerts) for OBS";
}

extern struct obs_source_info lk_product_card_info;
extern struct obs_source_info lk_cart_list_info;
extern struct obs_source_info lk_gift_alerts_info;
extern struct obs_source_info lk_flash_timer_info;
extern struct obs_source_info lk_qr_info;
extern struct obs_source_info lk_sales_ticker_info;
extern struct obs_source_info lk_goal_bar_info;

/* The module context: the one owner of the store, the net worker, the gift
 * alert queue and the data/config folders (lk-module.h). Created first in
 * obs_module_load, destroyed last in obs_module_unload; everything else gets
 * it passed in (sources: their type data; hotkeys, obs-websocket, docks:
 * at registration). */
static struct lk_module module_ctx;
static struct lk_module *const module = &module_ctx;
static struct lk_hotkeys *hotkeys;
static struct lk_ws_vendor *ws_vendor;
static bool curl_ready;
/* the shader warm-up at load (lk_draw_warm_up): draws made, time taken */
static struct {
	int draws;
	uint64_t ns;
} warm_up;

/* linkon_warm_up_info: what the warm-up at load did (tests, benches). */
static void proc_warm_up_info(void *data, calldata_t *cd)
{
	(void)data;
	calldata_set_int(cd, "draws", warm_up.draws);
	calldata_set_int(cd, "ns", (long long)warm_up.ns);
}

/* The store's writer thread: what the sources show changed. */
static void ahead_store_changed(void *data, uint64_t version)
{
	(void)data;
	(void)version;
	lk_ahead_poke_all();
}

/* Shapes, images, layers and texts share one effect for the module's
 * life; its shader variants are compiled now (start-up) rather than in the
 * live frame that first shows a source (lk_draw_warm_up). LK_NO_WARMUP=1
 * turns that off (bench-first-frame compares). Without a graphics
 * subsystem (headless tools) both do nothing. */
static void start_drawing(void)
{
	char *shapes = lk_module_data_path(module, "effects/lk-shapes.effect");
	const char *no_warm = getenv("LK_NO_WARMUP");
	obs_enter_graphics();
	lk_draw_init(shapes);
	if (!no_warm || !*no_warm || strcmp(no_warm, "0") == 0) {
		uint64_t t0 = os_gettime_ns();
		warm_up.draws = lk_draw_warm_up();
		if (warm_up.draws)
			warm_up.ns = os_gettime_ns() - t0;
	}
	obs_leave_graphics();
	bfree(shapes);
	lk_text_gfx_init();  /* texts that outgrow their texture get a new one on the text worker */
	lk_gfx_prep_start(); /* and layers that outgrow their target, on a thread of their own */
	/* sources compose a change between frames, as the store publishes it */
	if (lk_ahead_start()) {
		lk_store_add_listener(module->store, ahead_store_changed, NULL);
		lk_text_set_on_done(lk_ahead_poke_all); /* (gifts and pictures poke it too) */
	}
	if (warm_up.draws)
		blog(LOG_INFO, "[linkon] shader variants warmed up: %d draws in %.1f ms", warm_up.draws,
		     (double)warm_up.ns / 1e6);
	proc_handler_add(obs_get_proc_handler(), "void linkon_warm_up_info(out int draws, out int ns)",
			 proc_warm_up_info, NULL);
}

static void start_images(void)
{
	lk_images_init(module->images);
}

static void start_connector(void)
{
	json_t *config = lk_config_load();
	/* the live room first: connectors push room events from their start */
	lk_show_auto_configure(module->store, config);
	lk_room_hub_start(module->rooms, config);
	lk_controller_start(config);
	/* the live rooms next to the shop (config "event_sources") */
	lk_event_sources_start(module->sources, config);
	json_decref(config);
}

/* Every Linkon source gets the module as its type data (lk_source_module). */
static void register_source(struct obs_source_info *info)
{
	info->type_data = module;
	obs_register_source(info);
}

/* Which OBS this linkon.so was built for and which one runs it: a build
 * for one OBS major is not meant for another (one package per major). */
static void log_versions(void)
{
	uint32_t running = obs_get_version();
	blog(LOG_INFO, "[linkon] loaded version %s (built for OBS %d.%d.%d, running in OBS %s)", LINKON_VERSION,
	     LIBOBS_API_MAJOR_VER, LIBOBS_API_MINOR_VER, LIBOBS_API_PATCH_VER, obs_get_version_string());
	if ((running >> 24) != LIBOBS_API_MAJOR_VER)
		blog(LOG_WARNING,
		     "[linkon] this build is for OBS %d, but OBS %u runs it: install the Linkon package made for OBS %u",
		     LIBOBS_API_MAJOR_VER, running >> 24, running >> 24);
}

bool obs_module_load(void)
{
	curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	if (!curl_ready)
		blog(LOG_WARNING, "[linkon] libcurl could not start: product images from URLs are off");

	json_t *config = lk_config_load();
	lk_module_create(module, curl_ready, lk_config_image_cache_bytes(config));
	json_decref(config);
	lk_show_auto_open(module); /* before any connector: a crashed show goes on */
	lk_controller_init(module);
	start_images();
	/* connectors (the bridge) hand their gift events to the alert queue */
	lk_connector_set_gift_sink(lk_show_auto_push_gift); /* also counts them for the show */

	start_drawing();

	register_source(&lk_product_card_info);
	register_source(&lk_cart_list_info);
	register_source(&lk_gift_alerts_info);
	register_source(&lk_flash_timer_info);
	register_source(&lk_qr_info);
	register_source(&lk_sales_ticker_info);
	register_source(&lk_goal_bar_info);
	register_source(&lk_product_drop_info);
	lk_product_drop_frontend_init();
	hotkeys = lk_hotkeys_register(module);

	lk_controller_register_procs();
	lk_sales_procs_register(module->store);
	start_connector();
	log_versions();
	return true;
}

/* obs-websocket creates its vendor API in its own obs_module_load */
void obs_module_post_load(void)
{
	ws_vendor = lk_ws_vendor_register(module);
	lk_show_auto_hook();
	lk_chat_actions_init(module->rooms);
	lk_docks_init(module);
}

void obs_module_unload(void)
{
	lk_docks_free();
	lk_show_auto_unhook();
	lk_ws_vendor_unregister(ws_vendor);
	ws_vendor = NULL;
	lk_hotkeys_unregister(hotkeys);
	hotkeys = NULL;
	lk_product_drop_frontend_free();
	lk_chat_actions_free(module->rooms);
	lk_controller_shutdown();
	lk_event_sources_stop(module->sources); /* the live rooms: no gift or room event after this */
	lk_room_hub_stop(module->rooms);        /* after the connector: nothing pushes room events any more */
	lk_connector_set_gift_sink(NULL);
	/* no compose-ahead run after this (a run reads the module's gift
	 * queue and store, which go below); sources libobs ticks after this
	 * compose in the frame, and pokes do nothing */
	lk_store_remove_listener(module->store, ahead_store_changed, NULL);
	lk_text_set_on_done(NULL);
	lk_ahead_stop();
	/* the image loader first: its thread fetches through the module's
	 * download cache and net worker, which lk_module_stop frees (a load
	 * running at quit used them after that); downloads still in flight
	 * end in the worker's cancel and find the loader stopped */
	lk_images_shutdown();
	/* the gift hub, then the worker: afterwards no download callback can
	 * run (the store goes last, below) */
	lk_module_stop(module);

	lk_gfx_prep_stop(); /* layers asking later make their targets in the frame */
	obs_enter_graphics();
	lk_draw_free();
	obs_leave_graphics();
	/* no source's text is laid out any more after this: libobs ticks and
	 * frees sources after the unload, and their posts stay unanswered */
	lk_text_worker_shutdown();
	lk_font_shutdown();

	/* sources still alive (libobs frees them after unloading modules)
	 * keep their own snapshot references; the store itself can go */
	lk_module_destroy(module);
	if (curl_ready)
		curl_global_cleanup();
	blog(LOG_INFO, "[linkon] unloaded");
}
