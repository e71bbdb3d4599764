/*
 * Linkon — a text kept as a texture: the graphics part of lk-text.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Compiled into the module only (not into linkon-text, which unit tests
 * link without a graphics context).
 *
 * Textures hold premultiplied BGRA, drawn with blend ONE / INVSRCALPHA.
 * Opacity needs every channel scaled, which OBS's default effect cannot do
 * (its multiplier only scales rgb), so a private data/effects/lk-text.effect
 * does it. The effect is loaded with the first text texture and destroyed
 * with the last, all inside the graphics context, so the module needs no
 * init/free call for it. If it fails to load, text is drawn with the default
 * effect at full opacity (logged once). text_effect, effect_users and
 * effect_logged are touched in the graphics context only.
 */
#include "lk-text.h"

#include <obs-module.h>
#include <graphics/graphics.h>
#include <util/bmem.h>

#include <string.h>

static gs_effect_t *text_effect;
static long effect_users;
static bool effect_logged;

static void effect_acquire(void)
{
	effect_users++;
	if (text_effect)
		return;
	char *path = obs_module_file("effects/lk-text.effect");
	text_effect = path ? gs_effect_create_from_file(path, NULL) : NULL;
	if (!text_effect && !effect_logged) {
		effect_logged = true;
		blog(LOG_WARNING, "[linkon] effects/lk-text.effect did not load: text ignores opacity");
	}
	bfree(path);
}

static void effect_release(void)
{
	if (effect_users > 0 && --effect_users == 0 && text_effect) {
		gs_effect_destroy(text_effect);
		text_effect = NULL;
	}
}

/* Graphics context held. */
static void tex_drop(struct lk_text_tex *t)
{
	if (!t->texture)
		return;
	gs_texture_destroy(t->texture);
	t->texture = NULL;
	effect_release();
}

static bool style_equal(const struct lk_text_style *a, const struct lk_text_style *b)
{
	return a->font == b->font && a->size_px == b->size_px && a->color == b->color && a->max_width == b->max_width &&
	       a->max_lines == b->max_lines && a->tabular_digits == b->tabular_digits && a->strike == b->strike &&
	       a->align == b->align;
}

bool lk_text_tex_set(struct lk_text_tex *t, const char *text, const struct lk_text_style *style)
{
	struct lk_text_bitmap bmp;

	if (!t || !style)
		return false;
	if (!text)
		text = "";
	if (t->text && strcmp(t->text, text) == 0 && style_equal(&t->style, style))
		return false;

	lk_text_render(text, style, &bmp);
	obs_enter_graphics();
	tex_drop(t);
	if (bmp.data) {
		const uint8_t *planes[1] = {bmp.data};
		t->texture = gs_texture_create(bmp.cx, bmp.cy, GS_BGRA, 1, planes, 0);
		if (t->texture)
			effect_acquire();
	}
	obs_leave_graphics();

	bfree(t->text);
	t->text = bstrdup(text);
	t->style = *style;
	t->cx = bmp.cx;
	t->cy = bmp.cy;
	t->lines = bmp.lines;
	lk_text_bitmap_free(&bmp);
	return true;
}

void lk_text_tex_draw(const struct lk_text_tex *t, float x, float y, float opacity)
{
	if (!t || !t->texture || opacity <= 0.0f)
		return;
	if (opacity > 1.0f)
		opacity = 1.0f;

	gs_effect_t *effect = text_effect ? text_effect : obs_get_base_effect(OBS_EFFECT_DEFAULT);
	gs_effect_set_texture(gs_effect_get_param_by_name(effect, "image"), t->texture);
	gs_eparam_t *param = gs_effect_get_param_by_name(effect, "opacity");
	if (param)
		gs_effect_set_float(param, opacity);

	const bool srgb = gs_framebuffer_srgb_enabled();
	gs_enable_framebuffer_srgb(false);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	gs_matrix_push();
	gs_matrix_translate3f(x, y, 0.0f);
	while (gs_effect_loop(effect, "Draw"))
		gs_draw_sprite(t->texture, 0, 0, 0);
	gs_matrix_pop();
	gs_blend_state_pop();
	gs_enable_framebuffer_srgb(srgb);
}

void lk_text_tex_free(struct lk_text_tex *t)
{
	if (!t)
		return;
	if (t->texture) {
		obs_enter_graphics();
		tex_drop(t);
		obs_leave_graphics();
	}
	bfree(t->text);
	memset(t, 0, sizeof(*t));
}
