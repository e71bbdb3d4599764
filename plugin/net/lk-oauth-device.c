/*
 * Linkon — OAuth 2.0 device sign-in, refresh and the token file (see
 * lk-oauth-device.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A device flow has one tick on the worker; every callback to the owner
 * runs from that tick, so removing the tick (which waits for a running
 * one) is all destroy needs to guarantee "no callback after". Requests
 * hold a reference on the flow; their callback only parks the answer and
 * wakes the tick.
 */
#include "lk-oauth-device.h"
#include "lk-config.h"
#include "lk-net.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

#define OAUTH_LOG "[linkon] sign-in: "
#define OAUTH_MAX_BODY (64 * 1024)
#define OAUTH_TIMEOUT_MS 30000
#define OAUTH_SLOW_DOWN_S 5
#define OAUTH_IDLE_MS (3600 * 1000)

static const char *const form_headers[] = {"Content-Type: application/x-www-form-urlencoded",
					    "Accept: application/json", NULL};

static int64_t second_ms_of(const struct lk_oauth_client *c)
{
	return c->second_ms > 0 ? c->second_ms : 1000;
}

static bool client_ok(const struct lk_oauth_client *c, bool device)
{
	return c && lk_net_url_allowed(c->token_url) && (!device || lk_net_url_allowed(c->device_url)) &&
	       lk_oauth_token_ok(c->client_id, 512);
}

/* ---- device flow ------------------------------------------------------------ */

enum phase {
	PH_START = 0,
	PH_WAIT_CODE, /* the device request is out */
	PH_WAIT_POLL, /* waiting for next_poll_ms */
	PH_POLLING,   /* a token request is out */
	PH_DONE,
};

struct lk_oauth_device {
	struct lk_net *net;
	atomic_int refs;
	char *device_url, *token_url, *client_id, *client_secret, *scopes, *scope_key;
	bool scopes_in_poll;
	int64_t second_ms;
	lk_oauth_cb cb;
	void *data;
	uint64_t tick;
	atomic_bool finished;

	/* the tick's own (worker thread) */
	enum phase phase;
	struct lk_oauth_device_code code;
	int64_t interval_ms;
	int64_t next_poll_ms;
	int64_t expires_at_ms;

	/* parked by a request's callback for the tick */
	pthread_mutex_t mutex;
	uint64_t job;
	bool have_answer;
	long status;
	char *body; /* may hold tokens: wiped */
	size_t body_len;
	char *error;
};

static void wipe_bfree(char *s, size_t n)
{
	if (s) {
		memset(s, 0, n);
		bfree(s);
	}
}

static void device_release(struct lk_oauth_device *d)
{
	if (atomic_fetch_sub(&d->refs, 1) != 1)
		return;
	lk_oauth_device_code_free(&d->code);
	wipe_bfree(d->body, d->body_len);
	bfree(d->error);
	bfree(d->device_url);
	bfree(d->token_url);
	bfree(d->client_id);
	if (d->client_secret)
		wipe_bfree(d->client_secret, strlen(d->client_secret));
	bfree(d->scopes);
	bfree(d->scope_key);
	pthread_mutex_destroy(&d->mutex);
	bfree(d);
}

static void device_answer(void *data, const struct lk_net_response *res)
{
	struct lk_oauth_device *d = data;

	pthread_mutex_lock(&d->mutex);
	d->job = 0;
	wipe_bfree(d->body, d->body_len);
	bfree(d->error);
	d->have_answer = true;
	d->status = res->ok ? res->http_status : 0;
	d->body = bmemdup(res->body, res->body_len + 1);
	d->body_len = res->body_len;
	d->error = res->ok ? NULL : bstrdup(res->error ? res->error : "no answer");
	uint64_t tick = d->tick;
	pthread_mutex_unlock(&d->mutex);
	lk_net_wake_tick(d->net, tick);
	device_release(d);
}

