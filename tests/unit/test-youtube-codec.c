/*
 * Linkon — unit tests for the YouTube live chat codec (core/lk-youtube-codec.h):
 * finding the chat, pages, every message type into Linkon's events, money
 * from amountMicros strings (JPY, KWD, USD), Google's error JSON, and the
 * quota arithmetic (Pacific days across DST, the budget's gap).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>
#include <util/bmem.h>

#include "core/lk-gift.h"
#include "core/lk-str.h"
#include "core/lk-youtube-codec.h"

static struct lk_yt_page page_of(const char *body)
{
	struct lk_yt_page p;
	char reason[LK_YT_REASON_SIZE];
	assert_true(lk_yt_decode_page(body, strlen(body), &p, reason, sizeof(reason)));
	return p;
}

#define AUTHOR "\"authorDetails\":{\"channelId\":\"UCmia\",\"displayName\":\"Mia\",\"profileImageUrl\":\"https://yt3.ggpht.com/m.jpg\"}"

static void test_errors(void **state)
{
	char reason[LK_YT_REASON_SIZE];
	const char *quota = "{\"error\":{\"code\":403,\"message\":\"q\",\"errors\":[{\"domain\":\"youtube.quota\","
			    "\"reason\":\"quotaExceeded\",\"message\":\"q\"}]}}";
	assert_int_equal(lk_yt_error_of(403, quota, strlen(quota), reason, sizeof(reason)), LK_YT_QUOTA);
	assert_string_equal(reason, "quotaExceeded");
	const char *rate = "{\"error\":{\"errors\":[{\"reason\":\"rateLimitExceeded\"}]}}";
	assert_int_equal(lk_yt_error_of(403, rate, strlen(rate), reason, sizeof(reason)), LK_YT_RATE);
	assert_int_equal(lk_yt_error_of(429, "", 0, reason, sizeof(reason)), LK_YT_RATE);
	assert_string_equal(reason, "HTTP 429");
	const char *ended = "{\"error\":{\"errors\":[{\"reason\":\"liveChatEnded\"}]}}";
	assert_int_equal(lk_yt_error_of(403, ended, strlen(ended), reason, sizeof(reason)), LK_YT_ENDED);
	const char *disabled = "{\"error\":{\"errors\":[{\"reason\":\"liveChatDisabled\"}]}}";
	assert_int_equal(lk_yt_error_of(403, disabled, strlen(disabled), reason, sizeof(reason)), LK_YT_DISABLED);
	const char *nf = "{\"error\":{\"errors\":[{\"reason\":\"liveChatNotFound\"}]}}";
	assert_int_equal(lk_yt_error_of(404, nf, strlen(nf), reason, sizeof(reason)), LK_YT_NOT_FOUND);
	assert_int_equal(lk_yt_error_of(401, "{}", 2, reason, sizeof(reason)), LK_YT_AUTH);
	const char *perm = "{\"error\":{\"errors\":[{\"reason\":\"insufficientPermissions\"}]}}";
	assert_int_equal(lk_yt_error_of(403, perm, strlen(perm), reason, sizeof(reason)), LK_YT_FORBIDDEN);
	assert_string_equal(reason, "insufficientPermissions");
	assert_int_equal(lk_yt_error_of(503, "<html>", 6, reason, sizeof(reason)), LK_YT_SERVER);
	assert_int_equal(lk_yt_error_of(400, "{}", 2, reason, sizeof(reason)), LK_YT_BAD_REQUEST);
	assert_int_equal(lk_yt_error_of(200, "", 0, reason, sizeof(reason)), LK_YT_OK);
	/* a reason is a short line of visible ASCII */
	const char *odd = "{\"error\":{\"errors\":[{\"reason\":\"a\\nb\\u202ec and then some more text that is long\"}]}}";
	lk_yt_error_of(403, odd, strlen(odd), reason, sizeof(reason));
	assert_null(strchr(reason, '\n'));
	assert_string_equal(lk_yt_error_name(LK_YT_QUOTA), "quota");
}

