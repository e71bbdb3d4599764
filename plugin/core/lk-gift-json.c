/*
 * Linkon — gift events: the one-pass JSON text reader.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reads RFC 8259 JSON the way jansson's json_loadb(…, 0, …) does (strict
 * UTF-8, no NUL characters, no lone surrogates, integers must fit in 64 bits,
 * reals must not overflow, nothing but white space after the value) without
 * building a tree: known keys go straight to lk_gift_ctx_set(), everything
 * else is validated and skipped. Strings without escapes are not copied.
 */
#include "lk-gift-priv.h"
#include "lk-str.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <util/bmem.h>

#define KEY_MAX 32 /* longer keys cannot be ours */

struct reader {
	const unsigned char *p;
	const unsigned char *end;
	const unsigned char *start;
	struct lk_gift_ctx *c;
	int depth;
	const char *err;
	size_t err_at;
};

static bool read_value(struct reader *r, enum lk_gift_field f);

static bool fail(struct reader *r, const char *msg)
{
	if (!r->err) {
		r->err = msg;
		r->err_at = (size_t)(r->p - r->start);
	}
	return false;
}

static void skip_ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static int hex4(const unsigned char *p, const unsigned char *end)
{
	int v = 0;

	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int c = p[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* r->p at a backslash: decodes one escape into out, returns its UTF-8 length. */
static int read_escape(struct reader *r, unsigned char *out)
{
	static const char plain_in[] = "\"\\/bfnrt";
	static const char plain_out[] = "\"\\/\b\f\n\r\t";

	if (r->end - r->p < 2)
		return fail(r, "unterminated string"), -1;
	const char *hit = memchr(plain_in, r->p[1], sizeof(plain_in) - 1);
	if (hit) {
		out[0] = (unsigned char)plain_out[hit - plain_in];
		r->p += 2;
		return 1;
	}
	if (r->p[1] != 'u')
		return fail(r, "invalid escape in string"), -1;
	int hi = hex4(r->p + 2, r->end);
	if (hi < 0)
		return fail(r, "invalid \\u escape"), -1;
	uint32_t cp = (uint32_t)hi;
	r->p += 6;
	if (hi >= 0xD800 && hi <= 0xDBFF) {
		int lo = r->end - r->p >= 2 && r->p[0] == '\\' && r->p[1] == 'u' ? hex4(r->p + 2, r->end) : -1;
		if (lo < 0xDC00 || lo > 0xDFFF)
			return fail(r, "invalid Unicode: lone surrogate"), -1;
		cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
		r->p += 6;
	} else if (hi >= 0xDC00 && hi <= 0xDFFF) {
		return fail(r, "invalid Unicode: lone surrogate"), -1;
	} else if (hi == 0) {
		return fail(r, "\\u0000 is not allowed"), -1;
	}
	return lk_utf8_encode(cp, (char *)out);
}

static void emit(char *dst, size_t cap, size_t *full, const unsigned char *src, size_t n)
{
	if (dst && *full < cap)
		memcpy(dst + *full, src, n < cap - *full ? n : cap - *full);
	*full += n;
}

/* r->p at the opening quote. Strings with no escape point into the input;
 * escaped ones are decoded into dst (first cap bytes kept). */
static bool read_string(struct reader *r, char *dst, size_t cap, struct lk_gift_val *v)
{
	const unsigned char *s = ++r->p;
	size_t full = 0;
	bool copied = false;

	for (;;) {
		if (r->p >= r->end)
			return fail(r, "unterminated string");
		unsigned char ch = *r->p;
		if (ch == '"')
			break;
		if (ch < 0x20)
			return fail(r, "control character in string");
		if (ch == '\\') {
			if (!copied && dst)
				memcpy(dst, s, full < cap ? full : cap);
			copied = true;
			unsigned char buf[4];
			int n = read_escape(r, buf);
			if (n < 0)
				return false;
			emit(dst, cap, &full, buf, (size_t)n);
			continue;
		}
		uint32_t cp;
		int n = lk_utf8_decode((const char *)r->p, (size_t)(r->end - r->p), &cp);
		if (n <= 0)
			return fail(r, "invalid UTF-8");
		if (copied)
			emit(dst, cap, &full, r->p, (size_t)n);
		else
			full += (size_t)n;
		r->p += n;
	}
	r->p++;
	v->type = LK_GV_STR;
	v->str = copied ? dst : (const char *)s;
	v->full_len = full;
	v->len = full < cap ? full : cap;
	return true;
}

static bool real_overflows(const unsigned char *s, size_t n)
{
	char small[64];
	char *text = n < sizeof(small) ? small : bmalloc(n + 1);

	memcpy(text, s, n);
	text[n] = '\0';
	errno = 0;
	double d = strtod(text, NULL);
	bool over = errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL);
	if (text != small)
		bfree(text);
	return over;
}

static bool digits(struct reader *r)
{
	const unsigned char *s = r->p;
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
		r->p++;
	return r->p > s;
}

static bool read_number(struct reader *r, struct lk_gift_val *v)
{
	const unsigned char *s = r->p;
	bool real = false;

	if (*r->p == '-')
		r->p++;
	if (r->p < r->end && *r->p == '0')
		r->p++;
	else if (!digits(r))
		return fail(r, "invalid number");
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		real = true;
		if (!digits(r))
			return fail(r, "invalid number");
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		real = true;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (!digits(r))
			return fail(r, "invalid number");
	}
	if (real) {
		v->type = LK_GV_REAL;
		return real_overflows(s, (size_t)(r->p - s)) ? fail(r, "real number overflow") : true;
	}

	bool neg = *s == '-';
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t n = 0;
	for (const unsigned char *d = s + neg; d < r->p; d++) {
		unsigned digit = (unsigned)(*d - '0');
		if (n > (limit - digit) / 10)
			return fail(r, "integer too big");
		n = n * 10 + digit;
	}
	v->type = LK_GV_INT;
	v->i = neg ? (int64_t)(0 - n) : (int64_t)n;
	return true;
}

