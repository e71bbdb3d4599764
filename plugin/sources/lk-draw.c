/*
 * Linkon — shared drawing helpers (contract in lk-draw.h). Graphics context
 * only: every function here must run inside video_render or between
 * obs_enter_graphics / obs_leave_graphics.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * All shapes go through data/effects/lk-shapes.effect, one unit sprite per
 * shape scaled to the rectangle plus a margin for the anti-aliased edge. The
 * shaders output premultiplied alpha, drawn with (ONE, INVSRCALPHA); blend
 * state, matrix and framebuffer-sRGB state are restored after each call.
 * Colours and textures stay in their sRGB encoding (no linear conversion,
 * like OBS's own sources when "linear alpha" is off), so blending matches
 * what designers expect from web overlays. Textures given to lk_draw_image
 * must hold premultiplied alpha (lk_image textures do).
 *
 * The effect is created in lk_draw_init and destroyed in lk_draw_free (both
 * from module load/unload, in graphics); if it failed to load, drawing does
 * nothing.
 */
#include "lk-draw.h"
#include "lk-text.h"

#include <obs-module.h>
#include <graphics/graphics.h>
#include <graphics/vec2.h>
#include <graphics/vec4.h>
#include <graphics/matrix4.h>
#include <util/bmem.h>

#include <math.h>
#include <string.h>

#define AA_MARGIN 1.0f
#define PLACEHOLDER_BOX 0xFFC9CDD3u
#define PLACEHOLDER_GLYPH 0xFFF4F5F7u

static struct {
	gs_effect_t *effect;
	gs_technique_t *solid, *image, *placeholder, *plain;
	gs_samplerstate_t *point; /* Plain's texture read as one point fetch (lk_draw_pixel_aligned) */
	gs_eparam_t *p_image, *p_size, *p_margin, *p_radius, *p_opacity;
	gs_eparam_t *p_color, *p_color2, *p_uv_xform;
	float origin_x, origin_y; /* lk_draw_origin */
} d;

static gs_eparam_t *param(const char *name)
{
	gs_eparam_t *p = gs_effect_get_param_by_name(d.effect, name);
	if (!p)
		blog(LOG_ERROR, "[linkon] lk-shapes.effect has no parameter '%s'", name);
	return p;
}

static bool lookup_handles(void)
{
	d.solid = gs_effect_get_technique(d.effect, "Solid");
	d.image = gs_effect_get_technique(d.effect, "Image");
	d.placeholder = gs_effect_get_technique(d.effect, "Placeholder");
	d.plain = gs_effect_get_technique(d.effect, "Plain");
	d.p_image = param("image");
	d.p_size = param("size");
	d.p_margin = param("margin");
	d.p_radius = param("radius");
	d.p_opacity = param("opacity");
	d.p_color = param("color");
	d.p_color2 = param("color2");
	d.p_uv_xform = param("uv_xform");
	return d.solid && d.image && d.placeholder && d.plain && d.p_image && d.p_size && d.p_margin && d.p_radius &&
	       d.p_opacity && d.p_color && d.p_color2 && d.p_uv_xform;
}

bool lk_draw_init(const char *path)
{
	char *errors = NULL;

	if (d.effect)
		return true;
	if (path)
		d.effect = gs_effect_create_from_file(path, &errors);
	if (!d.effect)
		blog(LOG_ERROR, "[linkon] could not load lk-shapes.effect: %s", errors ? errors : "file not found");
	bfree(errors);

	/* A point fetch on the pixel grid is a sampler for Plain, not a
	 * technique of its own: one GL program less (llvmpipe keeps ~1 MB per
	 * program; a sampler only makes a shader variant). */
	struct gs_sampler_info point = {.filter = GS_FILTER_POINT,
					.address_u = GS_ADDRESS_CLAMP,
					.address_v = GS_ADDRESS_CLAMP,
					.address_w = GS_ADDRESS_CLAMP};
	if (d.effect)
		d.point = gs_samplerstate_create(&point);
	if (d.effect && (!d.point || !lookup_handles()))
		lk_draw_free();
	return d.effect != NULL;
}

void lk_draw_free(void)
{
	gs_samplerstate_destroy(d.point);
	gs_effect_destroy(d.effect);
	memset(&d, 0, sizeof(d));
}

