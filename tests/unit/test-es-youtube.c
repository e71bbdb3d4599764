/*
 * Linkon — the YouTube live chat event source (net/lk-es-youtube*.c) on the
 * real net worker against the loopback fake (tests/server/lkserver/youtube.py):
 * device sign-in, history not alerted, every message type at the recording
 * sinks (gifts with JPY / KWD money, one gift for N gifted memberships, a
 * deleted message, a banned viewer), 500 messages over overlapping pages
 * (0 lost, 0 doubled), never polling faster than pollingIntervalMillis,
 * 403 rateLimitExceeded / 429 back-off, 403 quotaExceeded until midnight
 * Pacific, 401 → one refresh, invalid_grant → sign in again, 404 and the
 * chat's end → finding the broadcast again, no broadcast → waiting, the
 * daily budget slowing the polls down (and its estimate), an API key for a
 * public stream, bad settings, sign-out; no secret in a log line or status.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "yt-util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>

#include "core/lk-gift.h"
#include "core/lk-room.h"
#include "core/lk-youtube-codec.h"
#include "net/lk-connector.h"
#include "net/lk-event-source.h"
#include "net/lk-net.h"
#include "net/lk-oauth-device.h"

#define MAX_GIFTS 4096
#define MAX_STATES 4096

/* ---- the recording sinks and the host ----------------------------------------------- */

struct gift_rec {
	char id[LK_GIFT_MAX_ID + 1];
	char gift_id[64];
	char currency[4];
	int64_t money;
	int64_t count;
};

static pthread_mutex_t rec_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct gift_rec gifts[MAX_GIFTS];
static size_t n_gifts, gift_doubles;
static struct lk_es_status last_status;
static struct {
	enum lk_es_state state;
	enum lk_msg_code code;
} states[MAX_STATES];
static size_t n_states;
static bool status_leak;

static int record_gift(const struct lk_gift_event *ev)
{
	pthread_mutex_lock(&rec_mutex);
	for (size_t i = 0; i < n_gifts; i++)
		if (strcmp(gifts[i].id, ev->id) == 0)
			gift_doubles++;
	if (n_gifts < MAX_GIFTS) {
		struct gift_rec *g = &gifts[n_gifts++];
		snprintf(g->id, sizeof(g->id), "%s", ev->id);
		snprintf(g->gift_id, sizeof(g->gift_id), "%s", ev->gift_id);
		memcpy(g->currency, ev->currency, 4);
		g->money = ev->money;
		g->count = ev->count;
	}
	pthread_mutex_unlock(&rec_mutex);
	return 0;
}

static void publish(void *host_data, const struct lk_es_status *st)
{
	pthread_mutex_lock(&rec_mutex);
	last_status = *st;
	if (n_states < MAX_STATES) {
		states[n_states].state = st->state;
		states[n_states].code = st->msg.code;
		n_states++;
	}
	if (strstr(st->detail, "linkon_access_") || strstr(st->detail, "linkon_refresh_") ||
	    strstr(st->detail, YT_CLIENT_SECRET) || strstr(st->detail, YT_API_KEY))
		status_leak = true;
	pthread_mutex_unlock(&rec_mutex);
}

static struct lk_es_status status_now(void)
{
	pthread_mutex_lock(&rec_mutex);
	struct lk_es_status st = last_status;
	pthread_mutex_unlock(&rec_mutex);
	return st;
}

/* ---- the fixture ------------------------------------------------------------------------ */

static struct lk_net *net;
static struct lk_room *room;
static void *src;
static char tokens_path[512], quota_path[512];

static void reset_records(void)
{
	pthread_mutex_lock(&rec_mutex);
	n_gifts = gift_doubles = n_states = 0;
	memset(&last_status, 0, sizeof(last_status));
	pthread_mutex_unlock(&rec_mutex);
}

static int fx_setup(void **state)
{
	static int n;
	blog(LOG_INFO, "---- test %d ----", ++n);
	reset_records();
	net = lk_net_create(NULL);
	room = lk_room_create();
	lk_room_set_sink(room);
	lk_connector_set_gift_sink(record_gift);
	lk_testsrv_path(&yt_srv, "youtube-tokens.json", tokens_path, sizeof(tokens_path));
	lk_testsrv_path(&yt_srv, "youtube-quota.json", quota_path, sizeof(quota_path));
	unlink(tokens_path);
	unlink(quota_path);
	yt_post("/_yt/config", "{\"interval_ms\": 50}");
	yt_post("/_yt/oauth", "{\"pending\": 1, \"interval\": 1}");
	return net && room ? 0 : -1;
}

