/*
 * Linkon — the controller: connector lifecycle and commands.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * ctl_mutex serialises the commands and guards the connector's lifetime;
 * it is held while a command applies its events (see the header for what
 * that means for store listeners). lk-controller-state.c reads the store
 * through lk_controller_pub_module() without that lock. The store and the
 * net worker are the module's (lk-module.h): the controller keeps only the
 * module pointer it was given at load.
 */
#include "lk-controller.h"
#include "lk-controller-priv.h"
#include "lk-config.h"
#include "lk-connector.h"
#include "lk-module.h"
#include "lk-net.h"
#include "lk-store.h"

#include <obs-module.h>
#include <stdio.h>
#include <string.h>
#include <util/dstr.h>
#include <util/task.h>
#include <util/threading.h>

#define DEFAULT_SALE_DURATION_MS (5 * 60 * 1000)

/* Active connector, store and default sale: written by start/stop (UI
 * thread), read by commands on any thread — all under ctl_mutex. */
static pthread_mutex_t ctl_mutex = PTHREAD_MUTEX_INITIALIZER;
static const struct lk_connector_info *ctl_info;
static void *ctl_data;
/* set once by lk_controller_init at module load, before any other thread */
static const struct lk_module *ctl_mod;
static bool ctl_running;     /* between start and stop */
static uint64_t ctl_tick_id; /* the store tick when the connector has no sales */
struct default_sale {
	int64_t duration_ms;
	int64_t preroll_ms;
	int64_t stock;            /* 0 = no limit */
	int64_t discount_percent; /* 0 = the product's price */
};
static struct default_sale ctl_default = {DEFAULT_SALE_DURATION_MS, 0, 0, 0};

/* the command thread: created by start, destroyed by shutdown (UI thread);
 * queued to from any thread in between */
static os_task_queue_t *ctl_tasks;

/* the refusal of the last command, per thread */
static _Thread_local struct lk_msg ctl_msg;

/* ---- lifecycle ------------------------------------------------------------ */

static void set_status(struct lk_store *store, enum lk_conn_state state, const char *connector, const char *msg)
{
	struct lk_events evs;
	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_STATUS);
	ev->status.state = state;
	ev->status.connector = bstrdup(connector);
	ev->status.message = bstrdup(msg);
	lk_store_apply(store, &evs);
	lk_events_free(&evs);
}

/* Sale states follow time even when no platform event comes. */
static int64_t store_tick(void *data, int64_t now_ms)
{
	struct lk_store *store = data;
	lk_store_tick(store, now_ms);
	struct lk_snapshot *snap = lk_store_get(store);
	int64_t next = lk_snapshot_next_tick_ms(snap, now_ms);
	lk_snapshot_release(snap);
	int64_t delay = next == INT64_MAX ? LK_CONTROLLER_MAX_TICK_MS : next - now_ms;
	return delay > LK_CONTROLLER_MAX_TICK_MS ? LK_CONTROLLER_MAX_TICK_MS : delay;
}

static int64_t json_int(json_t *obj, const char *key, int64_t def, int64_t min, int64_t max)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;
	int64_t n = json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
	return n < min || n > max ? def : n;
}

static void load_default_sale(json_t *config)
{
	json_t *d = json_object_get(config, "default_sale");
	ctl_default.duration_ms =
		json_int(d, "duration_ms", DEFAULT_SALE_DURATION_MS, LK_SALE_DURATION_MIN_MS, LK_SALE_DURATION_MAX_MS);
	ctl_default.preroll_ms = json_int(d, "preroll_ms", 0, 0, LK_SALE_PREROLL_MAX_MS);
	ctl_default.stock = json_int(d, "stock", 0, 0, INT32_MAX);
	ctl_default.discount_percent = json_int(d, "discount_percent", 0, 0, 99);
}

/* The connector's settings (a new reference, may be NULL) with
 * "config_path": the file they came from, which a connector may watch for
 * changes (the bridge: a corrected token). */
