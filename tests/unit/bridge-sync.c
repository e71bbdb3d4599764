/*
 * Linkon — the bridge connector against the loopback bridge: catalog and
 * live state converge after every fault, the store keeps the last good
 * state meanwhile, the status says what happens, Retry-After is honoured,
 * the clock follows the server, a refused token stops everything.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bridge-util.h"
#include "core/lk-redact.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <util/bmem.h>

static struct bt t;

/* ---- what the store went through (a listener, on the worker thread) ------ */

#define MAX_SEEN 4096

static struct {
	pthread_mutex_t mutex;
	int states[MAX_SEEN];
	int64_t retry[MAX_SEEN];
	bool secret_in_message;
	const char *secret; /* also any 8-byte part of this one (NULL = none) */
	size_t num;
	size_t min_products; /* once the first catalog was in */
	bool synced;
} seen = {.mutex = PTHREAD_MUTEX_INITIALIZER};

static void watch(void *data, uint64_t version)
{
	struct lk_snapshot *s = lk_store_get(data);

	pthread_mutex_lock(&seen.mutex);
	if (seen.num < MAX_SEEN && (!seen.num || seen.states[seen.num - 1] != (int)s->status.state)) {
		seen.states[seen.num] = s->status.state;
		seen.retry[seen.num++] = s->status.next_retry_ms;
	}
	if (s->status.message && strstr(s->status.message, BT_TOKEN))
		seen.secret_in_message = true;
	if (seen.secret && bt_has_part(s->status.message, seen.secret, 8))
		seen.secret_in_message = true;
	if (seen.synced && s->num_products < seen.min_products)
		seen.min_products = s->num_products;
	pthread_mutex_unlock(&seen.mutex);
	lk_snapshot_release(s);
}

static void watch_start(size_t products)
{
	pthread_mutex_lock(&seen.mutex);
	seen.num = 0;
	seen.synced = true;
	seen.min_products = products;
	seen.secret_in_message = false;
	pthread_mutex_unlock(&seen.mutex);
}

/* True when state came up (with a retry time) since watch_start. */
static bool went_through(int state)
{
	bool found = false;

	pthread_mutex_lock(&seen.mutex);
	for (size_t i = 0; i < seen.num && !found; i++)
		found = seen.states[i] == state && seen.retry[i] > 0;
	pthread_mutex_unlock(&seen.mutex);
	return found;
}

/* ---- predicates ------------------------------------------------------------- */

static int64_t requests(const char *path)
{
	json_t *st = bt_stats(&t);
	int64_t v = json_integer_value(json_object_get(json_object_get(st, "requests"), path));
	json_decref(st);
	return v;
}

static bool faults_used(struct bt *b)
{
	json_t *st = bt_stats(&t);
	json_t *left = json_object_get(st, "faults_left");
	const char *k;
	json_t *v;
	bool none = true;

	json_object_foreach(left, k, v) none = none && json_integer_value(v) == 0;
	json_decref(st);
	return none;
}

static int want_state;

static bool showed_want_state(struct bt *b)
{
	return went_through(want_state);
}

/* Every fault was served, the status showed want (with a retry time), and
 * the connector is connected again. */
static bool recovered_via(int want)
{
	want_state = want;
	return bt_wait(&t, faults_used, BT_WAIT_MS) && bt_wait(&t, showed_want_state, BT_WAIT_MS) &&
	       bt_wait(&t, bt_connected, BT_WAIT_MS);
}

/* The store holds what the server has: catalog, cart and pin. */
static int64_t want_polls;

static bool polled_enough(struct bt *b)
{
	return requests("/v1/state") >= want_polls;
}

static bool converged(struct bt *b)
{
	json_t *st = bt_stats(b);
	struct lk_snapshot *s = lk_store_get(b->store);
	json_t *cart = json_object_get(st, "cart");
	const char *pinned = json_string_value(json_object_get(st, "pinned"));
	bool ok = s->num_cart == json_array_size(cart) &&
		  (pinned ? s->pinned && strcmp(s->pinned->id, pinned) == 0 : !s->pinned);

	for (size_t i = 0; ok && i < s->num_cart; i++)
		ok = strcmp(s->cart[i]->id, json_string_value(json_array_get(cart, i))) == 0;
	lk_snapshot_release(s);
	json_decref(st);
	return ok;
}

