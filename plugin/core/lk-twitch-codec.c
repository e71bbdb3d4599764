/*
 * Linkon — Twitch EventSub and its HTTP answers (see lk-twitch-codec.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The field readers are the bridge codec's (lk-bridge-codec-priv.h): the
 * same rules for ids, integers and display text everywhere.
 */
#include "lk-twitch-codec.h"
#include "lk-bridge-codec-priv.h"
#include "lk-shopify-codec.h" /* lk_shopify_time_parse: RFC 3339, any fraction */
#include "lk-str.h"

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

const struct lk_tw_sub_type lk_tw_sub_types[LK_TW_NUM_SUB_TYPES] = {
	{"channel.cheer", "1", "bits:read", false, false, false},
	{"channel.subscribe", "1", "channel:read:subscriptions", false, false, false},
	{"channel.subscription.gift", "1", "channel:read:subscriptions", false, false, false},
	{"channel.subscription.message", "1", "channel:read:subscriptions", false, false, false},
	{"channel.follow", "2", "moderator:read:followers", true, false, false},
	{"channel.raid", "1", "", false, false, true},
	{"channel.chat.message", "1", "user:read:chat", false, true, false},
};

/* A display text into out[size] (cleaned; "" when absent or null). */
static bool text_of(const json_t *o, const char *key, char *out, size_t size, const char *where, char *err,
		    size_t err_size)
{
	char *s = NULL;

	out[0] = '\0';
	if (!lk_bridge_get_text(o, key, size - 1, &s, where, err, err_size))
		return false;
	if (s) {
		lk_utf8_drop_bidi(s);
		lk_utf8_copy(out, size, s);
		bfree(s);
	}
	return true;
}

/* A user triplet <prefix>user_id / _login / _name: id and the display name
 * (the login when the name is empty). All null = anonymous (false, no error). */
static bool user_of(const json_t *ev, const char *prefix, char *id, size_t id_size, char *name, size_t name_size,
		    bool *present, char *err, size_t err_size)
{
	char k_id[64], k_login[64], k_name[64];
	char rid[LK_BRIDGE_MAX_ID + 1];

	snprintf(k_id, sizeof(k_id), "%suser_id", prefix);
	snprintf(k_login, sizeof(k_login), "%suser_login", prefix);
	snprintf(k_name, sizeof(k_name), "%suser_name", prefix);
	*present = false;
	if (!lk_bridge_get_id(ev, k_id, false, rid, "event", err, err_size))
		return false;
	lk_utf8_copy(id, id_size, rid);
	if (!text_of(ev, k_name, name, name_size, "event", err, err_size))
		return false;
	if (!name[0] && !text_of(ev, k_login, name, name_size, "event", err, err_size))
		return false;
	*present = id[0] || name[0];
	return true;
}

void lk_tw_message_fix_gift(struct lk_tw_message *m)
{
	if (m->event != LK_TW_GIFT)
		return;
	m->gift.id = m->g_id;
	m->gift.sender_id = m->g_sender_id[0] ? m->g_sender_id : NULL;
	m->gift.sender_name = m->g_sender_name;
	m->gift.gift_id = m->g_gift_id;
	m->gift.gift_name = m->g_gift_name;
	m->gift.platform = LK_TW_PLATFORM;
	m->gift.buf = NULL;
}

/* tier "1000" / "2000" / "3000" → 1..3 */
static bool tier_of(const json_t *ev, int *tier, char *err, size_t err_size)
{
	const char *t = json_string_value(json_object_get(ev, "tier"));

	*tier = t && !strcmp(t, "1000") ? 1 : t && !strcmp(t, "2000") ? 2 : t && !strcmp(t, "3000") ? 3 : 0;
	if (!*tier)
		lk_bridge_err(err, err_size, "event.tier: must be \"1000\", \"2000\" or \"3000\"");
	return *tier != 0;
}

static int64_t tier_cents(int tier)
{
	return tier == 3 ? LK_TW_SUB_CENTS_3 : tier == 2 ? LK_TW_SUB_CENTS_2 : LK_TW_SUB_CENTS_1;
}

/* The gift part common to every gift kind: id, platform, sender. */
static bool gift_start(struct lk_tw_message *m, const json_t *ev, bool may_be_anonymous, char *err, size_t err_size)
{
	bool present;
	json_t *anon = json_object_get(ev, "is_anonymous");

	m->event = LK_TW_GIFT;
	lk_utf8_copy(m->g_id, sizeof(m->g_id), m->message_id);
	m->gift.count = 1;
	if (may_be_anonymous && json_is_true(anon))
		return true; /* the user triplet is null: no sender at all */
	if (!user_of(ev, "", m->g_sender_id, sizeof(m->g_sender_id), m->g_sender_name, sizeof(m->g_sender_name),
		     &present, err, err_size))
		return false;
	if (!present && !may_be_anonymous) {
		lk_bridge_err(err, err_size, "event.user_id: required (the viewer)");
		return false;
	}
	return true;
}

