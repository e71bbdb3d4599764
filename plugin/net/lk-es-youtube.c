/*
 * Linkon — the YouTube live chat event source (type "youtube", platform
 * "youtube"): settings, sign-in (OAuth device flow, youtube.readonly),
 * status, the daily quota and the worker tick. The API calls and what their
 * answers become are in lk-es-youtube-chat.c. docs/youtube.md.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Settings (the entry of config "event_sources"):
 *   "client_id", "client_secret"  a Google OAuth client of type "TVs and
 *                                 Limited Input devices" (sign in from the dock)
 *   or "api_key", "video_id"      a public stream, no sign-in
 *   "daily_quota" (10000)         the Cloud project's units per Pacific day
 *   "show_hours" (4)              how long the budget must last once live
 * Test-only: "api_base", "oauth_base" (the loopback fake), "tokens_path",
 * "quota_path", "min_poll_ms" (1000), "recheck_ms" (60000), "backoff_ms"
 * (5000), "oauth_second_ms".
 *
 * Tokens live in youtube-tokens.json, the day's quota count in
 * youtube-quota.json, both 0600 beside the config (lk_connector_own_file).
 */
#include "lk-es-youtube-priv.h"
#include "lk-connector.h"
#include "lk-net.h"

#include "core/lk-gift.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

#include "lk-config.h"

static int64_t mono_ms(void)
{
	return (int64_t)(os_gettime_ns() / 1000000);
}

int64_t yt_wall_s(void)
{
	return (int64_t)time(NULL);
}

/* ---- status --------------------------------------------------------------------- */

static const char *state_word(enum lk_es_state s)
{
	static const char *const words[] = {"off", "sign_in", "connecting", "live", "waiting", "retry", "error"};
	return (unsigned)s < sizeof(words) / sizeof(words[0]) ? words[s] : "?";
}

void yt_status(struct es_yt *y, enum lk_es_state state, enum lk_msg_code code, const char *a1, const char *a2,
	       int64_t retry_at_ms)
{
	struct dstr words = {0};
	struct lk_es_status st;

	pthread_mutex_lock(&y->mutex);
	st = y->st;
	st.state = state;
	lk_msg_set(&st.msg, code, a1, a2, NULL);
	lk_msg_format(&words, &st.msg, NULL, NULL, NULL);
	snprintf(st.detail, sizeof(st.detail), "%s", words.array ? words.array : "");
	st.retry_at_ms = retry_at_ms;
	if (code != LK_MSG_YT_SIGN_IN) { /* the code shows only while it can be typed */
		st.user_code[0] = '\0';
		st.verify_url[0] = '\0';
	}
	snprintf(st.account, sizeof(st.account), "%s", y->saved.account ? y->saved.account : "");
	if (y->step == YT_POLL)
		st.quota_units_per_hour = lk_yt_units_per_hour(y->gap_ms, LK_YT_UNITS_LIST);
	else if (y->step == YT_FIND)
		st.quota_units_per_hour = lk_yt_units_per_hour(y->recheck_ms, LK_YT_UNITS_BROADCASTS);
	else
		st.quota_units_per_hour = 0;
	st.events = y->events;
	st.last_event_ms = y->last_event_ms;
	bool same = st.state == y->st.state && lk_msg_equal(&st.msg, &y->st.msg) &&
		    st.quota_units_per_hour == y->st.quota_units_per_hour && st.events == y->st.events &&
		    strcmp(st.user_code, y->st.user_code) == 0;
	y->st = st;
	pthread_mutex_unlock(&y->mutex);
	if (!same)
		blog(LOG_INFO, YT_LOG "%s: %s", state_word(state), words.array ? words.array : "");
	dstr_free(&words);
	if (y->host.publish)
		y->host.publish(y->host.host_data, &st);
}

/* ---- quota ------------------------------------------------------------------------- */

