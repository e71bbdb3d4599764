/*
 * Linkon — "linkon_gift_alerts": layout (text worker, from settings and
 * fonts) and drawing (graphics thread, video_render).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * An alert is a pill-shaped banner: a glowing ring in the tier's colour,
 * the sender's avatar in a ring on the left, the sender's name and the
 * message, the gift's picture overhanging the right end, and the combo
 * counter ("×12") after the banner, which pulses when the streak grows.
 * Every size is a multiple of the font size times the tier's scale, so a
 * huge gift draws bigger, with crisp text (laid out at that size).
 */
#include "lk-gift-alerts-priv.h"
#include "lk-draw.h"

#include <graphics/graphics.h>
#include <math.h>
#include <string.h>

#define COUNTER_SAMPLE \
	"\xC3\x97"     \
	"9999" /* ×9999 */
#define GLOSS 0x12FFFFFFu
#define SHADOW 0x99000000u

/* ---- layout (text worker, or the UI thread in create) ---------------------- */

static int at_least(int v, int min)
{
	return v < min ? min : v;
}

void ga_layout_compute(struct ga_layout *l, const struct ga_config *cfg, const struct lk_font_pair *f, float scale)
{
	float fs = (float)f->size * scale;
	int s = (int)(fs + 0.5f);

	memset(l, 0, sizeof(*l));
	l->scale = scale;
	l->size_name = s;
	l->size_text = lk_px(s, 0.8f);
	l->size_counter = lk_px(s, 1.6f);
	l->pad = at_least(lk_px(s, 0.4f), 4);
	l->ring = at_least(lk_px(s, 0.1f), 2);
	l->avatar_d = lk_px(s, 2.2f);
	l->size_initial = lk_px(l->avatar_d, 0.5f);
	l->h = l->avatar_d + 2 * l->pad;
	l->w = (int)((float)cfg->look.width * scale + 0.5f);
	l->radius = (int)((float)cfg->look.radius * scale + 0.5f);
	l->radius = l->radius > l->h / 2 ? l->h / 2 : l->radius;
	l->avatar_x = l->pad;
	l->avatar_y = l->pad;

	l->gift_s = cfg->show_image ? lk_px(l->h, 1.3f) : 0;
	l->gift_x = l->w - lk_px(l->gift_s, 0.9f);
	l->gift_y = (l->h - l->gift_s) / 2;
	l->text_x = cfg->show_avatar ? l->avatar_x + l->avatar_d + lk_px(l->pad, 0.9f) : lk_px(l->pad, 1.8f);
	if (cfg->show_platform && cfg->show_avatar) {
		/* the room's badge sits on the avatar's lower right, like a sticker */
		l->mark_s = lk_px(l->avatar_d, 0.46f);
		l->mark_x = l->avatar_x + l->avatar_d - lk_px(l->mark_s, 0.82f);
		l->mark_y = l->avatar_y + l->avatar_d - lk_px(l->mark_s, 0.86f);
	} else if (cfg->show_platform) {
		/* no avatar: the badge leads the texts */
		l->mark_s = lk_px(l->h, 0.5f);
		l->mark_x = l->text_x;
		l->mark_y = (l->h - l->mark_s) / 2;
		l->text_x += l->mark_s + lk_px(l->pad, 0.8f);
	}
	int right = cfg->show_image ? l->gift_x - l->pad / 2 : l->w - lk_px(l->pad, 1.8f);
	l->text_w = at_least(right - l->text_x, s * 2);
	l->counter_x = l->w + (l->gift_s - lk_px(l->gift_s, 0.9f)) + lk_px(s, 0.3f);
	l->counter_w = lk_text_width(f->bold, l->size_counter, COUNTER_SAMPLE);
}

