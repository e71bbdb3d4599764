/*
 * Linkon — helpers for the Shopify connector tests (see shopify-util.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "shopify-util.h"

#include <curl/curl.h>
#include <obs-module.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>

#include "net/lk-net.h"

OBS_DECLARE_MODULE()

struct lk_testsrv shop_srv;

/* ---- every log line, to look for the token -------------------------------------- */

bool log_has(const char *needle)
{
	return lk_testlog_has(needle);
}

/* ---- the server's control paths -------------------------------------------------- */

static size_t collect(char *ptr, size_t size, size_t n, void *data)
{
	dstr_ncat(data, ptr, size * n);
	return size * n;
}

json_t *shop_ctl(const char *path, const char *post_body)
{
	char url[256];
	struct dstr got = {0};
	CURL *easy = curl_easy_init();
	long status = 0;

	lk_testsrv_url(&shop_srv, path, url, sizeof(url));
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, &got);
	if (post_body)
		curl_easy_setopt(easy, CURLOPT_POSTFIELDS, post_body);
	assert_int_equal(curl_easy_perform(easy), CURLE_OK);
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(easy);
	if (status != 200)
		fail_msg("%s: HTTP %ld %s", path, status, got.array ? got.array : "");
	json_t *j = json_loads(got.array ? got.array : "", 0, NULL);
	dstr_free(&got);
	assert_non_null(j);
	return j;
}

void shop_config(const char *path, const char *body)
{
	json_decref(shop_ctl(path, body));
}

int64_t stat_count(const char *name)
{
	json_t *s = shop_ctl("/_shopify/stats", NULL);
	int64_t n = (int64_t)json_integer_value(json_object_get(json_object_get(s, "counts"), name));
	json_decref(s);
	return n;
}

/* A variant's price (minor units) on the server; compare: its
 * compareAtPrice (-1 = none). */
int64_t server_price(const char *variant, int64_t *compare)
{
	json_t *s = shop_ctl("/_shopify/stats", NULL);
	json_t *v = json_object_get(json_object_get(s, "prices"), variant);
	int64_t price = (int64_t)json_integer_value(json_object_get(v, "price"));
	json_t *c = json_object_get(v, "compareAtPrice");
	*compare = json_is_integer(c) ? (int64_t)json_integer_value(c) : -1;
	assert_non_null(v);
	json_decref(s);
	return price;
}

/* ---- the fixture: store, worker, connector ---------------------------------------- */

static void on_version(void *data, uint64_t version)
{
	struct fx *f = data;
	struct lk_snapshot *snap = lk_store_get(f->store);

	pthread_mutex_lock(&f->mutex);
	f->seen[snap->status.state] = true;
	if ((snap->status.state == LK_CONN_OFFLINE || snap->status.state == LK_CONN_PROTOCOL_ERROR) &&
	    snap->status.next_retry_ms > 0)
		f->retry_shown = true;
	if (snap->status.message) {
		dstr_cat(&f->messages, snap->status.message);
		dstr_cat(&f->messages, "\n");
	}
	pthread_mutex_unlock(&f->mutex);
	lk_snapshot_release(snap);
}

/* what the controller does when the connector runs no sales itself */
static int64_t sale_tick(void *data, int64_t now_ms)
{
	lk_store_tick(data, now_ms);
	return 20;
}

json_t *settings_for(struct fx *f, const char *extra)
{
	char url[256];

	lk_testsrv_url(&shop_srv, "/admin/api/2025-01/graphql.json", url, sizeof(url));
	json_t *s = json_pack("{s:s, s:s, s:s, s:s, s:i}", "shop", "linkon-test", "token", TOKEN, "endpoint", url,
			      "journal_path", f->journal, "backoff_min_ms", 50);
	json_t *more = extra ? json_loads(extra, 0, NULL) : NULL;
	if (more)
		json_object_update(s, more);
	json_decref(more);
	return s;
}

void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->mutex, NULL);
	lk_testsrv_path(&shop_srv, "journal.json", f->journal, sizeof(f->journal));
	f->store = lk_store_create();
	f->net = lk_net_create(NULL);
	lk_store_add_listener(f->store, on_version, f);
	f->sale_tick = lk_net_add_tick(f->net, sale_tick, f->store);
}

void fx_start(struct fx *f, const char *extra)
{
	fx_init(f);
	json_t *s = settings_for(f, extra);
	f->conn = lk_conn_shopify.create(f->store, f->net, s, NULL);
	json_decref(s);
	assert_non_null(f->conn);
}

