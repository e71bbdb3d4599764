/*
 * Linkon — the docks' view model: text (templates, times, money input),
 * the flash-sale panel, drops and gifts (see lk-dock-model.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-model.h"
#include "lk-alerts.h"
#include "lk-countdown.h"
#include "lk-money.h"
#include "lk-sale.h"
#include "lk-plural.h"
#include "lk-str.h"

#include <stdio.h>
#include <string.h>

#define MAX_PRICE_MINOR 1000000000000LL

static const char *const text_keys[] = {
	"Dock.State.Idle",
	"Dock.State.Connecting",
	"Dock.State.Connected",
	"Dock.State.Syncing",
	"Dock.State.Offline",
	"Dock.State.AuthFailed",
	"Dock.State.ProtocolError",
	"Dock.Connector.Demo",
	"Dock.Connector.Bridge",
	"Dock.Connector.Shopify",
	"Dock.StatusLine",
	"Dock.LastSync",
	"Dock.LastSync.Now",
	"Dock.LastSync.Never",
	"Dock.Retry",
	"Dock.Retry.Now",
	"Dock.Error.AuthFailed",
	"Dock.Error.Offline",
	"Dock.Span.Seconds",
	"Dock.Span.Minutes",
	"Dock.Span.Hours",
	"Dock.Span.HoursMinutes",
	"Dock.Row.Left",
	"Dock.Row.SoldOut",
	"Dock.Row.Slot",
	"Dock.Row.Sold",
	"Dock.Row.Id",
	"Dock.Row.Sku",
	"Dock.Sale.None",
	"Dock.Sale.Scheduled",
	"Dock.Sale.Preroll",
	"Dock.Sale.Live",
	"Dock.Sale.Ended",
	"Dock.Sale.SoldOut",
	"Dock.Sale.Stopped",
	"Dock.Sale.StockLeft",
	"Dock.Sale.NoLimit",
	"Dock.Drop.NoProduct",
	"Dock.Drop.Pins",
	"Dock.Drop.Missing",
	"Dock.Drop.Sale",
	"Dock.Drop.OwnPrice",
	"Dock.Drop.Stock",
	"Dock.Drop.Preroll",
	"Dock.Drop.Once",
	"Dock.Drop.Every",
	"Dock.Drop.Off",
	"Dock.Gift.Line",
	"Dock.Gift.Count",
	"Dock.Gift.Worth",
	"Dock.Gift.Anonymous",
	"Dock.Gift.Summary",
	"Dock.Gift.Gifts.other",
	"Dock.Gift.Viewers.other",
	"Locale.Code",
	"Dock.Gift.Replay",
	"Dock.Gift.Totals",
	"Dock.Gift.BelowMin",
	"Dock.Gift.Folded",
	"Dock.Gifter",
	"Dock.Gifter.Total",
	"Dock.Show.None",
	"Dock.Show.Live",
	"Dock.Show.Ended",
	"Dock.Show.GiftsValue",
	"Dock.Show.Percent",
};

const char *const *lk_dock_text_keys(size_t *n)
{
	*n = sizeof(text_keys) / sizeof(text_keys[0]);
	return text_keys;
}

const char *lk_dock_plural(lk_dock_text_fn tr, const char *base, int64_t n)
{
	char key[96];
	return tr(lk_plural_key(key, sizeof(key), base, tr(LK_LOCALE_CODE_KEY), n));
}

/* "5 gifts": the plural form of base for n, filled with n written out. */
static const char *count_words(struct dstr *out, lk_dock_text_fn tr, const char *base, int64_t n, const char *more)
{
	struct dstr num = {0};
	lk_dock_int(&num, n);
	dstr_cat(&num, more);
	lk_dock_fill(out, lk_dock_plural(tr, base, n), num.array, NULL);
	dstr_free(&num);
	return out->array;
}

void lk_dock_empty(struct dstr *out)
{
	dstr_ensure_capacity(out, 1);
	out->array[0] = '\0';
	out->len = 0;
}

static bool cp_rtl(uint32_t c)
{
	return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

/* A strong left-to-right letter, roughly: Latin letters and the scripts
 * past U+00FF that are not right-to-left, less punctuation and symbols. */
static bool cp_ltr(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	return c >= 0x00C0 && c != 0x00D7 && c != 0x00F7 && !cp_rtl(c) && !(c >= 0x2000 && c <= 0x2BFF) &&
	       !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFE00 && c <= 0xFE0F) && !(c >= 0xFF00 && c <= 0xFF20) &&
	       c != 0xFFFD && c < 0x1F000;
}

