/*
 * Linkon — the show's requests and events of the obs-websocket vendor (see
 * lk-ws-show.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-ws-show.h"
#include "lk-controller.h"
#include "lk-module.h"
#include "lk-store.h"
#include "lk-ws-request.h"

#include <jansson.h>
#include <string.h>
#include <util/bmem.h>

struct goal_seen {
	char *id;
	uint32_t count;
};

static void set_json(obs_data_t *res, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	obs_data_t *d = text ? obs_data_create_from_json(text) : NULL;
	if (d) {
		obs_data_apply(res, d);
		obs_data_release(d);
	}
	free(text);
	json_decref(j);
}

static struct lk_snapshot *snapshot(const struct lk_module *m)
{
	return m && m->store ? lk_store_get(m->store) : NULL;
}

bool lk_ws_rq_start_show(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	UNUSED_PARAMETER(req);
	if (!lk_controller_show_start(error))
		return false;
	struct lk_snapshot *snap = snapshot(m);
	obs_data_set_string(res, "showId", snap && snap->show && snap->show->show_id ? snap->show->show_id : "");
	lk_snapshot_release(snap);
	return true;
}

bool lk_ws_rq_end_show(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	char *json = NULL, *csv = NULL;
	UNUSED_PARAMETER(req);

	if (!lk_controller_show_end(&json, &csv, error))
		return false;
	struct lk_snapshot *snap = snapshot(m);
	set_json(res, lk_controller_show_json(snap));
	lk_snapshot_release(snap);
	obs_data_set_string(res, "reportJson", json ? json : "");
	obs_data_set_string(res, "reportCsv", csv ? csv : "");
	bfree(json);
	bfree(csv);
	return true;
}

bool lk_ws_rq_get_show_stats(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	UNUSED_PARAMETER(req);
	UNUSED_PARAMETER(error);
	struct lk_snapshot *snap = snapshot(m);
	set_json(res, lk_controller_show_json(snap));
	lk_snapshot_release(snap);
	return true;
}

static bool goal_from_request(obs_data_t *req, struct lk_goal *g, const char **error)
{
	bool present = false;
	const char *kind = obs_data_get_string(req, "kind");

	g->kind = lk_goal_kind_from_string(kind);
	if (!g->kind) {
		*error = "kind: one of gmv, units, orders, gifts, likes";
		return false;
	}
	if (!lk_ws_req_int(req, "target", &g->target, &present, error, "target: a whole number above 0") || !present ||
	    g->target <= 0) {
		*error = "target: a whole number above 0";
		return false;
	}
	if (!lk_ws_req_int(req, "step", &g->step, &present, error, "step: a whole number"))
		return false;
	const char *title = obs_data_get_string(req, "title");
	const char *product = obs_data_get_string(req, "productId");
	g->title = title && *title ? bstrdup(title) : NULL;
	g->product_id = product && *product ? bstrdup(product) : NULL;
	snprintf(g->currency, sizeof(g->currency), "%.3s", obs_data_get_string(req, "currency"));
	g->auto_next = obs_data_get_bool(req, "autoNext");
	return true;
}

bool lk_ws_rq_set_goal(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	const char *id = obs_data_get_string(req, "id");

	if (obs_data_get_bool(req, "clear"))
		return lk_controller_goal_clear(id, error);
	if (!id || !*id) {
		*error = "id: required";
		return false;
	}
	struct lk_goal g = {0};
	g.id = (char *)id;
	bool ok = goal_from_request(req, &g, error) && lk_controller_goal_set(&g, error);
	bfree(g.title);
	bfree(g.product_id);
	if (ok) {
		struct lk_snapshot *snap = snapshot(m);
		const struct lk_goal *now = snap && snap->show ? lk_show_view_goal(snap->show, id) : NULL;
		if (now)
			set_json(res, lk_goal_to_json(now));
		lk_snapshot_release(snap);
	}
	return ok;
}

/* ---- events --------------------------------------------------------------- */

