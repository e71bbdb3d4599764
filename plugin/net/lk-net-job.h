/*
 * Linkon — private to the net worker: one transfer ("job") and its kinds.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A job is made on any thread (lk_net_job_new_*: plain memory, no curl),
 * handed to the worker through its queue, and from then on belongs to the
 * worker thread alone: it makes the easy handle, feeds the body to the
 * job's sink and, once, ends the job (its kind commits or discards the sink
 * and runs the caller's callback), then frees it.
 *
 * A kind is a table of functions (struct lk_net_job_ops): its own curl
 * options, where the body goes, what it reads from the response headers
 * and what the end looks like. Downloads write a file (lk-net-job.c);
 * requests keep the body in memory and streams hand it to their reader as
 * it arrives (lk-net-request.c).
 */
#pragma once

#include "lk-net.h"

#include <curl/curl.h>
#include <stdio.h>
#include <util/darray.h>
#include <util/dstr.h>
#include <util/platform.h>

enum lk_net_job_kind {
	LK_NET_JOB_DOWNLOAD,
	LK_NET_JOB_REQUEST, /* in-memory request, or a stream (lk-net-request.c) */
};

/* The local monotonic clock in ms (the same as lk_now_ms in the core). */
static inline int64_t lk_net_now_ms(void)
{
	return (int64_t)(os_gettime_ns() / 1000000);
}

/* How a transfer ended, worked out the same way for every kind. */
struct lk_net_outcome {
	bool transport_ok; /* curl finished the transfer (any HTTP status) */
	long http_status;  /* 0 if no HTTP response */
	const char *error; /* plain words when !transport_ok, else NULL */
	int error_code;    /* enum lk_msg_code: error as a reason (LK_MSG_NET_*), or LK_MSG_NONE */
};

struct lk_net_job;

struct lk_net_job_ops {
	/* Sets the kind's own options on job->easy (method, request headers,
	 * body). May be NULL. false: job->error says why, the job ends. */
	bool (*setup)(struct lk_net_job *job);
	/* Prepares the sink before the transfer starts. On false, job->error
	 * holds the reason and the job ends at once. */
	bool (*open)(struct lk_net_job *job);
	/* The final response's headers are complete (redirects and 1xx are
	 * skipped); curl_easy_header works. May be NULL. false aborts the
	 * transfer; job->error holds the reason. */
	bool (*head)(struct lk_net_job *job);
	/* Takes the next len body bytes (already decoded). false aborts the
	 * transfer; job->error holds the reason. */
	bool (*write)(struct lk_net_job *job, const char *buf, size_t len);
	/* Commits or discards the sink and runs the caller's callback, once. */
	void (*finish)(struct lk_net_job *job, const struct lk_net_outcome *out);
	/* Frees what the kind owns (not the job itself). */
	void (*free)(struct lk_net_job *job);
};

struct lk_net_job {
	enum lk_net_job_kind kind;
	const struct lk_net_job_ops *ops;
	uint64_t id; /* set when queued (lk-net.c), for lk_net_cancel */
	char *url;
	size_t max_bytes;        /* body cap (decoded bytes); a kind may lower it in head */
	long timeout_ms;         /* whole transfer; 0 = none (streams) */
	long idle_timeout_ms;    /* no byte for this long ends it (lk-net.c); 0 = none */
	struct lk_net_job *next; /* queue link, under the queue mutex */

	/* worker thread only, from here on */
	CURL *easy;
	int64_t start_ms;         /* lk_net_now_ms when the easy handle was made */
	int64_t last_activity_ms; /* the last header or body byte (or start) */
	bool head_done;           /* ops->head ran */
	size_t received;
	bool too_large;
	struct dstr error; /* reason set by the sink, if any */
	int error_code;    /* its enum lk_msg_code (LK_MSG_NET_*), LK_MSG_NONE = none */
	char curl_error[CURL_ERROR_SIZE];

	union {
		struct {
			char *dest_path;
			char *part_path;
			FILE *file;
			lk_net_done_cb cb;
			void *cb_data;
		} download;
		struct {
			char *method; /* NULL = GET */
			struct curl_slist *headers;
			char *body; /* NULL = no request body */
			size_t body_len;
			size_t body_cap;              /* cap for an in-memory response body */
			bool is_stream;               /* a stream: 2xx bodies go to cbs.chunk */
			bool streaming;               /* the 2xx stream was opened */
			struct lk_net_stream_cbs cbs; /* requests use cbs.done only */
			void *cb_data;
			DARRAY(char) resp; /* in-memory response body */
			char *etag;
			char *content_type;
			char *last_modified;
			int64_t retry_after_ms;
			int64_t ratelimit_reset_s;
			int64_t date_ms;
			int64_t head_ms;
		} req;
	} u;
};

/* Settings shared by every easy handle of one worker. */
struct lk_net_easy_config {
	const char *user_agent;
	long connect_timeout_ms;
};

/* Any thread. A new download job (owned by the caller until queued). */
struct lk_net_job *lk_net_job_new_download(const char *url, const char *dest_path, size_t max_bytes, long timeout_ms,
					   lk_net_done_cb cb, void *data);

/* Any thread. A new request (cbs = NULL; cb gets the response) or stream
 * job (cbs set, cb unused); req is copied. default_timeout_ms: the
 * worker's total timeout, for requests that name none. */
struct lk_net_job *lk_net_job_new_request(const struct lk_net_request *req, long default_timeout_ms,
					  const struct lk_net_stream_cbs *cbs, lk_net_response_cb cb, void *data);

/* Worker thread. Opens the sink and makes job->easy. On false the job
 * has already ended (callback run) and must only be freed. */
bool lk_net_job_start(struct lk_net_job *job, const struct lk_net_easy_config *cfg);

/* Worker thread. Ends the job: code is curl's result for the transfer,
 * or cancelled = true when the worker stops first. Runs the callback and
 * cleans up the easy handle (already removed from the multi). */
void lk_net_job_end(struct lk_net_job *job, CURLcode code, bool cancelled);

/* Any thread that owns the job. Frees it (and its easy handle, if any). */
void lk_net_job_free(struct lk_net_job *job);
