/*
 * Linkon — gift events: field rules, clean-up and the jansson reader.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The one-pass JSON text reader is in lk-gift-json.c; both readers feed the
 * same lk_gift_ctx_set() rules below.
 */
#include "lk-gift-priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

/* ---- field tables ------------------------------------------------------ */

struct field_info {
	const char *path;
	enum lk_gift_field parent;
	enum lk_gift_level level; /* level of the object holding the key */
	const char *key;
};

static const struct field_info fields[LK_GF_NUM] = {
	[LK_GF_ID] = {"id", LK_GF_NONE, LK_GL_TOP, "id"},
	[LK_GF_SENDER_ID] = {"sender.id", LK_GF_SENDER, LK_GL_SENDER, "id"},
	[LK_GF_SENDER_NAME] = {"sender.name", LK_GF_SENDER, LK_GL_SENDER, "name"},
	[LK_GF_SENDER_AVATAR] = {"sender.avatar", LK_GF_SENDER, LK_GL_SENDER, "avatar"},
	[LK_GF_GIFT_ID] = {"gift.id", LK_GF_GIFT, LK_GL_GIFT, "id"},
	[LK_GF_GIFT_NAME] = {"gift.name", LK_GF_GIFT, LK_GL_GIFT, "name"},
	[LK_GF_GIFT_IMAGE] = {"gift.image", LK_GF_GIFT, LK_GL_GIFT, "image"},
	[LK_GF_STREAK] = {"streak", LK_GF_NONE, LK_GL_TOP, "streak"},
	[LK_GF_CURRENCY] = {"gift.money.currency", LK_GF_MONEY, LK_GL_MONEY, "currency"},
	[LK_GF_VALUE] = {"gift.value", LK_GF_GIFT, LK_GL_GIFT, "value"},
	[LK_GF_AMOUNT] = {"gift.money.amount", LK_GF_MONEY, LK_GL_MONEY, "amount"},
	[LK_GF_COUNT] = {"count", LK_GF_NONE, LK_GL_TOP, "count"},
	[LK_GF_STREAK_END] = {"streakEnd", LK_GF_NONE, LK_GL_TOP, "streakEnd"},
	[LK_GF_SENDER] = {"sender", LK_GF_NONE, LK_GL_TOP, "sender"},
	[LK_GF_GIFT] = {"gift", LK_GF_NONE, LK_GL_TOP, "gift"},
	[LK_GF_MONEY] = {"gift.money", LK_GF_GIFT, LK_GL_GIFT, "money"},
};

enum lk_gift_field lk_gift_field_of(enum lk_gift_level level, const char *key, size_t klen)
{
	if (level == LK_GL_OTHER)
		return LK_GF_NONE;
	for (int f = 0; f < LK_GF_NUM; f++) {
		const struct field_info *fi = &fields[f];
		if (fi->level == level && strlen(fi->key) == klen && memcmp(fi->key, key, klen) == 0)
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
		return 5 * LK_GIFT_SCRATCH_ID + (f == LK_GF_GIFT_NAME) * LK_GIFT_SCRATCH_NAME;
	case LK_GF_SENDER_AVATAR:
	case LK_GF_GIFT_IMAGE:
		*cap = LK_GIFT_SCRATCH_URL;
		return 5 * LK_GIFT_SCRATCH_ID + 2 * LK_GIFT_SCRATCH_NAME + (f == LK_GF_GIFT_IMAGE) * LK_GIFT_SCRATCH_URL;
	case LK_GF_ID:
	case LK_GF_SENDER_ID:
	case LK_GF_GIFT_ID:
	case LK_GF_STREAK:
	case LK_GF_CURRENCY: {
		static const int slot[] = {[LK_GF_ID] = 0, [LK_GF_SENDER_ID] = 1, [LK_GF_GIFT_ID] = 2,
					   [LK_GF_STREAK] = 3, [LK_GF_CURRENCY] = 4};
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

	/* a new value replaces the old one and everything inside it */
	for (int g = 0; g < LK_GF_NUM; g++) {
		if (is_inside((enum lk_gift_field)g, f)) {
			c->set[g] = false;
			c->err[g] = NULL;
		}
	}
	c->set[f] = false;
	c->err[f] = NULL;
	if (v->type == LK_GV_NULL)
		return; /* null = missing */

	c->err[f] = set_value(c, f, v);
	c->set[f] = c->err[f] == NULL;
}
