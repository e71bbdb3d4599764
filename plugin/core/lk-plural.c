/*
 * Linkon — plural categories (see lk-plural.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The rules are CLDR's cardinal rules for integers (v = 0), by family:
 * - none:   zh ja ko th vi id ms          → other
 * - one:    en es de it nl …, and pt-PT   → one (n = 1), other
 * - 0 and 1: pt (Brazil), fr              → one (i = 0, 1), other
 * - ar:     zero (0), one (1), two (2), few (n % 100 = 3..10),
 *           many (n % 100 = 11..99), other
 * (CLDR's "many" for es/pt/fr only applies to 1e6 multiples written in
 * compact form; Linkon writes full numbers, so those are "other".)
 */
#include "lk-plural.h"

#include <stdio.h>
#include <string.h>

enum family { FAM_ONE, FAM_NONE, FAM_ZERO_ONE, FAM_AR };

static const char *const names[LK_PLURAL_COUNT] = {"zero", "one", "two", "few", "many", "other"};

/* languages whose two-letter (or three-letter) code decides the family */
static const struct {
	const char *lang;
	enum family fam;
} families[] = {
	{"zh", FAM_NONE}, {"ja", FAM_NONE}, {"ko", FAM_NONE},     {"th", FAM_NONE}, {"vi", FAM_NONE},
	{"id", FAM_NONE}, {"ms", FAM_NONE}, {"fr", FAM_ZERO_ONE}, {"ar", FAM_AR},
};

static enum family family_of(const char *lang)
{
	char code[4] = {0};
	size_t n = 0;

	while (lang && n < 3 && lang[n] && lang[n] != '-' && lang[n] != '_') {
		char ch = lang[n];
		code[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
	}
	/* CLDR's pt is Brazilian Portuguese (one: i = 0,1); pt-PT has its own
	 * rule (one: n = 1). */
	if (strcmp(code, "pt") == 0)
		return lang[2] && (strcmp(lang + 3, "PT") == 0 || strcmp(lang + 3, "pt") == 0) ? FAM_ONE : FAM_ZERO_ONE;
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(code, families[i].lang) == 0)
			return families[i].fam;
	return FAM_ONE;
}

enum lk_plural lk_plural_category(const char *lang, int64_t n)
{
	uint64_t a = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;

	switch (family_of(lang)) {
	case FAM_NONE:
		return LK_PLURAL_OTHER;
	case FAM_ZERO_ONE:
		return a <= 1 ? LK_PLURAL_ONE : LK_PLURAL_OTHER;
	case FAM_AR: {
		uint64_t m = a % 100;
		if (a == 0)
			return LK_PLURAL_ZERO;
		if (a == 1)
			return LK_PLURAL_ONE;
		if (a == 2)
			return LK_PLURAL_TWO;
		if (m >= 3 && m <= 10)
			return LK_PLURAL_FEW;
		if (m >= 11)
			return LK_PLURAL_MANY;
		return LK_PLURAL_OTHER;
	}
	case FAM_ONE:
	default:
		return a == 1 ? LK_PLURAL_ONE : LK_PLURAL_OTHER;
	}
}

const char *lk_plural_name(enum lk_plural cat)
{
	return (unsigned)cat < LK_PLURAL_COUNT ? names[cat] : names[LK_PLURAL_OTHER];
}

bool lk_plural_uses(const char *lang, enum lk_plural cat)
{
	switch (family_of(lang)) {
	case FAM_NONE:
		return cat == LK_PLURAL_OTHER;
	case FAM_AR:
		return (unsigned)cat < LK_PLURAL_COUNT;
	default:
		return cat == LK_PLURAL_ONE || cat == LK_PLURAL_OTHER;
	}
}

const char *lk_plural_key(char *buf, size_t size, const char *base, const char *lang, int64_t n)
{
	if (size)
		snprintf(buf, size, "%s.%s", base ? base : "", lk_plural_name(lk_plural_category(lang, n)));
	return buf;
}
