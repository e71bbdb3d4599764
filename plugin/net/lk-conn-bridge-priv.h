/*
 * Linkon — the bridge connector's internals, shared by lk-conn-bridge*.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The connector speaks docs/bridge-protocol.md over four channels, each at
 * most one transfer at a time: the catalog (paged), the live state (polled
 * with ETag), the event stream (SSE) and actions (POST, one queue).
 *
 * Threads. Everything runs on the net worker (the tick and every transfer
 * callback), except create/destroy and the action entry points (UI thread
 * or any command thread). Transfers are only started from the tick; a
 * callback that has news wakes the tick. Fields, who writes and who reads:
 *   set, store, net            written by create, read-only afterwards
 *   mutex-guarded              tick_id (written by create), stopping,
 *                              auth_refused, in_flight, jobs[], actions,
 *                              key_rand: any thread, under mutex
 *   everything else            the worker only, no lock
 */
#pragma once

#include "lk-connector.h"
#include "lk-event-source.h"
#include "lk-net.h"
#include "lk-bridge-codec.h"
#include "lk-gift-dedupe.h"
#include "lk-rand.h"
#include "lk-sse.h"
#include "lk-store.h"

#include <util/darray.h>
#include <util/dstr.h>
#include <util/threading.h>

#define BRIDGE_WHY_SIZE 200
#define BRIDGE_MAX_ACTIONS 64
#define BRIDGE_RETRY_AFTER_CAP_MS (10 * 60 * 1000)
#define BRIDGE_MAX_PAGES 1000
#define BRIDGE_CATALOG_MAX_BYTES ((size_t)8 << 20)
#define BRIDGE_STATE_MAX_BYTES ((size_t)1 << 20)
#define BRIDGE_ACTION_MAX_BYTES ((size_t)64 << 10)
#define BRIDGE_MAX_SLEEP_MS 250
#define BRIDGE_CONFIG_CHECK_MS 1000 /* how often the config file's stat is looked at */
#define BRIDGE_AUTH_WHY_SIZE 400
#define BRIDGE_WARN_KINDS 32 /* distinct bad events logged per stream connection */

/* From the config file's "bridge" object (see bridge_settings_parse). */
struct bridge_settings {
	char *base;             /* the url without a trailing '/' */
	char *auth;             /* "Authorization: Bearer <token>": a secret, wiped on free */
	char *token;            /* the token alone, to redact it from text */
	int64_t poll_ms;        /* live state polling */
	int64_t backoff_min_ms; /* first retry delay */
	int64_t backoff_max_ms; /* cap of the exponential backoff */
	int64_t idle_ms;        /* the stream ends after this long without a byte */
	int64_t timeout_ms;     /* a whole request */
	int64_t page_size;      /* products per catalog page asked for */
	int64_t auth_retry_ms;  /* after a refused token, try again this often */
	char *config_path;      /* the config file, watched for a new token (NULL = none) */
};

enum bridge_chan {
	BRIDGE_CATALOG,
	BRIDGE_STATE,
	BRIDGE_STREAM,
	BRIDGE_ACTION,
	BRIDGE_CHANS,
};

/* How a request (or a stream that did not open) ended. */
enum bridge_outcome {
	BRIDGE_OK,           /* 2xx (body still to be decoded) */
	BRIDGE_NOT_MODIFIED, /* 304 */
	BRIDGE_AUTH,         /* 401 / 403: the token was refused */
	BRIDGE_RETRY,        /* transport error, 408, 425, 429, 5xx: try again later */
	BRIDGE_REFUSED,      /* any other status: the server will say the same again */
	BRIDGE_BAD_BODY,     /* over the size cap: the server speaks something we cannot use */
};

enum bridge_health {
	BRIDGE_HEALTHY,
	BRIDGE_DOWN,      /* cannot reach it (status offline) */
	BRIDGE_BAD_PROTO, /* reached it, cannot use what it says (status protocol_error) */
};

