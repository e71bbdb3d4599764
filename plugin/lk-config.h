/*
 * Linkon — the plugin's own config file (<obs module config>/linkon/config.json).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Holds which connector runs and its settings, tokens included, so it is
 * written with permissions 0600 and its contents are never logged. Scene
 * collections never hold any of it.
 *
 *   { "connector": "demo", "demo": { "seed": 42, "currency": "CNY", … }, … }
 *
 * Any thread: every change of the file is a read-modify-write under one
 * process-wide lock (lk_config_update, lk_config_update_file), so changes
 * from two threads (the dock's saves, obs-websocket's
 * SetEventSourceEnabled through lk-event-sources.c) never lose each other.
 */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Loads the config (defaults if missing; on unreadable JSON logs the reason
 * once, keeps the file untouched and uses defaults). New reference. */
json_t *lk_config_load(void);
/* Writes atomically (temp file + rename), mode 0600: the whole file as
 * config says (under the lock). A change of some keys: lk_config_update. */
bool lk_config_save(json_t *config);
/* Changes the config file: edit(config, param) on what the file holds now
 * (an empty object when there is no file yet), then written, all under the
 * lock; edit returns false to write nothing. False (nothing written) when
 * the file exists but cannot be read, edit declined, or the write failed. */
typedef bool (*lk_config_edit_fn)(json_t *config, void *param);
bool lk_config_update(lk_config_edit_fn edit, void *param);
/* The active connector id (borrowed from config), "demo" by default. */
const char *lk_config_connector(json_t *config);
/* The connector's settings object (borrowed, may be NULL). */
json_t *lk_config_connector_settings(json_t *config, const char *id);

/* The image cache's size cap in bytes: "image_cache_mb" (16 … 16384),
 * 200 MB when absent or out of range. */
uint64_t lk_config_image_cache_bytes(json_t *config);

/* Path helpers, exposed for tests: new bmalloc'd string. */
char *lk_config_path(void);

/* The file at path (lk-config-file.c; no module needed). read: a new
 * reference, or NULL when it is not a JSON object (the reason is logged
 * once, without the file's content). write: atomically (temp file +
 * rename), mode 0600 whatever the umask or the old file's mode; the JSON
 * text is wiped from memory afterwards. */
json_t *lk_config_read_file(const char *path);
bool lk_config_write_file(json_t *config, const char *path);
/* The top-level keys that differ between from and to (changed, added,
 * removed) made so in config: a dialog's changes onto the file as it is
 * now, keeping what others changed meanwhile. */
void lk_config_apply_changes(json_t *config, json_t *from, json_t *to);
/* lk_config_update on the file at path. */
bool lk_config_update_file(const char *path, lk_config_edit_fn edit, void *param);

#ifdef __cplusplus
}
#endif
