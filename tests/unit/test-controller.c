/*
 * Linkon — unit tests for the controller (plugin/lk-controller*.c): commands
 * through the demo connector and on the store alone, drops, the command
 * thread, the default sale, the state JSON, and many threads at once. Real
 * store, real net worker (ticks only, no network).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <obs-module.h>
#include <pthread.h>
#include <string.h>
#include <util/platform.h>
#include <util/threading.h>

#include "lk-controller.h"
#include "lk-module.h"
#include "lk-msg.h"
#include "lk-show.h"
#include "net/lk-net.h"
#include "lk-store.h"

/* lk-config.c asks libobs for the module's config path */
OBS_DECLARE_MODULE()

#define WAIT_MS 5000

struct fixture {
	struct lk_store *store;
	struct lk_net *net;
	char cart[8][64]; /* cart ids at start */
	size_t num_cart;
	struct lk_module module;
};

static struct lk_snapshot *snap_of(struct fixture *f)
{
	return lk_store_get(f->store);
}

static const char *pinned_id(struct fixture *f, char buf[64])
{
	struct lk_snapshot *s = snap_of(f);
	snprintf(buf, 64, "%s", s->pinned ? s->pinned->id : "");
	lk_snapshot_release(s);
	return buf;
}

static bool wait_cart(struct fixture *f)
{
	for (int waited = 0; waited < WAIT_MS; waited += 10) {
		struct lk_snapshot *s = snap_of(f);
		bool ready = s->num_cart >= 4;
		for (size_t i = 0; ready && i < s->num_cart && i < 8; i++)
			snprintf(f->cart[i], sizeof(f->cart[i]), "%s", s->cart[i]->id);
		if (ready)
			f->num_cart = s->num_cart < 8 ? s->num_cart : 8;
		lk_snapshot_release(s);
		if (ready)
			return true;
		os_sleep_ms(10);
	}
	return false;
}

static void start_connector(struct fixture *f, const char *connector)
{
	json_t *config = json_pack("{s:s, s:{s:i, s:i, s:i}, s:{s:i, s:i}}", "connector", connector, "demo", "seed", 7,
				   "pin_every_ms", -1, "order_every_ms", -1, "default_sale", "duration_ms", 60000,
				   "discount_percent", 20);
	/* what obs_module_load does: the module context owns store and net */
	f->module = (struct lk_module){.store = f->store, .net = f->net};
	lk_controller_init(&f->module);
	lk_controller_start(config);
	json_decref(config);
}

static int start_with(void **state, const char *connector)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->store = lk_store_create();
	f->net = lk_net_create(NULL);
	start_connector(f, connector);
	*state = f;
	return 0;
}

static int demo_setup(void **state)
{
	start_with(state, "demo");
	return wait_cart(*state) ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	lk_controller_shutdown();
	lk_net_destroy(f->net);
	lk_store_destroy(f->store);
	free(f);
	return 0;
}

/* ---- pin, step, cart ------------------------------------------------------ */

static void test_refused_pin_changes_nothing(void **state)
{
	struct fixture *f = *state;
	const char *error = NULL;
	char buf[64];
	uint64_t v = lk_store_version(f->store);

	assert_false(lk_controller_pin("no-such", &error));
	assert_non_null(error);
	assert_non_null(strstr(error, "unknown product 'no-such'"));
	assert_int_equal(lk_store_version(f->store), v);
	assert_string_equal(pinned_id(f, buf), f->cart[0]);

	assert_true(lk_controller_pin(f->cart[2], &error));
	assert_string_equal(pinned_id(f, buf), f->cart[2]);
	assert_true(lk_controller_unpin(&error));
	assert_string_equal(pinned_id(f, buf), "");
	assert_true(lk_controller_pin(f->cart[1], NULL)); /* error may be NULL */
	assert_true(lk_controller_pin("", &error));       /* "" unpins */
	assert_string_equal(pinned_id(f, buf), "");
}

static void test_step_wraps_around(void **state)
{
	struct fixture *f = *state;
	char buf[64];

	assert_true(lk_controller_unpin(NULL));
	assert_true(lk_controller_step(-1, NULL));
	assert_string_equal(pinned_id(f, buf), f->cart[f->num_cart - 1]);
	assert_true(lk_controller_step(1, NULL));
	assert_string_equal(pinned_id(f, buf), f->cart[0]);
	assert_true(lk_controller_step(1, NULL));
	assert_string_equal(pinned_id(f, buf), f->cart[1]);
	assert_true(lk_controller_step(-1, NULL));
	assert_true(lk_controller_step(-1, NULL));
	assert_string_equal(pinned_id(f, buf), f->cart[f->num_cart - 1]);
}

