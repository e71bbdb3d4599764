/*
 * Linkon — the bridge connector (docs/bridge-protocol.md): settings, life
 * cycle, the worker tick, retries and the connection status.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Settings, the "bridge" object of the config file:
 *   {"url": "https://bridge.example", "token": "…", "poll_ms": 2000,
 *    "backoff_min_ms": 1000, "backoff_max_ms": 60000, "stream_idle_ms": 45000,
 *    "timeout_ms": 15000, "page_size": 200}
 * Only url and token are required. The token never leaves this process
 * except in the Authorization header: every text that could carry it (a
 * transfer error, a server's message) is redacted before it is logged or
 * shown.
 */
#include "lk-conn-bridge-priv.h"
#include "lk-net-words.h"
#include "lk-redact.h"
#include "lk-str.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/platform.h>

#define MAX_TOKEN 4096
#define MAX_URL 2000

/* ---- settings ------------------------------------------------------------- */

static bool url_ok(const char *u)
{
	return lk_connector_header_value_ok(u, MAX_URL) && lk_net_url_allowed(u) && !strpbrk(u, "?#");
}

/* Fills set from the config object, or returns a plain-words reason. */
static const char *settings_parse(struct bridge_settings *set, json_t *s)
{
	const char *url = json_string_value(json_object_get(s, "url"));
	const char *token = json_string_value(json_object_get(s, "token"));
	struct dstr auth = {0};

	if (!url_ok(url))
		return "set \"url\" (http:// or https://, no query) in the Linkon config file";
	if (!lk_connector_header_value_ok(token, MAX_TOKEN))
		return "set \"token\" (visible ASCII characters only) in the Linkon config file";

	set->base = bstrdup(url);
	for (size_t n = strlen(set->base); n > 0 && set->base[n - 1] == '/'; n--)
		set->base[n - 1] = '\0';
	dstr_printf(&auth, "Authorization: Bearer %s", token);
	set->auth = auth.array;
	set->token = bstrdup(token);
	set->poll_ms = lk_connector_setting_int(s, "poll_ms", 2000, 50, 600000);
	set->backoff_min_ms = lk_connector_setting_int(s, "backoff_min_ms", 1000, 1, 600000);
	set->backoff_max_ms = lk_connector_setting_int(s, "backoff_max_ms", 60000, set->backoff_min_ms, 3600000);
	set->idle_ms = lk_connector_setting_int(s, "stream_idle_ms", LK_NET_DEFAULT_IDLE_MS, 100, 600000);
	set->timeout_ms = lk_connector_setting_int(s, "timeout_ms", 15000, 100, 120000);
	set->page_size = lk_connector_setting_int(s, "page_size", 200, 1, LK_BRIDGE_MAX_PAGE);
	set->auth_retry_ms = lk_connector_setting_int(s, "auth_retry_ms", 60000, 100, 3600000);
	const char *path = json_string_value(json_object_get(s, "config_path"));
	set->config_path = path && *path ? bstrdup(path) : NULL;
	return NULL;
}

static void wipe(char *s)
{
	if (s) {
		memset(s, 0, strlen(s));
		bfree(s);
	}
}

static void settings_free(struct bridge_settings *set)
{
	bfree(set->base);
	bfree(set->config_path);
	wipe(set->auth);
	wipe(set->token);
	memset(set, 0, sizeof(*set));
}

/* ---- plumbing -------------------------------------------------------------- */

bool bridge_stopping(struct conn_bridge *c)
{
	pthread_mutex_lock(&c->mutex);
	bool stopping = c->stopping;
	pthread_mutex_unlock(&c->mutex);
	return stopping;
}

static bool send_locked(struct conn_bridge *c, enum bridge_chan chan, const struct lk_net_request *req,
			const struct bridge_call *call)
{
	uint64_t id = 0;

	pthread_mutex_lock(&c->mutex);
	if (!c->stopping && !c->jobs[chan]) {
		id = call->cbs ? lk_net_stream(c->net, req, call->cbs, c) : lk_net_request(c->net, req, call->cb, c);
		if (id) {
			c->jobs[chan] = id;
			c->in_flight++;
		}
	}
	pthread_mutex_unlock(&c->mutex);
	return id != 0;
}

