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
	long http_status;  /* 0 if no HTTP response */
	const char *error; /* plain words when !ok, else NULL */
	const char *path;  /* destination file (downloads) */
};
typedef void (*lk_net_done_cb)(void *data, const struct lk_net_result *res);

/* Periodic work on the worker thread (connectors). Returns the delay in ms
 * until it wants to run again (<= 0: as soon as possible, bounded to 1 ms). */
typedef int64_t (*lk_net_tick_cb)(void *data, int64_t now_ms);

struct lk_net_config {
	const char *user_agent;  /* "Linkon/<version>"; NULL = default */
	long connect_timeout_ms; /* default 5000 */
	long total_timeout_ms;   /* default 30000 */
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
bool lk_net_download(struct lk_net *net, const char *url, const char *dest_path, size_t max_bytes, lk_net_done_cb cb,
		     void *data);

/* ---- requests and streams (connectors) ---------------------------------
 *
 * A request keeps its response body in memory (up to a cap) and reports
 * the headers a connector needs; a stream hands a 2xx body to its reader
 * as it arrives (Server-Sent Events) and has no total timeout, only an idle
 * one. Request headers (tokens included) are copied and never logged. */

#define LK_NET_DEFAULT_MAX_BODY ((size_t)1 << 20)
#define LK_NET_DEFAULT_IDLE_MS 45000L

struct lk_net_request {
	const char *method;         /* NULL = "GET"; "POST", "PUT", "DELETE", … */
	const char *url;            /* http:// or https:// */
	const char *const *headers; /* "Name: value" strings, NULL-terminated; may be NULL */
	const char *body;           /* request body, may be NULL (copied) */
	size_t body_len;
	size_t max_bytes;     /* response body cap; 0 = LK_NET_DEFAULT_MAX_BODY (streams: for
			       * a non-2xx body only; 0 = 64 KiB) */
	long timeout_ms;      /* whole transfer; 0 = the worker's total timeout; ignored by streams */
	long idle_timeout_ms; /* ends the transfer when no byte came for this long; 0 = none
			       * for requests, LK_NET_DEFAULT_IDLE_MS for streams */
};

/* What came back. All pointers are borrowed for the duration of the call. */
struct lk_net_response {
	bool ok;           /* a whole HTTP response arrived (any status) */
	long http_status;  /* 0 if no HTTP response */
	const char *error; /* plain words when !ok, else NULL */
	int error_code;    /* enum lk_msg_code: error as a reason code (LK_MSG_NET_*, for
			    * lk_msg_set_arg_code) when it has one, else LK_MSG_NONE */
	const char *body;  /* never NULL, NUL-terminated; "" for a stream's 2xx body */
	size_t body_len;
	const char *etag;          /* ETag header, NULL when absent */
	const char *content_type;  /* Content-Type header, NULL when absent */
	const char *last_modified; /* Last-Modified header, NULL when absent */
	int64_t retry_after_ms;    /* Retry-After as a delay (an HTTP-date counts from the
				   * Date header, else from the local clock); -1 = absent */
	int64_t date_ms;           /* Date header in Unix ms, 0 = absent or unreadable */
	int64_t ratelimit_reset_s; /* Ratelimit-Reset header (Twitch Helix: when the bucket
				   * refills, Unix seconds); -1 = absent or unreadable */
	int64_t sent_ms;           /* local monotonic ms (lk_now_ms clock): the transfer started */
	int64_t head_ms;           /* local monotonic ms: the response headers were complete; 0 = never */
};
typedef void (*lk_net_response_cb)(void *data, const struct lk_net_response *res);

/* Queues req (everything is copied). cb runs once on the worker thread,
 * also when the job is cancelled or the worker stops (error "cancelled").
 * Any thread; never blocks. Returns the job's id (> 0) for lk_net_cancel,
 * or 0 when refused (URL scheme, or the worker is stopping): cb not called. */
uint64_t lk_net_request(struct lk_net *net, const struct lk_net_request *req, lk_net_response_cb cb, void *data);

/* A stream's reader. All run on the worker thread, in this order. */
struct lk_net_stream_cbs {
	/* The final response's headers are in and its status is 2xx; head has
	 * no body. Return false to end the stream. May be NULL. */
	bool (*open)(void *data, const struct lk_net_response *head);
	/* The next decoded body bytes of the 2xx response. false ends it. */
	bool (*chunk)(void *data, const char *buf, size_t len);
	/* Once, at the end, however it ended. For a non-2xx answer body holds
	 * what the server said (up to max_bytes). */
	lk_net_response_cb done;
};

/* Queues a stream (req is copied, cbs too). Same rules as lk_net_request. */
uint64_t lk_net_stream(struct lk_net *net, const struct lk_net_request *req, const struct lk_net_stream_cbs *cbs,
		       void *data);

/* Ends job id early: its callback runs on the worker with error "cancelled",
 * unless it had already ended (then nothing happens). Any thread; never
 * blocks, so the callback may still be running or about to run when this
 * returns. */
void lk_net_cancel(struct lk_net *net, uint64_t id);

/* Adds periodic work; first run as soon as possible. Returns an id for
 * lk_net_remove_tick. remove waits until a running tick has returned, so
 * data may be freed after it (do not call remove from inside the tick). */
uint64_t lk_net_add_tick(struct lk_net *net, lk_net_tick_cb cb, void *data);
void lk_net_remove_tick(struct lk_net *net, uint64_t id);
/* Makes tick id due now (e.g. from a transfer's callback, which has news
 * for it). Any thread; never blocks. If the tick is running at that
 * moment, it runs again right after (whatever it returned). */
void lk_net_wake_tick(struct lk_net *net, uint64_t id);

/* true for http:// and https:// URLs (case-insensitive scheme). */
bool lk_net_url_allowed(const char *url);

/* true when URLs a and b have the same origin: scheme, host and port (the
 * scheme's default port when none is written), case-insensitive. Requests
 * and streams follow a redirect only within the origin they were sent to;
 * one elsewhere (another host or port, https -> http) ends them with an
 * error naming that origin, before anything is sent there. Downloads
 * (no headers, no token) follow any http(s) redirect. */
bool lk_net_same_origin(const char *a, const char *b);

#ifdef __cplusplus
}
#endif
