/*
 * Linkon — the `linkon_product_drop` scene filter (see lk-product-drop.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: create/update/destroy/properties on the UI thread; activate on
 * the graphics thread (libobs runs it from the parent's video tick), so it
 * only copies the drop and queues it on the controller's command thread;
 * trigger/reset on any other thread. Each filter's fields are guarded by
 * its own mutex; the list of all drops by drops_mutex (taken first).
 */
#include "lk-product-drop.h"
#include "lk-controller.h"
#include "lk-money.h"
#include "lk-source-common.h"
#include "lk-store.h"

#include <obs-module.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <util/darray.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#ifdef LINKON_HAVE_FRONTEND
#include <obs-frontend-api.h>
#endif

#define SETTING_PRODUCT LK_DROP_SETTING_PRODUCT
#define SETTING_SALE LK_DROP_SETTING_SALE
#define SETTING_PRICE LK_DROP_SETTING_PRICE
#define SETTING_DURATION LK_DROP_SETTING_DURATION
#define SETTING_STOCK LK_DROP_SETTING_STOCK
#define SETTING_PREROLL LK_DROP_SETTING_PREROLL
#define SETTING_MODE LK_DROP_SETTING_MODE
#define MODE_EVERY LK_DROP_MODE_EVERY
#define MODE_ONCE LK_DROP_MODE_ONCE

#define DEFAULT_DURATION_S 300
#define MAX_DURATION_S (LK_SALE_DURATION_MAX_MS / 1000)
#define MAX_PREROLL_S (LK_SALE_PREROLL_MAX_MS / 1000)
#define MAX_STOCK 100000000
#define MAX_PRICE 1e12

#define T(key) obs_module_text(key)

struct product_drop {
	obs_source_t *filter; /* the filter itself (borrowed) */

	pthread_mutex_t mutex; /* guards everything below */
	char *product_id;      /* "" = none chosen */
	bool sale;
	double sale_price; /* currency units; 0 = keep the product's price */
	int64_t duration_ms;
	int64_t stock;
	int64_t preroll_ms;
	bool once;
	bool fired;  /* once per show: it has fired (runtime only) */
	bool warned; /* "no product chosen" logged */
};

static pthread_mutex_t drops_mutex = PTHREAD_MUTEX_INITIALIZER;
static DARRAY(struct product_drop *) drops; /* drops_mutex */

/* Local monotonic ms from which activations fire; 0 = armed from the
 * start (headless), INT64_MAX = disarmed. */
static _Atomic int64_t armed_from_ms;
#ifdef LINKON_HAVE_FRONTEND
/* the frontend callback is in (UI thread, load/unload) */
static bool frontend_hooked;
#endif

/* ---- the drop ------------------------------------------------------------------ */

/* The product's currency (catalog), "" when unknown. */
static void product_currency(struct lk_store *store, const char *id, char out[4])
{
	struct lk_snapshot *snap = store ? lk_store_get(store) : NULL;
	const struct lk_product *p = snap ? lk_snapshot_find(snap, id) : NULL;
	snprintf(out, 4, "%s", p ? p->currency : "");
	if (snap)
		lk_snapshot_release(snap);
}

/* Copies d's drop into *out (product_id: new string) and marks a
 * once-per-show drop fired. false when it has no product or, unless force,
 * when it already fired this show. */
static bool take_drop(struct product_drop *d, bool force, struct lk_drop *out)
{
	bool ok;
	double price;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&d->mutex);
	ok = *d->product_id && (force || !d->once || !d->fired);
	if (!*d->product_id && !d->warned) {
		blog(LOG_WARNING, "[linkon] product drop '%s' has no product chosen", obs_source_get_name(d->filter));
		d->warned = true;
	}
	if (ok) {
		d->fired = d->fired || d->once;
		out->product_id = bstrdup(d->product_id);
		out->sale = d->sale;
		out->params.duration_ms = d->duration_ms;
		out->params.has_stock = d->stock > 0;
		out->params.stock = d->stock;
		out->params.preroll_ms = d->preroll_ms;
	}
	price = d->sale_price;
	pthread_mutex_unlock(&d->mutex);

	if (ok && out->sale && price != 0.0) {
		char currency[4];
		product_currency(lk_source_store(d->filter), out->product_id, currency);
		out->params.has_price = true;
		out->params.sale_price = lk_money_from_units(price, currency);
	}
	return ok;
}

static bool drops_armed(void)
{
	return lk_now_ms() >= atomic_load(&armed_from_ms);
}

