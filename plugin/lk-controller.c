/*
 * Linkon — the controller.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-controller.h"
#include "lk-config.h"
#include "lk-connector.h"
#include "lk-store.h"

#include <obs-module.h>
#include <util/threading.h>

/* Active connector: written by start/stop (UI thread), read by actions
 * (UI and other non-graphics threads) — all under ctl_mutex. */
static pthread_mutex_t ctl_mutex = PTHREAD_MUTEX_INITIALIZER;
static const struct lk_connector_info *ctl_info;
static void *ctl_data;
static struct lk_store *ctl_store;

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

bool lk_controller_start(struct lk_store *store, struct lk_net *net, json_t *config, const char *data_dir)
{
	const char *id = lk_config_connector(config);
	const struct lk_connector_info *info = lk_connector_find(id);

	lk_controller_stop();
	pthread_mutex_lock(&ctl_mutex);
	ctl_store = store;
	pthread_mutex_unlock(&ctl_mutex);

	if (!info) {
		blog(LOG_WARNING, "[linkon] unknown connector '%s' in config", id);
		set_status(store, LK_CONN_PROTOCOL_ERROR, id, "Unknown connector in the Linkon config file");
		return false;
	}

	set_status(store, LK_CONN_CONNECTING, info->id, NULL);
	void *data = info->create(store, net, lk_config_connector_settings(config, info->id), data_dir);
	if (!data)
		return false;

	pthread_mutex_lock(&ctl_mutex);
	ctl_info = info;
	ctl_data = data;
	pthread_mutex_unlock(&ctl_mutex);
	blog(LOG_INFO, "[linkon] connector '%s' started", info->id);
	return true;
}

void lk_controller_stop(void)
{
	pthread_mutex_lock(&ctl_mutex);
	const struct lk_connector_info *info = ctl_info;
	void *data = ctl_data;
	ctl_info = NULL;
	ctl_data = NULL;
	ctl_store = NULL;
	pthread_mutex_unlock(&ctl_mutex);

	if (info && data)
		info->destroy(data);
}

static bool pin_locally(const char *id, const char **error)
{
	struct lk_snapshot *snap = lk_store_get(ctl_store);
	bool known = !id || lk_snapshot_find(snap, id);
	lk_snapshot_release(snap);
	if (!known) {
		*error = "unknown product";
		return false;
	}
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_pin(&evs, id);
	lk_store_apply(ctl_store, &evs);
	lk_events_free(&evs);
	return true;
}

bool lk_controller_pin(const char *id, const char **error)
{
	const char *dummy;
	bool ok;

	if (!error)
		error = &dummy;
	*error = NULL;
	if (id && !*id)
		id = NULL;

	pthread_mutex_lock(&ctl_mutex);
	if (!ctl_store) {
		*error = "Linkon is not running";
		ok = false;
	} else if (ctl_info && ctl_info->pin) {
		ok = ctl_info->pin(ctl_data, id, error);
	} else {
		ok = pin_locally(id, error);
	}
	pthread_mutex_unlock(&ctl_mutex);
	return ok;
}

static const char *state_name(enum lk_conn_state s)
{
	switch (s) {
	case LK_CONN_CONNECTING:
		return "connecting";
	case LK_CONN_CONNECTED:
		return "connected";
	case LK_CONN_SYNCING:
		return "syncing";
	case LK_CONN_OFFLINE:
		return "offline";
	case LK_CONN_AUTH_FAILED:
		return "auth_failed";
	case LK_CONN_PROTOCOL_ERROR:
		return "protocol_error";
	default:
		return "idle";
	}
}

static json_t *product_json(const struct lk_product *p)
{
	return json_pack("{s:s, s:s?, s:s?, s:I, s:I, s:s, s:I, s:I}", "id", p->id, "sku", p->sku, "title",
			 p->title, "price", (json_int_t)p->price, "originalPrice", (json_int_t)p->original_price,
			 "currency", p->currency, "stock", (json_int_t)p->stock, "sold", (json_int_t)p->sold);
}

json_t *lk_controller_state_json(void)
{
	pthread_mutex_lock(&ctl_mutex);
	struct lk_store *store = ctl_store;
	pthread_mutex_unlock(&ctl_mutex);
	if (!store)
		return json_pack("{s:I, s:s}", "version", (json_int_t)0, "connection", "idle");

	struct lk_snapshot *snap = lk_store_get(store);
	json_t *cart = json_array();
	json_t *products = json_array();
	for (size_t i = 0; i < snap->num_cart; i++)
		json_array_append_new(cart, json_string(snap->cart[i]->id));
	for (size_t i = 0; i < snap->num_products; i++)
		json_array_append_new(products, product_json(snap->products[i]));

	json_t *st = json_pack("{s:I, s:o, s:o, s:o, s:s, s:s?}", "version", (json_int_t)snap->version, "pinned",
			       snap->pinned ? json_string(snap->pinned->id) : json_null(), "cart", cart, "products",
			       products, "connection", state_name(snap->status.state), "message",
			       snap->status.message);
	lk_snapshot_release(snap);
	return st;
}

static void proc_pin(void *data, calldata_t *cd)
{
	const char *error = NULL;
	const char *id = calldata_string(cd, "product_id");
	bool ok = lk_controller_pin(id, &error);
	calldata_set_bool(cd, "ok", ok);
	calldata_set_string(cd, "error", error ? error : "");
}

static void proc_get_state(void *data, calldata_t *cd)
{
	json_t *st = lk_controller_state_json();
	char *text = json_dumps(st, JSON_COMPACT);
	calldata_set_string(cd, "json", text ? text : "{}");
	free(text);
	json_decref(st);
}

void lk_controller_register_procs(void)
{
	proc_handler_t *ph = obs_get_proc_handler();
	proc_handler_add(ph, "void linkon_pin(in string product_id, out bool ok, out string error)", proc_pin, NULL);
	proc_handler_add(ph, "void linkon_get_state(out string json)", proc_get_state, NULL);
}
