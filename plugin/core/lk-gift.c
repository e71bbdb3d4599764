/*
 * Linkon — gift events: field rules, clean-up and the jansson reader.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The one-pass JSON text reader is in lk-gift-json.c; both readers feed the
 * same lk_gift_ctx_set() rules below.
 */
#include "lk-gift-priv.h"
#include "lk-str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <util/bmem.h>

/* ---- field tables ------------------------------------------------------ */

struct field_info {
	const char *path;
	enum lk_gift_field parent;
	enum lk_gift_level level; /* level of the object holding the key */
	const char *key;
	size_t klen;
};

static const struct field_info fields[LK_GF_NUM] = {
	[LK_GF_ID] = {"id", LK_GF_NONE, LK_GL_TOP, "id", 2},
	[LK_GF_SENDER_ID] = {"sender.id", LK_GF_SENDER, LK_GL_SENDER, "id", 2},
	[LK_GF_SENDER_NAME] = {"sender.name", LK_GF_SENDER, LK_GL_SENDER, "name", 4},
	[LK_GF_SENDER_AVATAR] = {"sender.avatar", LK_GF_SENDER, LK_GL_SENDER, "avatar", 6},
	[LK_GF_GIFT_ID] = {"gift.id", LK_GF_GIFT, LK_GL_GIFT, "id", 2},
	[LK_GF_GIFT_NAME] = {"gift.name", LK_GF_GIFT, LK_GL_GIFT, "name", 4},
	[LK_GF_GIFT_IMAGE] = {"gift.image", LK_GF_GIFT, LK_GL_GIFT, "image", 5},
	[LK_GF_STREAK] = {"streak", LK_GF_NONE, LK_GL_TOP, "streak", 6},
	[LK_GF_PLATFORM] = {"platform", LK_GF_NONE, LK_GL_TOP, "platform", 8},
	[LK_GF_CURRENCY] = {"gift.money.currency", LK_GF_MONEY, LK_GL_MONEY, "currency", 8},
	[LK_GF_VALUE] = {"gift.value", LK_GF_GIFT, LK_GL_GIFT, "value", 5},
	[LK_GF_AMOUNT] = {"gift.money.amount", LK_GF_MONEY, LK_GL_MONEY, "amount", 6},
	[LK_GF_COUNT] = {"count", LK_GF_NONE, LK_GL_TOP, "count", 5},
	[LK_GF_STREAK_END] = {"streakEnd", LK_GF_NONE, LK_GL_TOP, "streakEnd", 9},
	[LK_GF_SENDER] = {"sender", LK_GF_NONE, LK_GL_TOP, "sender", 6},
	[LK_GF_GIFT] = {"gift", LK_GF_NONE, LK_GL_TOP, "gift", 4},
	[LK_GF_MONEY] = {"gift.money", LK_GF_GIFT, LK_GL_GIFT, "money", 5},
};

enum lk_gift_field lk_gift_field_of(enum lk_gift_level level, const char *key, size_t klen)
{
	if (level == LK_GL_OTHER)
		return LK_GF_NONE;
	for (int f = 0; f < LK_GF_NUM; f++) {
		const struct field_info *fi = &fields[f];
		if (fi->klen == klen && fi->level == level && memcmp(fi->key, key, klen) == 0)
			return (enum lk_gift_field)f;
	}
	return LK_GF_NONE;
}

enum lk_gift_level lk_gift_level_of(enum lk_gift_field f)
{
	switch (f) {
	case LK_GF_SENDER:
		return LK_GL_SENDER;
	case LK_GF_GIFT:
		return LK_GL_GIFT;
	case LK_GF_MONEY:
		return LK_GL_MONEY;
	default:
		return LK_GL_OTHER;
	}
}

static bool is_inside(enum lk_gift_field f, enum lk_gift_field ancestor)
{
	for (enum lk_gift_field p = fields[f].parent; p != LK_GF_NONE; p = fields[p].parent)
		if (p == ancestor)
			return true;
	return false;
}

/* ---- context ----------------------------------------------------------- */

#define NUM_SCRATCH 24

