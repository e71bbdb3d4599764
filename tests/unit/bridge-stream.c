/*
 * Linkon — the bridge connector's event stream against the loopback bridge:
 * gifts arrive exactly once and in order through dropped connections and
 * replayed ids; bad and oversized events are skipped; a server that lost
 * our place makes us fetch everything again; a refused stream backs off;
 * destroying the connector with transfers in flight returns at once and
 * leaks nothing.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bridge-util.h"
#include "core/lk-room.h"
#include "net/lk-event-source.h"
#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <util/bmem.h>
#include <util/dstr.h>

#define GIFTS 10000

static struct bt t;

static int64_t requests(const char *path)
{
	json_t *st = bt_stats(&t);
	int64_t v = json_integer_value(json_object_get(json_object_get(st, "requests"), path));
	json_decref(st);
	return v;
}

static int64_t stream_connects(struct bt *b)
{
	json_t *st = bt_stats(b);
	int64_t n = json_integer_value(json_object_get(st, "stream_connects"));
	json_decref(st);
	return n;
}

static size_t want_gifts;

static bool gifts_in(struct bt *b)
{
	return bt_gifts_count() >= want_gifts;
}

/* Gifts g<first>..g<first + n - 1> arrived, in order, and nothing else. */
static void assert_gifts(size_t first, size_t n)
{
	char id[64], want[64];

	assert_int_equal(bt_gifts_count(), n);
	for (size_t i = 0; i < n; i++) {
		bt_gift_id(i, id, sizeof(id));
		snprintf(want, sizeof(want), "g%zu", first + i);
		if (strcmp(id, want) != 0)
			fail_msg("gift %zu is %s, want %s", i, id, want);
	}
}

/* 10,000 gifts; the server cuts the stream inside an event after every 100
 * and replays the last 7 ids on every reconnect. */
static void test_gifts_exactly_once(void **state)
{
	char body[64];

	bt_gifts_reset();
	bt_start(&t, "{\"knobs\": {\"drop_every\": 100, \"replay\": 7, \"retry_ms\": 0, \"heartbeat_ms\": 200}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	for (int i = 0; i < 10; i++) {
		snprintf(body, sizeof(body), "{\"n\": %d}", GIFTS / 10);
		bt_ctl_ok(&t, "/_bridge/gifts", body);
		lk_test_sleep_ms(20);
	}
	want_gifts = GIFTS;
	assert_true(bt_wait(&t, gifts_in, 50000));
	lk_test_sleep_ms(300); /* nothing more comes */
	assert_gifts(1, GIFTS);

	json_t *st = bt_stats(&t);
	json_t *ids = json_object_get(st, "last_event_ids");
	size_t resumed = 0;
	for (size_t i = 1; i < json_array_size(ids); i++)
		resumed += json_is_string(json_array_get(ids, i));
	assert_true(json_integer_value(json_object_get(st, "stream_connects")) >= GIFTS / 100);
	assert_int_equal(resumed, json_array_size(ids) - 1); /* every reconnect resumed */
	json_decref(st);
	assert_int_equal(bt_conn_state(&t), LK_CONN_CONNECTED);
	bt_stop(&t);
}

static int64_t want_orders;

static bool orders_in(struct bt *b)
{
	struct lk_snapshot *snap = lk_store_get(b->store);
	bool done = snap->show && snap->show->orders >= want_orders;
	lk_snapshot_release(snap);
	return done;
}

/* The show's orders from `order` events (docs/bridge-protocol.md): 300
 * orders in the extended form, each sent three times as new events (a bridge
 * that redelivers), on a stream cut every 50 events that replays 7 ids on
 * each reconnect, plus old short-form orders priced from the catalog: each
 * order counts once, its items and money as sent. */
