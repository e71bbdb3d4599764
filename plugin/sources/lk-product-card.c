/*
 * Linkon — "linkon_product_card": the pinned (or a fixed) product as a card:
 * image, title, price, original price, discount, stock bar, sold count and
 * cart slot, with a slide+fade when the shown product changes.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads and shared fields (the lifecycle of lk-source-common.h):
 * - update (called by libobs inside video_tick: the graphics thread) only
 *   posts the settings to the text worker; there they are read, the fonts
 *   loaded (file I/O) and the layout computed (card_ops; create does it
 *   itself, on the UI thread, so a new card has its size at once).
 * - video_tick (graphics thread) adopts the new setup, follows the store's
 *   snapshots, lays out the product, updates text textures and image
 *   requests (text is laid out on the text worker: tick swaps finished
 *   bitmaps in and places the rows again when a size changed);
 *   video_render (graphics thread) only draws. The fields under
 *   "graphics thread only" are theirs alone.
 *
 * While the product's flash sale is live the card shows the sale's prices
 * and stock (lk_price_at, shared with the cart list and the flash timer);
 * a sale goes live and ends by the clock, so tick looks the product's live
 * sale up again whenever some sale's state is due to change (even with no
 * new snapshot) and lays the card out again when it changed.
 */
#include "lk-product-card-priv.h"
#include "lk-draw.h"
#include "lk-store.h"

#include <obs-module.h>
#include <string.h>
#include <util/threading.h>

/* The element checkboxes: setting key and label key, all on by default. */
static const char *const toggles[][2] = {
	{SETTING_SHOW_IMAGE, "ProductCard.ShowImage"},       {SETTING_SHOW_ORIGINAL, "ProductCard.ShowOriginalPrice"},
	{SETTING_SHOW_DISCOUNT, "ProductCard.ShowDiscount"}, {SETTING_SHOW_STOCK, "ProductCard.ShowStock"},
	{SETTING_SHOW_SOLD, "ProductCard.ShowSold"},         {SETTING_SHOW_SLOT, "ProductCard.ShowSlot"},
};
#define NUM_TOGGLES (sizeof(toggles) / sizeof(toggles[0]))

#define TRANSITION_SECONDS 0.35f

#define T_(key) obs_module_text(key)

/* width, background, text, price, accent (0xAARRGGBB), corner radius */
static const struct lk_look default_look = {640, 0xEB141821, 0xFFFFFFFF, 0xFFFFD23F, 0xFFFF2E63, 18};

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

/* ---- tick --------------------------------------------------------------- */

/* The live sale of the shown product at platform time now (borrowed from
 * the held snapshot), NULL if none; and when to ask again. */
static const struct lk_sale *live_sale(struct product_card *c, int64_t now)
{
	const struct lk_snapshot *snap = c->follow.snap;
	if (!snap) {
		c->price_due_ms = INT64_MAX;
		return NULL;
	}
	c->price_due_ms = lk_price_next_change(snap->sales, snap->num_sales, now);
	return c->product ? lk_price_live_sale(snap->sales, snap->num_sales, c->product->id, now) : NULL;
}

/* Lays out the product again with the prices of sale (NULL = regular). */
static void relayout(struct product_card *c, const struct lk_sale *sale)
{
	const struct lk_product *p = c->product;
	const char *id = p ? p->id : NULL;
	if (!lk_str_same(id, c->shown_id)) {
		if (c->have_shown)
			lk_xfade_start(&c->fade);
		lk_fresh_start(&c->fresh);
		bfree(c->shown_id);
		c->shown_id = bstrdup(id);
	}
	c->have_shown = true;
	struct lk_price_view pv;
	lk_price_with_sale(p, sale, &pv);
	lk_card_view_update(c, p, &pv);
	c->shown_sale = sale;
}

/* Sales go live and end with time, not only with snapshots: at the next
 * platform time a sale changes state (price_due_ms, one comparison a
 * frame) the product's live sale is looked up again, and the card is laid
 * out again if it changed. Tick, or an ahead run (under the source's lock
 * both). take_texts: finished texts too. True if what the card shows may
 * have changed (a text with new pixels the caller sees by its generation). */
