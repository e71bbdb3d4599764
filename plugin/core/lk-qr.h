/*
 * Linkon — QR codes (libqrencode) and the colour check that keeps them
 * scannable on stream.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure CPU work, any thread.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum lk_qr_level { LK_QR_L = 0, LK_QR_M, LK_QR_Q, LK_QR_H };

#define LK_QR_QUIET 4          /* modules of light border on each side (ISO/IEC 18004) */
#define LK_QR_MAX_TEXT 2048    /* bytes; longer URLs are refused */
#define LK_QR_MIN_CONTRAST 4.5 /* WCAG contrast ratio dark vs light */

/* A symbol: width × width modules, 1 = dark. */
struct lk_qr {
	int width;
	uint8_t *modules; /* bmalloc'd, row-major */
};

/* Encodes text (8-bit mode, as UTF-8 bytes) at level. False (and qr zeroed)
 * if text is empty, too long, or does not fit any version. */
bool lk_qr_encode(struct lk_qr *qr, const char *text, enum lk_qr_level level);
void lk_qr_free(struct lk_qr *qr);

/* Level from "L"/"M"/"Q"/"H" (case-insensitive); anything else is M. */
enum lk_qr_level lk_qr_level_parse(const char *s);

/* Premultiplied BGRA image of the symbol with its quiet zone, one pixel per
 * module: (width + 2*LK_QR_QUIET)² pixels. dark/light are 0xAARRGGBB.
 * Returns a bmalloc'd buffer and its side in *side, NULL if qr is empty. */
uint8_t *lk_qr_bitmap(const struct lk_qr *qr, uint32_t dark, uint32_t light, uint32_t *side);

/* WCAG 2 contrast ratio of two colours (0xAARRGGBB, alpha ignored): 1..21. */
double lk_qr_contrast(uint32_t a, uint32_t b);

enum lk_qr_color_check {
	LK_QR_COLORS_OK = 0,
	LK_QR_COLORS_LOW_CONTRAST, /* ratio under LK_QR_MIN_CONTRAST */
	LK_QR_COLORS_INVERTED,     /* modules lighter than the background: many phones do not read it */
	LK_QR_COLORS_TRANSPARENT,  /* background (quiet zone) or modules not opaque */
};

/* Whether a QR in dark modules on a light background reads reliably. */
enum lk_qr_color_check lk_qr_check_colors(uint32_t dark, uint32_t light);

#ifdef __cplusplus
}
#endif