static size_t scratch_offset(enum lk_gift_field f, size_t *cap)
{
	switch (f) {
	case LK_GF_SENDER_NAME:
	case LK_GF_GIFT_NAME:
		*cap = LK_GIFT_SCRATCH_NAME;
		return 6 * LK_GIFT_SCRATCH_ID + (f == LK_GF_GIFT_NAME) * LK_GIFT_SCRATCH_NAME;
	case LK_GF_SENDER_AVATAR:
	case LK_GF_GIFT_IMAGE:
		*cap = LK_GIFT_SCRATCH_URL;
		return 6 * LK_GIFT_SCRATCH_ID + 2 * LK_GIFT_SCRATCH_NAME +
		       (f == LK_GF_GIFT_IMAGE) * LK_GIFT_SCRATCH_URL;
	case LK_GF_ID:
	case LK_GF_SENDER_ID:
	case LK_GF_GIFT_ID:
	case LK_GF_STREAK:
	case LK_GF_PLATFORM:
	case LK_GF_CURRENCY: {
		static const int slot[] = {[LK_GF_ID] = 0,     [LK_GF_SENDER_ID] = 1, [LK_GF_GIFT_ID] = 2,
					   [LK_GF_STREAK] = 3, [LK_GF_CURRENCY] = 4,  [LK_GF_PLATFORM] = 5};
		*cap = LK_GIFT_SCRATCH_ID;
		return (size_t)slot[f] * LK_GIFT_SCRATCH_ID;
	}
	default: /* numbers sent as strings: parsed at once, one shared spot */
		*cap = NUM_SCRATCH;
		return LK_GIFT_SCRATCH_TOTAL - NUM_SCRATCH;
	}
}

char *lk_gift_scratch(struct lk_gift_ctx *c, enum lk_gift_field f, size_t *cap)
{
	return c->scratch + scratch_offset(f, cap);
}

void lk_gift_ctx_init(struct lk_gift_ctx *c)
{
	memset(c->set, 0, sizeof(c->set));
	memset(c->err, 0, sizeof(c->err));
	memset(c->num, 0, sizeof(c->num));
}

void lk_gift_set_err(char *err, size_t err_size, const char *fmt, ...)
{
	if (!err || err_size == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, err_size, fmt, ap);
	va_end(ap);
}

/* ---- setting one field ------------------------------------------------- */

/* Integer from an INT or a string of 1..19 decimal digits; false otherwise. */
static bool int_of(const struct lk_gift_val *v, int64_t *out)
{
	if (v->type == LK_GV_INT) {
		*out = v->i;
		return true;
	}
	if (v->type != LK_GV_STR || v->full_len == 0 || v->full_len > 18 || v->len != v->full_len)
		return false;
	int64_t n = 0;
	for (size_t i = 0; i < v->len; i++) {
		if (v->str[i] < '0' || v->str[i] > '9')
			return false;
		n = n * 10 + (v->str[i] - '0');
	}
	*out = n;
	return true;
}

static const char *set_number(struct lk_gift_ctx *c, enum lk_gift_field f, const struct lk_gift_val *v)
{
	int64_t lo = f == LK_GF_COUNT ? 1 : 0;
	int64_t hi = f == LK_GF_COUNT ? LK_GIFT_MAX_COUNT : f == LK_GF_VALUE ? LK_GIFT_MAX_VALUE : LK_GIFT_MAX_MONEY;
	int64_t n;

	if (!int_of(v, &n) || n < lo || n > hi)
		return f == LK_GF_COUNT   ? "must be an integer 1..1000000"
		       : f == LK_GF_VALUE ? "must be an integer 0..1000000000"
					  : "must be an integer 0..1000000000000";
	c->num[f] = n;
	return NULL;
}

static const char *set_string(struct lk_gift_ctx *c, enum lk_gift_field f, const struct lk_gift_val *v)
{
	bool id_like = f == LK_GF_ID || f == LK_GF_SENDER_ID || f == LK_GF_GIFT_ID || f == LK_GF_STREAK;

	if (id_like && v->type == LK_GV_INT) {
		size_t cap;
		char *s = lk_gift_scratch(c, f, &cap);
		int n = snprintf(s, cap, "%lld", (long long)v->i);
		c->str[f] = s;
		c->len[f] = c->full_len[f] = (size_t)n;
		return NULL;
	}
	if (v->type != LK_GV_STR)
		return id_like ? "must be a string or an integer" : "must be a string";
	if (id_like && v->full_len > LK_GIFT_MAX_ID)
		return "must be at most 128 bytes";
	if (id_like && memchr(v->str, '\0', v->len))
		return "must not contain NUL characters";
	if (f == LK_GF_PLATFORM && !lk_gift_platform_ok(v->str, v->full_len))
		return "must be 1..16 lower-case letters, digits, '-' or '_'";
	if (f == LK_GF_CURRENCY) {
		bool ok = v->full_len == 3;
		for (size_t i = 0; ok && i < 3; i++)
			ok = (v->str[i] >= 'A' && v->str[i] <= 'Z') || (v->str[i] >= 'a' && v->str[i] <= 'z');
		if (!ok)
			return "must be a 3-letter currency code";
	}
	c->str[f] = v->str;
	c->len[f] = v->len;
	c->full_len[f] = v->full_len;
	return NULL;
}

