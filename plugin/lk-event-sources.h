/*
 * Linkon — the event-source manager: the module's live rooms (TikTok LIVE
 * through its bridge, Twitch, YouTube; lk-event-source.h) next to the one
 * shop connector, with one status row per configured source.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The configuration (config.json) lists the rooms:
 *
 *   "event_sources": [
 *     { "type": "tiktok_live", "id": "tiktok", "enabled": true, "name": "My TikTok",
 *       "url": "http://127.0.0.1:8787" },
 *     { "type": "twitch", "id": "twitch", "enabled": false, … }
 *   ]
 *
 * "type" picks the implementation (lk_event_source_find), "id" names the
 * entry (unique; defaults to the type), "enabled" (default true) whether it
 * runs, "name" (optional) what the dock shows; every other key is the
 * source's own settings. The manager adds "config_dir" and "config_path"
 * to the settings a source gets (never written back).
 *
 * Ownership: struct lk_module's `sources` (lk-module.h): created at module
 * load (lk_event_sources_create), started from the config right after the
 * live room (lk_event_sources_start), stopped at unload before the room and
 * the net worker go (lk_event_sources_stop), freed last
 * (lk_event_sources_destroy).
 *
 * Threads:
 *   - start, stop: the UI thread (module load/unload). set_enabled, add,
 *     remove, replace: the UI thread (the dock) or obs-websocket's request
 *     threads (SetEventSourceEnabled), never the graphics thread. They
 *     create and destroy sources (which do not block on the network;
 *     destroy may wait for a source's own worker) and rewrite config.json
 *     (0600, lk_config_update_file: read, "event_sources" replaced, written
 *     atomically, all under the config lock that the dock's saves take
 *     too, so neither loses the other's change). They are serialised among themselves (sign_in/sign_out
 *     too, so those may wait while a source is being switched).
 *   - list, get, version, sign_in, sign_out: any thread. The status table
 *     is guarded by the manager's mutex, which is held only to copy rows:
 *     never during I/O, a source's create/destroy or any callback. A
 *     source's host->publish copies its status into its row under that
 *     mutex and bumps the version.
 */
#pragma once

#include "lk-event-source.h"
#include "lk-msg.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_net;
struct lk_event_sources;

#define LK_ES_MAX_TYPE 32
#define LK_ES_MAX_PLATFORM 32
#define LK_ES_MAX_NAME 128

/* One row of the status table: a copy, owns nothing. */
struct lk_es_entry {
	char id[LK_ES_MAX_ID];             /* the entry's "id" */
	char type[LK_ES_MAX_TYPE];         /* its "type" ("tiktok_live", "twitch", "youtube") */
	char platform[LK_ES_MAX_PLATFORM]; /* the tag on its events ("tiktok", "twitch", "youtube"); "" = unknown type */
	char name[LK_ES_MAX_NAME];         /* display name: the entry's "name", else the platform's ("TikTok LIVE") */
	bool enabled;                      /* the entry's switch */
	bool running;                      /* an instance exists (enabled and created) */
	bool can_sign_in;                  /* the type has sign_in / sign_out */
	struct lk_es_status status;        /* state LK_ES_OFF while switched off */
};

/* Why a change was refused: error's msg (an LK_MSG_ES_* code) and English
 * words. */
struct lk_es_error {
	struct lk_msg msg;
	char text[LK_ES_MAX_DETAIL];
};

/* A manager with no entries. net: the module's net worker (may be NULL: then
 * every source reports LK_ES_ERROR "no network"); config_path: config.json
 * (changes are written there; NULL = not persisted, tests); config_dir: the
 * folder handed to sources for their own 0600 files (may be NULL). */
struct lk_event_sources *lk_event_sources_create(struct lk_net *net, const char *config_path, const char *config_dir);
/* Stops every source (if still running) and frees the manager. NULL ok. */
void lk_event_sources_destroy(struct lk_event_sources *es);