static void test_orders_exactly_once(void **state)
{
	struct dstr body = {0};
	struct lk_events evs;
	int64_t gmv = 0, units = 0;

	bt_start(&t,
		 "{\"products\": 5, \"knobs\": {\"drop_every\": 50, \"replay\": 7, \"retry_ms\": 0, "
		 "\"heartbeat_ms\": 200}}",
		 NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	lk_events_init(&evs);
	lk_events_show(&evs, true, 0);
	lk_store_apply(t.store, &evs);
	lk_events_free(&evs);
	for (int round = 0; round < 3; round++) {
		dstr_copy(&body, "{\"raw\": [");
		for (int i = 0; i < 300; i++) {
			int qty = 1 + i % 3, price = 500 + i;
			dstr_catf(&body,
				  "%s[\"order\", \"{\\\"id\\\":\\\"o%d\\\",\\\"buyer\\\":\\\"Buyer %d\\\","
				  "\\\"currency\\\":\\\"CNY\\\",\\\"items\\\":[{\\\"productId\\\":\\\"p%d\\\","
				  "\\\"quantity\\\":%d,\\\"unitPrice\\\":%d}]}\"]",
				  i ? ", " : "", i, i, i % 5, qty, price);
			if (round == 0) {
				gmv += (int64_t)qty * price;
				units += qty;
			}
		}
		dstr_cat(&body, "]}");
		bt_ctl_ok(&t, "/_bridge/mutate", body.array);
	}
	/* the old short form: p1 twice at its catalog price (1010), once more redelivered (its counts
	 * are the codec test's: a reconnect reads the catalog again, which the raw events do not change) */
	bt_ctl_ok(&t, "/_bridge/mutate",
		  "{\"raw\": [[\"order\", \"{\\\"id\\\":\\\"old-1\\\",\\\"productId\\\":\\\"p1\\\","
		  "\\\"quantity\\\":2,\\\"stock\\\":90,\\\"sold\\\":12}\"], [\"order\", "
		  "\"{\\\"id\\\":\\\"old-1\\\",\\\"productId\\\":\\\"p1\\\",\\\"quantity\\\":2}\"]]}");
	dstr_free(&body);
	want_orders = 301;
	assert_true(bt_wait(&t, orders_in, 50000));
	lk_test_sleep_ms(500); /* nothing more counts */

	struct lk_snapshot *snap = lk_store_get(t.store);
	assert_int_equal(snap->show->orders, 301);
	const struct lk_show_totals *cny = lk_show_view_totals(snap->show, "CNY");
	assert_non_null(cny);
	assert_int_equal(cny->gmv, gmv + 2 * 1010);
	assert_int_equal(cny->units, units + 2);
	lk_snapshot_release(snap);
	bt_stop(&t);
}

static struct lk_room *test_room;

static bool room_has_all(struct bt *b)
{
	struct lk_room_counts c;
	(void)b;
	return lk_room_get_platform(test_room, "tiktok", &c) && c.comments == 2 && c.viewers == 40 &&
	       bt_gifts_count() >= 1;
}

/* Live-room events reach the room through the connector, each platform
 * event once even when the bridge sends it again under a new stream id;
 * a gift keeps its platform. */
static void test_room_events(void **state)
{
	bt_gifts_reset();
	test_room = lk_room_create();
	lk_room_set_sink(test_room);
	bt_start(&t, "{\"knobs\": {\"retry_ms\": 0, \"heartbeat_ms\": 200}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_ctl_ok(
		&t, "/_bridge/mutate",
		"{\"raw\": ["
		"[\"like\", \"{\\\"id\\\":\\\"l1\\\",\\\"platform\\\":\\\"tiktok\\\",\\\"count\\\":15}\"],"
		"[\"like\", \"{\\\"id\\\":\\\"l1\\\",\\\"platform\\\":\\\"tiktok\\\",\\\"count\\\":15}\"],"
		"[\"follow\", \"{\\\"id\\\":\\\"f1\\\",\\\"platform\\\":\\\"tiktok\\\",\\\"user\\\":{\\\"id\\\":\\\"u1\\\"}}\"],"
		"[\"share\", \"{\\\"id\\\":\\\"s1\\\",\\\"platform\\\":\\\"tiktok\\\",\\\"user\\\":{\\\"name\\\":\\\"Li\\\"}}\"],"
		"[\"comment\", \"{\\\"id\\\":\\\"c1\\\",\\\"platform\\\":\\\"tiktok\\\",\\\"user\\\":{\\\"id\\\":\\\"u1\\\"},\\\"text\\\":\\\"want 3\\\"}\"],"
		"[\"comment\", \"{\\\"id\\\":\\\"c1\\\",\\\"platform\\\":\\\"tiktok\\\",\\\"user\\\":{\\\"id\\\":\\\"u1\\\"},\\\"text\\\":\\\"want 3\\\"}\"],"
		"[\"comment\", \"{\\\"id\\\":\\\"c2\\\",\\\"platform\\\":\\\"tiktok\\\",\\\"user\\\":{\\\"id\\\":\\\"u2\\\"},\\\"text\\\":\\\"+1\\\"}\"],"
		"[\"gift\", \"{\\\"id\\\":\\\"g1\\\",\\\"platform\\\":\\\"tiktok\\\",\\\"gift\\\":{\\\"id\\\":\\\"rose\\\"}}\"],"
		"[\"viewers\", \"{\\\"platform\\\":\\\"tiktok\\\",\\\"count\\\":40}\"]]}");
	want_gifts = 1;
	assert_true(bt_wait(&t, room_has_all, BT_WAIT_MS));
	lk_test_sleep_ms(200);

	struct lk_room_counts c;
	assert_true(lk_room_get_platform(test_room, "tiktok", &c));
	assert_int_equal(c.likes, 15);
	assert_int_equal(c.follows, 1);
	assert_int_equal(c.shares, 1);
	assert_int_equal(c.comments, 2);
	assert_int_equal(c.duplicates, 2);
	struct lk_room_comment newest[2];
	assert_int_equal(lk_room_get_comments(test_room, newest, 2), 2);
	assert_string_equal(newest[0].text, "+1");
	assert_string_equal(newest[1].text, "want 3");
	char id[64];
	bt_gift_id(0, id, sizeof(id));
	assert_string_equal(id, "tiktok:g1");
	bt_stop(&t);
	lk_room_set_sink(NULL);
	lk_room_destroy(test_room);
}

/* One event of 100 KiB (over the 64 KiB limit) on the stream. */
static void send_big_event(void)
{
	char *big = malloc(100 * 1024);
	memset(big, 'x', 100 * 1024 - 1);
	big[100 * 1024 - 1] = '\0';
	json_t *doc = json_pack("{s:[[s,s]]}", "raw", "gift", big);
	char *text = json_dumps(doc, JSON_COMPACT);
	bt_ctl_ok(&t, "/_bridge/mutate", text);
	free(text);
	json_decref(doc);
	free(big);
}

/* Bad events and an event over the 64 KiB limit are skipped, each kind
 * logged once (a later, different bad event is not hidden by the first);
 * what follows still arrives. */
static void test_bad_events_skipped(void **state)
{
	bt_gifts_reset();
	bt_log_capture_start();
	bt_start(&t, "{\"knobs\": {\"retry_ms\": 0, \"heartbeat_ms\": 200}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	/* two kinds of bad event, each twice: each kind is logged once */
	bt_ctl_ok(&t, "/_bridge/mutate",
		  "{\"raw\": [[\"pin\", \"{bad\"], [\"gift\", \"{\\\"id\\\": \"], [\"pin\", \"{bad\"],"
		  " [\"gift\", \"{\\\"id\\\": \"]]}");
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 2}");
	want_gifts = 2;
	assert_true(bt_wait(&t, gifts_in, BT_WAIT_MS));

	send_big_event();
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 3}");
	want_gifts = 5;
	assert_true(bt_wait(&t, gifts_in, BT_WAIT_MS));
	lk_test_sleep_ms(200);
	assert_gifts(1, 5);
	bt_stop(&t);
	assert_int_equal(bt_log_count("skipped a bad"), 2);
	assert_int_equal(bt_log_count("skipped a bad 'pin'"), 1);
	assert_int_equal(bt_log_count("skipped a bad 'gift'"), 1);
	assert_int_equal(bt_log_count("over 65536 bytes"), 1);
	bt_log_capture_stop();
}

