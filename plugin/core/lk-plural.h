/*
 * Linkon — plural categories (CLDR cardinal rules, integers only) for the
 * languages of the UI. Pure C, any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A text that counts something has one locale key per category the
 * language uses: "Dock.Gift.Gifts.one", "Dock.Gift.Gifts.other", … Every
 * language has "other"; en, es, pt, … add "one"; ar uses all six. Languages
 * without plural forms (zh, ja, ko, th, vi, id, ms) use "other" only.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum lk_plural {
	LK_PLURAL_ZERO,
	LK_PLURAL_ONE,
	LK_PLURAL_TWO,
	LK_PLURAL_FEW,
	LK_PLURAL_MANY,
	LK_PLURAL_OTHER,
};
#define LK_PLURAL_COUNT 6

/* The category of the integer n in language lang ("pt-BR", "ar_SA", "en";
 * NULL or unknown = English rules). */
enum lk_plural lk_plural_category(const char *lang, int64_t n);
/* "zero", "one", "two", "few", "many", "other". */
const char *lk_plural_name(enum lk_plural cat);
/* true when lang uses cat (so its locale file must have base.<cat>). */
bool lk_plural_uses(const char *lang, enum lk_plural cat);
/* "base.<category>" into buf (cut to size). Returns buf. */
const char *lk_plural_key(char *buf, size_t size, const char *base, const char *lang, int64_t n);

#ifdef __cplusplus
}
#endif