static int fx_teardown(void **state)
{
	if (src)
		lk_es_youtube.destroy(src);
	src = NULL;
	lk_net_destroy(net);
	net = NULL;
	lk_room_set_sink(NULL);
	lk_connector_set_gift_sink(NULL);
	lk_room_destroy(room);
	room = NULL;
	pthread_mutex_lock(&rec_mutex);
	bool leak = status_leak;
	pthread_mutex_unlock(&rec_mutex);
	assert_false(leak);
	assert_false(log_has("linkon_access_"));
	assert_false(log_has("linkon_refresh_"));
	assert_false(log_has(YT_CLIENT_SECRET));
	assert_false(log_has(YT_API_KEY));
	assert_false(log_has("linkon-device-"));
	return 0;
}

/* Settings for the fake (extra: a JSON object merged in, may be NULL). */
static json_t *settings(const char *extra)
{
	char base[256];

	yt_url("", base, sizeof(base));
	/* a budget so large that it never slows the polls (but where a test sets one) */
	json_t *s = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:i}", "api_base", base, "oauth_base",
			      base, "client_id", YT_CLIENT_ID, "client_secret", YT_CLIENT_SECRET, "tokens_path",
			      tokens_path, "quota_path", quota_path, "min_poll_ms", 20, "recheck_ms", 100, "backoff_ms",
			      20, "oauth_second_ms", 10, "daily_quota", 100000000);
	json_t *more = extra ? json_loads(extra, 0, NULL) : NULL;
	if (more)
		json_object_update(s, more);
	json_decref(more);
	return s;
}

static void *create_with(const char *extra)
{
	struct lk_es_host host = {.net = net, .publish = publish, .host_data = NULL};
	json_t *s = settings(extra);
	void *d = lk_es_youtube.create(&host, s);
	json_decref(s);
	return d;
}

/* Writes a sign-in the fake accepts into the tokens file. */
static void signed_in(void)
{
	json_t *t = yt_ctl("/_yt/issue", "{}");
	json_t *file = json_pack("{s:O, s:O, s:I, s:s}", "access_token", json_object_get(t, "access_token"),
				 "refresh_token", json_object_get(t, "refresh_token"), "expires_at",
				 (json_int_t)time(NULL) + 3600, "account", "Linkon Test");
	assert_int_equal(json_dump_file(file, tokens_path, 0), 0);
	json_decref(file);
	json_decref(t);
}

struct want {
	enum lk_es_state state;
	enum lk_msg_code code; /* LK_MSG_NONE = any */
};

static bool is_status(void *arg)
{
	struct want *w = arg;
	struct lk_es_status st = status_now();
	return st.state == w->state && (w->code == LK_MSG_NONE || st.msg.code == w->code);
}

static void wait_status(enum lk_es_state state, enum lk_msg_code code)
{
	struct want w = {state, code};
	if (!yt_wait(is_status, &w)) {
		struct lk_es_status st = status_now();
		fail_msg("status %d/%d, wanted %d/%d (%s)", st.state, st.msg.code, state, code, st.detail);
	}
}

/* Whether the status history holds (state, code) since the last reset. */
static bool was_status(enum lk_es_state state, enum lk_msg_code code)
{
	bool found = false;
	pthread_mutex_lock(&rec_mutex);
	for (size_t i = 0; i < n_states && !found; i++)
		found = states[i].state == state && (code == LK_MSG_NONE || states[i].code == code);
	pthread_mutex_unlock(&rec_mutex);
	return found;
}

static int64_t comments(void)
{
	struct lk_room_counts c;
	lk_room_get_platform(room, "youtube", &c);
	return c.comments;
}

static int64_t room_doubles(void)
{
	struct lk_room_counts c;
	lk_room_get_platform(room, "youtube", &c);
	return c.duplicates;
}

static size_t gift_count(void)
{
	pthread_mutex_lock(&rec_mutex);
	size_t n = n_gifts;
	pthread_mutex_unlock(&rec_mutex);
	return n;
}

static bool comments_reach(void *arg)
{
	return comments() >= *(int64_t *)arg;
}

