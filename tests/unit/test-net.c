/*
 * Linkon — unit tests for the net worker's transfers (lk-net.h) against
 * the loopback test server (tests/server/lk-test-server.py, started here on
 * 127.0.0.1). Ticks are tested in test-net-tick.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lk-testsrv.h"
#include "net/lk-net.h"
#include "net/lk-net-words.h"

#define WAIT_MS 20000
#define PARALLEL 50

static struct lk_testsrv srv;

static void tmp_path(char *out, size_t size, const char *name)
{
	lk_testsrv_path(&srv, name, out, size);
}

static void url_for(char *out, size_t size, const char *path)
{
	lk_testsrv_url(&srv, path, out, size);
}

static bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int start_server(void **state)
{
	return lk_testsrv_start(&srv);
}

static int stop_server(void **state)
{
	lk_testsrv_stop(&srv);
	return 0;
}

/* ---- waiting for callbacks ------------------------------------------- */

struct waiter {
	pthread_mutex_t mutex;
	int done;
};

struct dl {
	struct waiter *w;
	int calls;
	bool ok;
	long status;
	bool on_main_thread;
	char error[256];
	char path[256];
};

static pthread_t main_thread;

static void waiter_init(struct waiter *w)
{
	pthread_mutex_init(&w->mutex, NULL);
	w->done = 0;
}

static void waiter_free(struct waiter *w)
{
	pthread_mutex_destroy(&w->mutex);
}

/* Waits until n callbacks arrived (or timeout_ms passed). */
static bool waiter_wait(struct waiter *w, int n, int timeout_ms)
{
	int64_t end = lk_test_mono_ms() + timeout_ms;
	bool ok;

	pthread_mutex_lock(&w->mutex);
	while (w->done < n && lk_test_mono_ms() < end) {
		pthread_mutex_unlock(&w->mutex);
		lk_test_sleep_ms(5);
		pthread_mutex_lock(&w->mutex);
	}
	ok = w->done >= n;
	pthread_mutex_unlock(&w->mutex);
	return ok;
}

static void dl_done(void *data, const struct lk_net_result *res)
{
	struct dl *d = data;

	pthread_mutex_lock(&d->w->mutex);
	d->calls++;
	d->ok = res->ok;
	d->status = res->http_status;
	d->on_main_thread = pthread_equal(pthread_self(), main_thread) != 0;
	snprintf(d->error, sizeof(d->error), "%s", res->error ? res->error : "");
	snprintf(d->path, sizeof(d->path), "%s", res->path ? res->path : "");
	d->w->done++;
	pthread_mutex_unlock(&d->w->mutex);
}

/* Downloads url into srv.dir/name and waits for the callback. */
static struct dl fetch_url(struct lk_net *net, const char *url, const char *name, size_t max_bytes)
{
	static struct waiter w;
	struct dl d = {.w = &w};
	char dest[256];

	waiter_init(&w);
	tmp_path(dest, sizeof(dest), name);
	assert_true(lk_net_download(net, url, dest, max_bytes, dl_done, &d));
	assert_true(waiter_wait(&w, 1, WAIT_MS));
	lk_test_sleep_ms(20); /* a second callback would show up here */
	assert_int_equal(d.calls, 1);
	assert_false(d.on_main_thread);
	assert_string_equal(d.path, dest);
	waiter_free(&w);
	return d;
}

/* The same for a path on the test server. */
static struct dl fetch(struct lk_net *net, const char *path, const char *name, size_t max_bytes)
{
	char url[512];

	url_for(url, sizeof(url), path);
	return fetch_url(net, url, name, max_bytes);
}

/* The download failed and left neither the file nor its .part behind. */
static void assert_no_files(const char *name)
{
	char dest[256], part[300];

	tmp_path(dest, sizeof(dest), name);
	snprintf(part, sizeof(part), "%s.part", dest);
	assert_false(file_exists(dest));
	assert_false(file_exists(part));
}

/* The downloaded file tmp_dir/name (new malloc'd memory), then deleted. */
static char *take_file(const char *name, size_t *len)
{
	char dest[256];

	tmp_path(dest, sizeof(dest), name);
	char *body = lk_test_read_file(dest, len);
	assert_non_null(body);
	remove(dest);
	return body;
}

