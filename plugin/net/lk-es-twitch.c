/*
 * Linkon — the Twitch event source (type "twitch"): EventSub over WebSocket,
 * subscriptions over Helix, tokens from the device sign-in. docs/twitch.md.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Settings: "client_id" (a Public Twitch app: no secret). Test-only:
 * "eventsub_url", "helix_base", "auth_base" (the real Twitch URLs by
 * default), "tokens_path", "retry_min_ms", "keepalive_grace_ms", "validate_every_ms"
 * (the token is validated at start and then hourly, as Twitch asks).
 *
 * Lifecycle (the service thread, tw_step): validate the token → open the
 * socket → on its welcome subscribe every type over Helix → live. Every
 * message resets the socket's keepalive timer; silence beyond keepalive +
 * grace, a close or a failed connect is an unplanned drop: back off (1 s
 * doubling to 2 min, with jitter), open the base URL again, subscribe
 * again. session_reconnect opens the new URL while the old socket keeps
 * delivering; the new welcome retires the old one, without subscribing
 * (the subscriptions moved). Every notification is taken once by its
 * message_id (the last 2,000 ids of the last 10 minutes, both sockets).
 */
#include "lk-es-twitch-priv.h"
#include "lk-store.h" /* lk_now_ms */
#include "lk-conn-catalog.h"
#include "lk-connector.h"
#include "lk-net.h"
#include "lk-oauth-device.h"
#include "lk-rand.h"
#include "lk-room.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <util/base.h>
#include <util/bmem.h>

#define TW_EVENTSUB_URL "wss://eventsub.wss.twitch.tv/ws"
#define TW_HELIX_BASE "https://api.twitch.tv/helix"
#define TW_AUTH_BASE "https://id.twitch.tv"
#define TW_TOKENS_FILE "twitch-tokens.json"
#define TW_RETRY_MAX_MS (2 * 60 * 1000)

/* ---- status ------------------------------------------------------------------ */

static void publish_status(struct tw *tw, struct lk_es_status *st)
{
	struct dstr words = {0};
	lk_msg_format(&words, &st->msg, NULL, NULL, "en");
	snprintf(st->detail, sizeof(st->detail), "%s", words.array ? words.array : "");
	dstr_free(&words);
	if (tw->host.publish)
		tw->host.publish(tw->host.host_data, st);
}

static const char *state_word(enum lk_es_state s)
{
	static const char *const words[] = {"off", "sign_in", "connecting", "live", "waiting", "retry", "error"};
	return (unsigned)s < sizeof(words) / sizeof(words[0]) ? words[s] : "?";
}

void tw_publish(struct tw *tw, enum lk_es_state state, enum lk_msg_code code, const char *a1, const char *a2,
		const char *a3)
{
	struct lk_es_status st;

	pthread_mutex_lock(&tw->mutex);
	tw->status.state = state;
	lk_msg_set(&tw->status.msg, code, a1, a2, a3);
	tw->status.retry_at_ms = 0;
	if (state != LK_ES_SIGN_IN) {
		tw->status.user_code[0] = '\0';
		tw->status.verify_url[0] = '\0';
	}
	snprintf(tw->status.account, sizeof(tw->status.account), "%s", tw->login);
	st = tw->status;
	pthread_mutex_unlock(&tw->mutex);
	if (code != LK_MSG_NONE) {
		struct dstr words = {0};
		blog(state == LK_ES_ERROR ? LOG_WARNING : LOG_INFO, TW_LOG "%s: %s", state_word(state),
		     lk_msg_format(&words, &st.msg, NULL, NULL, "en"));
		dstr_free(&words);
	}
	publish_status(tw, &st);
}

static const char *why_english(enum lk_msg_code why)
{
	const char *t = lk_msg_english_template(why, false);
	return t ? t : "";
}

void tw_publish_retry(struct tw *tw, enum lk_msg_code why, int close_code, int64_t delay_ms)
{
	char words[LK_MSG_ARG_MAX], secs[32];
	struct lk_es_status st;

	if (close_code)
		snprintf(words, sizeof(words), "%s (close code %d)", why_english(why), close_code);
	else
		snprintf(words, sizeof(words), "%s", why_english(why));
	snprintf(secs, sizeof(secs), "%lld", (long long)((delay_ms + 999) / 1000));
	pthread_mutex_lock(&tw->mutex);
	tw->status.state = LK_ES_RETRY;
	lk_msg_set(&tw->status.msg, LK_MSG_TWITCH_RETRYING, words, secs, NULL);
	lk_msg_set_arg_code(&tw->status.msg, 0, why);
	tw->status.retry_at_ms = lk_now_ms() + delay_ms;
	st = tw->status;
	pthread_mutex_unlock(&tw->mutex);
	blog(LOG_INFO, TW_LOG "%s; retrying in %s s", words, secs);
	publish_status(tw, &st);
}

