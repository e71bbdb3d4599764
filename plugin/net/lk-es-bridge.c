/*
 * Linkon — the TikTok LIVE reference bridge (bridges/tiktok-live) as an
 * event source: the bridge protocol's event stream (GET /v1/events) only,
 * read by the bridge connector's own stream code (lk-conn-bridge*.c) in its
 * events-only mode, so a shop (Shopify, TikTok Shop, the demo, another
 * bridge) and this live room run side by side.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Settings (an "event_sources" entry, lk-event-sources.h):
 *   {"type": "tiktok_live", "id": "tiktok", "url": "http://127.0.0.1:8787",
 *    "token": "…", "backoff_min_ms"?, "backoff_max_ms"?, "stream_idle_ms"?,
 *    "timeout_ms"?, "auth_retry_ms"?}
 * The same url and token as the bridge connector's "bridge" object. Gifts
 * and room events the bridge sent without a "platform" are tagged "tiktok".
 * Status: live while the stream is open; connecting; retry (with the time)
 * while the bridge is unreachable, refuses the token or speaks something
 * else; error when the settings cannot work.
 */
#include "lk-conn-bridge-priv.h"

static void *es_bridge_create(const struct lk_es_host *host, json_t *settings)
{
	return bridge_new(NULL, host->net, settings, host, lk_es_tiktok_live.platform);
}

static void es_bridge_destroy(void *data)
{
	bridge_free(data);
}

const struct lk_event_source_info lk_es_tiktok_live = {
	.type = "tiktok_live",
	.platform = "tiktok",
	.create = es_bridge_create,
	.destroy = es_bridge_destroy,
};
