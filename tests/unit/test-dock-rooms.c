/*
 * Linkon — unit tests: the dock's "Live rooms" tab and comment-rule editor
 * as data (lk-dock-rooms.c): dot colours per state, the rows' words (ages,
 * retry, quota, status messages in the UI's words, device codes), which
 * buttons show, the tab's summary dot and timer, the "Add live room" form's
 * entries and refusals, and the rule editor's round trip through
 * lk_claim_rules_from_json with its refusals by field.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lk-claims.h"
#include "lk-dock-rooms.h"

/* A translation that marks every text as translated ("<fr>…"), with the
 * English templates of en-US.ini where the test reads the words. */
static const char *tr(const char *key)
{
	static const char *const map[][2] = {
		{"Dock.Rooms.State.Off", "Off"},
		{"Dock.Rooms.State.SignIn", "Sign-in needed"},
		{"Dock.Rooms.State.Connecting", "Connecting…"},
		{"Dock.Rooms.State.Live", "Live"},
		{"Dock.Rooms.State.Waiting", "Waiting for the live"},
		{"Dock.Rooms.State.Retry", "Reconnecting"},
		{"Dock.Rooms.State.Error", "Stopped"},
		{"Dock.Rooms.Platform.Twitch", "Twitch"},
		{"Dock.Rooms.Platform.YouTube", "YouTube"},
		{"Dock.Rooms.Platform.TikTok", "TikTok LIVE"},
		{"Dock.Rooms.LastEvent", "Last event %1 ago"},
		{"Dock.Rooms.LastEvent.Now", "Last event just now"},
		{"Dock.Rooms.NoEvents", "No events yet"},
		{"Dock.Rooms.Quota", "~%1 API units/hour"},
		{"Dock.Retry", "Next try in %1"},
		{"Dock.Retry.Now", "Trying again now"},
		{"Dock.Span.Seconds", "%1 s"},
		{"Dock.Span.Minutes", "%1 min"},
		{"Dock.Span.Hours", "%1 h"},
		{"Dock.Span.HoursMinutes", "%1 h %2 min"},
		{"Locale.Code", "en-US"},
		/* a status message in the UI's (here: pretend French) words */
		{"Msg.ShopifyNoNetwork", "<fr> pas de réseau"},
		{"Msg.EsUnknownType", "<fr> ce Linkon n'a pas de salle de type « %1 »"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], key) == 0)
			return map[i][1];
	return key;
}

static void entry(struct lk_es_entry *e, const char *id, const char *platform, enum lk_es_state state)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->id, sizeof(e->id), "%s", id);
	snprintf(e->type, sizeof(e->type), "%s", platform);
	snprintf(e->platform, sizeof(e->platform), "%s", platform);
	e->enabled = true;
	e->running = true;
	e->status.state = state;
	e->status.quota_units_per_hour = -1;
}

static void test_colors(void **state)
{
	(void)state;
	assert_int_equal(lk_dock_room_color(LK_ES_LIVE), LK_DOCK_ROOM_GREEN);
	assert_int_equal(lk_dock_room_color(LK_ES_CONNECTING), LK_DOCK_ROOM_AMBER);
	assert_int_equal(lk_dock_room_color(LK_ES_WAITING), LK_DOCK_ROOM_AMBER);
	assert_int_equal(lk_dock_room_color(LK_ES_RETRY), LK_DOCK_ROOM_AMBER);
	assert_int_equal(lk_dock_room_color(LK_ES_ERROR), LK_DOCK_ROOM_RED);
	assert_int_equal(lk_dock_room_color(LK_ES_SIGN_IN), LK_DOCK_ROOM_BLUE);
	assert_int_equal(lk_dock_room_color(LK_ES_OFF), LK_DOCK_ROOM_GREY);
	assert_string_equal(lk_dock_room_state_key(LK_ES_WAITING), "Dock.Rooms.State.Waiting");
	assert_null(lk_dock_room_platform_key("kick"));
	assert_string_equal(lk_dock_room_platform_key("youtube"), "Dock.Rooms.Platform.YouTube");
}

