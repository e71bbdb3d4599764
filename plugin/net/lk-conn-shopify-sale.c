/*
 * Linkon — the Shopify connector: sale prices written to the shop
 * ("write_sale_prices": true) and the journal that brings the old prices
 * back, even after a crash.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Sales run in the store (the controller applies them). A store listener
 * notes which products have a live sale and at what price, and wakes the
 * worker tick; it does no network and no file work itself. The tick then
 * reconciles the shop with that wish, one request at a time:
 *   - a product in the journal with no live sale: restore its old prices;
 *     the entry leaves the journal once the shop confirms;
 *   - a live sale's product: read its variants, write their old prices to
 *     the journal file (atomically, 0600) and only then set every variant
 *     to the sale price with compareAtPrice = its old price.
 * The journal is loaded on the first tick, so prices left on sale by a
 * crash are restored before anything else.
 */
#include "lk-conn-shopify-priv.h"
#include "lk-conn-catalog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/platform.h>

#define SH_WRITE_COST 10.0
#define SH_VARIANTS_COST 12.0

/* ---- the listener ------------------------------------------------------------- */

static void wants_clear(struct sh_want *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bfree(w[i].product_id);
}

static bool wants_equal(const struct sh_want *a, size_t na, const struct sh_want *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (a[i].price != b[i].price || strcmp(a[i].product_id, b[i].product_id) != 0)
			return false;
	}
	return true;
}

void sh_store_changed(void *data, uint64_t version)
{
	struct conn_shopify *c = data;
	DARRAY(struct sh_want) next;
	bool changed = false;

	da_init(next);
	pthread_mutex_lock(&c->want_mutex);
	struct lk_snapshot *snap = lk_store_get(c->store);
	/* every version: a sale's price can change without a state change */
	for (size_t i = 0; i < snap->num_sales; i++) {
		const struct lk_sale *s = snap->sales[i];
		if (s->state != LK_SALE_LIVE)
			continue;
		struct sh_want w = {bstrdup(s->product_id), s->sale_price};
		da_push_back(next, &w);
	}
	changed = !wants_equal(c->want.array, c->want.num, next.array, next.num);
	if (changed) {
		wants_clear(c->want.array, c->want.num);
		da_free(c->want);
		da_move(c->want, next);
	}
	pthread_mutex_unlock(&c->want_mutex);
	lk_snapshot_release(snap);
	wants_clear(next.array, next.num);
	da_free(next);
	uint64_t tick = atomic_load(&c->tick_id);
	if (changed && tick)
		lk_net_wake_tick(c->net, tick);
}

/* Whether product_id has a live sale; *price gets its price. */
static bool wanted(struct conn_shopify *c, const char *product_id, int64_t *price)
{
	bool found = false;

	pthread_mutex_lock(&c->want_mutex);
	for (size_t i = 0; i < c->want.num && !found; i++) {
		found = strcmp(c->want.array[i].product_id, product_id) == 0;
		if (found && price)
			*price = c->want.array[i].price;
	}
	pthread_mutex_unlock(&c->want_mutex);
	return found;
}

/* ---- the journal file ---------------------------------------------------------- */

static size_t journal_find(struct conn_shopify *c, const char *product_id)
{
	for (size_t i = 0; i < c->journal.num; i++) {
		if (strcmp(c->journal.array[i].product_id, product_id) == 0)
			return i;
	}
	return DARRAY_INVALID;
}

/* Writes the journal as it is now (no entries: removes the file). */
static bool journal_save(struct conn_shopify *c)
{
	if (!c->journal_path)
		return false; /* no config dir: no sale prices on the shop */
	if (!c->journal.num)
		return unlink(c->journal_path) == 0 || errno == ENOENT;
	json_t *j = lk_shopify_journal_to_json(c->journal.array, c->journal.num);
	char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	bool ok = text && lk_conn_write_private_file(c->journal_path, text);
	free(text);
	json_decref(j);
	if (!ok)
		blog(LOG_WARNING, SH_LOG_PREFIX "could not write the sale-price journal (%s)", strerror(errno));
	return ok;
}

void sh_journal_load(struct conn_shopify *c)
{
	struct lk_shopify_write *w = NULL;
	size_t n = 0;
	char err[LK_SHOPIFY_ERR_SIZE];

	c->journal_loaded = true;
	char *text = c->journal_path ? os_quick_read_utf8_file(c->journal_path) : NULL;
	if (!text)
		return;
	if (!lk_shopify_journal_parse(text, strlen(text), &w, &n, err, sizeof(err))) {
		lk_conn_set_aside(c->journal_path, SH_LOG_PREFIX "sale-price journal", err);
	} else if (n) {
		blog(LOG_INFO, SH_LOG_PREFIX "restoring the prices of %zu products left on sale", n);
	}
	for (size_t i = 0; i < n; i++)
		da_push_back(c->journal, &w[i]);
	bfree(w);
	bfree(text);
}

/* ---- settled: sale prices written (or refused) while their sale is live ----------- */

