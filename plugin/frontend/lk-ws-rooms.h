/*
 * Linkon — the live rooms' part of the obs-websocket vendor "linkon": the
 * event sources' status table and their switches (lk-event-sources.h;
 * docs/websocket-api.md). lk-ws-vendor.c registers these.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Request handlers run on obs-websocket's threads. Reading the table only
 * copies rows. SetEventSourceEnabled creates or destroys a source (which
 * never blocks on the network) and saves config.json, like the dock's
 * switch does; sign-in and sign-out only queue the source's work. On a
 * refusal they return false with a plain-words *error whose code
 * lk_msg_refusal_of finds (valid until the thread's next request).
 */
#pragma once

#include <obs-module.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_module;

/* GetEventSources: "sources": one object per configured live room. */
bool lk_ws_rq_get_event_sources(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);
/* SetEventSourceEnabled {"id", "enabled"}: answers the row ("source"). */
bool lk_ws_rq_set_event_source_enabled(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);
/* EventSourceSignIn / EventSourceSignOut {"id"}: answers the row. */
bool lk_ws_rq_event_source_sign_in(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);
bool lk_ws_rq_event_source_sign_out(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);

#ifdef __cplusplus
}
#endif
