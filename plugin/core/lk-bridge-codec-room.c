/*
 * Linkon — bridge protocol v1 codec: the live-room events of the stream.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   like     {"id", "platform"?, "user"?, "count"? (1..1000000, default 1), "total"?}
 *   follow   {"id", "platform"?, "user"}
 *   share    {"id", "platform"?, "user"}
 *   comment  {"id", "platform"?, "user", "text"}
 *   viewers  {"id"?, "platform"?, "count"}
 * user = {"id"?, "name"?}: at least one of them for follow, share, comment.
 */
#include "lk-bridge-codec-priv.h"
#include "lk-str.h"

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

enum lk_room_kind lk_bridge_room_kind(const char *type)
{
	static const enum lk_room_kind kinds[] = {LK_ROOM_LIKE, LK_ROOM_FOLLOW, LK_ROOM_SHARE, LK_ROOM_COMMENT,
						  LK_ROOM_VIEWERS};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(type, lk_room_kind_name(kinds[i])) == 0)
			return kinds[i];
	}
	return LK_ROOM_NONE;
}

/* A text field into out[max + 1] ("" when absent). */
static bool text_into(const json_t *o, const char *key, size_t max, char *out, const char *where, char *err,
		      size_t err_size)
{
	char *s = NULL;

	out[0] = '\0';
	if (!lk_bridge_get_text(o, key, max, &s, where, err, err_size))
		return false;
	if (s) {
		lk_utf8_drop_bidi(s);
		snprintf(out, max + 1, "%s", s);
		bfree(s);
	}
	return true;
}

static bool room_user(const json_t *o, struct lk_room_event *ev, bool required, char *err, size_t err_size)
{
	json_t *user = json_object_get(o, "user");

	if (user && !json_is_null(user) && !json_is_object(user)) {
		lk_bridge_err(err, err_size, "user: must be an object");
		return false;
	}
	if (json_is_object(user)) {
		if (!lk_bridge_get_id(user, "id", false, ev->user_id, "user", err, err_size) ||
		    !text_into(user, "name", LK_ROOM_MAX_NAME, ev->user_name, "user", err, err_size))
			return false;
	}
	if (required && !ev->user_id[0] && !ev->user_name[0]) {
		lk_bridge_err(err, err_size, "user: required, with an id or a name");
		return false;
	}
	return true;
}

static bool room_platform(const json_t *o, struct lk_room_event *ev, char *err, size_t err_size)
{
	json_t *v = json_object_get(o, "platform");

	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v) || !lk_gift_platform_ok(json_string_value(v), json_string_length(v))) {
		lk_bridge_err(err, err_size, "platform: must be 1..%d lower-case letters, digits, '-' or '_'",
			      LK_GIFT_MAX_PLATFORM);
		return false;
	}
	memcpy(ev->platform, json_string_value(v), json_string_length(v) + 1);
	return true;
}

bool lk_bridge_room_from_json(const json_t *o, enum lk_room_kind kind, struct lk_room_event *ev, char *err,
			      size_t err_size)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->count = 1;
	ev->total = -1;
	if (!lk_bridge_get_id(o, "id", kind != LK_ROOM_VIEWERS, ev->id, "", err, err_size) ||
	    !room_platform(o, ev, err, err_size))
		return false;
	bool user_needed = kind == LK_ROOM_FOLLOW || kind == LK_ROOM_SHARE || kind == LK_ROOM_COMMENT;
	if (!room_user(o, ev, user_needed, err, err_size))
		return false;

	switch (kind) {
	case LK_ROOM_LIKE:
		return lk_bridge_get_int(o, "count", 1, LK_ROOM_MAX_LIKES, 1, &ev->count, "", err, err_size) &&
		       lk_bridge_get_int(o, "total", 0, LK_ROOM_MAX_COUNT, -1, &ev->total, "", err, err_size);
	case LK_ROOM_VIEWERS:
		if (!json_object_get(o, "count") || json_is_null(json_object_get(o, "count"))) {
			lk_bridge_err(err, err_size, "count: required, the number of viewers now");
			return false;
		}
		return lk_bridge_get_int(o, "count", 0, LK_ROOM_MAX_COUNT, 0, &ev->count, "", err, err_size);
	case LK_ROOM_COMMENT:
		if (!text_into(o, "text", LK_ROOM_MAX_TEXT, ev->text, "", err, err_size))
			return false;
		if (!json_is_string(json_object_get(o, "text"))) {
			lk_bridge_err(err, err_size, "text: required, a string");
			return false;
		}
		return true;
	default:
		return true;
	}
}
