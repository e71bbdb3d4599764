/*
 * Linkon — the bridge connector: the event stream (Server-Sent Events).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Worker thread only (see lk-conn-bridge-priv.h). The stream resumes with
 * Last-Event-ID = the id of the last event handled (or, before the first
 * event, the live state's eventId), so a reconnect neither skips nor
 * repeats events; ids a server replays anyway are dropped by a bounded
 * "seen" set. A stream that ends after it was open reconnects at once (the
 * server's retry time, else the minimum backoff); one that cannot open
 * backs off like any request.
 */
#include "lk-conn-bridge-priv.h"
#include "lk-redact.h"

#include <string.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/platform.h>

#define SEEN_IDS 65536

/* ---- events --------------------------------------------------------------- */

static void apply_sale(struct conn_bridge *c, const struct lk_bridge_event *ev, struct lk_events *evs)
{
	struct lk_snapshot *snap = lk_store_get(c->store);
	struct lk_product *p = lk_snapshot_find(snap, ev->sale.product_id);

	/* an event without "time" happened about now: a stop is dated when we
	 * heard of it, not at the sale's start */
	int64_t at = ev->server_time_ms ? ev->server_time_ms : lk_snapshot_platform_now(snap, lk_now_ms());

	lk_events_sale_put(evs, lk_bridge_sale_to_store(&ev->sale, p ? p->price : 0, at));
	lk_snapshot_release(snap);
}

/* The catalog changed, or the server lost our place (resync: its ids
 * start afresh, so the ids seen so far mean nothing): fetch again. */
static void refetch(struct conn_bridge *c, bool resync)
{
	c->need_catalog = !c->events_only;
	if (resync) {
		bfree(c->etag);
		c->etag = NULL;
		c->next_poll_ms = 0;
		lk_gift_dedupe_clear(c->seen);
		c->resume_id[0] = '\0'; /* the next state's eventId */
	}
}

/* Whether this kind of bad event (its type and reason) is new on this
 * connection: each kind is logged once, so a later, different fault is
 * not hidden behind the first one, and a repeated one does not flood. */
static bool new_bad_kind(struct conn_bridge *c, const char *type, const char *err)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a over "type\0err" */
	for (const char *p = type;; p++) {
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		if (!*p)
			break;
	}
	for (const char *p = err; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;

	for (size_t i = 0; i < c->num_warned_kinds; i++) {
		if (c->warned_kinds[i] == h)
			return false;
	}
	if (c->num_warned_kinds == BRIDGE_WARN_KINDS)
		return false; /* enough said on one connection */
	c->warned_kinds[c->num_warned_kinds++] = h;
	return true;
}

/* A live-room event went out (the event source's count and last event). */
static void taken(struct conn_bridge *c)
{
	c->es_events++;
	c->es_last_ms = lk_now_ms();
}

static void handle_event(struct conn_bridge *c, const struct lk_sse_event *sse)
{
	char err[LK_BRIDGE_ERR_SIZE];
	struct lk_bridge_event ev;
	struct lk_events evs;

	lk_events_init(&evs);
	if (!lk_bridge_decode_event(sse->type, sse->data, sse->data_len, &evs, &ev, err, sizeof(err))) {
		/* one bad event is skipped; the stream goes on */
		if (new_bad_kind(c, sse->type, err)) {
			char type[33]; /* the server's name for it, redacted, then cut */
			lk_redact_quote(type, sizeof(type), "", sse->type, c->set.token);
			blog(LOG_WARNING, "[linkon] bridge: skipped a bad '%s' event: %s", type, err);
		}
	} else if (ev.kind == LK_BRIDGE_EV_GIFT) {
		if (c->events_only && (!ev.gift.platform || !*ev.gift.platform))
			ev.gift.platform = c->platform;
		lk_connector_push_gift(&ev.gift);
		taken(c);
	} else if (ev.kind == LK_BRIDGE_EV_ROOM) {
		if (c->events_only && !ev.room.platform[0])
			memcpy(ev.room.platform, c->platform, sizeof(c->platform));
		lk_room_sink_push(&ev.room);
		taken(c);
	} else if (c->events_only) {
		/* a room's bridge: shop events (pin, sale, stock, catalog) are not ours */
		if (ev.kind == LK_BRIDGE_EV_RESYNC)
			refetch(c, true);
	} else if (ev.kind == LK_BRIDGE_EV_SALE) {
		apply_sale(c, &ev, &evs);
	} else if (ev.kind == LK_BRIDGE_EV_CATALOG || ev.kind == LK_BRIDGE_EV_RESYNC) {
		refetch(c, ev.kind == LK_BRIDGE_EV_RESYNC);
		bridge_wake(c);
	}
	if (evs.da.num && !c->events_only)
		lk_store_apply(c->store, &evs);
	lk_events_free(&evs);
	lk_bridge_event_free(&ev);
}

