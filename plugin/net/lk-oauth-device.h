/*
 * Linkon — OAuth 2.0 sign-in for event sources: the device authorization
 * grant (RFC 8628: a code and a link shown in the dock, no redirect server),
 * the refresh grant, and the 0600 file that keeps the tokens. Twitch and
 * YouTube use it; the replies are read by core/lk-oauth.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Everything runs on the net worker (lk_net_request + one tick per device
 * flow); callbacks run on the worker thread. Nothing here blocks. Tokens,
 * the device code and the client secret never reach a log line: the
 * reasons handed out are the servers' error codes ("access_denied").
 *
 * A device flow:
 *   start → POST device_url {client_id, <scope_key>=scopes}
 *         → cb(CODE: user_code, verify_url, expiry) once
 *   every interval s: POST token_url {client_id[, client_secret],
 *         device_code, grant_type=urn:ietf:params:oauth:grant-type:device_code}
 *         pending (Google 428 / Twitch 400 authorization_pending) → again;
 *         slow_down → the interval grows by 5 s; 429 / 5xx / no answer → again
 *         after twice the interval; the code's expiry → cb(FAILED, EXPIRED)
 *   → cb(TOKENS) or cb(FAILED, reply) once; then the flow does nothing more.
 *
 * Refresh tokens may be single-use (Twitch public clients): when a refresh
 * answers with a new one, the caller saves it (lk_oauth_save) before it
 * uses the new access token. LK_OAUTH_INVALID_GRANT means "sign in again".
 *
 * Linking: lk_oauth_load / lk_oauth_save use plugin/lk-config-file.c (in the
 * module; a unit test adds that source, like tests/unit/bridge.cmake).
 */
#pragma once

#include "lk-oauth.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_net;

/* The app and its endpoints. Strings are copied by the calls that take it. */
struct lk_oauth_client {
	const char *device_url;    /* "https://oauth2.googleapis.com/device/code", "https://id.twitch.tv/oauth2/device" */
	const char *token_url;     /* "https://oauth2.googleapis.com/token", "https://id.twitch.tv/oauth2/token" */
	const char *client_id;     /* required */
	const char *client_secret; /* NULL or "" = a public client (Twitch); Google needs it */
	const char *scopes;        /* space-separated */
	const char *scope_key;     /* the form field of the scopes: NULL = "scope" (RFC, Google); Twitch "scopes" */
	bool scopes_in_poll;       /* also send the scopes with each token poll (Twitch's docs list them) */
	int64_t second_ms;         /* tests only: ms per second of interval / expiry; 0 = 1000 */
};

enum lk_oauth_event_kind {
	LK_OAUTH_EV_CODE = 0, /* show user_code and verify_url */
	LK_OAUTH_EV_TOKENS,   /* signed in: tokens */
	LK_OAUTH_EV_FAILED,   /* reply says why; the flow (or the refresh) is over */
};

struct lk_oauth_event {
	enum lk_oauth_event_kind kind;
	/* CODE */
	const char *user_code;
	const char *verify_url;
	int64_t expires_in_s;
	int64_t interval_s;
	/* TOKENS: the callee may take them over (lk_oauth_saved_take leaves
	 * them zeroed); whatever is left is wiped and freed after the call */
	struct lk_oauth_tokens *tokens;
	/* FAILED */
	enum lk_oauth_reply reply;
	long http_status;   /* 0 = no HTTP answer */
	const char *reason; /* the server's error code or the net layer's words; never a secret */
};

typedef void (*lk_oauth_cb)(void *data, const struct lk_oauth_event *ev);

/* ---- device flow ----------------------------------------------------------- */

struct lk_oauth_device;

/* Starts a device sign-in (the first request is queued at once). NULL when
 * client lacks a URL (http/https) or a client_id. Any thread. */
struct lk_oauth_device *lk_oauth_device_start(struct lk_net *net, const struct lk_oauth_client *client, lk_oauth_cb cb,
					      void *data);
/* Stops it: after this returns cb never runs again (it waits for a running
 * cb). Any thread except from inside its own cb. NULL is fine. */
void lk_oauth_device_destroy(struct lk_oauth_device *d);
/* true once cb had TOKENS or FAILED. Any thread. */
bool lk_oauth_device_finished(struct lk_oauth_device *d);

/* ---- refresh ------------------------------------------------------------------ */

/* POST token_url {grant_type=refresh_token, refresh_token, client_id[,
 * client_secret]}. cb runs exactly once on the worker with TOKENS or FAILED
 * (cancelled: FAILED, LK_OAUTH_NETWORK, "cancelled"). Returns the job id
 * (lk_net_cancel), or 0 when refused (bad URL, worker stopping, no refresh
 * token): cb not called. Any thread. */
uint64_t lk_oauth_refresh(struct lk_net *net, const struct lk_oauth_client *client, const char *refresh_token,
			  lk_oauth_cb cb, void *data);

/* ---- the token file ------------------------------------------------------------ */

/* Reads the saved sign-in at path; false (out zeroed) when there is none or
 * it holds no token. Never logs the content. */
bool lk_oauth_load(const char *path, struct lk_oauth_saved *out);
/* Writes s atomically with mode 0600 (lk_config_write_file). */
bool lk_oauth_save(const char *path, const struct lk_oauth_saved *s);
/* Removes the file (sign-out). */
void lk_oauth_forget(const char *path);

#ifdef __cplusplus
}
#endif
