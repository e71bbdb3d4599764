/*
 * Linkon — the Twitch event source's HTTP: token validation and refresh,
 * the device sign-in, Helix EventSub subscriptions. All on the net worker;
 * answers go to the service thread's queue (lk-es-twitch-priv.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-es-twitch-priv.h"
#include "lk-net.h"
#include "lk-oauth-device.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>

struct tw_call {
	struct tw *tw;
	enum tw_req_kind kind;
	int serial;
};

static void on_done(void *data, const struct lk_net_response *res)
{
	struct tw_call *c = data;
	struct tw *tw = c->tw;

	pthread_mutex_lock(&tw->mutex);
	if (tw->queued < TW_MAX_QUEUE && !tw->stop) {
		struct tw_answer *a = &tw->queue[tw->queued++];
		memset(a, 0, sizeof(*a));
		a->kind = c->kind;
		a->serial = c->serial;
		a->ok = res->ok;
		a->status = res->http_status;
		a->reset_s = res->ratelimit_reset_s;
		a->body = bmemdup(res->body, res->body_len + 1);
		a->body_len = res->body_len;
	}
	tw->job = 0;
	pthread_mutex_unlock(&tw->mutex);
	tw_ws_wake(tw);

	pthread_mutex_lock(&tw->mutex);
	tw->inflight--;
	pthread_cond_broadcast(&tw->cond);
	pthread_mutex_unlock(&tw->mutex);
	bfree(c);
}

/* Queues one request whose answer comes back as kind. */
static void send_req(struct tw *tw, enum tw_req_kind kind, const char *method, const char *url,
		     const char *const *headers, const char *body)
{
	struct tw_call *c = bzalloc(sizeof(*c));
	struct lk_net_request req = {0};

	c->tw = tw;
	c->kind = kind;
	c->serial = ++tw->req_serial;
	tw->req_kind = kind;
	req.method = method;
	req.url = url;
	req.headers = headers;
	req.body = body;
	req.body_len = body ? strlen(body) : 0;
	req.max_bytes = 256 * 1024;
	req.timeout_ms = 20000;

	pthread_mutex_lock(&tw->mutex);
	tw->inflight++;
	pthread_mutex_unlock(&tw->mutex);
	uint64_t id = lk_net_request(tw->net, &req, on_done, c);
	pthread_mutex_lock(&tw->mutex);
	if (id)
		tw->job = id;
	else
		tw->inflight--;
	pthread_mutex_unlock(&tw->mutex);
	if (!id) {
		/* refused (the worker is stopping): answer "no network" at once */
		pthread_mutex_lock(&tw->mutex);
		if (tw->queued < TW_MAX_QUEUE) {
			struct tw_answer *a = &tw->queue[tw->queued++];
			memset(a, 0, sizeof(*a));
			a->kind = kind;
			a->serial = c->serial;
		}
		pthread_mutex_unlock(&tw->mutex);
		bfree(c);
	}
}

void tw_cancel_requests(struct tw *tw)
{
	pthread_mutex_lock(&tw->mutex);
	uint64_t id = tw->job;
	pthread_mutex_unlock(&tw->mutex);
	if (id)
		lk_net_cancel(tw->net, id);
}

/* A form value, percent-encoded (a new bmalloc'd string). */
static char *form_escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s ? s : "", 0);
	char *out = bstrdup(e ? e : "");
	curl_free(e);
	return out;
}

static void wipe_dstr(struct dstr *d)
{
	if (d->array)
		memset(d->array, 0, d->len);
	dstr_free(d);
}

void tw_req_validate(struct tw *tw)
{
	struct dstr url = {0}, auth = {0};

	dstr_printf(&url, "%s/oauth2/validate", tw->auth_base);
	dstr_printf(&auth, "Authorization: OAuth %s", tw->access_token);
	const char *headers[] = {auth.array, NULL};
	send_req(tw, TW_REQ_VALIDATE, "GET", url.array, headers, NULL);
	wipe_dstr(&auth);
	dstr_free(&url);
}

