/*
 * Linkon — unit tests for controller command checks (lk-command.c): every
 * command is checked against a snapshot and, when it passes, carried out on
 * a store through lk_command_events; a command that fails gives a clear
 * message and leaves the store at the same version.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <util/bmem.h>
#include <util/dstr.h>

#include "core/lk-command.h"

#define EPOCH 1767268800000LL /* platform = local + EPOCH */

static struct lk_product *make_product(const char *id, int64_t price, int64_t stock)
{
	struct lk_product *p = lk_product_new(id);
	lk_product_set_currency(p, "CNY");
	p->price = price;
	p->stock = stock;
	return p;
}

/* Catalog p1 … p5 (p4 sold out, p5 without a price), cart p1 p2 p3, p2 pinned. */
static struct lk_store *new_store(void)
{
	static const char *const cart[] = {"p1", "p2", "p3"};
	struct lk_store *store = lk_store_create();
	struct lk_events evs;

	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->products = bzalloc(5 * sizeof(*ev->products));
	ev->num_products = 5;
	ev->products[0] = make_product("p1", 1990, 50);
	ev->products[1] = make_product("p2", 2990, 20);
	ev->products[2] = make_product("p3", 990, 5);
	ev->products[3] = make_product("p4", 500, 0);
	ev->products[4] = make_product("p5", 0, LK_STOCK_UNKNOWN);
	lk_events_cart(&evs, cart, 3);
	lk_events_pin(&evs, "p2");
	lk_events_server_time(&evs, EPOCH, 0, 0);
	lk_store_apply_at(store, &evs, 0);
	lk_events_free(&evs);
	return store;
}

/* Checks cmd against the newest snapshot and, if it passes, carries it out
 * at local time now. A failure must leave nothing behind. */
static bool run(struct lk_store *store, const struct lk_command *cmd, int64_t now, struct dstr *err)
{
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_command_result res;

	dstr_copy(err, "");
	bool ok = lk_command_check(snap, cmd, &res, err);
	if (ok) {
		struct lk_events evs;
		lk_events_init(&evs);
		lk_command_events(&res, lk_snapshot_platform_now(snap, now), &evs);
		lk_store_apply_at(store, &evs, now);
		lk_events_free(&evs);
		assert_true(dstr_is_empty(err));
	} else {
		assert_null(res.cart);
		assert_null(res.product_id);
		assert_int_equal(res.type, 0);
		assert_false(dstr_is_empty(err));
	}
	lk_command_result_free(&res);
	lk_snapshot_release(snap);
	return ok;
}

#define EXPECT_OK(store, cmd, now)                                  \
	do {                                                        \
		struct dstr e_ = {0};                               \
		bool ok_ = run((store), &(cmd), (now), &e_);        \
		if (!ok_)                                           \
			fail_msg("unexpected error: %s", e_.array); \
		dstr_free(&e_);                                     \
	} while (0)

#define EXPECT_FAIL(store, cmd, msg)                           \
	do {                                                   \
		struct dstr e_ = {0};                          \
		uint64_t v_ = lk_store_version(store);         \
		assert_false(run((store), &(cmd), 1000, &e_)); \
		assert_string_equal(e_.array, (msg));          \
		assert_int_equal(lk_store_version(store), v_); \
		dstr_free(&e_);                                \
	} while (0)

/* The cart as "p1,p2,p3" (static buffer). */
static const char *cart_str(struct lk_store *store)
{
	static char buf[128];
	struct lk_snapshot *snap = lk_store_get(store);

	buf[0] = '\0';
	for (size_t i = 0; i < snap->num_cart; i++) {
		if (i)
			strcat(buf, ",");
		strcat(buf, snap->cart[i]->id);
	}
	lk_snapshot_release(snap);
	return buf;
}

static const char *pinned_str(struct lk_store *store)
{
	static char buf[32];
	struct lk_snapshot *snap = lk_store_get(store);

	strcpy(buf, snap->pinned ? snap->pinned->id : "(none)");
	lk_snapshot_release(snap);
	return buf;
}

