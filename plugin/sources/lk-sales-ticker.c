/*
 * Linkon — "linkon_sales_ticker": the show's orders as "M***a just bought
 * Organic Olive Oil ×2" with the product's thumbnail, one at a time (slide
 * and fade between entries) or as a scrolling feed (the newest on top, the
 * others move down), a burst folded into "+12 more orders in the last
 * minute" (core/lk-ticker.c), a minimum and a maximum time on screen and an
 * optional sound played as the source's own audio.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: the source lifecycle (struct lk_source, lk-source-common.h):
 * the settings are read, the fonts loaded and the layout computed on the
 * text worker, which also hands the sound file to the sound thread
 * (ticker_applied); video_tick adopts them (lk_source_adopt), follows
 * the store's orders (lk-sales-view.c), advances the queue and posts texts
 * to the worker; the animation starts when the texts have arrived.
 * video_render only draws: each row is composed into a cached layer, so a
 * still ticker costs one textured quad a frame, and a moving one two.
 */
#include "lk-sales-view.h"
#include "lk-gift-alerts-priv.h" /* the sound thread (ga_audio), shared with the gift alerts */
#include "lk-draw.h"
#include "lk-plural.h"
#include "lk-source-common.h"
#include "lk-store.h"
#include "lk-text.h"
#include "lk-ticker.h"

#include <math.h>
#include <obs-module.h>
#include <string.h>
#include <util/dstr.h>
#include <util/threading.h>

#define T_(key) obs_module_text(key)

#define S_MODE "ticker_mode"
#define S_ROWS "feed_rows"
#define S_MIN "min_seconds"
#define S_MAX "max_seconds"
#define S_FOLD "fold_at"
#define S_THUMB "show_thumbnail"
#define S_SOUND "sound"
#define S_IDLE "idle_text"

#define MODE_ONE "one"
#define MODE_FEED "feed"

#define ROWS_MAX 5
#define ENTER_MS 420
#define LEAVE_MS 380
#define TEXT_WAIT_MS 600 /* an animation waits this long at most for its texts */

struct ticker_config {
	bool feed;
	int rows; /* 1 in one-at-a-time mode */
	struct lk_ticker_config queue;
	bool thumb;
	char *sound;
	char *idle; /* shown when there is no order; "" = nothing */
	struct lk_look look;
};

struct ticker_layout {
	int w, row_h, gap, pad, radius;
	int thumb, thumb_x, thumb_y;
	int text_x, text_w;
	int size_main, size_sub;
	int h; /* canvas */
};

/* One entry on screen: its texts, thumbnail and composed picture. */
struct ticker_row {
	struct lk_ticker_item item; /* kind NONE = empty row */
	struct lk_text_tex main, sub;
	struct lk_image_slot image;
	bool wait_main, wait_sub; /* texts posted, not yet arrived */
};

struct ticker_source {
	struct lk_source base; /* first: the lifecycle (settings hand-over, size, what destroy frees) */
	struct ga_audio *audio;

	/* graphics thread only */
	struct ticker_config cfg;
	struct lk_font_pair fonts;
	struct ticker_layout lay;
	int rows_shown; /* cfg.rows the rows were laid out for */
	struct lk_sales_follow follow;
	struct lk_ticker queue;
	uint64_t shown_seq;
	struct ticker_row rows[ROWS_MAX]; /* rows[0] is the newest */
	struct ticker_row idle;
	bool has_idle;
	bool anim_pending; /* a new head waits for its texts */
	int64_t anim_pending_ms;
	int64_t enter_start, leave_start; /* lk_now_ms, 0 = none */
	bool leaving;                     /* the feed fades out (max time ran out) */
	struct lk_xfade xfade;            /* one-at-a-time mode */
	struct lk_layer head, rest;       /* feed mode */
	float enter, leave;               /* 0..1, set by tick for render */
};