static void test_live_row(void **state)
{
	(void)state;
	struct lk_es_entry e;
	struct lk_dock_room_row r;
	entry(&e, "twitch", "twitch", LK_ES_LIVE);
	snprintf(e.status.account, sizeof(e.status.account), "mia_live");
	e.can_sign_in = true;
	e.status.last_event_ms = 100000;
	lk_dock_room_row_init(&r);

	lk_dock_room_row_fill(&r, &e, 112400, tr);
	assert_string_equal(r.id, "twitch");
	assert_int_equal(r.color, LK_DOCK_ROOM_GREEN);
	assert_string_equal(r.title.array, "Twitch · mia_live");
	assert_string_equal(r.state.array, "Live");
	assert_string_equal(r.detail.array, "Last event 12 s ago");
	assert_string_equal(r.error.array, "");
	assert_string_equal(r.code.array, "");
	assert_false(r.sign_in); /* signed in: no "Sign in", but "Sign out" */
	assert_true(r.sign_out);
	assert_false(r.problem);

	lk_dock_room_row_fill(&r, &e, 100300, tr);
	assert_string_equal(r.detail.array, "Last event just now");
	lk_dock_room_row_fill(&r, &e, 100000 + 3 * 60000 + 5000, tr);
	assert_string_equal(r.detail.array, "Last event 3 min ago");
	e.status.last_event_ms = 0;
	lk_dock_room_row_fill(&r, &e, 5000, tr);
	assert_string_equal(r.detail.array, "No events yet");

	/* a name of its own wins over the platform's */
	snprintf(e.name, sizeof(e.name), "Shop channel");
	lk_dock_room_row_fill(&r, &e, 5000, tr);
	assert_string_equal(r.title.array, "Shop channel · mia_live");
	lk_dock_room_row_free(&r);
}

static void test_retry_and_error_rows(void **state)
{
	(void)state;
	struct lk_es_entry e;
	struct lk_dock_room_row r;
	lk_dock_room_row_init(&r);
	entry(&e, "tiktok", "tiktok", LK_ES_RETRY);
	e.status.retry_at_ms = 50000;
	e.status.last_event_ms = 10000;
	lk_msg_set(&e.status.msg, LK_MSG_SHOPIFY_NO_NETWORK, NULL, NULL, NULL);
	snprintf(e.status.detail, sizeof(e.status.detail), "the bridge did not answer in time");

	lk_dock_room_row_fill(&r, &e, 30000, tr);
	assert_int_equal(r.color, LK_DOCK_ROOM_AMBER);
	assert_string_equal(r.title.array, "TikTok LIVE");
	assert_string_equal(r.state.array, "Reconnecting");
	assert_string_equal(r.detail.array, "Last event 20 s ago · Next try in 20 s");
	/* the message code in the UI's words, not the English detail */
	assert_string_equal(r.error.array, "<fr> pas de réseau");
	assert_false(r.problem);
	lk_dock_room_row_fill(&r, &e, 49500, tr);
	assert_string_equal(r.detail.array, "Last event 39 s ago · Trying again now");

	/* a reason Linkon has no code for: the source's words */
	e.status.state = LK_ES_ERROR;
	lk_msg_set(&e.status.msg, LK_MSG_NONE, NULL, NULL, NULL);
	lk_dock_room_row_fill(&r, &e, 30000, tr);
	assert_int_equal(r.color, LK_DOCK_ROOM_RED);
	assert_string_equal(r.state.array, "Stopped");
	assert_string_equal(r.error.array, "the bridge did not answer in time");
	assert_true(r.problem);
	assert_false(r.sign_in); /* TikTok LIVE has no sign-in */

	/* switched off: grey, no ages, no words, whatever the last status said */
	e.enabled = false;
	lk_dock_room_row_fill(&r, &e, 30000, tr);
	assert_int_equal(r.color, LK_DOCK_ROOM_GREY);
	assert_string_equal(r.state.array, "Off");
	assert_string_equal(r.detail.array, "");
	assert_string_equal(r.error.array, "");
	assert_false(r.enabled);
	assert_false(r.problem);
	lk_dock_room_row_free(&r);
}

