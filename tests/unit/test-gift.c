/*
 * Linkon — unit tests for gift events: JSON decoding (both readers), string
 * limits and clean-up, odd Unicode, the bounded dedupe set.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>
#include <util/bmem.h>
#include <util/dstr.h>

#include "core/lk-gift.h"
#include "core/lk-gift-dedupe.h"
#include "gift-both.h"

/* ---- helpers ----------------------------------------------------------- */

/* Decodes with both readers; they must agree. Returns the fast one. */
static bool decode_both(const char *json, size_t len, struct lk_gift_event *ev, char *err);

static void expect_error(const char *json, const char *expected_err)
{
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE] = "";

	if (decode_both(json, strlen(json), &ev, err))
		fail_msg("accepted: %s", json);
	assert_null(ev.id);
	assert_null(ev.buf);
	if (strstr(err, expected_err) == NULL)
		fail_msg("error for %s was \"%s\", expected \"%s\"", json, err, expected_err);
}

static bool decode_both(const char *json, size_t len, struct lk_gift_event *ev, char *err)
{
	struct gift_both b;

	gift_both_decode(json, len, &b);
	const char *why = gift_both_disagreement(&b, json, len);
	if (why)
		fail_msg("readers disagree (%s; tree %d, fast %d: %s) on: %.*s", why, b.tree_ok, b.fast_ok, b.fast_err,
			 (int)len, json);
	snprintf(err, LK_GIFT_ERR_SIZE, "%s", b.fast_err);
	*ev = b.fast;
	b.fast = (struct lk_gift_event){0};
	gift_both_free(&b);
	return b.fast_ok;
}

static bool valid_utf8(const char *s)
{
	json_t *j = json_string(s); /* jansson validates UTF-8 */
	bool ok = j != NULL;
	json_decref(j);
	return ok;
}

/* ---- decoding ---------------------------------------------------------- */

static const char *full_event =
	"{\"id\":\"e1\",\"sender\":{\"id\":\"u42\",\"name\":\"Mia\",\"avatar\":\"https://cdn.example/a/42.png\"},"
	"\"gift\":{\"id\":\"rose\",\"name\":\"Rose\",\"image\":\"https://cdn.example/g/rose.png\",\"value\":1,"
	"\"money\":{\"amount\":10,\"currency\":\"cny\"}},\"count\":12,\"streak\":\"s-9\",\"streakEnd\":false}";

static void test_decode_full(void **state)
{
	(void)state;
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE] = "";

	assert_true(decode_both(full_event, strlen(full_event), &ev, err));
	assert_string_equal(ev.id, "e1");
	assert_string_equal(ev.sender_id, "u42");
	assert_string_equal(ev.sender_name, "Mia");
	assert_string_equal(ev.sender_avatar, "https://cdn.example/a/42.png");
	assert_string_equal(ev.gift_id, "rose");
	assert_string_equal(ev.gift_name, "Rose");
	assert_string_equal(ev.gift_image, "https://cdn.example/g/rose.png");
	assert_int_equal(ev.value, 1);
	assert_int_equal(ev.money, 10);
	assert_string_equal(ev.currency, "CNY");
	assert_int_equal(ev.count, 12);
	assert_string_equal(ev.streak_id, "s-9");
	assert_false(ev.streak_end);
	assert_non_null(ev.buf);
	lk_gift_event_free(&ev);
	assert_null(ev.buf);
	assert_null(ev.id);
	lk_gift_event_free(&ev); /* twice is fine */
	lk_gift_event_free(NULL);
}

