/*
 * Linkon — differential libFuzzer target for the two gift readers: the same
 * bytes go to lk_gift_decode() (lk-gift-json.c, one pass by hand) and to
 * json_loadb() + lk_gift_from_json() (lk-gift.c via jansson). Any difference
 * in the outcome or in the decoded event fails, except the two lk-gift.h
 * states (the hand reader refuses every NUL byte and nesting deeper than
 * LK_GIFT_MAX_DEPTH). Also checks what a decoded event promises: names are
 * valid UTF-8 within the limits, URLs are http(s), numbers are in range.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include "../unit/gift-both.h"

#include <strings.h>

static void check_utf8(const char *s)
{
	json_t *j = json_string(s); /* NULL for invalid UTF-8 */
	FUZZ_MUST(j != NULL);
	json_decref(j);
}

static void check_url(const char *u)
{
	if (!u)
		return;
	FUZZ_MUST(strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0);
	FUZZ_MUST(strlen(u) <= LK_GIFT_MAX_URL);
	for (const char *p = u; *p; p++)
		FUZZ_MUST((unsigned char)*p > 0x20 && *p != 0x7F);
}

static void check_event(const struct lk_gift_event *ev)
{
	FUZZ_MUST(ev->id && *ev->id && strlen(ev->id) <= LK_GIFT_MAX_ID);
	FUZZ_MUST(ev->sender_name && strlen(ev->sender_name) <= LK_GIFT_MAX_NAME);
	FUZZ_MUST(ev->gift_id && *ev->gift_id && ev->gift_name);
	FUZZ_MUST(strlen(ev->gift_name) <= LK_GIFT_MAX_NAME);
	check_utf8(ev->sender_name);
	check_utf8(ev->gift_name);
	check_url(ev->sender_avatar);
	check_url(ev->gift_image);
	FUZZ_MUST(ev->value >= 0 && ev->value <= LK_GIFT_MAX_VALUE);
	FUZZ_MUST(ev->count >= 1 && ev->count <= LK_GIFT_MAX_COUNT);
	FUZZ_MUST(ev->money >= 0 && ev->money <= LK_GIFT_MAX_MONEY);
	FUZZ_MUST(ev->currency[0] == '\0' || strlen(ev->currency) == 3);
	FUZZ_MUST(!ev->streak_id || (*ev->streak_id && strlen(ev->streak_id) <= LK_GIFT_MAX_ID));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gift_both b;
	const char *json = (const char *)data;

	gift_both_decode(json, size, &b);
	const char *why = gift_both_disagreement(&b, json, size);
	if (why) {
		fprintf(stderr, "fuzz-gift: %s (jansson reader %s, hand reader %s: %s)\n", why,
			b.tree_ok ? "accepted" : "refused", b.fast_ok ? "accepted" : "refused", b.fast_err);
		abort();
	}
	if (b.fast_ok)
		check_event(&b.fast);
	gift_both_free(&b);
	return 0;
}