static void config_clear(void *data)
{
	struct ticker_config *c = data;
	bfree(c->sound);
	bfree(c->idle);
	memset(c, 0, sizeof(*c));
}

static void config_load(void *data, obs_data_t *s)
{
	struct ticker_config *c = data;
	c->feed = strcmp(obs_data_get_string(s, S_MODE), MODE_FEED) == 0;
	int rows = (int)obs_data_get_int(s, S_ROWS);
	c->rows = !c->feed ? 1 : rows < 2 ? 2 : rows > ROWS_MAX ? ROWS_MAX : rows;
	double min_s = obs_data_get_double(s, S_MIN), max_s = obs_data_get_double(s, S_MAX);
	c->queue.min_ms = (int64_t)(fmin(fmax(min_s, 0.5), 60.0) * 1000.0);
	c->queue.max_ms = max_s <= 0.0 ? 0 : (int64_t)(fmin(fmax(max_s, 1.0), 3600.0) * 1000.0);
	long long fold = obs_data_get_int(s, S_FOLD);
	c->queue.fold_at = fold <= 0 ? 0 : fold > 1000 ? 1000 : (size_t)fold;
	c->thumb = obs_data_get_bool(s, S_THUMB);
	const char *snd = obs_data_get_string(s, S_SOUND);
	c->sound = snd && *snd ? bstrdup(snd) : NULL;
	c->idle = bstrdup(obs_data_get_string(s, S_IDLE));
	lk_look_load(&c->look, s);
}

static void layout_compute(void *data, const void *cfg, const struct lk_font_pair *f)
{
	struct ticker_layout *l = data;
	const struct ticker_config *c = cfg;
	memset(l, 0, sizeof(*l));
	l->size_main = f->size;
	l->size_sub = lk_px(f->size, 0.72f);
	l->pad = lk_px(f->size, 0.45f);
	l->gap = lk_px(f->size, 0.3f);
	l->radius = c->look.radius;
	l->w = c->look.width;
	int text_h = lk_text_lines_height(f->bold, l->size_main, 2);
	l->row_h = text_h + 2 * l->pad;
	l->thumb = c->thumb ? text_h : 0;
	l->thumb_x = l->pad;
	l->thumb_y = l->pad;
	l->text_x = l->pad + (l->thumb ? l->thumb + l->pad : 0);
	l->text_w = l->w - l->text_x - l->pad;
	if (l->text_w < 40)
		l->text_w = 40;
	l->h = c->rows * l->row_h + (c->rows - 1) * l->gap;
}

/* ---- rows (tick) ---------------------------------------------------------- */

static void row_clear(struct ticker_row *r)
{
	lk_ticker_item_clear(&r->item);
	r->wait_main = r->wait_sub = false;
}

/* "{buyer} just bought {product}" with "×2" after the product. */
static const char *sentence(struct dstr *out, const struct lk_ticker_item *it)
{
	struct dstr product = {0};
	const char *title = it->title && *it->title ? it->title : T_("Ticker.AProduct");
	if (it->quantity > 1) {
		char qty[32];
		snprintf(qty, sizeof(qty), "%lld", (long long)it->quantity);
		dstr_copy(&product, T_("Ticker.ProductQuantity"));
		dstr_replace(&product, "{quantity}", qty);
		dstr_replace(&product, "{product}", title);
	} else {
		dstr_copy(&product, title);
	}
	dstr_copy(out, T_("Ticker.JustBought"));
	dstr_replace(out, "{buyer}", it->buyer && *it->buyer ? it->buyer : T_("Ticker.Someone"));
	dstr_replace(out, "{product}", product.array ? product.array : "");
	dstr_free(&product);
	return out->array ? out->array : "";
}

static const char *more_text(struct dstr *out, int64_t more)
{
	char key[64], n[32];
	snprintf(n, sizeof(n), "%lld", (long long)more);
	dstr_copy(out, T_(lk_plural_key(key, sizeof(key), "Ticker.MoreOrders", T_("Locale.Code"), more)));
	dstr_replace(out, "{count}", n);
	return out->array ? out->array : "";
}

