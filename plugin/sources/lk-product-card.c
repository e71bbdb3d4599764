/*
 * Linkon — "linkon_product_card": the pinned (or a fixed) product as a card:
 * image, title, price, original price, discount, stock bar, sold count and
 * cart slot, with a slide+fade when the shown product changes.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads and shared fields:
 * - update (UI thread) reads settings, loads fonts (file I/O), computes the
 *   layout and posts them as card->pending under card->mutex; it also sets
 *   the size (cx, cy, atomics read by any thread in get_width/get_height).
 * - video_tick (graphics thread) takes card->pending, follows the store's
 *   snapshots, lays out the product, updates text textures and image
 *   requests; video_render (graphics thread) only draws. The fields under
 *   "graphics thread only" are theirs alone.
 */
#include "lk-source-common.h"
#include "lk-draw.h"
#include "lk-money.h"
#include "lk-plugin.h"
#include "lk-store.h"
#include "lk-text.h"

#include <obs-module.h>
#include <string.h>
#include <util/threading.h>

#define SETTING_MODE "mode"
#define SETTING_PRODUCT "product_id"
#define SETTING_LAYOUT "layout"
#define SETTING_BAR_COLOR "bar_color"
#define SETTING_SHOW_IMAGE "show_image"
#define SETTING_SHOW_ORIGINAL "show_original_price"
#define SETTING_SHOW_DISCOUNT "show_discount"
#define SETTING_SHOW_STOCK "show_stock"
#define SETTING_SHOW_SOLD "show_sold"
#define SETTING_SHOW_SLOT "show_slot"
#define SETTING_TITLE_LINES "title_lines"
#define SETTING_LOW_STOCK "low_stock"

/* The element checkboxes: setting key and label key, all on by default. */
static const char *const toggles[][2] = {
	{SETTING_SHOW_IMAGE, "ProductCard.ShowImage"},       {SETTING_SHOW_ORIGINAL, "ProductCard.ShowOriginalPrice"},
	{SETTING_SHOW_DISCOUNT, "ProductCard.ShowDiscount"}, {SETTING_SHOW_STOCK, "ProductCard.ShowStock"},
	{SETTING_SHOW_SOLD, "ProductCard.ShowSold"},         {SETTING_SHOW_SLOT, "ProductCard.ShowSlot"},
};
#define NUM_TOGGLES (sizeof(toggles) / sizeof(toggles[0]))

#define MODE_PINNED "pinned"
#define MODE_FIXED "fixed"
#define LAYOUT_HORIZONTAL "horizontal"
#define LAYOUT_VERTICAL "vertical"

#define TRANSITION_SECONDS 0.35f
#define BASELINE 0.78f /* baseline position within a text line's box */

#define T_(key) obs_module_text(key)

/* width, background, text, price, accent (0xAARRGGBB), corner radius */
static const struct lk_look default_look = {640, 0xEB141821, 0xFFFFFFFF, 0xFFFFD23F, 0xFFFF2E63, 18};

struct card_config {
	bool fixed;
	char *product_id;
	bool vertical;
	struct lk_look look;
	uint32_t bar; /* 0xAARRGGBB */
	bool show_image, show_original, show_discount, show_stock, show_sold, show_slot;
	int title_lines;
	int low_stock;
};

/* Fixed geometry from config + fonts (px, card origin top-left). */
struct card_layout {
	int w, h, pad, gap, radius;
	int size_title, size_price, size_orig, size_small, size_badge;
	int img_x, img_y, img_s;
	int col_x, col_y, col_w;
	int title_y, price_y, price_h, stock_y, stock_h, sold_y, sold_h, bar_h;
};

/* Positions that depend on the product's texts (px). */
struct card_view {
	bool visible;
	bool orig, badge, bar, stock_label, sold, slot;
	float price_y, price_end, orig_x, orig_y;
	float badge_x, badge_y, badge_w, badge_h;
	float bar_frac, bar_w, label_x, label_y;
	float slot_x, slot_y, slot_w, slot_h;
};

/* Everything update prepares for tick. */
struct card_setup {
	struct card_config cfg;
	struct lk_font_pair fonts;
	struct card_layout lay;
};

struct product_card {
	obs_source_t *source;

	/* posted by the UI thread (update), taken by tick; under mutex */
	pthread_mutex_t mutex;
	struct card_setup *pending;

