/*
 * Linkon — the Twitch event source's internals, shared by lk-es-twitch*.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: one service thread per source runs libwebsockets (its own
 * context) and the whole state machine (struct tw's fields without a
 * comment belong to it). HTTP (OAuth, Helix) runs on the net worker;
 * its callbacks only queue the answer (tw->mutex) and wake the service
 * thread (lws_cancel_service). Status goes out through host->publish.
 */
#pragma once

#include "lk-event-source.h"
#include "lk-twitch-codec.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <util/dstr.h>

#define TW_LOG "[linkon] twitch: "
#define TW_SEEN_MAX 2000
#define TW_SEEN_MS (10 * 60 * 1000)
#define TW_KEEPALIVE_GRACE_MS 2000
#define TW_CONNECT_TIMEOUT_MS 15000
#define TW_RECONNECT_TIMEOUT_MS 30000
#define TW_TICK_MS 100
#define TW_DRAIN_MS 1000 /* the old socket of a reconnect is read this long after the new welcome */
#define TW_MAX_QUEUE 16

struct lws;
struct lws_context;
struct lk_oauth_device;

/* One WebSocket connection (heap; freed by the service thread once its wsi
 * is gone). */
struct tw_sock {
	struct tw *tw;
	struct lws *wsi; /* NULL once lws destroyed it */
	int serial;      /* 1, 2, … per source: logs and tests */
	bool established;
	bool welcomed;
	bool dead;         /* closed or failed: nothing more comes */
	bool closing;      /* we asked lws to close it */
	int close_code;    /* the server's close code, 0 = none */
	int keepalive_s;   /* from the welcome */
	int64_t opened_ms; /* lk_now_ms when the connect started */
	int64_t last_ms;   /* lk_now_ms of the last message */
	char session_id[LK_TW_MAX_ID + 1];
	struct dstr rx; /* the message being received */
	struct tw_sock *park_next;
	bool rx_too_big;
};

enum tw_phase {
	TW_IDLE = 0,  /* nothing to do: not signed in, or stopped by an error */
	TW_VALIDATE,  /* GET /oauth2/validate in flight */
	TW_REFRESH,   /* POST /oauth2/token (refresh) in flight */
	TW_CONNECT,   /* the socket opens, waiting for the welcome */
	TW_SUBSCRIBE, /* Helix subscriptions in flight */
	TW_LIVE,      /* events flow */
	TW_WAIT,      /* waiting until wait_until_ms, then retry_phase */
	TW_DEVICE,    /* device sign-in: the code is shown, lk_oauth_device polls */
};

/* What a net callback hands to the service thread. */
enum tw_req_kind { TW_REQ_NONE = 0, TW_REQ_VALIDATE, TW_REQ_REFRESH, TW_REQ_SUBSCRIBE };
struct tw_answer {
	enum tw_req_kind kind;
	int serial; /* the request's serial: a stale answer is dropped */
	bool ok;
	long status;
	int64_t reset_s;
	char *body; /* bmalloc'd */
	size_t body_len;
};

struct tw {
	struct lk_es_host host;
	struct lk_net *net;
	char *client_id;
	char *eventsub_url;
	char *helix_base;
	char *auth_base;
	char *tokens_path;
	int64_t retry_min_ms;
	int64_t retry_max_ms;
	int64_t keepalive_grace_ms;
	int64_t validate_every_ms; /* Twitch asks apps to validate a token hourly */
	int64_t validated_ms;      /* lk_now_ms of the last successful validate */

	/* tokens (service thread; set at create before the thread starts) */
	char access_token[512];
	char refresh_token[512];
	char user_id[LK_TW_MAX_ID + 1];
	char login[128];
	bool refreshed_once; /* the current request already refreshed after a 401 */

	pthread_t thread;
	bool thread_started;
	struct lws_context *ctx;
	void *ws; /* lk-es-twitch-ws.c: the tick timer */

