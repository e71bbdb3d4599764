/*
 * Linkon — unit tests: the Twitch EventSub codec (core/lk-twitch-codec).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/lk-twitch-codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char err[256];

#define META(type, sub)                                                                             \
	"\"metadata\":{\"message_id\":\"m-1\",\"message_type\":\"" type "\",\"message_timestamp\":" \
	"\"2026-12-04T11:22:33.123456789Z\"" sub "}"
#define NOTE(sub, ev)                                                                                                \
	"{" META("notification",                                                                                     \
		 ",\"subscription_type\":\"" sub                                                                     \
		 "\",\"subscription_version\":\"1\"") ",\"payload\":{\"subscription\":{\"id\":\"s1\"},\"event\":" ev \
						      "}}"

static bool dec(const char *text, struct lk_tw_message *m)
{
	err[0] = '\0';
	return lk_twitch_decode(text, strlen(text), m, err, sizeof(err));
}

static void test_welcome_keepalive_reconnect(void **state)
{
	(void)state;
	struct lk_tw_message m;

	assert_true(dec(
		"{" META("session_welcome",
			 "") ",\"payload\":{\"session\":{\"id\":\"AgoQ\",\"status\":"
			     "\"connected\",\"keepalive_timeout_seconds\":10,\"reconnect_url\":null,\"connected_at\":"
			     "\"2026-12-04T11:22:33.1Z\"}}}",
		&m));
	assert_int_equal(m.type, LK_TW_WELCOME);
	assert_string_equal(m.session_id, "AgoQ");
	assert_int_equal(m.keepalive_s, 10);
	assert_string_equal(m.message_id, "m-1");
	/* nanoseconds: the milliseconds kept */
	assert_int_equal(m.time_ms % 1000, 123);

	assert_true(dec("{" META("session_keepalive", "") ",\"payload\":{}}", &m));
	assert_int_equal(m.type, LK_TW_KEEPALIVE);

	assert_true(dec("{" META("session_reconnect",
				 "") ",\"payload\":{\"session\":{\"id\":\"AgoQ\",\"status\":"
				     "\"reconnecting\",\"keepalive_timeout_seconds\":null,\"reconnect_url\":"
				     "\"wss://eventsub.wss.twitch.tv/ws?reconnect_id=x\"}}}",
			&m));
	assert_int_equal(m.type, LK_TW_RECONNECT);
	assert_int_equal(m.keepalive_s, -1);
	assert_string_equal(m.reconnect_url, "wss://eventsub.wss.twitch.tv/ws?reconnect_id=x");

	/* a reconnect elsewhere than ws(s) is refused, so is a welcome without keepalive */
	assert_false(dec("{" META("session_reconnect", "") ",\"payload\":{\"session\":{\"id\":\"A\","
							   "\"reconnect_url\":\"file:///etc/passwd\"}}}",
			 &m));
	assert_non_null(strstr(err, "reconnect_url"));
	assert_false(dec("{" META("session_welcome", "") ",\"payload\":{\"session\":{\"id\":\"A\"}}}", &m));
	assert_non_null(strstr(err, "keepalive"));
	/* an unknown message type is no error: ignored */
	assert_true(dec("{" META("session_future", "") "}", &m));
	assert_int_equal(m.type, LK_TW_UNKNOWN);
}