bool bridge_call(struct conn_bridge *c, enum bridge_chan chan, const struct bridge_call *call)
{
	struct dstr url = {0};
	const char *headers[5] = {c->set.auth, call->cbs ? "Accept: text/event-stream" : "Accept: application/json"};
	size_t n = 2;

	if (call->extra)
		headers[n++] = call->extra;
	if (call->body)
		headers[n++] = "Content-Type: application/json";
	dstr_printf(&url, "%s%s", c->set.base, call->path);
	struct lk_net_request req = {
		.method = call->method,
		.url = url.array,
		.headers = headers,
		.body = call->body,
		.body_len = call->body ? strlen(call->body) : 0,
		.max_bytes = call->max_bytes,
		.timeout_ms = (long)c->set.timeout_ms,
		.idle_timeout_ms = call->cbs ? (long)c->set.idle_ms : 0,
	};
	bool ok = send_locked(c, chan, &req, call);
	dstr_free(&url);
	return ok;
}

void bridge_job_done(struct conn_bridge *c, enum bridge_chan chan)
{
	pthread_mutex_lock(&c->mutex);
	c->jobs[chan] = 0;
	c->in_flight--;
	pthread_cond_broadcast(&c->idle);
	pthread_mutex_unlock(&c->mutex);
}

void bridge_wake(struct conn_bridge *c)
{
	pthread_mutex_lock(&c->mutex);
	uint64_t tick = c->tick_id; /* 0 while create has not stored it yet */
	pthread_mutex_unlock(&c->mutex);
	lk_net_wake_tick(c->net, tick);
}

void bridge_redact(const struct conn_bridge *c, char *out, const char *text)
{
	lk_redact_quote(out, BRIDGE_WHY_SIZE, "", text, c->set.token);
}

/* ---- outcomes and retries ------------------------------------------------ */

static bool retryable_status(long s)
{
	return s == 408 || s == 425 || s == 429 || s >= 500;
}

enum bridge_outcome bridge_classify(const struct conn_bridge *c, const struct lk_net_response *res, char *why)
{
	char code[48], msg[120];
	struct dstr d = {0};
	enum bridge_outcome out;

	if (!res->ok) {
		bool big = res->error && strstr(res->error, "too large");
		bridge_redact(c, why, res->error ? res->error : "no answer");
		return big ? BRIDGE_BAD_BODY : BRIDGE_RETRY;
	}
	if (res->http_status >= 200 && res->http_status <= 299)
		return BRIDGE_OK;
	if (res->http_status == 304)
		return BRIDGE_NOT_MODIFIED;

	if (res->http_status == 401 || res->http_status == 403)
		out = BRIDGE_AUTH;
	else
		out = retryable_status(res->http_status) ? BRIDGE_RETRY : BRIDGE_REFUSED;
	dstr_printf(&d, "the bridge answered HTTP %ld", res->http_status);
	/* the server's words are redacted before they are cut to size */
	if (lk_bridge_decode_error(res->body, res->body_len, c->set.token, code, sizeof(code), msg, sizeof(msg)))
		dstr_catf(&d, " (%s: %s)", code, msg);
	bridge_redact(c, why, d.array);
	dstr_free(&d);
	return out;
}

bool bridge_type_ok(const char *type, const char *want, const char *what, char *why)
{
	size_t n = strlen(want);
	bool json = strcmp(want, "application/json") == 0;

	if (type) {
		size_t len = strcspn(type, ";");
		while (len > 0 && (type[len - 1] == ' ' || type[len - 1] == '\t'))
			len--;
		if (len == n && strncasecmp(type, want, n) == 0)
			return true;
		/* application/<anything>+json is JSON too */
		if (json && len > 17 && strncasecmp(type, "application/", 12) == 0 &&
		    strncasecmp(type + len - 5, "+json", 5) == 0)
			return true;
	} else if (json) {
		return true; /* no type: the JSON decoder judges the body */
	}
	char shown[64];
	lk_redact_quote(shown, sizeof(shown), "", type ? type : "none", NULL);
	snprintf(why, BRIDGE_WHY_SIZE, "%s: the bridge answered with Content-Type %s, not %s", what, shown, want);
	return false;
}

int64_t bridge_backoff_ms(struct conn_bridge *c, int failures)
{
	int64_t d = c->set.backoff_min_ms;

	for (int i = 1; i < failures && d < c->set.backoff_max_ms; i++)
		d *= 2;
	if (d > c->set.backoff_max_ms)
		d = c->set.backoff_max_ms;
	/* "equal jitter": half fixed, half random, so clients spread out */
	return d - d / 2 + lk_rand_range(&c->jitter, 0, d / 2);
}

