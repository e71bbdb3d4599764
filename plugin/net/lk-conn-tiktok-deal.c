/*
 * Linkon — the TikTok Shop connector: Linkon's own flash sales created as
 * activities on the shop ("create_activities": true, off by default), and
 * the journal that takes them off again, even after a crash.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Sales run in the store (the controller applies them). A store listener
 * notes Linkon's own sales in pre-roll or live (not the shop's deals, whose
 * ids start with "tts:") and wakes the worker tick; it does no network and
 * no file work. The tick reconciles the shop with that wish, one request at
 * a time, before any catalog call:
 *   - a journal entry whose sale is no longer wanted (it ended, was stopped,
 *     or is from before this start): deactivate its activity; an entry whose
 *     create never got a clear answer is looked for by its unique title
 *     first. The entry leaves the journal once the shop confirms.
 *   - a wanted sale without an entry: the entry (sale, product, title) is
 *     written to the journal file (atomically, 0600) and only then is the
 *     activity created; its id is written as soon as it arrives, then the
 *     product is put on it at the deal price.
 * So whatever moment Linkon stops at, the journal names every activity that
 * may be on the shop, and the next start deactivates it before anything
 * else. The activity's own end_time is the sale's end: if Linkon never runs
 * again, TikTok ends the deal then.
 */
#include "lk-conn-tiktok-priv.h"
#include "lk-conn-catalog.h"

#include <errno.h>
#include <obs-module.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

#define TT_DEALS_FILE "tiktok-shop-activities.json"
#define TT_TITLE_MAX 50 /* bytes; TikTok's limit is not documented: short and unique */

/* ---- the listener ------------------------------------------------------------- */

static bool own_sale(const struct lk_sale *s)
{
	return strncmp(s->id, LK_TIKTOK_SALE_PREFIX, strlen(LK_TIKTOK_SALE_PREFIX)) != 0 &&
	       (s->state == LK_SALE_PREROLL || s->state == LK_SALE_LIVE);
}

static void release_sales(struct lk_sale **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lk_sale_release(s[i]);
}

void tt_store_changed(void *data, uint64_t version)
{
	struct conn_tiktok *c = data;
	DARRAY(struct lk_sale *) next;
	bool changed;

	(void)version;
	da_init(next);
	struct lk_snapshot *snap = lk_store_get(c->store);
	for (size_t i = 0; i < snap->num_sales; i++) {
		if (own_sale(snap->sales[i])) {
			struct lk_sale *s = lk_sale_addref(snap->sales[i]);
			da_push_back(next, &s);
		}
	}
	lk_snapshot_release(snap);
	pthread_mutex_lock(&c->want_mutex);
	changed = next.num != c->wants.num;
	for (size_t i = 0; i < next.num && !changed; i++)
		changed = !lk_sale_inputs_equal(next.array[i], c->wants.array[i]);
	if (changed) {
		release_sales(c->wants.array, c->wants.num);
		da_free(c->wants);
		da_move(c->wants, next);
	}
	pthread_mutex_unlock(&c->want_mutex);
	release_sales(next.array, next.num);
	da_free(next);
	uint64_t tick = atomic_load(&c->tick_id);
	if (changed && tick)
		lk_net_wake_tick(c->net, tick);
}

/* The wanted sale with that id (a new reference), or NULL. */
static struct lk_sale *wanted(struct conn_tiktok *c, const char *sale_id)
{
	struct lk_sale *found = NULL;

	pthread_mutex_lock(&c->want_mutex);
	for (size_t i = 0; i < c->wants.num && !found; i++) {
		if (strcmp(c->wants.array[i]->id, sale_id) == 0)
			found = lk_sale_addref(c->wants.array[i]);
	}
	pthread_mutex_unlock(&c->want_mutex);
	return found;
}

/* ---- the journal file ---------------------------------------------------------- */

void tt_deals_init(struct conn_tiktok *c, json_t *settings)
{
	pthread_mutex_init(&c->want_mutex, NULL);
	c->create_activities = json_is_true(json_object_get(settings, "create_activities"));
	c->deals_path = lk_connector_own_file(settings, "activities_journal_path", TT_DEALS_FILE);
	c->deal_op = DARRAY_INVALID;
}

