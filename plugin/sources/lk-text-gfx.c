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
 * only takes finished bitmaps and uploads them into the text's texture while
 * they fit (lk_tex_slot: it is kept larger than the text, and the used
 * top-left part is drawn), so a new price, title or font costs a copy, not
 * a new texture, on the graphics thread. In the module the worker does
 * even that (gpu_make, inside obs_enter_graphics): each text has two
 * textures, the one shown and a spare the worker fills (or replaces, when
 * the text outgrows it), and tick only swaps them.
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

/* The text worker (lk_text_set_gpu): bmp in a texture, spare (the text's
 * previous one) when it fits, else a new one. */
static void *gpu_make(const struct lk_text_bitmap *bmp, void *spare, uint32_t spare_cx, uint32_t spare_cy,
		      uint32_t *tex_cx, uint32_t *tex_cy)
{
	void *tex = NULL;
	if (!lk_gfx_enter())
		return NULL; /* (no graphics: nothing was ever made, spare is NULL) */
	if (bmp->data && bmp->cx && bmp->cy) {
		uint32_t cap_cx, cap_cy;
		lk_tex_capacity(spare ? spare_cx : 0, spare ? spare_cy : 0, bmp->cx, bmp->cy, &cap_cx, &cap_cy);
		if (spare && cap_cx == spare_cx && cap_cy == spare_cy &&
		    lk_tex_fill(spare, bmp->data, bmp->cx * 4, bmp->cx, bmp->cy, cap_cy)) {
			tex = spare;
			spare = NULL;
		} else {
			tex = lk_tex_make(GS_BGRA, bmp->data, bmp->cx * 4, bmp->cx, bmp->cy, cap_cx, cap_cy);
		}
		*tex_cx = cap_cx;
		*tex_cy = cap_cy;
	}
	gs_texture_destroy(spare);
	lk_gfx_leave();
	return tex;
}

static void gpu_drop(void *tex)
{
	if (lk_gfx_enter()) {
		gs_texture_destroy(tex);
		lk_gfx_leave();
	}
}

void lk_text_gfx_init(void)
{
	lk_text_set_gpu(gpu_make, gpu_drop);
}

bool lk_text_tex_poll(struct lk_text_tex *t)
{
	struct lk_text_bitmap bmp = {0};
	void *made = NULL;
	uint32_t made_cx = 0, made_cy = 0;

	if (!t || !t->port || !lk_text_port_take_tex(t->port, &bmp, &made, &made_cx, &made_cy))
		return false;
	obs_enter_graphics();
	bool shown;
	if (made && bmp.data) { /* the worker filled its texture: only swapped in here */
		void *old = t->slot.texture;
		uint32_t old_cx = t->slot.cap_cx, old_cy = t->slot.cap_cy;
		t->slot.texture = NULL;
		lk_tex_slot_adopt(&t->slot, made, GS_BGRA, made_cx, made_cy, bmp.cx, bmp.cy);
		if (old && !lk_text_port_give(t->port, old, old_cx, old_cy))
			gs_texture_destroy(old);
		shown = true;
	} else {
		if (made)
			gs_texture_destroy(made);
		shown = lk_tex_slot_upload(&t->slot, GS_BGRA, bmp.data, bmp.cx * 4, bmp.cx, bmp.cy) && t->slot.cx;
	}
	obs_leave_graphics();
	uint32_t cx = shown ? bmp.cx : 0, cy = shown ? bmp.cy : 0;
	bool changed = cx != t->cx || cy != t->cy || bmp.lines != t->lines || bmp.rtl != t->rtl;
	t->cx = cx;
	t->cy = cy;
	t->lines = bmp.lines;
	t->rtl = bmp.rtl;
	t->gen++; /* same texture, new pixels: a layer drawn from it is stale */
	lk_text_bitmap_free(&bmp);
	return changed;
}

bool lk_text_tex_pending_any(struct lk_text_tex *const *all, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (all[i] && lk_text_port_busy(all[i]->port))
			return true;
	}
	return false;
}

bool lk_text_tex_working_any(struct lk_text_tex *const *all, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (all[i] && lk_text_port_working(all[i]->port))
			return true;
	}
	return false;
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
	if (!t || !t->slot.texture || !t->cx || !t->cy)
		return;
	if (lk_text_probe_set() && lk_text_port_busy(t->port))
		lk_text_probe_note(LK_TEXT_PROBE_DRAW_PENDING);
	lk_draw_texture_region(t->slot.texture, x, y, t->cx, t->cy, opacity);
}

void lk_text_tex_free(struct lk_text_tex *t)
{
	if (!t)
		return;
	if (t->slot.texture) {
		obs_enter_graphics();
		lk_tex_slot_free(&t->slot);
		obs_leave_graphics();
	}
	lk_text_port_release(t->port);
	bfree(t->text);
	memset(t, 0, sizeof(*t));
}