/* SSE lines may end in CR or CRLF as well as LF: after an event over the
 * limit is skipped on such a stream, the events that follow still arrive
 * (skipping used to end only at LF LF, so a CR-only stream went silent). */
static void test_big_event_cr_lines(void **state)
{
	static const char *const knobs[] = {
		"{\"knobs\": {\"line_end\": \"\\r\", \"retry_ms\": 0, \"heartbeat_ms\": 200}}",
		"{\"knobs\": {\"line_end\": \"\\r\\n\", \"retry_ms\": 0, \"heartbeat_ms\": 200}}",
	};

	for (size_t k = 0; k < 2; k++) {
		bt_gifts_reset();
		bt_start(&t, knobs[k], NULL);
		assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
		bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 2}");
		want_gifts = 2;
		assert_true(bt_wait(&t, gifts_in, BT_WAIT_MS));
		send_big_event();
		bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 3}");
		send_big_event();
		bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 4}");
		want_gifts = 9;
		if (!bt_wait(&t, gifts_in, BT_WAIT_MS))
			fail_msg("line ends %s: %zu of 9 gifts after an oversized event", k ? "CRLF" : "CR",
				 bt_gifts_count());
		lk_test_sleep_ms(200);
		assert_gifts(1, 9);
		/* the stream stayed open: the gifts came on it, not after a reconnect */
		assert_int_equal(stream_connects(&t), 1);
		bt_stop(&t);
	}
}