/* Bit 1: s has a right-to-left letter; bit 2: a left-to-right one. */
static int strong_dirs(const char *s)
{
	int dirs = 0;
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n && dirs != 3;) {
		uint32_t c = lk_utf8_next(s, n, &i);
		dirs |= cp_rtl(c) ? 1 : cp_ltr(c) ? 2 : 0;
	}
	return dirs;
}

#define LK_FSI "\xE2\x81\xA8" /* U+2068 FIRST STRONG ISOLATE */
#define LK_PDI "\xE2\x81\xA9" /* U+2069 POP DIRECTIONAL ISOLATE */

const char *lk_dock_fill(struct dstr *out, const char *tmpl, const char *a, const char *b)
{
	/* A value with words of the other direction than the template's (an
	 * Arabic "25 هدية · 90" in "1. Emma — %2", a Latin title in an Arabic
	 * line) is a bidi isolate: it keeps its own order and its digits stay
	 * in it. A template without letters counts as left to right. */
	struct dstr iso[2] = {{0}};
	const char *args[2] = {a, b};
	bool tmpl_rtl = strong_dirs(tmpl) & 1;

	for (int i = 0; i < 2; i++) {
		int d = strong_dirs(args[i]);
		if ((tmpl_rtl && (d & 2)) || (!tmpl_rtl && (d & 1))) {
			dstr_printf(&iso[i], LK_FSI "%s" LK_PDI, args[i]);
			args[i] = iso[i].array;
		}
	}
	lk_msg_fill(out, tmpl, args, 2);
	dstr_free(&iso[0]);
	dstr_free(&iso[1]);
	return out->array;
}

const char *lk_dock_span(struct dstr *out, int64_t ms, lk_dock_text_fn tr)
{
	int64_t s = ms < 0 ? 0 : ms / 1000;
	char a[24], b[24];

	if (s < 60) {
		snprintf(a, sizeof(a), "%lld", (long long)s);
		return lk_dock_fill(out, tr("Dock.Span.Seconds"), a, NULL);
	}
	if (s < 3600) {
		snprintf(a, sizeof(a), "%lld", (long long)(s / 60));
		return lk_dock_fill(out, tr("Dock.Span.Minutes"), a, NULL);
	}
	snprintf(a, sizeof(a), "%lld", (long long)(s / 3600));
	snprintf(b, sizeof(b), "%lld", (long long)(s % 3600 / 60));
	if (s % 3600 < 60)
		return lk_dock_fill(out, tr("Dock.Span.Hours"), a, NULL);
	return lk_dock_fill(out, tr("Dock.Span.HoursMinutes"), a, b);
}

/* The flash timer's format (lk-countdown.h); a span of a minute keeps "MM:SS". */
const char *lk_dock_clock(struct dstr *out, int64_t ms)
{
	char buf[LK_COUNTDOWN_TEXT_MAX];

	dstr_copy(out, lk_countdown_format(buf, sizeof(buf), ms, 60000));
	return out->array;
}

const char *lk_dock_int(struct dstr *out, int64_t n)
{
	char digits[32];
	uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	int len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)u);

	dstr_copy(out, n < 0 ? "-" : "");
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			dstr_cat_ch(out, ',');
		dstr_cat_ch(out, digits[i]);
	}
	return out->array;
}

/* ---- flash sale ----------------------------------------------------------------- */

void lk_dock_sale_view_init(struct lk_dock_sale_view *v)
{
	memset(v, 0, sizeof(*v));
}

void lk_dock_sale_view_free(struct lk_dock_sale_view *v)
{
	dstr_free(&v->title);
	dstr_free(&v->state_text);
	dstr_free(&v->clock);
	dstr_free(&v->price);
	dstr_free(&v->stock);
	memset(v, 0, sizeof(*v));
}

static const char *sale_state_key(enum lk_sale_state st)
{
	switch (st) {
	case LK_SALE_SCHEDULED:
		return "Dock.Sale.Scheduled";
	case LK_SALE_PREROLL:
		return "Dock.Sale.Preroll";
	case LK_SALE_LIVE:
		return "Dock.Sale.Live";
	case LK_SALE_ENDED:
		return "Dock.Sale.Ended";
	case LK_SALE_SOLD_OUT:
		return "Dock.Sale.SoldOut";
	default:
		return "Dock.Sale.Stopped";
	}
}

