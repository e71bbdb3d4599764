/*
 * Linkon — the dock's "Live rooms" tab and its comment-rule editor as data:
 * one row per event source (lk-event-sources.h) with its dot, words, ages
 * and buttons; the form that adds a live room; the claim rules as the
 * editor shows them and the config object it saves.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure C (no widgets, no I/O, no globals): the Qt layer calls it on the UI
 * thread with status rows it copied from the manager, the unit tests
 * anywhere. Texts come from the dock's translation function (keys
 * "Dock.Rooms.*", "Dock.Claims.*"; status messages "Msg.*").
 */
#pragma once

#include "lk-dock-model.h"
#include "lk-event-sources.h"

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the rows -------------------------------------------------------------- */

/* Dot colours 0xRRGGBB. */
#define LK_DOCK_ROOM_GREEN 0x2EB85Cu /* live */
#define LK_DOCK_ROOM_AMBER 0xF0A020u /* connecting, waiting for the live, retrying */
#define LK_DOCK_ROOM_RED 0xE5484Du   /* stopped until the user acts */
#define LK_DOCK_ROOM_BLUE 0x3D8BFDu  /* sign-in needed */
#define LK_DOCK_ROOM_GREY 0x8A8F98u  /* switched off */

uint32_t lk_dock_room_color(enum lk_es_state state);
/* Translation key of the state's name ("Dock.Rooms.State.Live", …). */
const char *lk_dock_room_state_key(enum lk_es_state state);
/* Translation key of a platform's name ("Dock.Rooms.Platform.Twitch"), NULL
 * for a platform Linkon does not name (show the entry's own name). */
const char *lk_dock_room_platform_key(const char *platform);

/* One row of the tab. After a fill no string is NULL. */
struct lk_dock_room_row {
	char id[LK_ES_MAX_ID];
	uint32_t color;
	struct dstr title;  /* "Twitch · mychannel", "TikTok LIVE" */
	struct dstr state;  /* "Live", "Waiting for the live", "Sign-in needed" … */
	struct dstr detail; /* "Last event 12 s ago · Next try in 20 s · ~120 API units/hour" */
	struct dstr error;  /* the status message in words ("" = none) */
	struct dstr code;   /* device sign-in: the code to type ("" = none) */
	struct dstr url;    /* … and where to type it */
	bool enabled;       /* the switch */
	bool sign_in;       /* "Sign in" is offered (signs in, or again) */
	bool sign_out;      /* "Sign out" is offered (signed in) */
	bool problem;       /* error or sign-in needed: the tab's own dot shows it */
};

void lk_dock_room_row_init(struct lk_dock_room_row *r);
void lk_dock_room_row_free(struct lk_dock_room_row *r);
/* The row of e at local monotonic ms now_ms. */
void lk_dock_room_row_fill(struct lk_dock_room_row *r, const struct lk_es_entry *e, int64_t now_ms, lk_dock_text_fn tr);

/* The colour of the tab's own dot for n rows: red when one is in error,
 * blue when one waits for a sign-in, amber when one is on its way, green
 * when every enabled one is live, grey when none is enabled (or n = 0). */
uint32_t lk_dock_rooms_summary_color(const struct lk_es_entry *rows, size_t n);

/* When the tab must look again, in ms from now_ms: when a row's words
 * change with time ("Next try in 5 s" each second, "Last event 12 s ago"
 * each second for a minute, then each minute), but at least every
 * LK_DOCK_ROOMS_POLL_MS while the tab is on screen (the manager's table is
 * polled: a version compare). -1 when the tab is not visible: its timer
 * stops, showing the tab asks again. */
#define LK_DOCK_ROOMS_POLL_MS 1000
int64_t lk_dock_rooms_next_tick_ms(const struct lk_es_entry *rows, size_t n, bool visible, int64_t now_ms);

/* ---- adding a live room ------------------------------------------------------- */

enum lk_dock_room_kind {
	LK_DOCK_ROOM_TIKTOK = 0, /* "tiktok_live": the reference bridge's URL and token */
	LK_DOCK_ROOM_TWITCH,     /* "twitch": the app's client id; sign in afterwards */
	LK_DOCK_ROOM_YOUTUBE,    /* "youtube": client id + secret (sign in), or an API key + video id */
	LK_DOCK_ROOM_KINDS
};

/* The config "type" of a kind. */
const char *lk_dock_room_kind_type(enum lk_dock_room_kind kind);

/* What the "Add live room" form holds (borrowed strings; NULL = empty). */
struct lk_dock_room_form {
	enum lk_dock_room_kind kind;
	const char *name;          /* optional display name */
	const char *url, *token;   /* TikTok LIVE bridge */
	const char *client_id;     /* Twitch, YouTube */
	const char *client_secret; /* YouTube (device sign-in) */
	const char *api_key;       /* YouTube without sign-in … */
	const char *video_id;      /* … needs the live video's id (or its watch URL) */
};

/* The config entry for the form ({"type", "id", "enabled": true, "name"?,
 * …}; new reference), its id unique among used_ids (n of them; "twitch",
 * then "twitch-2" …). NULL when a field is missing or malformed: *err_key
 * then gets the translation key saying which ("Dock.Rooms.Need.Url", …).
 * Values are trimmed; a YouTube watch URL gives its video id. */
json_t *lk_dock_room_entry(const struct lk_dock_room_form *f, const char *const *used_ids, size_t n,
			   const char **err_key);

/* ---- the comment rules -------------------------------------------------------- */

/* The rule editor's fields. Lists are text: words separated by commas or
 * new lines; actions one per line, "keyword = seconds" ("!link = 8"). */
struct lk_dock_claims_form {
	bool enabled;
	struct dstr words;
	struct dstr pinned;
	struct dstr actions;
	int64_t viewer_cooldown_s;
	int64_t global_cooldown_s;
};

void lk_dock_claims_form_init(struct lk_dock_claims_form *f);
void lk_dock_claims_form_free(struct lk_dock_claims_form *f);
/* The form for config's "claims" object (NULL = the defaults; an unusable
 * object also gives the defaults). */
void lk_dock_claims_form_fill(struct lk_dock_claims_form *f, const json_t *claims);
/* The "claims" object for the form (new reference), checked by
 * lk_claim_rules_from_json; NULL when it is not usable: *err_key then
 * gets the translation key saying what ("Dock.Claims.Bad.Words", …) and
 * *line (may be NULL) the 1-based item the problem is in (0 = none). */
json_t *lk_dock_claims_form_build(const struct lk_dock_claims_form *f, const char **err_key, int *line);

/* Every key the functions above may ask for (static array, *n entries). */
const char *const *lk_dock_rooms_text_keys(size_t *n);

#ifdef __cplusplus
}
#endif