static void test_find(void **state)
{
	struct lk_yt_broadcast b;
	bool bad;
	const char *two = "{\"items\":[{\"snippet\":{\"liveChatId\":\"chat-test\",\"title\":\"Rehearsal\"},"
			  "\"status\":{\"lifeCycleStatus\":\"testing\"}},"
			  "{\"snippet\":{\"liveChatId\":\"chat-live\",\"title\":\"Show \\u202eevil\"},"
			  "\"status\":{\"lifeCycleStatus\":\"live\"}},"
			  "{\"snippet\":{\"title\":\"no chat\"},\"status\":{\"lifeCycleStatus\":\"live\"}}]}";
	assert_true(lk_yt_decode_broadcasts(two, strlen(two), &b, &bad));
	assert_false(bad);
	assert_string_equal(b.chat_id, "chat-live");
	assert_string_equal(b.status, "live");
	assert_string_equal(b.title, "Show evil"); /* the bidi override is gone */
	assert_false(lk_yt_decode_broadcasts("{\"items\":[]}", 12, &b, &bad));
	assert_false(bad);
	assert_false(lk_yt_decode_broadcasts("<html>", 6, &b, &bad));
	assert_true(bad);

	char title[64];
	const char *ch = "{\"items\":[{\"id\":\"UC1\",\"snippet\":{\"title\":\"My\\tChannel\"}}]}";
	assert_true(lk_yt_decode_channel(ch, strlen(ch), title, sizeof(title)));
	assert_string_equal(title, "My Channel");
	assert_false(lk_yt_decode_channel("{\"items\":[]}", 12, title, sizeof(title)));

	const char *video = "{\"items\":[{\"id\":\"v\",\"liveStreamingDetails\":{\"activeLiveChatId\":\"chat-v\"}}]}";
	assert_true(lk_yt_decode_video(video, strlen(video), &b, &bad));
	assert_string_equal(b.chat_id, "chat-v");
	const char *over = "{\"items\":[{\"id\":\"v\",\"liveStreamingDetails\":{\"actualEndTime\":\"x\"}}]}";
	assert_false(lk_yt_decode_video(over, strlen(over), &b, &bad));
	assert_false(bad);
}

static void test_money(void **state)
{
	int64_t m = -1;
	assert_true(lk_yt_micros_to_minor("1750000", "USD", &m));
	assert_int_equal(m, 175);
	assert_true(lk_yt_micros_to_minor("500000000", "JPY", &m)); /* ¥500 */
	assert_int_equal(m, 500);
	assert_true(lk_yt_micros_to_minor("1234500", "KWD", &m)); /* KWD 1.2345 → 1.235 (3 decimals, half up) */
	assert_int_equal(m, 1235);
	assert_true(lk_yt_micros_to_minor("0", "USD", &m));
	assert_int_equal(m, 0);
	assert_true(lk_yt_micros_to_minor("4999", "USD", &m)); /* less than half a cent */
	assert_int_equal(m, 0);
	assert_true(lk_yt_micros_to_minor("5000", "USD", &m));
	assert_int_equal(m, 1);
	assert_false(lk_yt_micros_to_minor("1.5", "USD", &m));
	assert_false(lk_yt_micros_to_minor("-1", "USD", &m));
	assert_false(lk_yt_micros_to_minor("", "USD", &m));
	assert_false(lk_yt_micros_to_minor("99999999999999999999", "USD", &m));
	assert_false(lk_yt_micros_to_minor("9999999999999999999", "JPY", &m)); /* over the money cap */
}