static int sale_progress(const struct lk_sale *s, enum lk_sale_state st, int64_t t)
{
	int64_t from = st == LK_SALE_PREROLL ? s->start_ms - s->preroll_ms : s->start_ms;
	int64_t to = st == LK_SALE_PREROLL ? s->start_ms : s->end_ms;

	if (st != LK_SALE_PREROLL && st != LK_SALE_LIVE)
		return st == LK_SALE_SCHEDULED ? 0 : 1000;
	if (to <= from)
		return 1000;
	int64_t p = (t - from) * 1000 / (to - from);
	return p < 0 ? 0 : p > 1000 ? 1000 : (int)p;
}

static void sale_stock(struct lk_dock_sale_view *v, const struct lk_sale *s, lk_dock_text_fn tr)
{
	char left[32], limit[32];

	if (s->stock_limit == LK_SALE_NO_LIMIT) {
		dstr_copy(&v->stock, tr("Dock.Sale.NoLimit"));
		return;
	}
	snprintf(left, sizeof(left), "%lld", (long long)(s->stock_left < 0 ? 0 : s->stock_left));
	snprintf(limit, sizeof(limit), "%lld", (long long)s->stock_limit);
	lk_dock_fill(&v->stock, tr("Dock.Sale.StockLeft"), left, limit);
}

void lk_dock_sale_view_fill(struct lk_dock_sale_view *v, const struct lk_snapshot *snap, int64_t now_ms,
			    lk_dock_text_fn tr)
{
	const struct lk_sale *s = snap->current_sale;

	lk_dock_sale_view_free(v);
	lk_dock_empty(&v->title);
	lk_dock_empty(&v->clock);
	lk_dock_empty(&v->price);
	lk_dock_empty(&v->stock);
	if (!s) {
		dstr_copy(&v->state_text, tr("Dock.Sale.None"));
		return;
	}
	int64_t t = lk_snapshot_platform_now(snap, now_ms);
	enum lk_sale_state st = lk_sale_state_at(s, t, NULL);
	const struct lk_product *p = lk_snapshot_find(snap, s->product_id);

	v->has_sale = true;
	v->state = (int)st;
	v->running = st == LK_SALE_PREROLL || st == LK_SALE_LIVE;
	dstr_copy(&v->title, p && p->title && *p->title ? p->title : s->product_id);
	dstr_copy(&v->state_text, tr(sale_state_key(st)));
	if (v->running || st == LK_SALE_SCHEDULED)
		lk_dock_clock(&v->clock, lk_sale_remaining_ms(s, t));
	else
		lk_dock_empty(&v->clock);
	lk_money_format(&v->price, s->sale_price, p ? p->currency : "");
	sale_stock(v, s, tr);
	v->progress = sale_progress(s, st, t);
}

/* ---- typed input ---------------------------------------------------------------- */

/* Copies text into buf with full-width digits, '．' and '，' made ASCII and
 * spaces and currency signs dropped. false when it does not fit. */
static bool normalise_number(const char *text, char *buf, size_t size)
{
	size_t len = text ? strlen(text) : 0, n = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp = lk_utf8_next(text, len, &i);
		char c = 0;
		if (cp >= 0xFF10 && cp <= 0xFF19) /* ０ … ９ */
			c = (char)('0' + (cp - 0xFF10));
		else if (cp == 0xFF0E || cp == 0xFF0C) /* ． ， */
			c = cp == 0xFF0E ? '.' : ',';
		else if (cp >= 0x80 || cp == ' ' || cp == '$') /* ¥ € £ ₩ … */
			continue;
		else
			c = (char)cp;
		if (n + 1 >= size)
			return false;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return true;
}

bool lk_dock_parse_price(const char *text, const char *currency, int64_t *minor)
{
	char buf[48];
	int decimals = lk_money_decimals(currency);
	int64_t units = 0, frac = 0;
	int nfrac = 0, nint = 0;
	bool point = false;

	if (!normalise_number(text, buf, sizeof(buf)) || !buf[0])
		return false;
	for (const char *s = buf; *s; s++) {
		if ((*s == '.' || *s == ',') && !point) {
			point = true;
		} else if (*s >= '0' && *s <= '9') {
			if (point) {
				if (++nfrac > decimals)
					return false;
				frac = frac * 10 + (*s - '0');
			} else {
				if (++nint > 13)
					return false;
				units = units * 10 + (*s - '0');
			}
		} else {
			return false;
		}
	}
	if (!nint && !nfrac)
		return false;
	for (int i = nfrac; i < decimals; i++)
		frac *= 10;
	int64_t scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	if (units > MAX_PRICE_MINOR / scale)
		return false;
	*minor = units * scale + frac;
	return *minor <= MAX_PRICE_MINOR;
}

