/*
 * Linkon — unit tests for the docks' view model (plugin/frontend/dock/
 * lk-dock-model.h): status colour and text per connection state, catalog
 * rows, search (CJK and full-width included), what is enabled when, the
 * "3, 2, 1" countdown, the flash-sale panel, typed prices and durations,
 * drop descriptions, gift lines, and that every text key the model uses is
 * translated in en-US and zh-CN. Text comes from locale/en-US.ini itself.
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
#include <util/text-lookup.h>

#include "core/lk-alerts.h"
#include "core/lk-claims.h"
#include "core/lk-command.h"
#include "frontend/dock/lk-dock-model.h"

#define EPOCH 1767268800000LL /* platform = local + EPOCH */

static lookup_t *en_text;

static const char *tr(const char *key)
{
	const char *out = NULL;
	return en_text && text_lookup_getstr(en_text, key, &out) ? out : key;
}

static lookup_t *load_locale(const char *name)
{
	struct dstr path = {0};
	dstr_printf(&path, "%s/locale/%s.ini", LK_SOURCE_DIR, name);
	lookup_t *l = text_lookup_create(path.array);
	dstr_free(&path);
	assert_non_null(l);
	return l;
}

static struct lk_product *product(const char *id, const char *title, int64_t price, int64_t stock)
{
	struct lk_product *p = lk_product_new(id);
	lk_product_set_currency(p, "CNY");
	lk_product_set_str(&p->title, title);
	p->price = price;
	p->stock = stock;
	return p;
}

/* Catalog: p1 … p6, cart p3 p1 p2 (p1 pinned); p4 sold out; p5 CJK. */
static struct lk_store *new_store(void)
{
	static const char *const cart[] = {"p3", "p1", "p2"};
	struct lk_store *store = lk_store_create();
	struct lk_events evs;

	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->products = bzalloc(6 * sizeof(*ev->products));
	ev->num_products = 6;
	ev->products[0] = product("p1", "Apple iPhone 15 Pro", 799900, 50);
	ev->products[0]->original_price = 899900;
	ev->products[0]->sold = 12345;
	lk_product_set_str(&ev->products[0]->sku, "IP15-PRO");
	lk_product_set_str(&ev->products[0]->buy_url, "https://www.shop.example/p/iphone?ref=live#top");
	ev->products[1] = product("p2", "USB-C Cable", 1990, 7);
	ev->products[2] = product("p3", "Wireless Earbuds", 29900, LK_STOCK_UNKNOWN);
	ev->products[3] = product("p4", "Phone Case", 4900, 0);
	ev->products[4] = product("p5", "丝绒口红 #520 限量版", 12900, 300);
	ev->products[4]->stock_total = 4000;
	ev->products[5] = product("p6", NULL, 500, 100);
	lk_events_cart(&evs, cart, 3);
	lk_events_pin(&evs, "p1");
	lk_events_server_time(&evs, EPOCH, 0, 0);
	lk_store_apply_at(store, &evs, 0);
	lk_events_free(&evs);
	return store;
}

static void run_cmd(struct lk_store *store, const struct lk_command *cmd, int64_t now)
{
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_command_result res;
	struct lk_events evs;

	assert_true(lk_command_check(snap, cmd, &res, NULL));
	lk_events_init(&evs);
	lk_command_events(&res, lk_snapshot_platform_now(snap, now), &evs);
	lk_store_apply_at(store, &evs, now);
	lk_events_free(&evs);
	lk_command_result_free(&res);
	lk_snapshot_release(snap);
}

static void start_sale(struct lk_store *store, const char *id, int64_t now)
{
	struct lk_command c = {.type = LK_CMD_SALE_START};
	c.sale.product_id = id;
	c.sale.has_price = true;
	c.sale.sale_price = 5990;
	c.sale.duration_ms = 300000;
	c.sale.has_stock = true;
	c.sale.stock = 20;
	c.sale.preroll_ms = 10000;
	run_cmd(store, &c, now);
}

/* ---- buy link ------------------------------------------------------------- */

static void test_buy_link(void **state)
{
	struct lk_store *store = new_store();
	struct lk_snapshot *snap = lk_store_get(store);
	struct dstr url = {0}, shortl = {0};

	/* p1 is pinned and has a link: UTM added before the fragment */
	assert_true(lk_dock_buy_link(&url, &shortl, snap, "2026-12-03"));
	assert_string_equal(url.array, "https://www.shop.example/p/iphone?ref=live&utm_source=linkon&utm_medium=live"
				       "&utm_campaign=2026-12-03&utm_content=p1#top");
	assert_string_equal(shortl.array, "shop.example/p/iphone");
	lk_snapshot_release(snap);

	/* pinned product without a link, and nothing pinned: empty */
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_pin(&evs, "p2");
	lk_store_apply_at(store, &evs, 0);
	lk_events_free(&evs);
	snap = lk_store_get(store);
	assert_false(lk_dock_buy_link(&url, &shortl, snap, NULL));
	assert_string_equal(url.array, "");
	assert_string_equal(shortl.array, "");
	lk_snapshot_release(snap);
	assert_false(lk_dock_buy_link(&url, &shortl, NULL, NULL));

	dstr_free(&url);
	dstr_free(&shortl);
	lk_store_destroy(store);
}

/* ---- connection ------------------------------------------------------------ */

static void test_status_per_state(void **state)
{
	static const struct {
		enum lk_conn_state st;
		uint32_t color;
		const char *text;
	} cases[] = {
		{LK_CONN_IDLE, 0x8A8F98, "Not connected"},        {LK_CONN_CONNECTING, 0x3D8BFD, "Connecting…"},
		{LK_CONN_CONNECTED, 0x2EB85C, "Connected"},       {LK_CONN_SYNCING, 0x3D8BFD, "Syncing…"},
		{LK_CONN_OFFLINE, 0xF0A020, "Offline"},           {LK_CONN_AUTH_FAILED, 0xE5484D, "Token refused"},
		{LK_CONN_PROTOCOL_ERROR, 0xE5484D, "Shop error"},
	};
	struct dstr s = {0};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(lk_dock_status_color(cases[i].st), cases[i].color);
		assert_string_equal(tr(lk_dock_status_key(cases[i].st)), cases[i].text);
	}
	struct lk_status st = {.state = LK_CONN_CONNECTED, .connector = "demo"};
	assert_string_equal(lk_dock_status_line(&s, &st, tr), "Connected · Demo shop");
	st.connector = "acme";
	assert_string_equal(lk_dock_status_line(&s, &st, tr), "Connected · acme");
	st.connector = NULL;
	assert_string_equal(lk_dock_status_line(&s, &st, tr), "Connected");
	dstr_free(&s);
}

