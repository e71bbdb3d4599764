/*
 * Linkon — unit tests for the net worker's in-memory requests, streams,
 * cancelling and tick wake-ups (lk-net.h) against the loopback test server.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lk-testsrv.h"
#include "net/lk-net.h"
#include "lk-msg.h"
#include "net/lk-net-words.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define WAIT_MS 20000

static struct lk_testsrv srv;
static pthread_t main_thread;

static int start_server(void **state)
{
	return lk_testsrv_start(&srv);
}

static int stop_server(void **state)
{
	lk_testsrv_stop(&srv);
	return 0;
}

static int net_setup(void **state)
{
	*state = lk_net_create(NULL);
	return *state ? 0 : -1;
}

static int net_teardown(void **state)
{
	lk_net_destroy(*state);
	return 0;
}

/* ---- what came back ---------------------------------------------------- */

struct got {
	pthread_mutex_t mutex;
	int calls;
	int opens;
	int chunks;
	bool on_main_thread;
	bool ok;
	long status;
	char error[256];
	int error_code; /* enum lk_msg_code */
	char *body;     /* malloc'd */
	size_t body_len;
	char etag[64];
	char content_type[64];
	int64_t retry_after_ms;
	int64_t date_ms;
	int64_t sent_ms;
	int64_t head_ms;
	int64_t first_chunk_ms; /* test clock */
	int64_t done_ms;        /* test clock */
	char streamed[4096];    /* stream bytes, in order */
	size_t streamed_len;
	bool refuse_open;
	int stop_after_chunks; /* 0 = never */
};

static void got_init(struct got *g)
{
	memset(g, 0, sizeof(*g));
	pthread_mutex_init(&g->mutex, NULL);
}

static void got_free(struct got *g)
{
	free(g->body);
	pthread_mutex_destroy(&g->mutex);
}

static void on_done(void *data, const struct lk_net_response *res)
{
	struct got *g = data;

	pthread_mutex_lock(&g->mutex);
	g->on_main_thread = pthread_equal(pthread_self(), main_thread) != 0;
	g->ok = res->ok;
	g->status = res->http_status;
	snprintf(g->error, sizeof(g->error), "%s", res->error ? res->error : "");
	g->error_code = res->error_code;
	assert_non_null(res->body);
	assert_int_equal(res->body[res->body_len], '\0');
	g->body = malloc(res->body_len + 1);
	memcpy(g->body, res->body, res->body_len + 1);
	g->body_len = res->body_len;
	snprintf(g->etag, sizeof(g->etag), "%s", res->etag ? res->etag : "");
	snprintf(g->content_type, sizeof(g->content_type), "%s", res->content_type ? res->content_type : "");
	g->retry_after_ms = res->retry_after_ms;
	g->date_ms = res->date_ms;
	g->sent_ms = res->sent_ms;
	g->head_ms = res->head_ms;
	g->done_ms = lk_test_mono_ms();
	g->calls++;
	pthread_mutex_unlock(&g->mutex);
}

static bool on_open(void *data, const struct lk_net_response *head)
{
	struct got *g = data;

	pthread_mutex_lock(&g->mutex);
	g->opens++;
	g->status = head->http_status;
	snprintf(g->content_type, sizeof(g->content_type), "%s", head->content_type ? head->content_type : "");
	assert_true(head->ok);
	assert_int_equal(head->body_len, 0);
	pthread_mutex_unlock(&g->mutex);
	return !g->refuse_open;
}

static bool on_chunk(void *data, const char *buf, size_t len)
{
	struct got *g = data;
	bool more;

	pthread_mutex_lock(&g->mutex);
	if (!g->chunks++)
		g->first_chunk_ms = lk_test_mono_ms();
	assert_true(g->streamed_len + len < sizeof(g->streamed));
	memcpy(g->streamed + g->streamed_len, buf, len);
	g->streamed_len += len;
	more = g->stop_after_chunks == 0 || g->chunks < g->stop_after_chunks;
	pthread_mutex_unlock(&g->mutex);
	return more;
}

static const struct lk_net_stream_cbs stream_cbs = {.open = on_open, .chunk = on_chunk, .done = on_done};

/* Waits until *field (calls or chunks of g, read under its mutex) is > 0,
 * at most timeout_ms. */
static bool wait_some(struct got *g, const int *field, int timeout_ms)
{
	int64_t end = lk_test_mono_ms() + timeout_ms;

	for (;;) {
		pthread_mutex_lock(&g->mutex);
		int n = *field;
		pthread_mutex_unlock(&g->mutex);
		if (n > 0)
			return true;
		if (lk_test_mono_ms() >= end)
			return false;
		lk_test_sleep_ms(5);
	}
}

