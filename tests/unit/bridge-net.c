/*
 * Linkon — what the net worker must honour for a connector that carries a
 * token, beyond tests/unit/test-net*.c: TLS certificates are verified (an
 * untrusted server never sees the request), the system proxy is used, a
 * redirect to another host leaves the token behind, and the connect
 * timeout applies to a server that never completes a connect.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lk-testsrv.h"
#include "net/lk-net.h"
#include "net/lk-net-words.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <util/bmem.h>

#define WAIT_MS 20000

static struct lk_testsrv srv;

static int start_server(void **state)
{
	return lk_testsrv_start(&srv);
}

static int stop_server(void **state)
{
	lk_testsrv_stop(&srv);
	return 0;
}

/* ---- one response ------------------------------------------------------------ */

struct got {
	pthread_mutex_t mutex;
	bool done;
	bool ok;
	long status;
	char error[256];
	char *body; /* malloc'd */
};

static void got_cb(void *data, const struct lk_net_response *res)
{
	struct got *g = data;

	pthread_mutex_lock(&g->mutex);
	g->ok = res->ok;
	g->status = res->http_status;
	snprintf(g->error, sizeof(g->error), "%s", res->error ? res->error : "");
	g->body = strdup(res->body);
	g->done = true;
	pthread_mutex_unlock(&g->mutex);
}

/* Requests url on net with a token in Authorization and one in a custom
 * header (as Shopify's X-Shopify-Access-Token, which libcurl does not strip
 * on a redirect) and waits for the answer. */
static void request(struct lk_net *net, const char *url, struct got *g)
{
	const char *headers[] = {"Authorization: Bearer tok-SECRET-net", "X-Shopify-Access-Token: shpat_SECRET_net",
				 NULL};
	struct lk_net_request req = {.url = url, .headers = headers};
	int64_t end = lk_test_mono_ms() + WAIT_MS;

	memset(g, 0, sizeof(*g));
	pthread_mutex_init(&g->mutex, NULL);
	assert_true(lk_net_request(net, &req, got_cb, g) > 0);
	for (;;) {
		pthread_mutex_lock(&g->mutex);
		bool done = g->done;
		pthread_mutex_unlock(&g->mutex);
		if (done)
			break;
		assert_true(lk_test_mono_ms() < end);
		lk_test_sleep_ms(5);
	}
	pthread_mutex_destroy(&g->mutex);
}

/* ---- TLS ------------------------------------------------------------------------- */

static void test_tls_verified(void **state)
{
	char cert[128], key[128], port_file[128], log[128], cmd[1024], url[128];
	size_t len = 0;

	lk_testsrv_path(&srv, "cert.pem", cert, sizeof(cert));
	lk_testsrv_path(&srv, "key.pem", key, sizeof(key));
	lk_testsrv_path(&srv, "tls-port", port_file, sizeof(port_file));
	lk_testsrv_path(&srv, "tls-log", log, sizeof(log));
	snprintf(cmd, sizeof(cmd),
		 "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
		 "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout %s -out %s 2>/dev/null",
		 key, cert);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd),
		 "exec python3 %s/tests/server/lk-tls-server.py --cert %s --key %s --port-file %s --log %s",
		 LK_SOURCE_DIR, cert, key, port_file, log);
	FILE *server = popen(cmd, "w"); /* it stops when its stdin closes */
	assert_non_null(server);
	int port = lk_testsrv_wait_port(port_file, 0);
	assert_true(port > 0);

	struct lk_net *net = lk_net_create(NULL);
	struct got g;
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/tls-check", port);
	request(net, url, &g);
	assert_false(g.ok);
	if (!strstr(g.error, "certificate") && !strstr(g.error, "SSL"))
		fail_msg("unexpected error: %s", g.error);
	assert_null(strstr(g.error, "SECRET"));
	free(g.body);
	lk_net_destroy(net);
	pclose(server);

	char *seen = lk_test_read_file(log, &len);
	assert_int_equal(len, 0); /* no request got through */
	free(seen);
}

/* ---- proxy ------------------------------------------------------------------------ */

/* http_proxy names the test server: a request for a host that does not
 * exist goes to it, in proxy form (the absolute URL). */