static json_t *connector_settings(json_t *config, const char *id)
{
	json_t *s = lk_config_connector_settings(config, id);
	/* only a loaded module has a config path (unit tests run without) */
	char *path = s && obs_initialized() && obs_current_module() ? lk_config_path() : NULL;

	s = s ? json_copy(s) : NULL;
	if (s && path)
		json_object_set_new(s, "config_path", json_string(path));
	/* where a connector keeps its own files (journals, tokens) */
	if (s && ctl_mod->config_dir && *ctl_mod->config_dir && !json_object_get(s, "config_dir"))
		json_object_set_new(s, "config_dir", json_string(ctl_mod->config_dir));
	bfree(path);
	return s;
}

void lk_controller_init(const struct lk_module *module)
{
	ctl_mod = module;
}

const struct lk_module *lk_controller_module(void)
{
	return ctl_mod;
}

bool lk_controller_start(json_t *config)
{
	const char *id = lk_config_connector(config);
	const struct lk_connector_info *info = lk_connector_find(id);
	struct lk_store *store = ctl_mod->store;
	struct lk_net *net = ctl_mod->net;

	lk_controller_stop();
	if (!ctl_tasks)
		ctl_tasks = os_task_queue_create();
	pthread_mutex_lock(&ctl_mutex);
	ctl_running = true;
	load_default_sale(config);
	lk_controller_set_pub_module(ctl_mod);
	pthread_mutex_unlock(&ctl_mutex);

	void *data = NULL;
	if (!info) {
		blog(LOG_WARNING, "[linkon] unknown connector '%s' in config", id);
		set_status(store, LK_CONN_PROTOCOL_ERROR, id, "Unknown connector in the Linkon config file");
	} else {
		set_status(store, LK_CONN_CONNECTING, info->id, NULL);
		json_t *settings = connector_settings(config, info->id);
		data = info->create(store, net, settings, ctl_mod->data_dir);
		json_decref(settings);
	}

	/* commands then run on the store alone: its sales need a clock */
	bool local_sales = !data || !info->start_sale;
	uint64_t tick = local_sales && net ? lk_net_add_tick(net, store_tick, store) : 0;
	pthread_mutex_lock(&ctl_mutex);
	ctl_info = data ? info : NULL;
	ctl_data = data;
	ctl_tick_id = tick;
	pthread_mutex_unlock(&ctl_mutex);
	if (data)
		blog(LOG_INFO, "[linkon] connector '%s' started", info->id);
	return data != NULL;
}

void lk_controller_stop(void)
{
	pthread_mutex_lock(&ctl_mutex);
	const struct lk_connector_info *info = ctl_info;
	void *data = ctl_data;
	struct lk_net *net = ctl_mod ? ctl_mod->net : NULL;
	uint64_t tick = ctl_tick_id;
	ctl_info = NULL;
	ctl_data = NULL;
	ctl_running = false;
	ctl_tick_id = 0;
	pthread_mutex_unlock(&ctl_mutex);

	if (tick)
		lk_net_remove_tick(net, tick);
	if (info && data)
		info->destroy(data);
}

void lk_controller_shutdown(void)
{
	lk_controller_stop();
	if (ctl_tasks) {
		os_task_queue_destroy(ctl_tasks);
		ctl_tasks = NULL;
	}
	lk_controller_set_pub_module(NULL);
}

/* ---- commands (ctl_mutex held) -------------------------------------------- */

/* Keeps m as this thread's refusal; returns its English text. */
static const char *refuse(const struct lk_msg *m)
{
	const char *text = lk_msg_refuse(m);
	lk_msg_refusal_of(text, &ctl_msg);
	return text;
}

static const char *refuse_code(enum lk_msg_code code)
{
	struct lk_msg m;
	lk_msg_set(&m, code, NULL, NULL, NULL);
	return refuse(&m);
}

const struct lk_msg *lk_controller_last_refusal(void)
{
	return &ctl_msg;
}

