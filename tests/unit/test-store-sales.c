/*
 * Linkon — unit tests for flash sales in the store (lk-store-sales.c) with a
 * fake clock: pre-roll, live, time up, sold out, stop, the current sale,
 * platform clock offset and a jumping system clock, and the demo shop as a
 * sale platform. Every test checks bnum_allocs() is back where it started.
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

#include "core/lk-demo-shop.h"
#include "core/lk-store.h"

#define EPOCH 1767268800000LL /* platform = local + EPOCH in most tests */

/* ---- helpers -------------------------------------------------------------- */

static struct lk_product *make_product(const char *id, int64_t price, int64_t stock)
{
	struct lk_product *p = lk_product_new(id);
	lk_product_set_currency(p, "CNY");
	p->price = price;
	p->stock = stock;
	p->stock_total = stock;
	return p;
}

/* A store with products p1, p2, p3 in the cart and a clock that says the
 * platform time at local_now is platform_now. */
static struct lk_store *new_store(int64_t local_now, int64_t platform_now)
{
	static const char *const cart[] = {"p1", "p2", "p3"};
	struct lk_store *store = lk_store_create();
	struct lk_events evs;

	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->products = bzalloc(3 * sizeof(*ev->products));
	ev->num_products = 3;
	ev->products[0] = make_product("p1", 1990, 50);
	ev->products[1] = make_product("p2", 2990, 20);
	ev->products[2] = make_product("p3", 990, 5);
	lk_events_cart(&evs, cart, 3);
	lk_events_server_time(&evs, platform_now, local_now, local_now);
	assert_int_equal(lk_store_apply_at(store, &evs, local_now), 1);
	lk_events_free(&evs);
	return store;
}

static struct lk_sale *make_sale(const char *id, const char *product, int64_t preroll, int64_t start, int64_t end,
				 int64_t limit)
{
	struct lk_sale *s = lk_sale_new(id, product);
	s->sale_price = 990;
	s->preroll_ms = preroll;
	s->start_ms = start;
	s->end_ms = end;
	s->stock_limit = limit;
	s->stock_left = limit;
	return s;
}

static uint64_t apply(struct lk_store *store, struct lk_events *evs, int64_t local_now)
{
	uint64_t v = lk_store_apply_at(store, evs, local_now);
	assert_int_equal(evs->da.num, 0); /* consumed */
	lk_events_free(evs);
	return v;
}

static uint64_t put(struct lk_store *store, struct lk_sale *sale, int64_t local_now)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_sale_put(&evs, sale);
	return apply(store, &evs, local_now);
}

static uint64_t sale_stock(struct lk_store *store, const char *id, int64_t left, int64_t local_now)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_sale_stock(&evs, id, left);
	return apply(store, &evs, local_now);
}

static uint64_t stop(struct lk_store *store, const char *id, int64_t at_ms, int64_t local_now)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_sale_stop(&evs, id, at_ms);
	return apply(store, &evs, local_now);
}

/* A server-time sample, applied at local monotonic time local_now. */
static uint64_t server_time(struct lk_store *store, int64_t server, int64_t send, int64_t recv, int64_t local_now)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_server_time(&evs, server, send, recv);
	return apply(store, &evs, local_now);
}

/* What the newest snapshot says about one sale. */
struct seen {
	bool found;
	enum lk_sale_state state;
	int64_t state_ms;
	uint64_t state_seq;
	int64_t stock_left;
	int64_t end_ms;
	bool current;
	uint64_t sales_seq;
	uint64_t version;
};

static struct seen look(struct lk_store *store, const char *id)
{
	struct seen r = {0};
	struct lk_snapshot *snap = lk_store_get(store);
	const struct lk_sale *s = lk_snapshot_find_sale(snap, id);

	if (s) {
		r.found = true;
		r.state = s->state;
		r.state_ms = s->state_ms;
		r.state_seq = s->state_seq;
		r.stock_left = s->stock_left;
		r.end_ms = s->end_ms;
		r.current = snap->current_sale == s;
	}
	r.sales_seq = snap->sales_seq;
	r.version = snap->version;
	lk_snapshot_release(snap);
	return r;
}

