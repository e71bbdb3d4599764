/*
 * Linkon — a text kept as a texture: the graphics part of lk-text.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Compiled into the module only (not into linkon-text, which unit tests
 * link without a graphics context).
 *
 * Textures hold premultiplied BGRA, drawn with blend ONE / INVSRCALPHA by
 * lk_draw_texture (lk-draw.c): every channel times the opacity, which OBS's
 * default effect cannot do (its multiplier only scales rgb). Texts and
 * composed layers share that one shader (and its point-fetch variant on the
 * pixel grid), so the software rasteriser compiles it once, not once per
 * effect file.
 *
 * Text is laid out and rasterised on the text worker (lk_text_port); tick
 * only takes finished bitmaps and uploads them: into the same texture
 * (gs_texture_set_image on a GS_DYNAMIC texture) when the size did not
 * change, which is the common case for a countdown or a price.
 */
#include "lk-draw.h"
#include "lk-text.h"

#include <obs-module.h>
#include <graphics/graphics.h>
#include <util/bmem.h>

#include <string.h>

static bool style_equal(const struct lk_text_style *a, const struct lk_text_style *b)
{
	return a->font == b->font && a->size_px == b->size_px && a->color == b->color && a->max_width == b->max_width &&
	       a->max_lines == b->max_lines && a->tabular_digits == b->tabular_digits && a->strike == b->strike &&
	       a->align == b->align;
}

bool lk_text_tex_set(struct lk_text_tex *t, const char *text, const struct lk_text_style *style)
{
	if (!t || !style)
		return false;
	if (!text)
		text = "";
	if (t->text && strcmp(t->text, text) == 0 && style_equal(&t->style, style))
		return false;
	if (!t->port)
		t->port = lk_text_port_create();
	lk_text_port_set(t->port, text, style);
	bfree(t->text);
	t->text = bstrdup(text);
	t->style = *style;
	return true;
}

/* Graphics context held. */
static void upload(struct lk_text_tex *t, const struct lk_text_bitmap *bmp)
{
	if (t->texture && (!bmp->data || bmp->cx != t->cx || bmp->cy != t->cy)) {
		gs_texture_destroy(t->texture);
		t->texture = NULL;
	}
	if (!bmp->data)
		return;
	if (t->texture) {
		gs_texture_set_image(t->texture, bmp->data, bmp->cx * 4, false);
		return;
	}
	const uint8_t *planes[1] = {bmp->data};
	t->texture = gs_texture_create(bmp->cx, bmp->cy, GS_BGRA, 1, planes, GS_DYNAMIC);
}

bool lk_text_tex_poll(struct lk_text_tex *t)
{
	struct lk_text_bitmap bmp = {0};

	if (!t || !t->port || !lk_text_port_take(t->port, &bmp))
		return false;
	obs_enter_graphics();
	upload(t, &bmp);
	obs_leave_graphics();
	bool changed = bmp.cx != t->cx || bmp.cy != t->cy || bmp.lines != t->lines || bmp.rtl != t->rtl;
	t->cx = t->texture ? bmp.cx : 0;
	t->cy = t->texture ? bmp.cy : 0;
	t->lines = bmp.lines;
	t->rtl = bmp.rtl;
	t->gen++; /* same texture, new pixels: a layer drawn from it is stale */
	lk_text_bitmap_free(&bmp);
	return changed;
}

bool lk_text_tex_poll_all(struct lk_text_tex *const *all, size_t n)
{
	bool changed = false;
	for (size_t i = 0; i < n; i++)
		changed = lk_text_tex_poll(all[i]) || changed;
	return changed;
}

void lk_text_tex_draw(const struct lk_text_tex *t, float x, float y, float opacity)
{
	if (t && t->texture)
		lk_draw_texture(t->texture, x, y, opacity);
}

void lk_text_tex_free(struct lk_text_tex *t)
{
	if (!t)
		return;
	if (t->texture) {
		obs_enter_graphics();
		gs_texture_destroy(t->texture);
		obs_leave_graphics();
	}
	lk_text_port_release(t->port);
	bfree(t->text);
	memset(t, 0, sizeof(*t));
}
