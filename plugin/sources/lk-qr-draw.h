/*
 * Linkon — a buy link's QR code as a texture, for any source that shows one
 * (linkon_qr, the product card's QR panel).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The texture holds one pixel per module, quiet zone included, and is drawn
 * with point sampling at a whole number of pixels per module, so its edges
 * stay sharp at any size. Graphics thread only (tick sets, render draws).
 */
#pragma once

#include "lk-qr.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_qr_tex {
	char *link;    /* what is encoded; NULL = nothing */
	void *texture; /* gs_texture_t * */
	uint32_t side; /* modules per side, quiet zone included; 0 = no code */
	enum lk_qr_level level;
	uint32_t dark, light;
};

/* Tick: encodes link (NULL = none) in dark on light (0xAARRGGBB) at level,
 * only if any of them changed; enters graphics itself to upload. Returns
 * true if what is shown changed. A link too long for a QR code shows none
 * (logged once per link). */
bool lk_qr_tex_set(struct lk_qr_tex *q, const char *link, enum lk_qr_level level, uint32_t dark, uint32_t light);
/* Render: the code centred in the box × box square at x, y, at the largest
 * whole number of pixels per module that fits (at least 1). */
void lk_qr_tex_draw(const struct lk_qr_tex *q, float x, float y, float box);
/* Frees the texture (enters graphics itself). */
void lk_qr_tex_free(struct lk_qr_tex *q);

#ifdef __cplusplus
}
#endif