	/* written by update, read by any thread */
	volatile long cx, cy;

	/* graphics thread only */
	struct card_config cfg;
	struct lk_font_pair fonts;
	struct card_layout lay;
	struct lk_snap_follow follow;
	char *shown_id;
	bool have_shown;
	struct card_view view;
	struct lk_image_slot image;
	struct lk_text_tex title, price, orig, discount, stock, sold, slot;
	struct lk_xfade fade;
};

/* ---- config and layout (UI thread) ------------------------------------- */

static void config_free(struct card_config *cfg)
{
	bfree(cfg->product_id);
	cfg->product_id = NULL;
}

static void config_load(struct card_config *cfg, obs_data_t *s)
{
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
	cfg->title_lines = (int)obs_data_get_int(s, SETTING_TITLE_LINES);
	cfg->title_lines = cfg->title_lines < 1 ? 1 : cfg->title_lines > 5 ? 5 : cfg->title_lines;
	cfg->low_stock = (int)obs_data_get_int(s, SETTING_LOW_STOCK);
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
	if (cfg->show_sold)
		y = l->sold_y + small_h;
	return y;
}

static void layout_compute(struct card_layout *l, const struct card_config *cfg, const struct lk_font_pair *f)
{
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
	} else {
		l->img_s = cfg->show_image ? (col_h > s * 3 ? col_h : s * 3) : 0;
		int inner = l->img_s > col_h ? l->img_s : col_h;
		l->img_x = l->pad;
		l->img_y = l->pad;
		l->col_x = l->pad + (l->img_s ? l->img_s + l->pad : 0);
		l->col_y = l->pad + (inner - col_h) / 2;
		l->h = inner + 2 * l->pad;
	}
	l->col_w = l->w - l->col_x - l->pad;
	if (l->col_w < s * 2)
		l->col_w = s * 2;
}

/* ---- product view (tick) ------------------------------------------------ */

static const struct lk_product *pick_product(struct product_card *c)
{
	struct lk_snapshot *snap = c->follow.snap;
	if (!snap)
		return NULL;
	if (!c->cfg.fixed)
		return snap->pinned;
	if (!c->cfg.product_id || !*c->cfg.product_id)
		return NULL;
	return lk_snapshot_find(snap, c->cfg.product_id);
}

static void view_prices(struct product_card *c, const struct lk_product *p, struct dstr *buf)
{
	const struct card_layout *l = &c->lay;
	struct card_view *v = &c->view;
	struct lk_text_style st = lk_style(&c->fonts, true, l->size_price, c->cfg.look.price);
	st.max_width = l->col_w;
	st.tabular_digits = true;
	lk_text_tex_set(&c->price, lk_money_format(buf, p->price, p->currency), &st);
	v->price_y = (float)(l->col_y + l->price_y);
	float x = (float)(l->col_x + c->price.cx) + (float)l->gap;
	float right = (float)(l->col_x + l->col_w);
	float baseline = v->price_y + (float)c->price.cy * BASELINE;

	int pct = lk_discount_percent(p->price, p->original_price);
	v->orig = c->cfg.show_original && p->original_price > p->price;
	st = lk_style(&c->fonts, false, l->size_orig, lk_color_fade(c->cfg.look.text, 0.6f));
	st.strike = true;
	lk_text_tex_set(&c->orig, v->orig ? lk_money_format(buf, p->original_price, p->currency) : "", &st);
	v->orig_x = x;
	v->orig_y = baseline - (float)c->orig.cy * BASELINE;
	if (v->orig && x + (float)c->orig.cx > right)
		v->orig = false;
	if (v->orig)
		x += (float)c->orig.cx + (float)l->gap;

	v->badge = c->cfg.show_discount && pct > 0;
	st = lk_style(&c->fonts, true, l->size_badge, lk_color_on(c->cfg.look.accent));
	lk_text_tex_set(&c->discount, v->badge ? lk_template_int(buf, T_("ProductCard.Discount"), pct) : "", &st);
	v->badge_h = (float)c->discount.cy + (float)l->size_badge * 0.2f;
	v->badge_w = (float)c->discount.cx + (float)l->size_badge * 0.9f;
	v->badge_x = x;
	v->badge_y = v->price_y + ((float)c->price.cy - v->badge_h) * 0.5f;
	if (v->badge && x + v->badge_w > right)
		v->badge = false;
	v->price_end = v->badge ? x + v->badge_w : x - (float)l->gap;
}

