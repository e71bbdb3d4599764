/*
 * Linkon — the request kind of net job: an HTTP request whose response
 * body is kept in memory, or a stream whose 2xx body goes to its reader as
 * it arrives (see lk_net_request / lk_net_stream in lk-net.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Thread rules: lk_net_job_new_request on any thread; the ops only on the
 * worker thread that owns the job (see lk-net-job.h).
 *
 * Request headers may carry secrets (Authorization): they live only in the
 * curl_slist handed to curl and are never copied into errors or logs.
 */
#include "lk-net-job.h"

#include <curl/header.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <util/bmem.h>

#define LK_NET_STREAM_ERROR_BODY (64 * 1024) /* a stream's non-2xx body when no cap is given */

/* ---- response headers --------------------------------------------------- */

/* The value of header name in the final response (borrowed from curl,
 * valid until the next curl call on the handle), or NULL. */
static const char *header_value(CURL *easy, const char *name)
{
	struct curl_header *h;

	if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	return h->value;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
	}
	return true;
}

/* Retry-After: delay-seconds or an HTTP-date, as ms from now (>= 0), -1 if
 * unreadable. date_ms: the response's Date (Unix ms), 0 = unknown. */
static int64_t parse_retry_after(const char *v, int64_t date_ms)
{
	if (!v)
		return -1;
	while (*v == ' ' || *v == '\t')
		v++;
	if (all_digits(v)) {
		if (strlen(v) > 9) /* over 30 years: take it as "very long" */
			return (int64_t)999999999 * 1000;
		return (int64_t)strtoll(v, NULL, 10) * 1000;
	}

	time_t when = curl_getdate(v, NULL);
	if (when == (time_t)-1)
		return -1;
	int64_t base = date_ms ? date_ms : (int64_t)time(NULL) * 1000;
	int64_t delay = (int64_t)when * 1000 - base;
	return delay > 0 ? delay : 0;
}

static int64_t parse_date(const char *v)
{
	time_t when = v ? curl_getdate(v, NULL) : (time_t)-1;
	return when == (time_t)-1 || when <= 0 ? 0 : (int64_t)when * 1000;
}

/* Ratelimit-Reset: Unix seconds, -1 if absent or unreadable. */
static int64_t parse_reset(const char *v)
{
	while (v && (*v == ' ' || *v == '\t'))
		v++;
	return v && all_digits(v) && strlen(v) <= 12 ? (int64_t)strtoll(v, NULL, 10) : -1;
}

static void keep_headers(struct lk_net_job *job)
{
	job->u.req.etag = bstrdup(header_value(job->easy, "ETag"));
	job->u.req.content_type = bstrdup(header_value(job->easy, "Content-Type"));
	job->u.req.last_modified = bstrdup(header_value(job->easy, "Last-Modified"));
	job->u.req.date_ms = parse_date(header_value(job->easy, "Date"));
	job->u.req.retry_after_ms = parse_retry_after(header_value(job->easy, "Retry-After"), job->u.req.date_ms);
	job->u.req.ratelimit_reset_s = parse_reset(header_value(job->easy, "Ratelimit-Reset"));
	job->u.req.head_ms = lk_net_now_ms();
}

/* The response so far, as the caller sees it (body and error set later). */
static void fill_response(struct lk_net_job *job, struct lk_net_response *res)
{
	memset(res, 0, sizeof(*res));
	res->body = "";
	res->etag = job->u.req.etag;
	res->content_type = job->u.req.content_type;
	res->last_modified = job->u.req.last_modified;
	res->retry_after_ms = job->u.req.retry_after_ms;
	res->ratelimit_reset_s = job->u.req.ratelimit_reset_s;
	res->date_ms = job->u.req.date_ms;
	res->sent_ms = job->start_ms;
	res->head_ms = job->u.req.head_ms;
}

/* ---- the ops -------------------------------------------------------------- */

static bool request_setup(struct lk_net_job *job)
{
	CURL *e = job->easy;
	const char *method = job->u.req.method;
	bool post = method && strcasecmp(method, "POST") == 0;

	/* a POST always sends a body (maybe empty), so it has a length */
	if (job->u.req.body || post) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)job->u.req.body_len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, job->u.req.body ? job->u.req.body : "");
	}
	if (method && !post && strcasecmp(method, "GET") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	if (job->u.req.headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, job->u.req.headers);
	return true;
}

static bool request_open(struct lk_net_job *job)
{
	return true;
}