static void count_event(struct tw *tw)
{
	pthread_mutex_lock(&tw->mutex);
	tw->status.last_event_ms = lk_now_ms();
	tw->status.events++;
	struct lk_es_status st = tw->status;
	pthread_mutex_unlock(&tw->mutex);
	if (tw->host.publish)
		tw->host.publish(tw->host.host_data, &st);
}

/* ---- tokens ------------------------------------------------------------------ */

bool tw_save_tokens(struct tw *tw)
{
	if (!tw->tokens_path)
		return false;
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "client_id", tw->client_id, "access_token", tw->access_token,
			      "refresh_token", tw->refresh_token, "user_id", tw->user_id, "login", tw->login);
	char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	bool ok = text && lk_conn_write_private_file(tw->tokens_path, text);
	if (text) {
		memset(text, 0, strlen(text));
		free(text);
	}
	json_decref(j);
	if (!ok)
		blog(LOG_WARNING, TW_LOG "could not save the tokens");
	return ok;
}

static void copy_token(char *out, size_t size, const char *s)
{
	out[0] = '\0';
	if (s && lk_connector_header_value_ok(s, size - 1))
		snprintf(out, size, "%s", s);
}

static void load_tokens(struct tw *tw)
{
	json_t *j = tw->tokens_path ? json_load_file(tw->tokens_path, 0, NULL) : NULL;
	const char *cid = json_string_value(json_object_get(j, "client_id"));

	if (j && (!cid || !strcmp(cid, tw->client_id))) {
		copy_token(tw->access_token, sizeof(tw->access_token),
			   json_string_value(json_object_get(j, "access_token")));
		copy_token(tw->refresh_token, sizeof(tw->refresh_token),
			   json_string_value(json_object_get(j, "refresh_token")));
		copy_token(tw->user_id, sizeof(tw->user_id), json_string_value(json_object_get(j, "user_id")));
		copy_token(tw->login, sizeof(tw->login), json_string_value(json_object_get(j, "login")));
	}
	json_decref(j);
}

/* ---- the state machine (service thread) --------------------------------------- */

static void go(struct tw *tw, enum tw_phase phase);

static int64_t backoff_ms(struct tw *tw)
{
	int64_t d = tw->retry_min_ms;
	for (int i = 1; i < tw->attempts && d < tw->retry_max_ms; i++)
		d *= 2;
	if (d > tw->retry_max_ms)
		d = tw->retry_max_ms;
	/* jitter: d/2 .. d, never below the minimum */
	int64_t j = d / 2 + (int64_t)(lk_rand_splitmix64(&tw->rand_state) % (uint64_t)(d / 2 + 1));
	return j < tw->retry_min_ms ? tw->retry_min_ms : j;
}

static void retire_sockets(struct tw *tw)
{
	tw_ws_retire(tw, tw->cur);
	tw_ws_retire(tw, tw->next);
	tw_ws_retire(tw, tw->draining);
	tw->cur = tw->next = tw->draining = NULL;
}

static void wait_then(struct tw *tw, enum tw_phase after, int64_t delay_ms)
{
	tw->phase = TW_WAIT;
	tw->after_wait = after;
	tw->wait_until_ms = lk_now_ms() + delay_ms;
}

/* An unplanned end of the connection: back off, then connect again and subscribe again. */
static void drop(struct tw *tw, enum lk_msg_code why, int close_code)
{
	retire_sockets(tw);
	tw->attempts++;
	int64_t delay = backoff_ms(tw);
	wait_then(tw, TW_CONNECT, delay);
	tw_publish_retry(tw, why, close_code, delay);
}

static enum lk_msg_code why_of_close(int code)
{
	switch (code) {
	case 4000:
		return LK_MSG_TWITCH_WHY_SERVER;
	case 4001:
	case 4003:
		return LK_MSG_TWITCH_WHY_REFUSED;
	case 4002:
	case 4005:
	case 4006:
		return LK_MSG_TWITCH_WHY_NETWORK;
	case 4004:
	case 4007:
		return LK_MSG_TWITCH_WHY_MOVE;
	default:
		return LK_MSG_TWITCH_WHY_DROPPED;
	}
}