#define EXPECT_SALE(store, id, st, ms, seq)            \
	do {                                           \
		struct seen s_ = look((store), (id));  \
		assert_true(s_.found);                 \
		assert_int_equal(s_.state, (st));      \
		assert_int_equal(s_.state_ms, (ms));   \
		assert_int_equal(s_.state_seq, (seq)); \
	} while (0)

static const char *current_id(struct lk_store *store, char *buf, size_t size)
{
	struct lk_snapshot *snap = lk_store_get(store);
	snprintf(buf, size, "%s", snap->current_sale ? snap->current_sale->id : "(none)");
	lk_snapshot_release(snap);
	return buf;
}

/* Records every published version with the sale's state then. */
struct trace {
	struct lk_store *store;
	int n;
	uint64_t version[16];
	enum lk_sale_state state[16];
	uint64_t seq[16];
};

static void on_version(void *data, uint64_t version)
{
	struct trace *t = data;
	struct lk_snapshot *snap = lk_store_get(t->store);
	const struct lk_sale *s = lk_snapshot_find_sale(snap, "s1");

	if (t->n < 16 && s) {
		t->version[t->n] = version;
		t->state[t->n] = s->state;
		t->seq[t->n] = s->state_seq;
		t->n++;
	}
	lk_snapshot_release(snap);
}

/* ---- tests ---------------------------------------------------------------- */

/* scheduled → pre-roll → live → ended, each transition one version, stamped
 * with the platform time it happened at; then the end hold runs out. */
static void test_lifecycle(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);
	struct trace tr = {.store = store};
	lk_store_add_listener(store, on_version, &tr);

	assert_int_equal(put(store, make_sale("s1", "p1", 5000, EPOCH + 10000, EPOCH + 70000, LK_SALE_NO_LIMIT), 1000),
			 2);
	EXPECT_SALE(store, "s1", LK_SALE_SCHEDULED, EPOCH + 1000, 1);
	struct seen s = look(store, "s1");
	assert_true(s.current); /* nothing else: the next scheduled one */
	assert_int_equal(s.sales_seq, 1);

	struct lk_snapshot *snap = lk_store_get(store);
	assert_int_equal(lk_snapshot_next_tick_ms(snap, 1000), 5000);
	lk_snapshot_release(snap);

	assert_int_equal(lk_store_tick(store, 4999), 2);
	assert_int_equal(lk_store_tick(store, 5000), 3);
	EXPECT_SALE(store, "s1", LK_SALE_PREROLL, EPOCH + 5000, 2);
	assert_int_equal(lk_store_tick(store, 7000), 3);
	assert_int_equal(lk_store_tick(store, 9999), 3);
	assert_int_equal(lk_store_tick(store, 10000), 4);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, EPOCH + 10000, 3);
	assert_int_equal(lk_store_tick(store, 69999), 4);
	/* time up exactly at the end */
	assert_int_equal(lk_store_tick(store, 70000), 5);
	EXPECT_SALE(store, "s1", LK_SALE_ENDED, EPOCH + 70000, 4);
	s = look(store, "s1");
	assert_true(s.current);
	assert_int_equal(s.sales_seq, 4);

	/* the ended sale stays current for the end hold, then goes */
	snap = lk_store_get(store);
	assert_int_equal(lk_snapshot_next_tick_ms(snap, 70000), 70000 + LK_SALE_END_HOLD_MS);
	lk_snapshot_release(snap);
	assert_int_equal(lk_store_tick(store, 70000 + LK_SALE_END_HOLD_MS - 1), 5);
	assert_int_equal(lk_store_tick(store, 70000 + LK_SALE_END_HOLD_MS), 6);
	s = look(store, "s1");
	assert_false(s.current);
	assert_int_equal(s.sales_seq, 4);
	EXPECT_SALE(store, "s1", LK_SALE_ENDED, EPOCH + 70000, 4);
	assert_int_equal(lk_store_tick(store, 1000000), 6);
	snap = lk_store_get(store);
	assert_null(snap->current_sale);
	assert_int_equal(lk_snapshot_next_tick_ms(snap, 1000000), INT64_MAX);
	lk_snapshot_release(snap);

	/* listeners saw each version once, with the state at that version */
	static const enum lk_sale_state states[] = {LK_SALE_SCHEDULED, LK_SALE_PREROLL, LK_SALE_LIVE, LK_SALE_ENDED,
						    LK_SALE_ENDED};
	assert_int_equal(tr.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(tr.version[i], (uint64_t)i + 2);
		assert_int_equal(tr.state[i], states[i]);
		assert_int_equal(tr.seq[i], i < 4 ? (uint64_t)i + 1 : 4);
	}

	lk_store_remove_listener(store, on_version, &tr);
	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

