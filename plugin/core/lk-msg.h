/*
 * Linkon — messages a user reads, as a stable code plus parameters. Pure C,
 * any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Core and the connectors say what happened with a code and up to
 * LK_MSG_ARGS parameters (ids, numbers, a platform's own words); the edge
 * turns that into words: the docks through the locale key "Msg.<Key>"
 * (plural codes: "Msg.<Key>.<category>", lk-plural.h), obs-websocket
 * answers with the English text in "message" and the code's name in "code"
 * (docs/websocket-api.md). Templates use %1 … %3 for the parameters and %%
 * for a percent sign (the docks' format). The English templates here are the
 * same as locale/en-US.ini's (a unit test checks it).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dstr;

#define LK_MSG_ARGS 3
#define LK_MSG_ARG_MAX 160 /* a parameter is cut (at a UTF-8 boundary) to fit */

enum lk_msg_code {
	LK_MSG_NONE = 0,
	/* command refusals (lk-command.h) */
	LK_MSG_NO_COMMAND,
	LK_MSG_UNKNOWN_COMMAND,
	LK_MSG_NO_PRODUCT,
	LK_MSG_UNKNOWN_PRODUCT, /* %1 id */
	LK_MSG_CART_EMPTY,
	LK_MSG_ALREADY_IN_CART, /* %1 id */
	LK_MSG_SLOT_RANGE,      /* %1 slot, %2 highest slot */
	LK_MSG_NOT_IN_CART,     /* %1 id */
	LK_MSG_BAD_SALE_PRICE,
	LK_MSG_BAD_DURATION,
	LK_MSG_BAD_STOCK,
	LK_MSG_BAD_PREROLL,   /* %1 min s, %2 max s */
	LK_MSG_NO_PRICE,      /* %1 id */
	LK_MSG_SOLD_OUT,      /* %1 id */
	LK_MSG_SALE_RUNNING,  /* %1 sale id */
	LK_MSG_UNKNOWN_SALE,  /* %1 sale id */
	LK_MSG_SALE_FINISHED, /* %1 sale id */
	LK_MSG_NO_SALE,
	/* the controller */
	LK_MSG_REFUSED,
	LK_MSG_NOT_RUNNING,
	LK_MSG_PINNED_BUT, /* wraps the sale's refusal: %1 = its text */
	LK_MSG_PLATFORM,   /* %1 = the platform's own words */
	LK_MSG_NO_SCENE,
	LK_MSG_NO_DROP,
	/* connectors' action refusals */
	LK_MSG_DEMO_SALE_REFUSED,
	LK_MSG_DEMO_NO_SALE,
	LK_MSG_BRIDGE_STOPPING,
	LK_MSG_BRIDGE_TOKEN,
	LK_MSG_BRIDGE_BUSY,
	/* connection statuses */
	LK_MSG_DEMO_SHOP,
	LK_MSG_SHOPIFY_CONNECTING, /* %1 shop */
	LK_MSG_SHOPIFY_READING,    /* %1 shop */
	LK_MSG_SHOPIFY_PRODUCTS,   /* %1 count (plural), %2 shop */
	LK_MSG_SHOPIFY_RETRYING,   /* %1 shop, %2 reason, %3 seconds */
	LK_MSG_SHOPIFY_AUTH,       /* %1 shop, %2 reason */
	LK_MSG_SHOPIFY_NO_NETWORK,
	LK_MSG_SHOPIFY_NEED_SHOP,
	LK_MSG_SHOPIFY_BAD_VERSION,
	LK_MSG_SHOPIFY_BAD_ENDPOINT,
	LK_MSG_SHOPIFY_NEED_TOKEN,
	LK_MSG_SHOPIFY_JOURNAL,
	LK_MSG_SHOPIFY_NO_WRITE,    /* %1 the shop's words */
	LK_MSG_SHOPIFY_NO_RESTORE,  /* %1 the shop's words */
	LK_MSG_SHOPIFY_NOT_WRITTEN, /* %1 the shop's words */
	/* reasons a platform gives with a known code (HTTP status, GraphQL
	 * error code), passed as a parameter (lk_msg_set_arg_code) */
	LK_MSG_SHOPIFY_TOKEN_REFUSED, /* HTTP 401 */
	LK_MSG_SHOPIFY_SCOPE,         /* HTTP 403, ACCESS_DENIED */
	LK_MSG_SHOPIFY_THROTTLED,     /* HTTP 429, THROTTLED */
	LK_MSG_SHOPIFY_UNAVAILABLE,   /* HTTP 5xx, 408 */
	LK_MSG_SHOPIFY_UNREACHABLE,   /* %1 shop, %2 reason (a LK_MSG_NET_*), %3 seconds */
	/* why a transfer failed (lk_net_error_code), passed as a reason
	 * parameter: %1 is libcurl's own detail, kept in the English words and
	 * taken back out of them for a translation (lk_msg_format) */
	LK_MSG_NET_DNS,
	LK_MSG_NET_CONNECT,
	LK_MSG_NET_TIMEOUT,
	LK_MSG_NET_TLS,
	LK_MSG_NET_CERT,
	LK_MSG_NET_HEADERS,
	LK_MSG_NET_NOTHING,
	LK_MSG_NET_BROKEN,
	LK_MSG_NET_CUT_SHORT,
	LK_MSG_NET_REDIRECTS,
	LK_MSG_NET_BAD_HTTP,
	LK_MSG_NET_OTHER,
	LK_MSG_NET_TOO_LARGE, /* %1 the byte limit */
	LK_MSG_NET_CANCELLED,
	LK_MSG_NET_IDLE,             /* %1 seconds without a byte */
	LK_MSG_NET_REDIRECT_REFUSED, /* %1 the other origin, "?" if unreadable */
	LK_MSG_NET_SAVE_FAILED,      /* %1 the file and the system's reason */
	/* TikTok Shop and bridge connection statuses */
	LK_MSG_TIKTOK_CONNECTING,
	LK_MSG_TIKTOK_READING,
	LK_MSG_TIKTOK_PRODUCTS,
	LK_MSG_TIKTOK_RETRYING,
	LK_MSG_TIKTOK_RATE_LIMIT,
	LK_MSG_TIKTOK_UNREACHABLE,
	LK_MSG_TIKTOK_CLOCK_CHECK,
	LK_MSG_TIKTOK_CLOCK_BEHIND,
	LK_MSG_TIKTOK_CLOCK_AHEAD,
	LK_MSG_TIKTOK_AUTHORIZE,
	LK_MSG_TIKTOK_EXPIRED,
	LK_MSG_TIKTOK_CODE_USED,
	LK_MSG_TIKTOK_SCOPE,
	LK_MSG_TIKTOK_BAD_APP,
	LK_MSG_TIKTOK_BAD_SIGN,
	LK_MSG_TIKTOK_WRONG_SHOP,
	LK_MSG_TIKTOK_SHOPS,
	LK_MSG_TIKTOK_BAD_BASE,
	LK_MSG_TIKTOK_BAD_CIPHER,
	LK_MSG_TIKTOK_NEED_APP,
	LK_MSG_TIKTOK_NO_NETWORK,
	LK_MSG_TIKTOK_DEAL_NOT_CREATED,
	LK_MSG_TIKTOK_DEAL_JOURNAL,
	LK_MSG_TIKTOK_DEAL_NO_SCOPE,
	LK_MSG_TIKTOK_DEAL_NOT_ENDED,
	LK_MSG_BRIDGE_OFFLINE,
	LK_MSG_BRIDGE_PROTOCOL,
	LK_MSG_BRIDGE_AUTH,
	LK_MSG_BRIDGE_SETTINGS,
	LK_MSG_BRIDGE_NO_NETWORK,
	/* the show's refusals */
	LK_MSG_SHOW_LIVE,
	LK_MSG_SHOW_NOT_LIVE,
	LK_MSG_GOAL_INVALID,
	/* live rooms: the event-source manager (lk-event-sources.h) */
	LK_MSG_ES_BAD_ENTRY,
	LK_MSG_ES_UNKNOWN_TYPE,
	LK_MSG_ES_DUPLICATE_ID,
	LK_MSG_ES_NO_NETWORK,
	LK_MSG_ES_NOT_STARTED,
	LK_MSG_ES_UNKNOWN_ID,
	LK_MSG_ES_NO_SIGN_IN,
	LK_MSG_ES_SWITCHED_OFF,
	/* the YouTube live chat event source (net/lk-es-youtube*.c) */
	LK_MSG_YT_SIGN_IN, /* %1 link, %2 code */
	LK_MSG_YT_NEED_SIGN_IN,
	LK_MSG_YT_NEED_CLIENT,
	LK_MSG_YT_BAD_BASE,
	LK_MSG_YT_FINDING,
	LK_MSG_YT_WAITING,  /* %1 seconds */
	LK_MSG_YT_LIVE,     /* %1 broadcast title */
	LK_MSG_YT_SLOWED,   /* %1 seconds */
	LK_MSG_YT_QUOTA,    /* %1 minutes */
	LK_MSG_YT_BUDGET,   /* %1 units, %2 minutes */
	LK_MSG_YT_RATE,     /* %1 seconds */
	LK_MSG_YT_RETRYING, /* %1 reason, %2 seconds */
	LK_MSG_YT_SIGN_IN_AGAIN,
	LK_MSG_YT_DENIED,
	LK_MSG_YT_CODE_EXPIRED,
	LK_MSG_YT_BAD_CLIENT,
	LK_MSG_YT_CHAT_DISABLED,  /* %1 seconds */
	LK_MSG_YT_NO_ACCESS,      /* %1 YouTube's reason */
	LK_MSG_YT_SIGN_IN_FAILED, /* %1 the reason */
	/* the Twitch event source (plugin/net/lk-es-twitch*.c) */
	LK_MSG_TWITCH_NEED_CLIENT,
	LK_MSG_TWITCH_BAD_URL,
	LK_MSG_TWITCH_SIGN_IN,
	LK_MSG_TWITCH_CODE,
	LK_MSG_TWITCH_CONNECTING,
	LK_MSG_TWITCH_LIVE,
	LK_MSG_TWITCH_SCOPE,
	LK_MSG_TWITCH_RETRYING,
	LK_MSG_TWITCH_RATE_LIMITED,
	LK_MSG_TWITCH_AUTH,
	LK_MSG_TWITCH_REVOKED,
	LK_MSG_TWITCH_USER_REMOVED,
	LK_MSG_TWITCH_VERSION_REMOVED,
	LK_MSG_TWITCH_ENDED,
	LK_MSG_TWITCH_NOT_SAVED,
	LK_MSG_TWITCH_CODE_EXPIRED,
	LK_MSG_TWITCH_WHY_DROPPED,
	LK_MSG_TWITCH_WHY_SILENT,
	LK_MSG_TWITCH_WHY_SERVER,
	LK_MSG_TWITCH_WHY_REFUSED,
	LK_MSG_TWITCH_WHY_NETWORK,
	LK_MSG_TWITCH_WHY_MOVE,
	LK_MSG_TWITCH_WHY_UNREACHABLE,
	LK_MSG_TWITCH_WHY_API,
	/* the TikTok LIVE event source (net/lk-es-bridge.c): its token refused (a room has no
	 * token file it re-reads, and the dock no edit: removed and added again) */
	LK_MSG_ES_BRIDGE_AUTH, /* %1 why, %2 seconds */
	LK_MSG_COUNT
};