/* Posts the row's texts and image for its item (or idle text). */
static void row_fill(struct ticker_source *t, struct ticker_row *r, const char *idle_text)
{
	const struct ticker_layout *l = &t->lay;
	const struct lk_font_pair *f = &t->fonts;
	struct dstr buf = {0};
	bool burst = r->item.kind == LK_TICKER_BURST;

	struct lk_text_style st = lk_style(f, true, l->size_main, t->cfg.look.text);
	st.max_width = l->text_w;
	st.max_lines = burst ? 1 : 2;
	const char *main = idle_text ? idle_text : sentence(&buf, &r->item);
	r->wait_main = lk_text_tex_set(&r->main, main, &st);

	st = lk_style(f, false, l->size_sub, t->cfg.look.accent);
	st.max_width = l->text_w;
	st.max_lines = 1;
	r->wait_sub = lk_text_tex_set(&r->sub, burst ? more_text(&buf, r->item.more) : "", &st);
	dstr_free(&buf);
	lk_image_slot_set(&r->image, t->cfg.thumb && !idle_text ? r->item.image : NULL, l->thumb);
}

static void row_poll(struct ticker_row *r)
{
	if (lk_text_tex_poll(&r->main))
		r->wait_main = false;
	if (lk_text_tex_poll(&r->sub))
		r->wait_sub = false;
}

/* The queue's current entry became the head: the feed moves down. */
static void rows_push(struct ticker_source *t, const struct lk_ticker_item *cur, int64_t now)
{
	int n = t->cfg.rows;
	struct ticker_row last = t->rows[n - 1];
	memmove(&t->rows[1], &t->rows[0], sizeof(t->rows[0]) * (size_t)(n - 1));
	t->rows[0] = last; /* reuses the textures of the row that falls off */
	row_clear(&t->rows[0]);
	lk_ticker_item_copy(&t->rows[0].item, cur);
	row_fill(t, &t->rows[0], NULL);
	t->anim_pending = true;
	t->anim_pending_ms = now;
	t->leaving = false;
	t->leave_start = 0;
}

static void rows_drop(struct ticker_source *t)
{
	for (int i = 0; i < ROWS_MAX; i++)
		row_clear(&t->rows[i]);
}

static bool any_row(const struct ticker_source *t)
{
	return t->rows[0].item.kind != LK_TICKER_NONE;
}

/* ---- settings hand-over (tick) --------------------------------------------- */

/* New settings were adopted: the rows are laid out again (all of them
 * dropped if their number changed). */
static void adopted(struct ticker_source *t)
{
	lk_ticker_set_config(&t->queue, &t->cfg.queue);
	if (t->rows_shown != t->cfg.rows) {
		rows_drop(t);
		lk_ticker_clear(&t->queue);
		t->shown_seq = t->queue.seq;
		t->rows_shown = t->cfg.rows;
	}
	for (int i = 0; i < ROWS_MAX; i++)
		if (t->rows[i].item.kind != LK_TICKER_NONE)
			row_fill(t, &t->rows[i], NULL);
	t->has_idle = t->cfg.idle && *t->cfg.idle;
	row_fill(t, &t->idle, t->has_idle ? t->cfg.idle : "");
}

/* ---- tick ----------------------------------------------------------------- */

static void push_new_orders(struct ticker_source *t, int64_t now)
{
	struct lk_ticker_item *items = NULL;
	size_t n = lk_sales_follow_orders(&t->follow, &items);
	for (size_t i = 0; i < n; i++) {
		lk_ticker_push(&t->queue, &items[i], now);
		lk_ticker_item_clear(&items[i]);
	}
	bfree(items);
}