struct bridge_chan_state {
	int failures;     /* in a row */
	int64_t retry_at; /* local ms; no transfer before */
	enum bridge_health health;
	char why[BRIDGE_WHY_SIZE]; /* redacted plain words, when not healthy */
};

/* One queued anchor action. */
struct bridge_action {
	const char *name; /* "pin", "unpin", "sale-start", "sale-stop": the path's last part */
	char *body;       /* JSON request body */
	char key[48];     /* Idempotency-Key, the same on every retry */
};

struct conn_bridge {
	struct lk_store *store; /* NULL: an event source (events only) */
	struct lk_net *net;
	struct bridge_settings set;
	uint64_t tick_id;

	/* An event source (lk_es_tiktok_live, lk-es-bridge.c) reads only the
	 * event stream: no catalog, no state, no actions, no store; its gifts
	 * and room events carry `platform` when the bridge sent none, and its
	 * status goes to host->publish. Set by create. */
	bool events_only;
	struct lk_es_host host;
	char platform[LK_GIFT_MAX_PLATFORM + 1];

	pthread_mutex_t mutex;
	pthread_cond_t idle; /* signalled when in_flight drops */
	bool stopping;
	bool auth_refused;
	int in_flight;
	uint64_t jobs[BRIDGE_CHANS];
	DARRAY(struct bridge_action *) actions; /* FIFO; [0] is sent first */
	struct lk_rand key_rand;

	/* the worker only from here on */
	struct lk_rand jitter;
	struct bridge_chan_state ch[BRIDGE_CHANS];
	bool auth_failed;  /* the token was refused: nothing runs until auth_retry_at */
	bool auth_probing; /* trying the refused token again: still shown as refused */
	int64_t auth_retry_at;
	char auth_why[BRIDGE_AUTH_WHY_SIZE]; /* the English text of auth_msg */
	struct lk_msg auth_msg;              /* a refused token, as a code for the docks */

	/* the config file (set.config_path) as last seen */
	int64_t config_check_at;
	bool config_known;
	int64_t config_mtime_ns, config_size, config_ino;

	/* catalog: pages are collected, applied whole */
	bool need_catalog;
	bool catalog_done_once;
	DARRAY(struct lk_product *) pages;
	char *cursor;
	size_t num_pages;
	size_t num_skipped;                        /* products skipped in these pages */
	char skipped_why[LK_BRIDGE_ERR_SIZE + 32]; /* the first one's page and reason */

	/* live state */
	char *etag;        /* NULL: the next state is read in full */
	uint64_t catalogs; /* catalogs applied so far */
	uint64_t state_at; /* catalogs when the state request in flight was sent */
	bool state_inm;    /* that request carried If-None-Match */
	int64_t next_poll_ms;
	bool state_ok;
	int64_t last_sync_ms;

	/* event stream */
	struct lk_sse *sse;
	struct lk_gift_dedupe *seen; /* event ids already handled */
	char resume_id[LK_BRIDGE_MAX_ID + 1];
	bool stream_open;
	bool stream_ever_open;
	uint64_t stream_events;                   /* on the current connection */
	uint64_t warned_kinds[BRIDGE_WARN_KINDS]; /* bad events logged on this connection: hashes */
	size_t num_warned_kinds;
	bool warned_stream;               /* one log line for oversized events */
	bool skipping;                    /* inside an oversized event */
	bool skip_line_start;             /* skipping: the last byte ended a line */
	char stream_why[BRIDGE_WHY_SIZE]; /* why stream_open refused the stream ("" = it did not) */
	bool skip_after_cr;               /* skipping: the last byte was a CR (an LF next ends no new line) */

	/* the action being sent: actions.array[0] while true */
	bool action_sending;

	/* events only: gifts and room events taken (worker) */
	int64_t es_events;
	int64_t es_last_ms;
	int64_t shown_events;

	/* the status last published */
	enum lk_conn_state shown_state;
	enum lk_conn_state logged_state; /* the last state a log line said */
	char shown_why[BRIDGE_AUTH_WHY_SIZE];
	int64_t shown_retry;
	int64_t shown_sync;
};