/* A tick that comes late jumps to the latest state, stamped when it began. */
static void test_late_tick(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);

	put(store, make_sale("s1", "p1", 5000, EPOCH + 10000, EPOCH + 70000, LK_SALE_NO_LIMIT), 1000);
	assert_int_equal(lk_store_tick(store, 75000), 3);
	EXPECT_SALE(store, "s1", LK_SALE_ENDED, EPOCH + 70000, 2);
	assert_true(look(store, "s1").current);

	/* an apply also brings states up to its time */
	put(store, make_sale("s2", "p2", 0, EPOCH + 80000, EPOCH + 90000, LK_SALE_NO_LIMIT), 76000);
	assert_int_equal(look(store, "s1").version, 4);
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_pin(&evs, "p2");
	assert_int_equal(apply(store, &evs, 85000), 5);
	EXPECT_SALE(store, "s2", LK_SALE_LIVE, EPOCH + 80000, 2);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_sold_out_by_sale_stock(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);

	assert_int_equal(put(store, make_sale("s1", "p1", 0, EPOCH + 10000, EPOCH + 70000, 5), 10000), 2);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, EPOCH + 10000, 1);
	assert_int_equal(sale_stock(store, "s1", 2, 20000), 3);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, EPOCH + 10000, 1);
	assert_int_equal(look(store, "s1").stock_left, 2);
	assert_int_equal(sale_stock(store, "s1", 2, 21000), 3); /* same: no version */

	/* sold out before time, right when the stock reaches 0 */
	assert_int_equal(sale_stock(store, "s1", 0, 30000), 4);
	EXPECT_SALE(store, "s1", LK_SALE_SOLD_OUT, EPOCH + 30000, 2);
	assert_int_equal(lk_store_tick(store, 30000 + LK_SALE_END_HOLD_MS - 1), 4);
	/* final: time up changes nothing (the version is the end hold running out) */
	assert_int_equal(lk_store_tick(store, 70000), 5);
	EXPECT_SALE(store, "s1", LK_SALE_SOLD_OUT, EPOCH + 30000, 2);
	assert_false(look(store, "s1").current);

	/* stock events for a sale without a limit, or an unknown sale: ignored */
	put(store, make_sale("s2", "p2", 0, EPOCH + 80000, EPOCH + 90000, LK_SALE_NO_LIMIT), 80000);
	uint64_t v = look(store, "s2").version;
	assert_int_equal(sale_stock(store, "s2", 0, 81000), v);
	assert_int_equal(sale_stock(store, "nope", 0, 81000), v);
	EXPECT_SALE(store, "s2", LK_SALE_LIVE, EPOCH + 80000, 1);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_sold_out_by_product_stock(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);
	struct lk_events evs;

	put(store, make_sale("s1", "p3", 0, EPOCH + 10000, EPOCH + 70000, LK_SALE_NO_LIMIT), 12000);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, EPOCH + 10000, 1);
	lk_events_init(&evs);
	lk_events_stock(&evs, "p3", 2, 10);
	assert_int_equal(apply(store, &evs, 20000), 3);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, EPOCH + 10000, 1);

	/* the product's last unit goes: the sale sells out in the same version */
	lk_events_init(&evs);
	lk_events_stock(&evs, "p3", 0, 12);
	assert_int_equal(apply(store, &evs, 25000), 4);
	EXPECT_SALE(store, "s1", LK_SALE_SOLD_OUT, EPOCH + 25000, 2);

	/* a product that has nothing left when its sale goes live sells it out
	 * at once: it is never published as live */
	put(store, make_sale("s2", "p3", 3000, EPOCH + 40000, EPOCH + 70000, LK_SALE_NO_LIMIT), 30000);
	EXPECT_SALE(store, "s2", LK_SALE_SCHEDULED, EPOCH + 30000, 1);
	lk_store_tick(store, 37000);
	EXPECT_SALE(store, "s2", LK_SALE_PREROLL, EPOCH + 37000, 2);
	lk_store_tick(store, 40020);
	EXPECT_SALE(store, "s2", LK_SALE_SOLD_OUT, EPOCH + 40020, 3);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

