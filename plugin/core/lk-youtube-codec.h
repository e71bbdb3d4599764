/*
 * Linkon — YouTube Data API v3 live chat codec: finding the chat, reading
 * liveChatMessages.list pages, Google's error JSON, and turning messages
 * into Linkon's common events. Pure functions (jansson), any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Facts: ../shared/platforms/youtube-live.md (liveBroadcasts → liveChatId,
 * videos → liveStreamingDetails.activeLiveChatId, the list response's
 * items oldest → newest, nextPageToken, pollingIntervalMillis, offlineAt).
 *
 * What each message becomes (docs/youtube.md):
 *   textMessageEvent                 → room COMMENT (claim rules read it)
 *   superChatEvent / superStickerEvent → gift with money: amountMicros (a
 *                                       JSON string) in the currency's minor
 *                                       units (JPY 0 decimals, KWD 3, USD 2)
 *   newSponsorEvent                  → gift "membership" ×1
 *   memberMilestoneChatEvent         → gift "membership_milestone" ×1
 *   membershipGiftingEvent           → gift "membership_gift" × giftMembershipsCount
 *   giftMembershipReceivedEvent      → nothing (already counted by the gifting)
 *   messageDeletedEvent / messageRetractedEvent → target id (not shown if not yet)
 *   userBannedEvent                  → the banned channel (their comments dropped)
 *   chatEndedEvent                   → the chat is over
 *   anything else (tombstone, poll…) → nothing
 * Every event carries platform "youtube" and the message id.
 */
#pragma once

#include "lk-gift.h"
#include "lk-room.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_YT_PLATFORM "youtube"
#define LK_YT_MAX_ID 128
#define LK_YT_MAX_TOKEN 512  /* page token, liveChatId */
#define LK_YT_MAX_ITEMS 2000 /* items read from one page (maxResults' ceiling) */
#define LK_YT_REASON_SIZE 64
#define LK_YT_MAX_URL 512
#define LK_YT_MAX_POLL_MS 600000 /* a page's pollingIntervalMillis is cut to this */

/* ---- errors --------------------------------------------------------------- */

enum lk_yt_error {
	LK_YT_OK = 0,
	LK_YT_QUOTA,       /* 403 quotaExceeded: no calls until midnight Pacific */
	LK_YT_RATE,        /* 403 rateLimitExceeded, 429: wait longer */
	LK_YT_ENDED,       /* 403 liveChatEnded */
	LK_YT_DISABLED,    /* 403 liveChatDisabled */
	LK_YT_NOT_FOUND,   /* 404 liveChatNotFound (or any 404) */
	LK_YT_AUTH,        /* 401: the token is refused (refresh once) */
	LK_YT_FORBIDDEN,   /* another 403 (insufficientPermissions, forbidden, …) */
	LK_YT_SERVER,      /* 5xx, 408 */
	LK_YT_BAD_REQUEST, /* another 4xx (a bad key, bad parameters) */
	LK_YT_MALFORMED,   /* 2xx but not the expected JSON */
};

/* The error of an answer (LK_YT_OK for 2xx). reason (may be NULL) gets
 * errors[0].reason (visible ASCII, cut), else "HTTP <status>". */
enum lk_yt_error lk_yt_error_of(long http_status, const char *body, size_t len, char *reason, size_t reason_size);
/* "quota", "rate", … for logs and tests. */
const char *lk_yt_error_name(enum lk_yt_error e);

/* ---- finding the chat -------------------------------------------------------- */

struct lk_yt_broadcast {
	char chat_id[LK_YT_MAX_TOKEN + 1]; /* "" = no live chat */
	char status[32];                   /* lifeCycleStatus ("live", "testing", …), "" = unknown */
	char title[LK_ROOM_MAX_NAME + 1];  /* cleaned */
};

/* liveBroadcasts list: the active broadcast with a live chat (a "live" one
 * before "testing" before any other). false when there is none; 2xx bodies
 * that are not a list answer false with *malformed set. */
bool lk_yt_decode_broadcasts(const char *body, size_t len, struct lk_yt_broadcast *out, bool *malformed);
/* videos list (part=liveStreamingDetails): the activeLiveChatId of the
 * first item; false when the video is not live (or unknown). */
bool lk_yt_decode_video(const char *body, size_t len, struct lk_yt_broadcast *out, bool *malformed);

/* channels list (part=snippet&mine=true): the signed-in channel's title,
 * cleaned, into title[size]; false when there is none. */
bool lk_yt_decode_channel(const char *body, size_t len, char *title, size_t size);

/* ---- a page of messages -------------------------------------------------------- */