/* converged, and one product as a mutation set it: the stream brings the
 * pin, the cart and the stock as separate events, and a price only with the
 * catalog refetched after them, so converged (pin and cart) can come first.
 * want.id NULL: converged alone; a field < 0: not checked. */
static struct {
	const char *id;
	int64_t stock, sold, price;
} want;

static bool converged_with_want(struct bt *b)
{
	if (!converged(b))
		return false;
	if (!want.id)
		return true;
	struct lk_snapshot *s = lk_store_get(b->store);
	const struct lk_product *p = lk_snapshot_find(s, want.id);
	bool ok = p && (want.stock < 0 || p->stock == want.stock) && (want.sold < 0 || p->sold == want.sold) &&
		  (want.price < 0 || p->price == want.price);
	lk_snapshot_release(s);
	return ok;
}

static void start_watched(const char *reset, const char *extra)
{
	bt_start(&t, reset, extra);
	lk_store_add_listener(t.store, watch, t.store);
}

static void stop_watched(void)
{
	lk_store_remove_listener(t.store, watch, t.store);
	bt_stop(&t);
}

/* After a failed test too: nothing may keep talking to the server. */
static int teardown(void **state)
{
	if (t.store)
		stop_watched();
	bt_log_capture_stop(); /* what a failed test left capturing */
	return 0;
}

/* ---- tests --------------------------------------------------------------------- */

static bool catalog_fetched_twice(struct bt *b)
{
	return requests("/v1/catalog") >= 26;
}

static void test_sync_converges(void **state)
{
	long allocs = bnum_allocs();

	bt_log_capture_start();
	start_watched("{\"products\": 1234, \"cart\": 7}", "{\"page_size\": 100}");
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	assert_true(bt_wait(&t, converged, BT_WAIT_MS));

	struct lk_snapshot *s = lk_store_get(t.store);
	assert_int_equal(s->num_products, 1234);
	assert_string_equal(s->products[1233]->id, "p1234");
	assert_int_equal(s->products[1233]->price, 1000 + 12340);
	assert_string_equal(s->products[1233]->currency, "CNY");
	assert_int_equal(s->num_cart, 7);
	assert_string_equal(s->pinned->id, "p1");
	assert_true(s->status.last_sync_ms > 0);
	lk_snapshot_release(s);
	assert_int_equal(requests("/v1/catalog"), 13); /* 1234 / 100, rounded up */

	/* changes reach the store (stream and polls) */
	bt_ctl_ok(&t, "/_bridge/mutate", "{\"pin\": \"p9\", \"cart\": [\"p9\", \"p8\"], \"stock\": {\"p9\": [3, 50]}}");
	want.id = "p9";
	want.stock = 3;
	want.sold = 50;
	want.price = -1;
	assert_true(bt_wait(&t, converged_with_want, BT_WAIT_MS));
	s = lk_store_get(t.store);
	assert_int_equal(lk_snapshot_find(s, "p9")->stock, 3);
	assert_int_equal(lk_snapshot_find(s, "p9")->sold, 50);
	lk_snapshot_release(s);

	/* nothing changes: polls get 304 and publish nothing (three more polls:
	 * waited for, however slow the machine) */
	lk_test_sleep_ms(300);
	uint64_t version = lk_store_version(t.store);
	want_polls = requests("/v1/state") + 3;
	assert_true(bt_wait(&t, polled_enough, BT_WAIT_MS));
	assert_int_equal(lk_store_version(t.store), version);

	/* the catalog fetched again (syncing, then connected): no new log line */
	bt_ctl_ok(&t, "/_bridge/mutate", "{\"refetch\": true}");
	assert_true(bt_wait(&t, catalog_fetched_twice, BT_WAIT_MS));
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	stop_watched();
	assert_int_equal(bt_log_count("bridge: connected"), 1);
	assert_int_equal(bt_log_lines(), 1);
	bt_log_capture_stop();
	assert_int_equal(bnum_allocs(), allocs);
}

