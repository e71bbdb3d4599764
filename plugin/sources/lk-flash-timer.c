/*
 * Linkon — "linkon_flash_timer": the current (or a chosen product's) flash
 * sale as a broadcast timer: "Starts in 0:05", a big 3 · 2 · 1, "Ends in
 * 04:59" in tabular digits, sale and original price, stock left, a time bar,
 * a warning colour in the last seconds, and an end text ("Sold out!", "Sale
 * ended", "Sale closed") for a set time; then the end actions (hide, unpin,
 * switch scene), once per sale.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads and shared fields (the lifecycle of lk-source-common.h):
 * - update (inside video_tick in libobs 29) posts the settings to the text
 *   worker, where they are read, the fonts loaded (file I/O) and the
 *   layout computed (timer_ops; create does it itself, on the UI thread).
 * - video_tick (graphics thread) adopts the new setup, follows the store's
 *   snapshots, picks the sale, computes the countdown from the platform
 *   clock every frame (texts are laid out again on the text worker only
 *   when they change, i.e. once a second; tick swaps the finished bitmaps
 *   in, into the same texture), and queues end actions (never does them
 *   itself); video_render only draws. "graphics thread only" fields are
 *   theirs alone.
 */
#include "lk-flash-timer.h"
#include "lk-countdown.h"
#include "lk-draw.h"
#include "lk-money.h"
#include "lk-controller.h"
#include "lk-price.h"
#include "lk-store.h"
#include "lk-text.h"

#include <math.h>
#include <obs-module.h>
#include <string.h>
#include <util/threading.h>

#define TRANSITION_SECONDS 0.35f
#define BASELINE 0.78f /* baseline position within a text line's box */

#define T_(key) obs_module_text(key)

/* Positions and states that change with the sale and the clock. */
struct timer_view {
	bool visible;
	struct lk_countdown cd;
	bool badge, price, orig, stock;
	float orig_x, orig_y;
	float badge_w;
	uint32_t digits_color, bar_color;
	bool rtl; /* the UI language or the sale's title reads right to left: the rows are mirrored */
};

/* The countdown's digits (the clock, or the big 3 · 2 · 1 popping in)
 * are drawn over the composed layer each frame rather than into it: a
 * second's change (every frame while a big digit pops) redraws only them
 * while the rest of the timer stays cached. */
struct timer_over {
	bool clock, big;
	float big_t, x, y; /* the pop's progress; the clock's top-left */
};

struct flash_timer {
	struct lk_source base; /* settings hand-over into cfg/fonts/lay (timer_ops), size, what destroy frees */

	/* graphics thread only */
	struct lk_timer_config cfg;
	struct lk_font_pair fonts;
	struct lk_timer_layout lay;
	struct lk_snap_follow follow;
	struct lk_sale *sale; /* the sale shown (held reference), NULL = none */
	char *shown_key;      /* sale id while visible, NULL while nothing is drawn */
	bool have_shown;
	char *armed_id; /* sale seen unfinished: its end may fire the end actions */
	char *fired_id; /* end actions done for (fired_id, fired_seq) */
	uint64_t fired_seq;
	struct timer_view view;
	struct lk_text_tex badge, price, orig, stock, label, digits, big, end;
	struct lk_xfade fade;
	/* what draw_over drew over the layer in the last frame (render) */
	struct timer_over over;
};

#define ALL_TEXTS(t)                                                                                               \
	{                                                                                                          \
		&(t)->badge, &(t)->price, &(t)->orig, &(t)->stock, &(t)->label, &(t)->digits, &(t)->big, &(t)->end \
	}
#define NUM_TEXTS 8

/* ---- the sale's texts (tick, when the snapshot or config changes) -------- */

/* Width of the left column (prices, stock): what the digits leave. */
static int left_width(const struct lk_timer_layout *l)
{
	int w = l->w - 2 * l->pad - l->gap - l->right_w;
	return w < l->size_price ? l->size_price : w;
}

/* The sale's prices as the product card shows them while it is live
 * (lk_price_with_sale): the sale price, the regular or original price struck. */
static void view_prices(struct flash_timer *t, const struct lk_product *p, const struct lk_price_view *pv,
			struct dstr *buf)
{
	const struct lk_timer_layout *l = &t->lay;
	struct timer_view *v = &t->view;
	int col_w = left_width(l);