/* Stops until the user acts (signs in again): sockets closed, no retry. */
static void stop_for_user(struct tw *tw, enum lk_es_state state, enum lk_msg_code code, const char *a1, const char *a2,
			  const char *a3)
{
	retire_sockets(tw);
	tw->phase = TW_IDLE;
	tw_publish(tw, state, code, a1, a2, a3);
}

static bool seen_before(struct tw *tw, const char *id)
{
	uint64_t h = lk_gift_hash_str(id, 0x7477697463680001ULL);
	int64_t now = lk_now_ms();

	for (int i = 0; i < tw->seen_count; i++)
		if (tw->seen_hash[i] == h && now - tw->seen_ms[i] < TW_SEEN_MS)
			return true;
	tw->seen_hash[tw->seen_next] = h;
	tw->seen_ms[tw->seen_next] = now;
	tw->seen_next = (tw->seen_next + 1) % TW_SEEN_MAX;
	if (tw->seen_count < TW_SEEN_MAX)
		tw->seen_count++;
	return false;
}

/* The reconnect URL must stay with the host the source connects to (any port). */
static bool same_host(const char *a, const char *b)
{
	const char *ha = strstr(a, "://"), *hb = strstr(b, "://");
	if (!ha || !hb)
		return false;
	ha += 3;
	hb += 3;
	size_t la = strcspn(ha, ":/?#"), lb = strcspn(hb, ":/?#");
	return la == lb && !strncasecmp(ha, hb, la);
}

static void on_welcome(struct tw *tw, struct tw_sock *s, const struct lk_tw_message *m)
{
	s->welcomed = true;
	s->keepalive_s = m->keepalive_s > 0 ? m->keepalive_s : 10;
	snprintf(s->session_id, sizeof(s->session_id), "%s", m->session_id);
	if (s == tw->next) {
		/* the move is complete: the subscriptions came along */
		blog(LOG_INFO, TW_LOG "socket %d took over from socket %d (session_reconnect)", s->serial,
		     tw->cur ? tw->cur->serial : 0);
		/* what the old socket still had in flight is read for a moment
		 * more (dedupe makes a doubled delivery harmless), then it closes */
		tw_ws_retire(tw, tw->draining);
		tw->draining = tw->cur;
		tw->drain_until_ms = lk_now_ms() + TW_DRAIN_MS;
		tw->cur = s;
		tw->next = NULL;
		return;
	}
	if (s != tw->cur || tw->phase != TW_CONNECT)
		return;
	tw->sub_index = 0;
	tw->missing_scope[0] = tw->missing_types[0] = '\0';
	tw->refreshed_once = false;
	go(tw, TW_SUBSCRIBE);
}

static void on_revocation(struct tw *tw, const struct lk_tw_message *m)
{
	const char *type = m->subscription_type[0] ? m->subscription_type : "?";
	switch (m->revoke) {
	case LK_TW_REVOKE_AUTH:
		stop_for_user(tw, LK_ES_ERROR, LK_MSG_TWITCH_REVOKED, type, NULL, NULL);
		break;
	case LK_TW_REVOKE_USER:
		stop_for_user(tw, LK_ES_ERROR, LK_MSG_TWITCH_USER_REMOVED, NULL, NULL, NULL);
		break;
	case LK_TW_REVOKE_VERSION:
		stop_for_user(tw, LK_ES_ERROR, LK_MSG_TWITCH_VERSION_REMOVED, type, NULL, NULL);
		break;
	default:
		stop_for_user(tw, LK_ES_ERROR, LK_MSG_TWITCH_ENDED, type, m->revoke_status, NULL);
		break;
	}
}

void tw_on_message(struct tw *tw, struct tw_sock *s, const char *text, size_t len)
{
	struct lk_tw_message *m = &tw->msg;
	char err[160];

	if (s != tw->cur && s != tw->next) {
		/* a retired socket may still deliver what it had: take notifications (deduped) */
		if (!lk_twitch_decode(text, len, m, err, sizeof(err)) || m->type != LK_TW_NOTIFICATION)
			return;
	} else if (!lk_twitch_decode(text, len, m, err, sizeof(err))) {
		blog(LOG_WARNING, TW_LOG "socket %d: a message Linkon cannot use: %s", s->serial, err);
		return;
	}

	switch (m->type) {
	case LK_TW_WELCOME:
		on_welcome(tw, s, m);
		break;
	case LK_TW_RECONNECT:
		if (s != tw->cur || tw->next)
			break;
		if (!same_host(m->reconnect_url, tw->eventsub_url)) {
			blog(LOG_WARNING, TW_LOG "session_reconnect to another host, refused");
			drop(tw, LK_MSG_TWITCH_WHY_MOVE, 0);
			break;
		}
		tw->reconnects++;
		tw->next = tw_ws_open(tw, m->reconnect_url);
		break;
	case LK_TW_NOTIFICATION:
		if (seen_before(tw, m->message_id)) {
			tw->duplicates++;
			break;
		}
		if (m->event == LK_TW_GIFT) {
			lk_connector_push_gift(&m->gift);
			count_event(tw);
		} else if (m->event == LK_TW_ROOM) {
			lk_room_sink_push(&m->room);
			count_event(tw);
		}
		break;
	case LK_TW_REVOCATION:
		if (!seen_before(tw, m->message_id))
			on_revocation(tw, m);
		break;
	default:
		break;
	}
}

