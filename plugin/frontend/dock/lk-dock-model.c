/*
 * Linkon — the docks' view model: connection, catalog rows, search, what is
 * enabled when, the "3, 2, 1" countdown (see lk-dock-model.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-model.h"
#include "lk-buy-url.h"
#include "lk-command.h"
#include "lk-money.h"
#include "lk-str.h"

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

#define LOW_STOCK_UNITS 10
#define COUNTDOWN_MAX_S 10

/* ---- connection ----------------------------------------------------------- */

uint32_t lk_dock_status_color(enum lk_conn_state state)
{
	switch (state) {
	case LK_CONN_CONNECTED:
		return 0x2EB85C; /* green */
	case LK_CONN_CONNECTING:
	case LK_CONN_SYNCING:
		return 0x3D8BFD; /* blue */
	case LK_CONN_OFFLINE:
		return 0xF0A020; /* amber */
	case LK_CONN_AUTH_FAILED:
	case LK_CONN_PROTOCOL_ERROR:
		return 0xE5484D; /* red */
	default:
		return 0x8A8F98; /* grey */
	}
}

const char *lk_dock_status_key(enum lk_conn_state state)
{
	switch (state) {
	case LK_CONN_CONNECTING:
		return "Dock.State.Connecting";
	case LK_CONN_CONNECTED:
		return "Dock.State.Connected";
	case LK_CONN_SYNCING:
		return "Dock.State.Syncing";
	case LK_CONN_OFFLINE:
		return "Dock.State.Offline";
	case LK_CONN_AUTH_FAILED:
		return "Dock.State.AuthFailed";
	case LK_CONN_PROTOCOL_ERROR:
		return "Dock.State.ProtocolError";
	default:
		return "Dock.State.Idle";
	}
}

const char *lk_dock_connector_key(const char *connector)
{
	if (!connector)
		return NULL;
	if (strcmp(connector, "demo") == 0)
		return "Dock.Connector.Demo";
	if (strcmp(connector, "bridge") == 0)
		return "Dock.Connector.Bridge";
	if (strcmp(connector, "shopify") == 0)
		return "Dock.Connector.Shopify";
	if (strcmp(connector, "tiktok_shop") == 0)
		return "Dock.Connector.TikTokShop";
	return NULL;
}

bool lk_dock_buy_link(struct dstr *url, struct dstr *short_text, const struct lk_snapshot *snap, const char *campaign)
{
	lk_dock_empty(url);
	lk_dock_empty(short_text);
	const struct lk_product *p = snap ? snap->pinned : NULL;
	if (!p || !p->buy_url)
		return false;
	struct lk_buy_url_opts o;
	lk_buy_url_opts_default(&o);
	o.utm_campaign = campaign;
	char *link = lk_buy_url_build(p->buy_url, p->id, &o);
	if (!link)
		return false;
	char shortl[256];
	lk_buy_url_short(link, shortl, sizeof(shortl));
	dstr_copy(url, link);
	dstr_copy(short_text, shortl);
	bfree(link);
	return true;
}

const char *lk_dock_status_line(struct dstr *out, const struct lk_status *st, lk_dock_text_fn tr)
{
	const char *state = tr(lk_dock_status_key(st->state));
	const char *key = lk_dock_connector_key(st->connector);
	const char *name = key ? tr(key) : st->connector;

	if (name && *name)
		return lk_dock_fill(out, tr("Dock.StatusLine"), state, name);
	dstr_copy(out, state);
	return out->array;
}

const char *lk_dock_sync_text(struct dstr *out, const struct lk_status *st, int64_t now_ms, lk_dock_text_fn tr)
{
	struct dstr span = {0};

	if (st->last_sync_ms <= 0 && (st->state == LK_CONN_IDLE || st->state == LK_CONN_CONNECTED))
		lk_dock_empty(out); /* a connector that keeps no sync time (the demo) */
	else if (st->state == LK_CONN_IDLE)
		lk_dock_empty(out);
	else if (st->last_sync_ms <= 0)
		dstr_copy(out, tr("Dock.LastSync.Never"));
	else if (now_ms - st->last_sync_ms < 1000)
		dstr_copy(out, tr("Dock.LastSync.Now"));
	else
		lk_dock_fill(out, tr("Dock.LastSync"), lk_dock_span(&span, now_ms - st->last_sync_ms, tr), NULL);
	dstr_free(&span);
	return out->array;
}

