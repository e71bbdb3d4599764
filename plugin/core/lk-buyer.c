/*
 * Linkon — how a buyer's name appears on stream (the privacy setting).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Masking works on user-perceived characters. A cluster here is a base code
 * point followed by everything that attaches to it: combining marks (Latin
 * accents, Thai vowel and tone marks, Indic signs), variation selectors,
 * emoji skin-tone modifiers and tags, a zero-width joiner with the code point
 * after it (emoji ZWJ sequences), and a second regional indicator (flags).
 * That is the part of Unicode's extended grapheme cluster rules that names
 * on live-commerce platforms use; a name that is not valid UTF-8 keeps its
 * valid prefix.
 */
#include "lk-show.h"

#include "lk-redact.h"

#include <string.h>
#include <util/dstr.h>
#include <strings.h>

enum lk_privacy lk_privacy_from_string(const char *s)
{
	if (!s)
		return LK_PRIVACY_MASKED;
	if (strcasecmp(s, "full") == 0)
		return LK_PRIVACY_FULL;
	if (strcasecmp(s, "first") == 0)
		return LK_PRIVACY_FIRST_NAME;
	if (strcasecmp(s, "anonymous") == 0)
		return LK_PRIVACY_ANONYMOUS;
	return LK_PRIVACY_MASKED;
}

const char *lk_privacy_to_string(enum lk_privacy p)
{
	switch (p) {
	case LK_PRIVACY_FULL:
		return "full";
	case LK_PRIVACY_FIRST_NAME:
		return "first";
	case LK_PRIVACY_ANONYMOUS:
		return "anonymous";
	case LK_PRIVACY_MASKED:
		break;
	}
	return "masked";
}

/* Decodes one code point at s[0..len); returns its length, 0 if invalid. */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0)
		n = 2;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	uint32_t c = s[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min[n - 1] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* Code points that attach to the one before them. */
static bool extends(uint32_t c)
{
	static const uint32_t ranges[][2] = {
		{0x0300, 0x036F}, {0x0483, 0x0489},   {0x0591, 0x05BD},   {0x05BF, 0x05C7},   {0x0610, 0x061A},
		{0x064B, 0x065F}, {0x0670, 0x0670},   {0x06D6, 0x06ED},   {0x0900, 0x0903},   {0x093A, 0x094F},
		{0x0951, 0x0957}, {0x0962, 0x0963},   {0x0E31, 0x0E31},   {0x0E33, 0x0E3A},   {0x0E47, 0x0E4E},
		{0x0EB1, 0x0EB1}, {0x0EB3, 0x0EBC},   {0x0EC8, 0x0ECE},   {0x1AB0, 0x1AFF},   {0x1DC0, 0x1DFF},
		{0x200C, 0x200D}, {0x20D0, 0x20FF},   {0x302A, 0x302F},   {0x3099, 0x309A},   {0xFE00, 0xFE0F},
		{0xFE20, 0xFE2F}, {0x1F3FB, 0x1F3FF}, {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
	};

	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return true;
	}
	return false;
}

static bool regional(uint32_t c)
{
	return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/* Length in bytes of the cluster at s[0..len); 0 at the end or on invalid UTF-8. */
static size_t cluster_len(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t first, c;
	size_t pos = utf8_next(s, len, &first);
	bool joined = false, paired = false;

	if (!pos)
		return 0;
	while (pos < len) {
		size_t n = utf8_next(s + pos, len - pos, &c);
		if (!n)
			break;
		bool attach = extends(c) || joined || (regional(first) && regional(c) && !paired);
		if (!attach)
			break;
		if (regional(c) && !joined)
			paired = true;
		joined = c == 0x200D;
		pos += n;
	}
	return pos;
}

/* The name with control characters blanked and surrounding spaces trimmed. */
static void clean_name(struct dstr *name, const char *raw)
{
	size_t len = strlen(raw);

	dstr_ncopy(name, raw, lk_utf8_cut(raw, len, LK_ORDER_MAX_BUYER));
	lk_blank_controls(name);
	size_t start = 0;
	while (start < name->len && name->array[start] == ' ')
		start++;
	size_t end = name->len;
	while (end > start && name->array[end - 1] == ' ')
		end--;
	if (start || end < name->len) {
		memmove(name->array, name->array + start, end - start);
		dstr_resize(name, end - start);
	}
}

/* Valid UTF-8 prefix of s (a broken byte ends the name). */
static size_t valid_prefix(const char *s, size_t len)
{
	size_t pos = 0;
	uint32_t c;

	while (pos < len) {
		size_t n = utf8_next((const unsigned char *)s + pos, len - pos, &c);
		if (!n)
			break;
		pos += n;
	}
	return pos;
}

static void mask(struct dstr *out, const char *s, size_t len)
{
	size_t first = cluster_len(s, len), last_start = first, pos = first;

	while (pos < len) {
		size_t n = cluster_len(s + pos, len - pos);
		if (!n)
			break;
		last_start = pos;
		pos += n;
	}
	dstr_ncopy(out, s, first);
	dstr_cat(out, "***");
	if (last_start > 0 && last_start < pos)
		dstr_ncat(out, s + last_start, pos - last_start);
}

bool lk_buyer_shown(struct dstr *out, const char *name, enum lk_privacy mode)
{
	struct dstr clean = {0};

	if (name && mode != LK_PRIVACY_ANONYMOUS)
		clean_name(&clean, name);
	size_t len = clean.len ? valid_prefix(clean.array, clean.len) : 0;
	if (!len) {
		dstr_copy(out, LK_BUYER_SOMEONE);
		dstr_free(&clean);
		return false;
	}
	if (mode == LK_PRIVACY_FULL) {
		dstr_ncopy(out, clean.array, len);
	} else if (mode == LK_PRIVACY_FIRST_NAME) {
		const char *sp = memchr(clean.array, ' ', len);
		dstr_ncopy(out, clean.array, sp ? (size_t)(sp - clean.array) : len);
	} else {
		mask(out, clean.array, len);
	}
	dstr_free(&clean);
	return true;
}
