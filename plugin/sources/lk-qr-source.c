/*
 * Linkon — "linkon_qr": a scannable QR code of a buy link with a caption
 * ("Scan to buy") and the short link under it. Follows the pinned product
 * live, or shows a chosen product's or a fixed URL's link. The link gets
 * UTM attribution and the show's discount code (core/lk-buy-url.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The symbol is a texture of one pixel per module (quiet zone included),
 * drawn with point sampling at a whole number of pixels per module, so its
 * edges stay sharp at any size. Colours with too little contrast, inverted
 * or see-through are refused in the properties (a warning) and the code is
 * drawn in black on white instead.
 *
 * Threads (the lifecycle of lk-source-common.h): update posts a copy of
 * the settings to the text worker, where fonts are loaded (file I/O) and
 * the layout measured (qr_ops; create does it itself, on the UI thread);
 * video_tick adopts it,
 * follows the store, re-encodes only when the link changes (a few hundred
 * microseconds for a URL) and swaps in the texts the worker laid out;
 * video_render only draws.
 */
#include "lk-source-common.h"
#include "lk-buy-url.h"
#include "lk-draw.h"
#include "lk-qr-draw.h"
#include "lk-store.h"
#include "lk-text.h"

#include <obs-module.h>
#include <string.h>
#include <time.h>
#include <util/threading.h>

#define T_(key) obs_module_text(key)

#define S_MODE "qr_mode"
#define S_PRODUCT "product_id"
#define S_URL "url"
#define S_LEVEL "qr_level"
#define S_SIZE "qr_size"
#define S_DARK "dark_color"
#define S_LIGHT "light_color"
#define S_CAPTION "caption"
#define S_SHOW_LINK "show_link"
#define S_UTM "utm"
#define S_CAMPAIGN "utm_campaign"
#define S_DISCOUNT "discount_code"
#define S_COLOR_WARNING "color_warning"

#define MODE_PINNED "pinned"
#define MODE_PRODUCT "product"
#define MODE_URL "url"

#define DEFAULT_DARK 0xFF000000u
#define DEFAULT_LIGHT 0xFFFFFFFFu
#define DEFAULT_FONT_SIZE 28

struct qr_config {
	char mode[16];
	char *product_id;
	char *url;
	char *caption;
	char *campaign;
	char *discount;
	bool utm, show_link;
	enum lk_qr_level level;
	int size; /* px of the code's box, quiet zone included */
	uint32_t dark, light;
};

struct qr_layout {
	int w, h, pad, size_caption, size_link, caption_y, link_y;
};

struct qr_source {
	struct lk_source base; /* settings hand-over into cfg/fonts/lay (qr_ops), size, what destroy frees */

	/* graphics thread only */
	struct qr_config cfg;
	struct lk_font_pair fonts;
	struct qr_layout lay;
	struct lk_snap_follow follow;
	struct lk_qr_tex code; /* code.link: the encoded link, NULL = nothing to show */
	struct lk_text_tex caption, short_link;
};

static void config_clear(void *config)
{
	struct qr_config *c = config;
	bfree(c->product_id);
	bfree(c->url);
	bfree(c->caption);
	bfree(c->campaign);
	bfree(c->discount);
	memset(c, 0, sizeof(*c));
}

/* The show's date as the default campaign (local time, YYYY-MM-DD). */
static char *today(void)
{
	char buf[16];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return bstrdup(buf);
}