void tt_deals_free(struct conn_tiktok *c)
{
	for (size_t i = 0; i < c->deals.num; i++)
		lk_tiktok_deal_free(&c->deals.array[i]);
	da_free(c->deals);
	for (size_t i = 0; i < c->deals_settled.num; i++)
		bfree(c->deals_settled.array[i]);
	da_free(c->deals_settled);
	release_sales(c->wants.array, c->wants.num);
	da_free(c->wants);
	pthread_mutex_destroy(&c->want_mutex);
	bfree(c->deals_path);
}

/* Writes the journal as it is now (no entries: removes the file). */
static bool deals_save(struct conn_tiktok *c)
{
	if (!c->deals_path)
		return false;
	if (!c->deals.num)
		return unlink(c->deals_path) == 0 || errno == ENOENT;
	char *text = lk_tiktok_deals_to_text(c->deals.array, c->deals.num);
	bool ok = text && lk_conn_write_private_file(c->deals_path, text);
	bfree(text);
	if (!ok)
		blog(LOG_WARNING, TT_LOG "could not write the activities journal (%s)", strerror(errno));
	return ok;
}

static void deals_load(struct conn_tiktok *c)
{
	struct lk_tiktok_deal *d = NULL;
	size_t n = 0;
	char err[LK_TIKTOK_ERR_SIZE];

	c->deals_loaded = true;
	char *text = c->deals_path ? os_quick_read_utf8_file(c->deals_path) : NULL;
	if (!text)
		return;
	if (!lk_tiktok_deals_parse(text, &d, &n, err, sizeof(err))) {
		lk_conn_set_aside(c->deals_path, TT_LOG "activities journal", err);
	} else if (n) {
		blog(LOG_INFO, TT_LOG "deactivating %zu activities left on the shop by the last run", n);
	}
	for (size_t i = 0; i < n; i++) {
		d[i].old = true; /* their sales ended with that run */
		da_push_back(c->deals, &d[i]);
	}
	bfree(d);
	bfree(text);
}

static size_t deal_find(const struct conn_tiktok *c, const char *sale_id)
{
	for (size_t i = 0; i < c->deals.num; i++) {
		if (strcmp(c->deals.array[i].sale_id, sale_id) == 0)
			return i;
	}
	return DARRAY_INVALID;
}

static void deal_drop(struct conn_tiktok *c, size_t i)
{
	lk_tiktok_deal_free(&c->deals.array[i]);
	da_erase(c->deals, i);
	deals_save(c);
}

static bool settled(const struct conn_tiktok *c, const char *sale_id)
{
	for (size_t i = 0; i < c->deals_settled.num; i++) {
		if (strcmp(c->deals_settled.array[i], sale_id) == 0)
			return true;
	}
	return false;
}

static void settle(struct conn_tiktok *c, const char *sale_id)
{
	if (!settled(c, sale_id)) {
		char *id = bstrdup(sale_id);
		da_push_back(c->deals_settled, &id);
	}
}

bool tt_deal_is_ours(const struct conn_tiktok *c, const char *activity_id)
{
	for (size_t i = 0; i < c->deals.num; i++) {
		if (c->deals.array[i].activity_id && strcmp(c->deals.array[i].activity_id, activity_id) == 0)
			return true;
	}
	return false;
}

/* ---- steps ---------------------------------------------------------------------- */

/* A call about deal i: to /promotion/202309/activities, + "/<its id>" and
 * tail when tail is given, + "/search" for a find. */
static bool send_deal(struct conn_tiktok *c, enum tt_op op, size_t i, const char *method, const char *tail, char *body)
{
	struct dstr path = {0};
	const struct lk_tiktok_deal *d = &c->deals.array[i];

	dstr_copy(&path, "/promotion/202309/activities");
	if (op == TT_OP_DEAL_FIND) {
		dstr_cat(&path, "/search");
	} else if (tail) {
		dstr_cat(&path, "/");
		lk_tiktok_url_encode(&path, d->activity_id);
		dstr_cat(&path, tail);
	}
	c->deal_op = i;
	bool sent = tt_call(c, op, method, path.array, true, NULL, 0, body);
	dstr_free(&path);
	if (!sent)
		c->deal_op = DARRAY_INVALID;
	return sent;
}

