/*
 * Linkon — "linkon_product_card": its settings, its geometry, and what the
 * product's texts say and where they go (the source itself is in
 * lk-product-card.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The prices come from lk_price_at (core/lk-price.h), the same function the
 * cart list and the flash timer use: while the product's flash sale is
 * live the card shows the sale price, the regular (or original) price
 * struck, the discount between them, the sale's stock left when it has a
 * limit, and a small "FLASH SALE" tag on the image.
 */
#include "lk-product-card-priv.h"
#include "lk-buy-url.h"
#include "lk-money.h"
#include "lk-plural.h"
#include "lk-store.h"

#include <string.h>
#include <time.h>

#define BASELINE 0.78f /* baseline position within a text line's box */

#define T_(key) obs_module_text(key)

/* ---- config and layout (text worker, or the UI thread in create) ------- */

void lk_card_config_free(void *config)
{
	struct card_config *cfg = config;
	bfree(cfg->product_id);
	cfg->product_id = NULL;
}

void lk_card_config_load(void *config, obs_data_t *s)
{
	struct card_config *cfg = config;
	cfg->fixed = strcmp(obs_data_get_string(s, SETTING_MODE), MODE_FIXED) == 0;
	cfg->product_id = bstrdup(obs_data_get_string(s, SETTING_PRODUCT));
	cfg->vertical = strcmp(obs_data_get_string(s, SETTING_LAYOUT), LAYOUT_VERTICAL) == 0;
	lk_look_load(&cfg->look, s);
	cfg->bar = lk_color_from_obs(obs_data_get_int(s, SETTING_BAR_COLOR));
	cfg->show_image = obs_data_get_bool(s, SETTING_SHOW_IMAGE);
	cfg->show_original = obs_data_get_bool(s, SETTING_SHOW_ORIGINAL);
	cfg->show_discount = obs_data_get_bool(s, SETTING_SHOW_DISCOUNT);
	cfg->show_stock = obs_data_get_bool(s, SETTING_SHOW_STOCK);
	cfg->show_sold = obs_data_get_bool(s, SETTING_SHOW_SOLD);
	cfg->show_slot = obs_data_get_bool(s, SETTING_SHOW_SLOT);
	cfg->show_claims = obs_data_get_bool(s, SETTING_SHOW_CLAIMS);
	cfg->title_lines = (int)obs_data_get_int(s, SETTING_TITLE_LINES);
	cfg->title_lines = cfg->title_lines < 1 ? 1 : cfg->title_lines > 5 ? 5 : cfg->title_lines;
	cfg->low_stock = (int)obs_data_get_int(s, SETTING_LOW_STOCK);
	cfg->show_qr = obs_data_get_bool(s, SETTING_SHOW_QR);
	cfg->show_link = obs_data_get_bool(s, SETTING_SHOW_LINK);
	/* read here (text worker / UI thread): the first localtime_r reads the
	 * time zone file, which must not happen in video_tick */
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(cfg->campaign, sizeof(cfg->campaign), "%Y-%m-%d", &tm);
}

/* Rows of the text column (offsets from its top); returns its height. */
static int layout_column(struct card_layout *l, const struct card_config *cfg, const struct lk_font_pair *f)
{
	int small_h = lk_text_lines_height(f->regular, l->size_small, 1);

	l->title_y = 0;
	l->price_y = lk_text_lines_height(f->regular, l->size_title, cfg->title_lines) + l->gap;
	l->price_h = lk_text_lines_height(f->bold, l->size_price, 1);
	int y = l->price_y + l->price_h;
	l->bar_h = lk_px(f->size, 0.32f);
	l->stock_h = small_h > l->bar_h ? small_h : l->bar_h;
	l->stock_y = y + l->gap;
	if (cfg->show_stock)
		y = l->stock_y + l->stock_h;
	l->sold_y = y + l->gap / 2;
	l->sold_h = small_h;
	if (cfg->show_sold || cfg->show_claims)
		y = l->sold_y + small_h;
	l->link_y = y + l->gap / 2;
	l->link_h = small_h;
	if (cfg->show_link)
		y = l->link_y + small_h;
	return y;
}

