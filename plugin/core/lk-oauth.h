/*
 * Linkon — OAuth 2.0 replies: the device authorization grant (RFC 8628) and
 * the refresh grant, as Twitch and Google answer them, and the small saved
 * token record. Pure functions (jansson), any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The network side (requests, the poll timer, the 0600 token file) is
 * plugin/net/lk-oauth-device.h. Here only what the servers send is read:
 *
 *   device code  {device_code, user_code, verification_uri (Twitch) or
 *                 verification_url (Google), expires_in, interval}
 *   tokens       {access_token, refresh_token, expires_in, scope (Google: a
 *                 string; Twitch: an array), token_type}
 *   errors       Google / RFC 6749: {"error": "authorization_pending",
 *                 "error_description": "…"} (428 pending, 403 slow_down,
 *                 403 access_denied, 401 invalid_client, 400 expired_token,
 *                 400 invalid_grant, 403 rate_limit_exceeded);
 *                 Twitch: {"status": 400, "message": "authorization_pending"}
 *                 ("invalid device code", "Invalid refresh token", …).
 *
 * A reason handed out (lk_oauth_decode_*'s reason) is the server's error
 * code only (never its whole body), cut to a few visible ASCII characters:
 * it may go into a log or a status. Tokens never do.
 */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dstr;

#define LK_OAUTH_REASON_SIZE 64
#define LK_OAUTH_MAX_TOKEN 4096 /* access / refresh / device code: longer is refused */
#define LK_OAUTH_MAX_CODE 32    /* user code */
#define LK_OAUTH_MAX_URL 256    /* verification URL */
#define LK_OAUTH_MAX_EXPIRES_S (366LL * 86400)
#define LK_OAUTH_MAX_INTERVAL_S 300

/* What an answer of the device or token endpoint means. */
enum lk_oauth_reply {
	LK_OAUTH_OK = 0,        /* the device code or the tokens are in out */
	LK_OAUTH_PENDING,       /* authorization_pending: the user has not finished; poll again */
	LK_OAUTH_SLOW_DOWN,     /* slow_down: poll again, the interval 5 s longer */
	LK_OAUTH_DENIED,        /* access_denied: the user refused */
	LK_OAUTH_EXPIRED,       /* expired_token / invalid device code: the code is over, start again */
	LK_OAUTH_BAD_CLIENT,    /* invalid_client / unauthorized_client: the app settings are wrong */
	LK_OAUTH_INVALID_GRANT, /* invalid_grant / invalid refresh token: sign in again */
	LK_OAUTH_RATE_LIMITED,  /* HTTP 429, rate_limit_exceeded: later */
	LK_OAUTH_SERVER,        /* HTTP 5xx or 408: later */
	LK_OAUTH_MALFORMED,     /* HTTP 2xx with an unusable body */
	LK_OAUTH_REFUSED,       /* any other refusal (HTTP 4xx) */
	LK_OAUTH_NETWORK,       /* no HTTP answer (the net layer's case; never from a decoder) */
};

/* The stable name ("pending", "invalid_grant", …) for logs and tests. */
const char *lk_oauth_reply_name(enum lk_oauth_reply r);

struct lk_oauth_device_code {
	char *device_code; /* secret: only into the token request */
	char *user_code;   /* what the user types */
	char *verify_url;  /* where: verification_uri or verification_url */
	int64_t expires_in_s;
	int64_t interval_s; /* 5 when absent (RFC 8628) */
};

struct lk_oauth_tokens {
	char *access_token;
	char *refresh_token;  /* NULL when the server sent none */
	int64_t expires_in_s; /* 0 when absent */
	char *scope;          /* space-separated, "" when absent */
};

/* body (len bytes, need not be NUL-terminated) answered with http_status.
 * LK_OAUTH_OK fills out (free with the matching _free); any other result
 * leaves out zeroed. reason (may be NULL) gets the server's error code, or
 * a few words of what was wrong with a 2xx body; "" for OK. */
enum lk_oauth_reply lk_oauth_decode_device(long http_status, const char *body, size_t len,
					   struct lk_oauth_device_code *out, char *reason, size_t reason_size);
enum lk_oauth_reply lk_oauth_decode_tokens(long http_status, const char *body, size_t len, struct lk_oauth_tokens *out,
					   char *reason, size_t reason_size);

/* Wipe (memset) and free; NULL and zeroed are fine. */
void lk_oauth_device_code_free(struct lk_oauth_device_code *c);
void lk_oauth_tokens_free(struct lk_oauth_tokens *t);

/* true when s is 1..max visible ASCII characters (no space): safe inside a
 * header or a form. */
bool lk_oauth_token_ok(const char *s, size_t max);

/* Appends key=value (percent-encoded, '&' between pairs) to a form body;
 * value NULL or "" adds nothing. */
void lk_oauth_form_add(struct dstr *form, const char *key, const char *value);
/* Wipes and frees a form or URL that held a secret. */
void lk_oauth_dstr_wipe(struct dstr *s);

/* ---- the saved sign-in (one 0600 file per event source) ----------------------
 *   {"access_token": "…", "refresh_token": "…", "expires_at": <Unix s>,
 *    "account": "…"}
 * Unknown keys are ignored; a record without any token is not a sign-in. */
struct lk_oauth_saved {
	char *access_token;   /* NULL = none */
	char *refresh_token;  /* NULL = none */
	int64_t expires_at_s; /* Unix seconds the access token ends, 0 = unknown */
	char *account;        /* display name / channel, NULL = unknown */
};

/* A new object (new reference) with what s holds. */
json_t *lk_oauth_saved_to_json(const struct lk_oauth_saved *s);
/* Reads j into out (zeroed first; free with lk_oauth_saved_free). false when
 * j holds no usable token (out stays zeroed). */
bool lk_oauth_saved_from_json(const json_t *j, struct lk_oauth_saved *out);
void lk_oauth_saved_free(struct lk_oauth_saved *s);
/* Takes t's tokens over into s (replacing s's): expires_at_s = now_s +
 * expires_in (0 when unknown); a missing refresh token keeps s's old one
 * (Google sends none on refresh); the account stays. t is left zeroed. */
void lk_oauth_saved_take(struct lk_oauth_saved *s, struct lk_oauth_tokens *t, int64_t now_s);

#ifdef __cplusplus
}
#endif
