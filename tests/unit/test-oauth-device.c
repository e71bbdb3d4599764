/*
 * Linkon — the OAuth 2.0 device sign-in, refresh and token file
 * (net/lk-oauth-device.h, core/lk-oauth.h) on the real net worker against
 * the loopback fake (tests/server/lkserver/youtube.py) in Google's and in
 * Twitch's shapes: pending answers, slow_down (the interval grows by 5 s),
 * refusal, expiry, a wrong client, rotation of single-use refresh tokens,
 * invalid_grant, stopping mid-flow, the 0600 file; no secret in a log line.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "yt-util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/bmem.h>
#include <util/dstr.h>

#include "core/lk-oauth.h"
#include "net/lk-net.h"
#include "net/lk-oauth-device.h"

#define UNIT_MS 20 /* one server "second" of interval / expiry */

/* ---- what the callbacks saw ------------------------------------------------------ */

struct seen {
	pthread_mutex_t mutex;
	int codes, tokens, failed;
	char user_code[64], verify_url[256];
	char access[256], refresh[256], scope[256];
	bool had_refresh;
	enum lk_oauth_reply reply;
	long status;
	char reason[128];
};

static void seen_init(struct seen *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->mutex, NULL);
}

static void on_event(void *data, const struct lk_oauth_event *ev)
{
	struct seen *s = data;

	pthread_mutex_lock(&s->mutex);
	switch (ev->kind) {
	case LK_OAUTH_EV_CODE:
		s->codes++;
		snprintf(s->user_code, sizeof(s->user_code), "%s", ev->user_code);
		snprintf(s->verify_url, sizeof(s->verify_url), "%s", ev->verify_url);
		break;
	case LK_OAUTH_EV_TOKENS:
		s->tokens++;
		snprintf(s->access, sizeof(s->access), "%s", ev->tokens->access_token);
		s->had_refresh = ev->tokens->refresh_token != NULL;
		snprintf(s->refresh, sizeof(s->refresh), "%s", ev->tokens->refresh_token ? ev->tokens->refresh_token : "");
		snprintf(s->scope, sizeof(s->scope), "%s", ev->tokens->scope);
		break;
	case LK_OAUTH_EV_FAILED:
		s->failed++;
		s->reply = ev->reply;
		s->status = ev->http_status;
		snprintf(s->reason, sizeof(s->reason), "%s", ev->reason ? ev->reason : "");
		break;
	}
	pthread_mutex_unlock(&s->mutex);
}

static bool seen_done(void *arg)
{
	struct seen *s = arg;
	pthread_mutex_lock(&s->mutex);
	bool done = s->tokens + s->failed > 0;
	pthread_mutex_unlock(&s->mutex);
	return done;
}

static bool seen_code(void *arg)
{
	struct seen *s = arg;
	pthread_mutex_lock(&s->mutex);
	bool done = s->codes > 0 || s->failed > 0;
	pthread_mutex_unlock(&s->mutex);
	return done;
}

/* ---- clients ---------------------------------------------------------------------- */

static char device_url[256], token_url[256], tw_device_url[256], tw_token_url[256];

static struct lk_oauth_client google(void)
{
	yt_url("/device/code", device_url, sizeof(device_url));
	yt_url("/token", token_url, sizeof(token_url));
	return (struct lk_oauth_client){.device_url = device_url,
					.token_url = token_url,
					.client_id = YT_CLIENT_ID,
					.client_secret = YT_CLIENT_SECRET,
					.scopes = "https://www.googleapis.com/auth/youtube.readonly",
					.second_ms = UNIT_MS};
}

static struct lk_oauth_client twitch(void)
{
	yt_url("/_yt/twitch/oauth2/device", tw_device_url, sizeof(tw_device_url));
	yt_url("/_yt/twitch/oauth2/token", tw_token_url, sizeof(tw_token_url));
	return (struct lk_oauth_client){.device_url = tw_device_url,
					.token_url = tw_token_url,
					.client_id = YT_TWITCH_CLIENT_ID,
					.scopes = "bits:read channel:read:subscriptions",
					.scope_key = "scopes",
					.scopes_in_poll = true,
					.second_ms = UNIT_MS};
}

