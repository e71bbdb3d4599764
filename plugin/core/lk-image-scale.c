/*
 * Linkon — area-average image shrinking (contract in lk-image-scale.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Separable: each destination column (then row) is the coverage-weighted
 * mean of the source pixels under its footprint [i*f, (i+1)*f), f = src/dst.
 * The weights of one axis are computed once (a list of spans), the
 * horizontal pass goes into a float buffer of dst_cx × src_cy, the vertical
 * pass rounds to 8 bits. The sum of each footprint's weights is exactly 1,
 * so a flat colour stays the same colour.
 */
#include "lk-image-scale.h"

#include <math.h>
#include <stdlib.h>
#include <util/bmem.h>

void lk_image_fit_size(uint32_t cx, uint32_t cy, uint32_t want_cx, uint32_t want_cy, uint32_t *out_cx, uint32_t *out_cy)
{
	*out_cx = cx;
	*out_cy = cy;
	if (!cx || !cy || (!want_cx && !want_cy))
		return;
	double s = fmax((double)want_cx / (double)cx, (double)want_cy / (double)cy);
	if (s >= 1.0)
		return;
	uint32_t w = (uint32_t)ceil((double)cx * s - 1e-6), h = (uint32_t)ceil((double)cy * s - 1e-6);
	*out_cx = w < 1 ? 1 : w > cx ? cx : w;
	*out_cy = h < 1 ? 1 : h > cy ? cy : h;
}

/* Footprint of one destination pixel: source pixels first..first+count-1,
 * weights in w[offset..offset+count). */
struct span {
	uint32_t first, count, offset;
};

/* Spans and weights of an axis of n source pixels shrunk to m. */
static bool make_spans(uint32_t n, uint32_t m, struct span **spans, float **weights)
{
	double f = (double)n / (double)m;
	uint32_t per = (uint32_t)ceil(f) + 2; /* at most this many pixels touch a footprint */
	*spans = bmalloc(sizeof(struct span) * m);
	*weights = bmalloc(sizeof(float) * (size_t)m * per);
	if (!*spans || !*weights)
		return false;

	uint32_t offset = 0;
	for (uint32_t i = 0; i < m; i++) {
		double a = (double)i * f, b = (double)(i + 1) * f;
		uint32_t first = (uint32_t)floor(a), last = (uint32_t)ceil(b);
		if (last > n)
			last = n;
		struct span *s = &(*spans)[i];
		s->first = first;
		s->count = 0;
		s->offset = offset;
		for (uint32_t k = first; k < last && s->count < per; k++) {
			double lo = fmax(a, (double)k), hi = fmin(b, (double)(k + 1));
			(*weights)[offset + s->count++] = (float)((hi - lo) / f);
		}
		offset += s->count;
	}
	return true;
}

bool lk_image_area_scale(const uint8_t *src, uint32_t src_cx, uint32_t src_cy, uint32_t src_stride, uint8_t *dst,
			 uint32_t dst_cx, uint32_t dst_cy)
{
	if (!src || !dst || !src_cx || !src_cy || !dst_cx || !dst_cy || dst_cx > src_cx || dst_cy > src_cy ||
	    src_stride < src_cx * 4)
		return false;

	struct span *hs = NULL, *vs = NULL;
	float *hw = NULL, *vw = NULL;
	float *mid = bmalloc(sizeof(float) * 4 * (size_t)dst_cx * src_cy);
	bool ok = mid && make_spans(src_cx, dst_cx, &hs, &hw) && make_spans(src_cy, dst_cy, &vs, &vw);

	for (uint32_t y = 0; ok && y < src_cy; y++) {
		const uint8_t *row = src + (size_t)y * src_stride;
		float *out = mid + (size_t)y * dst_cx * 4;
		for (uint32_t x = 0; x < dst_cx; x++) {
			const struct span *s = &hs[x];
			float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
			for (uint32_t k = 0; k < s->count; k++) {
				const uint8_t *p = row + (size_t)(s->first + k) * 4;
				float w = hw[s->offset + k];
				for (int c = 0; c < 4; c++)
					acc[c] += w * (float)p[c];
			}
			for (int c = 0; c < 4; c++)
				out[x * 4 + c] = acc[c];
		}
	}
	for (uint32_t y = 0; ok && y < dst_cy; y++) {
		const struct span *s = &vs[y];
		uint8_t *out = dst + (size_t)y * dst_cx * 4;
		for (uint32_t x = 0; x < dst_cx * 4; x++) {
			float acc = 0.0f;
			for (uint32_t k = 0; k < s->count; k++)
				acc += vw[s->offset + k] * mid[(size_t)(s->first + k) * dst_cx * 4 + x];
			long v = lroundf(acc);
			out[x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
		}
	}
	bfree(mid);
	bfree(hs);
	bfree(hw);
	bfree(vs);
	bfree(vw);
	return ok;
}