static void test_status_details(void **state)
{
	struct dstr s = {0};
	struct lk_status st = {.state = LK_CONN_CONNECTED, .connector = "bridge", .last_sync_ms = 10000};

	assert_string_equal(lk_dock_sync_text(&s, &st, 10500, tr), "Synced just now");
	assert_string_equal(lk_dock_sync_text(&s, &st, 22900, tr), "Last sync 12 s ago");
	assert_string_equal(lk_dock_sync_text(&s, &st, 10000 + 185000, tr), "Last sync 3 min ago");
	assert_string_equal(lk_dock_retry_text(&s, &st, 0, tr), "");
	assert_string_equal(lk_dock_error_text(&s, &st, tr), "");

	st.state = LK_CONN_OFFLINE;
	st.next_retry_ms = 30000;
	st.message = "could not reach 127.0.0.1:9 (connection refused)";
	assert_string_equal(lk_dock_retry_text(&s, &st, 25500, tr), "Next try in 5 s");
	assert_string_equal(lk_dock_retry_text(&s, &st, 29500, tr), "Trying again now");
	assert_string_equal(lk_dock_error_text(&s, &st, tr), st.message);
	st.message = NULL;
	assert_string_equal(lk_dock_error_text(&s, &st, tr), tr("Dock.Error.Offline"));

	st.state = LK_CONN_AUTH_FAILED;
	st.last_sync_ms = 0;
	assert_string_equal(lk_dock_sync_text(&s, &st, 5000, tr), "Not synced yet");
	assert_string_equal(lk_dock_retry_text(&s, &st, 0, tr), ""); /* no retry until settings change */
	assert_string_equal(lk_dock_error_text(&s, &st, tr), tr("Dock.Error.AuthFailed"));
	st.state = LK_CONN_IDLE;
	assert_string_equal(lk_dock_sync_text(&s, &st, 5000, tr), "");
	st.state = LK_CONN_CONNECTED; /* the demo keeps no sync time */
	assert_string_equal(lk_dock_sync_text(&s, &st, 5000, tr), "");
	st.state = LK_CONN_SYNCING;
	assert_string_equal(lk_dock_sync_text(&s, &st, 5000, tr), "Not synced yet");
	dstr_free(&s);
}

static void test_spans_and_clocks(void **state)
{
	struct dstr s = {0};

	assert_string_equal(lk_dock_span(&s, 0, tr), "0 s");
	assert_string_equal(lk_dock_span(&s, 59999, tr), "59 s");
	assert_string_equal(lk_dock_span(&s, 60000, tr), "1 min");
	assert_string_equal(lk_dock_span(&s, 7200000, tr), "2 h");
	assert_string_equal(lk_dock_span(&s, 7500000, tr), "2 h 5 min");
	assert_string_equal(lk_dock_clock(&s, 299001), "05:00");
	assert_string_equal(lk_dock_clock(&s, 1), "00:01");
	assert_string_equal(lk_dock_clock(&s, -5), "00:00");
	assert_string_equal(lk_dock_clock(&s, 3723000), "1:02:03");
	assert_string_equal(lk_dock_int(&s, 0), "0");
	assert_string_equal(lk_dock_int(&s, 3400), "3,400");
	assert_string_equal(lk_dock_int(&s, -1234567), "-1,234,567");
	assert_string_equal(lk_dock_fill(&s, "%1 of %2 (100%%)", "a", NULL), "a of  (100%)");
	dstr_free(&s);
}

/* ---- catalog ------------------------------------------------------------------ */

static void test_rows(void **state)
{
	struct lk_store *store = new_store();
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_dock_row row;

	lk_dock_row_init(&row);
	lk_dock_row_fill(&row, snap, lk_snapshot_find(snap, "p1"), "en-US", tr);
	assert_string_equal(row.title.array, "Apple iPhone 15 Pro");
	assert_string_equal(row.price.array, "¥7,999.00");
	assert_string_equal(row.original.array, "¥8,999.00");
	assert_string_equal(row.stock.array, "50 left");
	assert_string_equal(row.slot.array, "#2");
	assert_true(row.pinned && row.in_cart && !row.sold_out && !row.low_stock);
	assert_non_null(strstr(row.tooltip.array, "SKU: IP15-PRO"));
	assert_non_null(strstr(row.tooltip.array, "12.3k sold"));

	lk_dock_row_fill(&row, snap, lk_snapshot_find(snap, "p2"), "en-US", tr);
	assert_string_equal(row.original.array, "");
	assert_true(row.low_stock && !row.pinned);
	lk_dock_row_fill(&row, snap, lk_snapshot_find(snap, "p3"), "en-US", tr);
	assert_string_equal(row.stock.array, "");
	assert_string_equal(row.slot.array, "#1");
	lk_dock_row_fill(&row, snap, lk_snapshot_find(snap, "p4"), "en-US", tr);
	assert_string_equal(row.stock.array, "Sold out");
	assert_true(row.sold_out && !row.in_cart && !row.low_stock);
	assert_string_equal(row.slot.array, "");
	lk_dock_row_fill(&row, snap, lk_snapshot_find(snap, "p5"), "zh-CN", tr);
	assert_true(row.low_stock); /* 300 of 4000 */
	lk_dock_row_fill(&row, snap, lk_snapshot_find(snap, "p6"), "en-US", tr);
	assert_string_equal(row.title.array, "p6"); /* no title: the id */

	/* live-room claims follow the stock: "50 left · Wanted: 23", or alone */
	struct lk_claims *claims = lk_claims_create();
	int64_t n = 0;
	char viewer[16];
	for (int i = 0; i < 23; i++) {
		snprintf(viewer, sizeof(viewer), "v%d", i);
		assert_true(lk_claims_add(claims, "tiktok", viewer, "p1", &n));
	}
	assert_true(lk_claims_add(claims, "tiktok", "v0", "p3", &n));
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_claims(&evs, lk_claims_table(claims));
	lk_store_apply(store, &evs);
	lk_events_free(&evs);
	lk_claims_destroy(claims);
	lk_snapshot_release(snap);
	snap = lk_store_get(store);
	lk_dock_row_fill(&row, snap, lk_snapshot_find(snap, "p1"), "en-US", tr);
	assert_string_equal(row.stock.array, "50 left \xC2\xB7 Wanted: 23");
	lk_dock_row_fill(&row, snap, lk_snapshot_find(snap, "p3"), "en-US", tr);
	assert_string_equal(row.stock.array, "Wanted: 1");

	lk_dock_row_free(&row);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
}

