/*
 * Linkon — the bridge connector: the catalog (every page, applied whole)
 * and the live state (polled with ETag / If-None-Match).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Worker thread only (see lk-conn-bridge-priv.h). Nothing reaches the store
 * until a whole catalog or a whole state document has been decoded, so a
 * fault at any point keeps the last good state.
 */
#include "lk-conn-bridge-priv.h"

#include <curl/curl.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>

/* ---- catalog ---------------------------------------------------------------- */

static void pages_clear(struct conn_bridge *c)
{
	for (size_t i = 0; i < c->pages.num; i++)
		lk_product_release(c->pages.array[i]);
	da_resize(c->pages, 0);
	bfree(c->cursor);
	c->cursor = NULL;
	c->num_pages = 0;
	c->num_skipped = 0;
}

/* All pages are in: the catalog replaces the store's, then the state is
 * fetched again in full so the cart and the pin resolve against it. */
static void catalog_apply(struct conn_bridge *c)
{
	struct lk_events evs;

	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
	ev->num_products = c->pages.num;
	ev->products = c->pages.num ? bmemdup(c->pages.array, c->pages.num * sizeof(struct lk_product *)) : NULL;
	da_resize(c->pages, 0); /* the references now belong to the event */
	lk_store_apply(c->store, &evs);
	lk_events_free(&evs);
	if (c->num_skipped) /* once per catalog read: the rest is in use */
		blog(LOG_WARNING,
		     "[linkon] bridge: catalog: skipped %zu product(s) that cannot be used (the first: %s)",
		     c->num_skipped, c->skipped_why);

	pages_clear(c);
	c->need_catalog = false;
	c->catalog_done_once = true;
	c->catalogs++;
	c->last_sync_ms = lk_now_ms();
	bfree(c->etag);
	c->etag = NULL;
	c->next_poll_ms = 0;
}

/* Takes one decoded page; false with why when the catalog cannot be used. */
static bool catalog_page(struct conn_bridge *c, struct lk_bridge_page *page, char *why)
{
	if (page->num_skipped && !c->num_skipped)
		snprintf(c->skipped_why, sizeof(c->skipped_why), "page %zu: %s", c->num_pages + 1, page->skipped_why);
	c->num_skipped += page->num_skipped;
	for (size_t i = 0; i < page->num_products; i++) {
		da_push_back(c->pages, &page->products[i]);
		page->products[i] = NULL;
	}
	page->num_products = 0;
	bfree(c->cursor);
	c->cursor = page->next_cursor;
	page->next_cursor = NULL;
	if (++c->num_pages > BRIDGE_MAX_PAGES && c->cursor) {
		snprintf(why, BRIDGE_WHY_SIZE, "the catalog has more than %d pages", BRIDGE_MAX_PAGES);
		pages_clear(c);
		return false;
	}
	if (!c->cursor)
		catalog_apply(c);
	return true;
}

static void catalog_done(void *data, const struct lk_net_response *res)
{
	struct conn_bridge *c = data;
	char why[BRIDGE_WHY_SIZE], err[LK_BRIDGE_ERR_SIZE];
	struct lk_bridge_page page;

	if (bridge_stopping(c))
		goto done;
	enum bridge_outcome out = bridge_classify(c, res, why);
	if (out == BRIDGE_OK && !bridge_type_ok(res->content_type, "application/json", "catalog page", why)) {
		out = BRIDGE_BAD_BODY;
	} else if (out == BRIDGE_OK) {
		if (!lk_bridge_decode_page(res->body, res->body_len, &page, err, sizeof(err))) {
			snprintf(why, sizeof(why), "catalog page: %s", err);
			out = BRIDGE_BAD_BODY;
		} else {
			if (!catalog_page(c, &page, why))
				out = BRIDGE_BAD_BODY;
			lk_bridge_page_free(&page);
		}
	} else if (out == BRIDGE_NOT_MODIFIED) {
		snprintf(why, sizeof(why), "catalog: HTTP 304 without If-None-Match");
		out = BRIDGE_BAD_BODY;
	}
	if (out == BRIDGE_OK)
		bridge_ok(c, BRIDGE_CATALOG);
	else
		bridge_fail(c, BRIDGE_CATALOG, out, why, res->retry_after_ms);
	bridge_wake(c);
done:
	bridge_job_done(c, BRIDGE_CATALOG);
}

static void catalog_fetch(struct conn_bridge *c)
{
	struct dstr path = {0};

	dstr_printf(&path, "/v1/catalog?limit=%lld", (long long)c->set.page_size);
	if (c->cursor) {
		char *esc = curl_easy_escape(NULL, c->cursor, 0);
		dstr_catf(&path, "&cursor=%s", esc ? esc : "");
		curl_free(esc);
	}
	struct bridge_call call = {.path = path.array, .max_bytes = BRIDGE_CATALOG_MAX_BYTES, .cb = catalog_done};
	bridge_call(c, BRIDGE_CATALOG, &call);
	dstr_free(&path);
}

/* ---- live state ----------------------------------------------------------------- */

/* The state's sales as store sales, at the server's time (server_ms: its
 * serverTime, else its Date; 0 = neither, then the platform time now). */
