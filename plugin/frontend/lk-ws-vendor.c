/*
 * Linkon — the obs-websocket vendor "linkon".
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every request answers {"ok": true, …} or {"ok": false, "message": "…"};
 * a bad request never changes anything. obs-websocket turns obs_data into
 * JSON, and obs_data arrays hold only objects, so lists are lists of
 * objects ({"slot": 1, "productId": "…"}), and "nothing" is "" (obs_data
 * has no null).
 *
 * Ownership: lk_ws_vendor_register makes a struct lk_ws_vendor for the
 * module it is given (lk-module.h) and lk_ws_vendor_unregister frees it;
 * each request type's priv is one of its bindings. The listener
 * (serialised by the store) owns the "last emitted" fields and emits with
 * no lock of ours held; unregister removes the listener and the request
 * types first, so nothing is emitted or answered afterwards.
 */
#include "lk-ws-vendor.h"
#include "lk-controller.h"
#include "lk-gift-hub.h"
#include "lk-module.h"
#include "lk-money.h"
#include "lk-product-drop.h"
#include "lk-claims.h"
#include "lk-store.h"
#include "lk-ws-gifts.h"
#include "lk-ws-request.h"
#include "lk-ws-rooms.h"
#include "lk-ws-show.h"
#include "obs-websocket-api.h"

#include <obs-module.h>
#include <string.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#ifdef LINKON_HAVE_FRONTEND
#include <obs-frontend-api.h>
#endif

#define VENDOR_NAME "linkon"

typedef bool (*ws_handler)(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error);

struct ws_request {
	const char *type;
	ws_handler fn;
};

/* made once by register (UI thread) before the listener is added; kept:
 * obs-websocket cannot forget a vendor (it is obs-websocket's object) */
static obs_websocket_vendor ws_vendor;

struct lk_ws_vendor;

/* A request type's priv: which request, for which registration. */
struct ws_binding {
	const struct ws_request *request;
	struct lk_ws_vendor *owner;
};

#define NUM_REQUESTS 24 /* the entries of ws_requests (checked below) */

struct lk_ws_vendor {
	const struct lk_module *module; /* borrowed; set at register */
	struct ws_binding bindings[NUM_REQUESTS];
	bool registered;      /* UI thread: the request types are registered */
	bool listening;       /* UI thread */
	bool frontend_hooked; /* UI thread */

	/* listener only */
	char *last_pinned;
	char *last_summary;
	char *last_sale;
	struct lk_ws_show_seen show_seen;
};

/* ---- helpers ---------------------------------------------------------------- */

static struct lk_snapshot *ws_snapshot(const struct lk_module *m)
{
	return m && m->store ? lk_store_get(m->store) : NULL;
}

static void set_product(obs_data_t *d, const struct lk_product *p, size_t slot, int64_t claims)
{
	struct dstr price = {0};
	obs_data_set_string(d, "id", p->id);
	obs_data_set_string(d, "sku", p->sku ? p->sku : "");
	obs_data_set_string(d, "title", p->title ? p->title : "");
	obs_data_set_int(d, "price", p->price);
	obs_data_set_int(d, "originalPrice", p->original_price);
	obs_data_set_string(d, "currency", p->currency);
	obs_data_set_string(d, "priceText", lk_money_format(&price, p->price, p->currency));
	obs_data_set_int(d, "stock", p->stock);
	obs_data_set_int(d, "sold", p->sold);
	obs_data_set_int(d, "slot", (long long)slot);
	obs_data_set_int(d, "claims", claims);
	dstr_free(&price);
}

/* Live-room claims per product: [{"productId", "count"}] in the order first
 * claimed (GetState). */
static void fill_claims(obs_data_t *d, const struct lk_snapshot *snap)
{
	obs_data_array_t *arr = obs_data_array_create();
	for (size_t i = 0; snap->claims && i < snap->claims->num; i++) {
		obs_data_t *item = obs_data_create();
		obs_data_set_string(item, "productId", snap->claims->items[i].product_id);
		obs_data_set_int(item, "count", snap->claims->items[i].count);
		obs_data_array_push_back(arr, item);
		obs_data_release(item);
	}
	obs_data_set_array(d, "claims", arr);
	obs_data_array_release(arr);
}

