/*
 * Linkon — QR code textures (contract in lk-qr-draw.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-qr-draw.h"
#include "lk-source-common.h"

#include <obs-module.h>
#include <string.h>

bool lk_qr_tex_set(struct lk_qr_tex *q, const char *link, enum lk_qr_level level, uint32_t dark, uint32_t light)
{
	if (lk_str_same(link, q->link) && level == q->level && dark == q->dark && light == q->light)
		return false;
	bfree(q->link);
	q->link = link ? bstrdup(link) : NULL;
	q->level = level;
	q->dark = dark;
	q->light = light;

	struct lk_qr qr;
	uint8_t *bmp = NULL;
	uint32_t side = 0;
	if (link && lk_qr_encode(&qr, link, level)) {
		bmp = lk_qr_bitmap(&qr, dark, light, &side);
		lk_qr_free(&qr);
	} else if (link) {
		blog(LOG_WARNING, "[linkon] QR: the link is too long for a QR code (%zu bytes)", strlen(link));
	}
	obs_enter_graphics();
	gs_texture_destroy(q->texture);
	q->texture = bmp ? gs_texture_create(side, side, GS_BGRA, 1, (const uint8_t **)&bmp, 0) : NULL;
	obs_leave_graphics();
	q->side = q->texture ? side : 0;
	bfree(bmp);
	return true;
}

void lk_qr_tex_draw(const struct lk_qr_tex *q, float x, float y, float box)
{
	if (!q->texture || !q->side || box < 1.0f)
		return;
	uint32_t px = (uint32_t)box / q->side;
	if (!px)
		px = 1;
	float edge = (float)(px * q->side);
	float off = (box - edge) * 0.5f;

	gs_effect_t *eff = obs_get_base_effect(OBS_EFFECT_DEFAULT);
	gs_eparam_t *image = gs_effect_get_param_by_name(eff, "image");
	struct gs_sampler_info si = {.filter = GS_FILTER_POINT,
				     .address_u = GS_ADDRESS_CLAMP,
				     .address_v = GS_ADDRESS_CLAMP,
				     .address_w = GS_ADDRESS_CLAMP};
	gs_samplerstate_t *ss = gs_samplerstate_create(&si);
	const bool previous_srgb = gs_framebuffer_srgb_enabled();
	gs_enable_framebuffer_srgb(false);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	gs_effect_set_texture(image, q->texture);
	gs_effect_set_next_sampler(image, ss);
	gs_matrix_push();
	gs_matrix_translate3f(x + off, y + off, 0.0f);
	while (gs_effect_loop(eff, "Draw"))
		gs_draw_sprite(q->texture, 0, (uint32_t)edge, (uint32_t)edge);
	gs_matrix_pop();
	gs_blend_state_pop();
	gs_enable_framebuffer_srgb(previous_srgb);
	gs_effect_set_texture(image, NULL);
	gs_samplerstate_destroy(ss);
}

void lk_qr_tex_free(struct lk_qr_tex *q)
{
	if (q->texture) {
		obs_enter_graphics();
		gs_texture_destroy(q->texture);
		obs_leave_graphics();
	}
	bfree(q->link);
	memset(q, 0, sizeof(*q));
}