static void test_proxy_from_environment(void **state)
{
	char proxy[128];

	lk_testsrv_url(&srv, "", proxy, sizeof(proxy));
	setenv("http_proxy", proxy, 1);
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	struct lk_net *net = lk_net_create(NULL);
	struct got g;
	request(net, "http://linkon-proxy-check.invalid/echo/request", &g);
	unsetenv("http_proxy");
	lk_net_destroy(net);

	assert_true(g.ok);
	assert_int_equal(g.status, 200);
	json_t *doc = json_loads(g.body, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "path")),
			    "http://linkon-proxy-check.invalid/echo/request");
	json_decref(doc);
	free(g.body);
}

/* ---- redirects --------------------------------------------------------------------- */

/* "http://127.0.0.1:<srv>/fault/redirect?to=<escaped to>" */
static void redirect_url(const char *to, char *url, size_t size)
{
	char *esc = curl_easy_escape(NULL, to, 0);
	lk_testsrv_url(&srv, "/fault/redirect?to=", url, size);
	strncat(url, esc, size - strlen(url) - 1);
	curl_free(esc);
}

/* Requests a redirect to `to` with tokens: refused, with an error that
 * says so and names the origin only. */
static void expect_refused(struct lk_net *net, const char *to)
{
	char url[512];
	struct got g;

	redirect_url(to, url, sizeof(url));
	request(net, url, &g);
	assert_false(g.ok);
	if (!strstr(g.error, "redirect") || !strstr(g.error, "another host") ||
	    lk_net_reason_of(g.error) != LK_MSG_NET_REDIRECT_REFUSED)
		fail_msg("unclear error: %s", g.error);
	assert_null(strstr(g.error, "SECRET"));
	assert_null(strstr(g.error, "echo")); /* the origin only, not the path */
	free(g.body);
}

/* An API request is refused, not followed, when redirected to another
 * origin (scheme, host or port), so no token (in any header) reaches the
 * other host and no answer from it is taken; the caller gets a clear
 * error. A redirect within the same origin is followed, token and all. */
static void test_token_not_redirected(void **state)
{
	char url[512], to[256];
	struct lk_testsrv other;
	struct lk_net *net = lk_net_create(NULL);
	struct got g;

	assert_int_equal(lk_testsrv_start(&other), 0);

	/* another port: nothing reaches it */
	snprintf(to, sizeof(to), "http://127.0.0.1:%d/echo/headers", other.port);
	expect_refused(net, to);
	assert_int_equal(lk_testsrv_seen(&other, NULL, NULL), 0);
	/* the same server under another name: another origin too */
	snprintf(to, sizeof(to), "http://localhost:%d/echo/headers", srv.port);
	expect_refused(net, to);
	assert_int_equal(lk_testsrv_seen(&srv, "localhost", NULL), 0);
	/* another scheme (https here; from https, http would be a downgrade) */
	snprintf(to, sizeof(to), "https://127.0.0.1:%d/echo/headers", srv.port);
	expect_refused(net, to);

	/* a relative redirect on the same origin: followed, tokens kept */
	lk_testsrv_url(&srv, "/fault/redirect?to=/echo/headers", url, sizeof(url));
	request(net, url, &g);
	assert_true(g.ok);
	assert_int_equal(g.status, 200);
	assert_non_null(strstr(g.body, "tok-SECRET-net"));
	assert_non_null(strstr(g.body, "shpat_SECRET_net"));
	free(g.body);
	/* and an absolute one naming the same origin */
	snprintf(to, sizeof(to), "http://127.0.0.1:%d/echo/headers", srv.port);
	redirect_url(to, url, sizeof(url));
	request(net, url, &g);
	assert_true(g.ok);
	assert_non_null(strstr(g.body, "shpat_SECRET_net"));
	free(g.body);

	lk_net_destroy(net);
	assert_int_equal(lk_testsrv_seen(&other, NULL, "SECRET"), 0);
	lk_testsrv_stop(&other);
}