static void state_sales(struct conn_bridge *c, const struct lk_bridge_state *st, int64_t server_ms,
			struct lk_events *evs)
{
	struct lk_snapshot *snap = lk_store_get(c->store);
	int64_t at = server_ms ? server_ms : lk_snapshot_platform_now(snap, lk_now_ms());

	for (size_t i = 0; i < st->num_sales; i++) {
		const struct lk_bridge_sale *b = &st->sales[i];
		struct lk_product *p = lk_snapshot_find(snap, b->product_id);
		lk_events_sale_put(evs, lk_bridge_sale_to_store(b, p ? p->price : 0, at));
	}
	lk_snapshot_release(snap);
}

static bool state_apply(struct conn_bridge *c, const struct lk_net_response *res, char *why)
{
	char err[LK_BRIDGE_ERR_SIZE];
	struct lk_bridge_state *st = bzalloc(sizeof(*st));
	struct lk_events evs;

	lk_events_init(&evs);
	bool ok = lk_bridge_decode_state(res->body, res->body_len, &evs, st, err, sizeof(err));
	if (ok) {
		int64_t server_ms = st->server_time_ms ? st->server_time_ms : res->date_ms;
		if (server_ms)
			lk_events_server_time(&evs, server_ms, res->sent_ms, res->head_ms ? res->head_ms : lk_now_ms());
		state_sales(c, st, server_ms, &evs);
		lk_store_apply(c->store, &evs);
		/* a stream that starts after this state resumes from it */
		if (!c->resume_id[0] && st->event_id[0])
			snprintf(c->resume_id, sizeof(c->resume_id), "%s", st->event_id);
		bfree(c->etag);
		c->etag = res->etag && *res->etag ? bstrdup(res->etag) : NULL;
		c->last_sync_ms = lk_now_ms();
		if (c->state_at != c->catalogs) {
			/* a catalog came in while this state was on its way: read
			 * the state again in full, against the new catalog */
			bfree(c->etag);
			c->etag = NULL;
		}
	} else {
		snprintf(why, BRIDGE_WHY_SIZE, "live state: %s", err);
	}
	lk_events_free(&evs);
	bfree(st);
	return ok;
}

static void state_done(void *data, const struct lk_net_response *res)
{
	struct conn_bridge *c = data;
	char why[BRIDGE_WHY_SIZE];

	if (bridge_stopping(c))
		goto done;
	enum bridge_outcome out = bridge_classify(c, res, why);
	if (out == BRIDGE_OK &&
	    (!bridge_type_ok(res->content_type, "application/json", "live state", why) || !state_apply(c, res, why)))
		out = BRIDGE_BAD_BODY;
	/* what the request carried, not the ETag now: a catalog applied
	 * meanwhile drops the ETag, and a 304 to a request that asked for one
	 * is still right */
	if (out == BRIDGE_NOT_MODIFIED && !c->state_inm) {
		snprintf(why, sizeof(why), "live state: HTTP 304 without If-None-Match");
		out = BRIDGE_BAD_BODY;
	}
	if (out == BRIDGE_OK || out == BRIDGE_NOT_MODIFIED) {
		bridge_ok(c, BRIDGE_STATE);
		c->state_ok = true;
		/* a state from before the last catalog: the full one at once */
		c->next_poll_ms = c->state_at != c->catalogs ? 0 : lk_now_ms() + c->set.poll_ms;
	} else {
		bridge_fail(c, BRIDGE_STATE, out, why, res->retry_after_ms);
	}
	bridge_wake(c);
done:
	bridge_job_done(c, BRIDGE_STATE);
}

static void state_fetch(struct conn_bridge *c)
{
	struct dstr inm = {0};

	if (c->etag)
		dstr_printf(&inm, "If-None-Match: %s", c->etag);
	struct bridge_call call = {
		.path = "/v1/state",
		.extra = inm.array,
		.max_bytes = BRIDGE_STATE_MAX_BYTES,
		.cb = state_done,
	};
	if (bridge_call(c, BRIDGE_STATE, &call)) {
		c->state_at = c->catalogs;
		c->state_inm = c->etag != NULL;
	}
	dstr_free(&inm);
}

/* ---- the tick ---------------------------------------------------------------------- */

static int64_t later(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

int64_t bridge_sync_tick(struct conn_bridge *c, int64_t now)
{
	int64_t due = INT64_MAX;

	if (c->need_catalog && !c->jobs[BRIDGE_CATALOG]) {
		if (now >= c->ch[BRIDGE_CATALOG].retry_at)
			catalog_fetch(c);
		else
			due = c->ch[BRIDGE_CATALOG].retry_at;
	}
	/* the first state waits for the first catalog: its cart names products */
	if (c->catalog_done_once && !c->jobs[BRIDGE_STATE]) {
		int64_t at = later(c->next_poll_ms, c->ch[BRIDGE_STATE].retry_at);
		if (now >= at)
			state_fetch(c);
		else if (at < due)
			due = at;
	}
	return due;
}

void bridge_sync_free(struct conn_bridge *c)
{
	pages_clear(c);
	da_free(c->pages);
	bfree(c->etag);
	c->etag = NULL;
}