static bool gifts_reach(void *arg)
{
	return gift_count() >= *(size_t *)arg;
}

static bool polled_more(void *arg)
{
	return yt_count("api", "messages") > *(int64_t *)arg;
}

/* Waits for n more list calls (a quiet chat still polls). */
static void wait_polls(int64_t n)
{
	int64_t target = yt_count("api", "messages") + n - 1;
	assert_true(yt_wait(polled_more, &target));
}

static void add_messages(const char *specs)
{
	char body[8300];
	snprintf(body, sizeof(body), "{\"messages\": [%s]}", specs);
	yt_post("/_yt/messages", body);
}

static const struct gift_rec *gift_by_kind(const char *gift_id)
{
	for (size_t i = 0; i < n_gifts; i++)
		if (strcmp(gifts[i].gift_id, gift_id) == 0)
			return &gifts[i];
	return NULL;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_sign_in_then_live(void **state)
{
	struct stat st;

	yt_post("/_yt/oauth", "{\"pending\": 2, \"interval\": 1}");
	src = create_with(NULL);
	assert_non_null(src);
	wait_status(LK_ES_SIGN_IN, LK_MSG_YT_NEED_SIGN_IN);
	lk_es_youtube.sign_in(src);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	/* the code and the link showed in the status while Google waited */
	assert_true(was_status(LK_ES_SIGN_IN, LK_MSG_YT_SIGN_IN));
	assert_int_equal(stat(tokens_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(yt_count("oauth", "pending"), 2);
	struct lk_es_status s = status_now();
	assert_string_equal(s.user_code, "");                  /* gone once signed in */
	assert_string_equal(s.account, "Linkon Test Channel"); /* asked once (channels.list) */
	assert_int_equal(yt_count("api", "channels"), 1);
	struct lk_oauth_saved saved;
	assert_true(lk_oauth_load(tokens_path, &saved));
	assert_string_equal(saved.account, "Linkon Test Channel");
	lk_oauth_saved_free(&saved);
	assert_true(s.quota_units_per_hour > 0);

	/* sign-out forgets the tokens */
	lk_es_youtube.sign_out(src);
	wait_status(LK_ES_SIGN_IN, LK_MSG_YT_NEED_SIGN_IN);
	assert_int_not_equal(access(tokens_path, F_OK), 0);
	/* … and signing in again reads the chat again (a call in flight at the
	 * sign-out is dropped, not taken for the new sign-in's) */
	yt_post("/_yt/oauth", "{\"pending\": 0, \"interval\": 1}");
	lk_es_youtube.sign_in(src);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	add_messages("{\"type\": \"text\", \"text\": \"hello again\"}");
	int64_t one = 1;
	assert_true(yt_wait(comments_reach, &one));
	assert_int_equal(access(tokens_path, F_OK), 0);
}

static void test_sign_in_code_shown(void **state)
{
	yt_post("/_yt/oauth", "{\"pending\": 100000, \"interval\": 1}");
	src = create_with(NULL);
	lk_es_youtube.sign_in(src);
	wait_status(LK_ES_SIGN_IN, LK_MSG_YT_SIGN_IN);
	struct lk_es_status s = status_now();
	assert_true(strncmp(s.user_code, "LNK-", 4) == 0);
	assert_string_equal(s.verify_url, "https://www.google.com/device");
	assert_non_null(strstr(s.detail, s.user_code));
	/* refused in the browser */
	yt_post("/_yt/oauth", "{\"deny\": true, \"interval\": 1}");
	lk_es_youtube.sign_in(src);
	wait_status(LK_ES_SIGN_IN, LK_MSG_YT_DENIED);
	/* the code runs out (50 ms in the test's time) */
	yt_post("/_yt/oauth", "{\"pending\": 100000, \"interval\": 1, \"expires_in\": 5}");
	lk_es_youtube.sign_in(src);
	wait_status(LK_ES_SIGN_IN, LK_MSG_YT_CODE_EXPIRED);
	/* Google's side fails */
	yt_post("/_yt/oauth", "{\"fail_device\": 503}");
	lk_es_youtube.sign_in(src);
	wait_status(LK_ES_SIGN_IN, LK_MSG_YT_SIGN_IN_FAILED);
	assert_non_null(strstr(status_now().detail, "server_error"));
	assert_string_equal(status_now().user_code, "");
}

static void test_every_message_type(void **state)
{
	yt_post("/_yt/config", "{\"interval_ms\": 50, \"history\": 5}");
	add_messages("{\"type\": \"superchat\", \"amount_micros\": \"100000000\", \"currency\": \"JPY\"}");
	signed_in();
	src = create_with(NULL);
	wait_status(LK_ES_LIVE, LK_MSG_YT_LIVE);
	wait_polls(2);
	/* history: recorded, never alerted */
	assert_int_equal(comments(), 0);
	assert_int_equal(gift_count(), 0);

	add_messages(
		"{\"type\": \"text\", \"text\": \"want 3\", \"author\": \"Mia\", \"author_id\": \"UCmia\"},"
		"{\"type\": \"superchat\", \"amount_micros\": \"500000000\", \"currency\": \"JPY\"},"
		"{\"type\": \"supersticker\", \"amount_micros\": \"2000000\", \"currency\": \"KWD\", \"alt\": \"Cat\"},"
		"{\"type\": \"superchat\", \"amount_micros\": \"1750000\", \"currency\": \"USD\"},"
		"{\"type\": \"sponsor\", \"level\": \"Gold\"},"
		"{\"type\": \"milestone\", \"months\": 6},"
		"{\"type\": \"gifting\", \"count\": 7},"
		"{\"type\": \"banned\", \"target\": \"UCtroll\"},"
		"{\"type\": \"text\", \"text\": \"spam\", \"author_id\": \"UCtroll\"},"
		"{\"type\": \"deleted\", \"target\": \"LCC.pending-later\"},"
		"{\"type\": \"text\", \"text\": \"gone\", \"id\": \"LCC.pending-later\"},"
		"{\"type\": \"text\", \"text\": \"#2\", \"author_id\": \"UCbob\"}");
	size_t want_gifts = 6;
	assert_true(yt_wait(gifts_reach, &want_gifts));
	int64_t want_comments = 2;
	assert_true(yt_wait(comments_reach, &want_comments));
	wait_polls(3);                   /* nothing more comes */
	assert_int_equal(comments(), 2); /* not the banned viewer's, not the deleted one */
	assert_int_equal(room_doubles(), 0);

	pthread_mutex_lock(&rec_mutex);
	assert_int_equal(n_gifts, 6); /* 7 received memberships add none */
	assert_int_equal(gift_doubles, 0);
	const struct gift_rec *g = gift_by_kind("super_chat");
	assert_non_null(g);
	assert_int_equal(g->money, 500);
	assert_string_equal(g->currency, "JPY");
	g = gift_by_kind("super_sticker");
	assert_int_equal(g->money, 2000);
	assert_string_equal(g->currency, "KWD");
	assert_int_equal(gifts[2].money, 175);
	assert_string_equal(gifts[2].currency, "USD");
	assert_non_null(gift_by_kind("membership"));
	assert_non_null(gift_by_kind("membership_milestone"));
	assert_int_equal(gift_by_kind("membership_gift")->count, 7);
	pthread_mutex_unlock(&rec_mutex);

	struct lk_room_comment c[4];
	assert_int_equal(lk_room_get_comments(room, c, 4), 2);
	assert_string_equal(c[0].text, "#2");
	assert_string_equal(c[1].text, "want 3");
	assert_string_equal(c[1].user_name, "Mia");
	assert_int_equal(status_now().events, 8);
	assert_int_equal(yt_count("api", "too_fast"), 0);
}

static void test_500_messages_over_pages(void **state)
{
	char specs[8192];

	/* small pages, each next one repeating 7 messages */
	yt_post("/_yt/config", "{\"interval_ms\": 30, \"page_size\": 37, \"overlap\": 7}");
	signed_in();
	src = create_with(NULL);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	for (int batch = 0; batch < 20; batch++) {
		size_t n = 0;
		for (int i = 0; i < 25; i++) {
			int k = batch * 25 + i;
			if (k % 10 == 9)
				n += (size_t)snprintf(specs + n, sizeof(specs) - n,
						      "%s{\"type\": \"superchat\", \"amount_micros\": \"%d000000\", "
						      "\"currency\": \"USD\"}",
						      i ? "," : "", 1 + k % 5);
			else
				n += (size_t)snprintf(specs + n, sizeof(specs) - n,
						      "%s{\"type\": \"text\", \"text\": \"msg %d\"}", i ? "," : "", k);
		}
		add_messages(specs);
		if (batch % 4 == 0)
			wait_polls(1);
	}
	int64_t want_comments = 450;
	size_t want_gifts = 50;
	assert_true(yt_wait(comments_reach, &want_comments));
	assert_true(yt_wait(gifts_reach, &want_gifts));
	wait_polls(3);
	assert_int_equal(comments(), 450);
	assert_int_equal(room_doubles(), 0);
	pthread_mutex_lock(&rec_mutex);
	assert_int_equal(n_gifts, 50);
	assert_int_equal(gift_doubles, 0);
	pthread_mutex_unlock(&rec_mutex);
	/* the fake served repeats (the overlap), the source dropped them */
	assert_true(yt_count("api", "items_served") > 500);
	assert_int_equal(yt_count("api", "too_fast"), 0);
}

static void test_never_faster_than_interval(void **state)
{
	yt_post("/_yt/config", "{\"interval_ms\": 150}");
	signed_in();
	src = create_with(NULL);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	wait_polls(6);
	json_t *s = yt_ctl("/_yt/stats", NULL);
	json_t *gaps = json_object_get(json_object_get(s, "api"), "poll_gaps_ms");
	size_t i;
	json_t *g;
	assert_true(json_array_size(gaps) >= 5);
	json_array_foreach(gaps, i, g)
	{
		/* the server measures the gap between arrivals: a little under at most */
		assert_true(json_integer_value(g) >= 150 - 40);
	}
	json_decref(s);
	assert_int_equal(yt_count("api", "too_fast"), 0);
}

static void test_rate_limited_backs_off(void **state)
{
	signed_in();
	src = create_with(NULL);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	reset_records();
	yt_post("/_yt/faults", "{\"faults\": [\"rate\", \"429\"]}");
	wait_polls(3);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	assert_true(was_status(LK_ES_RETRY, LK_MSG_YT_RATE));
	add_messages("{\"type\": \"text\", \"text\": \"after\"}");
	int64_t one = 1;
	assert_true(yt_wait(comments_reach, &one));
	assert_int_equal(yt_count("api", "too_fast"), 0);
}

/* Seconds until the next midnight Pacific, when YouTube's daily quota comes
 * back. */
static int64_t to_midnight_s(void)
{
	int64_t wall = (int64_t)time(NULL);
	return lk_yt_pacific_next_midnight(wall) - wall;
}

/* A test that reads the day (the quota's day, the time to midnight) and
 * then compares with what the connector read a moment later starts over if
 * midnight Pacific would pass in between: in the last `margin_s` seconds of
 * the day it waits for the new one. */
static void away_from_midnight(int64_t margin_s)
{
	if (to_midnight_s() < margin_s)
		lk_test_sleep_ms((int)(to_midnight_s() + 2) * 1000);
}

static void test_quota_exceeded_until_midnight(void **state)
{
	away_from_midnight(120); /* a retry "at midnight" seconds away, then a day away */
	signed_in();
	src = create_with(NULL);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	yt_post("/_yt/faults", "{\"faults\": [\"quota\"]}");
	wait_status(LK_ES_ERROR, LK_MSG_YT_QUOTA);
	struct lk_es_status st = status_now();
	int64_t now = lk_test_mono_ms();
	int64_t to_midnight_ms = to_midnight_s() * 1000;
	assert_true(st.retry_at_ms > now);
	assert_true(st.retry_at_ms - now <= to_midnight_ms + 5000);
	assert_true(st.retry_at_ms - now >= to_midnight_ms - 60000);
	assert_non_null(strstr(st.detail, "midnight Pacific"));
	/* nothing more is sent */
	int64_t calls = yt_count("api", "messages") + yt_count("api", "broadcasts");
	lk_test_sleep_ms(300);
	assert_int_equal(yt_count("api", "messages") + yt_count("api", "broadcasts"), calls);
}

static void test_401_refreshes_once(void **state)
{
	signed_in();
	src = create_with(NULL);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	/* the fake forgets every access token and answers 401 once */
	yt_post("/_yt/faults", "{\"faults\": [\"401\"]}");
	wait_polls(3);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	assert_int_equal(yt_count("oauth", "refreshes"), 1);
	add_messages("{\"type\": \"text\", \"text\": \"still here\"}");
	int64_t one = 1;
	assert_true(yt_wait(comments_reach, &one));
}

static void test_refresh_before_expiry(void **state)
{
	/* the saved access token ends in 30 s: refreshed before the first call;
	 * the fake's new ones live only 10 s, which must not become a loop */
	yt_post("/_yt/oauth", "{\"access_ttl\": 10}");
	json_t *t = yt_ctl("/_yt/issue", "{}");
	json_t *file = json_pack("{s:O, s:O, s:I}", "access_token", json_object_get(t, "access_token"), "refresh_token",
				 json_object_get(t, "refresh_token"), "expires_at", (json_int_t)time(NULL) + 30);
	assert_int_equal(json_dump_file(file, tokens_path, 0), 0);
	json_decref(file);
	json_decref(t);
	src = create_with(NULL);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	wait_polls(10);
	assert_int_equal(yt_count("oauth", "refreshes"), 1);
	assert_int_equal(yt_count("api", "unauthorized"), 0);
	/* the refreshed token went into the file before it was used */
	struct lk_oauth_saved saved;
	assert_true(lk_oauth_load(tokens_path, &saved));
	char *access = yt_stat_str("oauth", "access_token");
	assert_string_equal(saved.access_token, access);
	free(access);
	lk_oauth_saved_free(&saved);
}

static void test_refresh_refused_sign_in_again(void **state)
{
	signed_in();
	src = create_with(NULL);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	yt_post("/_yt/oauth", "{\"refresh_invalid\": true}"); /* the 7-day testing expiry */
	yt_post("/_yt/expire", "{}");
	wait_status(LK_ES_SIGN_IN, LK_MSG_YT_SIGN_IN_AGAIN);
	assert_int_not_equal(access(tokens_path, F_OK), 0);
	assert_int_equal(yt_count("oauth", "invalid_grant"), 1);
}

static void test_not_found_and_chat_end(void **state)
{
	signed_in();
	src = create_with(NULL);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	int64_t finds = yt_count("api", "broadcasts");
	yt_post("/_yt/faults", "{\"faults\": [\"404\"]}");
	wait_polls(3);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	assert_true(yt_count("api", "broadcasts") > finds);

	/* the broadcast ends: chatEndedEvent + offlineAt → find → none → waiting */
	yt_post("/_yt/end", "{}");
	wait_status(LK_ES_WAITING, LK_MSG_YT_WAITING);
	/* live again: the chat goes on */
	yt_post("/_yt/live", "{\"live\": true}");
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	add_messages("{\"type\": \"text\", \"text\": \"back\"}");
	int64_t one = 1;
	assert_true(yt_wait(comments_reach, &one));
}

static void test_waiting_without_broadcast(void **state)
{
	yt_post("/_yt/config", "{\"live\": false}");
	signed_in();
	src = create_with(NULL);
	wait_status(LK_ES_WAITING, LK_MSG_YT_WAITING);
	struct lk_es_status st = status_now();
	assert_true(st.retry_at_ms > 0);
	assert_int_equal(st.quota_units_per_hour, 36000); /* 1 unit every 100 ms (the test's recheck) */
	int64_t finds = yt_count("api", "broadcasts");
	assert_true(finds >= 1);
	yt_post("/_yt/live", "{\"live\": true}");
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	assert_int_equal(yt_count("api", "messages") >= 1, 1);
}

static void test_budget_slows_polling(void **state)
{
	/* 1,000 units for a 1-hour show: one list call (5 units) every 18 s.
	 * The budget is spread until the show ends or midnight Pacific, which
	 * ever comes first, so in the hour before midnight (07:00-08:00 UTC in
	 * winter) the calls come faster; in its last 90 s this waits for the
	 * new day rather than measure a spread of seconds. */
	away_from_midnight(90);
	signed_in();
	src = create_with("{\"daily_quota\": 1000, \"show_hours\": 1}");
	wait_status(LK_ES_LIVE, LK_MSG_YT_SLOWED);
	struct lk_es_status st = status_now();
	int64_t span_s = to_midnight_s();
	if (span_s >= 3600 + 60) {
		assert_true(st.quota_units_per_hour >= 950 && st.quota_units_per_hour <= 1000);
	} else {
		double per_hour = 3600.0 / (double)(span_s < 3600 ? span_s : 3600); /* the spread, per hour */
		printf("budget: %lld s to midnight Pacific: %lld units per hour\n", (long long)span_s,
		       (long long)st.quota_units_per_hour);
		assert_true((double)st.quota_units_per_hour >= 940.0 * per_hour &&
			    (double)st.quota_units_per_hour <= 1010.0 * per_hour + 1.0);
	}
	int64_t gap_ms = 5 * 3600000 / (st.quota_units_per_hour > 0 ? st.quota_units_per_hour : 1);
	int64_t polls = yt_count("api", "messages");
	lk_test_sleep_ms(500); /* the fake's interval is 50 ms: unslowed, ten polls */
	assert_true(yt_count("api", "messages") <= polls + 1 + 500 / gap_ms);
	lk_es_youtube.destroy(src);
	src = NULL;
	/* the day's count is kept in the quota file */
	json_t *q = json_load_file(quota_path, 0, NULL);
	assert_non_null(q);
	assert_true(json_integer_value(json_object_get(q, "units")) >= 6);
	json_decref(q);
}

static void test_budget_used_up(void **state)
{
	char text[LK_ES_MAX_DETAIL];

	/* the day's budget has 8 units left: the channel's name (1), the find (1) and one list (5)
	 * fit, the next list does not; written for today, so not in the last
	 * minutes of it (the connector would read it on the next day, as unused) */
	away_from_midnight(120);
	json_t *q = json_pack("{s:I, s:I}", "day", (json_int_t)lk_yt_pacific_day((int64_t)time(NULL)), "units",
			      (json_int_t)(100 - 8));
	assert_int_equal(json_dump_file(q, quota_path, 0), 0);
	json_decref(q);
	signed_in();
	src = create_with("{\"daily_quota\": 100}");
	wait_status(LK_ES_ERROR, LK_MSG_YT_BUDGET);
	snprintf(text, sizeof(text), "%s", status_now().detail);
	assert_non_null(strstr(text, "100 units"));
	assert_int_equal(yt_count("api", "messages"), 1);
}

static void test_api_key_public_stream(void **state)
{
	char extra[256];
	snprintf(extra, sizeof(extra),
		 "{\"client_id\": null, \"client_secret\": null, \"api_key\": \"%s\", \"video_id\": \"%s\"}",
		 YT_API_KEY, YT_VIDEO_ID);
	src = create_with(extra);
	assert_non_null(src);
	wait_status(LK_ES_LIVE, LK_MSG_NONE);
	add_messages("{\"type\": \"text\", \"text\": \"3\"}");
	int64_t one = 1;
	assert_true(yt_wait(comments_reach, &one));
	assert_true(yt_count("api", "videos") >= 1);
	assert_int_equal(yt_count("api", "broadcasts"), 0);
	assert_int_equal(yt_count("api", "unauthorized"), 0);
}

static void test_bad_settings(void **state)
{
	assert_null(create_with("{\"client_id\": null}"));
	assert_int_equal(status_now().state, LK_ES_ERROR);
	assert_int_equal(status_now().msg.code, LK_MSG_YT_NEED_CLIENT);
	assert_null(create_with("{\"api_base\": \"file:///etc\"}"));
	assert_int_equal(status_now().msg.code, LK_MSG_YT_BAD_BASE);
	assert_null(create_with("{\"client_secret\": \"has space\"}"));
	/* a client the fake does not know: the device flow says invalid_client */
	void *d = create_with("{\"client_id\": \"someone-else.apps.googleusercontent.com\"}");
	src = d;
	lk_es_youtube.sign_in(d);
	wait_status(LK_ES_ERROR, LK_MSG_YT_BAD_CLIENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sign_in_then_live, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_sign_in_code_shown, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_every_message_type, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_500_messages_over_pages, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_never_faster_than_interval, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rate_limited_backs_off, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_quota_exceeded_until_midnight, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_401_refreshes_once, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refresh_before_expiry, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_refresh_refused_sign_in_again, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_not_found_and_chat_end, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_waiting_without_broadcast, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_budget_slows_polling, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_budget_used_up, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_api_key_public_stream, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_settings, fx_setup, fx_teardown),
	};

	int failed = cmocka_run_group_tests_name("es-youtube", tests, yt_group_setup, yt_group_teardown);
	lk_testlog_stop("test-es-youtube.log");
	return failed;
}