/* 0xAARRGGBB, straight alpha → float rgba */
static void set_color(gs_eparam_t *p, uint32_t argb)
{
	struct vec4 v;
	vec4_set(&v, (float)((argb >> 16) & 0xff) / 255.0f, (float)((argb >> 8) & 0xff) / 255.0f,
		 (float)(argb & 0xff) / 255.0f, (float)(argb >> 24) / 255.0f);
	gs_effect_set_vec4(p, &v);
}

static bool visible(float w, float h, float opacity)
{
	return d.effect && w > 0.0f && h > 0.0f && opacity > 0.0f;
}

/* Sets the parameters every technique shares. */
static void set_rect(float w, float h, float radius, float opacity)
{
	struct vec2 size;
	vec2_set(&size, w, h);
	gs_effect_set_vec2(d.p_size, &size);
	gs_effect_set_float(d.p_margin, AA_MARGIN);
	gs_effect_set_float(d.p_radius, radius > 0.0f ? radius : 0.0f);
	gs_effect_set_float(d.p_opacity, opacity < 1.0f ? opacity : 1.0f);
}

/* The unit sprite scaled to (w, h) plus margin px on every side. */
static void draw_quad_margin(gs_technique_t *tech, float x, float y, float w, float h, float margin)
{
	const bool previous_srgb = gs_framebuffer_srgb_enabled();
	gs_enable_framebuffer_srgb(false);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	gs_matrix_push();
	gs_matrix_translate3f(x - margin, y - margin, 0.0f);
	gs_matrix_scale3f(w + 2.0f * margin, h + 2.0f * margin, 1.0f);

	size_t passes = gs_technique_begin(tech);
	for (size_t i = 0; i < passes; i++) {
		if (gs_technique_begin_pass(tech, i)) {
			gs_draw_sprite(NULL, 0, 1, 1);
			gs_technique_end_pass(tech);
		}
	}
	gs_technique_end(tech);

	gs_matrix_pop();
	gs_blend_state_pop();
	gs_enable_framebuffer_srgb(previous_srgb);
}

static void draw_quad(gs_technique_t *tech, float x, float y, float w, float h)
{
	draw_quad_margin(tech, x, y, w, h, AA_MARGIN);
}

static bool whole(float v)
{
	return fabsf(v - roundf(v)) < 1.0f / 1024.0f;
}

void lk_draw_origin(float x0, float y0)
{
	d.origin_x = x0;
	d.origin_y = y0;
}

bool lk_draw_pixel_aligned(float x, float y)
{
	struct matrix4 m;
	struct gs_rect vp;
	gs_texture_t *target = gs_get_render_target();

	/* a render target drawn whole, as libobs and Linkon always set it up
	 * (ortho of the target's size): a swap chain (a projector window, the
	 * properties preview) may be scaled by its viewport, so not there */
	if (!target)
		return false;
	gs_get_viewport(&vp);
	if (vp.x != 0 || vp.y != 0 || (uint32_t)vp.cx != gs_texture_get_width(target) ||
	    (uint32_t)vp.cy != gs_texture_get_height(target))
		return false;
	gs_matrix_get(&m);
	return m.x.x == 1.0f && m.x.y == 0.0f && m.y.x == 0.0f && m.y.y == 1.0f && whole(m.t.x + x - d.origin_x) &&
	       whole(m.t.y + y - d.origin_y);
}

void lk_draw_texture(void *texture, float x, float y, float opacity)
{
	gs_texture_t *tex = texture;
	if (tex)
		lk_draw_texture_region(tex, x, y, gs_texture_get_width(tex), gs_texture_get_height(tex), opacity);
}

void lk_draw_texture_region(void *texture, float x, float y, uint32_t cx, uint32_t cy, float opacity)
{
	gs_texture_t *tex = texture;
	uint32_t tw = tex ? gs_texture_get_width(tex) : 0, th = tex ? gs_texture_get_height(tex) : 0;
	struct vec4 xform;

	if (!tex || !tw || !th || !visible((float)cx, (float)cy, opacity))
		return;
	vec4_set(&xform, (float)cx / (float)tw, (float)cy / (float)th, 0.0f, 0.0f);
	gs_effect_set_vec4(d.p_uv_xform, &xform);
	gs_effect_set_float(d.p_opacity, opacity < 1.0f ? opacity : 1.0f);
	gs_effect_set_texture(d.p_image, tex);
	if (lk_draw_pixel_aligned(x, y))
		gs_effect_set_next_sampler(d.p_image, d.point);
	draw_quad_margin(d.plain, x, y, (float)cx, (float)cy, 0.0f);
	gs_effect_set_texture(d.p_image, NULL);
}