/* A deal the shop should no longer have: find it, or take it off. */
static bool end_step(struct conn_tiktok *c)
{
	for (size_t i = 0; i < c->deals.num; i++) {
		struct lk_tiktok_deal *d = &c->deals.array[i];
		struct lk_sale *s = d->old ? NULL : wanted(c, d->sale_id);
		bool want = s != NULL;
		lk_sale_release(s);
		if (want)
			continue;
		if (d->unknown)
			return send_deal(c, TT_OP_DEAL_FIND, i, "POST", NULL, lk_tiktok_activity_find_body(d->title));
		return send_deal(c, TT_OP_DEAL_END, i, "POST", "/deactivate", bstrdup("{}"));
	}
	return false;
}

/* The sale as the activity gets it: it cannot begin in the past. */
static struct lk_sale deal_times(const struct conn_tiktok *c, const struct lk_sale *s)
{
	struct lk_sale t = *s;
	int64_t now_ms = tt_wall_s(c) * 1000;

	if (t.start_ms < now_ms)
		t.start_ms = now_ms;
	return t;
}

/* A wanted sale: created (journal first), found again, or priced. */
static bool create_step(struct conn_tiktok *c)
{
	struct lk_sale *sale = NULL;

	if (!c->create_activities || c->deals_denied || !c->synced)
		return false;
	pthread_mutex_lock(&c->want_mutex);
	for (size_t i = 0; i < c->wants.num && !sale; i++) {
		const struct lk_sale *s = c->wants.array[i];
		size_t j = deal_find(c, s->id);
		bool due = j == DARRAY_INVALID ? !settled(c, s->id)
					       : c->deals.array[j].unknown || c->deals.array[j].price != s->sale_price;
		if (due && tt_product(c, s->product_id))
			sale = lk_sale_addref(c->wants.array[i]);
	}
	pthread_mutex_unlock(&c->want_mutex);
	if (!sale)
		return false;

	bool sent = false;
	size_t j = deal_find(c, sale->id);
	const struct lk_product *p = tt_product(c, sale->product_id);
	if (j == DARRAY_INVALID) {
		struct lk_tiktok_deal d = {0};
		struct dstr title = {0};
		dstr_printf(&title, LK_TIKTOK_DEAL_TITLE_PREFIX "%lld %s", (long long)(sale->start_ms / 1000),
			    sale->id);
		if (title.len > TT_TITLE_MAX)
			dstr_resize(&title, TT_TITLE_MAX); /* the time keeps it unique */
		d.sale_id = bstrdup(sale->id);
		d.product_id = bstrdup(sale->product_id);
		d.title = title.array;
		da_push_back(c->deals, &d);
		j = c->deals.num - 1;
		/* on disk before the shop is asked */
		if (!deals_save(c)) {
			lk_tiktok_deal_free(&c->deals.array[j]);
			da_erase(c->deals, j);
			settle(c, sale->id);
			tt_deal_say(c, LK_MSG_TIKTOK_DEAL_JOURNAL, NULL);
		} else {
			struct lk_sale t = deal_times(c, sale);
			sent = send_deal(c, TT_OP_DEAL_CREATE, j, "POST", NULL,
					 lk_tiktok_activity_create_body(&t, c->deals.array[j].title, c->shop.region));
		}
	} else if (c->deals.array[j].unknown) {
		sent = send_deal(c, TT_OP_DEAL_FIND, j, "POST", NULL,
				 lk_tiktok_activity_find_body(c->deals.array[j].title));
	} else {
		c->deals.array[j].price = 0; /* not known until the shop confirms */
		deals_save(c);
		sent = send_deal(c, TT_OP_DEAL_PRODUCTS, j, "PUT", "/products",
				 lk_tiktok_activity_products_body(c->deals.array[j].activity_id, sale, p->currency));
		if (sent)
			c->deal_price = sale->sale_price;
	}
	lk_sale_release(sale);
	return sent;
}

bool tt_deal_step(struct conn_tiktok *c, int64_t now)
{
	(void)now;
	if (!c->deals_loaded)
		deals_load(c); /* what a crash left on the shop goes first */
	if (c->deals_denied && !c->deals.num)
		return false;
	return end_step(c) || create_step(c);
}

/* ---- replies -------------------------------------------------------------------- */