static float progress(int64_t now, int64_t start, int ms)
{
	if (!start)
		return 1.0f;
	float p = (float)(now - start) / (float)ms;
	return p < 0.0f ? 0.0f : p > 1.0f ? 1.0f : p;
}

static void ticker_video_tick(void *data, float seconds)
{
	struct ticker_source *t = data;
	int64_t now = lk_now_ms();
	int64_t frame_ms = (int64_t)(seconds * 1000.0f + 0.5f);
	if (lk_source_adopt(&t->base))
		adopted(t);
	if (!t->base.ready)
		return;
	for (int i = 0; i < ROWS_MAX; i++)
		row_poll(&t->rows[i]);
	row_poll(&t->idle);

	lk_source_take_images(&t->base); /* (the rows' stamps see them) */
	lk_sales_follow_update(&t->follow);
	push_new_orders(t, now);
	lk_ticker_tick(&t->queue, now);
	if (t->queue.seq != t->shown_seq) {
		t->shown_seq = t->queue.seq;
		if (t->queue.current.kind != LK_TICKER_NONE) {
			rows_push(t, &t->queue.current, now);
			if (t->cfg.sound && lk_source_on_screen(&t->base))
				ga_audio_play(t->audio, 0);
		} else if (any_row(t)) {
			/* max time on screen ran out: everything leaves */
			t->leaving = true;
			t->leave_start = now - frame_ms;
			if (!t->cfg.feed)
				lk_xfade_start(&t->xfade);
		}
	}
	/* the entrance starts once the head's texts are there (one frame back,
	 * so the first frame drawn already moves) */
	struct ticker_row *h = &t->rows[0];
	if (t->anim_pending && ((!h->wait_main && !h->wait_sub) || now - t->anim_pending_ms > TEXT_WAIT_MS)) {
		t->anim_pending = false;
		t->enter_start = now - frame_ms;
		if (!t->cfg.feed)
			lk_xfade_start(&t->xfade);
	}
	if (!t->cfg.feed)
		lk_xfade_tick(&t->xfade, seconds);
	t->enter = progress(now, t->enter_start, ENTER_MS);
	t->leave = t->leaving ? progress(now, t->leave_start, LEAVE_MS) : 0.0f;
	if (t->leaving && t->leave >= 1.0f && (t->cfg.feed || !lk_xfade_active(&t->xfade))) {
		t->leaving = false;
		rows_drop(t);
	}
}

/* ---- render --------------------------------------------------------------- */

struct row_draw {
	const struct ticker_source *t;
	const struct ticker_row *row;
	int first, count; /* feed: rows [first, first + count) */
};

/* One row at (0, y): panel, thumbnail, texts; mirrored for a right-to-left
 * sentence. */
static void draw_row(const struct ticker_source *t, const struct ticker_row *r, float y)
{
	const struct ticker_layout *l = &t->lay;
	const struct ticker_config *c = &t->cfg;
	bool rtl = r->main.rtl;
	float w = (float)l->w;
	lk_draw_rect(0.0f, y, w, (float)l->row_h, (float)l->radius, c->look.bg, 1.0f);
	bool idle = r->item.kind == LK_TICKER_NONE;
	if (l->thumb && !idle) {
		float tx = lk_mirror_x(rtl, w, (float)l->thumb_x, (float)l->thumb);
		struct lk_tex_view tex = lk_image_slot_texture((struct lk_image_slot *)&r->image);
		if (tex.texture)
			lk_draw_image(&tex, tx, y + (float)l->thumb_y, (float)l->thumb, (float)l->thumb,
				      (float)l->thumb * 0.16f, 1.0f);
		else
			lk_draw_placeholder(tx, y + (float)l->thumb_y, (float)l->thumb, (float)l->thumb,
					    (float)l->thumb * 0.16f, 1.0f);
	}
	float text_x = idle ? (float)l->pad : (float)l->text_x;
	float block = (float)r->main.cy + (float)r->sub.cy;
	float ty = y + ((float)l->row_h - block) * 0.5f;
	lk_text_tex_draw(&r->main, lk_mirror_x(rtl, w, text_x, (float)r->main.cx), ty, 1.0f);
	lk_text_tex_draw(&r->sub, lk_mirror_x(rtl, w, text_x, (float)r->sub.cx), ty + (float)r->main.cy, 1.0f);
}