bool lk_dock_parse_duration(const char *text, int64_t *ms)
{
	char buf[32];
	int64_t parts[3] = {0};
	int np = 0, digits = 0;
	bool seconds = false;

	if (!normalise_number(text, buf, sizeof(buf)) || !buf[0])
		return false;
	for (const char *s = buf; *s; s++) {
		if (*s >= '0' && *s <= '9' && np < 3 && digits < 6) {
			parts[np] = parts[np] * 10 + (*s - '0');
			digits++;
		} else if (*s == ':' && digits && np < 2) {
			np++;
			digits = 0;
		} else if ((*s == 's' || *s == 'S') && !s[1] && np == 0 && digits) {
			seconds = true;
		} else {
			return false;
		}
	}
	if (!digits)
		return false;
	int64_t total_s = seconds   ? parts[0]
			  : np == 0 ? parts[0] * 60
			  : np == 1 ? parts[0] * 60 + parts[1]
				    : parts[0] * 3600 + parts[1] * 60 + parts[2];
	if ((np >= 1 && parts[np] >= 60) || (np == 2 && parts[1] >= 60) || total_s <= 0)
		return false;
	*ms = total_s * 1000;
	return true;
}

/* ---- drops ------------------------------------------------------------------------ */

/* Saved seconds as ms within [lo_ms, hi_ms]: a scene collection may hold
 * any number, and seconds x 1000 must not overflow. */
static int64_t saved_ms(int64_t s, int64_t lo_ms, int64_t hi_ms)
{
	return s < lo_ms / 1000 ? lo_ms : s > hi_ms / 1000 ? hi_ms : s * 1000;
}

static void drop_sale(struct dstr *out, const struct lk_dock_drop *d, const struct lk_product *p, lk_dock_text_fn tr)
{
	struct dstr price = {0}, span = {0}, part = {0};
	char n[32];

	if (d->sale_price > 0 && p) {
		int64_t minor = 0;
		char typed[48];
		snprintf(typed, sizeof(typed), "%.*f", lk_money_decimals(p->currency), d->sale_price);
		if (lk_dock_parse_price(typed, p->currency, &minor))
			lk_money_format(&price, minor, p->currency);
	}
	if (dstr_is_empty(&price))
		dstr_copy(&price, tr("Dock.Drop.OwnPrice"));
	lk_dock_span(&span, saved_ms(d->duration_s, LK_SALE_DURATION_MIN_MS, LK_SALE_DURATION_MAX_MS), tr);
	dstr_catf(out, " · %s", lk_dock_fill(&part, tr("Dock.Drop.Sale"), price.array, span.array));
	if (d->stock > 0) {
		snprintf(n, sizeof(n), "%lld", (long long)d->stock);
		dstr_catf(out, ", %s", lk_dock_fill(&part, tr("Dock.Drop.Stock"), n, NULL));
	}
	if (d->preroll_s > 0) {
		lk_dock_span(&span, saved_ms(d->preroll_s, 0, LK_SALE_PREROLL_MAX_MS), tr);
		dstr_catf(out, ", %s", lk_dock_fill(&part, tr("Dock.Drop.Preroll"), span.array, NULL));
	}
	dstr_free(&price);
	dstr_free(&span);
	dstr_free(&part);
}

const char *lk_dock_drop_describe(struct dstr *out, const struct lk_dock_drop *d, const struct lk_snapshot *snap,
				  lk_dock_text_fn tr)
{
	struct dstr name = {0}, part = {0};
	const char *id = d->product_id ? d->product_id : "";
	const struct lk_product *p = *id ? lk_snapshot_find(snap, id) : NULL;

	lk_dock_empty(out);
	dstr_cat(out, d->enabled ? "" : tr("Dock.Drop.Off"));
	if (!d->enabled)
		dstr_cat(out, " ");
	if (!*id) {
		dstr_cat(out, tr("Dock.Drop.NoProduct"));
		return out->array;
	}
	size_t slot = lk_dock_cart_slot(snap, id);
	if (slot)
		dstr_printf(&name, "#%zu ", slot);
	if (p)
		dstr_cat(&name, p->title && *p->title ? p->title : p->id);
	else
		lk_dock_fill(&name, tr("Dock.Drop.Missing"), id, NULL);
	dstr_cat(out, lk_dock_fill(&part, tr("Dock.Drop.Pins"), name.array, NULL));
	if (d->sale)
		drop_sale(out, d, p, tr);
	dstr_catf(out, " · %s", tr(d->once ? "Dock.Drop.Once" : "Dock.Drop.Every"));
	dstr_free(&name);
	dstr_free(&part);
	return out->array;
}

/* ---- gifts -------------------------------------------------------------------------- */

