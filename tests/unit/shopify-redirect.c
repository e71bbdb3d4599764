/*
 * Linkon — the Shopify connector when the shop's endpoint redirects to
 * another origin (issue 14 item 7): the token (X-Shopify-Access-Token, a
 * header libcurl does not strip on a redirect) never reaches the other
 * host, no answer of it is applied, the status says why, and the catalog
 * already synced stays. Two loopback servers: the shop, and "other".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "shopify-util.h"

#include <stdio.h>
#include <string.h>

/* GraphQL requests that reached the shop's server (and went on by its
 * redirect rule, if one is set). */
static size_t api_requests(void)
{
	return lk_testsrv_seen(&shop_srv, NULL, "\"path\":\"/admin/api/");
}

/* Waits until the shop's server got n more GraphQL requests. */
static void wait_more_requests(size_t n)
{
	size_t want = api_requests() + n;
	int64_t end = lk_test_mono_ms() + WAIT_MS;

	while (api_requests() < want && lk_test_mono_ms() < end)
		lk_test_sleep_ms(20);
	assert_true(api_requests() >= want);
}

/* Sends every GraphQL request to `to` (NULL: no more). */
static void redirect_api(const char *to)
{
	char rule[256];

	if (to)
		snprintf(rule, sizeof(rule), "{\"prefix\": \"/admin/api/\", \"to\": \"%s\"}", to);
	shop_config("/_redirect", to ? rule : "{\"prefix\": null}");
}

static void expect_refused_keeping(struct fx *f, const char *to)
{
	assert_true(fx_said(f, "redirected to another host"));
	assert_true(fx_said(f, to)); /* names the other origin */
	wait_more_requests(3);       /* it keeps retrying, and keeps being refused */
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_true(snap->status.state != LK_CONN_CONNECTED);
	assert_int_equal(snap->num_products, 6); /* the last good catalog stays */
	lk_snapshot_release(snap);
}

static void test_redirect_refused(void **state)
{
	struct fx *f = &the_fx;
	struct lk_testsrv other;
	char to[128];

	assert_int_equal(lk_testsrv_start(&other), 0);
	shop_config("/_shopify/config", "{\"products\": 6}");
	fx_start(f, "{\"refresh_s\": 1}");
	wait_connected(f, 6);

	/* another port: nothing at all reaches it */
	snprintf(to, sizeof(to), "http://127.0.0.1:%d", other.port);
	redirect_api(to);
	expect_refused_keeping(f, to);
	assert_int_equal(lk_testsrv_seen(&other, NULL, NULL), 0);
	redirect_api(NULL);
	wait_connected(f, 6);

	/* the same server under another name is another origin too */
	snprintf(to, sizeof(to), "http://localhost:%d", shop_srv.port);
	redirect_api(to);
	expect_refused_keeping(f, to);
	assert_int_equal(lk_testsrv_seen(&shop_srv, "localhost", NULL), 0);
	redirect_api(NULL);
	wait_connected(f, 6);

	fx_stop(f); /* fails if the token was in a log line or a status */
	assert_int_equal(lk_testsrv_seen(&other, NULL, NULL), 0);
	lk_testsrv_stop(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_redirect_refused, fx_teardown),
	};
	return shopify_run_tests(tests, sizeof(tests) / sizeof(tests[0]), "test-shopify-redirect.log");
}