static void quota_load(struct es_yt *y)
{
	y->quota_day = lk_yt_pacific_day(yt_wall_s());
	y->quota_used = 0;
	if (!y->quota_path || !os_file_exists(y->quota_path))
		return;
	json_t *j = lk_config_read_file(y->quota_path);
	json_int_t day = json_integer_value(json_object_get(j, "day"));
	json_int_t units = json_integer_value(json_object_get(j, "units"));
	if (day == y->quota_day && units >= 0 && units < (INT64_C(1) << 40))
		y->quota_used = units;
	y->quota_saved_units = y->quota_used;
	json_decref(j);
}

static void quota_save(struct es_yt *y)
{
	if (!y->quota_path || y->quota_saved_units == y->quota_used)
		return;
	json_t *j = json_pack("{s:I, s:I}", "day", (json_int_t)y->quota_day, "units", (json_int_t)y->quota_used);
	if (lk_config_write_file(j, y->quota_path))
		y->quota_saved_units = y->quota_used;
	json_decref(j);
}

static void quota_roll(struct es_yt *y)
{
	int64_t today = lk_yt_pacific_day(yt_wall_s());
	if (today != y->quota_day) {
		y->quota_day = today;
		y->quota_used = 0;
		y->quota_saved_units = -1;
	}
}

static int64_t ms_to_midnight(void)
{
	int64_t wall = yt_wall_s();
	return (lk_yt_pacific_next_midnight(wall) - wall) * 1000 + 1000;
}

/* Stops until midnight Pacific with code (LK_MSG_YT_QUOTA or _BUDGET). */
void yt_quota_stop(struct es_yt *y, enum lk_msg_code code, int64_t now)
{
	char units[24], minutes[24];
	int64_t wait = ms_to_midnight();

	y->step = YT_QUOTA_WAIT;
	y->next_ms = now + wait;
	snprintf(units, sizeof(units), "%lld", (long long)y->daily_quota);
	snprintf(minutes, sizeof(minutes), "%lld", (long long)((wait + 59999) / 60000));
	if (code == LK_MSG_YT_BUDGET)
		yt_status(y, LK_ES_ERROR, code, units, minutes, y->next_ms);
	else
		yt_status(y, LK_ES_ERROR, code, minutes, NULL, y->next_ms);
}

bool yt_quota_take(struct es_yt *y, int64_t units, int64_t now)
{
	quota_roll(y);
	if (y->quota_used + units > y->daily_quota) {
		yt_quota_stop(y, LK_MSG_YT_BUDGET, now);
		return false;
	}
	y->quota_used += units;
	/* a small file, written at most every 25 units (about every fifth poll) */
	if (y->quota_saved_units < 0 || y->quota_used - y->quota_saved_units >= 25)
		quota_save(y);
	return true;
}

int64_t yt_next_gap(struct es_yt *y, int64_t server_ms, int64_t now)
{
	int64_t gap = server_ms >= 0 ? server_ms : YT_DEFAULT_POLL_MS;
	if (gap < y->min_poll_ms)
		gap = y->min_poll_ms;

	quota_roll(y);
	if (!y->show_start_ms)
		y->show_start_ms = now;
	int64_t show_left = y->show_start_ms + y->show_ms - now;
	if (show_left < YT_MIN_STRETCH_MS)
		show_left = YT_MIN_STRETCH_MS;
	int64_t midnight = ms_to_midnight();
	int64_t ms_left = show_left < midnight ? show_left : midnight;
	int64_t budget = lk_yt_budget_gap_ms(y->daily_quota - y->quota_used, ms_left, LK_YT_UNITS_LIST);
	if (budget > gap)
		gap = budget;
	return gap;
}

/* ---- tokens ------------------------------------------------------------------------- */

static void set_auth_header(struct es_yt *y)
{
	struct dstr h = {0};

	if (y->auth_header) {
		memset(y->auth_header, 0, strlen(y->auth_header));
		bfree(y->auth_header);
		y->auth_header = NULL;
	}
	if (!y->saved.access_token)
		return;
	dstr_printf(&h, "Authorization: Bearer %s", y->saved.access_token);
	y->auth_header = h.array;
}