void bridge_fail(struct conn_bridge *c, enum bridge_chan chan, enum bridge_outcome out, const char *why,
		 int64_t retry_after_ms)
{
	struct bridge_chan_state *ch = &c->ch[chan];
	int64_t delay;

	if (out == BRIDGE_AUTH) {
		c->auth_failed = true;
		c->auth_probing = false;
		c->auth_retry_at = lk_now_ms() + c->set.auth_retry_ms;
		char secs[24];
		struct dstr text = {0};
		snprintf(secs, sizeof(secs), "%lld", (long long)(c->set.auth_retry_ms + 999) / 1000);
		if (c->events_only) /* a live room's token: set in its settings, not re-read from a file */
			lk_msg_set(&c->auth_msg, LK_MSG_ES_BRIDGE_AUTH, why, secs, NULL);
		else
			lk_msg_set(&c->auth_msg, LK_MSG_BRIDGE_AUTH, why,
				   c->set.config_path ? "config.json" : "the bridge's \"token\"", secs);
		lk_msg_format(&text, &c->auth_msg, NULL, NULL, NULL);
		snprintf(c->auth_why, sizeof(c->auth_why), "%s", text.array ? text.array : "");
		dstr_free(&text);
		pthread_mutex_lock(&c->mutex);
		c->auth_refused = true;
		uint64_t stream = c->jobs[BRIDGE_STREAM];
		pthread_mutex_unlock(&c->mutex);
		/* nothing more on a refused token, not even a stream still open */
		lk_net_cancel(c->net, stream);
		return;
	}
	ch->failures++;
	ch->health = out == BRIDGE_RETRY ? BRIDGE_DOWN : BRIDGE_BAD_PROTO;
	snprintf(ch->why, sizeof(ch->why), "%s", why);
	delay = bridge_backoff_ms(c, ch->failures);
	if (retry_after_ms > BRIDGE_RETRY_AFTER_CAP_MS)
		retry_after_ms = BRIDGE_RETRY_AFTER_CAP_MS;
	if (retry_after_ms > delay)
		delay = retry_after_ms;
	ch->retry_at = lk_now_ms() + delay;
}

void bridge_ok(struct conn_bridge *c, enum bridge_chan chan)
{
	struct bridge_chan_state *ch = &c->ch[chan];

	ch->failures = 0;
	ch->retry_at = 0;
	ch->health = BRIDGE_HEALTHY;
	ch->why[0] = '\0';
	c->auth_probing = false; /* the token works */
}

/* ---- status ---------------------------------------------------------------- */

/* The worst channel (actions aside): protocol errors before offline. */
static const struct bridge_chan_state *worst_channel(const struct conn_bridge *c)
{
	const struct bridge_chan_state *worst = NULL;

	for (int i = BRIDGE_CATALOG; i <= BRIDGE_STREAM; i++) {
		const struct bridge_chan_state *ch = &c->ch[i];
		if (ch->health != BRIDGE_HEALTHY && (!worst || ch->health > worst->health))
			worst = ch;
	}
	return worst;
}

static enum lk_conn_state status_now(const struct conn_bridge *c, const char **why, int64_t *retry,
				     enum lk_msg_code *code)
{
	const struct bridge_chan_state *worst = worst_channel(c);

	*why = "";
	*retry = 0;
	*code = LK_MSG_NONE;
	if (c->auth_failed || c->auth_probing) {
		*why = c->auth_why;
		*retry = c->auth_failed ? c->auth_retry_at : 0;
		*code = c->events_only ? LK_MSG_ES_BRIDGE_AUTH : LK_MSG_BRIDGE_AUTH;
		return LK_CONN_AUTH_FAILED;
	}
	if (worst) {
		*why = worst->why;
		*retry = worst->retry_at;
		*code = worst->health == BRIDGE_BAD_PROTO ? LK_MSG_BRIDGE_PROTOCOL : LK_MSG_BRIDGE_OFFLINE;
		return worst->health == BRIDGE_BAD_PROTO ? LK_CONN_PROTOCOL_ERROR : LK_CONN_OFFLINE;
	}
	if (c->events_only)
		return c->stream_open ? LK_CONN_CONNECTED : LK_CONN_CONNECTING;
	if (c->need_catalog)
		return LK_CONN_SYNCING;
	if (c->state_ok && c->stream_ever_open)
		return LK_CONN_CONNECTED;
	return LK_CONN_CONNECTING;
}

