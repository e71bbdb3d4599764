/*
 * Linkon — the event-source manager (plugin/lk-event-sources.c) with a test
 * event-source type registered by this program: a real implementation that
 * pushes gifts, comments and statuses from its own thread. Several sources
 * at once into one alert queue and one room, switched on and off while
 * events flow, status copies and the version, sources that fail to create
 * and unusable entries, changes saved to config.json, sign-in pass-through.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/lk-alerts.h"
#include "core/lk-store.h"
#include "core/lk-room.h"
#include "lk-config.h"
#include "lk-event-sources.h"
#include "net/lk-connector.h"
#include "net/lk-net.h"

#include <obs-module.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

OBS_DECLARE_MODULE()

#define WAIT_MS 30000

/* ---- the test event source ----------------------------------------------------- */

/* Settings: "count" (events per kind to send, 0 = until stopped), "fail"
 * (create publishes an error and returns NULL). Each gift id "g<k>" is sent
 * twice (an at-least-once platform); each comment "c<k>" too. */
struct tsrc {
	struct lk_es_host host;
	const char *platform;
	int64_t count;
	pthread_t thread;
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	bool stop;
	bool signing_in;
	int64_t sent;
};

static volatile long live_threads; /* threads of test sources now running */

static void tsrc_publish(struct tsrc *t, enum lk_es_state state, int64_t events)
{
	struct lk_es_status st;
	memset(&st, 0, sizeof(st));
	st.state = state;
	st.events = events;
	st.last_event_ms = events ? lk_now_ms() : 0;
	st.quota_units_per_hour = -1;
	if (state == LK_ES_SIGN_IN) {
		snprintf(st.user_code, sizeof(st.user_code), "ABCD-EFGH");
		snprintf(st.verify_url, sizeof(st.verify_url), "http://127.0.0.1/device");
	}
	snprintf(st.detail, sizeof(st.detail), "test %s", t->platform);
	t->host.publish(t->host.host_data, &st);
}

static void *tsrc_thread(void *arg)
{
	struct tsrc *t = arg;
	char id[32];

	os_atomic_inc_long(&live_threads);
	tsrc_publish(t, LK_ES_LIVE, 0);
	for (int64_t k = 1;; k++) {
		pthread_mutex_lock(&t->mutex);
		bool stop = t->stop || (t->count && k > t->count);
		pthread_mutex_unlock(&t->mutex);
		if (stop)
			break;
		snprintf(id, sizeof(id), "g%lld", (long long)k);
		struct lk_gift_event g = {.id = id, .sender_id = "u1", .sender_name = "Viewer", .gift_id = "rose",
					  .gift_name = "Rose", .value = 1, .count = 1, .platform = t->platform};
		lk_connector_push_gift(&g);
		lk_connector_push_gift(&g); /* delivered twice */
		struct lk_room_event ev = {.kind = LK_ROOM_COMMENT, .count = 1, .total = -1};
		snprintf(ev.id, sizeof(ev.id), "c%lld", (long long)k);
		snprintf(ev.platform, sizeof(ev.platform), "%s", t->platform);
		snprintf(ev.user_id, sizeof(ev.user_id), "u%lld", (long long)(k % 7));
		snprintf(ev.text, sizeof(ev.text), "hello %lld", (long long)k);
		lk_room_sink_push(&ev);
		lk_room_sink_push(&ev);
		pthread_mutex_lock(&t->mutex);
		t->sent = k * 2;
		pthread_mutex_unlock(&t->mutex);
		if (k % 50 == 0)
			tsrc_publish(t, LK_ES_LIVE, k * 2);
		if (k % 10 == 0) /* pace a little; not a synchronisation */
			os_sleep_ms(1);
	}
	pthread_mutex_lock(&t->mutex);
	int64_t sent = t->sent;
	pthread_mutex_unlock(&t->mutex);
	tsrc_publish(t, LK_ES_LIVE, sent);
	os_atomic_dec_long(&live_threads);
	return NULL;
}

