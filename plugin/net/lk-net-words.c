/*
 * Linkon — a transfer error in plain words (lk-net-words.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-net-words.h"

static const char *plain_words(CURLcode code)
{
	switch (code) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return "the server's name could not be found (check the address and the network)";
	case CURLE_COULDNT_CONNECT:
		return "could not connect to the server (is it running, is the address right?)";
	case CURLE_OPERATION_TIMEDOUT:
		return "the server did not answer in time";
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_USE_SSL_FAILED:
		return "a secure (https) connection to the server could not be set up";
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return "the server's https certificate is not trusted";
	case CURLE_OUT_OF_MEMORY:
		return "the server's answer could not be read: its headers are too big (or memory ran out)";
	case CURLE_GOT_NOTHING:
		return "the server closed the connection without answering";
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		return "the connection to the server broke";
	case CURLE_PARTIAL_FILE:
		return "the server's answer was cut short";
	case CURLE_TOO_MANY_REDIRECTS:
		return "the server redirected too many times";
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return "the server's answer is not valid HTTP";
	default:
		return NULL;
	}
}

void lk_net_error_words(struct dstr *out, CURLcode code, const char *detail)
{
	const char *words = plain_words(code);
	const char *raw = detail && *detail ? detail : curl_easy_strerror(code);

	if (words)
		dstr_printf(out, "%s (%s)", words, raw);
	else
		dstr_copy(out, raw);
}