/* Stock left 0 before the start sells out at the start, unless it comes back. */
static void test_stock_zero_before_start(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);

	put(store, make_sale("s1", "p1", 5000, EPOCH + 10000, EPOCH + 70000, 3), 6000);
	EXPECT_SALE(store, "s1", LK_SALE_PREROLL, EPOCH + 5000, 1);
	sale_stock(store, "s1", 0, 7000);
	EXPECT_SALE(store, "s1", LK_SALE_PREROLL, EPOCH + 5000, 1);
	sale_stock(store, "s1", 2, 8000); /* back before the start */
	lk_store_tick(store, 10000);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, EPOCH + 10000, 2);

	put(store, make_sale("s2", "p2", 5000, EPOCH + 20000, EPOCH + 70000, 3), 16000);
	sale_stock(store, "s2", 0, 17000);
	lk_store_tick(store, 19999);
	EXPECT_SALE(store, "s2", LK_SALE_PREROLL, EPOCH + 15000, 1);
	lk_store_tick(store, 20050);
	EXPECT_SALE(store, "s2", LK_SALE_SOLD_OUT, EPOCH + 20000, 2);

	/* a put with a limit of 0 is sold out from its start */
	put(store, make_sale("s3", "p2", 0, EPOCH + 30000, EPOCH + 70000, 0), 30000);
	EXPECT_SALE(store, "s3", LK_SALE_SOLD_OUT, EPOCH + 30000, 1);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_stop_by_anchor(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);

	put(store, make_sale("s1", "p1", 0, EPOCH + 10000, EPOCH + 70000, 5), 10000);
	assert_int_equal(stop(store, "s1", EPOCH + 30000, 30200), 3);
	EXPECT_SALE(store, "s1", LK_SALE_STOPPED, EPOCH + 30000, 2);
	assert_int_equal(stop(store, "s1", EPOCH + 31000, 31000), 3); /* finished: ignored */
	assert_int_equal(stop(store, "nope", EPOCH + 31000, 31000), 3);
	lk_store_tick(store, 70000);
	EXPECT_SALE(store, "s1", LK_SALE_STOPPED, EPOCH + 30000, 2);

	/* stopped in its pre-roll (id NULL = the current sale): never goes live */
	put(store, make_sale("s2", "p2", 5000, EPOCH + 50000, EPOCH + 90000, LK_SALE_NO_LIMIT), 46000);
	EXPECT_SALE(store, "s2", LK_SALE_PREROLL, EPOCH + 45000, 1);
	stop(store, NULL, EPOCH + 47000, 47000);
	EXPECT_SALE(store, "s2", LK_SALE_STOPPED, EPOCH + 47000, 2);
	lk_store_tick(store, 50000);
	EXPECT_SALE(store, "s2", LK_SALE_STOPPED, EPOCH + 47000, 2);

	/* a re-put from the platform that does not know of the stop keeps it */
	put(store, make_sale("s2", "p2", 5000, EPOCH + 50000, EPOCH + 95000, LK_SALE_NO_LIMIT), 51000);
	EXPECT_SALE(store, "s2", LK_SALE_STOPPED, EPOCH + 47000, 2);
	assert_int_equal(look(store, "s2").end_ms, EPOCH + 95000);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static struct lk_sale *stopped_sale(int64_t stop_ms)
{
	struct lk_sale *s = make_sale("s3", "p3", 0, EPOCH + 10000, EPOCH + 70000, LK_SALE_NO_LIMIT);
	s->stopped = true;
	s->stop_ms = stop_ms;
	return s;
}

/* The platform's word on a stopped sale, again and again: the earliest stop
 * time known wins (each word dates the stop no earlier than it happened),
 * and a better date moves the state's time without a new change of state. */
