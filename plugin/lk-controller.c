/*
 * Linkon — the controller.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * ctl_mutex serialises the commands and guards the connector's lifetime;
 * it is held while a command applies its events (see the header for what
 * that means for store listeners). ctl_pub_store is the same store pointer
 * for the lock-free readers (state JSON).
 */
#include "lk-controller.h"
#include "lk-config.h"
#include "lk-connector.h"
#include "lk-store.h"

#include <obs-module.h>
#include <stdatomic.h>
#include <string.h>
#include <util/task.h>
#include <util/threading.h>

/* Active connector and store: written by start/stop (UI thread), read by
 * commands on any thread — all under ctl_mutex. */
static pthread_mutex_t ctl_mutex = PTHREAD_MUTEX_INITIALIZER;
static const struct lk_connector_info *ctl_info;
static void *ctl_data;
static struct lk_store *ctl_store;
/* the store for readers that must not take ctl_mutex */
static _Atomic(struct lk_store *) ctl_pub_store;
/* the command thread: created by start, destroyed by shutdown (UI thread);
 * queued to from any thread in between */
static os_task_queue_t *ctl_tasks;

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
	if (!ctl_tasks)
		ctl_tasks = os_task_queue_create();
	pthread_mutex_lock(&ctl_mutex);
	ctl_store = store;
	atomic_store(&ctl_pub_store, store);
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

void lk_controller_shutdown(void)
{
	lk_controller_stop();
	if (ctl_tasks) {
		/* what is still queued runs now and is refused (nothing runs) */
		os_task_queue_destroy(ctl_tasks);
		ctl_tasks = NULL;
	}
	atomic_store(&ctl_pub_store, NULL);
}

/* ---- commands (ctl_mutex held) ------------------------------------------- */

static void apply(struct lk_events *evs)
{
	lk_store_apply(ctl_store, evs);
	lk_events_free(evs);
}

static bool pin_locked(const char *id, const char **error)
{
	if (ctl_info && ctl_info->pin)
		return ctl_info->pin(ctl_data, id, error);

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
	apply(&evs);
	return true;
}

static bool step_locked(int delta, const char **error)
{
	struct lk_snapshot *snap = lk_store_get(ctl_store);
	size_t n = snap->num_cart;
	char *id = NULL;

	if (n && delta) {
		long long i;
		if (!snap->pinned_slot)
			i = delta > 0 ? 0 : (long long)n - 1;
		else
			i = ((long long)snap->pinned_slot - 1 + delta) % (long long)n;
		if (i < 0)
			i += (long long)n;
		id = bstrdup(snap->cart[i]->id);
	}
	lk_snapshot_release(snap);
	if (!id) {
		*error = n ? "nothing to do (step of 0)" : "the cart is empty";
		return false;
	}
	bool ok = pin_locked(id, error);
	bfree(id);
	return ok;
}

/* Index of id in the snapshot's cart, or -1. */
static long cart_index(const struct lk_snapshot *snap, const char *id)
{
	for (size_t i = 0; id && i < snap->num_cart; i++) {
		if (strcmp(snap->cart[i]->id, id) == 0)
			return (long)i;
	}
	return -1;
}

enum cart_op { CART_ADD, CART_REMOVE, CART_MOVE };

static const char *cart_check(const struct lk_snapshot *snap, enum cart_op op, const char *id, size_t slot)
{
	long at = cart_index(snap, id);
	if (!id || !*id)
		return "missing product id";
	if (op == CART_ADD && !lk_snapshot_find(snap, id))
		return "unknown product";
	if (op == CART_ADD && at >= 0)
		return "the product is already in the cart";
	if (op != CART_ADD && at < 0)
		return "the product is not in the cart";
	if (op == CART_ADD && slot > snap->num_cart + 1)
		return "slot is past the end of the cart";
	if (op == CART_MOVE && (slot < 1 || slot > snap->num_cart))
		return "slot is outside the cart";
	return NULL;
}

static bool cart_locked(enum cart_op op, const char *id, size_t slot, const char **error)
{
	struct lk_snapshot *snap = lk_store_get(ctl_store);
	const char *why = cart_check(snap, op, id, slot);
	if (why) {
		lk_snapshot_release(snap);
		*error = why;
		return false;
	}

	DARRAY(const char *) ids;
	da_init(ids);
	for (size_t i = 0; i < snap->num_cart; i++)
		da_push_back(ids, &snap->cart[i]->id);
	if (op != CART_ADD)
		da_erase(ids, (size_t)cart_index(snap, id));
	if (op != CART_REMOVE) {
		size_t at = slot ? slot - 1 : ids.num;
		da_insert(ids, at, &id);
	}

	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_cart(&evs, ids.array, ids.num);
	apply(&evs);
	da_free(ids);
	lk_snapshot_release(snap);
	return true;
}

static bool drop_locked(const struct lk_drop *drop, const char **error)
{
	if (!drop->product_id || !*drop->product_id) {
		*error = "missing product id";
		return false;
	}
	if (!pin_locked(drop->product_id, error))
		return false;
	if (drop->sale) {
		*error = "pinned, but flash sales are not available yet";
		return false;
	}
	return true;
}

