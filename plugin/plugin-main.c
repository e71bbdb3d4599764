/*
 * Linkon — live commerce for OBS Studio: module load and unload.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-plugin.h"
#include "lk-config.h"
#include "lk-controller.h"
#include "lk-gift-hub.h"
#include "lk-room-hub.h"
#include "frontend/lk-chat-actions.h"
#include "lk-connector.h"
#include "lk-store.h"
#include "lk-net.h"
#include "frontend/dock/lk-docks.h"
#include "frontend/lk-hotkeys.h"
#include "frontend/lk-ws-vendor.h"
#include "sources/lk-draw.h"
#include "sources/lk-image.h"
#include "sources/lk-product-drop.h"
#include "sources/lk-text.h"

#include <curl/curl.h>
#include <obs-module.h>
#include <util/platform.h>

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

/* Set in obs_module_load before any source can exist, cleared in unload
 * after the worker has stopped: read by every thread in between. */
static struct lk_store *plugin_store;
static struct lk_net *plugin_net;
static bool curl_ready;

struct lk_store *lk_plugin_store(void)
{
	return plugin_store;
}

struct lk_net *lk_plugin_net(void)
{
	return plugin_net;
}

static void start_images(void)
{
	char *cache = obs_module_config_path("cache/images");
	if (cache) {
		os_mkdirs(cache);
		lk_images_init(cache);
	}
	bfree(cache);
}

static void start_connector(void)
{
	json_t *config = lk_config_load();
	char *images = obs_module_file("images");
	char *data_dir = NULL;

	/* the demo wants the module's data dir: strip "/images" */
	if (images) {
		char *slash = strrchr(images, '/');
		if (slash)
			*slash = '\0';
		data_dir = images;
	}
	/* the live room first: connectors push room events from their start */
	lk_room_hub_start(plugin_store, config);
	lk_controller_start(plugin_store, plugin_net, config, data_dir);
	bfree(data_dir);
	json_decref(config);
}

/* Which OBS this linkon.so was built for and which one runs it: a build
 * for one OBS major is not meant for another (one package per major). */
static void log_versions(void)
{
	uint32_t running = obs_get_version();
	blog(LOG_INFO, "[linkon] loaded version %s (built for OBS %d.%d.%d, running in OBS %s)", LK_VERSION,
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

	plugin_store = lk_store_create();
	struct lk_net_config net_cfg = {.user_agent = NULL};
	plugin_net = curl_ready ? lk_net_create(&net_cfg) : NULL;
	start_images();
	lk_gift_hub_start(plugin_net);
	/* connectors (the bridge) hand their gift events to the alert queue */
	lk_connector_set_gift_sink(lk_plugin_push_gift);

	obs_enter_graphics();
	lk_draw_init();
	obs_leave_graphics();
	lk_text_gfx_init(); /* the text effect, loaded once for the module's life */

	obs_register_source(&lk_product_card_info);
	obs_register_source(&lk_cart_list_info);
	obs_register_source(&lk_gift_alerts_info);
	obs_register_source(&lk_flash_timer_info);
	obs_register_source(&lk_qr_info);
	obs_register_source(&lk_product_drop_info);
	lk_product_drop_frontend_init();
	lk_hotkeys_register();

	lk_controller_register_procs();
	start_connector();
	log_versions();
	return true;
}

/* obs-websocket creates its vendor API in its own obs_module_load */
void obs_module_post_load(void)
{
	lk_ws_vendor_register(plugin_store);
	lk_chat_actions_init();
	lk_docks_init();
}

void obs_module_unload(void)
{
	lk_docks_free();
	lk_ws_vendor_unregister();
	lk_hotkeys_unregister();
	lk_product_drop_frontend_free();
	lk_chat_actions_free();
	lk_controller_shutdown();
	lk_room_hub_stop(); /* after the connector: nothing pushes room events any more */
	lk_connector_set_gift_sink(NULL);
	lk_gift_hub_stop(plugin_net);
	/* the worker goes first: afterwards no download callback can run */
	lk_net_destroy(plugin_net);
	plugin_net = NULL;
	lk_images_shutdown();

	obs_enter_graphics();
	lk_draw_free();
	obs_leave_graphics();
	lk_text_gfx_free();
	/* no source's text is laid out any more after this: libobs ticks and
	 * frees sources after the unload, and their posts stay unanswered */
	lk_text_worker_shutdown();
	lk_font_shutdown();

	/* sources still alive (libobs frees them after unloading modules)
	 * keep their own snapshot references; the store itself can go */
	lk_store_destroy(plugin_store);
	plugin_store = NULL;
	if (curl_ready)
		curl_global_cleanup();
	blog(LOG_INFO, "[linkon] unloaded");
}