/* Sends form to url; the form is wiped and freed. */
static bool device_send(struct lk_oauth_device *d, const char *url, struct dstr *form)
{
	struct lk_net_request req = {
		.method = "POST",
		.url = url,
		.headers = form_headers,
		.body = form->array ? form->array : "",
		.body_len = form->len,
		.max_bytes = OAUTH_MAX_BODY,
		.timeout_ms = OAUTH_TIMEOUT_MS,
	};

	atomic_fetch_add(&d->refs, 1);
	pthread_mutex_lock(&d->mutex);
	uint64_t id = lk_net_request(d->net, &req, device_answer, d);
	if (id)
		d->job = id;
	pthread_mutex_unlock(&d->mutex);
	lk_oauth_dstr_wipe(form);
	if (!id)
		device_release(d);
	return id != 0;
}

static void emit_failed(struct lk_oauth_device *d, enum lk_oauth_reply r, long status, const char *reason)
{
	struct lk_oauth_event ev = {.kind = LK_OAUTH_EV_FAILED, .reply = r, .http_status = status, .reason = reason};

	d->phase = PH_DONE;
	lk_oauth_device_code_free(&d->code);
	atomic_store(&d->finished, true);
	blog(LOG_INFO, OAUTH_LOG "ended: %s (%s)", lk_oauth_reply_name(r), reason ? reason : "");
	d->cb(d->data, &ev);
}

static void send_device_request(struct lk_oauth_device *d)
{
	struct dstr form = {0};

	lk_oauth_form_add(&form, "client_id", d->client_id);
	lk_oauth_form_add(&form, d->scope_key, d->scopes);
	d->phase = PH_WAIT_CODE;
	if (!device_send(d, d->device_url, &form))
		emit_failed(d, LK_OAUTH_NETWORK, 0, "the network worker is stopping");
}

static void send_poll(struct lk_oauth_device *d)
{
	struct dstr form = {0};

	lk_oauth_form_add(&form, "client_id", d->client_id);
	lk_oauth_form_add(&form, "client_secret", d->client_secret);
	lk_oauth_form_add(&form, "device_code", d->code.device_code);
	lk_oauth_form_add(&form, "grant_type", "urn:ietf:params:oauth:grant-type:device_code");
	if (d->scopes_in_poll)
		lk_oauth_form_add(&form, d->scope_key, d->scopes);
	d->phase = PH_POLLING;
	if (!device_send(d, d->token_url, &form))
		emit_failed(d, LK_OAUTH_NETWORK, 0, "the network worker is stopping");
}

static void got_code(struct lk_oauth_device *d, long status, const char *body, size_t len, const char *error,
		     int64_t now)
{
	char reason[LK_OAUTH_REASON_SIZE];

	if (!status) {
		emit_failed(d, LK_OAUTH_NETWORK, 0, error);
		return;
	}
	enum lk_oauth_reply r = lk_oauth_decode_device(status, body, len, &d->code, reason, sizeof(reason));
	if (r != LK_OAUTH_OK) {
		emit_failed(d, r, status, reason);
		return;
	}
	d->interval_ms = (d->code.interval_s > 0 ? d->code.interval_s : 1) * d->second_ms;
	d->expires_at_ms = now + d->code.expires_in_s * d->second_ms;
	d->next_poll_ms = now + d->interval_ms;
	d->phase = PH_WAIT_POLL;
	blog(LOG_INFO, OAUTH_LOG "code issued, good for %lld s, polling every %lld s", (long long)d->code.expires_in_s,
	     (long long)d->code.interval_s);
	struct lk_oauth_event ev = {.kind = LK_OAUTH_EV_CODE,
				    .user_code = d->code.user_code,
				    .verify_url = d->code.verify_url,
				    .expires_in_s = d->code.expires_in_s,
				    .interval_s = d->code.interval_s};
	d->cb(d->data, &ev);
}