static void test_decode_minimal_defaults(void **state)
{
	(void)state;
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE] = "";
	const char *json = " {\"id\": 77, \"gift\": {\"name\": \"Lion\", \"value\": \"29999\"}, \"streak\": null,"
			   " \"sender\": null, \"count\": null, \"extra\": [1, {\"x\": [true, false, null]}]}\n";

	assert_true(decode_both(json, strlen(json), &ev, err));
	assert_string_equal(ev.id, "77");
	assert_null(ev.sender_id);
	assert_string_equal(ev.sender_name, "");
	assert_null(ev.sender_avatar);
	assert_string_equal(ev.gift_name, "Lion");
	assert_string_equal(ev.gift_id, "Lion"); /* the name stands in for a missing id */
	assert_int_equal(ev.value, 29999);
	assert_int_equal(ev.money, 0);
	assert_string_equal(ev.currency, "");
	assert_int_equal(ev.count, 1);
	assert_null(ev.streak_id);
	assert_false(ev.streak_end);
	lk_gift_event_free(&ev);

	/* money without a currency is just unknown money; an empty streak is a single gift */
	json = "{\"id\":\"e2\",\"gift\":{\"id\":\"g\",\"money\":{\"amount\":5}},\"streak\":\"\",\"streakEnd\":true}";
	assert_true(decode_both(json, strlen(json), &ev, err));
	assert_string_equal(ev.gift_name, "g");
	assert_int_equal(ev.money, 0);
	assert_null(ev.streak_id);
	assert_true(ev.streak_end);
	lk_gift_event_free(&ev);
}

static void test_decode_errors(void **state)
{
	(void)state;
	char long_id[300];
	memset(long_id, 0, sizeof(long_id));
	strcpy(long_id, "{\"id\":\"");
	memset(long_id + strlen(long_id), 'x', LK_GIFT_MAX_ID + 1);
	strcat(long_id, "\",\"gift\":{\"id\":\"g\"}}");

	expect_error("", "JSON: empty input");
	expect_error("   ", "JSON: empty input");
	expect_error("[1,2]", "event: must be a JSON object");
	expect_error("{\"gift\":{\"id\":\"g\"}}", "id: missing");
	expect_error("{\"id\":\"\",\"gift\":{\"id\":\"g\"}}", "id: must not be empty");
	expect_error("{\"id\":true,\"gift\":{\"id\":\"g\"}}", "id: must be a string or an integer");
	expect_error(long_id, "id: must be at most 128 bytes");
	expect_error("{\"id\":\"e\"}", "gift: missing");
	expect_error("{\"id\":\"e\",\"gift\":{\"value\":3}}", "gift: needs an id or a name");
	expect_error("{\"id\":\"e\",\"gift\":\"rose\"}", "gift: must be an object");
	expect_error("{\"id\":\"e\",\"sender\":5,\"gift\":{\"id\":\"g\"}}", "sender: must be an object");
	expect_error("{\"id\":\"e\",\"sender\":{\"name\":5},\"gift\":{\"id\":\"g\"}}", "sender.name: must be a string");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"count\":0}", "count: must be an integer 1..1000000");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"count\":1000001}", "count: must be an integer");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"count\":\"12a\"}", "count: must be an integer");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"count\":2.0}", "count: must be an integer");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\",\"value\":-1}}", "gift.value: must be an integer 0..");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\",\"money\":{\"amount\":1,\"currency\":\"CN\"}}}",
		     "gift.money.currency: must be a 3-letter currency code");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\",\"money\":{\"amount\":-5,\"currency\":\"USD\"}}}",
		     "gift.money.amount: must be an integer");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"streakEnd\":\"yes\"}",
		     "streakEnd: must be true or false");

	/* JSON syntax: the message says what and where */
	expect_error("{\"id\":\"e\",}", "JSON: expected a string key at byte 10");
	expect_error("{\"id\":\"e\" \"gift\":{}}", "JSON: expected ',' or '}'");
	expect_error("{\"id\":\"e", "JSON: unterminated string");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"}} x", "JSON: unexpected data after the event");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"n\":01}", "JSON: expected ',' or '}'");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"n\":1.}", "JSON: invalid number");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"n\":99999999999999999999}", "JSON: integer too big");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"n\":1e999}", "JSON: real number overflow");
	expect_error("{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"n\":tru}", "JSON: invalid literal");
	expect_error("{\"id\":\"e\\q\",\"gift\":{\"id\":\"g\"}}", "JSON: invalid escape in string");
	expect_error("{\"id\":\"e\\u00\",\"gift\":{\"id\":\"g\"}}", "JSON: invalid \\u escape");
	expect_error("{\"id\":\"e\\u0000\",\"gift\":{\"id\":\"g\"}}", "JSON: \\u0000 is not allowed");
	expect_error("{\"id\":\"e\\ud83d\",\"gift\":{\"id\":\"g\"}}", "JSON: invalid Unicode: lone surrogate");
	expect_error("{\"id\":\"e\\ude00x\",\"gift\":{\"id\":\"g\"}}", "JSON: invalid Unicode: lone surrogate");
	expect_error("{\"id\":\"e\tx\",\"gift\":{\"id\":\"g\"}}", "JSON: control character in string");
	expect_error("{\"id\":\"e\xff\",\"gift\":{\"id\":\"g\"}}", "JSON: invalid UTF-8");
	expect_error("{\"id\":\"e\xc0\xaf\",\"gift\":{\"id\":\"g\"}}", "JSON: invalid UTF-8");         /* overlong */
	expect_error("{\"id\":\"e\xed\xa0\x80\",\"gift\":{\"id\":\"g\"}}", "JSON: invalid UTF-8");     /* surrogate */
	expect_error("{\"id\":\"e\xf4\x90\x80\x80\",\"gift\":{\"id\":\"g\"}}", "JSON: invalid UTF-8"); /* > U+10FFFF */
}

