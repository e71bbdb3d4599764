/*
 * Linkon — the show: events and the numbers they add up to.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each public event first writes its journal record (lk-show-journal.c),
 * then changes the numbers through the same lk_show_apply_* functions the
 * journal's replay uses, so a replayed show adds up exactly as the live one
 * did.
 *
 * Attribution to pin windows: an order's units of the product that was
 * pinned when it was placed (the order's pinned_id, else the store's pin)
 * count for that product's pin window covering the order's time; an order
 * that arrives late (after the pin moved on) still finds its window.
 */
#include "lk-show-priv.h"

#include "lk-product.h"

#include <string.h>
#include <util/dstr.h>
#include <util/base.h>
#include <util/bmem.h>

/* Most gifts, gift value or likes one event adds (beyond it: a broken feed). */
#define LK_SHOW_MAX_COUNT 1000000000000LL

static void cur_copy(char dst[4], const char *src)
{
	size_t n = strlen(src);
	memcpy(dst, src, n < 3 ? n : 3);
	dst[n < 3 ? n : 3] = 0;
}

/* ---- the set of order ids seen in this show --------------------------- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void seen_clear(struct lk_show *show)
{
	for (size_t i = 0; i < show->seen_cap; i++)
		bfree(show->seen[i]);
	bfree(show->seen);
	show->seen = NULL;
	show->seen_cap = show->seen_num = 0;
}

static void seen_insert(char **slots, size_t cap, char *id)
{
	size_t i = hash_str(id) & (cap - 1);
	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = id;
}

/* true if id was new (and is now in the set). */
static bool seen_add(struct lk_show *show, const char *id)
{
	if ((show->seen_num + 1) * 2 > show->seen_cap) {
		size_t cap = show->seen_cap ? show->seen_cap * 2 : 64;
		char **slots = bzalloc(cap * sizeof(*slots));
		for (size_t i = 0; i < show->seen_cap; i++) {
			if (show->seen[i])
				seen_insert(slots, cap, show->seen[i]);
		}
		bfree(show->seen);
		show->seen = slots;
		show->seen_cap = cap;
	}
	for (size_t i = hash_str(id) & (show->seen_cap - 1); show->seen[i]; i = (i + 1) & (show->seen_cap - 1)) {
		if (strcmp(show->seen[i], id) == 0)
			return false;
	}
	seen_insert(show->seen, show->seen_cap, bstrdup(id));
	show->seen_num++;
	return true;
}

/* ---- numbers ---------------------------------------------------------- */

static void ticker_free(struct show_ticker *t)
{
	bfree(t->order_id);
	bfree(t->buyer);
	bfree(t->product_id);
	bfree(t->title);
	bfree(t->image);
}

void lk_show_reset_numbers(struct lk_show *show)
{
	for (size_t i = 0; i < show->products.num; i++) {
		bfree(show->products.array[i].id);
		bfree(show->products.array[i].title);
		bfree(show->products.array[i].image);
	}
	for (size_t i = 0; i < show->pins.num; i++) {
		bfree(show->pins.array[i].id);
		bfree(show->pins.array[i].title);
	}
	for (size_t i = 0; i < show->ticker.num; i++)
		ticker_free(&show->ticker.array[i]);
	for (size_t i = 0; i < show->claims.num; i++) {
		bfree(show->claims.array[i].id);
		bfree(show->claims.array[i].title);
	}
	da_resize(show->claims, 0);
	show->claims_total = 0;
	da_resize(show->totals, 0);
	da_resize(show->products, 0);
	da_resize(show->pins, 0);
	da_resize(show->ticker, 0);
	seen_clear(show);
	show->units = show->orders = show->gifts = show->gift_value = show->likes = 0;
}

static struct show_totals *totals_of(struct lk_show *show, const char *currency)
{
	for (size_t i = 0; i < show->totals.num; i++) {
		if (strcmp(show->totals.array[i].currency, currency) == 0)
			return &show->totals.array[i];
	}
	struct show_totals *t = da_push_back_new(show->totals);
	cur_copy(t->currency, currency);
	return t;
}