void ga_canvas_compute(struct ga_canvas *c, const struct ga_layout lays[GA_TIERS])
{
	int w = 0, h = 0, over = 0;
	for (int i = 0; i < GA_TIERS; i++) {
		const struct ga_layout *l = &lays[i];
		int right = l->counter_x + lk_px(l->counter_w, 1.25f); /* room for the pulse */
		int hang = (l->gift_s - l->h) / 2;
		w = right > w ? right : w;
		h = l->h > h ? l->h : h;
		hang = hang > l->ring * 3 ? hang : l->ring * 3;
		over = hang > over ? hang : over;
	}
	c->margin_x = over;
	c->margin_y = over;
	c->cx = w + 2 * c->margin_x;
	c->cy = h + 2 * c->margin_y;
}

/* ---- motion ------------------------------------------------------------------ */

float ga_ease_out_back(float t)
{
	const float c1 = 1.70158f, c3 = c1 + 1.0f;
	t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
	float u = t - 1.0f;
	return 1.0f + c3 * u * u * u + c1 * u * u;
}

/* Offset, scale and opacity of the whole alert for this frame. */
static void motion(const struct ga_frame *fr, float *dx, float *dy, float *scale, float *alpha)
{
	const struct ga_layout *l = fr->lay;
	float in = lk_ease_out_cubic(fr->enter);
	float out = lk_ease_in_out_cubic(fr->leave);

	*dx = 0.0f;
	*dy = 0.0f;
	*scale = 1.0f;
	*alpha = in * (1.0f - out);
	switch (fr->anim) {
	case GA_ANIM_SLIDE:
		*dx = -(1.0f - in) * (float)l->w * 0.5f + out * (float)l->w * 0.25f;
		break;
	case GA_ANIM_FADE:
		*dy = (1.0f - in) * (float)l->h * 0.3f - out * (float)l->h * 0.3f;
		break;
	case GA_ANIM_POP:
		*scale = (0.35f + 0.65f * ga_ease_out_back(fr->enter)) * (1.0f - 0.35f * out);
		*alpha = (fr->enter * 4.0f > 1.0f ? 1.0f : fr->enter * 4.0f) * (1.0f - out);
		break;
	}
}

/* ---- drawing (graphics thread) ------------------------------------------------ */

static void draw_banner(const struct ga_frame *fr, float a)
{
	const struct ga_layout *l = fr->lay;
	float w = (float)l->w, h = (float)l->h, r = (float)l->radius, g = (float)l->ring;

	lk_draw_rect(-g * 3.0f, -g * 3.0f, w + g * 6.0f, h + g * 6.0f, r + g * 3.0f, fr->color, a * 0.18f);
	lk_draw_rect(-g * 1.5f, -g * 1.5f, w + g * 3.0f, h + g * 3.0f, r + g * 1.5f, fr->color, a * 0.35f);
	lk_draw_rect(-g, -g, w + g * 2.0f, h + g * 2.0f, r + g, fr->color, a);
	lk_draw_rect(0.0f, 0.0f, w, h, r, fr->bg, a);
	lk_draw_rect(g, g, w - g * 2.0f, h * 0.46f, r - g, GLOSS, a);
}

static void draw_avatar(const struct ga_frame *fr, float a)
{
	const struct ga_layout *l = fr->lay;
	float d = (float)l->avatar_d, g = (float)l->ring;
	float x = lk_mirror_x(fr->rtl, (float)l->w, (float)l->avatar_x, (uint32_t)l->avatar_d), y = (float)l->avatar_y;

	lk_draw_rect(x - g, y - g, d + g * 2.0f, d + g * 2.0f, d * 0.5f + g, fr->color, a);
	if (fr->avatar_tex.texture) {
		lk_draw_image(&fr->avatar_tex, x, y, d, d, d * 0.5f, a);
		return;
	}
	lk_draw_rect(x, y, d, d, d * 0.5f, fr->avatar_color, a);
	if (fr->texts_due)
		return;
	const struct lk_text_tex *t = fr->initial;
	lk_text_tex_draw(t, x + (d - (float)t->cx) * 0.5f, y + (d - (float)t->cy) * 0.5f, a);
}

/* The room's badge (a square picture with rounded corners) in a ring of the
 * banner's colour, so it stands apart from the avatar under it. */
