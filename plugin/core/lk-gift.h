/*
 * Linkon — gift events: the model and its JSON form. Pure functions, any
 * thread; an event belongs to one thread at a time.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * JSON shape of one gift event (unknown keys are ignored; null = missing):
 *
 *   {"id": "e1",                                  required, string 1..128 bytes (or integer)
 *    "sender": {"id": "u42",                      optional stable viewer id (string or integer)
 *               "name": "Mia",                    optional display name
 *               "avatar": "https://…"},           optional http(s) URL
 *    "gift": {"id": "rose", "name": "Rose",       at least one of id / name
 *             "image": "https://…",               optional http(s) URL
 *             "value": 1,                         unit value in platform units (diamonds), default 0
 *             "money": {"amount": 10,             optional: unit price in minor units (fen, cents)
 *                       "currency": "CNY"}},      3-letter ISO 4217 code
 *    "count": 12,                                 default 1, 1..LK_GIFT_MAX_COUNT
 *    "streak": "s-9",                             optional streak id; missing/""/null = single gift
 *    "streakEnd": false,                          optional, default false
 *    "platform": "tiktok"}                        optional live-room tag: 1..16 of [a-z0-9_-]
 *
 * Integers may also be sent as strings of decimal digits ("12").
 *
 * Count: in a streak, by default "count" is the streak's running total
 * (TikTok-style feeds: 1, 2, 5, 12, … ), see enum lk_gift_count_mode in
 * lk-alerts.h for feeds that send per-event increments instead.
 *
 * Limits and clean-up (so hostile or odd input cannot hurt the overlay):
 *   - id, sender.id, gift.id, streak: at most LK_GIFT_MAX_ID bytes, else error.
 *   - names: truncated to LK_GIFT_MAX_NAME bytes on a UTF-8 character
 *     boundary; control characters (C0, DEL, C1) become spaces and bidi
 *     override/isolate controls (U+202A–U+202E, U+2066–U+2069) are removed,
 *     so a name cannot reverse the text around it.
 *   - URLs: only http:// or https://, at most LK_GIFT_MAX_URL bytes, no
 *     spaces or control characters; anything else is dropped (NULL) without
 *     an error — a feed must not be able to point the overlay at local files.
 *   - count 1..LK_GIFT_MAX_COUNT, value 0..LK_GIFT_MAX_VALUE, money amount
 *     0..LK_GIFT_MAX_MONEY; out of range is an error.
 *   - The text must be valid UTF-8 JSON (RFC 8259) with no NUL characters.
 *
 * Two decoders give the same event for the same input: lk_gift_decode()
 * reads JSON text in one pass without building a tree (the hot path: a
 * jansson tree costs more than the whole 200,000 events/s budget allows),
 * lk_gift_from_json() reads a jansson object a connector already holds.
 * A key given twice counts once, with its last value (json_loadb keeps the
 * last value of a duplicate key): the earlier value and everything inside
 * it are forgotten, so {"streakEnd":true,"streakEnd":null} does not end a
 * streak. tests/fuzz/fuzz-gift.c feeds the same bytes to both and fails on
 * any difference in the decoded event.
 * Differences: lk_gift_decode() rejects nesting deeper than
 * LK_GIFT_MAX_DEPTH (jansson allows 2048) and every NUL byte (jansson 2.14
 * skips one NUL byte right after a number or a literal).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_GIFT_MAX_ID 128
#define LK_GIFT_MAX_NAME 128
#define LK_GIFT_MAX_URL 2048
#define LK_GIFT_MAX_COUNT 1000000
#define LK_GIFT_MAX_VALUE 1000000000LL
#define LK_GIFT_MAX_MONEY 1000000000000LL
#define LK_GIFT_MAX_DEPTH 64
#define LK_GIFT_ERR_SIZE 128
#define LK_GIFT_MAX_PLATFORM 16

/* One gift event. Decoded events own their strings through buf (free with
 * lk_gift_event_free). Events built by hand (tests, demo connector) may point
 * the fields at any strings and leave buf NULL; lk_alerts_push() copies what
 * it keeps. */
struct lk_gift_event {
	const char *id;            /* event id, the dedupe key; NULL/"" = cannot be deduplicated */
	const char *sender_id;     /* stable viewer id; NULL = sender_name is the key */
	const char *sender_name;   /* display name, UTF-8; "" when unknown (never NULL when decoded) */
	const char *sender_avatar; /* http(s) URL or NULL */
	const char *gift_id;       /* gift type id (never NULL when decoded) */
	const char *gift_name;     /* display name (never NULL when decoded) */
	const char *gift_image;    /* http(s) URL or NULL */
	int64_t value;             /* unit value in platform units (diamonds), >= 0 */
	int64_t money;             /* unit price in minor units of currency; 0 = unknown */
	char currency[4];          /* ISO 4217, upper case; "" when money is unknown */
	int64_t count;             /* >= 1; running streak total by default, see lk-alerts.h */
	const char *streak_id;     /* NULL = single gift */
	bool streak_end;           /* this event ends its streak */
	const char *platform;      /* the live room's platform tag ("tiktok", "twitch"); NULL = unknown */
	char *buf;                 /* owns the strings of a decoded event; NULL otherwise */
};

/* Decodes one event from JSON text (need not be NUL-terminated). On success
 * fills *ev (which the caller later frees with lk_gift_event_free) and
 * returns true. On failure returns false, leaves *ev zeroed and, when err is
 * not NULL, writes a short plain-words reason such as
 * "gift.value: must be an integer 0..1000000000" or
 * "JSON: unexpected character at byte 17" into err[0..err_size). */
bool lk_gift_decode(const char *json, size_t len, struct lk_gift_event *ev, char *err, size_t err_size);

/* Same as lk_gift_decode() for an already parsed jansson value (borrowed). */
bool lk_gift_from_json(const json_t *obj, struct lk_gift_event *ev, char *err, size_t err_size);

/* A platform tag ("tiktok", "twitch", "youtube", "bridge"): 1..LK_GIFT_MAX_PLATFORM
 * bytes of lower-case ASCII letters, digits, '-' and '_'. */
bool lk_gift_platform_ok(const char *s, size_t n);

/* Frees what a decoded event owns and zeroes it. NULL and zeroed events are fine. */
void lk_gift_event_free(struct lk_gift_event *ev);

/* 64-bit hash of n bytes, seeded (chain calls by passing one result as the
 * next seed). Deterministic on every platform. Not for secrets. */
uint64_t lk_gift_hash(const void *data, size_t n, uint64_t seed);

/* Hash of a NUL-terminated string (NULL hashes like ""). */
static inline uint64_t lk_gift_hash_str(const char *s, uint64_t seed)
{
	size_t n = 0;
	if (s)
		while (s[n])
			n++;
	return lk_gift_hash(s ? s : "", n, seed);
}

/* The key that identifies the sender for totals: sender_id, else name. */
uint64_t lk_gift_sender_key(const struct lk_gift_event *ev);

#ifdef __cplusplus
}
#endif