/* ---- the catalog: only rows in view, only rows that changed ---------------------- */

static void test_rows_near_view(void **state)
{
	int first, last;

	/* 5,000 rows of 52 px, a 520 px view: 10 in view + 2, a screen either side */
	lk_dock_rows_near_view(5000, 0, 52, 520, &first, &last);
	assert_int_equal(first, 0);
	assert_int_equal(last, 24);
	lk_dock_rows_near_view(5000, 2000, 52, 520, &first, &last);
	assert_int_equal(first, 1988);
	assert_int_equal(last, 2024);
	lk_dock_rows_near_view(5000, 4995, 52, 520, &first, &last);
	assert_int_equal(first, 4983);
	assert_int_equal(last, 5000);
	lk_dock_rows_near_view(5000, 9000, 52, 520, &first, &last); /* past the end: the last rows */
	assert_int_equal(last, 5000);
	assert_true(first < last);
	lk_dock_rows_near_view(6, 0, 52, 520, &first, &last); /* all in view */
	assert_int_equal(first, 0);
	assert_int_equal(last, 6);
	lk_dock_rows_near_view(0, 0, 52, 520, &first, &last);
	assert_int_equal(last - first, 0);
	lk_dock_rows_near_view(300, -1, 0, 520, &first, &last); /* row height not known yet: all */
	assert_int_equal(first, 0);
	assert_int_equal(last, 300);
}

#define BIG 5000

/* The catalog dock's list, as lk-dock-catalog.cpp keeps it: the ids in list
 * order, and one stamp per row (0 = never filled). */
struct sim_list {
	int num;
	char ids[BIG][8];
	uint64_t stamps[BIG];
	int filled[BIG]; /* times each row was filled */
};

/* What LkCatalogPanel::update_rows does: rows near the view whose stamp
 * changed are filled. Returns how many were filled. */
static int sim_update(struct sim_list *l, const struct lk_snapshot *snap, int top_row)
{
	struct lk_dock_row row;
	int first, last, n = 0;

	lk_dock_row_init(&row);
	lk_dock_rows_near_view(l->num, top_row, 52, 520, &first, &last);
	for (int i = first; i < last; i++) {
		const struct lk_product *p = lk_snapshot_find(snap, l->ids[i]);
		uint64_t stamp = lk_dock_row_stamp(snap, p);
		if (l->stamps[i] == stamp)
			continue;
		l->stamps[i] = stamp;
		lk_dock_row_fill(&row, snap, p, "en-US", tr);
		l->filled[i]++;
		n++;
	}
	lk_dock_row_free(&row);
	return n;
}

static struct lk_store *big_store(void)
{
	static const char *const cart[] = {"b0", "b1", "b2"};
	struct lk_store *store = lk_store_create();
	struct lk_events evs;
	char id[16];

	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->products = bzalloc(BIG * sizeof(*ev->products));
	ev->num_products = BIG;
	for (int i = 0; i < BIG; i++) {
		snprintf(id, sizeof(id), "b%d", i);
		ev->products[i] = product(id, id, 1000 + i, 100);
	}
	lk_events_cart(&evs, cart, 3);
	lk_events_pin(&evs, "b1");
	lk_store_apply_at(store, &evs, 0);
	lk_events_free(&evs);
	return store;
}

static void apply(struct lk_store *store, struct lk_events *evs)
{
	lk_store_apply_at(store, evs, 0);
	lk_events_free(evs);
	lk_events_init(evs);
}

static void test_rows_partial_fill(void **state)
{
	struct lk_store *store = big_store();
	struct lk_snapshot *snap = lk_store_get(store);
	struct sim_list *l = bzalloc(sizeof(*l));
	struct lk_events evs;

	lk_dock_product_list found;
	da_init(found);
	lk_dock_filter(snap, "", &found);
	assert_int_equal(found.num, BIG);
	l->num = (int)found.num;
	for (size_t i = 0; i < found.num; i++)
		snprintf(l->ids[i], sizeof(l->ids[i]), "%s", found.array[i]->id);
	da_free(found);
	/* the first fill: only the rows near the view, not 5,000 */
	assert_int_equal(sim_update(l, snap, 0), 24);
	assert_int_equal(l->filled[23], 1);
	assert_int_equal(l->filled[24], 0);
	/* the same snapshot again (a thumbnail arrived, a resize): nothing */
	assert_int_equal(sim_update(l, snap, 0), 0);

	/* a sale of row 5 changes its stock: only that row */
	lk_events_init(&evs);
	lk_events_stock(&evs, "b5", 99, 1);
	apply(store, &evs);
	lk_snapshot_release(snap);
	snap = lk_store_get(store);
	assert_int_equal(sim_update(l, snap, 0), 1);
	assert_int_equal(l->filled[5], 2);

	/* far out of view: no row is filled, until it is scrolled to */
	lk_events_stock(&evs, "b4000", 7, 93);
	apply(store, &evs);
	lk_snapshot_release(snap);
	snap = lk_store_get(store);
	assert_int_equal(sim_update(l, snap, 0), 0);
	assert_int_equal(sim_update(l, snap, 3995), 4019 - 3983);
	assert_int_equal(l->filled[4000], 1);
	struct lk_dock_row row;
	lk_dock_row_init(&row);
	lk_dock_row_fill(&row, snap, lk_snapshot_find(snap, l->ids[4000]), "en-US", tr);
	assert_string_equal(row.stock.array, "7 left"); /* filled with the new stock */
	lk_dock_row_free(&row);
	/* scrolled back: those rows did not change */
	assert_int_equal(sim_update(l, snap, 0), 0);

	/* pinning another product: the old and the new pinned row */
	lk_events_pin(&evs, "b7");
	apply(store, &evs);
	lk_snapshot_release(snap);
	snap = lk_store_get(store);
	assert_int_equal(sim_update(l, snap, 0), 2);
	assert_int_equal(l->filled[1], 2); /* b1, cart slot 2: the cart comes first */
	assert_int_equal(l->filled[7], 2);

	/* a new title, a new price: that row; the same values again: none */
	struct lk_product *p = lk_product_clone(lk_snapshot_find(snap, "b9"));
	lk_product_set_str(&p->title, "b9 (new)");
	lk_events_put_product(&evs, p);
	apply(store, &evs);
	p = lk_product_clone(lk_snapshot_find(snap, "b10"));
	p->price++;
	lk_events_put_product(&evs, p);
	apply(store, &evs);
	lk_events_stock(&evs, "b11", 100, 0); /* as it was */
	apply(store, &evs);
	lk_snapshot_release(snap);
	snap = lk_store_get(store);
	assert_int_equal(sim_update(l, snap, 0), 2);
	assert_int_equal(l->filled[9], 2);
	assert_int_equal(l->filled[10], 2);
	assert_int_equal(l->filled[11], 1);

	/* a cart slot moves: the rows whose "#n" changed */
	static const char *const cart[] = {"b0", "b2", "b1"};
	lk_events_cart(&evs, cart, 3);
	apply(store, &evs);
	lk_snapshot_release(snap);
	snap = lk_store_get(store);
	assert_true(lk_dock_row_stamp(snap, lk_snapshot_find(snap, "b0")) == l->stamps[0]);
	assert_true(lk_dock_row_stamp(snap, lk_snapshot_find(snap, "b1")) != l->stamps[1]);
	assert_true(lk_dock_row_stamp(snap, lk_snapshot_find(snap, "b2")) != l->stamps[2]);
	assert_true(lk_dock_row_stamp(snap, lk_snapshot_find(snap, "b3")) == l->stamps[3]);

	/* 24 + 36 rows filled once, the 5 changed in view again: no other work */
	int total = 0;
	for (int i = 0; i < BIG; i++)
		total += l->filled[i];
	assert_int_equal(total, 24 + 36 + 1 + 2 + 2);

	bfree(l);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
}