struct lk_msg {
	enum lk_msg_code code;
	/* an outer code around this one (LK_MSG_PINNED_BUT), or LK_MSG_NONE */
	enum lk_msg_code wrap;
	/* a parameter that is itself a code (a platform's known reason): in a
	 * language (lk_msg_format with tr) it is that code's words; arg[i]
	 * keeps the English words with their detail ("… (HTTP 503)"), which
	 * the English text (tr NULL: logs, obs-websocket) shows. A reason
	 * whose template has a %1 gets it back from arg[i] (lk_msg_unfill). */
	enum lk_msg_code arg_code[LK_MSG_ARGS];
	char arg[LK_MSG_ARGS][LK_MSG_ARG_MAX];
};

/* Sets code and its parameters (NULL = ""); wrap is cleared. */
void lk_msg_set(struct lk_msg *m, enum lk_msg_code code, const char *a1, const char *a2, const char *a3);
/* Marks parameter i (0-based) as code's words (see arg_code). */
void lk_msg_set_arg_code(struct lk_msg *m, int i, enum lk_msg_code code);
/* The stable name ("sold_out"; "" for LK_MSG_NONE), as obs-websocket sends it. */
const char *lk_msg_name(enum lk_msg_code code);
/* The locale key without the plural part ("Msg.SoldOut"), or NULL. */
const char *lk_msg_key(enum lk_msg_code code);
/* Which parameter (1-based) chooses the plural form; 0 = none. */
int lk_msg_plural_arg(enum lk_msg_code code);
/* The English template ("product '%1' is sold out"); plural codes: the
 * "one" form when one is true. NULL for LK_MSG_NONE. */