static bool decode_cheer(struct lk_tw_message *m, const json_t *ev, char *err, size_t err_size)
{
	int64_t bits;

	if (!json_object_get(ev, "bits") ||
	    !lk_bridge_get_int(ev, "bits", 1, LK_GIFT_MAX_VALUE, 0, &bits, "event", err, err_size)) {
		if (!json_object_get(ev, "bits"))
			lk_bridge_err(err, err_size, "event.bits: required, 1..%lld", (long long)LK_GIFT_MAX_VALUE);
		return false;
	}
	if (!gift_start(m, ev, true, err, err_size))
		return false;
	snprintf(m->g_gift_id, sizeof(m->g_gift_id), "bits");
	snprintf(m->g_gift_name, sizeof(m->g_gift_name), "Bits");
	m->gift.value = bits;
	return true;
}

static void sub_gift(struct lk_tw_message *m, const char *kind, const char *name, int tier, int64_t count)
{
	snprintf(m->g_gift_id, sizeof(m->g_gift_id), "%s_tier%d", kind, tier);
	snprintf(m->g_gift_name, sizeof(m->g_gift_name), "%s (Tier %d)", name, tier);
	m->gift.value = tier_cents(tier) + 1; /* 499 → 500 bits' worth */
	m->gift.money = tier_cents(tier);
	memcpy(m->gift.currency, "USD", 4);
	m->gift.count = count;
}

static bool decode_subscribe(struct lk_tw_message *m, const json_t *ev, char *err, size_t err_size)
{
	int tier;

	if (!tier_of(ev, &tier, err, err_size))
		return false;
	if (json_is_true(json_object_get(ev, "is_gift"))) {
		/* one of a gift's recipients: the gift event counted it already */
		m->event = LK_TW_NONE;
		snprintf(m->skip, sizeof(m->skip), "a gifted subscription's recipient (counted with the gift)");
		return true;
	}
	if (!gift_start(m, ev, false, err, err_size))
		return false;
	sub_gift(m, "sub", "Subscription", tier, 1);
	return true;
}

static bool decode_sub_gift(struct lk_tw_message *m, const json_t *ev, char *err, size_t err_size)
{
	int tier;
	int64_t total;

	if (!tier_of(ev, &tier, err, err_size) ||
	    !lk_bridge_get_int(ev, "total", 1, LK_GIFT_MAX_COUNT, 1, &total, "event", err, err_size) ||
	    !gift_start(m, ev, true, err, err_size))
		return false;
	sub_gift(m, "gift_sub", "Gift subscription", tier, total);
	return true;
}

static bool decode_resub(struct lk_tw_message *m, const json_t *ev, char *err, size_t err_size)
{
	int tier;
	int64_t months;

	if (!tier_of(ev, &tier, err, err_size) ||
	    !lk_bridge_get_int(ev, "duration_months", 1, 120, 1, &months, "event", err, err_size) ||
	    !gift_start(m, ev, false, err, err_size))
		return false;
	sub_gift(m, "resub", "Resubscription", tier, months);
	return true;
}

static void room_start(struct lk_tw_message *m, enum lk_room_kind kind)
{
	m->event = LK_TW_ROOM;
	m->room.kind = kind;
	m->room.count = 1;
	m->room.total = -1;
	m->room.time_ms = m->time_ms;
	snprintf(m->room.platform, sizeof(m->room.platform), "%s", LK_TW_PLATFORM);
	lk_utf8_copy(m->room.id, sizeof(m->room.id), m->message_id);
}

static bool decode_follow(struct lk_tw_message *m, const json_t *ev, char *err, size_t err_size)
{
	bool present;

	room_start(m, LK_ROOM_FOLLOW);
	if (!user_of(ev, "", m->room.user_id, sizeof(m->room.user_id), m->room.user_name, sizeof(m->room.user_name),
		     &present, err, err_size))
		return false;
	if (!present) {
		lk_bridge_err(err, err_size, "event.user_id: required (the follower)");
		return false;
	}
	return true;
}

