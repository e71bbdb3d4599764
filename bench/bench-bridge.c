/*
 * Linkon — benchmark (not a test): the bridge connector against the loopback
 * bridge (tests/server), on the real net worker.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   bench-bridge [N]     N gift events (default 20,000)
 *
 * 1. Gifts: N gift events go through the SSE stream into the gift sink,
 *    with the stream unbroken, then cut inside an event after every 100
 *    (with 7 ids replayed on each reconnect). Baseline, in the same run:
 *    the same N event texts decoded in-process (lk_bridge_decode_event) and
 *    handed to the same sink, which is all the connector adds on top of
 *    the network. Prints events/s and the ratios.
 * 2. Stop: how long destroying the connector takes while the bridge sits
 *    on a catalog request for 10 s, against destroying an idle connected
 *    one. Target: under 100 ms either way (unload must not hang OBS).
 * Exit status 1 when a delivery is wrong or the stop target is missed.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#include "core/lk-bridge-codec.h"
#include "net/lk-connector.h"
#include "net/lk-net.h"
#include "lk-testsrv.h"

#define TOKEN "bench-token"
#define STOP_TARGET_MS 100

static struct lk_testsrv srv;
static volatile long received;

static int count_gift(const struct lk_gift_event *ev)
{
	os_atomic_inc_long(&received);
	return 0;
}

static void quiet(int level, const char *fmt, va_list args, void *param) {}

static bool ctl(const char *path, const char *body)
{
	return lk_testsrv_post(&srv, path, body);
}

struct run {
	struct lk_store *store;
	struct lk_net *net;
	void *conn;
};

static bool connected(struct lk_store *store)
{
	struct lk_snapshot *s = lk_store_get(store);
	bool ok = s->status.state == LK_CONN_CONNECTED;
	lk_snapshot_release(s);
	return ok;
}

/* Resets the shop with reset (JSON), starts a connector, waits until it is
 * connected (when wait_connected). */
static bool run_start(struct run *r, const char *reset, bool wait_connected)
{
	char url[128];

	if (!ctl("/_bridge/reset", reset))
		return false;
	lk_testsrv_url(&srv, "", url, sizeof(url));
	json_t *settings = json_pack("{s:s, s:s, s:i, s:i, s:i}", "url", url, "token", TOKEN, "poll_ms", 1000,
				     "backoff_min_ms", 5, "backoff_max_ms", 100);
	r->store = lk_store_create();
	r->net = lk_net_create(NULL);
	r->conn = lk_conn_bridge.create(r->store, r->net, settings, NULL);
	json_decref(settings);
	int64_t end = lk_test_mono_ms() + 20000;
	while (wait_connected && r->conn && !connected(r->store) && lk_test_mono_ms() < end)
		lk_test_sleep_ms(2);
	return r->conn && (!wait_connected || connected(r->store));
}

/* Destroys the connector; returns how long that took (ms). */
static int64_t run_stop(struct run *r)
{
	int64_t t0 = lk_test_mono_ms();
	lk_conn_bridge.destroy(r->conn);
	int64_t ms = lk_test_mono_ms() - t0;
	lk_net_destroy(r->net);
	lk_store_destroy(r->store);
	return ms;
}

/* N gifts through the stream; events/s, or -1 when not all arrived. */
static double gifts_over_stream(long n, const char *knobs)
{
	struct run r;
	char reset[256], body[64];

	snprintf(reset, sizeof(reset), "{\"token\": \"%s\", \"knobs\": %s}", TOKEN, knobs);
	if (!run_start(&r, reset, true))
		return -1;
	os_atomic_set_long(&received, 0);
	int64_t t0 = lk_test_mono_ms();
	snprintf(body, sizeof(body), "{\"n\": %ld}", n);
	ctl("/_bridge/gifts", body);
	while (os_atomic_load_long(&received) < n && lk_test_mono_ms() - t0 < 120000)
		lk_test_sleep_ms(1);
	double s = (double)(lk_test_mono_ms() - t0) / 1000.0;
	lk_test_sleep_ms(200);
	long got = os_atomic_load_long(&received);
	run_stop(&r);
	return got == n ? (double)n / s : -1;
}

/* The same event texts decoded in-process and handed to the sink. */
static double gifts_in_process(long n)
{
	char data[512];
	struct lk_events evs;
	struct lk_bridge_event ev;

	os_atomic_set_long(&received, 0);
	lk_events_init(&evs);
	int64_t t0 = os_gettime_ns();
	for (long k = 1; k <= n; k++) {
		int len = snprintf(data, sizeof(data),
				   "{\"count\": 1, \"gift\": {\"id\": \"rose\", \"name\": \"Rose\", \"value\": 1}, "
				   "\"id\": \"g%ld\", \"sender\": {\"id\": \"u%ld\", \"name\": \"Viewer %ld\"}, "
				   "\"time\": 1767225600000}",
				   k, k % 50, k % 50);
		if (lk_bridge_decode_event("gift", data, (size_t)len, &evs, &ev, NULL, 0))
			lk_connector_push_gift(&ev.gift);
		lk_bridge_event_free(&ev);
	}
	double s = (double)(os_gettime_ns() - t0) / 1e9;
	lk_events_free(&evs);
	return os_atomic_load_long(&received) == n ? (double)n / s : -1;
}

static int bench_stop(void)
{
	struct run r;

	if (!run_start(&r, "{\"token\": \"" TOKEN "\"}", true))
		return 1;
	lk_test_sleep_ms(200);
	int64_t idle = run_stop(&r);
	if (!run_start(&r, "{\"token\": \"" TOKEN "\", \"faults\": {\"/v1/catalog\": [\"hang:10000\"]}}", false))
		return 1;
	lk_test_sleep_ms(300); /* the catalog request is on the server now */
	int64_t busy = run_stop(&r);
	printf("stop, idle and connected:        %5" PRId64 " ms (baseline)\n", idle);
	printf("stop, catalog request in flight: %5" PRId64 " ms (%+" PRId64 " ms vs baseline; target < %d ms)\n", busy,
	       busy - idle, STOP_TARGET_MS);
	return idle < STOP_TARGET_MS && busy < STOP_TARGET_MS ? 0 : 1;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	int rc = 0;

	signal(SIGPIPE, SIG_IGN);
	base_set_log_handler(quiet, NULL);
	if (n <= 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || lk_testsrv_start(&srv) != 0)
		return 1;
	lk_connector_set_gift_sink(count_gift);

	double base = gifts_in_process(n);
	double clean = gifts_over_stream(n, "{\"heartbeat_ms\": 500}");
	double cut =
		gifts_over_stream(n, "{\"heartbeat_ms\": 500, \"drop_every\": 100, \"replay\": 7, \"retry_ms\": 0}");
	printf("gifts, decoded in-process:          %10.0f events/s (baseline)\n", base);
	printf("gifts, over the stream:             %10.0f events/s (%.3f x baseline)\n", clean, clean / base);
	printf("gifts, stream cut every 100 events: %10.0f events/s (%.3f x baseline, %.3f x unbroken)\n", cut,
	       cut / base, cut / clean);
	if (base < 0 || clean < 0 || cut < 0) {
		printf("FAIL: not every gift arrived exactly once\n");
		rc = 1;
	}
	rc |= bench_stop();

	lk_connector_set_gift_sink(NULL);
	lk_testsrv_stop(&srv);
	curl_global_cleanup();
	return rc;
}