static bool request_head(struct lk_net_job *job)
{
	long status = 0;

	keep_headers(job);
	if (!job->u.req.is_stream)
		return true;
	curl_easy_getinfo(job->easy, CURLINFO_RESPONSE_CODE, &status);
	if (status < 200 || status > 299) {
		job->max_bytes = job->u.req.body_cap; /* keep what the server says */
		return true;
	}

	struct lk_net_response head;
	fill_response(job, &head);
	head.ok = true;
	head.http_status = status;
	if (job->u.req.cbs.open && !job->u.req.cbs.open(job->u.req.cb_data, &head)) {
		dstr_copy(&job->error, "stream refused by its reader");
		return false;
	}
	job->u.req.streaming = true;
	return true;
}

static bool request_write(struct lk_net_job *job, const char *buf, size_t len)
{
	if (!job->u.req.streaming) {
		da_push_back_array(job->u.req.resp, buf, len);
		return true;
	}
	if (job->u.req.cbs.chunk && !job->u.req.cbs.chunk(job->u.req.cb_data, buf, len)) {
		dstr_copy(&job->error, "stream ended by its reader");
		return false;
	}
	return true;
}

static void request_finish(struct lk_net_job *job, const struct lk_net_outcome *out)
{
	struct lk_net_response res;
	char nul = '\0';

	fill_response(job, &res);
	res.ok = out->transport_ok;
	res.http_status = out->http_status;
	res.error = out->error;
	res.error_code = out->error_code;
	da_push_back(job->u.req.resp, &nul); /* NUL-terminated, not counted */
	res.body = job->u.req.resp.array;
	res.body_len = job->u.req.resp.num - 1;
	if (job->u.req.cbs.done)
		job->u.req.cbs.done(job->u.req.cb_data, &res);
}

static void request_free(struct lk_net_job *job)
{
	bfree(job->u.req.method);
	curl_slist_free_all(job->u.req.headers);
	if (job->u.req.body) {
		/* the body may hold secrets too: wipe it */
		memset(job->u.req.body, 0, job->u.req.body_len);
		bfree(job->u.req.body);
	}
	da_free(job->u.req.resp);
	bfree(job->u.req.etag);
	bfree(job->u.req.content_type);
	bfree(job->u.req.last_modified);
}

static const struct lk_net_job_ops request_ops = {
	.setup = request_setup,
	.open = request_open,
	.head = request_head,
	.write = request_write,
	.finish = request_finish,
	.free = request_free,
};

/* ---- making one ------------------------------------------------------------ */

static struct curl_slist *copy_headers(const char *const *headers)
{
	struct curl_slist *list = NULL;

	for (size_t i = 0; headers && headers[i]; i++) {
		struct curl_slist *next = curl_slist_append(list, headers[i]);
		if (!next) {
			curl_slist_free_all(list);
			return NULL;
		}
		list = next;
	}
	return list;
}

struct lk_net_job *lk_net_job_new_request(const struct lk_net_request *req, long default_timeout_ms,
					  const struct lk_net_stream_cbs *cbs, lk_net_response_cb cb, void *data)
{
	struct lk_net_job *job = bzalloc(sizeof(*job));
	size_t cap = req->max_bytes ? req->max_bytes : cbs ? LK_NET_STREAM_ERROR_BODY : LK_NET_DEFAULT_MAX_BODY;

	job->kind = LK_NET_JOB_REQUEST;
	job->ops = &request_ops;
	job->url = bstrdup(req->url);
	job->u.req.method = req->method ? bstrdup(req->method) : NULL;
	job->u.req.headers = copy_headers(req->headers);
	if (req->body) {
		job->u.req.body = bmalloc(req->body_len + 1);
		memcpy(job->u.req.body, req->body, req->body_len);
		job->u.req.body[req->body_len] = '\0';
		job->u.req.body_len = req->body_len;
	}
	job->u.req.body_cap = cap;
	job->u.req.retry_after_ms = -1;
	job->u.req.ratelimit_reset_s = -1;
	job->u.req.cb_data = data;
	if (cbs) {
		job->u.req.is_stream = true;
		job->u.req.cbs = *cbs;
		job->max_bytes = SIZE_MAX; /* lowered to cap if the answer is not 2xx */
		job->idle_timeout_ms = req->idle_timeout_ms > 0 ? req->idle_timeout_ms : LK_NET_DEFAULT_IDLE_MS;
	} else {
		job->u.req.cbs.done = cb;
		job->max_bytes = cap;
		job->timeout_ms = req->timeout_ms > 0 ? req->timeout_ms : default_timeout_ms;
		job->idle_timeout_ms = req->idle_timeout_ms > 0 ? req->idle_timeout_ms : 0;
	}
	return job;
}
