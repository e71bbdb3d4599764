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
struct lk_module;

bool lk_ws_rq_start_show(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);
bool lk_ws_rq_end_show(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);
/* Answers the GetShowStats document (lk_controller_show_json). */
bool lk_ws_rq_get_show_stats(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);
/* SetGoal {"id", "kind", "target", "title"?, "productId"?, "currency"?,
 * "autoNext"?, "step"?, "clear"?: true removes the goal "id" ("" = all)}. */
bool lk_ws_rq_set_goal(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);

/* What the vendor's listener last saw of the show (owned by the vendor,
 * lk-ws-vendor.c; only its store listener touches it). */
struct lk_ws_show_seen {
	uint64_t orders_seq;
	int state; /* enum lk_show_state */
	char *show_id;
	void *goals; /* goal id + reached count seen */
	size_t num_goals;
};
void lk_ws_show_seen_free(struct lk_ws_show_seen *seen);

typedef void (*lk_ws_emit_fn)(const char *type, obs_data_t *data, const struct lk_snapshot *snap);
/* Remembers what snap shows without emitting (start of listening). */
void lk_ws_show_seed(struct lk_ws_show_seen *seen, const struct lk_snapshot *snap);
/* Emits OrderPlaced per new ticker entry, GoalReached per goal whose
 * reached count grew, ShowStateChanged when the state changed. */
void lk_ws_show_emit(struct lk_ws_show_seen *seen, const struct lk_snapshot *snap, lk_ws_emit_fn emit);

#ifdef __cplusplus
}
#endif