static void view_stock(struct product_card *c, const struct lk_product *p, struct dstr *buf)
{
	const struct card_layout *l = &c->lay;
	struct card_view *v = &c->view;
	bool known = c->cfg.show_stock && p->stock != LK_STOCK_UNKNOWN && p->stock >= 0;
	const char *label = "";

	v->bar = known && p->stock_total > 0;
	v->bar_frac = v->bar ? (float)p->stock / (float)p->stock_total : 0.0f;
	v->bar_frac = v->bar_frac > 1.0f ? 1.0f : v->bar_frac;
	if (known && p->stock == 0)
		label = T_("ProductCard.SoldOut");
	else if (known && p->stock <= c->cfg.low_stock)
		label = lk_template_int(buf, T_("ProductCard.OnlyLeft"), (long long)p->stock);
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

	v->sold = c->cfg.show_sold && p->sold > 0;
	lk_format_count(&count, p->sold, obs_get_locale());
	struct lk_text_style st = lk_style(&c->fonts, false, l->size_small, lk_color_fade(c->cfg.look.text, 0.72f));
	st.max_width = l->col_w;
	lk_text_tex_set(&c->sold, v->sold ? lk_template(buf, T_("ProductCard.Sold"), count.array) : "", &st);
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
		float row_y = c->cfg.show_sold ? (float)(l->col_y + l->sold_y) : v->price_y;
		float row_h = (float)(c->cfg.show_sold ? l->sold_h : l->price_h);
		v->slot_x = (float)(l->col_x + l->col_w) - v->slot_w;
		v->slot_y = row_y + (row_h - v->slot_h) * 0.5f;
		if (!c->cfg.show_sold && v->slot_x < v->price_end + (float)l->gap)
			v->slot = false;
	}
}

static void view_update(struct product_card *c, const struct lk_product *p)
{
	struct dstr buf = {0};
	const struct card_layout *l = &c->lay;

	memset(&c->view, 0, sizeof(c->view));
	c->view.visible = p != NULL;
	if (!p) {
		lk_image_slot_set(&c->image, NULL);
		return;
	}
	lk_image_slot_set(&c->image, c->cfg.show_image ? p->image : NULL);

	struct lk_text_style st = lk_style(&c->fonts, false, l->size_title, c->cfg.look.text);
	st.max_width = l->col_w;
	st.max_lines = c->cfg.title_lines;
	lk_text_tex_set(&c->title, p->title ? p->title : p->id, &st);

	view_prices(c, p, &buf);
	view_stock(c, p, &buf);
	view_sold_slot(c, p, lk_snapshot_slot_of(c->follow.snap, p), &buf);
	dstr_free(&buf);
}

/* ---- tick --------------------------------------------------------------- */

static void invalidate_texts(struct product_card *c)
{
	struct lk_text_tex *all[] = {&c->title, &c->price, &c->orig, &c->discount, &c->stock, &c->sold, &c->slot};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		lk_text_tex_invalidate(all[i]);
}

static void setup_free(struct card_setup *s)
{
	if (!s)
		return;
	config_free(&s->cfg);
	lk_font_pair_release(&s->fonts);
	bfree(s);
}

/* Takes what update posted, if anything; returns true if it did. */
static bool adopt_pending(struct product_card *c)
{
	pthread_mutex_lock(&c->mutex);
	struct card_setup *s = c->pending;
	c->pending = NULL;
	pthread_mutex_unlock(&c->mutex);
	if (!s)
		return false;

	config_free(&c->cfg);
	lk_font_pair_release(&c->fonts);
	c->cfg = s->cfg;
	c->fonts = s->fonts;
	c->lay = s->lay;
	bfree(s);
	invalidate_texts(c);
	return true;
}

static void card_video_tick(void *data, float seconds)
{
	struct product_card *c = data;
	bool cfg_changed = adopt_pending(c);
	bool snap_changed = lk_snap_follow_update(&c->follow);

	if (cfg_changed || snap_changed) {
		const struct lk_product *p = pick_product(c);
		const char *id = p ? p->id : NULL;
		if (!lk_str_same(id, c->shown_id)) {
			if (c->have_shown)
				lk_xfade_start(&c->fade);
			bfree(c->shown_id);
			c->shown_id = bstrdup(id);
		}
		c->have_shown = true;
		view_update(c, p);
	}
	lk_xfade_tick(&c->fade, seconds);
}