static void *tsrc_create_common(const struct lk_es_host *host, json_t *settings, const char *platform)
{
	if (json_is_true(json_object_get(settings, "fail"))) {
		struct lk_es_status st;
		memset(&st, 0, sizeof(st));
		st.state = LK_ES_ERROR;
		lk_msg_set(&st.msg, LK_MSG_BRIDGE_SETTINGS, "the test says no", NULL, NULL);
		snprintf(st.detail, sizeof(st.detail), "the test says no");
		host->publish(host->host_data, &st);
		return NULL;
	}
	/* config_dir and config_path are handed in, and never saved */
	assert_non_null(json_object_get(settings, "config_dir"));
	struct tsrc *t = calloc(1, sizeof(*t));
	t->host = *host;
	t->platform = platform;
	t->count = json_integer_value(json_object_get(settings, "count"));
	pthread_mutex_init(&t->mutex, NULL);
	pthread_cond_init(&t->cond, NULL);
	pthread_create(&t->thread, NULL, tsrc_thread, t);
	return t;
}

static void tsrc_destroy(void *data)
{
	struct tsrc *t = data;
	pthread_mutex_lock(&t->mutex);
	t->stop = true;
	pthread_mutex_unlock(&t->mutex);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->mutex);
	pthread_cond_destroy(&t->cond);
	free(t);
}

static void tsrc_sign_in(void *data)
{
	tsrc_publish(data, LK_ES_SIGN_IN, 0);
}

static void tsrc_sign_out(void *data)
{
	tsrc_publish(data, LK_ES_SIGN_IN, 0);
}

static void *alpha_create(const struct lk_es_host *host, json_t *settings)
{
	return tsrc_create_common(host, settings, "alpha");
}

static void *beta_create(const struct lk_es_host *host, json_t *settings)
{
	return tsrc_create_common(host, settings, "beta");
}

static const struct lk_event_source_info test_alpha = {
	.type = "test_alpha",
	.platform = "alpha",
	.create = alpha_create,
	.destroy = tsrc_destroy,
	.sign_in = tsrc_sign_in,
	.sign_out = tsrc_sign_out,
};

static const struct lk_event_source_info test_beta = {
	.type = "test_beta",
	.platform = "beta",
	.create = beta_create,
	.destroy = tsrc_destroy,
};

/* ---- the module's side: one alert queue, one room, a net worker ------------------ */

struct fx {
	struct lk_alerts *alerts;
	struct lk_room *room;
	struct lk_net *net;
	struct lk_event_sources *es;
	char dir[64];
	char config_path[96];
};

static struct fx *g_fx; /* the sink needs it: one test at a time */
static pthread_mutex_t tag_mutex = PTHREAD_MUTEX_INITIALIZER;
static int64_t pushed_alpha, pushed_beta, pushed_other;

static int sink(const struct lk_gift_event *ev)
{
	pthread_mutex_lock(&tag_mutex);
	if (ev->platform && strcmp(ev->platform, "alpha") == 0)
		pushed_alpha++;
	else if (ev->platform && strcmp(ev->platform, "beta") == 0)
		pushed_beta++;
	else
		pushed_other++;
	pthread_mutex_unlock(&tag_mutex);
	return (int)lk_alerts_push(g_fx->alerts, ev, lk_now_ms());
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/lk-es-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->config_path, sizeof(f->config_path), "%s/config.json", f->dir);
	struct lk_alerts_config cfg;
	lk_alerts_config_default(&cfg);
	f->alerts = lk_alerts_create(&cfg);
	lk_alerts_config_free(&cfg);
	f->room = lk_room_create();
	f->net = lk_net_create(NULL);
	g_fx = f;
	pushed_alpha = pushed_beta = pushed_other = 0;
	lk_room_set_sink(f->room);
	lk_connector_set_gift_sink(sink);
	f->es = lk_event_sources_create(f->net, f->config_path, f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	lk_event_sources_destroy(f->es);
	assert_int_equal(live_threads, 0); /* every source's thread was joined */
	lk_connector_set_gift_sink(NULL);
	lk_room_set_sink(NULL);
	lk_net_destroy(f->net);
	lk_room_destroy(f->room);
	lk_alerts_destroy(f->alerts);
	unlink(f->config_path);
	rmdir(f->dir);
	g_fx = NULL;
	free(f);
	return 0;
}

/* Writes config_text as config.json (as the module would have it) and
 * starts the manager from it. */