static const char *set_value(struct lk_gift_ctx *c, enum lk_gift_field f, const struct lk_gift_val *v)
{
	if (f < LK_GF_NUM_STR)
		return set_string(c, f, v);
	if (f == LK_GF_STREAK_END) {
		if (v->type != LK_GV_BOOL)
			return "must be true or false";
		c->num[f] = v->b;
		return NULL;
	}
	if (f >= LK_GF_SENDER)
		return v->type == LK_GV_OBJECT ? NULL : "must be an object";
	return set_number(c, f, v);
}

void lk_gift_ctx_set(struct lk_gift_ctx *c, enum lk_gift_field f, const struct lk_gift_val *v)
{
	if (f == LK_GF_NONE)
		return;

	/* a new value replaces the old one and everything inside it, numbers
	 * and flags included (jansson keeps only the last value of a key) */
	for (int g = 0; g < LK_GF_NUM; g++) {
		if (g == f || is_inside((enum lk_gift_field)g, f)) {
			c->set[g] = false;
			c->err[g] = NULL;
			c->num[g] = 0;
		}
	}
	if (v->type == LK_GV_NULL)
		return; /* null = missing */

	c->err[f] = set_value(c, f, v);
	c->set[f] = c->err[f] == NULL;
}

/* ---- clean-up ---------------------------------------------------------- */

static bool is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Display-safe copy of s[0..len) (the first bytes of a full_len string) into
 * out (room for LK_GIFT_MAX_NAME + 1): at most LK_GIFT_MAX_NAME bytes, whole
 * characters only, controls → space, bidi controls removed, invalid bytes → '?'.
 * Returns the length written. */
static size_t clean_name(const char *s, size_t len, size_t full_len, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		int n = lk_utf8_decode(s + i, len - i, &cp);
		if (n < 0 && len < full_len)
			break; /* character cut by the stored prefix */
		if (n <= 0) {
			n = 1;
			cp = '?';
		}
		bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
		size_t add = is_bidi_control(cp) ? 0 : control ? 1 : (size_t)n;
		if (o + add > LK_GIFT_MAX_NAME)
			break;
		if (add == 1 && (control || cp == '?'))
			out[o] = control ? ' ' : (char)cp;
		else if (add)
			memcpy(out + o, u + i, add);
		o += add;
		i += (size_t)n;
	}
	out[o] = '\0';
	return o;
}

static bool url_ok(const char *s, size_t len, size_t full_len)
{
	if (full_len > LK_GIFT_MAX_URL || len != full_len)
		return false;
	if (!(len > 7 && strncasecmp(s, "http://", 7) == 0) && !(len > 8 && strncasecmp(s, "https://", 8) == 0))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F)
			return false;
	return true;
}

/* ---- building the event ------------------------------------------------ */

enum { S_ID, S_SENDER_ID, S_SENDER_NAME, S_AVATAR, S_GIFT_ID, S_GIFT_NAME, S_IMAGE, S_STREAK, S_PLATFORM, S_NUM };

struct out_strings {
	const char *p[S_NUM];
	size_t n[S_NUM];
	bool present[S_NUM];
	char sender_name[LK_GIFT_MAX_NAME + 1];
	char gift_name[LK_GIFT_MAX_NAME + 1];
};

static bool has_str(const struct lk_gift_ctx *c, enum lk_gift_field f)
{
	return c->set[f] && c->full_len[f] > 0;
}

static void put(struct out_strings *o, int slot, const char *p, size_t n)
{
	o->p[slot] = p;
	o->n[slot] = n;
	o->present[slot] = true;
}

