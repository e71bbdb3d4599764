/*
 * Linkon — the dock's "Live rooms" tab and comment-rule editor as data
 * (see lk-dock-rooms.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-rooms.h"
#include "lk-claims.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const text_keys[] = {
	"Dock.Rooms.State.Off",
	"Dock.Rooms.State.SignIn",
	"Dock.Rooms.State.Connecting",
	"Dock.Rooms.State.Live",
	"Dock.Rooms.State.Waiting",
	"Dock.Rooms.State.Retry",
	"Dock.Rooms.State.Error",
	"Dock.Rooms.Platform.TikTok",
	"Dock.Rooms.Platform.Twitch",
	"Dock.Rooms.Platform.YouTube",
	"Dock.Rooms.LastEvent",
	"Dock.Rooms.LastEvent.Now",
	"Dock.Rooms.NoEvents",
	"Dock.Rooms.Quota",
	"Dock.Retry",
	"Dock.Retry.Now",
	"Dock.Rooms.Need.Url",
	"Dock.Rooms.Need.Token",
	"Dock.Rooms.Need.ClientId",
	"Dock.Rooms.Need.ClientSecret",
	"Dock.Rooms.Need.VideoId",
	"Dock.Rooms.Need.YouTube",
	"Dock.Rooms.Bad.VideoId",
	"Dock.Claims.Bad.Words",
	"Dock.Claims.Bad.Pinned",
	"Dock.Claims.Bad.Actions",
	"Dock.Claims.Bad.ViewerCooldown",
	"Dock.Claims.Bad.GlobalCooldown",
	"Dock.Claims.Bad.Other",
};

const char *const *lk_dock_rooms_text_keys(size_t *n)
{
	*n = sizeof(text_keys) / sizeof(text_keys[0]);
	return text_keys;
}

/* ---- the rows -------------------------------------------------------------- */

uint32_t lk_dock_room_color(enum lk_es_state state)
{
	switch (state) {
	case LK_ES_LIVE:
		return LK_DOCK_ROOM_GREEN;
	case LK_ES_CONNECTING:
	case LK_ES_WAITING:
	case LK_ES_RETRY:
		return LK_DOCK_ROOM_AMBER;
	case LK_ES_ERROR:
		return LK_DOCK_ROOM_RED;
	case LK_ES_SIGN_IN:
		return LK_DOCK_ROOM_BLUE;
	default:
		return LK_DOCK_ROOM_GREY;
	}
}

const char *lk_dock_room_state_key(enum lk_es_state state)
{
	switch (state) {
	case LK_ES_SIGN_IN:
		return "Dock.Rooms.State.SignIn";
	case LK_ES_CONNECTING:
		return "Dock.Rooms.State.Connecting";
	case LK_ES_LIVE:
		return "Dock.Rooms.State.Live";
	case LK_ES_WAITING:
		return "Dock.Rooms.State.Waiting";
	case LK_ES_RETRY:
		return "Dock.Rooms.State.Retry";
	case LK_ES_ERROR:
		return "Dock.Rooms.State.Error";
	default:
		return "Dock.Rooms.State.Off";
	}
}

const char *lk_dock_room_platform_key(const char *platform)
{
	if (!platform)
		return NULL;
	if (strcmp(platform, "tiktok") == 0)
		return "Dock.Rooms.Platform.TikTok";
	if (strcmp(platform, "twitch") == 0)
		return "Dock.Rooms.Platform.Twitch";
	if (strcmp(platform, "youtube") == 0)
		return "Dock.Rooms.Platform.YouTube";
	return NULL;
}

void lk_dock_room_row_init(struct lk_dock_room_row *r)
{
	memset(r, 0, sizeof(*r));
}

void lk_dock_room_row_free(struct lk_dock_room_row *r)
{
	dstr_free(&r->title);
	dstr_free(&r->state);
	dstr_free(&r->detail);
	dstr_free(&r->error);
	dstr_free(&r->code);
	dstr_free(&r->url);
	memset(r, 0, sizeof(*r));
}

/* dstr_copy, but "" stays a string (dstr_copy of "" frees it). */
static void set(struct dstr *out, const char *s)
{
	if (s && *s)
		dstr_copy(out, s);
	else
		lk_dock_empty(out);
}

static void join(struct dstr *out, const char *part)
{
	if (!part || !*part)
		return;
	if (!dstr_is_empty(out))
		dstr_cat(out, " \xC2\xB7 "); /* " · " */
	dstr_cat(out, part);
}