static void test_put_stop_dated_earliest(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);

	put(store, make_sale("s3", "p3", 0, EPOCH + 10000, EPOCH + 70000, LK_SALE_NO_LIMIT), 12000);
	EXPECT_SALE(store, "s3", LK_SALE_LIVE, EPOCH + 10000, 1);
	put(store, stopped_sale(EPOCH + 21000), 21000);
	EXPECT_SALE(store, "s3", LK_SALE_STOPPED, EPOCH + 21000, 2);
	put(store, stopped_sale(EPOCH + 22000), 22000); /* a later word: no later stop */
	EXPECT_SALE(store, "s3", LK_SALE_STOPPED, EPOCH + 21000, 2);
	put(store, stopped_sale(EPOCH + 20000), 22500); /* a better one: the stop moves back */
	EXPECT_SALE(store, "s3", LK_SALE_STOPPED, EPOCH + 20000, 2);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_put_replace(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);

	assert_int_equal(put(store, make_sale("s1", "p1", 0, EPOCH + 10000, EPOCH + 70000, 10), 20000), 2);
	struct lk_snapshot *before = lk_store_get(store);
	/* the same again: no version, same object */
	assert_int_equal(put(store, make_sale("s1", "p1", 0, EPOCH + 10000, EPOCH + 70000, 10), 21000), 2);
	struct lk_snapshot *same = lk_store_get(store);
	assert_ptr_equal(lk_snapshot_find_sale(same, "s1"), lk_snapshot_find_sale(before, "s1"));
	lk_snapshot_release(same);

	/* extended while live: same state, new end, and the old snapshot keeps its sale */
	assert_int_equal(put(store, make_sale("s1", "p1", 0, EPOCH + 10000, EPOCH + 130000, 10), 60000), 3);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, EPOCH + 10000, 1);
	assert_int_equal(lk_store_tick(store, 70000), 3);
	assert_int_equal(lk_snapshot_find_sale(before, "s1")->end_ms, EPOCH + 70000);
	lk_snapshot_release(before);

	/* a put is the platform's word: an ended sale given a later end is live again */
	lk_store_tick(store, 130000);
	EXPECT_SALE(store, "s1", LK_SALE_ENDED, EPOCH + 130000, 2);
	put(store, make_sale("s1", "p1", 0, EPOCH + 10000, EPOCH + 200000, 10), 140000);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, EPOCH + 10000, 3);

	/* a limit with no stock left given means all of it is left */
	struct lk_sale *s = make_sale("s2", "p2", 0, EPOCH + 150000, EPOCH + 200000, 7);
	s->stock_left = LK_SALE_NO_LIMIT;
	put(store, s, 150000);
	assert_int_equal(look(store, "s2").stock_left, 7);

	/* nameless sales are dropped */
	uint64_t v = look(store, "s2").version;
	assert_int_equal(put(store, make_sale("", "p2", 0, EPOCH, EPOCH + 1000, 1), 150000), v);
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_push(&evs, LK_EV_SALE_PUT); /* no sale at all */
	assert_int_equal(apply(store, &evs, 150000), v);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

/* Platform 5 s ahead of local: the sale ends at the platform's end time,
 * which is local end - 5 s. */
static void test_clock_offset(void **state)
{
	(void)state;
	long start = bnum_allocs();
	const int64_t local = 1000000, ahead = 5000;
	struct lk_store *store = new_store(local, local + ahead);
	const int64_t end = local + ahead + 60000; /* platform ms */

	struct lk_snapshot *snap = lk_store_get(store);
	assert_int_equal(lk_snapshot_platform_now(snap, local + 10), local + ahead + 10);
	lk_snapshot_release(snap);

	put(store, make_sale("s1", "p1", 0, local + ahead, end, LK_SALE_NO_LIMIT), local);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, local + ahead, 1);
	snap = lk_store_get(store);
	assert_int_equal(lk_snapshot_next_tick_ms(snap, local + 100), end - ahead);
	assert_int_equal(lk_clock_map_local(&snap->clock, end), end - ahead);
	lk_snapshot_release(snap);

	lk_store_tick(store, end - ahead - 1);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, local + ahead, 1);
	lk_store_tick(store, end - ahead);
	EXPECT_SALE(store, "s1", LK_SALE_ENDED, end, 2);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

