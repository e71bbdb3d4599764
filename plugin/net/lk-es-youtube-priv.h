/*
 * Linkon — the YouTube live chat event source: its state, shared by
 * lk-es-youtube.c (settings, sign-in, status, quota, the tick) and
 * lk-es-youtube-chat.c (the API calls and what their answers become).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One tick on the net worker does all the work; request callbacks and the
 * device flow only park what they got (under mutex) and wake the tick.
 * sign_in / sign_out (any thread) set a flag under mutex and wake it too.
 */
#pragma once

#include "lk-event-source.h"
#include "lk-oauth-device.h"

#include "core/lk-gift-dedupe.h"
#include "core/lk-youtube-codec.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define YT_LOG "[linkon] youtube: "
#define YT_TOKENS_FILE "youtube-tokens.json"
#define YT_QUOTA_FILE "youtube-quota.json"
#define YT_SCOPE "https://www.googleapis.com/auth/youtube.readonly"
#define YT_API_BASE "https://www.googleapis.com"
#define YT_OAUTH_BASE "https://oauth2.googleapis.com"
#define YT_SEEN_IDS 20000     /* message ids remembered (history, overlaps, deletions) */
#define YT_BANNED 1024        /* banned channels remembered */
#define YT_DEFAULT_POLL_MS 5000 /* when a page names no interval */
#define YT_MAX_BACKOFF_MS (5 * 60 * 1000)
#define YT_MIN_STRETCH_MS (30 * 60 * 1000) /* past the planned show, the budget still spreads over this */

enum yt_step {
	YT_NEED_SIGN_IN = 0, /* no usable tokens: waits for sign_in */
	YT_SIGNING_IN,       /* a device flow runs */
	YT_FIND,             /* find the live chat */
	YT_POLL,             /* read the chat */
	YT_STOPPED,          /* an error the user must fix (status ERROR) */
	YT_QUOTA_WAIT,       /* quota used up: until midnight Pacific (status ERROR) */
};

enum yt_op {
	YT_OP_NONE = 0,
	YT_OP_FIND,
	YT_OP_POLL,
	YT_OP_REFRESH,
	YT_OP_ACCOUNT, /* the signed-in channel's name, once per sign-in */
};

struct es_yt {
	struct lk_es_host host;
	atomic_int refs;
	uint64_t tick;

	/* settings (fixed after create) */
	bool use_key; /* API key + video id instead of a sign-in */
	char *api_base, *api_key, *video_id, *tokens_path, *quota_path;
	char *client_id, *client_secret, *device_url, *token_url;
	struct lk_oauth_client client;
	int64_t daily_quota, show_ms, min_poll_ms, recheck_ms, backoff_ms;

	/* ---- under mutex: what other threads and callbacks hand over ---- */
	pthread_mutex_t mutex;
	bool want_sign_in, want_sign_out;
	bool dev_code, dev_done; /* the device flow showed a code / ended */
	char dev_user_code[LK_ES_MAX_CODE], dev_verify_url[LK_ES_MAX_URL];
	enum lk_oauth_reply dev_reply;
	struct lk_oauth_tokens dev_tokens;
	bool have_refresh;
	enum lk_oauth_reply refresh_reply;
	struct lk_oauth_tokens refresh_tokens;
	bool have_answer;
	long status;
	char *body;
	size_t body_len;
	char *error;
	int64_t retry_after_ms;
	uint64_t job;
	struct lk_es_status st; /* the last one published */

	/* ---- the tick's own (worker thread) ---- */
	enum yt_step step;
	enum yt_op inflight;
	bool stale; /* the call in flight was made before a sign-out: its answer is dropped */
	int64_t next_ms;
	struct lk_oauth_device *device;
	struct lk_oauth_saved saved;
	char *auth_header;
	bool refreshed_for_401;
	int64_t refreshed_at_s; /* wall clock of the last refresh sent */
	bool account_asked;
	char chat_id[LK_YT_MAX_TOKEN + 1];
	char page_token[LK_YT_MAX_TOKEN + 1];
	char title[LK_ROOM_MAX_NAME + 1];
	bool first_page;
	struct lk_gift_dedupe *seen;
	struct lk_gift_dedupe *banned;
	int64_t gap_ms; /* the current gap between list calls */
	int failures;
	int64_t quota_day, quota_used, quota_saved_units;
	int64_t show_start_ms;
	int64_t events, last_event_ms;
};

/* ---- lk-es-youtube.c ---- */
/* Publishes state with code (args may be NULL); the sign-in code and link
 * stay only with LK_MSG_YT_SIGN_IN. Worker (or create). */
void yt_status(struct es_yt *y, enum lk_es_state state, enum lk_msg_code code, const char *a1, const char *a2,
	       int64_t retry_at_ms);
/* Counts units against today's Pacific quota; false (and an ERROR status
 * until midnight) when the daily budget has no room for them. */
bool yt_quota_take(struct es_yt *y, int64_t units, int64_t now);
/* Stops until midnight Pacific (status ERROR with code: LK_MSG_YT_QUOTA,
 * YouTube said so; LK_MSG_YT_BUDGET, the daily_quota setting is used up). */
void yt_quota_stop(struct es_yt *y, enum lk_msg_code code, int64_t now);
/* The gap before the next list call: the server's interval, the floor, and
 * what makes the budget last the show. */
int64_t yt_next_gap(struct es_yt *y, int64_t server_ms, int64_t now);
int64_t yt_wall_s(void);
void yt_release(struct es_yt *y);

/* ---- lk-es-youtube-chat.c ---- */
/* Sends the find / list call for the current step. */
void yt_send_find(struct es_yt *y);
void yt_send_poll(struct es_yt *y);
/* Handles a parked answer of op. */
void yt_got_answer(struct es_yt *y, enum yt_op op, long status, const char *body, size_t len, const char *error,
		   int64_t retry_after_ms, int64_t now);
