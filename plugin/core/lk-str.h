/*
 * Linkon — the string helpers every layer shares: null-safe comparison and
 * the one UTF-8 decoder (strict: what it accepts is what RFC 3629 calls
 * UTF-8), with copying and cutting on character boundaries.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure functions, any thread. Use these instead of writing a decoder or a
 * NULL-tolerant strcmp again.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- null-safe strings ---------------------------------------------------- */

/* Equal strings, or both NULL (NULL differs from ""). */
bool lk_str_same(const char *a, const char *b);
/* NULL or "". */
bool lk_str_empty(const char *s);

/* ---- UTF-8 ----------------------------------------------------------------- */

#define LK_UTF8_REPLACEMENT 0xFFFDu

/* Decodes the character at s[0..n) (n > 0) into *cp. Returns its length
 * (1..4); 0 if s does not start a valid character (a continuation byte,
 * C0, C1, F5..FF, an overlong form, a UTF-16 surrogate, beyond U+10FFFF, or
 * a missing continuation byte); -1 if the bytes there are a valid start cut
 * short by n. *cp is left alone unless the result is > 0. */
int lk_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* The next character of s[*pos..n) (*pos < n), *pos advanced past it; an
 * invalid or cut byte gives U+FFFD and advances by one byte. */
uint32_t lk_utf8_next(const char *s, size_t n, size_t *pos);
/* Encodes cp into out; returns 1..4, or 0 (nothing written) if cp is a
 * surrogate or beyond U+10FFFF. */
int lk_utf8_encode(uint32_t cp, char out[4]);
/* The length of s[0..len) cut to at most max bytes without splitting a
 * UTF-8 character (s must be valid UTF-8 up to len). */
size_t lk_utf8_cut(const char *s, size_t len, size_t max);
/* Copies src (NULL = "") into dst[size] (size >= 1), cut to fit without
 * splitting a UTF-8 character, NUL-terminated. Returns the length copied.
 * Reads at most size bytes of src. */
size_t lk_utf8_copy(char *dst, size_t size, const char *src);
/* Removes bidi override and isolate characters (U+202A..U+202E,
 * U+2066..U+2069) from the NUL-terminated UTF-8 string s, in place, so a
 * name or a comment cannot reverse the text around it on the overlay. */
void lk_utf8_drop_bidi(char *s);
/* A viewer's text made safe to show: src (NULL = "") copied into dst[size]
 * (size >= 1) with control characters (C0, DEL, C1) as spaces, bidi
 * override / isolate controls (U+202A..U+202E, U+2066..U+2069) removed so
 * the text cannot reverse what is around it, invalid bytes as U+FFFD, cut
 * on a character boundary. Returns the length written. */
size_t lk_text_clean(char *dst, size_t size, const char *src);
/* A short code from outside (a server's error reason) safe for a log line:
 * src (NULL = "") into dst[size] (size >= 1), at most max bytes, anything
 * but visible ASCII as a space. Returns the length written. */
size_t lk_str_visible_ascii(char *dst, size_t size, const char *src, size_t max);

#ifdef __cplusplus
}
#endif