/* ---- the control dock's timer ------------------------------------------------------ */

static struct lk_snapshot *with_status(struct lk_store *store, const struct lk_status *st)
{
	struct lk_events evs;
	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_STATUS);
	ev->status.state = st->state;
	ev->status.last_sync_ms = st->last_sync_ms;
	ev->status.next_retry_ms = st->next_retry_ms;
	lk_store_apply_at(store, &evs, 0);
	lk_events_free(&evs);
	return lk_store_get(store);
}

/* The timer fires when the words change: just before, they are the same
 * as now; at the tick they differ. */
static void assert_ticks_at_change(const struct lk_snapshot *snap, int64_t now,
				   const char *(*text)(struct dstr *, const struct lk_status *, int64_t,
						       lk_dock_text_fn))
{
	struct dstr a = {0}, b = {0};
	int64_t next = lk_dock_next_tick_ms(snap, false, true, now);

	assert_true(next > 0);
	text(&a, &snap->status, now, tr);
	text(&b, &snap->status, now + next - 2, tr);
	assert_string_equal(a.array, b.array);
	text(&b, &snap->status, now + next, tr);
	if (strcmp(a.array, b.array) == 0)
		fail_msg("at %lld + %lld ms: still '%s'", (long long)now, (long long)next, a.array);
	dstr_free(&a);
	dstr_free(&b);
}

static void test_dock_timer(void **state)
{
	struct lk_store *store = new_store();
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_status st = {.state = LK_CONN_CONNECTED};

	/* the demo: connected, no sync time, no sale: nothing moves */
	assert_int_equal(lk_dock_next_tick_ms(snap, false, true, 1000), -1);
	/* the "Link on" countdown runs: 4 times a second; not while hidden */
	assert_int_equal(lk_dock_next_tick_ms(snap, true, true, 1000), LK_DOCK_TICK_MS);
	assert_int_equal(lk_dock_next_tick_ms(snap, true, false, 1000), -1);
	assert_int_equal(lk_dock_next_tick_ms(NULL, true, true, 1000), -1);

	/* "Last sync N s ago": each second, then each minute */
	st.last_sync_ms = 10000;
	lk_snapshot_release(snap);
	snap = with_status(store, &st);
	int64_t nows[] = {10300, 22900, 69500, 70000, 10000 + 185000, 10000 + 3 * 3600000 + 61000};
	for (size_t i = 0; i < sizeof(nows) / sizeof(nows[0]); i++)
		assert_ticks_at_change(snap, nows[i], lk_dock_sync_text);
	assert_true(lk_dock_next_tick_ms(snap, false, true, 10000 + 185000) > 10000); /* minutes: not 4 a second */
	assert_int_equal(lk_dock_next_tick_ms(snap, false, false, 22900), -1);

	/* a retry countdown: each second, until "trying again now" */
	st.state = LK_CONN_OFFLINE;
	st.last_sync_ms = 0;
	st.next_retry_ms = 30000;
	lk_snapshot_release(snap);
	snap = with_status(store, &st);
	assert_ticks_at_change(snap, 25500, lk_dock_retry_text);
	assert_ticks_at_change(snap, 27001, lk_dock_retry_text);
	assert_int_equal(lk_dock_next_tick_ms(snap, false, true, 29500), -1); /* "now": a status change redraws */
	st.state = LK_CONN_AUTH_FAILED;                                       /* no retry, never synced: still */
	lk_snapshot_release(snap);
	snap = with_status(store, &st);
	assert_int_equal(lk_dock_next_tick_ms(snap, false, true, 5000), -1);

	/* a sale's clock: 4 times a second through pre-roll and live, then still */
	st.state = LK_CONN_CONNECTED;
	st.next_retry_ms = 0;
	lk_snapshot_release(snap);
	snap = with_status(store, &st);
	start_sale(store, "p2", 1000); /* 10 s pre-roll, 5 min live */
	lk_snapshot_release(snap);
	snap = lk_store_get(store);
	assert_int_equal(lk_dock_next_tick_ms(snap, false, true, 2000), LK_DOCK_TICK_MS);
	assert_int_equal(lk_dock_next_tick_ms(snap, false, true, 1000 + 10000 + 60000), LK_DOCK_TICK_MS);
	assert_int_equal(lk_dock_next_tick_ms(snap, false, false, 2000), -1);
	assert_int_equal(lk_dock_next_tick_ms(snap, false, true, 1000 + 10000 + 300000 + 1000), -1); /* ended */

	lk_snapshot_release(snap);
	lk_store_destroy(store);
}

