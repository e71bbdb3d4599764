/*
 * Linkon — libFuzzer target for the bridge protocol codec
 * (core/lk-bridge-codec*.c) feeding a real store (core/lk-store*.c), the
 * way the bridge connector does (plugin/net/lk-conn-bridge-sync.c and
 * -stream.c), on a fake clock.
 *
 * The input is a sequence of records separated by 0xFF bytes; a record's
 * first byte picks what the rest is:
 *   0  a catalog page body: its products replace the catalog (CATALOG_SET)
 *   1  a live state body: cart, pin, stock, server time and sales
 *   2  a stream event: the next byte picks the type, the rest is its data
 *   3  an error or action answer body
 *   4  time passes (the next two bytes say how much) and the store ticks
 *   5  one product object: it survives the trip to protocol JSON and back
 * Checks after every record: decoders never half-apply (a failure adds no
 * event and leaves a reason, a success leaves none), a gift is within its
 * limits, and every published snapshot is consistent: unique product ids
 * found through the index, the cart and the pin point into the catalog,
 * the pinned slot matches the cart, sale ids are unique and the current sale
 * is one of them, versions only grow.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#define FUZZ_BRIDGE_SECRET "tok_fuzz_bridge_secret"

#include <util/bmem.h>

#include "core/lk-bridge-codec.h"
#include "core/lk-store.h"

static const char *const event_types[] = {"gift", "order",           "stock",  "pin",     "cart",
					  "sale", "catalog-changed", "resync", "message", "unknown",
					  "like", "follow",          "share",  "comment", "viewers"};
#define NUM_EVENT_TYPES (sizeof(event_types) / sizeof(event_types[0]))

struct run {
	struct lk_store *store;
	struct lk_room *room;
	int64_t now; /* local monotonic ms (fake) */
	uint64_t version;
};

static bool in_products(const struct lk_snapshot *s, const struct lk_product *p)
{
	for (size_t i = 0; i < s->num_products; i++)
		if (s->products[i] == p)
			return true;
	return false;
}

static void check_snapshot(struct run *r)
{
	struct lk_snapshot *s = lk_store_get(r->store);

	FUZZ_MUST(s->version >= r->version);
	r->version = s->version;
	for (size_t i = 0; i < s->num_products; i++) {
		const struct lk_product *p = s->products[i];
		FUZZ_MUST(p && p->id && *p->id);
		FUZZ_MUST(lk_snapshot_find(s, p->id) == p); /* ids unique, index right */
		FUZZ_MUST(p->price >= 0 && p->price <= LK_BRIDGE_MAX_MONEY);
		FUZZ_MUST(p->stock == LK_STOCK_UNKNOWN || (p->stock >= 0 && p->stock <= LK_BRIDGE_MAX_COUNT));
		FUZZ_MUST(strlen(p->currency) <= 3);
	}
	FUZZ_MUST(s->num_cart <= s->num_products);
	for (size_t i = 0; i < s->num_cart; i++) {
		FUZZ_MUST(in_products(s, s->cart[i]));
		for (size_t j = 0; j < i; j++)
			FUZZ_MUST(s->cart[j] != s->cart[i]);
	}
	if (s->pinned) {
		FUZZ_MUST(in_products(s, s->pinned));
		FUZZ_MUST(s->pinned_slot == 0 ||
			  (s->pinned_slot <= s->num_cart && s->cart[s->pinned_slot - 1] == s->pinned));
		if (s->pinned_slot == 0)
			for (size_t i = 0; i < s->num_cart; i++)
				FUZZ_MUST(s->cart[i] != s->pinned);
	} else {
		FUZZ_MUST(s->pinned_slot == 0);
	}
	bool current_found = s->current_sale == NULL;
	for (size_t i = 0; i < s->num_sales; i++) {
		const struct lk_sale *sale = s->sales[i];
		FUZZ_MUST(sale && sale->id && sale->product_id);
		FUZZ_MUST(lk_snapshot_find_sale(s, sale->id) == sale);
		current_found = current_found || sale == s->current_sale;
	}
	FUZZ_MUST(current_found);
	lk_snapshot_release(s);
}

