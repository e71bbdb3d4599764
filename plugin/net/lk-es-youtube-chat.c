/*
 * Linkon — the YouTube event source's API calls: find the live chat
 * (liveBroadcasts with a sign-in, videos with an API key), read it
 * (liveChat/messages at the server's pollingIntervalMillis or slower), and
 * what the answers become (gifts, comments, statuses). See lk-es-youtube.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-es-youtube-priv.h"
#include "lk-connector.h"
#include "lk-net.h"

#include "core/lk-gift.h"
#include "core/lk-room.h"
#include "core/lk-tiktok-sign.h" /* lk_tiktok_url_encode */

#include <stdio.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

#define YT_MAX_BODY (8u << 20) /* a page of 2,000 messages is a few MB */
#define YT_TIMEOUT_MS 30000

/* ---- sending ----------------------------------------------------------------------- */

static void on_answer(void *data, const struct lk_net_response *res)
{
	struct es_yt *y = data;

	pthread_mutex_lock(&y->mutex);
	if (y->body) {
		memset(y->body, 0, y->body_len);
		bfree(y->body);
	}
	bfree(y->error);
	y->have_answer = true;
	y->status = res->ok ? res->http_status : 0;
	y->body = bmemdup(res->body, res->body_len + 1);
	y->body_len = res->body_len;
	y->error = res->ok ? NULL : bstrdup(res->error ? res->error : "no answer");
	y->retry_after_ms = res->retry_after_ms;
	y->job = 0;
	uint64_t tick = y->tick;
	pthread_mutex_unlock(&y->mutex);
	lk_net_wake_tick(y->host.net, tick);
	yt_release(y);
}

/* GET url (taken over, wiped: it may hold the API key). */
static void send_get(struct es_yt *y, enum yt_op op, struct dstr *url)
{
	const char *headers[] = {"Accept: application/json", y->use_key ? NULL : y->auth_header, NULL};
	struct lk_net_request req = {
		.url = url->array,
		.headers = headers,
		.max_bytes = YT_MAX_BODY,
		.timeout_ms = YT_TIMEOUT_MS,
	};

	atomic_fetch_add(&y->refs, 1);
	y->inflight = op;
	pthread_mutex_lock(&y->mutex);
	uint64_t id = lk_net_request(y->host.net, &req, on_answer, y);
	y->job = id;
	pthread_mutex_unlock(&y->mutex);
	lk_oauth_dstr_wipe(url);
	if (!id) {
		y->inflight = YT_OP_NONE;
		yt_release(y);
		y->next_ms = os_gettime_ns() / 1000000 + y->backoff_ms;
	}
}

static void add_param(struct dstr *url, const char *key, const char *value)
{
	dstr_cat_ch(url, strchr(url->array, '?') ? '&' : '?');
	dstr_cat(url, key);
	dstr_cat_ch(url, '=');
	lk_tiktok_url_encode(url, value);
}

void yt_send_find(struct es_yt *y)
{
	struct dstr url = {0};
	int64_t now = (int64_t)(os_gettime_ns() / 1000000);

	if (!y->use_key && !y->saved.account && !y->account_asked) {
		/* once per sign-in: the channel's name for the dock (1 unit) */
		y->account_asked = true;
		if (!yt_quota_take(y, LK_YT_UNITS_CHANNELS, now))
			return;
		dstr_printf(&url, "%s/youtube/v3/channels", y->api_base);
		add_param(&url, "part", "snippet");
		add_param(&url, "mine", "true");
		send_get(y, YT_OP_ACCOUNT, &url);
		return;
	}
	if (!yt_quota_take(y, y->use_key ? LK_YT_UNITS_VIDEOS : LK_YT_UNITS_BROADCASTS, now))
		return;
	if (y->use_key) {
		dstr_printf(&url, "%s/youtube/v3/videos", y->api_base);
		add_param(&url, "part", "liveStreamingDetails");
		add_param(&url, "id", y->video_id);
		add_param(&url, "key", y->api_key);
	} else {
		dstr_printf(&url, "%s/youtube/v3/liveBroadcasts", y->api_base);
		add_param(&url, "part", "snippet,status");
		add_param(&url, "broadcastStatus", "active");
		add_param(&url, "broadcastType", "all");
	}
	send_get(y, YT_OP_FIND, &url);
}