static int net_setup(void **state)
{
	*state = lk_net_create(NULL);
	return *state ? 0 : -1;
}

static int net_teardown(void **state)
{
	lk_net_destroy(*state);
	return 0;
}

/* Runs one device flow to its end with the given fake settings. */
static void run_flow(struct lk_net *net, const struct lk_oauth_client *c, const char *oauth_cfg, struct seen *s)
{
	yt_post("/_yt/oauth", oauth_cfg);
	seen_init(s);
	struct lk_oauth_device *d = lk_oauth_device_start(net, c, on_event, s);
	assert_non_null(d);
	assert_true(yt_wait(seen_done, s));
	assert_true(lk_oauth_device_finished(d));
	lk_oauth_device_destroy(d);
}

static void assert_no_secret_logged(void)
{
	char *a = yt_stat_str("oauth", "access_token"), *r = yt_stat_str("oauth", "refresh_token");
	assert_false(log_has(YT_CLIENT_SECRET));
	assert_false(log_has("linkon-device-"));
	assert_false(log_has("linkon_access_"));
	assert_false(log_has("linkon_refresh_"));
	free(a);
	free(r);
}

/* ---- the device flow ---------------------------------------------------------------- */

static void test_google_pending_then_tokens(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	run_flow(*state, &c, "{\"pending\": 3, \"interval\": 1}", &s);
	assert_int_equal(s.codes, 1);
	assert_int_equal(s.failed, 0);
	assert_int_equal(s.tokens, 1);
	assert_string_equal(s.verify_url, "https://www.google.com/device");
	assert_true(strncmp(s.user_code, "LNK-", 4) == 0);
	char *access = yt_stat_str("oauth", "access_token"), *refresh = yt_stat_str("oauth", "refresh_token");
	assert_string_equal(s.access, access);
	assert_string_equal(s.refresh, refresh);
	assert_string_equal(s.scope, "https://www.googleapis.com/auth/youtube.readonly");
	free(access);
	free(refresh);
	assert_int_equal(yt_count("oauth", "pending"), 3);
	assert_int_equal(yt_count("oauth", "polls"), 4);
	assert_int_equal(yt_count("oauth", "bad_client"), 0); /* the secret went with every poll */
	assert_no_secret_logged();
}

static void test_slow_down_grows_interval(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	run_flow(*state, &c, "{\"pending\": 3, \"interval\": 1, \"slow_down\": [1]}", &s);
	assert_int_equal(s.tokens, 1);
	assert_int_equal(yt_count("oauth", "slow_down"), 1);
	json_t *st = yt_ctl("/_yt/stats", NULL);
	json_t *gaps = json_object_get(json_object_get(st, "oauth"), "poll_gaps_ms");
	assert_true(json_array_size(gaps) >= 2);
	/* after slow_down: interval 1 + 5 = 6 units; the client never polls
	 * sooner (the server sees a gap a little shorter at most) */
	assert_true(json_integer_value(json_array_get(gaps, 0)) >= 6 * UNIT_MS - UNIT_MS / 2);
	assert_true(json_integer_value(json_array_get(gaps, 1)) >= 6 * UNIT_MS - UNIT_MS / 2);
	json_decref(st);
}

static void test_denied(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	run_flow(*state, &c, "{\"deny\": true, \"interval\": 1}", &s);
	assert_int_equal(s.codes, 1);
	assert_int_equal(s.failed, 1);
	assert_int_equal(s.reply, LK_OAUTH_DENIED);
	assert_int_equal(s.status, 403);
	assert_string_equal(s.reason, "access_denied");
}