void lk_card_layout_compute(void *lay, const void *config, const struct lk_font_pair *f)
{
	struct card_layout *l = lay;
	const struct card_config *cfg = config;
	int s = f->size;
	memset(l, 0, sizeof(*l));
	l->w = cfg->look.width;
	l->pad = lk_px(s, 0.55f) < 8 ? 8 : lk_px(s, 0.55f);
	l->gap = lk_px(s, 0.3f);
	l->radius = cfg->look.radius;
	l->size_title = s;
	l->size_price = lk_px(s, 1.45f);
	l->size_orig = lk_px(s, 0.78f);
	l->size_small = lk_px(s, 0.62f);
	l->size_badge = lk_px(s, 0.62f);
	int col_h = layout_column(l, cfg, f);

	if (cfg->vertical) {
		l->img_s = cfg->show_image ? l->w - 2 * l->pad : 0;
		l->img_x = l->pad;
		l->img_y = l->pad;
		l->col_x = l->pad;
		l->col_y = l->pad + (l->img_s ? l->img_s + l->pad : 0);
		l->h = l->col_y + col_h + l->pad;
		if (cfg->show_qr) { /* under the column, centred, half the card wide */
			l->qr_s = (l->w - 2 * l->pad) / 2;
			l->qr_x = (l->w - l->qr_s) / 2;
			l->qr_y = l->h;
			l->h += l->qr_s + l->pad;
		}
	} else {
		l->img_s = cfg->show_image ? (col_h > s * 3 ? col_h : s * 3) : 0;
		int inner = l->img_s > col_h ? l->img_s : col_h;
		l->img_x = l->pad;
		l->img_y = l->pad;
		l->col_x = l->pad + (l->img_s ? l->img_s + l->pad : 0);
		l->col_y = l->pad + (inner - col_h) / 2;
		l->h = inner + 2 * l->pad;
		if (cfg->show_qr) { /* a square at the right end: a quarter of the card, at most its height */
			l->qr_s = l->w / 4 < inner ? l->w / 4 : inner;
			l->qr_x = l->w - l->pad - l->qr_s;
			l->qr_y = l->pad + (inner - l->qr_s) / 2;
		}
	}
	l->col_w = (cfg->show_qr && !cfg->vertical ? l->qr_x : l->w) - l->col_x - l->pad;
	if (l->col_w < s * 2)
		l->col_w = s * 2;
}

/* ---- product view (tick) ------------------------------------------------ */

static void view_prices(struct product_card *c, const struct lk_product *p, const struct lk_price_view *pv,
			struct dstr *buf)
{
	const struct card_layout *l = &c->lay;
	struct card_view *v = &c->view;
	struct lk_text_style st = lk_style(&c->fonts, true, l->size_price, c->cfg.look.price);
	st.max_width = l->col_w;
	st.tabular_digits = true;
	lk_text_tex_set(&c->price, lk_money_format(buf, pv->price, p->currency), &st);
	v->price_y = (float)(l->col_y + l->price_y);
	float x = (float)(l->col_x + c->price.cx) + (float)l->gap;
	float right = (float)(l->col_x + l->col_w);
	float baseline = v->price_y + (float)c->price.cy * BASELINE;

	v->orig = c->cfg.show_original && pv->was > pv->price;
	st = lk_style(&c->fonts, false, l->size_orig, lk_color_fade(c->cfg.look.text, 0.6f));
	st.strike = true;
	lk_text_tex_set(&c->orig, v->orig ? lk_money_format(buf, pv->was, p->currency) : "", &st);
	v->orig_x = x;
	v->orig_y = baseline - (float)c->orig.cy * BASELINE;
	if (v->orig && x + (float)c->orig.cx > right)
		v->orig = false;
	if (v->orig)
		x += (float)c->orig.cx + (float)l->gap;

	v->badge = c->cfg.show_discount && pv->discount > 0;
	st = lk_style(&c->fonts, true, l->size_badge, lk_color_on(c->cfg.look.accent));
	lk_text_tex_set(&c->discount, v->badge ? lk_template_int(buf, T_("ProductCard.Discount"), pv->discount) : "",
			&st);
	v->badge_h = (float)c->discount.cy + (float)l->size_badge * 0.2f;
	v->badge_w = (float)c->discount.cx + (float)l->size_badge * 0.9f;
	v->badge_x = x;
	v->badge_y = v->price_y + ((float)c->price.cy - v->badge_h) * 0.5f;
	if (v->badge && x + v->badge_w > right)
		v->badge = false;
	v->price_end = v->badge ? x + v->badge_w : x - (float)l->gap;
}

/* The stock bar and "Only N left" / "Sold out": the sale's stock left of
 * its limit while a limited sale is live, else the product's. */
