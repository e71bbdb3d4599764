/*
 * Linkon — TikTok Shop request signing (see lk-tiktok-sign.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-tiktok-sign.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>
#include <util/bmem.h>

static bool sent(const struct lk_tiktok_param *p)
{
	return p->key && *p->key && p->value && *p->value;
}

static int by_key(const void *a, const void *b)
{
	const struct lk_tiktok_param *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key); /* byte order: strcmp compares as unsigned char */
}

/* The parameters that are sent, sorted by key: a new array of pointers. */
static const struct lk_tiktok_param **sorted(const struct lk_tiktok_param *params, size_t n, size_t *out_n)
{
	const struct lk_tiktok_param **v = bzalloc((n + 1) * sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (sent(&params[i]))
			v[k++] = &params[i];
	}
	qsort(v, k, sizeof(*v), by_key);
	*out_n = k;
	return v;
}

static void to_hex(const unsigned char *mac, unsigned len, char out[LK_TIKTOK_SIGN_HEX])
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < len && i < 32; i++) {
		out[2 * i] = digits[mac[i] >> 4];
		out[2 * i + 1] = digits[mac[i] & 15];
	}
	out[64] = '\0';
}

static bool hmac_hex(const char *key, const char *msg, size_t len, char out[LK_TIKTOK_SIGN_HEX])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned mac_len = 0;

	if (!HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, len, mac, &mac_len) || mac_len != 32)
		return false;
	to_hex(mac, mac_len, out);
	return true;
}

bool lk_tiktok_sign(const char *secret, const char *path, const struct lk_tiktok_param *params, size_t n,
		    const char *body, size_t body_len, char out[LK_TIKTOK_SIGN_HEX])
{
	struct dstr msg = {0};
	size_t k = 0;

	out[0] = '\0';
	if (!secret || !*secret || !path || !*path)
		return false;
	const struct lk_tiktok_param **v = sorted(params, n, &k);
	dstr_copy(&msg, secret);
	dstr_cat(&msg, path);
	for (size_t i = 0; i < k; i++) {
		if (strcmp(v[i]->key, "sign") == 0 || strcmp(v[i]->key, "access_token") == 0)
			continue;
		dstr_cat(&msg, v[i]->key);
		dstr_cat(&msg, v[i]->value);
	}
	if (body && body_len)
		dstr_ncat(&msg, body, body_len);
	dstr_cat(&msg, secret);
	bool ok = hmac_hex(secret, msg.array, msg.len, out);
	memset(msg.array, 0, msg.len); /* it holds the secret */
	dstr_free(&msg);
	bfree(v);
	return ok;
}

void lk_tiktok_url_encode(struct dstr *out, const char *s)
{
	static const char digits[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			    ch == '-' || ch == '_' || ch == '.' || ch == '~';
		if (keep) {
			dstr_cat_ch(out, (char)ch);
		} else {
			dstr_cat_ch(out, '%');
			dstr_cat_ch(out, digits[ch >> 4]);
			dstr_cat_ch(out, digits[ch & 15]);
		}
	}
}

void lk_tiktok_query(struct dstr *out, const struct lk_tiktok_param *params, size_t n, const char *sign)
{
	size_t k = 0;
	const struct lk_tiktok_param **v = sorted(params, n, &k);

	dstr_copy(out, "");
	for (size_t i = 0; i < k; i++) {
		if (out->len)
			dstr_cat_ch(out, '&');
		lk_tiktok_url_encode(out, v[i]->key);
		dstr_cat_ch(out, '=');
		lk_tiktok_url_encode(out, v[i]->value);
	}
	if (sign) {
		if (out->len)
			dstr_cat_ch(out, '&');
		dstr_cat(out, "sign=");
		dstr_cat(out, sign);
	}
	bfree(v);
}

bool lk_tiktok_webhook_sign(const char *app_key, const char *secret, const char *body, size_t body_len,
			    char out[LK_TIKTOK_SIGN_HEX])
{
	struct dstr msg = {0};

	out[0] = '\0';
	if (!app_key || !secret || !*secret)
		return false;
	dstr_copy(&msg, app_key);
	if (body && body_len)
		dstr_ncat(&msg, body, body_len);
	bool ok = hmac_hex(secret, msg.array, msg.len, out);
	dstr_free(&msg);
	return ok;
}