static void collect(const struct lk_gift_ctx *c, struct out_strings *o)
{
	memset(o->present, 0, sizeof(o->present));
	put(o, S_ID, c->str[LK_GF_ID], c->len[LK_GF_ID]);
	if (has_str(c, LK_GF_SENDER_ID))
		put(o, S_SENDER_ID, c->str[LK_GF_SENDER_ID], c->len[LK_GF_SENDER_ID]);
	size_t n = 0;
	if (has_str(c, LK_GF_SENDER_NAME))
		n = clean_name(c->str[LK_GF_SENDER_NAME], c->len[LK_GF_SENDER_NAME], c->full_len[LK_GF_SENDER_NAME],
			       o->sender_name);
	put(o, S_SENDER_NAME, o->sender_name, n);

	enum lk_gift_field name_src = has_str(c, LK_GF_GIFT_NAME) ? LK_GF_GIFT_NAME : LK_GF_GIFT_ID;
	n = clean_name(c->str[name_src], c->len[name_src], c->full_len[name_src], o->gift_name);
	put(o, S_GIFT_NAME, o->gift_name, n);
	if (has_str(c, LK_GF_GIFT_ID))
		put(o, S_GIFT_ID, c->str[LK_GF_GIFT_ID], c->len[LK_GF_GIFT_ID]);
	else
		put(o, S_GIFT_ID, o->gift_name, n);

	static const enum lk_gift_field urls[2] = {LK_GF_SENDER_AVATAR, LK_GF_GIFT_IMAGE};
	for (int i = 0; i < 2; i++) {
		enum lk_gift_field f = urls[i];
		if (c->set[f] && url_ok(c->str[f], c->len[f], c->full_len[f]))
			put(o, i == 0 ? S_AVATAR : S_IMAGE, c->str[f], c->len[f]);
	}
	if (has_str(c, LK_GF_STREAK))
		put(o, S_STREAK, c->str[LK_GF_STREAK], c->len[LK_GF_STREAK]);
	if (has_str(c, LK_GF_PLATFORM))
		put(o, S_PLATFORM, c->str[LK_GF_PLATFORM], c->len[LK_GF_PLATFORM]);
}

static void build(const struct lk_gift_ctx *c, const struct out_strings *o, struct lk_gift_event *ev)
{
	size_t total = 0;
	for (int i = 0; i < S_NUM; i++)
		total += o->present[i] ? o->n[i] + 1 : 0;

	char *buf = bmalloc(total);
	const char *where[S_NUM] = {0};
	char *w = buf;
	for (int i = 0; i < S_NUM; i++) {
		if (!o->present[i])
			continue;
		memcpy(w, o->p[i], o->n[i]);
		w[o->n[i]] = '\0';
		where[i] = w;
		w += o->n[i] + 1;
	}

	ev->buf = buf;
	ev->id = where[S_ID];
	ev->sender_id = where[S_SENDER_ID];
	ev->sender_name = where[S_SENDER_NAME];
	ev->sender_avatar = where[S_AVATAR];
	ev->gift_id = where[S_GIFT_ID];
	ev->gift_name = where[S_GIFT_NAME];
	ev->gift_image = where[S_IMAGE];
	ev->streak_id = where[S_STREAK];
	ev->platform = where[S_PLATFORM];
	ev->value = c->num[LK_GF_VALUE];
	ev->count = c->set[LK_GF_COUNT] ? c->num[LK_GF_COUNT] : 1;
	ev->streak_end = c->num[LK_GF_STREAK_END] != 0;
	if (c->set[LK_GF_AMOUNT] && c->set[LK_GF_CURRENCY]) {
		ev->money = c->num[LK_GF_AMOUNT];
		for (int i = 0; i < 3; i++)
			ev->currency[i] = (char)(c->str[LK_GF_CURRENCY][i] & ~0x20); /* upper case */
		ev->currency[3] = '\0';
	}
}