/* A catalog product that is not in the cart. */
static void outside_product(struct fixture *f, char out[64])
{
	struct lk_snapshot *s = snap_of(f);
	out[0] = '\0';
	for (size_t i = 0; i < s->num_products && !out[0]; i++) {
		bool in_cart = false;
		for (size_t j = 0; j < s->num_cart; j++)
			in_cart = in_cart || s->cart[j] == s->products[i];
		if (!in_cart)
			snprintf(out, 64, "%s", s->products[i]->id);
	}
	lk_snapshot_release(s);
}

static const char *cart_at(struct fixture *f, size_t slot, char buf[64])
{
	struct lk_snapshot *s = snap_of(f);
	snprintf(buf, 64, "%s", slot >= 1 && slot <= s->num_cart ? s->cart[slot - 1]->id : "");
	lk_snapshot_release(s);
	return buf;
}

static void test_cart_edits(void **state)
{
	struct fixture *f = *state;
	const char *error = NULL;
	char other[64], buf[64];

	outside_product(f, other);
	assert_true(other[0]);
	assert_true(lk_controller_cart_add(other, 2, &error));
	assert_string_equal(cart_at(f, 2, buf), other);
	assert_string_equal(cart_at(f, 3, buf), f->cart[1]);
	assert_false(lk_controller_cart_add(other, 0, &error));
	assert_non_null(error);

	assert_true(lk_controller_cart_move(other, f->num_cart + 1, &error));
	assert_string_equal(cart_at(f, f->num_cart + 1, buf), other);
	assert_string_equal(cart_at(f, 2, buf), f->cart[1]);
	uint64_t v = lk_store_version(f->store);
	assert_false(lk_controller_cart_move(other, f->num_cart + 2, &error));
	assert_int_equal(lk_store_version(f->store), v);

	assert_true(lk_controller_cart_remove(other, &error));
	assert_string_equal(cart_at(f, f->num_cart + 1, buf), "");
	assert_false(lk_controller_cart_remove(other, &error));
	assert_non_null(error);
}

/* ---- sales and drops ---------------------------------------------------------- */

/* Current sale's product and state (as the store published it). */
static enum lk_sale_state sale_state(struct fixture *f, char product[64], char id[64])
{
	struct lk_snapshot *s = snap_of(f);
	const struct lk_sale *sale = s->current_sale;
	enum lk_sale_state st = sale ? sale->state : (enum lk_sale_state) - 1;
	snprintf(product, 64, "%s", sale ? sale->product_id : "");
	if (id)
		snprintf(id, 64, "%s", sale ? sale->id : "");
	lk_snapshot_release(s);
	return st;
}

static void test_sale_lifecycle(void **state)
{
	struct fixture *f = *state;
	const char *error = NULL;
	char product[64], id[64];
	struct lk_sale_params sp = {.product_id = f->cart[0],
				    .has_price = true,
				    .sale_price = 1000,
				    .duration_ms = 60000};

	sp.duration_ms = 0;
	assert_false(lk_controller_start_sale(&sp, &error));
	assert_non_null(strstr(error, "duration"));
	sp.duration_ms = 60000;
	sp.sale_price = -1;
	assert_false(lk_controller_start_sale(&sp, &error));
	assert_non_null(strstr(error, "price"));
	assert_false(lk_controller_stop_sale(&error));
	assert_non_null(strstr(error, "no sale"));

	sp.sale_price = 1000;
	assert_true(lk_controller_start_sale(&sp, &error));
	assert_int_equal(sale_state(f, product, id), LK_SALE_LIVE);
	assert_string_equal(product, f->cart[0]);
	assert_false(lk_controller_start_sale(&sp, &error));
	assert_non_null(strstr(error, "still running"));

	assert_true(lk_controller_stop_sale(&error));
	assert_int_equal(sale_state(f, product, NULL), LK_SALE_STOPPED);
	assert_false(lk_controller_stop_sale(&error));
	assert_non_null(strstr(error, "already finished"));
}

/* The connector restarts (the dock's "Test connection" does that) in the
 * same OBS session: the store still holds the finished demo-sale-1, so the
 * restarted demo must not reuse that id, or the new sale would be stopped. */
