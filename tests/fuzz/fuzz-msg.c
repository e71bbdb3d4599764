/*
 * Linkon — libFuzzer target for taking a parameter back out of words made
 * from a template (core/lk-msg.c: lk_msg_unfill, used on libcurl's error
 * words, which carry a server's or OpenSSL's text), and for formatting a
 * message whose reason parameter is such words. Input: records split at
 * 0xFF: a template, a text, a detail.
 * Checks: unfill never writes past its buffer and, when it says yes,
 * filling the template with what it took gives the text back; a template
 * with one %1 and no other escape filled with the detail is always taken
 * back to exactly the detail (when it fits); formatting a message with a
 * reason code in a "language" never fails and stays NUL-terminated.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <util/dstr.h>

#include "core/lk-msg.h"

static char *dup_record(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Only one "%1" and no other '%': what fill writes is unambiguous. */
static bool simple_template(const char *t)
{
	const char *at = strstr(t, "%1");
	if (!at)
		return false;
	for (const char *p = t; *p; p++)
		if (*p == '%' && p != at)
			return false;
	return true;
}

static const char *tr(const char *key, void *param)
{
	(void)param;
	return strcmp(key, "Msg.ShopifyUnreachable") == 0 ? "(%1) [%2] <%3>"
	       : strncmp(key, "Msg.Net", 7) == 0          ? "net: %1!"
							  : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_reader r;
	const uint8_t *rec[3] = {NULL, NULL, NULL};
	size_t len[3] = {0, 0, 0};

	fuzz_reader_init(&r, data, size);
	for (int i = 0; i < 3; i++) {
		if (!fuzz_next(&r, &rec[i], &len[i]))
			break;
	}
	char *tmpl = dup_record(rec[0] ? rec[0] : (const uint8_t *)"", len[0]);
	char *text = dup_record(rec[1] ? rec[1] : (const uint8_t *)"", len[1]);
	char *detail = dup_record(rec[2] ? rec[2] : (const uint8_t *)"", len[2]);
	struct dstr out = {0};
	char got[64];

	memset(got, 0x5A, sizeof(got));
	if (lk_msg_unfill(tmpl, text, got, 40)) {
		FUZZ_MUST(memchr(got, '\0', 40) != NULL);
		FUZZ_MUST((unsigned char)got[40] == 0x5A); /* nothing past the size given */
		const char *args[1] = {got};
		if (simple_template(tmpl))
			FUZZ_MUST(strcmp(lk_msg_fill(&out, tmpl, args, 1), text) == 0);
	}
	if (simple_template(tmpl) && strlen(detail) < sizeof(got)) {
		const char *args[1] = {detail};
		lk_msg_fill(&out, tmpl, args, 1);
		FUZZ_MUST(lk_msg_unfill(tmpl, out.array, got, sizeof(got)));
		FUZZ_MUST(strcmp(got, detail) == 0);
	}

	/* a message whose reason is the text, as a connector would publish it */
	struct lk_msg m;
	lk_msg_set(&m, LK_MSG_SHOPIFY_UNREACHABLE, "shop", text, "3");
	lk_msg_set_arg_code(&m, 1, (enum lk_msg_code)(LK_MSG_NET_DNS + (len[2] % 16)));
	FUZZ_MUST(lk_msg_format(&out, &m, tr, NULL, "zh-CN") != NULL);
	FUZZ_MUST(strlen(out.array) == out.len);
	FUZZ_MUST(lk_msg_format(&out, &m, NULL, NULL, NULL) != NULL);

	dstr_free(&out);
	free(tmpl);
	free(text);
	free(detail);
	return 0;
}
