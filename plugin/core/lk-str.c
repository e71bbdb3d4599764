/*
 * Linkon — null-safe strings and the UTF-8 decoder (lk-str.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-str.h"

#include <string.h>

bool lk_str_same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool lk_str_empty(const char *s)
{
	return !s || !*s;
}

int lk_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (!len)
		return 0;
	/* the second byte's range rules out overlong forms, surrogates and
	 * code points beyond U+10FFFF (RFC 3629, section 4) */
	unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
	unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
	uint32_t v = c & (0x7Fu >> len);
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		unsigned char b = s[i];
		if (i == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (b & 0x3Fu);
	}
	*cp = v;
	return len;
}

uint32_t lk_utf8_next(const char *s, size_t n, size_t *pos)
{
	uint32_t cp = LK_UTF8_REPLACEMENT;
	int len = lk_utf8_decode(s + *pos, n - *pos, &cp);
	if (len <= 0) {
		*pos += 1;
		return LK_UTF8_REPLACEMENT;
	}
	*pos += (size_t)len;
	return cp;
}

int lk_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return 0;
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t lk_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	/* step back over continuation bytes so no character is split */
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

size_t lk_utf8_copy(char *dst, size_t size, const char *src)
{
	size_t n = src ? strnlen(src, size) : 0;
	n = lk_utf8_cut(src, n, size - 1);
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

void lk_utf8_drop_bidi(char *s)
{
	char *w = s;
	for (const char *r = s; *r;) {
		const unsigned char *u = (const unsigned char *)r;
		bool bidi = u[0] == 0xE2 && ((u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE) ||
					     (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9));
		if (bidi) {
			r += 3;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

size_t lk_text_clean(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0, pos = 0, o = 0;

	while (pos < n) {
		uint32_t cp = lk_utf8_next(src, n, &pos);
		char enc[4];
		int len;

		if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
			continue;
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			cp = ' ';
		len = lk_utf8_encode(cp, enc);
		if (len <= 0 || o + (size_t)len >= size)
			break;
		memcpy(dst + o, enc, (size_t)len);
		o += (size_t)len;
	}
	dst[o] = '\0';
	return o;
}

size_t lk_str_visible_ascii(char *dst, size_t size, const char *src, size_t max)
{
	size_t n = 0;

	for (; src && *src && n + 1 < size && n < max; src++) {
		unsigned char c = (unsigned char)*src;
		dst[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : ' ';
	}
	dst[n] = '\0';
	return n;
}