static void config_load(void *config, obs_data_t *s)
{
	struct qr_config *c = config;
	snprintf(c->mode, sizeof(c->mode), "%s", obs_data_get_string(s, S_MODE));
	c->product_id = bstrdup(obs_data_get_string(s, S_PRODUCT));
	c->url = bstrdup(obs_data_get_string(s, S_URL));
	c->caption = bstrdup(obs_data_get_string(s, S_CAPTION));
	const char *camp = obs_data_get_string(s, S_CAMPAIGN);
	c->campaign = camp && *camp ? bstrdup(camp) : today();
	c->discount = bstrdup(obs_data_get_string(s, S_DISCOUNT));
	c->utm = obs_data_get_bool(s, S_UTM);
	c->show_link = obs_data_get_bool(s, S_SHOW_LINK);
	c->level = lk_qr_level_parse(obs_data_get_string(s, S_LEVEL));
	int size = (int)obs_data_get_int(s, S_SIZE);
	c->size = size < 64 ? 64 : size > 2048 ? 2048 : size;
	c->dark = lk_color_from_obs(obs_data_get_int(s, S_DARK));
	c->light = lk_color_from_obs(obs_data_get_int(s, S_LIGHT));
	if (lk_qr_check_colors(c->dark, c->light) != LK_QR_COLORS_OK) {
		c->dark = DEFAULT_DARK; /* refused: never draw an unreadable code */
		c->light = DEFAULT_LIGHT;
	}
}

static void layout_compute(void *lay, const void *config, const struct lk_font_pair *f)
{
	struct qr_layout *l = lay;
	const struct qr_config *c = config;
	memset(l, 0, sizeof(*l));
	l->pad = lk_px(f->size, 0.4f);
	l->size_caption = f->size;
	l->size_link = lk_px(f->size, 0.62f);
	l->w = c->size;
	l->caption_y = c->size;
	l->h = c->size;
	if (c->caption && *c->caption)
		l->h += lk_text_lines_height(f->bold, l->size_caption, 1) + l->pad / 2;
	l->link_y = l->h;
	if (c->show_link)
		l->h += lk_text_lines_height(f->regular, l->size_link, 1) + l->pad / 2;
	if (l->h > c->size)
		l->h += l->pad / 2;
}

/* ---- tick --------------------------------------------------------------- */

static const struct lk_product *shown_product(struct qr_source *q)
{
	const struct lk_snapshot *snap = q->follow.snap;
	if (!snap)
		return NULL;
	if (strcmp(q->cfg.mode, MODE_PRODUCT) == 0)
		return q->cfg.product_id && *q->cfg.product_id ? lk_snapshot_find(snap, q->cfg.product_id) : NULL;
	return snap->pinned;
}

/* The link to show now (bmalloc'd), NULL if there is none. */
static char *current_link(struct qr_source *q)
{
	struct lk_buy_url_opts o;
	lk_buy_url_opts_default(&o);
	o.utm = q->cfg.utm;
	o.utm_campaign = q->cfg.campaign;
	o.discount_code = q->cfg.discount;
	o.discount_param = "discount";
	if (strcmp(q->cfg.mode, MODE_URL) == 0)
		return lk_buy_url_build(q->cfg.url, NULL, &o);
	const struct lk_product *p = shown_product(q);
	return p && p->buy_url ? lk_buy_url_build(p->buy_url, p->id, &o) : NULL;
}

static void texts_update(struct qr_source *q)
{
	char shortl[256];
	struct lk_text_style st = lk_style(&q->fonts, true, q->lay.size_caption, q->cfg.dark);
	st.max_width = q->lay.w;
	st.max_lines = 1;
	st.align = LK_ALIGN_CENTER;
	lk_text_tex_set(&q->caption, q->code.link && q->cfg.caption ? q->cfg.caption : "", &st);
	st = lk_style(&q->fonts, false, q->lay.size_link, q->cfg.dark);
	st.max_width = q->lay.w - 2 * q->lay.pad;
	st.max_lines = 1;
	st.align = LK_ALIGN_CENTER;
	lk_buy_url_short(q->code.link, shortl, sizeof(shortl));
	lk_text_tex_set(&q->short_link, q->code.link && q->cfg.show_link ? shortl : "", &st);
}

static void qr_video_tick(void *data, float seconds)
{
	struct qr_source *q = data;
	lk_text_tex_poll(&q->caption); /* laid out on the text worker; placed at render time */
	lk_text_tex_poll(&q->short_link);
	bool cfg_changed = lk_source_adopt(&q->base);
	bool snap_changed = lk_snap_follow_update(&q->follow, lk_source_store(q->base.source));
	if (!cfg_changed && !snap_changed)
		return;
	char *link = current_link(q);
	if (lk_qr_tex_set(&q->code, link, q->cfg.level, q->cfg.dark, q->cfg.light) || cfg_changed)
		texts_update(q);
	bfree(link);
}