/* ---- render ------------------------------------------------------------- */

static void draw_texts(struct product_card *c)
{
	const struct card_layout *l = &c->lay;
	const struct card_view *v = &c->view;

	lk_text_tex_draw(&c->title, (float)l->col_x, (float)(l->col_y + l->title_y), 1.0f);
	lk_text_tex_draw(&c->price, (float)l->col_x, v->price_y, 1.0f);
	if (v->orig)
		lk_text_tex_draw(&c->orig, v->orig_x, v->orig_y, 1.0f);
	if (v->badge)
		lk_draw_text_box(&c->discount, v->badge_x, v->badge_y, v->badge_w, v->badge_h, v->badge_h * 0.3f,
				 c->cfg.look.accent);
	if (v->stock_label)
		lk_text_tex_draw(&c->stock, v->label_x, v->label_y, 1.0f);
	if (v->sold)
		lk_text_tex_draw(&c->sold, (float)l->col_x, (float)(l->col_y + l->sold_y), 1.0f);
}

static void draw_bar(struct product_card *c)
{
	const struct card_layout *l = &c->lay;
	float x = (float)l->col_x;
	float y = (float)(l->col_y + l->stock_y) + (float)(l->stock_h - l->bar_h) * 0.5f;
	float w = c->view.bar_w, h = (float)l->bar_h;

	lk_draw_rect(x, y, w, h, h * 0.5f, lk_color_fade(c->cfg.look.text, 0.18f), 1.0f);
	float fill = w * c->view.bar_frac;
	if (fill > 0.5f)
		lk_draw_rect(x, y, fill < h ? h : fill, h, h * 0.5f, c->cfg.bar, 1.0f);
}

static void draw_card(void *data)
{
	struct product_card *c = data;
	const struct card_layout *l = &c->lay;
	const struct card_view *v = &c->view;
	if (!v->visible)
		return;

	lk_draw_rect(0.0f, 0.0f, (float)l->w, (float)l->h, (float)l->radius, c->cfg.look.bg, 1.0f);
	if (l->img_s) {
		float r = (float)l->radius * 0.6f;
		void *tex = lk_image_slot_texture(&c->image);
		if (tex)
			lk_draw_image(tex, (float)l->img_x, (float)l->img_y, (float)l->img_s, (float)l->img_s, r, 1.0f);
		else
			lk_draw_placeholder((float)l->img_x, (float)l->img_y, (float)l->img_s, (float)l->img_s, r,
					    1.0f);
	}
	if (v->bar)
		draw_bar(c);
	draw_texts(c);
	if (v->slot)
		lk_draw_text_box(&c->slot, v->slot_x, v->slot_y, v->slot_w, v->slot_h, v->slot_h * 0.5f,
				 c->cfg.look.accent);
}

static void card_video_render(void *data, gs_effect_t *effect)
{
	struct product_card *c = data;
	if (!c->lay.w || !c->lay.h)
		return;
	if (!c->view.visible && !lk_xfade_active(&c->fade)) {
		lk_xfade_idle(&c->fade); /* nothing to draw: skip the texrender */
		return;
	}
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	lk_xfade_render(&c->fade, (uint32_t)c->lay.w, (uint32_t)c->lay.h, (float)c->lay.size_title * 1.5f, draw_card,
			c);
	gs_blend_state_pop();
}

/* ---- lifecycle (UI thread) ---------------------------------------------- */

static const char *card_get_name(void *type_data)
{
	return T_("LinkonProductCard");
}

static void card_update(void *data, obs_data_t *settings)
{
	struct product_card *c = data;
	struct card_setup *s = bzalloc(sizeof(*s));

	config_load(&s->cfg, settings);
	lk_font_pair_load(&s->fonts, settings, LK_SETTING_FONT);
	layout_compute(&s->lay, &s->cfg, &s->fonts);
	os_atomic_set_long(&c->cx, s->lay.w);
	os_atomic_set_long(&c->cy, s->lay.h);

	pthread_mutex_lock(&c->mutex);
	struct card_setup *old = c->pending;
	c->pending = s;
	pthread_mutex_unlock(&c->mutex);
	setup_free(old);
}