static bool wait_done(struct got *g, int timeout_ms)
{
	return wait_some(g, &g->calls, timeout_ms);
}

/* Runs req (url given as a server path) and waits for its one callback. */
static void run_request(struct lk_net *net, struct lk_net_request *req, const char *path, struct got *g)
{
	char url[512];

	lk_testsrv_url(&srv, path, url, sizeof(url));
	req->url = url;
	got_init(g);
	assert_true(lk_net_request(net, req, on_done, g) > 0);
	assert_true(wait_done(g, WAIT_MS));
	lk_test_sleep_ms(20); /* a second callback would show up here */
	assert_int_equal(g->calls, 1);
	assert_false(g->on_main_thread);
}

static uint64_t start_stream(struct lk_net *net, struct lk_net_request *req, const char *path, struct got *g)
{
	char url[512];

	lk_testsrv_url(&srv, path, url, sizeof(url));
	req->url = url;
	uint64_t id = lk_net_stream(net, req, &stream_cbs, g);
	assert_true(id > 0);
	return id;
}

/* ---- requests ----------------------------------------------------------- */

static void test_get_with_headers(void **state)
{
	const char *headers[] = {"Authorization: Bearer s3cret-token", "X-Linkon-Test: yes", NULL};
	struct lk_net_request req = {.headers = headers};
	struct got g;

	run_request(*state, &req, "/echo/request?x=1", &g);
	assert_true(g.ok);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.error, "");
	assert_string_equal(g.content_type, "application/json");
	assert_true(g.date_ms > 0);
	assert_true(g.head_ms >= g.sent_ms && g.sent_ms > 0);

	json_t *j = json_loads(g.body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "method")), "GET");
	assert_string_equal(json_string_value(json_object_get(j, "path")), "/echo/request?x=1");
	json_t *h = json_object_get(j, "headers");
	assert_string_equal(json_string_value(json_object_get(h, "Authorization")), "Bearer s3cret-token");
	assert_string_equal(json_string_value(json_object_get(h, "X-Linkon-Test")), "yes");
	assert_non_null(strstr(json_string_value(json_object_get(h, "User-Agent")), "Linkon/"));
	json_decref(j);
	got_free(&g);
}

static void check_method(struct lk_net *net, const char *method, const char *body, const char *want_method)
{
	const char *headers[] = {"Content-Type: application/json", "Idempotency-Key: 0123abcd", NULL};
	struct lk_net_request req = {
		.method = method,
		.headers = headers,
		.body = body,
		.body_len = body ? strlen(body) : 0,
	};
	struct got g;

	run_request(net, &req, "/echo/request", &g);
	assert_true(g.ok);
	assert_int_equal(g.status, 200);
	json_t *j = json_loads(g.body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "method")), want_method);
	assert_string_equal(json_string_value(json_object_get(j, "body")), body ? body : "");
	json_t *h = json_object_get(j, "headers");
	assert_string_equal(json_string_value(json_object_get(h, "Idempotency-Key")), "0123abcd");
	if (body)
		assert_string_equal(json_string_value(json_object_get(h, "Content-Type")), "application/json");
	json_decref(j);
	got_free(&g);
}

static void test_methods_and_bodies(void **state)
{
	check_method(*state, "POST", "{\"productId\":\"p1\"}", "POST");
	check_method(*state, "post", NULL, "POST"); /* empty body */
	check_method(*state, "PUT", "{\"a\":1}", "PUT");
	check_method(*state, "DELETE", NULL, "DELETE");
	check_method(*state, NULL, NULL, "GET");
}

static void test_etag_304(void **state)
{
	struct lk_net_request req = {0};
	struct got g;

	run_request(*state, &req, "/fault/etag?tag=v7", &g);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.etag, "\"v7\"");
	got_free(&g);

	const char *headers[] = {"If-None-Match: \"v7\"", NULL};
	req.headers = headers;
	run_request(*state, &req, "/fault/etag?tag=v7", &g);
	assert_true(g.ok);
	assert_int_equal(g.status, 304);
	assert_int_equal(g.body_len, 0);
	got_free(&g);

	/* a changed resource answers in full again */
	run_request(*state, &req, "/fault/etag?tag=v8", &g);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.etag, "\"v8\"");
	got_free(&g);
}