static bool has_12_products(struct bt *b)
{
	struct lk_snapshot *s = lk_store_get(b->store);
	bool ok = s->num_products == 12 && s->num_cart == 3 && s->pinned && strcmp(s->pinned->id, "p1") == 0;
	lk_snapshot_release(s);
	return ok && bt_connected(b);
}

/* The bridge restarts with a new shop and no event history: it answers our
 * Last-Event-ID with "resync", and we fetch the catalog and state again. */
static void test_resync(void **state)
{
	bt_gifts_reset();
	bt_start(&t, "{\"products\": 30, \"knobs\": {\"heartbeat_ms\": 200}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 5}");
	want_gifts = 5;
	assert_true(bt_wait(&t, gifts_in, BT_WAIT_MS));

	bt_ctl_ok(&t, "/_bridge/reset", "{\"products\": 12, \"cart\": 3, \"token\": \"" BT_TOKEN "\"}");
	assert_true(bt_wait(&t, has_12_products, BT_WAIT_MS));
	assert_true(requests("/v1/catalog") >= 1); /* counted since the reset */
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 2}");
	want_gifts = 7;
	assert_true(bt_wait(&t, gifts_in, BT_WAIT_MS));
	char id[16];
	bt_gift_id(5, id, sizeof(id));
	assert_string_equal(id, "g1"); /* the new shop's first gift: not taken for a replay */
	bt_stop(&t);
}

static bool stream_reconnected(struct bt *b)
{
	return stream_connects(b) >= 1;
}

/* A bridge restarts and numbers its events from 1001 again, as before: it
 * answers our Last-Event-ID (1500, unknown to it) with a resync that has an
 * id we saw before the restart (1001), then sends 600 gifts (1002-1601).
 * The resync is honoured whatever its id and the ids seen so far are
 * forgotten: all 600 arrive (the resync used to be dropped as a replay, and
 * 499 gifts with it), the catalog is read again, and the status is right. */