/* New tokens: saved to the file before they are used (a refresh token may
 * be single-use). */
static void take_tokens(struct es_yt *y, struct lk_oauth_tokens *t)
{
	if (!y->saved.access_token && !y->saved.refresh_token)
		y->account_asked = false; /* a new sign-in: ask for its channel's name */
	lk_oauth_saved_take(&y->saved, t, yt_wall_s());
	if (y->tokens_path && !lk_oauth_save(y->tokens_path, &y->saved))
		blog(LOG_WARNING, YT_LOG "could not save the sign-in; sign in again after a restart");
	set_auth_header(y);
}

static void forget_tokens(struct es_yt *y)
{
	lk_oauth_saved_free(&y->saved);
	set_auth_header(y);
	lk_oauth_forget(y->tokens_path);
}

static void need_sign_in(struct es_yt *y, enum lk_msg_code why)
{
	y->step = YT_NEED_SIGN_IN;
	y->chat_id[0] = '\0';
	yt_status(y, LK_ES_SIGN_IN, why, NULL, NULL, 0);
}

static void on_refresh(void *data, const struct lk_oauth_event *ev)
{
	struct es_yt *y = data;

	pthread_mutex_lock(&y->mutex);
	y->have_refresh = true;
	y->refresh_reply = ev->kind == LK_OAUTH_EV_TOKENS ? LK_OAUTH_OK : ev->reply;
	lk_oauth_tokens_free(&y->refresh_tokens);
	if (ev->kind == LK_OAUTH_EV_TOKENS) {
		y->refresh_tokens = *ev->tokens;
		memset(ev->tokens, 0, sizeof(*ev->tokens));
	}
	y->job = 0;
	uint64_t tick = y->tick;
	pthread_mutex_unlock(&y->mutex);
	lk_net_wake_tick(y->host.net, tick);
	yt_release(y);
}

static void send_refresh(struct es_yt *y)
{
	atomic_fetch_add(&y->refs, 1);
	y->inflight = YT_OP_REFRESH;
	pthread_mutex_lock(&y->mutex);
	uint64_t id = lk_oauth_refresh(y->host.net, &y->client, y->saved.refresh_token, on_refresh, y);
	y->job = id;
	pthread_mutex_unlock(&y->mutex);
	if (!id) {
		y->inflight = YT_OP_NONE;
		yt_release(y);
		need_sign_in(y, LK_MSG_YT_SIGN_IN_AGAIN);
	}
}

static void got_refresh(struct es_yt *y, enum lk_oauth_reply r, struct lk_oauth_tokens *t, int64_t now)
{
	char secs[24];

	if (r == LK_OAUTH_OK) {
		take_tokens(y, t);
		y->failures = 0;
		y->next_ms = now;
		return;
	}
	if (r == LK_OAUTH_INVALID_GRANT || r == LK_OAUTH_BAD_CLIENT || r == LK_OAUTH_REFUSED) {
		forget_tokens(y);
		need_sign_in(y, LK_MSG_YT_SIGN_IN_AGAIN);
		return;
	}
	/* the network, Google's side: try the refresh again later */
	y->failures++;
	int64_t wait = y->backoff_ms << (y->failures < 6 ? y->failures : 6);
	if (wait > YT_MAX_BACKOFF_MS)
		wait = YT_MAX_BACKOFF_MS;
	y->next_ms = now + wait;
	snprintf(secs, sizeof(secs), "%lld", (long long)((wait + 999) / 1000));
	yt_status(y, LK_ES_RETRY, LK_MSG_YT_RETRYING, lk_oauth_reply_name(r), secs, now + wait);
}

/* ---- the device sign-in ---------------------------------------------------------------- */

