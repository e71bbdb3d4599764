/*
 * Linkon — "linkon_flash_timer": settings, layout and properties (its end
 * actions are requests to the controller: lk_controller_request_sale_end).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-flash-timer.h"
#include "lk-store.h"

#include <string.h>

#define SETTING_MODE "mode"
#define SETTING_PRODUCT "product_id"
#define SETTING_WARN_COLOR "warn_color"
#define SETTING_WARN_SECONDS "warn_seconds"
#define SETTING_END_SECONDS "end_text_seconds"
#define SETTING_LOW_STOCK "low_stock"
#define SETTING_SHOW_BADGE "show_badge"
#define SETTING_SHOW_PRICES "show_prices"
#define SETTING_SHOW_STOCK "show_stock"
#define SETTING_SHOW_BAR "show_bar"
#define SETTING_BIG_DIGITS "big_countdown"
#define SETTING_END_ENDED "end_text_ended"
#define SETTING_END_SOLD_OUT "end_text_sold_out"
#define SETTING_END_STOPPED "end_text_stopped"
#define SETTING_END_HIDE "end_hide"
#define SETTING_END_UNPIN "end_unpin"
#define SETTING_END_SCENE "end_scene"

#define MODE_CURRENT "current"
#define MODE_PRODUCT "product"
/* width (px) the design needs per px of font size: price left, "1:00:00" right */
#define WIDTH_PER_SIZE 16

#define T_(key) obs_module_text(key)

/* width, background, text, price, accent (0xAARRGGBB), corner radius */
static const struct lk_look default_look = {560, 0xEB141821, 0xFFFFFFFF, 0xFFFFD23F, 0xFFFF2E63, 18};
#define DEFAULT_WARN 0xFFFF3B30u

/* The element checkboxes: setting key and label key, all on by default. */
static const char *const toggles[][2] = {
	{SETTING_SHOW_BADGE, "FlashTimer.ShowBadge"},    {SETTING_SHOW_PRICES, "FlashTimer.ShowPrices"},
	{SETTING_SHOW_STOCK, "FlashTimer.ShowStock"},    {SETTING_SHOW_BAR, "FlashTimer.ShowBar"},
	{SETTING_BIG_DIGITS, "FlashTimer.BigCountdown"},
};
#define NUM_TOGGLES (sizeof(toggles) / sizeof(toggles[0]))

/* End texts: setting key, label key, on-stream default key (by lk_timer_end). */
static const char *const end_texts[LK_TIMER_NUM_ENDS][3] = {
	{SETTING_END_ENDED, "FlashTimer.EndText.Ended", "FlashTimer.Ended"},
	{SETTING_END_SOLD_OUT, "FlashTimer.EndText.SoldOut", "FlashTimer.SoldOut"},
	{SETTING_END_STOPPED, "FlashTimer.EndText.Stopped", "FlashTimer.Stopped"},
};

/* ---- settings (text worker, or the UI thread in create) ---------------- */

static int clamp_int(long long v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : (int)v;
}

void lk_timer_config_load(void *config, obs_data_t *s)
{
	struct lk_timer_config *cfg = config;
	cfg->by_product = strcmp(obs_data_get_string(s, SETTING_MODE), MODE_PRODUCT) == 0;
	cfg->product_id = bstrdup(obs_data_get_string(s, SETTING_PRODUCT));
	lk_look_load(&cfg->look, s);
	cfg->warn = lk_color_from_obs(obs_data_get_int(s, SETTING_WARN_COLOR));
	cfg->warn_secs = clamp_int(obs_data_get_int(s, SETTING_WARN_SECONDS), 0, 3600);
	cfg->end_secs = clamp_int(obs_data_get_int(s, SETTING_END_SECONDS), 0, 3600);
	cfg->low_stock = clamp_int(obs_data_get_int(s, SETTING_LOW_STOCK), 0, 1000000);
	cfg->show_badge = obs_data_get_bool(s, SETTING_SHOW_BADGE);
	cfg->show_prices = obs_data_get_bool(s, SETTING_SHOW_PRICES);
	cfg->show_stock = obs_data_get_bool(s, SETTING_SHOW_STOCK);
	cfg->show_bar = obs_data_get_bool(s, SETTING_SHOW_BAR);
	cfg->big_digits = obs_data_get_bool(s, SETTING_BIG_DIGITS);
	for (int i = 0; i < LK_TIMER_NUM_ENDS; i++) {
		const char *text = obs_data_get_string(s, end_texts[i][0]);
		cfg->end_text[i] = bstrdup(text && *text ? text : T_(end_texts[i][2]));
	}
	cfg->end_hide = obs_data_get_bool(s, SETTING_END_HIDE);
	cfg->end_unpin = obs_data_get_bool(s, SETTING_END_UNPIN);
	cfg->end_scene = bstrdup(obs_data_get_string(s, SETTING_END_SCENE));
}