static void test_decode_depth_limit(void **state)
{
	(void)state;
	struct dstr s = {0};
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE];

	dstr_copy(&s, "{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"deep\":");
	for (int i = 0; i < LK_GIFT_MAX_DEPTH; i++)
		dstr_cat(&s, "[");
	for (int i = 0; i < LK_GIFT_MAX_DEPTH; i++)
		dstr_cat(&s, "]");
	dstr_cat(&s, "}");
	assert_false(lk_gift_decode(s.array, s.len, &ev, err, sizeof(err)));
	assert_non_null(strstr(err, "nesting too deep"));

	/* one level less fits (the event object itself is a level) */
	dstr_copy(&s, "{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"deep\":");
	for (int i = 0; i < LK_GIFT_MAX_DEPTH - 1; i++)
		dstr_cat(&s, "[");
	for (int i = 0; i < LK_GIFT_MAX_DEPTH - 1; i++)
		dstr_cat(&s, "]");
	dstr_cat(&s, "}");
	assert_true(decode_both(s.array, s.len, &ev, err));
	lk_gift_event_free(&ev);
	dstr_free(&s);
}

static void test_decode_duplicate_keys(void **state)
{
	(void)state;
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE];
	/* later values win, a bad earlier value does not matter, a replaced object drops its old fields */
	const char *json = "{\"id\":\"a\",\"id\":\"b\",\"sender\":5,\"sender\":{\"name\":\"Old\",\"id\":\"u1\"},"
			   "\"sender\":{\"name\":\"New\"},\"gift\":{\"id\":\"g\",\"value\":\"x\",\"value\":4},"
			   "\"count\":0,\"count\":3}";

	assert_true(decode_both(json, strlen(json), &ev, err));
	assert_string_equal(ev.id, "b");
	assert_string_equal(ev.sender_name, "New");
	assert_null(ev.sender_id);
	assert_int_equal(ev.value, 4);
	assert_int_equal(ev.count, 3);
	lk_gift_event_free(&ev);
}

/* A later duplicate key replaces the whole earlier value, numbers and flags
 * included (jansson keeps the last value of a duplicate key; the hand reader
 * used to keep a replaced object's value and a streakEnd set to null). */
