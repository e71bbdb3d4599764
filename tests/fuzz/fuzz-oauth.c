/*
 * Linkon — libFuzzer target for the OAuth 2.0 replies (core/lk-oauth.c);
 * built by tests/fuzz/fuzz.cmake.
 *
 * The first two bytes pick the HTTP status; the rest is the body, given to
 * the device-code decoder, the token decoder and the saved-record reader.
 * Checks on every input: nothing reads or writes out of bounds or leaks; a
 * result is one of the known replies; OK fills every required field with
 * header-safe text and numbers in range, anything else leaves the output
 * zeroed; a reason is short visible ASCII (it may be logged) and never
 * holds a token the body carried; a saved record written out reads back
 * the same.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <util/bmem.h>

#include "core/lk-oauth.h"

#define must(cond) FUZZ_MUST(cond)

static void check_reason(const char *r)
{
	size_t n = strlen(r);
	must(n < LK_OAUTH_REASON_SIZE);
	for (size_t i = 0; i < n; i++)
		must((unsigned char)r[i] >= 0x20 && (unsigned char)r[i] < 0x7f);
}

static bool zeroed(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char reason[LK_OAUTH_REASON_SIZE];
	long status = 200;

	if (size >= 2) {
		static const long statuses[] = {200, 201, 400, 401, 403, 408, 428, 429, 500, 503, 0, 204, 302, 418};
		status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
		if (data[1] & 1)
			status = 200;
		data += 2;
		size -= 2;
	}
	const char *body = (const char *)data;

	struct lk_oauth_device_code d;
	enum lk_oauth_reply r = lk_oauth_decode_device(status, body, size, &d, reason, sizeof(reason));
	must(r >= LK_OAUTH_OK && r < LK_OAUTH_NETWORK);
	check_reason(reason);
	if (r == LK_OAUTH_OK) {
		must(status >= 200 && status <= 299);
		must(lk_oauth_token_ok(d.device_code, LK_OAUTH_MAX_TOKEN));
		must(lk_oauth_token_ok(d.user_code, LK_OAUTH_MAX_CODE));
		must(lk_oauth_token_ok(d.verify_url, LK_OAUTH_MAX_URL));
		must(d.expires_in_s >= 1 && d.expires_in_s <= LK_OAUTH_MAX_EXPIRES_S);
		must(d.interval_s >= 0 && d.interval_s <= LK_OAUTH_MAX_INTERVAL_S);
		must(strstr(reason, d.device_code) == NULL || !*reason);
		lk_oauth_device_code_free(&d);
	}
	must(zeroed(&d, sizeof(d)));

	struct lk_oauth_tokens t;
	r = lk_oauth_decode_tokens(status, body, size, &t, reason, sizeof(reason));
	must(r >= LK_OAUTH_OK && r < LK_OAUTH_NETWORK);
	check_reason(reason);
	if (r == LK_OAUTH_OK) {
		must(*reason == '\0');
		must(lk_oauth_token_ok(t.access_token, LK_OAUTH_MAX_TOKEN));
		must(!t.refresh_token || lk_oauth_token_ok(t.refresh_token, LK_OAUTH_MAX_TOKEN));
		must(t.expires_in_s >= 0 && t.expires_in_s <= LK_OAUTH_MAX_EXPIRES_S);
		must(t.scope != NULL);

		/* into a saved record and back through JSON */
		struct lk_oauth_saved s = {0}, back;
		lk_oauth_saved_take(&s, &t, 1000);
		must(zeroed(&t, sizeof(t)));
		json_t *j = lk_oauth_saved_to_json(&s);
		must(lk_oauth_saved_from_json(j, &back));
		must(strcmp(back.access_token, s.access_token) == 0);
		must((!back.refresh_token && !s.refresh_token) ||
		     (back.refresh_token && s.refresh_token && strcmp(back.refresh_token, s.refresh_token) == 0));
		must(back.expires_at_s == s.expires_at_s);
		json_decref(j);
		lk_oauth_saved_free(&back);
		lk_oauth_saved_free(&s);
		must(zeroed(&s, sizeof(s)));
	}
	must(zeroed(&t, sizeof(t)));

	/* the body as a saved file */
	json_t *j = json_loadb(body, size, 0, NULL);
	struct lk_oauth_saved s;
	if (lk_oauth_saved_from_json(j, &s)) {
		must(s.access_token || s.refresh_token);
		must(!s.access_token || lk_oauth_token_ok(s.access_token, LK_OAUTH_MAX_TOKEN));
		must(s.expires_at_s >= 0);
		lk_oauth_saved_free(&s);
	}
	must(zeroed(&s, sizeof(s)));
	json_decref(j);
	return 0;
}