void tw_on_sock_dead(struct tw *tw, struct tw_sock *s)
{
	(void)tw;
	blog(LOG_INFO, TW_LOG "socket %d closed (code %d)", s->serial, s->close_code);
}

static void go(struct tw *tw, enum tw_phase phase)
{
	tw->phase = phase;
	switch (phase) {
	case TW_VALIDATE:
		tw_publish(tw, LK_ES_CONNECTING, LK_MSG_TWITCH_CONNECTING, tw->login[0] ? tw->login : "?", NULL, NULL);
		tw_req_validate(tw);
		break;
	case TW_REFRESH:
		tw_req_refresh(tw);
		break;
	case TW_CONNECT:
		retire_sockets(tw);
		tw_publish(tw, LK_ES_CONNECTING, LK_MSG_TWITCH_CONNECTING, tw->login, NULL, NULL);
		tw->cur = tw_ws_open(tw, tw->eventsub_url);
		if (!tw->cur)
			drop(tw, LK_MSG_TWITCH_WHY_UNREACHABLE, 0);
		break;
	case TW_SUBSCRIBE:
		if (!tw->cur || !tw->cur->welcomed) {
			drop(tw, LK_MSG_TWITCH_WHY_DROPPED, 0);
			break;
		}
		tw_req_subscribe(tw);
		break;
	case TW_DEVICE:
		tw_device_start(tw);
		break;
	default:
		break;
	}
}

static void live(struct tw *tw)
{
	tw->phase = TW_LIVE;
	tw->attempts = 0;
	if (tw->missing_scope[0])
		tw_publish(tw, LK_ES_LIVE, LK_MSG_TWITCH_SCOPE, tw->login, tw->missing_scope, tw->missing_types);
	else
		tw_publish(tw, LK_ES_LIVE, LK_MSG_TWITCH_LIVE, tw->login, NULL, NULL);
}

static void need_sign_in(struct tw *tw, const char *words)
{
	tw->access_token[0] = '\0';
	if (words)
		stop_for_user(tw, LK_ES_SIGN_IN, LK_MSG_TWITCH_AUTH, words, NULL, NULL);
	else
		stop_for_user(tw, LK_ES_SIGN_IN, LK_MSG_TWITCH_SIGN_IN, NULL, NULL, NULL);
}

static void append_word(char *out, size_t size, const char *w)
{
	if (strstr(out, w))
		return;
	size_t n = strlen(out);
	snprintf(out + n, size - n, "%s%s", n ? ", " : "", w);
}

static void on_subscribe(struct tw *tw, const struct tw_answer *a)
{
	const struct lk_tw_sub_type *sub = &lk_tw_sub_types[tw->sub_index];
	char words[160];

	if (!a->ok) {
		drop(tw, LK_MSG_TWITCH_WHY_UNREACHABLE, 0);
		return;
	}
	switch (a->status) {
	case 202:
	case 409: /* exists already (it moved with a reconnect): fine */
		tw->refreshed_once = false;
		tw->subscribed++;
		break;
	case 403:
		append_word(tw->missing_scope, sizeof(tw->missing_scope), sub->scope[0] ? sub->scope : "?");
		append_word(tw->missing_types, sizeof(tw->missing_types), sub->type);
		break;
	case 401:
		if (tw->refreshed_once || !tw->refresh_token[0]) {
			lk_twitch_error_words(a->body, a->body_len, a->status, words, sizeof(words));
			need_sign_in(tw, words);
			return;
		}
		tw->refreshed_once = true;
		tw->after_refresh = TW_SUBSCRIBE;
		go(tw, TW_REFRESH);
		return;
	case 429: {
		int64_t wall = (int64_t)time(NULL);
		int64_t delay = a->reset_s > 0 ? (a->reset_s - wall) * 1000 + 250 : 5000;
		if (delay < 250)
			delay = 250;
		if (delay > 60000)
			delay = 60000;
		char secs[32];
		snprintf(secs, sizeof(secs), "%lld", (long long)((delay + 999) / 1000));
		tw->rate_limited++;
		wait_then(tw, TW_SUBSCRIBE, delay);
		pthread_mutex_lock(&tw->mutex);
		tw->status.retry_at_ms = lk_now_ms() + delay;
		pthread_mutex_unlock(&tw->mutex);
		tw_publish(tw, LK_ES_CONNECTING, LK_MSG_TWITCH_RATE_LIMITED, secs, NULL, NULL);
		return;
	}
	default:
		lk_twitch_error_words(a->body, a->body_len, a->status, words, sizeof(words));
		blog(LOG_WARNING, TW_LOG "subscribing to %s: %s", sub->type, words);
		drop(tw, LK_MSG_TWITCH_WHY_API, 0);
		return;
	}
	if (++tw->sub_index >= LK_TW_NUM_SUB_TYPES)
		live(tw);
	else
		tw_req_subscribe(tw);
}