static void got_poll(struct lk_oauth_device *d, long status, const char *body, size_t len, const char *error,
		     int64_t now)
{
	char reason[LK_OAUTH_REASON_SIZE];
	struct lk_oauth_tokens t;
	enum lk_oauth_reply r;

	if (!status) {
		r = LK_OAUTH_NETWORK;
		snprintf(reason, sizeof(reason), "%s", error ? error : "no answer");
	} else {
		r = lk_oauth_decode_tokens(status, body, len, &t, reason, sizeof(reason));
	}
	switch (r) {
	case LK_OAUTH_OK: {
		struct lk_oauth_event ev = {.kind = LK_OAUTH_EV_TOKENS, .tokens = &t};
		d->phase = PH_DONE;
		lk_oauth_device_code_free(&d->code);
		atomic_store(&d->finished, true);
		blog(LOG_INFO, OAUTH_LOG "signed in");
		d->cb(d->data, &ev);
		lk_oauth_tokens_free(&t);
		return;
	}
	case LK_OAUTH_SLOW_DOWN:
		d->interval_ms += OAUTH_SLOW_DOWN_S * d->second_ms;
		blog(LOG_INFO, OAUTH_LOG "asked to slow down: polling every %lld ms", (long long)d->interval_ms);
		d->next_poll_ms = now + d->interval_ms;
		break;
	case LK_OAUTH_PENDING:
		d->next_poll_ms = now + d->interval_ms;
		break;
	case LK_OAUTH_NETWORK:
	case LK_OAUTH_SERVER:
	case LK_OAUTH_RATE_LIMITED:
		/* passing trouble: the code is still good, ask again later */
		d->next_poll_ms = now + 2 * d->interval_ms;
		break;
	default:
		emit_failed(d, r, status, reason);
		return;
	}
	d->phase = PH_WAIT_POLL;
	if (now >= d->expires_at_ms)
		emit_failed(d, LK_OAUTH_EXPIRED, status, "expired_token");
}

static int64_t device_tick(void *data, int64_t now)
{
	struct lk_oauth_device *d = data;
	bool have;
	long status;
	char *body, *error;
	size_t len;

	pthread_mutex_lock(&d->mutex);
	have = d->have_answer;
	status = d->status;
	body = d->body;
	len = d->body_len;
	error = d->error;
	d->have_answer = false;
	d->body = NULL;
	d->body_len = 0;
	d->error = NULL;
	pthread_mutex_unlock(&d->mutex);

	if (have && d->phase == PH_WAIT_CODE)
		got_code(d, status, body ? body : "", len, error, now);
	else if (have && d->phase == PH_POLLING)
		got_poll(d, status, body ? body : "", len, error, now);
	wipe_bfree(body, len);
	bfree(error);

	switch (d->phase) {
	case PH_START:
		send_device_request(d);
		return OAUTH_IDLE_MS;
	case PH_WAIT_POLL:
		if (now >= d->expires_at_ms) {
			emit_failed(d, LK_OAUTH_EXPIRED, 0, "expired_token");
			return OAUTH_IDLE_MS;
		}
		if (now >= d->next_poll_ms) {
			send_poll(d);
			return OAUTH_IDLE_MS;
		}
		return (d->next_poll_ms < d->expires_at_ms ? d->next_poll_ms : d->expires_at_ms) - now;
	default:
		return OAUTH_IDLE_MS; /* an answer wakes the tick */
	}
}

struct lk_oauth_device *lk_oauth_device_start(struct lk_net *net, const struct lk_oauth_client *client, lk_oauth_cb cb,
					      void *data)
{
	if (!net || !cb || !client_ok(client, true))
		return NULL;
	struct lk_oauth_device *d = bzalloc(sizeof(*d));
	atomic_init(&d->refs, 1);
	atomic_init(&d->finished, false);
	pthread_mutex_init(&d->mutex, NULL);
	d->net = net;
	d->device_url = bstrdup(client->device_url);
	d->token_url = bstrdup(client->token_url);
	d->client_id = bstrdup(client->client_id);
	d->client_secret = client->client_secret && *client->client_secret ? bstrdup(client->client_secret) : NULL;
	d->scopes = bstrdup(client->scopes ? client->scopes : "");
	d->scope_key = bstrdup(client->scope_key && *client->scope_key ? client->scope_key : "scope");
	d->scopes_in_poll = client->scopes_in_poll;
	d->second_ms = second_ms_of(client);
	d->cb = cb;
	d->data = data;
	/* the tick may run before add_tick returns: it waits on the mutex until
	 * its id is stored, so an answer's wake-up always names it */
	pthread_mutex_lock(&d->mutex);
	d->tick = lk_net_add_tick(net, device_tick, d);
	pthread_mutex_unlock(&d->mutex);
	if (!d->tick) {
		device_release(d);
		return NULL;
	}
	return d;
}

