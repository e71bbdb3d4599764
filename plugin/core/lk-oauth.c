/*
 * Linkon — OAuth 2.0 replies (see lk-oauth.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-oauth.h"
#include "lk-str.h"
#include "lk-tiktok-sign.h" /* lk_tiktok_url_encode: RFC 3986 percent-encoding */

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <util/bmem.h>
#include <util/dstr.h>

static const char *const reply_names[] = {
	[LK_OAUTH_OK] = "ok",
	[LK_OAUTH_PENDING] = "authorization_pending",
	[LK_OAUTH_SLOW_DOWN] = "slow_down",
	[LK_OAUTH_DENIED] = "access_denied",
	[LK_OAUTH_EXPIRED] = "expired_token",
	[LK_OAUTH_BAD_CLIENT] = "invalid_client",
	[LK_OAUTH_INVALID_GRANT] = "invalid_grant",
	[LK_OAUTH_RATE_LIMITED] = "rate_limited",
	[LK_OAUTH_SERVER] = "server_error",
	[LK_OAUTH_MALFORMED] = "malformed",
	[LK_OAUTH_REFUSED] = "refused",
	[LK_OAUTH_NETWORK] = "network",
};

const char *lk_oauth_reply_name(enum lk_oauth_reply r)
{
	if ((unsigned)r < sizeof(reply_names) / sizeof(reply_names[0]))
		return reply_names[r];
	return "unknown";
}

bool lk_oauth_token_ok(const char *s, size_t max)
{
	size_t n = 0;

	if (!s || !*s)
		return false;
	for (; s[n]; n++)
		if (n >= max || (unsigned char)s[n] <= 0x20 || (unsigned char)s[n] >= 0x7f)
			return false;
	return true;
}

/* only visible ASCII of an error code: nothing that could carry a token,
 * split a log line or reverse text */
static void set_reason(char *reason, size_t size, const char *text)
{
	if (reason && size)
		lk_str_visible_ascii(reason, size, text, LK_OAUTH_REASON_SIZE - 1);
}

static bool ieq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* The error code of an error body: Google/RFC "error" (a string, or an
 * object with "status"), else Twitch's "message". NULL when none. */
static const char *error_code(json_t *j)
{
	json_t *e = json_object_get(j, "error");
	if (json_is_string(e))
		return json_string_value(e);
	if (json_is_object(e)) {
		const char *s = json_string_value(json_object_get(e, "status"));
		if (s)
			return s;
		return json_string_value(json_object_get(e, "message"));
	}
	return json_string_value(json_object_get(j, "message"));
}

static enum lk_oauth_reply classify_error(long status, const char *code)
{
	static const struct {
		const char *code;
		enum lk_oauth_reply r;
	} known[] = {
		{"authorization_pending", LK_OAUTH_PENDING},
		{"slow_down", LK_OAUTH_SLOW_DOWN},
		{"access_denied", LK_OAUTH_DENIED},
		{"expired_token", LK_OAUTH_EXPIRED},
		{"invalid device code", LK_OAUTH_EXPIRED}, /* Twitch */
		{"invalid_client", LK_OAUTH_BAD_CLIENT},
		{"unauthorized_client", LK_OAUTH_BAD_CLIENT},
		{"invalid client", LK_OAUTH_BAD_CLIENT},        /* Twitch */
		{"invalid client secret", LK_OAUTH_BAD_CLIENT}, /* Twitch */
		{"invalid_grant", LK_OAUTH_INVALID_GRANT},
		{"invalid refresh token", LK_OAUTH_INVALID_GRANT}, /* Twitch */
		{"rate_limit_exceeded", LK_OAUTH_RATE_LIMITED},
	};

	for (size_t i = 0; code && i < sizeof(known) / sizeof(known[0]); i++)
		if (ieq(code, known[i].code))
			return known[i].r;
	if (status == 429)
		return LK_OAUTH_RATE_LIMITED;
	if (status >= 500 || status == 408)
		return LK_OAUTH_SERVER;
	if (status == 401)
		return LK_OAUTH_BAD_CLIENT;
	return LK_OAUTH_REFUSED;
}

/* A non-2xx answer (or a 2xx that carries an error code). */
static enum lk_oauth_reply decode_error(long status, json_t *j, char *reason, size_t size)
{
	const char *code = error_code(j);
	char words[40];

