/*
 * Linkon — unit tests for the null-safe string helpers and the one UTF-8
 * decoder (core/lk-str.c): every class of malformed input RFC 3629 names,
 * cut sequences, the encoder's round trip, cutting and copying on
 * character boundaries.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lk-str.h"

static void test_str_same(void **state)
{
	(void)state;
	assert_true(lk_str_same(NULL, NULL));
	assert_true(lk_str_same("", ""));
	assert_true(lk_str_same("abc", "abc"));
	assert_false(lk_str_same(NULL, ""));
	assert_false(lk_str_same("", NULL));
	assert_false(lk_str_same("abc", NULL));
	assert_false(lk_str_same("abc", "abd"));
	assert_false(lk_str_same("abc", "ab"));
	assert_true(lk_str_empty(NULL));
	assert_true(lk_str_empty(""));
	assert_false(lk_str_empty(" "));
}

/* Decodes s (n bytes) expecting result want and, when want > 0, cp. */
static void check_decode(const char *s, size_t n, int want, uint32_t want_cp)
{
	uint32_t cp = 0xABCDEFu;
	int got = lk_utf8_decode(s, n, &cp);
	assert_int_equal(got, want);
	if (want > 0)
		assert_int_equal(cp, want_cp);
	else
		assert_int_equal(cp, 0xABCDEFu); /* left alone */
}

static void test_decode_valid(void **state)
{
	(void)state;
	check_decode("A", 1, 1, 'A');
	check_decode("\x7F", 1, 1, 0x7F);
	check_decode("\xC2\x80", 2, 2, 0x80);
	check_decode("\xC3\xA9", 2, 2, 0xE9);
	check_decode("\xDF\xBF", 2, 2, 0x7FF);
	check_decode("\xE0\xA0\x80", 3, 3, 0x800);
	check_decode("\xE5\x9B\xBD", 3, 3, 0x56FD);
	check_decode("\xED\x9F\xBF", 3, 3, 0xD7FF); /* last before the surrogates */
	check_decode("\xEE\x80\x80", 3, 3, 0xE000); /* first after them */
	check_decode("\xEF\xBF\xBD", 3, 3, 0xFFFD);
	check_decode("\xF0\x90\x80\x80", 4, 4, 0x10000);
	check_decode("\xF0\x9F\x8E\x81", 4, 4, 0x1F381); /* 🎁 */
	check_decode("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);
	/* trailing bytes after the character are not looked at */
	check_decode("\xC3\xA9zz", 4, 2, 0xE9);
}

static void test_decode_overlong(void **state)
{
	(void)state;
	check_decode("\xC0\xAF", 2, 0, 0);         /* '/' in two bytes */
	check_decode("\xC1\xBF", 2, 0, 0);         /* U+007F in two bytes */
	check_decode("\xC0\x80", 2, 0, 0);         /* NUL in two bytes (modified UTF-8) */
	check_decode("\xE0\x80\xAF", 3, 0, 0);     /* '/' in three */
	check_decode("\xE0\x9F\xBF", 3, 0, 0);     /* U+07FF in three */
	check_decode("\xF0\x80\x80\xAF", 4, 0, 0); /* '/' in four */
	check_decode("\xF0\x8F\xBF\xBF", 4, 0, 0); /* U+FFFF in four */
}

static void test_decode_surrogates(void **state)
{
	(void)state;
	check_decode("\xED\xA0\x80", 3, 0, 0); /* U+D800 */
	check_decode("\xED\xAD\xBF", 3, 0, 0); /* U+DB7F */
	check_decode("\xED\xB0\x80", 3, 0, 0); /* U+DC00 */
	check_decode("\xED\xBF\xBF", 3, 0, 0); /* U+DFFF */
	/* a CESU-8 pair (two encoded surrogates) is two invalid sequences */
	check_decode("\xED\xA0\xBD\xED\xB8\x80", 6, 0, 0);
}

static void test_decode_beyond_max(void **state)
{
	(void)state;
	check_decode("\xF4\x90\x80\x80", 4, 0, 0); /* U+110000 */
	check_decode("\xF5\x80\x80\x80", 4, 0, 0);
	check_decode("\xF7\xBF\xBF\xBF", 4, 0, 0);     /* U+1FFFFF */
	check_decode("\xF8\x88\x80\x80\x80", 5, 0, 0); /* old five-byte form */
	check_decode("\xFC\x84\x80\x80\x80\x80", 6, 0, 0);
	check_decode("\xFE", 1, 0, 0);
	check_decode("\xFF", 1, 0, 0);
}

static void test_decode_malformed(void **state)
{
	(void)state;
	check_decode("\x80", 1, 0, 0); /* a lone continuation byte */
	check_decode("\xBF\x80", 2, 0, 0);
	check_decode("\xC3"
		     "A",
		     2, 0, 0); /* continuation missing */
	check_decode("\xE5\x9B"
		     "A",
		     3, 0, 0);
	check_decode("\xF0\x9F\x8E"
		     "A",
		     4, 0, 0);
	check_decode("\xE5\xC3\xA9", 3, 0, 0); /* a new lead byte inside */
	check_decode("\xC3\x00", 2, 0, 0);     /* NUL is not a continuation */
}

static void test_decode_truncated(void **state)
{
	(void)state;
	/* a valid start cut short by the end of the buffer */
	check_decode("\xC3", 1, -1, 0);
	check_decode("\xE5", 1, -1, 0);
	check_decode("\xE5\x9B", 2, -1, 0);
	check_decode("\xF0\x9F\x8E", 3, -1, 0);
	check_decode("\xF4\x8F", 2, -1, 0);
	/* cut, but already invalid: 0, not -1 */
	check_decode("\xE0\x80", 2, 0, 0);
	check_decode("\xED\xA0", 2, 0, 0);
	check_decode("\xF4\x90", 2, 0, 0);
	check_decode("\xF0\x9F"
		     "A",
		     3, 0, 0);
}

static void test_next(void **state)
{
	(void)state;
	/* "a", é, a stray continuation, 国, a cut 🎁 */
	const char s[] = "a\xC3\xA9\x80\xE5\x9B\xBD\xF0\x9F\x8E";
	size_t n = sizeof(s) - 1, i = 0;
	uint32_t want[] = {
		'a', 0xE9, LK_UTF8_REPLACEMENT, 0x56FD, LK_UTF8_REPLACEMENT, LK_UTF8_REPLACEMENT, LK_UTF8_REPLACEMENT};
	size_t k = 0;
	while (i < n) {
		assert_true(k < sizeof(want) / sizeof(want[0]));
		assert_int_equal(lk_utf8_next(s, n, &i), want[k++]);
	}
	assert_int_equal(k, sizeof(want) / sizeof(want[0]));
	assert_int_equal(i, n);
}

static void test_encode_round_trip(void **state)
{
	(void)state;
	static const uint32_t cps[] = {0,      'A',    0x7F,   0x80,    0x7FF,   0x800,   0xD7FF,
				       0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F381, 0x10FFFF};
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		char buf[4];
		uint32_t back = 0;
		int n = lk_utf8_encode(cps[i], buf);
		assert_true(n >= 1 && n <= 4);
		assert_int_equal(lk_utf8_decode(buf, (size_t)n, &back), n);
		assert_int_equal(back, cps[i]);
	}
	char buf[4] = {0};
	assert_int_equal(lk_utf8_encode(0xD800, buf), 0);
	assert_int_equal(lk_utf8_encode(0xDFFF, buf), 0);
	assert_int_equal(lk_utf8_encode(0x110000, buf), 0);
	assert_int_equal(lk_utf8_encode(0xFFFFFFFF, buf), 0);
}

