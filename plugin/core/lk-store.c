/*
 * Linkon — the store: applies events, publishes immutable snapshots.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Copy-on-write. lk_store_apply() holds write_mutex for the whole call: it
 * builds a draft from the current snapshot (a shallow copy: product
 * references are added, pointer arrays copied, the id index shared until an
 * event changes the ids), applies the events to the draft, and if the draft
 * differs from the current snapshot turns it into a new snapshot and swaps
 * store->current under publish_mutex. Readers take publish_mutex only to add
 * a reference to store->current. Products, cart and pin events are applied
 * in lk-store-catalog.c, sale events in lk-store-sales.c.
 *
 * Lock order: write_mutex → publish_mutex. listener_mutex is never taken
 * while either of the other two is held, and listeners run with only
 * listener_mutex (recursive) held. So a listener may call lk_store_get,
 * lk_store_version, lk_store_add_listener/remove_listener and even
 * lk_store_apply (which then notifies re-entrantly).
 */
#include "lk-claims.h"
#include "lk-store-priv.h"
#include "lk-str.h"

#include <string.h>
#include <time.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

/* unknown pinned ids remembered for "log once"; beyond this, stay quiet */
#define LK_STORE_MAX_WARNED 256

struct listener {
	lk_store_listener cb; /* NULL = removed during a dispatch, erased after */
	void *data;
};

struct lk_store {
	pthread_mutex_t write_mutex;
	pthread_mutex_t publish_mutex;
	/* never NULL; replaced by the writer holding both mutexes, read by
	 * anyone under publish_mutex (by the writer under write_mutex alone) */
	struct lk_snapshot *current;

	pthread_mutex_t listener_mutex;    /* recursive */
	DARRAY(struct listener) listeners; /* listener_mutex */
	int dispatch_depth;                /* listener_mutex */

	DARRAY(char *) warned_ids; /* writer only (write_mutex) */
	struct lk_show *show;      /* writer only: the show's numbers and journal (lk-show.h) */
	int64_t wall_offset_ms; /* writer only: Unix ms - local ms, the show's clock while the platform's is unknown */
	struct lk_clock clock;  /* writer only: the offset estimator */
};

/* The next snapshot while it is being built (writer only). */
struct draft {
	struct lk_catalog_draft cat; /* products, cart, pin */
	struct lk_status status;     /* owned strings */
	struct lk_clock_map clock;
	struct lk_sales_draft sales;
	struct lk_claim_table *claims; /* owned reference; NULL = none */
	int64_t local_now_ms;          /* the apply's time: sale events are judged at it */
	bool show_changed;             /* an event changed the show (its view is published) */
};

/* ---- events ----------------------------------------------------------- */

static void status_free(struct lk_status *st)
{
	bfree(st->connector);
	bfree(st->message);
	st->connector = st->message = NULL;
}

static void status_copy(struct lk_status *dst, const struct lk_status *src)
{
	*dst = *src;
	dst->connector = bstrdup(src->connector);
	dst->message = bstrdup(src->message);
}

static bool status_equal(const struct lk_status *a, const struct lk_status *b)
{
	return a->state == b->state && lk_str_same(a->connector, b->connector) && lk_str_same(a->message, b->message) &&
	       a->next_retry_ms == b->next_retry_ms && a->last_sync_ms == b->last_sync_ms &&
	       lk_msg_equal(&a->msg, &b->msg);
}

void lk_event_clear(struct lk_event *ev)
{
	if (!ev)
		return;

	bfree(ev->id);
	lk_product_release(ev->product);
	lk_sale_release(ev->sale);
	lk_order_free(ev->order);
	lk_goal_free(ev->goal);
	for (size_t i = 0; i < ev->num_products; i++)
		lk_product_release(ev->products[i]);
	bfree(ev->products);
	for (size_t i = 0; i < ev->num_ids; i++)
		bfree(ev->ids[i]);
	bfree(ev->ids);
	status_free(&ev->status);
	lk_claim_table_release(ev->claims);
	memset(ev, 0, sizeof(*ev));
}

/* ---- snapshots -------------------------------------------------------- */

struct lk_snapshot *lk_snapshot_addref(struct lk_snapshot *snap)
{
	if (snap)
		os_atomic_inc_long(&snap->refs);
	return snap;
}