/* "Last event 12 s ago", "Last event just now", "No events yet" (live
 * without one), "" (off, or never one while not live). */
static void event_age(struct dstr *out, const struct lk_es_status *st, int64_t now_ms, lk_dock_text_fn tr)
{
	struct dstr span = {0};
	lk_dock_empty(out);
	if (st->state == LK_ES_OFF)
		;
	else if (st->last_event_ms <= 0 && st->state == LK_ES_LIVE)
		dstr_copy(out, tr("Dock.Rooms.NoEvents"));
	else if (st->last_event_ms <= 0)
		;
	else if (now_ms - st->last_event_ms < 1000)
		dstr_copy(out, tr("Dock.Rooms.LastEvent.Now"));
	else
		lk_dock_fill(out, tr("Dock.Rooms.LastEvent"), lk_dock_span(&span, now_ms - st->last_event_ms, tr),
			     NULL);
	dstr_free(&span);
}

static void retry_in(struct dstr *out, const struct lk_es_status *st, int64_t now_ms, lk_dock_text_fn tr)
{
	struct dstr span = {0};
	lk_dock_empty(out);
	if (st->state != LK_ES_RETRY || st->retry_at_ms <= 0)
		;
	else if (st->retry_at_ms - now_ms < 1000)
		dstr_copy(out, tr("Dock.Retry.Now"));
	else /* rounded up: "in 1 s" until the try */
		lk_dock_fill(out, tr("Dock.Retry"), lk_dock_span(&span, st->retry_at_ms - now_ms + 999, tr), NULL);
	dstr_free(&span);
}

void lk_dock_room_row_fill(struct lk_dock_room_row *r, const struct lk_es_entry *e, int64_t now_ms, lk_dock_text_fn tr)
{
	struct lk_es_status *st = bmemdup(&e->status, sizeof(e->status));
	enum lk_es_state state = e->enabled ? st->state : LK_ES_OFF;
	struct dstr part = {0};
	st->state = state; /* switched off: off, whatever it said last */

	snprintf(r->id, sizeof(r->id), "%s", e->id);
	r->color = lk_dock_room_color(state);
	r->enabled = e->enabled;

	/* the entry's name (the manager's default is the platform's), else the platform's */
	const char *key = lk_dock_room_platform_key(e->platform);
	set(&r->title, e->name[0] ? e->name : key ? tr(key) : e->id);
	if (st->account[0] && state != LK_ES_OFF)
		join(&r->title, st->account);

	set(&r->state, tr(lk_dock_room_state_key(state)));

	lk_dock_empty(&r->detail);
	event_age(&part, st, now_ms, tr);
	join(&r->detail, part.array);
	retry_in(&part, st, now_ms, tr);
	join(&r->detail, part.array);
	if (st->quota_units_per_hour >= 0 && state != LK_ES_OFF && strcmp(e->platform, "youtube") == 0) {
		struct dstr n = {0};
		lk_dock_fill(&part, tr("Dock.Rooms.Quota"), lk_dock_int(&n, st->quota_units_per_hour), NULL);
		join(&r->detail, part.array);
		dstr_free(&n);
	}

	/* what happened, in words: not while all is well, nor when off */
	lk_dock_empty(&r->error);
	if (state != LK_ES_OFF && state != LK_ES_LIVE) {
		if (st->msg.code != LK_MSG_NONE)
			lk_dock_msg_text(&r->error, &st->msg, tr);
		else if ((state == LK_ES_ERROR || state == LK_ES_RETRY) && st->detail[0])
			set(&r->error, st->detail); /* words Linkon has no code for */
	}

	bool showing_code = state == LK_ES_SIGN_IN && st->user_code[0];
	lk_dock_empty(&r->code);
	lk_dock_empty(&r->url);
	if (showing_code) {
		set(&r->code, st->user_code);
		set(&r->url, st->verify_url);
	}
	r->sign_in = e->can_sign_in && e->enabled && !showing_code &&
		     (state == LK_ES_SIGN_IN || state == LK_ES_ERROR || !st->account[0]);
	r->sign_out = e->can_sign_in && e->enabled && st->account[0] != '\0';
	r->problem = state == LK_ES_ERROR || state == LK_ES_SIGN_IN;
	dstr_free(&part);
	bfree(st);
}