/* "Mia — Rose ×12" into line. */
static void gift_words(struct dstr *line, const char *sender, const char *gift, int64_t count, lk_dock_text_fn tr)
{
	struct dstr n = {0}, what = {0};

	lk_dock_int(&n, count);
	lk_dock_fill(&what, tr("Dock.Gift.Count"), gift, n.array);
	lk_dock_fill(line, tr("Dock.Gift.Line"), sender && *sender ? sender : tr("Dock.Gift.Anonymous"), what.array);
	dstr_free(&n);
	dstr_free(&what);
}

/* out = "<line> · ¥9.90" (the value when the money is unknown), put into
 * the template mark_key when not NULL; frees line. */
static const char *gift_finish(struct dstr *out, struct dstr *line, int64_t value, int64_t money, const char *currency,
			       const char *mark_key, lk_dock_text_fn tr)
{
	struct dstr worth = {0}, row = {0};

	if (money > 0 && currency[0])
		lk_money_format(&worth, money, currency);
	else
		lk_dock_int(&worth, value);
	lk_dock_fill(&row, tr("Dock.Gift.Worth"), line->array, worth.array);
	if (mark_key)
		lk_dock_fill(out, tr(mark_key), row.array, NULL);
	else
		dstr_copy(out, row.array);
	dstr_free(&worth);
	dstr_free(&row);
	dstr_free(line);
	return out->array;
}

const char *lk_dock_gift_line(struct dstr *out, const struct lk_alert_view *v, lk_dock_text_fn tr)
{
	struct dstr line = {0};

	if (v->kind == LK_ALERT_SUMMARY) {
		struct dstr a = {0}, b = {0};
		count_words(&a, tr, "Dock.Gift.Gifts", v->count, "");
		count_words(&b, tr, "Dock.Gift.Viewers", v->senders, v->senders_more ? "+" : "");
		lk_dock_fill(&line, tr("Dock.Gift.Summary"), a.array, b.array);
		dstr_free(&a);
		dstr_free(&b);
	} else {
		gift_words(&line, v->sender_name, v->gift_name && *v->gift_name ? v->gift_name : v->gift_id, v->count,
			   tr);
	}
	return gift_finish(out, &line, v->value, v->money, v->currency, v->replay ? "Dock.Gift.Replay" : NULL, tr);
}

const char *lk_dock_gift_feed_row(struct dstr *out, const struct lk_gift_record *r, lk_dock_text_fn tr)
{
	struct dstr line = {0};
	const char *mark = NULL;

	if (r->fate == LK_GIFT_BELOW_MIN)
		mark = "Dock.Gift.BelowMin";
	else if (r->fate == LK_GIFT_FOLDED)
		mark = "Dock.Gift.Folded";
	gift_words(&line, r->sender_name, r->gift_name, r->count, tr);
	return gift_finish(out, &line, r->value, r->money, r->currency, mark, tr);
}

const char *lk_dock_gift_totals(struct dstr *out, const struct lk_alerts_stats *s, lk_dock_text_fn tr)
{
	struct dstr gifts = {0}, value = {0}, money = {0}, line = {0};

	count_words(&gifts, tr, "Dock.Gift.Gifts", s->gifts, "");
	lk_dock_int(&value, s->value);
	lk_dock_fill(&line, tr("Dock.Gift.Totals"), gifts.array, value.array);
	if (s->money > 0 && s->currency[0]) {
		lk_money_format(&money, s->money, s->currency);
		lk_dock_fill(out, tr("Dock.Gift.Worth"), line.array, money.array);
	} else {
		dstr_copy(out, line.array);
	}
	dstr_free(&gifts);
	dstr_free(&value);
	dstr_free(&money);
	dstr_free(&line);
	return out->array;
}

const char *lk_dock_gifter_row(struct dstr *out, size_t rank, const struct lk_gift_sender_total *t, lk_dock_text_fn tr)
{
	struct dstr gifts = {0}, value = {0}, who = {0}, total = {0};
	char r[24];

	snprintf(r, sizeof(r), "%zu", rank);
	lk_dock_fill(&who, tr("Dock.Gifter"), r, t->name[0] ? t->name : tr("Dock.Gift.Anonymous"));
	count_words(&gifts, tr, "Dock.Gift.Gifts", t->gifts, "");
	lk_dock_int(&value, t->value);
	lk_dock_fill(&total, tr("Dock.Gifter.Total"), gifts.array, value.array);
	lk_dock_fill(out, tr("Dock.Gift.Line"), who.array, total.array);
	dstr_free(&gifts);
	dstr_free(&value);
	dstr_free(&who);
	dstr_free(&total);
	return out->array;
}
