/*
 * Linkon — event sources: the live rooms (TikTok LIVE through a bridge,
 * Twitch, YouTube) that feed gifts, likes, follows, shares, comments and
 * viewer counts, next to the one shop connector (lk-connector.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The configuration holds one shop connector and any number of event
 * sources (config.json "event_sources": [{ "type": "twitch", "id": "twitch",
 * "enabled": true, … }, …]). The module's event-source manager creates one
 * instance per enabled entry, hands it a host (below), and destroys it when
 * it is switched off, removed or at unload.
 *
 * What a source does with what it receives:
 *   - gifts (cheers, Super Chats, subscriptions given as gifts, TikTok gifts)
 *     go to lk_connector_push_gift (lk-connector.h) with ev.platform set to
 *     the source's platform tag; the alert queue dedupes on the event id;
 *   - likes, follows, shares, comments, viewer counts go to
 *     lk_room_sink_push (lk-room.h), with the platform tag and the
 *     platform's own event id (the room takes each (platform, id) once).
 *
 * Threads: create and destroy run on the thread that starts the manager
 * (the UI thread at load, or the dock); they must not block on the network
 * (destroy may wait for the source's own worker to stop). All I/O runs on
 * the net worker (lk_net requests, streams, ticks) or on the source's own
 * thread (a WebSocket service loop); nothing blocks the graphics or UI
 * thread. sign_in / sign_out may be called from any thread and only queue
 * work. Status goes out through host->publish, from any thread.
 *
 * Secrets (tokens, refresh tokens, device codes) never reach a log, a
 * status text or a scene collection: a source keeps them in its own 0600
 * file beside the config (lk_connector_own_file with settings'
 * "config_dir", written with lk_config_write_file).
 */
#pragma once

#include "lk-msg.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_net;

#define LK_ES_MAX_ID 64
#define LK_ES_MAX_DETAIL 256
#define LK_ES_MAX_CODE 32
#define LK_ES_MAX_URL 256
#define LK_ES_MAX_ACCOUNT 128

enum lk_es_state {
	LK_ES_OFF = 0,     /* switched off (enabled: false) */
	LK_ES_SIGN_IN,     /* waits for the user: not signed in, or a device code is shown */
	LK_ES_CONNECTING,  /* connecting, subscribing, finding the live chat */
	LK_ES_LIVE,        /* connected: events flow */
	LK_ES_WAITING,     /* signed in and reachable, but the room is not live (no active broadcast) */
	LK_ES_RETRY,       /* lost; tries again at retry_at_ms */
	LK_ES_ERROR,       /* stopped until the user acts (access revoked, bad settings, quota used up) */
};

/* What the dock shows for one source. Fixed size, owns nothing. */
struct lk_es_status {
	enum lk_es_state state;
	struct lk_msg msg;                    /* what happened, as a code for the docks; LK_MSG_NONE = none */
	char detail[LK_ES_MAX_DETAIL];        /* English words of msg (logs, obs-websocket); redacted */
	int64_t last_event_ms;                /* lk_now_ms of the last event taken, 0 = never */
	int64_t retry_at_ms;                  /* lk_now_ms of the next try, 0 = none */
	char user_code[LK_ES_MAX_CODE];       /* device sign-in: the code to type, "" = none */
	char verify_url[LK_ES_MAX_URL];       /* device sign-in: where to type it, "" = none */
	char account[LK_ES_MAX_ACCOUNT];      /* the signed-in account or channel, "" = none */
	int64_t quota_units_per_hour;         /* YouTube: estimated API units per hour; -1 = n/a */
	int64_t events;                       /* events taken since the source started */
};

/* What the manager gives a source; valid until destroy returns. */
struct lk_es_host {
	struct lk_net *net; /* the module's net worker (never NULL for a running source) */
	/* Publishes the source's status (copied; the manager fills state OFF
	 * itself). Any thread, never blocks for long. */
	void (*publish)(void *host_data, const struct lk_es_status *st);
	void *host_data;
};

struct lk_event_source_info {
	const char *type;     /* "twitch", "youtube", "tiktok_live": the entry's "type" in the config */
	const char *platform; /* the tag on its gifts and room events ("twitch", "youtube", "tiktok") */

	/* settings: the entry's object (borrowed; also holds "config_dir" and
	 * "config_path" like a connector's). Returns NULL on settings that
	 * cannot work, after publishing an LK_ES_ERROR status saying why. */
	void *(*create)(const struct lk_es_host *host, json_t *settings);
	/* Stops all its work (waits for its worker / ticks), frees. */
	void (*destroy)(void *data);

	/* Optional (NULL = no sign-in): starts the device sign-in; the code and
	 * link appear in the status (LK_ES_SIGN_IN with user_code/verify_url).
	 * Queues work, returns at once. */
	void (*sign_in)(void *data);
	/* Optional: forgets the saved tokens and stops (status LK_ES_SIGN_IN). */
	void (*sign_out)(void *data);
};

extern const struct lk_event_source_info lk_es_twitch;      /* plugin/net/lk-es-twitch*.c */
extern const struct lk_event_source_info lk_es_youtube;     /* plugin/net/lk-es-youtube*.c */
extern const struct lk_event_source_info lk_es_tiktok_live; /* the bridge protocol's event stream */

/* Event source by type, or NULL. The registry is in the manager. */
const struct lk_event_source_info *lk_event_source_find(const char *type);

/* The state's name ("off", "sign_in", "connecting", "live", "waiting",
 * "retry", "error"): obs-websocket and logs. */
const char *lk_es_state_name(enum lk_es_state state);

#ifdef __cplusplus
}
#endif