const char *lk_dock_retry_text(struct dstr *out, const struct lk_status *st, int64_t now_ms, lk_dock_text_fn tr)
{
	struct dstr span = {0};

	if (st->state != LK_CONN_OFFLINE || st->next_retry_ms <= 0)
		lk_dock_empty(out);
	else if (st->next_retry_ms - now_ms < 1000)
		dstr_copy(out, tr("Dock.Retry.Now"));
	else /* round up: "in 1 s" until the try */
		lk_dock_fill(out, tr("Dock.Retry"), lk_dock_span(&span, st->next_retry_ms - now_ms + 999, tr), NULL);
	dstr_free(&span);
	return out->array;
}

struct msg_tr {
	lk_dock_text_fn tr;
};

/* tr as lk-msg wants it: NULL for a key the locale lacks. */
static const char *msg_tr(const char *key, void *param)
{
	const char *t = ((struct msg_tr *)param)->tr(key);
	return t && *t && strcmp(t, key) != 0 ? t : NULL;
}

const char *lk_dock_msg_text(struct dstr *out, const struct lk_msg *m, lk_dock_text_fn tr)
{
	struct msg_tr p = {tr};
	return lk_msg_format(out, m, msg_tr, &p, tr(LK_LOCALE_CODE_KEY));
}

const char *lk_dock_error_text(struct dstr *out, const struct lk_status *st, lk_dock_text_fn tr)
{
	bool bad =
		st->state == LK_CONN_OFFLINE || st->state == LK_CONN_AUTH_FAILED || st->state == LK_CONN_PROTOCOL_ERROR;

	if (bad && st->msg.code != LK_MSG_NONE)
		lk_dock_msg_text(out, &st->msg, tr);
	else if (bad && st->message && *st->message)
		dstr_copy(out, st->message); /* words Linkon has no code for (a platform's own) */
	else if (st->state == LK_CONN_AUTH_FAILED)
		dstr_copy(out, tr("Dock.Error.AuthFailed"));
	else if (st->state == LK_CONN_OFFLINE)
		dstr_copy(out, tr("Dock.Error.Offline"));
	else
		lk_dock_empty(out);
	return out->array;
}

/* ---- catalog -------------------------------------------------------------- */

void lk_dock_row_init(struct lk_dock_row *row)
{
	memset(row, 0, sizeof(*row));
}

void lk_dock_row_free(struct lk_dock_row *row)
{
	dstr_free(&row->title);
	dstr_free(&row->price);
	dstr_free(&row->original);
	dstr_free(&row->stock);
	dstr_free(&row->slot);
	dstr_free(&row->tooltip);
	memset(row, 0, sizeof(*row));
}

size_t lk_dock_cart_slot(const struct lk_snapshot *snap, const char *id)
{
	for (size_t i = 0; id && i < snap->num_cart; i++)
		if (strcmp(snap->cart[i]->id, id) == 0)
			return i + 1;
	return 0;
}

static void row_stock(struct lk_dock_row *row, const struct lk_product *p, lk_dock_text_fn tr)
{
	char n[32];

	row->sold_out = p->stock == 0;
	row->low_stock = p->stock > 0 &&
			 (p->stock <= LOW_STOCK_UNITS || (p->stock_total > 0 && p->stock * 10 <= p->stock_total));
	if (p->stock == 0) {
		dstr_copy(&row->stock, tr("Dock.Row.SoldOut"));
	} else if (p->stock > 0) {
		snprintf(n, sizeof(n), "%lld", (long long)p->stock);
		lk_dock_fill(&row->stock, tr("Dock.Row.Left"), n, NULL);
	} else {
		lk_dock_empty(&row->stock);
	}
}