static uint32_t goal_seen(struct lk_ws_show_seen *seen, const char *id, uint32_t count)
{
	struct goal_seen *goals = seen->goals;
	for (size_t i = 0; i < seen->num_goals; i++) {
		if (strcmp(goals[i].id, id) == 0) {
			uint32_t before = goals[i].count;
			goals[i].count = count;
			return before;
		}
	}
	seen->goals = brealloc(seen->goals, (seen->num_goals + 1) * sizeof(struct goal_seen));
	goals = seen->goals;
	goals[seen->num_goals].id = bstrdup(id);
	goals[seen->num_goals].count = count;
	seen->num_goals++;
	return 0;
}

void lk_ws_show_seen_free(struct lk_ws_show_seen *seen)
{
	struct goal_seen *goals = seen->goals;
	for (size_t i = 0; i < seen->num_goals; i++)
		bfree(goals[i].id);
	bfree(seen->goals);
	bfree(seen->show_id);
	memset(seen, 0, sizeof(*seen));
}

static void remember(struct lk_ws_show_seen *seen, const struct lk_snapshot *snap, lk_ws_emit_fn emit)
{
	const struct lk_show_view *v = snap->show;
	static const char *const names[] = {"none", "live", "ended"};

	if (!v)
		return;
	bool new_show = v->show_id && (!seen->show_id || strcmp(seen->show_id, v->show_id) != 0);
	if (emit && ((int)v->state != seen->state || new_show)) {
		obs_data_t *d = obs_data_create();
		obs_data_set_string(d, "state", names[v->state]);
		obs_data_set_string(d, "showId", v->show_id ? v->show_id : "");
		obs_data_set_int(d, "startMs", v->start_ms);
		obs_data_set_int(d, "endMs", v->end_ms);
		obs_data_set_string(d, "reportJson", v->report_json ? v->report_json : "");
		obs_data_set_string(d, "reportCsv", v->report_csv ? v->report_csv : "");
		emit("ShowStateChanged", d, snap);
		obs_data_release(d);
	}
	seen->state = (int)v->state;
	bfree(seen->show_id);
	seen->show_id = bstrdup(v->show_id);
	for (size_t i = v->num_ticker; i-- > 0;) { /* oldest first */
		const struct lk_show_ticker_entry *e = &v->ticker[i];
		if (e->seq <= seen->orders_seq)
			continue;
		if (emit) {
			obs_data_t *d = obs_data_create();
			obs_data_set_string(d, "orderId", e->order_id);
			obs_data_set_string(d, "buyer", e->buyer_shown);
			obs_data_set_bool(d, "anonymous", e->buyer_anonymous);
			obs_data_set_string(d, "productId", e->product_id);
			obs_data_set_string(d, "title", e->product_title ? e->product_title : "");
			obs_data_set_int(d, "quantity", e->quantity);
			obs_data_set_int(d, "total", e->total);
			obs_data_set_string(d, "currency", e->currency);
			obs_data_set_int(d, "time", e->time_ms);
			obs_data_set_int(d, "ordersSeq", (long long)e->seq);
			emit("OrderPlaced", d, snap);
			obs_data_release(d);
		}
	}
	seen->orders_seq = v->orders_seq;
	for (size_t i = 0; i < v->num_goals; i++) {
		const struct lk_goal *g = &v->goals[i];
		if (goal_seen(seen, g->id, g->reached_count) < g->reached_count && emit) {
			obs_data_t *d = obs_data_create();
			set_json(d, lk_goal_to_json(g));
			emit("GoalReached", d, snap);
			obs_data_release(d);
		}
	}
}

void lk_ws_show_seed(struct lk_ws_show_seen *seen, const struct lk_snapshot *snap)
{
	remember(seen, snap, NULL);
}

void lk_ws_show_emit(struct lk_ws_show_seen *seen, const struct lk_snapshot *snap, lk_ws_emit_fn emit)
{
	remember(seen, snap, emit);
}