static void test_retry_after(void **state)
{
	struct lk_net_request req = {0};
	struct got g;

	run_request(*state, &req, "/fault/status?code=429&retry_after=7", &g);
	assert_true(g.ok); /* a whole response, just not a happy one */
	assert_int_equal(g.status, 429);
	assert_int_equal(g.retry_after_ms, 7000);
	assert_non_null(strstr(g.body, "injected"));
	got_free(&g);

	/* an HTTP-date counts from the server's Date header */
	run_request(*state, &req, "/fault/status?code=503&retry_date=120", &g);
	assert_int_equal(g.status, 503);
	assert_int_equal(g.retry_after_ms, 120000);
	got_free(&g);

	run_request(*state, &req, "/fault/status?code=503&retry_after=soon", &g);
	assert_int_equal(g.retry_after_ms, -1);
	got_free(&g);

	run_request(*state, &req, "/fault/status?code=500", &g);
	assert_int_equal(g.status, 500);
	assert_int_equal(g.retry_after_ms, -1);
	got_free(&g);
}

static void test_date_header(void **state)
{
	struct lk_net_request req = {0};
	struct got g;

	run_request(*state, &req, "/health", &g);
	int64_t wall_ms = (int64_t)time(NULL) * 1000;
	assert_true(g.date_ms > wall_ms - 5000 && g.date_ms < wall_ms + 5000);
	assert_string_equal(g.body, "ok\n");
	assert_int_equal(g.etag[0], '\0');
	got_free(&g);
}