static void assert_filter(const struct lk_snapshot *snap, const char *query, const char *expect)
{
	lk_dock_product_list list;
	struct dstr ids = {0};

	da_init(list);
	lk_dock_filter(snap, query, &list);
	dstr_copy(&ids, "");
	for (size_t i = 0; i < list.num; i++)
		dstr_catf(&ids, "%s%s", i ? " " : "", list.array[i]->id);
	if (strcmp(ids.array ? ids.array : "", expect) != 0)
		fail_msg("query '%s': got '%s', expected '%s'", query, ids.array ? ids.array : "", expect);
	da_free(list);
	dstr_free(&ids);
}

static void test_filter(void **state)
{
	struct lk_store *store = new_store();
	struct lk_snapshot *snap = lk_store_get(store);

	assert_filter(snap, "", "p3 p1 p2 p4 p5 p6"); /* cart in slot order, then the rest */
	assert_filter(snap, "   ", "p3 p1 p2 p4 p5 p6");
	assert_filter(snap, "IPHONE", "p1");
	assert_filter(snap, "iphone pro", "p1");
	assert_filter(snap, "iphone case", "");
	assert_filter(snap, "ｉＰｈｏｎｅ　１５", "p1"); /* full-width letters, digits and space */
	assert_filter(snap, "口红", "p5");
	assert_filter(snap, "限量 #520", "p5"); /* not slot 520: the title's "#520" */
	assert_filter(snap, "#2", "p1");
	assert_filter(snap, "＃3", "p2");
	assert_filter(snap, "#9", "");
	assert_filter(snap, "ip15-pro", "p1"); /* SKU */
	assert_filter(snap, "p6", "p6");       /* id */
	assert_filter(snap, "phone", "p1 p4");
	assert_filter(snap, "红 丝", "p5");
	assert_filter(snap, "蓝", "");

	lk_snapshot_release(snap);
	lk_store_destroy(store);
}

/* ---- what is enabled when ------------------------------------------------------- */

static void test_actions(void **state)
{
	struct lk_store *store = new_store();
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_dock_actions a;

	lk_dock_actions_get(snap, NULL, 1000, &a);
	assert_false(a.pin || a.start_sale || a.cart_add || a.cart_remove || a.stop_sale || a.sale_running);
	assert_true(a.unpin);
	lk_dock_actions_get(snap, "p1", 1000, &a); /* pinned, slot 2 of 3 */
	assert_false(a.pin);
	assert_true(a.start_sale && a.cart_remove && a.move_up && a.move_down && !a.cart_add);
	lk_dock_actions_get(snap, "p3", 1000, &a); /* slot 1 */
	assert_true(a.pin && !a.move_up && a.move_down);
	lk_dock_actions_get(snap, "p2", 1000, &a); /* last slot */
	assert_true(a.move_up && !a.move_down);
	lk_dock_actions_get(snap, "p4", 1000, &a); /* sold out, not in the cart */
	assert_true(a.pin && a.cart_add && !a.cart_remove && !a.start_sale);
	lk_dock_actions_get(snap, "nope", 1000, &a);
	assert_false(a.pin || a.start_sale || a.cart_add);
	lk_snapshot_release(snap);

	/* a sale in pre-roll, then live: no second start, stop enabled */
	start_sale(store, "p2", 2000);
	snap = lk_store_get(store);
	lk_dock_actions_get(snap, "p3", 3000, &a);
	assert_true(a.sale_running && a.stop_sale && !a.start_sale);
	lk_dock_actions_get(snap, "p3", 2000 + 10000 + 1000, &a);
	assert_true(a.sale_running && a.stop_sale && !a.start_sale);
	/* after its end by time: Stop goes off at once; Start comes back when
	 * the store has ticked the sale to "ended" (as the controller would
	 * refuse a second sale until then) */
	lk_dock_actions_get(snap, "p3", 2000 + 10000 + 300000 + 1, &a);
	assert_false(a.sale_running || a.stop_sale || a.start_sale);
	lk_snapshot_release(snap);
	lk_store_tick(store, 2000 + 10000 + 300000 + 1);
	snap = lk_store_get(store);
	lk_dock_actions_get(snap, "p3", 2000 + 10000 + 300000 + 2, &a);
	assert_false(a.sale_running || a.stop_sale);
	assert_true(a.start_sale);
	lk_snapshot_release(snap);

	/* a second sale, stopped by the anchor */
	start_sale(store, "p3", 320000);
	snap = lk_store_get(store);
	lk_dock_actions_get(snap, "p2", 321000, &a);
	assert_true(a.stop_sale && !a.start_sale);
	lk_snapshot_release(snap);
	struct lk_command stop = {.type = LK_CMD_SALE_STOP};
	run_cmd(store, &stop, 322000);
	snap = lk_store_get(store);
	lk_dock_actions_get(snap, "p2", 322500, &a);
	assert_false(a.stop_sale || a.sale_running);
	assert_true(a.start_sale);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
}

static void test_countdown(void **state)
{
	struct lk_dock_countdown cd = {0};
	char *fire = NULL;

	assert_int_equal(lk_dock_countdown_step(&cd, 0, &fire), -1);
	lk_dock_countdown_start(&cd, "p2", 3, 1000);
	assert_int_equal(lk_dock_countdown_step(&cd, 1000, &fire), 3);
	assert_int_equal(lk_dock_countdown_step(&cd, 1999, &fire), 3);
	assert_int_equal(lk_dock_countdown_step(&cd, 2000, &fire), 2);
	assert_int_equal(lk_dock_countdown_step(&cd, 3500, &fire), 1);
	assert_null(fire);
	assert_int_equal(lk_dock_countdown_step(&cd, 4000, &fire), 0);
	assert_string_equal(fire, "p2");
	bfree(fire);
	assert_int_equal(lk_dock_countdown_step(&cd, 5000, &fire), -1);
	assert_null(fire);

	lk_dock_countdown_start(&cd, "p1", 3, 0);
	lk_dock_countdown_start(&cd, "p3", 99, 500); /* replaces, clamped to 10 */
	assert_int_equal(lk_dock_countdown_step(&cd, 500, &fire), 10);
	lk_dock_countdown_cancel(&cd);
	assert_int_equal(lk_dock_countdown_step(&cd, 20000, &fire), -1);
	lk_dock_countdown_start(&cd, "", 3, 0);
	assert_int_equal(lk_dock_countdown_step(&cd, 0, &fire), -1);
}