static void fire_async(struct product_drop *d, bool force, const char *why)
{
	struct lk_drop drop;
	struct dstr origin = {0};
	obs_source_t *parent = obs_filter_get_parent(d->filter);

	if (!take_drop(d, force, &drop))
		return;
	dstr_printf(&origin, "%s (scene '%s')", why, parent ? obs_source_get_name(parent) : "?");
	if (!lk_controller_drop_async(&drop, origin.array))
		blog(LOG_WARNING, "[linkon] drop %s: Linkon is not running", origin.array);
	dstr_free(&origin);
	bfree(drop.product_id);
}

/* ---- obs_source_info callbacks ---------------------------------------------------- */

static const char *drop_get_name(void *type_data)
{
	return T("LinkonProductDrop");
}

/* Saved settings are clamped to the ranges the properties offer: a scene
 * collection or a websocket client may hold any number (and multiplying a
 * huge one by 1000, or converting a huge double, is undefined behaviour). */
static int64_t saved_int(obs_data_t *s, const char *key, int64_t lo, int64_t hi)
{
	long long v = obs_data_get_int(s, key);
	return v < lo ? lo : v > hi ? hi : v;
}

/* Currency units in 0 .. MAX_PRICE; 0 (the product's price) for NaN or < 0. */
static double saved_price(obs_data_t *s)
{
	double v = obs_data_get_double(s, SETTING_PRICE);
	return !(v > 0.0) ? 0.0 : v > MAX_PRICE ? MAX_PRICE : v;
}

static void drop_update(void *data, obs_data_t *s)
{
	struct product_drop *d = data;
	pthread_mutex_lock(&d->mutex);
	bfree(d->product_id);
	d->product_id = bstrdup(obs_data_get_string(s, SETTING_PRODUCT));
	d->sale = obs_data_get_bool(s, SETTING_SALE);
	d->sale_price = saved_price(s);
	d->duration_ms = saved_int(s, SETTING_DURATION, 1, MAX_DURATION_S) * 1000;
	d->stock = saved_int(s, SETTING_STOCK, 0, MAX_STOCK);
	d->preroll_ms = saved_int(s, SETTING_PREROLL, 0, MAX_PREROLL_S) * 1000;
	d->once = strcmp(obs_data_get_string(s, SETTING_MODE), MODE_ONCE) == 0;
	d->warned = false;
	pthread_mutex_unlock(&d->mutex);
}

static void *drop_create(obs_data_t *settings, obs_source_t *filter)
{
	struct product_drop *d = bzalloc(sizeof(*d));
	d->filter = filter;
	pthread_mutex_init(&d->mutex, NULL);
	drop_update(d, settings);

	pthread_mutex_lock(&drops_mutex);
	da_push_back(drops, &d);
	pthread_mutex_unlock(&drops_mutex);
	return d;
}

static void drop_destroy(void *data)
{
	struct product_drop *d = data;
	pthread_mutex_lock(&drops_mutex);
	da_erase_item(drops, &d);
	if (!drops.num)
		da_free(drops);
	pthread_mutex_unlock(&drops_mutex);

	pthread_mutex_destroy(&d->mutex);
	bfree(d->product_id);
	bfree(d);
}

static void drop_activate(void *data)
{
	struct product_drop *d = data;
	if (!drops_armed() || !obs_source_enabled(d->filter))
		return;
	fire_async(d, false, "program");
}

static void drop_video_render(void *data, gs_effect_t *effect)
{
	struct product_drop *d = data;
	UNUSED_PARAMETER(effect);
	obs_source_skip_video_filter(d->filter);
}

static void drop_defaults(obs_data_t *s)
{
	obs_data_set_default_string(s, SETTING_PRODUCT, "");
	obs_data_set_default_bool(s, SETTING_SALE, false);
	obs_data_set_default_double(s, SETTING_PRICE, 0.0);
	obs_data_set_default_int(s, SETTING_DURATION, DEFAULT_DURATION_S);
	obs_data_set_default_int(s, SETTING_STOCK, 0);
	obs_data_set_default_int(s, SETTING_PREROLL, 0);
	obs_data_set_default_string(s, SETTING_MODE, MODE_EVERY);
}

/* ---- properties ------------------------------------------------------------------- */

