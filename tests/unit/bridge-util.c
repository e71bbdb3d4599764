/*
 * Linkon — helpers for the bridge connector tests (see bridge-util.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bridge-util.h"
#include "core/lk-gift.h"

#include <curl/curl.h>
#include <obs-module.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>

/* lk_connector_find links every connector; the Shopify one asks libobs for
 * its module's config path (for its journal), so a test program is a module */
OBS_DECLARE_MODULE()

/* ---- the server's control paths ------------------------------------------- */

static struct bt *group_bt;

static int group_setup(void **state)
{
	memset(group_bt, 0, sizeof(*group_bt));
	return lk_testsrv_start(&group_bt->srv);
}

static int group_teardown(void **state)
{
	lk_testsrv_stop(&group_bt->srv);
	return 0;
}

int bt_teardown(void **state)
{
	if (group_bt->store)
		bt_stop(group_bt);
	bt_log_capture_stop(); /* what a failed test left capturing */
	return 0;
}

int bt_run_group(const char *name, const struct CMUnitTest *tests, size_t num, struct bt *t)
{
	int failed;

	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	group_bt = t;
	bt_gifts_reset();
	failed = _cmocka_run_group_tests(name, tests, num, group_setup, group_teardown);
	bt_gifts_reset();
	lk_connector_set_gift_sink(NULL);
	curl_global_cleanup();
	if (bnum_allocs() != 0)
		fail_msg("%ld allocations leaked", bnum_allocs());
	return failed;
}

static json_t *http_json(struct bt *t, const char *path, const char *body)
{
	return lk_testsrv_json(&t->srv, path, body);
}

json_t *bt_ctl(struct bt *t, const char *path, const char *body)
{
	return http_json(t, path, body ? body : "{}");
}

void bt_ctl_ok(struct bt *t, const char *path, const char *body)
{
	json_t *doc = bt_ctl(t, path, body);

	if (!json_is_true(json_object_get(doc, "ok")))
		fail_msg("control %s %s refused", path, body ? body : "{}");
	json_decref(doc);
}

json_t *bt_stats(struct bt *t)
{
	json_t *doc = http_json(t, "/_bridge/stats", NULL);

	assert_non_null(doc);
	return doc;
}

/* ---- the connector ------------------------------------------------------------ */

void bt_start(struct bt *t, const char *reset_body, const char *extra_settings)
{
	char url[128];
	json_t *settings;

	/* the shop takes the test's token unless the test says otherwise */
	json_t *reset = json_loads(reset_body ? reset_body : "{}", 0, NULL);
	assert_non_null(reset);
	if (!json_object_get(reset, "token"))
		json_object_set_new(reset, "token", json_string(BT_TOKEN));
	char *text = json_dumps(reset, JSON_COMPACT);
	bt_ctl_ok(t, "/_bridge/reset", text);
	free(text);
	json_decref(reset);
	lk_testsrv_url(&t->srv, "", url, sizeof(url));
	settings = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "url", url, "token", BT_TOKEN, "poll_ms", 100,
			     "backoff_min_ms", 20, "backoff_max_ms", 400, "timeout_ms", 5000);
	if (extra_settings) {
		json_t *extra = json_loads(extra_settings, 0, NULL);
		assert_non_null(extra);
		json_object_update(settings, extra);
		json_decref(extra);
	}
	t->store = lk_store_create();
	t->net = lk_net_create(NULL);
	assert_non_null(t->net);
	t->info = lk_connector_find("bridge");
	assert_non_null(t->info);
	t->conn = t->info->create(t->store, t->net, settings, NULL);
	json_decref(settings);
	assert_non_null(t->conn);
}

void bt_stop(struct bt *t)
{
	if (t->conn)
		t->info->destroy(t->conn);
	t->conn = NULL;
	lk_net_destroy(t->net);
	t->net = NULL;
	lk_store_destroy(t->store);
	t->store = NULL;
}

bool bt_wait(struct bt *t, bool (*pred)(struct bt *t), int ms)
{
	int64_t end = lk_test_mono_ms() + ms;

	while (!pred(t)) {
		if (lk_test_mono_ms() > end)
			return pred(t);
		lk_test_sleep_ms(5);
	}
	return true;
}

int bt_conn_state(struct bt *t)
{
	struct lk_snapshot *s = lk_store_get(t->store);
	int state = s->status.state;

	lk_snapshot_release(s);
	return state;
}

