/*
 * Linkon — unit tests: the Twitch event source (net/lk-es-twitch*.c) on a
 * real net worker against the loopback Twitch fake
 * (tests/server/lkserver/twitch.py: EventSub WebSockets on two ports, Helix,
 * OAuth). Gifts and room events land in recording sinks; every fault the
 * fake can make is asserted: duplicates (also across the two sockets of a
 * session_reconnect), keepalive silence, close codes 4001/4003/4004/4007,
 * dropped sockets, revocation, token expiry mid-show (Helix 401 → refresh →
 * retry), 429 with Ratelimit-Reset, 403 scope missing, 409, device sign-in.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/lk-gift.h"
#include "core/lk-room.h"
#include "lk-testsrv.h"
#include "net/lk-connector.h"
#include "net/lk-event-source.h"
#include "net/lk-net.h"

#include <curl/curl.h>
#include <jansson.h>
#include <obs-module.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

OBS_DECLARE_MODULE()

#define WAIT_MS 60000
#define CLIENT_ID "linkon-test-client"

static struct lk_testsrv srv;
static struct lk_net *net;
static char tokens_path[512];
static char ws_url[128];

/* ---- recording sinks and status -------------------------------------------------- */

#define MAX_REC 8192
struct rec {
	char id[LK_ROOM_MAX_ID + 1];
	int kind; /* 0 = gift, else lk_room_kind */
	int64_t value, count;
	char sender[LK_ROOM_MAX_NAME + 1];
	bool has_sender;
	char text[64];
};
static pthread_mutex_t rec_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct rec recs[MAX_REC];
static int num_recs;
static int untagged;

static int record_gift(const struct lk_gift_event *ev)
{
	pthread_mutex_lock(&rec_mutex);
	if (num_recs < MAX_REC) {
		struct rec *r = &recs[num_recs++];
		memset(r, 0, sizeof(*r));
		snprintf(r->id, sizeof(r->id), "%s", ev->id ? ev->id : "");
		r->value = ev->value;
		r->count = ev->count;
		r->has_sender = ev->sender_id != NULL;
		snprintf(r->sender, sizeof(r->sender), "%s", ev->sender_name ? ev->sender_name : "");
		snprintf(r->text, sizeof(r->text), "%s", ev->gift_id ? ev->gift_id : "");
	}
	untagged += !ev->platform || strcmp(ev->platform, "twitch") != 0;
	pthread_mutex_unlock(&rec_mutex);
	return 0;
}

static struct lk_room *room;

static struct lk_room_counts room_counts(void)
{
	struct lk_room_counts c;
	lk_room_get_platform(room, "twitch", &c);
	return c;
}

static int recs_now(void)
{
	pthread_mutex_lock(&rec_mutex);
	int n = num_recs;
	pthread_mutex_unlock(&rec_mutex);
	return n;
}

/* How many records have this id (0 = lost, 2+ = doubled). */
static int recs_with(const char *id)
{
	int n = 0;
	pthread_mutex_lock(&rec_mutex);
	for (int i = 0; i < num_recs; i++)
		n += !strcmp(recs[i].id, id);
	pthread_mutex_unlock(&rec_mutex);
	return n;
}

static bool rec_of(const char *id, struct rec *out)
{
	bool found = false;
	pthread_mutex_lock(&rec_mutex);
	for (int i = 0; i < num_recs && !found; i++)
		if (!strcmp(recs[i].id, id)) {
			*out = recs[i];
			found = true;
		}
	pthread_mutex_unlock(&rec_mutex);
	return found;
}

static pthread_mutex_t st_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct lk_es_status last_st;
static int seen_states[8];
static int seen_codes[LK_MSG_COUNT];
static int seen_why[LK_MSG_COUNT];

static void publish(void *data, const struct lk_es_status *st)
{
	(void)data;
	pthread_mutex_lock(&st_mutex);
	/* a status copy that names no secret */
	assert_null(strstr(st->detail, "at-"));
	assert_null(strstr(st->detail, "rt-"));
	if (last_st.state != st->state || last_st.msg.code != st->msg.code) {
		seen_states[st->state]++;
		seen_codes[st->msg.code]++;
		seen_why[st->msg.arg_code[0]]++;
	}
	last_st = *st;
	pthread_mutex_unlock(&st_mutex);
}

static struct lk_es_status status_now(void)
{
	pthread_mutex_lock(&st_mutex);
	struct lk_es_status st = last_st;
	pthread_mutex_unlock(&st_mutex);
	return st;
}