static void test_decode_duplicate_keys_replace_numbers(void **state)
{
	(void)state;
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE];
	static const struct {
		const char *json;
		int64_t value, money, count;
		bool streak_end;
	} cases[] = {
		{"{\"gift\":{\"value\":1},\"id\":\"e\",\"gift\":{\"id\":\"g\"}}", 0, 0, 1, false},
		{"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"streakEnd\":true,\"streakEnd\":null}", 0, 0, 1, false},
		{"{\"id\":\"e\",\"gift\":{\"id\":\"g\",\"value\":7,\"value\":null}}", 0, 0, 1, false},
		{"{\"id\":\"e\",\"gift\":{\"id\":\"g\",\"money\":{\"amount\":5,\"currency\":\"USD\"},\"money\":{}}}", 0,
		 0, 1, false},
		{"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"count\":9,\"count\":null}", 0, 0, 1, false},
		{"{\"id\":\"e\",\"gift\":{\"id\":\"g\",\"value\":2},\"streakEnd\":null,\"streakEnd\":true}", 2, 0, 1,
		 true},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* decode_both fails the test when the readers disagree */
		if (!decode_both(cases[i].json, strlen(cases[i].json), &ev, err))
			fail_msg("refused %s: %s", cases[i].json, err);
		assert_string_equal(ev.id, "e");
		assert_string_equal(ev.gift_id, "g");
		assert_int_equal(ev.value, cases[i].value);
		assert_int_equal(ev.money, cases[i].money);
		assert_string_equal(ev.currency, "");
		assert_int_equal(ev.count, cases[i].count);
		assert_int_equal(ev.streak_end, cases[i].streak_end);
		lk_gift_event_free(&ev);
	}
}

static void test_decode_unicode_names(void **state)
{
	(void)state;
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE] = "";

	/* escapes, surrogate pairs, raw CJK and emoji */
	const char *json = "{\"id\":\"e\",\"sender\":{\"name\":\"\\u5c0f\\u660e \\ud83c\\udf39 \xe5\xb0\x8f\"},"
			   "\"gift\":{\"id\":\"rose\",\"name\":\"R\\u00f6se\\n\\t\\\"x\\\"\"}}";
	assert_true(decode_both(json, strlen(json), &ev, err));
	assert_string_equal(ev.sender_name, "\xe5\xb0\x8f\xe6\x98\x8e \xf0\x9f\x8c\xb9 \xe5\xb0\x8f");
	assert_string_equal(ev.gift_name, "R\xc3\xb6se  \"x\""); /* controls became spaces */
	lk_gift_event_free(&ev);

	/* bidi overrides are removed, C1 controls and DEL become spaces */
	json = "{\"id\":\"e\",\"sender\":{\"name\":\"a\\u202eb\\u2066c\\u0085d\\u007fe\"},\"gift\":{\"id\":\"g\"}}";
	assert_true(decode_both(json, strlen(json), &ev, err));
	assert_string_equal(ev.sender_name, "abc d e");
	lk_gift_event_free(&ev);
}

static void test_decode_long_names(void **state)
{
	(void)state;
	struct dstr s = {0};
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE] = "";

	/* 200 three-byte characters: cut to whole characters within the limit */
	dstr_copy(&s, "{\"id\":\"e\",\"sender\":{\"name\":\"");
	for (int i = 0; i < 200; i++)
		dstr_cat(&s, "\xe5\xb0\x8f");
	dstr_cat(&s, "\"},\"gift\":{\"id\":\"g\",\"name\":\"");
	for (int i = 0; i < 300; i++)
		dstr_cat(&s, i % 2 ? "\\u00e9" : "a"); /* escaped, so the cut happens in scratch */
	dstr_cat(&s, "\"}}");
	assert_true(decode_both(s.array, s.len, &ev, err));
	assert_int_equal(strlen(ev.sender_name), (LK_GIFT_MAX_NAME / 3) * 3);
	assert_true(valid_utf8(ev.sender_name));
	assert_true(strlen(ev.gift_name) <= LK_GIFT_MAX_NAME);
	assert_true(strlen(ev.gift_name) >= LK_GIFT_MAX_NAME - 1);
	assert_true(valid_utf8(ev.gift_name));
	lk_gift_event_free(&ev);
	dstr_free(&s);
}