static void test_cheer(void **state)
{
	(void)state;
	struct lk_tw_message m;

	assert_true(dec(NOTE("channel.cheer", "{\"is_anonymous\":false,\"user_id\":\"42\",\"user_login\":\"mia\","
					      "\"user_name\":\"Mia\",\"message\":\"Cheer100\",\"bits\":100}"),
			&m));
	assert_int_equal(m.type, LK_TW_NOTIFICATION);
	assert_int_equal(m.event, LK_TW_GIFT);
	assert_string_equal(m.gift.id, "m-1");
	assert_string_equal(m.gift.gift_id, "bits");
	assert_int_equal(m.gift.value, 100);
	assert_int_equal(m.gift.count, 1);
	assert_string_equal(m.gift.sender_id, "42");
	assert_string_equal(m.gift.sender_name, "Mia");
	assert_string_equal(m.gift.platform, "twitch");

	/* anonymous: null users, no sender */
	assert_true(dec(NOTE("channel.cheer", "{\"is_anonymous\":true,\"user_id\":null,\"user_login\":null,"
					      "\"user_name\":null,\"message\":\"\",\"bits\":5}"),
			&m));
	assert_int_equal(m.event, LK_TW_GIFT);
	assert_null(m.gift.sender_id);
	assert_string_equal(m.gift.sender_name, "");
	assert_int_equal(m.gift.value, 5);

	/* bits missing, zero, a string of words, too many */
	assert_false(dec(NOTE("channel.cheer", "{\"is_anonymous\":true}"), &m));
	assert_non_null(strstr(err, "bits"));
	assert_false(dec(NOTE("channel.cheer", "{\"is_anonymous\":true,\"bits\":0}"), &m));
	assert_false(dec(NOTE("channel.cheer", "{\"is_anonymous\":true,\"bits\":\"lots\"}"), &m));
	assert_false(dec(NOTE("channel.cheer", "{\"is_anonymous\":true,\"bits\":99999999999999}"), &m));
	/* the copy keeps working after lk_tw_message_fix_gift */
	assert_true(dec(NOTE("channel.cheer", "{\"user_id\":\"7\",\"user_name\":\"A\",\"bits\":3}"), &m));
	struct lk_tw_message *copy = malloc(sizeof(*copy));
	memcpy(copy, &m, sizeof(m));
	memset(&m, 0, sizeof(m));
	lk_tw_message_fix_gift(copy);
	assert_string_equal(copy->gift.sender_id, "7");
	free(copy);
}

static void test_subscriptions(void **state)
{
	(void)state;
	struct lk_tw_message m;

	assert_true(dec(NOTE("channel.subscribe", "{\"user_id\":\"1\",\"user_login\":\"a\",\"user_name\":\"A\","
						  "\"tier\":\"1000\",\"is_gift\":false}"),
			&m));
	assert_int_equal(m.event, LK_TW_GIFT);
	assert_string_equal(m.gift.gift_id, "sub_tier1");
	assert_int_equal(m.gift.money, 499);
	assert_string_equal(m.gift.currency, "USD");
	assert_int_equal(m.gift.value, 500);

	/* a community gift of 10: one gift event of 10 … */
	assert_true(dec(NOTE("channel.subscription.gift", "{\"user_id\":\"2\",\"user_login\":\"b\",\"user_name\":"
							  "\"B\",\"total\":10,\"tier\":\"2000\",\"cumulative_total\":"
							  "null,\"is_anonymous\":false}"),
			&m));
	assert_int_equal(m.event, LK_TW_GIFT);
	assert_string_equal(m.gift.gift_id, "gift_sub_tier2");
	assert_int_equal(m.gift.count, 10);
	assert_int_equal(m.gift.money, 999);
	/* … and its ten is_gift subscribes give nothing (not ten alerts) */
	assert_true(dec(NOTE("channel.subscribe", "{\"user_id\":\"9\",\"user_login\":\"r\",\"user_name\":\"R\","
						  "\"tier\":\"2000\",\"is_gift\":true}"),
			&m));
	assert_int_equal(m.type, LK_TW_NOTIFICATION);
	assert_int_equal(m.event, LK_TW_NONE);
	assert_non_null(strstr(m.skip, "gift"));
	/* anonymous gifter */
	assert_true(dec(NOTE("channel.subscription.gift", "{\"user_id\":null,\"user_login\":null,\"user_name\":null,"
							  "\"total\":1,\"tier\":\"3000\",\"is_anonymous\":true}"),
			&m));
	assert_null(m.gift.sender_id);
	assert_int_equal(m.gift.money, 2499);
	/* resub: months */
	assert_true(
		dec(NOTE("channel.subscription.message",
			 "{\"user_id\":\"3\",\"user_login\":\"c\",\"user_name\":\"C\",\"tier\":\"1000\",\"message\":"
			 "{\"text\":\"hi\",\"emotes\":[]},\"cumulative_months\":7,\"streak_months\":null,"
			 "\"duration_months\":6}"),
		    &m));
	assert_string_equal(m.gift.gift_id, "resub_tier1");
	assert_int_equal(m.gift.count, 6);
	/* a tier Twitch never sends */
	assert_false(dec(NOTE("channel.subscribe", "{\"user_id\":\"1\",\"tier\":\"4000\"}"), &m));
	assert_non_null(strstr(err, "tier"));
	/* a subscriber without any user */
	assert_false(dec(NOTE("channel.subscribe", "{\"tier\":\"1000\",\"user_id\":null}"), &m));
}