static struct show_product *product_of(struct lk_show *show, const char *id, const char *currency)
{
	for (size_t i = 0; i < show->products.num; i++) {
		struct show_product *p = &show->products.array[i];
		if (strcmp(p->id, id) == 0 && strcmp(p->currency, currency) == 0)
			return p;
	}
	struct show_product *p = da_push_back_new(show->products);
	p->id = bstrdup(id);
	cur_copy(p->currency, currency);
	return p;
}

/* value * bp / 10000, rounded, without overflow for value <= LK_MONEY_MAX_MINOR */
static int64_t commission(int64_t value, int64_t bp)
{
	return (value / 10000) * bp + ((value % 10000) * bp + 5000) / 10000;
}

/* The pin window of product id that covers time t, or NULL. */
static struct show_pin *window_of(struct lk_show *show, const char *id, int64_t t)
{
	for (size_t i = show->pins.num; i-- > 0;) {
		struct show_pin *w = &show->pins.array[i];
		if (strcmp(w->id, id) != 0)
			continue;
		if (t >= w->start_ms && (w->end_ms == 0 || t <= w->end_ms))
			return w;
	}
	return NULL;
}

/* The product pinned at time t (a pin window covering it), or NULL. */
static const char *pinned_at(const struct lk_show *show, int64_t t)
{
	for (size_t i = show->pins.num; i-- > 0;) {
		const struct show_pin *w = &show->pins.array[i];
		if (t >= w->start_ms && (w->end_ms == 0 || t < w->end_ms))
			return w->id;
	}
	return NULL;
}

static void attribute_pin(struct lk_show *show, const struct lk_order *o, const char *pinned, int64_t t,
			  const char *currency)
{
	struct show_pin *w = pinned ? window_of(show, pinned, t) : NULL;
	int64_t units = 0, gmv = 0;

	if (!w)
		return;
	for (size_t i = 0; i < o->num_items; i++) {
		if (strcmp(o->items[i].product_id, pinned) != 0)
			continue;
		units += o->items[i].quantity;
		gmv += o->items[i].quantity * o->items[i].unit_price;
	}
	if (!units)
		return;
	/* a window's money is in its first sale's currency; others count units only */
	if (!w->currency[0])
		cur_copy(w->currency, currency);
	if (strcmp(w->currency, currency) == 0)
		w->gmv += gmv;
	w->units += units;
	w->orders++;
}

/* The main item shown by the ticker: the pinned product if bought, else the first. */
static size_t main_item(const struct lk_order *o, const char *pinned)
{
	for (size_t i = 0; pinned && i < o->num_items; i++) {
		if (strcmp(o->items[i].product_id, pinned) == 0)
			return i;
	}
	return 0;
}

static void ticker_push(struct lk_show *show, const struct lk_order *o, const struct show_item_info *info,
			const char *pinned, int64_t t, const char *currency)
{
	if (show->ticker.num >= LK_SHOW_TICKER_MAX) {
		ticker_free(&show->ticker.array[0]);
		da_erase(show->ticker, 0);
	}
	size_t m = main_item(o, pinned);
	struct show_ticker *e = da_push_back_new(show->ticker);
	e->seq = show->orders_seq;
	e->order_id = bstrdup(o->id);
	e->buyer = bstrdup(o->buyer);
	e->product_id = bstrdup(o->items[m].product_id);
	e->title = bstrdup(info[m].title);
	e->image = bstrdup(info[m].image);
	e->time_ms = t;
	e->quantity = o->items[m].quantity;
	e->total = lk_order_total(o);
	e->num_items = o->num_items;
	cur_copy(e->currency, currency);
}