static void draw_rows_cb(void *data)
{
	const struct row_draw *d = data;
	const struct ticker_layout *l = &d->t->lay;
	if (d->row) {
		draw_row(d->t, d->row, 0.0f);
		return;
	}
	for (int i = 0; i < d->count; i++) {
		const struct ticker_row *r = &d->t->rows[d->first + i];
		if (r->item.kind != LK_TICKER_NONE)
			draw_row(d->t, r, (float)(i * (l->row_h + l->gap)));
	}
}

static void draw_nothing_cb(void *data)
{
	UNUSED_PARAMETER(data);
}

static void stamp_row(uint64_t *h, struct ticker_row *r)
{
	lk_stamp_add(h, &r->item.kind, sizeof(r->item.kind));
	lk_stamp_text(h, &r->main);
	lk_stamp_text(h, &r->sub);
	lk_image_slot_stamp(h, &r->image);
}

static uint64_t stamp_setup(const struct ticker_source *t)
{
	uint64_t h = LK_STAMP_INIT;
	lk_stamp_add(&h, &t->lay, sizeof(t->lay));
	lk_stamp_add(&h, &t->cfg.look, sizeof(t->cfg.look));
	return h;
}

static void render_one(struct ticker_source *t)
{
	const struct ticker_layout *l = &t->lay;
	struct ticker_row *r = &t->rows[0];
	bool show = any_row(t) && !t->leaving && !t->anim_pending;
	if (!show && !any_row(t) && !lk_xfade_active(&t->xfade)) {
		lk_xfade_idle(&t->xfade);
		if (t->has_idle) {
			struct row_draw d = {t, &t->idle, 0, 0};
			uint64_t h = stamp_setup(t);
			stamp_row(&h, &t->idle);
			if (lk_layer_update(&t->head, (uint32_t)l->w, (uint32_t)l->row_h, 0.0f, 0.0f, h, draw_rows_cb,
					    &d))
				lk_layer_draw(&t->head, 0.0f, 0.0f, 1.0f);
		}
		return;
	}
	if (t->anim_pending) {
		/* the previous entry stays until the new one's texts are there */
		lk_layer_draw(&t->xfade.layer[t->xfade.cur], 0.0f, 0.0f, 1.0f);
		return;
	}
	uint64_t h = stamp_setup(t);
	if (show) {
		stamp_row(&h, r);
		struct row_draw d = {t, r, 0, 0};
		lk_xfade_render(&t->xfade, (uint32_t)l->w, (uint32_t)l->row_h, (float)l->pad * 3.0f, h, draw_rows_cb,
				&d);
	} else {
		lk_stamp_str(&h, "nothing");
		lk_xfade_render(&t->xfade, (uint32_t)l->w, (uint32_t)l->row_h, (float)l->pad * 3.0f, h, draw_nothing_cb,
				NULL);
	}
}

