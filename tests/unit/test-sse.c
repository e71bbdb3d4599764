/*
 * Linkon — unit tests for the Server-Sent Events parser (core/lk-sse.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>
#include <util/dstr.h>

#include "core/lk-rand.h"
#include "core/lk-sse.h"

#define MAX_SEEN 64

/* Every event the parser dispatched, copied. */
struct seen {
	size_t n;
	char type[MAX_SEEN][64];
	char data[MAX_SEEN][256];
	size_t data_len[MAX_SEEN];
	char id[MAX_SEEN][64];
	size_t stop_after; /* return false from the event with this number (1-based); 0 = never */
};

static bool on_event(void *param, const struct lk_sse_event *ev)
{
	struct seen *s = param;

	assert_true(s->n < MAX_SEEN);
	assert_non_null(ev->type);
	assert_non_null(ev->data);
	assert_non_null(ev->id);
	assert_int_equal(ev->data[ev->data_len], '\0');
	snprintf(s->type[s->n], sizeof(s->type[0]), "%s", ev->type);
	assert_true(ev->data_len < sizeof(s->data[0]));
	memcpy(s->data[s->n], ev->data, ev->data_len + 1);
	s->data_len[s->n] = ev->data_len;
	snprintf(s->id[s->n], sizeof(s->id[0]), "%s", ev->id);
	s->n++;
	return s->stop_after != s->n;
}

static struct lk_sse *parser(struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return lk_sse_create(0, on_event, s);
}

static enum lk_sse_status feed_str(struct lk_sse *sse, const char *text)
{
	return lk_sse_feed(sse, text, strlen(text));
}

/* Parses text in one go and expects n events. */
static void parse_all(const char *text, struct seen *s, size_t n)
{
	struct lk_sse *sse = parser(s);

	assert_int_equal(feed_str(sse, text), LK_SSE_OK);
	if (s->n != n)
		fail_msg("%zu events from \"%s\", expected %zu", s->n, text, n);
	lk_sse_destroy(sse);
}

static void assert_event(const struct seen *s, size_t i, const char *type, const char *data, const char *id)
{
	assert_true(i < s->n);
	assert_string_equal(s->type[i], type);
	assert_string_equal(s->data[i], data);
	assert_int_equal(s->data_len[i], strlen(data));
	assert_string_equal(s->id[i], id);
}

/* ---- fields --------------------------------------------------------------- */

static void test_basic(void **state)
{
	struct seen s;

	parse_all("data: hello\n\n", &s, 1);
	assert_event(&s, 0, "message", "hello", "");

	parse_all("event: gift\nid: 7\ndata: a\ndata: b\n\n", &s, 1);
	assert_event(&s, 0, "gift", "a\nb", "7");

	/* the event name does not carry over to the next event; the id does */
	parse_all("event: pin\nid: 1\ndata: x\n\ndata: y\n\n", &s, 2);
	assert_event(&s, 0, "pin", "x", "1");
	assert_event(&s, 1, "message", "y", "1");
}

static void test_colon_and_space(void **state)
{
	struct seen s;

	parse_all("data:x\n\ndata: x\n\ndata:  x\n\ndata: a:b\n\n", &s, 4);
	assert_event(&s, 0, "message", "x", "");
	assert_event(&s, 1, "message", "x", "");
	assert_event(&s, 2, "message", " x", "");
	assert_event(&s, 3, "message", "a:b", "");

	/* a field name alone has an empty value: "data" adds an empty line */
	parse_all("data\n\ndata\ndata\n\ndata:", &s, 2);
	assert_event(&s, 0, "message", "", "");
	assert_event(&s, 1, "message", "\n", "");
}

static void test_ignored_fields(void **state)
{
	struct seen s;

	/* unknown and wrongly cased names are ignored, not errors */
	parse_all("foo: bar\nData: no\nDATA: no\ndata: yes\nevent\n\n", &s, 1);
	assert_event(&s, 0, "message", "yes", "");

	/* an event with no data is not dispatched */
	parse_all("event: gift\n\nid: 3\n\n", &s, 0);
}

static void test_comments(void **state)
{
	struct seen s;
	struct lk_sse *sse = parser(&s);

	assert_int_equal(feed_str(sse, ":heartbeat\n: another\n\n:\ndata: after\n\n"), LK_SSE_OK);
	assert_int_equal(s.n, 1);
	assert_event(&s, 0, "message", "after", "");
	assert_int_equal(lk_sse_comments(sse), 3);
	assert_int_equal(lk_sse_events(sse), 1);
	lk_sse_destroy(sse);
}