static void row_tooltip(struct lk_dock_row *row, const struct lk_product *p, const char *locale, lk_dock_text_fn tr)
{
	struct dstr line = {0}, count = {0};

	dstr_copy(&row->tooltip, row->title.array);
	lk_dock_fill(&line, tr("Dock.Row.Id"), p->id, NULL);
	dstr_catf(&row->tooltip, "\n%s", line.array);
	if (p->sku && *p->sku) {
		lk_dock_fill(&line, tr("Dock.Row.Sku"), p->sku, NULL);
		dstr_catf(&row->tooltip, "\n%s", line.array);
	}
	if (p->sold > 0) {
		lk_format_count(&count, p->sold, locale ? locale : "en-US");
		lk_dock_fill(&line, tr("Dock.Row.Sold"), count.array, NULL);
		dstr_catf(&row->tooltip, "\n%s", line.array);
	}
	dstr_free(&line);
	dstr_free(&count);
}

void lk_dock_row_fill(struct lk_dock_row *row, const struct lk_snapshot *snap, const struct lk_product *p,
		      const char *locale, lk_dock_text_fn tr)
{
	size_t slot = lk_dock_cart_slot(snap, p->id);
	char n[32];

	dstr_copy(&row->title, p->title && *p->title ? p->title : p->id);
	lk_money_format(&row->price, p->price, p->currency);
	if (p->original_price > p->price)
		lk_money_format(&row->original, p->original_price, p->currency);
	else
		lk_dock_empty(&row->original);
	row_stock(row, p, tr);
	int64_t claims = lk_snapshot_claims(snap, p->id);
	if (claims > 0) { /* "12 left · Wanted: 23": claims from live-room comments */
		struct dstr part = {0};
		snprintf(n, sizeof(n), "%lld", (long long)claims);
		lk_dock_fill(&part, tr("Dock.Row.Claims"), n, NULL);
		if (row->stock.len)
			dstr_cat(&row->stock, " \xC2\xB7 ");
		dstr_cat_dstr(&row->stock, &part);
		dstr_free(&part);
	}
	row->in_cart = slot > 0;
	row->pinned = snap->pinned == p || (snap->pinned && strcmp(snap->pinned->id, p->id) == 0);
	snprintf(n, sizeof(n), "%zu", slot);
	if (slot)
		lk_dock_fill(&row->slot, tr("Dock.Row.Slot"), n, NULL);
	else
		lk_dock_empty(&row->slot);
	row_tooltip(row, p, locale, tr);
}

void lk_dock_rows_near_view(int n, int top_row, int row_h, int view_h, int *first, int *last)
{
	int per_screen = row_h > 0 ? view_h / row_h + 2 : n;
	int start = top_row > 0 ? top_row : 0;

	if (n <= 0) {
		*first = *last = 0;
		return;
	}
	if (start >= n)
		start = n - 1;
	*first = start - per_screen < 0 ? 0 : start - per_screen;
	*last = start + 2 * per_screen > n ? n : start + 2 * per_screen;
}

/* FNV-1a over size bytes; NULL strings count apart from empty ones. */
static void stamp_bytes(uint64_t *h, const void *data, size_t size)
{
	const unsigned char *b = data;
	for (size_t i = 0; i < size; i++)
		*h = (*h ^ b[i]) * 0x100000001b3ull;
}

static void stamp_str(uint64_t *h, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0; /* the NUL ends one field */
	stamp_bytes(h, &n, sizeof(n));
	stamp_bytes(h, s, n);
}

uint64_t lk_dock_row_stamp(const struct lk_snapshot *snap, const struct lk_product *p)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t slot = lk_dock_cart_slot(snap, p->id);
	bool pinned = snap->pinned && strcmp(snap->pinned->id, p->id) == 0;
	int64_t nums[] = {p->price, p->original_price, p->stock, p->stock_total, p->sold};

	stamp_str(&h, p->id);
	stamp_str(&h, p->sku);
	stamp_str(&h, p->title);
	stamp_str(&h, p->image);
	stamp_bytes(&h, p->currency, sizeof(p->currency));
	stamp_bytes(&h, nums, sizeof(nums));
	stamp_bytes(&h, &slot, sizeof(slot));
	stamp_bytes(&h, &pinned, sizeof(pinned));
	return h ? h : 1;
}