static bool card_catch_up(void *data, bool take_texts)
{
	struct product_card *c = data;
	bool cfg_changed = lk_source_adopt(&c->base);
	bool snap_changed = lk_snap_follow_update(&c->follow, lk_source_store(c->base.source));
	if (cfg_changed || snap_changed)
		c->product = pick_product(c);
	int64_t now = c->follow.snap ? lk_snapshot_platform_now(c->follow.snap, lk_now_ms()) : 0;

	bool changed = cfg_changed || snap_changed;
	if (cfg_changed || snap_changed || now >= c->price_due_ms) {
		const struct lk_sale *sale = live_sale(c, now);
		if (cfg_changed || snap_changed || sale != c->shown_sale) {
			relayout(c, sale);
			changed = true;
		}
	}
	struct lk_text_tex *all[CARD_NUM_TEXTS] = CARD_TEXTS(c);
	if (take_texts && lk_text_tex_poll_all(all, CARD_NUM_TEXTS))
		relayout(c, c->shown_sale); /* a text's size changed: place the rows again */
	return lk_source_take_images(&c->base) || changed;
}

static void card_video_tick(void *data, float seconds)
{
	struct product_card *c = data;
	struct lk_text_tex *all[CARD_NUM_TEXTS] = CARD_TEXTS(c);

	lk_source_lock(&c->base);
	bool left = lk_source_leave_to_ahead(&c->base);
	if (!left)
		card_catch_up(c, !lk_source_ahead_active(&c->base)); /* (else an ahead run takes the texts) */
	lk_fresh_tick(&c->fresh, all, CARD_NUM_TEXTS);
	if (!left || !c->fade.swap_pending)       /* (a held frame shows the picture before a switch: */
		lk_xfade_tick(&c->fade, seconds); /* the switch's time starts when it is shown) */
	lk_source_unlock(&c->base);
}

/* ---- render ------------------------------------------------------------- */

static void draw_texts(struct product_card *c)
{
	const struct card_layout *l = &c->lay;
	const struct card_view *v = &c->view;

	lk_text_tex_draw(&c->title, v->title_x, (float)(l->col_y + l->title_y), 1.0f);
	lk_text_tex_draw(&c->price, v->price_x, v->price_y, 1.0f);
	if (v->orig)
		lk_text_tex_draw(&c->orig, v->orig_x, v->orig_y, 1.0f);
	if (v->badge)
		lk_draw_text_box(&c->discount, v->badge_x, v->badge_y, v->badge_w, v->badge_h, v->badge_h * 0.3f,
				 c->cfg.look.accent);
	if (v->stock_label)
		lk_text_tex_draw(&c->stock, v->label_x, v->label_y, 1.0f);
	if (v->sold)
		lk_text_tex_draw(&c->sold, v->sold_x, (float)(l->col_y + l->sold_y), 1.0f);
	if (v->link)
		lk_text_tex_draw(&c->link, v->link_x, (float)(l->col_y + l->link_y), 1.0f);
}