uint32_t lk_dock_rooms_summary_color(const struct lk_es_entry *rows, size_t n)
{
	/* the most urgent colour wins */
	static const uint32_t order[] = {LK_DOCK_ROOM_RED, LK_DOCK_ROOM_BLUE, LK_DOCK_ROOM_AMBER, LK_DOCK_ROOM_GREEN};
	size_t best = sizeof(order) / sizeof(order[0]);
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].enabled)
			continue;
		uint32_t c = lk_dock_room_color(rows[i].status.state);
		for (size_t k = 0; k < best; k++) {
			if (order[k] == c) {
				best = k;
				break;
			}
		}
	}
	return best < sizeof(order) / sizeof(order[0]) ? order[best] : LK_DOCK_ROOM_GREY;
}

int64_t lk_dock_rooms_next_tick_ms(const struct lk_es_entry *rows, size_t n, bool visible, int64_t now_ms)
{
	if (!visible)
		return -1;
	int64_t next = LK_DOCK_ROOMS_POLL_MS;
	for (size_t i = 0; i < n; i++) {
		const struct lk_es_status *st = &rows[i].status;
		if (!rows[i].enabled)
			continue;
		int64_t until_retry = st->retry_at_ms - now_ms;
		if (st->state == LK_ES_RETRY && st->retry_at_ms > 0 && until_retry >= 1000) {
			int64_t t = until_retry % 1000 + 1; /* the next whole second of "in N s" */
			next = t < next ? t : next;
		}
		if (st->last_event_ms > 0 && st->state != LK_ES_OFF) {
			int64_t age = now_ms - st->last_event_ms;
			int64_t t = age < 1000 ? 1000 - (age < 0 ? 0 : age) : 1000 - age % 1000 + 1;
			next = t < next ? t : next;
		}
	}
	return next;
}

/* ---- adding a live room ------------------------------------------------------- */

const char *lk_dock_room_kind_type(enum lk_dock_room_kind kind)
{
	switch (kind) {
	case LK_DOCK_ROOM_TWITCH:
		return "twitch";
	case LK_DOCK_ROOM_YOUTUBE:
		return "youtube";
	default:
		return "tiktok_live";
	}
}

/* s without the white space at its ends, into out (size out_size); "" for NULL. */
static const char *trimmed(const char *s, char *out, size_t out_size)
{
	out[0] = '\0';
	if (!s)
		return out;
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= out_size)
		n = out_size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

static bool has_space(const char *s)
{
	for (; *s; s++)
		if (isspace((unsigned char)*s))
			return true;
	return false;
}

static bool is_http_url(const char *s)
{
	const char *rest = strncmp(s, "http://", 7) == 0 ? s + 7 : strncmp(s, "https://", 8) == 0 ? s + 8 : NULL;
	return rest && *rest && *rest != '/' && !has_space(s);
}

static bool video_id_ok(const char *id, size_t n)
{
	if (n != 11)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (!isalnum((unsigned char)c) && c != '-' && c != '_')
			return false;
	}
	return true;
}

/* A video id, or the id in a watch URL ("…/watch?v=ID", "youtu.be/ID",
 * "…/live/ID"), into out[12]; false when there is none. */
static bool video_id_of(const char *s, char out[12])
{
	const char *p = NULL;
	const char *marks[] = {"v=", "youtu.be/", "/live/", "/shorts/"};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]) && !p; i++) {
		const char *m = strstr(s, marks[i]);
		if (m)
			p = m + strlen(marks[i]);
	}
	if (!p)
		p = s;
	size_t n = strcspn(p, "&?#/");
	if (!video_id_ok(p, n))
		return false;
	memcpy(out, p, 11);
	out[11] = '\0';
	return true;
}

static bool id_used(const char *id, const char *const *used, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (used[i] && strcmp(used[i], id) == 0)
			return true;
	return false;
}

static void set_str(json_t *obj, const char *key, const char *value)
{
	if (value && *value)
		json_object_set_new(obj, key, json_string(value));
}