static void apply(struct run *r, struct lk_events *evs)
{
	if (evs->da.num)
		lk_store_apply_at(r->store, evs, r->now);
	lk_events_free(evs);
	check_snapshot(r);
}

static void check_failed(bool ok, const char *err, const struct lk_events *evs)
{
	if (!ok) {
		FUZZ_MUST(err[0] != '\0');
		FUZZ_MUST(evs->da.num == 0);
	}
}

static void on_page(struct run *r, const char *body, size_t len)
{
	struct lk_bridge_page page;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	if (!lk_bridge_decode_page(body, len, &page, err, sizeof(err))) {
		FUZZ_MUST(err[0] != '\0');
		return;
	}
	FUZZ_MUST(page.num_products <= LK_BRIDGE_MAX_PAGE);
	FUZZ_MUST(!page.next_cursor || (*page.next_cursor && strlen(page.next_cursor) <= LK_BRIDGE_MAX_ID));
	struct lk_events evs;
	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->num_products = page.num_products;
	ev->products = bmemdup(page.products, page.num_products * sizeof(struct lk_product *));
	page.num_products = 0; /* the references now belong to the event */
	lk_bridge_page_free(&page);
	apply(r, &evs);
}

static void put_sale(struct run *r, const struct lk_bridge_sale *b, int64_t at_ms, struct lk_events *evs)
{
	struct lk_snapshot *snap = lk_store_get(r->store);
	const struct lk_product *p = lk_snapshot_find(snap, b->product_id);
	struct lk_sale *sale = lk_bridge_sale_to_store(b, p ? p->price : 0, at_ms);
	lk_snapshot_release(snap);
	FUZZ_MUST(sale && sale->id && sale->product_id && strcmp(sale->id, b->id) == 0);
	lk_events_sale_put(evs, sale);
}

static void on_state(struct run *r, const char *body, size_t len)
{
	struct lk_bridge_state *st = bzalloc(sizeof(*st));
	struct lk_events evs;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	bool ok = lk_bridge_decode_state(body, len, &evs, st, err, sizeof(err));
	check_failed(ok, err, &evs);
	if (ok) {
		FUZZ_MUST(st->num_sales <= LK_BRIDGE_MAX_SALES);
		if (st->server_time_ms)
			lk_events_server_time(&evs, st->server_time_ms, r->now - 20, r->now);
		for (size_t i = 0; i < st->num_sales; i++)
			put_sale(r, &st->sales[i], st->server_time_ms, &evs);
	}
	apply(r, &evs);
	bfree(st);
}

/* Text fields of a room event: terminated in their arrays, no control bytes. */
static void check_room_text(const char *s, size_t size)
{
	size_t n = strnlen(s, size);
	FUZZ_MUST(n < size);
	for (size_t i = 0; i < n; i++)
		FUZZ_MUST((unsigned char)s[i] >= 0x20 && s[i] != 0x7F);
}

static void check_room(struct run *r, const struct lk_room_event *ev)
{
	check_room_text(ev->user_name, sizeof(ev->user_name));
	check_room_text(ev->text, sizeof(ev->text));
	check_room_text(ev->id, sizeof(ev->id));
	FUZZ_MUST(ev->platform[0] == '\0' || lk_gift_platform_ok(ev->platform, strlen(ev->platform)));
	FUZZ_MUST(ev->kind == LK_ROOM_VIEWERS || ev->id[0]);
	FUZZ_MUST(ev->kind != LK_ROOM_LIKE || (ev->count >= 1 && ev->count <= LK_ROOM_MAX_LIKES));
	/* a decoded event is always one the room takes (or knows as a duplicate) */
	enum lk_room_result res = lk_room_push(r->room, ev, r->now);
	FUZZ_MUST(res == LK_ROOM_TAKEN || res == LK_ROOM_DUPLICATE);
	FUZZ_MUST(res == LK_ROOM_TAKEN || ev->id[0]);
}