static size_t cart_slot(const struct lk_snapshot *snap, const struct lk_product *p)
{
	for (size_t i = 0; i < snap->num_cart; i++) {
		if (snap->cart[i] == p)
			return i + 1;
	}
	return 0;
}

/* The current sale ({"state": "none"} when there is none). with_time: the
 * state at this moment and remainingMs; else the state the store last
 * published (what events report). */
static void fill_sale(obs_data_t *d, const struct lk_snapshot *snap, bool with_time)
{
	const struct lk_sale *s = snap->current_sale;
	if (!s) {
		obs_data_set_string(d, "state", "none");
		return;
	}
	const struct lk_product *p = lk_snapshot_find(snap, s->product_id);
	int64_t now = lk_snapshot_platform_now(snap, lk_now_ms());
	struct dstr price = {0};

	obs_data_set_string(d, "saleId", s->id);
	obs_data_set_string(d, "productId", s->product_id);
	obs_data_set_string(d, "state", lk_sale_state_name(with_time ? lk_sale_state_at(s, now, NULL) : s->state));
	obs_data_set_int(d, "salePrice", s->sale_price);
	if (p) {
		obs_data_set_string(d, "currency", p->currency);
		obs_data_set_string(d, "salePriceText", lk_money_format(&price, s->sale_price, p->currency));
	}
	obs_data_set_int(d, "stockLimit", s->stock_limit);
	obs_data_set_int(d, "stockLeft", s->stock_limit == LK_SALE_NO_LIMIT ? -1 : s->stock_left);
	obs_data_set_int(d, "prerollMs", s->preroll_ms);
	obs_data_set_int(d, "startMs", s->start_ms);
	obs_data_set_int(d, "endMs", s->end_ms);
	if (with_time)
		obs_data_set_int(d, "remainingMs", lk_sale_remaining_ms(s, now));
	dstr_free(&price);
}

/* The fields of GetState and StateChanged. with_time adds what changes
 * every millisecond (remainingMs), which StateChanged leaves out. */
static void fill_state(obs_data_t *d, const struct lk_snapshot *snap, bool with_time)
{
	obs_data_t *conn = obs_data_create();
	obs_data_set_string(conn, "state", lk_controller_conn_state_name(snap->status.state));
	obs_data_set_string(conn, "connector", snap->status.connector ? snap->status.connector : "");
	obs_data_set_string(conn, "message", snap->status.message ? snap->status.message : "");
	if (with_time) { /* when the connector tries again (offline, protocol error, auth failed) */
		int64_t in = snap->status.next_retry_ms ? snap->status.next_retry_ms - lk_now_ms() : 0;
		obs_data_set_int(conn, "retryInMs", in > 0 ? in : 0);
	}
	obs_data_set_obj(d, "connection", conn);
	obs_data_release(conn);

	obs_data_set_string(d, "pinnedProductId", snap->pinned ? snap->pinned->id : "");
	obs_data_set_int(d, "pinnedSlot", (long long)snap->pinned_slot);

	obs_data_array_t *cart = obs_data_array_create();
	for (size_t i = 0; i < snap->num_cart; i++) {
		obs_data_t *item = obs_data_create();
		obs_data_set_int(item, "slot", (long long)i + 1);
		obs_data_set_string(item, "productId", snap->cart[i]->id);
		obs_data_array_push_back(cart, item);
		obs_data_release(item);
	}
	obs_data_set_array(d, "cart", cart);
	obs_data_array_release(cart);

	obs_data_t *sale = obs_data_create();
	fill_sale(sale, snap, with_time);
	obs_data_set_obj(d, "sale", sale);
	obs_data_release(sale);
	obs_data_set_int(d, "alertQueueLength", (long long)lk_controller_alert_queue_length());
	fill_claims(d, snap);
}

/* ---- requests ------------------------------------------------------------------ */

