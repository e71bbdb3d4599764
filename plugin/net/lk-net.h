/*
 * Linkon — the network worker: one thread owns the CURLM and every easy
 * handle (see ARCHITECTURE.md). Other threads only enqueue jobs.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_net;
struct lk_store;

/* Result of a download; callbacks run on the worker thread. */
struct lk_net_result {
	bool ok;
	long http_status;   /* 0 if no HTTP response */
	const char *error;  /* plain words when !ok, else NULL */
	const char *path;   /* destination file (downloads) */
};
typedef void (*lk_net_done_cb)(void *data, const struct lk_net_result *res);

/* Periodic work on the worker thread (connectors). Returns the delay in ms
 * until it wants to run again (<= 0: as soon as possible, bounded to 1 ms). */
typedef int64_t (*lk_net_tick_cb)(void *data, int64_t now_ms);

struct lk_net_config {
	const char *user_agent;   /* "Linkon/<version>"; NULL = default */
	long connect_timeout_ms;  /* default 5000 */
	long total_timeout_ms;    /* default 30000 */
};

/* Starts the worker thread. Module load. */
struct lk_net *lk_net_create(const struct lk_net_config *cfg);
/* Stops promptly even with transfers in flight (they are aborted and their
 * callbacks run with ok = false, error = "cancelled"), joins, frees. */
void lk_net_destroy(struct lk_net *net);

/* Queues a download of url (http/https only) into dest_path: written to
 * dest_path + ".part" and renamed on success. Bodies over max_bytes are
 * aborted. cb(data, result) runs once on the worker thread. Any thread;
 * never blocks. Returns false if the URL scheme is refused (cb not called). */
bool lk_net_download(struct lk_net *net, const char *url, const char *dest_path, size_t max_bytes,
		     lk_net_done_cb cb, void *data);

/* Adds periodic work; first run as soon as possible. Returns an id for
 * lk_net_remove_tick. remove waits until a running tick has returned, so
 * data may be freed after it (do not call remove from inside the tick). */
uint64_t lk_net_add_tick(struct lk_net *net, lk_net_tick_cb cb, void *data);
void lk_net_remove_tick(struct lk_net *net, uint64_t id);

/* true for http:// and https:// URLs (case-insensitive scheme). */
bool lk_net_url_allowed(const char *url);

#ifdef __cplusplus
}
#endif