	v->price = t->cfg.show_prices && p && p->currency[0];
	struct lk_text_style st = lk_style(&t->fonts, true, l->size_price, t->cfg.look.price);
	st.max_width = col_w;
	st.max_lines = 1;
	st.tabular_digits = true;
	lk_text_tex_set(&t->price, v->price ? lk_money_format(buf, pv->price, p->currency) : "", &st);

	v->orig = v->price && pv->was > pv->price;
	st = lk_style(&t->fonts, false, l->size_orig, lk_color_fade(t->cfg.look.text, 0.6f));
	st.strike = true;
	lk_text_tex_set(&t->orig, v->orig ? lk_money_format(buf, pv->was, p->currency) : "", &st);
	v->orig_x = (float)(l->pad + (int)t->price.cx + l->gap);
	float baseline = (float)(l->left_y + l->price_y) + (float)t->price.cy * BASELINE;
	v->orig_y = baseline - (float)t->orig.cy * BASELINE;
	if (v->orig && v->orig_x + (float)t->orig.cx > (float)(l->pad + col_w))
		v->orig = false;
}

/* "Only 7 left" from the sale's stock limit, else from the product's stock
 * (lk_price_with_sale, as on the product card). */
static void view_stock(struct flash_timer *t, const struct lk_price_view *pv, struct dstr *buf)
{
	const struct lk_sale *s = t->sale;
	int64_t left = pv->stock;

	const char *text = "";
	if (left > 0 && left <= t->cfg.low_stock)
		text = lk_template_int(buf, T_("FlashTimer.OnlyLeft"), (long long)left);
	else if (left > 0 && s->stock_limit != LK_SALE_NO_LIMIT)
		text = lk_template_int(buf, T_("FlashTimer.Left"), (long long)left);
	t->view.stock = t->cfg.show_stock && *text;

	struct lk_text_style st = lk_style(&t->fonts, true, t->lay.size_small, t->cfg.look.accent);
	st.max_width = left_width(&t->lay);
	st.tabular_digits = true;
	lk_text_tex_set(&t->stock, t->view.stock ? text : "", &st);
}

static void view_sale(struct flash_timer *t)
{
	struct dstr buf = {0};
	const struct lk_product *p = t->sale ? lk_snapshot_find(t->follow.snap, t->sale->product_id) : NULL;

	struct lk_text_style st = lk_style(&t->fonts, true, t->lay.size_badge, lk_color_on(t->cfg.look.accent));
	lk_text_tex_set(&t->badge, t->cfg.show_badge ? T_("FlashTimer.Badge") : "", &st);
	t->view.badge = t->cfg.show_badge;
	t->view.badge_w = (float)t->badge.cx + (float)t->lay.size_badge * 1.1f;
	t->view.rtl = lk_ui_rtl() || (p && p->title && lk_text_is_rtl(p->title));
	if (t->sale) {
		struct lk_price_view pv;
		lk_price_with_sale(p, t->sale, &pv);
		view_prices(t, p, &pv, &buf);
		view_stock(t, &pv, &buf);
	}
	dstr_free(&buf);
}

/* ---- the clock (tick, every frame) ---------------------------------------- */

static const char *end_text(const struct flash_timer *t, enum lk_sale_state state)
{
	if (state == LK_SALE_SOLD_OUT)
		return t->cfg.end_text[LK_TIMER_END_SOLD_OUT];
	if (state == LK_SALE_STOPPED)
		return t->cfg.end_text[LK_TIMER_END_STOPPED];
	return t->cfg.end_text[LK_TIMER_END_ENDED];
}

static void view_clock(struct flash_timer *t)
{
	const struct lk_timer_layout *l = &t->lay;
	struct timer_view *v = &t->view;
	const struct lk_countdown *cd = &v->cd;
	const char *label = "";

	if (cd->phase == LK_COUNTDOWN_WAITING)
		label = T_("FlashTimer.StartsIn");
	else if (cd->phase == LK_COUNTDOWN_BIG)
		label = T_("FlashTimer.GetReady");
	else if (cd->phase == LK_COUNTDOWN_LIVE)
		label = T_("FlashTimer.EndsIn");
	struct lk_text_style st = lk_style(&t->fonts, false, l->size_label, lk_color_fade(t->cfg.look.text, 0.75f));
	lk_text_tex_set(&t->label, label, &st);

	v->digits_color = cd->warn ? t->cfg.warn : t->cfg.look.text;
	st = lk_style(&t->fonts, true, l->size_digits, v->digits_color);
	st.tabular_digits = true;
	bool clock = cd->phase == LK_COUNTDOWN_WAITING || cd->phase == LK_COUNTDOWN_LIVE;
	lk_text_tex_set(&t->digits, clock ? cd->text : "", &st);

	st = lk_style(&t->fonts, true, l->size_big, t->cfg.look.accent);
	lk_text_tex_set(&t->big, cd->phase == LK_COUNTDOWN_BIG ? cd->text : "", &st);

	bool ended = cd->phase == LK_COUNTDOWN_END || cd->phase == LK_COUNTDOWN_DONE;
	st = lk_style(&t->fonts, true, l->size_end, lk_color_on(t->cfg.warn));
	st.max_width = (l->w - 2 * l->pad) * 3 / 5;
	lk_text_tex_set(&t->end, ended ? end_text(t, cd->state) : "", &st);
	v->bar_color = cd->warn ? t->cfg.warn : t->cfg.look.accent;
}

