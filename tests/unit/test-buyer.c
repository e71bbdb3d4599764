/*
 * Linkon — unit tests for how buyers appear on stream: masked by
 * user-perceived characters (Latin with accents, CJK, Thai with vowel and
 * tone marks, Arabic, emoji with skin tones and ZWJ sequences, flags),
 * first names, full names, anonymous, and what comes in broken.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/lk-show.h"

#include <util/dstr.h>

static void expect(const char *name, enum lk_privacy mode, const char *want, bool named)
{
	struct dstr out = {0};
	bool got = lk_buyer_shown(&out, name, mode);
	assert_string_equal(out.array, want);
	assert_int_equal(got, named);
	dstr_free(&out);
}

static void test_masked(void **state)
{
	(void)state;
	expect("Maria", LK_PRIVACY_MASKED, "M***a", true);
	expect("Mia", LK_PRIVACY_MASKED, "M***a", true);
	expect("Maria Lopez", LK_PRIVACY_MASKED, "M***z", true);
	expect("X", LK_PRIVACY_MASKED, "X***", true);
	expect("  Jo ", LK_PRIVACY_MASKED, "J***o", true);
	/* e + combining acute at the end stays one character */
	expect("Rene\xcc\x81", LK_PRIVACY_MASKED, "R***e\xcc\x81", true);
	expect("王小明", LK_PRIVACY_MASKED, "王***明", true);
	expect("李", LK_PRIVACY_MASKED, "李***", true);
	/* Thai: ส ม ช า ย; and a name ending in a consonant with a tone mark: น้ */
	expect("สมชาย", LK_PRIVACY_MASKED, "ส***ย", true);
	expect("กิตติน้", LK_PRIVACY_MASKED, "กิ***น้", true);
	expect("محمد", LK_PRIVACY_MASKED, "م***د", true);
	/* emoji: a skin tone, a ZWJ family, a flag, a keycap-like variation */
	expect("👍🏽Ana", LK_PRIVACY_MASKED, "👍🏽***a", true);
	expect("Ana👨‍👩‍👧", LK_PRIVACY_MASKED, "A***👨‍👩‍👧", true);
	expect("🇹🇭🇯🇵", LK_PRIVACY_MASKED, "🇹🇭***🇯🇵", true);
	expect("❤️", LK_PRIVACY_MASKED, "❤️***", true);
}

static void test_other_modes(void **state)
{
	(void)state;
	expect("Maria Lopez", LK_PRIVACY_FULL, "Maria Lopez", true);
	expect("Maria Lopez", LK_PRIVACY_FIRST_NAME, "Maria", true);
	expect("王小明", LK_PRIVACY_FIRST_NAME, "王小明", true);
	expect("Maria", LK_PRIVACY_ANONYMOUS, LK_BUYER_SOMEONE, false);
	expect(NULL, LK_PRIVACY_FULL, LK_BUYER_SOMEONE, false);
	expect("   ", LK_PRIVACY_MASKED, LK_BUYER_SOMEONE, false);
	/* control characters never reach the screen */
	expect("Ma\nria", LK_PRIVACY_FULL, "Ma ria", true);
	/* broken UTF-8: the valid part */
	expect("Ab\xff\xfe", LK_PRIVACY_FULL, "Ab", true);
	expect("\xc3", LK_PRIVACY_MASKED, LK_BUYER_SOMEONE, false);
	assert_int_equal(lk_privacy_from_string("first"), LK_PRIVACY_FIRST_NAME);
	assert_int_equal(lk_privacy_from_string("bogus"), LK_PRIVACY_MASKED);
	assert_string_equal(lk_privacy_to_string(LK_PRIVACY_ANONYMOUS), "anonymous");
}

static void test_long_name(void **state)
{
	(void)state;
	char name[1200];
	struct dstr out = {0};
	for (size_t i = 0; i + 3 < sizeof(name); i += 3)
		memcpy(name + i, "王", 3);
	name[sizeof(name) - 3] = 0;
	lk_buyer_shown(&out, name, LK_PRIVACY_FULL);
	assert_true(out.len <= LK_ORDER_MAX_BUYER);
	assert_int_equal(out.len % 3, 0);
	dstr_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masked),
		cmocka_unit_test(test_other_modes),
		cmocka_unit_test(test_long_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