static void on_validate(struct tw *tw, const struct tw_answer *a)
{
	struct lk_tw_validate v;
	char err[160];

	if (a->ok && a->status == 200 && lk_twitch_decode_validate(a->body, a->body_len, &v, err, sizeof(err))) {
		tw->refreshed_once = false;
		tw->validated_ms = lk_now_ms();
		bool changed = strcmp(tw->user_id, v.user_id) || strcmp(tw->login, v.login);
		snprintf(tw->user_id, sizeof(tw->user_id), "%s", v.user_id);
		snprintf(tw->login, sizeof(tw->login), "%s", v.login);
		if (changed)
			tw_save_tokens(tw);
		go(tw, TW_CONNECT);
	} else if (a->ok && a->status == 401) {
		if (tw->refresh_token[0] && !tw->refreshed_once) {
			tw->refreshed_once = true;
			tw->after_refresh = TW_VALIDATE;
			go(tw, TW_REFRESH);
		} else {
			lk_twitch_error_words(a->body, a->body_len, a->status, err, sizeof(err));
			need_sign_in(tw, err);
		}
	} else {
		tw->attempts++;
		int64_t delay = backoff_ms(tw);
		wait_then(tw, TW_VALIDATE, delay);
		tw_publish_retry(tw, a->ok ? LK_MSG_TWITCH_WHY_API : LK_MSG_TWITCH_WHY_UNREACHABLE, 0, delay);
	}
}

/* The hourly check while live: events keep flowing whatever it says; a 401
 * refreshes the token (and the source stays live), a refused refresh asks
 * for a new sign-in. */
static void on_validate_live(struct tw *tw, const struct tw_answer *a)
{
	char err[160];

	tw->validated_ms = lk_now_ms(); /* no answer: the next try in an hour too */
	if (a->ok && a->status == 401) {
		tw->validations_refused++;
		if (tw->refresh_token[0]) {
			tw->refreshed_once = true;
			tw->after_refresh = TW_LIVE;
			go(tw, TW_REFRESH);
		} else {
			lk_twitch_error_words(a->body, a->body_len, a->status, err, sizeof(err));
			need_sign_in(tw, err);
		}
	}
}

static void take_tokens(struct tw *tw, const struct lk_oauth_tokens *t)
{
	copy_token(tw->access_token, sizeof(tw->access_token), t->access_token);
	if (t->refresh_token && *t->refresh_token) /* single use: the new one replaces it */
		copy_token(tw->refresh_token, sizeof(tw->refresh_token), t->refresh_token);
	if (!tw_save_tokens(tw))
		tw_publish(tw, LK_ES_CONNECTING, LK_MSG_TWITCH_NOT_SAVED, NULL, NULL, NULL);
}

static void on_refresh(struct tw *tw, const struct tw_answer *a)
{
	struct lk_oauth_tokens t = {0};
	char err[160];

	if (a->ok && lk_oauth_decode_tokens(a->status, a->body, a->body_len, &t, NULL, 0) == LK_OAUTH_OK) {
		tw->refreshes++;
		take_tokens(tw, &t);
		lk_oauth_tokens_free(&t);
		go(tw, tw->after_refresh);
	} else if (a->ok && (a->status == 400 || a->status == 401)) {
		/* the refresh token is used up or revoked */
		lk_twitch_error_words(a->body, a->body_len, a->status, err, sizeof(err));
		tw->refresh_token[0] = '\0';
		tw_save_tokens(tw);
		need_sign_in(tw, err);
	} else {
		tw->attempts++;
		int64_t delay = backoff_ms(tw);
		wait_then(tw, TW_REFRESH, delay);
		tw_publish_retry(tw, a->ok ? LK_MSG_TWITCH_WHY_API : LK_MSG_TWITCH_WHY_UNREACHABLE, 0, delay);
	}
}