/* One line per change between connected, offline, protocol error and auth
 * failed (connecting and syncing are passing states: a catalog fetched
 * again while connected logs nothing). */
static void log_status(struct conn_bridge *c, enum lk_conn_state state, const char *why)
{
	const char *who = c->events_only ? "live room bridge" : "bridge";

	if (state == c->logged_state || state == LK_CONN_CONNECTING || state == LK_CONN_SYNCING)
		return;
	c->logged_state = state;
	if (state == LK_CONN_CONNECTED)
		blog(LOG_INFO, "[linkon] %s: connected", who);
	else if (state == LK_CONN_OFFLINE)
		blog(LOG_WARNING, "[linkon] %s: offline, retrying: %s", who, why);
	else if (state == LK_CONN_AUTH_FAILED)
		blog(LOG_WARNING, "[linkon] %s: the token was refused: %s", who, why);
	else if (state == LK_CONN_PROTOCOL_ERROR)
		blog(LOG_WARNING, "[linkon] %s: protocol error, retrying: %s", who, why);
}

/* An event source's status: the connection states map onto the live
 * room's (every failure of a bridge is retried, a refused token too). */
static void es_publish(struct conn_bridge *c, enum lk_conn_state state, const struct lk_msg *msg,
		       const char *text, int64_t retry)
{
	struct lk_es_status st;

	memset(&st, 0, sizeof(st));
	st.quota_units_per_hour = -1;
	if (state == LK_CONN_CONNECTED)
		st.state = LK_ES_LIVE;
	else if (state == LK_CONN_CONNECTING || state == LK_CONN_SYNCING)
		st.state = LK_ES_CONNECTING;
	else
		st.state = LK_ES_RETRY;
	if (msg)
		st.msg = *msg;
	lk_utf8_copy(st.detail, sizeof(st.detail), text ? text : "");
	st.retry_at_ms = retry;
	st.last_event_ms = c->es_last_ms;
	st.events = c->es_events;
	c->host.publish(c->host.host_data, &st);
}

/* Publishes the status when it changed; logs when its state changed. */
static void publish_status(struct conn_bridge *c)
{
	const char *why;
	int64_t retry;
	enum lk_msg_code code;
	enum lk_conn_state state = status_now(c, &why, &retry, &code);

	if (state == c->shown_state && strcmp(why, c->shown_why) == 0 && retry == c->shown_retry &&
	    c->last_sync_ms == c->shown_sync && c->es_events == c->shown_events)
		return;
	log_status(c, state, why);
	c->shown_state = state;
	snprintf(c->shown_why, sizeof(c->shown_why), "%s", why);
	c->shown_retry = retry;
	c->shown_sync = c->last_sync_ms;
	c->shown_events = c->es_events;

	struct lk_status st = {.state = state,
			       .connector = "bridge",
			       .next_retry_ms = retry,
			       .last_sync_ms = c->last_sync_ms};
	struct dstr text = {0};
	if (code == LK_MSG_BRIDGE_AUTH || code == LK_MSG_ES_BRIDGE_AUTH) {
		st.msg = c->auth_msg;
		st.message = (char *)why;
	} else if (code) {
		lk_msg_set(&st.msg, code, why, NULL, NULL);
		lk_msg_set_arg_code(&st.msg, 0, lk_net_reason_of(why)); /* a transfer's failure: translated */
		st.message = (char *)lk_msg_format(&text, &st.msg, NULL, NULL, NULL);
	}
	if (c->events_only)
		es_publish(c, state, code ? &st.msg : NULL, st.message, retry);
	else
		lk_connector_publish_status(c->store, &st);
	dstr_free(&text);
}

/* ---- a refused token: retry slowly, watch the config file ------------------------ */

/* The token (or the bridge) changed, or a refused token is tried again:
 * everything starts afresh (the stream too) with no backoff. Worker. */
static void session_restart(struct conn_bridge *c, bool other_bridge)
{
	pthread_mutex_lock(&c->mutex);
	c->auth_refused = false;
	uint64_t stream = c->jobs[BRIDGE_STREAM];
	pthread_mutex_unlock(&c->mutex);
	lk_net_cancel(c->net, stream); /* opened with the old settings */
	c->auth_failed = false;
	for (int i = 0; i < BRIDGE_CHANS; i++)
		bridge_ok(c, i);
	c->need_catalog = true;
	bfree(c->etag);
	c->etag = NULL;
	c->next_poll_ms = 0;
	if (other_bridge) {
		lk_gift_dedupe_clear(c->seen);
		c->resume_id[0] = '\0';
	}
}