static void draw_bar(struct product_card *c)
{
	const struct card_layout *l = &c->lay;
	float x = c->view.bar_x;
	float y = (float)(l->col_y + l->stock_y) + (float)(l->stock_h - l->bar_h) * 0.5f;
	float w = c->view.bar_w, h = (float)l->bar_h;

	lk_draw_rect(x, y, w, h, h * 0.5f, lk_color_fade(c->cfg.look.text, 0.18f), 1.0f);
	float fill = w * c->view.bar_frac;
	fill = fill < h ? h : fill;
	if (w * c->view.bar_frac > 0.5f) /* right to left: fills from the right */
		lk_draw_rect(c->view.rtl ? x + w - fill : x, y, fill, h, h * 0.5f, c->cfg.bar, 1.0f);
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
		struct lk_tex_view tex = lk_image_slot_texture(&c->image);
		if (tex.texture)
			lk_draw_image(&tex, v->img_x, (float)l->img_y, (float)l->img_s, (float)l->img_s, r, 1.0f);
		else
			lk_draw_placeholder(v->img_x, (float)l->img_y, (float)l->img_s, (float)l->img_s, r, 1.0f);
	}
	if (v->bar)
		draw_bar(c);
	if (!c->fresh) { /* (fresh: another product's words are still on their way) */
		draw_texts(c);
		if (v->slot)
			lk_draw_text_box(&c->slot, v->slot_x, v->slot_y, v->slot_w, v->slot_h, v->slot_h * 0.5f,
					 c->cfg.look.accent);
		if (v->flash)
			lk_draw_text_box(&c->flash, v->flash_x, v->flash_y, v->flash_w, v->flash_h, v->flash_h * 0.3f,
					 c->cfg.look.accent);
	}
	if (v->qr) { /* black on a white panel: the light panel is the code's quiet zone */
		lk_draw_rect(v->qr_x, (float)l->qr_y, (float)l->qr_s, (float)l->qr_s, (float)l->radius * 0.6f,
			     0xFFFFFFFFu, 1.0f);
		lk_qr_tex_draw(&c->qr, v->qr_x, (float)l->qr_y, (float)l->qr_s);
	}
}

/* Everything draw_card draws from: same stamp, same pixels (the card is
 * composed again only when it changes). */
static uint64_t card_stamp(struct product_card *c)
{
	struct lk_text_tex *all[CARD_NUM_TEXTS] = CARD_TEXTS(c);
	uint64_t h = LK_STAMP_INIT;

	lk_stamp_add(&h, &c->lay, sizeof(c->lay));
	lk_stamp_add(&h, &c->view, sizeof(c->view));
	bool texts_due = c->fresh != 0; /* not the count: it moves every tick */
	lk_stamp_add(&h, &texts_due, sizeof(texts_due));
	lk_stamp_add(&h, &c->cfg.look, sizeof(c->cfg.look));
	lk_stamp_add(&h, &c->cfg.bar, sizeof(c->cfg.bar));
	lk_image_slot_stamp(&h, &c->image);
	lk_stamp_add(&h, &c->qr.texture, sizeof(c->qr.texture));
	for (size_t i = 0; i < CARD_NUM_TEXTS; i++)
		lk_stamp_text(&h, all[i]);
	return h;
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
	float slide = (float)c->lay.size_title * 1.5f;
	if (lk_source_frame_holds(&c->base)) /* an ahead run composes the change */
		lk_xfade_show(&c->fade, slide);
	else
		lk_xfade_render(&c->fade, (uint32_t)c->lay.w, (uint32_t)c->lay.h, slide, card_stamp(c), draw_card, c);
	gs_blend_state_pop();
}

/* ---- composing ahead ---------------------------------------------------- */

/* lk_source_compose_ahead: card_catch_up (what tick would do), between
 * frames, and what render would compose, with the texts that came meanwhile:
 * the frame that shows the change only draws the layer. */
static void card_ahead_compose(void *data)
{
	struct product_card *c = data;
	struct lk_text_tex *all[CARD_NUM_TEXTS] = CARD_TEXTS(c);
	lk_fresh_settle(&c->fresh, all, CARD_NUM_TEXTS);
	if (c->lay.w && c->lay.h && (c->view.visible || lk_xfade_active(&c->fade)))
		lk_xfade_prepare(&c->fade, (uint32_t)c->lay.w, (uint32_t)c->lay.h, card_stamp(c), draw_card, c);
}

/* ---- lifecycle ---------------------------------------------------------- */

static const char *card_get_name(void *type_data)
{
	return T_("LinkonProductCard");
}

/* Settings and layout (lk-product-card-view.c) are read and measured on the
 * text worker (or in create, on the UI thread). */
static const struct lk_source_ops card_ops = {
	LK_SOURCE_PARTS(struct product_card, cfg, fonts, lay, lay.w, lay.h),
	.config_load = lk_card_config_load,
	.config_free = lk_card_config_free,
	.layout = lk_card_layout_compute,
};