static void test_code_expires(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	c.second_ms = 50;
	run_flow(*state, &c, "{\"pending\": 100000, \"interval\": 1, \"expires_in\": 20}", &s);
	assert_int_equal(s.codes, 1);
	assert_int_equal(s.tokens, 0);
	assert_int_equal(s.reply, LK_OAUTH_EXPIRED);
	assert_true(yt_count("oauth", "polls") >= 1); /* a slow machine may fit only one in */
}

static void test_wrong_client(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	c.client_id = "someone-else.apps.googleusercontent.com";
	run_flow(*state, &c, "{}", &s);
	assert_int_equal(s.codes, 0);
	assert_int_equal(s.reply, LK_OAUTH_BAD_CLIENT);
	assert_int_equal(s.status, 401);
	assert_string_equal(s.reason, "invalid_client");
}

static void test_server_error_on_start(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	run_flow(*state, &c, "{\"fail_device\": 503}", &s);
	assert_int_equal(s.reply, LK_OAUTH_SERVER);
}

static void test_unreachable(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	c.device_url = "http://127.0.0.1:1/device/code";
	run_flow(*state, &c, "{}", &s);
	assert_int_equal(s.reply, LK_OAUTH_NETWORK);
	assert_int_equal(s.status, 0);
	assert_true(s.reason[0] != '\0');
}

static void test_twitch_shape(void **state)
{
	struct lk_oauth_client c = twitch();
	struct seen s;

	run_flow(*state, &c, "{\"pending\": 2, \"interval\": 1}", &s);
	assert_int_equal(s.codes, 1);
	assert_int_equal(s.tokens, 1);
	assert_true(strstr(s.verify_url, "twitch.tv/activate") != NULL);
	assert_string_equal(s.scope, "bits:read channel:read:subscriptions"); /* an array, joined */
	assert_int_equal(yt_count("oauth", "pending"), 2);                     /* 400 authorization_pending */
	assert_no_secret_logged();
}

static void test_twitch_expired_device_code(void **state)
{
	struct lk_oauth_client c = twitch();
	struct seen s;

	c.second_ms = 50;
	run_flow(*state, &c, "{\"pending\": 100000, \"interval\": 1, \"expires_in\": 3}", &s);
	/* the fake says "invalid device code" once its clock passed expiry, or
	 * the client gave up first: either way the code is over */
	assert_int_equal(s.reply, LK_OAUTH_EXPIRED);
}

static void test_destroy_mid_flow(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	yt_post("/_yt/oauth", "{\"pending\": 100000, \"interval\": 1}");
	seen_init(&s);
	struct lk_oauth_device *d = lk_oauth_device_start(*state, &c, on_event, &s);
	assert_true(yt_wait(seen_code, &s));
	lk_oauth_device_destroy(d);
	int64_t polls = yt_count("oauth", "polls");
	pthread_mutex_lock(&s.mutex);
	int events = s.codes + s.tokens + s.failed;
	pthread_mutex_unlock(&s.mutex);
	/* 20 intervals later: no more polls (one may have been in flight) and no callback */
	lk_test_sleep_ms(20 * UNIT_MS);
	assert_true(yt_count("oauth", "polls") <= polls + 1);
	pthread_mutex_lock(&s.mutex);
	assert_int_equal(s.codes + s.tokens + s.failed, events);
	pthread_mutex_unlock(&s.mutex);
	assert_false(lk_oauth_device_finished(NULL));
	lk_oauth_device_destroy(NULL);
}

static void test_bad_client_config(void **state)
{
	struct lk_oauth_client c = google();

	c.device_url = "file:///etc/passwd";
	assert_null(lk_oauth_device_start(*state, &c, on_event, NULL));
	c = google();
	c.client_id = "has space";
	assert_null(lk_oauth_device_start(*state, &c, on_event, NULL));
	c = google();
	assert_int_equal(lk_oauth_refresh(*state, &c, "", on_event, NULL), 0);
	assert_int_equal(lk_oauth_refresh(*state, &c, "a\nb", on_event, NULL), 0);
}

