/*
 * Linkon — libFuzzer target for the YouTube live chat codec
 * (core/lk-youtube-codec.c); built by tests/fuzz/fuzz.cmake.
 *
 * The first byte picks the HTTP status; the rest is the body, given to the
 * error reader, the chat finders and the page reader; every item read is
 * turned into Linkon's events. Checks on every input: nothing reads or
 * writes out of bounds or leaks; a reason is short visible ASCII; every
 * gift the codec makes is accepted by the gift reader (lk_gift_from_json)
 * with platform "youtube", the message id and money within the cap; a
 * comment's text and names are valid UTF-8 without control characters or
 * bidi overrides; ids are never empty; a page's interval is -1 or within
 * the cap; at most LK_YT_MAX_ITEMS items.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <util/bmem.h>

#include "core/lk-gift.h"
#include "core/lk-youtube-codec.h"

#define must(cond) FUZZ_MUST(cond)
#define LK_ES_TITLE 128

static void check_reason(const char *r)
{
	must(strlen(r) < LK_YT_REASON_SIZE);
	for (; *r; r++)
		must((unsigned char)*r >= 0x20 && (unsigned char)*r < 0x7f);
}

/* Valid UTF-8, no C0/C1 control, no bidi override or isolate. */
static void check_shown(const char *s)
{
	json_t *j = json_string(s);
	must(j != NULL);
	json_decref(j);
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		must(*u >= 0x20 && *u != 0x7f);
		must(!(u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F));
		must(!(u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE));
		must(!(u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9));
	}
}

static void check_item(const struct lk_yt_item *it)
{
	struct lk_gift_event ev;
	struct lk_room_event room;
	char err[LK_GIFT_ERR_SIZE];

	must(it->id[0] != '\0');
	check_shown(it->author_name);
	check_shown(it->text);
	check_shown(it->level);
	must(it->money >= 0 && it->money <= LK_GIFT_MAX_MONEY);
	json_t *j = lk_yt_item_gift_json(it);
	if (j) {
		bool ok = lk_gift_from_json(j, &ev, err, sizeof(err));
		if (!ok)
			fprintf(stderr, "fuzz: gift refused: %s\n", err);
		must(ok);
		must(strcmp(ev.id, it->id) == 0);
		must(ev.platform && strcmp(ev.platform, "youtube") == 0);
		must(ev.count >= 1);
		must(ev.money == it->money);
		lk_gift_event_free(&ev);
		json_decref(j);
	}
	if (lk_yt_item_room(it, &room)) {
		must(it->kind == LK_YT_TEXT);
		must(room.kind == LK_ROOM_COMMENT);
		check_shown(room.text);
		check_shown(room.user_name);
		must(strcmp(room.platform, "youtube") == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char reason[LK_YT_REASON_SIZE];
	long status = 200;

	if (size >= 1) {
		static const long statuses[] = {200, 200, 200, 401, 403, 404, 429, 500, 400, 0};
		status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
		data++;
		size--;
	}
	const char *body = (const char *)data;

	enum lk_yt_error e = lk_yt_error_of(status, body, size, reason, sizeof(reason));
	must(e >= LK_YT_OK && e <= LK_YT_MALFORMED);
	must((e == LK_YT_OK) == (status >= 200 && status <= 299));
	check_reason(reason);

	struct lk_yt_broadcast b;
	bool malformed;
	if (lk_yt_decode_broadcasts(body, size, &b, &malformed))
		must(b.chat_id[0] != '\0' && !malformed);
	check_shown(b.title);
	if (lk_yt_decode_video(body, size, &b, &malformed))
		must(b.chat_id[0] != '\0');

	char title[LK_ES_TITLE];
	lk_yt_decode_channel(body, size, title, sizeof(title));
	check_shown(title);

	struct lk_yt_page page;
	if (lk_yt_decode_page(body, size, &page, reason, sizeof(reason))) {
		must(page.count <= LK_YT_MAX_ITEMS);
		must(page.polling_interval_ms >= -1 && page.polling_interval_ms <= LK_YT_MAX_POLL_MS);
		for (size_t i = 0; i < page.count; i++)
			check_item(&page.items[i]);
		lk_yt_page_free(&page);
	} else {
		must(page.items == NULL && page.count == 0);
		check_reason(reason);
	}
	return 0;
}