static void *card_create(obs_data_t *settings, obs_source_t *source)
{
	struct product_card *c = bzalloc(sizeof(*c));
	struct lk_text_tex *all[CARD_NUM_TEXTS] = CARD_TEXTS(c);
	struct lk_image_slot *image = &c->image;

	lk_source_init(&c->base, source, &card_ops, settings);
	lk_source_add_texts(&c->base, all, CARD_NUM_TEXTS);
	lk_source_add_images(&c->base, &image, 1);
	lk_source_add_fade(&c->base, &c->fade, TRANSITION_SECONDS);
	lk_source_compose_ahead(&c->base, card_catch_up, card_ahead_compose);
	return c;
}

static void card_destroy(void *data)
{
	struct product_card *c = data;

	lk_source_free(&c->base);
	lk_qr_tex_free(&c->qr);
	lk_snap_follow_free(&c->follow);
	bfree(c->shown_id);
	bfree(c);
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
	obs_data_set_default_bool(s, SETTING_SHOW_CLAIMS, false);
	obs_data_set_default_int(s, SETTING_TITLE_LINES, 2);
	obs_data_set_default_int(s, SETTING_LOW_STOCK, 10);
	obs_data_set_default_bool(s, SETTING_SHOW_QR, false);
	obs_data_set_default_bool(s, SETTING_SHOW_LINK, false);
}

static bool mode_modified(obs_properties_t *props, obs_property_t *prop, obs_data_t *settings)
{
	bool fixed = strcmp(obs_data_get_string(settings, SETTING_MODE), MODE_FIXED) == 0;
	obs_property_set_visible(obs_properties_get(props, SETTING_PRODUCT), fixed);
	return true;
}

static obs_properties_t *card_get_properties(void *data)
{
	struct product_card *c = data;
	obs_properties_t *props = obs_properties_create();
	obs_property_t *p;

	p = obs_properties_add_list(props, SETTING_MODE, T_("ProductCard.Mode"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("ProductCard.Mode.Pinned"), MODE_PINNED);
	obs_property_list_add_string(p, T_("ProductCard.Mode.Fixed"), MODE_FIXED);
	obs_property_set_modified_callback(p, mode_modified);
	p = obs_properties_add_list(props, SETTING_PRODUCT, T_("ProductCard.Product"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	lk_props_list_products(p, T_("ProductCard.Product.None"), c ? lk_source_store(c->base.source) : NULL);
	p = obs_properties_add_list(props, SETTING_LAYOUT, T_("ProductCard.Layout"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("ProductCard.Layout.Horizontal"), LAYOUT_HORIZONTAL);
	obs_property_list_add_string(p, T_("ProductCard.Layout.Vertical"), LAYOUT_VERTICAL);
	lk_look_properties(props, T_("Common.AccentColor"));
	obs_properties_add_color_alpha(props, SETTING_BAR_COLOR, T_("ProductCard.BarColor"));
	for (size_t i = 0; i < NUM_TOGGLES; i++)
		obs_properties_add_bool(props, toggles[i][0], T_(toggles[i][1]));
	obs_properties_add_bool(props, SETTING_SHOW_CLAIMS, T_("ProductCard.ShowClaims"));
	obs_properties_add_int(props, SETTING_TITLE_LINES, T_("ProductCard.TitleLines"), 1, 5, 1);
	obs_properties_add_int(props, SETTING_LOW_STOCK, T_("ProductCard.LowStock"), 0, 100000, 1);
	obs_properties_add_bool(props, SETTING_SHOW_QR, T_("ProductCard.ShowQr"));
	obs_properties_add_bool(props, SETTING_SHOW_LINK, T_("ProductCard.ShowLink"));
	return props;
}

struct obs_source_info lk_product_card_info = {
	.id = "linkon_product_card",
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.get_name = card_get_name,
	.create = card_create,
	.destroy = card_destroy,
	.update = lk_source_update,
	.get_defaults = card_get_defaults,
	.get_properties = card_get_properties,
	.video_tick = card_video_tick,
	.video_render = card_video_render,
	.get_width = lk_source_get_width,
	.get_height = lk_source_get_height,
	.icon_type = OBS_ICON_TYPE_TEXT,
};