static void count_items(struct lk_show *show, const struct lk_order *o, const struct show_item_info *info,
			const char *currency, struct show_totals *tot)
{
	for (size_t i = 0; i < o->num_items; i++) {
		const struct lk_order_item *it = &o->items[i];
		struct show_product *p = product_of(show, it->product_id, currency);
		int64_t value = it->quantity * it->unit_price;
		if (!p->title && info[i].title)
			p->title = bstrdup(info[i].title);
		if (!p->image && info[i].image)
			p->image = bstrdup(info[i].image);
		p->units += it->quantity;
		p->gmv += value;
		bool again = false;
		for (size_t j = 0; j < i; j++)
			again = again || strcmp(o->items[j].product_id, it->product_id) == 0;
		p->orders += again ? 0 : 1;
		tot->commission += commission(value, lk_show_rate_of(show, it->product_id));
	}
}

/* The order's currency: its own, else its first item's product's, else "XXX" (no currency). */
static const char *order_currency(const struct lk_order *o, const struct show_item_info *info)
{
	if (o->currency[0])
		return o->currency;
	if (info[0].currency && info[0].currency[0])
		return info[0].currency;
	return "XXX";
}

bool lk_show_apply_order(struct lk_show *show, const struct lk_order *o, const struct show_item_info *info,
			 const char *pinned_id, int64_t now_ms)
{
	if (show->state != LK_SHOW_LIVE || !seen_add(show, o->id))
		return false;

	const char *currency = order_currency(o, info);
	const char *pinned = o->pinned_id ? o->pinned_id : pinned_id;
	int64_t t = o->time_ms > 0 ? o->time_ms : now_ms;
	struct show_totals *tot = totals_of(show, currency);
	int64_t units = lk_order_units(o);

	tot->gmv += lk_order_total(o);
	tot->orders++;
	tot->units += units;
	show->units += units;
	show->orders++;
	show->orders_seq++;
	count_items(show, o, info, currency, tot);
	attribute_pin(show, o, pinned, t, currency);
	ticker_push(show, o, info, pinned, t, currency);
	lk_show_goals_update(show, now_ms);
	return true;
}

bool lk_show_apply_pin(struct lk_show *show, const char *id, const char *title, int64_t now_ms)
{
	bool same = (!id && !show->pinned) || (id && show->pinned && strcmp(id, show->pinned) == 0);

	if (same)
		return false;
	bfree(show->pinned);
	bfree(show->pinned_title);
	show->pinned = bstrdup(id);
	show->pinned_title = bstrdup(title);
	if (show->state != LK_SHOW_LIVE)
		return false;
	if (show->pins.num && !show->pins.array[show->pins.num - 1].end_ms)
		show->pins.array[show->pins.num - 1].end_ms = now_ms;
	if (id) {
		struct show_pin *w = da_push_back_new(show->pins);
		w->id = bstrdup(id);
		w->title = bstrdup(title);
		w->start_ms = now_ms;
	}
	return true;
}

bool lk_show_apply_start(struct lk_show *show, int64_t now_ms)
{
	struct dstr id = {0};

	if (show->state == LK_SHOW_LIVE)
		return false;
	lk_show_reset_numbers(show);
	bfree(show->report_csv);
	bfree(show->report_json);
	show->report_csv = show->report_json = NULL;
	show->state = LK_SHOW_LIVE;
	show->start_ms = now_ms;
	show->end_ms = 0;
	dstr_printf(&id, "show-%lld", (long long)now_ms);
	bfree(show->show_id);
	show->show_id = id.array;
	if (show->pinned) {
		struct show_pin *w = da_push_back_new(show->pins);
		w->id = bstrdup(show->pinned);
		w->title = bstrdup(show->pinned_title);
		w->start_ms = now_ms;
	}
	for (size_t i = 0; i < show->goals.num; i++) {
		struct lk_goal *g = &show->goals.array[i];
		g->target = g->first_target;
		g->base = g->current = 0;
		g->milestones = 0;
		g->reached_ms = 0;
		g->round = 0;
	}
	lk_show_goals_update(show, now_ms);
	return true;
}

void lk_show_apply_end(struct lk_show *show, int64_t now_ms)
{
	show->state = LK_SHOW_ENDED;
	show->end_ms = now_ms;
	if (show->pins.num && !show->pins.array[show->pins.num - 1].end_ms)
		show->pins.array[show->pins.num - 1].end_ms = now_ms;
}