/* Carries out a checked command; res borrows from snap. */
static bool perform_locked(const struct lk_command_result *res, const struct lk_snapshot *snap, const char **error)
{
	const char *why = NULL;
	bool by_connector = false, ok = true;

	switch (res->type) {
	case LK_CMD_PIN:
	case LK_CMD_UNPIN:
	case LK_CMD_PIN_NEXT:
	case LK_CMD_PIN_PREV:
		if ((by_connector = ctl_info && ctl_info->pin))
			ok = ctl_info->pin(ctl_data, res->product_id, &why);
		break;
	case LK_CMD_SALE_START:
		if ((by_connector = ctl_info && ctl_info->start_sale))
			ok = ctl_info->start_sale(ctl_data, &res->sale, &why);
		break;
	case LK_CMD_SALE_STOP:
		if ((by_connector = ctl_info && ctl_info->stop_sale))
			ok = ctl_info->stop_sale(ctl_data, res->sale_id, &why);
		break;
	default:
		break;
	}
	if (by_connector) {
		if (!ok) {
			struct lk_msg m;
			if (!lk_msg_refusal_of(why, &m))
				lk_msg_set(&m, why && *why ? LK_MSG_PLATFORM : LK_MSG_REFUSED, why, NULL, NULL);
			*error = refuse(&m);
		}
		return ok;
	}

	struct lk_events evs;
	int64_t now = lk_now_ms();
	lk_events_init(&evs);
	lk_command_events(res, lk_snapshot_platform_now(snap, now), &evs);
	lk_store_apply_at(ctl_mod->store, &evs, now);
	lk_events_free(&evs);
	return true;
}

static bool run_locked(const struct lk_command *cmd, const char **error)
{
	struct lk_snapshot *snap = lk_store_get(ctl_mod->store);
	struct lk_command_result res;
	struct lk_msg err = {0};

	bool ok = lk_command_check_msg(snap, cmd, &res, &err);
	if (ok)
		ok = perform_locked(&res, snap, error);
	else
		*error = refuse(&err);
	lk_command_result_free(&res);
	lk_snapshot_release(snap);
	return ok;
}

static bool drop_locked(const struct lk_drop *drop, const char **error)
{
	struct lk_command pin = {.type = LK_CMD_PIN, .product_id = drop->product_id};

	if (!drop->product_id || !*drop->product_id) {
		*error = refuse_code(LK_MSG_NO_PRODUCT);
		return false;
	}
	if (!run_locked(&pin, error))
		return false;
	if (!drop->sale)
		return true;

	struct lk_command sale = {.type = LK_CMD_SALE_START, .sale = drop->params};
	sale.sale.product_id = drop->product_id;
	if (run_locked(&sale, error))
		return true;
	struct lk_msg m = ctl_msg;
	m.wrap = LK_MSG_PINNED_BUT;
	*error = refuse(&m);
	return false;
}

/* ---- commands (public) ---------------------------------------------------- */

/* cmd or drop (exactly one) under ctl_mutex */
static bool run(const struct lk_command *cmd, const struct lk_drop *drop, const char **error)
{
	const char *dummy;
	bool ok;

	if (!error)
		error = &dummy;
	*error = NULL;
	pthread_mutex_lock(&ctl_mutex);
	if (!ctl_running) {
		*error = refuse_code(LK_MSG_NOT_RUNNING);
		ok = false;
	} else {
		ok = cmd ? run_locked(cmd, error) : drop_locked(drop, error);
	}
	pthread_mutex_unlock(&ctl_mutex);
	return ok;
}

bool lk_controller_run(const struct lk_command *cmd, const char **error)
{
	return run(cmd, NULL, error);
}

bool lk_controller_pin(const char *id, const char **error)
{
	struct lk_command c = {.type = id && *id ? LK_CMD_PIN : LK_CMD_UNPIN, .product_id = id};
	return run(&c, NULL, error);
}

bool lk_controller_unpin(const char **error)
{
	struct lk_command c = {.type = LK_CMD_UNPIN};
	return run(&c, NULL, error);
}

bool lk_controller_step(int delta, const char **error)
{
	struct lk_command c = {.type = delta < 0 ? LK_CMD_PIN_PREV : LK_CMD_PIN_NEXT};
	return run(&c, NULL, error);
}

bool lk_controller_cart_add(const char *id, size_t slot, const char **error)
{
	struct lk_command c = {.type = LK_CMD_CART_ADD, .product_id = id, .slot = slot};
	return run(&c, NULL, error);
}

