/*
 * Linkon — TikTok Shop Partner API request signing (docs/tiktok-shop.md):
 * the signature of a request, the query string sent and a webhook's
 * Authorization value. Pure functions (no I/O, no clock), any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * sign = lowercase hex(HMAC-SHA256(key = app_secret,
 *        msg = app_secret + path + k1 v1 k2 v2 … + body + app_secret))
 * over every query parameter except "sign" and "access_token" (and empty
 * ones, which are not sent either), sorted by key in byte order, with
 * decoded values; body is the exact bytes sent (nothing for a GET).
 * HMAC-SHA256 comes from OpenSSL's libcrypto.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <util/dstr.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_TIKTOK_SIGN_HEX 65 /* 64 hex digits + NUL */

/* One query parameter, decoded (not percent-encoded). */
struct lk_tiktok_param {
	const char *key;
	const char *value; /* NULL or "" = not sent, not signed */
};

/* The sign of a request to path (no host, no '?') with params (any
 * order) and body (body_len bytes; NULL/0 for none). Writes 64 lowercase
 * hex digits and a NUL into out. false when secret or path is empty. */
bool lk_tiktok_sign(const char *secret, const char *path, const struct lk_tiktok_param *params, size_t n,
		    const char *body, size_t body_len, char out[LK_TIKTOK_SIGN_HEX]);

/* The query string ("a=1&b=x%2By") of params in key order, empty ones
 * left out, values percent-encoded (RFC 3986 unreserved kept), then
 * "&sign=<sign>" when sign is not NULL. Replaces out's content. */
void lk_tiktok_query(struct dstr *out, const struct lk_tiktok_param *params, size_t n, const char *sign);

/* A webhook's Authorization header: hex HMAC-SHA256(key = app_secret,
 * msg = app_key + body). */
bool lk_tiktok_webhook_sign(const char *app_key, const char *secret, const char *body, size_t body_len,
			    char out[LK_TIKTOK_SIGN_HEX]);

/* Percent-encodes s (unreserved characters kept) onto out. */
void lk_tiktok_url_encode(struct dstr *out, const char *s);

#ifdef __cplusplus
}
#endif
