/*
 * Linkon — the bridge connector when its bridge redirects to another
 * origin (issue 14 item 7): the token never reaches the other host, no
 * answer of it is applied, the status says why, and the catalog already
 * synced stays. Two loopback servers: the bridge, and "other".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bridge-util.h"

#include <stdio.h>
#include <string.h>

static struct bt t;

static bool has_products(struct bt *b)
{
	struct lk_snapshot *s = lk_store_get(b->store);
	bool ok = s->num_products == 20;
	lk_snapshot_release(s);
	return ok;
}

static bool says_redirect(struct bt *b)
{
	struct lk_snapshot *s = lk_store_get(b->store);
	bool ok = s->status.state != LK_CONN_CONNECTED && s->status.message &&
		  strstr(s->status.message, "redirected to another host");
	lk_snapshot_release(s);
	return ok;
}

/* Requests for bridge paths that reached the bridge server (and were sent
 * on by its redirect rule). */
static size_t v1_requests(void)
{
	return lk_testsrv_seen(&t.srv, NULL, "\"path\":\"/v1/");
}

static size_t want_requests;

static bool more_requests(struct bt *b)
{
	return v1_requests() >= want_requests;
}

/* Sends every /v1/ request to `to` (NULL: no more) and checks what the
 * connector makes of it. */
static void redirect_v1(const char *to)
{
	char rule[256];

	if (to)
		snprintf(rule, sizeof(rule), "{\"prefix\": \"/v1/\", \"to\": \"%s\"}", to);
	bt_ctl_ok(&t, "/_redirect", to ? rule : "{\"prefix\": null}");
}

static void test_redirect_refused(void **state)
{
	struct lk_testsrv other;
	char to[128];

	assert_int_equal(lk_testsrv_start(&other), 0);
	bt_log_capture_start();
	bt_start(&t, "{\"products\": 20}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	assert_true(bt_wait(&t, has_products, BT_WAIT_MS));

	/* another port */
	snprintf(to, sizeof(to), "http://127.0.0.1:%d", other.port);
	redirect_v1(to);
	bt_ctl_ok(&t, "/_bridge/mutate", "{\"refetch\": true}"); /* the stream asks for a new catalog too */
	assert_true(bt_wait(&t, says_redirect, BT_WAIT_MS));
	struct lk_snapshot *s = lk_store_get(t.store);
	assert_non_null(strstr(s->status.message, to)); /* names the other origin */
	assert_null(strstr(s->status.message, BT_TOKEN));
	assert_int_equal(s->num_products, 20); /* the last good catalog stays */
	lk_snapshot_release(s);
	want_requests = v1_requests() + 3; /* it keeps trying (and being refused) */
	assert_true(bt_wait(&t, more_requests, BT_WAIT_MS));
	assert_int_equal(lk_testsrv_seen(&other, NULL, NULL), 0);

	/* back to normal: it recovers */
	redirect_v1(NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));

	/* the same server under another name is another origin too */
	snprintf(to, sizeof(to), "http://localhost:%d", t.srv.port);
	redirect_v1(to);
	assert_true(bt_wait(&t, says_redirect, BT_WAIT_MS));
	want_requests = v1_requests() + 3;
	assert_true(bt_wait(&t, more_requests, BT_WAIT_MS));
	assert_int_equal(lk_testsrv_seen(&t.srv, "localhost", NULL), 0);
	assert_true(has_products(&t));
	redirect_v1(NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));

	bt_stop(&t);
	assert_int_equal(bt_log_count(BT_TOKEN), 0);
	bt_log_capture_stop();
	assert_int_equal(lk_testsrv_seen(&other, NULL, NULL), 0);
	lk_testsrv_stop(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_redirect_refused, bt_teardown),
	};

	return bt_run_group("bridge-redirect", tests, sizeof(tests) / sizeof(tests[0]), &t);
}
