/*
 * Linkon — the controller's state view: JSON for the procs and the tests,
 * and the procs themselves.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Nothing here takes the controller's command mutex, so store listeners may
 * call it.
 */
#include "lk-controller.h"
#include "lk-controller-priv.h"
#include "lk-alerts.h"
#include "lk-module.h"
#include "lk-store.h"

#include <obs-module.h>
#include <stdatomic.h>

/* set by the controller's start/shutdown (UI thread), read anywhere */
static _Atomic(const struct lk_module *) pub_module;

void lk_controller_set_pub_module(const struct lk_module *module)
{
	atomic_store(&pub_module, module);
}

struct lk_store *lk_controller_pub_store(void)
{
	const struct lk_module *m = atomic_load(&pub_module);
	return m ? m->store : NULL;
}

size_t lk_controller_alert_queue_length(void)
{
	const struct lk_module *m = lk_controller_module();
	struct lk_alerts *q = m ? m->alerts : NULL;
	return q ? lk_alerts_queue_length(q) : 0;
}

bool lk_controller_alert_showing(void)
{
	const struct lk_module *m = lk_controller_module();
	struct lk_alert_view view;
	if (!m || !m->alerts || !lk_alerts_current(m->alerts, &view))
		return false;
	lk_alert_view_release(&view);
	return true;
}

bool lk_controller_alerts_paused(void)
{
	const struct lk_module *m = lk_controller_module();
	return m && m->alerts && lk_alerts_paused(m->alerts);
}

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
	return json_pack("{s:s, s:s?, s:s?, s:I, s:I, s:s, s:I, s:I, s:s?}", "id", p->id, "sku", p->sku, "title",
			 p->title, "price", (json_int_t)p->price, "originalPrice", (json_int_t)p->original_price,
			 "currency", p->currency, "stock", (json_int_t)p->stock, "sold", (json_int_t)p->sold, "buyUrl",
			 p->buy_url);
}

static json_t *sale_json(const struct lk_snapshot *snap, int64_t local_now_ms)
{
	const struct lk_sale *s = snap->current_sale;
	if (!s)
		return json_null();
	int64_t now = lk_snapshot_platform_now(snap, local_now_ms);
	bool limited = s->stock_limit != LK_SALE_NO_LIMIT;
	return json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:I, s:I, s:I, s:I}", "id", s->id, "productId", s->product_id,
			 "state", lk_sale_state_name(lk_sale_state_at(s, now, NULL)), "salePrice",
			 (json_int_t)s->sale_price, "stockLimit", limited ? json_integer(s->stock_limit) : json_null(),
			 "stockLeft", limited ? json_integer(s->stock_left) : json_null(), "prerollMs",
			 (json_int_t)s->preroll_ms, "startMs", (json_int_t)s->start_ms, "endMs", (json_int_t)s->end_ms,
			 "remainingMs", (json_int_t)lk_sale_remaining_ms(s, now));
}

json_t *lk_controller_snapshot_json(const struct lk_snapshot *snap, int64_t local_now_ms)
{
	json_t *cart = json_array();
	json_t *products = json_array();
	for (size_t i = 0; i < snap->num_cart; i++)
		json_array_append_new(cart, json_string(snap->cart[i]->id));
	for (size_t i = 0; i < snap->num_products; i++)
		json_array_append_new(products, product_json(snap->products[i]));

	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:I, s:s, s:s?}", "version", (json_int_t)snap->version, "pinned",
			 snap->pinned ? json_string(snap->pinned->id) : json_null(), "cart", cart, "products", products,
			 "sale", sale_json(snap, local_now_ms), "alertQueueLength",
			 (json_int_t)lk_controller_alert_queue_length(), "connection",
			 lk_controller_conn_state_name(snap->status.state), "message", snap->status.message);
}

json_t *lk_controller_state_json(void)
{
	struct lk_store *store = lk_controller_pub_store();
	if (!store)
		return json_pack("{s:I, s:s}", "version", (json_int_t)0, "connection", "idle");

	struct lk_snapshot *snap = lk_store_get(store);
	json_t *st = lk_controller_snapshot_json(snap, lk_now_ms());
	lk_snapshot_release(snap);
	return st;
}

static void proc_pin(void *data, calldata_t *cd)
{
	const char *error = NULL;
	const char *id = calldata_string(cd, "product_id");
	UNUSED_PARAMETER(data);
	bool ok = lk_controller_pin(id, &error);
	calldata_set_bool(cd, "ok", ok);
	calldata_set_string(cd, "error", error ? error : "");
}

static void proc_get_state(void *data, calldata_t *cd)
{
	UNUSED_PARAMETER(data);
	json_t *st = lk_controller_state_json();
	char *text = json_dumps(st, JSON_COMPACT);
	calldata_set_string(cd, "json", text ? text : "{}");
	free(text);
	json_decref(st);
}

/* A flash sale on product_id (for scripts and tests): duration_ms 0 = the
 * default sale's (lk_controller_default_sale); preroll_ms 0 = none, stock
 * 0 = no limit, sale_price 0 = the product's price. */
static void proc_start_sale(void *data, calldata_t *cd)
{
	struct lk_sale_params params;
	const char *error = NULL;
	long long duration = calldata_int(cd, "duration_ms"), preroll = calldata_int(cd, "preroll_ms");
	long long stock = calldata_int(cd, "stock"), price = calldata_int(cd, "sale_price");
	UNUSED_PARAMETER(data);

	lk_controller_default_sale(calldata_string(cd, "product_id"), &params);
	if (duration > 0)
		params.duration_ms = duration;
	params.preroll_ms = preroll > 0 ? preroll : 0;
	params.has_stock = stock > 0;
	params.stock = stock > 0 ? stock : 0;
	if (price > 0) {
		params.has_price = true;
		params.sale_price = price;
	}
	bool ok = lk_controller_start_sale(&params, &error);
	calldata_set_bool(cd, "ok", ok);
	calldata_set_string(cd, "error", error ? error : "");
}

static void proc_stop_sale(void *data, calldata_t *cd)
{
	const char *error = NULL;
	UNUSED_PARAMETER(data);
	bool ok = lk_controller_stop_sale(&error);
	calldata_set_bool(cd, "ok", ok);
	calldata_set_string(cd, "error", error ? error : "");
}

void lk_controller_register_procs(void)
{
	proc_handler_t *ph = obs_get_proc_handler();
	proc_handler_add(ph, "void linkon_pin(in string product_id, out bool ok, out string error)", proc_pin, NULL);
	proc_handler_add(ph, "void linkon_get_state(out string json)", proc_get_state, NULL);
	proc_handler_add(
		ph,
		"void linkon_start_sale(in string product_id, in int duration_ms, in int preroll_ms, in int stock, "
		"in int sale_price, out bool ok, out string error)",
		proc_start_sale, NULL);
	proc_handler_add(ph, "void linkon_stop_sale(out bool ok, out string error)", proc_stop_sale, NULL);
}