/* Reads the changed config file: new bridge settings replace the old ones
 * (keeping config_path); a new url or token restarts the session. A file
 * that cannot be used changes nothing (logged). Worker. */
static void config_reload(struct conn_bridge *c)
{
	struct bridge_settings next = {0};
	json_t *cfg = json_load_file(c->set.config_path, JSON_REJECT_DUPLICATES, NULL);
	json_t *s = json_object_get(cfg, "bridge");
	const char *why = json_is_object(s) ? settings_parse(&next, s) : "no readable \"bridge\" object in it";

	if (why) {
		blog(LOG_WARNING,
		     "[linkon] bridge: the config file changed, but it cannot be used (%s); keeping the "
		     "settings in use",
		     why);
	} else {
		bool other_bridge = strcmp(next.base, c->set.base) != 0;
		bool changed = other_bridge || strcmp(next.token, c->set.token) != 0;
		bfree(next.config_path);
		next.config_path = c->set.config_path;
		c->set.config_path = NULL;
		settings_free(&c->set);
		c->set = next;
		if (changed) {
			blog(LOG_INFO, "[linkon] bridge: the config file has a new %s; connecting again",
			     other_bridge ? "url" : "token");
			session_restart(c, other_bridge);
		}
	}
	json_decref(cfg);
}

/* Looks at the config file's stat once a second (on the worker: never on
 * the UI or graphics thread); reads it when it changed. */
static void config_watch(struct conn_bridge *c, int64_t now)
{
	struct stat st;

	if (!c->set.config_path || now < c->config_check_at)
		return;
	c->config_check_at = now + BRIDGE_CONFIG_CHECK_MS;
	if (stat(c->set.config_path, &st) != 0)
		return;
	int64_t mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	bool same = c->config_known && mtime == c->config_mtime_ns && (int64_t)st.st_size == c->config_size &&
		    (int64_t)st.st_ino == c->config_ino;
	bool first = !c->config_known;

	c->config_known = true;
	c->config_mtime_ns = mtime;
	c->config_size = (int64_t)st.st_size;
	c->config_ino = (int64_t)st.st_ino;
	if (!same && !first)
		config_reload(c);
}

/* ---- the tick ---------------------------------------------------------------- */

static int64_t bridge_tick(void *data, int64_t now)
{
	struct conn_bridge *c = data;
	int64_t delay = BRIDGE_MAX_SLEEP_MS;

	config_watch(c, now);
	if (c->auth_failed && now >= c->auth_retry_at) {
		/* try the refused token again; shown as refused until it works */
		session_restart(c, false);
		c->auth_probing = true;
	}
	if (!c->auth_failed) {
		int64_t due = c->events_only ? INT64_MAX : bridge_sync_tick(c, now);
		int64_t more = bridge_stream_tick(c, now);
		due = more < due ? more : due;
		more = c->events_only ? INT64_MAX : bridge_action_tick(c, now);
		due = more < due ? more : due;
		if (due != INT64_MAX && due - now < delay)
			delay = due - now;
	}
	publish_status(c);
	if (c->events_only)
		return delay < 1 ? 1 : delay;

	/* the platform runs the sales; their states still follow time here */
	lk_store_tick(c->store, now);
	struct lk_snapshot *snap = lk_store_get(c->store);
	int64_t sale_due = lk_snapshot_next_tick_ms(snap, now);
	lk_snapshot_release(snap);
	if (sale_due != INT64_MAX && sale_due - now < delay)
		delay = sale_due - now;
	return delay < 1 ? 1 : delay;
}

/* ---- life cycle ---------------------------------------------------------------- */