enum lk_yt_kind {
	LK_YT_OTHER = 0, /* tombstone, pollEvent, an unknown type: ignored */
	LK_YT_TEXT,
	LK_YT_SUPER_CHAT,
	LK_YT_SUPER_STICKER,
	LK_YT_NEW_MEMBER,
	LK_YT_MILESTONE,
	LK_YT_GIFTING,
	LK_YT_GIFT_RECEIVED,
	LK_YT_DELETED,
	LK_YT_RETRACTED,
	LK_YT_BANNED,
	LK_YT_CHAT_ENDED,
};

struct lk_yt_item {
	enum lk_yt_kind kind;
	char id[LK_YT_MAX_ID + 1];              /* message id ("" = unusable: skipped) */
	char author_id[LK_YT_MAX_ID + 1];       /* channel id, "" = unknown */
	char author_name[LK_ROOM_MAX_NAME + 1]; /* cleaned */
	char author_avatar[LK_YT_MAX_URL + 1];  /* http(s) or "" (longer: dropped) */
	char text[LK_ROOM_MAX_TEXT + 1];        /* comment / Super Chat comment / milestone comment, cleaned */
	char level[LK_ROOM_MAX_NAME + 1];       /* membership level, sticker alt text; cleaned */
	int64_t money;                          /* minor units of currency (Super Chat / Sticker), 0 = none */
	char currency[4];                       /* ISO 4217, "" = none */
	int64_t count;                          /* gifted memberships; months of a milestone; else 1 */
	char target_id[LK_YT_MAX_ID + 1];       /* deleted / retracted message id, banned channel id,
						   * the gifting message of a received membership */
};

struct lk_yt_page {
	char next_page_token[LK_YT_MAX_TOKEN + 1]; /* "" = none */
	int64_t polling_interval_ms;               /* as sent (at most LK_YT_MAX_POLL_MS); -1 = absent */
	bool offline;                              /* offlineAt is set: the broadcast went offline */
	bool chat_ended;                           /* a chatEndedEvent is among the items */
	size_t count;                              /* items, oldest → newest */
	struct lk_yt_item *items;                  /* bmalloc'd, count long */
};

/* A liveChatMessages.list answer (2xx body). false (page zeroed) when it is
 * not a list response; items that cannot be read (no id, a bad amount) are
 * left out, the rest kept. reason (may be NULL) says why on false. */
bool lk_yt_decode_page(const char *body, size_t len, struct lk_yt_page *page, char *reason, size_t reason_size);
void lk_yt_page_free(struct lk_yt_page *page);

/* amountMicros (a string of digits, or a JSON integer's text) as minor units
 * of currency, rounded half up; false when not a number or over
 * LK_GIFT_MAX_MONEY. */
bool lk_yt_micros_to_minor(const char *micros, const char *currency, int64_t *minor);

/* ---- into Linkon's events ------------------------------------------------------- */

/* Whether the item is a gift (Super Chat, Super Sticker, a membership, a
 * gifting); when it is, the JSON a gift event is read from (lk-gift.h's
 * shape, platform "youtube"; new reference) — lk_gift_from_json on it gives
 * the cleaned, checked event. NULL otherwise. */
json_t *lk_yt_item_gift_json(const struct lk_yt_item *it);
/* Whether the item is a room event (a chat message → COMMENT); fills ev. */
bool lk_yt_item_room(const struct lk_yt_item *it, struct lk_room_event *ev);

/* ---- quota (lk-youtube-codec-quota.c) ---------------------------------------------
 * The daily quota belongs to the Google Cloud project and resets at
 * midnight Pacific time. Costs per call: liveChatMessages.list 5,
 * liveBroadcasts.list 1, videos.list 1. */
#define LK_YT_UNITS_LIST 5
#define LK_YT_UNITS_BROADCASTS 1
#define LK_YT_UNITS_VIDEOS 1
#define LK_YT_UNITS_CHANNELS 1

/* The offset of Pacific time (America/Los_Angeles, US rules since 2007:
 * PDT from the second Sunday of March 02:00 to the first Sunday of
 * November 02:00) from UTC at Unix time unix_s: -28800 or -25200. */
int64_t lk_yt_pacific_offset_s(int64_t unix_s);
/* The Pacific calendar day of unix_s (days since 1970-01-01). */
int64_t lk_yt_pacific_day(int64_t unix_s);
/* The Unix time of the next Pacific midnight after unix_s. */
int64_t lk_yt_pacific_next_midnight(int64_t unix_s);

/* The smallest gap between list calls (units_per_call each) that makes
 * units_left last ms_left: units_per_call * ms_left / units_left, rounded
 * up; 0 when ms_left <= 0; -1 when units_left < units_per_call (nothing left). */
int64_t lk_yt_budget_gap_ms(int64_t units_left, int64_t ms_left, int64_t units_per_call);
/* Units per hour when one call of units_per_call is made every gap_ms. */
int64_t lk_yt_units_per_hour(int64_t gap_ms, int64_t units_per_call);

#ifdef __cplusplus
}
#endif