static void start_with(struct fx *f, const char *config_text)
{
	json_error_t jerr;
	json_t *config = json_loads(config_text, 0, &jerr);
	if (!config)
		fail_msg("bad test config: %s", jerr.text);
	assert_true(lk_config_write_file(config, f->config_path));
	lk_event_sources_start(f->es, config);
	json_decref(config);
}

static bool row(struct fx *f, const char *id, struct lk_es_entry *out)
{
	return lk_event_sources_get(f->es, id, out);
}

static int64_t row_events(struct fx *f, const char *id)
{
	struct lk_es_entry e;
	return row(f, id, &e) ? e.status.events : -1;
}

static int64_t queue_events(struct fx *f)
{
	struct lk_alerts_stats st;
	lk_alerts_get_stats(f->alerts, &st, 0);
	return st.events;
}

static int64_t room_comments(struct fx *f, const char *platform)
{
	struct lk_room_counts c;
	lk_room_get_platform(f->room, platform, &c);
	return c.comments;
}

/* Polls cond every 2 ms until it holds or WAIT_MS passed. */
#define WAIT_FOR(cond)                                                                  \
	do {                                                                            \
		int64_t until_ = lk_now_ms() + WAIT_MS;                                 \
		while (!(cond) && lk_now_ms() < until_)                                 \
			os_sleep_ms(2);                                                 \
		if (!(cond))                                                            \
			fail_msg("timed out waiting for %s", #cond);                    \
	} while (0)

/* ---- tests ---------------------------------------------------------------------------- */

/* Two sources of different platforms at once: both ids "g1" … "g500", each
 * delivered twice, reach the one alert queue exactly once per (platform,
 * id), with their tags; comments likewise in the room. */
static void test_two_platforms_one_queue(void **state)
{
	struct fx *f = *state;
	start_with(f, "{\"event_sources\": [{\"type\": \"test_alpha\", \"id\": \"a\", \"count\": 500},"
		      " {\"type\": \"test_beta\", \"id\": \"b\", \"count\": 500, \"name\": \"Beta room\"}]}");
	WAIT_FOR(row_events(f, "a") == 1000 && row_events(f, "b") == 1000);
	WAIT_FOR(queue_events(f) == 1000);

	struct lk_alerts_stats st;
	lk_alerts_get_stats(f->alerts, &st, 0);
	assert_int_equal(st.events, 1000);    /* 500 ids per platform, the same ids on both */
	assert_int_equal(st.duplicates, 1000); /* every second delivery */
	pthread_mutex_lock(&tag_mutex);
	assert_int_equal(pushed_alpha, 1000);
	assert_int_equal(pushed_beta, 1000);
	assert_int_equal(pushed_other, 0);
	pthread_mutex_unlock(&tag_mutex);

	struct lk_room_counts c;
	assert_true(lk_room_get_platform(f->room, "alpha", &c));
	assert_int_equal(c.comments, 500);
	assert_int_equal(c.duplicates, 500);
	assert_true(lk_room_get_platform(f->room, "beta", &c));
	assert_int_equal(c.comments, 500);

	struct lk_es_entry rows[4];
	uint64_t v = 0;
	assert_int_equal(lk_event_sources_list(f->es, rows, 4, &v), 2);
	assert_true(v > 0);
	assert_string_equal(rows[0].id, "a");
	assert_string_equal(rows[0].type, "test_alpha");
	assert_string_equal(rows[0].platform, "alpha");
	assert_string_equal(rows[0].name, "alpha"); /* no name: the platform's */
	assert_true(rows[0].enabled && rows[0].running && rows[0].can_sign_in);
	assert_int_equal(rows[0].status.state, LK_ES_LIVE);
	assert_true(rows[0].status.last_event_ms > 0);
	assert_string_equal(rows[1].name, "Beta room");
	assert_false(rows[1].can_sign_in);
	assert_string_equal(lk_es_state_name(rows[1].status.state), "live");

	/* a smaller buffer: the count of rows, the first ones copied */
	assert_int_equal(lk_event_sources_list(f->es, rows, 1, NULL), 2);
	assert_string_equal(rows[0].id, "a");

	lk_event_sources_stop(f->es);
	assert_int_equal(live_threads, 0);
	assert_true(row(f, "a", &rows[0]));
	assert_int_equal(rows[0].status.state, LK_ES_OFF);
	assert_false(rows[0].running);
	assert_true(rows[0].enabled); /* stopping at unload is no switch */
}

/* Switching a source off while events flow: when set_enabled returns its
 * thread is gone and nothing more arrives; the other source flows on; on
 * again, it flows again. The version moves with every change. */
static void test_switch_while_flowing(void **state)
{
	struct fx *f = *state;
	start_with(f, "{\"connector\": \"demo\", \"event_sources\": [{\"type\": \"test_alpha\", \"id\": \"a\"},"
		      " {\"type\": \"test_beta\", \"id\": \"b\"}]}");
	WAIT_FOR(room_comments(f, "alpha") > 100 && room_comments(f, "beta") > 100);

	uint64_t v0 = lk_event_sources_version(f->es);
	struct lk_es_error err;
	assert_true(lk_event_sources_set_enabled(f->es, "a", false, &err));
	assert_true(lk_event_sources_version(f->es) > v0);
	assert_int_equal(live_threads, 1); /* a's thread was joined before the call returned */
	int64_t alpha_then = room_comments(f, "alpha");
	struct lk_es_entry e;
	assert_true(row(f, "a", &e));
	assert_false(e.enabled);
	assert_false(e.running);
	assert_int_equal(e.status.state, LK_ES_OFF);
	assert_int_equal(e.status.events, 0);

	/* b goes on; a stays where it stopped */
	int64_t beta_then = room_comments(f, "beta");
	WAIT_FOR(room_comments(f, "beta") > beta_then + 100);
	assert_int_equal(room_comments(f, "alpha"), alpha_then);

	/* saved: config.json has a switched off, and kept the other keys */
	json_t *saved = lk_config_read_file(f->config_path);
	assert_non_null(saved);
	assert_string_equal(json_string_value(json_object_get(saved, "connector")), "demo");
	json_t *list = json_object_get(saved, "event_sources");
	assert_int_equal(json_array_size(list), 2);
	assert_true(json_is_false(json_object_get(json_array_get(list, 0), "enabled")));
	assert_null(json_object_get(json_array_get(list, 0), "config_dir"));
	json_decref(saved);

	/* on again: its ids start again at g1, which the queue has seen: the
	 * comments' ids too; the room counts only what is new */
	assert_true(lk_event_sources_set_enabled(f->es, "a", true, &err));
	assert_true(row(f, "a", &e));
	assert_true(e.running);
	WAIT_FOR(row_events(f, "a") > 2 * alpha_then + 100);
	WAIT_FOR(room_comments(f, "alpha") > alpha_then + 50);

	/* an unknown id: refused with a code */
	assert_false(lk_event_sources_set_enabled(f->es, "nope", true, &err));
	assert_int_equal(err.msg.code, LK_MSG_ES_UNKNOWN_ID);
	assert_non_null(strstr(err.text, "nope"));
}

/* A source whose create fails, an unknown type, an entry without a type,
 * a duplicate id: each a row in error saying why; the good one runs. */
static void test_failures_are_rows(void **state)
{
	struct fx *f = *state;
	start_with(f, "{\"event_sources\": [{\"type\": \"test_alpha\", \"id\": \"bad\", \"fail\": true},"
		      " {\"type\": \"mystery\", \"id\": \"m\"}, {\"id\": \"notype\"}, 42,"
		      " {\"type\": \"test_beta\", \"id\": \"b\", \"count\": 10},"
		      " {\"type\": \"test_beta\", \"id\": \"b\"}, {\"type\": \"test_beta\", \"id\": \"off\", \"enabled\": false}]}");
	struct lk_es_entry rows[8];
	assert_int_equal(lk_event_sources_list(f->es, rows, 8, NULL), 7);

	assert_string_equal(rows[0].id, "bad");
	assert_int_equal(rows[0].status.state, LK_ES_ERROR);
	assert_string_equal(rows[0].status.detail, "the test says no"); /* the source's own words */
	assert_false(rows[0].running);

	assert_int_equal(rows[1].status.state, LK_ES_ERROR);
	assert_int_equal(rows[1].status.msg.code, LK_MSG_ES_UNKNOWN_TYPE);
	assert_non_null(strstr(rows[1].status.detail, "mystery"));
	assert_int_equal(rows[2].status.msg.code, LK_MSG_ES_BAD_ENTRY);
	assert_int_equal(rows[3].status.msg.code, LK_MSG_ES_BAD_ENTRY); /* not an object */
	assert_string_equal(rows[3].id, "entry-4");
	assert_int_equal(rows[5].status.msg.code, LK_MSG_ES_DUPLICATE_ID);

	assert_true(rows[4].running);
	WAIT_FOR(row_events(f, "b") == 20);
	assert_int_equal(rows[6].status.state, LK_ES_OFF);
	assert_false(rows[6].enabled);

	/* nothing it could not read is lost when it saves: the odd entries stay */
	struct lk_es_error err;
	assert_true(lk_event_sources_set_enabled(f->es, "off", true, &err));
	json_t *saved = lk_config_read_file(f->config_path);
	json_t *list = json_object_get(saved, "event_sources");
	assert_int_equal(json_array_size(list), 7);
	assert_int_equal(json_integer_value(json_array_get(list, 3)), 42);
	json_decref(saved);
}

/* Ids stay unique: an entry without a usable id gets its type, else
 * "entry-<n>", made unique when an entry already calls itself that. */
static void test_ids_unique(void **state)
{
	struct fx *f = *state;
	start_with(f, "{\"event_sources\": [{\"type\": \"test_beta\", \"id\": \"entry-3\", \"enabled\": false},"
		      " {\"type\": \"test_beta\", \"enabled\": false}, {\"type\": \"test_beta\", \"enabled\": false},"
		      " {\"type\": \"test_beta\", \"id\": \"bad\\u0001id\", \"enabled\": false}]}");
	struct lk_es_entry rows[4];
	assert_int_equal(lk_event_sources_list(f->es, rows, 4, NULL), 4);
	assert_string_equal(rows[0].id, "entry-3");
	assert_string_equal(rows[1].id, "test_beta");
	assert_string_equal(rows[2].id, "entry-3-2"); /* the type is taken, so is entry-3 */
	assert_string_equal(rows[3].id, "entry-4");
	for (int i = 0; i < 4; i++)
		assert_int_equal(rows[i].status.state, LK_ES_OFF);
}

/* Add, replace, remove: saved each time; replace restarts with the new
 * settings; add refuses an unknown type and a used id. */
static void test_add_replace_remove(void **state)
{
	struct fx *f = *state;
	start_with(f, "{}");
	struct lk_es_error err;

	json_t *entry = json_pack("{s:s, s:i}", "type", "test_alpha", "count", 5);
	assert_true(lk_event_sources_add(f->es, entry, &err));
	assert_false(lk_event_sources_add(f->es, entry, &err)); /* id defaults to the type: used */
	assert_int_equal(err.msg.code, LK_MSG_ES_DUPLICATE_ID);
	json_decref(entry);
	entry = json_pack("{s:s}", "type", "nope");
	assert_false(lk_event_sources_add(f->es, entry, &err));
	assert_int_equal(err.msg.code, LK_MSG_ES_UNKNOWN_TYPE);
	json_decref(entry);
	WAIT_FOR(row_events(f, "test_alpha") == 10);

	json_t *settings = json_pack("{s:i, s:s}", "count", 7, "name", "Alpha two");
	assert_true(lk_event_sources_replace(f->es, "test_alpha", settings, &err));
	json_decref(settings);
	WAIT_FOR(row_events(f, "test_alpha") == 14);
	struct lk_es_entry e;
	assert_true(row(f, "test_alpha", &e));
	assert_string_equal(e.name, "Alpha two");
	assert_string_equal(e.type, "test_alpha");

	json_t *copy = lk_event_sources_entry_config(f->es, "test_alpha");
	assert_int_equal(json_integer_value(json_object_get(copy, "count")), 7);
	assert_null(json_object_get(copy, "config_path"));
	json_decref(copy);
	json_t *saved = lk_config_read_file(f->config_path);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(saved, "event_sources"), 0),
							    "count")),
			 7);
	json_decref(saved);

	assert_true(lk_event_sources_remove(f->es, "test_alpha", &err));
	assert_int_equal(live_threads, 0);
	assert_false(row(f, "test_alpha", &e));
	assert_false(lk_event_sources_remove(f->es, "test_alpha", &err));
	saved = lk_config_read_file(f->config_path);
	assert_int_equal(json_array_size(json_object_get(saved, "event_sources")), 0);
	json_decref(saved);
}