void yt_send_poll(struct es_yt *y)
{
	struct dstr url = {0};
	int64_t now = (int64_t)(os_gettime_ns() / 1000000);

	if (!yt_quota_take(y, LK_YT_UNITS_LIST, now))
		return;
	dstr_printf(&url, "%s/youtube/v3/liveChat/messages", y->api_base);
	add_param(&url, "liveChatId", y->chat_id);
	add_param(&url, "part", "id,snippet,authorDetails");
	add_param(&url, "maxResults", "2000");
	if (y->page_token[0])
		add_param(&url, "pageToken", y->page_token);
	if (y->use_key)
		add_param(&url, "key", y->api_key);
	send_get(y, YT_OP_POLL, &url);
}

/* ---- errors ----------------------------------------------------------------------------- */

static int64_t backoff(struct es_yt *y, int64_t floor_ms)
{
	y->failures++;
	int64_t wait = y->backoff_ms << (y->failures < 7 ? y->failures - 1 : 6);
	if (wait > YT_MAX_BACKOFF_MS)
		wait = YT_MAX_BACKOFF_MS;
	return wait > floor_ms ? wait : floor_ms;
}

static void secs_text(char *out, size_t size, int64_t ms)
{
	snprintf(out, size, "%lld", (long long)((ms + 999) / 1000));
}

/* Back to finding the chat (ended, offline, not found) after wait ms. The
 * chat id stays: found again, the same chat goes on from its page token. */
static void refind(struct es_yt *y, int64_t wait, int64_t now)
{
	y->step = YT_FIND;
	y->next_ms = now + wait;
}

static void got_error(struct es_yt *y, enum yt_op op, long status, const char *body, size_t len, const char *net_error,
		      int64_t retry_after_ms, int64_t now)
{
	char reason[LK_YT_REASON_SIZE], secs[24];
	enum lk_yt_error e = status ? lk_yt_error_of(status, body, len, reason, sizeof(reason)) : LK_YT_SERVER;
	int64_t wait;

	if (!status)
		snprintf(reason, sizeof(reason), "%s", net_error ? net_error : "no answer");
	blog(LOG_INFO, YT_LOG "%s answered %ld: %s (%s)", op == YT_OP_POLL ? "list" : "find", status,
	     lk_yt_error_name(e), reason);
	switch (e) {
	case LK_YT_QUOTA:
		/* the project's quota is used up: stop until it resets at midnight Pacific */
		yt_quota_stop(y, LK_MSG_YT_QUOTA, now);
		return;
	case LK_YT_RATE:
		wait = backoff(y, retry_after_ms > 2 * y->gap_ms ? retry_after_ms : 2 * y->gap_ms);
		y->gap_ms = wait; /* until the next page names the pace again (yt_next_gap) */
		y->next_ms = now + wait;
		secs_text(secs, sizeof(secs), wait);
		yt_status(y, LK_ES_RETRY, LK_MSG_YT_RATE, secs, NULL, now + wait);
		return;
	case LK_YT_AUTH:
		if (!y->use_key && y->saved.refresh_token && !y->refreshed_for_401) {
			/* the access token ran out early: refresh once, then the same call again */
			y->refreshed_for_401 = true;
			if (y->saved.access_token) {
				memset(y->saved.access_token, 0, strlen(y->saved.access_token));
				bfree(y->saved.access_token);
				y->saved.access_token = NULL;
			}
			y->next_ms = now; /* the tick sees no access token and refreshes */
			return;
		}
		if (!y->use_key) {
			y->step = YT_NEED_SIGN_IN;
			y->chat_id[0] = '\0';
			lk_oauth_saved_free(&y->saved);
			lk_oauth_forget(y->tokens_path);
			yt_status(y, LK_ES_SIGN_IN, LK_MSG_YT_SIGN_IN_AGAIN, NULL, NULL, 0);
			return;
		}
		y->step = YT_STOPPED;
		yt_status(y, LK_ES_ERROR, LK_MSG_YT_NO_ACCESS, reason, NULL, 0);
		return;
	case LK_YT_ENDED:
	case LK_YT_NOT_FOUND:
		if (op == YT_OP_POLL) {
			refind(y, backoff(y, 0), now);
			yt_status(y, LK_ES_CONNECTING, LK_MSG_YT_FINDING, NULL, NULL, 0);
			return;
		}
		refind(y, y->recheck_ms, now);
		secs_text(secs, sizeof(secs), y->recheck_ms);
		yt_status(y, LK_ES_WAITING, LK_MSG_YT_WAITING, secs, NULL, now + y->recheck_ms);
		return;
	case LK_YT_DISABLED:
		refind(y, y->recheck_ms, now);
		secs_text(secs, sizeof(secs), y->recheck_ms);
		yt_status(y, LK_ES_WAITING, LK_MSG_YT_CHAT_DISABLED, secs, NULL, now + y->recheck_ms);
		return;
	case LK_YT_FORBIDDEN:
	case LK_YT_BAD_REQUEST:
		y->step = YT_STOPPED;
		yt_status(y, LK_ES_ERROR, LK_MSG_YT_NO_ACCESS, reason, NULL, 0);
		return;
	default:
		wait = backoff(y, retry_after_ms > 0 ? retry_after_ms : 0);
		y->next_ms = now + wait;
		secs_text(secs, sizeof(secs), wait);
		yt_status(y, LK_ES_RETRY, LK_MSG_YT_RETRYING, reason, secs, now + wait);
		return;
	}
}