/* The device sign-in's news (service thread). */
static void device_news(struct tw *tw)
{
	pthread_mutex_lock(&tw->mutex);
	bool news = tw->dev_news;
	int kind = tw->dev_kind;
	char code[LK_ES_MAX_CODE], url[LK_ES_MAX_URL], reason[128];
	snprintf(code, sizeof(code), "%s", tw->dev_user_code);
	snprintf(url, sizeof(url), "%s", tw->dev_verify_url);
	snprintf(reason, sizeof(reason), "%s", tw->dev_reason);
	if (kind == LK_OAUTH_EV_TOKENS && news) {
		snprintf(tw->access_token, sizeof(tw->access_token), "%s", tw->dev_access);
		snprintf(tw->refresh_token, sizeof(tw->refresh_token), "%s", tw->dev_refresh);
	}
	memset(tw->dev_access, 0, sizeof(tw->dev_access));
	memset(tw->dev_refresh, 0, sizeof(tw->dev_refresh));
	tw->dev_news = false;
	pthread_mutex_unlock(&tw->mutex);
	if (!news || tw->phase != TW_DEVICE)
		return;

	if (kind == LK_OAUTH_EV_CODE) {
		pthread_mutex_lock(&tw->mutex);
		snprintf(tw->status.user_code, sizeof(tw->status.user_code), "%s", code);
		snprintf(tw->status.verify_url, sizeof(tw->status.verify_url), "%s", url);
		pthread_mutex_unlock(&tw->mutex);
		tw_publish(tw, LK_ES_SIGN_IN, LK_MSG_TWITCH_CODE, url, code, NULL);
	} else if (kind == LK_OAUTH_EV_TOKENS) {
		tw_device_stop(tw);
		tw->user_id[0] = tw->login[0] = '\0';
		if (!tw_save_tokens(tw))
			tw_publish(tw, LK_ES_CONNECTING, LK_MSG_TWITCH_NOT_SAVED, NULL, NULL, NULL);
		tw->attempts = 0;
		tw->refreshed_once = false;
		go(tw, TW_VALIDATE);
	} else {
		tw_device_stop(tw);
		if (!strcmp(reason, "expired_token") || !strcmp(reason, "access_denied") ||
		    !strcmp(reason, "expired") || !strcmp(reason, "denied"))
			stop_for_user(tw, LK_ES_SIGN_IN, LK_MSG_TWITCH_CODE_EXPIRED, NULL, NULL, NULL);
		else
			stop_for_user(tw, LK_ES_SIGN_IN, LK_MSG_TWITCH_AUTH, reason, NULL, NULL);
	}
}

static void on_answer(struct tw *tw, const struct tw_answer *a)
{
	if (a->serial != tw->req_serial)
		return; /* an answer to a request the state machine moved on from */
	tw->req_kind = TW_REQ_NONE;
	switch (a->kind) {
	case TW_REQ_VALIDATE:
		if (tw->phase == TW_VALIDATE)
			on_validate(tw, a);
		else if (tw->phase == TW_LIVE)
			on_validate_live(tw, a);
		break;
	case TW_REQ_REFRESH:
		if (tw->phase == TW_REFRESH)
			on_refresh(tw, a);
		break;
	case TW_REQ_SUBSCRIBE:
		if (tw->phase == TW_SUBSCRIBE)
			on_subscribe(tw, a);
		break;
	default:
		break;
	}
}

static void start(struct tw *tw)
{
	if (!tw->access_token[0] && !tw->refresh_token[0]) {
		tw->phase = TW_IDLE;
		tw_publish(tw, LK_ES_SIGN_IN, LK_MSG_TWITCH_SIGN_IN, NULL, NULL, NULL);
		return;
	}
	if (!tw->access_token[0]) {
		tw->refreshed_once = true;
		tw->after_refresh = TW_VALIDATE;
		go(tw, TW_REFRESH);
		return;
	}
	go(tw, TW_VALIDATE);
}