/* A refusal that asking again will not change (as opposed to an outage). */
static bool refused(const struct lk_tiktok_reply *r)
{
	return r->kind == LK_TIKTOK_REFUSED || r->kind == LK_TIKTOK_SHOP || r->kind == LK_TIKTOK_MALFORMED;
}

static void created(struct conn_tiktok *c, struct lk_tiktok_deal *d, const struct lk_net_response *res,
		    const struct lk_tiktok_reply *r)
{
	const char *id = json_string_value(json_object_get(r->data, "activity_id"));

	if (res->ok && r->kind == LK_TIKTOK_OK && id && *id) {
		d->activity_id = bstrdup(id);
		d->unknown = false;
		deals_save(c); /* the id on disk before the deal price goes on */
		blog(LOG_INFO, TT_LOG "activity %s created for the flash sale %s", id, d->sale_id);
	} else if (res->ok && refused(r)) {
		/* nothing was created: said once, not tried again for this sale */
		tt_deal_say(c, LK_MSG_TIKTOK_DEAL_NOT_CREATED, r->message);
		settle(c, d->sale_id);
		deal_drop(c, (size_t)(d - c->deals.array));
	} else {
		/* no clear answer (5xx, cut off, 429): it may exist; look first */
		d->unknown = true;
	}
}

static void found(struct conn_tiktok *c, struct lk_tiktok_deal *d, const struct lk_tiktok_reply *r)
{
	char *id = NULL;
	bool over = false;

	if (lk_tiktok_activity_find(r, d->title, &id, &over) && !over) {
		blog(LOG_INFO, TT_LOG "activity %s found for the flash sale %s", id, d->sale_id);
		bfree(d->activity_id);
		d->activity_id = id;
		d->unknown = false;
		d->price = 0;
		deals_save(c);
		return;
	}
	bfree(id);
	/* never created, or already over: nothing to take off. A sale still
	 * wanted is created afresh (the entry goes, the next step writes it). */
	deal_drop(c, (size_t)(d - c->deals.array));
}

bool tt_deal_reply(struct conn_tiktok *c, enum tt_op op, const struct lk_net_response *res,
		   const struct lk_tiktok_reply *r, int64_t now)
{
	size_t i = c->deal_op;

	(void)now;
	c->deal_op = DARRAY_INVALID;
	if (i >= c->deals.num)
		return false;
	struct lk_tiktok_deal *d = &c->deals.array[i];
	if (res->ok && r->kind == LK_TIKTOK_SCOPE) {
		if (!c->deals_denied)
			tt_deal_say(c, LK_MSG_TIKTOK_DEAL_NO_SCOPE, r->message);
		c->deals_denied = true;
		if (op == TT_OP_DEAL_CREATE)
			deal_drop(c, i); /* refused before anything was made */
		else
			d->old = true;
		return true;
	}
	switch (op) {
	case TT_OP_DEAL_CREATE:
		created(c, d, res, r);
		break;
	case TT_OP_DEAL_FIND:
		if (res->ok && r->kind == LK_TIKTOK_OK)
			found(c, d, r);
		break;
	case TT_OP_DEAL_PRODUCTS:
		if (res->ok && r->kind == LK_TIKTOK_OK) {
			d->price = c->deal_price;
			deals_save(c);
			blog(LOG_INFO, TT_LOG "flash sale %s is on the shop (activity %s)", d->sale_id, d->activity_id);
		} else if (res->ok && refused(r)) {
			/* the activity stays empty: end it, and do not try again */
			tt_deal_say(c, LK_MSG_TIKTOK_DEAL_NOT_CREATED, r->message);
			settle(c, d->sale_id);
			d->old = true;
		}
		break;
	case TT_OP_DEAL_END:
		if (res->ok && r->kind == LK_TIKTOK_OK) {
			blog(LOG_INFO, TT_LOG "activity %s deactivated (flash sale %s over)", d->activity_id,
			     d->sale_id);
			deal_drop(c, i);
		} else if (res->ok && refused(r)) {
			/* gone, or ended by TikTok already: asking again will not help */
			tt_deal_say(c, LK_MSG_TIKTOK_DEAL_NOT_ENDED, r->message);
			deal_drop(c, i);
		}
		break;
	default:
		return false;
	}
	/* outages, 429, an expired token: the common handling backs off (or
	 * refreshes) and the step asks again */
	return res->ok && (r->kind == LK_TIKTOK_OK || refused(r));
}