bool bt_connected(struct bt *t)
{
	return bt_conn_state(t) == LK_CONN_CONNECTED;
}

/* ---- gifts ---------------------------------------------------------------------- */

/* A growing list of malloc'd strings (the caller holds its mutex). */
struct strlist {
	char **s;
	size_t num, cap;
};

static void strlist_push(struct strlist *l, const char *text)
{
	if (l->num == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->s = realloc(l->s, l->cap * sizeof(char *));
		assert_non_null(l->s);
	}
	l->s[l->num++] = strdup(text);
}

static void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->num; i++)
		free(l->s[i]);
	free(l->s);
	memset(l, 0, sizeof(*l));
}

static pthread_mutex_t gift_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct strlist gifts;

static int record_gift(const struct lk_gift_event *ev)
{
	pthread_mutex_lock(&gift_mutex);
	char tagged[LK_GIFT_MAX_PLATFORM + LK_GIFT_MAX_ID + 2];
	/* a gift that names its room is recorded as "platform:id" */
	snprintf(tagged, sizeof(tagged), "%s%s%s", ev->platform ? ev->platform : "", ev->platform ? ":" : "",
		 ev->id ? ev->id : "");
	strlist_push(&gifts, tagged);
	pthread_mutex_unlock(&gift_mutex);
	return 0;
}

void bt_gifts_reset(void)
{
	pthread_mutex_lock(&gift_mutex);
	strlist_free(&gifts);
	pthread_mutex_unlock(&gift_mutex);
	lk_connector_set_gift_sink(record_gift);
}

size_t bt_gifts_count(void)
{
	pthread_mutex_lock(&gift_mutex);
	size_t n = gifts.num;
	pthread_mutex_unlock(&gift_mutex);
	return n;
}

void bt_gift_id(size_t i, char *out, size_t size)
{
	pthread_mutex_lock(&gift_mutex);
	snprintf(out, size, "%s", i < gifts.num ? gifts.s[i] : "");
	pthread_mutex_unlock(&gift_mutex);
}

/* ---- logs ------------------------------------------------------------------------- */

static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct strlist logs;
static log_handler_t prev_handler;
static void *prev_param;

static void capture(int level, const char *fmt, va_list args, void *param)
{
	char line[1024];
	va_list copy;

	va_copy(copy, args);
	vsnprintf(line, sizeof(line), fmt, copy);
	va_end(copy);
	pthread_mutex_lock(&log_mutex);
	strlist_push(&logs, line);
	pthread_mutex_unlock(&log_mutex);
	if (getenv("LK_TEST_VERBOSE") && prev_handler)
		prev_handler(level, fmt, args, prev_param);
}

static bool capturing;

void bt_log_capture_start(void)
{
	base_get_log_handler(&prev_handler, &prev_param);
	base_set_log_handler(capture, NULL);
	capturing = true;
}

void bt_log_capture_stop(void)
{
	if (!capturing)
		return;
	capturing = false;
	base_set_log_handler(prev_handler, prev_param);
	pthread_mutex_lock(&log_mutex);
	strlist_free(&logs);
	pthread_mutex_unlock(&log_mutex);
}

size_t bt_log_count(const char *needle)
{
	size_t n = 0;

	pthread_mutex_lock(&log_mutex);
	for (size_t i = 0; i < logs.num; i++)
		n += strstr(logs.s[i], needle) != NULL;
	pthread_mutex_unlock(&log_mutex);
	return n;
}

size_t bt_log_lines(void)
{
	pthread_mutex_lock(&log_mutex);
	size_t n = logs.num;
	pthread_mutex_unlock(&log_mutex);
	return n;
}

bool bt_has_part(const char *text, const char *secret, size_t min)
{
	size_t n = strlen(secret);
	char part[256];

	if (!text || min > n || min >= sizeof(part))
		return false;
	for (size_t i = 0; i + min <= n; i++) {
		memcpy(part, secret + i, min);
		part[min] = '\0';
		if (strstr(text, part))
			return true;
	}
	return false;
}

size_t bt_log_count_part(const char *secret, size_t min)
{
	size_t n = 0;

	pthread_mutex_lock(&log_mutex);
	for (size_t i = 0; i < logs.num; i++)
		n += bt_has_part(logs.s[i], secret, min);
	pthread_mutex_unlock(&log_mutex);
	return n;
}