static void check_sockets(struct tw *tw, int64_t now)
{
	struct tw_sock *cur = tw->cur, *next = tw->next;

	if (tw->draining && (tw->draining->dead || now >= tw->drain_until_ms)) {
		tw_ws_retire(tw, tw->draining);
		tw->draining = NULL;
	}

	if (next && (next->dead || (!next->welcomed && now - next->opened_ms > TW_RECONNECT_TIMEOUT_MS))) {
		blog(LOG_WARNING, TW_LOG "the new socket of a session_reconnect failed");
		drop(tw, LK_MSG_TWITCH_WHY_MOVE, next->close_code);
		return;
	}
	if (cur && cur->dead) {
		if (next) {
			/* the old socket went first (4004): the new one carries on */
			tw_ws_retire(tw, cur);
			tw->cur = NULL;
			return;
		}
		tw->last_close_code = cur->close_code;
		drop(tw, cur->established ? why_of_close(cur->close_code) : LK_MSG_TWITCH_WHY_UNREACHABLE,
		     cur->close_code);
		return;
	}
	if (cur && !cur->welcomed && now - cur->opened_ms > TW_CONNECT_TIMEOUT_MS) {
		drop(tw, LK_MSG_TWITCH_WHY_UNREACHABLE, 0);
		return;
	}
	if (cur && cur->welcomed && !next && now - cur->last_ms > cur->keepalive_s * 1000LL + tw->keepalive_grace_ms) {
		tw->silences++;
		drop(tw, LK_MSG_TWITCH_WHY_SILENT, 0);
		return;
	}
	if (!cur && next && next->welcomed) {
		tw->cur = next;
		tw->next = NULL;
	}
}

void tw_step(struct tw *tw)
{
	struct tw_answer answers[TW_MAX_QUEUE];
	int n;
	bool sign_in, sign_out;

	pthread_mutex_lock(&tw->mutex);
	n = tw->queued;
	memcpy(answers, tw->queue, sizeof(answers[0]) * (size_t)n);
	tw->queued = 0;
	sign_in = tw->want_sign_in;
	sign_out = tw->want_sign_out;
	tw->want_sign_in = tw->want_sign_out = false;
	pthread_mutex_unlock(&tw->mutex);

	for (int i = 0; i < n; i++) {
		on_answer(tw, &answers[i]);
		bfree(answers[i].body);
	}
	if (sign_out) {
		tw_device_stop(tw);
		tw->access_token[0] = tw->refresh_token[0] = tw->user_id[0] = tw->login[0] = '\0';
		if (tw->tokens_path)
			remove(tw->tokens_path);
		tw->req_serial++;
		need_sign_in(tw, NULL);
	}
	if (sign_in) {
		retire_sockets(tw);
		tw->req_serial++;
		go(tw, TW_DEVICE);
	}

	int64_t now = lk_now_ms();
	check_sockets(tw, now);
	tw_ws_reap(tw);
	if (tw->phase == TW_WAIT && now >= tw->wait_until_ms)
		go(tw, tw->after_wait);
	if (tw->phase == TW_LIVE && tw->req_kind == TW_REQ_NONE && now - tw->validated_ms >= tw->validate_every_ms) {
		tw->validated_ms = now;
		tw_req_validate(tw);
	}
	device_news(tw);
}

static void *service_thread(void *data)
{
	struct tw *tw = data;
	bool stop = false;

	start(tw);
	while (!stop) {
		tw_ws_service(tw);
		tw_step(tw);
		pthread_mutex_lock(&tw->mutex);
		stop = tw->stop;
		pthread_mutex_unlock(&tw->mutex);
	}
	tw->req_serial++;
	tw_device_stop(tw);
	tw_cancel_requests(tw);
	return NULL;
}

/* ---- the event source ------------------------------------------------------------ */

static char *setting_url(json_t *s, const char *key, const char *def)
{
	const char *v = json_string_value(json_object_get(s, key));
	return bstrdup(v && *v ? v : def);
}

static bool http_url_ok(const char *u)
{
	return u && lk_net_url_allowed(u) && lk_connector_header_value_ok(u, LK_TW_MAX_URL);
}

static void tw_free(struct tw *tw)
{
	bfree(tw->client_id);
	bfree(tw->eventsub_url);
	bfree(tw->helix_base);
	bfree(tw->auth_base);
	bfree(tw->tokens_path);
	pthread_mutex_destroy(&tw->mutex);
	pthread_cond_destroy(&tw->cond);
	memset(tw->access_token, 0, sizeof(tw->access_token));
	memset(tw->refresh_token, 0, sizeof(tw->refresh_token));
	bfree(tw);
}