static void test_ids(void **state)
{
	struct seen s;
	struct lk_sse *sse = parser(&s);

	/* an id commits when its event ends, even an event without data */
	assert_int_equal(feed_str(sse, "id: 5\n"), LK_SSE_OK);
	assert_string_equal(lk_sse_last_id(sse), "");
	assert_int_equal(feed_str(sse, "\n"), LK_SSE_OK);
	assert_string_equal(lk_sse_last_id(sse), "5");
	assert_int_equal(s.n, 0);

	/* an id containing NUL is ignored */
	static const char nul_id[] = "id: 6\0x\ndata: a\n\n";
	assert_int_equal(lk_sse_feed(sse, nul_id, sizeof(nul_id) - 1), LK_SSE_OK);
	assert_event(&s, 0, "message", "a", "5");

	/* an empty id clears it */
	assert_int_equal(feed_str(sse, "id\ndata: b\n\n"), LK_SSE_OK);
	assert_event(&s, 1, "message", "b", "");
	assert_string_equal(lk_sse_last_id(sse), "");

	lk_sse_set_last_id(sse, "41");
	assert_int_equal(feed_str(sse, "data: c\n\n"), LK_SSE_OK);
	assert_event(&s, 2, "message", "c", "41");
	lk_sse_destroy(sse);
}

static void test_retry(void **state)
{
	struct seen s;
	struct lk_sse *sse = parser(&s);

	assert_int_equal(lk_sse_retry_ms(sse), -1);
	feed_str(sse, "retry: 1500\n");
	assert_int_equal(lk_sse_retry_ms(sse), 1500);
	/* not all digits, empty, signed, too long: ignored */
	feed_str(sse, "retry: 15x\nretry:\nretry: -1\nretry: +2\nretry: 1 \nretry: 99999999999999999999\n");
	assert_int_equal(lk_sse_retry_ms(sse), 1500);
	feed_str(sse, "retry:0\n");
	assert_int_equal(lk_sse_retry_ms(sse), 0);
	/* retry alone dispatches nothing, and survives a reset */
	feed_str(sse, "retry: 250\n\n");
	lk_sse_reset(sse);
	assert_int_equal(lk_sse_retry_ms(sse), 250);
	assert_int_equal(s.n, 0);
	lk_sse_destroy(sse);
}

/* ---- line ends, BOM, NUL ------------------------------------------------ */

static void test_line_endings(void **state)
{
	struct seen s;

	parse_all("data: a\r\n\r\ndata: b\r\rdata: c\n\nevent: e\rdata: d1\r\ndata: d2\n\r", &s, 4);
	assert_event(&s, 0, "message", "a", "");
	assert_event(&s, 1, "message", "b", "");
	assert_event(&s, 2, "message", "c", "");
	assert_event(&s, 3, "e", "d1\nd2", "");

	/* LF CR is two line ends (an empty line: dispatch) */
	parse_all("data: x\n\r", &s, 1);
	/* CR LF split over two chunks is one line end, not two */
	struct lk_sse *sse = parser(&s);
	feed_str(sse, "data: a\r");
	feed_str(sse, "\ndata: b\r");
	feed_str(sse, "\n\r");
	feed_str(sse, "\n");
	assert_int_equal(s.n, 1);
	assert_event(&s, 0, "message", "a\nb", "");
	lk_sse_destroy(sse);
}

static void test_bom(void **state)
{
	struct seen s;

	parse_all("\xEF\xBB\xBF" "data: a\n\n", &s, 1);
	assert_event(&s, 0, "message", "a", "");

	/* only one, and only at the start */
	parse_all("\xEF\xBB\xBF\xEF\xBB\xBF" "data: a\n\n", &s, 0);
	parse_all("data: a\n\n\xEF\xBB\xBF" "data: b\n\n", &s, 1);

	/* split over chunks, and expected again after a reset */
	struct lk_sse *sse = parser(&s);
	feed_str(sse, "\xEF");
	feed_str(sse, "\xBB");
	feed_str(sse, "\xBF" "da");
	feed_str(sse, "ta: x\n\n");
	lk_sse_reset(sse);
	feed_str(sse, "\xEF\xBB\xBF" "data: y\n\n");
	assert_int_equal(s.n, 2);
	assert_event(&s, 0, "message", "x", "");
	assert_event(&s, 1, "message", "y", "");
	lk_sse_destroy(sse);
}