/* d failed (with exactly error, unless NULL) and left no file behind. */
static void assert_failed(const struct dl *d, const char *name, const char *error)
{
	assert_false(d->ok);
	assert_true(strlen(d->error) > 0);
	if (error)
		assert_string_equal(d->error, error);
	assert_no_files(name);
}

static void assert_file_equals_fixture(const char *name, const char *fixture)
{
	char dest[256], fix[1024];
	size_t got_len = 0, want_len = 0;

	tmp_path(dest, sizeof(dest), name);
	snprintf(fix, sizeof(fix), "%s/tests/fixtures/%s", LK_SOURCE_DIR, fixture);
	char *got = lk_test_read_file(dest, &got_len);
	char *want = lk_test_read_file(fix, &want_len);
	assert_non_null(got);
	assert_non_null(want);
	assert_true(want_len > 0);
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);
	free(got);
	free(want);
	remove(dest);
}

static int net_setup(void **state)
{
	struct lk_net_config cfg = {0};

	*state = lk_net_create(&cfg);
	return *state ? 0 : -1;
}

static int net_teardown(void **state)
{
	lk_net_destroy(*state);
	return 0;
}

/* ---- URLs --------------------------------------------------------------- */

static void test_url_allowed(void **state)
{
	static const struct {
		const char *url;
		bool allowed;
	} table[] = {
		{"http://example.com/a.png", true},
		{"https://x", true},
		{"HTTPS://x", true},
		{"HtTp://127.0.0.1:8080/p?q=1", true},
		{"http://user@host/x", true},
		{"file:///etc/passwd", false},
		{"ftp://127.0.0.1/x", false},
		{"data:image/png;base64,AAAA", false},
		{"javascript:alert(1)", false},
		{"", false},
		{"http://", false},
		{"https://", false},
		{"http:///path", false},
		{"http://:80/x", false},
		{"http://user@/x", false},
		{"httpx://x", false},
		{" http://x", false},
		{"http:/x", false},
	};

	assert_false(lk_net_url_allowed(NULL));
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (lk_net_url_allowed(table[i].url) != table[i].allowed)
			fail_msg("lk_net_url_allowed(\"%s\") should be %d", table[i].url, table[i].allowed);
	}
}

static void test_refused_scheme_no_callback(void **state)
{
	struct waiter w;
	struct dl d = {.w = &w};
	char dest[256];

	waiter_init(&w);
	tmp_path(dest, sizeof(dest), "refused.bin");
	assert_false(lk_net_download(*state, "file:///etc/hostname", dest, 1000, dl_done, &d));
	assert_false(lk_net_download(*state, "ftp://127.0.0.1/x", dest, 1000, dl_done, &d));
	lk_test_sleep_ms(200);
	assert_int_equal(d.calls, 0);
	assert_no_files("refused.bin");
	waiter_free(&w);
}

/* ---- downloads ---------------------------------------------------------- */

static void test_download_ok(void **state)
{
	struct dl d = fetch(*state, "/img/red-8x8.png", "red.png", 1 << 20);

	assert_true(d.ok);
	assert_int_equal(d.status, 200);
	assert_string_equal(d.error, "");
	assert_no_files("red.png.part");
	assert_file_equals_fixture("red.png", "red-8x8.png");
}

static void test_http_errors(void **state)
{
	struct dl d = fetch(*state, "/fault/404", "e404.png", 1 << 20);
	assert_int_equal(d.status, 404);
	assert_failed(&d, "e404.png", "HTTP 404");

	d = fetch(*state, "/fault/500", "e500.png", 1 << 20);
	assert_int_equal(d.status, 500);
	assert_failed(&d, "e500.png", "HTTP 500");
}

static void test_drop_mid_body(void **state)
{
	struct dl d = fetch(*state, "/fault/drop?after=5000", "drop.bin", 1 << 20);

	assert_int_equal(d.status, 200);
	assert_failed(&d, "drop.bin", NULL);
}