static size_t settled_find(struct conn_shopify *c, const char *product_id)
{
	for (size_t i = 0; i < c->settled.num; i++) {
		if (strcmp(c->settled.array[i].product_id, product_id) == 0)
			return i;
	}
	return DARRAY_INVALID;
}

static void settle(struct conn_shopify *c, const char *product_id, int64_t price)
{
	size_t i = settled_find(c, product_id);
	if (i != DARRAY_INVALID) {
		c->settled.array[i].price = price;
	} else {
		struct sh_want w = {bstrdup(product_id), price};
		da_push_back(c->settled, &w);
	}
}

static void unsettle(struct conn_shopify *c, size_t i)
{
	bfree(c->settled.array[i].product_id);
	da_erase(c->settled, i);
}

/* Forgets what no live sale wants any more (its sale ended, or its price
 * changed), so a later sale writes again. */
static void settled_prune(struct conn_shopify *c)
{
	for (size_t i = c->settled.num; i > 0; i--) {
		int64_t price = -1;
		if (!wanted(c, c->settled.array[i - 1].product_id, &price) || price != c->settled.array[i - 1].price)
			unsettle(c, i - 1);
	}
}

/* ---- steps ---------------------------------------------------------------------- */

static bool send_for(struct conn_shopify *c, enum sh_op op, const char *product_id, char *body)
{
	bfree(c->op_product);
	c->op_product = bstrdup(product_id);
	return sh_send(c, op, body);
}

static bool restore_step(struct conn_shopify *c, int64_t now)
{
	for (size_t i = 0; i < c->journal.num; i++) {
		const struct lk_shopify_write *j = &c->journal.array[i];
		if (wanted(c, j->product_id, NULL))
			continue;
		if (!sh_paced(c, now, SH_WRITE_COST))
			return false;
		return send_for(c, SH_OP_RESTORE, j->product_id, lk_shopify_bulk_update_body(j));
	}
	return false;
}

/* The sale write for a journal entry: sale price, old price struck. */
static bool send_sale_price(struct conn_shopify *c, const struct lk_shopify_write *old, int64_t price)
{
	struct lk_shopify_write w = {0};
	struct dstr s = {0};

	w.product_id = bstrdup(old->product_id);
	lk_shopify_money_format(&s, price, c->currency);
	for (size_t i = 0; i < old->variants.num; i++) {
		struct lk_shopify_vprice *v = da_push_back_new(w.variants);
		v->id = bstrdup(old->variants.array[i].id);
		v->price = bstrdup(s.array);
		v->compare_at = bstrdup(old->variants.array[i].price);
	}
	bool ok = send_for(c, SH_OP_WRITE, old->product_id, lk_shopify_bulk_update_body(&w));
	lk_shopify_write_free(&w);
	dstr_free(&s);
	return ok;
}

/* The first live sale not yet written: its product id (new) and price. */
static char *next_write(struct conn_shopify *c, int64_t *price)
{
	char *pid = NULL;

	pthread_mutex_lock(&c->want_mutex);
	for (size_t i = 0; i < c->want.num && !pid; i++) {
		size_t s = settled_find(c, c->want.array[i].product_id);
		if (s == DARRAY_INVALID || c->settled.array[s].price != c->want.array[i].price) {
			pid = bstrdup(c->want.array[i].product_id);
			*price = c->want.array[i].price;
		}
	}
	pthread_mutex_unlock(&c->want_mutex);
	return pid;
}

static bool write_step(struct conn_shopify *c, int64_t now)
{
	int64_t price = 0;
	char *pid = c->write_prices && c->synced ? next_write(c, &price) : NULL;
	bool sent = false;

	if (!pid)
		return false;
	c->op_price = price;
	size_t j = journal_find(c, pid);
	if (j == DARRAY_INVALID && c->fetched.product_id && strcmp(c->fetched.product_id, pid) == 0) {
		/* the old prices are on disk before the shop changes */
		da_push_back(c->journal, &c->fetched);
		memset(&c->fetched, 0, sizeof(c->fetched));
		j = c->journal.num - 1;
		if (!journal_save(c)) {
			lk_shopify_write_free(&c->journal.array[j]);
			da_erase(c->journal, j);
			settle(c, pid, price);
			sh_status(c, c->state, LK_MSG_SHOPIFY_JOURNAL, NULL, NULL, NULL, 0);
			bfree(pid);
			return false;
		}
	}
	if (j != DARRAY_INVALID) {
		if (sh_paced(c, now, SH_WRITE_COST))
			sent = send_sale_price(c, &c->journal.array[j], price);
	} else if (sh_paced(c, now, SH_VARIANTS_COST)) {
		sent = send_for(c, SH_OP_VARIANTS, pid, lk_shopify_variants_body(pid));
	}
	bfree(pid);
	return sent;
}