static int seen_state(enum lk_es_state s)
{
	pthread_mutex_lock(&st_mutex);
	int n = seen_states[s];
	pthread_mutex_unlock(&st_mutex);
	return n;
}

static int seen_code(enum lk_msg_code c)
{
	pthread_mutex_lock(&st_mutex);
	int n = seen_codes[c];
	pthread_mutex_unlock(&st_mutex);
	return n;
}

static int seen_reason(enum lk_msg_code c)
{
	pthread_mutex_lock(&st_mutex);
	int n = seen_why[c];
	pthread_mutex_unlock(&st_mutex);
	return n;
}

static void reset_records(void)
{
	lk_room_clear(room);
	pthread_mutex_lock(&rec_mutex);
	num_recs = 0;
	untagged = 0;
	pthread_mutex_unlock(&rec_mutex);
	pthread_mutex_lock(&st_mutex);
	memset(&last_st, 0, sizeof(last_st));
	memset(seen_states, 0, sizeof(seen_states));
	memset(seen_codes, 0, sizeof(seen_codes));
	memset(seen_why, 0, sizeof(seen_why));
	pthread_mutex_unlock(&st_mutex);
}

/* ---- the fake ---------------------------------------------------------------------- */

static json_t *ctl(const char *op, const char *body)
{
	char path[64];
	snprintf(path, sizeof(path), "/_twitch/%s", op);
	json_t *j = lk_testsrv_json(&srv, path, body ? body : "{}");
	assert_non_null(j);
	return j;
}

static int64_t counter(const char *name)
{
	json_t *j = ctl("state", NULL);
	int64_t v = json_integer_value(json_object_get(json_object_get(j, "counters"), name));
	json_decref(j);
	return v;
}

static int64_t num_subs(void)
{
	json_t *j = ctl("state", NULL);
	int64_t v = (int64_t)json_array_size(json_object_get(j, "subs"));
	json_decref(j);
	return v;
}

static bool notify(const char *type, const char *id, const char *event_json, bool dup)
{
	char body[4096];
	snprintf(body, sizeof(body), "{\"type\":\"%s\",\"id\":\"%s\",\"dup\":%s,\"wait_s\":5%s%s}", type, id,
		 dup ? "true" : "false", event_json ? ",\"event\":" : "", event_json ? event_json : "");
	json_t *j = ctl("notify", body);
	bool ok = json_is_true(json_object_get(j, "delivered"));
	json_decref(j);
	return ok;
}

static void setup_fake(const char *cfg)
{
	json_t *j = ctl("setup", cfg);
	snprintf(ws_url, sizeof(ws_url), "%s", json_string_value(json_object_get(j, "url")));
	json_decref(j);
}

static void write_tokens(const char *at, const char *rt)
{
	FILE *f = fopen(tokens_path, "w");
	assert_non_null(f);
	fprintf(f, "{\"client_id\":\"%s\",\"access_token\":\"%s\",\"refresh_token\":\"%s\"}", CLIENT_ID, at, rt);
	fclose(f);
}

static void *cur_src; /* the running source: the per-test teardown stops it after a failure */

static void stop_source(void *src)
{
	lk_es_twitch.destroy(src);
	if (src == cur_src)
		cur_src = NULL;
}

static int test_teardown(void **state)
{
	(void)state;
	if (cur_src)
		stop_source(cur_src);
	return 0;
}

static int64_t validate_every_ms = 3600000;

static void *start_source(void)
{
	char base[128], helix[160];
	lk_testsrv_url(&srv, "", base, sizeof(base));
	snprintf(helix, sizeof(helix), "%s/helix", base);
	json_t *s =
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:I}", "client_id", CLIENT_ID, "eventsub_url", ws_url,
			  "helix_base", helix, "auth_base", base, "tokens_path", tokens_path, "retry_min_ms", 50,
			  "keepalive_grace_ms", 500, "validate_every_ms", (json_int_t)validate_every_ms);
	struct lk_es_host host = {net, publish, NULL};
	void *src = lk_es_twitch.create(&host, s);
	json_decref(s);
	assert_non_null(src);
	cur_src = src;
	return src;
}