void lk_draw_rect(float x, float y, float w, float h, float radius, uint32_t color, float opacity)
{
	if (!visible(w, h, opacity) || !(color >> 24))
		return;
	set_rect(w, h, radius, opacity);
	set_color(d.p_color, color);
	draw_quad(d.solid, x, y, w, h);
}

/* Cover fit: the picture (the top-left pw×ph of the texture) fills w×h,
 * cropped evenly on the longer side. */
static void set_cover_uv(gs_texture_t *tex, float pw, float ph, float w, float h)
{
	float tw = (float)gs_texture_get_width(tex), th = (float)gs_texture_get_height(tex);
	float sx = 1.0f, sy = 1.0f, ux = 1.0f, uy = 1.0f;
	struct vec4 xform;

	if (pw > 0.0f && ph > 0.0f) {
		float tex_aspect = pw / ph, rect_aspect = w / h;
		if (tex_aspect > rect_aspect)
			sx = rect_aspect / tex_aspect;
		else
			sy = tex_aspect / rect_aspect;
	}
	if (tw > 0.0f && th > 0.0f) { /* the picture's part of the texture */
		ux = pw / tw;
		uy = ph / th;
	}
	vec4_set(&xform, sx * ux, sy * uy, (1.0f - sx) * 0.5f * ux, (1.0f - sy) * 0.5f * uy);
	gs_effect_set_vec4(d.p_uv_xform, &xform);
}

void lk_draw_image(const struct lk_tex_view *view, float x, float y, float w, float h, float radius, float opacity)
{
	gs_texture_t *tex = view ? view->texture : NULL;

	if (!tex || !view->cx || !view->cy || !visible(w, h, opacity))
		return;
	set_rect(w, h, radius, opacity);
	set_cover_uv(tex, (float)view->cx, (float)view->cy, w, h);
	gs_effect_set_texture(d.p_image, tex);
	draw_quad(d.image, x, y, w, h);
	gs_effect_set_texture(d.p_image, NULL); /* do not keep a pointer to it */
}

void lk_draw_placeholder(float x, float y, float w, float h, float radius, float opacity)
{
	if (!visible(w, h, opacity))
		return;
	set_rect(w, h, radius, opacity);
	set_color(d.p_color, PLACEHOLDER_BOX);
	set_color(d.p_color2, PLACEHOLDER_GLYPH);
	draw_quad(d.placeholder, x, y, w, h);
}

/* ---- warming the shader variants ---------------------------------------------- */

#define WARM_SIDE 8

/* One of each draw the sources make, into the current target (WARM_SIDE
 * square, ortho set); textures: what an image, a text or a layer is. */
static int warm_draws(gs_texture_t *const *textures, size_t n)
{
	int draws = 0;
	lk_draw_rect(0.5f, 0.5f, 6.0f, 6.0f, 2.0f, 0xFF336699u, 1.0f);
	lk_draw_placeholder(0.5f, 0.5f, 6.0f, 6.0f, 2.0f, 0.5f);
	draws += 2;
	for (size_t i = 0; i < n; i++) {
		struct lk_tex_view view = {textures[i], gs_texture_get_width(textures[i]),
					   gs_texture_get_height(textures[i]), 1};
		lk_draw_image(&view, 0.5f, 0.5f, 6.0f, 6.0f, 2.0f, 0.8f);
		lk_draw_texture_region(textures[i], 0.0f, 0.0f, 4, 4, 1.0f); /* pixel aligned: point fetch */
		lk_draw_texture_region(textures[i], 0.5f, 0.5f, 4, 4, 0.5f); /* bilinear */
		draws += 3;
	}
	return draws;
}

/* llvmpipe compiles a shader variant per sampled texture's "is the width a
 * power of two" and "is the height": texts, images and layers come in
 * any size, so every one of the four mixes occurs (a missed one costs 20-30 ms of JIT in the live frame, 1-3 ms
 * from Mesa's disk cache). */
#define WARM_SIZES 4
static const uint32_t warm_sizes[WARM_SIZES][2] = {{WARM_SIDE, WARM_SIDE}, {7, 5}, {WARM_SIDE, 5}, {7, WARM_SIDE}};