/* ---- the public events ------------------------------------------------ */

static bool changed(struct lk_show *show)
{
	lk_show_view_release(show->view);
	show->view = NULL;
	return true;
}

struct lk_show *lk_show_create(void)
{
	struct lk_show *show = bzalloc(sizeof(*show));
	show->fd = -1;
	return show;
}

void lk_show_destroy(struct lk_show *show)
{
	if (!show)
		return;
	lk_show_journal_close(show);
	lk_show_reset_numbers(show);
	da_free(show->totals);
	da_free(show->products);
	da_free(show->pins);
	da_free(show->ticker);
	da_free(show->claims);
	for (size_t i = 0; i < show->goals.num; i++)
		lk_show_goal_free_fields(&show->goals.array[i]);
	da_free(show->goals);
	for (size_t i = 0; i < show->rates.num; i++)
		bfree(show->rates.array[i].product_id);
	da_free(show->rates);
	bfree(show->pinned);
	bfree(show->pinned_title);
	bfree(show->show_id);
	bfree(show->dir);
	bfree(show->journal_error);
	bfree(show->report_csv);
	bfree(show->report_json);
	lk_show_view_release(show->view);
	bfree(show);
}

static json_t *record(const char *type, int64_t now_ms)
{
	return json_pack("{s:s, s:I}", "t", type, "at", (json_int_t)now_ms);
}

static const char *title_of(const struct lk_show_catalog *cat, const char *id)
{
	const struct lk_product *p = cat && cat->find && id ? cat->find(cat->data, id) : NULL;
	return p ? p->title : NULL;
}

bool lk_show_start(struct lk_show *show, int64_t now_ms, const char *pinned_id, const struct lk_show_catalog *cat)
{
	if (show->state == LK_SHOW_LIVE)
		return false;
	lk_show_apply_pin(show, pinned_id, title_of(cat, pinned_id), now_ms);
	json_t *rec = record("start", now_ms);
	json_object_set_new(rec, "pin", pinned_id ? json_string(pinned_id) : json_null());
	json_object_set_new(rec, "pinTitle", show->pinned_title ? json_string(show->pinned_title) : json_null());
	json_object_set_new(rec, "privacy", json_string(lk_privacy_to_string(show->privacy)));
	json_object_set_new(rec, "commissionBp", json_integer(show->commission_bp));
	lk_show_journal_write(show, rec, true, now_ms);
	lk_show_apply_start(show, now_ms);
	blog(LOG_INFO, "[linkon] show: started (%s)", show->show_id);
	return changed(show);
}

bool lk_show_end(struct lk_show *show, int64_t now_ms)
{
	if (show->state != LK_SHOW_LIVE)
		return false;
	lk_show_journal_write(show, record("end", now_ms), true, now_ms);
	lk_show_apply_end(show, now_ms);
	lk_show_journal_finish(show, now_ms);
	blog(LOG_INFO, "[linkon] show: ended (%s): %lld orders, %lld units", show->show_id, (long long)show->orders,
	     (long long)show->units);
	return changed(show);
}

/* The catalog's word on each item; an unknown unit price becomes the product's price (0 if unknown). */
static void item_infos(struct lk_order *o, const struct lk_show_catalog *cat, struct show_item_info *info)
{
	for (size_t i = 0; i < o->num_items; i++) {
		const struct lk_product *p = cat && cat->find ? cat->find(cat->data, o->items[i].product_id) : NULL;
		if (o->items[i].unit_price < 0)
			o->items[i].unit_price = p ? p->price : 0;
		info[i].title = p ? p->title : NULL;
		info[i].image = p ? p->image : NULL;
		info[i].currency = p ? p->currency : NULL;
	}
}