static void on_event(struct run *r, const uint8_t *rec, size_t len)
{
	const char *type = event_types[len ? rec[0] % NUM_EVENT_TYPES : 0];
	const char *data = len ? (const char *)rec + 1 : "";
	size_t data_len = len ? len - 1 : 0;
	struct lk_bridge_event ev;
	struct lk_events evs;
	char err[LK_BRIDGE_ERR_SIZE] = "";

	lk_events_init(&evs);
	bool ok = lk_bridge_decode_event(type, data, data_len, &evs, &ev, err, sizeof(err));
	check_failed(ok, err, &evs);
	if (ok && ev.kind == LK_BRIDGE_EV_GIFT) {
		FUZZ_MUST(ev.gift.id && *ev.gift.id && ev.gift.gift_id && ev.gift.gift_name && ev.gift.sender_name);
		FUZZ_MUST(ev.gift.count >= 1 && ev.gift.count <= LK_GIFT_MAX_COUNT);
	} else if (ok && ev.kind == LK_BRIDGE_EV_SALE) {
		put_sale(r, &ev.sale, ev.server_time_ms, &evs);
	} else if (ok && ev.kind == LK_BRIDGE_EV_ROOM) {
		check_room(r, &ev.room);
	}
	if (!ok)
		FUZZ_MUST(ev.kind == LK_BRIDGE_EV_IGNORED && ev.gift.buf == NULL);
	apply(r, &evs);
	lk_bridge_event_free(&ev);
}

static void on_answer(const char *body, size_t len)
{
	char code[64], message[160], err[LK_BRIDGE_ERR_SIZE] = "";

	if (lk_bridge_decode_error(body, len, FUZZ_BRIDGE_SECRET, code, sizeof(code), message, sizeof(message))) {
		for (const char *p = message; *p; p++)
			FUZZ_MUST((unsigned char)*p >= 0x20 && *p != 0x7F);
		for (const char *p = code; *p; p++)
			FUZZ_MUST((unsigned char)*p >= 0x20 && *p != 0x7F);
		/* the token sent along is never quoted back */
		FUZZ_MUST(!strstr(message, FUZZ_BRIDGE_SECRET) && !strstr(code, FUZZ_BRIDGE_SECRET));
	} else {
		FUZZ_MUST(code[0] == '\0' && message[0] == '\0');
	}
	if (!lk_bridge_decode_action_ok(body, len, err, sizeof(err)))
		FUZZ_MUST(err[0] != '\0');
}

static void on_product(const char *body, size_t len)
{
	char err[LK_BRIDGE_ERR_SIZE] = "";
	json_t *j = json_loadb(body, len, 0, NULL);
	struct lk_product *p = j ? lk_bridge_product_from_json(j, err, sizeof(err)) : NULL;

	json_decref(j);
	if (!p)
		return;
	json_t *back = lk_bridge_product_to_json(p);
	struct lk_product *q = lk_bridge_product_from_json(back, err, sizeof(err));
	FUZZ_MUST(q != NULL);
	FUZZ_MUST(lk_product_equal(p, q));
	json_decref(back);
	lk_product_release(p);
	lk_product_release(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r = {.store = lk_store_create(), .room = lk_room_create(), .now = 1000000};
	struct fuzz_reader in;
	const uint8_t *rec;
	size_t len;

	fuzz_reader_init(&in, data, size);
	while (fuzz_next(&in, &rec, &len)) {
		r.now += 10;
		if (len == 0)
			continue;
		const char *body = (const char *)rec + 1;
		size_t n = len - 1;
		switch (rec[0] % 6) {
		case 0:
			on_page(&r, body, n);
			break;
		case 1:
			on_state(&r, body, n);
			break;
		case 2:
			on_event(&r, rec + 1, n);
			break;
		case 3:
			on_answer(body, n);
			break;
		case 4:
			r.now += n >= 2 ? (int64_t)rec[1] * 997 + (int64_t)rec[2] * 60000 : 1000;
			lk_store_tick(r.store, r.now);
			check_snapshot(&r);
			break;
		default:
			on_product(body, n);
			break;
		}
	}
	lk_store_destroy(r.store);
	lk_room_destroy(r.room);
	return 0;
}