/* ---- search ----------------------------------------------------------------- */

/* Folds one character (code point c) for matching: ASCII upper case and
 * full-width ASCII (U+FF01 … U+FF5E) become ASCII lower case; U+3000
 * becomes a space. Returns the folded code point. */
static uint32_t fold_char(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		c = c - 0xFF01 + 0x21;
	else if (c == 0x3000)
		c = ' ';
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

typedef DARRAY(uint32_t) fold_buf;

/* Appends s folded (code points) to out. */
static void fold_append(fold_buf *out, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	for (size_t i = 0; i < n;) {
		uint32_t c = fold_char(lk_utf8_next(s, n, &i));
		da_push_back((*out), &c);
	}
}

static bool contains(const uint32_t *hay, size_t nh, const uint32_t *needle, size_t nn)
{
	for (size_t i = 0; nn <= nh && i <= nh - nn; i++)
		if (memcmp(hay + i, needle, nn * sizeof(*needle)) == 0)
			return true;
	return false;
}

/* "#12" → 12; 0 when the term is not a slot term. */
static size_t slot_term(const uint32_t *t, size_t n)
{
	size_t v = 0;
	if (n < 2 || n > 6 || t[0] != '#')
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (t[i] < '0' || t[i] > '9')
			return 0;
		v = v * 10 + (t[i] - '0');
	}
	return v;
}

static bool term_matches(const uint32_t *hay, size_t nh, const uint32_t *t, size_t n, size_t slot)
{
	size_t want = slot_term(t, n);
	return (want && want == slot) || contains(hay, nh, t, n);
}

bool lk_dock_match(const struct lk_product *p, size_t slot, const char *query)
{
	fold_buf hay, q;
	bool ok = true;

	da_init(hay);
	da_init(q);
	fold_append(&q, query);
	fold_append(&hay, p->title);
	fold_append(&hay, "\n");
	fold_append(&hay, p->id);
	fold_append(&hay, "\n");
	fold_append(&hay, p->sku);

	for (size_t i = 0; ok && i < q.num;) {
		while (i < q.num && (q.array[i] == ' ' || q.array[i] == '\t'))
			i++;
		size_t start = i;
		while (i < q.num && q.array[i] != ' ' && q.array[i] != '\t')
			i++;
		if (i > start)
			ok = term_matches(hay.array, hay.num, q.array + start, i - start, slot);
	}
	da_free(hay);
	da_free(q);
	return ok;
}

void lk_dock_filter(const struct lk_snapshot *snap, const char *query, lk_dock_product_list *out)
{
	da_resize((*out), 0);
	for (size_t i = 0; i < snap->num_cart; i++)
		if (lk_dock_match(snap->cart[i], i + 1, query))
			da_push_back((*out), &snap->cart[i]);
	for (size_t i = 0; i < snap->num_products; i++) {
		const struct lk_product *p = snap->products[i];
		if (!lk_dock_cart_slot(snap, p->id) && lk_dock_match(p, 0, query))
			da_push_back((*out), &p);
	}
}

/* ---- what is enabled when ----------------------------------------------------- */

static bool allowed(const struct lk_snapshot *snap, const struct lk_command *cmd)
{
	return lk_command_check(snap, cmd, NULL, NULL);
}

void lk_dock_actions_get(const struct lk_snapshot *snap, const char *selected_id, int64_t now_ms,
			 struct lk_dock_actions *out)
{
	const char *sel = selected_id && *selected_id ? selected_id : NULL;
	const struct lk_product *p = sel ? lk_snapshot_find(snap, sel) : NULL;
	size_t slot = p ? lk_dock_cart_slot(snap, sel) : 0;
	int64_t t = lk_snapshot_platform_now(snap, now_ms);
	const struct lk_sale *cur = snap->current_sale;
	enum lk_sale_state st = cur ? lk_sale_state_at(cur, t, NULL) : LK_SALE_ENDED;