static bool rq_get_state(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	struct lk_snapshot *snap = ws_snapshot(m);
	if (!snap) {
		*error = lk_msg_refuse_code(LK_MSG_NOT_RUNNING, NULL, NULL);
		return false;
	}
	fill_state(res, snap, true);
	obs_data_set_int(res, "version", (long long)snap->version);
	lk_snapshot_release(snap);
	return true;
}

static bool rq_list_products(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	struct lk_snapshot *snap = ws_snapshot(m);
	if (!snap) {
		*error = lk_msg_refuse_code(LK_MSG_NOT_RUNNING, NULL, NULL);
		return false;
	}
	obs_data_array_t *arr = obs_data_array_create();
	for (size_t i = 0; i < snap->num_products; i++) {
		obs_data_t *item = obs_data_create();
		set_product(item, snap->products[i], cart_slot(snap, snap->products[i]),
			    lk_snapshot_claims(snap, snap->products[i]->id));
		obs_data_array_push_back(arr, item);
		obs_data_release(item);
	}
	obs_data_set_array(res, "products", arr);
	obs_data_array_release(arr);
	lk_snapshot_release(snap);
	return true;
}

/* Adds the current sale to a response. */
static void rq_sale_result(const struct lk_module *m, obs_data_t *res)
{
	struct lk_snapshot *snap = ws_snapshot(m);
	if (!snap)
		return;
	obs_data_t *sale = obs_data_create();
	fill_sale(sale, snap, true);
	obs_data_set_obj(res, "sale", sale);
	obs_data_release(sale);
	lk_snapshot_release(snap);
}

static bool rq_pin(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	const char *id = lk_ws_req_string(req, "productId", error, "productId is missing");
	return id && lk_controller_pin(id, error);
}

static bool rq_unpin(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	return lk_controller_unpin(error);
}

static bool rq_next(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	return lk_controller_step(1, error);
}

static bool rq_previous(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	return lk_controller_step(-1, error);
}

static bool rq_cart_add(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	const char *id;
	int64_t slot;
	return lk_ws_req_cart(req, &id, &slot, true, error) && lk_controller_cart_add(id, (size_t)slot, error);
}

static bool rq_cart_remove(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	const char *id = lk_ws_req_string(req, "productId", error, "productId is missing");
	return id && lk_controller_cart_remove(id, error);
}

static bool rq_cart_move(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	const char *id;
	int64_t slot;
	return lk_ws_req_cart(req, &id, &slot, false, error) && lk_controller_cart_move(id, (size_t)slot, error);
}

/* ---- sales on the platform: wait for its word ---------------------------------- */

/* How long StartFlashSale / StopFlashSale wait for the platform to confirm
 * (the bridge: its action answer, then the sale on its stream or state). */
#define WS_SALE_WAIT_MS 5000

/* The current sale's id (copied; "" = none) and whether it is over. */
static void current_sale(const struct lk_module *m, char *id, size_t size, bool *over)
{
	struct lk_snapshot *snap = ws_snapshot(m);
	const struct lk_sale *s = snap ? snap->current_sale : NULL;

	snprintf(id, size, "%s", s ? s->id : "");
	/* the store's own state, which the next command is checked against */
	*over = !s || lk_sale_state_final(s->state);
	if (snap)
		lk_snapshot_release(snap);
}

/* With a connector that runs sales on the platform, a start or stop is
 * only queued when the controller returns: waits (on this request thread,
 * which is never OBS's UI or graphics thread) until the store shows its
 * outcome: for a start, a current sale other than before_id; for a stop,
 * before_id over. false when it did not come in time (the answer then says
 * "pending"). Local sales are in the store at once. */
static bool wait_sale_outcome(const struct lk_module *m, bool start, const char *before_id)
{
	char id[256];
	bool over;
	int64_t end = lk_now_ms() + WS_SALE_WAIT_MS;

	if (!lk_controller_sales_remote())
		return true;
	for (;;) {
		current_sale(m, id, sizeof(id), &over);
		if (start ? strcmp(id, before_id) != 0 && *id : strcmp(id, before_id) != 0 || over)
			return true;
		if (lk_now_ms() >= end)
			return false;
		os_sleep_ms(20);
	}
}