static void on_device(void *data, const struct lk_oauth_event *ev)
{
	struct es_yt *y = data;

	pthread_mutex_lock(&y->mutex);
	if (ev->kind == LK_OAUTH_EV_CODE) {
		y->dev_code = true;
		snprintf(y->dev_user_code, sizeof(y->dev_user_code), "%s", ev->user_code);
		snprintf(y->dev_verify_url, sizeof(y->dev_verify_url), "%s", ev->verify_url);
	} else {
		y->dev_done = true;
		y->dev_reply = ev->kind == LK_OAUTH_EV_TOKENS ? LK_OAUTH_OK : ev->reply;
		lk_oauth_tokens_free(&y->dev_tokens);
		if (ev->kind == LK_OAUTH_EV_TOKENS) {
			y->dev_tokens = *ev->tokens;
			memset(ev->tokens, 0, sizeof(*ev->tokens));
		}
	}
	uint64_t tick = y->tick;
	pthread_mutex_unlock(&y->mutex);
	lk_net_wake_tick(y->host.net, tick);
}

static void start_sign_in(struct es_yt *y)
{
	lk_oauth_device_destroy(y->device);
	y->device = lk_oauth_device_start(y->host.net, &y->client, on_device, y);
	if (!y->device) {
		y->step = YT_STOPPED;
		yt_status(y, LK_ES_ERROR, LK_MSG_YT_NEED_CLIENT, NULL, NULL, 0);
		return;
	}
	y->step = YT_SIGNING_IN;
	yt_status(y, LK_ES_SIGN_IN, LK_MSG_YT_NEED_SIGN_IN, NULL, NULL, 0);
}

static void got_device_code(struct es_yt *y, const char *code, const char *url)
{
	pthread_mutex_lock(&y->mutex);
	snprintf(y->st.user_code, sizeof(y->st.user_code), "%s", code);
	snprintf(y->st.verify_url, sizeof(y->st.verify_url), "%s", url);
	pthread_mutex_unlock(&y->mutex);
	yt_status(y, LK_ES_SIGN_IN, LK_MSG_YT_SIGN_IN, url, code, 0);
}

static void got_device_end(struct es_yt *y, enum lk_oauth_reply r, struct lk_oauth_tokens *t, int64_t now)
{
	lk_oauth_device_destroy(y->device); /* on the worker, from another tick: does not wait */
	y->device = NULL;
	switch (r) {
	case LK_OAUTH_OK:
		take_tokens(y, t);
		y->step = YT_FIND;
		y->next_ms = now;
		y->failures = 0;
		yt_status(y, LK_ES_CONNECTING, LK_MSG_YT_FINDING, NULL, NULL, 0);
		return;
	case LK_OAUTH_DENIED:
		need_sign_in(y, LK_MSG_YT_DENIED);
		return;
	case LK_OAUTH_EXPIRED:
		need_sign_in(y, LK_MSG_YT_CODE_EXPIRED);
		return;
	case LK_OAUTH_BAD_CLIENT:
		y->step = YT_STOPPED;
		yt_status(y, LK_ES_ERROR, LK_MSG_YT_BAD_CLIENT, NULL, NULL, 0);
		return;
	default:
		y->step = YT_NEED_SIGN_IN;
		yt_status(y, LK_ES_SIGN_IN, LK_MSG_YT_SIGN_IN_FAILED, lk_oauth_reply_name(r), NULL, 0);
		return;
	}
}

/* ---- the tick ------------------------------------------------------------------------------ */