static void view_stock(struct product_card *c, const struct lk_price_view *pv, struct dstr *buf)
{
	const struct card_layout *l = &c->lay;
	struct card_view *v = &c->view;
	bool known = c->cfg.show_stock && pv->stock != LK_STOCK_UNKNOWN && pv->stock >= 0;
	const char *label = "";

	v->bar = known && pv->stock_total > 0;
	v->bar_frac = v->bar ? (float)pv->stock / (float)pv->stock_total : 0.0f;
	v->bar_frac = v->bar_frac > 1.0f ? 1.0f : v->bar_frac;
	if (known && pv->stock == 0)
		label = T_("ProductCard.SoldOut");
	else if (known && pv->stock <= c->cfg.low_stock)
		label = lk_template_int(buf, T_("ProductCard.OnlyLeft"), (long long)pv->stock);
	v->stock_label = *label != '\0';

	struct lk_text_style st = lk_style(&c->fonts, true, l->size_small, c->cfg.look.price);
	st.max_width = l->col_w / 2;
	lk_text_tex_set(&c->stock, label, &st);
	/* the bar takes the row; a label goes at its right end */
	v->bar_w = (float)l->col_w - (v->stock_label ? (float)(c->stock.cx + (uint32_t)l->gap) : 0.0f);
	v->label_x = (float)(l->col_x + l->col_w) - (float)c->stock.cx;
	v->label_y = (float)(l->col_y + l->stock_y) + (float)(l->stock_h - (int)c->stock.cy) * 0.5f;
}

static void view_sold_slot(struct product_card *c, const struct lk_product *p, size_t slot, struct dstr *buf)
{
	const struct card_layout *l = &c->lay;
	struct card_view *v = &c->view;
	struct dstr count = {0};

	int64_t claims = c->cfg.show_claims ? lk_snapshot_claims(c->follow.snap, p->id) : 0;
	bool sold = c->cfg.show_sold && p->sold > 0;
	struct dstr row = {0};

	v->sold = sold || claims > 0;
	if (sold) {
		lk_format_count(&count, p->sold, obs_get_locale());
		dstr_copy(&row, lk_template(buf, T_("ProductCard.Sold"), count.array));
	}
	if (claims > 0) { /* "80 sold · 23 want this" */
		char key[64];
		lk_format_count(&count, claims, obs_get_locale());
		dstr_copy(buf, T_(lk_plural_key(key, sizeof(key), "ProductCard.Claims", T_("Locale.Code"), claims)));
		dstr_replace(buf, "{count}", count.array);
		if (row.len)
			dstr_cat(&row, " \xC2\xB7 ");
		dstr_cat_dstr(&row, buf);
	}
	struct lk_text_style st = lk_style(&c->fonts, false, l->size_small, lk_color_fade(c->cfg.look.text, 0.72f));
	st.max_width = l->col_w;
	lk_text_tex_set(&c->sold, row.array ? row.array : "", &st);
	dstr_free(&row);
	dstr_free(&count);

	v->slot = c->cfg.show_slot && slot > 0;
	st = lk_style(&c->fonts, true, l->size_badge, lk_color_on(c->cfg.look.accent));
	lk_text_tex_set(&c->slot, v->slot ? lk_template_int(buf, T_("ProductCard.Slot"), (long long)slot) : "", &st);
	v->slot_h = (float)c->slot.cy + (float)l->size_badge * 0.2f;
	v->slot_w = (float)c->slot.cx + (float)l->size_badge * 0.9f;
	if (v->slot_w < v->slot_h)
		v->slot_w = v->slot_h;
	if (l->img_s) { /* on the image's top-left corner */
		v->slot_x = (float)(l->img_x + l->gap / 2);
		v->slot_y = (float)(l->img_y + l->gap / 2);
	} else { /* at the end of the sold row, else of the price row if there is room */
		bool sold_row = c->cfg.show_sold || c->cfg.show_claims;
		float row_y = sold_row ? (float)(l->col_y + l->sold_y) : v->price_y;
		float row_h = (float)(sold_row ? l->sold_h : l->price_h);
		v->slot_x = (float)(l->col_x + l->col_w) - v->slot_w;
		v->slot_y = row_y + (row_h - v->slot_h) * 0.5f;
		if (!sold_row && v->slot_x < v->price_end + (float)l->gap)
			v->slot = false;
	}
}

/* "FLASH SALE" on the image's bottom-left corner while a sale is live (not
 * drawn without an image, or if the image is too small for it). */