static bool rq_start_sale(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	struct lk_sale_params sp;

	if (!lk_ws_req_sale(req, &sp, error))
		return false;
	char before[256];
	bool over;
	current_sale(m, before, sizeof(before), &over);
	if (!lk_controller_start_sale(&sp, error))
		return false;
	if (!wait_sale_outcome(m, true, before))
		obs_data_set_bool(res, "pending", true);
	rq_sale_result(m, res);
	return true;
}

static bool rq_stop_sale(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	char before[256];
	bool over;
	current_sale(m, before, sizeof(before), &over);
	if (!lk_controller_stop_sale(error))
		return false;
	if (!wait_sale_outcome(m, false, before))
		obs_data_set_bool(res, "pending", true);
	rq_sale_result(m, res);
	return true;
}

static bool rq_trigger_drop(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	const char *scene = lk_ws_req_string(req, "sceneName", error, "sceneName is missing");
	size_t fired = 0;
	if (!scene)
		return false;
	bool ok = lk_product_drop_trigger_scene(scene, &fired, error);
	obs_data_set_int(res, "fired", (long long)fired);
	return ok;
}

static bool rq_reset_drops(const struct lk_module *m, obs_data_t *req, obs_data_t *res, const char **error)
{
	obs_data_set_int(res, "reset", (long long)lk_product_drop_reset_all());
	return true;
}

/* clang-format off */
static const struct ws_request ws_requests[] = {
	{"GetState", rq_get_state},        {"ListProducts", rq_list_products}, {"PinProduct", rq_pin},
	{"UnpinProduct", rq_unpin},        {"NextProduct", rq_next},           {"PreviousProduct", rq_previous},
	{"AddToCart", rq_cart_add},        {"RemoveFromCart", rq_cart_remove}, {"MoveInCart", rq_cart_move},
	{"StartFlashSale", rq_start_sale}, {"StopFlashSale", rq_stop_sale},    {"TriggerDrop", rq_trigger_drop},
	{"ResetDrops", rq_reset_drops},    {"TestGift", lk_ws_rq_test_gift},   {"SkipAlert", lk_ws_rq_skip_alert},
	{"PauseAlerts", lk_ws_rq_pause_alerts},
	{"StartShow", lk_ws_rq_start_show},       {"EndShow", lk_ws_rq_end_show},
	{"GetShowStats", lk_ws_rq_get_show_stats}, {"SetGoal", lk_ws_rq_set_goal},
	{"GetEventSources", lk_ws_rq_get_event_sources},
	{"SetEventSourceEnabled", lk_ws_rq_set_event_source_enabled},
	{"EventSourceSignIn", lk_ws_rq_event_source_sign_in},
	{"EventSourceSignOut", lk_ws_rq_event_source_sign_out},
};
/* clang-format on */

_Static_assert(sizeof(ws_requests) / sizeof(ws_requests[0]) == NUM_REQUESTS,
	       "NUM_REQUESTS (above) must count ws_requests");

/* The stable code of a refusal text: its lk-msg code, else "bad_request"
 * (the request's own fields, checked here, in English only). */
static const char *lk_ws_error_code(const char *error, struct lk_msg *m)
{
	return lk_msg_refusal_of(error, m) ? lk_msg_name(m->code) : "bad_request";
}

static void on_request(obs_data_t *req, obs_data_t *res, void *priv)
{
	const struct ws_binding *b = priv;
	const struct ws_request *r = b->request;
	const char *error = NULL;
	obs_data_t *empty = req ? NULL : obs_data_create();

	bool ok = r->fn(b->owner->module, req ? req : empty, res, &error);
	obs_data_set_bool(res, "ok", ok);
	if (!ok) {
		struct lk_msg m;
		obs_data_set_string(res, "message", error ? error : "refused");
		obs_data_set_string(res, "code", lk_ws_error_code(error, &m));
	}
	obs_data_release(empty);
}

/* ---- events ---------------------------------------------------------------------- */

/* Emits an event; "version" (the snapshot's) lets clients order events,
 * which obs-websocket may deliver out of order. */
