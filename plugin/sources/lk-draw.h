/*
 * Linkon — shared drawing helpers for the sources (graphics thread only).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Uses data/effects/lk-shapes.effect: anti-aliased rounded rectangles,
 * images clipped to rounded corners (cover fit), all with an opacity.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Loads the effect from path (effects/lk-shapes.effect in the module's data
 * folder: lk_module_data_path; NULL = missing, logged); call inside
 * obs_enter_graphics at module load. */
bool lk_draw_init(const char *path);
void lk_draw_free(void);
/* Draws every technique, sampler and blend combination the sources draw
 * with (shapes, images of 4-byte formats at power-of-two and other sizes,
 * 1:1 layers with and without point fetch, into RGBA and BGRA targets) once
 * into a tiny throw-away render target, so a software renderer (Mesa
 * llvmpipe JIT-compiles a shader variant the first time it is drawn with:
 * 25-50 ms) does that at module load instead of in the frame that first
 * shows a source. Call inside obs_enter_graphics after lk_draw_init; once
 * per process (later calls, no graphics context or no effect: nothing).
 * Returns the number of draws made (0 = nothing done). */
int lk_draw_warm_up(void);

/* A picture held in the top-left cx×cy pixels of a texture that may be
 * larger (lk_tex_slot); gen changes whenever its pixels do. */
struct lk_tex_view {
	void *texture; /* gs_texture_t *; NULL = nothing */
	uint32_t cx, cy;
	uint64_t gen;
};

/* Filled rounded rectangle; color 0xAARRGGBB (not premultiplied). */
void lk_draw_rect(float x, float y, float w, float h, float radius, uint32_t color, float opacity);
/* The picture of view scaled to cover w×h (cropped, centered), clipped to
 * rounded corners. */
void lk_draw_image(const struct lk_tex_view *view, float x, float y, float w, float h, float radius, float opacity);
/* Texture drawn 1:1 with its top-left at (x, y), times opacity; no mask
 * (for composed layers: the cheapest quad). */
void lk_draw_texture(void *texture, float x, float y, float opacity);
/* Only the top-left cx×cy pixels of texture, drawn 1:1 at (x, y) like
 * lk_draw_texture (a texture kept larger than what it holds: lk_tex_slot,
 * composed layers). */
void lk_draw_texture_region(void *texture, float x, float y, uint32_t cx, uint32_t cy, float opacity);
/* Does a quad at (x, y) under the current matrix lie exactly on the pixels
 * of the render target (scale 1, no rotation, whole-pixel position)? Then a
 * texture drawn 1:1 is read with one point fetch instead of a bilinear tap
 * (the same pixels, a quarter of the reads on a software rasteriser). */
bool lk_draw_pixel_aligned(float x, float y);
/* The render target's top-left in drawing units (the left and top of the
 * ortho set for it), for lk_draw_pixel_aligned; lk_layer_update sets it
 * while it composes and puts back 0, 0 (libobs' own targets start there). */
void lk_draw_origin(float x0, float y0);
/* Placeholder for a missing/loading image: soft box with a simple picture
 * glyph drawn from rects. */
void lk_draw_placeholder(float x, float y, float w, float h, float radius, float opacity);

/* Enters the graphics context from a worker thread (to make or fill a
 * texture off the frame); false (nothing entered) without libobs or its
 * graphics (headless tools, unit tests). lk_gfx_leave after true. */
bool lk_gfx_enter(void);
void lk_gfx_leave(void);

/* ---- textures reused across sizes ---------------------------------------
 * On a software renderer (llvmpipe) creating a texture costs what touching
 * its fresh memory costs: 1-6 ms of the graphics thread for a card-sized one,
 * while filling an existing one costs a copy. So a text, an image or a
 * composed layer whose size changes keeps its texture while the new size
 * fits (it only grows, with headroom), and what is drawn is the used
 * top-left part. */

/* The capacity to keep for need pixels when have are kept (0×0: none yet,
 * then exactly need): have when need fits and have is not over 32x the need
 * in area (else a new texture is made), else need plus a quarter, rounded
 * up to 16, never less than have. Pure. */
void lk_tex_capacity(uint32_t have_cx, uint32_t have_cy, uint32_t need_cx, uint32_t need_cy, uint32_t *cap_cx,
		     uint32_t *cap_cy);

/* A GS_DYNAMIC texture holding cx×cy pixels in its top-left corner (the rest
 * is transparent). Graphics thread only. */
struct lk_tex_slot {
	void *texture; /* gs_texture_t *, cap_cx × cap_cy; NULL until the first upload */
	uint32_t cap_cx, cap_cy;
	uint32_t cx, cy; /* what it holds; 0 = nothing */
	int format;      /* enum gs_color_format of texture */
};
/* Puts cx×cy pixels (rows linesize bytes apart, format an enum
 * gs_color_format of 4 bytes per pixel) into the slot: into its texture when
 * they fit, else into a new one. data NULL or a 0 size: holds nothing (the
 * texture is kept). False (slot unchanged) if no texture could be made. */
bool lk_tex_slot_upload(struct lk_tex_slot *s, int format, const uint8_t *data, uint32_t linesize, uint32_t cx,
			uint32_t cy);
void lk_tex_slot_free(struct lk_tex_slot *s);
/* A new GS_DYNAMIC texture of cap_cx × cap_cy holding cx×cy pixels in its
 * top-left corner (the rest transparent), as lk_tex_slot_upload fills one;
 * NULL if it could not be made. Graphics context needed: any thread inside
 * obs_enter_graphics (the text worker makes them there, so a frame does
 * not pay for a new texture). */
void *lk_tex_make(int format, const uint8_t *data, uint32_t linesize, uint32_t cx, uint32_t cy, uint32_t cap_cx,
		  uint32_t cap_cy);
/* Fills texture (a GS_DYNAMIC one with cap_cy rows) as lk_tex_make does:
 * cx×cy pixels top-left, the rest transparent. Graphics context. */
bool lk_tex_fill(void *texture, const uint8_t *data, uint32_t linesize, uint32_t cx, uint32_t cy, uint32_t cap_cy);
/* The slot takes texture (made by lk_tex_make: cap_cx × cap_cy, holding
 * cx×cy) in place of its own, which is destroyed. Graphics context. */
void lk_tex_slot_adopt(struct lk_tex_slot *s, void *texture, int format, uint32_t cap_cx, uint32_t cap_cy, uint32_t cx,
		       uint32_t cy);

#ifdef __cplusplus
}
#endif
