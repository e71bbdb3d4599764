/*
 * Linkon — a transfer error in plain words for the streamer.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <curl/curl.h>
#include <util/dstr.h>

/* Replaces out with what went wrong in plain words, followed by libcurl's
 * own detail (detail: its error buffer, may be "" or NULL) in parentheses,
 * so "Out of memory" for an oversized header, or an OpenSSL message, comes
 * with words a streamer can act on. */
void lk_net_error_words(struct dstr *out, CURLcode code, const char *detail);