static bool on_event(void *data, const struct lk_sse_event *sse)
{
	struct conn_bridge *c = data;
	size_t n = strlen(sse->id);

	c->stream_events++;
	if (strcmp(sse->type, "resync") == 0) {
		/* honoured whatever its id: a restarted bridge that numbers its
		 * events from the start again sends ids we have seen, the resync's
		 * own among them. It forgets the seen ids (refetch), then counts
		 * its own as the first of the new numbering. */
		handle_event(c, sse);
		if (n && n <= LK_BRIDGE_MAX_ID && lk_gift_dedupe_add_id(c->seen, sse->id, n))
			memcpy(c->resume_id, sse->id, n + 1);
		goto next;
	}
	if (n) {
		if (n > LK_BRIDGE_MAX_ID || !lk_gift_dedupe_add_id(c->seen, sse->id, n))
			goto next; /* seen before (a replay), or an id we could not resume from */
		memcpy(c->resume_id, sse->id, n + 1);
	}
	handle_event(c, sse);
next:
	/* so the next event without an id of its own is not taken for a replay */
	lk_sse_set_last_id(c->sse, NULL);
	return true;
}

/* ---- the transfer ------------------------------------------------------------ */

static bool stream_open(void *data, const struct lk_net_response *head)
{
	struct conn_bridge *c = data;

	if (bridge_stopping(c))
		return false;
	/* a JSON (or HTML) answer is no event stream: not parsed as one */
	if (!bridge_type_ok(head->content_type, "text/event-stream", "event stream", c->stream_why))
		return false;
	c->stream_why[0] = '\0';
	lk_sse_reset(c->sse);
	c->skipping = false;
	c->stream_open = true;
	c->stream_ever_open = true;
	c->stream_events = 0;
	c->num_warned_kinds = 0;
	bridge_ok(c, BRIDGE_STREAM);
	bridge_wake(c);
	return true;
}

/* Skipping an event over the size limit: drops bytes up to the blank line
 * that ends it. Lines end in LF, CR or CRLF (as lk-sse reads them), so a
 * blank line is two line ends in a row, a CRLF counting as one. Returns
 * the bytes used. */
static size_t skip_event(struct conn_bridge *c, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char b = buf[i];
		bool crlf = b == '\n' && c->skip_after_cr;

		c->skip_after_cr = b == '\r';
		if (crlf)
			continue; /* the LF of a CRLF: the line already ended */
		if (b != '\n' && b != '\r') {
			c->skip_line_start = false;
		} else if (!c->skip_line_start) {
			c->skip_line_start = true;
		} else {
			/* a blank line: the event is over. An LF that may follow
			 * this CR reads as one more blank line, which is harmless. */
			c->skipping = false;
			lk_sse_reset(c->sse);
			return i + 1;
		}
	}
	return len;
}

/* The bytes up to and including the first line end (LF or CR), or len. */
static size_t line_len(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n' || buf[i] == '\r')
			return i + 1;
	}
	return len;
}

/* Feeds the parser a line at a time, so that an event over the size limit
 * is skipped from the very line where it went over and the stream goes on
 * (reconnecting would only bring the same event again). */