/* The PC's wall clock jumps an hour mid-sale. Linkon never reads it: samples
 * use the monotonic clock, so the countdown's end in local monotonic time
 * stays put. A sample stamped with the jumped wall clock is an outlier and
 * is held back; a small real drift slews the end, never jumps it. */
struct fake_pc {
	int64_t mono; /* what lk_now_ms would say */
	int64_t wall; /* what the PC's calendar clock says */
};

static void test_system_clock_jump(void **state)
{
	(void)state;
	long start = bnum_allocs();
	const int64_t offset = EPOCH - 1000000;     /* platform = mono + offset */
	struct fake_pc pc = {1000000, EPOCH - 250}; /* the wall clock is a bit off to begin with */
	struct lk_store *store = new_store(pc.mono, pc.mono + offset);
	const int64_t end = EPOCH + 120000;

	put(store, make_sale("s1", "p1", 0, EPOCH, end, LK_SALE_NO_LIMIT), pc.mono);
	struct lk_snapshot *snap = lk_store_get(store);
	const int64_t end_local = lk_clock_map_local(&snap->clock, end);
	assert_int_equal(end_local, end - offset);
	lk_snapshot_release(snap);

	/* 10 s on, the wall clock jumps an hour ahead; the monotonic one does not */
	pc.mono += 10000;
	pc.wall += 10000 + 3600000;
	uint64_t v = look(store, "s1").version;
	assert_int_equal(server_time(store, pc.mono + 30 + offset, pc.mono, pc.mono + 60, pc.mono + 60), v);
	pc.mono += 60;
	snap = lk_store_get(store);
	assert_int_equal(lk_clock_map_local(&snap->clock, end), end_local);
	lk_snapshot_release(snap);

	/* a sample stamped with the wall clock (as a careless connector would):
	 * an hour off, held back: nothing published, the end stays put */
	assert_int_equal(server_time(store, pc.mono + 1030 + offset, pc.wall + 1000, pc.wall + 1060, pc.mono + 1060),
			 v);
	assert_int_equal(server_time(store, pc.mono + 2030 + offset, pc.wall + 2000, pc.wall + 2060, pc.mono + 2060),
			 v);
	snap = lk_store_get(store);
	assert_int_equal(lk_clock_map_local(&snap->clock, end), end_local);
	lk_snapshot_release(snap);

	/* the platform's clock drifted 400 ms ahead: the end slews towards
	 * end_local - 400 at 50 ms per second, no jump */
	pc.mono += 3000;
	struct lk_snapshot *old = lk_store_get(store);
	assert_int_equal(server_time(store, pc.mono + offset + 400, pc.mono, pc.mono, pc.mono), v + 1);
	snap = lk_store_get(store);
	assert_int_equal(lk_snapshot_platform_now(snap, pc.mono), lk_snapshot_platform_now(old, pc.mono));
	assert_int_equal(lk_snapshot_platform_now(snap, pc.mono + 1000),
			 lk_snapshot_platform_now(old, pc.mono + 1000) + 50);
	assert_int_equal(lk_clock_map_local(&snap->clock, end), end_local - 400);
	lk_snapshot_release(snap);
	lk_snapshot_release(old);

	lk_store_tick(store, end_local - 401);
	EXPECT_SALE(store, "s1", LK_SALE_LIVE, EPOCH, 1);
	lk_store_tick(store, end_local - 400);
	EXPECT_SALE(store, "s1", LK_SALE_ENDED, end, 2);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_current_sale(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);
	char buf[32];

	put(store, make_sale("a", "p1", 0, EPOCH, EPOCH + 60000, LK_SALE_NO_LIMIT), 0);
	put(store, make_sale("b", "p2", 3000, EPOCH + 66000, EPOCH + 126000, LK_SALE_NO_LIMIT), 1000);
	assert_string_equal(current_id(store, buf, sizeof(buf)), "a"); /* live beats scheduled */
	lk_store_tick(store, 60000);
	assert_string_equal(current_id(store, buf, sizeof(buf)), "a"); /* ended, in its hold, beats scheduled */
	lk_store_tick(store, 63000);
	assert_string_equal(current_id(store, buf, sizeof(buf)), "b"); /* pre-roll beats ended */
	lk_store_tick(store, 66000);
	assert_string_equal(current_id(store, buf, sizeof(buf)), "b");
	EXPECT_SALE(store, "b", LK_SALE_LIVE, EPOCH + 66000, 3);

	/* two live sales: the one that started last */
	put(store, make_sale("c", "p3", 0, EPOCH + 70000, EPOCH + 80000, LK_SALE_NO_LIMIT), 70000);
	assert_string_equal(current_id(store, buf, sizeof(buf)), "c");
	lk_store_tick(store, 80000);
	assert_string_equal(current_id(store, buf, sizeof(buf)), "b"); /* live beats the ended c */

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_keeps_at_most_max_sales(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_store *store = new_store(0, EPOCH);
	char id[16];

	for (int i = 0; i < 40; i++) {
		snprintf(id, sizeof(id), "s%02d", i);
		put(store, make_sale(id, "p1", 0, EPOCH + i * 1000, EPOCH + i * 1000 + 500, LK_SALE_NO_LIMIT),
		    i * 1000 + 600);
	}
	struct lk_snapshot *snap = lk_store_get(store);
	assert_int_equal(snap->num_sales, 32);
	assert_null(lk_snapshot_find_sale(snap, "s00"));
	assert_null(lk_snapshot_find_sale(snap, "s07"));
	assert_non_null(lk_snapshot_find_sale(snap, "s08"));
	assert_non_null(lk_snapshot_find_sale(snap, "s39"));
	assert_string_equal(snap->current_sale->id, "s39");
	lk_snapshot_release(snap);

	lk_store_destroy(store);
	assert_int_equal(bnum_allocs(), start);
}

static void test_event_helpers(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_events evs;

	lk_events_init(&evs);
	lk_events_server_time(&evs, 777, 10, 30);
	lk_events_sale_put(&evs, lk_sale_new("s", "p"));
	lk_events_sale_stop(&evs, "s", 999);
	lk_events_sale_stop(&evs, NULL, 1000);
	lk_events_sale_stock(&evs, "s", 4);
	assert_int_equal(evs.da.num, 5);
	assert_int_equal(evs.da.array[0].type, LK_EV_SERVER_TIME);
	assert_int_equal(evs.da.array[0].server_time_ms, 777);
	assert_int_equal(evs.da.array[0].local_send_ms, 10);
	assert_int_equal(evs.da.array[0].local_ms, 30);
	assert_int_equal(evs.da.array[1].type, LK_EV_SALE_PUT);
	assert_string_equal(evs.da.array[1].sale->id, "s");
	assert_int_equal(evs.da.array[2].type, LK_EV_SALE_STOP);
	assert_string_equal(evs.da.array[2].id, "s");
	assert_int_equal(evs.da.array[2].at_ms, 999);
	assert_null(evs.da.array[3].id);
	assert_int_equal(evs.da.array[4].type, LK_EV_SALE_STOCK);
	assert_int_equal(evs.da.array[4].stock, 4);
	lk_events_free(&evs); /* frees the sale too */
	assert_int_equal(bnum_allocs(), start);
}

/* ---- the demo shop as a sale platform ------------------------------------- */

static void demo_run(struct lk_demo_shop *shop, struct lk_store *store, int64_t from, int64_t to, int64_t *min_left)
{
	struct lk_events evs;

	for (int64_t t = from; t <= to; t += 50) {
		lk_events_init(&evs);
		lk_demo_shop_step(shop, t, &evs);
		for (size_t i = 0; i < evs.da.num; i++) {
			if (evs.da.array[i].type == LK_EV_SALE_STOCK) {
				assert_true(evs.da.array[i].stock >= 0);
				assert_true(evs.da.array[i].stock < *min_left); /* only ever counts down */
				*min_left = evs.da.array[i].stock;
			}
		}
		apply(store, &evs, t);
		lk_store_tick(store, t);
	}
}

static int64_t product_sold(struct lk_store *store, const char *id)
{
	struct lk_snapshot *snap = lk_store_get(store);
	int64_t sold = lk_snapshot_find(snap, id)->sold;
	lk_snapshot_release(snap);
	return sold;
}

static void test_demo_shop_sale(void **state)
{
	(void)state;
	long start = bnum_allocs();
	struct lk_demo_config cfg = {.seed = 7, .order_every_ms = 200, .pin_every_ms = -1};
	struct lk_demo_shop *shop = lk_demo_shop_create(&cfg);
	struct lk_store *store = lk_store_create();
	struct lk_events evs;
	const int64_t t0 = 5000;
	struct lk_sale_params p = {.product_id = "demo-01",
				   .duration_ms = 600000,
				   .has_stock = true,
				   .stock = 5,
				   .preroll_ms = 3000};

	lk_events_init(&evs);
	assert_false(lk_demo_shop_start_sale(shop, &p, t0, &evs)); /* not started */
	lk_demo_shop_start(shop, t0, &evs);
	apply(store, &evs, t0);
	struct lk_snapshot *snap = lk_store_get(store);
	const int64_t offset = snap->clock_offset_ms;
	lk_snapshot_release(snap);

	lk_events_init(&evs);
	struct lk_sale_params bad = p;
	bad.product_id = "nope";
	assert_false(lk_demo_shop_start_sale(shop, &bad, t0, &evs));
	assert_true(lk_demo_shop_start_sale(shop, &p, t0, &evs));
	assert_false(lk_demo_shop_start_sale(shop, &p, t0, &evs)); /* one at a time */
	assert_int_equal(evs.da.num, 1);
	const struct lk_sale *put_sale = evs.da.array[0].sale;
	assert_string_equal(put_sale->id, "demo-sale-1");
	assert_int_equal(put_sale->start_ms, t0 + offset + 3000);
	assert_int_equal(put_sale->end_ms, t0 + offset + 603000);
	assert_int_equal(put_sale->stock_limit, 5);
	apply(store, &evs, t0);
	EXPECT_SALE(store, "demo-sale-1", LK_SALE_PREROLL, t0 + offset, 1);

	/* the pre-roll sells nothing of the sale; then it sells out well before time */
	int64_t left = 6, sold_before = product_sold(store, "demo-01");
	demo_run(shop, store, t0 + 50, t0 + 2950, &left);
	assert_int_equal(left, 6);
	demo_run(shop, store, t0 + 3000, t0 + 60000, &left);
	assert_int_equal(left, 0);
	struct seen s = look(store, "demo-sale-1");
	assert_int_equal(s.state, LK_SALE_SOLD_OUT);
	assert_true(s.state_ms > t0 + offset + 3000 && s.state_ms < t0 + offset + 60000);
	assert_int_equal(s.stock_left, 0);
	assert_true(product_sold(store, "demo-01") >= sold_before + 5);

	/* the next sale runs until the anchor stops it */
	lk_events_init(&evs);
	p.has_stock = false;
	p.preroll_ms = 0;
	assert_true(lk_demo_shop_start_sale(shop, &p, t0 + 61000, &evs));
	assert_false(lk_demo_shop_stop_sale(shop, "demo-sale-1", t0 + 62000, &evs));
	assert_true(lk_demo_shop_stop_sale(shop, NULL, t0 + 62000, &evs));
	assert_false(lk_demo_shop_stop_sale(shop, NULL, t0 + 62000, &evs));
	apply(store, &evs, t0 + 62000);
	EXPECT_SALE(store, "demo-sale-2", LK_SALE_STOPPED, t0 + offset + 62000, 2);

	lk_store_destroy(store);
	lk_demo_shop_destroy(shop);
	assert_int_equal(bnum_allocs(), start);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_late_tick),
		cmocka_unit_test(test_sold_out_by_sale_stock),
		cmocka_unit_test(test_sold_out_by_product_stock),
		cmocka_unit_test(test_stock_zero_before_start),
		cmocka_unit_test(test_stop_by_anchor),
		cmocka_unit_test(test_put_replace),
		cmocka_unit_test(test_put_stop_dated_earliest),
		cmocka_unit_test(test_clock_offset),
		cmocka_unit_test(test_system_clock_jump),
		cmocka_unit_test(test_current_sale),
		cmocka_unit_test(test_keeps_at_most_max_sales),
		cmocka_unit_test(test_event_helpers),
		cmocka_unit_test(test_demo_shop_sale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