	memset(out, 0, sizeof(*out));
	out->sale_running = cur && (st == LK_SALE_PREROLL || st == LK_SALE_LIVE);
	out->pin = p && snap->pinned != p;
	out->unpin = snap->pinned != NULL;
	out->cart_add = p && !slot;
	out->cart_remove = slot > 0;
	out->move_up = slot > 1;
	out->move_down = slot > 0 && slot < snap->num_cart;
	out->stop_sale = out->sale_running;
	if (p && !out->sale_running) {
		/* a valid sale of this product: what is left is the product's own state */
		struct lk_command c = {.type = LK_CMD_SALE_START};
		c.sale.product_id = sel;
		c.sale.has_price = true;
		c.sale.sale_price = 1;
		c.sale.duration_ms = 60000;
		out->start_sale = allowed(snap, &c);
	}
}

/* ---- the control dock's timer ------------------------------------------------------ */

/* ms until the words of a span of age ms change (lk_dock_span: seconds
 * under a minute, then minutes), just past the change. */
static int64_t span_next_change(int64_t age)
{
	int64_t unit = age < 60000 ? 1000 : 60000;
	return unit - age % unit + 1;
}

static int64_t earliest(int64_t a, int64_t b)
{
	return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

int64_t lk_dock_next_tick_ms(const struct lk_snapshot *snap, bool counting, bool visible, int64_t now_ms)
{
	int64_t next = -1;

	if (!visible || !snap)
		return -1;
	if (counting)
		return LK_DOCK_TICK_MS;
	const struct lk_sale *s = snap->current_sale;
	if (s) { /* its clock shows while scheduled, in pre-roll and live */
		enum lk_sale_state st = lk_sale_state_at(s, lk_snapshot_platform_now(snap, now_ms), NULL);
		if (st == LK_SALE_SCHEDULED || st == LK_SALE_PREROLL || st == LK_SALE_LIVE)
			return LK_DOCK_TICK_MS;
	}
	const struct lk_status *st = &snap->status;
	int64_t until_retry = st->next_retry_ms - now_ms;
	if (st->state == LK_CONN_OFFLINE && st->next_retry_ms > 0 && until_retry >= 1000)
		next = until_retry % 1000 + 1; /* "in N s", rounded up: the next whole second */
	if (st->last_sync_ms > 0 && st->state != LK_CONN_IDLE) {
		int64_t age = now_ms - st->last_sync_ms;
		next = earliest(next, age < 1000 ? 1000 - (age < 0 ? 0 : age) : span_next_change(age));
	}
	return next;
}

/* ---- countdown ---------------------------------------------------------------------- */

void lk_dock_countdown_start(struct lk_dock_countdown *cd, const char *id, int seconds, int64_t now_ms)
{
	lk_dock_countdown_cancel(cd);
	if (!id || !*id)
		return;
	cd->product_id = bstrdup(id);
	cd->start_ms = now_ms;
	cd->seconds = seconds < 1 ? 1 : seconds > COUNTDOWN_MAX_S ? COUNTDOWN_MAX_S : seconds;
}

void lk_dock_countdown_cancel(struct lk_dock_countdown *cd)
{
	bfree(cd->product_id);
	memset(cd, 0, sizeof(*cd));
}

int lk_dock_countdown_step(struct lk_dock_countdown *cd, int64_t now_ms, char **fire)
{
	*fire = NULL;
	if (!cd->product_id)
		return -1;
	int64_t elapsed = now_ms - cd->start_ms;
	if (elapsed < 0)
		elapsed = 0;
	int64_t shown = cd->seconds - elapsed / 1000;
	if (shown > 0)
		return (int)shown;
	*fire = cd->product_id;
	cd->product_id = NULL;
	memset(cd, 0, sizeof(*cd));
	return 0;
}