static void test_request_failures(void **state)
{
	struct lk_net_request req = {.max_bytes = 100000};
	struct got g;

	run_request(*state, &req, "/fault/huge?bytes=3000000&chunked=1", &g);
	assert_false(g.ok);
	assert_string_equal(g.error, "response too large (over 100000 bytes)");
	assert_int_equal(g.error_code, LK_MSG_NET_TOO_LARGE); /* the code a dock translates */
	got_free(&g);

	run_request(*state, &req, "/fault/drop?after=5000", &g);
	assert_false(g.ok);
	assert_int_equal(g.status, 200);
	assert_true(strlen(g.error) > 0);
	assert_true(g.error_code == LK_MSG_NET_CUT_SHORT || g.error_code == LK_MSG_NET_BROKEN);
	got_free(&g);

	/* a per-request total timeout */
	req.timeout_ms = 400;
	run_request(*state, &req, "/fault/slow?bytes=20&delay_ms=200", &g);
	assert_false(g.ok);
	assert_non_null(strstr(g.error, "timed out"));
	assert_int_equal(g.error_code, LK_MSG_NET_TIMEOUT);
	got_free(&g);

	/* nothing listens on the port: the words, libcurl's detail, and the code */
	char closed[64];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t sl = sizeof(sa);
	assert_true(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	close(fd); /* bound, never listened, closed: connections are refused */
	snprintf(closed, sizeof(closed), "http://127.0.0.1:%d/", (int)ntohs(sa.sin_port));
	struct lk_net_request to_closed = {.url = closed};
	got_init(&g);
	assert_true(lk_net_request(*state, &to_closed, on_done, &g) > 0);
	assert_true(wait_done(&g, WAIT_MS));
	assert_false(g.ok);
	assert_int_equal(g.error_code, LK_MSG_NET_CONNECT);
	char detail[200];
	assert_true(lk_msg_unfill(lk_msg_english_template(LK_MSG_NET_CONNECT, false), g.error, detail, sizeof(detail)));
	assert_true(strlen(detail) > 0);
	got_free(&g);

	/* an idle timeout on a request: the first byte comes, then nothing */
	req.timeout_ms = 0;
	req.idle_timeout_ms = 500;
	run_request(*state, &req, "/fault/slow?bytes=3&delay_ms=5000", &g);
	assert_false(g.ok);
	assert_string_equal(g.error, "the server sent nothing for 0.5 s");
	assert_int_equal(g.error_code, LK_MSG_NET_IDLE); /* a code a status translates */
	assert_int_equal(lk_net_reason_of(g.error), LK_MSG_NET_IDLE);
	got_free(&g);

	req.url = "file:///etc/hostname";
	assert_int_equal(lk_net_request(*state, &req, on_done, &g), 0);
	req.url = "ftp://127.0.0.1/";
	assert_int_equal(lk_net_request(*state, &req, on_done, &g), 0);
}

/* ---- streams ------------------------------------------------------------- */

static void test_stream_events_as_they_come(void **state)
{
	struct lk_net_request req = {0};
	struct got g;
	char want[1024];
	size_t want_len = (size_t)snprintf(want, sizeof(want), ": hello\n\n");

	for (int i = 1; i <= 5; i++)
		want_len +=
			(size_t)snprintf(want + want_len, sizeof(want) - want_len, "id: %d\ndata: event %d\n\n", i, i);

	got_init(&g);
	start_stream(*state, &req, "/fault/sse?n=5&delay_ms=150", &g);
	assert_true(wait_done(&g, WAIT_MS));
	assert_int_equal(g.opens, 1);
	assert_string_equal(g.content_type, "text/event-stream");
	assert_true(g.ok);
	assert_int_equal(g.status, 200);
	assert_int_equal(g.body_len, 0); /* the body went to the reader */
	assert_int_equal(g.streamed_len, want_len);
	assert_memory_equal(g.streamed, want, want_len);
	/* chunks arrived while the body was still coming, not all at the end */
	assert_true(g.chunks >= 3);
	assert_true(g.done_ms - g.first_chunk_ms >= 500);
	got_free(&g);
}

static void test_stream_idle_timeout(void **state)
{
	struct lk_net_request req = {.idle_timeout_ms = 700};
	struct got g;
	int64_t start = lk_test_mono_ms();

	got_init(&g);
	start_stream(*state, &req, "/fault/sse?n=1&delay_ms=10&idle_ms=120000", &g);
	assert_true(wait_done(&g, WAIT_MS));
	int64_t took = lk_test_mono_ms() - start;
	assert_false(g.ok);
	assert_string_equal(g.error, "the server sent nothing for 0.7 s");
	assert_int_equal(g.error_code, LK_MSG_NET_IDLE);
	assert_true(g.streamed_len > 0);
	if (took > 60000) /* the idle limit ended it, not the server's 120 s */
		fail_msg("the idle stream ended after %lld ms", (long long)took);
	got_free(&g);

	/* a stream has no total timeout: slower than the worker's total
	 * timeout (500 ms here) but never idle for long is fine */
	struct lk_net_config cfg = {.total_timeout_ms = 500};
	struct lk_net *net = lk_net_create(&cfg);
	req.idle_timeout_ms = 1000;
	got_init(&g);
	start_stream(net, &req, "/fault/sse?n=6&delay_ms=200", &g);
	assert_true(wait_done(&g, WAIT_MS));
	assert_true(g.ok);
	assert_string_equal(g.error, "");
	lk_net_destroy(net);
	got_free(&g);
}

static void test_stream_not_2xx(void **state)
{
	struct lk_net_request req = {0};
	struct got g;

	got_init(&g);
	start_stream(*state, &req, "/fault/status?code=401", &g);
	assert_true(wait_done(&g, WAIT_MS));
	assert_int_equal(g.opens, 0);
	assert_int_equal(g.chunks, 0);
	assert_true(g.ok);
	assert_int_equal(g.status, 401);
	assert_non_null(strstr(g.body, "\"injected\""));
	got_free(&g);

	/* a big error body is capped */
	req.max_bytes = 1000;
	got_init(&g);
	start_stream(*state, &req, "/fault/status?code=500&pad=50000", &g);
	assert_true(wait_done(&g, WAIT_MS));
	assert_int_equal(g.opens, 0);
	assert_false(g.ok);
	assert_int_equal(g.status, 500);
	assert_string_equal(g.error, "response too large (over 1000 bytes)");
	got_free(&g);
}

static void test_stream_reader_stops(void **state)
{
	struct lk_net_request req = {0};
	struct got g;

	got_init(&g);
	g.refuse_open = true;
	start_stream(*state, &req, "/fault/sse?n=3&delay_ms=10", &g);
	assert_true(wait_done(&g, WAIT_MS));
	assert_false(g.ok);
	assert_string_equal(g.error, "stream refused by its reader");
	assert_int_equal(g.chunks, 0);
	got_free(&g);

	got_init(&g);
	g.stop_after_chunks = 2;
	start_stream(*state, &req, "/fault/sse?n=20&delay_ms=50", &g);
	assert_true(wait_done(&g, WAIT_MS));
	assert_false(g.ok);
	assert_string_equal(g.error, "stream ended by its reader");
	assert_int_equal(g.chunks, 2);
	got_free(&g);
}

/* ---- cancelling ------------------------------------------------------------ */

static void test_cancel(void **state)
{
	struct lk_net_request req = {0};
	struct got g;

	/* a live stream */
	got_init(&g);
	uint64_t id = start_stream(*state, &req, "/fault/sse?n=300&delay_ms=200", &g);
	assert_true(wait_some(&g, &g.chunks, WAIT_MS));
	int64_t start = lk_test_mono_ms();
	lk_net_cancel(*state, id);
	assert_true(wait_done(&g, WAIT_MS));
	assert_true(lk_test_mono_ms() - start < 20000); /* not the stream's 60 s */
	assert_false(g.ok);
	assert_string_equal(g.error, "cancelled");
	assert_int_equal(g.error_code, LK_MSG_NET_CANCELLED);
	assert_true(g.chunks >= 1);
	lk_net_cancel(*state, id); /* already ended: nothing happens */
	lk_test_sleep_ms(50);
	assert_int_equal(g.calls, 1);
	got_free(&g);

	/* right after queueing, before the worker took it */
	char url[512];
	lk_testsrv_url(&srv, "/fault/slow?bytes=10&delay_ms=300", url, sizeof(url));
	req.url = url;
	got_init(&g);
	id = lk_net_request(*state, &req, on_done, &g);
	lk_net_cancel(*state, id);
	assert_true(wait_done(&g, WAIT_MS));
	assert_string_equal(g.error, "cancelled");
	got_free(&g);

	lk_net_cancel(*state, 0);
	lk_net_cancel(*state, 999999);
}

static void test_destroy_with_streams(void **state)
{
	struct lk_net *net = lk_net_create(NULL);
	struct lk_net_request req = {0};
	struct got g[4];

	for (int i = 0; i < 4; i++) {
		got_init(&g[i]);
		if (i % 2)
			start_stream(net, &req, "/fault/sse?n=300&delay_ms=100", &g[i]);
	}
	char url[512];
	lk_testsrv_url(&srv, "/fault/slow?bytes=300&delay_ms=100", url, sizeof(url));
	req.url = url;
	assert_true(lk_net_request(net, &req, on_done, &g[0]) > 0);
	assert_true(lk_net_request(net, &req, on_done, &g[2]) > 0);
	lk_test_sleep_ms(400);

	int64_t start = lk_test_mono_ms();
	lk_net_destroy(net);
	int64_t took = lk_test_mono_ms() - start;
	if (took > 15000) /* it did not wait for the 30 s answers */
		fail_msg("lk_net_destroy took %lld ms", (long long)took);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(g[i].calls, 1);
		assert_string_equal(g[i].error, "cancelled");
		got_free(&g[i]);
	}
}