/* ---- what the chat becomes --------------------------------------------------------------------- */

static void take_item(struct es_yt *y, const struct lk_yt_item *it, bool history, int64_t now)
{
	struct lk_gift_event gift;
	struct lk_room_event room;
	char err[LK_GIFT_ERR_SIZE];

	/* exactly once per message id, across overlapping pages and restarts of the chat */
	if (!lk_gift_dedupe_add_id(y->seen, it->id, strlen(it->id)) || history)
		return;
	switch (it->kind) {
	case LK_YT_DELETED:
	case LK_YT_RETRACTED:
		/* one not shown yet never will be (a later page may still carry it) */
		lk_gift_dedupe_add_id(y->seen, it->target_id, strlen(it->target_id));
		return;
	case LK_YT_BANNED:
		lk_gift_dedupe_add_id(y->banned, it->target_id, strlen(it->target_id));
		return;
	case LK_YT_TEXT:
		if (it->author_id[0] &&
		    lk_gift_dedupe_contains(y->banned, lk_gift_hash(it->author_id, strlen(it->author_id), 0)))
			return;
		if (lk_yt_item_room(it, &room) && lk_room_sink_push(&room) == LK_ROOM_TAKEN) {
			y->events++;
			y->last_event_ms = now;
		}
		return;
	default:
		break;
	}
	json_t *j = lk_yt_item_gift_json(it);
	if (!j)
		return; /* a received membership (counted by its gifting), a tombstone, … */
	if (lk_gift_from_json(j, &gift, err, sizeof(err))) {
		lk_connector_push_gift(&gift);
		lk_gift_event_free(&gift);
		y->events++;
		y->last_event_ms = now;
	} else {
		blog(LOG_INFO, YT_LOG "message %s not taken: %s", it->id, err);
	}
	json_decref(j);
}

