/*
 * Linkon — helpers for the bridge connector tests: the loopback server's
 * bridge area (tests/server/lkserver/bridge.py), the connector on a real
 * net worker, a gift sink and a log capture.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Main thread of a test program, except the sink and the log handler
 * (any thread).
 */
#pragma once

#include "lk-testsrv.h"
#include "net/lk-connector.h"
#include "net/lk-net.h"
#include "core/lk-store.h"

#include <jansson.h>
#include <stdbool.h>

#define BT_TOKEN "tok-SECRET-7f3a9c"
#define BT_WAIT_MS 20000

struct bt {
	struct lk_testsrv srv;
	struct lk_store *store;
	struct lk_net *net;
	const struct lk_connector_info *info;
	void *conn;
};

/* A test program's main: ignores SIGPIPE, starts libcurl and the server
 * around the group, records gifts (bt_gifts_*), and fails when bmalloc'd
 * memory leaked. Returns the number of failed tests. */
int bt_run_group(const char *name, const struct CMUnitTest *tests, size_t num, struct bt *t);
/* Per-test teardown: stops what a failed test left running in that t. */
int bt_teardown(void **state);

/* POSTs body (JSON text) to a control path; the answer (new ref) or NULL. */
json_t *bt_ctl(struct bt *t, const char *path, const char *body);
/* bt_ctl without the answer; fails the test when the server says no. */
void bt_ctl_ok(struct bt *t, const char *path, const char *body);
/* GET /_bridge/stats (new ref). */
json_t *bt_stats(struct bt *t);

/* Resets the shop (reset_body for /_bridge/reset), makes a store and a
 * worker and starts the bridge connector with fast test backoffs plus
 * extra settings (a JSON object text or NULL). */
void bt_start(struct bt *t, const char *reset_body, const char *extra_settings);
/* Destroys the connector, the worker and the store. */
void bt_stop(struct bt *t);

/* Polls pred(t) every 5 ms until it holds or ms passed; returns pred's last value. */
bool bt_wait(struct bt *t, bool (*pred)(struct bt *t), int ms);

/* The store's connection state now; whether it is "connected". */
int bt_conn_state(struct bt *t);
bool bt_connected(struct bt *t);

/* ---- gifts: a sink that records ids in order -------------------------------- */

void bt_gifts_reset(void);
size_t bt_gifts_count(void);
/* The id of the i-th gift received (copy into out). */
void bt_gift_id(size_t i, char *out, size_t size);

/* ---- logs --------------------------------------------------------------------- */

/* Captures every blog line (and passes it on when verbose). */
void bt_log_capture_start(void);
void bt_log_capture_stop(void); /* also when not capturing: does nothing */
/* Lines captured that contain needle. */
size_t bt_log_count(const char *needle);
/* Lines captured that contain any part of secret at least min bytes long. */
size_t bt_log_count_part(const char *secret, size_t min);
/* Whether text holds any part of secret at least min bytes long. */
bool bt_has_part(const char *text, const char *secret, size_t min);
size_t bt_log_lines(void);