/* ---- lk-conn-bridge.c: plumbing ---------------------------------------- */

/* A bridge client on net's worker. host NULL: the shop connector (store
 * set); else an event source reading only the event stream, tagging
 * untagged events with platform and publishing through host. NULL (after
 * publishing why) when settings cannot work. */
struct conn_bridge *bridge_new(struct lk_store *store, struct lk_net *net, json_t *settings,
			       const struct lk_es_host *host, const char *platform);
/* Stops every transfer and the tick (waits for them), frees. NULL ok. */
void bridge_free(struct conn_bridge *c);

/* One transfer to the bridge: <base><path>, with the token, an Accept
 * header (JSON, or SSE for a stream), extra (one more "Name: value" header,
 * may be NULL) and, with a body, a JSON Content-Type. */
struct bridge_call {
	const char *method; /* NULL = GET */
	const char *path;   /* with its query */
	const char *extra;
	const char *body;
	size_t max_bytes;
	const struct lk_net_stream_cbs *cbs; /* a stream; else cb gets the response */
	lk_net_response_cb cb;
};

/* Starts call on chan unless stopping or chan is busy. Worker (tick)
 * only. Returns false when refused. */
bool bridge_call(struct conn_bridge *c, enum bridge_chan chan, const struct bridge_call *call);
/* The last thing every transfer callback does: chan has no transfer any
 * more (c may be freed right after). */
void bridge_job_done(struct conn_bridge *c, enum bridge_chan chan);
bool bridge_stopping(struct conn_bridge *c);
void bridge_wake(struct conn_bridge *c);
/* Copies text into out[BRIDGE_WHY_SIZE] with control characters blanked and
 * the token replaced by LK_REDACTED before it is cut (lk_redact_quote). */
void bridge_redact(const struct conn_bridge *c, char *out, const char *text);

/* Sorts a finished response into an outcome and, when not OK, writes the
 * reason (redacted) into why[BRIDGE_WHY_SIZE]. */
enum bridge_outcome bridge_classify(const struct conn_bridge *c, const struct lk_net_response *res, char *why);
/* Records a failure on chan: health, reason, the next try (capped
 * exponential backoff with jitter, at least Retry-After). AUTH stops all. */
void bridge_fail(struct conn_bridge *c, enum bridge_chan chan, enum bridge_outcome out, const char *why,
		 int64_t retry_after_ms);
/* Whether a 2xx answer's Content-Type (NULL = none) is want
 * ("application/json": also application/…+json, or none; parameters such
 * as charset are ignored). When not, writes the reason ("<what>: …") into
 * why[BRIDGE_WHY_SIZE]. */
bool bridge_type_ok(const char *type, const char *want, const char *what, char *why);
/* chan worked: healthy, no backoff. */
void bridge_ok(struct conn_bridge *c, enum bridge_chan chan);
int64_t bridge_backoff_ms(struct conn_bridge *c, int failures);

/* ---- lk-conn-bridge-sync.c: catalog and live state --------------------- */

/* The *_tick functions start what is due and return the local ms they
 * want to run again (INT64_MAX: only when woken). */
int64_t bridge_sync_tick(struct conn_bridge *c, int64_t now);
void bridge_sync_free(struct conn_bridge *c);

/* ---- lk-conn-bridge-stream.c: the event stream ------------------------- */

bool bridge_stream_init(struct conn_bridge *c);
int64_t bridge_stream_tick(struct conn_bridge *c, int64_t now);
void bridge_stream_free(struct conn_bridge *c);

/* ---- lk-conn-bridge-action.c: anchor actions --------------------------- */

int64_t bridge_action_tick(struct conn_bridge *c, int64_t now);
/* Queues an action (takes body). Any thread. */
bool bridge_action_queue(struct conn_bridge *c, const char *name, char *body, const char **error);
void bridge_actions_free(struct conn_bridge *c);