	pthread_mutex_t mutex; /* guards the fields down to the next comment */
	pthread_cond_t cond;
	bool stop;
	bool want_sign_in;
	bool want_sign_out;
	struct tw_answer queue[TW_MAX_QUEUE];
	int queued;
	int inflight; /* net jobs whose callback has not run yet */
	uint64_t job; /* the job in flight (cancel at stop) */
	struct lk_es_status status;

	/* the state machine (service thread) */
	enum tw_phase phase;
	enum tw_phase after_wait; /* what TW_WAIT leads to */
	int64_t wait_until_ms;
	int req_serial;
	enum tw_req_kind req_kind;
	int sub_index;
	int attempts;             /* unplanned drops since the last LIVE */
	struct tw_sock *cur;      /* the connection events come from */
	struct tw_sock *next;     /* session_reconnect: the new one until its welcome */
	struct tw_sock *draining; /* the socket a session_reconnect left: read until drain_until_ms */
	int64_t drain_until_ms;
	struct tw_sock *parked; /* closed, waiting for lws to let go (a list through park_next) */
	int sock_serial;
	char missing_scope[128];
	char missing_types[256];
	uint64_t rand_state;

	enum tw_phase after_refresh; /* where a refreshed token goes back to */
	struct lk_tw_message msg;    /* the message being handled */

	/* counters (service thread; logs and tests read them after stop) */
	int64_t reconnects; /* session_reconnects followed */
	int64_t duplicates; /* notifications dropped as already seen */
	int64_t subscribed; /* subscriptions created (202 or 409) */
	int64_t refreshes;  /* tokens refreshed */
	int64_t rate_limited;
	int64_t silences;            /* sockets given up for keepalive silence */
	int64_t validations_refused; /* hourly validations answered 401 */
	int last_close_code;

	/* device sign-in (net/lk-oauth-device.h): its callback fills dev_* under
	 * the mutex, the service thread takes them */
	struct lk_oauth_device *device;
	bool dev_news;
	int dev_kind; /* enum lk_oauth_event_kind */
	char dev_user_code[LK_ES_MAX_CODE];
	char dev_verify_url[LK_ES_MAX_URL];
	char dev_access[512];
	char dev_refresh[512];
	char dev_reason[128];

	/* dedupe by message_id, across sockets */
	uint64_t seen_hash[TW_SEEN_MAX];
	int64_t seen_ms[TW_SEEN_MAX];
	int seen_next;
	int seen_count;
};

/* lk-es-twitch.c */
void tw_publish(struct tw *tw, enum lk_es_state state, enum lk_msg_code code, const char *a1, const char *a2,
		const char *a3);
void tw_publish_retry(struct tw *tw, enum lk_msg_code why, int close_code, int64_t delay_ms);
void tw_on_message(struct tw *tw, struct tw_sock *s, const char *text, size_t len);
void tw_on_sock_dead(struct tw *tw, struct tw_sock *s);
void tw_step(struct tw *tw);
bool tw_save_tokens(struct tw *tw);

/* lk-es-twitch-ws.c */
bool tw_ws_create(struct tw *tw);
void tw_ws_destroy(struct tw *tw);
struct tw_sock *tw_ws_open(struct tw *tw, const char *url);
void tw_ws_close(struct tw *tw, struct tw_sock *s);
/* Closes s (if open) and parks it until lws lets go of it. */
void tw_ws_retire(struct tw *tw, struct tw_sock *s);
void tw_ws_reap(struct tw *tw);
void tw_ws_service(struct tw *tw);
void tw_ws_wake(struct tw *tw);
bool tw_ws_url_ok(const char *url);

/* lk-es-twitch-helix.c */
void tw_req_validate(struct tw *tw);
void tw_req_refresh(struct tw *tw);
void tw_req_subscribe(struct tw *tw);
/* Starts the device sign-in (lk_oauth_device), replacing one running. */
void tw_device_start(struct tw *tw);
void tw_device_stop(struct tw *tw);
void tw_cancel_requests(struct tw *tw);