bool lk_show_order(struct lk_show *show, struct lk_order *o, int64_t now_ms, const char *pinned_id,
		   const struct lk_show_catalog *cat)
{
	char err[128];
	bool ok = false;

	struct show_item_info *info = NULL;

	if (!o || show->state != LK_SHOW_LIVE)
		goto done;
	info = bzalloc((o->num_items + 1) * sizeof(*info));
	item_infos(o, cat, info);
	if (!lk_order_check(o, err, sizeof(err))) {
		blog(LOG_WARNING, "[linkon] show: order ignored: %s", err);
		goto done;
	}
	/* an order with its own time was placed under the pin of that time;
	 * one without was placed now, under the store's pin */
	if (!o->pinned_id)
		o->pinned_id = bstrdup(o->time_ms > 0 ? pinned_at(show, o->time_ms) : pinned_id);
	if (o->time_ms <= 0)
		o->time_ms = now_ms;
	if (lk_show_apply_order(show, o, info, NULL, now_ms)) {
		json_t *rec = record("order", now_ms);
		json_object_set_new(rec, "order", lk_show_order_to_json(o, info));
		lk_show_journal_write(show, rec, false, now_ms);
		ok = changed(show);
	}
done:
	bfree(info);
	lk_order_free(o);
	return ok;
}

bool lk_show_pin(struct lk_show *show, const char *pinned_id, int64_t now_ms, const struct lk_show_catalog *cat)
{
	const char *title = title_of(cat, pinned_id);

	if (!lk_show_apply_pin(show, pinned_id, title, now_ms))
		return false;
	json_t *rec = record("pin", now_ms);
	json_object_set_new(rec, "id", pinned_id ? json_string(pinned_id) : json_null());
	json_object_set_new(rec, "title", title ? json_string(title) : json_null());
	lk_show_journal_write(show, rec, false, now_ms);
	return changed(show);
}

bool lk_show_gift(struct lk_show *show, int64_t count, int64_t value, int64_t now_ms)
{
	if (show->state != LK_SHOW_LIVE || count <= 0 || value < 0 || count > LK_SHOW_MAX_COUNT ||
	    value > LK_SHOW_MAX_COUNT)
		return false;
	show->gifts += count;
	show->gift_value += value;
	lk_show_goals_update(show, now_ms);
	if (!show->replaying)
		lk_show_journal_write(show,
				      json_pack("{s:s, s:I, s:I, s:I}", "t", "gift", "at", (json_int_t)now_ms, "count",
						(json_int_t)count, "value", (json_int_t)value),
				      false, now_ms);
	return changed(show);
}

bool lk_show_likes(struct lk_show *show, int64_t delta, int64_t now_ms)
{
	if (show->state != LK_SHOW_LIVE || delta <= 0 || delta > LK_SHOW_MAX_COUNT)
		return false;
	show->likes += delta;
	lk_show_goals_update(show, now_ms);
	if (!show->replaying)
		lk_show_journal_write(
			show,
			json_pack("{s:s, s:I, s:I}", "t", "likes", "at", (json_int_t)now_ms, "n", (json_int_t)delta),
			false, now_ms);
	return changed(show);
}

bool lk_show_claims(struct lk_show *show, const char *product_id, int64_t n, int64_t now_ms,
		    const struct lk_show_catalog *cat)
{
	const struct lk_product *p = cat && cat->find && product_id ? cat->find(cat->data, product_id) : NULL;

	return lk_show_apply_claims(show, product_id, p ? p->title : NULL, n, now_ms);
}

bool lk_show_apply_claims(struct lk_show *show, const char *product_id, const char *title, int64_t n, int64_t now_ms)
{
	struct show_claim *c = NULL;

	if (show->state != LK_SHOW_LIVE || !product_id || !*product_id || n <= 0 || n > LK_SHOW_MAX_COUNT)
		return false;
	for (size_t i = 0; i < show->claims.num && !c; i++) {
		if (strcmp(show->claims.array[i].id, product_id) == 0)
			c = &show->claims.array[i];
	}
	if (!c) {
		c = da_push_back_new(show->claims);
		c->id = bstrdup(product_id);
		c->title = title && *title ? bstrdup(title) : NULL;
	}
	c->claims += n;
	show->claims_total += n;
	if (!show->replaying) {
		json_t *rec = json_pack("{s:s, s:I, s:s, s:I}", "t", "claims", "at", (json_int_t)now_ms, "id",
					product_id, "n", (json_int_t)n);
		if (c->title)
			json_object_set_new(rec, "title", json_string(c->title));
		lk_show_journal_write(show, rec, false, now_ms);
	}
	return changed(show);
}