static bool decode_raid(struct lk_tw_message *m, const json_t *ev, char *err, size_t err_size)
{
	bool present;

	room_start(m, LK_ROOM_RAID);
	if (!user_of(ev, "from_broadcaster_", m->room.user_id, sizeof(m->room.user_id), m->room.user_name,
		     sizeof(m->room.user_name), &present, err, err_size) ||
	    !lk_bridge_get_int(ev, "viewers", 0, LK_ROOM_MAX_COUNT, 0, &m->room.count, "event", err, err_size))
		return false;
	if (!present) {
		lk_bridge_err(err, err_size, "event.from_broadcaster_user_id: required (the raiding channel)");
		return false;
	}
	return true;
}

static bool decode_chat(struct lk_tw_message *m, const json_t *ev, char *err, size_t err_size)
{
	bool present;
	char chat_id[LK_BRIDGE_MAX_ID + 1];
	json_t *msg = json_object_get(ev, "message");

	room_start(m, LK_ROOM_COMMENT);
	if (!user_of(ev, "chatter_", m->room.user_id, sizeof(m->room.user_id), m->room.user_name,
		     sizeof(m->room.user_name), &present, err, err_size) ||
	    !lk_bridge_get_id(ev, "message_id", false, chat_id, "event", err, err_size))
		return false;
	if (!present) {
		lk_bridge_err(err, err_size, "event.chatter_user_id: required (who wrote)");
		return false;
	}
	if (!json_is_object(msg) || !json_is_string(json_object_get(msg, "text"))) {
		lk_bridge_err(err, err_size, "event.message.text: required, a string");
		return false;
	}
	if (!text_of(msg, "text", m->room.text, sizeof(m->room.text), "event.message", err, err_size))
		return false;
	if (chat_id[0])
		lk_utf8_copy(m->room.id, sizeof(m->room.id), chat_id);
	return true;
}

static bool decode_notification(struct lk_tw_message *m, const json_t *payload, char *err, size_t err_size)
{
	static const struct {
		const char *type;
		bool (*fn)(struct lk_tw_message *, const json_t *, char *, size_t);
	} kinds[] = {
		{"channel.cheer", decode_cheer},
		{"channel.subscribe", decode_subscribe},
		{"channel.subscription.gift", decode_sub_gift},
		{"channel.subscription.message", decode_resub},
		{"channel.follow", decode_follow},
		{"channel.raid", decode_raid},
		{"channel.chat.message", decode_chat},
	};
	json_t *ev = json_object_get(payload, "event");

	if (!json_is_object(ev)) {
		lk_bridge_err(err, err_size, "payload.event: required, an object");
		return false;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strcmp(m->subscription_type, kinds[i].type)) {
			if (!kinds[i].fn(m, ev, err, err_size))
				return false;
			lk_tw_message_fix_gift(m);
			return true;
		}
	}
	m->event = LK_TW_NONE;
	snprintf(m->skip, sizeof(m->skip), "a subscription type Linkon does not use");
	return true;
}

static bool decode_session(struct lk_tw_message *m, const json_t *payload, char *err, size_t err_size)
{
	json_t *s = json_object_get(payload, "session");
	int64_t ka;

	if (!json_is_object(s)) {
		lk_bridge_err(err, err_size, "payload.session: required, an object");
		return false;
	}
	if (!lk_bridge_get_id(s, "id", true, m->session_id, "payload.session", err, err_size) ||
	    !lk_bridge_get_int(s, "keepalive_timeout_seconds", 1, 3600, -1, &ka, "payload.session", err, err_size))
		return false;
	m->keepalive_s = (int)ka;
	if (m->type == LK_TW_WELCOME && ka < 0) {
		lk_bridge_err(err, err_size, "payload.session.keepalive_timeout_seconds: required in a welcome");
		return false;
	}
	if (m->type == LK_TW_RECONNECT) {
		const char *url = json_string_value(json_object_get(s, "reconnect_url"));
		size_t n = url ? strlen(url) : 0;
		bool ok = n > 5 && n <= LK_TW_MAX_URL && (!strncmp(url, "wss://", 6) || !strncmp(url, "ws://", 5));
		for (size_t i = 0; ok && i < n; i++)
			ok = (unsigned char)url[i] > 0x20 && (unsigned char)url[i] < 0x7f;
		if (!ok) {
			lk_bridge_err(err, err_size, "payload.session.reconnect_url: required, a ws(s):// URL");
			return false;
		}
		memcpy(m->reconnect_url, url, n + 1);
	}
	return true;
}