bool lk_controller_cart_remove(const char *id, const char **error)
{
	struct lk_command c = {.type = LK_CMD_CART_REMOVE, .product_id = id};
	return run(&c, NULL, error);
}

bool lk_controller_cart_move(const char *id, size_t slot, const char **error)
{
	struct lk_command c = {.type = LK_CMD_CART_MOVE, .product_id = id, .slot = slot};
	return run(&c, NULL, error);
}

bool lk_controller_start_sale(const struct lk_sale_params *params, const char **error)
{
	struct lk_command c = {.type = LK_CMD_SALE_START, .sale = *params};
	return run(&c, NULL, error);
}

bool lk_controller_stop_sale(const char **error)
{
	struct lk_command c = {.type = LK_CMD_SALE_STOP};
	return run(&c, NULL, error);
}

bool lk_controller_sales_remote(void)
{
	pthread_mutex_lock(&ctl_mutex);
	bool remote = ctl_info && ctl_info->start_sale;
	pthread_mutex_unlock(&ctl_mutex);
	return remote;
}

bool lk_controller_drop(const struct lk_drop *drop, const char **error)
{
	return run(NULL, drop, error);
}

void lk_controller_default_sale(const char *product_id, struct lk_sale_params *params)
{
	pthread_mutex_lock(&ctl_mutex);
	struct default_sale d = ctl_default;
	struct lk_snapshot *snap = ctl_running ? lk_store_get(ctl_mod->store) : NULL;
	pthread_mutex_unlock(&ctl_mutex);

	const struct lk_product *p = snap && product_id ? lk_snapshot_find(snap, product_id) : NULL;
	memset(params, 0, sizeof(*params));
	params->product_id = product_id;
	params->duration_ms = d.duration_ms;
	params->preroll_ms = d.preroll_ms;
	params->has_stock = d.stock > 0;
	params->stock = d.stock;
	if (p && d.discount_percent > 0 && p->price > 0) {
		params->has_price = true;
		params->sale_price = p->price - p->price * d.discount_percent / 100;
	}
	if (snap)
		lk_snapshot_release(snap);
}

/* ---- the command thread ---------------------------------------------------- */

struct drop_task {
	struct lk_drop drop;
	char *origin;
};

static void drop_task_free(struct drop_task *t)
{
	bfree(t->drop.product_id);
	bfree(t->origin);
	bfree(t);
}

static void drop_task_run(void *param)
{
	struct drop_task *t = param;
	const char *error = NULL;

	if (lk_controller_drop(&t->drop, &error))
		blog(LOG_INFO, "[linkon] drop from %s: product '%s'%s", t->origin, t->drop.product_id,
		     t->drop.sale ? " with a flash sale" : "");
	else
		blog(LOG_WARNING, "[linkon] drop from %s: %s", t->origin, error);
	drop_task_free(t);
}

bool lk_controller_run_async(void (*fn)(void *param), void *param)
{
	return ctl_tasks && os_task_queue_queue_task(ctl_tasks, fn, param);
}

bool lk_controller_drop_async(const struct lk_drop *drop, const char *origin)
{
	struct drop_task *t = bzalloc(sizeof(*t));
	t->drop = *drop;
	t->drop.product_id = bstrdup(drop->product_id);
	t->drop.params.product_id = NULL;
	t->origin = bstrdup(origin ? origin : "?");
	if (lk_controller_run_async(drop_task_run, t))
		return true;
	drop_task_free(t);
	return false;
}

void lk_controller_flush(void)
{
	if (ctl_tasks)
		os_task_queue_wait(ctl_tasks);
}

/* ---- the show ------------------------------------------------------------ */

/* The module's store (NULL before init and after shutdown); under ctl_mutex. */
static struct lk_store *show_store(void)
{
	return ctl_mod ? ctl_mod->store : NULL;
}