static void view_flash(struct product_card *c, const struct lk_price_view *pv)
{
	const struct card_layout *l = &c->lay;
	struct card_view *v = &c->view;

	v->flash = pv->sale && l->img_s > 0;
	struct lk_text_style st = lk_style(&c->fonts, true, l->size_badge, lk_color_on(c->cfg.look.accent));
	lk_text_tex_set(&c->flash, v->flash ? T_("ProductCard.FlashSale") : "", &st);
	v->flash_h = (float)c->flash.cy + (float)l->size_badge * 0.2f;
	v->flash_w = (float)c->flash.cx + (float)l->size_badge * 0.9f;
	v->flash_x = (float)(l->img_x + l->gap / 2);
	v->flash_y = (float)(l->img_y + l->img_s - l->gap / 2) - v->flash_h;
	if (v->flash && v->flash_w > (float)(l->img_s - l->gap))
		v->flash = false;
}

/* The product's buy link with the attribution linkon_qr adds by default
 * (campaign = the date the settings were read): as a QR panel and as a
 * short text. */
static void view_link(struct product_card *c, const struct lk_product *p)
{
	const struct card_layout *l = &c->lay;
	struct card_view *v = &c->view;
	char *link = NULL;
	char shortl[256] = "";

	if ((c->cfg.show_qr || c->cfg.show_link) && p->buy_url) {
		struct lk_buy_url_opts o;
		lk_buy_url_opts_default(&o);
		o.utm_campaign = c->cfg.campaign;
		link = lk_buy_url_build(p->buy_url, p->id, &o);
		lk_buy_url_short(link, shortl, sizeof(shortl));
	}
	v->qr = l->qr_s > 0 && link;
	lk_qr_tex_set(&c->qr, v->qr ? link : NULL, LK_QR_M, 0xFF000000u, 0xFFFFFFFFu);
	v->link = c->cfg.show_link && *shortl;
	struct lk_text_style st = lk_style(&c->fonts, false, l->size_small, lk_color_fade(c->cfg.look.text, 0.85f));
	st.max_width = l->col_w;
	st.max_lines = 1;
	lk_text_tex_set(&c->link, v->link ? shortl : "", &st);
	bfree(link);
}

/* Left-to-right positions of what is drawn at the layout's column and
 * image edges, then, for a right-to-left title, every element mirrored in
 * the card: image on the right, texts right-aligned, the price row read
 * from the right, the stock bar filling from the right. */
static void view_direction(struct product_card *c)
{
	const struct card_layout *l = &c->lay;
	struct card_view *v = &c->view;
	float w = (float)l->w;
	bool m = v->rtl;

	v->img_x = lk_mirror_x(m, w, (float)l->img_x, (uint32_t)l->img_s);
	v->title_x = lk_mirror_x(m, w, (float)l->col_x, c->title.cx);
	v->price_x = lk_mirror_x(m, w, (float)l->col_x, c->price.cx);
	v->sold_x = lk_mirror_x(m, w, (float)l->col_x, c->sold.cx);
	v->bar_x = m ? w - (float)l->col_x - v->bar_w : (float)l->col_x;
	v->link_x = lk_mirror_x(m, w, (float)l->col_x, c->link.cx);
	v->qr_x = lk_mirror_x(m, w, (float)l->qr_x, (uint32_t)l->qr_s);
	if (!m)
		return;
	v->orig_x = w - v->orig_x - (float)c->orig.cx;
	v->badge_x = w - v->badge_x - v->badge_w;
	v->label_x = w - v->label_x - (float)c->stock.cx;
	v->slot_x = w - v->slot_x - v->slot_w;
	v->flash_x = w - v->flash_x - v->flash_w;
}

void lk_card_view_update(struct product_card *c, const struct lk_product *p, const struct lk_price_view *pv)
{
	struct dstr buf = {0};
	const struct card_layout *l = &c->lay;

	memset(&c->view, 0, sizeof(c->view));
	c->view.visible = p != NULL;
	if (!p) {
		lk_image_slot_set(&c->image, NULL, 0);
		return;
	}
	lk_image_slot_set(&c->image, c->cfg.show_image ? p->image : NULL, l->img_s);

	struct lk_text_style st = lk_style(&c->fonts, false, l->size_title, c->cfg.look.text);
	st.max_width = l->col_w;
	st.max_lines = c->cfg.title_lines;
	lk_text_tex_set(&c->title, p->title ? p->title : p->id, &st);

	view_prices(c, p, pv, &buf);
	view_stock(c, pv, &buf);
	view_sold_slot(c, p, lk_snapshot_slot_of(c->follow.snap, p), &buf);
	view_flash(c, pv);
	view_link(c, p);
	c->view.rtl = lk_text_is_rtl(p->title ? p->title : p->id);
	view_direction(c);
	dstr_free(&buf);
}