static void test_nul_in_data(void **state)
{
	struct seen s;
	struct lk_sse *sse = parser(&s);
	static const char text[] = "data: \0a\0\ndata: \0\n\n";

	assert_int_equal(lk_sse_feed(sse, text, sizeof(text) - 1), LK_SSE_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.data_len[0], 5);
	assert_memory_equal(s.data[0], "\0a\0\n\0", 6);
	lk_sse_destroy(sse);
}

/* ---- connections -------------------------------------------------------- */

static void test_reset_drops_partial(void **state)
{
	struct seen s;
	struct lk_sse *sse = parser(&s);

	feed_str(sse, "id: 1\ndata: one\n\nid: 2\nevent: gift\ndata: cut sh");
	assert_int_equal(s.n, 1);
	lk_sse_reset(sse); /* the connection dropped mid-event */
	assert_string_equal(lk_sse_last_id(sse), "1");

	/* nothing of the half event leaks into the next one; an event without
	 * an id keeps the last committed id */
	feed_str(sse, "ort\n\ndata: two\n\n");
	assert_int_equal(s.n, 2);
	assert_event(&s, 1, "message", "two", "1");
	lk_sse_destroy(sse);
}

/* The same stream fed whole, byte by byte and in random splits gives the
 * same events. */
static const char mixed_stream[] = "\xEF\xBB\xBF:hello\r\n"
				   "retry: 3000\n"
				   "event: gift\r\n"
				   "id: 100\r"
				   "data: {\"id\":\"g1\",\r"
				   "data:  \"count\":2}\n"
				   "\n"
				   ": heartbeat\n\n"
				   "event: stock\nid: 101\ndata:{\"id\":\"p1\",\"stock\":5}\r\n\r\n"
				   "data\n\n"
				   "id: 102\nevent: pin\ndata: null\n\n"
				   "data: trailing, never ended";

static void check_mixed(const struct seen *s, struct lk_sse *sse)
{
	assert_int_equal(s->n, 4);
	assert_event(s, 0, "gift", "{\"id\":\"g1\",\n \"count\":2}", "100");
	assert_event(s, 1, "stock", "{\"id\":\"p1\",\"stock\":5}", "101");
	assert_event(s, 2, "message", "", "101");
	assert_event(s, 3, "pin", "null", "102");
	assert_int_equal(lk_sse_retry_ms(sse), 3000);
	assert_int_equal(lk_sse_comments(sse), 2);
	assert_string_equal(lk_sse_last_id(sse), "102");
}

static void test_any_split(void **state)
{
	size_t len = sizeof(mixed_stream) - 1;
	struct seen s;
	struct lk_sse *sse = parser(&s);

	assert_int_equal(lk_sse_feed(sse, mixed_stream, len), LK_SSE_OK);
	check_mixed(&s, sse);
	lk_sse_destroy(sse);

	sse = parser(&s);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(lk_sse_feed(sse, mixed_stream + i, 1), LK_SSE_OK);
	check_mixed(&s, sse);
	lk_sse_destroy(sse);

	/* every split into two pieces */
	for (size_t cut = 0; cut <= len; cut++) {
		sse = parser(&s);
		lk_sse_feed(sse, mixed_stream, cut);
		lk_sse_feed(sse, mixed_stream + cut, len - cut);
		check_mixed(&s, sse);
		lk_sse_destroy(sse);
	}

	/* random splits, including empty pieces */
	struct lk_rand r;
	lk_rand_seed(&r, 7);
	for (int round = 0; round < 200; round++) {
		sse = parser(&s);
		for (size_t i = 0; i < len;) {
			size_t n = (size_t)lk_rand_below(&r, 12);
			if (n > len - i)
				n = len - i;
			assert_int_equal(lk_sse_feed(sse, mixed_stream + i, n), LK_SSE_OK);
			i += n;
		}
		check_mixed(&s, sse);
		lk_sse_destroy(sse);
	}
}

/* ---- limits and stopping ------------------------------------------------ */