static void test_same_origin(void **state)
{
	assert_true(lk_net_same_origin("https://shop.example/a", "https://SHOP.example:443/b?c#d"));
	assert_true(lk_net_same_origin("http://127.0.0.1/x", "HTTP://127.0.0.1:80/"));
	assert_true(lk_net_same_origin("http://[::1]:8080/a", "http://[::1]:8080/b"));
	assert_false(lk_net_same_origin("https://shop.example/a", "http://shop.example/a")); /* downgrade */
	assert_false(lk_net_same_origin("http://shop.example/a", "https://shop.example/a"));
	assert_false(lk_net_same_origin("http://127.0.0.1:8080/", "http://localhost:8080/"));
	assert_false(lk_net_same_origin("http://127.0.0.1:8080/", "http://127.0.0.1:8081/"));
	assert_false(lk_net_same_origin("https://shop.example/", "https://shop.example.evil.test/"));
	assert_false(lk_net_same_origin("https://shop.example/", "not a url"));
	assert_false(lk_net_same_origin(NULL, "https://shop.example/"));
}

/* Image downloads carry no token and still follow a redirect to another
 * host (catalog image URLs often point at a CDN that redirects). */
static bool dl_done;
static bool dl_ok;
static pthread_mutex_t dl_mutex = PTHREAD_MUTEX_INITIALIZER;

static void dl_cb(void *data, const struct lk_net_result *res)
{
	pthread_mutex_lock(&dl_mutex);
	dl_ok = res->ok;
	dl_done = true;
	pthread_mutex_unlock(&dl_mutex);
}

static void test_download_follows_redirect(void **state)
{
	char url[512], to[256], dest[256];
	struct lk_testsrv other;

	assert_int_equal(lk_testsrv_start(&other), 0);
	snprintf(to, sizeof(to), "http://localhost:%d/img/red-8x8.png", other.port);
	redirect_url(to, url, sizeof(url));
	lk_testsrv_path(&srv, "red.png", dest, sizeof(dest));

	struct lk_net *net = lk_net_create(NULL);
	dl_done = false;
	assert_true(lk_net_download(net, url, dest, 1 << 20, dl_cb, NULL));
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	for (;;) {
		pthread_mutex_lock(&dl_mutex);
		bool done = dl_done;
		pthread_mutex_unlock(&dl_mutex);
		if (done)
			break;
		assert_true(lk_test_mono_ms() < end);
		lk_test_sleep_ms(5);
	}
	lk_net_destroy(net);
	assert_true(dl_ok);
	assert_int_equal(lk_testsrv_seen(&other, "localhost", "/img/red-8x8.png"), 1);
	lk_testsrv_stop(&other);
}

/* ---- connect timeout ---------------------------------------------------------------- */

/* A listening socket whose accept queue is full: the kernel drops further
 * connection attempts, so a connect never completes. */
static int full_listener(int *port, int fillers[2])
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t n = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	assert_int_equal(listen(fd, 0), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &n), 0);
	*port = ntohs(addr.sin_port);
	for (int i = 0; i < 2; i++) {
		fillers[i] = socket(AF_INET, SOCK_STREAM, 0);
		fcntl(fillers[i], F_SETFL, O_NONBLOCK);
		connect(fillers[i], (struct sockaddr *)&addr, sizeof(addr));
	}
	lk_test_sleep_ms(100);
	return fd;
}

static void test_connect_timeout(void **state)
{
	struct lk_net_config cfg = {.connect_timeout_ms = 300, .total_timeout_ms = 120000};
	int port, fillers[2];
	int fd = full_listener(&port, fillers);
	char url[64];

	struct lk_net *net = lk_net_create(&cfg);
	struct got g;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/never", port);
	int64_t start = lk_test_mono_ms();
	request(net, url, &g);
	int64_t ms = lk_test_mono_ms() - start;
	lk_net_destroy(net);
	close(fillers[0]);
	close(fillers[1]);
	close(fd);

	printf("connect to a full accept queue: %lld ms, \"%s\"\n", (long long)ms, g.error);
	assert_false(g.ok);
	assert_int_equal(g.status, 0);
	if (ms >= 60000) /* the 0.3 s connect limit ended it, not the 120 s total */
		fail_msg("took %lld ms: %s", (long long)ms, g.error);
	free(g.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tls_verified),
		cmocka_unit_test(test_proxy_from_environment),
		cmocka_unit_test(test_same_origin),
		cmocka_unit_test(test_token_not_redirected),
		cmocka_unit_test(test_download_follows_redirect),
		cmocka_unit_test(test_connect_timeout),
	};
	int failed;

	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	failed = cmocka_run_group_tests_name("bridge-net", tests, start_server, stop_server);
	curl_global_cleanup();
	if (bnum_allocs() != 0)
		fail_msg("%ld allocations leaked", bnum_allocs());
	return failed;
}