	if (code) {
		set_reason(reason, size, code);
	} else {
		snprintf(words, sizeof(words), "HTTP %ld", status);
		set_reason(reason, size, words);
	}
	return classify_error(status, code);
}

static json_t *load(const char *body, size_t len)
{
	if (!body)
		return NULL;
	json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static char *dup_ok(json_t *v, size_t max)
{
	const char *s = json_string_value(v);
	return lk_oauth_token_ok(s, max) ? bstrdup(s) : NULL;
}

/* An integer or a string of digits (some servers quote numbers). */
static bool get_int(json_t *v, int64_t lo, int64_t hi, int64_t *out)
{
	int64_t n;

	if (json_is_integer(v)) {
		n = (int64_t)json_integer_value(v);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (!*s || strlen(s) > 12)
			return false;
		n = 0;
		for (; *s; s++) {
			if (*s < '0' || *s > '9')
				return false;
			n = n * 10 + (*s - '0');
		}
	} else {
		return false;
	}
	if (n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

static void wipe_free(char **s)
{
	if (*s) {
		memset(*s, 0, strlen(*s));
		bfree(*s);
		*s = NULL;
	}
}

void lk_oauth_device_code_free(struct lk_oauth_device_code *c)
{
	if (!c)
		return;
	wipe_free(&c->device_code);
	wipe_free(&c->user_code);
	bfree(c->verify_url);
	memset(c, 0, sizeof(*c));
}

void lk_oauth_tokens_free(struct lk_oauth_tokens *t)
{
	if (!t)
		return;
	wipe_free(&t->access_token);
	wipe_free(&t->refresh_token);
	bfree(t->scope);
	memset(t, 0, sizeof(*t));
}

enum lk_oauth_reply lk_oauth_decode_device(long http_status, const char *body, size_t len,
					   struct lk_oauth_device_code *out, char *reason, size_t reason_size)
{
	json_t *j = load(body, len);
	enum lk_oauth_reply r = LK_OAUTH_OK;
	struct lk_oauth_device_code c = {0};
	json_t *url;

	memset(out, 0, sizeof(*out));
	set_reason(reason, reason_size, "");
	if (http_status < 200 || http_status > 299) {
		r = decode_error(http_status, j, reason, reason_size);
		goto done;
	}
	if (!j) {
		set_reason(reason, reason_size, "not a JSON object");
		r = LK_OAUTH_MALFORMED;
		goto done;
	}
	url = json_object_get(j, "verification_uri");
	if (!url)
		url = json_object_get(j, "verification_url");
	c.device_code = dup_ok(json_object_get(j, "device_code"), LK_OAUTH_MAX_TOKEN);
	c.user_code = dup_ok(json_object_get(j, "user_code"), LK_OAUTH_MAX_CODE);
	c.verify_url = dup_ok(url, LK_OAUTH_MAX_URL);
	if (!c.device_code || !c.user_code || !c.verify_url) {
		set_reason(reason, reason_size,
			   !c.device_code ? "device_code missing"
			   : !c.user_code ? "user_code missing"
					  : "verification URL missing");
		r = LK_OAUTH_MALFORMED;
		goto done;
	}
	if (!get_int(json_object_get(j, "expires_in"), 1, LK_OAUTH_MAX_EXPIRES_S, &c.expires_in_s)) {
		set_reason(reason, reason_size, "expires_in missing");
		r = LK_OAUTH_MALFORMED;
		goto done;
	}
	if (!get_int(json_object_get(j, "interval"), 0, LK_OAUTH_MAX_INTERVAL_S, &c.interval_s))
		c.interval_s = 5;
	*out = c;
	memset(&c, 0, sizeof(c));

done:
	lk_oauth_device_code_free(&c);
	json_decref(j);
	return r;
}

static char *scope_text(json_t *v)
{
	if (json_is_string(v))
		return bstrdup(json_string_value(v));
	struct dstr s = {0};
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		const char *t = json_string_value(e);
		if (!t)
			continue;
		if (s.len)
			dstr_cat_ch(&s, ' ');
		dstr_cat(&s, t);
	}
	return s.array ? s.array : bstrdup("");
}

enum lk_oauth_reply lk_oauth_decode_tokens(long http_status, const char *body, size_t len, struct lk_oauth_tokens *out,
					   char *reason, size_t reason_size)
{
	json_t *j = load(body, len);
	enum lk_oauth_reply r = LK_OAUTH_OK;
	struct lk_oauth_tokens t = {0};
	json_t *v;

	memset(out, 0, sizeof(*out));
	set_reason(reason, reason_size, "");
	if (http_status < 200 || http_status > 299 || json_object_get(j, "error")) {
		r = decode_error(http_status, j, reason, reason_size);
		if (r == LK_OAUTH_OK) /* cannot happen: an error is never OK */
			r = LK_OAUTH_REFUSED;
		goto done;
	}
	if (!j) {
		set_reason(reason, reason_size, "not a JSON object");
		r = LK_OAUTH_MALFORMED;
		goto done;
	}
	t.access_token = dup_ok(json_object_get(j, "access_token"), LK_OAUTH_MAX_TOKEN);
	if (!t.access_token) {
		set_reason(reason, reason_size, "access_token missing");
		r = LK_OAUTH_MALFORMED;
		goto done;
	}
	v = json_object_get(j, "refresh_token");
	if (v && !json_is_null(v)) {
		t.refresh_token = dup_ok(v, LK_OAUTH_MAX_TOKEN);
		if (!t.refresh_token) {
			set_reason(reason, reason_size, "refresh_token unusable");
			r = LK_OAUTH_MALFORMED;
			goto done;
		}
	}
	if (!get_int(json_object_get(j, "expires_in"), 0, LK_OAUTH_MAX_EXPIRES_S, &t.expires_in_s))
		t.expires_in_s = 0;
	t.scope = scope_text(json_object_get(j, "scope"));
	*out = t;
	memset(&t, 0, sizeof(t));

done:
	lk_oauth_tokens_free(&t);
	json_decref(j);
	return r;
}

void lk_oauth_form_add(struct dstr *form, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	if (form->len)
		dstr_cat_ch(form, '&');
	lk_tiktok_url_encode(form, key);
	dstr_cat_ch(form, '=');
	lk_tiktok_url_encode(form, value);
}

void lk_oauth_dstr_wipe(struct dstr *s)
{
	if (s->array)
		memset(s->array, 0, s->capacity);
	dstr_free(s);
}

/* ---- the saved record ---------------------------------------------------------- */

json_t *lk_oauth_saved_to_json(const struct lk_oauth_saved *s)
{
	json_t *j = json_object();

	if (s->access_token)
		json_object_set_new(j, "access_token", json_string(s->access_token));
	if (s->refresh_token)
		json_object_set_new(j, "refresh_token", json_string(s->refresh_token));
	json_object_set_new(j, "expires_at", json_integer((json_int_t)s->expires_at_s));
	if (s->account)
		json_object_set_new(j, "account", json_string(s->account));
	return j;
}

bool lk_oauth_saved_from_json(const json_t *j, struct lk_oauth_saved *out)
{
	int64_t at = 0;
	json_t *obj = (json_t *)j;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(obj))
		return false;
	out->access_token = dup_ok(json_object_get(obj, "access_token"), LK_OAUTH_MAX_TOKEN);
	out->refresh_token = dup_ok(json_object_get(obj, "refresh_token"), LK_OAUTH_MAX_TOKEN);
	if (!out->access_token && !out->refresh_token)
		return false;
	if (get_int(json_object_get(obj, "expires_at"), 0, INT64_C(1) << 40, &at))
		out->expires_at_s = at;
	const char *acc = json_string_value(json_object_get(obj, "account"));
	if (acc && *acc && strlen(acc) < 256)
		out->account = bstrdup(acc);
	return true;
}

void lk_oauth_saved_free(struct lk_oauth_saved *s)
{
	if (!s)
		return;
	wipe_free(&s->access_token);
	wipe_free(&s->refresh_token);
	bfree(s->account);
	memset(s, 0, sizeof(*s));
}

void lk_oauth_saved_take(struct lk_oauth_saved *s, struct lk_oauth_tokens *t, int64_t now_s)
{
	wipe_free(&s->access_token);
	s->access_token = t->access_token;
	t->access_token = NULL;
	if (t->refresh_token) {
		wipe_free(&s->refresh_token);
		s->refresh_token = t->refresh_token;
		t->refresh_token = NULL;
	}
	s->expires_at_s = t->expires_in_s > 0 ? now_s + t->expires_in_s : 0;
	lk_oauth_tokens_free(t);
}