static void test_max_event(void **state)
{
	struct seen s;
	memset(&s, 0, sizeof(s));
	struct lk_sse *sse = lk_sse_create(20, on_event, &s);

	/* "data: " + 19 digits: 25 bytes, over 20 */
	assert_int_equal(feed_str(sse, "data: 0123456789012345678"), LK_SSE_TOO_LARGE);
	/* sticky until reset */
	assert_int_equal(feed_str(sse, "\n\ndata: ok\n\n"), LK_SSE_TOO_LARGE);
	assert_int_equal(s.n, 0);
	lk_sse_reset(sse);
	assert_int_equal(feed_str(sse, "data: ok\n\n"), LK_SSE_OK);
	assert_int_equal(s.n, 1);

	/* many short data lines add up */
	assert_int_equal(feed_str(sse, "data: 12345\ndata: 12345\ndata: 12345\ndata: 12345\n"), LK_SSE_TOO_LARGE);
	lk_sse_reset(sse);

	/* a line ending inside the chunk is checked too */
	assert_int_equal(feed_str(sse, "data: 0123456789012345678\n\n"), LK_SSE_TOO_LARGE);
	assert_int_equal(s.n, 1);
	lk_sse_destroy(sse);

	/* exactly at the limit: a 14-byte line, a 9-byte event */
	memset(&s, 0, sizeof(s));
	sse = lk_sse_create(14, on_event, &s);
	assert_int_equal(feed_str(sse, "data: 12345678\n\n"), LK_SSE_OK);
	assert_int_equal(s.n, 1);
	assert_event(&s, 0, "message", "12345678", "");
	/* the same byte by byte: a carried-over line counts the same */
	static const char exact[] = "data: 12345678\n\n";
	for (size_t i = 0; i < sizeof(exact) - 1; i++)
		assert_int_equal(lk_sse_feed(sse, exact + i, 1), LK_SSE_OK);
	assert_int_equal(s.n, 2);
	lk_sse_destroy(sse);
}

static void test_stop(void **state)
{
	struct seen s;
	struct lk_sse *sse = parser(&s);

	s.stop_after = 2;
	assert_int_equal(feed_str(sse, "id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n"), LK_SSE_STOPPED);
	assert_int_equal(s.n, 2);
	assert_string_equal(lk_sse_last_id(sse), "2");
	assert_int_equal(feed_str(sse, "data: d\n\n"), LK_SSE_STOPPED);
	assert_int_equal(s.n, 2);

	lk_sse_reset(sse);
	assert_int_equal(feed_str(sse, "data: e\n\n"), LK_SSE_OK);
	assert_event(&s, 2, "message", "e", "2");
	lk_sse_destroy(sse);
}

static void test_no_callback(void **state)
{
	struct lk_sse *sse = lk_sse_create(0, NULL, NULL);

	assert_int_equal(feed_str(sse, "id: 9\ndata: a\n\ndata: b\n\n"), LK_SSE_OK);
	assert_int_equal(lk_sse_events(sse), 2);
	assert_string_equal(lk_sse_last_id(sse), "9");
	lk_sse_destroy(sse);
	lk_sse_destroy(NULL);
}

/* A long stream: buffers are reused, nothing grows without bound. */
static void test_long_stream(void **state)
{
	struct lk_sse *sse = lk_sse_create(0, NULL, NULL);
	struct dstr ev = {0};

	for (int i = 1; i <= 20000; i++) {
		dstr_printf(&ev, "event: gift\nid: %d\ndata: {\"id\":\"g%d\"}\n\n", i, i);
		assert_int_equal(lk_sse_feed(sse, ev.array, ev.len), LK_SSE_OK);
	}
	assert_int_equal(lk_sse_events(sse), 20000);
	assert_string_equal(lk_sse_last_id(sse), "20000");
	dstr_free(&ev);
	lk_sse_destroy(sse);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_colon_and_space),
		cmocka_unit_test(test_ignored_fields),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_retry),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_nul_in_data),
		cmocka_unit_test(test_reset_drops_partial),
		cmocka_unit_test(test_any_split),
		cmocka_unit_test(test_max_event),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_no_callback),
		cmocka_unit_test(test_long_stream),
	};
	int failed = cmocka_run_group_tests_name("sse", tests, NULL, NULL);

	if (bnum_allocs() != 0)
		fail_msg("%ld allocations leaked", bnum_allocs());
	return failed;
}