/* ---- tick ---------------------------------------------------------------- */

/* Keep showing the finished sale instead of a scheduled one (for_next) or
 * of nothing? During its end text and until its end actions ran, yes; after
 * that only in place of nothing, and only if it is not to be hidden. */
static bool keep_finished(const struct flash_timer *t, int64_t now, bool for_next)
{
	int64_t since = 0;
	if (!t->sale || !lk_sale_state_final(lk_sale_state_at(t->sale, now, &since)))
		return false;
	if (now - since < (int64_t)t->cfg.end_secs * 1000 || lk_str_same(t->armed_id, t->sale->id))
		return true;
	return !for_next && !t->cfg.end_hide;
}

/* Follows the configured sale: the store's current sale, or the product's
 * (lk_countdown_pick, finished ones counting for the end text time). A
 * finished sale stays shown after the store lets go of it (its end text may
 * last longer than the store's hold), and a sale that is only scheduled
 * does not cut its end text short. */
static void pick_sale(struct flash_timer *t, int64_t now)
{
	const struct lk_snapshot *snap = t->follow.snap;
	const struct lk_sale *s = NULL;
	if (snap && t->cfg.by_product)
		s = lk_countdown_pick(snap->sales, snap->num_sales, t->cfg.product_id, now,
				      (int64_t)t->cfg.end_secs * 1000);
	else if (snap)
		s = snap->current_sale;
	bool next = s && lk_sale_state_at(s, now, NULL) == LK_SALE_SCHEDULED;
	if ((!s || next) && s != t->sale && keep_finished(t, now, next))
		return;
	if (s == t->sale)
		return;
	if (t->sale)
		lk_sale_release(t->sale);
	t->sale = s ? lk_sale_addref((struct lk_sale *)s) : NULL;
}

/* How long past the end text the end actions wait for the store to publish
 * the end (a connector that runs sales itself might never tick the store). */
#define END_STORE_GRACE_MS 2000

/* Once per sale (id + the store's final state_seq), only for a sale this
 * timer saw running, when its end text time is over: the end actions, if
 * the timer is on screen (program, preview or a projector). A timer in a
 * scene nobody sees switches no scene and unpins nothing. */
static void check_end_actions(struct flash_timer *t, int64_t now)
{
	const struct lk_sale *s = t->sale;
	const struct lk_countdown *cd = &t->view.cd;
	if (!s)
		return;
	if (!lk_sale_state_final(cd->state)) {
		if (!lk_str_same(t->armed_id, s->id)) {
			bfree(t->armed_id);
			t->armed_id = bstrdup(s->id);
		}
		return;
	}
	if (cd->phase != LK_COUNTDOWN_DONE || !lk_str_same(t->armed_id, s->id))
		return;
	/* wait for the store to publish the end: its state_seq is final then */
	bool published = lk_sale_state_final(s->state);
	if (!published && now - cd->since_ms < (int64_t)t->cfg.end_secs * 1000 + END_STORE_GRACE_MS)
		return;
	if (lk_str_same(t->fired_id, s->id) && t->fired_seq == s->state_seq)
		return;
	bfree(t->fired_id);
	t->fired_id = bstrdup(s->id);
	t->fired_seq = s->state_seq;
	bfree(t->armed_id);
	t->armed_id = NULL;
	if (lk_source_on_screen(&t->base))
		/* the controller acts (command thread, UI thread), not the tick */
		lk_controller_request_sale_end(t->cfg.end_unpin ? s->product_id : NULL, t->cfg.end_scene,
					       obs_source_get_name(t->base.source));
	else if (t->cfg.end_unpin || *t->cfg.end_scene)
		blog(LOG_INFO, "[linkon] flash timer '%s' is not on screen: no end actions for sale '%s'",
		     obs_source_get_name(t->base.source), s->id);
}

