/*
 * Linkon — shrinking decoded images once, on the loader thread, to the size
 * they are drawn at (so the graphics thread draws them with one bilinear
 * tap and keeps no full-size texture).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure C, any thread, no libobs graphics.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The size an image of cx×cy is stored at to cover want_cx×want_cy (the
 * largest rectangle it is drawn into, cropped to fill): scaled evenly so
 * both sides are at least the wanted ones, never enlarged, at least 1×1.
 * want 0×0 (unknown) keeps the full size. */
void lk_image_fit_size(uint32_t cx, uint32_t cy, uint32_t want_cx, uint32_t want_cy, uint32_t *out_cx,
		       uint32_t *out_cy);

/* Area average (box filter over each destination pixel's exact footprint,
 * partial source pixels weighted by their coverage) of 4-channel 8-bit
 * pixels, channel order kept; premultiplied alpha stays correct. dst is
 * dst_cx×dst_cy, rows of dst_cx * 4 bytes; src rows are src_stride bytes.
 * Only shrinks (dst no larger than src on either side). Returns false
 * (dst untouched) on a bad size or out of memory. */
bool lk_image_area_scale(const uint8_t *src, uint32_t src_cx, uint32_t src_cy, uint32_t src_stride, uint8_t *dst,
			 uint32_t dst_cx, uint32_t dst_cy);

#ifdef __cplusplus
}
#endif