json_t *lk_dock_room_entry(const struct lk_dock_room_form *f, const char *const *used_ids, size_t n,
			   const char **err_key)
{
	char a[LK_ES_MAX_URL], b[LK_ES_MAX_URL], name[LK_ES_MAX_NAME];
	const char *err = NULL;
	json_t *e = json_object();

	*err_key = NULL;
	json_object_set_new(e, "type", json_string(lk_dock_room_kind_type(f->kind)));
	switch (f->kind) {
	case LK_DOCK_ROOM_TIKTOK:
		if (!is_http_url(trimmed(f->url, a, sizeof(a))))
			err = "Dock.Rooms.Need.Url";
		trimmed(f->token, b, sizeof(b));
		if (!err && (strlen(b) < 16 || has_space(b)))
			err = "Dock.Rooms.Need.Token"; /* the bridge's LINKON_BRIDGE_TOKEN: 16..256 characters */
		set_str(e, "url", a);
		set_str(e, "token", b);
		break;
	case LK_DOCK_ROOM_TWITCH:
		trimmed(f->client_id, a, sizeof(a));
		if (!*a || has_space(a))
			err = "Dock.Rooms.Need.ClientId";
		set_str(e, "client_id", a);
		break;
	default: {
		char vid[12] = "";
		const char *id = trimmed(f->client_id, a, sizeof(a));
		const char *key = trimmed(f->api_key, b, sizeof(b));
		char video[LK_ES_MAX_URL];
		trimmed(f->video_id, video, sizeof(video));
		if (*video && !video_id_of(video, vid))
			err = "Dock.Rooms.Bad.VideoId";
		if (*id) {
			char secret[LK_ES_MAX_URL];
			if (has_space(id))
				err = "Dock.Rooms.Need.ClientId";
			else if (!*trimmed(f->client_secret, secret, sizeof(secret)))
				err = "Dock.Rooms.Need.ClientSecret";
			set_str(e, "client_id", id);
			set_str(e, "client_secret", secret);
		} else if (*key) {
			if (!*video)
				err = "Dock.Rooms.Need.VideoId";
		} else {
			err = "Dock.Rooms.Need.YouTube";
		}
		set_str(e, "api_key", key);
		set_str(e, "video_id", vid);
		break;
	}
	}
	if (err) {
		*err_key = err;
		json_decref(e);
		return NULL;
	}

	static const char *const bases[LK_DOCK_ROOM_KINDS] = {"tiktok", "twitch", "youtube"};
	const char *base = bases[f->kind < LK_DOCK_ROOM_KINDS ? f->kind : 0];
	char id[LK_ES_MAX_ID];
	snprintf(id, sizeof(id), "%s", base);
	for (int i = 2; id_used(id, used_ids, n); i++)
		snprintf(id, sizeof(id), "%s-%d", base, i);
	json_object_set_new(e, "id", json_string(id));
	json_object_set_new(e, "enabled", json_true());
	set_str(e, "name", trimmed(f->name, name, sizeof(name)));
	return e;
}

/* ---- the comment rules -------------------------------------------------------- */

void lk_dock_claims_form_init(struct lk_dock_claims_form *f)
{
	memset(f, 0, sizeof(*f));
	lk_dock_empty(&f->words);
	lk_dock_empty(&f->pinned);
	lk_dock_empty(&f->actions);
}

void lk_dock_claims_form_free(struct lk_dock_claims_form *f)
{
	dstr_free(&f->words);
	dstr_free(&f->pinned);
	dstr_free(&f->actions);
	memset(f, 0, sizeof(*f));
}

static void list_text(struct dstr *out, const char (*list)[LK_CLAIM_MAX_WORD + 1], size_t n)
{
	lk_dock_empty(out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			dstr_cat(out, ", ");
		dstr_cat(out, list[i]);
	}
}

void lk_dock_claims_form_fill(struct lk_dock_claims_form *f, const json_t *claims)
{
	struct lk_claim_rules *r = bmalloc(sizeof(*r));
	char err[256];
	if (!lk_claim_rules_from_json(claims, r, err, sizeof(err)))
		lk_claim_rules_default(r);
	f->enabled = r->enabled;
	list_text(&f->words, r->words, r->num_words);
	list_text(&f->pinned, r->pinned, r->num_pinned);
	lk_dock_empty(&f->actions);
	for (size_t i = 0; i < r->num_actions; i++)
		dstr_catf(&f->actions, "%s%s = %lld", i ? "\n" : "", r->actions[i].keyword,
			  (long long)r->actions[i].seconds);
	f->viewer_cooldown_s = r->viewer_cooldown_ms / 1000;
	f->global_cooldown_s = r->global_cooldown_ms / 1000;
	bfree(r);
}

/* Does s start with a list separator (",", "\n", "，", "、", "،", ";")?
 * Its length, else 0. */
static size_t separator(const char *s)
{
	static const char *const seps[] = {",",        "\n",          "\r", ";", "\xEF\xBC\x8C", "\xE3\x80\x81",
					   "\xD8\x8C", "\xEF\xBC\x9B"};
	for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		size_t n = strlen(seps[i]);
		if (strncmp(s, seps[i], n) == 0)
			return n;
	}
	return 0;
}