/* Starts the slide+fade when what is drawn changes (another sale, or
 * appearing / disappearing). */
static void follow_shown(struct flash_timer *t)
{
	const char *key = t->view.visible ? t->sale->id : NULL;
	if (lk_str_same(key, t->shown_key))
		return;
	if (t->have_shown)
		lk_xfade_start(&t->fade);
	bfree(t->shown_key);
	t->shown_key = bstrdup(key);
}

static void flash_timer_video_tick(void *data, float seconds)
{
	struct flash_timer *t = data;
	bool cfg_changed = lk_source_adopt(&t->base);
	bool snap_changed = lk_snap_follow_update(&t->follow, lk_source_store(t->base.source));
	int64_t now = t->follow.snap ? lk_snapshot_platform_now(t->follow.snap, lk_now_ms()) : 0;

	if (cfg_changed || snap_changed) {
		pick_sale(t, now);
		view_sale(t);
	}
	struct lk_countdown_config cc = {
		.warn_ms = (int64_t)t->cfg.warn_secs * 1000,
		.end_text_ms = (int64_t)t->cfg.end_secs * 1000,
		.big_ms = t->cfg.big_digits ? LK_COUNTDOWN_BIG_MS : 0,
	};
	lk_countdown_compute(t->sale, now, &cc, &t->view.cd);
	enum lk_countdown_phase phase = t->view.cd.phase;
	t->view.visible = phase != LK_COUNTDOWN_NONE && !(phase == LK_COUNTDOWN_DONE && t->cfg.end_hide);
	view_clock(t);
	struct lk_text_tex *all[NUM_TEXTS] = ALL_TEXTS(t);
	if (lk_text_tex_poll_all(all, NUM_TEXTS)) { /* a text's size changed: place it again */
		view_sale(t);
		view_clock(t);
	}
	check_end_actions(t, now);
	follow_shown(t);
	t->have_shown = true;
	lk_xfade_tick(&t->fade, seconds);
}

/* ---- render --------------------------------------------------------------- */

/* x of something w wide at x, mirrored when the timer reads right to left
 * (prices and stock on the right, the countdown on the left). */
static float mx(const struct flash_timer *t, float x, float w)
{
	return lk_mirror_x(t->view.rtl, (float)t->lay.w, x, w);
}

static void draw_left(struct flash_timer *t)
{
	const struct lk_timer_layout *l = &t->lay;
	const struct timer_view *v = &t->view;
	float x = (float)l->pad;

	if (v->badge)
		lk_draw_text_box(&t->badge, mx(t, x, v->badge_w), (float)(l->left_y + l->badge_y), v->badge_w,
				 (float)l->badge_h, (float)l->badge_h * 0.3f, t->cfg.look.accent);
	if (v->price)
		lk_text_tex_draw(&t->price, mx(t, x, (float)t->price.cx), (float)(l->left_y + l->price_y), 1.0f);
	if (v->orig)
		lk_text_tex_draw(&t->orig, mx(t, v->orig_x, (float)t->orig.cx), v->orig_y, 1.0f);
	if (v->stock)
		lk_text_tex_draw(&t->stock, mx(t, x, (float)t->stock.cx), (float)(l->left_y + l->stock_y), 1.0f);
}

/* The big 3 · 2 · 1: each digit pops in (scales down from 1.4×) and settles. */
static void draw_big(struct flash_timer *t, float big_t, float opacity)
{
	const struct lk_timer_layout *l = &t->lay;
	float pop = lk_ease_out_cubic(big_t / 0.35f);
	float scale = 1.0f + 0.4f * (1.0f - pop);
	float cx = mx(t, (float)(l->w - l->pad) - (float)l->right_w * 0.5f, 0.0f);
	float cy = (float)l->right_y + (float)(l->label_h + l->right_h) * 0.5f;

	gs_matrix_push();
	gs_matrix_translate3f(cx, cy, 0.0f);
	gs_matrix_scale3f(scale, scale, 1.0f);
	lk_text_tex_draw(&t->big, -(float)t->big.cx * 0.5f, -(float)t->big.cy * 0.5f, (0.6f + 0.4f * pop) * opacity);
	gs_matrix_pop();
}

