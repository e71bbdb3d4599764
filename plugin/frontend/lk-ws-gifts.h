/*
 * Linkon — the gift alert part of the obs-websocket vendor "linkon"
 * (lk-ws-vendor.c registers these; docs/websocket-api.md describes them).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Request handlers run on obs-websocket's threads; they only talk to the
 * module's alert queue (m->alerts, lk-module.h), which takes no long lock. On a
 * refusal they return false with a plain-words *error that stays valid until
 * the calling thread's next request.
 */
#pragma once

#include <obs-module.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_alert_view;
struct lk_module;

/* TestGift: the request data is one gift event (lk-gift.h JSON, "id"
 * optional). Answers "result": queued / updated / folded / belowMin /
 * duplicate / stale. */
bool lk_ws_rq_test_gift(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);
/* SkipAlert: ends the alert on screen; "skipped": false when none was. */
bool lk_ws_rq_skip_alert(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);
/* PauseAlerts {"paused": bool}: answers the new "paused". */
bool lk_ws_rq_pause_alerts(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);

/* The fields of the GiftAlertShown event for view (borrowed). Any thread. */
void lk_ws_gifts_fill_shown(obs_data_t *d, const struct lk_alert_view *view);

#ifdef __cplusplus
}
#endif