static void test_page_and_events(void **state)
{
	const char *body =
		"{\"kind\":\"youtube#liveChatMessageListResponse\",\"nextPageToken\":\"tok2\","
		"\"pollingIntervalMillis\":5123,\"items\":["
		"{\"id\":\"m1\",\"snippet\":{\"type\":\"textMessageEvent\",\"textMessageDetails\":{\"messageText\":\"want 3\\u0007\"}}," AUTHOR "},"
		"{\"id\":\"m2\",\"snippet\":{\"type\":\"superChatEvent\",\"superChatDetails\":{\"amountMicros\":\"500000000\","
		"\"currency\":\"JPY\",\"amountDisplayString\":\"¥500\",\"userComment\":\"for you\",\"tier\":2}}," AUTHOR "},"
		"{\"id\":\"m3\",\"snippet\":{\"type\":\"superStickerEvent\",\"superStickerDetails\":{\"amountMicros\":\"2000000\","
		"\"currency\":\"KWD\",\"superStickerMetadata\":{\"altText\":\"Cat\"}}}," AUTHOR "},"
		"{\"id\":\"m4\",\"snippet\":{\"type\":\"newSponsorEvent\",\"newSponsorDetails\":{\"memberLevelName\":\"Gold\"}}," AUTHOR "},"
		"{\"id\":\"m5\",\"snippet\":{\"type\":\"memberMilestoneChatEvent\",\"memberMilestoneChatDetails\":{\"memberLevelName\":\"Gold\","
		"\"memberMonth\":12,\"userComment\":\"a year\"}}," AUTHOR "},"
		"{\"id\":\"m6\",\"snippet\":{\"type\":\"membershipGiftingEvent\",\"membershipGiftingDetails\":{\"giftMembershipsCount\":5,"
		"\"giftMembershipsLevelName\":\"Gold\"}}," AUTHOR "},"
		"{\"id\":\"m7\",\"snippet\":{\"type\":\"giftMembershipReceivedEvent\",\"giftMembershipReceivedDetails\":{"
		"\"associatedMembershipGiftingMessageId\":\"m6\"}}," AUTHOR "},"
		"{\"id\":\"m8\",\"snippet\":{\"type\":\"messageDeletedEvent\",\"messageDeletedDetails\":{\"deletedMessageId\":\"m1\"}}},"
		"{\"id\":\"m9\",\"snippet\":{\"type\":\"userBannedEvent\",\"userBannedDetails\":{\"bannedUserDetails\":{\"channelId\":\"UCtroll\"}}}},"
		"{\"id\":\"m10\",\"snippet\":{\"type\":\"tombstone\"}},"
		"{\"snippet\":{\"type\":\"textMessageEvent\"}},"
		"{\"id\":\"m12\",\"snippet\":{\"type\":\"superChatEvent\",\"superChatDetails\":{\"amountMicros\":\"x\",\"currency\":\"USD\"}}},"
		"{\"id\":\"m13\",\"snippet\":{\"type\":\"chatEndedEvent\"}}"
		"],\"offlineAt\":\"2026-12-04T13:00:00Z\"}";
	struct lk_yt_page p = page_of(body);
	struct lk_gift_event ev;
	struct lk_room_event room;
	char err[LK_GIFT_ERR_SIZE];

	assert_string_equal(p.next_page_token, "tok2");
	assert_int_equal(p.polling_interval_ms, 5123);
	assert_true(p.offline);
	assert_true(p.chat_ended);
	assert_int_equal(p.count, 11); /* no id, a bad amount: left out */
	assert_int_equal(p.items[0].kind, LK_YT_TEXT);

	/* a chat message → a comment; the bell character became a space */
	assert_true(lk_yt_item_room(&p.items[0], &room));
	assert_int_equal(room.kind, LK_ROOM_COMMENT);
	assert_string_equal(room.id, "m1");
	assert_string_equal(room.platform, "youtube");
	assert_string_equal(room.user_id, "UCmia");
	assert_string_equal(room.user_name, "Mia");
	assert_string_equal(room.text, "want 3 ");
	assert_null(lk_yt_item_gift_json(&p.items[0]));

	/* Super Chat ¥500 → a gift worth 500 JPY (0 decimals) */
	json_t *j = lk_yt_item_gift_json(&p.items[1]);
	assert_true(lk_gift_from_json(j, &ev, err, sizeof(err)));
	assert_string_equal(ev.id, "m2");
	assert_string_equal(ev.gift_id, "super_chat");
	assert_int_equal(ev.money, 500);
	assert_string_equal(ev.currency, "JPY");
	assert_int_equal(ev.count, 1);
	assert_string_equal(ev.platform, "youtube");
	assert_string_equal(ev.sender_id, "UCmia");
	assert_string_equal(ev.sender_avatar, "https://yt3.ggpht.com/m.jpg");
	lk_gift_event_free(&ev);
	json_decref(j);
	assert_false(lk_yt_item_room(&p.items[1], &room));

	/* Super Sticker 2 KWD → 2000 fils (3 decimals) */
	j = lk_yt_item_gift_json(&p.items[2]);
	assert_true(lk_gift_from_json(j, &ev, err, sizeof(err)));
	assert_int_equal(ev.money, 2000);
	assert_string_equal(ev.currency, "KWD");
	assert_string_equal(ev.gift_name, "Cat");
	lk_gift_event_free(&ev);
	json_decref(j);

	/* a new member, a milestone */
	j = lk_yt_item_gift_json(&p.items[3]);
	assert_true(lk_gift_from_json(j, &ev, err, sizeof(err)));
	assert_string_equal(ev.gift_id, "membership");
	assert_string_equal(ev.gift_name, "Gold");
	assert_int_equal(ev.money, 0);
	lk_gift_event_free(&ev);
	json_decref(j);
	assert_int_equal(p.items[4].kind, LK_YT_MILESTONE);
	assert_int_equal(p.items[4].count, 12);
	j = lk_yt_item_gift_json(&p.items[4]);
	assert_true(lk_gift_from_json(j, &ev, err, sizeof(err)));
	assert_string_equal(ev.gift_id, "membership_milestone");
	assert_int_equal(ev.count, 1);
	lk_gift_event_free(&ev);
	json_decref(j);

	/* 5 gifted memberships: one gift ×5; each received one is no gift */
	j = lk_yt_item_gift_json(&p.items[5]);
	assert_true(lk_gift_from_json(j, &ev, err, sizeof(err)));
	assert_string_equal(ev.gift_id, "membership_gift");
	assert_int_equal(ev.count, 5);
	lk_gift_event_free(&ev);
	json_decref(j);
	assert_int_equal(p.items[6].kind, LK_YT_GIFT_RECEIVED);
	assert_string_equal(p.items[6].target_id, "m6");
	assert_null(lk_yt_item_gift_json(&p.items[6]));

	assert_int_equal(p.items[7].kind, LK_YT_DELETED);
	assert_string_equal(p.items[7].target_id, "m1");
	assert_int_equal(p.items[8].kind, LK_YT_BANNED);
	assert_string_equal(p.items[8].target_id, "UCtroll");
	assert_int_equal(p.items[9].kind, LK_YT_OTHER);
	assert_null(lk_yt_item_gift_json(&p.items[9]));
	assert_false(lk_yt_item_room(&p.items[9], &room));
	assert_int_equal(p.items[10].kind, LK_YT_CHAT_ENDED);
	lk_yt_page_free(&p);
	assert_null(p.items);

	/* no interval, no token; not a page */
	p = page_of("{\"items\":[]}");
	assert_int_equal(p.polling_interval_ms, -1);
	assert_string_equal(p.next_page_token, "");
	assert_false(p.offline);
	lk_yt_page_free(&p);
	char reason[LK_YT_REASON_SIZE];
	assert_false(lk_yt_decode_page("{\"kind\":\"x\"}", 12, &p, reason, sizeof(reason)));
	assert_string_equal(reason, "no items list");
	assert_false(lk_yt_decode_page("[", 1, &p, reason, sizeof(reason)));
}

