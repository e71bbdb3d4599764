/*
 * Linkon — procs for the show (scripts, the ticker's test button and the
 * render tests): linkon_show_start, linkon_show_end, linkon_test_order.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A test order goes through the store like a connector's order (counted
 * once per id, only while a show is live), so what it moves on screen is
 * exactly what a real order moves. Any thread but the graphics thread.
 */
#include "lk-sales-procs.h"
#include "lk-controller.h"
#include "lk-store.h"

#include <jansson.h>
#include <obs-module.h>
#include <stdio.h>
#include <util/threading.h>

static volatile long test_orders;
static struct lk_store *procs_store; /* set at registration, the module's until its unload */

static void proc_show_start(void *data, calldata_t *cd)
{
	const char *error = NULL;
	UNUSED_PARAMETER(data);
	bool ok = lk_controller_show_start(&error);
	calldata_set_bool(cd, "ok", ok);
	calldata_set_string(cd, "error", error ? error : "");
}

static void proc_show_end(void *data, calldata_t *cd)
{
	const char *error = NULL;
	char *json = NULL, *csv = NULL;
	UNUSED_PARAMETER(data);
	bool ok = lk_controller_show_end(&json, &csv, &error);
	calldata_set_bool(cd, "ok", ok);
	calldata_set_string(cd, "error", error ? error : "");
	calldata_set_string(cd, "report_json", json ? json : "");
	calldata_set_string(cd, "report_csv", csv ? csv : "");
	bfree(json);
	bfree(csv);
}

bool lk_sales_test_order(struct lk_store *store, const char *product_id, int64_t quantity, const char *buyer,
			 const char *order_id, char *err, size_t err_size)
{
	if (!store) {
		snprintf(err, err_size, "Linkon is not running");
		return false;
	}
	struct lk_snapshot *snap = lk_store_get(store);
	const struct lk_product *p = product_id && *product_id ? lk_snapshot_find(snap, product_id) : snap->pinned;
	if (!p && snap->num_products)
		p = snap->products[0];
	if (!p) {
		lk_snapshot_release(snap);
		snprintf(err, err_size, "no product to order");
		return false;
	}
	char id[96];
	if (order_id && *order_id)
		snprintf(id, sizeof(id), "%s", order_id);
	else
		snprintf(id, sizeof(id), "test-%ld-%lld", os_atomic_inc_long(&test_orders), (long long)lk_now_ms());
	struct lk_order *o = lk_order_new(id);
	lk_order_add_item(o, p->id, quantity > 0 ? quantity : 1, p->price);
	lk_order_set_currency(o, p->currency);
	lk_order_set_str(&o->buyer, buyer && *buyer ? buyer : NULL);
	lk_order_set_str(&o->source, "test");
	lk_snapshot_release(snap);

	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_order(&evs, o);
	lk_store_apply(store, &evs);
	lk_events_free(&evs);
	return true;
}

/* json: {"product_id": "...", "quantity": 2, "buyer": "Maria", "id": "..."};
 * every field optional (the pinned product, 1, anonymous, a new id). */
static void proc_test_order(void *data, calldata_t *cd)
{
	const char *text = calldata_string(cd, "json");
	char err[128] = "";
	json_error_t jerr;
	json_t *obj = json_loads(text && *text ? text : "{}", 0, &jerr);
	UNUSED_PARAMETER(data);
	bool ok = false;
	if (!json_is_object(obj)) {
		snprintf(err, sizeof(err), "JSON: %.100s", obj ? "not an object" : jerr.text);
	} else {
		json_t *q = json_object_get(obj, "quantity");
		ok = lk_sales_test_order(procs_store, json_string_value(json_object_get(obj, "product_id")),
					 json_is_integer(q) ? (int64_t)json_integer_value(q) : 1,
					 json_string_value(json_object_get(obj, "buyer")),
					 json_string_value(json_object_get(obj, "id")), err, sizeof(err));
	}
	json_decref(obj);
	calldata_set_bool(cd, "ok", ok);
	calldata_set_string(cd, "error", ok ? "" : err);
}

void lk_sales_procs_register(struct lk_store *store)
{
	procs_store = store;
	proc_handler_t *ph = obs_get_proc_handler();
	proc_handler_add(ph, "void linkon_show_start(out bool ok, out string error)", proc_show_start, NULL);
	proc_handler_add(ph,
			 "void linkon_show_end(out bool ok, out string error, out string report_json, "
			 "out string report_csv)",
			 proc_show_end, NULL);
	proc_handler_add(ph, "void linkon_test_order(in string json, out bool ok, out string error)", proc_test_order,
			 NULL);
}