/* ---- render ------------------------------------------------------------- */

static void qr_video_render(void *data, gs_effect_t *effect)
{
	struct qr_source *q = data;
	if (!q->code.texture || !q->lay.w)
		return;
	const bool previous_srgb = gs_framebuffer_srgb_enabled();
	gs_enable_framebuffer_srgb(false);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	/* the panel behind the caption is the code's light colour, so the
	 * quiet zone and the panel are one surface */
	lk_draw_rect(0.0f, 0.0f, (float)q->lay.w, (float)q->lay.h, (float)q->lay.pad, q->cfg.light, 1.0f);
	lk_qr_tex_draw(&q->code, 0.0f, 0.0f, (float)q->cfg.size);
	lk_text_tex_draw(&q->caption, ((float)q->lay.w - (float)q->caption.cx) * 0.5f, (float)q->lay.caption_y, 1.0f);
	lk_text_tex_draw(&q->short_link, ((float)q->lay.w - (float)q->short_link.cx) * 0.5f, (float)q->lay.link_y,
			 1.0f);
	gs_blend_state_pop();
	gs_enable_framebuffer_srgb(previous_srgb);
}

/* ---- lifecycle (UI thread) ---------------------------------------------- */

static const char *qr_get_name(void *type_data)
{
	return T_("LinkonQr");
}

/* config_load and layout_compute run on the text worker (or in create, on
 * the UI thread). */
static const struct lk_source_ops qr_ops = {
	LK_SOURCE_PARTS(struct qr_source, cfg, fonts, lay, lay.w, lay.h),
	.config_load = config_load,
	.config_free = config_clear,
	.layout = layout_compute,
};

static void *qr_create(obs_data_t *settings, obs_source_t *source)
{
	struct qr_source *q = bzalloc(sizeof(*q));
	struct lk_text_tex *texts[] = {&q->caption, &q->short_link};

	lk_source_init(&q->base, source, &qr_ops, settings);
	lk_source_add_texts(&q->base, texts, 2);
	return q;
}

static void qr_destroy(void *data)
{
	struct qr_source *q = data;
	lk_source_free(&q->base);
	lk_qr_tex_free(&q->code);
	lk_snap_follow_free(&q->follow);
	bfree(q);
}

static void qr_get_defaults(obs_data_t *s)
{
	obs_data_set_default_string(s, S_MODE, MODE_PINNED);
	obs_data_set_default_string(s, S_LEVEL, "M");
	obs_data_set_default_int(s, S_SIZE, 256);
	obs_data_set_default_int(s, S_DARK, lk_color_to_obs(DEFAULT_DARK));
	obs_data_set_default_int(s, S_LIGHT, lk_color_to_obs(DEFAULT_LIGHT));
	obs_data_set_default_string(s, S_CAPTION, T_("Qr.DefaultCaption"));
	obs_data_set_default_bool(s, S_SHOW_LINK, true);
	obs_data_set_default_bool(s, S_UTM, true);
	lk_font_defaults(s, LK_SETTING_FONT, LK_DEFAULT_FACE, DEFAULT_FONT_SIZE);
}

/* The warning under the colours says why a pair is refused. */
static bool colors_modified(obs_properties_t *props, obs_property_t *p, obs_data_t *s)
{
	uint32_t dark = lk_color_from_obs(obs_data_get_int(s, S_DARK));
	uint32_t light = lk_color_from_obs(obs_data_get_int(s, S_LIGHT));
	const char *msg = NULL;
	switch (lk_qr_check_colors(dark, light)) {
	case LK_QR_COLORS_LOW_CONTRAST:
		msg = T_("Qr.Refused.LowContrast");
		break;
	case LK_QR_COLORS_INVERTED:
		msg = T_("Qr.Refused.Inverted");
		break;
	case LK_QR_COLORS_TRANSPARENT:
		msg = T_("Qr.Refused.Transparent");
		break;
	case LK_QR_COLORS_OK:
		break;
	}
	obs_property_t *warn = obs_properties_get(props, S_COLOR_WARNING);
	obs_property_set_description(warn, msg ? msg : "");
	obs_property_set_visible(warn, msg != NULL);
	return true;
}