/* An entry of a type this Linkon does not know ("kick"): its row says so
 * through the message code, in the UI's words like every other row, never
 * the manager's English detail. */
static void test_unknown_type_row(void **state)
{
	(void)state;
	struct lk_es_entry e;
	struct lk_dock_room_row r;
	lk_dock_room_row_init(&r);
	entry(&e, "kick", "", LK_ES_ERROR);
	snprintf(e.type, sizeof(e.type), "kick");
	snprintf(e.name, sizeof(e.name), "kick");
	e.running = false;
	lk_msg_set(&e.status.msg, LK_MSG_ES_UNKNOWN_TYPE, "kick", NULL, NULL);
	snprintf(e.status.detail, sizeof(e.status.detail), "this Linkon has no live room of type 'kick'");

	lk_dock_room_row_fill(&r, &e, 30000, tr);
	assert_int_equal(r.color, LK_DOCK_ROOM_RED);
	assert_string_equal(r.state.array, "Stopped");
	assert_string_equal(r.error.array, "<fr> ce Linkon n'a pas de salle de type « kick »");
	assert_null(strstr(r.error.array, "this Linkon"));
	assert_true(r.problem);
	assert_false(r.sign_in);
	lk_dock_room_row_free(&r);
}

static void test_sign_in_row(void **state)
{
	(void)state;
	struct lk_es_entry e;
	struct lk_dock_room_row r;
	lk_dock_room_row_init(&r);
	entry(&e, "youtube", "youtube", LK_ES_SIGN_IN);
	e.can_sign_in = true;
	e.status.quota_units_per_hour = 0;

	lk_dock_room_row_fill(&r, &e, 1000, tr);
	assert_int_equal(r.color, LK_DOCK_ROOM_BLUE);
	assert_string_equal(r.state.array, "Sign-in needed");
	assert_true(r.sign_in);
	assert_false(r.sign_out);
	assert_true(r.problem);
	assert_string_equal(r.code.array, "");

	/* the device code is shown: no second "Sign in" meanwhile */
	snprintf(e.status.user_code, sizeof(e.status.user_code), "WDJB-MJHT");
	snprintf(e.status.verify_url, sizeof(e.status.verify_url), "https://www.google.com/device");
	lk_dock_room_row_fill(&r, &e, 1000, tr);
	assert_string_equal(r.code.array, "WDJB-MJHT");
	assert_string_equal(r.url.array, "https://www.google.com/device");
	assert_false(r.sign_in);

	/* live on YouTube: the quota estimate, with thousands separators */
	e.status.state = LK_ES_LIVE;
	e.status.user_code[0] = '\0';
	snprintf(e.status.account, sizeof(e.status.account), "Mia Shop");
	e.status.quota_units_per_hour = 1250;
	e.status.last_event_ms = 1000;
	lk_dock_room_row_fill(&r, &e, 6000, tr);
	assert_string_equal(r.detail.array, "Last event 5 s ago · ~1,250 API units/hour");
	assert_string_equal(r.code.array, ""); /* a code is only shown while signing in */
	assert_true(r.sign_out);
	lk_dock_room_row_free(&r);
}