static void test_decode_urls(void **state)
{
	(void)state;
	static const struct {
		const char *url;
		bool kept;
	} cases[] = {
		{"https://cdn.example/a.png", true},
		{"HTTP://cdn.example/a.png?x=1&y=%20", true},
		{"file:///etc/passwd", false},
		{"/home/me/private.png", false},
		{"javascript:alert(1)", false},
		{"https://cdn.example/a b.png", false},
		{"https://", false},
		{"", false},
	};
	char json[512];
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(json, sizeof(json),
			 "{\"id\":\"e\",\"sender\":{\"avatar\":\"%s\"},\"gift\":{\"id\":\"g\",\"image\":\"%s\"}}",
			 cases[i].url, cases[i].url);
		assert_true(decode_both(json, strlen(json), &ev, err));
		if (cases[i].kept) {
			assert_string_equal(ev.sender_avatar, cases[i].url);
			assert_string_equal(ev.gift_image, cases[i].url);
		} else {
			assert_null(ev.sender_avatar);
			assert_null(ev.gift_image);
		}
		lk_gift_event_free(&ev);
	}

	/* longer than the limit: dropped, the event still decodes */
	struct dstr s = {0};
	dstr_copy(&s, "{\"id\":\"e\",\"gift\":{\"id\":\"g\",\"image\":\"https://x/");
	for (int i = 0; i < LK_GIFT_MAX_URL; i++)
		dstr_cat(&s, "a");
	dstr_cat(&s, "\"}}");
	assert_true(decode_both(s.array, s.len, &ev, err));
	assert_null(ev.gift_image);
	lk_gift_event_free(&ev);
	dstr_free(&s);
}

/* ---- the readers agree on mutated input -------------------------------- */

static uint64_t rng_state = 0x1234567u;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng_state >> 33) % n;
}

static void mutate(char *buf, size_t *len, size_t cap)
{
	static const char pieces[] = "\"\\{}[],:0123456789-+.eEtfnul u\x80\xc3\xa9\xe5\xff\x01 \t\0\xef\xbb\xbf";
	int edits = 1 + (int)rnd(3);

	for (int e = 0; e<edits && * len> 0; e++) {
		size_t at = rnd((uint32_t)*len);
		switch (rnd(3)) {
		case 0: /* replace */
			buf[at] = pieces[rnd(sizeof(pieces) - 1)];
			break;
		case 1: /* delete */
			memmove(buf + at, buf + at + 1, *len - at - 1);
			(*len)--;
			break;
		default: /* insert */
			if (*len + 1 < cap) {
				memmove(buf + at + 1, buf + at, *len - at);
				buf[at] = pieces[rnd(sizeof(pieces) - 1)];
				(*len)++;
			}
		}
	}
}

