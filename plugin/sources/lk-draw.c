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
	gs_technique_t *solid, *image, *placeholder, *plain, *plain_point;
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
	d.plain_point = gs_effect_get_technique(d.effect, "PlainPoint");
	d.p_image = param("image");
	d.p_size = param("size");
	d.p_margin = param("margin");
	d.p_radius = param("radius");
	d.p_opacity = param("opacity");
	d.p_color = param("color");
	d.p_color2 = param("color2");
	d.p_uv_xform = param("uv_xform");
	return d.solid && d.image && d.placeholder && d.plain && d.plain_point && d.p_image && d.p_size && d.p_margin &&
	       d.p_radius && d.p_opacity && d.p_color && d.p_color2 && d.p_uv_xform;
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

	if (d.effect && !lookup_handles())
		lk_draw_free();
	return d.effect != NULL;
}

void lk_draw_free(void)
{
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
	float w = tex ? (float)gs_texture_get_width(tex) : 0.0f, h = tex ? (float)gs_texture_get_height(tex) : 0.0f;

	if (!tex || !visible(w, h, opacity))
		return;
	gs_effect_set_float(d.p_opacity, opacity < 1.0f ? opacity : 1.0f);
	gs_effect_set_texture(d.p_image, tex);
	draw_quad_margin(lk_draw_pixel_aligned(x, y) ? d.plain_point : d.plain, x, y, w, h, 0.0f);
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

/* Cover fit: the texture fills w×h, cropped evenly on the longer side. */
static void set_cover_uv(gs_texture_t *tex, float w, float h)
{
	float tw = (float)gs_texture_get_width(tex), th = (float)gs_texture_get_height(tex);
	float sx = 1.0f, sy = 1.0f;
	struct vec4 xform;

	if (tw > 0.0f && th > 0.0f) {
		float tex_aspect = tw / th, rect_aspect = w / h;
		if (tex_aspect > rect_aspect)
			sx = rect_aspect / tex_aspect;
		else
			sy = tex_aspect / rect_aspect;
	}
	vec4_set(&xform, sx, sy, (1.0f - sx) * 0.5f, (1.0f - sy) * 0.5f);
	gs_effect_set_vec4(d.p_uv_xform, &xform);
}

void lk_draw_image(void *texture, float x, float y, float w, float h, float radius, float opacity)
{
	gs_texture_t *tex = texture;

	if (!tex || !visible(w, h, opacity))
		return;
	set_rect(w, h, radius, opacity);
	set_cover_uv(tex, w, h);
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