static void emit(const char *type, obs_data_t *data, const struct lk_snapshot *snap)
{
	obs_data_set_int(data, "version", (long long)snap->version);
	obs_websocket_vendor_emit_event(ws_vendor, type, data);
}

/* Replaces *last with now and says whether it changed. */
static bool changed(char **last, const char *now)
{
	if (*last && strcmp(*last, now) == 0)
		return false;
	bfree(*last);
	*last = bstrdup(now);
	return true;
}

static void emit_pinned(struct lk_ws_vendor *ws, const struct lk_snapshot *snap)
{
	if (!changed(&ws->last_pinned, snap->pinned ? snap->pinned->id : ""))
		return;
	obs_data_t *d = obs_data_create();
	obs_data_set_string(d, "productId", snap->pinned ? snap->pinned->id : "");
	obs_data_set_string(d, "title", snap->pinned && snap->pinned->title ? snap->pinned->title : "");
	obs_data_set_int(d, "slot", (long long)snap->pinned_slot);
	emit("ProductPinned", d, snap);
	obs_data_release(d);
}

/* What FlashSaleStateChanged reports a change of: the sale and its state. */
static void sale_key(struct dstr *key, const struct lk_snapshot *snap)
{
	const struct lk_sale *s = snap->current_sale;
	dstr_printf(key, "%s|%s", s ? s->id : "", s ? lk_sale_state_name(s->state) : "none");
}

static void emit_sale(struct lk_ws_vendor *ws, const struct lk_snapshot *snap)
{
	struct dstr key = {0};
	sale_key(&key, snap);
	if (changed(&ws->last_sale, key.array)) {
		obs_data_t *d = obs_data_create();
		fill_sale(d, snap, false);
		emit("FlashSaleStateChanged", d, snap);
		obs_data_release(d);
	}
	dstr_free(&key);
}

/* A new gift alert went on screen (the alert queue's hub, net worker). */
static void on_alert_shown(void *data, const struct lk_alert_view *view)
{
	struct lk_ws_vendor *ws = data;
	struct lk_snapshot *snap = ws_snapshot(ws->module);
	if (!snap)
		return;
	obs_data_t *d = obs_data_create();
	lk_ws_gifts_fill_shown(d, view);
	emit("GiftAlertShown", d, snap);
	obs_data_release(d);
	lk_snapshot_release(snap);
}

/* Events report changes: start from what is there now. */
static void seed_last(struct lk_ws_vendor *ws)
{
	struct lk_snapshot *snap = lk_store_get(ws->module->store);
	obs_data_t *d = obs_data_create();
	struct dstr key = {0};

	changed(&ws->last_pinned, snap->pinned ? snap->pinned->id : "");
	sale_key(&key, snap);
	changed(&ws->last_sale, key.array);
	fill_state(d, snap, false);
	changed(&ws->last_summary, obs_data_get_json(d));
	lk_ws_show_seed(&ws->show_seen, snap);
	obs_data_release(d);
	dstr_free(&key);
	lk_snapshot_release(snap);
}

static void on_store_changed(void *data, uint64_t version)
{
	struct lk_ws_vendor *ws = data;
	struct lk_snapshot *snap = lk_store_get(ws->module->store);
	UNUSED_PARAMETER(version);

	emit_pinned(ws, snap);
	emit_sale(ws, snap);
	lk_ws_show_emit(&ws->show_seen, snap, emit);

	obs_data_t *d = obs_data_create();
	fill_state(d, snap, false);
	if (changed(&ws->last_summary, obs_data_get_json(d)))
		emit("StateChanged", d, snap);
	obs_data_release(d);
	lk_snapshot_release(snap);
}

/* ---- registration ------------------------------------------------------------------ */

/* Adds every request type to the vendor; false when obs-websocket refused
 * all of them. UI thread. */