#define WAIT_FOR(cond)                                                \
	do {                                                          \
		int64_t until_ = lk_test_mono_ms() + WAIT_MS;         \
		while (!(cond) && lk_test_mono_ms() < until_)         \
			lk_test_sleep_ms(20);                         \
		if (!(cond))                                          \
			fail_msg("timed out waiting for: %s", #cond); \
	} while (0)

static bool is_live(void)
{
	return status_now().state == LK_ES_LIVE;
}

static void *start_live(const char *cfg)
{
	reset_records();
	setup_fake(cfg);
	write_tokens("at-0", "rt-0");
	void *src = start_source();
	WAIT_FOR(is_live() && num_subs() == 7);
	return src;
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_events_map(void **state)
{
	(void)state;
	void *src = start_live("{\"keepalive_s\":10}");
	struct rec r;
	struct lk_es_status st = status_now();

	assert_string_equal(st.account, "linkonshop");
	assert_int_equal(st.msg.code, LK_MSG_TWITCH_LIVE);
	assert_int_equal(counter("subscribed"), 7);

	assert_true(notify("channel.cheer", "cheer-1", NULL, false));
	/* anonymous cheer: null users */
	assert_true(notify("channel.cheer", "cheer-anon",
			   "{\"is_anonymous\":true,\"user_id\":null,\"user_login\":null,\"user_name\":null,"
			   "\"broadcaster_user_id\":\"1001\",\"message\":\"\",\"bits\":250}",
			   false));
	/* a community gift of 5: one gift, then five is_gift subscribes that add nothing */
	assert_true(notify("channel.subscription.gift", "gift-1", NULL, false));
	for (int i = 0; i < 5; i++) {
		char id[32];
		snprintf(id, sizeof(id), "gifted-%d", i);
		assert_true(notify("channel.subscribe", id,
				   "{\"user_id\":\"r\",\"user_login\":\"r\",\"user_name\":\"R\",\"tier\":\"1000\","
				   "\"is_gift\":true}",
				   false));
	}
	assert_true(notify("channel.chat.message", "chat-env-1",
			   "{\"chatter_user_id\":\"v9\",\"chatter_user_login\":\"v9\",\"chatter_user_name\":\"Vee\","
			   "\"message_id\":\"chatmsg-1\",\"message\":{\"text\":\"3\",\"fragments\":[]}}",
			   false));
	assert_true(notify("channel.follow", "follow-1", NULL, false));
	assert_true(notify("channel.raid", "raid-1", NULL, false));
	assert_true(notify("channel.subscription.message", "resub-1", NULL, false));
	/* the same message_id twice on one socket */
	assert_true(notify("channel.cheer", "cheer-dup", NULL, true));
	assert_true(notify("channel.subscribe", "sub-1", NULL, false));

	WAIT_FOR(recs_with("sub-1") == 1 && recs_with("cheer-dup") == 1);
	assert_true(rec_of("cheer-1", &r));
	assert_string_equal(r.text, "bits");
	assert_int_equal(r.value, 1 % 7 + 1);
	assert_true(r.has_sender);
	assert_true(rec_of("cheer-anon", &r));
	assert_false(r.has_sender);
	assert_string_equal(r.sender, "");
	assert_int_equal(r.value, 250);
	assert_true(rec_of("gift-1", &r));
	assert_int_equal(r.count, 5);
	assert_string_equal(r.text, "gift_sub_tier1");
	for (int i = 0; i < 5; i++) {
		char id[32];
		snprintf(id, sizeof(id), "gifted-%d", i);
		assert_int_equal(recs_with(id), 0);
	}
	WAIT_FOR(room_counts().raids == 1);
	struct lk_room_counts c = room_counts();
	assert_int_equal(c.comments, 1);
	assert_int_equal(c.follows, 1);
	assert_int_equal(c.raid_viewers, 42);
	assert_int_equal(c.duplicates, 0);
	struct lk_room_comment com;
	assert_int_equal(lk_room_get_comments(room, &com, 1), 1);
	assert_string_equal(com.text, "3");
	assert_string_equal(com.user_name, "Vee");
	assert_string_equal(com.user_id, "v9");
	assert_string_equal(com.platform, "twitch");
	assert_true(rec_of("resub-1", &r));
	assert_string_equal(r.text, "resub_tier2");
	assert_int_equal(recs_with("cheer-dup"), 1);
	assert_int_equal(counter("duplicates_sent"), 1);
	assert_int_equal(untagged, 0);
	/* 9 events taken (the gifted subscribes and the duplicate are not events) */
	WAIT_FOR(status_now().events == 9);
	assert_true(status_now().last_event_ms > 0);
	/* the client never sent a data frame (EventSub would close it 4001) */
	assert_int_equal(counter("client_data_frames"), 0);
	stop_source(src);
}

/* 1000 events with a session_reconnect, a dropped TCP connection and a close
 * 4000, every 7th delivered twice: 0 lost, 0 doubled at the sinks. */
static void test_thousand_exactly_once(void **state)
{
	(void)state;
	void *src = start_live("{\"keepalive_s\":10}");

	json_decref(ctl("burst", "{\"id\":\"k\",\"n\":1000,\"dup_every\":7,\"reconnect_at\":300,\"drop_at\":[500],"
				 "\"close_at\":[800],\"code\":4000}"));
	bool done = false;
	int64_t until = lk_test_mono_ms() + 4 * WAIT_MS;
	while (!done && lk_test_mono_ms() < until) {
		json_t *j = ctl("state", NULL);
		json_t *b = json_object_get(json_object_get(j, "bursts"), "k");
		done = json_is_true(json_object_get(b, "done"));
		assert_true(json_is_null(json_object_get(b, "failed")));
		json_decref(j);
		if (!done)
			lk_test_sleep_ms(100);
	}
	assert_true(done);
	int64_t until2 = lk_test_mono_ms() + WAIT_MS;
	while (!(recs_now() >= 334 && room_counts().comments + room_counts().follows >= 666) &&
	       lk_test_mono_ms() < until2)
		lk_test_sleep_ms(20);
	if (recs_now() < 334 || room_counts().comments + room_counts().follows < 666) {
		json_t *j = ctl("state", NULL);
		char *dump = json_dumps(j, JSON_COMPACT);
		fprintf(stderr, "fake state: %s\nrecs %d comments %lld follows %lld dup %lld\n", dump, recs_now(),
			(long long)room_counts().comments, (long long)room_counts().follows,
			(long long)room_counts().duplicates);
		free(dump);
		json_decref(j);
		for (int i = 0; i < 1000; i += 3) {
			char id[64];
			snprintf(id, sizeof(id), "bk-%d", i);
			if (recs_with(id) != 1)
				fprintf(stderr, " %s", id);
		}
		fprintf(stderr, "\n");
		fail();
	}
	lk_test_sleep_ms(300); /* a doubled delivery would show up now */

	/* gifts (cheers, i % 3 == 0): each id once */
	int lost = 0, doubled = 0;
	for (int i = 0; i < 1000; i += 3) {
		char id[64];
		snprintf(id, sizeof(id), "bk-%d", i);
		int n = recs_with(id);
		lost += n == 0;
		doubled += n > 1;
	}
	assert_int_equal(lost, 0);
	assert_int_equal(doubled, 0);
	assert_int_equal(recs_now(), 334);
	/* room (chats and follows): all taken, none offered twice */
	struct lk_room_counts c = room_counts();
	assert_int_equal(c.comments, 333);
	assert_int_equal(c.follows, 333);
	assert_int_equal(c.duplicates, 0);
	/* the reconnect moved the subscriptions (no resubscribe: no 409); the drop and
	 * the close each needed a new socket and seven new subscriptions */
	assert_int_equal(counter("reconnected"), 1);
	assert_int_equal(counter("helix_409"), 0);
	assert_int_equal(counter("subscribed"), 21);
	assert_true(counter("duplicates_sent") >= 142);
	assert_true(seen_state(LK_ES_RETRY) >= 2);
	assert_true(seen_reason(LK_MSG_TWITCH_WHY_SERVER) >= 1);
	WAIT_FOR(is_live());
	stop_source(src);
}

/* session_reconnect: one message_id on the old socket and again on the new one. */
static void test_reconnect_duplicate_across_sockets(void **state)
{
	(void)state;
	void *src = start_live("{\"keepalive_s\":10}");

	json_t *j = ctl("reconnect", "{\"dup_id\":\"across-1\"}");
	assert_int_equal(json_integer_value(json_object_get(j, "sent")), 1);
	json_decref(j);
	WAIT_FOR(counter("reconnected") == 1 && counter("client_close_1000") == 1);
	assert_true(notify("channel.cheer", "after-move", NULL, false));
	WAIT_FOR(recs_with("after-move") == 1);
	assert_int_equal(recs_with("across-1"), 1);
	assert_int_equal(counter("duplicates_sent"), 1);
	/* the new socket is on the second port, and nothing was subscribed again */
	json_t *s = ctl("state", NULL);
	json_t *sessions = json_object_get(s, "sessions");
	assert_int_equal(json_array_size(sessions), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(sessions, 0), "port")),
			 json_integer_value(json_array_get(json_object_get(s, "ports"), 1)));
	json_decref(s);
	assert_int_equal(counter("subscribed"), 7);
	assert_int_equal(counter("helix_posts"), 7);
	assert_true(is_live());
	stop_source(src);
}