static void test_too_large(void **state)
{
	/* announced by Content-Length (CURLOPT_MAXFILESIZE_LARGE) */
	struct dl d = fetch(*state, "/fault/huge?bytes=3000000", "huge.bin", 100000);
	assert_failed(&d, "huge.bin", "response too large (over 100000 bytes)");

	/* chunked, no length known: the write callback stops it */
	d = fetch(*state, "/fault/huge?bytes=3000000&chunked=1", "huge2.bin", 100000);
	assert_failed(&d, "huge2.bin", "response too large (over 100000 bytes)");

	/* exactly at the cap is fine */
	d = fetch(*state, "/fault/huge?bytes=100000&chunked=1", "cap.bin", 100000);
	assert_true(d.ok);
	char dest[256];
	struct stat st;
	tmp_path(dest, sizeof(dest), "cap.bin");
	assert_true(stat(dest, &st) == 0 && st.st_size == 100000);
	remove(dest);
}

static void test_redirects(void **state)
{
	struct dl d = fetch(*state, "/fault/redirect?to=/img/red-8x8.png", "redir.png", 1 << 20);
	assert_true(d.ok);
	assert_int_equal(d.status, 200);
	assert_file_equals_fixture("redir.png", "red-8x8.png");

	d = fetch(*state, "/fault/redirects?n=5", "five.txt", 1 << 20);
	assert_true(d.ok);
	char dest[256];
	tmp_path(dest, sizeof(dest), "five.txt");
	remove(dest);

	d = fetch(*state, "/fault/redirects?n=6", "six.txt", 1 << 20);
	assert_failed(&d, "six.txt", NULL);
	assert_non_null(strstr(d.error, "redirect"));
}

static void test_redirect_ftp_refused(void **state)
{
	struct dl d = fetch(*state, "/fault/redirect-ftp", "ftp.bin", 1 << 20);

	assert_failed(&d, "ftp.bin", NULL);
	/* refused for its scheme, not tried and failed to connect */
	assert_non_null(strstr(d.error, "ftp"));
	assert_null(strstr(d.error, "connect"));
}

static void test_gzip_decoded(void **state)
{
	char want[8192];
	size_t len = 0, want_len = 0;

	for (int i = 0; i < 200; i++)
		want_len += (size_t)snprintf(want + want_len, sizeof(want) - want_len, "Linkon gzip line %d\n", i);

	/* require=1: the server answers 406 unless we offered gzip */
	struct dl d = fetch(*state, "/fault/gzip?require=1", "gzip.txt", 1 << 20);
	assert_true(d.ok);
	char *got = take_file("gzip.txt", &len);
	assert_int_equal(len, want_len);
	assert_memory_equal(got, want, want_len);
	free(got);
}

static void check_user_agent(struct lk_net *net, const char *expect)
{
	size_t len = 0;
	struct dl d = fetch(net, "/echo/headers", "headers.json", 1 << 20);

	assert_true(d.ok);
	char *json = take_file("headers.json", &len);
	if (!strstr(json, expect))
		fail_msg("server saw %s, expected %s", json, expect);
	free(json);
}

static void test_user_agent(void **state)
{
	struct lk_net_config cfg = {.user_agent = "Custom-Agent/9"};

	check_user_agent(*state, "\"User-Agent\": \"Linkon/");
	check_user_agent(*state, "(OBS plugin)");

	struct lk_net *net = lk_net_create(&cfg);
	assert_non_null(net);
	check_user_agent(net, "\"User-Agent\": \"Custom-Agent/9\"");
	lk_net_destroy(net);
}

static void test_local_failures(void **state)
{
	/* the destination directory does not exist */
	struct dl d = fetch(*state, "/img/red-8x8.png", "no-such-dir/red.png", 1 << 20);
	assert_failed(&d, "no-such-dir/red.png", NULL);
	/* in words a translation keeps: the code's template, the file as detail */
	assert_int_equal(lk_net_reason_of(d.error), LK_MSG_NET_SAVE_FAILED);
	assert_non_null(strstr(d.error, "the download could not be saved ("));
	assert_non_null(strstr(d.error, "no-such-dir/red.png.part: "));

	/* nothing listens on port 1 */
	d = fetch_url(*state, "http://127.0.0.1:1/x.png", "refused.png", 1000);
	assert_int_equal(d.status, 0);
	assert_failed(&d, "refused.png", NULL);
}

static void test_total_timeout(void **state)
{
	struct lk_net_config cfg = {.total_timeout_ms = 500};
	struct lk_net *net = lk_net_create(&cfg);
	int64_t start = lk_test_mono_ms();

	assert_non_null(net);
	/* the body would take 60 s: the 0.5 s limit ends it long before */
	struct dl d = fetch(net, "/fault/slow?bytes=300&delay_ms=200", "timeout.bin", 1 << 20);
	assert_failed(&d, "timeout.bin", NULL);
	assert_non_null(strstr(d.error, "timed out"));
	assert_true(lk_test_mono_ms() - start < 30000);
	lk_net_destroy(net);
}