void lk_timer_config_free(void *config)
{
	struct lk_timer_config *cfg = config;
	bfree(cfg->product_id);
	for (int i = 0; i < LK_TIMER_NUM_ENDS; i++)
		bfree(cfg->end_text[i]);
	bfree(cfg->end_scene);
	memset(cfg, 0, sizeof(*cfg));
}

void lk_timer_get_defaults(obs_data_t *s)
{
	obs_data_set_default_string(s, SETTING_MODE, MODE_CURRENT);
	obs_data_set_default_string(s, SETTING_PRODUCT, "");
	lk_look_defaults(s, &default_look, LK_DEFAULT_FONT_SIZE);
	obs_data_set_default_int(s, SETTING_WARN_COLOR, lk_color_to_obs(DEFAULT_WARN));
	obs_data_set_default_int(s, SETTING_WARN_SECONDS, 10);
	obs_data_set_default_int(s, SETTING_END_SECONDS, 5);
	obs_data_set_default_int(s, SETTING_LOW_STOCK, 20);
	for (size_t i = 0; i < NUM_TOGGLES; i++)
		obs_data_set_default_bool(s, toggles[i][0], true);
	for (int i = 0; i < LK_TIMER_NUM_ENDS; i++)
		obs_data_set_default_string(s, end_texts[i][0], "");
	obs_data_set_default_bool(s, SETTING_END_HIDE, false);
	obs_data_set_default_bool(s, SETTING_END_UNPIN, false);
	obs_data_set_default_string(s, SETTING_END_SCENE, "");
}

/* ---- layout (text worker, or the UI thread in create) -------------------- */

static int left_column(struct lk_timer_layout *l, const struct lk_timer_config *cfg, const struct lk_font_pair *f)
{
	int y = 0;
	l->badge_h = lk_text_lines_height(f->bold, l->size_badge, 1) + lk_px(l->size_badge, 0.3f);
	l->badge_y = 0;
	if (cfg->show_badge)
		y += l->badge_h + l->gap;
	l->price_y = y;
	l->price_h = lk_text_lines_height(f->bold, l->size_price, 1);
	if (cfg->show_prices)
		y += l->price_h;
	l->stock_y = y;
	if (cfg->show_stock)
		y += lk_text_lines_height(f->bold, l->size_small, 1);
	return y > 0 ? y : l->price_h;
}

void lk_timer_layout_compute(void *lay, const void *config, const struct lk_font_pair *f)
{
	struct lk_timer_layout *l = lay;
	const struct lk_timer_config *cfg = config;
	/* the font size is a maximum: a narrow timer draws smaller rather than
	 * letting the price and the countdown run into each other */
	int s = f->size < cfg->look.width / WIDTH_PER_SIZE ? f->size : cfg->look.width / WIDTH_PER_SIZE;
	memset(l, 0, sizeof(*l));
	l->w = cfg->look.width;
	l->pad = lk_px(s, 0.55f) < 8 ? 8 : lk_px(s, 0.55f);
	l->gap = lk_px(s, 0.3f);
	l->radius = cfg->look.radius;
	l->size_badge = lk_px(s, 0.5f);
	l->size_price = lk_px(s, 1.25f);
	l->size_orig = lk_px(s, 0.72f);
	l->size_small = lk_px(s, 0.58f);
	l->size_label = lk_px(s, 0.58f);
	l->size_digits = lk_px(s, 1.9f);
	l->size_big = lk_px(s, 2.3f);
	l->size_end = lk_px(s, 0.95f);

	int left_h = left_column(l, cfg, f);
	l->label_h = lk_text_lines_height(f->regular, l->size_label, 1);
	/* the digits' line box has room for accents above: tuck it under the label */
	l->digits_y = l->label_h - lk_px(l->size_digits, 0.12f);
	l->right_h = l->digits_y + lk_text_lines_height(f->bold, l->size_digits, 1) - lk_px(l->size_digits, 0.1f);
	int content_h = left_h > l->right_h ? left_h : l->right_h;
	l->left_y = l->pad + (content_h - left_h) / 2;
	l->right_y = l->pad + (content_h - l->right_h) / 2;
	l->right_w = lk_text_width(f->bold, l->size_digits, "00:00");

	l->bar_h = cfg->show_bar ? lk_px(s, 0.22f) : 0;
	l->bar_y = l->pad + content_h + l->gap;
	l->h = cfg->show_bar ? l->bar_y + l->bar_h + l->pad : l->pad + content_h + l->pad;
}