static void *card_create(obs_data_t *settings, obs_source_t *source)
{
	struct product_card *c = bzalloc(sizeof(*c));
	c->source = source;
	pthread_mutex_init(&c->mutex, NULL);
	lk_xfade_init(&c->fade, TRANSITION_SECONDS);
	card_update(c, settings);
	return c;
}

static void card_destroy(void *data)
{
	struct product_card *c = data;
	struct lk_text_tex *all[] = {&c->title, &c->price, &c->orig, &c->discount, &c->stock, &c->sold, &c->slot};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		lk_text_tex_free(all[i]);
	lk_xfade_free(&c->fade);
	lk_image_slot_free(&c->image);
	lk_snap_follow_free(&c->follow);
	config_free(&c->cfg);
	lk_font_pair_release(&c->fonts);
	setup_free(c->pending);
	bfree(c->shown_id);
	pthread_mutex_destroy(&c->mutex);
	bfree(c);
}

static uint32_t card_get_width(void *data)
{
	struct product_card *c = data;
	return (uint32_t)os_atomic_load_long(&c->cx);
}

static uint32_t card_get_height(void *data)
{
	struct product_card *c = data;
	return (uint32_t)os_atomic_load_long(&c->cy);
}

static void card_get_defaults(obs_data_t *s)
{
	obs_data_set_default_string(s, SETTING_MODE, MODE_PINNED);
	obs_data_set_default_string(s, SETTING_PRODUCT, "");
	obs_data_set_default_string(s, SETTING_LAYOUT, LAYOUT_HORIZONTAL);
	lk_look_defaults(s, &default_look, LK_DEFAULT_FONT_SIZE);
	obs_data_set_default_int(s, SETTING_BAR_COLOR, lk_color_to_obs(0xFFFF7A3D));
	for (size_t i = 0; i < NUM_TOGGLES; i++)
		obs_data_set_default_bool(s, toggles[i][0], true);
	obs_data_set_default_int(s, SETTING_TITLE_LINES, 2);
	obs_data_set_default_int(s, SETTING_LOW_STOCK, 10);
}

static bool mode_modified(obs_properties_t *props, obs_property_t *prop, obs_data_t *settings)
{
	bool fixed = strcmp(obs_data_get_string(settings, SETTING_MODE), MODE_FIXED) == 0;
	obs_property_set_visible(obs_properties_get(props, SETTING_PRODUCT), fixed);
	return true;
}

static obs_properties_t *card_get_properties(void *data)
{
	obs_properties_t *props = obs_properties_create();
	obs_property_t *p;

	p = obs_properties_add_list(props, SETTING_MODE, T_("ProductCard.Mode"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("ProductCard.Mode.Pinned"), MODE_PINNED);
	obs_property_list_add_string(p, T_("ProductCard.Mode.Fixed"), MODE_FIXED);
	obs_property_set_modified_callback(p, mode_modified);
	p = obs_properties_add_list(props, SETTING_PRODUCT, T_("ProductCard.Product"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	lk_props_list_products(p, T_("ProductCard.Product.None"));
	p = obs_properties_add_list(props, SETTING_LAYOUT, T_("ProductCard.Layout"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("ProductCard.Layout.Horizontal"), LAYOUT_HORIZONTAL);
	obs_property_list_add_string(p, T_("ProductCard.Layout.Vertical"), LAYOUT_VERTICAL);
	lk_look_properties(props, T_("Common.AccentColor"));
	obs_properties_add_color_alpha(props, SETTING_BAR_COLOR, T_("ProductCard.BarColor"));
	for (size_t i = 0; i < NUM_TOGGLES; i++)
		obs_properties_add_bool(props, toggles[i][0], T_(toggles[i][1]));
	obs_properties_add_int(props, SETTING_TITLE_LINES, T_("ProductCard.TitleLines"), 1, 5, 1);
	obs_properties_add_int(props, SETTING_LOW_STOCK, T_("ProductCard.LowStock"), 0, 100000, 1);
	return props;
}

struct obs_source_info lk_product_card_info = {
	.id = "linkon_product_card",
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.get_name = card_get_name,
	.create = card_create,
	.destroy = card_destroy,
	.update = card_update,
	.get_defaults = card_get_defaults,
	.get_properties = card_get_properties,
	.video_tick = card_video_tick,
	.video_render = card_video_render,
	.get_width = card_get_width,
	.get_height = card_get_height,
	.icon_type = OBS_ICON_TYPE_TEXT,
};