void lk_snapshot_release(struct lk_snapshot *snap)
{
	if (!snap || os_atomic_dec_long(&snap->refs) > 0)
		return;

	lk_store_catalog_release(snap);
	lk_store_sales_release(snap);
	lk_show_view_release(snap->show);
	lk_claim_table_release(snap->claims);
	status_free(&snap->status);
	bfree(snap);
}

int64_t lk_snapshot_claims(const struct lk_snapshot *snap, const char *product_id)
{
	return snap ? lk_claim_table_count(snap->claims, product_id) : 0;
}

int64_t lk_snapshot_platform_now(const struct lk_snapshot *snap, int64_t local_now_ms)
{
	return lk_clock_map_platform(snap ? &snap->clock : NULL, local_now_ms);
}

/* ---- the draft -------------------------------------------------------- */

static void draft_init(struct draft *d, const struct lk_snapshot *cur, int64_t local_now_ms)
{
	memset(d, 0, sizeof(*d));
	lk_catalog_draft_init(&d->cat, cur);
	status_copy(&d->status, &cur->status);
	d->clock = cur->clock;
	lk_sales_draft_init(&d->sales, cur);
	d->claims = lk_claim_table_addref(cur->claims);
	d->local_now_ms = local_now_ms;
}

static void draft_free(struct draft *d)
{
	lk_catalog_draft_free(&d->cat);
	status_free(&d->status);
	lk_sales_draft_free(&d->sales);
	lk_claim_table_release(d->claims);
}

static bool draft_changed(const struct draft *d, const struct lk_snapshot *cur)
{
	if (lk_catalog_draft_changed(&d->cat, cur))
		return true;
	if (!lk_clock_map_equal(&d->clock, &cur->clock) || lk_sales_draft_changed(&d->sales, cur))
		return true;
	if (d->show_changed || d->claims != cur->claims)
		return true;
	return !status_equal(&d->status, &cur->status);
}

/* Moves everything out of the draft into a new snapshot (refs = 1). */
static struct lk_snapshot *draft_to_snapshot(struct lk_store *store, struct draft *d, uint64_t version)
{
	struct lk_snapshot *s = bzalloc(sizeof(*s));

	s->refs = 1;
	s->version = version;
	lk_catalog_draft_move(&d->cat, s);
	s->status = d->status;
	s->clock = d->clock;
	s->clock_offset_ms = d->clock.to_ms;
	s->clock_known = d->clock.known;
	lk_sales_draft_move(&d->sales, s);
	s->show = lk_show_get_view(store->show);
	s->claims = d->claims; /* the draft's reference moves */
	memset(d, 0, sizeof(*d));
	return s;
}

/* ---- events applied to the draft -------------------------------------- */

/* Writer only (write_mutex held). */
static void warn_unknown_pin(struct lk_store *store, const char *id)
{
	for (size_t i = 0; i < store->warned_ids.num; i++) {
		if (strcmp(store->warned_ids.array[i], id) == 0)
			return;
	}
	if (store->warned_ids.num >= LK_STORE_MAX_WARNED)
		return;

	char *copy = bstrdup(id);
	da_push_back(store->warned_ids, &copy);
	blog(LOG_WARNING, "[linkon] store: pin ignored, no product with id '%.64s' in the catalog", id);
}

static void ev_pin(struct lk_store *store, struct draft *d, const struct lk_event *ev)
{
	if (!lk_catalog_draft_pin(&d->cat, ev->id))
		warn_unknown_pin(store, ev->id);
}

static void ev_server_time(struct lk_store *store, struct draft *d, const struct lk_event *ev)
{
	struct lk_clock_sample sample = {ev->server_time_ms, ev->local_send_ms ? ev->local_send_ms : ev->local_ms,
					 ev->local_ms};
	lk_clock_add(&store->clock, &sample);
	d->clock = store->clock.map;
}

/* ---- the show's events ------------------------------------------------ */

static const struct lk_product *draft_product(void *data, const char *id)
{
	struct lk_catalog_draft *cd = data;
	size_t pos = lk_catalog_draft_find(cd, id);
	return pos == DARRAY_INVALID ? NULL : cd->products.array[pos];
}