struct conn_bridge *bridge_new(struct lk_store *store, struct lk_net *net, json_t *settings,
			       const struct lk_es_host *host, const char *platform)
{
	struct conn_bridge *c = bzalloc(sizeof(*c));
	const char *why = settings_parse(&c->set, settings);

	if (host) {
		c->events_only = true;
		c->host = *host;
		snprintf(c->platform, sizeof(c->platform), "%s", platform ? platform : "");
		/* its entry is rewritten by the event-source manager, which
		 * creates it again: no watching of the file's "bridge" object */
		bfree(c->set.config_path);
		c->set.config_path = NULL;
	}
	if (why || !net) {
		struct lk_status st = {.state = LK_CONN_PROTOCOL_ERROR, .connector = "bridge"};
		if (why)
			lk_msg_set(&st.msg, LK_MSG_BRIDGE_SETTINGS, why, NULL, NULL);
		else
			lk_msg_set(&st.msg, LK_MSG_BRIDGE_NO_NETWORK, NULL, NULL, NULL);
		struct dstr text = {0};
		st.message = (char *)lk_msg_format(&text, &st.msg, NULL, NULL, NULL);
		blog(LOG_WARNING, "[linkon] %s", st.message);
		if (host) {
			struct lk_es_status es = {.state = LK_ES_ERROR, .msg = st.msg, .quota_units_per_hour = -1};
			lk_utf8_copy(es.detail, sizeof(es.detail), st.message);
			host->publish(host->host_data, &es);
		} else {
			lk_connector_publish_status(store, &st);
		}
		dstr_free(&text);
		settings_free(&c->set);
		bfree(c);
		return NULL;
	}
	c->store = store;
	c->net = net;
	pthread_mutex_init(&c->mutex, NULL);
	pthread_cond_init(&c->idle, NULL);
	lk_rand_seed(&c->key_rand, os_gettime_ns() ^ (uint64_t)(uintptr_t)c);
	lk_rand_seed(&c->jitter, lk_rand_next(&c->key_rand));
	c->need_catalog = !c->events_only;
	c->shown_state = LK_CONN_CONNECTING;
	bridge_stream_init(c);
	pthread_mutex_lock(&c->mutex);
	c->tick_id = lk_net_add_tick(net, bridge_tick, c);
	pthread_mutex_unlock(&c->mutex);
	return c;
}

static void *bridge_create(struct lk_store *store, struct lk_net *net, json_t *settings, const char *data_dir)
{
	return bridge_new(store, net, settings, NULL, NULL);
}

void bridge_free(struct conn_bridge *c)
{
	uint64_t jobs[BRIDGE_CHANS];

	if (!c)
		return;
	pthread_mutex_lock(&c->mutex);
	c->stopping = true;
	pthread_mutex_unlock(&c->mutex);
	/* no tick runs after this, so no new transfer starts */
	lk_net_remove_tick(c->net, c->tick_id);

	pthread_mutex_lock(&c->mutex);
	memcpy(jobs, c->jobs, sizeof(jobs));
	pthread_mutex_unlock(&c->mutex);
	for (int i = 0; i < BRIDGE_CHANS; i++)
		lk_net_cancel(c->net, jobs[i]);
	pthread_mutex_lock(&c->mutex);
	while (c->in_flight > 0)
		pthread_cond_wait(&c->idle, &c->mutex);
	pthread_mutex_unlock(&c->mutex);

	bridge_sync_free(c);
	bridge_stream_free(c);
	bridge_actions_free(c);
	settings_free(&c->set);
	pthread_cond_destroy(&c->idle);
	pthread_mutex_destroy(&c->mutex);
	bfree(c);
}

static void bridge_destroy(void *data)
{
	bridge_free(data);
}

/* ---- anchor actions (any thread; queued, never waits) ------------------------- */

static bool bridge_pin(void *data, const char *id, const char **error)
{
	bool pin = id && *id;

	return bridge_action_queue(data, pin ? "pin" : "unpin", lk_bridge_encode_pin(pin ? id : NULL), error);
}

static bool bridge_start_sale(void *data, const struct lk_sale_params *p, const char **error)
{
	struct lk_bridge_sale_start req = {
		.product_id = p->product_id,
		.has_price = p->has_price,
		.price = p->sale_price,
		.duration_ms = p->duration_ms,
		.stock = p->has_stock ? p->stock : 0,
		.preroll_ms = p->preroll_ms,
	};

	return bridge_action_queue(data, "sale-start", lk_bridge_encode_sale_start(&req), error);
}

static bool bridge_stop_sale(void *data, const char *sale_id, const char **error)
{
	return bridge_action_queue(data, "sale-stop", lk_bridge_encode_sale_stop(sale_id), error);
}

const struct lk_connector_info lk_conn_bridge = {
	.id = "bridge",
	.create = bridge_create,
	.destroy = bridge_destroy,
	.pin = bridge_pin,
	.start_sale = bridge_start_sale,
	.stop_sale = bridge_stop_sale,
};