struct fault_case {
	const char *path;
	const char *faults;
	int state; /* the status it shows meanwhile */
};

/* Each fault on the live state or the catalog: the status says it, the
 * store keeps its catalog whole, and afterwards both converge. */
static void test_faults_converge(void **state)
{
	static const struct fault_case cases[] = {
		{"/v1/state", "[\"500\", \"500\"]", LK_CONN_OFFLINE},
		{"/v1/state", "[\"503\", \"drop\"]", LK_CONN_OFFLINE},
		{"/v1/state", "[\"hang:6000\"]", LK_CONN_OFFLINE}, /* over timeout_ms */
		{"/v1/state", "[\"slow:300\"]", LK_CONN_OFFLINE},  /* a body that takes 3 s */
		{"/v1/state", "[\"truncated\", \"truncated\"]", LK_CONN_PROTOCOL_ERROR},
		{"/v1/state", "[\"malformed\", \"html\"]", LK_CONN_PROTOCOL_ERROR},
		{"/v1/state", "[\"huge\"]", LK_CONN_PROTOCOL_ERROR},
		{"/v1/state", "[\"404\"]", LK_CONN_PROTOCOL_ERROR},
		{"/v1/catalog", "[\"drop\", \"500\"]", LK_CONN_OFFLINE},
		{"/v1/catalog", "[\"malformed\", \"truncated\"]", LK_CONN_PROTOCOL_ERROR},
		{"/v1/catalog", "[\"huge\"]", LK_CONN_PROTOCOL_ERROR},
	};
	char body[256];

	start_watched("{\"products\": 300, \"cart\": 4}", "{\"page_size\": 50, \"timeout_ms\": 1500}");
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct fault_case *fc = &cases[i];
		bool refetched = strcmp(fc->path, "/v1/catalog") == 0;
		watch_start(300);
		snprintf(body, sizeof(body), "{\"%s\": %s}", fc->path, fc->faults);
		bt_ctl_ok(&t, "/_bridge/faults", body);
		/* the catalog is fetched again when the bridge says it changed;
		 * the price change itself only arrives with that fetch */
		snprintf(body, sizeof(body),
			 "{\"pin\": \"p%zu\", \"cart\": [\"p%zu\", \"p1\"], \"price\": {\"p2\": %zu}, \"silent\": true,"
			 " \"refetch\": %s}",
			 i + 10, i + 10, 5000 + i, refetched ? "true" : "false");
		bt_ctl_ok(&t, "/_bridge/mutate", body);
		want.id = refetched ? "p2" : NULL;
		want.stock = want.sold = -1;
		want.price = (int64_t)(5000 + i);
		if (!recovered_via(fc->state) || !bt_wait(&t, converged_with_want, BT_WAIT_MS))
			fail_msg("case %zu (%s %s): did not recover through state %d%s", i, fc->path, fc->faults,
				 fc->state, refetched ? " with the refetched price" : "");
		pthread_mutex_lock(&seen.mutex);
		assert_int_equal(seen.min_products, 300); /* never a half or empty catalog */
		pthread_mutex_unlock(&seen.mutex);
		if (refetched) {
			struct lk_snapshot *s = lk_store_get(t.store);
			assert_int_equal(lk_snapshot_find(s, "p2")->price, 5000 + i);
			lk_snapshot_release(s);
		}
	}
	stop_watched();
}