static void draw_right(struct flash_timer *t)
{
	const struct lk_timer_layout *l = &t->lay;
	const struct lk_countdown *cd = &t->view.cd;
	float right = (float)(l->w - l->pad);

	if (cd->phase == LK_COUNTDOWN_END || cd->phase == LK_COUNTDOWN_DONE) {
		float h = (float)t->end.cy + (float)l->size_end * 0.45f;
		float w = (float)t->end.cx + (float)l->size_end * 1.2f;
		float y = (float)l->right_y + ((float)l->right_h - h) * 0.5f;
		lk_draw_text_box(&t->end, mx(t, right - w, w), y, w, h, h * 0.3f, t->cfg.warn);
		return;
	}
	float label_w = (float)t->label.cx;
	lk_text_tex_draw(&t->label, mx(t, right - label_w, label_w), (float)l->right_y, 1.0f);
	/* the digits: draw_over, over the layer */
}

/* What draw_over draws this frame. */
static struct timer_over timer_over_now(const struct flash_timer *t)
{
	const struct lk_timer_layout *l = &t->lay;
	const struct lk_countdown *cd = &t->view.cd;
	struct timer_over o = {0};

	if (!t->view.visible || cd->phase == LK_COUNTDOWN_END || cd->phase == LK_COUNTDOWN_DONE)
		return o;
	o.big = cd->phase == LK_COUNTDOWN_BIG;
	o.clock = !o.big;
	o.big_t = o.big ? cd->big_t : 0.0f;
	o.x = mx(t, (float)(l->w - l->pad) - (float)t->digits.cx, (float)t->digits.cx);
	o.y = (float)(l->right_y + l->digits_y);
	return o;
}

static void draw_over(struct flash_timer *t, const struct timer_over *o, float opacity)
{
	if (o->big)
		draw_big(t, o->big_t, opacity);
	else if (o->clock)
		lk_text_tex_draw(&t->digits, o->x, o->y, opacity);
}

/* lk_xfade_seal: the leaving picture keeps the digits it showed. */
static void seal_digits(void *data)
{
	struct flash_timer *t = data;
	draw_over(t, &t->over, 1.0f);
}

/* The bar's filled width in quarter pixels (finer steps do not show), so a
 * long sale's bar does not make the timer compose itself every frame. */
static float bar_fill(const struct flash_timer *t)
{
	float w = (float)(t->lay.w - 2 * t->lay.pad);
	return floorf(w * t->view.cd.progress * 4.0f + 0.5f) * 0.25f;
}

static void draw_bar(struct flash_timer *t)
{
	const struct lk_timer_layout *l = &t->lay;
	float x = (float)l->pad, y = (float)l->bar_y;
	float w = (float)(l->w - 2 * l->pad), h = (float)l->bar_h;

	lk_draw_rect(x, y, w, h, h * 0.5f, lk_color_fade(t->cfg.look.text, 0.18f), 1.0f);
	float fill = bar_fill(t);
	if (fill > 0.5f)
		lk_draw_rect(t->view.rtl ? x + w - (fill < h ? h : fill) : x, y, fill < h ? h : fill, h, h * 0.5f,
			     t->view.bar_color, 1.0f);
}

static void draw_timer(void *data)
{
	struct flash_timer *t = data;
	const struct lk_timer_layout *l = &t->lay;
	if (!t->view.visible)
		return;

	lk_draw_rect(0.0f, 0.0f, (float)l->w, (float)l->h, (float)l->radius, t->cfg.look.bg, 1.0f);
	draw_left(t);
	draw_right(t);
	if (l->bar_h)
		draw_bar(t);
}

/* Everything draw_timer draws from (the countdown's moving fields only as
 * far as they show: the phase, the bar in quarter pixels; the digits are
 * drawn over the layer), so the timer is composed again only when its
 * sale, look, phase or bar changes. */