static void test_readers_agree(void **state)
{
	(void)state;
	static const char *seeds[] = {
		NULL, /* full_event */
		"{\"id\":12,\"gift\":{\"name\":\"\\u00e9t\\u00e9\",\"value\":\"5\"},\"count\":\"3\",\"streakEnd\":true}",
		"{\"id\":\"x\",\"sender\":{\"name\":\"\\ud83d\\ude00 a\\\\b\"},\"gift\":{\"id\":\"g\"},\"z\":[1,-2.5e3,{}]}",
		"{\"id\":\"y\",\"gift\":{\"id\":\"g\",\"money\":{\"amount\":\"99\",\"currency\":\"usd\"}},\"streak\":7}",
	};
	static const char *edges[] = {
		"\xef\xbb\xbf{\"id\":\"e\",\"gift\":{\"id\":\"g\"}}", /* BOM */
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"a\":-0,\"b\":1e-400,\"c\":-9223372036854775808}",
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"c\":-9223372036854775809}",
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"\\u0000\":1}",
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"\\u0069d\":\"renamed\"}",
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"count\":-0}",
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"count\":\"\\u0031\\u0032\"}",
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"count\":\"0012\"}",
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"x\":1E+2,\"y\":0.5e-3}",
		"\t{\"id\":\"e\",\"gift\":{\"id\":\"g\"}}\r\n",
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"}}\n\n{}",
		"{\"id\":\"e\",\"gift\":{\"id\":\"g\"},\"s\":\"\x7f\"}",
	};
	char buf[1024];
	int accepted = 0, rejected = 0;

	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		struct lk_gift_event ev;
		char err[LK_GIFT_ERR_SIZE];
		if (decode_both(edges[i], strlen(edges[i]), &ev, err))
			lk_gift_event_free(&ev);
	}
	/* a NUL byte inside the text */
	static const char with_nul[] = "{\"id\":\"e\",\"gift\":{\"id\":\"g\"}}\0";
	struct lk_gift_event nev;
	char nerr[LK_GIFT_ERR_SIZE];
	assert_false(decode_both(with_nul, sizeof(with_nul), &nev, nerr));
	static const char with_nul2[] = "{\"id\":\"e\0\",\"gift\":{\"id\":\"g\"}}";
	assert_false(decode_both(with_nul2, sizeof(with_nul2) - 1, &nev, nerr));

	for (int iter = 0; iter < 40000; iter++) {
		const char *seed = seeds[iter % 4] ? seeds[iter % 4] : full_event;
		size_t len = strlen(seed);
		memcpy(buf, seed, len);
		mutate(buf, &len, sizeof(buf));

		struct lk_gift_event ev;
		char err[LK_GIFT_ERR_SIZE] = "";
		if (decode_both(buf, len, &ev, err)) {
			accepted++;
			assert_true(valid_utf8(ev.sender_name));
			assert_true(valid_utf8(ev.gift_name));
			lk_gift_event_free(&ev);
		} else {
			rejected++;
			assert_true(err[0] != '\0');
		}
	}
	/* the mutations exercise both outcomes */
	assert_true(accepted > 1000);
	assert_true(rejected > 1000);
}

/* ---- dedupe ------------------------------------------------------------ */

static void test_dedupe_basic(void **state)
{
	(void)state;
	struct lk_gift_dedupe *d = lk_gift_dedupe_create(0);

	assert_int_equal(lk_gift_dedupe_capacity(d), LK_GIFT_DEDUPE_DEFAULT);
	assert_true(lk_gift_dedupe_add_id(d, "e1", 2));
	assert_true(lk_gift_dedupe_add_id(d, "e2", 2));
	assert_false(lk_gift_dedupe_add_id(d, "e1", 2));
	assert_false(lk_gift_dedupe_add_id(d, "e2", 2));
	assert_true(lk_gift_dedupe_contains(d, lk_gift_hash("e1", 2, 0)));
	assert_false(lk_gift_dedupe_contains(d, lk_gift_hash("e3", 2, 0)));
	assert_int_equal(lk_gift_dedupe_count(d), 2);
	lk_gift_dedupe_clear(d);
	assert_int_equal(lk_gift_dedupe_count(d), 0);
	assert_true(lk_gift_dedupe_add_id(d, "e1", 2));
	lk_gift_dedupe_destroy(d);
	lk_gift_dedupe_destroy(NULL);
}