static void test_sale_after_restart(void **state)
{
	struct fixture *f = *state;
	const char *error = NULL;
	char product[64], first[64], second[64];
	struct lk_sale_params sp = {.product_id = f->cart[0],
				    .has_price = true,
				    .sale_price = 1000,
				    .duration_ms = 60000};

	assert_true(lk_controller_start_sale(&sp, &error));
	assert_int_equal(sale_state(f, product, first), LK_SALE_LIVE);
	assert_true(lk_controller_stop_sale(&error));
	assert_int_equal(sale_state(f, product, NULL), LK_SALE_STOPPED);

	start_connector(f, "demo");
	assert_true(wait_cart(f));
	sp.product_id = f->cart[1];
	/* the new demo shop opens on its first worker tick: until then it
	 * refuses sales ("not started yet") */
	bool started = false;
	for (int waited = 0; !started && waited < WAIT_MS; waited += 10) {
		started = lk_controller_start_sale(&sp, &error);
		if (!started)
			os_sleep_ms(10);
	}
	if (!started)
		fail_msg("sale refused after a restart: %s", error);
	assert_int_equal(sale_state(f, product, second), LK_SALE_LIVE);
	assert_string_equal(product, f->cart[1]);
	assert_string_not_equal(first, second);
}

static void test_drop(void **state)
{
	struct fixture *f = *state;
	const char *error = NULL;
	char product[64], id[64], id2[64], buf[64];
	struct lk_drop drop = {.product_id = f->cart[2],
			       .sale = true,
			       .params = {.has_price = true, .sale_price = 500, .duration_ms = 30000}};

	assert_true(lk_controller_drop(&drop, &error));
	assert_string_equal(pinned_id(f, buf), f->cart[2]);
	assert_int_equal(sale_state(f, product, id), LK_SALE_LIVE);
	assert_string_equal(product, f->cart[2]);

	/* a second sale is refused while the first runs: the pin stays */
	drop.product_id = f->cart[3];
	assert_false(lk_controller_drop(&drop, &error));
	assert_true(strncmp(error, "pinned, but", 11) == 0);
	assert_string_equal(pinned_id(f, buf), f->cart[3]);
	assert_int_equal(sale_state(f, product, id2), LK_SALE_LIVE);
	assert_string_equal(id2, id);

	/* an unknown product: nothing at all */
	uint64_t v = lk_store_version(f->store);
	drop.product_id = "no-such";
	assert_false(lk_controller_drop(&drop, &error));
	assert_non_null(strstr(error, "unknown product"));
	assert_int_equal(lk_store_version(f->store), v);
	drop.product_id = NULL;
	assert_false(lk_controller_drop(&drop, &error));
}

static void test_drop_async(void **state)
{
	struct fixture *f = *state;
	char buf[64];
	char id[64];
	snprintf(id, sizeof(id), "%s", f->cart[1]);
	struct lk_drop drop = {.product_id = id};

	assert_true(lk_controller_drop_async(&drop, "test"));
	id[0] = 'X'; /* the queue took a copy */
	lk_controller_flush();
	assert_string_equal(pinned_id(f, buf), f->cart[1]);
}

static void test_default_sale(void **state)
{
	struct fixture *f = *state;
	struct lk_sale_params sp;
	struct lk_snapshot *s = snap_of(f);
	int64_t price = lk_snapshot_find(s, f->cart[0])->price;
	lk_snapshot_release(s);

	lk_controller_default_sale(f->cart[0], &sp);
	assert_ptr_equal(sp.product_id, f->cart[0]);
	assert_int_equal(sp.duration_ms, 60000);
	assert_true(sp.has_price);
	assert_int_equal(sp.sale_price, price - price * 20 / 100);
	assert_false(sp.has_stock);
	assert_int_equal(sp.preroll_ms, 0);
	assert_true(lk_controller_start_sale(&sp, NULL));
}

static void test_state_json(void **state)
{
	struct fixture *f = *state;
	struct lk_sale_params sp = {.product_id = f->cart[1], .duration_ms = 90000};

	assert_true(lk_controller_pin(f->cart[1], NULL));
	assert_true(lk_controller_start_sale(&sp, NULL));
	json_t *st = lk_controller_state_json();
	assert_string_equal(json_string_value(json_object_get(st, "pinned")), f->cart[1]);
	assert_string_equal(json_string_value(json_object_get(st, "connection")), "connected");
	assert_int_equal(json_array_size(json_object_get(st, "cart")), f->num_cart);
	json_t *sale = json_object_get(st, "sale");
	assert_string_equal(json_string_value(json_object_get(sale, "state")), "live");
	assert_string_equal(json_string_value(json_object_get(sale, "productId")), f->cart[1]);
	json_int_t left = json_integer_value(json_object_get(sale, "remainingMs"));
	assert_true(left > 80000 && left <= 90000);
	assert_true(json_is_null(json_object_get(sale, "stockLimit")));
	assert_int_equal(json_integer_value(json_object_get(st, "alertQueueLength")), 0);
	json_decref(st);
}

/* ---- no connector: the store alone, ticked by the controller ------------------ */