static void post_form(struct tw *tw, enum tw_req_kind kind, const char *path, const char *form)
{
	struct dstr url = {0};
	const char *headers[] = {"Content-Type: application/x-www-form-urlencoded", NULL};

	dstr_printf(&url, "%s%s", tw->auth_base, path);
	send_req(tw, kind, "POST", url.array, headers, form);
	dstr_free(&url);
}

void tw_req_refresh(struct tw *tw)
{
	struct dstr form = {0};
	char *rt = form_escape(tw->refresh_token), *cid = form_escape(tw->client_id);

	dstr_printf(&form, "grant_type=refresh_token&refresh_token=%s&client_id=%s", rt, cid);
	post_form(tw, TW_REQ_REFRESH, "/oauth2/token", form.array);
	memset(rt, 0, strlen(rt));
	bfree(rt);
	bfree(cid);
	wipe_dstr(&form);
}

/* The device sign-in's news (worker thread): kept for the service thread. */
static void on_device(void *data, const struct lk_oauth_event *ev)
{
	struct tw *tw = data;

	pthread_mutex_lock(&tw->mutex);
	tw->dev_news = true;
	tw->dev_kind = ev->kind;
	if (ev->kind == LK_OAUTH_EV_CODE) {
		snprintf(tw->dev_user_code, sizeof(tw->dev_user_code), "%s", ev->user_code ? ev->user_code : "");
		snprintf(tw->dev_verify_url, sizeof(tw->dev_verify_url), "%s", ev->verify_url ? ev->verify_url : "");
	} else if (ev->kind == LK_OAUTH_EV_TOKENS && ev->tokens) {
		snprintf(tw->dev_access, sizeof(tw->dev_access), "%s",
			 ev->tokens->access_token ? ev->tokens->access_token : "");
		snprintf(tw->dev_refresh, sizeof(tw->dev_refresh), "%s",
			 ev->tokens->refresh_token ? ev->tokens->refresh_token : "");
	} else {
		snprintf(tw->dev_reason, sizeof(tw->dev_reason), "%s",
			 ev->reason ? ev->reason : lk_oauth_reply_name(ev->reply));
	}
	pthread_mutex_unlock(&tw->mutex);
	tw_ws_wake(tw);
}

void tw_device_stop(struct tw *tw)
{
	lk_oauth_device_destroy(tw->device); /* after this its callback never runs */
	tw->device = NULL;
}

void tw_device_start(struct tw *tw)
{
	struct dstr dev = {0}, tok = {0};
	struct lk_oauth_client client = {0};

	tw_device_stop(tw);
	dstr_printf(&dev, "%s/oauth2/device", tw->auth_base);
	dstr_printf(&tok, "%s/oauth2/token", tw->auth_base);
	client.device_url = dev.array;
	client.token_url = tok.array;
	client.client_id = tw->client_id;
	client.scopes = LK_TW_SCOPES;
	client.scope_key = "scopes";
	client.scopes_in_poll = true;
	tw->device = lk_oauth_device_start(tw->net, &client, on_device, tw);
	dstr_free(&dev);
	dstr_free(&tok);
}

void tw_req_subscribe(struct tw *tw)
{
	const struct lk_tw_sub_type *sub = &lk_tw_sub_types[tw->sub_index];
	struct dstr url = {0}, auth = {0}, cid = {0};
	char *body = lk_twitch_sub_body(sub, tw->user_id, tw->cur ? tw->cur->session_id : "");

	dstr_printf(&url, "%s/eventsub/subscriptions", tw->helix_base);
	dstr_printf(&auth, "Authorization: Bearer %s", tw->access_token);
	dstr_printf(&cid, "Client-Id: %s", tw->client_id);
	const char *headers[] = {auth.array, cid.array, "Content-Type: application/json", NULL};
	send_req(tw, TW_REQ_SUBSCRIBE, "POST", url.array, headers, body ? body : "{}");
	free(body);
	wipe_dstr(&auth);
	dstr_free(&cid);
	dstr_free(&url);
}
