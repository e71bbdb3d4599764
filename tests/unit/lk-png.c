/*
 * Linkon tests — PNG writer over libpng's simplified API.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-png.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>

static void unpremultiply(const uint8_t *bgra, uint32_t cx, uint32_t cy, uint32_t stride, uint8_t *rgba)
{
	for (uint32_t y = 0; y < cy; y++) {
		const uint8_t *s = bgra + (size_t)y * stride;
		uint8_t *d = rgba + (size_t)y * cx * 4;
		for (uint32_t x = 0; x < cx; x++, s += 4, d += 4) {
			uint32_t a = s[3];
			for (int c = 0; c < 3; c++) {
				uint32_t v = a ? (s[2 - c] * 255u + a / 2) / a : 0;
				d[c] = (uint8_t)(v > 255 ? 255 : v);
			}
			d[3] = (uint8_t)a;
		}
	}
}

bool lk_png_write(const char *path, const uint8_t *bgra, uint32_t cx, uint32_t cy, uint32_t stride)
{
	if (!path || !bgra || !cx || !cy || stride < cx * 4)
		return false;
	uint8_t *rgba = malloc((size_t)cx * cy * 4);
	if (!rgba)
		return false;
	unpremultiply(bgra, cx, cy, stride, rgba);

	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = cx;
	img.height = cy;
	img.format = PNG_FORMAT_RGBA;
	bool ok = png_image_write_to_file(&img, path, 0, rgba, (png_int_32)(cx * 4), NULL) != 0;
	png_image_free(&img);
	free(rgba);
	return ok;
}