void fx_stop(struct fx *f)
{
	lk_conn_shopify.destroy(f->conn);
	if (f->sale_tick)
		lk_net_remove_tick(f->net, f->sale_tick);
	lk_net_destroy(f->net);
	lk_store_remove_listener(f->store, on_version, f);
	lk_store_destroy(f->store);
	f->store = NULL;
	bool leaked = log_has(TOKEN) || (f->messages.array && strstr(f->messages.array, TOKEN));
	dstr_free(&f->messages);
	pthread_mutex_destroy(&f->mutex);
	unlink(f->journal);
	assert_false(leaked); /* the token in a log line or a status message */
}

struct fx the_fx;

int fx_teardown(void **state)
{
	if (the_fx.store)
		fx_stop(&the_fx);
	return 0;
}

bool fx_said(struct fx *f, const char *needle)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	bool said = false;

	while (!said) {
		pthread_mutex_lock(&f->mutex);
		said = f->messages.array && strstr(f->messages.array, needle);
		pthread_mutex_unlock(&f->mutex);
		if (said || lk_test_mono_ms() > end)
			break;
		lk_test_sleep_ms(10);
	}
	return said;
}

bool fx_said_now(struct fx *f, const char *needle)
{
	pthread_mutex_lock(&f->mutex);
	bool said = f->messages.array && strstr(f->messages.array, needle);
	pthread_mutex_unlock(&f->mutex);
	return said;
}

bool fx_seen(struct fx *f, enum lk_conn_state s)
{
	pthread_mutex_lock(&f->mutex);
	bool yes = f->seen[s];
	pthread_mutex_unlock(&f->mutex);
	return yes;
}

bool connected_with(struct fx *f, size_t n)
{
	struct lk_snapshot *snap = lk_store_get(f->store);
	bool ok = snap->status.state == LK_CONN_CONNECTED && snap->num_products == n;
	lk_snapshot_release(snap);
	return ok;
}

void wait_connected(struct fx *f, size_t n)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!connected_with(f, n) && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	if (!connected_with(f, n))
		fail_msg("not connected with %zu products", n);
}

enum lk_conn_state fx_state(struct fx *f)
{
	struct lk_snapshot *snap = lk_store_get(f->store);
	enum lk_conn_state s = snap->status.state;
	lk_snapshot_release(snap);
	return s;
}

void wait_state(struct fx *f, enum lk_conn_state want)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (fx_state(f) != want && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	assert_int_equal(fx_state(f), want);
}

void wait_price(const char *variant, int64_t price, int64_t compare)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS, c = 0, p = 0;
	while ((p = server_price(variant, &c)) != price || c != compare) {
		if (lk_test_mono_ms() > end)
			fail_msg("%s: price %lld / %lld, want %lld / %lld", variant, (long long)p, (long long)c,
				 (long long)price, (long long)compare);
		lk_test_sleep_ms(20);
	}
}

void wait_file_gone(const char *path)
{
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (access(path, F_OK) == 0 && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* ---- running ------------------------------------------------------------------------ */

static int setup(void **state)
{
	return lk_testsrv_start(&shop_srv);
}

static int teardown(void **state)
{
	lk_testsrv_stop(&shop_srv);
	return 0;
}

int shopify_run_tests(const struct CMUnitTest *tests, size_t n, const char *log_name)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	lk_testlog_start();
	int failed = _cmocka_run_group_tests("shopify", tests, n, setup, teardown);
	lk_testlog_stop(log_name);
	curl_global_cleanup();
	return failed;
}

/* ---- sales, as the controller would apply them ------------------------------------ */

void put_sale(struct fx *f, const char *id, const char *product, int64_t price, int64_t duration_ms)
{
	struct lk_events evs;
	struct lk_snapshot *snap = lk_store_get(f->store);
	int64_t now = lk_snapshot_platform_now(snap, lk_now_ms());
	lk_snapshot_release(snap);

	struct lk_sale *s = lk_sale_new(id, product);
	s->sale_price = price;
	s->start_ms = now;
	s->end_ms = now + duration_ms;
	lk_events_init(&evs);
	lk_events_sale_put(&evs, s);
	lk_store_apply(f->store, &evs);
	lk_events_free(&evs);
}

void stop_sale(struct fx *f, const char *id)
{
	struct lk_events evs;
	struct lk_snapshot *snap = lk_store_get(f->store);
	int64_t now = lk_snapshot_platform_now(snap, lk_now_ms());
	lk_snapshot_release(snap);

	lk_events_init(&evs);
	lk_events_sale_stop(&evs, id, now);
	lk_store_apply(f->store, &evs);
	lk_events_free(&evs);
}