int lk_draw_warm_up(void)
{
	static bool warmed;
	static const enum gs_color_format formats[] = {GS_RGBA, GS_BGRA};
	gs_texture_t *tex[2 * WARM_SIZES] = {0};
	gs_texture_t *layers[WARM_SIZES] = {0};
	gs_texrender_t *tr[2] = {0};
	gs_texrender_t *layer_tr[WARM_SIZES] = {0};
	size_t n_tex = 0, n_layers = 0;
	uint8_t px[WARM_SIDE * WARM_SIDE * 4];
	int draws = 0;

	if (warmed || !d.effect || !gs_get_context())
		return 0;
	warmed = true;
	memset(px, 0x80, sizeof(px));
	for (size_t f = 0; f < 2; f++) {
		for (size_t z = 0; z < WARM_SIZES; z++) {
			const uint8_t *data = px;
			gs_texture_t *t = gs_texture_create(warm_sizes[z][0], warm_sizes[z][1], formats[f], 1, &data,
							    (z & 1) ? GS_DYNAMIC : 0);
			if (t)
				tex[n_tex++] = t;
		}
	}
	gs_projection_push();
	gs_viewport_push();
	gs_matrix_push();
	gs_matrix_identity();
	/* composed layers (RGBA targets) of each mix, drawn into both formats below */
	for (size_t z = 0; z < WARM_SIZES; z++) {
		struct vec4 clear;
		layer_tr[z] = gs_texrender_create(GS_RGBA, GS_ZS_NONE);
		if (!layer_tr[z] || !gs_texrender_begin(layer_tr[z], warm_sizes[z][0], warm_sizes[z][1]))
			continue;
		vec4_zero(&clear);
		gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
		gs_texrender_end(layer_tr[z]);
		gs_texture_t *layer = gs_texrender_get_texture(layer_tr[z]);
		if (layer)
			layers[n_layers++] = layer;
	}
	for (size_t f = 0; f < 2; f++) {
		struct vec4 clear;
		tr[f] = gs_texrender_create(formats[f], GS_ZS_NONE);
		if (!tr[f] || !gs_texrender_begin(tr[f], WARM_SIDE, WARM_SIDE))
			continue;
		vec4_zero(&clear);
		gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
		gs_ortho(0.0f, (float)WARM_SIDE, 0.0f, (float)WARM_SIDE, -100.0f, 100.0f);
		draws += warm_draws(tex, n_tex);
		draws += warm_draws(layers, n_layers);
		gs_texrender_end(tr[f]);
	}
	gs_matrix_pop();
	gs_viewport_pop();
	gs_projection_pop();
	gs_flush(); /* the driver compiles when it draws */
	for (size_t f = 0; f < 2; f++)
		gs_texrender_destroy(tr[f]);
	for (size_t z = 0; z < WARM_SIZES; z++)
		gs_texrender_destroy(layer_tr[z]);
	for (size_t i = 0; i < n_tex; i++)
		gs_texture_destroy(tex[i]);
	return draws;
}

bool lk_gfx_enter(void)
{
	if (!obs_initialized())
		return false;
	obs_enter_graphics();
	if (gs_get_context())
		return true;
	obs_leave_graphics();
	return false;
}

void lk_gfx_leave(void)
{
	obs_leave_graphics();
}

/* ---- textures reused across sizes ------------------------------------------- */

static uint32_t with_headroom(uint32_t need)
{
	uint64_t c = ((uint64_t)need + need / 4 + 15) & ~(uint64_t)15;
	return c > 16384 ? (need > 16384 ? need : 16384) : (uint32_t)c;
}

void lk_tex_capacity(uint32_t have_cx, uint32_t have_cy, uint32_t need_cx, uint32_t need_cy, uint32_t *cap_cx,
		     uint32_t *cap_cy)
{
	if (!have_cx || !have_cy) { /* the first texture: as large as needed, no more (a
				     * larger one costs more to make, and most never grow) */
		*cap_cx = need_cx;
		*cap_cy = need_cy;
		return;
	}
	bool fits = need_cx <= have_cx && need_cy <= have_cy;
	bool oversized = (uint64_t)have_cx * have_cy > 32 * (uint64_t)(need_cx ? need_cx : 1) * (need_cy ? need_cy : 1);
	if (fits && !oversized) {
		*cap_cx = have_cx;
		*cap_cy = have_cy;
		return;
	}
	/* a new texture: never narrower than the one it replaces unless that
	 * one was oversized, so sizes going up and down settle on one */
	*cap_cx = with_headroom(need_cx);
	*cap_cy = with_headroom(need_cy);
	if (!oversized) {
		*cap_cx = *cap_cx > have_cx ? *cap_cx : have_cx;
		*cap_cy = *cap_cy > have_cy ? *cap_cy : have_cy;
	}
}

