/*
 * Linkon — the demo connector: drives the built-in demo shop in real time
 * on the net worker thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-connector.h"
#include "lk-net.h"
#include "lk-demo-shop.h"
#include "lk-demo-gifts.h"
#include "lk-store.h"

#include <stdlib.h>
#include <string.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/threading.h>

#define DEMO_MAX_SLEEP_MS 250

struct conn_demo {
	struct lk_store *store; /* borrowed, outlives us */
	struct lk_net *net;     /* borrowed, outlives us */
	uint64_t tick_id;

	/* shop and started: written by the worker tick and by pin (UI thread),
	 * always under mutex */
	pthread_mutex_t mutex;
	struct lk_demo_shop *shop;
	bool started;

	/* worker tick only */
	struct lk_demo_gifts *gifts;
};

static int64_t json_int(json_t *obj, const char *key, int64_t def)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

/* Hands the demo's gifts due by now_ms to the alert queue; returns the
 * time of the next one. */
static int64_t demo_gifts_tick(struct conn_demo *c, int64_t now_ms)
{
	struct lk_gift_batch batch;

	lk_gift_batch_init(&batch);
	lk_demo_gifts_step(c->gifts, now_ms, &batch);
	for (size_t i = 0; i < batch.da.num; i++)
		lk_connector_push_gift(&batch.da.array[i]);
	lk_gift_batch_free(&batch);
	return lk_demo_gifts_next_due(c->gifts);
}

static int64_t demo_tick(void *data, int64_t now_ms)
{
	struct conn_demo *c = data;
	struct lk_events evs;
	int64_t delay;

	lk_events_init(&evs);
	pthread_mutex_lock(&c->mutex);
	if (!c->started) {
		lk_demo_shop_start(c->shop, now_ms, &evs);
		c->started = true;
	} else {
		lk_demo_shop_step(c->shop, now_ms, &evs);
	}
	delay = lk_demo_shop_next_due(c->shop) - now_ms;
	pthread_mutex_unlock(&c->mutex);

	if (evs.da.num)
		lk_store_apply_at(c->store, &evs, now_ms);
	lk_events_free(&evs);

	int64_t gift_due = demo_gifts_tick(c, now_ms);
	if (gift_due - now_ms < delay)
		delay = gift_due - now_ms;

	/* sale states follow time even when the shop has nothing to say */
	lk_store_tick(c->store, now_ms);
	struct lk_snapshot *snap = lk_store_get(c->store);
	int64_t sale_due = lk_snapshot_next_tick_ms(snap, now_ms);
	lk_snapshot_release(snap);
	if (sale_due != INT64_MAX && sale_due - now_ms < delay)
		delay = sale_due - now_ms;

	if (delay > DEMO_MAX_SLEEP_MS)
		delay = DEMO_MAX_SLEEP_MS;
	return delay < 1 ? 1 : delay;
}

/* The highest n of the "demo-sale-<n>" sales the store already holds (from
 * an earlier run of the demo in this OBS session), 0 if none. */
static int demo_sale_ids_after(struct lk_store *store)
{
	struct lk_snapshot *snap = lk_store_get(store);
	int highest = 0;

	for (size_t i = 0; i < snap->num_sales; i++) {
		const char *id = snap->sales[i]->id;
		char *end = NULL;
		if (!id || strncmp(id, "demo-sale-", 10) != 0)
			continue;
		long n = strtol(id + 10, &end, 10);
		if (end && !*end && n > highest && n < 1000000000L)
			highest = (int)n;
	}
	lk_snapshot_release(snap);
	return highest;
}

static void *demo_create(struct lk_store *store, struct lk_net *net, json_t *settings, const char *data_dir)
{
	struct conn_demo *c = bzalloc(sizeof(*c));
	struct dstr image_dir = {0};
	json_t *cur = settings ? json_object_get(settings, "currency") : NULL;

	if (data_dir && *data_dir)
		dstr_printf(&image_dir, "%s/images", data_dir);

	struct lk_demo_config cfg = {
		.seed = (uint64_t)json_int(settings, "seed", 0),
		.currency = json_is_string(cur) ? json_string_value(cur) : NULL,
		.image_dir = image_dir.array,
		.order_every_ms = json_int(settings, "order_every_ms", 0),
		.pin_every_ms = json_int(settings, "pin_every_ms", 0),
		.sale_ids_after = demo_sale_ids_after(store),
	};
	struct lk_demo_gifts_config gift_cfg = {
		.seed = cfg.seed,
		.image_dir = image_dir.array,
		.gift_every_ms = json_int(settings, "gift_every_ms", 0),
	};

	c->store = store;
	c->net = net;
	pthread_mutex_init(&c->mutex, NULL);
	c->shop = lk_demo_shop_create(&cfg);
	c->gifts = lk_demo_gifts_create(&gift_cfg);
	dstr_free(&image_dir);
	c->tick_id = lk_net_add_tick(net, demo_tick, c);
	return c;
}

static void demo_destroy(void *data)
{
	struct conn_demo *c = data;
	if (!c)
		return;
	lk_net_remove_tick(c->net, c->tick_id);
	lk_demo_shop_destroy(c->shop);
	lk_demo_gifts_destroy(c->gifts);
	pthread_mutex_destroy(&c->mutex);
	bfree(c);
}

static bool demo_pin(void *data, const char *id, const char **error)
{
	struct conn_demo *c = data;
	struct lk_events evs;

	lk_events_init(&evs);
	pthread_mutex_lock(&c->mutex);
	lk_demo_shop_pin(c->shop, id, &evs);
	pthread_mutex_unlock(&c->mutex);

	bool ok = evs.da.num > 0 || !id;
	if (evs.da.num)
		lk_store_apply(c->store, &evs);
	lk_events_free(&evs);
	if (!ok && error)
		*error = lk_msg_refuse_code(LK_MSG_UNKNOWN_PRODUCT, id, NULL);
	return ok;
}

/* Runs one sale action on the shop and applies what it emitted. */
static bool demo_sale_action(struct conn_demo *c, const struct lk_sale_params *params, const char *sale_id)
{
	struct lk_events evs;
	int64_t now = lk_now_ms();
	bool ok;

	lk_events_init(&evs);
	pthread_mutex_lock(&c->mutex);
	if (params)
		ok = lk_demo_shop_start_sale(c->shop, params, now, &evs);
	else
		ok = lk_demo_shop_stop_sale(c->shop, sale_id, now, &evs);
	pthread_mutex_unlock(&c->mutex);

	if (evs.da.num)
		lk_store_apply_at(c->store, &evs, now);
	lk_events_free(&evs);
	return ok;
}

static bool demo_start_sale(void *data, const struct lk_sale_params *params, const char **error)
{
	bool ok = demo_sale_action(data, params, NULL);
	if (!ok && error)
		*error = lk_msg_refuse_code(LK_MSG_DEMO_SALE_REFUSED, NULL, NULL);
	return ok;
}

static bool demo_stop_sale(void *data, const char *sale_id, const char **error)
{
	bool ok = demo_sale_action(data, NULL, sale_id);
	if (!ok && error)
		*error = lk_msg_refuse_code(LK_MSG_DEMO_NO_SALE, NULL, NULL);
	return ok;
}

const struct lk_connector_info lk_conn_demo = {
	.id = "demo",
	.create = demo_create,
	.destroy = demo_destroy,
	.pin = demo_pin,
	.start_sale = demo_start_sale,
	.stop_sale = demo_stop_sale,
};
