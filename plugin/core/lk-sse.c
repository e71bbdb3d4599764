/*
 * Linkon — incremental Server-Sent Events parser.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Bytes are scanned for line ends. A line that lies wholly inside one
 * chunk is parsed in place; only the unfinished tail of a chunk is copied
 * (into sse->line) to wait for the rest. The buffers keep their memory
 * between events, so a long stream allocates nothing per event once warm.
 *
 * The buffers are plain byte arrays (not dstr: dstr_ncat skips input that
 * starts with a NUL byte, and a stream may carry NUL bytes).
 */
#include "lk-sse.h"

#include <string.h>
#include <util/bmem.h>

#define SSE_MAX_RETRY_DIGITS 15 /* about 31,000 years in ms: plenty, no overflow */

struct buf {
	char *a;
	size_t len;
	size_t cap;
};

struct lk_sse {
	size_t max_event;
	lk_sse_event_cb cb;
	void *cb_data;

	struct buf line;    /* unfinished line carried over from the last chunk */
	struct buf data;    /* data lines of the pending event, each + '\n' */
	struct buf type;    /* event field of the pending event */
	struct buf id_buf;  /* the "last event id buffer" of the standard */
	struct buf last_id; /* committed at dispatch: what Last-Event-ID sends */

	bool after_cr; /* the last byte was CR: an LF next is part of that line end */
	bool at_start; /* no line ended since reset: the first may start with a BOM */
	enum lk_sse_status status;
	int64_t retry_ms;
	uint64_t events;
	uint64_t comments;
};

/* ---- byte buffers ------------------------------------------------------ */

static void buf_add(struct buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->a = brealloc(b->a, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->a + b->len, p, n);
	b->len += n;
	b->a[b->len] = '\0';
}

static void buf_set(struct buf *b, const char *p, size_t n)
{
	b->len = 0;
	buf_add(b, p, n);
}

static const char *buf_str(const struct buf *b)
{
	return b->len ? b->a : "";
}

static void buf_free(struct buf *b)
{
	bfree(b->a);
	memset(b, 0, sizeof(*b));
}

/* ---- parsing ------------------------------------------------------------ */

/* True (and the parser stops with TOO_LARGE) if extra more bytes would make
 * the pending event bigger than allowed. */
static bool too_large(struct lk_sse *sse, size_t extra)
{
	size_t held = sse->line.len + sse->data.len + sse->type.len;

	if (extra <= sse->max_event && held <= sse->max_event - extra)
		return false;
	sse->status = LK_SSE_TOO_LARGE;
	return true;
}

static void dispatch(struct lk_sse *sse)
{
	buf_set(&sse->last_id, sse->id_buf.a, sse->id_buf.len);
	if (!sse->data.len) {
		sse->type.len = 0;
		return;
	}
	sse->data.a[--sse->data.len] = '\0'; /* the last data line's '\n' */

	struct lk_sse_event ev = {
		.type = sse->type.len ? sse->type.a : "message",
		.data = sse->data.a,
		.data_len = sse->data.len,
		.id = buf_str(&sse->last_id),
	};
	sse->events++;
	if (sse->cb && !sse->cb(sse->cb_data, &ev))
		sse->status = LK_SSE_STOPPED;
	sse->data.len = 0;
	sse->type.len = 0;
}

static bool name_is(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && memcmp(name, want, n) == 0;
}

static void set_retry(struct lk_sse *sse, const char *v, size_t n)
{
	int64_t ms = 0;

	if (n == 0 || n > SSE_MAX_RETRY_DIGITS)
		return;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return;
		ms = ms * 10 + (v[i] - '0');
	}
	sse->retry_ms = ms;
}

static void field(struct lk_sse *sse, const char *name, size_t nlen, const char *v, size_t vlen)
{
	if (name_is(name, nlen, "data")) {
		if (too_large(sse, vlen + 1))
			return;
		buf_add(&sse->data, v, vlen);
		buf_add(&sse->data, "\n", 1);
	} else if (name_is(name, nlen, "event")) {
		if (!too_large(sse, vlen))
			buf_set(&sse->type, v, vlen);
	} else if (name_is(name, nlen, "id")) {
		if (!memchr(v, '\0', vlen))
			buf_set(&sse->id_buf, v, vlen);
	} else if (name_is(name, nlen, "retry")) {
		set_retry(sse, v, vlen);
	}
}

