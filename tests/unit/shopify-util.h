/*
 * Linkon — helpers for the Shopify connector tests (test-shopify*.c): the
 * loopback server's Shopify area, a fixture (store, net worker, connector)
 * and every log line, to look for the token.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Main thread of a test program only, except where a comment says so.
 */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <util/dstr.h>

#include "lk-testsrv.h"
#include "core/lk-store.h"
#include "net/lk-connector.h"

#define TOKEN "shpat_linkon_test_token_0123456789" /* the server's default */
#define WAIT_MS 30000                              /* only a failing test waits this long */
#define P0 "gid://shopify/Product/1000"
#define V0 "gid://shopify/ProductVariant/5000"
#define V1 "gid://shopify/ProductVariant/5001"

extern const struct lk_connector_info lk_conn_shopify;
extern struct lk_testsrv shop_srv;

/* Runs tests (each with fx_teardown) against a fresh server, with every
 * log line captured (kept in the artifacts as log_name). */
int shopify_run_tests(const struct CMUnitTest *tests, size_t n, const char *log_name);
/* Whether any log line so far holds needle. Any thread. */
bool log_has(const char *needle);

/* ---- the server's control paths ---- */

/* GET (post_body NULL) or POST path; the JSON answer (new reference). */
json_t *shop_ctl(const char *path, const char *post_body);
void shop_config(const char *path, const char *body);

int64_t stat_count(const char *name);
/* A variant's price (minor units); *compare: compareAtPrice, -1 = none. */
int64_t server_price(const char *variant, int64_t *compare);

/* ---- the fixture ---- */

struct fx {
	struct lk_store *store;
	struct lk_net *net;
	void *conn;
	uint64_t sale_tick;
	char journal[512];

	pthread_mutex_t mutex; /* the listener writes, the test reads */
	bool seen[LK_CONN_PROTOCOL_ERROR + 1];
	bool retry_shown; /* an offline / protocol status carried next_retry_ms */
	struct dstr messages;
};

/* A sale on product starting now for duration_ms; a stop now (platform time). */
void put_sale(struct fx *f, const char *id, const char *product, int64_t price, int64_t duration_ms);
void stop_sale(struct fx *f, const char *id);

/* The test's fixture; a failed test leaves it running, fx_teardown stops it. */
extern struct fx the_fx;

/* The connector's settings: the loopback endpoint, the fixture's journal,
 * fast retries, plus extra (a JSON object, may be NULL). New reference. */
json_t *settings_for(struct fx *f, const char *extra);
/* Store, worker and a sale-state tick; no connector yet. */
void fx_init(struct fx *f);
/* fx_init, then the connector with settings_for(f, extra). */
void fx_start(struct fx *f, const char *extra);
/* Stops everything, then fails if the token was in a log line or status. */
void fx_stop(struct fx *f);
int fx_teardown(void **state);

/* Whether a status message so far held needle: waiting up to WAIT_MS for
 * it (fx_said), or not at all (fx_said_now). */
bool fx_said(struct fx *f, const char *needle);
bool fx_said_now(struct fx *f, const char *needle);
bool fx_seen(struct fx *f, enum lk_conn_state s);
enum lk_conn_state fx_state(struct fx *f);
bool connected_with(struct fx *f, size_t n);
void wait_connected(struct fx *f, size_t n);
void wait_state(struct fx *f, enum lk_conn_state want);
void wait_price(const char *variant, int64_t price, int64_t compare);
void wait_file_gone(const char *path);
