/*
 * Linkon — gift alert requests and event of the obs-websocket vendor (see
 * lk-ws-gifts.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-ws-gifts.h"
#include "lk-ws-request.h"
#include "lk-alerts.h"
#include "lk-gift-hub.h"
#include "lk-module.h"
#include "lk-store.h"

#include <jansson.h>

static _Thread_local char ws_gift_err[LK_GIFT_ERR_SIZE];

static const char *push_result_name(int r)
{
	switch (r) {
	case LK_PUSH_DUPLICATE:
		return "duplicate";
	case LK_PUSH_STALE:
		return "stale";
	case LK_PUSH_BELOW_MIN:
		return "belowMin";
	case LK_PUSH_QUEUED:
		return "queued";
	case LK_PUSH_UPDATED:
		return "updated";
	default:
		return "folded";
	}
}

bool lk_ws_rq_test_gift(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	UNUSED_PARAMETER(m);
	json_t *obj = lk_ws_req_gift(req, error);
	int r = obj ? lk_gift_hub_inject(obj, ws_gift_err, sizeof(ws_gift_err)) : -1;

	json_decref(obj);
	if (r < 0) {
		if (obj)
			*error = ws_gift_err;
		return false;
	}
	obs_data_set_string(res, "result", push_result_name(r));
	return true;
}

bool lk_ws_rq_skip_alert(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	struct lk_alerts *q = m->alerts;
	if (!q) {
		*error = lk_msg_refuse_code(LK_MSG_NOT_RUNNING, NULL, NULL);
		return false;
	}
	obs_data_set_bool(res, "skipped", lk_alerts_skip(q, lk_now_ms()));
	return true;
}

bool lk_ws_rq_pause_alerts(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	struct lk_alerts *q = m->alerts;
	bool paused;

	if (!lk_ws_req_paused(req, &paused, error))
		return false;
	if (!q) {
		*error = lk_msg_refuse_code(LK_MSG_NOT_RUNNING, NULL, NULL);
		return false;
	}
	if (paused)
		lk_alerts_pause(q);
	else
		lk_alerts_resume(q);
	obs_data_set_bool(res, "paused", lk_alerts_paused(q));
	return true;
}

void lk_ws_gifts_fill_shown(obs_data_t *d, const struct lk_alert_view *v)
{
	char buf[16];
	obs_data_set_int(d, "alertId", (long long)v->id);
	obs_data_set_string(d, "kind", v->kind == LK_ALERT_SUMMARY ? "summary" : "gift");
	obs_data_set_int(d, "tier", (long long)v->tier);
	obs_data_set_string(d, "tierName", lk_gift_hub_tier_name(v->tier, buf));
	obs_data_set_string(d, "senderName", v->sender_name ? v->sender_name : "");
	obs_data_set_string(d, "giftId", v->gift_id ? v->gift_id : "");
	obs_data_set_string(d, "giftName", v->gift_name ? v->gift_name : "");
	obs_data_set_string(d, "platform", v->platform ? v->platform : "");
	obs_data_set_int(d, "count", (long long)v->count);
	obs_data_set_int(d, "value", (long long)v->value);
	obs_data_set_int(d, "senders", (long long)v->senders);
	obs_data_set_bool(d, "continued", v->continued);
	obs_data_set_bool(d, "replay", v->replay);
	obs_data_set_int(d, "durationMs", (long long)v->duration_ms);
}