static void test_summary_and_tick(void **state)
{
	(void)state;
	struct lk_es_entry rows[3];
	assert_int_equal(lk_dock_rooms_summary_color(NULL, 0), LK_DOCK_ROOM_GREY);
	entry(&rows[0], "twitch", "twitch", LK_ES_LIVE);
	entry(&rows[1], "youtube", "youtube", LK_ES_WAITING);
	entry(&rows[2], "tiktok", "tiktok", LK_ES_ERROR);
	assert_int_equal(lk_dock_rooms_summary_color(rows, 1), LK_DOCK_ROOM_GREEN);
	assert_int_equal(lk_dock_rooms_summary_color(rows, 2), LK_DOCK_ROOM_AMBER);
	assert_int_equal(lk_dock_rooms_summary_color(rows, 3), LK_DOCK_ROOM_RED);
	rows[2].enabled = false; /* a room switched off does not count */
	assert_int_equal(lk_dock_rooms_summary_color(rows, 3), LK_DOCK_ROOM_AMBER);
	rows[1].status.state = LK_ES_SIGN_IN;
	assert_int_equal(lk_dock_rooms_summary_color(rows, 3), LK_DOCK_ROOM_BLUE);
	rows[0].enabled = rows[1].enabled = false;
	assert_int_equal(lk_dock_rooms_summary_color(rows, 3), LK_DOCK_ROOM_GREY);

	/* hidden: no timer at all; shown: at most the poll interval */
	assert_int_equal(lk_dock_rooms_next_tick_ms(rows, 3, false, 0), -1);
	assert_int_equal(lk_dock_rooms_next_tick_ms(rows, 0, true, 0), LK_DOCK_ROOMS_POLL_MS);
	/* a retry countdown: at its next whole second */
	entry(&rows[0], "tiktok", "tiktok", LK_ES_RETRY);
	rows[0].status.retry_at_ms = 20300;
	assert_int_equal(lk_dock_rooms_next_tick_ms(rows, 1, true, 10000), 301);
	/* a last event 400 ms ago: "just now" turns into "1 s ago" in 600 ms */
	entry(&rows[0], "twitch", "twitch", LK_ES_LIVE);
	rows[0].status.last_event_ms = 9600;
	assert_int_equal(lk_dock_rooms_next_tick_ms(rows, 1, true, 10000), 600);
}