static void test_bridge_restart(void **state)
{
	bt_gifts_reset();
	bt_start(&t, "{\"products\": 30, \"first_id\": 1001, \"resync_id\": true, \"knobs\": {\"heartbeat_ms\": 200}}",
		 NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 500}");
	want_gifts = 500;
	assert_true(bt_wait(&t, gifts_in, BT_WAIT_MS));

	/* the restart: a new shop, no history, ids from 1001 again */
	bt_ctl_ok(&t, "/_bridge/reset",
		  "{\"products\": 12, \"cart\": 3, \"first_id\": 1001, \"resync_id\": true, \"token\": \"" BT_TOKEN
		  "\", \"knobs\": {\"heartbeat_ms\": 200}}");
	assert_true(bt_wait(&t, stream_reconnected, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 600}");
	want_gifts = 1100;
	if (!bt_wait(&t, gifts_in, BT_WAIT_MS))
		fail_msg("%zu of 600 gifts after the restart", bt_gifts_count() - 500);
	assert_true(bt_wait(&t, has_12_products, BT_WAIT_MS)); /* catalog and state read again, connected */
	assert_true(requests("/v1/catalog") >= 1);
	lk_test_sleep_ms(300);
	assert_int_equal(bt_gifts_count(), 1100);
	char id[16];
	bt_gift_id(500, id, sizeof(id));
	assert_string_equal(id, "g1"); /* the restarted bridge's first gift */
	bt_gift_id(1099, id, sizeof(id));
	assert_string_equal(id, "g600");
	json_t *st = bt_stats(&t);
	assert_int_equal(json_integer_value(json_object_get(st, "last_event_id")), 1601);
	json_decref(st);
	assert_int_equal(bt_conn_state(&t), LK_CONN_CONNECTED);
	bt_stop(&t);
}

static bool stream_asked(struct bt *b)
{
	return requests("/v1/events") >= 1;
}

/* Before any event the state's eventId is "0": the stream opens with
 * Last-Event-ID 0, so gifts sent between the state and the stream's start
 * (the server holds the stream request while they are sent) still arrive. */
static void test_first_event_id(void **state)
{
	bt_gifts_reset();
	bt_start(&t, "{\"faults\": {\"/v1/events\": [\"hang:1000\"]}, \"knobs\": {\"heartbeat_ms\": 200}}", NULL);
	assert_true(bt_wait(&t, stream_asked, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 3}");
	want_gifts = 3;
	assert_true(bt_wait(&t, gifts_in, BT_WAIT_MS));
	assert_gifts(1, 3);
	json_t *st = bt_stats(&t);
	assert_string_equal(json_string_value(json_array_get(json_object_get(st, "last_event_ids"), 0)), "0");
	json_decref(st);
	bt_stop(&t);
}

/* 503 and 429 with Retry-After on the stream: offline meanwhile, the next
 * try waits, then the stream opens. */
static void test_stream_refused(void **state)
{
	bt_start(&t, "{\"faults\": {\"/v1/events\": [\"503:1\", \"429:1\"]}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	json_t *st = bt_stats(&t);
	json_t *times = json_object_get(json_object_get(st, "times"), "/v1/events");
	assert_int_equal(json_array_size(times), 3);
	for (size_t i = 1; i < 3; i++) {
		int64_t gap =
			json_integer_value(json_array_get(times, i)) - json_integer_value(json_array_get(times, i - 1));
		if (gap < 1000)
			fail_msg("stream retry %zu came after %lld ms, before Retry-After", i, (long long)gap);
	}
	json_decref(st);
	bt_stop(&t);
}

static bool protocol_error(struct bt *b)
{
	return bt_conn_state(b) == LK_CONN_PROTOCOL_ERROR;
}

/* A bridge that answers /v1/events with JSON, and /v1/state with HTML: not
 * read as an event stream or a state; a protocol error that names the
 * Content-Type; then, answered right, the stream opens. */
static void test_wrong_content_type(void **state)
{
	bt_log_capture_start();
	bt_start(&t, "{\"faults\": {\"/v1/events\": [\"json\", \"json\"]}}", "{\"backoff_min_ms\": 300}");
	assert_true(bt_wait(&t, protocol_error, BT_WAIT_MS));
	struct lk_snapshot *s = lk_store_get(t.store);
	assert_non_null(strstr(s->status.message, "Content-Type application/json, not text/event-stream"));
	lk_snapshot_release(s);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/faults", "{\"/v1/state\": [\"html\"]}");
	assert_true(bt_wait(&t, protocol_error, BT_WAIT_MS));
	s = lk_store_get(t.store);
	assert_non_null(strstr(s->status.message, "live state: the bridge answered with Content-Type text/html"));
	lk_snapshot_release(s);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_stop(&t);
	assert_int_equal(bt_log_count("Content-Type application/json, not text/event-stream"), 1);
	bt_log_capture_stop();
}

static bool reconnected_3_times(struct bt *b)
{
	return stream_connects(b) >= 4;
}

/* A stream that goes silent (no heartbeat) is ended after stream_idle_ms
 * and opened again, resuming where it was. */
static void test_silent_stream(void **state)
{
	bt_gifts_reset();
	bt_start(&t, "{\"knobs\": {\"heartbeat_ms\": 60000}}", "{\"stream_idle_ms\": 300}");
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 1}");
	assert_true(bt_wait(&t, reconnected_3_times, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 1}");
	want_gifts = 2;
	assert_true(bt_wait(&t, gifts_in, BT_WAIT_MS));
	lk_test_sleep_ms(100);
	assert_gifts(1, 2);
	assert_int_equal(bt_conn_state(&t), LK_CONN_CONNECTED); /* reconnects do not flap the status */
	bt_stop(&t);
}

static bool auth_failed(struct bt *b)
{
	return bt_conn_state(b) == LK_CONN_AUTH_FAILED;
}

/* The token is refused in the middle of the show: everything stops, the
 * open stream too. */
static void test_token_revoked(void **state)
{
	bt_gifts_reset();
	bt_start(&t, "{\"knobs\": {\"heartbeat_ms\": 200}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/faults", "{\"/v1/state\": [\"401\"]}");
	assert_true(bt_wait(&t, auth_failed, BT_WAIT_MS));
	int64_t polls = requests("/v1/state");
	bt_ctl_ok(&t, "/_bridge/gifts", "{\"n\": 3}");
	lk_test_sleep_ms(500);
	assert_int_equal(bt_gifts_count(), 0);
	assert_int_equal(requests("/v1/state"), polls);
	assert_int_equal(bt_conn_state(&t), LK_CONN_AUTH_FAILED);
	bt_stop(&t);
}

static int64_t timed_stop(void)
{
	int64_t start = lk_test_mono_ms();

	t.info->destroy(t.conn);
	t.conn = NULL;
	int64_t ms = lk_test_mono_ms() - start;
	bt_stop(&t);
	return ms;
}

static bool catalog_asked(struct bt *b)
{
	return requests("/v1/catalog") >= 1;
}

static bool action_and_state_asked(struct bt *b)
{
	return requests("/v1/actions") >= 1 && requests("/v1/state") >= 2;
}

/* Destroying the connector while the server sits on its requests: it
 * returns without waiting for them, and everything is freed. */
static void test_destroy_in_flight(void **state)
{
	long allocs = bnum_allocs();

	bt_start(&t, "{\"faults\": {\"/v1/catalog\": [\"hang:120000\"]}}", NULL);
	assert_true(bt_wait(&t, catalog_asked, BT_WAIT_MS));
	int64_t ms = timed_stop();
	printf("destroy with the catalog in flight: %lld ms\n", (long long)ms);
	assert_true(ms < 30000); /* did not wait for the 120 s answer */
	assert_int_equal(bnum_allocs(), allocs);

	/* the stream open, an action and a poll in flight */
	bt_start(&t, "{\"knobs\": {\"heartbeat_ms\": 60000}}", NULL);
	assert_true(bt_wait(&t, bt_connected, BT_WAIT_MS));
	bt_ctl_ok(&t, "/_bridge/faults", "{\"/v1/actions\": [\"hang:120000\"], \"/v1/state\": [\"hang:120000\"]}");
	assert_true(t.info->pin(t.conn, "p2", NULL));
	assert_true(t.info->pin(t.conn, "p3", NULL)); /* still queued */
	assert_true(bt_wait(&t, action_and_state_asked, BT_WAIT_MS));
	ms = timed_stop();
	printf("destroy with a stream, an action and a poll in flight: %lld ms\n", (long long)ms);
	assert_true(ms < 30000);
	assert_int_equal(bnum_allocs(), allocs);
}

/* ---- the TikTok LIVE event source (lk_es_tiktok_live): a refused token ---- */

static pthread_mutex_t room_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct lk_es_status room_last;

static void room_publish(void *data, const struct lk_es_status *st)
{
	(void)data;
	pthread_mutex_lock(&room_mutex);
	room_last = *st;
	pthread_mutex_unlock(&room_mutex);
}

static bool room_auth_refused(struct bt *b)
{
	(void)b;
	pthread_mutex_lock(&room_mutex);
	bool refused = room_last.msg.code == LK_MSG_ES_BRIDGE_AUTH;
	pthread_mutex_unlock(&room_mutex);
	return refused;
}

/* A live room's refused token says how a seller changes it (remove the
 * room, add it again with the right token: the dock has no edit): the room
 * does not watch config.json, so not the connector's "Linkon reads it
 * again when it changes". */
static void test_room_token_refused(void **state)
{
	char url[128];
	(void)state;
	bt_ctl_ok(&t, "/_bridge/reset", "{\"token\": \"" BT_TOKEN "\"}");
	lk_testsrv_url(&t.srv, "", url, sizeof(url));
	t.net = lk_net_create(NULL);
	assert_non_null(t.net);
	memset(&room_last, 0, sizeof(room_last));
	struct lk_es_host host = {.net = t.net, .publish = room_publish};
	json_t *settings = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i}", "type", "tiktok_live", "url", url, "token",
				     "not-the-token", "backoff_min_ms", 20, "backoff_max_ms", 400, "timeout_ms", 5000);
	void *room = lk_es_tiktok_live.create(&host, settings);
	json_decref(settings);
	assert_non_null(room);
	bool refused = bt_wait(&t, room_auth_refused, BT_WAIT_MS);
	lk_es_tiktok_live.destroy(room);
	lk_net_destroy(t.net);
	t.net = NULL;
	if (!refused)
		fail_msg("no refused token: state %d, %s: %s", (int)room_last.state, lk_msg_name(room_last.msg.code),
			 room_last.detail);
	assert_string_equal(lk_msg_name(room_last.msg.code), "es_bridge_auth_failed");
	assert_int_equal(room_last.state, LK_ES_RETRY);
	assert_null(strstr(room_last.detail, "reads it again"));
	assert_non_null(strstr(room_last.detail, "add it again with the right token"));
	assert_null(strstr(room_last.detail, "not-the-token"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_gifts_exactly_once, bt_teardown),
		cmocka_unit_test_teardown(test_orders_exactly_once, bt_teardown),
		cmocka_unit_test_teardown(test_room_events, bt_teardown),
		cmocka_unit_test_teardown(test_bad_events_skipped, bt_teardown),
		cmocka_unit_test_teardown(test_big_event_cr_lines, bt_teardown),
		cmocka_unit_test_teardown(test_resync, bt_teardown),
		cmocka_unit_test_teardown(test_bridge_restart, bt_teardown),
		cmocka_unit_test_teardown(test_first_event_id, bt_teardown),
		cmocka_unit_test_teardown(test_stream_refused, bt_teardown),
		cmocka_unit_test_teardown(test_wrong_content_type, bt_teardown),
		cmocka_unit_test_teardown(test_silent_stream, bt_teardown),
		cmocka_unit_test_teardown(test_token_revoked, bt_teardown),
		cmocka_unit_test_teardown(test_destroy_in_flight, bt_teardown),
		cmocka_unit_test_teardown(test_room_token_refused, bt_teardown),
	};

	return bt_run_group("bridge-stream", tests, sizeof(tests) / sizeof(tests[0]), &t);
}
