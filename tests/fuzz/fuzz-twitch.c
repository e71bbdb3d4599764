/*
 * Linkon — libFuzzer target for the Twitch codec (core/lk-twitch-codec.c);
 * built by tests/fuzz/fuzz.cmake.
 *
 * The input is one EventSub message, also given to every HTTP-answer
 * decoder (created subscription, validate, error words). Checks on every
 * input: nothing reads or writes out of bounds or leaks; an error is NUL-terminated valid UTF-8; a decoded message's ids are
 * non-empty for notifications; a gift has an id, a gift id, the platform
 * "twitch", a value and count in range and valid UTF-8 names; a room event
 * has a known kind and valid UTF-8 texts without control characters or bidi
 * overrides; a copy of the message gives the same gift after fix_gift.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <jansson.h>

#include "core/lk-twitch-codec.h"

#define must(cond) FUZZ_MUST(cond)

static void check_text(const char *s, bool clean)
{
	must(s != NULL);
	json_t *j = json_string(s); /* NULL for invalid UTF-8 */
	must(j != NULL);
	json_decref(j);
	if (!clean)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		must(*p >= 0x20 && *p != 0x7f);
		if (p[0] == 0xE2 && p[1] == 0x80)
			must(!(p[2] >= 0xAA && p[2] <= 0xAE));
	}
}

static void check_message(const struct lk_tw_message *m)
{
	if (m->type == LK_TW_NOTIFICATION)
		must(m->message_id[0] && m->subscription_type[0]);
	if (m->type == LK_TW_RECONNECT)
		must(!strncmp(m->reconnect_url, "ws://", 5) || !strncmp(m->reconnect_url, "wss://", 6));
	if (m->event == LK_TW_GIFT) {
		const struct lk_gift_event *g = &m->gift;
		must(g->id && g->id[0] && g->gift_id && g->gift_id[0]);
		must(g->platform && !strcmp(g->platform, "twitch"));
		must(g->value >= 0 && g->value <= LK_GIFT_MAX_VALUE);
		must(g->count >= 1 && g->count <= LK_GIFT_MAX_COUNT);
		check_text(g->sender_name, true);
		check_text(g->gift_name, true);
		if (g->sender_id)
			check_text(g->sender_id, true);
		struct lk_tw_message *copy = malloc(sizeof(*copy));
		must(copy != NULL);
		memcpy(copy, m, sizeof(*m));
		lk_tw_message_fix_gift(copy);
		must(copy->gift.value == g->value && !strcmp(copy->gift.id, g->id));
		must(copy->gift.gift_name == copy->g_gift_name);
		free(copy);
	} else if (m->event == LK_TW_ROOM) {
		must(m->room.kind == LK_ROOM_FOLLOW || m->room.kind == LK_ROOM_RAID || m->room.kind == LK_ROOM_COMMENT);
		must(m->room.id[0]);
		check_text(m->room.user_name, true);
		check_text(m->room.text, true);
		must(!strcmp(m->room.platform, "twitch"));
		must(m->room.count >= 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct lk_tw_message *m = malloc(sizeof(*m));
	must(m != NULL);

	err[0] = '\0';
	if (lk_twitch_decode((const char *)data, size, m, err, sizeof(err)))
		check_message(m);
	else
		check_text(err, false);
	free(m);

	char id[LK_TW_MAX_ID + 1];
	if (!lk_twitch_decode_created((const char *)data, size, id, sizeof(id), err, sizeof(err)))
		check_text(err, false);
	struct lk_tw_validate v;
	if (lk_twitch_decode_validate((const char *)data, size, &v, err, sizeof(err)))
		must(v.user_id[0]);
	char words[160];
	lk_twitch_error_words((const char *)data, size, 400, words, sizeof(words));
	check_text(words, false);
	return 0;
}
