/*
 * Linkon — Twitch EventSub and its HTTP answers: pure decoding, no I/O.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One EventSub WebSocket message (../shared/platforms/twitch-eventsub.md)
 * becomes one struct lk_tw_message: the envelope (message id, type,
 * timestamp, subscription type), the session fields of a welcome or a
 * reconnect, the status of a revocation, or — for a notification — at most
 * one Linkon event:
 *
 *   channel.cheer                 gift: gift_id "bits", value = bits, count 1;
 *                                 anonymous: no sender (sender_name "")
 *   channel.subscribe             gift "sub_tier1|2|3" (value LK_TW_SUB_VALUE_*,
 *                                 money USD) — except is_gift:true, which is
 *                                 the recipients' side of a gift already
 *                                 counted by channel.subscription.gift: nothing
 *   channel.subscription.gift     gift "gift_sub_tierN", count = total (a
 *                                 community gift of 10 is one alert of 10)
 *   channel.subscription.message  gift "resub_tierN", count = duration_months
 *   channel.follow (v2)           room LK_ROOM_FOLLOW
 *   channel.raid                  room LK_ROOM_RAID, count = viewers, user = the raider
 *   channel.chat.message          room LK_ROOM_COMMENT (text, chatter, the chat's message_id)
 *
 * Every event carries the platform tag "twitch"; gift events' id is the
 * envelope's message_id (a resend keeps it), room events' id the envelope's
 * message_id too, except comments, which use the chat's own message_id.
 * Names and texts: control characters become spaces, bidi controls are
 * removed, cut on a UTF-8 boundary. Anything unusable (not JSON, a wrong
 * type, a missing id, a number out of range, more than LK_TW_MAX_MESSAGE
 * bytes) is refused with a reason in plain words; never a crash.
 *
 * The struct owns all its strings (fixed buffers): copy it, no free. The
 * gift's pointers point into the struct itself, so a copy must call
 * lk_tw_message_fix_gift() before its gift is used.
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

#define LK_TW_MAX_MESSAGE ((size_t)256 * 1024) /* Twitch's own frames are a few KiB */
#define LK_TW_MAX_ID 128
#define LK_TW_MAX_URL 512
#define LK_TW_MAX_TYPE 64
#define LK_TW_PLATFORM "twitch"

/* A subscription's price in US cents per tier (the alert's money) and its
 * value in bits (1 bit = 1 cent to the channel). */
#define LK_TW_SUB_CENTS_1 499
#define LK_TW_SUB_CENTS_2 999
#define LK_TW_SUB_CENTS_3 2499

enum lk_tw_type {
	LK_TW_UNKNOWN = 0, /* a message_type Linkon does not know: ignored */
	LK_TW_WELCOME,
	LK_TW_KEEPALIVE,
	LK_TW_NOTIFICATION,
	LK_TW_RECONNECT,
	LK_TW_REVOCATION,
};

enum lk_tw_event {
	LK_TW_NONE = 0, /* a notification that gives no Linkon event (see skip) */
	LK_TW_GIFT,
	LK_TW_ROOM,
};

enum lk_tw_revoke {
	LK_TW_REVOKE_OTHER = 0,
	LK_TW_REVOKE_AUTH,    /* authorization_revoked: the user took Linkon's access back */
	LK_TW_REVOKE_USER,    /* user_removed: the account is gone or banned */
	LK_TW_REVOKE_VERSION, /* version_removed: Twitch withdrew the subscription's version */
};

struct lk_tw_message {
	enum lk_tw_type type;
	char message_id[LK_TW_MAX_ID + 1];
	char message_type[LK_TW_MAX_TYPE + 1];
	char subscription_type[LK_TW_MAX_TYPE + 1]; /* notification / revocation; "" otherwise */
	int64_t time_ms;                            /* message_timestamp, Unix ms; 0 = absent */

	/* welcome / reconnect */
	char session_id[LK_TW_MAX_ID + 1];
	int keepalive_s;                       /* welcome: keepalive_timeout_seconds; -1 = null */
	char reconnect_url[LK_TW_MAX_URL + 1]; /* reconnect: where to go ("" otherwise) */

	/* revocation */
	enum lk_tw_revoke revoke;
	char revoke_status[LK_TW_MAX_TYPE + 1];

	/* notification */
	enum lk_tw_event event;
	char skip[128]; /* event NONE: why, in plain words (logs) */
	struct lk_gift_event gift;
	struct lk_room_event room;
	/* the gift's strings (gift.* points here) */
	char g_id[LK_TW_MAX_ID + 1];
	char g_sender_id[LK_TW_MAX_ID + 1];
	char g_sender_name[LK_GIFT_MAX_NAME + 1];
	char g_gift_id[32];
	char g_gift_name[LK_GIFT_MAX_NAME + 1];
};

/* Decodes one WebSocket text message. false + err (plain words) when it is
 * not an EventSub message Linkon can use; *m is then zeroed. */
bool lk_twitch_decode(const char *text, size_t len, struct lk_tw_message *m, char *err, size_t err_size);

/* Points m->gift's strings at m's own buffers again (after a copy). */
void lk_tw_message_fix_gift(struct lk_tw_message *m);

/* ---- Helix and OAuth answers ------------------------------------------------ */

/* The error words of a Twitch error body ({"error","status","message"}):
 * the "message" (cleaned, cut to out_size), else "HTTP <status>". */
void lk_twitch_error_words(const char *body, size_t len, long http_status, char *out, size_t out_size);

/* A created subscription (HTTP 202 of POST /helix/eventsub/subscriptions):
 * its id and status ("enabled"); false + err when the body is not one. */
bool lk_twitch_decode_created(const char *body, size_t len, char *id, size_t id_size, char *err, size_t err_size);

/* Token and device-code answers: core/lk-oauth.h (shared with YouTube). */

/* GET /oauth2/validate's answer. */
struct lk_tw_validate {
	char client_id[128];
	char login[128];
	char user_id[LK_TW_MAX_ID + 1];
	char scopes[512];
	int64_t expires_in;
};
bool lk_twitch_decode_validate(const char *body, size_t len, struct lk_tw_validate *v, char *err, size_t err_size);

/* The subscription types Linkon subscribes to, in order, with the version
 * and the scope each needs ("" = none). */
struct lk_tw_sub_type {
	const char *type;
	const char *version;
	const char *scope;
	bool moderator; /* the condition also holds moderator_user_id (follow v2) */
	bool user;      /* the condition also holds user_id (chat: the reader) */
	bool raid;      /* the condition is to_broadcaster_user_id */
};
#define LK_TW_NUM_SUB_TYPES 7
extern const struct lk_tw_sub_type lk_tw_sub_types[LK_TW_NUM_SUB_TYPES];

/* The POST body that subscribes session_id to sub for broadcaster_id
 * (a new json_dumps string: free()). */
char *lk_twitch_sub_body(const struct lk_tw_sub_type *sub, const char *broadcaster_id, const char *session_id);

/* The scopes Linkon asks for at sign-in, space-separated. */
#define LK_TW_SCOPES "bits:read channel:read:subscriptions moderator:read:followers user:read:chat"

#ifdef __cplusplus
}
#endif