static void render_feed(struct ticker_source *t)
{
	const struct ticker_layout *l = &t->lay;
	int n = t->cfg.rows;
	float step = (float)(l->row_h + l->gap);
	if (!any_row(t)) {
		if (t->has_idle) {
			struct row_draw d = {t, &t->idle, 0, 0};
			uint64_t h = stamp_setup(t);
			stamp_row(&h, &t->idle);
			if (lk_layer_update(&t->head, (uint32_t)l->w, (uint32_t)l->row_h, 0.0f, 0.0f, h, draw_rows_cb,
					    &d))
				lk_layer_draw(&t->head, 0.0f, 0.0f, 1.0f);
		}
		return;
	}
	float alpha = t->leaving ? 1.0f - lk_ease_in_out_cubic(t->leave) : 1.0f;
	/* while the head waits for its texts the others stay where they were */
	float e = t->anim_pending ? 0.0f : lk_ease_out_cubic(t->enter);

	uint64_t h = stamp_setup(t);
	for (int i = 1; i < n; i++)
		stamp_row(&h, &t->rows[i]);
	struct row_draw rest = {t, NULL, 1, n - 1};
	if (n > 1 &&
	    lk_layer_update(&t->rest, (uint32_t)l->w, (uint32_t)((n - 1) * step), 0.0f, 0.0f, h, draw_rows_cb, &rest))
		lk_layer_draw(&t->rest, 0.0f, step * e, alpha);

	if (t->anim_pending)
		return;
	h = stamp_setup(t);
	stamp_row(&h, &t->rows[0]);
	struct row_draw head = {t, &t->rows[0], 0, 0};
	if (lk_layer_update(&t->head, (uint32_t)l->w, (uint32_t)l->row_h, 0.0f, 0.0f, h, draw_rows_cb, &head)) {
		float dx = (float)l->pad * 3.0f * (1.0f - e);
		lk_layer_draw(&t->head, lk_mirror_x(t->rows[0].main.rtl, 0.0f, -dx, 0.0f), 0.0f, alpha * e);
	}
}

static void ticker_video_render(void *data, gs_effect_t *effect)
{
	struct ticker_source *t = data;
	UNUSED_PARAMETER(effect);
	if (!t->base.ready || !t->lay.w)
		return;
	const bool previous_srgb = gs_framebuffer_srgb_enabled();
	gs_enable_framebuffer_srgb(false);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	if (t->cfg.feed)
		render_feed(t);
	else
		render_one(t);
	gs_blend_state_pop();
	gs_enable_framebuffer_srgb(previous_srgb);
}

/* ---- lifecycle (UI thread) ------------------------------------------------ */

static const char *ticker_get_name(void *type_data)
{
	UNUSED_PARAMETER(type_data);
	return T_("LinkonSalesTicker");
}

/* Text worker (and create, on the UI thread): the sound file goes to the
 * sound thread, which decodes it there. */
static void ticker_applied(void *data, const void *cfg)
{
	struct ticker_source *t = data;
	const struct ticker_config *c = cfg;
	const char *sounds[GA_TIERS] = {c->sound, NULL, NULL};
	ga_audio_set_sounds(t->audio, sounds);
}

static const struct lk_source_ops ticker_ops = {
	LK_SOURCE_PARTS(struct ticker_source, cfg, fonts, lay, lay.w, lay.h),
	.config_load = config_load,
	.config_free = config_clear,
	.layout = layout_compute,
	.applied = ticker_applied,
};

static void *ticker_create(obs_data_t *settings, obs_source_t *source)
{
	struct ticker_source *t = bzalloc(sizeof(*t));
	struct lk_ticker_config qc = {4000, 8000, 3};
	lk_ticker_init(&t->queue, &qc);
	lk_sales_follow_init(&t->follow, source);
	t->audio = ga_audio_create(source); /* before the setup: it hands the sound over */
	lk_source_init(&t->base, source, &ticker_ops, settings);
	for (int i = 0; i <= ROWS_MAX; i++) {
		struct ticker_row *r = i < ROWS_MAX ? &t->rows[i] : &t->idle;
		struct lk_text_tex *texts[] = {&r->main, &r->sub};
		struct lk_image_slot *images[] = {&r->image};
		lk_source_add_texts(&t->base, texts, 2);
		lk_source_add_images(&t->base, images, 1);
	}
	lk_source_add_layer(&t->base, &t->head);
	lk_source_add_layer(&t->base, &t->rest);
	lk_source_add_fade(&t->base, &t->xfade, ENTER_MS / 1000.0f);
	return t;
}