/* ---- commands (public) ---------------------------------------------------- */

enum cmd_kind { CMD_PIN, CMD_STEP, CMD_CART, CMD_DROP };

struct cmd {
	enum cmd_kind kind;
	const char *id;
	int delta;
	enum cart_op cart_op;
	size_t slot;
	const struct lk_drop *drop;
};

static bool run_locked(const struct cmd *c, const char **error)
{
	switch (c->kind) {
	case CMD_PIN:
		return pin_locked(c->id, error);
	case CMD_STEP:
		return step_locked(c->delta, error);
	case CMD_CART:
		return cart_locked(c->cart_op, c->id, c->slot, error);
	case CMD_DROP:
		return drop_locked(c->drop, error);
	}
	return false;
}

static bool run(const struct cmd *c, const char **error)
{
	const char *dummy;
	bool ok;

	if (!error)
		error = &dummy;
	*error = NULL;
	pthread_mutex_lock(&ctl_mutex);
	if (!ctl_store) {
		*error = "Linkon is not running";
		ok = false;
	} else {
		ok = run_locked(c, error);
	}
	pthread_mutex_unlock(&ctl_mutex);
	return ok;
}

bool lk_controller_pin(const char *id, const char **error)
{
	struct cmd c = {.kind = CMD_PIN, .id = id && *id ? id : NULL};
	return run(&c, error);
}

bool lk_controller_unpin(const char **error)
{
	return lk_controller_pin(NULL, error);
}

bool lk_controller_step(int delta, const char **error)
{
	struct cmd c = {.kind = CMD_STEP, .delta = delta};
	return run(&c, error);
}

bool lk_controller_cart_add(const char *id, size_t slot, const char **error)
{
	struct cmd c = {.kind = CMD_CART, .cart_op = CART_ADD, .id = id, .slot = slot};
	return run(&c, error);
}

bool lk_controller_cart_remove(const char *id, const char **error)
{
	struct cmd c = {.kind = CMD_CART, .cart_op = CART_REMOVE, .id = id};
	return run(&c, error);
}

bool lk_controller_cart_move(const char *id, size_t slot, const char **error)
{
	struct cmd c = {.kind = CMD_CART, .cart_op = CART_MOVE, .id = id, .slot = slot};
	return run(&c, error);
}

bool lk_controller_drop(const struct lk_drop *drop, const char **error)
{
	struct cmd c = {.kind = CMD_DROP, .drop = drop};
	return run(&c, error);
}

bool lk_controller_start_default_sale(const char **error)
{
	if (error)
		*error = "flash sales are not available yet";
	return false;
}

bool lk_controller_stop_sale(const char **error)
{
	if (error)
		*error = "flash sales are not available yet";
	return false;
}

/* ---- the command thread ---------------------------------------------------- */

struct drop_task {
	struct lk_drop drop;
	char *origin;
};

static void drop_task_run(void *param)
{
	struct drop_task *t = param;
	const char *error = NULL;

	if (lk_controller_drop(&t->drop, &error))
		blog(LOG_INFO, "[linkon] drop from %s: product '%s'%s", t->origin, t->drop.product_id,
		     t->drop.sale ? " with a flash sale" : "");
	else
		blog(LOG_WARNING, "[linkon] drop from %s refused: %s", t->origin, error);
	bfree(t->drop.product_id);
	bfree(t->origin);
	bfree(t);
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
	t->origin = bstrdup(origin ? origin : "?");
	if (lk_controller_run_async(drop_task_run, t))
		return true;
	bfree(t->drop.product_id);
	bfree(t->origin);
	bfree(t);
	return false;
}

void lk_controller_flush(void)
{
	if (ctl_tasks)
		os_task_queue_wait(ctl_tasks);
}

/* ---- state ---------------------------------------------------------------- */

const char *lk_controller_conn_state_name(int s)
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

json_t *lk_controller_snapshot_json(const struct lk_snapshot *snap)
{
	json_t *cart = json_array();
	json_t *products = json_array();
	for (size_t i = 0; i < snap->num_cart; i++)
		json_array_append_new(cart, json_string(snap->cart[i]->id));
	for (size_t i = 0; i < snap->num_products; i++)
		json_array_append_new(products, product_json(snap->products[i]));

	return json_pack("{s:I, s:o, s:o, s:o, s:s, s:s?}", "version", (json_int_t)snap->version, "pinned",
			 snap->pinned ? json_string(snap->pinned->id) : json_null(), "cart", cart, "products",
			 products, "connection", lk_controller_conn_state_name(snap->status.state), "message",
			 snap->status.message);
}

json_t *lk_controller_state_json(void)
{
	struct lk_store *store = atomic_load(&ctl_pub_store);
	if (!store)
		return json_pack("{s:I, s:s}", "version", (json_int_t)0, "connection", "idle");

	struct lk_snapshot *snap = lk_store_get(store);
	json_t *st = lk_controller_snapshot_json(snap);
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