/* ---- refresh ---------------------------------------------------------------------------- */

static void refresh_once(struct lk_net *net, const struct lk_oauth_client *c, const char *token, struct seen *s)
{
	seen_init(s);
	assert_true(lk_oauth_refresh(net, c, token, on_event, s) > 0);
	assert_true(yt_wait(seen_done, s));
}

static void test_refresh_google(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	run_flow(*state, &c, "{\"pending\": 0, \"interval\": 1}", &s);
	char first_refresh[256];
	snprintf(first_refresh, sizeof(first_refresh), "%s", s.refresh);

	refresh_once(*state, &c, first_refresh, &s);
	assert_int_equal(s.tokens, 1);
	assert_false(s.had_refresh); /* Google keeps the refresh token */
	char *access = yt_stat_str("oauth", "access_token");
	assert_string_equal(s.access, access);
	free(access);

	/* the saved record keeps the old refresh token */
	struct lk_oauth_saved saved = {.refresh_token = bstrdup(first_refresh), .account = bstrdup("Mia")};
	struct lk_oauth_tokens t = {.access_token = bstrdup("new-access"), .expires_in_s = 3600};
	lk_oauth_saved_take(&saved, &t, 1000);
	assert_string_equal(saved.access_token, "new-access");
	assert_string_equal(saved.refresh_token, first_refresh);
	assert_int_equal(saved.expires_at_s, 4600);
	assert_string_equal(saved.account, "Mia");
	assert_null(t.access_token);
	lk_oauth_saved_free(&saved);

	/* the app's testing status ran out: sign in again */
	yt_post("/_yt/oauth", "{\"refresh_invalid\": true}");
	refresh_once(*state, &c, first_refresh, &s);
	assert_int_equal(s.reply, LK_OAUTH_INVALID_GRANT);
	assert_int_equal(s.status, 400);
	assert_string_equal(s.reason, "invalid_grant");
	assert_no_secret_logged();
}

static void test_refresh_twitch_single_use(void **state)
{
	struct lk_oauth_client c = twitch();
	struct seen s;

	run_flow(*state, &c, "{\"pending\": 0, \"interval\": 1}", &s);
	char old[256], next[256];
	snprintf(old, sizeof(old), "%s", s.refresh);

	refresh_once(*state, &c, old, &s);
	assert_int_equal(s.tokens, 1);
	assert_true(s.had_refresh);
	assert_string_not_equal(s.refresh, old);
	snprintf(next, sizeof(next), "%s", s.refresh);

	/* the used one is refused now: "Invalid refresh token" */
	refresh_once(*state, &c, old, &s);
	assert_int_equal(s.reply, LK_OAUTH_INVALID_GRANT);
	/* the new one works */
	refresh_once(*state, &c, next, &s);
	assert_int_equal(s.tokens, 1);
}

static void test_refresh_cancelled(void **state)
{
	struct lk_oauth_client c = google();
	struct seen s;

	seen_init(&s);
	c.token_url = "http://127.0.0.1:1/token";
	uint64_t id = lk_oauth_refresh(*state, &c, "1//x", on_event, &s);
	assert_true(id > 0);
	lk_net_cancel(*state, id);
	assert_true(yt_wait(seen_done, &s));
	assert_int_equal(s.failed, 1); /* exactly once, cancelled or refused */
	assert_int_equal(s.reply, LK_OAUTH_NETWORK);
}

/* ---- the token file ----------------------------------------------------------------------- */