static void test_room_events(void **state)
{
	(void)state;
	struct lk_tw_message m;

	assert_true(dec(NOTE("channel.follow", "{\"user_id\":\"5\",\"user_login\":\"f\",\"user_name\":\"\","
					       "\"followed_at\":\"2026-12-04T11:22:33.999999999Z\"}"),
			&m));
	assert_int_equal(m.event, LK_TW_ROOM);
	assert_int_equal(m.room.kind, LK_ROOM_FOLLOW);
	assert_string_equal(m.room.user_name, "f"); /* empty display name: the login */
	assert_string_equal(m.room.platform, "twitch");
	assert_string_equal(m.room.id, "m-1");

	assert_true(dec(NOTE("channel.raid",
			     "{\"from_broadcaster_user_id\":\"77\",\"from_broadcaster_user_login\":"
			     "\"raider\",\"from_broadcaster_user_name\":\"Raider\",\"to_broadcaster_user_id\":"
			     "\"1\",\"viewers\":321}"),
			&m));
	assert_int_equal(m.room.kind, LK_ROOM_RAID);
	assert_int_equal(m.room.count, 321);
	assert_string_equal(m.room.user_name, "Raider");

	assert_true(dec(NOTE("channel.chat.message",
			     "{\"chatter_user_id\":\"8\",\"chatter_user_login\":\"v\",\"chatter_user_name\":\"Vi\","
			     "\"message_id\":\"chat-1\",\"message\":{\"text\":\"3\",\"fragments\":[]},\"color\":\"\"}"),
			&m));
	assert_int_equal(m.room.kind, LK_ROOM_COMMENT);
	assert_string_equal(m.room.text, "3");
	assert_string_equal(m.room.id, "chat-1");
	assert_string_equal(m.room.user_id, "8");

	/* odd Unicode: control characters become spaces, bidi overrides go, emoji stay */
	assert_true(dec(NOTE("channel.chat.message",
			     "{\"chatter_user_id\":\"8\",\"chatter_user_name\":\"\\u202eevil\",\"message_id\":\"c2\","
			     "\"message\":{\"text\":\"a\\u0007b \\ud83d\\ude00 \\u2066x\"}}"),
			&m));
	assert_string_equal(m.room.user_name, "evil");
	assert_string_equal(m.room.text, "a b \xf0\x9f\x98\x80 x");
	/* a chat without text, a follow without a user */
	assert_false(dec(NOTE("channel.chat.message", "{\"chatter_user_id\":\"8\",\"message\":{}}"), &m));
	assert_non_null(strstr(err, "text"));
	assert_false(dec(NOTE("channel.follow", "{\"user_id\":null,\"user_name\":null}"), &m));
	/* a type Linkon does not use */
	assert_true(dec(NOTE("channel.hype_train.begin", "{\"id\":\"h\"}"), &m));
	assert_int_equal(m.event, LK_TW_NONE);
}

static void test_revocation(void **state)
{
	(void)state;
	struct lk_tw_message m;
	const char *fmt = "{" META(
		"revocation",
		",\"subscription_type\":\"channel.follow\"") ",\"payload\":{"
							     "\"subscription\":{\"id\":\"s\",\"status\":\"%s\",\"type\":\"channel.follow\"}}}";
	char buf[512];
	const char *st[] = {"authorization_revoked", "user_removed", "version_removed", "something_new"};
	enum lk_tw_revoke want[] = {LK_TW_REVOKE_AUTH, LK_TW_REVOKE_USER, LK_TW_REVOKE_VERSION, LK_TW_REVOKE_OTHER};

	for (int i = 0; i < 4; i++) {
		snprintf(buf, sizeof(buf), fmt, st[i]);
		assert_true(dec(buf, &m));
		assert_int_equal(m.type, LK_TW_REVOCATION);
		assert_int_equal(m.revoke, want[i]);
		assert_string_equal(m.revoke_status, st[i]);
		assert_string_equal(m.subscription_type, "channel.follow");
	}
}

