/*
 * Linkon — incremental parser for Server-Sent Events (text/event-stream,
 * as the WHATWG HTML standard defines the format).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Feed it the body of one HTTP response in chunks split anywhere (even in
 * the middle of a CRLF or of a UTF-8 character); it calls back once per
 * complete event, in order. Lines may end in CRLF, LF or CR; one leading
 * UTF-8 BOM is skipped; lines starting with ':' are comments (heartbeats);
 * several data lines join with '\n'; an id containing NUL is ignored; a
 * retry field of ASCII digits sets the reconnection time; unknown fields
 * are ignored. An event that is still incomplete when the connection ends is
 * dropped by lk_sse_reset (the standard says so: it may be cut short).
 *
 * One parser serves one stream for its whole life: lk_sse_reset between
 * connections keeps the last event id (to send as Last-Event-ID) and the
 * retry time.
 *
 * Not thread-safe: one thread at a time (the net worker for the bridge).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_SSE_DEFAULT_MAX_EVENT (64 * 1024)

/* One dispatched event; every pointer is borrowed, valid during the call. */
struct lk_sse_event {
	const char *type; /* the event field, "message" when there was none; never NULL */
	const char *data; /* data lines joined by '\n', NUL-terminated; never NULL */
	size_t data_len;  /* bytes in data (data may hold NUL bytes) */
	const char *id;   /* the last event id after this event; "" when none yet */
};

/* Runs inside lk_sse_feed for each complete event. Returning false stops
 * the parser: lk_sse_feed returns LK_SSE_STOPPED and takes no more input
 * until lk_sse_reset. */
typedef bool (*lk_sse_event_cb)(void *data, const struct lk_sse_event *ev);

enum lk_sse_status {
	LK_SSE_OK = 0,
	LK_SSE_TOO_LARGE, /* a line or an event went over max_event bytes */
	LK_SSE_STOPPED,   /* the callback returned false */
};

struct lk_sse;

/* max_event: the most bytes one event may hold (its data, event name and
 * the line being read); 0 = LK_SSE_DEFAULT_MAX_EVENT. cb may be NULL (the
 * events are then only counted). New parser, free with lk_sse_destroy. */
struct lk_sse *lk_sse_create(size_t max_event, lk_sse_event_cb cb, void *data);
void lk_sse_destroy(struct lk_sse *sse);

/* Parses len more bytes. Once it returns an error, every later call
 * returns the same error without parsing until lk_sse_reset. */
enum lk_sse_status lk_sse_feed(struct lk_sse *sse, const char *buf, size_t len);

/* A new connection starts: drops the half-read line and the pending event,
 * expects a BOM again and clears the error. Keeps the last event id and the
 * retry time. */
void lk_sse_reset(struct lk_sse *sse);

/* The last event id (borrowed, "" when none): what a reconnect sends as
 * Last-Event-ID. set_last_id replaces it (NULL = ""), e.g. to resume a
 * stream from a position learned elsewhere. */
const char *lk_sse_last_id(const struct lk_sse *sse);
void lk_sse_set_last_id(struct lk_sse *sse, const char *id);

/* The server's reconnection time in ms, or -1 when it never sent one. */
int64_t lk_sse_retry_ms(const struct lk_sse *sse);

/* Totals since create: events dispatched, comment lines seen. */
uint64_t lk_sse_events(const struct lk_sse *sse);
uint64_t lk_sse_comments(const struct lk_sse *sse);

#ifdef __cplusplus
}
#endif