static void test_token_file(void **state)
{
	char path[512];
	struct lk_oauth_saved in = {.access_token = bstrdup("ya29.file_access"),
				    .refresh_token = bstrdup("1//file_refresh"),
				    .expires_at_s = 1893456000,
				    .account = bstrdup("Linkon Channel")};
	struct lk_oauth_saved out;
	struct stat st;

	lk_testsrv_path(&yt_srv, "tokens.json", path, sizeof(path));
	unlink(path);
	assert_false(lk_oauth_load(path, &out));
	assert_null(out.access_token);

	assert_true(lk_oauth_save(path, &in));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(lk_oauth_load(path, &out));
	assert_string_equal(out.access_token, "ya29.file_access");
	assert_string_equal(out.refresh_token, "1//file_refresh");
	assert_int_equal(out.expires_at_s, 1893456000);
	assert_string_equal(out.account, "Linkon Channel");
	lk_oauth_saved_free(&out);

	/* a mangled file: no sign-in, and its content is not logged */
	FILE *f = fopen(path, "w");
	fputs("{\"access_token\": \"ya29.mangled_secret", f);
	fclose(f);
	assert_false(lk_oauth_load(path, &out));
	assert_false(log_has("mangled_secret"));
	/* a file without tokens is no sign-in either */
	f = fopen(path, "w");
	fputs("{\"account\": \"x\", \"access_token\": \"has space\"}", f);
	fclose(f);
	assert_false(lk_oauth_load(path, &out));

	lk_oauth_forget(path);
	assert_int_not_equal(access(path, F_OK), 0);
	lk_oauth_saved_free(&in);
	assert_null(in.access_token);
}

/* ---- the pure decoders ---------------------------------------------------------------------- */

static enum lk_oauth_reply tok(long status, const char *body, char *reason)
{
	struct lk_oauth_tokens t;
	enum lk_oauth_reply r = lk_oauth_decode_tokens(status, body, strlen(body), &t, reason, LK_OAUTH_REASON_SIZE);
	if (r != LK_OAUTH_OK)
		assert_null(t.access_token);
	lk_oauth_tokens_free(&t);
	return r;
}