/* ---- flash sale --------------------------------------------------------------------- */

static void test_sale_view(void **state)
{
	struct lk_store *store = new_store();
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_dock_sale_view v;

	lk_dock_sale_view_init(&v);
	lk_dock_sale_view_fill(&v, snap, 1000, tr);
	assert_false(v.has_sale || v.running);
	assert_string_equal(v.state_text.array, "No flash sale");
	lk_snapshot_release(snap);

	start_sale(store, "p1", 2000); /* pre-roll 10 s, then 5 min */
	snap = lk_store_get(store);
	lk_dock_sale_view_fill(&v, snap, 7000, tr);
	assert_true(v.has_sale && v.running);
	assert_string_equal(v.state_text.array, "Starts in");
	assert_string_equal(v.clock.array, "00:05");
	assert_int_equal(v.progress, 500);
	assert_string_equal(v.title.array, "Apple iPhone 15 Pro");
	assert_string_equal(v.price.array, "¥59.90");
	assert_string_equal(v.stock.array, "20 of 20 left");

	lk_dock_sale_view_fill(&v, snap, 12000 + 60000, tr);
	assert_string_equal(v.state_text.array, "Live — ends in");
	assert_string_equal(v.clock.array, "04:00");
	assert_int_equal(v.progress, 200);
	lk_dock_sale_view_fill(&v, snap, 12000 + 300000, tr);
	assert_false(v.running);
	assert_string_equal(v.state_text.array, "Ended");
	assert_string_equal(v.clock.array, "");
	lk_snapshot_release(snap);

	struct lk_command stop = {.type = LK_CMD_SALE_STOP};
	run_cmd(store, &stop, 30000);
	snap = lk_store_get(store);
	lk_dock_sale_view_fill(&v, snap, 30500, tr);
	assert_string_equal(v.state_text.array, "Stopped");
	assert_false(v.running);
	lk_dock_sale_view_free(&v);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
}

static void test_parse(void **state)
{
	int64_t v = 0;

	assert_true(lk_dock_parse_price("12.34", "CNY", &v) && v == 1234);
	assert_true(lk_dock_parse_price("12,5", "EUR", &v) && v == 1250);
	assert_true(lk_dock_parse_price(" ¥ 12 ", "CNY", &v) && v == 1200);
	assert_true(lk_dock_parse_price("１２．５", "CNY", &v) && v == 1250);
	assert_true(lk_dock_parse_price("$0.99", "USD", &v) && v == 99);
	assert_true(lk_dock_parse_price("1280", "JPY", &v) && v == 1280);
	assert_true(lk_dock_parse_price(".5", "USD", &v) && v == 50);
	v = -7;
	assert_false(lk_dock_parse_price("1280.5", "JPY", &v));
	assert_false(lk_dock_parse_price("12.345", "CNY", &v));
	assert_false(lk_dock_parse_price("-3", "CNY", &v));
	assert_false(lk_dock_parse_price("", "CNY", &v));
	assert_false(lk_dock_parse_price(".", "CNY", &v));
	assert_false(lk_dock_parse_price("1.2.3", "CNY", &v));
	assert_false(lk_dock_parse_price("12abc", "CNY", &v));
	assert_false(lk_dock_parse_price("99999999999999", "CNY", &v));
	assert_int_equal(v, -7); /* untouched on failure */

	assert_true(lk_dock_parse_duration("5", &v) && v == 300000);
	assert_true(lk_dock_parse_duration("5:30", &v) && v == 330000);
	assert_true(lk_dock_parse_duration("1:00:00", &v) && v == 3600000);
	assert_true(lk_dock_parse_duration("90s", &v) && v == 90000);
	assert_true(lk_dock_parse_duration("０:４５", &v) && v == 45000);
	assert_false(lk_dock_parse_duration("0", &v));
	assert_false(lk_dock_parse_duration("5:60", &v));
	assert_false(lk_dock_parse_duration("1:60:00", &v));
	assert_false(lk_dock_parse_duration(":30", &v));
	assert_false(lk_dock_parse_duration("5:", &v));
	assert_false(lk_dock_parse_duration("1:2:3:4", &v));
	assert_false(lk_dock_parse_duration("five", &v));
	assert_false(lk_dock_parse_duration("", &v));
}

/* ---- drops and gifts ---------------------------------------------------------------- */

static void test_drops(void **state)
{
	struct lk_store *store = new_store();
	struct lk_snapshot *snap = lk_store_get(store);
	struct dstr s = {0};
	struct lk_dock_drop d = {.product_id = "p2", .enabled = true};

	assert_string_equal(lk_dock_drop_describe(&s, &d, snap, tr), "Links on #3 USB-C Cable · every time");
	d.sale = true;
	d.sale_price = 12.34;
	d.duration_s = 600;
	d.stock = 50;
	d.preroll_s = 10;
	d.once = true;
	assert_string_equal(lk_dock_drop_describe(&s, &d, snap, tr),
			    "Links on #3 USB-C Cable · flash sale ¥12.34 for 10 min, 50 in stock, 10 s countdown"
			    " · once per show");
	d.sale_price = 0;
	d.stock = 0;
	d.preroll_s = 0;
	d.product_id = "p4";
	d.enabled = false;
	assert_string_equal(lk_dock_drop_describe(&s, &d, snap, tr),
			    "(off) Links on Phone Case · flash sale the product's price for 10 min · once per show");
	d.product_id = "gone";
	d.enabled = true;
	d.sale = false;
	assert_string_equal(lk_dock_drop_describe(&s, &d, snap, tr),
			    "Links on gone (not in the catalog) · once per show");
	d.product_id = "";
	assert_string_equal(lk_dock_drop_describe(&s, &d, snap, tr), "No product chosen");

	/* saved values of any size (a scene collection is plain JSON): shown
	 * within the filter's limits, never overflowing (seconds x 1000) */
	d.product_id = "p2";
	d.sale = true;
	d.once = false;
	d.sale_price = 1e300;
	d.duration_s = INT64_MAX;
	d.stock = 0;
	d.preroll_s = INT64_MAX;
	assert_string_equal(lk_dock_drop_describe(&s, &d, snap, tr),
			    "Links on #3 USB-C Cable · flash sale the product's price for 24 h, 5 min countdown"
			    " · every time");
	d.duration_s = INT64_MIN;
	d.preroll_s = INT64_MIN;
	d.sale_price = -5;
	assert_string_equal(lk_dock_drop_describe(&s, &d, snap, tr),
			    "Links on #3 USB-C Cable · flash sale the product's price for 1 s · every time");
	dstr_free(&s);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
}