/* ---- properties (UI thread) ---------------------------------------------- */

static bool mode_modified(obs_properties_t *props, obs_property_t *prop, obs_data_t *settings)
{
	bool by_product = strcmp(obs_data_get_string(settings, SETTING_MODE), MODE_PRODUCT) == 0;
	obs_property_set_visible(obs_properties_get(props, SETTING_PRODUCT), by_product);
	return true;
}

static bool add_scene(void *data, obs_source_t *scene)
{
	const char *name = obs_source_get_name(scene);
	if (name && *name)
		obs_property_list_add_string(data, name, name);
	return true;
}

static void add_content(obs_properties_t *props, struct lk_store *store)
{
	obs_property_t *p = obs_properties_add_list(props, SETTING_MODE, T_("FlashTimer.Mode"), OBS_COMBO_TYPE_LIST,
						    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("FlashTimer.Mode.Current"), MODE_CURRENT);
	obs_property_list_add_string(p, T_("FlashTimer.Mode.Product"), MODE_PRODUCT);
	obs_property_set_modified_callback(p, mode_modified);
	p = obs_properties_add_list(props, SETTING_PRODUCT, T_("FlashTimer.Product"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	lk_props_list_products(p, T_("FlashTimer.Product.None"), store);
	for (size_t i = 0; i < NUM_TOGGLES; i++)
		obs_properties_add_bool(props, toggles[i][0], T_(toggles[i][1]));
	obs_properties_add_int(props, SETTING_LOW_STOCK, T_("FlashTimer.LowStock"), 0, 1000000, 1);
}

static void add_end(obs_properties_t *props)
{
	obs_properties_t *end = obs_properties_create();
	obs_property_t *p = obs_properties_add_int(end, SETTING_END_SECONDS, T_("FlashTimer.EndSeconds"), 0, 3600, 1);
	obs_property_int_set_suffix(p, " s");
	for (int i = 0; i < LK_TIMER_NUM_ENDS; i++) {
		p = obs_properties_add_text(end, end_texts[i][0], T_(end_texts[i][1]), OBS_TEXT_DEFAULT);
		obs_property_set_long_description(p, T_("FlashTimer.EndText.Hint"));
	}
	obs_properties_add_bool(end, SETTING_END_HIDE, T_("FlashTimer.EndHide"));
	obs_properties_add_bool(end, SETTING_END_UNPIN, T_("FlashTimer.EndUnpin"));
	p = obs_properties_add_list(end, SETTING_END_SCENE, T_("FlashTimer.EndScene"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("FlashTimer.EndScene.None"), "");
	obs_enum_scenes(add_scene, p);
	obs_properties_add_group(props, "end_group", T_("FlashTimer.EndGroup"), OBS_GROUP_NORMAL, end);
}

obs_properties_t *lk_timer_get_properties(struct lk_store *store)
{
	obs_properties_t *props = obs_properties_create();

	add_content(props, store);
	lk_look_properties(props, T_("FlashTimer.AccentColor"));
	obs_properties_add_color_alpha(props, SETTING_WARN_COLOR, T_("FlashTimer.WarnColor"));
	obs_property_t *p =
		obs_properties_add_int(props, SETTING_WARN_SECONDS, T_("FlashTimer.WarnSeconds"), 0, 3600, 1);
	obs_property_int_set_suffix(p, " s");
	add_end(props);
	return props;
}