static void test_keepalive_silence(void **state)
{
	(void)state;
	void *src = start_live("{\"keepalive_s\":1}");

	json_decref(ctl("silence", NULL));
	/* no keepalive for 1 s + 0.5 s grace: a new socket, subscribed again */
	WAIT_FOR(counter("subscribed") == 14 && is_live());
	assert_true(seen_reason(LK_MSG_TWITCH_WHY_SILENT) >= 1);
	assert_true(counter("connections") >= 2);
	assert_true(notify("channel.cheer", "after-silence", NULL, false));
	WAIT_FOR(recs_with("after-silence") == 1);
	stop_source(src);
}

static void test_close_codes(void **state)
{
	(void)state;
	void *src = start_live("{\"keepalive_s\":10}");
	static const struct {
		int code;
		enum lk_msg_code why;
	} cases[] = {
		{4001, LK_MSG_TWITCH_WHY_REFUSED}, {4003, LK_MSG_TWITCH_WHY_REFUSED}, {4004, LK_MSG_TWITCH_WHY_MOVE},
		{4007, LK_MSG_TWITCH_WHY_MOVE},    {4000, LK_MSG_TWITCH_WHY_SERVER},  {4005, LK_MSG_TWITCH_WHY_NETWORK},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char body[64];
		snprintf(body, sizeof(body), "{\"code\":%d}", cases[i].code);
		int before = seen_reason(cases[i].why);
		json_decref(ctl("close", body));
		WAIT_FOR(seen_reason(cases[i].why) > before);
		struct lk_es_status st = status_now();
		if (st.state == LK_ES_RETRY) {
			assert_int_equal(st.msg.code, LK_MSG_TWITCH_RETRYING);
			assert_true(st.retry_at_ms > 0);
			char code[16];
			snprintf(code, sizeof(code), "%d", cases[i].code);
			assert_non_null(strstr(st.detail, code));
		}
		WAIT_FOR(is_live() && num_subs() == 7);
	}
	/* a socket dropped without a close frame */
	json_decref(ctl("drop", NULL));
	WAIT_FOR(seen_reason(LK_MSG_TWITCH_WHY_DROPPED) >= 1);
	WAIT_FOR(is_live() && num_subs() == 7);
	stop_source(src);
}

