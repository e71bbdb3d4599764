/*
 * Linkon tests — QR codes read back with zbar.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-zbar.h"

#include <stdlib.h>
#include <string.h>
#include <zbar.h>

char *lk_zbar_decode_bgra(const uint8_t *bgra, uint32_t w, uint32_t h, uint32_t stride, uint32_t scale, int *count)
{
	if (!scale)
		scale = 1;
	uint32_t sw = w * scale, sh = h * scale;
	uint8_t *gray = malloc((size_t)sw * sh);
	for (uint32_t y = 0; y < sh; y++) {
		for (uint32_t x = 0; x < sw; x++) {
			const uint8_t *p = bgra + (size_t)(y / scale) * stride + (size_t)(x / scale) * 4;
			/* premultiplied over white: c + (255 - a) */
			int inv = 255 - p[3];
			int b = p[0] + inv, g = p[1] + inv, r = p[2] + inv;
			gray[(size_t)y * sw + x] = (uint8_t)((b * 29 + g * 150 + r * 77) >> 8);
		}
	}
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	zbar_image_t *img = zbar_image_create();
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, sw, sh);
	zbar_image_set_data(img, gray, (unsigned long)sw * sh, NULL);
	int n = zbar_scan_image(sc, img);
	if (count)
		*count = n;
	char *out = NULL;
	if (n == 1) {
		const zbar_symbol_t *sym = zbar_image_first_symbol(img);
		unsigned len = zbar_symbol_get_data_length(sym);
		out = malloc(len + 1);
		memcpy(out, zbar_symbol_get_data(sym), len);
		out[len] = '\0';
	}
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(sc);
	free(gray);
	return out;
}