/* ---- waking a tick ---------------------------------------------------------- */

struct tick_count {
	volatile int runs;
};

static int64_t slow_tick(void *data, int64_t now_ms)
{
	struct tick_count *t = data;

	__atomic_add_fetch(&t->runs, 1, __ATOMIC_SEQ_CST);
	return 60000;
}

/* Polls until the tick ran at least n times (at most WAIT_MS), then gives
 * a second run that is not due a moment to show up; returns the runs. */
static int wait_runs(struct tick_count *t, int n)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (__atomic_load_n(&t->runs, __ATOMIC_SEQ_CST) < n && lk_test_mono_ms() < end)
		lk_test_sleep_ms(5);
	lk_test_sleep_ms(50);
	return __atomic_load_n(&t->runs, __ATOMIC_SEQ_CST);
}

static void test_wake_tick(void **state)
{
	struct tick_count t = {0};
	uint64_t id = lk_net_add_tick(*state, slow_tick, &t);

	/* the tick asks for its next run in 60 s: only a wake runs it sooner
	 * (waits are generous: a busy machine is slow, not wrong) */
	assert_int_equal(wait_runs(&t, 1), 1);
	lk_net_wake_tick(*state, id);
	assert_int_equal(wait_runs(&t, 2), 2);
	lk_net_wake_tick(*state, id);
	lk_net_wake_tick(*state, id);
	assert_true(wait_runs(&t, 3) >= 3);
	lk_net_remove_tick(*state, id);
	lk_net_wake_tick(*state, id); /* removed: nothing */
	lk_net_wake_tick(*state, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_with_headers, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_methods_and_bodies, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_etag_304, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_retry_after, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_date_header, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_request_failures, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_stream_events_as_they_come, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_stream_idle_timeout, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_stream_not_2xx, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_stream_reader_stops, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_cancel, net_setup, net_teardown),
		cmocka_unit_test(test_destroy_with_streams),
		cmocka_unit_test_setup_teardown(test_wake_tick, net_setup, net_teardown),
	};
	int failed;

	main_thread = pthread_self();
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	failed = cmocka_run_group_tests_name("net-request", tests, start_server, stop_server);
	curl_global_cleanup();
	return failed;
}
