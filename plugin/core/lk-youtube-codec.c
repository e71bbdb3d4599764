/*
 * Linkon — YouTube live chat codec (see lk-youtube-codec.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-youtube-codec.h"
#include "lk-money.h"
#include "lk-str.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <util/bmem.h>

/* ---- small readers ------------------------------------------------------------- */

static json_t *load_object(const char *body, size_t len)
{
	if (!body)
		return NULL;
	json_t *j = json_loadb(body, len, 0, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static void set_reason(char *reason, size_t size, const char *text)
{
	if (reason && size)
		lk_str_visible_ascii(reason, size, text, LK_YT_REASON_SIZE - 1);
}

/* An id-like string (no control characters, 1..max bytes) into out[max + 1]. */
static bool get_id(json_t *v, char *out, size_t max)
{
	const char *s = json_string_value(v);
	size_t n = s ? json_string_length(v) : 0;

	out[0] = '\0';
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	memcpy(out, s, n + 1);
	return true;
}

static void get_text(json_t *v, char *out, size_t size)
{
	const char *s = json_string_value(v);
	/* a string with a NUL inside ends there: what follows is not shown */
	lk_text_clean(out, size, s);
}

static void get_url(json_t *v, char *out, size_t size)
{
	const char *s = json_string_value(v);
	size_t n = s ? json_string_length(v) : 0;

	out[0] = '\0';
	if (!s || n >= size || (strncasecmp(s, "https://", 8) != 0 && strncasecmp(s, "http://", 7) != 0))
		return;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return;
	memcpy(out, s, n + 1);
}

/* ---- errors ----------------------------------------------------------------------- */

static const char *const error_names[] = {
	[LK_YT_OK] = "ok",
	[LK_YT_QUOTA] = "quota",
	[LK_YT_RATE] = "rate",
	[LK_YT_ENDED] = "ended",
	[LK_YT_DISABLED] = "disabled",
	[LK_YT_NOT_FOUND] = "not_found",
	[LK_YT_AUTH] = "auth",
	[LK_YT_FORBIDDEN] = "forbidden",
	[LK_YT_SERVER] = "server",
	[LK_YT_BAD_REQUEST] = "bad_request",
	[LK_YT_MALFORMED] = "malformed",
};

const char *lk_yt_error_name(enum lk_yt_error e)
{
	if ((unsigned)e < sizeof(error_names) / sizeof(error_names[0]))
		return error_names[e];
	return "unknown";
}

enum lk_yt_error lk_yt_error_of(long http_status, const char *body, size_t len, char *reason, size_t reason_size)
{
	static const struct {
		const char *reason;
		enum lk_yt_error e;
	} known[] = {
		{"quotaExceeded", LK_YT_QUOTA},        {"dailyLimitExceeded", LK_YT_QUOTA},
		{"rateLimitExceeded", LK_YT_RATE},     {"userRateLimitExceeded", LK_YT_RATE},
		{"liveChatEnded", LK_YT_ENDED},        {"liveChatDisabled", LK_YT_DISABLED},
		{"liveChatNotFound", LK_YT_NOT_FOUND},
	};
	char words[32];

	set_reason(reason, reason_size, "");
	if (http_status >= 200 && http_status <= 299)
		return LK_YT_OK;

	json_t *j = load_object(body, len);
	json_t *errors = json_object_get(json_object_get(j, "error"), "errors");
	const char *why = json_string_value(json_object_get(json_array_get(errors, 0), "reason"));
	enum lk_yt_error e;

	if (why) {
		set_reason(reason, reason_size, why);
	} else {
		snprintf(words, sizeof(words), "HTTP %ld", http_status);
		set_reason(reason, reason_size, words);
	}
	for (size_t i = 0; why && i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(why, known[i].reason) == 0) {
			json_decref(j);
			return known[i].e;
		}
	}
	json_decref(j);
	if (http_status == 401)
		e = LK_YT_AUTH;
	else if (http_status == 429)
		e = LK_YT_RATE;
	else if (http_status == 404)
		e = LK_YT_NOT_FOUND;
	else if (http_status == 403)
		e = LK_YT_FORBIDDEN;
	else if (http_status >= 500 || http_status == 408)
		e = LK_YT_SERVER;
	else
		e = LK_YT_BAD_REQUEST;
	return e;
}

/* ---- finding the chat ------------------------------------------------------------------ */

static int status_rank(const char *s)
{
	if (strcmp(s, "live") == 0)
		return 3;
	if (strcmp(s, "liveStarting") == 0)
		return 2;
	if (strcmp(s, "testing") == 0 || strcmp(s, "testStarting") == 0)
		return 1;
	return 0;
}

bool lk_yt_decode_broadcasts(const char *body, size_t len, struct lk_yt_broadcast *out, bool *malformed)
{
	json_t *j = load_object(body, len);
	json_t *items = json_object_get(j, "items"), *it;
	size_t i;
	int best = -1;

	memset(out, 0, sizeof(*out));
	*malformed = !json_is_array(items);
	json_array_foreach(items, i, it)
	{
		struct lk_yt_broadcast b = {0};
		if (!get_id(json_object_get(json_object_get(it, "snippet"), "liveChatId"), b.chat_id, LK_YT_MAX_TOKEN))
			continue;
		get_id(json_object_get(json_object_get(it, "status"), "lifeCycleStatus"), b.status,
		       sizeof(b.status) - 1);
		get_text(json_object_get(json_object_get(it, "snippet"), "title"), b.title, sizeof(b.title));
		int rank = status_rank(b.status);
		if (rank > best) {
			best = rank;
			*out = b;
		}
	}
	json_decref(j);
	return best >= 0;
}

bool lk_yt_decode_video(const char *body, size_t len, struct lk_yt_broadcast *out, bool *malformed)
{
	json_t *j = load_object(body, len);
	json_t *items = json_object_get(j, "items");
	json_t *details = json_object_get(json_array_get(items, 0), "liveStreamingDetails");

	memset(out, 0, sizeof(*out));
	*malformed = !json_is_array(items);
	bool ok = get_id(json_object_get(details, "activeLiveChatId"), out->chat_id, LK_YT_MAX_TOKEN);
	if (ok)
		snprintf(out->status, sizeof(out->status), "live");
	json_decref(j);
	return ok;
}

bool lk_yt_decode_channel(const char *body, size_t len, char *title, size_t size)
{
	json_t *j = load_object(body, len);
	json_t *t =
		json_object_get(json_object_get(json_array_get(json_object_get(j, "items"), 0), "snippet"), "title");

	get_text(t, title, size);
	json_decref(j);
	return title[0] != '\0';
}

/* ---- money ------------------------------------------------------------------------------ */

bool lk_yt_micros_to_minor(const char *micros, const char *currency, int64_t *minor)
{
	uint64_t v = 0;
	size_t n = micros ? strlen(micros) : 0;

	if (n == 0 || n > 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (micros[i] < '0' || micros[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(micros[i] - '0');
	}
	int dec = lk_money_decimals(currency);
	uint64_t div = 1;
	for (int i = dec; i < 6; i++)
		div *= 10; /* micros per minor unit: 10^(6 - decimals) */
	uint64_t m = dec >= 6 ? v : (v + div / 2) / div;
	if (m > (uint64_t)LK_GIFT_MAX_MONEY)
		return false;
	*minor = (int64_t)m;
	return true;
}

static bool currency_ok(const char *s)
{
	if (!s || strlen(s) != 3)
		return false;
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

/* ---- a page ---------------------------------------------------------------------------------- */

static const struct {
	const char *type;
	enum lk_yt_kind kind;
	const char *details;
} types[] = {
	{"textMessageEvent", LK_YT_TEXT, "textMessageDetails"},
	{"superChatEvent", LK_YT_SUPER_CHAT, "superChatDetails"},
	{"superStickerEvent", LK_YT_SUPER_STICKER, "superStickerDetails"},
	{"newSponsorEvent", LK_YT_NEW_MEMBER, "newSponsorDetails"},
	{"memberMilestoneChatEvent", LK_YT_MILESTONE, "memberMilestoneChatDetails"},
	{"membershipGiftingEvent", LK_YT_GIFTING, "membershipGiftingDetails"},
	{"giftMembershipReceivedEvent", LK_YT_GIFT_RECEIVED, "giftMembershipReceivedDetails"},
	{"messageDeletedEvent", LK_YT_DELETED, "messageDeletedDetails"},
	{"messageRetractedEvent", LK_YT_RETRACTED, "messageRetractedDetails"},
	{"userBannedEvent", LK_YT_BANNED, "userBannedDetails"},
	{"chatEndedEvent", LK_YT_CHAT_ENDED, NULL},
};

/* A whole number (JSON integer or digits in a string) in [lo, hi], else def. */
static int64_t get_count(json_t *v, int64_t lo, int64_t hi, int64_t def)
{
	int64_t n;

	if (json_is_integer(v)) {
		n = (int64_t)json_integer_value(v);
	} else if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) < 12) {
		const char *s = json_string_value(v);
		n = 0;
		for (; *s; s++) {
			if (*s < '0' || *s > '9')
				return def;
			n = n * 10 + (*s - '0');
		}
	} else {
		return def;
	}
	return n >= lo && n <= hi ? n : def;
}

/* One item; false when it cannot be used (no id, a bad amount). */
static bool read_item(json_t *it, struct lk_yt_item *out)
{
	json_t *sn = json_object_get(it, "snippet");
	json_t *author = json_object_get(it, "authorDetails");
	const char *type = json_string_value(json_object_get(sn, "type"));
	json_t *d = NULL;

	memset(out, 0, sizeof(*out));
	out->count = 1;
	if (!get_id(json_object_get(it, "id"), out->id, LK_YT_MAX_ID))
		return false;
	for (size_t i = 0; type && i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcmp(type, types[i].type) == 0) {
			out->kind = types[i].kind;
			d = types[i].details ? json_object_get(sn, types[i].details) : NULL;
			break;
		}
	}
	if (!get_id(json_object_get(author, "channelId"), out->author_id, LK_YT_MAX_ID))
		get_id(json_object_get(sn, "authorChannelId"), out->author_id, LK_YT_MAX_ID);
	get_text(json_object_get(author, "displayName"), out->author_name, sizeof(out->author_name));
	get_url(json_object_get(author, "profileImageUrl"), out->author_avatar, sizeof(out->author_avatar));

	switch (out->kind) {
	case LK_YT_TEXT: {
		json_t *t = json_object_get(d, "messageText");
		get_text(t ? t : json_object_get(sn, "displayMessage"), out->text, sizeof(out->text));
		return true;
	}
	case LK_YT_SUPER_CHAT:
	case LK_YT_SUPER_STICKER: {
		const char *cur = json_string_value(json_object_get(d, "currency"));
		json_t *amount = json_object_get(d, "amountMicros");
		char digits[32];
		if (!currency_ok(cur))
			return false;
		if (json_is_integer(amount) && json_integer_value(amount) >= 0)
			snprintf(digits, sizeof(digits), "%lld", (long long)json_integer_value(amount));
		else if (json_is_string(amount) && json_string_length(amount) < sizeof(digits))
			snprintf(digits, sizeof(digits), "%s", json_string_value(amount));
		else
			return false;
		if (!lk_yt_micros_to_minor(digits, cur, &out->money))
			return false;
		memcpy(out->currency, cur, 4);
		if (out->kind == LK_YT_SUPER_CHAT)
			get_text(json_object_get(d, "userComment"), out->text, sizeof(out->text));
		else
			get_text(json_object_get(json_object_get(d, "superStickerMetadata"), "altText"), out->level,
				 sizeof(out->level));
		return true;
	}
	case LK_YT_NEW_MEMBER:
		get_text(json_object_get(d, "memberLevelName"), out->level, sizeof(out->level));
		return true;
	case LK_YT_MILESTONE:
		get_text(json_object_get(d, "memberLevelName"), out->level, sizeof(out->level));
		get_text(json_object_get(d, "userComment"), out->text, sizeof(out->text));
		out->count = get_count(json_object_get(d, "memberMonth"), 1, 100000, 1);
		return true;
	case LK_YT_GIFTING:
		get_text(json_object_get(d, "giftMembershipsLevelName"), out->level, sizeof(out->level));
		out->count = get_count(json_object_get(d, "giftMembershipsCount"), 1, LK_GIFT_MAX_COUNT, 0);
		return out->count > 0;
	case LK_YT_GIFT_RECEIVED:
		get_text(json_object_get(d, "memberLevelName"), out->level, sizeof(out->level));
		get_id(json_object_get(d, "associatedMembershipGiftingMessageId"), out->target_id, LK_YT_MAX_ID);
		return true;
	case LK_YT_DELETED:
		return get_id(json_object_get(d, "deletedMessageId"), out->target_id, LK_YT_MAX_ID);
	case LK_YT_RETRACTED:
		return get_id(json_object_get(d, "retractedMessageId"), out->target_id, LK_YT_MAX_ID);
	case LK_YT_BANNED:
		return get_id(json_object_get(json_object_get(d, "bannedUserDetails"), "channelId"), out->target_id,
			      LK_YT_MAX_ID);
	default:
		return true;
	}
}

bool lk_yt_decode_page(const char *body, size_t len, struct lk_yt_page *page, char *reason, size_t reason_size)
{
	json_t *j = load_object(body, len);
	json_t *items = json_object_get(j, "items"), *it;
	size_t i;

	memset(page, 0, sizeof(*page));
	set_reason(reason, reason_size, "");
	if (!j || !json_is_array(items)) {
		set_reason(reason, reason_size, j ? "no items list" : "not a JSON object");
		json_decref(j);
		return false;
	}
	get_id(json_object_get(j, "nextPageToken"), page->next_page_token, LK_YT_MAX_TOKEN);
	int64_t poll = get_count(json_object_get(j, "pollingIntervalMillis"), 0, INT64_C(1) << 40, -1);
	page->polling_interval_ms = poll > LK_YT_MAX_POLL_MS ? LK_YT_MAX_POLL_MS : poll;
	json_t *off = json_object_get(j, "offlineAt");
	page->offline = off && !json_is_null(off);

	size_t n = json_array_size(items);
	if (n > LK_YT_MAX_ITEMS)
		n = LK_YT_MAX_ITEMS;
	page->items = n ? bzalloc(n * sizeof(*page->items)) : NULL;
	json_array_foreach(items, i, it)
	{
		if (i >= n)
			break;
		if (!read_item(it, &page->items[page->count]))
			continue;
		if (page->items[page->count].kind == LK_YT_CHAT_ENDED)
			page->chat_ended = true;
		page->count++;
	}
	json_decref(j);
	return true;
}

void lk_yt_page_free(struct lk_yt_page *page)
{
	if (!page)
		return;
	bfree(page->items);
	memset(page, 0, sizeof(*page));
}

/* ---- into Linkon's events ------------------------------------------------------------------------ */

json_t *lk_yt_item_gift_json(const struct lk_yt_item *it)
{
	const char *gift_id, *gift_name;
	int64_t count = 1;

	switch (it->kind) {
	case LK_YT_SUPER_CHAT:
		gift_id = "super_chat";
		gift_name = "Super Chat";
		break;
	case LK_YT_SUPER_STICKER:
		gift_id = "super_sticker";
		gift_name = it->level[0] ? it->level : "Super Sticker";
		break;
	case LK_YT_NEW_MEMBER:
		gift_id = "membership";
		gift_name = it->level[0] ? it->level : "Membership";
		break;
	case LK_YT_MILESTONE:
		gift_id = "membership_milestone";
		gift_name = it->level[0] ? it->level : "Membership";
		break;
	case LK_YT_GIFTING:
		gift_id = "membership_gift";
		gift_name = it->level[0] ? it->level : "Membership";
		count = it->count;
		break;
	default:
		return NULL;
	}
	if (!it->id[0])
		return NULL;
	json_t *sender = json_object();
	if (it->author_id[0])
		json_object_set_new(sender, "id", json_string(it->author_id));
	json_object_set_new(sender, "name", json_string(it->author_name));
	if (it->author_avatar[0])
		json_object_set_new(sender, "avatar", json_string(it->author_avatar));
	json_t *gift = json_pack("{s:s, s:s, s:i}", "id", gift_id, "name", gift_name, "value", 0);
	if (it->currency[0] && it->money > 0)
		json_object_set_new(gift, "money",
				    json_pack("{s:I, s:s}", "amount", (json_int_t)it->money, "currency", it->currency));
	return json_pack("{s:s, s:o, s:o, s:I, s:s}", "id", it->id, "sender", sender, "gift", gift, "count",
			 (json_int_t)count, "platform", LK_YT_PLATFORM);
}

bool lk_yt_item_room(const struct lk_yt_item *it, struct lk_room_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (it->kind != LK_YT_TEXT || !it->id[0])
		return false;
	ev->kind = LK_ROOM_COMMENT;
	snprintf(ev->id, sizeof(ev->id), "%s", it->id);
	snprintf(ev->platform, sizeof(ev->platform), "%s", LK_YT_PLATFORM);
	snprintf(ev->user_id, sizeof(ev->user_id), "%s", it->author_id);
	lk_utf8_copy(ev->user_name, sizeof(ev->user_name), it->author_name);
	lk_utf8_copy(ev->text, sizeof(ev->text), it->text);
	ev->count = 1;
	ev->total = -1;
	return true;
}