static int64_t yt_tick(void *data, int64_t now_unused)
{
	struct es_yt *y = data;
	int64_t now = mono_ms();
	struct lk_oauth_tokens dev_tokens = {0}, ref_tokens = {0};
	char code[LK_ES_MAX_CODE], url[LK_ES_MAX_URL];

	(void)now_unused;
	pthread_mutex_lock(&y->mutex);
	bool sign_in = y->want_sign_in, sign_out = y->want_sign_out;
	bool dev_code = y->dev_code, dev_done = y->dev_done, have_refresh = y->have_refresh;
	bool have_answer = y->have_answer;
	enum lk_oauth_reply dev_reply = y->dev_reply, ref_reply = y->refresh_reply;
	long status = y->status;
	char *body = y->body, *error = y->error;
	size_t len = y->body_len;
	int64_t retry_after = y->retry_after_ms;
	snprintf(code, sizeof(code), "%s", y->dev_user_code);
	snprintf(url, sizeof(url), "%s", y->dev_verify_url);
	dev_tokens = y->dev_tokens;
	ref_tokens = y->refresh_tokens;
	memset(&y->dev_tokens, 0, sizeof(y->dev_tokens));
	memset(&y->refresh_tokens, 0, sizeof(y->refresh_tokens));
	y->want_sign_in = y->want_sign_out = y->dev_code = y->dev_done = y->have_refresh = y->have_answer = false;
	y->body = y->error = NULL;
	y->body_len = 0;
	pthread_mutex_unlock(&y->mutex);

	if (sign_out && !y->use_key) {
		lk_oauth_device_destroy(y->device);
		y->device = NULL;
		forget_tokens(y);
		need_sign_in(y, LK_MSG_YT_NEED_SIGN_IN);
		dev_code = dev_done = false;
		pthread_mutex_lock(&y->mutex);
		uint64_t job = y->job;
		pthread_mutex_unlock(&y->mutex);
		if (job)
			lk_net_cancel(y->host.net, job); /* its answer comes back and is dropped */
		y->stale = y->inflight != YT_OP_NONE;
	}
	if (sign_in && !y->use_key) {
		y->stale = y->stale || y->inflight != YT_OP_NONE; /* a new sign-in: what is in flight is old */
		start_sign_in(y);
		dev_code = dev_done = false;
	} else if (sign_in && (y->step == YT_STOPPED || y->step == YT_FIND)) {
		y->step = YT_FIND; /* a key: "sign in" = try again now */
		y->next_ms = now;
	}
	if (dev_code && y->step == YT_SIGNING_IN)
		got_device_code(y, code, url);
	if (dev_done && y->step == YT_SIGNING_IN)
		got_device_end(y, dev_reply, &dev_tokens, now);
	/* answers to calls made before a sign-out (stale) are dropped */
	bool reading = (y->step == YT_FIND || y->step == YT_POLL) && !y->stale;
	if (have_refresh && y->inflight == YT_OP_REFRESH) {
		y->inflight = YT_OP_NONE;
		y->stale = false;
		if (reading)
			got_refresh(y, ref_reply, &ref_tokens, now);
	}
	if (have_answer && (y->inflight == YT_OP_FIND || y->inflight == YT_OP_POLL || y->inflight == YT_OP_ACCOUNT)) {
		enum yt_op op = y->inflight;
		y->inflight = YT_OP_NONE;
		y->stale = false;
		if (reading)
			yt_got_answer(y, op, status, body ? body : "", len, error, retry_after, now);
	}
	lk_oauth_tokens_free(&dev_tokens);
	lk_oauth_tokens_free(&ref_tokens);
	if (body) {
		memset(body, 0, len);
		bfree(body);
	}
	bfree(error);

	if (y->inflight != YT_OP_NONE)
		return 3600 * 1000; /* the answer wakes the tick */
	if (y->step == YT_QUOTA_WAIT && now >= y->next_ms) {
		y->step = YT_FIND; /* a new Pacific day */
		quota_roll(y);
	}
	if (y->step != YT_FIND && y->step != YT_POLL)
		return y->step == YT_QUOTA_WAIT ? y->next_ms - now : 3600 * 1000;
	if (now < y->next_ms)
		return y->next_ms - now;

	/* an access token about to end: refresh it first (not again within
	 * 30 s: a server that hands out very short tokens must not make this
	 * a loop; a 401 then refreshes once) */
	int64_t wall = yt_wall_s();
	bool ending = y->saved.expires_at_s && wall >= y->saved.expires_at_s - 60 && wall >= y->refreshed_at_s + 30;
	if (!y->use_key && y->saved.refresh_token && (!y->saved.access_token || ending)) {
		y->refreshed_at_s = wall;
		send_refresh(y);
		return 3600 * 1000;
	}
	if (y->step == YT_FIND)
		yt_send_find(y);
	else
		yt_send_poll(y);
	return y->inflight != YT_OP_NONE ? 3600 * 1000 : (y->next_ms > now ? y->next_ms - now : 1);
}

