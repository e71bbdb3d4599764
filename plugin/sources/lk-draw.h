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

/* Filled rounded rectangle; color 0xAARRGGBB (not premultiplied). */
void lk_draw_rect(float x, float y, float w, float h, float radius, uint32_t color, float opacity);
/* Texture (gs_texture_t *) scaled to cover w×h (cropped, centered),
 * clipped to rounded corners. */
void lk_draw_image(void *texture, float x, float y, float w, float h, float radius, float opacity);
/* Texture drawn 1:1 with its top-left at (x, y), times opacity; no mask
 * (for composed layers: the cheapest quad). */
void lk_draw_texture(void *texture, float x, float y, float opacity);
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

#ifdef __cplusplus
}
#endif
