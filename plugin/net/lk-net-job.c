/*
 * Linkon — one transfer on the net worker: the easy handle every job
 * shares (timeouts, redirects, TLS, size cap) and the download kind.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Thread rules: lk_net_job_new_* on any thread; everything else only on
 * the worker thread that owns the job (see lk-net-job.h).
 */
#include "lk-net-job.h"
#include "lk-net-words.h"

#include <curl/header.h>
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <util/bmem.h>

#define LK_NET_MAX_REDIRECTS 5L
#define LK_NET_PROTOCOLS "http,https"

/* ---- the download kind: body into dest_path + ".part", renamed on 2xx -- */

/* The download's file could not be made, written or renamed: err gets the
 * words of LK_MSG_NET_SAVE_FAILED with the file and the system's reason
 * (errno) as its detail. Returns the code. */
static int save_failed(struct dstr *err, const char *path)
{
	char detail[LK_MSG_ARG_MAX];
	const char *args[1] = {detail};
	snprintf(detail, sizeof(detail), "%s: %s", path, strerror(errno));
	lk_msg_fill(err, lk_msg_english_template(LK_MSG_NET_SAVE_FAILED, false), args, 1);
	return LK_MSG_NET_SAVE_FAILED;
}

static bool download_open(struct lk_net_job *job)
{
	job->u.download.file = fopen(job->u.download.part_path, "wb");
	if (!job->u.download.file) {
		job->error_code = save_failed(&job->error, job->u.download.part_path);
		return false;
	}
	return true;
}

static bool download_write(struct lk_net_job *job, const char *buf, size_t len)
{
	if (fwrite(buf, 1, len, job->u.download.file) == len)
		return true;
	job->error_code = save_failed(&job->error, job->u.download.part_path);
	return false;
}

/* Closes the file; returns false (and sets err) if buffered bytes were lost. */
static bool download_close(struct lk_net_job *job, struct dstr *err)
{
	FILE *f = job->u.download.file;

	job->u.download.file = NULL;
	if (!f || fclose(f) == 0)
		return true;
	save_failed(err, job->u.download.part_path);
	return false;
}

static void download_finish(struct lk_net_job *job, const struct lk_net_outcome *out)
{
	struct lk_net_result res = {
		.ok = false,
		.http_status = out->http_status,
		.path = job->u.download.dest_path,
	};
	struct dstr err = {0};
	bool closed = download_close(job, &err);

	if (!out->transport_ok)
		dstr_copy(&err, out->error);
	else if (out->http_status < 200 || out->http_status > 299)
		dstr_printf(&err, "HTTP %ld", out->http_status);
	else if (closed && rename(job->u.download.part_path, job->u.download.dest_path) != 0)
		save_failed(&err, job->u.download.dest_path);

	if (err.len) {
		remove(job->u.download.part_path);
		res.error = err.array;
	} else {
		res.ok = true;
	}
	if (job->u.download.cb)
		job->u.download.cb(job->u.download.cb_data, &res);
	dstr_free(&err);
}

static void download_free(struct lk_net_job *job)
{
	if (job->u.download.file) {
		fclose(job->u.download.file);
		remove(job->u.download.part_path);
	}
	bfree(job->u.download.dest_path);
	bfree(job->u.download.part_path);
}

static const struct lk_net_job_ops download_ops = {
	.open = download_open,
	.write = download_write,
	.finish = download_finish,
	.free = download_free,
};

struct lk_net_job *lk_net_job_new_download(const char *url, const char *dest_path, size_t max_bytes, long timeout_ms,
					   lk_net_done_cb cb, void *data)
{
	struct lk_net_job *job = bzalloc(sizeof(*job));
	struct dstr part = {0};

	dstr_printf(&part, "%s.part", dest_path);
	job->kind = LK_NET_JOB_DOWNLOAD;
	job->ops = &download_ops;
	job->url = bstrdup(url);
	job->max_bytes = max_bytes;
	job->timeout_ms = timeout_ms;
	job->u.download.dest_path = bstrdup(dest_path);
	job->u.download.part_path = part.array;
	job->u.download.cb = cb;
	job->u.download.cb_data = data;
	return job;
}

/* ---- shared by every kind ------------------------------------------------ */

/* The final response's headers are complete: the kind may look at them. */
static bool job_head(struct lk_net_job *job)
{
	job->head_done = true;
	return !job->ops->head || job->ops->head(job);
}