static bool stream_chunk(void *data, const char *buf, size_t len)
{
	struct conn_bridge *c = data;

	while (len) {
		size_t n = line_len(buf, len);

		if (c->skipping) {
			n = skip_event(c, buf, len);
		} else if (lk_sse_feed(c->sse, buf, n) == LK_SSE_TOO_LARGE) {
			if (!c->warned_stream)
				blog(LOG_WARNING, "[linkon] bridge: skipped an event over %d bytes",
				     LK_SSE_DEFAULT_MAX_EVENT);
			c->warned_stream = true;
			c->skipping = true;
			c->skip_line_start = buf[n - 1] == '\n' || buf[n - 1] == '\r';
			c->skip_after_cr = buf[n - 1] == '\r';
		}
		buf += n;
		len -= n;
	}
	return true;
}

/* An open stream ended (the server closed it, or it dropped). */
static void stream_ended(struct conn_bridge *c)
{
	int64_t retry = lk_sse_retry_ms(c->sse);
	int64_t delay = retry >= 0 ? retry : c->set.backoff_min_ms;

	c->stream_open = false;
	if (delay > c->set.backoff_max_ms)
		delay = c->set.backoff_max_ms;
	/* a server that closes every stream at once must not make us spin */
	if (c->stream_events == 0) {
		c->ch[BRIDGE_STREAM].failures++;
		int64_t backoff = bridge_backoff_ms(c, c->ch[BRIDGE_STREAM].failures);
		delay = backoff > delay ? backoff : delay;
	}
	c->ch[BRIDGE_STREAM].retry_at = lk_now_ms() + delay;
}

static void stream_done(void *data, const struct lk_net_response *res)
{
	struct conn_bridge *c = data;
	char why[BRIDGE_WHY_SIZE];

	if (bridge_stopping(c))
		goto done;
	if (c->stream_open) {
		stream_ended(c);
	} else {
		enum bridge_outcome out = bridge_classify(c, res, why);
		if (c->stream_why[0]) { /* we refused it: not a stream at all */
			snprintf(why, sizeof(why), "%s", c->stream_why);
			c->stream_why[0] = '\0';
			out = BRIDGE_BAD_BODY;
		} else if (out == BRIDGE_OK || out == BRIDGE_NOT_MODIFIED) {
			snprintf(why, sizeof(why), "event stream: the bridge refused it");
			out = BRIDGE_RETRY;
		}
		bridge_fail(c, BRIDGE_STREAM, out, why, res->retry_after_ms);
	}
	bridge_wake(c);
done:
	bridge_job_done(c, BRIDGE_STREAM);
}

static void stream_start(struct conn_bridge *c)
{
	static const struct lk_net_stream_cbs cbs = {.open = stream_open, .chunk = stream_chunk, .done = stream_done};
	struct dstr last = {0};

	if (c->resume_id[0])
		dstr_printf(&last, "Last-Event-ID: %s", c->resume_id);
	struct bridge_call call = {.path = "/v1/events", .extra = last.array, .cbs = &cbs};
	bridge_call(c, BRIDGE_STREAM, &call);
	dstr_free(&last);
}

/* ---- the tick ------------------------------------------------------------------ */

bool bridge_stream_init(struct conn_bridge *c)
{
	c->sse = lk_sse_create(0, on_event, c);
	c->seen = lk_gift_dedupe_create(SEEN_IDS);
	return c->sse && c->seen;
}

int64_t bridge_stream_tick(struct conn_bridge *c, int64_t now)
{
	/* the stream starts from the first state's position (an event source
	 * reads no state: its first stream starts from now) */
	if ((!c->state_ok && !c->events_only) || c->jobs[BRIDGE_STREAM])
		return INT64_MAX;
	if (now < c->ch[BRIDGE_STREAM].retry_at)
		return c->ch[BRIDGE_STREAM].retry_at;
	stream_start(c);
	return INT64_MAX;
}

void bridge_stream_free(struct conn_bridge *c)
{
	lk_sse_destroy(c->sse);
	lk_gift_dedupe_destroy(c->seen);
	c->sse = NULL;
	c->seen = NULL;
}
