/*
 * Linkon — the Twitch event source's WebSockets: one libwebsockets context
 * per source, serviced by the source's own thread (lk-es-twitch-priv.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * lws answers the server's pings itself; Linkon never sends a data frame
 * (EventSub closes the socket with 4001 on any), only a close frame when it
 * leaves a connection.
 */
#include "lk-es-twitch-priv.h"
#include "lk-store.h" /* lk_now_ms */

#include <libwebsockets.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>

struct tw_ws {
	lws_sorted_usec_list_t sul; /* the tick: the service loop wakes at least this often */
	struct tw *tw;
};

static int tw_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct tw_sock *s = user;

	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (s) {
			s->established = true;
			s->last_ms = lk_now_ms();
		}
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (!s || s->dead || s->closing)
			break;
		s->last_ms = lk_now_ms();
		if (lws_frame_is_binary(wsi)) {
			s->rx_too_big = true; /* EventSub sends text only: drop the message */
		} else if (!s->rx_too_big) {
			if (s->rx.len + len > LK_TW_MAX_MESSAGE)
				s->rx_too_big = true;
			else
				dstr_ncat(&s->rx, in, len);
		}
		if (lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi)) {
			if (s->rx_too_big)
				blog(LOG_WARNING, TW_LOG "socket %d: a message over %zu bytes or binary, dropped",
				     s->serial, LK_TW_MAX_MESSAGE);
			else
				tw_on_message(s->tw, s, s->rx.array ? s->rx.array : "", s->rx.len);
			dstr_free(&s->rx);
			s->rx_too_big = false;
		}
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (s && len >= 2) {
			const unsigned char *b = in;
			s->close_code = (b[0] << 8) | b[1];
		}
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (s && s->closing) {
			lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
			return -1;
		}
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (s && !s->dead) {
			s->dead = true;
			dstr_free(&s->rx);
			tw_on_sock_dead(s->tw, s);
		}
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		if (s)
			s->wsi = NULL;
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols tw_protocols[] = {
	{"linkon-twitch", tw_callback, 0, 4096, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0},
};

static void tw_log_emit(int level, const char *line)
{
	blog(level == LLL_ERR ? LOG_WARNING : LOG_DEBUG, "[linkon] libwebsockets: %.*s", (int)strcspn(line, "\n"),
	     line);
}

static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static void log_setup(void)
{
	lws_set_log_level(LLL_ERR | LLL_WARN, tw_log_emit);
}

static void tick_cb(lws_sorted_usec_list_t *sul)
{
	struct tw_ws *w = lws_container_of(sul, struct tw_ws, sul);
	lws_sul_schedule(w->tw->ctx, 0, &w->sul, tick_cb, TW_TICK_MS * LWS_US_PER_MS);
}

bool tw_ws_create(struct tw *tw)
{
	struct lws_context_creation_info info;
	struct tw_ws *w = bzalloc(sizeof(*w));

	pthread_once(&log_once, log_setup);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = tw_protocols;
	info.gid = -1;
	info.uid = -1;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.user = tw;
	tw->ctx = lws_create_context(&info);
	if (!tw->ctx) {
		bfree(w);
		return false;
	}
	w->tw = tw;
	tw->ws = w;
	lws_sul_schedule(tw->ctx, 0, &w->sul, tick_cb, TW_TICK_MS * LWS_US_PER_MS);
	return true;
}

static void free_sock(struct tw_sock *s)
{
	if (s) {
		dstr_free(&s->rx);
		bfree(s);
	}
}

void tw_ws_destroy(struct tw *tw)
{
	struct tw_ws *w = tw->ws;

	if (tw->ctx) {
		if (w)
			lws_sul_cancel(&w->sul);
		lws_context_destroy(tw->ctx); /* closes every wsi (their callbacks run here) */
		tw->ctx = NULL;
	}
	free_sock(tw->cur);
	free_sock(tw->next);
	free_sock(tw->draining);
	while (tw->parked) {
		struct tw_sock *p = tw->parked;
		tw->parked = p->park_next;
		free_sock(p);
	}
	tw->cur = tw->next = tw->draining = NULL;
	bfree(w);
	tw->ws = NULL;
}

bool tw_ws_url_ok(const char *url)
{
	size_t n = url ? strlen(url) : 0;
	bool ok = n > 6 && n <= LK_TW_MAX_URL && (!strncmp(url, "wss://", 6) || !strncmp(url, "ws://", 5));
	for (size_t i = 0; ok && i < n; i++)
		ok = (unsigned char)url[i] > 0x20 && (unsigned char)url[i] < 0x7f;
	return ok;
}

struct tw_sock *tw_ws_open(struct tw *tw, const char *url)
{
	struct lws_client_connect_info i;
	char buf[LK_TW_MAX_URL + 1];
	char path[LK_TW_MAX_URL + 2];
	const char *prot = NULL, *host = NULL, *p = NULL;
	int port = 0;

	if (!tw_ws_url_ok(url))
		return NULL;
	snprintf(buf, sizeof(buf), "%s", url);
	if (lws_parse_uri(buf, &prot, &host, &port, &p) || !host || !*host)
		return NULL;
	snprintf(path, sizeof(path), "/%s", p ? p : "");

	struct tw_sock *s = bzalloc(sizeof(*s));
	s->tw = tw;
	s->serial = ++tw->sock_serial;
	s->opened_ms = lk_now_ms();
	s->last_ms = s->opened_ms;
	s->keepalive_s = 10;

	memset(&i, 0, sizeof(i));
	i.context = tw->ctx;
	i.address = host;
	i.port = port;
	i.ssl_connection = !strcmp(prot, "wss") ? LCCSCF_USE_SSL : 0;
	i.path = path;
	i.host = host;
	i.origin = host;
	i.ietf_version_or_minus_one = -1;
	i.userdata = s;
	i.local_protocol_name = "linkon-twitch";
	i.pwsi = &s->wsi;
	if (!lws_client_connect_via_info(&i) && !s->dead) {
		/* refused at once (the error callback, when it ran, marked it dead already) */
		s->dead = true;
		tw_on_sock_dead(tw, s);
	}
	blog(LOG_INFO, TW_LOG "socket %d: connecting to %s:%d", s->serial, host, port);
	return s;
}

void tw_ws_close(struct tw *tw, struct tw_sock *s)
{
	(void)tw;
	if (!s || s->dead || s->closing)
		return;
	s->closing = true;
	if (s->wsi)
		lws_callback_on_writable(s->wsi);
}

/* Frees the parked sockets lws has let go of; parks s there first when
 * given. */
static void park(struct tw *tw, struct tw_sock *s)
{
	struct tw_sock **pp = &tw->parked;
	while (*pp) {
		struct tw_sock *p = *pp;
		if (!p->wsi) {
			*pp = p->park_next;
			free_sock(p);
		} else {
			pp = &p->park_next;
		}
	}
	if (s) {
		s->park_next = tw->parked;
		tw->parked = s;
	}
}

void tw_ws_reap(struct tw *tw)
{
	park(tw, NULL);
}

void tw_ws_retire(struct tw *tw, struct tw_sock *s)
{
	if (!s)
		return;
	tw_ws_close(tw, s);
	park(tw, s);
}

void tw_ws_service(struct tw *tw)
{
	lws_service(tw->ctx, 0);
}

void tw_ws_wake(struct tw *tw)
{
	if (tw->ctx)
		lws_cancel_service(tw->ctx);
}