/* sign_in / sign_out reach the running source; refused for a type without
 * sign-in and for a source switched off. */
static void test_sign_in_pass_through(void **state)
{
	struct fx *f = *state;
	start_with(f, "{\"event_sources\": [{\"type\": \"test_alpha\", \"id\": \"a\", \"count\": 1},"
		      " {\"type\": \"test_beta\", \"id\": \"b\", \"count\": 1}]}");
	struct lk_es_error err;
	struct lk_es_entry e;
	WAIT_FOR(row_events(f, "a") == 2);
	assert_true(lk_event_sources_sign_in(f->es, "a", &err));
	assert_true(row(f, "a", &e));
	assert_int_equal(e.status.state, LK_ES_SIGN_IN);
	assert_string_equal(e.status.user_code, "ABCD-EFGH");
	assert_true(lk_event_sources_sign_out(f->es, "a", &err));

	assert_false(lk_event_sources_sign_in(f->es, "b", &err));
	assert_int_equal(err.msg.code, LK_MSG_ES_NO_SIGN_IN);
	assert_true(lk_event_sources_set_enabled(f->es, "a", false, &err));
	assert_false(lk_event_sources_sign_in(f->es, "a", &err));
	assert_int_equal(err.msg.code, LK_MSG_ES_SWITCHED_OFF);
	assert_false(lk_event_sources_sign_in(f->es, "zzz", &err));
	assert_int_equal(err.msg.code, LK_MSG_ES_UNKNOWN_ID);
}