static bool mode_modified(obs_properties_t *props, obs_property_t *p, obs_data_t *s)
{
	const char *mode = obs_data_get_string(s, S_MODE);
	obs_property_set_visible(obs_properties_get(props, S_PRODUCT), strcmp(mode, MODE_PRODUCT) == 0);
	obs_property_set_visible(obs_properties_get(props, S_URL), strcmp(mode, MODE_URL) == 0);
	return true;
}

static obs_properties_t *qr_get_properties(void *data)
{
	struct qr_source *q = data;
	obs_properties_t *props = obs_properties_create();
	obs_property_t *p =
		obs_properties_add_list(props, S_MODE, T_("Qr.Mode"), OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("Qr.Mode.Pinned"), MODE_PINNED);
	obs_property_list_add_string(p, T_("Qr.Mode.Product"), MODE_PRODUCT);
	obs_property_list_add_string(p, T_("Qr.Mode.Url"), MODE_URL);
	obs_property_set_modified_callback(p, mode_modified);
	p = obs_properties_add_list(props, S_PRODUCT, T_("Qr.Product"), OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	lk_props_list_products(p, T_("Qr.Product.None"), q ? lk_source_store(q->base.source) : NULL);
	obs_properties_add_text(props, S_URL, T_("Qr.Url"), OBS_TEXT_DEFAULT);

	obs_properties_add_text(props, S_CAPTION, T_("Qr.Caption"), OBS_TEXT_DEFAULT);
	obs_properties_add_bool(props, S_SHOW_LINK, T_("Qr.ShowLink"));
	obs_properties_add_int(props, S_SIZE, T_("Qr.Size"), 64, 2048, 8);
	p = obs_properties_add_list(props, S_LEVEL, T_("Qr.Level"), OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("Qr.Level.L"), "L");
	obs_property_list_add_string(p, T_("Qr.Level.M"), "M");
	obs_property_list_add_string(p, T_("Qr.Level.Q"), "Q");
	obs_property_list_add_string(p, T_("Qr.Level.H"), "H");
	p = obs_properties_add_color_alpha(props, S_DARK, T_("Qr.DarkColor"));
	obs_property_set_modified_callback(p, colors_modified);
	p = obs_properties_add_color_alpha(props, S_LIGHT, T_("Qr.LightColor"));
	obs_property_set_modified_callback(p, colors_modified);
	p = obs_properties_add_text(props, S_COLOR_WARNING, "", OBS_TEXT_INFO);
	obs_property_text_set_info_type(p, OBS_TEXT_INFO_WARNING);
	obs_property_set_visible(p, false);
	obs_properties_add_font(props, LK_SETTING_FONT, T_("Common.Font"));

	obs_properties_add_bool(props, S_UTM, T_("Qr.Utm"));
	obs_properties_add_text(props, S_CAMPAIGN, T_("Qr.Campaign"), OBS_TEXT_DEFAULT);
	p = obs_properties_add_text(props, S_DISCOUNT, T_("Qr.Discount"), OBS_TEXT_DEFAULT);
	obs_property_set_long_description(p, T_("Qr.Discount.Tip"));
	return props;
}

struct obs_source_info lk_qr_info = {
	.id = "linkon_qr",
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.get_name = qr_get_name,
	.create = qr_create,
	.destroy = qr_destroy,
	.update = lk_source_update,
	.get_defaults = qr_get_defaults,
	.get_properties = qr_get_properties,
	.video_tick = qr_video_tick,
	.video_render = qr_video_render,
	.get_width = lk_source_get_width,
	.get_height = lk_source_get_height,
	.icon_type = OBS_ICON_TYPE_IMAGE,
};