/* 429 and 503 with Retry-After: the next try waits at least that long. */
static void test_retry_after(void **state)
{
	start_watched(NULL, NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	watch_start(0);
	bt_ctl_ok(&t, "/_bridge/faults", "{\"/v1/state\": [\"429:1\", \"503:1\"]}");
	assert_true(recovered_via(LK_CONN_OFFLINE));

	json_t *st = bt_stats(&t);
	json_t *times = json_object_get(json_object_get(st, "times"), "/v1/state");
	json_t *faults = json_object_get(json_object_get(st, "fault_times"), "/v1/state");
	/* after each of the two faulted answers, the next request came >= 1 s later
	 * (other gaps may be long too on a loaded machine: they are not counted) */
	assert_int_equal(json_array_size(faults), 2);
	int gaps = 0;
	for (size_t f = 0; f < json_array_size(faults); f++) {
		int64_t served = json_integer_value(json_array_get(faults, f));
		int64_t next = -1;
		for (size_t i = 0; i < json_array_size(times) && next < 0; i++)
			if (json_integer_value(json_array_get(times, i)) > served)
				next = json_integer_value(json_array_get(times, i));
		if (next < 0)
			fail_msg("no request after fault %zu", f);
		if (next - served < 1000)
			fail_msg("the request after fault %zu came %lld ms later, Retry-After said 1 s", f,
				 (long long)(next - served));
		gaps++;
	}
	json_decref(st);
	assert_int_equal(gaps, 2);
	stop_watched();
}

/* The platform's clock is an hour ahead: the store's platform time follows. */
static void test_clock_skew(void **state)
{
	const int64_t skew = 3600 * 1000;
	struct timespec ts;

	start_watched("{\"skew_ms\": 3600000}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	lk_test_sleep_ms(300);
	struct lk_snapshot *s = lk_store_get(t.store);
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t wall = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	int64_t platform = lk_snapshot_platform_now(s, lk_now_ms());
	assert_true(s->clock_known);
	if (platform - wall < skew - 1000 || platform - wall > skew + 1000)
		fail_msg("platform - wall = %lld ms, want about %lld", (long long)(platform - wall), (long long)skew);
	lk_snapshot_release(s);
	stop_watched();
}

static bool auth_failed(struct bt *b)
{
	return bt_conn_state(b) == LK_CONN_AUTH_FAILED;
}

/* A refused token: status auth_failed, no more requests, actions refused
 * at once; the token appears in no message or log line, although the
 * server echoes it back in its error bodies. */
static void test_auth_failed(void **state)
{
	const char *why = NULL;

	bt_log_capture_start();
	start_watched("{\"token\": \"another\", \"knobs\": {\"echo_token\": true}}", NULL);
	assert_true(bt_wait(&t, auth_failed, BT_WAIT_MS));
	struct lk_snapshot *s = lk_store_get(t.store);
	assert_non_null(s->status.message);
	assert_non_null(strstr(s->status.message, "HTTP 401"));
	assert_non_null(strstr(s->status.message, LK_REDACTED)); /* the echoed token, redacted */
	assert_null(strstr(s->status.message, BT_TOKEN));
	lk_snapshot_release(s);

	int64_t before = requests("/v1/catalog") + requests("/v1/state");
	lk_test_sleep_ms(400);
	assert_int_equal(requests("/v1/catalog") + requests("/v1/state"), before);
	assert_false(t.info->pin(t.conn, "p1", &why));
	assert_non_null(strstr(why, "token"));

	stop_watched();
	assert_int_equal(bt_log_count("refused"), 1); /* logged once */
	assert_int_equal(bt_log_count(BT_TOKEN), 0);
	assert_false(seen.secret_in_message);
	bt_log_capture_stop();
}

/* A server that quotes the token in its 5xx messages: redacted everywhere. */
static void test_token_redacted(void **state)
{
	bt_log_capture_start();
	start_watched("{\"knobs\": {\"echo_token\": true}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/faults", "{\"/v1/state\": [\"500\", \"503\", \"500\"], \"/v1/actions\": [\"500\"]}");
	watch_start(0);
	assert_true(t.info->pin(t.conn, "p2", NULL));
	assert_true(recovered_via(LK_CONN_OFFLINE));
	stop_watched();
	assert_true(bt_log_lines() > 0);
	assert_true(bt_log_count(LK_REDACTED) > 0); /* the offline line, with the echo */
	assert_int_equal(bt_log_count(BT_TOKEN), 0);
	assert_false(seen.secret_in_message);
	bt_log_capture_stop();
}

static int64_t state_asked;

static bool state_request_waiting(struct bt *b)
{
	return requests("/v1/state") > state_asked;
}

/* The catalog is read again while a state poll (sent with If-None-Match)
 * waits for its answer, and that answer is 304: no protocol error (the
 * stored ETag used to be dropped by the catalog, so the 304 looked like an
 * answer to a request without If-None-Match), and the state is then read
 * in full. 12 refreshes, 0 errors. */
static void test_refresh_no_false_304(void **state)
{
	bt_log_capture_start();
	start_watched("{\"knobs\": {\"heartbeat_ms\": 200}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	watch_start(0);
	for (int i = 0; i < 12; i++) {
		int64_t catalogs = requests("/v1/catalog");
		state_asked = requests("/v1/state");
		bt_ctl_ok(&t, "/_bridge/faults", "{\"/v1/state\": [\"hang:400\"]}");
		assert_true(bt_wait(&t, state_request_waiting, BT_WAIT_MS));
		bt_ctl_ok(&t, "/_bridge/mutate", "{\"raw\": [[\"catalog-changed\", \"{}\"]], \"keep_etag\": true}");
		/* the held poll answered, and the next one came: the catalog was
		 * read again meanwhile */
		state_asked = requests("/v1/state") + 1;
		assert_true(bt_wait(&t, state_request_waiting, BT_WAIT_MS));
		assert_true(requests("/v1/catalog") > catalogs);
		assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	}
	stop_watched();
	assert_false(went_through(LK_CONN_PROTOCOL_ERROR));
	assert_int_equal(bt_log_count("304"), 0);
	assert_int_equal(bt_log_count("protocol error"), 0);
	bt_log_capture_stop();
}

#define LONG_TOKEN "Zq7-kL2m-Xw9v-Rt4p-Hn6c-Bd8f-Jy3s" /* 34 bytes */

/* A server that echoes the token in its error message where the message is
 * cut (119 bytes): redacted before cutting, so not even part of it (8 bytes
 * or more) shows in a status text or a log line. The 503 and the 401 both
 * quote it, at three places across the cut. */
static void test_token_across_cut(void **state)
{
	static const int pads[] = {70, 85, 94};
	char reset[512];

	for (size_t i = 0; i < sizeof(pads) / sizeof(pads[0]); i++) {
		bt_log_capture_start();
		snprintf(reset, sizeof(reset),
			 "{\"token\": \"" LONG_TOKEN "\", \"knobs\": {\"echo_token\": true, \"echo_pad\": %d},"
			 " \"faults\": {\"/v1/catalog\": [\"503\", \"401\"]}}",
			 pads[i]);
		pthread_mutex_lock(&seen.mutex);
		seen.secret = LONG_TOKEN;
		seen.secret_in_message = false;
		pthread_mutex_unlock(&seen.mutex);
		start_watched(reset, "{\"token\": \"" LONG_TOKEN "\"}");
		assert_true(bt_wait(&t, auth_failed, BT_WAIT_MS));
		struct lk_snapshot *s = lk_store_get(t.store);
		assert_non_null(strstr(s->status.message, "HTTP 401"));
		if (bt_has_part(s->status.message, LONG_TOKEN, 8))
			fail_msg("pad %d: the status shows part of the token: %s", pads[i], s->status.message);
		lk_snapshot_release(s);
		stop_watched();
		assert_true(bt_log_count("offline") >= 1); /* the 503's line, with its message */
		assert_true(bt_log_count("refused") >= 1);
		assert_int_equal(bt_log_count_part(LONG_TOKEN, 8), 0);
		pthread_mutex_lock(&seen.mutex);
		seen.secret = NULL;
		pthread_mutex_unlock(&seen.mutex);
		assert_false(seen.secret_in_message);
		bt_log_capture_stop();
	}
}

static bool has_18_products(struct bt *b)
{
	struct lk_snapshot *s = lk_store_get(b->store);
	bool ok = s->num_products == 18;
	lk_snapshot_release(s);
	return ok && bt_connected(b);
}

/* Two products that do not decode, on different pages: they are skipped
 * with one warning per catalog read, the other 18 are used (one bad product
 * used to fail every catalog read, forever). */
static void test_bad_product_skipped(void **state)
{
	bt_log_capture_start();
	start_watched("{\"bad_products\": [3, 15]}", "{\"page_size\": 10}");
	assert_true(bt_wait(&t, has_18_products, BT_WAIT_MS));
	struct lk_snapshot *s = lk_store_get(t.store);
	assert_null(lk_snapshot_find(s, "p4"));
	assert_null(lk_snapshot_find(s, "p16"));
	assert_non_null(lk_snapshot_find(s, "p5"));
	lk_snapshot_release(s);
	stop_watched();
	assert_int_equal(bt_log_count("skipped 2 product(s)"), 1);
	assert_int_equal(bt_log_count("page 1: products[3].price"), 1);
	assert_false(went_through(LK_CONN_PROTOCOL_ERROR));
	bt_log_capture_stop();
}

static bool offline(struct bt *b)
{
	return bt_conn_state(b) == LK_CONN_OFFLINE;
}

/* A transfer error reads in plain words, libcurl's detail after them: a
 * 300 KB header (libcurl says only "Out of memory") and a bridge that is
 * not running. */
static void test_error_words(void **state)
{
	start_watched("{\"faults\": {\"/v1/catalog\": [\"bigheader\"]}}", NULL);
	assert_true(bt_wait(&t, offline, BT_WAIT_MS));
	struct lk_snapshot *s = lk_store_get(t.store);
	printf("status: %s\n", s->status.message);
	assert_non_null(strstr(s->status.message, "the server's answer could not be read: its headers are too big"));
	assert_int_equal(s->status.msg.arg_code[0], LK_MSG_NET_HEADERS); /* the docks translate it */
	lk_snapshot_release(s);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	stop_watched();

	/* nothing listens on port 1 */
	start_watched(NULL, "{\"url\": \"http://127.0.0.1:1\"}");
	assert_true(bt_wait(&t, offline, BT_WAIT_MS));
	s = lk_store_get(t.store);
	printf("status: %s\n", s->status.message);
	assert_non_null(strstr(s->status.message, "could not connect to the server"));
	assert_int_equal(s->status.msg.code, LK_MSG_BRIDGE_OFFLINE);
	assert_int_equal(s->status.msg.arg_code[0], LK_MSG_NET_CONNECT);
	lk_snapshot_release(s);
	stop_watched();
}

static char config_path[256];

/* Writes the Linkon config file naming the test bridge with token. */
static void write_config(const char *token)
{
	char url[128];
	lk_testsrv_url(&t.srv, "", url, sizeof(url));
	json_t *cfg = json_pack("{s:s, s:{s:s, s:s}}", "connector", "bridge", "bridge", "url", url, "token", token);
	assert_int_equal(json_dump_file(cfg, config_path, JSON_COMPACT), 0);
	json_decref(cfg);
}

static bool gifts_3(struct bt *b)
{
	return bt_gifts_count() >= 3;
}

/* A refused token, then the streamer puts the right one into the config
 * file: the connector reads the file again (it watches it on the net
 * worker) and connects, the event stream too, without OBS restarting.
 * Meanwhile the status says the token was refused and what to do. */
static void test_token_fixed_in_config(void **state)
{
	char extra[512];

	lk_testsrv_path(&t.srv, "config.json", config_path, sizeof(config_path));
	write_config("wrong-token");
	snprintf(extra, sizeof(extra), "{\"token\": \"wrong-token\", \"config_path\": \"%s\"}", config_path);
	bt_log_capture_start();
	bt_gifts_reset();
	start_watched("{\"knobs\": {\"heartbeat_ms\": 200}}", extra);
	assert_true(bt_wait(&t, auth_failed, BT_WAIT_MS));
	lk_test_sleep_ms(1500); /* the file has been looked at, unchanged */
	struct lk_snapshot *s = lk_store_get(t.store);
	assert_int_equal(s->status.state, LK_CONN_AUTH_FAILED);
	assert_non_null(strstr(s->status.message, "config file"));
	assert_true(s->status.next_retry_ms > 0); /* and it says when it tries again */
	lk_snapshot_release(s);

	write_config(BT_TOKEN);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 3}");
	assert_true(bt_wait(&t, gifts_3, BT_WAIT_MS)); /* the stream runs again */
	assert_int_equal(bt_log_count("new token"), 1);
	assert_int_equal(bt_log_count(BT_TOKEN), 0);
	stop_watched();
	bt_log_capture_stop();
	unlink(config_path);
}

/* A refused token is tried again slowly (auth_retry_ms, 60 s by default):
 * the bridge that accepts it again is used again, without OBS restarting. */
static void test_auth_retried_slowly(void **state)
{
	start_watched("{\"faults\": {\"/v1/catalog\": [\"401\"]}}", "{\"auth_retry_ms\": 1500}");
	assert_true(bt_wait(&t, auth_failed, BT_WAIT_MS));
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	json_t *st = bt_stats(&t);
	json_t *times = json_object_get(json_object_get(st, "times"), "/v1/catalog");
	assert_true(json_array_size(times) >= 2);
	int64_t gap = json_integer_value(json_array_get(times, 1)) - json_integer_value(json_array_get(times, 0));
	json_decref(st);
	printf("a refused token was tried again after %lld ms\n", (long long)gap);
	if (gap < 1400)
		fail_msg("tried again after %lld ms, before auth_retry_ms", (long long)gap);
	stop_watched();
}

/* Settings the connector cannot use: no connector, a plain-words status
 * that quotes neither the URL nor the token, one log line each. */
static void test_bad_settings(void **state)
{
	static const char *const bad[][2] = {
		{"{\"token\": \"tok-SECRET-x\"}", "url"},
		{"{\"url\": \"ftp://127.0.0.1/\", \"token\": \"tok-SECRET-x\"}", "url"},
		{"{\"url\": \"http://127.0.0.1/?token=tok-SECRET-x\", \"token\": \"t\"}", "url"},
		{"{\"url\": \"http://127.0.0.1/\"}", "token"},
		{"{\"url\": \"http://127.0.0.1/\", \"token\": \"tok-SECRET-x\\r\\nX-Evil: 1\"}", "token"},
		{"{\"url\": \"http://127.0.0.1/\", \"token\": 42}", "token"},
	};
	long allocs = bnum_allocs();
	struct lk_net *net = lk_net_create(NULL);
	struct lk_store *store = lk_store_create();

	bt_log_capture_start();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *settings = json_loads(bad[i][0], 0, NULL);
		assert_non_null(settings);
		assert_null(lk_conn_bridge.create(store, net, settings, NULL));
		json_decref(settings);
		struct lk_snapshot *s = lk_store_get(store);
		assert_int_equal(s->status.state, LK_CONN_PROTOCOL_ERROR);
		if (!strstr(s->status.message, bad[i][1]) || strstr(s->status.message, "SECRET"))
			fail_msg("%s: status \"%s\"", bad[i][0], s->status.message);
		lk_snapshot_release(s);
	}
	assert_int_equal(bt_log_lines(), 6);
	assert_int_equal(bt_log_count("SECRET"), 0);
	bt_log_capture_stop();
	lk_store_destroy(store);
	lk_net_destroy(net);
	assert_int_equal(bnum_allocs(), allocs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_sync_converges, teardown),
		cmocka_unit_test_teardown(test_faults_converge, teardown),
		cmocka_unit_test_teardown(test_retry_after, teardown),
		cmocka_unit_test_teardown(test_clock_skew, teardown),
		cmocka_unit_test_teardown(test_auth_failed, teardown),
		cmocka_unit_test_teardown(test_token_redacted, teardown),
		cmocka_unit_test_teardown(test_token_across_cut, teardown),
		cmocka_unit_test_teardown(test_refresh_no_false_304, teardown),
		cmocka_unit_test_teardown(test_token_fixed_in_config, teardown),
		cmocka_unit_test_teardown(test_bad_product_skipped, teardown),
		cmocka_unit_test_teardown(test_error_words, teardown),
		cmocka_unit_test_teardown(test_auth_retried_slowly, teardown),
		cmocka_unit_test(test_bad_settings),
	};

	return bt_run_group("bridge-sync", tests, sizeof(tests) / sizeof(tests[0]), &t);
}