/* Readers on other threads copy the table while sources publish and the
 * main thread switches them: every copy is whole (ThreadSanitizer watches). */
struct reader {
	struct lk_event_sources *es;
	volatile long stop;
	int64_t copies;
	bool torn;
};

static void *reader_thread(void *arg)
{
	struct reader *r = arg;
	struct lk_es_entry rows[4];
	uint64_t last = 0;
	while (!os_atomic_load_long(&r->stop)) {
		uint64_t v = lk_event_sources_version(r->es);
		if (v == last)
			continue;
		size_t n = lk_event_sources_list(r->es, rows, 4, &last);
		for (size_t i = 0; i < n && i < 4; i++) {
			if (rows[i].status.state == LK_ES_LIVE && strncmp(rows[i].status.detail, "test ", 5) != 0)
				r->torn = true;
		}
		r->copies++;
	}
	return NULL;
}

static void test_readers_while_switching(void **state)
{
	struct fx *f = *state;
	start_with(f, "{\"event_sources\": [{\"type\": \"test_alpha\", \"id\": \"a\"},"
		      " {\"type\": \"test_beta\", \"id\": \"b\"}]}");
	struct reader r[2] = {{.es = f->es}, {.es = f->es}};
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, reader_thread, &r[i]);
	struct lk_es_error err;
	for (int i = 0; i < 20; i++) {
		assert_true(lk_event_sources_set_enabled(f->es, i % 2 ? "b" : "a", false, &err));
		assert_true(lk_event_sources_set_enabled(f->es, i % 2 ? "b" : "a", true, &err));
	}
	for (int i = 0; i < 2; i++)
		os_atomic_set_long(&r[i].stop, 1);
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		assert_false(r[i].torn);
		assert_true(r[i].copies > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_two_platforms_one_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_switch_while_flowing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures_are_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_replace_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_in_pass_through, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readers_while_switching, setup, teardown),
	};
	if (!lk_event_source_register(&test_alpha) || !lk_event_source_register(&test_beta))
		return 1;
	assert_false(lk_event_source_register(&test_alpha)); /* once */
	assert_non_null(lk_event_source_find("tiktok_live")); /* the built-in one */
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	lk_event_source_unregister(&test_alpha);
	lk_event_source_unregister(&test_beta);
	if (bnum_allocs() != 0) {
		fprintf(stderr, "%ld allocations leaked\n", bnum_allocs());
		failed++;
	}
	return failed;
}