/* ---- lifecycle ----------------------------------------------------------------------------------- */

void yt_release(struct es_yt *y)
{
	if (atomic_fetch_sub(&y->refs, 1) != 1)
		return;
	quota_save(y);
	lk_oauth_saved_free(&y->saved);
	set_auth_header(y);
	lk_oauth_tokens_free(&y->dev_tokens);
	lk_oauth_tokens_free(&y->refresh_tokens);
	if (y->body) {
		memset(y->body, 0, y->body_len);
		bfree(y->body);
	}
	bfree(y->error);
	lk_gift_dedupe_destroy(y->seen);
	lk_gift_dedupe_destroy(y->banned);
	bfree(y->api_base);
	bfree(y->api_key);
	bfree(y->video_id);
	bfree(y->tokens_path);
	bfree(y->quota_path);
	bfree(y->client_id);
	if (y->client_secret) {
		memset(y->client_secret, 0, strlen(y->client_secret));
		bfree(y->client_secret);
	}
	bfree(y->device_url);
	bfree(y->token_url);
	pthread_mutex_destroy(&y->mutex);
	bfree(y);
}

static char *base_url(json_t *s, const char *key, const char *def, bool *bad)
{
	const char *v = json_string_value(json_object_get(s, key));
	if (!v || !*v)
		v = def;
	if (!lk_net_url_allowed(v) || !lk_connector_header_value_ok(v, 512)) {
		*bad = true;
		return NULL;
	}
	char *out = bstrdup(v);
	size_t n = strlen(out);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
	return out;
}

static char *joined(const char *base, const char *path)
{
	struct dstr d = {0};
	dstr_printf(&d, "%s%s", base, path);
	return d.array;
}