/* 50 at once, each 0.5 s long, with a 1.5 s limit per transfer: they run
 * in a few rounds, and time spent waiting for a turn does not count. */
static void test_parallel(void **state)
{
	struct lk_net_config cfg = {.total_timeout_ms = 1500};
	struct lk_net *net = lk_net_create(&cfg);
	struct waiter w;
	struct dl d[PARALLEL];
	char url[512], name[64], dest[256];

	assert_non_null(net);
	waiter_init(&w);
	url_for(url, sizeof(url), "/fault/slow?bytes=5&delay_ms=100");
	for (int i = 0; i < PARALLEL; i++) {
		d[i] = (struct dl){.w = &w};
		snprintf(name, sizeof(name), "par-%d.bin", i);
		tmp_path(dest, sizeof(dest), name);
		assert_true(lk_net_download(net, url, dest, 1 << 20, dl_done, &d[i]));
	}
	assert_true(waiter_wait(&w, PARALLEL, WAIT_MS));
	for (int i = 0; i < PARALLEL; i++) {
		size_t len = 0;

		assert_int_equal(d[i].calls, 1);
		if (!d[i].ok)
			fail_msg("download %d failed: %s", i, d[i].error);
		snprintf(name, sizeof(name), "par-%d.bin", i);
		char *body = take_file(name, &len);
		assert_string_equal(body, "sssss");
		free(body);
	}
	lk_net_destroy(net);
	waiter_free(&w);
}

/* ---- shutting down ------------------------------------------------------ */

static void test_destroy_cancels_slow(void **state)
{
	struct lk_net *net = lk_net_create(NULL);
	struct waiter w;
	struct dl slow = {.w = &w}, queued = {.w = &w};
	char url[512], dest[256], dest2[256];

	assert_non_null(net);
	waiter_init(&w);
	/* 64 KiB at once, then 120 bytes at one a second: the body would take
	 * 2 minutes */
	url_for(url, sizeof(url), "/fault/slow?first=65536&bytes=120&delay_ms=1000");
	tmp_path(dest, sizeof(dest), "slow.bin");
	tmp_path(dest2, sizeof(dest2), "slow2.bin");
	assert_true(lk_net_download(net, url, dest, 1 << 20, dl_done, &slow));
	/* the headers and the first bytes are in once the partial file has them */
	char part[300];
	struct stat st;
	snprintf(part, sizeof(part), "%s.part", dest);
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!(stat(part, &st) == 0 && st.st_size > 0) && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	assert_true(st.st_size > 0);

	assert_true(lk_net_download(net, url, dest2, 1 << 20, dl_done, &queued));
	int64_t start = lk_test_mono_ms();
	lk_net_destroy(net);
	int64_t took = lk_test_mono_ms() - start;

	if (took >= 30000) /* it did not wait for the 2-minute body */
		fail_msg("lk_net_destroy took %lld ms", (long long)took);
	assert_int_equal(w.done, 2);
	assert_int_equal(slow.calls, 1);
	assert_false(slow.ok);
	assert_int_equal(slow.status, 200); /* it was mid-body */
	assert_string_equal(slow.error, "cancelled");
	assert_int_equal(queued.calls, 1);
	assert_false(queued.ok);
	assert_string_equal(queued.error, "cancelled");
	assert_no_files("slow.bin");
	assert_no_files("slow2.bin");
	waiter_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_allowed),
		cmocka_unit_test_setup_teardown(test_refused_scheme_no_callback, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_download_ok, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_http_errors, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_drop_mid_body, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_too_large, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_redirects, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_redirect_ftp_refused, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_gzip_decoded, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_user_agent, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_local_failures, net_setup, net_teardown),
		cmocka_unit_test(test_total_timeout),
		cmocka_unit_test(test_parallel),
		cmocka_unit_test(test_destroy_cancels_slow),
	};
	int failed;

	main_thread = pthread_self();
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	failed = cmocka_run_group_tests_name("net", tests, start_server, stop_server);
	curl_global_cleanup();
	return failed;
}