static uint64_t timer_stamp(struct flash_timer *t)
{
	struct lk_text_tex *all[NUM_TEXTS] = ALL_TEXTS(t);
	const struct timer_view *v = &t->view;
	const struct lk_countdown *cd = &v->cd;
	uint64_t h = LK_STAMP_INIT;
	float fill = bar_fill(t);

	lk_stamp_add(&h, &t->lay, sizeof(t->lay));
	lk_stamp_add(&h, &t->cfg.look, sizeof(t->cfg.look));
	lk_stamp_add(&h, &t->cfg.warn, sizeof(t->cfg.warn));
	lk_stamp_add(&h, &v->visible, sizeof(v->visible));
	lk_stamp_add(&h, &v->badge, sizeof(v->badge));
	lk_stamp_add(&h, &v->price, sizeof(v->price));
	lk_stamp_add(&h, &v->orig, sizeof(v->orig));
	lk_stamp_add(&h, &v->stock, sizeof(v->stock));
	lk_stamp_add(&h, &v->orig_x, sizeof(v->orig_x));
	lk_stamp_add(&h, &v->orig_y, sizeof(v->orig_y));
	lk_stamp_add(&h, &v->badge_w, sizeof(v->badge_w));
	lk_stamp_add(&h, &v->bar_color, sizeof(v->bar_color));
	lk_stamp_add(&h, &v->rtl, sizeof(v->rtl));
	lk_stamp_add(&h, &cd->phase, sizeof(cd->phase));
	lk_stamp_add(&h, &fill, sizeof(fill));
	for (size_t i = 0; i < NUM_TEXTS; i++) {
		if (all[i] != &t->digits && all[i] != &t->big) /* drawn over the layer */
			lk_stamp_text(&h, all[i]);
	}
	return h;
}

static void flash_timer_video_render(void *data, gs_effect_t *effect)
{
	struct flash_timer *t = data;
	if (!t->lay.w || !t->lay.h)
		return;
	if (!t->view.visible && !lk_xfade_active(&t->fade)) {
		lk_xfade_idle(&t->fade); /* nothing to draw: skip the texrender */
		memset(&t->over, 0, sizeof(t->over));
		return;
	}
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	float slide = (float)t->lay.size_price, dx, opacity;
	lk_xfade_seal(&t->fade, seal_digits, t);
	lk_xfade_render(&t->fade, (uint32_t)t->lay.w, (uint32_t)t->lay.h, slide, timer_stamp(t), draw_timer, t);
	t->over = timer_over_now(t);
	lk_xfade_place(&t->fade, slide, &dx, &opacity);
	if (opacity > 0.0f && (t->over.clock || t->over.big)) {
		gs_matrix_push();
		gs_matrix_translate3f(dx, 0.0f, 0.0f);
		draw_over(t, &t->over, opacity);
		gs_matrix_pop();
	}
	gs_blend_state_pop();
}

/* ---- lifecycle ------------------------------------------------------------ */

static const char *flash_timer_get_name(void *type_data)
{
	return T_("LinkonFlashTimer");
}

/* Settings and layout (lk-flash-timer-props.c) are read and measured on the
 * text worker (or in create, on the UI thread). */
static const struct lk_source_ops timer_ops = {
	LK_SOURCE_PARTS(struct flash_timer, cfg, fonts, lay, lay.w, lay.h),
	.config_load = lk_timer_config_load,
	.config_free = lk_timer_config_free,
	.layout = lk_timer_layout_compute,
};

static void *flash_timer_create(obs_data_t *settings, obs_source_t *source)
{
	struct flash_timer *t = bzalloc(sizeof(*t));
	struct lk_text_tex *all[NUM_TEXTS] = ALL_TEXTS(t);

	lk_source_init(&t->base, source, &timer_ops, settings);
	lk_source_add_texts(&t->base, all, NUM_TEXTS);
	lk_source_add_fade(&t->base, &t->fade, TRANSITION_SECONDS);
	return t;
}

static void flash_timer_destroy(void *data)
{
	struct flash_timer *t = data;

	lk_source_free(&t->base);
	lk_snap_follow_free(&t->follow);
	if (t->sale)
		lk_sale_release(t->sale);
	bfree(t->shown_key);
	bfree(t->armed_id);
	bfree(t->fired_id);
	bfree(t);
}

static obs_properties_t *timer_get_properties(void *data)
{
	struct flash_timer *t = data;
	return lk_timer_get_properties(t ? lk_source_store(t->base.source) : NULL);
}

struct obs_source_info lk_flash_timer_info = {
	.id = "linkon_flash_timer",
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.get_name = flash_timer_get_name,
	.create = flash_timer_create,
	.destroy = flash_timer_destroy,
	.update = lk_source_update,
	.get_defaults = lk_timer_get_defaults,
	.get_properties = timer_get_properties,
	.video_tick = flash_timer_video_tick,
	.video_render = flash_timer_video_render,
	.get_width = lk_source_get_width,
	.get_height = lk_source_get_height,
	.icon_type = OBS_ICON_TYPE_TEXT,
};