static void *tw_create(const struct lk_es_host *host, json_t *s)
{
	struct tw *tw = bzalloc(sizeof(*tw));
	const char *cid = json_string_value(json_object_get(s, "client_id"));

	tw->host = *host;
	tw->net = host->net;
	pthread_mutex_init(&tw->mutex, NULL);
	pthread_cond_init(&tw->cond, NULL);
	tw->status.quota_units_per_hour = -1;
	tw->client_id = bstrdup(cid ? cid : "");
	tw->eventsub_url = setting_url(s, "eventsub_url", TW_EVENTSUB_URL);
	tw->helix_base = setting_url(s, "helix_base", TW_HELIX_BASE);
	tw->auth_base = setting_url(s, "auth_base", TW_AUTH_BASE);
	tw->tokens_path = lk_connector_own_file(s, "tokens_path", TW_TOKENS_FILE);
	tw->retry_min_ms = lk_connector_setting_int(s, "retry_min_ms", 1000, 10, 60000);
	tw->retry_max_ms = TW_RETRY_MAX_MS;
	tw->keepalive_grace_ms = lk_connector_setting_int(s, "keepalive_grace_ms", TW_KEEPALIVE_GRACE_MS, 0, 60000);
	tw->validate_every_ms = lk_connector_setting_int(s, "validate_every_ms", 3600000, 100, 86400000);
	tw->rand_state = (uint64_t)lk_now_ms() ^ (uint64_t)(uintptr_t)tw;

	if (!lk_connector_header_value_ok(tw->client_id, 128)) {
		tw_publish(tw, LK_ES_ERROR, LK_MSG_TWITCH_NEED_CLIENT, NULL, NULL, NULL);
		tw_free(tw);
		return NULL;
	}
	if (!tw_ws_url_ok(tw->eventsub_url) || !http_url_ok(tw->helix_base) || !http_url_ok(tw->auth_base)) {
		tw_publish(tw, LK_ES_ERROR, LK_MSG_TWITCH_BAD_URL, NULL, NULL, NULL);
		tw_free(tw);
		return NULL;
	}
	if (!tw->net || !tw_ws_create(tw)) {
		tw_publish(tw, LK_ES_ERROR, LK_MSG_TWITCH_WHY_UNREACHABLE, NULL, NULL, NULL);
		tw_free(tw);
		return NULL;
	}
	load_tokens(tw);
	if (pthread_create(&tw->thread, NULL, service_thread, tw) != 0) {
		tw_ws_destroy(tw);
		tw_publish(tw, LK_ES_ERROR, LK_MSG_TWITCH_WHY_UNREACHABLE, NULL, NULL, NULL);
		tw_free(tw);
		return NULL;
	}
	tw->thread_started = true;
	return tw;
}

static void tw_destroy(void *data)
{
	struct tw *tw = data;
	if (!tw)
		return;
	pthread_mutex_lock(&tw->mutex);
	tw->stop = true;
	pthread_mutex_unlock(&tw->mutex);
	if (tw->thread_started) {
		/* the context lives until the thread ends; waking it is safe meanwhile */
		tw_ws_wake(tw);
		pthread_join(tw->thread, NULL);
	}
	/* wait for net callbacks still to run (they were cancelled) */
	pthread_mutex_lock(&tw->mutex);
	while (tw->inflight > 0)
		pthread_cond_wait(&tw->cond, &tw->mutex);
	for (int i = 0; i < tw->queued; i++)
		bfree(tw->queue[i].body);
	tw->queued = 0;
	pthread_mutex_unlock(&tw->mutex);
	blog(LOG_INFO, TW_LOG "stopped: %lld reconnects followed, %lld duplicates dropped, %lld token refreshes",
	     (long long)tw->reconnects, (long long)tw->duplicates, (long long)tw->refreshes);
	tw_ws_destroy(tw); /* nobody wakes the context any more */
	tw_free(tw);
}

static void tw_sign_in(void *data)
{
	struct tw *tw = data;
	pthread_mutex_lock(&tw->mutex);
	tw->want_sign_in = true;
	pthread_mutex_unlock(&tw->mutex);
	tw_ws_wake(tw);
}

static void tw_sign_out(void *data)
{
	struct tw *tw = data;
	pthread_mutex_lock(&tw->mutex);
	tw->want_sign_out = true;
	pthread_mutex_unlock(&tw->mutex);
	tw_ws_wake(tw);
}

const struct lk_event_source_info lk_es_twitch = {
	.type = "twitch",
	.platform = LK_TW_PLATFORM,
	.create = tw_create,
	.destroy = tw_destroy,
	.sign_in = tw_sign_in,
	.sign_out = tw_sign_out,
};