static void *yt_create(const struct lk_es_host *host, json_t *s)
{
	struct es_yt *y = bzalloc(sizeof(*y));
	bool bad = false;

	atomic_init(&y->refs, 1);
	pthread_mutex_init(&y->mutex, NULL);
	y->host = *host;
	y->st.quota_units_per_hour = 0;
	y->api_base = base_url(s, "api_base", YT_API_BASE, &bad);
	char *oauth_base = base_url(s, "oauth_base", YT_OAUTH_BASE, &bad);
	if (bad || !host->net) {
		bfree(oauth_base);
		yt_status(y, LK_ES_ERROR, LK_MSG_YT_BAD_BASE, NULL, NULL, 0);
		yt_release(y);
		return NULL;
	}
	y->device_url = joined(oauth_base, "/device/code");
	y->token_url = joined(oauth_base, "/token");
	bfree(oauth_base);

	const char *id = json_string_value(json_object_get(s, "client_id"));
	const char *secret = json_string_value(json_object_get(s, "client_secret"));
	const char *key = json_string_value(json_object_get(s, "api_key"));
	const char *video = json_string_value(json_object_get(s, "video_id"));
	if (lk_connector_header_value_ok(id, 512) && lk_connector_header_value_ok(secret, 512)) {
		y->client_id = bstrdup(id);
		y->client_secret = bstrdup(secret);
	} else if (lk_connector_header_value_ok(key, 256) && lk_connector_header_value_ok(video, 64)) {
		y->use_key = true;
		y->api_key = bstrdup(key);
		y->video_id = bstrdup(video);
	} else {
		yt_status(y, LK_ES_ERROR, LK_MSG_YT_NEED_CLIENT, NULL, NULL, 0);
		yt_release(y);
		return NULL;
	}
	y->client = (struct lk_oauth_client){.device_url = y->device_url,
					     .token_url = y->token_url,
					     .client_id = y->client_id,
					     .client_secret = y->client_secret,
					     .scopes = YT_SCOPE,
					     .second_ms = lk_connector_setting_int(s, "oauth_second_ms", 0, 0, 1000)};
	y->daily_quota = lk_connector_setting_int(s, "daily_quota", 10000, 10, INT64_C(1000000000));
	y->show_ms = lk_connector_setting_int(s, "show_hours", 4, 1, 24) * 3600 * 1000;
	y->min_poll_ms = lk_connector_setting_int(s, "min_poll_ms", 1000, 10, 600000);
	y->recheck_ms = lk_connector_setting_int(s, "recheck_ms", 60000, 10, 3600000);
	y->backoff_ms = lk_connector_setting_int(s, "backoff_ms", 5000, 10, YT_MAX_BACKOFF_MS);
	y->tokens_path = lk_connector_own_file(s, "tokens_path", YT_TOKENS_FILE);
	y->quota_path = lk_connector_own_file(s, "quota_path", YT_QUOTA_FILE);
	y->seen = lk_gift_dedupe_create(YT_SEEN_IDS);
	y->banned = lk_gift_dedupe_create(YT_BANNED);
	y->gap_ms = y->min_poll_ms;
	quota_load(y);

	if (y->use_key) {
		y->step = YT_FIND;
		yt_status(y, LK_ES_CONNECTING, LK_MSG_YT_FINDING, NULL, NULL, 0);
	} else if (lk_oauth_load(y->tokens_path, &y->saved)) {
		set_auth_header(y);
		y->step = YT_FIND;
		yt_status(y, LK_ES_CONNECTING, LK_MSG_YT_FINDING, NULL, NULL, 0);
	} else {
		need_sign_in(y, LK_MSG_YT_NEED_SIGN_IN);
	}
	/* the tick may run before add_tick returns: it waits on the mutex until
	 * its id is stored, so every wake-up names it */
	pthread_mutex_lock(&y->mutex);
	y->tick = lk_net_add_tick(host->net, yt_tick, y);
	pthread_mutex_unlock(&y->mutex);
	return y;
}

static void yt_destroy(void *data)
{
	struct es_yt *y = data;
	uint64_t job;

	if (!y)
		return;
	lk_net_remove_tick(y->host.net, y->tick); /* waits for a running tick */
	lk_oauth_device_destroy(y->device);         /* waits for its callback */
	y->device = NULL;
	pthread_mutex_lock(&y->mutex);
	job = y->job;
	pthread_mutex_unlock(&y->mutex);
	if (job)
		lk_net_cancel(y->host.net, job);
	yt_release(y);
}

static void yt_sign_in(void *data)
{
	struct es_yt *y = data;

	pthread_mutex_lock(&y->mutex);
	y->want_sign_in = true;
	uint64_t tick = y->tick;
	pthread_mutex_unlock(&y->mutex);
	lk_net_wake_tick(y->host.net, tick);
}

static void yt_sign_out(void *data)
{
	struct es_yt *y = data;

	pthread_mutex_lock(&y->mutex);
	y->want_sign_out = true;
	uint64_t tick = y->tick;
	pthread_mutex_unlock(&y->mutex);
	lk_net_wake_tick(y->host.net, tick);
}

const struct lk_event_source_info lk_es_youtube = {
	.type = "youtube",
	.platform = LK_YT_PLATFORM,
	.create = yt_create,
	.destroy = yt_destroy,
	.sign_in = yt_sign_in,
	.sign_out = yt_sign_out,
};