/* Copies cx×cy pixels into the top-left of the mapped texture (cap_cx ×
 * cap_cy, linesize out_linesize), repeats the last column and row once (a
 * bilinear tap at the picture's edge then reads what clamping at a
 * texture's edge would) and makes the rest transparent, so what a previous,
 * larger content left there never shows. */
static void copy_into(uint8_t *dst, uint32_t out_linesize, uint32_t cap_cy, const uint8_t *src, uint32_t linesize,
		      uint32_t cx, uint32_t cy)
{
	size_t row = (size_t)cx * 4;
	for (uint32_t y = 0; y < cy; y++) {
		uint8_t *d = dst + (size_t)y * out_linesize;
		memcpy(d, src + (size_t)y * linesize, row);
		if (out_linesize >= row + 4) { /* the last column once more, then nothing */
			memcpy(d + row, d + row - 4, 4);
			memset(d + row + 4, 0, out_linesize - row - 4);
		}
	}
	if (cap_cy > cy) { /* the last row once more, then nothing */
		memcpy(dst + (size_t)cy * out_linesize, dst + (size_t)(cy - 1) * out_linesize, out_linesize);
		memset(dst + (size_t)(cy + 1) * out_linesize, 0, (size_t)(cap_cy - cy - 1) * out_linesize);
	}
}

void *lk_tex_make(int format, const uint8_t *data, uint32_t linesize, uint32_t cx, uint32_t cy, uint32_t cap_cx,
		  uint32_t cap_cy)
{
	if (!data || !cx || !cy || cap_cx < cx || cap_cy < cy)
		return NULL;
	lk_text_probe_note(LK_TEXT_PROBE_TEX_MAKE);
	gs_texture_t *tex = gs_texture_create(cap_cx, cap_cy, (enum gs_color_format)format, 1, NULL, GS_DYNAMIC);
	if (!tex)
		return NULL;
	if (!lk_tex_fill(tex, data, linesize, cx, cy, cap_cy)) {
		gs_texture_destroy(tex);
		return NULL;
	}
	return tex;
}

bool lk_tex_fill(void *texture, const uint8_t *data, uint32_t linesize, uint32_t cx, uint32_t cy, uint32_t cap_cy)
{
	uint8_t *ptr = NULL;
	uint32_t out_linesize = 0;
	lk_text_probe_note(LK_TEXT_PROBE_TEX_FILL);
	if (!texture || !gs_texture_map(texture, &ptr, &out_linesize))
		return false;
	if (!ptr || out_linesize < cx * 4) {
		gs_texture_unmap(texture);
		return false;
	}
	copy_into(ptr, out_linesize, cap_cy, data, linesize, cx, cy);
	gs_texture_unmap(texture);
	return true;
}

void lk_tex_slot_adopt(struct lk_tex_slot *s, void *texture, int format, uint32_t cap_cx, uint32_t cap_cy, uint32_t cx,
		       uint32_t cy)
{
	if (s->texture != texture)
		gs_texture_destroy(s->texture);
	s->texture = texture;
	s->cap_cx = cap_cx;
	s->cap_cy = cap_cy;
	s->format = format;
	s->cx = cx;
	s->cy = cy;
}

bool lk_tex_slot_upload(struct lk_tex_slot *s, int format, const uint8_t *data, uint32_t linesize, uint32_t cx,
			uint32_t cy)
{
	if (!data || !cx || !cy) {
		s->cx = s->cy = 0;
		return true;
	}
	uint32_t cap_cx, cap_cy;
	if (s->texture && s->format == format)
		lk_tex_capacity(s->cap_cx, s->cap_cy, cx, cy, &cap_cx, &cap_cy);
	else
		lk_tex_capacity(0, 0, cx, cy, &cap_cx, &cap_cy);

	if (!s->texture || cap_cx != s->cap_cx || cap_cy != s->cap_cy || s->format != format) {
		void *tex = lk_tex_make(format, data, linesize, cx, cy, cap_cx, cap_cy);
		if (!tex)
			return false;
		lk_tex_slot_adopt(s, tex, format, cap_cx, cap_cy, cx, cy);
		return true;
	}
	if (!lk_tex_fill(s->texture, data, linesize, cx, cy, cap_cy))
		return false;
	s->cx = cx;
	s->cy = cy;
	return true;
}

void lk_tex_slot_free(struct lk_tex_slot *s)
{
	if (s->texture)
		gs_texture_destroy(s->texture);
	memset(s, 0, sizeof(*s));
}