void lk_oauth_device_destroy(struct lk_oauth_device *d)
{
	uint64_t job;

	if (!d)
		return;
	lk_net_remove_tick(d->net, d->tick); /* waits for a running tick: no cb after this */
	pthread_mutex_lock(&d->mutex);
	job = d->job;
	pthread_mutex_unlock(&d->mutex);
	if (job)
		lk_net_cancel(d->net, job);
	device_release(d);
}

bool lk_oauth_device_finished(struct lk_oauth_device *d)
{
	return d && atomic_load(&d->finished);
}

/* ---- refresh -------------------------------------------------------------------- */

struct refresh_job {
	lk_oauth_cb cb;
	void *data;
};

static void refresh_answer(void *data, const struct lk_net_response *res)
{
	struct refresh_job *j = data;
	char reason[LK_OAUTH_REASON_SIZE];
	struct lk_oauth_tokens t = {0};
	struct lk_oauth_event ev = {.kind = LK_OAUTH_EV_FAILED};

	if (!res->ok) {
		ev.reply = LK_OAUTH_NETWORK;
		snprintf(reason, sizeof(reason), "%s", res->error ? res->error : "no answer");
	} else {
		ev.http_status = res->http_status;
		ev.reply = lk_oauth_decode_tokens(res->http_status, res->body, res->body_len, &t, reason,
						  sizeof(reason));
	}
	if (ev.reply == LK_OAUTH_OK) {
		ev.kind = LK_OAUTH_EV_TOKENS;
		ev.tokens = &t;
	} else {
		ev.reason = reason;
		blog(LOG_INFO, OAUTH_LOG "refresh refused: %s (%s)", lk_oauth_reply_name(ev.reply), reason);
	}
	j->cb(j->data, &ev);
	lk_oauth_tokens_free(&t);
	bfree(j);
}

uint64_t lk_oauth_refresh(struct lk_net *net, const struct lk_oauth_client *client, const char *refresh_token,
			  lk_oauth_cb cb, void *data)
{
	struct dstr form = {0};

	if (!net || !cb || !client_ok(client, false) || !lk_oauth_token_ok(refresh_token, LK_OAUTH_MAX_TOKEN))
		return 0;
	lk_oauth_form_add(&form, "grant_type", "refresh_token");
	lk_oauth_form_add(&form, "refresh_token", refresh_token);
	lk_oauth_form_add(&form, "client_id", client->client_id);
	lk_oauth_form_add(&form, "client_secret", client->client_secret);

	struct refresh_job *j = bzalloc(sizeof(*j));
	j->cb = cb;
	j->data = data;
	struct lk_net_request req = {
		.method = "POST",
		.url = client->token_url,
		.headers = form_headers,
		.body = form.array,
		.body_len = form.len,
		.max_bytes = OAUTH_MAX_BODY,
		.timeout_ms = OAUTH_TIMEOUT_MS,
	};
	uint64_t id = lk_net_request(net, &req, refresh_answer, j);
	lk_oauth_dstr_wipe(&form);
	if (!id)
		bfree(j);
	return id;
}

/* ---- the token file -------------------------------------------------------------- */

bool lk_oauth_load(const char *path, struct lk_oauth_saved *out)
{
	memset(out, 0, sizeof(*out));
	if (!path || !os_file_exists(path))
		return false;
	json_t *j = lk_config_read_file(path);
	bool ok = lk_oauth_saved_from_json(j, out);
	json_decref(j);
	return ok;
}

bool lk_oauth_save(const char *path, const struct lk_oauth_saved *s)
{
	if (!path)
		return false;
	json_t *j = lk_oauth_saved_to_json(s);
	bool ok = lk_config_write_file(j, path);
	json_decref(j);
	return ok;
}

void lk_oauth_forget(const char *path)
{
	if (path)
		unlink(path);
}