static void test_text_clean(void **state)
{
	char out[16];
	assert_int_equal(lk_text_clean(out, sizeof(out), "a\tb\xe2\x80\xae" "c"), 4);
	assert_string_equal(out, "a bc");
	lk_text_clean(out, sizeof(out), "\xff" "x");
	assert_string_equal(out, "\xef\xbf\xbd" "x");
	lk_text_clean(out, 5, "日本語");
	assert_string_equal(out, "日"); /* cut on a character */
	lk_text_clean(out, sizeof(out), NULL);
	assert_string_equal(out, "");
}

static void test_pacific(void **state)
{
	/* 2026-07-01 12:00 UTC = 05:00 PDT */
	assert_int_equal(lk_yt_pacific_offset_s(1782907200), -7 * 3600);
	/* 2026-12-04 12:00 UTC = 04:00 PST */
	assert_int_equal(lk_yt_pacific_offset_s(1796385600), -8 * 3600);
	/* DST 2026 starts 2026-03-08 10:00 UTC, ends 2026-11-01 09:00 UTC */
	assert_int_equal(lk_yt_pacific_offset_s(1772964000 - 1), -8 * 3600);
	assert_int_equal(lk_yt_pacific_offset_s(1772964000), -7 * 3600);
	assert_int_equal(lk_yt_pacific_offset_s(1793523600 - 1), -7 * 3600);
	assert_int_equal(lk_yt_pacific_offset_s(1793523600), -8 * 3600);
	/* 2026-12-04 07:59 UTC is still Dec 3 in California; 08:00 is Dec 4 */
	int64_t dec4_0800 = 1796371200; /* 2026-12-04 08:00:00 UTC */
	assert_int_equal(lk_yt_pacific_day(dec4_0800 - 1) + 1, lk_yt_pacific_day(dec4_0800));
	assert_int_equal(lk_yt_pacific_next_midnight(dec4_0800 - 1), dec4_0800);
	assert_int_equal(lk_yt_pacific_next_midnight(dec4_0800), dec4_0800 + 86400);
	/* summer: midnight PDT is 07:00 UTC (2026-07-02 07:00 UTC) */
	assert_int_equal(lk_yt_pacific_next_midnight(1782907200), 1782975600);
}

static void test_budget(void **state)
{
	/* 10,000 units over 4 h of 5-unit calls: 2,000 calls, one every 7.2 s */
	assert_int_equal(lk_yt_budget_gap_ms(10000, 4 * 3600000, 5), 7200);
	/* polling every 5 s costs 3,600 units an hour (the brief's arithmetic) */
	assert_int_equal(lk_yt_units_per_hour(5000, 5), 3600);
	assert_int_equal(lk_yt_units_per_hour(7200, 5), 2500);
	assert_int_equal(lk_yt_budget_gap_ms(4, 3600000, 5), -1); /* nothing left */
	assert_int_equal(lk_yt_budget_gap_ms(100, 0, 5), 0);
	assert_int_equal(lk_yt_units_per_hour(0, 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors),  cmocka_unit_test(test_find),       cmocka_unit_test(test_money),
		cmocka_unit_test(test_page_and_events), cmocka_unit_test(test_text_clean), cmocka_unit_test(test_pacific),
		cmocka_unit_test(test_budget),
	};
	return cmocka_run_group_tests_name("youtube-codec", tests, NULL, NULL);
}
