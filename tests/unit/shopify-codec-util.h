/*
 * Linkon — helpers shared by the Shopify codec tests (test-shopify-codec.c,
 * test-shopify-decode.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "core/lk-shopify-codec.h"

#define TOKEN "shpat_secret_0123456789abcdef"

/* One 200-or-other answer through the envelope parser, token redacted. */
static inline void parse(long status, const char *body, struct lk_shopify_reply *r)
{
	lk_shopify_reply_parse(status, body, body ? strlen(body) : 0, TOKEN, r);
}

static inline bool utf8_valid(const char *s)
{
	json_t *j = json_string(s); /* jansson refuses invalid UTF-8 */
	bool ok = j != NULL;
	json_decref(j);
	return ok;
}