/* Twitch's own 4003: no subscription within the keepalive window. */
static void test_unused_4003(void **state)
{
	(void)state;
	reset_records();
	setup_fake("{\"keepalive_s\":1}");
	json_decref(ctl("helix_delay", "{\"s\":2.5}"));
	write_tokens("at-0", "rt-0");
	void *src = start_source();
	WAIT_FOR(counter("close_4003") >= 1);
	json_decref(ctl("helix_delay", "{\"s\":0}"));
	WAIT_FOR(is_live() && num_subs() == 7);
	stop_source(src);
}

static void test_revocation(void **state)
{
	(void)state;
	void *src = start_live("{\"keepalive_s\":10}");

	json_t *j = ctl("revoke", "{\"type\":\"channel.follow\",\"status\":\"authorization_revoked\"}");
	assert_true(json_is_true(json_object_get(j, "sent")));
	json_decref(j);
	WAIT_FOR(status_now().state == LK_ES_ERROR);
	struct lk_es_status st = status_now();
	assert_int_equal(st.msg.code, LK_MSG_TWITCH_REVOKED);
	assert_non_null(strstr(st.detail, "channel.follow"));
	/* stopped: its socket closed, no new one */
	WAIT_FOR(num_subs() == 0);
	lk_test_sleep_ms(500);
	assert_int_equal(counter("connections"), 1);
	stop_source(src);

	src = start_live("{\"keepalive_s\":10}");
	json_decref(ctl("revoke", "{\"type\":\"channel.cheer\",\"status\":\"user_removed\"}"));
	WAIT_FOR(status_now().msg.code == LK_MSG_TWITCH_USER_REMOVED);
	assert_int_equal(status_now().state, LK_ES_ERROR);
	stop_source(src);
}