bool lk_gift_ctx_finish(struct lk_gift_ctx *c, struct lk_gift_event *ev, char *err, size_t err_size)
{
	memset(ev, 0, sizeof(*ev));
	for (int f = 0; f < LK_GF_NUM; f++) {
		if (c->err[f]) {
			lk_gift_set_err(err, err_size, "%s: %s", fields[f].path, c->err[f]);
			return false;
		}
	}
	if (!c->set[LK_GF_ID] || c->full_len[LK_GF_ID] == 0) {
		lk_gift_set_err(err, err_size, c->set[LK_GF_ID] ? "id: must not be empty" : "id: missing");
		return false;
	}
	if (!c->set[LK_GF_GIFT]) {
		lk_gift_set_err(err, err_size, "gift: missing");
		return false;
	}
	if (!has_str(c, LK_GF_GIFT_ID) && !has_str(c, LK_GF_GIFT_NAME)) {
		lk_gift_set_err(err, err_size, "gift: needs an id or a name");
		return false;
	}

	struct out_strings o;
	collect(c, &o);
	build(c, &o, ev);
	return true;
}

/* ---- the jansson reader ------------------------------------------------ */

static void walk_object(struct lk_gift_ctx *c, const json_t *obj, enum lk_gift_level level);

static void set_from_json(struct lk_gift_ctx *c, enum lk_gift_field f, const json_t *j)
{
	struct lk_gift_val v = {.type = LK_GV_NULL};

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v.type = LK_GV_OBJECT;
		break;
	case JSON_ARRAY:
		v.type = LK_GV_ARRAY;
		break;
	case JSON_STRING: {
		size_t cap;
		lk_gift_scratch(c, f, &cap);
		v.type = LK_GV_STR;
		v.str = json_string_value(j);
		v.full_len = json_string_length(j);
		v.len = v.full_len < cap ? v.full_len : cap;
		break;
	}
	case JSON_INTEGER:
		v.type = LK_GV_INT;
		v.i = (int64_t)json_integer_value(j);
		break;
	case JSON_REAL:
		v.type = LK_GV_REAL;
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		v.type = LK_GV_BOOL;
		v.b = json_is_true(j);
		break;
	case JSON_NULL:
		break;
	}
	lk_gift_ctx_set(c, f, &v);
	if (v.type == LK_GV_OBJECT && lk_gift_level_of(f) != LK_GL_OTHER && c->set[f])
		walk_object(c, j, lk_gift_level_of(f));
}

static void walk_object(struct lk_gift_ctx *c, const json_t *obj, enum lk_gift_level level)
{
	const char *key;
	json_t *value;

	json_object_foreach((json_t *)obj, key, value)
	{
		enum lk_gift_field f = lk_gift_field_of(level, key, strlen(key));
		if (f != LK_GF_NONE)
			set_from_json(c, f, value);
	}
}

bool lk_gift_from_json(const json_t *obj, struct lk_gift_event *ev, char *err, size_t err_size)
{
	if (!json_is_object(obj)) {
		memset(ev, 0, sizeof(*ev));
		lk_gift_set_err(err, err_size, "event: must be a JSON object");
		return false;
	}

	struct lk_gift_ctx c;
	lk_gift_ctx_init(&c);
	walk_object(&c, obj, LK_GL_TOP);
	return lk_gift_ctx_finish(&c, ev, err, err_size);
}

/* ---- the rest ---------------------------------------------------------- */

bool lk_gift_platform_ok(const char *s, size_t n)
{
	if (!s || n == 0 || n > LK_GIFT_MAX_PLATFORM)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return false;
	}
	return true;
}

void lk_gift_event_free(struct lk_gift_event *ev)
{
	if (!ev)
		return;
	bfree(ev->buf);
	memset(ev, 0, sizeof(*ev));
}

static inline uint64_t hash_mix(uint64_t x)
{
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ULL;
	x ^= x >> 32;
	x *= 0xd6e8feb86659fd93ULL;
	x ^= x >> 32;
	return x;
}

uint64_t lk_gift_hash(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = hash_mix(seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(n + 1)));

	while (n > 0) {
		uint64_t w = 0;
		size_t take = n < 8 ? n : 8;
		for (size_t i = 0; i < take; i++) /* little-endian on every platform */
			w |= (uint64_t)p[i] << (8 * i);
		h = (h ^ hash_mix(w + 0x632be59bd9b4e019ULL)) * 0x9fb21c651e98df25ULL;
		h ^= h >> 29;
		p += take;
		n -= take;
	}
	return hash_mix(h);
}

uint64_t lk_gift_sender_key(const struct lk_gift_event *ev)
{
	if (ev->sender_id && *ev->sender_id)
		return lk_gift_hash_str(ev->sender_id, 0x5e4de7);
	return lk_gift_hash_str(ev->sender_name, 0x4a3e);
}