/* Reads config's "event_sources" (config borrowed; NULL or missing = none)
 * and creates every enabled entry. Entries that are not usable (no type, an
 * unknown type, a duplicate id) are kept in the table in LK_ES_ERROR with
 * the reason, so the dock shows them. UI thread, module load. */
void lk_event_sources_start(struct lk_event_sources *es, const json_t *config);
/* Destroys every running source (after this, none publishes or pushes);
 * rows stay, in LK_ES_OFF. UI thread, module unload (before the room and
 * the net worker go). */
void lk_event_sources_stop(struct lk_event_sources *es);

/* + 1 on every change of the table (a row added/removed, a status
 * published, a switch); readers poll it cheaply. Any thread. */
uint64_t lk_event_sources_version(struct lk_event_sources *es);
/* Copies up to max rows (config order) into out; returns how many rows
 * there are (may be > max). *version (may be NULL) gets the version the
 * copy belongs to. Any thread. */
size_t lk_event_sources_list(struct lk_event_sources *es, struct lk_es_entry *out, size_t max, uint64_t *version);
/* One row by id; false when there is none. Any thread. */
bool lk_event_sources_get(struct lk_event_sources *es, const char *id, struct lk_es_entry *out);
/* A copy of the entry's config object (with type, id, enabled, name and
 * the source's settings; without config_dir / config_path), new reference,
 * or NULL. For the dock's editor. Any thread. */
json_t *lk_event_sources_entry_config(struct lk_event_sources *es, const char *id);

/* Switches an entry on (creates it) or off (destroys it) and saves the
 * config. false + err (may be NULL) for an unknown id. Switching on an
 * entry whose create fails returns true: the row says why (LK_ES_ERROR).
 * Not the graphics thread (see Threads). */
bool lk_event_sources_set_enabled(struct lk_event_sources *es, const char *id, bool enabled,
				  struct lk_es_error *err);
/* Adds an entry (entry borrowed: {"type", "id"?, "enabled"?, "name"?, …});
 * creates it when enabled; saves. false + err for a missing or unknown
 * type, or an id already used. UI thread. */
bool lk_event_sources_add(struct lk_event_sources *es, const json_t *entry, struct lk_es_error *err);
/* Removes an entry (destroys it first) and saves. false + err for an
 * unknown id. UI thread. */
bool lk_event_sources_remove(struct lk_event_sources *es, const char *id, struct lk_es_error *err);
/* Replaces an entry's settings (settings borrowed; "type" and "id" in it
 * are ignored, "enabled" and "name" are taken when present): a running
 * source is destroyed and created again with the new settings; saves.
 * false + err for an unknown id. UI thread. */
bool lk_event_sources_replace(struct lk_event_sources *es, const char *id, const json_t *settings,
			      struct lk_es_error *err);

/* Passes through to the running source's sign_in / sign_out (they only
 * queue work). false + err when the id is unknown, switched off, or its
 * type has no sign-in. Any thread. */
bool lk_event_sources_sign_in(struct lk_event_sources *es, const char *id, struct lk_es_error *err);
bool lk_event_sources_sign_out(struct lk_event_sources *es, const char *id, struct lk_es_error *err);

/* ---- the registry of source types (lk-event-source-registry.c) ---------------
 * lk_event_source_find (lk-event-source.h) looks at the types registered
 * here first, then at the built-in ones. lk_event_source_register adds a
 * type (a test's own implementation; the pointer must stay valid); false
 * when the table is full or the type is already known. Any thread. */
bool lk_event_source_register(const struct lk_event_source_info *info);
void lk_event_source_unregister(const struct lk_event_source_info *info);
/* The platform's display name ("TikTok LIVE", "Twitch", "YouTube"), or the
 * tag itself for a platform Linkon does not name. */
const char *lk_es_platform_name(const char *platform);

#ifdef __cplusplus
}
#endif