static bool decode_revocation(struct lk_tw_message *m, const json_t *payload, char *err, size_t err_size)
{
	json_t *sub = json_object_get(payload, "subscription");
	const char *status = json_string_value(json_object_get(sub, "status"));

	if (!json_is_object(sub) || !status) {
		lk_bridge_err(err, err_size, "payload.subscription.status: required, a string");
		return false;
	}
	lk_utf8_copy(m->revoke_status, sizeof(m->revoke_status), status);
	for (char *p = m->revoke_status; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	m->revoke = !strcmp(status, "authorization_revoked") ? LK_TW_REVOKE_AUTH
		    : !strcmp(status, "user_removed")        ? LK_TW_REVOKE_USER
		    : !strcmp(status, "version_removed")     ? LK_TW_REVOKE_VERSION
							     : LK_TW_REVOKE_OTHER;
	if (!m->subscription_type[0]) {
		const char *t = json_string_value(json_object_get(sub, "type"));
		if (t && strlen(t) <= LK_TW_MAX_TYPE)
			snprintf(m->subscription_type, sizeof(m->subscription_type), "%s", t);
	}
	return true;
}

static bool type_field(const json_t *o, const char *key, char *out, size_t size, bool required, const char *where,
		       char *err, size_t err_size)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	out[0] = '\0';
	if (!v || json_is_null(v)) {
		if (required)
			lk_bridge_err(err, err_size, "%s.%s: required", where, key);
		return !required;
	}
	bool ok = s && json_string_length(v) >= 1 && json_string_length(v) < size;
	for (size_t i = 0; ok && s[i]; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_';
	if (!ok) {
		lk_bridge_err(err, err_size, "%s.%s: must be a name of lower-case letters, digits, '.' and '_'", where,
			      key);
		return false;
	}
	memcpy(out, s, json_string_length(v) + 1);
	return true;
}

static bool decode_envelope(struct lk_tw_message *m, const json_t *root, char *err, size_t err_size)
{
	json_t *md = json_object_get(root, "metadata");
	json_t *payload = json_object_get(root, "payload");
	const char *ts;

	if (!json_is_object(md)) {
		lk_bridge_err(err, err_size, "metadata: required, an object");
		return false;
	}
	if (!lk_bridge_get_id(md, "message_id", true, m->message_id, "metadata", err, err_size) ||
	    !type_field(md, "message_type", m->message_type, sizeof(m->message_type), true, "metadata", err,
			err_size) ||
	    !type_field(md, "subscription_type", m->subscription_type, sizeof(m->subscription_type), false, "metadata",
			err, err_size))
		return false;
	ts = json_string_value(json_object_get(md, "message_timestamp"));
	if (ts && !lk_shopify_time_parse(ts, &m->time_ms))
		m->time_ms = 0; /* an odd timestamp costs only the time */
	if (payload && !json_is_null(payload) && !json_is_object(payload)) {
		lk_bridge_err(err, err_size, "payload: must be an object");
		return false;
	}
	m->keepalive_s = -1;

	static const struct {
		const char *name;
		enum lk_tw_type type;
	} types[] = {
		{"session_welcome", LK_TW_WELCOME},   {"session_keepalive", LK_TW_KEEPALIVE},
		{"notification", LK_TW_NOTIFICATION}, {"session_reconnect", LK_TW_RECONNECT},
		{"revocation", LK_TW_REVOCATION},
	};
	m->type = LK_TW_UNKNOWN;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(m->message_type, types[i].name))
			m->type = types[i].type;

	switch (m->type) {
	case LK_TW_WELCOME:
	case LK_TW_RECONNECT:
		return decode_session(m, payload, err, err_size);
	case LK_TW_NOTIFICATION:
		if (!m->subscription_type[0]) {
			lk_bridge_err(err, err_size, "metadata.subscription_type: required in a notification");
			return false;
		}
		return decode_notification(m, payload, err, err_size);
	case LK_TW_REVOCATION:
		return decode_revocation(m, payload, err, err_size);
	default:
		return true;
	}
}

bool lk_twitch_decode(const char *text, size_t len, struct lk_tw_message *m, char *err, size_t err_size)
{
	memset(m, 0, sizeof(*m));
	if (len > LK_TW_MAX_MESSAGE) {
		lk_bridge_err(err, err_size, "message too large (%zu bytes, at most %zu)", len, LK_TW_MAX_MESSAGE);
		return false;
	}
	json_t *root = lk_bridge_parse_object(text, len, err, err_size);
	if (!root)
		return false;
	bool ok = decode_envelope(m, root, err, err_size);
	json_decref(root);
	if (!ok)
		memset(m, 0, sizeof(*m));
	return ok;
}

