/*
 * Linkon — gift event decoding, internal: the field rules shared by the
 * one-pass JSON reader (lk-gift-json.c) and the jansson reader (lk-gift.c),
 * so both accept and reject exactly the same events.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A reader walks the JSON, maps each key to a field with lk_gift_field_of()
 * and hands the value to lk_gift_ctx_set(). A later value for the same key
 * replaces the earlier one (jansson's rule for duplicate keys), including
 * its error, so field errors are only reported by lk_gift_ctx_finish().
 * One thread, one decode at a time per context (it lives on the stack).
 */
#pragma once

#include "lk-gift.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum lk_gift_field {
	LK_GF_NONE = -1, /* unknown key: value is validated and ignored */
	/* string fields (captured into scratch when escaped) */
	LK_GF_ID = 0,
	LK_GF_SENDER_ID,
	LK_GF_SENDER_NAME,
	LK_GF_SENDER_AVATAR,
	LK_GF_GIFT_ID,
	LK_GF_GIFT_NAME,
	LK_GF_GIFT_IMAGE,
	LK_GF_STREAK,
	LK_GF_PLATFORM,
	LK_GF_CURRENCY,
	LK_GF_NUM_STR,
	/* scalar fields */
	LK_GF_VALUE = LK_GF_NUM_STR,
	LK_GF_AMOUNT,
	LK_GF_COUNT,
	LK_GF_STREAK_END,
	/* object fields */
	LK_GF_SENDER,
	LK_GF_GIFT,
	LK_GF_MONEY,
	LK_GF_NUM
};

/* Which object a key belongs to. */
enum lk_gift_level { LK_GL_OTHER, LK_GL_TOP, LK_GL_SENDER, LK_GL_GIFT, LK_GL_MONEY };

enum lk_gift_vtype { LK_GV_NULL, LK_GV_BOOL, LK_GV_INT, LK_GV_REAL, LK_GV_STR, LK_GV_OBJECT, LK_GV_ARRAY };

/* One JSON value as a reader saw it. For strings, str holds the first len
 * bytes (len = min(full_len, lk_gift_scratch_cap(field))); the whole string
 * was full_len bytes. */
struct lk_gift_val {
	enum lk_gift_vtype type;
	const char *str;
	size_t len;
	size_t full_len;
	int64_t i;
	bool b;
};

#define LK_GIFT_SCRATCH_ID (LK_GIFT_MAX_ID + 4)
#define LK_GIFT_SCRATCH_NAME (LK_GIFT_MAX_NAME + 4)
#define LK_GIFT_SCRATCH_URL (LK_GIFT_MAX_URL + 4)
#define LK_GIFT_SCRATCH_TOTAL (6 * LK_GIFT_SCRATCH_ID + 2 * LK_GIFT_SCRATCH_NAME + 2 * LK_GIFT_SCRATCH_URL)

struct lk_gift_ctx {
	bool set[LK_GF_NUM];
	const char *err[LK_GF_NUM]; /* static reason per field, NULL = fine */
	const char *str[LK_GF_NUM_STR];
	size_t len[LK_GF_NUM_STR];
	size_t full_len[LK_GF_NUM_STR];
	int64_t num[LK_GF_NUM];
	char scratch[LK_GIFT_SCRATCH_TOTAL];
};

/* Field of key (klen bytes) inside an object of that level, and the level of
 * the object a field holds (LK_GL_OTHER for non-object fields). */
enum lk_gift_field lk_gift_field_of(enum lk_gift_level level, const char *key, size_t klen);
enum lk_gift_level lk_gift_level_of(enum lk_gift_field f);

void lk_gift_ctx_init(struct lk_gift_ctx *c);
/* Where a reader may unescape a string of field f (at most *cap bytes). */
char *lk_gift_scratch(struct lk_gift_ctx *c, enum lk_gift_field f, size_t *cap);
void lk_gift_ctx_set(struct lk_gift_ctx *c, enum lk_gift_field f, const struct lk_gift_val *v);
/* Checks required fields, cleans strings and builds the event (one buffer). */
bool lk_gift_ctx_finish(struct lk_gift_ctx *c, struct lk_gift_event *ev, char *err, size_t err_size);

void lk_gift_set_err(char *err, size_t err_size, const char *fmt, ...);
