/*
 * Linkon — a transfer error in plain words (lk-net-words.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-net-words.h"

#include <string.h>

enum lk_msg_code lk_net_error_code(CURLcode code)
{
	switch (code) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return LK_MSG_NET_DNS;
	case CURLE_COULDNT_CONNECT:
		return LK_MSG_NET_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return LK_MSG_NET_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_USE_SSL_FAILED:
		return LK_MSG_NET_TLS;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return LK_MSG_NET_CERT;
	case CURLE_OUT_OF_MEMORY:
		return LK_MSG_NET_HEADERS;
	case CURLE_GOT_NOTHING:
		return LK_MSG_NET_NOTHING;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		return LK_MSG_NET_BROKEN;
	case CURLE_PARTIAL_FILE:
		return LK_MSG_NET_CUT_SHORT;
	case CURLE_TOO_MANY_REDIRECTS:
		return LK_MSG_NET_REDIRECTS;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return LK_MSG_NET_BAD_HTTP;
	default:
		return LK_MSG_NET_OTHER;
	}
}

void lk_net_error_words(struct dstr *out, CURLcode code, const char *detail)
{
	const char *raw[1] = {detail && *detail ? detail : curl_easy_strerror(code)};

	lk_msg_fill(out, lk_msg_english_template(lk_net_error_code(code), false), raw, 1);
}

enum lk_msg_code lk_net_reason_of(const char *text)
{
	char detail[LK_MSG_ARG_MAX];

	for (int code = LK_MSG_NET_DNS; text && code <= LK_MSG_NET_SAVE_FAILED; code++) {
		const char *tmpl = lk_msg_english_template((enum lk_msg_code)code, false);
		bool has_arg = tmpl && strstr(tmpl, "%1");
		if (has_arg ? lk_msg_unfill(tmpl, text, detail, sizeof(detail)) : tmpl && strcmp(tmpl, text) == 0)
			return (enum lk_msg_code)code;
	}
	return LK_MSG_NONE;
}