static const char *draft_pinned_id(const struct draft *d)
{
	if (d->cat.pinned == DARRAY_INVALID || !d->cat.products.array[d->cat.pinned])
		return NULL;
	return d->cat.products.array[d->cat.pinned]->id;
}

/* Tells the show about a pin that this event moved (also by a removal or a
 * new catalog). Only a move counts: a store that starts empty after a
 * restart has "nothing pinned" until its connector syncs, which must not
 * end the pin window the journal brought back. */
static void show_follow_pin(struct lk_store *store, struct draft *d, const char *before, int64_t now)
{
	const char *after = draft_pinned_id(d);
	if ((!before && !after) || (before && after && strcmp(before, after) == 0))
		return;
	struct lk_show_catalog cat = {draft_product, &d->cat};
	d->show_changed |= lk_show_pin(store->show, after, now, &cat);
}

static void apply_show_event(struct lk_store *store, struct draft *d, struct lk_event *ev, int64_t now)
{
	struct lk_show_catalog cat = {draft_product, &d->cat};
	int64_t at = ev->at_ms > 0 ? ev->at_ms : now;
	bool changed = false;

	switch (ev->type) {
	case LK_EV_ORDER:
		changed = lk_show_order(store->show, ev->order, now, draft_pinned_id(d), &cat);
		ev->order = NULL;
		break;
	case LK_EV_SHOW_START:
		changed = lk_show_start(store->show, at, draft_pinned_id(d), &cat);
		break;
	case LK_EV_SHOW_END:
		changed = lk_show_end(store->show, at);
		break;
	case LK_EV_GOAL_SET:
		changed = lk_show_goal_set(store->show, ev->goal, now);
		break;
	case LK_EV_GOAL_CLEAR:
		changed = lk_show_goal_clear(store->show, ev->id, now);
		break;
	case LK_EV_SHOW_GIFT:
		changed = lk_show_gift(store->show, ev->stock, ev->sold, now);
		break;
	case LK_EV_SHOW_LIKES:
		changed = lk_show_likes(store->show, ev->stock, now);
		break;
	default:
		break;
	}
	d->show_changed |= changed;
}

/* The show's time: the platform's when known, else the computer's calendar
 * time (a show's start, its report and a platform's order times are Unix
 * ms, never ms since boot). */
static int64_t show_now(const struct lk_store *store, const struct draft *d)
{
	if (d->clock.known)
		return lk_clock_map_platform(&d->clock, d->local_now_ms);
	return d->local_now_ms + store->wall_offset_ms;
}

/* New claim counts: what grew since the table in use goes to the show
 * (counted while it is live); a table that was cleared (a new show) adds
 * nothing until claims come again. */
static void show_claims(struct lk_store *store, struct draft *d, const struct lk_claim_table *next, int64_t now)
{
	struct lk_show_catalog cat = {draft_product, &d->cat};

	for (size_t i = 0; next && i < next->num; i++) {
		const struct lk_claim_count *c = &next->items[i];
		int64_t grew = c->count - lk_claim_table_count(d->claims, c->product_id);
		if (grew > 0)
			d->show_changed |= lk_show_claims(store->show, c->product_id, grew, now, &cat);
	}
}

static void apply_event(struct lk_store *store, struct draft *d, struct lk_event *ev)
{
	int64_t now = lk_clock_map_platform(&d->clock, d->local_now_ms);
	char *before = bstrdup(draft_pinned_id(d));

	switch (ev->type) {
	case LK_EV_CATALOG_SET:
		lk_catalog_draft_set(&d->cat, ev->products, ev->num_products);
		break;
	case LK_EV_PRODUCT_PUT:
		lk_catalog_draft_put(&d->cat, ev->product);
		break;
	case LK_EV_PRODUCT_REMOVE:
		lk_catalog_draft_remove(&d->cat, ev->id);
		break;
	case LK_EV_STOCK:
		lk_catalog_draft_stock(&d->cat, ev->id, ev->stock, ev->sold);
		break;
	case LK_EV_CART_SET:
		lk_catalog_draft_cart(&d->cat, ev->ids, ev->num_ids);
		break;
	case LK_EV_PIN:
		ev_pin(store, d, ev);
		break;
	case LK_EV_STATUS:
		status_free(&d->status);
		status_copy(&d->status, &ev->status);
		break;
	case LK_EV_SERVER_TIME:
		ev_server_time(store, d, ev);
		break;
	case LK_EV_SALE_PUT:
		lk_sales_draft_put(&d->sales, ev->sale, now);
		break;
	case LK_EV_SALE_STOP:
		lk_sales_draft_stop(&d->sales, ev->id, ev->at_ms, now);
		break;
	case LK_EV_SALE_STOCK:
		lk_sales_draft_stock(&d->sales, ev->id, ev->stock, now);
		break;
	case LK_EV_CLAIMS:
		show_claims(store, d, ev->claims, show_now(store, d));
		lk_claim_table_release(d->claims);
		d->claims = lk_claim_table_addref(ev->claims);
		break;
	default:
		apply_show_event(store, d, ev, show_now(store, d));
		break;
	}
	show_follow_pin(store, d, before, show_now(store, d));
	bfree(before);
}