/* The token expires mid-show: the next Helix call answers 401, the source
 * refreshes once (single-use refresh token, saved 0600) and carries on. */
static void test_token_expiry(void **state)
{
	(void)state;
	void *src = start_live("{\"keepalive_s\":10}");

	json_decref(ctl("expire_token", NULL));
	json_decref(ctl("drop", NULL));
	WAIT_FOR(counter("refreshes") == 1 && counter("subscribed") == 14 && is_live());
	assert_true(counter("helix_401") >= 1);

	size_t len = 0;
	char *text = lk_test_read_file(tokens_path, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"access_token\": \"at-1\""));
	assert_non_null(strstr(text, "\"refresh_token\": \"rt-1\""));
	assert_non_null(strstr(text, "\"user_id\": \"1001\""));
	free(text);
	struct stat sb;
	assert_int_equal(stat(tokens_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* the old refresh token is spent */
	json_t *j = lk_testsrv_json(&srv, "/oauth2/token",
				    "grant_type=refresh_token&refresh_token=rt-0&client_id=" CLIENT_ID);
	assert_string_equal(json_string_value(json_object_get(j, "message")), "Invalid refresh token");
	json_decref(j);
	stop_source(src);

	/* the hourly validation (here every 300 ms) finds the token expired while
	 * live: refreshed without a drop, the socket stays */
	validate_every_ms = 300;
	src = start_live("{\"keepalive_s\":10}");
	int64_t connections = counter("connections");
	json_decref(ctl("expire_token", NULL));
	WAIT_FOR(counter("refreshes") == 1);
	WAIT_FOR(is_live() && counter("validates") >= 3);
	assert_int_equal(counter("connections"), connections);
	assert_int_equal(counter("subscribed"), 7);
	assert_true(notify("channel.cheer", "after-validate", NULL, false));
	WAIT_FOR(recs_with("after-validate") == 1);
	stop_source(src);
	validate_every_ms = 3600000;

	/* a token that cannot be refreshed: sign in again, in words */
	reset_records();
	setup_fake("{\"keepalive_s\":10}");
	write_tokens("at-gone", "rt-gone");
	src = start_source();
	WAIT_FOR(status_now().state == LK_ES_SIGN_IN);
	assert_int_equal(status_now().msg.code, LK_MSG_TWITCH_AUTH);
	assert_non_null(strstr(status_now().detail, "Invalid refresh token"));
	assert_int_equal(counter("refresh_refused"), 1);
	stop_source(src);
}

static void test_helix_errors(void **state)
{
	(void)state;
	/* 429: wait for Ratelimit-Reset, then go on where it stopped */
	reset_records();
	setup_fake("{\"keepalive_s\":10}");
	json_decref(ctl("helix_fault", "{\"status\":429,\"times\":1,\"reset_in_s\":1}"));
	write_tokens("at-0", "rt-0");
	void *src = start_source();
	WAIT_FOR(is_live() && num_subs() == 7);
	assert_int_equal(counter("helix_fault_429"), 1);
	assert_true(seen_code(LK_MSG_TWITCH_RATE_LIMITED) >= 1);
	assert_int_equal(counter("helix_posts"), 8);

	/* 409 (a subscription that exists already) is not an error */
	json_decref(ctl("helix_fault", "{\"status\":409,\"times\":2}"));
	json_decref(ctl("drop", NULL));
	WAIT_FOR(counter("helix_fault_409") == 2 && is_live());
	assert_int_equal(status_now().msg.code, LK_MSG_TWITCH_LIVE);
	stop_source(src);

	/* 403: the permission is named, the rest flows */
	reset_records();
	setup_fake("{\"keepalive_s\":10}");
	json_decref(ctl("scopes", "{\"scopes\":[\"bits:read\",\"channel:read:subscriptions\","
				  "\"moderator:read:followers\"]}"));
	write_tokens("at-0", "rt-0");
	src = start_source();
	WAIT_FOR(is_live() && num_subs() == 6);
	struct lk_es_status st = status_now();
	assert_int_equal(st.msg.code, LK_MSG_TWITCH_SCOPE);
	assert_non_null(strstr(st.detail, "user:read:chat"));
	assert_non_null(strstr(st.detail, "channel.chat.message"));
	assert_true(notify("channel.cheer", "scoped-cheer", NULL, false));
	WAIT_FOR(recs_with("scoped-cheer") == 1);
	stop_source(src);
}

static void test_device_sign_in(void **state)
{
	(void)state;
	reset_records();
	setup_fake("{\"keepalive_s\":10,\"pending\":2,\"interval_s\":1}");
	remove(tokens_path);
	void *src = start_source();
	WAIT_FOR(status_now().state == LK_ES_SIGN_IN);
	assert_int_equal(status_now().msg.code, LK_MSG_TWITCH_SIGN_IN);

	lk_es_twitch.sign_in(src);
	WAIT_FOR(status_now().user_code[0] != '\0');
	struct lk_es_status st = status_now();
	assert_int_equal(st.state, LK_ES_SIGN_IN);
	assert_string_equal(st.user_code, "LKTWITCH");
	assert_non_null(strstr(st.verify_url, "twitch.tv/activate"));
	assert_int_equal(st.msg.code, LK_MSG_TWITCH_CODE);
	/* two pending answers, then the tokens */
	WAIT_FOR(is_live() && num_subs() == 7);
	assert_int_equal(counter("device_polls"), 3);
	assert_string_equal(status_now().user_code, "");
	struct stat sb;
	assert_int_equal(stat(tokens_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	/* sign out: tokens gone, the socket closed */
	lk_es_twitch.sign_out(src);
	WAIT_FOR(status_now().state == LK_ES_SIGN_IN && num_subs() == 0);
	assert_int_not_equal(stat(tokens_path, &sb), 0);
	stop_source(src);
}

static void test_bad_settings(void **state)
{
	(void)state;
	struct lk_es_host host = {net, publish, NULL};
	reset_records();
	json_t *s = json_pack("{s:s}", "eventsub_url", "ws://127.0.0.1:1/ws");
	assert_null(lk_es_twitch.create(&host, s));
	assert_int_equal(status_now().msg.code, LK_MSG_TWITCH_NEED_CLIENT);
	assert_int_equal(status_now().state, LK_ES_ERROR);
	json_decref(s);
	s = json_pack("{s:s, s:s}", "client_id", CLIENT_ID, "eventsub_url", "http://127.0.0.1:1/ws");
	assert_null(lk_es_twitch.create(&host, s));
	assert_int_equal(status_now().msg.code, LK_MSG_TWITCH_BAD_URL);
	json_decref(s);
	/* nothing listens: retries with back-off, never blocks destroy */
	reset_records();
	setup_fake("{}");
	snprintf(ws_url, sizeof(ws_url), "ws://127.0.0.1:1/ws");
	write_tokens("at-0", "rt-0");
	void *src = start_source();
	WAIT_FOR(seen_state(LK_ES_RETRY) >= 2);
	assert_true(seen_reason(LK_MSG_TWITCH_WHY_UNREACHABLE) >= 1);
	int64_t t0 = lk_test_mono_ms();
	stop_source(src);
	assert_true(lk_test_mono_ms() - t0 < 10000);
}

static int group_setup(void **state)
{
	(void)state;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || lk_testsrv_start(&srv) != 0)
		return -1;
	lk_testsrv_path(&srv, "twitch-tokens.json", tokens_path, sizeof(tokens_path));
	net = lk_net_create(NULL);
	room = lk_room_create();
	lk_connector_set_gift_sink(record_gift);
	lk_room_set_sink(room);
	return net ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	lk_connector_set_gift_sink(NULL);
	lk_room_set_sink(NULL);
	lk_net_destroy(net);
	lk_room_destroy(room);
	lk_testsrv_stop(&srv);
	curl_global_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_events_map, test_teardown),
		cmocka_unit_test_teardown(test_thousand_exactly_once, test_teardown),
		cmocka_unit_test_teardown(test_reconnect_duplicate_across_sockets, test_teardown),
		cmocka_unit_test_teardown(test_keepalive_silence, test_teardown),
		cmocka_unit_test_teardown(test_close_codes, test_teardown),
		cmocka_unit_test_teardown(test_unused_4003, test_teardown),
		cmocka_unit_test_teardown(test_revocation, test_teardown),
		cmocka_unit_test_teardown(test_token_expiry, test_teardown),
		cmocka_unit_test_teardown(test_helix_errors, test_teardown),
		cmocka_unit_test_teardown(test_device_sign_in, test_teardown),
		cmocka_unit_test_teardown(test_bad_settings, test_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