static int local_setup(void **state)
{
	start_with(state, "no-such-connector");
	struct fixture *f = *state;
	struct lk_events evs;
	const char *ids[] = {"p1", "p2"};

	lk_events_init(&evs);
	for (size_t i = 0; i < 2; i++) {
		struct lk_product *p = lk_product_new(ids[i]);
		p->price = 1990;
		p->stock = 10;
		lk_product_set_currency(p, "USD");
		lk_events_put_product(&evs, p);
	}
	lk_events_cart(&evs, ids, 2);
	lk_store_apply(f->store, &evs);
	lk_events_free(&evs);
	return 0;
}

static void test_local_commands_and_tick(void **state)
{
	struct fixture *f = *state;
	const char *error = NULL;
	char product[64], buf[64];
	struct lk_snapshot *s = snap_of(f);
	assert_int_equal(s->status.state, LK_CONN_PROTOCOL_ERROR);
	lk_snapshot_release(s);

	assert_true(lk_controller_step(1, &error));
	assert_string_equal(pinned_id(f, buf), "p1");
	struct lk_sale_params sp = {.product_id = "p2", .duration_ms = 1000};
	assert_true(lk_controller_start_sale(&sp, &error));
	assert_int_equal(sale_state(f, product, NULL), LK_SALE_LIVE);
	/* nothing else applies to the store: only the controller's tick can
	 * publish the end */
	enum lk_sale_state st = LK_SALE_LIVE;
	for (int waited = 0; waited < WAIT_MS && st == LK_SALE_LIVE; waited += 10) {
		os_sleep_ms(10);
		st = sale_state(f, product, NULL);
	}
	assert_int_equal(st, LK_SALE_ENDED);
	assert_string_equal(product, "p2");
}

/* ---- not running, many threads ---------------------------------------------------- */

static void test_not_running(void **state)
{
	struct fixture *f = *state;
	const char *error = NULL;
	struct lk_drop drop = {.product_id = f->cart[1]};

	lk_controller_stop();
	assert_false(lk_controller_pin(f->cart[1], &error));
	assert_string_equal(error, "Linkon is not running");
	assert_false(lk_controller_step(1, &error));
	assert_true(lk_controller_drop_async(&drop, "test")); /* queued, refused when run */
	lk_controller_flush();
	json_t *st = lk_controller_state_json();
	assert_non_null(st);
	json_decref(st);
}

/* The show's refusals carry codes (docs/websocket-api.md), like every other. */
static void test_show_refusals(void **state)
{
	const char *error = NULL;
	struct lk_goal g = {0};
	(void)state;

	assert_false(lk_controller_show_end(NULL, NULL, &error));
	assert_string_equal(error, "no show is live");
	assert_int_equal(lk_controller_last_refusal()->code, LK_MSG_SHOW_NOT_LIVE);
	assert_true(lk_controller_show_start(&error));
	assert_false(lk_controller_show_start(&error));
	assert_string_equal(error, "a show is already live");
	assert_int_equal(lk_controller_last_refusal()->code, LK_MSG_SHOW_LIVE);
	assert_false(lk_controller_goal_set(&g, &error));
	assert_int_equal(lk_controller_last_refusal()->code, LK_MSG_GOAL_INVALID);
	assert_true(lk_controller_show_end(NULL, NULL, &error));
}

static volatile long listener_calls;

static void listener(void *data, uint64_t version)
{
	json_t *st = lk_controller_state_json(); /* allowed in a listener */
	json_decref(st);
	os_atomic_inc_long(&listener_calls);
}

static void *hammer(void *data)
{
	struct fixture *f = data;
	for (int i = 0; i < 300; i++) {
		const char *error = NULL;
		switch (i % 4) {
		case 0:
			lk_controller_step(1, &error);
			break;
		case 1:
			lk_controller_step(-1, &error);
			break;
		case 2:
			lk_controller_pin(f->cart[i % f->num_cart], &error);
			break;
		default:
			json_decref(lk_controller_state_json());
		}
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct fixture *f = *state;
	pthread_t threads[4];
	struct lk_drop drop = {.product_id = f->cart[0]};

	lk_store_add_listener(f->store, listener, NULL);
	for (int i = 0; i < 4; i++)
		pthread_create(&threads[i], NULL, hammer, f);
	for (int i = 0; i < 50; i++)
		lk_controller_drop_async(&drop, "test");
	for (int i = 0; i < 4; i++)
		pthread_join(threads[i], NULL);
	lk_controller_flush();
	lk_store_remove_listener(f->store, listener, NULL);
	assert_true(listener_calls > 0);

	struct lk_snapshot *s = snap_of(f);
	assert_non_null(s->pinned);
	assert_true(s->pinned_slot >= 1);
	lk_snapshot_release(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refused_pin_changes_nothing, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_wraps_around, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_cart_edits, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_sale_lifecycle, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_sale_after_restart, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop_async, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_sale, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_json, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_commands_and_tick, local_setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_running, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_show_refusals, demo_setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, demo_setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