/* ---- the store -------------------------------------------------------- */

struct lk_store *lk_store_create(void)
{
	struct lk_store *store = bzalloc(sizeof(*store));

	pthread_mutex_init(&store->write_mutex, NULL);
	pthread_mutex_init(&store->publish_mutex, NULL);
	pthread_mutex_init_recursive(&store->listener_mutex);
	store->current = bzalloc(sizeof(*store->current));
	store->current->refs = 1;
	lk_clock_init(&store->clock);
	store->show = lk_show_create();
	struct timespec ts;
	timespec_get(&ts, TIME_UTC);
	store->wall_offset_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 - lk_now_ms();
	return store;
}

/* No other thread may use the store any more. */
void lk_store_destroy(struct lk_store *store)
{
	if (!store)
		return;

	lk_snapshot_release(store->current);
	lk_show_destroy(store->show);
	da_free(store->listeners);
	for (size_t i = 0; i < store->warned_ids.num; i++)
		bfree(store->warned_ids.array[i]);
	da_free(store->warned_ids);
	pthread_mutex_destroy(&store->write_mutex);
	pthread_mutex_destroy(&store->publish_mutex);
	pthread_mutex_destroy(&store->listener_mutex);
	bfree(store);
}

/* Writer only: the next snapshot, or NULL if the events (may be NULL) and
 * the time changed nothing. Consumes the events. */
static struct lk_snapshot *build_next(struct lk_store *store, const struct lk_snapshot *cur, struct lk_events *evs,
				      int64_t local_now_ms, bool show_changed)
{
	struct draft d;

	draft_init(&d, cur, local_now_ms);
	d.show_changed = show_changed;
	for (size_t i = 0; evs && i < evs->da.num; i++) {
		apply_event(store, &d, &evs->da.array[i]);
		lk_event_clear(&evs->da.array[i]);
	}
	if (evs)
		da_resize(evs->da, 0);
	lk_catalog_draft_compact(&d.cat);
	const struct lk_catalog cat = {d.cat.products.array, d.cat.products.num, d.cat.index};
	lk_sales_draft_update(&d.sales, &cat, lk_clock_map_platform(&d.clock, local_now_ms));

	if (draft_changed(&d, cur))
		return draft_to_snapshot(store, &d, cur->version + 1);
	draft_free(&d);
	return NULL;
}

static void notify_listeners(struct lk_store *store, uint64_t version)
{
	pthread_mutex_lock(&store->listener_mutex);
	store->dispatch_depth++;
	/* entries are only marked (not erased) while dispatching, so indices
	 * stay valid; listeners added now are first called on the next publish */
	size_t n = store->listeners.num;
	for (size_t i = 0; i < n; i++) {
		struct listener l = store->listeners.array[i];
		if (l.cb)
			l.cb(l.data, version);
	}
	if (--store->dispatch_depth == 0) {
		for (size_t i = store->listeners.num; i-- > 0;) {
			if (!store->listeners.array[i].cb)
				da_erase(store->listeners, i);
		}
	}
	pthread_mutex_unlock(&store->listener_mutex);
}

/* Applies evs (may be NULL: time only) at local_now_ms and publishes;
 * show_fn (may be NULL) changes the show first, under the writer lock. */