/* ---- pin ------------------------------------------------------------------ */

static void test_pin(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store();
	struct lk_command cmd = {.type = LK_CMD_PIN, .product_id = "nope"};

	EXPECT_FAIL(store, cmd, "unknown product 'nope'");
	assert_string_equal(pinned_str(store), "p2");

	char long_id[200];
	memset(long_id, 'x', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	cmd.product_id = long_id;
	char expect[100];
	snprintf(expect, sizeof(expect), "unknown product '%.64s'", long_id);
	EXPECT_FAIL(store, cmd, expect);

	cmd.product_id = "p4"; /* any catalog product, in the cart or not */
	EXPECT_OK(store, cmd, 1000);
	assert_string_equal(pinned_str(store), "p4");
	cmd.product_id = "";
	EXPECT_OK(store, cmd, 1000);
	assert_string_equal(pinned_str(store), "(none)");
	cmd.product_id = "p1";
	EXPECT_OK(store, cmd, 1000);
	cmd = (struct lk_command){.type = LK_CMD_UNPIN};
	EXPECT_OK(store, cmd, 1000);
	assert_string_equal(pinned_str(store), "(none)");

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_pin_next_previous(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store();
	struct lk_command next = {.type = LK_CMD_PIN_NEXT}, prev = {.type = LK_CMD_PIN_PREV};
	struct lk_command pin = {.type = LK_CMD_PIN, .product_id = "p4"}, unpin = {.type = LK_CMD_UNPIN};

	EXPECT_OK(store, next, 1000);
	assert_string_equal(pinned_str(store), "p3");
	EXPECT_OK(store, next, 1000); /* wraps to slot 1 */
	assert_string_equal(pinned_str(store), "p1");
	EXPECT_OK(store, prev, 1000); /* wraps to the last slot */
	assert_string_equal(pinned_str(store), "p3");
	EXPECT_OK(store, prev, 1000);
	assert_string_equal(pinned_str(store), "p2");

	/* from no pin, or a pin outside the cart: next is slot 1, previous the last */
	EXPECT_OK(store, unpin, 1000);
	EXPECT_OK(store, next, 1000);
	assert_string_equal(pinned_str(store), "p1");
	EXPECT_OK(store, unpin, 1000);
	EXPECT_OK(store, prev, 1000);
	assert_string_equal(pinned_str(store), "p3");
	EXPECT_OK(store, pin, 1000);
	EXPECT_OK(store, next, 1000);
	assert_string_equal(pinned_str(store), "p1");
	EXPECT_OK(store, pin, 1000);
	EXPECT_OK(store, prev, 1000);
	assert_string_equal(pinned_str(store), "p3");

	/* the resolved id comes back in the result */
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_command_result res;
	assert_true(lk_command_check(snap, &next, &res, NULL));
	assert_int_equal(res.type, LK_CMD_PIN_NEXT);
	assert_string_equal(res.product_id, "p1");
	lk_command_result_free(&res);
	lk_snapshot_release(snap);

	/* one product: next and previous are itself */
	struct lk_events evs;
	const char *one[] = {"p2"};
	lk_events_init(&evs);
	lk_events_cart(&evs, one, 1);
	lk_store_apply_at(store, &evs, 1000);
	EXPECT_OK(store, next, 1000);
	assert_string_equal(pinned_str(store), "p2");
	EXPECT_OK(store, next, 1000);
	EXPECT_OK(store, prev, 1000);
	assert_string_equal(pinned_str(store), "p2");

	lk_events_cart(&evs, NULL, 0);
	lk_store_apply_at(store, &evs, 1000);
	lk_events_free(&evs);
	EXPECT_FAIL(store, next, "the cart is empty");
	EXPECT_FAIL(store, prev, "the cart is empty");

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

/* ---- cart ----------------------------------------------------------------- */

static void test_cart_add_remove(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store();
	struct lk_command add = {.type = LK_CMD_CART_ADD, .product_id = "p4"};
	struct lk_command remove = {.type = LK_CMD_CART_REMOVE, .product_id = "p5"};

	EXPECT_OK(store, add, 1000); /* slot 0: at the end */
	assert_string_equal(cart_str(store), "p1,p2,p3,p4");
	add.product_id = "p5";
	add.slot = 1;
	EXPECT_OK(store, add, 1000);
	assert_string_equal(cart_str(store), "p5,p1,p2,p3,p4");

	add.product_id = "p1";
	EXPECT_FAIL(store, add, "product 'p1' is already in the cart");
	add.product_id = "nope";
	EXPECT_FAIL(store, add, "unknown product 'nope'");
	add.product_id = NULL;
	EXPECT_FAIL(store, add, "no product given");

	EXPECT_OK(store, remove, 1000);
	assert_string_equal(cart_str(store), "p1,p2,p3,p4");
	EXPECT_FAIL(store, remove, "product 'p5' is not in the cart");
	add.product_id = "p5";
	add.slot = 6;
	EXPECT_FAIL(store, add, "slot 6 is out of range (1-5)");
	add.slot = 5; /* n + 1: the end */
	EXPECT_OK(store, add, 1000);
	assert_string_equal(cart_str(store), "p1,p2,p3,p4,p5");
	add.product_id = "p5";
	add.slot = 3;
	EXPECT_OK(store, remove, 1000);
	EXPECT_OK(store, add, 1000);
	assert_string_equal(cart_str(store), "p1,p2,p5,p3,p4");

	static const char *const all[] = {"p1", "p2", "p5", "p3", "p4"};
	for (size_t i = 0; i < 5; i++) {
		remove.product_id = all[i];
		EXPECT_OK(store, remove, 1000);
	}
	assert_string_equal(cart_str(store), "");
	EXPECT_FAIL(store, remove, "product 'p4' is not in the cart");

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_cart_move(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store();
	struct lk_command move = {.type = LK_CMD_CART_MOVE, .product_id = "p3", .slot = 1};

	EXPECT_OK(store, move, 1000);
	assert_string_equal(cart_str(store), "p3,p1,p2");
	move.slot = 3;
	EXPECT_OK(store, move, 1000);
	assert_string_equal(cart_str(store), "p1,p2,p3");
	move.product_id = "p1";
	move.slot = 2;
	EXPECT_OK(store, move, 1000);
	assert_string_equal(cart_str(store), "p2,p1,p3");
	uint64_t v = lk_store_version(store);
	EXPECT_OK(store, move, 1000); /* already there: nothing to publish */
	assert_int_equal(lk_store_version(store), v);

	move.slot = 0;
	EXPECT_FAIL(store, move, "slot 0 is out of range (1-3)");
	move.slot = 4;
	EXPECT_FAIL(store, move, "slot 4 is out of range (1-3)");
	move.product_id = "p4";
	move.slot = 1;
	EXPECT_FAIL(store, move, "product 'p4' is not in the cart");
	move.product_id = "nope";
	EXPECT_FAIL(store, move, "unknown product 'nope'");
	assert_string_equal(cart_str(store), "p2,p1,p3");
	/* the pin follows nothing here: it is still p2 */
	assert_string_equal(pinned_str(store), "p2");

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

/* ---- sales ---------------------------------------------------------------- */

static struct lk_command sale_cmd(const char *product)
{
	struct lk_command cmd = {.type = LK_CMD_SALE_START};
	cmd.sale.product_id = product;
	cmd.sale.duration_ms = 60000;
	return cmd;
}

static void test_sale_start_invalid(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store();
	struct lk_command cmd = sale_cmd("nope");

	EXPECT_FAIL(store, cmd, "unknown product 'nope'");
	cmd = sale_cmd(NULL);
	EXPECT_FAIL(store, cmd, "no product given");

	cmd = sale_cmd("p1");
	cmd.sale.has_price = true;
	cmd.sale.sale_price = -100;
	EXPECT_FAIL(store, cmd, "sale price must be more than 0");
	cmd.sale.sale_price = 0;
	EXPECT_FAIL(store, cmd, "sale price must be more than 0");

	static const int64_t bad_durations[] = {0, -1000, 999, LK_SALE_DURATION_MAX_MS + 1};
	for (size_t i = 0; i < sizeof(bad_durations) / sizeof(bad_durations[0]); i++) {
		cmd = sale_cmd("p1");
		cmd.sale.duration_ms = bad_durations[i];
		EXPECT_FAIL(store, cmd, "duration must be between 1 second and 24 hours");
	}

	static const int64_t bad_prerolls[] = {-1, 1, 2999, 300001};
	for (size_t i = 0; i < sizeof(bad_prerolls) / sizeof(bad_prerolls[0]); i++) {
		cmd = sale_cmd("p1");
		cmd.sale.preroll_ms = bad_prerolls[i];
		EXPECT_FAIL(store, cmd, "pre-roll must be 0 or between 3 and 300 seconds");
	}

	cmd = sale_cmd("p1");
	cmd.sale.has_stock = true;
	cmd.sale.stock = 0;
	EXPECT_FAIL(store, cmd, "stock must be at least 1");
	cmd.sale.stock = -3;
	EXPECT_FAIL(store, cmd, "stock must be at least 1");

	cmd = sale_cmd("p4");
	EXPECT_FAIL(store, cmd, "product 'p4' is sold out");
	cmd = sale_cmd("p5");
	EXPECT_FAIL(store, cmd, "product 'p5' has no price; give a sale price");

	struct lk_snapshot *snap = lk_store_get(store);
	assert_int_equal(snap->num_sales, 0);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

/* The edges of every range pass (checked only: one sale runs at a time). */
static void test_sale_start_edges(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store();
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_command cmd = sale_cmd("p1");
	struct lk_command_result res;

	static const int64_t durations[] = {LK_SALE_DURATION_MIN_MS, LK_SALE_DURATION_MAX_MS};
	static const int64_t prerolls[] = {0, LK_SALE_PREROLL_MIN_MS, LK_SALE_PREROLL_MAX_MS};
	for (size_t d = 0; d < 2; d++) {
		for (size_t p = 0; p < 3; p++) {
			cmd.sale.duration_ms = durations[d];
			cmd.sale.preroll_ms = prerolls[p];
			assert_true(lk_command_check(snap, &cmd, NULL, NULL));
		}
	}
	cmd.sale.has_stock = true;
	cmd.sale.stock = 1;
	cmd.sale.has_price = true;
	cmd.sale.sale_price = 1;
	assert_true(lk_command_check(snap, &cmd, &res, NULL));
	assert_int_equal(res.sale.sale_price, 1);
	lk_command_result_free(&res);

	/* default price: the product's, resolved; has_price says none was
	 * chosen, so a platform can tell it from a chosen price of 1990 */
	cmd = sale_cmd("p1");
	assert_true(lk_command_check(snap, &cmd, &res, NULL));
	assert_false(res.sale.has_price);
	assert_int_equal(res.sale.sale_price, 1990);
	assert_string_equal(res.sale.product_id, "p1");
	assert_ptr_equal(res.sale.product_id, lk_snapshot_find(snap, "p1")->id); /* borrowed */
	lk_command_result_free(&res);
	cmd = sale_cmd("p5"); /* no product price, but a sale price given */
	cmd.sale.has_price = true;
	cmd.sale.sale_price = 500;
	assert_true(lk_command_check(snap, &cmd, NULL, NULL));

	lk_snapshot_release(snap);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_sale_start_and_stop(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store();
	struct lk_command cmd = sale_cmd("p1");
	struct lk_command stop = {.type = LK_CMD_SALE_STOP};
	char msg[128];

	EXPECT_FAIL(store, stop, "no sale is running");
	cmd.sale.preroll_ms = 3000;
	EXPECT_OK(store, cmd, 1000);
	struct lk_snapshot *snap = lk_store_get(store);
	assert_int_equal(snap->num_sales, 1);
	const struct lk_sale *s = snap->current_sale;
	assert_non_null(s);
	assert_string_equal(s->id, "linkon-1767268801000");
	assert_string_equal(s->product_id, "p1");
	assert_int_equal(s->sale_price, 1990);
	assert_int_equal(s->stock_limit, LK_SALE_NO_LIMIT);
	assert_int_equal(s->start_ms, EPOCH + 4000);
	assert_int_equal(s->end_ms, EPOCH + 64000);
	assert_int_equal(s->state, LK_SALE_PREROLL);
	snprintf(msg, sizeof(msg), "sale '%s' is still running; stop it first", s->id);
	lk_snapshot_release(snap);

	/* one at a time, also on another product */
	cmd = sale_cmd("p2");
	EXPECT_FAIL(store, cmd, msg);
	lk_store_tick(store, 4000);
	EXPECT_FAIL(store, cmd, msg);

	stop.sale_id = "nope";
	EXPECT_FAIL(store, stop, "unknown sale 'nope'");
	stop.sale_id = NULL; /* the current sale */
	EXPECT_OK(store, stop, 20000);
	snap = lk_store_get(store);
	assert_int_equal(snap->current_sale->state, LK_SALE_STOPPED);
	assert_int_equal(snap->current_sale->state_ms, EPOCH + 20000);
	lk_snapshot_release(snap);
	EXPECT_FAIL(store, stop, "sale 'linkon-1767268801000' has already finished");
	stop.sale_id = "linkon-1767268801000";
	EXPECT_FAIL(store, stop, "sale 'linkon-1767268801000' has already finished");

	/* after the end hold nothing is current */
	lk_store_tick(store, 20000 + LK_SALE_END_HOLD_MS);
	stop.sale_id = NULL;
	EXPECT_FAIL(store, stop, "no sale is running");

	/* a new sale may start now, with a stock limit */
	cmd.sale.has_stock = true;
	cmd.sale.stock = 30;
	cmd.sale.has_price = true;
	cmd.sale.sale_price = 1500;
	EXPECT_OK(store, cmd, 40000);
	snap = lk_store_get(store);
	s = snap->current_sale;
	assert_string_equal(s->product_id, "p2");
	assert_int_equal(s->state, LK_SALE_LIVE);
	assert_int_equal(s->stock_limit, 30);
	assert_int_equal(s->sale_price, 1500);
	assert_int_equal(s->start_ms, EPOCH + 40000);
	lk_snapshot_release(snap);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_odd_calls(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store();
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_command cmd = {.type = (enum lk_command_type)99};
	struct lk_command_result res;
	struct dstr err = {0};

	assert_false(lk_command_check(snap, &cmd, &res, &err));
	assert_string_equal(err.array, "unknown command");
	assert_false(lk_command_check(snap, NULL, &res, &err));
	assert_string_equal(err.array, "no command");
	assert_false(lk_command_check(NULL, &cmd, NULL, NULL));
	cmd = (struct lk_command){.type = LK_CMD_CART_ADD, .product_id = "p4"};
	assert_true(lk_command_check(snap, &cmd, NULL, NULL)); /* check only: nothing to free */
	assert_true(lk_command_check(snap, &cmd, &res, NULL));
	assert_int_equal(res.num_cart, 4);
	assert_string_equal(res.cart[3], "p4");
	assert_ptr_equal(res.cart[0], snap->cart[0]->id);
	lk_command_result_free(&res);
	lk_command_result_free(NULL);

	dstr_free(&err);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin),
		cmocka_unit_test(test_pin_next_previous),
		cmocka_unit_test(test_cart_add_remove),
		cmocka_unit_test(test_cart_move),
		cmocka_unit_test(test_sale_start_invalid),
		cmocka_unit_test(test_sale_start_edges),
		cmocka_unit_test(test_sale_start_and_stop),
		cmocka_unit_test(test_odd_calls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