static void test_gifts(void **state)
{
	struct dstr s = {0};
	struct lk_alert_view v = {.kind = LK_ALERT_GIFT,
				  .sender_name = "Mia",
				  .gift_id = "rose",
				  .gift_name = "Rose",
				  .count = 12,
				  .value = 1200};

	assert_string_equal(lk_dock_gift_line(&s, &v, tr), "Mia — Rose ×12 · 1,200");
	v.money = 990;
	memcpy(v.currency, "CNY", 4);
	v.replay = true;
	v.sender_name = "";
	v.gift_name = "";
	assert_string_equal(lk_dock_gift_line(&s, &v, tr), "Replay: Someone — rose ×12 · ¥9.90");
	struct lk_alert_view sum = {.kind = LK_ALERT_SUMMARY,
				    .sender_name = "",
				    .count = 35,
				    .senders = 4096,
				    .senders_more = true,
				    .value = 35};
	assert_string_equal(lk_dock_gift_line(&s, &sum, tr), "+35 gifts from 4,096+ viewers · 35");

	struct lk_alerts_stats st = {.gifts = 152, .value = 3400};
	assert_string_equal(lk_dock_gift_totals(&s, &st, tr), "152 gifts · value 3,400");
	st.money = 34000;
	memcpy(st.currency, "CNY", 4);
	assert_string_equal(lk_dock_gift_totals(&s, &st, tr), "152 gifts · value 3,400 · ¥340.00");

	struct lk_gift_sender_total t = {.name = "小明", .gifts = 12, .value = 1200};
	assert_string_equal(lk_dock_gifter_row(&s, 1, &t, tr), "1. 小明 — 12 gifts · 1,200");
	dstr_free(&s);
}

/* Gift feed rows (lk_alerts_feed): alerted, below the minimum, folded. */
static void test_gift_feed_rows(void **state)
{
	struct dstr s = {0};
	struct lk_gift_record r =
		{.id = 1, .seq = 1, .sender_name = "Mia", .gift_name = "Rose", .count = 12, .value = 1200};

	assert_string_equal(lk_dock_gift_feed_row(&s, &r, tr), "Mia — Rose ×12 · 1,200");
	r.fate = LK_GIFT_BELOW_MIN;
	r.count = 1;
	r.value = 1;
	assert_string_equal(lk_dock_gift_feed_row(&s, &r, tr), "Mia — Rose ×1 · 1 · below the alert minimum");
	r.fate = LK_GIFT_FOLDED;
	r.sender_name[0] = '\0';
	r.money = 990;
	memcpy(r.currency, "CNY", 4);
	assert_string_equal(lk_dock_gift_feed_row(&s, &r, tr), "Someone — Rose ×1 · ¥9.90 · in a summary alert");
	snprintf(r.sender_name, sizeof(r.sender_name), "%s", "小明");
	snprintf(r.gift_name, sizeof(r.gift_name), "%s", "玫瑰");
	r.fate = LK_GIFT_ALERTED;
	r.count = 1234;
	assert_string_equal(lk_dock_gift_feed_row(&s, &r, tr), "小明 — 玫瑰 ×1,234 · ¥9.90");
	dstr_free(&s);
}

/* translation functions over one loaded locale each (set before use) */
static lookup_t *cur_text;
static const char *cur_tr(const char *key)
{
	const char *out;
	return cur_text && text_lookup_getstr(cur_text, key, &out) ? out : key;
}

/* A status or refusal with a code reads in the UI's language, plural forms
 * by the locale's own rules; a refusal without a code keeps its words. */
static void test_messages_translated(void **state)
{
	(void)state;
	struct lk_status st = {.state = LK_CONN_OFFLINE, .connector = "shopify", .message = "English words"};
	struct dstr s = {0};
	struct lk_alerts_stats stats = {.gifts = 1, .value = 5};

	lk_msg_set(&st.msg, LK_MSG_SHOPIFY_RETRYING, "x.myshopify.com", "HTTP 503", "4");
	assert_string_equal(lk_dock_error_text(&s, &st, tr), "Shopify (x.myshopify.com): HTTP 503; retrying in 4 s");
	cur_text = load_locale("zh-CN");
	assert_string_equal(lk_dock_error_text(&s, &st, cur_tr), "Shopify（x.myshopify.com）：HTTP 503；4 秒后重试");

	struct lk_msg m;
	lk_msg_set(&m, LK_MSG_SOLD_OUT, "demo-3", NULL, NULL);
	m.wrap = LK_MSG_PINNED_BUT;
	assert_string_equal(lk_dock_msg_text(&s, &m, cur_tr), "已置顶，但秒杀未能开始：商品“demo-3”已售罄");
	assert_string_equal(lk_dock_gift_totals(&s, &stats, cur_tr), "1 份礼物 · 价值 5");
	text_lookup_destroy(cur_text);

	/* English: 1 gift, 2 gifts */
	assert_string_equal(lk_dock_gift_totals(&s, &stats, tr), "1 gift · value 5");
	stats.gifts = 2;
	assert_string_equal(lk_dock_gift_totals(&s, &stats, tr), "2 gifts · value 5");
	assert_string_equal(lk_dock_plural(tr, "Dock.Drops.Fired", 1), "%1 drop fired");

	/* Arabic: two / few / many forms */
	cur_text = load_locale("ar-SA");
	assert_string_equal(lk_dock_gift_totals(&s, &stats, cur_tr), "هديتان · القيمة 5");
	stats.gifts = 3;
	assert_string_equal(lk_dock_gift_totals(&s, &stats, cur_tr), "3 هدايا · القيمة 5");
	stats.gifts = 11;
	assert_string_equal(lk_dock_gift_totals(&s, &stats, cur_tr), "11 هدية · القيمة 5");
	/* a value in Arabic inside a line that starts in Latin is a bidi isolate */
	struct lk_gift_sender_total top = {.gifts = 25, .value = 90};
	snprintf(top.name, sizeof(top.name), "%s", "Emma");
	/* "25 هدية" is isolated in "%1 · %2", and the whole in "1. Emma — %2" */
	assert_string_equal(lk_dock_gifter_row(&s, 1, &top, cur_tr), "1. Emma — \xE2\x81\xA8\xE2\x81\xA8"
								     "25 هدية\xE2\x81\xA9 · 90\xE2\x81\xA9");
	/* an Arabic template isolates a Latin value; digits alone are not isolated */
	assert_string_equal(lk_dock_fill(&s, "المثبّت: %1", "Vitamin C", NULL),
			    "المثبّت: \xE2\x81\xA8Vitamin C\xE2\x81\xA9");
	assert_string_equal(lk_dock_fill(&s, "%1 هدية", "25", NULL), "25 هدية");
	assert_string_equal(lk_dock_fill(&s, "%1 — %2", "Emma", "Rose"), "Emma — Rose"); /* no RTL: as it was */
	lk_msg_set(&st.msg, LK_MSG_SHOPIFY_PRODUCTS, "2", "s", NULL);
	st.state = LK_CONN_PROTOCOL_ERROR;
	assert_string_equal(lk_dock_error_text(&s, &st, cur_tr), "منتجان من s");
	text_lookup_destroy(cur_text);
	cur_text = NULL;
	dstr_free(&s);
}