static uint64_t update_show(struct lk_store *store, struct lk_events *evs, int64_t local_now_ms,
			    bool (*show_fn)(struct lk_show *show, void *param), void *param)
{
	struct lk_snapshot *old = NULL;
	uint64_t version;

	pthread_mutex_lock(&store->write_mutex);
	struct lk_snapshot *cur = store->current;
	version = cur->version;
	bool show_changed = show_fn && show_fn(store->show, param);
	bool due = evs ? evs->da.num > 0 : lk_sales_due(cur, lk_snapshot_platform_now(cur, local_now_ms));
	struct lk_snapshot *next = due || show_changed ? build_next(store, cur, evs, local_now_ms, show_changed) : NULL;
	if (next) {
		pthread_mutex_lock(&store->publish_mutex);
		store->current = next;
		pthread_mutex_unlock(&store->publish_mutex);
		old = cur;
		version = next->version;
	}
	pthread_mutex_unlock(&store->write_mutex);

	if (old) {
		lk_snapshot_release(old);
		notify_listeners(store, version);
	}
	return version;
}

static uint64_t update(struct lk_store *store, struct lk_events *evs, int64_t local_now_ms)
{
	return update_show(store, evs, local_now_ms, NULL, NULL);
}

struct show_open {
	const char *dir;
	char *err;
	size_t err_size;
	bool ok;
};

static bool show_open(struct lk_show *show, void *param)
{
	struct show_open *so = param;
	so->ok = lk_show_open(show, so->dir, so->err, so->err_size);
	return true;
}

bool lk_store_show_open(struct lk_store *store, const char *dir, char *err, size_t err_size)
{
	struct show_open so = {dir, err, err_size, false};
	update_show(store, NULL, lk_now_ms(), show_open, &so);
	return so.ok;
}

struct show_config {
	enum lk_privacy privacy;
	int64_t bp;
};

static bool show_configure(struct lk_show *show, void *param)
{
	const struct show_config *sc = param;
	lk_show_set_privacy(show, sc->privacy);
	lk_show_set_commission(show, sc->bp);
	return true;
}

void lk_store_show_wall_offset(struct lk_store *store, int64_t offset_ms)
{
	pthread_mutex_lock(&store->write_mutex);
	store->wall_offset_ms = offset_ms;
	pthread_mutex_unlock(&store->write_mutex);
}

void lk_store_show_configure(struct lk_store *store, enum lk_privacy privacy, int64_t commission_bp)
{
	struct show_config sc = {privacy, commission_bp};
	update_show(store, NULL, lk_now_ms(), show_configure, &sc);
}

uint64_t lk_store_apply(struct lk_store *store, struct lk_events *evs)
{
	return lk_store_apply_at(store, evs, lk_now_ms());
}

uint64_t lk_store_apply_at(struct lk_store *store, struct lk_events *evs, int64_t local_now_ms)
{
	if (!evs || !evs->da.num)
		return lk_store_version(store);
	return update(store, evs, local_now_ms);
}

uint64_t lk_store_tick(struct lk_store *store, int64_t local_now_ms)
{
	return update(store, NULL, local_now_ms);
}

struct lk_snapshot *lk_store_get(struct lk_store *store)
{
	pthread_mutex_lock(&store->publish_mutex);
	struct lk_snapshot *snap = lk_snapshot_addref(store->current);
	pthread_mutex_unlock(&store->publish_mutex);
	return snap;
}

uint64_t lk_store_version(struct lk_store *store)
{
	pthread_mutex_lock(&store->publish_mutex);
	uint64_t version = store->current->version;
	pthread_mutex_unlock(&store->publish_mutex);
	return version;
}

void lk_store_add_listener(struct lk_store *store, lk_store_listener cb, void *data)
{
	struct listener l = {cb, data};

	if (!cb)
		return;
	pthread_mutex_lock(&store->listener_mutex);
	da_push_back(store->listeners, &l);
	pthread_mutex_unlock(&store->listener_mutex);
}

void lk_store_remove_listener(struct lk_store *store, lk_store_listener cb, void *data)
{
	pthread_mutex_lock(&store->listener_mutex);
	for (size_t i = 0; i < store->listeners.num; i++) {
		struct listener *l = &store->listeners.array[i];
		if (l->cb != cb || l->data != data)
			continue;
		if (store->dispatch_depth > 0)
			l->cb = NULL;
		else
			da_erase(store->listeners, i);
		break;
	}
	pthread_mutex_unlock(&store->listener_mutex);
}