static void test_decode(void **state)
{
	char reason[LK_OAUTH_REASON_SIZE];
	struct lk_oauth_device_code d;

	assert_int_equal(tok(428, "{\"error\":\"authorization_pending\"}", reason), LK_OAUTH_PENDING);
	assert_int_equal(tok(400, "{\"status\":400,\"message\":\"authorization_pending\"}", reason), LK_OAUTH_PENDING);
	assert_int_equal(tok(403, "{\"error\":\"slow_down\"}", reason), LK_OAUTH_SLOW_DOWN);
	assert_int_equal(tok(403, "{\"error\":\"access_denied\"}", reason), LK_OAUTH_DENIED);
	assert_int_equal(tok(403, "{\"error\":\"rate_limit_exceeded\"}", reason), LK_OAUTH_RATE_LIMITED);
	assert_int_equal(tok(401, "{\"error\":\"invalid_client\"}", reason), LK_OAUTH_BAD_CLIENT);
	assert_int_equal(tok(400, "{\"error\":\"invalid_client\"}", reason), LK_OAUTH_BAD_CLIENT);
	assert_int_equal(tok(400, "{\"error\":\"expired_token\"}", reason), LK_OAUTH_EXPIRED);
	assert_int_equal(tok(400, "{\"status\":400,\"message\":\"invalid device code\"}", reason), LK_OAUTH_EXPIRED);
	assert_int_equal(tok(400, "{\"error\":\"invalid_grant\"}", reason), LK_OAUTH_INVALID_GRANT);
	assert_int_equal(tok(400, "{\"status\":400,\"message\":\"Invalid refresh token\"}", reason),
			 LK_OAUTH_INVALID_GRANT);
	assert_int_equal(tok(429, "", reason), LK_OAUTH_RATE_LIMITED);
	assert_string_equal(reason, "HTTP 429");
	assert_int_equal(tok(503, "<html>", reason), LK_OAUTH_SERVER);
	assert_int_equal(tok(418, "{}", reason), LK_OAUTH_REFUSED);
	/* an error under 200 is still an error */
	assert_int_equal(tok(200, "{\"error\":\"access_denied\"}", reason), LK_OAUTH_DENIED);
	/* a 2xx without a usable access token */
	assert_int_equal(tok(200, "{\"access_token\":\"a b\"}", reason), LK_OAUTH_MALFORMED);
	assert_int_equal(tok(200, "[1]", reason), LK_OAUTH_MALFORMED);
	assert_int_equal(tok(200, "{\"access_token\":\"x\",\"refresh_token\":7}", reason), LK_OAUTH_MALFORMED);
	assert_int_equal(tok(200, "{\"access_token\":\"x\",\"refresh_token\":null,\"expires_in\":\"3600\"}", reason),
			 LK_OAUTH_OK);
	/* a reason never carries control characters or the whole body */
	assert_int_equal(tok(400, "{\"error\":\"bad\\nline\\u202e and a very long text that goes on and on and on and on\"}",
			     reason),
			 LK_OAUTH_REFUSED);
	assert_null(strchr(reason, '\n'));
	assert_true(strlen(reason) < LK_OAUTH_REASON_SIZE);

	const char *google_code = "{\"device_code\":\"dc\",\"user_code\":\"ABC-DEF\",\"verification_url\":"
				  "\"https://www.google.com/device\",\"expires_in\":1800,\"interval\":5}";
	assert_int_equal(lk_oauth_decode_device(200, google_code, strlen(google_code), &d, reason, sizeof(reason)),
			 LK_OAUTH_OK);
	assert_string_equal(d.verify_url, "https://www.google.com/device");
	assert_int_equal(d.interval_s, 5);
	lk_oauth_device_code_free(&d);
	const char *twitch_code = "{\"device_code\":\"dc\",\"user_code\":\"ABCDEFGH\",\"verification_uri\":"
				  "\"https://www.twitch.tv/activate\",\"expires_in\":1800}";
	assert_int_equal(lk_oauth_decode_device(200, twitch_code, strlen(twitch_code), &d, reason, sizeof(reason)),
			 LK_OAUTH_OK);
	assert_int_equal(d.interval_s, 5); /* RFC 8628's default */
	lk_oauth_device_code_free(&d);
	const char *no_code = "{\"device_code\":\"dc\",\"verification_uri\":\"https://x\",\"expires_in\":1}";
	assert_int_equal(lk_oauth_decode_device(200, no_code, strlen(no_code), &d, reason, sizeof(reason)),
			 LK_OAUTH_MALFORMED);
	assert_null(d.device_code);
	assert_int_equal(lk_oauth_decode_device(401, "{\"error\":\"invalid_client\"}", 26, &d, reason, sizeof(reason)),
			 LK_OAUTH_BAD_CLIENT);

	struct dstr form = {0};
	lk_oauth_form_add(&form, "scope", "a b/c");
	lk_oauth_form_add(&form, "client_secret", NULL);
	lk_oauth_form_add(&form, "x", "1&2=3");
	assert_string_equal(form.array, "scope=a%20b%2Fc&x=1%262%3D3");
	lk_oauth_dstr_wipe(&form);
	assert_null(form.array);
	assert_string_equal(lk_oauth_reply_name(LK_OAUTH_INVALID_GRANT), "invalid_grant");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test_setup_teardown(test_google_pending_then_tokens, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_slow_down_grows_interval, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_denied, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_code_expires, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_client, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_server_error_on_start, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_unreachable, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_twitch_shape, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_twitch_expired_device_code, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_destroy_mid_flow, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_bad_client_config, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_refresh_google, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_refresh_twitch_single_use, net_setup, net_teardown),
		cmocka_unit_test_setup_teardown(test_refresh_cancelled, net_setup, net_teardown),
		cmocka_unit_test(test_token_file),
	};

	int failed = cmocka_run_group_tests_name("oauth-device", tests, yt_group_setup, yt_group_teardown);
	lk_testlog_stop("test-oauth-device.log");
	return failed;
}
