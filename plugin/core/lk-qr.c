/*
 * Linkon — QR codes via libqrencode.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-qr.h"

#include <math.h>
#include <qrencode.h>
#include <string.h>
#include <util/bmem.h>
#include <util/c99defs.h>

bool lk_qr_encode(struct lk_qr *qr, const char *text, enum lk_qr_level level)
{
	memset(qr, 0, sizeof(*qr));
	if (!text || !*text || strlen(text) > LK_QR_MAX_TEXT)
		return false;
	static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
	QRecLevel l = levels[(unsigned)level <= LK_QR_H ? level : LK_QR_M];
	/* 8-bit mode, version chosen by the library (0), case kept. */
	QRcode *code = QRcode_encodeString8bit(text, 0, l);
	if (!code)
		return false;
	size_t n = (size_t)code->width * (size_t)code->width;
	qr->modules = bmalloc(n);
	for (size_t i = 0; i < n; i++)
		qr->modules[i] = code->data[i] & 1;
	qr->width = code->width;
	QRcode_free(code);
	return true;
}

void lk_qr_free(struct lk_qr *qr)
{
	bfree(qr->modules);
	memset(qr, 0, sizeof(*qr));
}

enum lk_qr_level lk_qr_level_parse(const char *s)
{
	if (s && s[0] && !s[1]) {
		switch (s[0]) {
		case 'L':
		case 'l':
			return LK_QR_L;
		case 'Q':
		case 'q':
			return LK_QR_Q;
		case 'H':
		case 'h':
			return LK_QR_H;
		}
	}
	return LK_QR_M;
}

static void put_px(uint8_t *p, uint32_t argb)
{
	uint32_t a = argb >> 24;
	/* premultiplied BGRA */
	p[0] = (uint8_t)(((argb & 0xff) * a + 127) / 255);
	p[1] = (uint8_t)((((argb >> 8) & 0xff) * a + 127) / 255);
	p[2] = (uint8_t)((((argb >> 16) & 0xff) * a + 127) / 255);
	p[3] = (uint8_t)a;
}

uint8_t *lk_qr_bitmap(const struct lk_qr *qr, uint32_t dark, uint32_t light, uint32_t *side)
{
	if (!qr || !qr->modules || qr->width <= 0)
		return NULL;
	uint32_t s = (uint32_t)qr->width + 2 * LK_QR_QUIET;
	uint8_t px_dark[4], px_light[4];
	put_px(px_dark, dark);
	put_px(px_light, light);
	uint8_t *bmp = bmalloc((size_t)s * s * 4);
	for (uint32_t y = 0; y < s; y++) {
		for (uint32_t x = 0; x < s; x++) {
			int mx = (int)x - LK_QR_QUIET, my = (int)y - LK_QR_QUIET;
			bool on = mx >= 0 && my >= 0 && mx < qr->width && my < qr->width &&
				  qr->modules[(size_t)my * (size_t)qr->width + (size_t)mx];
			memcpy(bmp + ((size_t)y * s + x) * 4, on ? px_dark : px_light, 4);
		}
	}
	*side = s;
	return bmp;
}

static double channel(uint32_t v)
{
	double c = (double)(v & 0xff) / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(uint32_t argb)
{
	return 0.2126 * channel(argb >> 16) + 0.7152 * channel(argb >> 8) + 0.0722 * channel(argb);
}

double lk_qr_contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);
	double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
	return (hi + 0.05) / (lo + 0.05);
}

enum lk_qr_color_check lk_qr_check_colors(uint32_t dark, uint32_t light)
{
	if ((dark >> 24) < 0xf0 || (light >> 24) < 0xf0)
		return LK_QR_COLORS_TRANSPARENT;
	if (luminance(dark) > luminance(light))
		return LK_QR_COLORS_INVERTED;
	if (lk_qr_contrast(dark, light) < LK_QR_MIN_CONTRAST)
		return LK_QR_COLORS_LOW_CONTRAST;
	return LK_QR_COLORS_OK;
}