static bool register_requests(struct lk_ws_vendor *ws)
{
	size_t ok = 0;
	for (size_t i = 0; i < NUM_REQUESTS; i++) {
		ws->bindings[i].request = &ws_requests[i];
		ws->bindings[i].owner = ws;
		if (obs_websocket_vendor_register_request(ws_vendor, ws_requests[i].type, on_request, &ws->bindings[i]))
			ok++;
		else
			blog(LOG_WARNING, "[linkon] obs-websocket refused the request type '%s'", ws_requests[i].type);
	}
	ws->registered = ok > 0;
	return ws->registered;
}

/* Takes the request types off the vendor (which obs-websocket keeps): no
 * request reaches Linkon afterwards. UI thread, while obs-websocket is
 * loaded. */
static void unregister_requests(struct lk_ws_vendor *ws)
{
	if (!ws->registered)
		return;
	size_t ok = 0;
	for (size_t i = 0; i < NUM_REQUESTS; i++) {
		if (obs_websocket_vendor_unregister_request(ws_vendor, ws_requests[i].type))
			ok++;
	}
	ws->registered = false;
	blog(LOG_INFO, "[linkon] obs-websocket vendor '%s': %zu of %zu request types unregistered", VENDOR_NAME, ok,
	     (size_t)NUM_REQUESTS);
}

/* Removes the store listener: nothing is emitted afterwards. UI thread. */
static void stop_events(struct lk_ws_vendor *ws)
{
	lk_gift_hub_set_shown_cb(NULL, NULL); /* returns after a running emit */
	if (ws->listening)
		lk_store_remove_listener(ws->module->store, on_store_changed, ws);
	ws->listening = false;
	bfree(ws->last_pinned);
	bfree(ws->last_summary);
	bfree(ws->last_sale);
	ws->last_pinned = NULL;
	ws->last_summary = NULL;
	ws->last_sale = NULL;
}

/* Everything obs-websocket holds of Linkon goes back: events stop, request
 * types are unregistered. */
static void detach(struct lk_ws_vendor *ws)
{
	stop_events(ws);
	unregister_requests(ws);
}

#ifdef LINKON_HAVE_FRONTEND
/* OBS is closing: obs-websocket may unload before Linkon does (libobs
 * unloads modules in the reverse order of loading, and a user-installed
 * Linkon loads first), so this is the last moment it is surely there */
static void on_frontend_event(enum obs_frontend_event event, void *data)
{
	if (event == OBS_FRONTEND_EVENT_EXIT)
		detach(data);
}
#endif

void lk_ws_vendor_unregister(struct lk_ws_vendor *ws)
{
	if (!ws)
		return;
	/* with the frontend, OBS_FRONTEND_EVENT_EXIT has done this already;
	 * without it, obs-websocket (which needs the frontend) is not there */
	detach(ws);
#ifdef LINKON_HAVE_FRONTEND
	if (ws->frontend_hooked)
		obs_frontend_remove_event_callback(on_frontend_event, ws);
	ws->frontend_hooked = false;
#endif
	lk_ws_show_seen_free(&ws->show_seen);
	bfree(ws);
}

struct lk_ws_vendor *lk_ws_vendor_register(const struct lk_module *module)
{
	if (!ws_vendor) {
		/* obs-websocket keeps a vendor for the whole process: made once */
		ws_vendor = obs_websocket_register_vendor(VENDOR_NAME);
		if (!ws_vendor) {
			blog(LOG_INFO, "[linkon] obs-websocket is not available: no '%s' vendor requests", VENDOR_NAME);
			return NULL;
		}
		blog(LOG_INFO, "[linkon] obs-websocket vendor '%s' registered (API version %u)", VENDOR_NAME,
		     obs_websocket_get_api_version());
	}
	struct lk_ws_vendor *ws = bzalloc(sizeof(*ws));
	ws->module = module;
	if (!register_requests(ws)) {
		bfree(ws);
		return NULL;
	}
	seed_last(ws);
	lk_store_add_listener(module->store, on_store_changed, ws);
	ws->listening = true;
	lk_gift_hub_set_shown_cb(on_alert_shown, ws);
#ifdef LINKON_HAVE_FRONTEND
	obs_frontend_add_event_callback(on_frontend_event, ws);
	ws->frontend_hooked = true;
#endif
	return ws;
}