/* True when the response whose headers just ended is not the last one:
 * an interim 1xx, or a redirect curl is about to follow. */
static bool is_redirect(CURL *easy);
static bool interim_response(CURL *easy)
{
	long status = 0;

	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	return (status >= 100 && status < 200) || is_redirect(easy);
}

/* Where the redirect whose headers just ended goes, resolved against the
 * URL that answered it (new CURLU, or NULL when there is none or it is not
 * a URL). */
static CURLU *redirect_target(CURL *easy)
{
	struct curl_header *h;
	char *here = NULL;
	CURLU *u;

	if (curl_easy_header(easy, "Location", 0, CURLH_HEADER, -1, &h) != CURLHE_OK ||
	    curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &here) != CURLE_OK || !here || !(u = curl_url()))
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, here, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_URL, h->value, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

/* The "scheme://host:port" of u (port always written), lower-cased. */
static bool url_origin(CURLU *u, struct dstr *out)
{
	char *scheme = NULL, *host = NULL, *port = NULL;
	bool ok = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;

	if (ok) {
		dstr_printf(out, "%s://%s:%s", scheme, host, port);
		for (size_t i = 0; i < out->len; i++)
			if (out->array[i] >= 'A' && out->array[i] <= 'Z')
				out->array[i] = (char)(out->array[i] - 'A' + 'a');
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	return ok;
}

bool lk_net_same_origin(const char *a, const char *b)
{
	struct dstr oa = {0}, ob = {0};
	CURLU *ua = curl_url(), *ub = curl_url();
	bool same = ua && ub && a && b && curl_url_set(ua, CURLUPART_URL, a, 0) == CURLUE_OK &&
		    curl_url_set(ub, CURLUPART_URL, b, 0) == CURLUE_OK && url_origin(ua, &oa) && url_origin(ub, &ob) &&
		    strcmp(oa.array, ob.array) == 0;

	curl_url_cleanup(ua);
	curl_url_cleanup(ub);
	dstr_free(&oa);
	dstr_free(&ob);
	return same;
}

/* API requests (they may carry a token in any header, and their answers are
 * applied to the shop) follow a redirect only within the origin they were
 * sent to: another scheme (so never https -> http), host or port ends the
 * transfer before curl follows, so the other host sees nothing and no answer
 * of it is taken. Downloads (images: no token, and the file is checked
 * before it is decoded) follow any http(s) redirect, since catalog image
 * URLs often point at a CDN that redirects elsewhere. */
static bool redirect_allowed(struct lk_net_job *job)
{
	struct dstr to = {0}, from = {0};
	const char *args[1] = {"?"};
	bool ok = true;

	if (job->kind != LK_NET_JOB_REQUEST)
		return true;
	CURLU *target = redirect_target(job->easy), *start = curl_url();
	if (!target || !start || curl_url_set(start, CURLUPART_URL, job->url, 0) != CURLUE_OK ||
	    !url_origin(target, &to) || !url_origin(start, &from)) {
		ok = false; /* a redirect Linkon could not read */
	} else if (strcmp(to.array, from.array) != 0) {
		args[0] = to.array; /* the origin only: a path or query may hold anything */
		ok = false;
	}
	if (!ok) {
		lk_msg_fill(&job->error, lk_msg_english_template(LK_MSG_NET_REDIRECT_REFUSED, false), args, 1);
		job->error_code = LK_MSG_NET_REDIRECT_REFUSED;
	}
	curl_url_cleanup(target);
	curl_url_cleanup(start);
	dstr_free(&to);
	dstr_free(&from);
	return ok;
}

static bool is_redirect(CURL *easy)
{
	struct curl_header *h;
	long status = 0;

	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	return status >= 300 && status < 400 &&
	       curl_easy_header(easy, "Location", 0, CURLH_HEADER, -1, &h) == CURLHE_OK;
}

static size_t job_header_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct lk_net_job *job = userdata;
	size_t len = size * nmemb;
	bool blank = (len == 2 && ptr[0] == '\r' && ptr[1] == '\n') || (len == 1 && ptr[0] == '\n');

	job->last_activity_ms = lk_net_now_ms();
	if (blank && !job->head_done && is_redirect(job->easy) && !redirect_allowed(job))
		return 0; /* curl aborts with CURLE_WRITE_ERROR, before following */
	if (blank && !job->head_done && !interim_response(job->easy) && !job_head(job))
		return 0; /* curl aborts with CURLE_WRITE_ERROR */
	return len;
}