/* The connectors' statuses as codes: TikTok Shop's errors (with the clock
 * skew shown) and the bridge's read in the UI's language. */
static void test_connector_statuses_translated(void **state)
{
	(void)state;
	struct lk_status st = {.state = LK_CONN_OFFLINE, .connector = "tiktok_shop", .message = "English words"};
	struct dstr s = {0};

	assert_string_equal(lk_dock_connector_key("tiktok_shop"), "Dock.Connector.TikTokShop");
	lk_msg_set(&st.msg, LK_MSG_TIKTOK_CLOCK_BEHIND, "400", NULL, NULL);
	assert_non_null(strstr(lk_dock_error_text(&s, &st, tr), "this PC's clock is 400 s behind TikTok's"));
	cur_text = load_locale("zh-CN");
	assert_non_null(strstr(lk_dock_error_text(&s, &st, cur_tr), "这台电脑的时钟比 TikTok 慢 400 秒"));
	lk_msg_set(&st.msg, LK_MSG_TIKTOK_RATE_LIMIT, "36009002", "3", NULL);
	assert_string_equal(lk_dock_error_text(&s, &st, cur_tr),
			    "TikTok Shop：请求过多，已达到频率上限（36009002）；3 秒后重试");
	st.state = LK_CONN_AUTH_FAILED;
	lk_msg_set(&st.msg, LK_MSG_TIKTOK_EXPIRED, NULL, NULL, NULL);
	assert_non_null(strstr(lk_dock_error_text(&s, &st, cur_tr), "授权已过期"));
	st.connector = "bridge";
	lk_msg_set(&st.msg, LK_MSG_BRIDGE_AUTH, "HTTP 401", "config.json", "60");
	assert_string_equal(
		lk_dock_error_text(&s, &st, cur_tr),
		"HTTP 401。请在 Linkon 配置文件（config.json）中填入正确的令牌：文件变更后 Linkon 会重新读取，并每 60 "
		"秒重试一次");
	text_lookup_destroy(cur_text);
	cur_text = load_locale("ar-SA");
	st.connector = "tiktok_shop";
	st.state = LK_CONN_PROTOCOL_ERROR;
	lk_msg_set(&st.msg, LK_MSG_TIKTOK_PRODUCTS, "2", "s", NULL);
	assert_string_equal(lk_dock_error_text(&s, &st, cur_tr), "منتجان من s (TikTok Shop)");
	text_lookup_destroy(cur_text);
	cur_text = NULL;
	dstr_free(&s);
}

/* Every key the model asks for, and every "Dock." key of en-US, is in
 * both locales (and not empty). */
static void test_locales_complete(void **state)
{
	lookup_t *zh = load_locale("zh-CN");
	size_t n = 0;
	const char *const *keys = lk_dock_text_keys(&n);
	const char *out;

	assert_true(n > 40);
	for (size_t i = 0; i < n; i++) {
		if (!text_lookup_getstr(en_text, keys[i], &out) || !*out)
			fail_msg("en-US lacks %s", keys[i]);
		if (!text_lookup_getstr(zh, keys[i], &out) || !*out)
			fail_msg("zh-CN lacks %s", keys[i]);
	}

	struct dstr path = {0};
	dstr_printf(&path, "%s/locale/en-US.ini", LK_SOURCE_DIR);
	FILE *f = fopen(path.array, "r");
	assert_non_null(f);
	char line[1024];
	size_t dock_keys = 0;
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');
		if (strncmp(line, "Dock.", 5) != 0 || !eq)
			continue;
		*eq = '\0';
		const char *dot = strrchr(line, '.');
		if (strcmp(dot, ".zero") == 0 || strcmp(dot, ".one") == 0 || strcmp(dot, ".two") == 0 ||
		    strcmp(dot, ".few") == 0 || strcmp(dot, ".many") == 0)
			continue; /* plural forms zh does not use (tests/locale/check_locales.py) */
		dock_keys++;
		if (!text_lookup_getstr(zh, line, &out) || !*out)
			fail_msg("zh-CN lacks %s", line);
	}
	fclose(f);
	assert_true(dock_keys >= n);
	dstr_free(&path);
	text_lookup_destroy(zh);
}

static int setup(void **state)
{
	en_text = load_locale("en-US");
	return 0;
}

static int teardown(void **state)
{
	text_lookup_destroy(en_text);
	en_text = NULL;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buy_link),
		cmocka_unit_test(test_status_per_state),
		cmocka_unit_test(test_status_details),
		cmocka_unit_test(test_spans_and_clocks),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_rows_near_view),
		cmocka_unit_test(test_rows_partial_fill),
		cmocka_unit_test(test_dock_timer),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_countdown),
		cmocka_unit_test(test_sale_view),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_drops),
		cmocka_unit_test(test_gifts),
		cmocka_unit_test(test_gift_feed_rows),
		cmocka_unit_test(test_locales_complete),
		cmocka_unit_test(test_messages_translated),
		cmocka_unit_test(test_connector_statuses_translated),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