static void got_page(struct es_yt *y, const char *body, size_t len, int64_t now)
{
	struct lk_yt_page page;
	char reason[LK_YT_REASON_SIZE], secs[24];

	if (!lk_yt_decode_page(body, len, &page, reason, sizeof(reason))) {
		got_error(y, YT_OP_POLL, 200, "", 0, NULL, -1, now);
		return;
	}
	bool history = y->first_page;
	for (size_t i = 0; i < page.count; i++)
		take_item(y, &page.items[i], history, now);
	y->first_page = false;
	if (page.next_page_token[0])
		snprintf(y->page_token, sizeof(y->page_token), "%s", page.next_page_token);
	y->failures = 0;
	y->refreshed_for_401 = false;

	if (page.chat_ended || page.offline) {
		/* the broadcast ended: look for the next one */
		lk_yt_page_free(&page);
		refind(y, 0, now);
		yt_status(y, LK_ES_CONNECTING, LK_MSG_YT_FINDING, NULL, NULL, 0);
		return;
	}
	int64_t server = page.polling_interval_ms;
	lk_yt_page_free(&page);
	y->gap_ms = yt_next_gap(y, server, now);
	y->next_ms = now + y->gap_ms;
	if (y->gap_ms > (server >= 0 ? server : YT_DEFAULT_POLL_MS) && y->gap_ms > y->min_poll_ms) {
		secs_text(secs, sizeof(secs), y->gap_ms);
		yt_status(y, LK_ES_LIVE, LK_MSG_YT_SLOWED, secs, NULL, 0);
	} else {
		yt_status(y, LK_ES_LIVE, LK_MSG_YT_LIVE, y->title[0] ? y->title : y->chat_id, NULL, 0);
	}
}

static void got_find(struct es_yt *y, const char *body, size_t len, int64_t now)
{
	struct lk_yt_broadcast b;
	bool malformed = false, found;
	char secs[24];

	found = y->use_key ? lk_yt_decode_video(body, len, &b, &malformed)
			   : lk_yt_decode_broadcasts(body, len, &b, &malformed);
	if (malformed) {
		got_error(y, YT_OP_FIND, 200, "", 0, NULL, -1, now);
		return;
	}
	y->failures = 0;
	y->refreshed_for_401 = false;
	if (!found) {
		y->next_ms = now + y->recheck_ms;
		secs_text(secs, sizeof(secs), y->recheck_ms);
		yt_status(y, LK_ES_WAITING, LK_MSG_YT_WAITING, secs, NULL, now + y->recheck_ms);
		return;
	}
	bool same_chat = strcmp(b.chat_id, y->chat_id) == 0;
	snprintf(y->chat_id, sizeof(y->chat_id), "%s", b.chat_id);
	snprintf(y->title, sizeof(y->title), "%s", b.title[0] ? b.title : (y->video_id ? y->video_id : ""));
	y->step = YT_POLL;
	if (!same_chat) {
		/* a new chat: its first page is history (recorded, not alerted) */
		y->page_token[0] = '\0';
		y->first_page = true;
	}
	y->next_ms = now;
	blog(LOG_INFO, YT_LOG "found the live chat (%s)", b.status[0] ? b.status : "live");
	yt_status(y, LK_ES_CONNECTING, LK_MSG_YT_FINDING, NULL, NULL, 0);
}

static void got_account(struct es_yt *y, long status, const char *body, size_t len, int64_t now)
{
	char title[LK_ES_MAX_ACCOUNT];

	y->next_ms = now; /* on to finding the chat, whatever came back */
	if (status < 200 || status > 299 || !lk_yt_decode_channel(body, len, title, sizeof(title)))
		return;
	bfree(y->saved.account);
	y->saved.account = bstrdup(title);
	if (y->tokens_path && y->saved.access_token)
		lk_oauth_save(y->tokens_path, &y->saved);
}

void yt_got_answer(struct es_yt *y, enum yt_op op, long status, const char *body, size_t len, const char *error,
		   int64_t retry_after_ms, int64_t now)
{
	if (op == YT_OP_ACCOUNT && status != 401) {
		got_account(y, status, body, len, now);
		return;
	}
	if (status < 200 || status > 299) {
		got_error(y, op, status, body, len, error, retry_after_ms, now);
		return;
	}
	if (op == YT_OP_FIND)
		got_find(y, body, len, now);
	else
		got_page(y, body, len, now);
}