/* Applies one show event under ctl_mutex; the snapshot after it (new reference) into *after. */
static bool show_apply(struct lk_events *evs, struct lk_snapshot **after, const char **error)
{
	pthread_mutex_lock(&ctl_mutex);
	bool ok = show_store() != NULL;
	if (ok) {
		lk_store_apply(show_store(), evs);
		if (after)
			*after = lk_store_get(show_store());
	} else {
		*error = refuse_code(LK_MSG_NOT_RUNNING);
	}
	pthread_mutex_unlock(&ctl_mutex);
	lk_events_free(evs);
	return ok;
}

static enum lk_show_state show_state(const struct lk_snapshot *snap)
{
	return snap && snap->show ? snap->show->state : LK_SHOW_NONE;
}

bool lk_controller_show_start(const char **error)
{
	const char *dummy;
	struct lk_events evs;
	struct lk_snapshot *snap = NULL;

	error = error ? error : &dummy;
	*error = NULL;
	lk_events_init(&evs);
	lk_events_show(&evs, true, 0);
	pthread_mutex_lock(&ctl_mutex);
	struct lk_snapshot *before = show_store() ? lk_store_get(show_store()) : NULL;
	pthread_mutex_unlock(&ctl_mutex);
	bool live = show_state(before) == LK_SHOW_LIVE;
	lk_snapshot_release(before);
	if (live) {
		lk_events_free(&evs);
		*error = refuse_code(LK_MSG_SHOW_LIVE);
		return false;
	}
	bool ok = show_apply(&evs, &snap, error) && show_state(snap) == LK_SHOW_LIVE;
	lk_snapshot_release(snap);
	return ok;
}

bool lk_controller_show_end(char **report_json, char **report_csv, const char **error)
{
	const char *dummy;
	struct lk_events evs;
	struct lk_snapshot *snap = NULL;

	error = error ? error : &dummy;
	*error = NULL;
	if (report_json)
		*report_json = NULL;
	if (report_csv)
		*report_csv = NULL;
	lk_events_init(&evs);
	lk_events_show(&evs, false, 0);
	pthread_mutex_lock(&ctl_mutex);
	struct lk_snapshot *before = show_store() ? lk_store_get(show_store()) : NULL;
	pthread_mutex_unlock(&ctl_mutex);
	bool live = show_state(before) == LK_SHOW_LIVE;
	lk_snapshot_release(before);
	if (!live) {
		lk_events_free(&evs);
		*error = refuse_code(LK_MSG_SHOW_NOT_LIVE);
		return false;
	}
	bool ok = show_apply(&evs, &snap, error) && show_state(snap) == LK_SHOW_ENDED;
	if (ok && report_json)
		*report_json = bstrdup(snap->show->report_json);
	if (ok && report_csv)
		*report_csv = bstrdup(snap->show->report_csv);
	lk_snapshot_release(snap);
	return ok;
}

bool lk_controller_goal_set(const struct lk_goal *g, const char **error)
{
	const char *dummy;
	struct lk_events evs;

	error = error ? error : &dummy;
	*error = NULL;
	if (!g || !g->id || !g->id[0] || g->target <= 0 || !lk_goal_kind_to_string(g->kind)) {
		*error = refuse_code(LK_MSG_GOAL_INVALID);
		return false;
	}
	lk_events_init(&evs);
	lk_events_goal_set(&evs, lk_goal_copy(g));
	return show_apply(&evs, NULL, error);
}

bool lk_controller_goal_clear(const char *id, const char **error)
{
	const char *dummy;
	struct lk_events evs;

	error = error ? error : &dummy;
	*error = NULL;
	lk_events_init(&evs);
	lk_events_goal_clear(&evs, id && *id ? id : NULL);
	return show_apply(&evs, NULL, error);
}

json_t *lk_controller_show_json(const struct lk_snapshot *snap)
{
	const struct lk_show_view *v = snap ? snap->show : NULL;
	json_t *j = lk_show_view_to_json(v);
	json_object_set_new(j, "reportJson", v && v->report_json ? json_string(v->report_json) : json_null());
	json_object_set_new(j, "reportCsv", v && v->report_csv ? json_string(v->report_csv) : json_null());
	json_object_set_new(j, "journalError", v && v->journal_error ? json_string(v->journal_error) : json_null());
	return j;
}
