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
 * does it. The effect is loaded at module load and freed at module unload
 * (lk_text_gfx_init/free), so no frame ever compiles it. If it fails to
 * load, text is drawn with the default effect at full opacity (logged).
 *
 * Text is laid out and rasterised on the text worker (lk_text_port); tick
 * only takes finished bitmaps and uploads them: into the same texture
 * (gs_texture_set_image on a GS_DYNAMIC texture) when the size bucket did
 * not change, which is the common case for a countdown or a price, else
 * into a texture of that bucket from the pool below.
 *
 * The pool: llvmpipe spends milliseconds creating a texture (or a
 * texrender's target) of a size it has not seen, so a source whose font or
 * text changes would be late by that much. The worker pads bitmaps to
 * lk_tex_bucket sizes, textures (and the layers' texrenders) of a bucket
 * are given back to the pool instead of destroyed and handed out again,
 * the used top-left rectangle is drawn with matching UVs. Pooled items not
 * used for LK_TEX_POOL_KEEP_S seconds are destroyed, one a frame.
 */
#include "lk-text.h"
#include "lk-draw.h"

#include <obs-module.h>
#include <graphics/graphics.h>
#include <util/bmem.h>

#include <util/darray.h>
#include <util/platform.h>

#include <string.h>

static gs_effect_t *text_effect; /* graphics context */

/* ---- the pool (graphics context) ------------------------------------------- */

struct pooled {
	void *item; /* gs_texture_t * or gs_texrender_t * */
	bool texrender;
	uint32_t cx, cy;
	uint64_t since_ns; /* given back at */
};

static DARRAY(struct pooled) pool;
static bool pool_closed; /* module unloaded: items given back are destroyed */

static void pooled_destroy(struct pooled *p)
{
	if (p->texrender)
		gs_texrender_destroy(p->item);
	else
		gs_texture_destroy(p->item);
}

static void *pool_find(bool texrender, uint32_t cx, uint32_t cy)
{
	/* the most recently given back first: its memory is the warmest */
	for (size_t i = pool.num; i-- > 0;) {
		struct pooled *p = &pool.array[i];
		if (p->texrender == texrender && p->cx == cx && p->cy == cy) {
			void *item = p->item;
			da_erase(pool, i);
			return item;
		}
	}
	return NULL;
}

static void pool_put(void *item, bool texrender, uint32_t cx, uint32_t cy)
{
	if (!item)
		return;
	if (pool_closed) {
		struct pooled dead = {.item = item, .texrender = texrender};
		pooled_destroy(&dead);
		return;
	}
	struct pooled p = {.item = item, .texrender = texrender, .cx = cx, .cy = cy, .since_ns = os_gettime_ns()};
	da_push_back(pool, &p);
}

void *lk_tex_pool_take(uint32_t cx, uint32_t cy, const uint8_t *data)
{
	gs_texture_t *tex = pool_find(false, cx, cy);
	if (tex) {
		gs_texture_set_image(tex, data, cx * 4, false);
		return tex;
	}
	const uint8_t *planes[1] = {data};
	return gs_texture_create(cx, cy, GS_BGRA, 1, planes, GS_DYNAMIC);
}

void lk_tex_pool_give(void *texture)
{
	if (texture)
		pool_put(texture, false, gs_texture_get_width(texture), gs_texture_get_height(texture));
}

void *lk_texrender_pool_take(uint32_t cx, uint32_t cy)
{
	gs_texrender_t *tr = pool_find(true, cx, cy);
	return tr ? tr : gs_texrender_create(GS_RGBA, GS_ZS_NONE);
}

void lk_texrender_pool_give(void *texrender, uint32_t cx, uint32_t cy)
{
	pool_put(texrender, true, cx, cy);
}

bool lk_tex_pool_prune(bool all)
{
	uint64_t now = os_gettime_ns();
	bool pruned = false;
	for (size_t i = 0; i < pool.num; i++) {
		if (all || now - pool.array[i].since_ns > (uint64_t)LK_TEX_POOL_KEEP_S * 1000000000ull) {
			pooled_destroy(&pool.array[i]);
			da_erase(pool, i);
			pruned = true;
			if (!all)
				break; /* one a call: a frame never destroys many */
			i--;
		}
	}
	if (all)
		da_free(pool);
	return pruned;
}

/* ---- the text effect ---------------------------------------------------------- */

void lk_text_gfx_init(void)
{
	char *path = obs_module_file("effects/lk-text.effect");
	obs_enter_graphics();
	if (!text_effect && path)
		text_effect = gs_effect_create_from_file(path, NULL);
	obs_leave_graphics();
	if (!text_effect)
		blog(LOG_WARNING, "[linkon] effects/lk-text.effect did not load: text ignores opacity");
	bfree(path);
}

void lk_text_gfx_free(void)
{
	obs_enter_graphics();
	lk_tex_pool_prune(true);
	pool_closed = true;
	if (text_effect)
		gs_effect_destroy(text_effect);
	text_effect = NULL;
	obs_leave_graphics();
}

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

/* Graphics context held. One gs_texture_set_image (or a creation) of the
 * changed text. */
static void upload(struct lk_text_tex *t, const struct lk_text_bitmap *bmp)
{
	uint32_t cx = bmp->pad_cx ? bmp->pad_cx : bmp->cx, cy = bmp->pad_cy ? bmp->pad_cy : bmp->cy;
	if (t->texture &&
	    (!bmp->data || cx != gs_texture_get_width(t->texture) || cy != gs_texture_get_height(t->texture))) {
		lk_tex_pool_give(t->texture);
		t->texture = NULL;
	}
	if (!bmp->data)
		return;
	if (t->texture)
		gs_texture_set_image(t->texture, bmp->data, cx * 4, false);
	else
		t->texture = lk_tex_pool_take(cx, cy, bmp->data);
}

bool lk_text_tex_poll(struct lk_text_tex *t)
{
	struct lk_text_bitmap bmp = {0};

	if (!t || !t->port || !lk_text_port_take(t->port, &bmp))
		return false;
	obs_enter_graphics();
	upload(t, &bmp);
	lk_tex_pool_prune(false);
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
	if (!t || !t->texture || opacity <= 0.0f)
		return;
	if (opacity > 1.0f)
		opacity = 1.0f;

	gs_effect_t *effect = text_effect ? text_effect : obs_get_base_effect(OBS_EFFECT_DEFAULT);
	gs_effect_set_texture(gs_effect_get_param_by_name(effect, "image"), t->texture);
	gs_eparam_t *param = gs_effect_get_param_by_name(effect, "opacity");
	if (param)
		gs_effect_set_float(param, opacity);

	lk_draw_sprite_region(effect, "Draw", t->texture, x, y, t->cx, t->cy);
}

void lk_text_tex_free(struct lk_text_tex *t)
{
	if (!t)
		return;
	if (t->texture) {
		obs_enter_graphics();
		lk_tex_pool_give(t->texture);
		obs_leave_graphics();
	}
	lk_text_port_release(t->port);
	bfree(t->text);
	memset(t, 0, sizeof(*t));
}
