/*
 * Linkon — bridge codec internals shared by lk-bridge-codec*.c: typed field
 * readers that say where in the document a value was wrong.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * `where` names the object being read ("" for the top level,
 * "products[3]"); errors read "<where>.<key>: <what was expected>".
 */
#pragma once

#include "lk-bridge-codec.h"

#include <jansson.h>

void lk_bridge_err(char *err, size_t err_size, const char *fmt, ...);

/* Parses a whole body as one JSON object (new reference) or NULL + err. */
json_t *lk_bridge_parse_object(const char *json, size_t len, char *err, size_t err_size);

/* key absent or null: *out = def. Otherwise an integer in [lo, hi]. */
bool lk_bridge_get_int(const json_t *obj, const char *key, int64_t lo, int64_t hi, int64_t def, int64_t *out,
		       const char *where, char *err, size_t err_size);

/* An id: a string of 1..LK_BRIDGE_MAX_ID bytes without control characters,
 * copied into out[LK_BRIDGE_MAX_ID + 1]. Absent or null: out = "" and
 * true, unless required. */
bool lk_bridge_get_id(const json_t *obj, const char *key, bool required, char *out, const char *where, char *err,
		      size_t err_size);

/* Copies a 3-letter currency code (upper-cased) into out[4]. */
bool lk_bridge_get_currency(const json_t *obj, const char *key, bool required, char *out, const char *where, char *err,
			    size_t err_size);

/* A list of ids (max entries) as a new bmalloc'd array of bstrdup'd
 * strings; absent or null = an empty list. Duplicates are dropped. */
bool lk_bridge_get_ids(const json_t *obj, const char *key, size_t max, char ***ids, size_t *num, const char *where,
		       char *err, size_t err_size);
void lk_bridge_free_ids(char **ids, size_t num);

/* Appends an LK_EV_STOCK for {productId, stock, sold} (either count may be
 * absent or null: left as is). */
bool lk_bridge_stock_event(const json_t *obj, const char *id_key, struct lk_events *evs, const char *where, char *err,
			   size_t err_size);

/* Appends src's events to dst, in order; src is left empty (not freed). */
void lk_bridge_move_events(struct lk_events *dst, struct lk_events *src);

/* A display string (text type of the protocol): control characters become
 * spaces, cut to max bytes on a UTF-8 boundary. Absent or null: *out stays
 * NULL. A bmalloc'd copy. */
bool lk_bridge_get_text(const json_t *obj, const char *key, size_t max, char **out, const char *where, char *err,
			size_t err_size);

/* A live-room event's data (like, follow, share, comment, viewers) into
 * *ev; kind says which. */
bool lk_bridge_room_from_json(const json_t *o, enum lk_room_kind kind, struct lk_room_event *ev, char *err,
			      size_t err_size);
/* The kind of a live-room event type name, LK_ROOM_NONE for other names. */
enum lk_room_kind lk_bridge_room_kind(const char *type);