static void ticker_destroy(void *data)
{
	struct ticker_source *t = data;
	lk_source_free(&t->base);
	ga_audio_destroy(t->audio);
	for (int i = 0; i < ROWS_MAX; i++)
		lk_ticker_item_clear(&t->rows[i].item);
	lk_ticker_free(&t->queue);
	lk_sales_follow_free(&t->follow);
	bfree(t);
}

static void ticker_get_defaults(obs_data_t *s)
{
	struct lk_look def = {720, 0xE6161A22u, 0xFFFFFFFFu, 0xFFFFD34Du, 0xFFFFB020u, 18};
	lk_look_defaults(s, &def, 30);
	obs_data_set_default_string(s, S_MODE, MODE_ONE);
	obs_data_set_default_int(s, S_ROWS, 3);
	obs_data_set_default_double(s, S_MIN, 4.0);
	obs_data_set_default_double(s, S_MAX, 8.0);
	obs_data_set_default_int(s, S_FOLD, 3);
	obs_data_set_default_bool(s, S_THUMB, true);
	obs_data_set_default_string(s, S_SOUND, "");
	obs_data_set_default_string(s, S_IDLE, "");
}

static bool mode_modified(obs_properties_t *props, obs_property_t *p, obs_data_t *s)
{
	UNUSED_PARAMETER(p);
	obs_property_set_visible(obs_properties_get(props, S_ROWS),
				 strcmp(obs_data_get_string(s, S_MODE), MODE_FEED) == 0);
	return true;
}

static obs_properties_t *ticker_get_properties(void *data)
{
	UNUSED_PARAMETER(data);
	obs_properties_t *props = obs_properties_create();
	obs_property_t *p =
		obs_properties_add_list(props, S_MODE, T_("Ticker.Mode"), OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("Ticker.Mode.One"), MODE_ONE);
	obs_property_list_add_string(p, T_("Ticker.Mode.Feed"), MODE_FEED);
	obs_property_set_modified_callback(p, mode_modified);
	obs_properties_add_int_slider(props, S_ROWS, T_("Ticker.Rows"), 2, ROWS_MAX, 1);
	p = obs_properties_add_float(props, S_MIN, T_("Ticker.MinSeconds"), 0.5, 60.0, 0.5);
	obs_property_float_set_suffix(p, " s");
	p = obs_properties_add_float(props, S_MAX, T_("Ticker.MaxSeconds"), 0.0, 3600.0, 1.0);
	obs_property_float_set_suffix(p, " s");
	obs_property_set_long_description(p, T_("Ticker.MaxSeconds.Tip"));
	p = obs_properties_add_int(props, S_FOLD, T_("Ticker.FoldAt"), 0, 1000, 1);
	obs_property_set_long_description(p, T_("Ticker.FoldAt.Tip"));
	obs_properties_add_bool(props, S_THUMB, T_("Ticker.ShowThumbnail"));
	obs_properties_add_path(props, S_SOUND, T_("Ticker.Sound"), OBS_PATH_FILE, "WAV (*.wav)", NULL);
	obs_properties_add_text(props, S_IDLE, T_("Ticker.IdleText"), OBS_TEXT_DEFAULT);
	lk_look_properties(props, T_("Ticker.AccentColor"));
	return props;
}

struct obs_source_info lk_sales_ticker_info = {
	.id = "linkon_sales_ticker",
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_AUDIO | OBS_SOURCE_CUSTOM_DRAW,
	.get_name = ticker_get_name,
	.create = ticker_create,
	.destroy = ticker_destroy,
	.update = lk_source_update,
	.get_defaults = ticker_get_defaults,
	.get_properties = ticker_get_properties,
	.video_tick = ticker_video_tick,
	.video_render = ticker_video_render,
	.get_width = lk_source_get_width,
	.get_height = lk_source_get_height,
	.icon_type = OBS_ICON_TYPE_TEXT,
};