static void test_dedupe_fifo_eviction(void **state)
{
	(void)state;
	struct lk_gift_dedupe *d = lk_gift_dedupe_create(20);
	char id[32];
	size_t cap = lk_gift_dedupe_capacity(d);

	assert_int_equal(cap, 20);
	for (int round = 0; round < 3; round++) { /* the ring wraps several times */
		for (size_t i = 0; i < cap; i++) {
			int n = snprintf(id, sizeof(id), "r%d-%zu", round, i);
			assert_true(lk_gift_dedupe_add_id(d, id, (size_t)n));
		}
		assert_int_equal(lk_gift_dedupe_count(d), cap);
		/* everything of this round is remembered, nothing of the previous one */
		for (size_t i = 0; i < cap; i++) {
			int n = snprintf(id, sizeof(id), "r%d-%zu", round, i);
			assert_true(lk_gift_dedupe_contains(d, lk_gift_hash(id, (size_t)n, 0)));
			if (round > 0) {
				n = snprintf(id, sizeof(id), "r%d-%zu", round - 1, i);
				assert_false(lk_gift_dedupe_contains(d, lk_gift_hash(id, (size_t)n, 0)));
			}
		}
	}
	/* one more id forgets exactly the oldest one */
	assert_true(lk_gift_dedupe_add_id(d, "new", 3));
	assert_false(lk_gift_dedupe_contains(d, lk_gift_hash("r2-0", 4, 0)));
	assert_true(lk_gift_dedupe_contains(d, lk_gift_hash("r2-1", 4, 0)));
	/* a forgotten id counts as new again */
	assert_true(lk_gift_dedupe_add_id(d, "r2-0", 4));
	lk_gift_dedupe_destroy(d);

	d = lk_gift_dedupe_create(3); /* clamped up */
	assert_int_equal(lk_gift_dedupe_capacity(d), 16);
	lk_gift_dedupe_destroy(d);
}

static void test_dedupe_many(void **state)
{
	(void)state;
	struct lk_gift_dedupe *d = lk_gift_dedupe_create(4096);
	char id[32];

	/* 100,000 distinct ids through a 4096 set: each new, the last 4096 remembered */
	for (int i = 0; i < 100000; i++) {
		int n = snprintf(id, sizeof(id), "ev-%d", i);
		assert_true(lk_gift_dedupe_add_id(d, id, (size_t)n));
		if (i >= 10) {
			n = snprintf(id, sizeof(id), "ev-%d", i - 10);
			assert_false(lk_gift_dedupe_add_id(d, id, (size_t)n)); /* a recent repeat */
		}
	}
	assert_int_equal(lk_gift_dedupe_count(d), 4096);
	lk_gift_dedupe_destroy(d);
}

static void test_hash(void **state)
{
	(void)state;
	/* stable, seed-dependent, length-dependent */
	assert_true(lk_gift_hash("abc", 3, 0) == lk_gift_hash("abc", 3, 0));
	assert_true(lk_gift_hash("abc", 3, 0) != lk_gift_hash("abc", 3, 1));
	assert_true(lk_gift_hash("abc", 3, 0) != lk_gift_hash("abc\0", 4, 0));
	assert_true(lk_gift_hash("", 0, 0) != lk_gift_hash("", 0, 1));
	assert_true(lk_gift_hash_str(NULL, 5) == lk_gift_hash("", 0, 5));

	/* sender key: id when there is one, else the name */
	struct lk_gift_event a = {.sender_id = "u1", .sender_name = "Mia"};
	struct lk_gift_event b = {.sender_id = "u1", .sender_name = "Mia (renamed)"};
	struct lk_gift_event c = {.sender_name = "Mia"};
	struct lk_gift_event d = {.sender_id = "", .sender_name = "Mia"};
	assert_true(lk_gift_sender_key(&a) == lk_gift_sender_key(&b));
	assert_true(lk_gift_sender_key(&a) != lk_gift_sender_key(&c));
	assert_true(lk_gift_sender_key(&c) == lk_gift_sender_key(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_full),
		cmocka_unit_test(test_decode_minimal_defaults),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_decode_depth_limit),
		cmocka_unit_test(test_decode_duplicate_keys),
		cmocka_unit_test(test_decode_duplicate_keys_replace_numbers),
		cmocka_unit_test(test_decode_unicode_names),
		cmocka_unit_test(test_decode_long_names),
		cmocka_unit_test(test_decode_urls),
		cmocka_unit_test(test_readers_agree),
		cmocka_unit_test(test_dedupe_basic),
		cmocka_unit_test(test_dedupe_fifo_eviction),
		cmocka_unit_test(test_dedupe_many),
		cmocka_unit_test(test_hash),
	};
	long allocs = bnum_allocs();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != allocs) {
		fprintf(stderr, "leak: %ld bmalloc blocks not freed\n", bnum_allocs() - allocs);
		return 1;
	}
	return failed;
}