bool lk_show_goal_set(struct lk_show *show, const struct lk_goal *g, int64_t now_ms)
{
	if (!g || !g->id || !g->id[0] || g->target <= 0 || !lk_goal_kind_to_string(g->kind))
		return false;

	struct lk_goal copy = {0};
	lk_show_goal_copy_fields(&copy, g);
	copy.base = copy.current = 0;
	copy.milestones = 0;
	copy.reached_ms = copy.last_reached_ms = 0;
	copy.round = copy.reached_count = 0;
	if (copy.step <= 0)
		copy.step = copy.target;
	copy.first_target = copy.target;

	size_t i = 0;
	while (i < show->goals.num && strcmp(show->goals.array[i].id, g->id) != 0)
		i++;
	if (i < show->goals.num) {
		lk_show_goal_free_fields(&show->goals.array[i]);
		show->goals.array[i] = copy;
	} else {
		da_push_back(show->goals, &copy);
	}
	json_t *rec = record("goal", now_ms);
	json_object_set_new(rec, "goal", lk_show_goal_to_json(g));
	lk_show_journal_write(show, rec, true, now_ms);
	lk_show_goals_update(show, now_ms);
	return changed(show);
}

bool lk_show_goal_clear(struct lk_show *show, const char *id, int64_t now_ms)
{
	bool any = false;

	for (size_t i = show->goals.num; i-- > 0;) {
		if (id && strcmp(show->goals.array[i].id, id) != 0)
			continue;
		lk_show_goal_free_fields(&show->goals.array[i]);
		da_erase(show->goals, i);
		any = true;
	}
	if (!any)
		return false;
	json_t *rec = record("goalclear", now_ms);
	json_object_set_new(rec, "id", id ? json_string(id) : json_null());
	lk_show_journal_write(show, rec, true, now_ms);
	return changed(show);
}

static void config_record(struct lk_show *show)
{
	json_t *rec = json_pack("{s:s, s:s, s:I}", "t", "config", "privacy", lk_privacy_to_string(show->privacy),
				"commissionBp", (json_int_t)show->commission_bp);
	lk_show_journal_write(show, rec, false, 0);
}

void lk_show_set_privacy(struct lk_show *show, enum lk_privacy p)
{
	if (show->privacy == p)
		return;
	show->privacy = p;
	config_record(show);
	changed(show);
}

void lk_show_set_commission(struct lk_show *show, int64_t bp)
{
	bp = bp < 0 ? 0 : bp > 10000 ? 10000 : bp;
	if (show->commission_bp == bp)
		return;
	show->commission_bp = bp;
	config_record(show);
	changed(show);
}

void lk_show_set_product_commission(struct lk_show *show, const char *product_id, int64_t bp)
{
	for (size_t i = 0; i < show->rates.num; i++) {
		if (strcmp(show->rates.array[i].product_id, product_id) != 0)
			continue;
		if (bp < 0) {
			bfree(show->rates.array[i].product_id);
			da_erase(show->rates, i);
		} else {
			show->rates.array[i].bp = bp > 10000 ? 10000 : bp;
		}
		changed(show);
		return;
	}
	if (bp < 0)
		return;
	struct show_rate r = {bstrdup(product_id), bp > 10000 ? 10000 : bp};
	da_push_back(show->rates, &r);
	changed(show);
}

struct lk_show_view *lk_show_get_view(struct lk_show *show)
{
	if (!show->view)
		show->view = lk_show_build_view(show);
	return lk_show_view_addref(show->view);
}