bool sh_sale_step(struct conn_shopify *c, int64_t now)
{
	if (c->writes_denied)
		return false; /* the journal waits for a token that may write */
	if (restore_step(c, now))
		return true;
	if (now < c->not_before_ms)
		return false;
	settled_prune(c);
	if (c->fetched.product_id && !wanted(c, c->fetched.product_id, NULL)) {
		/* its sale ended before the write: a later one reads prices afresh */
		lk_shopify_write_free(&c->fetched);
		memset(&c->fetched, 0, sizeof(c->fetched));
	}
	return write_step(c, now);
}

/* ---- replies -------------------------------------------------------------------- */

/* Logs what happened; a warning (code not LK_MSG_NONE) is also the status. */
static void say(struct conn_shopify *c, enum lk_msg_code code, const char *what, const char *detail)
{
	struct dstr msg = {0};

	dstr_printf(&msg, "Shopify: %s%s%s", what, detail ? ": " : "", detail ? detail : "");
	lk_redact(&msg, c->token);
	blog(code ? LOG_WARNING : LOG_INFO, SH_LOG_PREFIX "%s", msg.array + 9);
	if (code)
		sh_status(c, c->state, code, detail ? detail : "-", NULL, NULL, 0);
	dstr_free(&msg);
}

void sh_sale_denied(struct conn_shopify *c, const char *reason)
{
	if (!c->writes_denied)
		say(c, LK_MSG_SHOPIFY_NO_WRITE,
		    "sale prices are not written (the token needs the write_products scope)", reason);
	c->writes_denied = true;
	bfree(c->op_product);
	c->op_product = NULL;
}

static void restore_reply(struct conn_shopify *c, const struct lk_shopify_reply *r)
{
	char err[LK_SHOPIFY_ERR_SIZE];
	size_t j = journal_find(c, c->op_product);

	if (lk_shopify_decode_bulk_update(r, c->token, err, sizeof(err)))
		say(c, LK_MSG_NONE, "old prices restored", NULL);
	else
		say(c, LK_MSG_SHOPIFY_NO_RESTORE, "could not restore the old prices", err);
	/* a refusal will not change by asking again: the entry goes either way */
	if (j != DARRAY_INVALID) {
		lk_shopify_write_free(&c->journal.array[j]);
		da_erase(c->journal, j);
		journal_save(c);
	}
	size_t s = settled_find(c, c->op_product);
	if (s != DARRAY_INVALID)
		unsettle(c, s);
}

void sh_sale_reply(struct conn_shopify *c, enum sh_op op, const struct lk_shopify_reply *r)
{
	char err[LK_SHOPIFY_ERR_SIZE];

	if (!c->op_product)
		return;
	if (op == SH_OP_VARIANTS) {
		lk_shopify_write_free(&c->fetched);
		memset(&c->fetched, 0, sizeof(c->fetched));
		if (!lk_shopify_decode_variants(r, &c->fetched, err, sizeof(err))) {
			settle(c, c->op_product, c->op_price);
			say(c, LK_MSG_SHOPIFY_NOT_WRITTEN, "the sale price was not written", err);
		} else if (strcmp(c->fetched.product_id, c->op_product) != 0) {
			lk_shopify_write_free(&c->fetched);
			settle(c, c->op_product, c->op_price);
			say(c, LK_MSG_SHOPIFY_NOT_WRITTEN, "the sale price was not written",
			    "the shop answered for another product");
		}
	} else if (op == SH_OP_WRITE) {
		settle(c, c->op_product, c->op_price);
		if (lk_shopify_decode_bulk_update(r, c->token, err, sizeof(err)))
			say(c, LK_MSG_NONE, "sale price written to the shop", NULL);
		else
			say(c, LK_MSG_SHOPIFY_NOT_WRITTEN, "the sale price was not written", err);
	} else if (op == SH_OP_RESTORE) {
		restore_reply(c, r);
	}
	bfree(c->op_product);
	c->op_product = NULL;
}

void sh_sale_fix_prices(struct conn_shopify *c, struct lk_product **products, size_t n)
{
	for (size_t i = 0; i < n && c->journal.num; i++) {
		struct lk_product *p = products[i];
		size_t j = journal_find(c, p->id);
		if (j == DARRAY_INVALID || !c->journal.array[j].variants.num)
			continue;
		const struct lk_shopify_vprice *v = &c->journal.array[j].variants.array[0];
		int64_t price, compare = 0;
		if (!lk_shopify_money_parse(v->price, c->currency, &price))
			continue;
		lk_shopify_money_parse(v->compare_at, c->currency, &compare);
		p->price = price;
		p->original_price = compare > price ? compare : 0;
	}
}

void sh_sale_free(struct conn_shopify *c)
{
	for (size_t i = 0; i < c->journal.num; i++)
		lk_shopify_write_free(&c->journal.array[i]);
	da_free(c->journal);
	lk_shopify_write_free(&c->fetched);
	wants_clear(c->settled.array, c->settled.num);
	da_free(c->settled);
	bfree(c->op_product);
	wants_clear(c->want.array, c->want.num);
	da_free(c->want);
}
