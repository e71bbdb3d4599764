/*
 * Linkon — a transfer error in plain words for the streamer.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-msg.h"

#include <curl/curl.h>
#include <util/dstr.h>

/* What went wrong as a reason code (LK_MSG_NET_*, never LK_MSG_NONE) that
 * connectors pass on with the English words (lk_msg_set_arg_code), so the
 * docks show it in the user's language. */
enum lk_msg_code lk_net_error_code(CURLcode code);

/* Replaces out with what went wrong in plain words (lk_net_error_code's
 * English template), followed by libcurl's own detail (detail: its error
 * buffer, may be "" or NULL; else curl_easy_strerror) in parentheses, so
 * "Out of memory" for an oversized header, or an OpenSSL message, comes
 * with words a streamer can act on. */
void lk_net_error_words(struct dstr *out, CURLcode code, const char *detail);

/* The reason code (LK_MSG_NET_*) whose English words text is (a
 * lk_net_response's error kept as text, e.g. a connector's last reason), or
 * LK_MSG_NONE when it is none of them (an HTTP status, a sink's own words). */
enum lk_msg_code lk_net_reason_of(const char *text);