/* The items of a list text (trimmed, empty ones left out) as a JSON array of strings. */
static json_t *split_list(const char *text)
{
	json_t *arr = json_array();
	struct dstr item = {0};
	const char *p = text ? text : "";
	for (;;) {
		size_t sep = separator(p);
		if (sep || !*p) {
			char buf[LK_CLAIM_MAX_TEXT + 1];
			trimmed(item.array, buf, sizeof(buf));
			if (*buf)
				json_array_append_new(arr, json_string(buf));
			dstr_free(&item);
			if (!*p)
				break;
			p += sep;
			continue;
		}
		dstr_ncat(&item, p, 1);
		p++;
	}
	return arr;
}

/* "keyword = seconds" lines into an "actions" array; false (and the
 * 1-based line in *line) for a line whose seconds are not a number. */
static bool split_actions(const char *text, json_t *arr, int *line)
{
	const char *p = text ? text : "";
	int n = 0;
	while (*p) {
		size_t len = strcspn(p, "\r\n");
		char buf[LK_CLAIM_MAX_TEXT + 1], kw[LK_CLAIM_MAX_TEXT + 1], secs[32];
		snprintf(buf, sizeof(buf), "%.*s", (int)(len < LK_CLAIM_MAX_TEXT ? len : LK_CLAIM_MAX_TEXT), p);
		p += len;
		p += strspn(p, "\r\n");
		char *eq = strchr(buf, '=');
		if (eq)
			*eq = '\0';
		trimmed(buf, kw, sizeof(kw));
		trimmed(eq ? eq + 1 : "", secs, sizeof(secs));
		if (!*kw && !*secs)
			continue; /* an empty line */
		n++;
		json_t *a = json_object();
		json_object_set_new(a, "keyword", json_string(kw));
		json_object_set_new(a, "action", json_string("show_qr"));
		if (*secs) {
			char *end = NULL;
			long long v = strtoll(secs, &end, 10);
			if (!end || *end) {
				json_decref(a);
				*line = n;
				return false;
			}
			json_object_set_new(a, "seconds", json_integer(v));
		}
		json_array_append_new(arr, a);
	}
	return true;
}

/* The form's field a lk_claim_rules_from_json reason names, and the item. */
static const char *reason_key(const char *err, int *line)
{
	static const char *const fields[][2] = {
		{"claims.words", "Dock.Claims.Bad.Words"},
		{"claims.pinned", "Dock.Claims.Bad.Pinned"},
		{"claims.actions", "Dock.Claims.Bad.Actions"},
		{"claims.viewer_cooldown_ms", "Dock.Claims.Bad.ViewerCooldown"},
		{"claims.global_cooldown_ms", "Dock.Claims.Bad.GlobalCooldown"},
	};
	const char *br = strchr(err, '[');
	*line = br ? atoi(br + 1) + 1 : 0;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		size_t n = strlen(fields[i][0]);
		if (strncmp(err, fields[i][0], n) == 0 && (err[n] == '[' || err[n] == ':'))
			return fields[i][1];
	}
	return "Dock.Claims.Bad.Other";
}

json_t *lk_dock_claims_form_build(const struct lk_dock_claims_form *f, const char **err_key, int *line)
{
	int at = 0;
	json_t *obj = json_object();
	json_t *actions = json_array();
	*err_key = NULL;

	json_object_set_new(obj, "enabled", json_boolean(f->enabled));
	json_object_set_new(obj, "words", split_list(f->words.array));
	json_object_set_new(obj, "pinned", split_list(f->pinned.array));
	bool ok = split_actions(f->actions.array, actions, &at);
	json_object_set_new(obj, "actions", actions);
	json_object_set_new(obj, "viewer_cooldown_ms", json_integer(f->viewer_cooldown_s * 1000));
	json_object_set_new(obj, "global_cooldown_ms", json_integer(f->global_cooldown_s * 1000));
	if (!ok) {
		*err_key = "Dock.Claims.Bad.Actions";
	} else {
		struct lk_claim_rules *r = bmalloc(sizeof(*r));
		char err[256] = "";
		if (!lk_claim_rules_from_json(obj, r, err, sizeof(err)))
			*err_key = reason_key(err, &at);
		bfree(r);
	}
	if (line)
		*line = *err_key ? at : 0;
	if (*err_key) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}