static bool sale_modified(obs_properties_t *props, obs_property_t *p, obs_data_t *s)
{
	bool on = obs_data_get_bool(s, SETTING_SALE);
	const char *keys[] = {SETTING_PRICE, SETTING_DURATION, SETTING_STOCK, SETTING_PREROLL};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		obs_property_set_visible(obs_properties_get(props, keys[i]), on);
	return true;
}

static bool reset_clicked(obs_properties_t *props, obs_property_t *p, void *data)
{
	struct product_drop *d = data;
	pthread_mutex_lock(&d->mutex);
	d->fired = false;
	pthread_mutex_unlock(&d->mutex);
	return false;
}

static bool fire_clicked(obs_properties_t *props, obs_property_t *p, void *data)
{
	fire_async(data, true, "the Fire now button");
	return false;
}

/* The product list, plus the chosen id when the catalog does not have it
 * (yet), so opening the properties never loses the choice. */
static void add_product_list(obs_properties_t *props, struct product_drop *d)
{
	obs_property_t *list = obs_properties_add_list(props, SETTING_PRODUCT, T("ProductDrop.Product"),
						       OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	lk_props_list_products(list, T("ProductDrop.Product.None"), lk_source_store(d->filter));

	pthread_mutex_lock(&d->mutex);
	char *id = bstrdup(d->product_id);
	pthread_mutex_unlock(&d->mutex);

	bool found = !*id;
	for (size_t i = 0; !found && i < obs_property_list_item_count(list); i++)
		found = strcmp(obs_property_list_item_string(list, i), id) == 0;
	if (!found) {
		struct dstr name = {0};
		dstr_printf(&name, T("ProductDrop.Product.Missing"), id);
		obs_property_list_add_string(list, name.array, id);
		dstr_free(&name);
	}
	bfree(id);
}

static obs_properties_t *drop_properties(void *data)
{
	obs_properties_t *props = obs_properties_create();
	obs_property_t *p;

	add_product_list(props, data);
	p = obs_properties_add_bool(props, SETTING_SALE, T("ProductDrop.Sale"));
	obs_property_set_modified_callback(p, sale_modified);
	obs_properties_add_float(props, SETTING_PRICE, T("ProductDrop.SalePrice"), 0.0, MAX_PRICE, 0.01);
	p = obs_properties_add_int(props, SETTING_DURATION, T("ProductDrop.Duration"), 1, MAX_DURATION_S, 1);
	obs_property_int_set_suffix(p, " s");
	obs_properties_add_int(props, SETTING_STOCK, T("ProductDrop.Stock"), 0, MAX_STOCK, 1);
	p = obs_properties_add_int(props, SETTING_PREROLL, T("ProductDrop.Preroll"), 0, MAX_PREROLL_S, 1);
	obs_property_int_set_suffix(p, " s");

	p = obs_properties_add_list(props, SETTING_MODE, T("ProductDrop.Mode"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T("ProductDrop.Mode.Every"), MODE_EVERY);
	obs_property_list_add_string(p, T("ProductDrop.Mode.Once"), MODE_ONCE);
	obs_properties_add_button2(props, "reset", T("ProductDrop.Reset"), reset_clicked, data);
	obs_properties_add_button2(props, "fire_now", T("ProductDrop.FireNow"), fire_clicked, data);
	return props;
}

struct obs_source_info lk_product_drop_info = {
	.id = LK_PRODUCT_DROP_ID,
	.type = OBS_SOURCE_TYPE_FILTER,
	.output_flags = OBS_SOURCE_VIDEO,
	.get_name = drop_get_name,
	.create = drop_create,
	.destroy = drop_destroy,
	.update = drop_update,
	.get_defaults = drop_defaults,
	.get_properties = drop_properties,
	.activate = drop_activate,
	.video_render = drop_video_render,
};

/* ---- trigger and reset ------------------------------------------------------------------ */

struct collect {
	DARRAY(struct lk_drop) found;
};

static void collect_drop(obs_source_t *parent, obs_source_t *filter, void *param)
{
	struct collect *c = param;
	struct lk_drop drop;
	if (strcmp(obs_source_get_unversioned_id(filter), LK_PRODUCT_DROP_ID) != 0 || !obs_source_enabled(filter))
		return;
	if (take_drop(obs_obj_get_data(filter), true, &drop))
		da_push_back(c->found, &drop);
}

bool lk_product_drop_trigger_scene(const char *scene_name, size_t *fired, const char **error)
{
	struct collect c = {0};
	obs_source_t *scene = scene_name ? obs_get_source_by_name(scene_name) : NULL;
	struct lk_msg first = {0}; /* the first refusal (a later one reuses the text buffer) */

	*fired = 0;
	if (!scene || !obs_source_is_scene(scene)) {
		obs_source_release(scene);
		*error = lk_msg_refuse_code(LK_MSG_NO_SCENE, NULL, NULL);
		return false;
	}
	/* copy under the filter lock, run the commands after it */
	obs_source_enum_filters(scene, collect_drop, &c);
	obs_source_release(scene);
	for (size_t i = 0; i < c.found.num; i++) {
		const char *why = NULL;
		if (lk_controller_drop(&c.found.array[i], &why))
			(*fired)++;
		else if (first.code == LK_MSG_NONE && !lk_msg_refusal_of(why, &first))
			lk_msg_set(&first, LK_MSG_REFUSED, NULL, NULL, NULL);
		bfree(c.found.array[i].product_id);
	}
	if (!c.found.num)
		lk_msg_set(&first, LK_MSG_NO_DROP, NULL, NULL, NULL);
	da_free(c.found);
	*error = first.code != LK_MSG_NONE ? lk_msg_refuse(&first) : NULL;
	return first.code == LK_MSG_NONE;
}

/* d's sale as params if it is a sale drop of product_id. d->mutex held. */
static bool sale_of(struct product_drop *d, const char *product_id, struct lk_sale_params *params)
{
	if (!d->sale || strcmp(d->product_id, product_id) != 0)
		return false;
	memset(params, 0, sizeof(*params));
	params->product_id = product_id;
	params->duration_ms = d->duration_ms;
	params->has_stock = d->stock > 0;
	params->stock = d->stock;
	params->preroll_ms = d->preroll_ms;
	params->has_price = d->sale_price != 0.0;
	return true;
}

bool lk_product_drop_sale_for(const char *product_id, struct lk_sale_params *params)
{
	bool found = false;
	double price = 0.0;
	struct lk_store *store = NULL;

	if (!product_id || !*product_id)
		return false;
	pthread_mutex_lock(&drops_mutex);
	for (size_t i = 0; !found && i < drops.num; i++) {
		struct product_drop *d = drops.array[i];
		pthread_mutex_lock(&d->mutex);
		found = sale_of(d, product_id, params);
		price = d->sale_price;
		pthread_mutex_unlock(&d->mutex);
		store = lk_source_store(d->filter);
	}
	pthread_mutex_unlock(&drops_mutex);

	if (found && params->has_price) {
		char currency[4];
		product_currency(store, product_id, currency);
		params->sale_price = lk_money_from_units(price, currency);
	}
	return found;
}

size_t lk_product_drop_reset_all(void)
{
	pthread_mutex_lock(&drops_mutex);
	size_t n = drops.num;
	for (size_t i = 0; i < n; i++) {
		struct product_drop *d = drops.array[i];
		pthread_mutex_lock(&d->mutex);
		d->fired = false;
		pthread_mutex_unlock(&d->mutex);
	}
	pthread_mutex_unlock(&drops_mutex);
	return n;
}

/* ---- arming (frontend) ---------------------------------------------------------------- */

#ifdef LINKON_HAVE_FRONTEND
static void on_frontend_event(enum obs_frontend_event event, void *data)
{
	switch (event) {
	case OBS_FRONTEND_EVENT_FINISHED_LOADING:
	case OBS_FRONTEND_EVENT_SCENE_COLLECTION_CHANGED:
		atomic_store(&armed_from_ms, lk_now_ms() + LK_DROP_ARM_DELAY_MS);
		break;
	case OBS_FRONTEND_EVENT_SCENE_COLLECTION_CHANGING:
	case OBS_FRONTEND_EVENT_EXIT:
		atomic_store(&armed_from_ms, INT64_MAX);
		break;
	default:
		break;
	}
}
#endif

void lk_product_drop_frontend_init(void)
{
#ifdef LINKON_HAVE_FRONTEND
	if (!obs_frontend_get_main_window())
		return; /* headless libobs: no loading phase, armed */
	atomic_store(&armed_from_ms, INT64_MAX);
	obs_frontend_add_event_callback(on_frontend_event, NULL);
	frontend_hooked = true;
#endif
}

void lk_product_drop_frontend_free(void)
{
#ifdef LINKON_HAVE_FRONTEND
	if (frontend_hooked)
		obs_frontend_remove_event_callback(on_frontend_event, NULL);
	frontend_hooked = false;
#endif
}