static void test_refusals(void **state)
{
	(void)state;
	struct lk_tw_message m;

	assert_false(dec("", &m));
	assert_false(dec("[]", &m));
	assert_false(dec("{\"metadata\":{}}", &m));
	assert_non_null(strstr(err, "message_id"));
	assert_false(dec("{\"metadata\":{\"message_id\":\"x\",\"message_type\":\"Notification!\"}}", &m));
	assert_false(dec("{" META("notification", "") ",\"payload\":{}}", &m));
	assert_non_null(strstr(err, "subscription_type"));
	assert_false(dec(NOTE("channel.cheer", "[1]"), &m));
	/* a NUL inside a string, invalid UTF-8 */
	assert_false(lk_twitch_decode("{\"a\":\"\\u0000\"}", 14, &m, err, sizeof(err)));
	assert_false(dec("{\"metadata\":{\"message_id\":\"\xff\"}}", &m));
	/* an odd timestamp costs only the time */
	assert_true(dec("{\"metadata\":{\"message_id\":\"x\",\"message_type\":\"session_keepalive\","
			"\"message_timestamp\":\"yesterday\"}}",
			&m));
	assert_int_equal(m.time_ms, 0);

	/* huge: refused before parsing, with the size in the reason */
	size_t n = LK_TW_MAX_MESSAGE + 10;
	char *big = malloc(n);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	assert_false(lk_twitch_decode(big, n, &m, err, sizeof(err)));
	assert_non_null(strstr(err, "too large"));
	free(big);
	/* deep nesting: jansson's limit, a clear reason, no crash */
	big = malloc(200001);
	for (int i = 0; i < 100000; i++) {
		big[i] = '[';
		big[100000 + i] = ']';
	}
	big[200000] = '\0';
	assert_false(dec(big, &m));
	free(big);
}

static void test_http_answers(void **state)
{
	(void)state;
	char words[128], id[64];
	struct lk_tw_validate v;

	const char *created = "{\"data\":[{\"id\":\"sub-1\",\"status\":\"enabled\",\"type\":\"channel.cheer\"}],"
			      "\"total\":1,\"total_cost\":0,\"max_total_cost\":10}";
	assert_true(lk_twitch_decode_created(created, strlen(created), id, sizeof(id), err, sizeof(err)));
	assert_string_equal(id, "sub-1");
	assert_false(lk_twitch_decode_created("{\"data\":[]}", 11, id, sizeof(id), err, sizeof(err)));

	const char *e =
		"{\"error\":\"Forbidden\",\"status\":403,\"message\":\"subscription missing proper authorization\"}";
	lk_twitch_error_words(e, strlen(e), 403, words, sizeof(words));
	assert_string_equal(words, "subscription missing proper authorization");
	lk_twitch_error_words("<html>", 6, 502, words, sizeof(words));
	assert_string_equal(words, "HTTP 502");

	const char *val = "{\"client_id\":\"c\",\"login\":\"shop\",\"scopes\":[\"bits:read\"],\"user_id\":\"1001\","
			  "\"expires_in\":100}";
	assert_true(lk_twitch_decode_validate(val, strlen(val), &v, err, sizeof(err)));
	assert_string_equal(v.user_id, "1001");
	assert_string_equal(v.login, "shop");

	/* the subscription bodies: follow v2 names the moderator, raid the receiving side, chat the reader */
	for (int i = 0; i < LK_TW_NUM_SUB_TYPES; i++) {
		char *body = lk_twitch_sub_body(&lk_tw_sub_types[i], "1001", "sess");
		assert_non_null(body);
		assert_non_null(strstr(body, "\"session_id\":\"sess\""));
		if (lk_tw_sub_types[i].raid)
			assert_non_null(strstr(body, "\"to_broadcaster_user_id\":\"1001\""));
		if (!strcmp(lk_tw_sub_types[i].type, "channel.follow")) {
			assert_non_null(strstr(body, "\"moderator_user_id\":\"1001\""));
			assert_non_null(strstr(body, "\"version\":\"2\""));
		}
		free(body);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_welcome_keepalive_reconnect),
		cmocka_unit_test(test_cheer),
		cmocka_unit_test(test_subscriptions),
		cmocka_unit_test(test_room_events),
		cmocka_unit_test(test_revocation),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_http_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