/* Every code point: the encoder and the decoder agree, and all 2^16
 * two-byte inputs decode only where the encoder would have written them. */
static void test_exhaustive(void **state)
{
	(void)state;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		char buf[4];
		uint32_t back = 0;
		int n = lk_utf8_encode(cp, buf);
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(lk_utf8_decode(buf, (size_t)n, &back), n);
		assert_int_equal(back, cp);
	}
	for (unsigned a = 0xC0; a <= 0xDF; a++) {
		for (unsigned b = 0; b <= 0xFF; b++) {
			char s[2] = {(char)a, (char)b};
			uint32_t cp = 0;
			bool valid = a >= 0xC2 && (b & 0xC0) == 0x80;
			assert_int_equal(lk_utf8_decode(s, 2, &cp), valid ? 2 : 0);
		}
	}
}

static void test_cut_and_copy(void **state)
{
	(void)state;
	const char *s = "ab\xE5\x9B\xBD"
			"c"; /* a b 国 c: 6 bytes */
	assert_int_equal(lk_utf8_cut(s, 6, 10), 6);
	assert_int_equal(lk_utf8_cut(s, 6, 6), 6);
	assert_int_equal(lk_utf8_cut(s, 6, 5), 5);
	assert_int_equal(lk_utf8_cut(s, 6, 4), 2); /* inside 国: before it */
	assert_int_equal(lk_utf8_cut(s, 6, 3), 2);
	assert_int_equal(lk_utf8_cut(s, 6, 2), 2);
	assert_int_equal(lk_utf8_cut(s, 6, 0), 0);

	char out[5];
	assert_int_equal(lk_utf8_copy(out, sizeof(out), s), 2); /* 4 bytes of room: "ab" + not half of 国 */
	assert_string_equal(out, "ab");
	char big[16];
	assert_int_equal(lk_utf8_copy(big, sizeof(big), s), 6);
	assert_string_equal(big, s);
	assert_int_equal(lk_utf8_copy(big, sizeof(big), NULL), 0);
	assert_string_equal(big, "");
	char one[1];
	assert_int_equal(lk_utf8_copy(one, sizeof(one), "xyz"), 0);
	assert_string_equal(one, "");
	char six[6];
	assert_int_equal(lk_utf8_copy(six, sizeof(six), "\xF0\x9F\x8E\x81\xF0\x9F\x8E\x81"), 4); /* one 🎁 */
	assert_string_equal(six, "\xF0\x9F\x8E\x81");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_str_same),          cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_overlong),   cmocka_unit_test(test_decode_surrogates),
		cmocka_unit_test(test_decode_beyond_max), cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_decode_truncated),  cmocka_unit_test(test_next),
		cmocka_unit_test(test_encode_round_trip), cmocka_unit_test(test_exhaustive),
		cmocka_unit_test(test_cut_and_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