static void draw_mark(const struct ga_frame *fr)
{
	const struct ga_layout *l = fr->lay;
	if (!fr->mark_tex.texture || l->mark_s <= 0)
		return;
	float s = (float)l->mark_s, g = (float)l->ring;
	float x = lk_mirror_x(fr->rtl, (float)l->w, (float)l->mark_x, (uint32_t)l->mark_s), y = (float)l->mark_y;
	lk_draw_rect(x - g, y - g, s + g * 2.0f, s + g * 2.0f, s * 0.24f + g, fr->bg | 0xFF000000u, 1.0f);
	lk_draw_image(&fr->mark_tex, x, y, s, s, s * 0.24f, 1.0f);
}

static void draw_texts(const struct ga_frame *fr, float a)
{
	const struct ga_layout *l = fr->lay;
	float x = (float)l->text_x;
	float total = (float)fr->name->cy + (fr->two_lines ? (float)fr->message->cy : 0.0f);
	float y = ((float)l->h - total) * 0.5f;

	/* right to left: both lines right-aligned where the avatar's side is */
	lk_text_tex_draw(fr->name, lk_mirror_x(fr->rtl, (float)l->w, x, fr->name->cx), y, a);
	if (fr->two_lines)
		lk_text_tex_draw(fr->message, lk_mirror_x(fr->rtl, (float)l->w, x, fr->message->cx),
				 y + (float)fr->name->cy, a);
}

static void draw_counter(const struct ga_frame *fr, float a)
{
	const struct ga_layout *l = fr->lay;
	float k = fr->pulse < 1.0f ? 1.0f + 0.45f * 4.0f * fr->pulse * (1.0f - fr->pulse) : 1.0f;
	float off = (float)l->ring;

	gs_matrix_push();
	gs_matrix_translate3f(lk_mirror_x(fr->rtl, (float)l->w, (float)l->counter_x, fr->counter->cx),
			      (float)l->h * 0.5f, 0.0f);
	gs_matrix_scale3f(k, k, 1.0f);
	gs_matrix_translate3f(0.0f, -(float)fr->counter->cy * 0.5f, 0.0f);
	lk_text_tex_draw(fr->counter_shadow, off, off * 1.5f, a);
	lk_text_tex_draw(fr->counter, 0.0f, 0.0f, a);
	gs_matrix_pop();
}

/* The alert without its counter, at full opacity (composed into the layer). */
static void draw_still(void *data)
{
	const struct ga_frame *fr = data;
	const struct ga_layout *l = fr->lay;

	draw_banner(fr, 1.0f);
	if (fr->show_avatar)
		draw_avatar(fr, 1.0f);
	draw_mark(fr);
	if (!fr->texts_due)
		draw_texts(fr, 1.0f);
	float gx = lk_mirror_x(fr->rtl, (float)l->w, (float)l->gift_x, (uint32_t)l->gift_s);
	if (fr->show_image && fr->gift_tex.texture)
		lk_draw_image(&fr->gift_tex, gx, (float)l->gift_y, (float)l->gift_s, (float)l->gift_s,
			      (float)l->gift_s * 0.18f, 1.0f); /* rounded: square photos look like stickers */
	else if (fr->show_image)
		lk_draw_placeholder(gx, (float)l->gift_y, (float)l->gift_s, (float)l->gift_s, (float)l->gift_s * 0.2f,
				    1.0f);
}

/* The box draw_still draws into, in banner coordinates: the glow reaches
 * 3 rings out, the gift picture overhangs the right end (the left one when
 * the alert is mirrored for a right-to-left name). Whole pixels. */