static json_t *add(enum lk_dock_room_kind kind, const char *a, const char *b, const char *c, const char **err)
{
	static const char *const used[] = {"twitch", "tiktok", "tiktok-2"};
	struct lk_dock_room_form f = {0};
	f.kind = kind;
	if (kind == LK_DOCK_ROOM_TIKTOK) {
		f.url = a;
		f.token = b;
	} else if (kind == LK_DOCK_ROOM_TWITCH) {
		f.client_id = a;
	} else {
		f.client_id = a;
		f.client_secret = b;
		f.api_key = c;
	}
	return lk_dock_room_entry(&f, used, 3, err);
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void test_add_form(void **state)
{
	(void)state;
	const char *err;
	json_t *e = add(LK_DOCK_ROOM_TIKTOK, "  http://127.0.0.1:8787 ", "0123456789abcdef0123", NULL, &err);
	assert_non_null(e);
	assert_null(err);
	assert_string_equal(str(e, "type"), "tiktok_live");
	assert_string_equal(str(e, "id"), "tiktok-3"); /* "tiktok" and "tiktok-2" are taken */
	assert_string_equal(str(e, "url"), "http://127.0.0.1:8787");
	assert_string_equal(str(e, "token"), "0123456789abcdef0123");
	assert_true(json_is_true(json_object_get(e, "enabled")));
	json_decref(e);
	assert_null(add(LK_DOCK_ROOM_TIKTOK, "http://127.0.0.1:8787", "short", NULL, &err));
	assert_string_equal(err, "Dock.Rooms.Need.Token"); /* the bridge's token: 16 characters or more */
	assert_null(add(LK_DOCK_ROOM_TIKTOK, "ftp://x", NULL, NULL, &err));
	assert_string_equal(err, "Dock.Rooms.Need.Url");
	assert_null(add(LK_DOCK_ROOM_TIKTOK, "", NULL, NULL, &err));
	assert_string_equal(err, "Dock.Rooms.Need.Url");

	e = add(LK_DOCK_ROOM_TWITCH, "abc123xyz", NULL, NULL, &err);
	assert_string_equal(str(e, "type"), "twitch");
	assert_string_equal(str(e, "id"), "twitch-2");
	assert_string_equal(str(e, "client_id"), "abc123xyz");
	json_decref(e);
	assert_null(add(LK_DOCK_ROOM_TWITCH, " ", NULL, NULL, &err));
	assert_string_equal(err, "Dock.Rooms.Need.ClientId");

	/* YouTube: a client id needs its secret (device sign-in) … */
	assert_null(add(LK_DOCK_ROOM_YOUTUBE, "id.apps.googleusercontent.com", "", NULL, &err));
	assert_string_equal(err, "Dock.Rooms.Need.ClientSecret");
	e = add(LK_DOCK_ROOM_YOUTUBE, "id.apps.googleusercontent.com", "s3cret", NULL, &err);
	assert_string_equal(str(e, "id"), "youtube");
	assert_string_equal(str(e, "client_secret"), "s3cret");
	json_decref(e);
	/* … an API key needs the live video (its id or its watch link) */
	assert_null(add(LK_DOCK_ROOM_YOUTUBE, NULL, NULL, "AIzaKey", &err));
	assert_string_equal(err, "Dock.Rooms.Need.VideoId");
	assert_null(add(LK_DOCK_ROOM_YOUTUBE, NULL, NULL, NULL, &err));
	assert_string_equal(err, "Dock.Rooms.Need.YouTube");
	struct lk_dock_room_form f = {.kind = LK_DOCK_ROOM_YOUTUBE, .api_key = "AIzaKey",
				      .video_id = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", .name = " Main "};
	e = lk_dock_room_entry(&f, NULL, 0, &err);
	assert_non_null(e);
	assert_string_equal(str(e, "video_id"), "dQw4w9WgXcQ");
	assert_string_equal(str(e, "name"), "Main");
	json_decref(e);
	f.video_id = "https://youtu.be/dQw4w9WgXcQ";
	e = lk_dock_room_entry(&f, NULL, 0, &err);
	assert_string_equal(str(e, "video_id"), "dQw4w9WgXcQ");
	json_decref(e);
	f.video_id = "not a video";
	assert_null(lk_dock_room_entry(&f, NULL, 0, &err));
	assert_string_equal(err, "Dock.Rooms.Bad.VideoId");
}

static void test_claims_round_trip(void **state)
{
	(void)state;
	struct lk_dock_claims_form f;
	const char *err;
	int line = -1;
	lk_dock_claims_form_init(&f);

	/* the defaults, as the editor shows them */
	lk_dock_claims_form_fill(&f, NULL);
	assert_true(f.enabled);
	assert_non_null(strstr(f.words.array, "want, buy, quiero"));
	assert_non_null(strstr(f.words.array, "我要"));
	assert_string_equal(f.pinned.array, "+1");
	assert_string_equal(f.actions.array, "!link = 8");
	assert_int_equal(f.viewer_cooldown_s, 30);
	assert_int_equal(f.global_cooldown_s, 5);

	/* edited in several languages and separators; saved and read back */
	dstr_copy(&f.words, "want, 我要、quiero\n أريد ，ほしい");
	dstr_copy(&f.pinned, "+1, 1+");
	dstr_copy(&f.actions, "!link = 12\n\n!qr");
	f.viewer_cooldown_s = 60;
	f.global_cooldown_s = 0;
	f.enabled = false;
	json_t *obj = lk_dock_claims_form_build(&f, &err, &line);
	assert_non_null(obj);
	assert_null(err);
	assert_int_equal(line, 0);
	assert_int_equal(json_array_size(json_object_get(obj, "words")), 5);
	assert_string_equal(json_string_value(json_array_get(json_object_get(obj, "words"), 3)), "أريد");
	assert_int_equal(json_array_size(json_object_get(obj, "pinned")), 2);
	json_t *acts = json_object_get(obj, "actions");
	assert_int_equal(json_array_size(acts), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(acts, 0), "seconds")), 12);
	assert_null(json_object_get(json_array_get(acts, 1), "seconds")); /* the default */
	assert_int_equal(json_integer_value(json_object_get(obj, "viewer_cooldown_ms")), 60000);
	/* what the hub takes */
	struct lk_claim_rules rules;
	char why[256];
	assert_true(lk_claim_rules_from_json(obj, &rules, why, sizeof(why)));
	assert_false(rules.enabled);
	assert_int_equal(rules.actions[1].seconds, 8);

	struct lk_dock_claims_form g;
	lk_dock_claims_form_init(&g);
	lk_dock_claims_form_fill(&g, obj);
	assert_string_equal(g.words.array, "want, 我要, quiero, أريد, ほしい");
	assert_string_equal(g.actions.array, "!link = 12\n!qr = 8");
	assert_false(g.enabled);
	assert_int_equal(g.viewer_cooldown_s, 60);
	json_decref(obj);
	lk_dock_claims_form_free(&g);
	lk_dock_claims_form_free(&f);
}