static bool read_literal(struct reader *r, struct lk_gift_val *v)
{
	static const struct {
		const char *word;
		size_t n;
		enum lk_gift_vtype type;
		bool b;
	} lits[] = {{"true", 4, LK_GV_BOOL, true}, {"false", 5, LK_GV_BOOL, false}, {"null", 4, LK_GV_NULL, false}};

	for (size_t i = 0; i < sizeof(lits) / sizeof(lits[0]); i++) {
		if ((size_t)(r->end - r->p) >= lits[i].n && memcmp(r->p, lits[i].word, lits[i].n) == 0) {
			r->p += lits[i].n;
			v->type = lits[i].type;
			v->b = lits[i].b;
			return true;
		}
	}
	return fail(r, "invalid literal");
}

static bool enter(struct reader *r)
{
	if (++r->depth > LK_GIFT_MAX_DEPTH)
		return fail(r, "nesting too deep");
	r->p++;
	skip_ws(r);
	return true;
}

/* After a member or element: true with *more set on ',', false on error. */
static bool next_item(struct reader *r, unsigned char close, bool *more)
{
	skip_ws(r);
	if (r->p < r->end && *r->p == ',') {
		r->p++;
		skip_ws(r);
		*more = true;
		return true;
	}
	if (r->p < r->end && *r->p == close) {
		r->p++;
		r->depth--;
		*more = false;
		return true;
	}
	return fail(r, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
}

static bool read_array(struct reader *r)
{
	if (!enter(r))
		return false;
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		r->depth--;
		return true;
	}
	for (bool more = true; more;) {
		if (!read_value(r, LK_GF_NONE) || !next_item(r, ']', &more))
			return false;
	}
	return true;
}

static bool read_member(struct reader *r, enum lk_gift_level level)
{
	char key[KEY_MAX];
	struct lk_gift_val k = {0};

	if (r->p >= r->end || *r->p != '"')
		return fail(r, "expected a string key");
	if (!read_string(r, key, sizeof(key), &k))
		return false;
	skip_ws(r);
	if (r->p >= r->end || *r->p != ':')
		return fail(r, "expected ':'");
	r->p++;
	skip_ws(r);
	enum lk_gift_field f = k.full_len <= KEY_MAX ? lk_gift_field_of(level, k.str, k.full_len) : LK_GF_NONE;
	return read_value(r, f);
}

static bool read_object(struct reader *r, enum lk_gift_level level)
{
	if (!enter(r))
		return false;
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		r->depth--;
		return true;
	}
	for (bool more = true; more;) {
		if (!read_member(r, level) || !next_item(r, '}', &more))
			return false;
	}
	return true;
}

static bool read_value(struct reader *r, enum lk_gift_field f)
{
	struct lk_gift_val v = {.type = LK_GV_NULL};
	bool ok;

	if (r->p >= r->end)
		return fail(r, "unexpected end of input");
	unsigned char ch = *r->p;
	if (ch == '{') {
		v.type = LK_GV_OBJECT;
		lk_gift_ctx_set(r->c, f, &v);
		bool ours = f != LK_GF_NONE && r->c->set[f];
		return read_object(r, ours ? lk_gift_level_of(f) : LK_GL_OTHER);
	}
	if (ch == '[') {
		v.type = LK_GV_ARRAY;
		lk_gift_ctx_set(r->c, f, &v);
		return read_array(r);
	}
	if (ch == '"') {
		size_t cap = 0;
		char *dst = f == LK_GF_NONE ? NULL : lk_gift_scratch(r->c, f, &cap);
		ok = read_string(r, dst, cap, &v);
	} else if (ch == '-' || (ch >= '0' && ch <= '9')) {
		ok = read_number(r, &v);
	} else if (ch == 't' || ch == 'f' || ch == 'n') {
		ok = read_literal(r, &v);
	} else {
		return fail(r, "unexpected character");
	}
	if (ok)
		lk_gift_ctx_set(r->c, f, &v);
	return ok;
}

bool lk_gift_decode(const char *json, size_t len, struct lk_gift_event *ev, char *err, size_t err_size)
{
	struct lk_gift_ctx c;
	struct reader r = {0};

	lk_gift_ctx_init(&c);
	r.c = &c;
	r.start = r.p = (const unsigned char *)(json ? json : "");
	r.end = r.p + (json ? len : 0);
	skip_ws(&r);
	if (r.p >= r.end) {
		memset(ev, 0, sizeof(*ev));
		lk_gift_set_err(err, err_size, "JSON: empty input");
		return false;
	}
	if (*r.p != '{') {
		memset(ev, 0, sizeof(*ev));
		lk_gift_set_err(err, err_size, "event: must be a JSON object");
		return false;
	}
	bool ok = read_object(&r, LK_GL_TOP);
	if (ok) {
		skip_ws(&r);
		ok = r.p == r.end || fail(&r, "unexpected data after the event");
	}
	if (!ok) {
		memset(ev, 0, sizeof(*ev));
		lk_gift_set_err(err, err_size, "JSON: %s at byte %zu", r.err, r.err_at);
		return false;
	}
	return lk_gift_ctx_finish(&c, ev, err, err_size);
}
