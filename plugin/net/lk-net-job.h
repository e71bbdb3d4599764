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
 * A kind is a table of functions (struct lk_net_job_ops): where the body
 * goes and what the end looks like. Downloads write a file; in-memory
 * requests (body + ETag/Retry-After/Date) and a long-lived SSE stream are
 * meant to be further kinds: they add their ops, their fields in the union
 * and, if they need them, request headers and a header hook.
 */
#pragma once

#include "lk-net.h"

#include <curl/curl.h>
#include <stdio.h>
#include <util/dstr.h>

enum lk_net_job_kind {
	LK_NET_JOB_DOWNLOAD,
};

/* How a transfer ended, worked out the same way for every kind. */
struct lk_net_outcome {
	bool transport_ok; /* curl finished the transfer (any HTTP status) */
	long http_status;  /* 0 if no HTTP response */
	const char *error; /* plain words when !transport_ok, else NULL */
};

struct lk_net_job;

struct lk_net_job_ops {
	/* Prepares the sink before the transfer starts. On false, job->error
	 * holds the reason and the job ends at once. */
	bool (*open)(struct lk_net_job *job);
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
	char *url;
	size_t max_bytes;        /* body cap (decoded bytes) */
	long timeout_ms;         /* whole transfer; 0 = none (streams) */
	struct lk_net_job *next; /* queue link, under the queue mutex */

	/* worker thread only, from here on */
	CURL *easy;
	size_t received;
	bool too_large;
	struct dstr error; /* reason set by the sink, if any */
	char curl_error[CURL_ERROR_SIZE];

	union {
		struct {
			char *dest_path;
			char *part_path;
			FILE *file;
			lk_net_done_cb cb;
			void *cb_data;
		} download;
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

/* Worker thread. Opens the sink and makes job->easy. On false the job
 * has already ended (callback run) and must only be freed. */
bool lk_net_job_start(struct lk_net_job *job, const struct lk_net_easy_config *cfg);

/* Worker thread. Ends the job: code is curl's result for the transfer,
 * or cancelled = true when the worker stops first. Runs the callback and
 * cleans up the easy handle (already removed from the multi). */
void lk_net_job_end(struct lk_net_job *job, CURLcode code, bool cancelled);

/* Any thread that owns the job. Frees it (and its easy handle, if any). */
void lk_net_job_free(struct lk_net_job *job);