static void test_claims_refused(void **state)
{
	(void)state;
	struct lk_dock_claims_form f;
	const char *err;
	int line;
	lk_dock_claims_form_init(&f);
	lk_dock_claims_form_fill(&f, NULL);

	/* a word longer than 48 bytes: the words field, its item */
	dstr_copy(&f.words, "want, buy, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	assert_null(lk_dock_claims_form_build(&f, &err, &line));
	assert_string_equal(err, "Dock.Claims.Bad.Words");
	assert_int_equal(line, 3);
	dstr_copy(&f.words, "want");

	dstr_copy(&f.actions, "!link = 8\n!qr = soon");
	assert_null(lk_dock_claims_form_build(&f, &err, &line));
	assert_string_equal(err, "Dock.Claims.Bad.Actions");
	assert_int_equal(line, 2);
	dstr_copy(&f.actions, "!link = 8\n!qr = 600"); /* 1..60 s */
	assert_null(lk_dock_claims_form_build(&f, &err, &line));
	assert_string_equal(err, "Dock.Claims.Bad.Actions");
	assert_int_equal(line, 2);
	dstr_copy(&f.actions, "= 8");
	assert_null(lk_dock_claims_form_build(&f, &err, &line));
	assert_string_equal(err, "Dock.Claims.Bad.Actions");
	dstr_copy(&f.actions, "!link");

	f.viewer_cooldown_s = 7200; /* over an hour */
	assert_null(lk_dock_claims_form_build(&f, &err, &line));
	assert_string_equal(err, "Dock.Claims.Bad.ViewerCooldown");
	f.viewer_cooldown_s = 30;
	f.global_cooldown_s = -1;
	assert_null(lk_dock_claims_form_build(&f, &err, &line));
	assert_string_equal(err, "Dock.Claims.Bad.GlobalCooldown");
	f.global_cooldown_s = 5;

	/* more than 64 pinned words */
	dstr_free(&f.pinned);
	for (int i = 0; i < 70; i++)
		dstr_catf(&f.pinned, "%s+%d", i ? "," : "", i);
	assert_null(lk_dock_claims_form_build(&f, &err, &line));
	assert_string_equal(err, "Dock.Claims.Bad.Pinned");
	assert_int_equal(line, 0);
	dstr_copy(&f.pinned, "");
	json_t *ok = lk_dock_claims_form_build(&f, &err, &line); /* no pinned word at all is fine */
	assert_non_null(ok);
	json_decref(ok);

	/* every key the model asks for is named */
	size_t n;
	const char *const *keys = lk_dock_rooms_text_keys(&n);
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++)
		assert_true(strncmp(keys[i], "Dock.", 5) == 0);
	lk_dock_claims_form_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_live_row),
		cmocka_unit_test(test_retry_and_error_rows),
		cmocka_unit_test(test_unknown_type_row),
		cmocka_unit_test(test_sign_in_row),
		cmocka_unit_test(test_summary_and_tick),
		cmocka_unit_test(test_add_form),
		cmocka_unit_test(test_claims_round_trip),
		cmocka_unit_test(test_claims_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