const char *lk_msg_english_template(enum lk_msg_code code, bool one);
bool lk_msg_equal(const struct lk_msg *a, const struct lk_msg *b);

/* Fills tmpl's %1 … %3 with args (NULL = ""), "%%" = "%". Returns out's text. */
const char *lk_msg_fill(struct dstr *out, const char *tmpl, const char *const *args, size_t num_args);

/* The %1 that made text from tmpl (tmpl has exactly one %1, and text is
 * tmpl filled): copied into out (size bytes). False if text does not match. */
bool lk_msg_unfill(const char *tmpl, const char *text, char *out, size_t size);

/* A translation: key → template, NULL when the locale has no such key. */
typedef const char *(*lk_msg_text_fn)(const char *key, void *param);
/* m in words: tr (NULL = English) for the templates, lang for plural forms.
 * A key tr does not know falls back to English. */
const char *lk_msg_format(struct dstr *out, const struct lk_msg *m, lk_msg_text_fn tr, void *param, const char *lang);

/* ---- refusals: a code behind a const char *error -------------------------
 * Functions that refuse with a "const char **error" text keep the code of
 * that text for the edge: lk_msg_refuse returns the English text in a
 * buffer of the calling thread (valid until its next lk_msg_refuse), and
 * lk_msg_refusal_of tells, from such a text, its code. */
const char *lk_msg_refuse(const struct lk_msg *m);
const char *lk_msg_refuse_code(enum lk_msg_code code, const char *a1, const char *a2);
/* true (and *out) when text is this thread's last lk_msg_refuse text. */
bool lk_msg_refusal_of(const char *text, struct lk_msg *out);

#ifdef __cplusplus
}
#endif