static size_t job_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct lk_net_job *job = userdata;
	size_t len = size * nmemb;

	job->last_activity_ms = lk_net_now_ms();
	if (!job->head_done && !job_head(job))
		return 0;
	if (len > job->max_bytes - job->received) {
		job->too_large = true;
		return 0; /* curl aborts with CURLE_WRITE_ERROR */
	}
	if (len && !job->ops->write(job, ptr, len))
		return 0;
	job->received += len;
	return len;
}

/* The options that keep every transfer safe and bounded. */
static bool job_set_options(struct lk_net_job *job, const struct lk_net_easy_config *cfg)
{
	CURL *e = job->easy;
	curl_off_t cap = job->max_bytes > (size_t)INT64_MAX ? 0 : (curl_off_t)job->max_bytes;

	curl_easy_setopt(e, CURLOPT_PRIVATE, job);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, job->curl_error);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, job->timeout_ms);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, LK_NET_MAX_REDIRECTS);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding this libcurl decodes */
	curl_easy_setopt(e, CURLOPT_USERAGENT, cfg->user_agent);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, job_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, job);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, job_header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, job);
	if (cap > 0)
		curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, cap);
	/* TLS verification and proxies from the environment: curl's defaults */

	/* refuse the transfer rather than run it without the scheme limits */
	return curl_easy_setopt(e, CURLOPT_URL, job->url) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, LK_NET_PROTOCOLS) == CURLE_OK &&
	       curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, LK_NET_PROTOCOLS) == CURLE_OK;
}

bool lk_net_job_start(struct lk_net_job *job, const struct lk_net_easy_config *cfg)
{
	job->start_ms = lk_net_now_ms();
	job->last_activity_ms = job->start_ms;
	job->easy = curl_easy_init();
	if (!job->easy) {
		dstr_copy(&job->error, "could not start a transfer (out of memory)");
	} else if (!job_set_options(job, cfg)) {
		dstr_copy(&job->error, "this libcurl cannot restrict transfers to http and https");
	} else if (job->ops->setup && !job->ops->setup(job)) {
		if (!job->error.len)
			dstr_copy(&job->error, "could not set up the request");
	} else if (job->ops->open(job)) {
		return true;
	}
	lk_net_job_end(job, CURLE_OK, false);
	return false;
}

static void job_outcome(struct lk_net_job *job, CURLcode code, bool cancelled, struct lk_net_outcome *out,
			struct dstr *text)
{
	out->http_status = 0;
	out->error_code = LK_MSG_NONE;
	if (job->easy)
		curl_easy_getinfo(job->easy, CURLINFO_RESPONSE_CODE, &out->http_status);

	if (cancelled) {
		out->error_code = LK_MSG_NET_CANCELLED;
		dstr_copy(text, lk_msg_english_template(LK_MSG_NET_CANCELLED, false));
	} else if (job->too_large || code == CURLE_FILESIZE_EXCEEDED) {
		char limit[32];
		const char *args[1] = {limit};
		snprintf(limit, sizeof(limit), "%zu", job->max_bytes);
		out->error_code = LK_MSG_NET_TOO_LARGE;
		lk_msg_fill(text, lk_msg_english_template(LK_MSG_NET_TOO_LARGE, false), args, 1);
	} else if (job->error.len) {
		out->error_code = job->error_code;
		dstr_copy_dstr(text, &job->error);
	} else if (code != CURLE_OK) {
		out->error_code = lk_net_error_code(code);
		lk_net_error_words(text, code, job->curl_error);
	}

	out->transport_ok = text->len == 0;
	out->error = out->transport_ok ? NULL : text->array;
	if (out->transport_ok)
		out->error_code = LK_MSG_NONE;
}

void lk_net_job_end(struct lk_net_job *job, CURLcode code, bool cancelled)
{
	struct lk_net_outcome out;
	struct dstr text = {0};

	job_outcome(job, code, cancelled, &out, &text);
	if (job->easy) {
		curl_easy_cleanup(job->easy);
		job->easy = NULL;
	}
	job->ops->finish(job, &out);
	dstr_free(&text);
}

void lk_net_job_free(struct lk_net_job *job)
{
	if (!job)
		return;
	if (job->easy)
		curl_easy_cleanup(job->easy);
	job->ops->free(job);
	dstr_free(&job->error);
	bfree(job->url);
	bfree(job);
}