static void still_box(const struct ga_layout *l, bool rtl, float *x0, float *y0, uint32_t *cx, uint32_t *cy)
{
	float g = (float)l->ring * 3.0f + 1.0f; /* + the anti-aliased edge */
	float left = -g, top = -g, right = (float)l->w + g, bottom = (float)l->h + g;
	if (l->gift_s) {
		float gx = lk_mirror_x(rtl, (float)l->w, (float)l->gift_x, (uint32_t)l->gift_s);
		top = fminf(top, (float)l->gift_y - 1.0f);
		left = fminf(left, gx - 1.0f);
		right = fmaxf(right, gx + (float)l->gift_s + 1.0f);
		bottom = fmaxf(bottom, (float)(l->gift_y + l->gift_s) + 1.0f);
	}
	if (l->mark_s) /* the badge and its ring may reach below the banner */
		bottom = fmaxf(bottom, (float)(l->mark_y + l->mark_s + l->ring) + 1.0f);
	*x0 = floorf(left);
	*y0 = floorf(top);
	*cx = (uint32_t)(ceilf(right) - *x0);
	*cy = (uint32_t)(ceilf(bottom) - *y0);
}

/* Everything draw_still draws from. */
static uint64_t still_stamp(const struct ga_frame *fr, uint64_t images_stamp)
{
	uint64_t h = images_stamp;
	lk_stamp_add(&h, fr->lay, sizeof(*fr->lay));
	lk_stamp_add(&h, &fr->color, sizeof(fr->color));
	lk_stamp_add(&h, &fr->bg, sizeof(fr->bg));
	lk_stamp_add(&h, &fr->show_avatar, sizeof(fr->show_avatar));
	lk_stamp_add(&h, &fr->show_image, sizeof(fr->show_image));
	lk_stamp_add(&h, &fr->two_lines, sizeof(fr->two_lines));
	lk_stamp_add(&h, &fr->rtl, sizeof(fr->rtl));
	lk_stamp_add(&h, &fr->texts_due, sizeof(fr->texts_due));
	lk_stamp_add(&h, &fr->avatar_color, sizeof(fr->avatar_color));
	lk_stamp_add(&h, &fr->avatar_tex, sizeof(fr->avatar_tex)); /* texture, size, generation */
	lk_stamp_add(&h, &fr->gift_tex, sizeof(fr->gift_tex));
	lk_stamp_add(&h, &fr->mark_tex, sizeof(fr->mark_tex));
	lk_stamp_text(&h, fr->name);
	lk_stamp_text(&h, fr->message);
	lk_stamp_text(&h, fr->initial);
	return h;
}

void ga_draw_prepare(const struct ga_frame *fr, struct lk_layer *layer, uint64_t images_stamp)
{
	if (!fr->visible || !fr->lay)
		return;
	float bx, by;
	uint32_t bcx, bcy;
	still_box(fr->lay, fr->rtl, &bx, &by, &bcx, &bcy);
	lk_layer_update(layer, bcx, bcy, bx, by, still_stamp(fr, images_stamp), draw_still, (void *)fr);
}

void ga_draw(const struct ga_frame *fr, struct lk_layer *layer, uint64_t images_stamp)
{
	if (!fr->visible || !fr->lay)
		return;
	const struct ga_layout *l = fr->lay;
	float dx, dy, k, a;
	motion(fr, &dx, &dy, &k, &a);
	if (a <= 0.003f)
		return;

	float bx, by;
	uint32_t bcx, bcy;
	still_box(l, fr->rtl, &bx, &by, &bcx, &bcy);
	/* composed outside the motion's matrix: the layer has its own space */
	bool still = lk_layer_update(layer, bcx, bcy, bx, by, still_stamp(fr, images_stamp), draw_still, (void *)fr);

	float x0 = (float)fr->canvas->margin_x, y0 = (float)(fr->canvas->cy - l->h) * 0.5f;
	gs_matrix_push();
	gs_matrix_translate3f(x0 + dx + (float)l->w * 0.5f, y0 + dy + (float)l->h * 0.5f, 0.0f);
	gs_matrix_scale3f(k, k, 1.0f);
	gs_matrix_translate3f(-(float)l->w * 0.5f, -(float)l->h * 0.5f, 0.0f);

	if (still)
		lk_layer_draw(layer, bx, by, a);
	if (fr->show_counter && !fr->texts_due)
		draw_counter(fr, a);
	gs_matrix_pop();
}
