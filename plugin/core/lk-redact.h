/*
 * Linkon — keeping secrets out of text that is shown or logged: the one
 * redaction every connector (and anything else that quotes a server) uses.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The rule: redact first, cut afterwards. A secret that straddles the
 * point where a text is cut would otherwise no longer match and part of
 * it would survive. Pure functions, any thread.
 */
#pragma once

#include "lk-str.h" /* lk_utf8_cut */

#include <stdbool.h>
#include <stddef.h>
#include <util/dstr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a secret is replaced with. */
#define LK_REDACTED "[redacted]"

/* Replaces every occurrence of secret (NULL or "" = none) in s. */
void lk_redact(struct dstr *s, const char *secret);

/* Control characters (below 0x20, and 0x7F) in s become spaces. */
void lk_blank_controls(struct dstr *s);

/* "<prefix><text>" into out[size]: control characters in text blanked,
 * every occurrence of secret (may be NULL) replaced by LK_REDACTED, and only
 * then cut to fit on a UTF-8 boundary. text NULL = "". */
void lk_redact_quote(char *out, size_t size, const char *prefix, const char *text, const char *secret);

#ifdef __cplusplus
}
#endif