/* ---- Helix and OAuth -------------------------------------------------------- */

static json_t *parse(const char *body, size_t len, char *err, size_t err_size)
{
	if (len > LK_TW_MAX_MESSAGE) {
		lk_bridge_err(err, err_size, "answer too large (%zu bytes)", len);
		return NULL;
	}
	return lk_bridge_parse_object(body, len, err, err_size);
}

void lk_twitch_error_words(const char *body, size_t len, long http_status, char *out, size_t out_size)
{
	char err[64];
	json_t *root = body && len ? parse(body, len, err, sizeof(err)) : NULL;

	out[0] = '\0';
	if (root && !text_of(root, "message", out, out_size, "", err, sizeof(err)))
		out[0] = '\0';
	json_decref(root);
	if (!out[0])
		snprintf(out, out_size, "HTTP %ld", http_status);
}

bool lk_twitch_decode_created(const char *body, size_t len, char *id, size_t id_size, char *err, size_t err_size)
{
	json_t *root = parse(body, len, err, err_size);
	json_t *d0 = json_array_get(json_object_get(root, "data"), 0);
	char rid[LK_BRIDGE_MAX_ID + 1];
	bool ok = false;

	if (root && !json_is_object(d0))
		lk_bridge_err(err, err_size, "data[0]: required, the subscription");
	else if (root && lk_bridge_get_id(d0, "id", true, rid, "data[0]", err, err_size)) {
		lk_utf8_copy(id, id_size, rid);
		ok = true;
	}
	json_decref(root);
	return ok;
}

/* A secret or code string: 1..size-1 visible ASCII bytes (it goes into a header or a form). */
static bool token_field(const json_t *o, const char *key, char *out, size_t size, bool required, char *err,
			size_t err_size)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	out[0] = '\0';
	if (!v || json_is_null(v)) {
		if (required)
			lk_bridge_err(err, err_size, "%s: required", key);
		return !required;
	}
	bool ok = s && json_string_length(v) >= 1 && json_string_length(v) < size;
	for (size_t i = 0; ok && s[i]; i++)
		ok = (unsigned char)s[i] > 0x20 && (unsigned char)s[i] < 0x7f;
	if (!ok) {
		lk_bridge_err(err, err_size, "%s: must be 1..%zu visible ASCII characters", key, size - 1);
		return false;
	}
	memcpy(out, s, json_string_length(v) + 1);
	return true;
}

static void scopes_of(const json_t *o, const char *key, char *out, size_t size)
{
	json_t *a = json_object_get(o, key);
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));
		size_t l = s ? strlen(s) : 0;
		if (!l || n + l + 2 > size)
			continue;
		if (n)
			out[n++] = ' ';
		memcpy(out + n, s, l + 1);
		n += l;
	}
}

bool lk_twitch_decode_validate(const char *body, size_t len, struct lk_tw_validate *v, char *err, size_t err_size)
{
	json_t *root = parse(body, len, err, err_size);
	char uid[LK_BRIDGE_MAX_ID + 1];
	bool ok = root && lk_bridge_get_id(root, "user_id", true, uid, "", err, err_size) &&
		  text_of(root, "login", v->login, sizeof(v->login), "", err, err_size) &&
		  token_field(root, "client_id", v->client_id, sizeof(v->client_id), false, err, err_size) &&
		  lk_bridge_get_int(root, "expires_in", 0, 1LL << 40, 0, &v->expires_in, "", err, err_size);
	if (ok) {
		lk_utf8_copy(v->user_id, sizeof(v->user_id), uid);
		scopes_of(root, "scopes", v->scopes, sizeof(v->scopes));
	}
	json_decref(root);
	if (!ok)
		memset(v, 0, sizeof(*v));
	return ok;
}

char *lk_twitch_sub_body(const struct lk_tw_sub_type *sub, const char *broadcaster_id, const char *session_id)
{
	json_t *cond = json_object();

	json_object_set_new(cond, sub->raid ? "to_broadcaster_user_id" : "broadcaster_user_id",
			    json_string(broadcaster_id));
	if (sub->moderator)
		json_object_set_new(cond, "moderator_user_id", json_string(broadcaster_id));
	if (sub->user)
		json_object_set_new(cond, "user_id", json_string(broadcaster_id));
	json_t *body = json_pack("{s:s, s:s, s:o, s:{s:s, s:s}}", "type", sub->type, "version", sub->version,
				 "condition", cond, "transport", "method", "websocket", "session_id", session_id);
	char *text = body ? json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(body);
	return text;
}
