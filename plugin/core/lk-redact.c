/*
 * Linkon — redaction of secrets from shown and logged text (lk-redact.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-redact.h"

#include <stdio.h>
#include <string.h>

void lk_redact(struct dstr *s, const char *secret)
{
	if (s && s->array && secret && *secret)
		dstr_replace(s, secret, LK_REDACTED);
}

void lk_blank_controls(struct dstr *s)
{
	for (size_t i = 0; s && i < s->len; i++) {
		unsigned char c = (unsigned char)s->array[i];
		if (c < 0x20 || c == 0x7F)
			s->array[i] = ' ';
	}
}

void lk_redact_quote(char *out, size_t size, const char *prefix, const char *text, const char *secret)
{
	struct dstr s = {0};

	if (!size)
		return;
	dstr_copy(&s, text ? text : "");
	lk_blank_controls(&s);
	lk_redact(&s, secret);
	size_t plen = strlen(prefix ? prefix : "");
	size_t room = size > plen + 1 ? size - plen - 1 : 0;
	size_t n = s.array ? lk_utf8_cut(s.array, s.len, room) : 0;
	snprintf(out, size, "%s%.*s", prefix ? prefix : "", (int)n, s.array ? s.array : "");
	dstr_free(&s);
}
