/*
 * Linkon — the live rooms' obs-websocket requests (see lk-ws-rooms.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-ws-rooms.h"
#include "lk-event-sources.h"
#include "lk-module.h"
#include "lk-store.h"
#include "lk-ws-request.h"

#include <util/bmem.h>

#define MAX_ROWS 64

/* One row as the answer shows it. now: lk_now_ms(). */
static void fill_row(obs_data_t *d, const struct lk_es_entry *e, int64_t now)
{
	const struct lk_es_status *st = &e->status;
	bool signing_in = st->state == LK_ES_SIGN_IN;

	obs_data_set_string(d, "id", e->id);
	obs_data_set_string(d, "type", e->type);
	obs_data_set_string(d, "platform", e->platform);
	obs_data_set_string(d, "name", e->name);
	obs_data_set_bool(d, "enabled", e->enabled);
	obs_data_set_bool(d, "running", e->running);
	obs_data_set_bool(d, "canSignIn", e->can_sign_in);
	obs_data_set_string(d, "state", lk_es_state_name(st->state));
	obs_data_set_string(d, "code", lk_msg_name(st->msg.code));
	obs_data_set_string(d, "message", st->detail);
	obs_data_set_int(d, "lastEventAgeMs", st->last_event_ms > 0 ? now - st->last_event_ms : -1);
	obs_data_set_int(d, "retryInMs",
			 st->retry_at_ms > 0 ? (st->retry_at_ms > now ? st->retry_at_ms - now : 0) : -1);
	obs_data_set_int(d, "events", st->events);
	obs_data_set_string(d, "account", st->account);
	obs_data_set_string(d, "userCode", signing_in ? st->user_code : "");
	obs_data_set_string(d, "verifyUrl", signing_in ? st->verify_url : "");
	obs_data_set_int(d, "quotaUnitsPerHour", st->quota_units_per_hour);
}

static bool no_manager(const struct lk_module *m, const char **error)
{
	if (m && m->sources)
		return false;
	*error = lk_msg_refuse_code(LK_MSG_NOT_RUNNING, NULL, NULL);
	return true;
}

bool lk_ws_rq_get_event_sources(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	if (no_manager(m, error))
		return false;
	struct lk_es_entry *rows = bzalloc(MAX_ROWS * sizeof(*rows));
	uint64_t version = 0;
	size_t n = lk_event_sources_list(m->sources, rows, MAX_ROWS, &version);
	int64_t now = lk_now_ms();
	obs_data_array_t *arr = obs_data_array_create();

	for (size_t i = 0; i < n && i < MAX_ROWS; i++) {
		obs_data_t *d = obs_data_create();
		fill_row(d, &rows[i], now);
		obs_data_array_push_back(arr, d);
		obs_data_release(d);
	}
	obs_data_set_array(res, "sources", arr);
	obs_data_set_int(res, "version", (long long)version);
	obs_data_array_release(arr);
	bfree(rows);
	return true;
}

/* Answers the row of id as "source". */
static bool answer_row(const struct lk_module *m, const char *id, obs_data_t *res)
{
	struct lk_es_entry *e = bzalloc(sizeof(*e));
	bool found = lk_event_sources_get(m->sources, id, e);
	if (found) {
		obs_data_t *d = obs_data_create();
		fill_row(d, e, lk_now_ms());
		obs_data_set_obj(res, "source", d);
		obs_data_release(d);
	}
	bfree(e);
	return found;
}

static bool refused(struct lk_es_error *err, const char **error)
{
	*error = lk_msg_refuse(&err->msg);
	return false;
}

bool lk_ws_rq_set_event_source_enabled(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	const char *id = lk_ws_req_string(req, "id", error, "id is missing");
	bool enabled = false;
	struct lk_es_error err;

	if (!id || !lk_ws_req_bool(req, "enabled", &enabled, error, "enabled is missing (true or false)") ||
	    no_manager(m, error))
		return false;
	if (!lk_event_sources_set_enabled(m->sources, id, enabled, &err))
		return refused(&err, error);
	answer_row(m, id, res);
	return true;
}

static bool sign(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error, bool in)
{
	const char *id = lk_ws_req_string(req, "id", error, "id is missing");
	struct lk_es_error err;

	if (!id || no_manager(m, error))
		return false;
	if (!(in ? lk_event_sources_sign_in : lk_event_sources_sign_out)(m->sources, id, &err))
		return refused(&err, error);
	answer_row(m, id, res);
	return true;
}

bool lk_ws_rq_event_source_sign_in(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	return sign(m, req, res, error, true);
}

bool lk_ws_rq_event_source_sign_out(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	return sign(m, req, res, error, false);
}