/* One complete line, without its line end. */
static void parse_line(struct lk_sse *sse, const char *p, size_t n)
{
	if (sse->at_start) {
		sse->at_start = false;
		if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
		}
	}
	if (n == 0) {
		dispatch(sse);
		return;
	}
	if (p[0] == ':') {
		sse->comments++;
		return;
	}

	const char *colon = memchr(p, ':', n);
	if (!colon) {
		field(sse, p, n, "", 0);
		return;
	}
	size_t nlen = (size_t)(colon - p);
	const char *v = colon + 1;
	size_t vlen = n - nlen - 1;
	if (vlen && *v == ' ') {
		v++;
		vlen--;
	}
	field(sse, p, nlen, v, vlen);
}

/* The line ending at p + n (its end seen now): joined with what was
 * carried over, if anything. */
static void end_line(struct lk_sse *sse, const char *p, size_t n)
{
	if (too_large(sse, n))
		return;
	if (!sse->line.len) {
		parse_line(sse, p, n);
		return;
	}
	buf_add(&sse->line, p, n);
	/* emptied first, so the size checks see the same as for a line parsed
	 * in place; parse_line never writes sse->line, so its bytes stay */
	size_t whole = sse->line.len;
	sse->line.len = 0;
	parse_line(sse, sse->line.a, whole);
}

static size_t find_line_end(const char *buf, size_t from, size_t len)
{
	for (size_t i = from; i < len; i++) {
		if (buf[i] == '\n' || buf[i] == '\r')
			return i;
	}
	return len;
}

enum lk_sse_status lk_sse_feed(struct lk_sse *sse, const char *buf, size_t len)
{
	size_t i = 0;

	while (sse->status == LK_SSE_OK && i < len) {
		if (sse->after_cr) {
			sse->after_cr = false;
			if (buf[i] == '\n') {
				i++;
				continue;
			}
		}
		size_t end = find_line_end(buf, i, len);
		if (end == len) {
			if (!too_large(sse, len - i))
				buf_add(&sse->line, buf + i, len - i);
			break;
		}
		sse->after_cr = buf[end] == '\r';
		end_line(sse, buf + i, end - i);
		i = end + 1;
	}
	return sse->status;
}

/* ---- life cycle and accessors --------------------------------------- */

struct lk_sse *lk_sse_create(size_t max_event, lk_sse_event_cb cb, void *data)
{
	struct lk_sse *sse = bzalloc(sizeof(*sse));

	sse->max_event = max_event ? max_event : LK_SSE_DEFAULT_MAX_EVENT;
	sse->cb = cb;
	sse->cb_data = data;
	sse->at_start = true;
	sse->retry_ms = -1;
	return sse;
}

void lk_sse_destroy(struct lk_sse *sse)
{
	if (!sse)
		return;
	buf_free(&sse->line);
	buf_free(&sse->data);
	buf_free(&sse->type);
	buf_free(&sse->id_buf);
	buf_free(&sse->last_id);
	bfree(sse);
}

void lk_sse_reset(struct lk_sse *sse)
{
	sse->line.len = 0;
	sse->data.len = 0;
	sse->type.len = 0;
	/* the id buffer starts from the committed id (as browsers do), so an
	 * event without an id on the new connection keeps it */
	buf_set(&sse->id_buf, sse->last_id.a, sse->last_id.len);
	sse->after_cr = false;
	sse->at_start = true;
	sse->status = LK_SSE_OK;
}

const char *lk_sse_last_id(const struct lk_sse *sse)
{
	return buf_str(&sse->last_id);
}

void lk_sse_set_last_id(struct lk_sse *sse, const char *id)
{
	size_t n = id ? strlen(id) : 0;

	buf_set(&sse->last_id, id, n);
	buf_set(&sse->id_buf, id, n);
}

int64_t lk_sse_retry_ms(const struct lk_sse *sse)
{
	return sse->retry_ms;
}

uint64_t lk_sse_events(const struct lk_sse *sse)
{
	return sse->events;
}

uint64_t lk_sse_comments(const struct lk_sse *sse)
{
	return sse->comments;
}
