/*
 * Linkon — the show part of the obs-websocket vendor "linkon": StartShow,
 * EndShow, GetShowStats, SetGoal and the events OrderPlaced, GoalReached,
 * ShowStateChanged (docs/websocket-api.md).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Requests run on obs-websocket's threads and go through the controller.
 * The event function runs in the vendor's store listener (serialised by the
 * store) and keeps the "last seen" sequence numbers itself.
 */
#pragma once

#include <obs-module.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_snapshot;

bool lk_ws_rq_start_show(obs_data_t *req, obs_data_t *res, const char **error);
bool lk_ws_rq_end_show(obs_data_t *req, obs_data_t *res, const char **error);
/* Answers the GetShowStats document (lk_controller_show_json). */
bool lk_ws_rq_get_show_stats(obs_data_t *req, obs_data_t *res, const char **error);
/* SetGoal {"id", "kind", "target", "title"?, "productId"?, "currency"?,
 * "autoNext"?, "step"?, "clear"?: true removes the goal "id" ("" = all)}. */
bool lk_ws_rq_set_goal(obs_data_t *req, obs_data_t *res, const char **error);

/* The vendor's store's newest snapshot (new reference), NULL when not registered (lk-ws-vendor.c). */
struct lk_snapshot *lk_ws_vendor_snapshot(void);

typedef void (*lk_ws_emit_fn)(const char *type, obs_data_t *data, const struct lk_snapshot *snap);
/* Remembers what snap shows without emitting (start of listening). */
void lk_ws_show_seed(const struct lk_snapshot *snap);
/* Emits OrderPlaced per new ticker entry, GoalReached per goal whose
 * reached count grew, ShowStateChanged when the state changed. */
void lk_ws_show_emit(const struct lk_snapshot *snap, lk_ws_emit_fn emit);

#ifdef __cplusplus
}
#endif
