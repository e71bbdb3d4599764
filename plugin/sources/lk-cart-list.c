/*
 * Linkon — "linkon_cart_list": the live cart as numbered rows (slot,
 * thumbnail, title, price) with the pinned row highlighted; at most
 * max_rows rows, the visible window follows the pinned row, a "+N more"
 * line says what does not fit. A product whose flash sale is live shows the
 * sale price (lk_price_at, shared with the product card and the timer).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads and shared fields (the lifecycle of lk-source-common.h):
 * - update (inside video_tick in libobs 29) posts the settings to the text
 *   worker, where config_load reads them, the fonts are loaded (file I/O)
 *   and layout_compute measures the layout (create does it itself, on the UI
 *   thread).
 * - video_tick (graphics thread) adopts the pending config, follows the
 *   store's snapshots and fills the rows (texts are laid out on the text
 *   worker; tick swaps finished bitmaps in; thumbnails);
 *   video_render (graphics thread) only draws. The fields under "graphics
 *   thread only" are theirs.
 */
#include "lk-source-common.h"
#include "lk-draw.h"
#include "lk-money.h"
#include "lk-price.h"
#include "lk-store.h"
#include "lk-text.h"

#include <obs-module.h>
#include <string.h>
#include <util/threading.h>

#define SETTING_MAX_ROWS "max_rows"

#define MAX_ROWS 20
#define DEFAULT_FONT_SIZE 26

#define T_(key) obs_module_text(key)

/* width, background, text, price, accent (0xAARRGGBB), corner radius */
static const struct lk_look default_look = {520, 0xE0141821, 0xFFFFFFFF, 0xFFFFD23F, 0xFFFF2E63, 14};

struct list_config {
	int max_rows;
	struct lk_look look;
};

struct list_layout {
	int w, h, pad, gap, radius;
	int row_h, thumb, size_title, size_slot, size_small;
	int slot_x, slot_w, thumb_x, title_x, footer_y;
};

struct list_row {
	struct lk_text_tex slot, title, price;
	struct lk_image_slot thumb;
	bool pinned;
	bool rtl;                   /* the title reads right to left: the row is mirrored (price on the left) */
	const struct lk_sale *sale; /* live sale priced in, borrowed from the snapshot; NULL = none */
};

struct cart_list {
	struct lk_source base; /* settings hand-over into cfg/fonts/lay (list_ops), size, what destroy frees */

	/* graphics thread only */
	struct list_config cfg;
	struct lk_font_pair fonts;
	struct list_layout lay;
	struct lk_snap_follow follow;
	size_t start;         /* first cart index shown */
	int num_rows;         /* rows in use (0 = the "empty" row) */
	size_t hidden;        /* cart entries not shown */
	int64_t price_due_ms; /* platform ms the rows' live sales are looked at again */
	struct list_row rows[MAX_ROWS];
	struct lk_text_tex empty, footer;
	struct lk_layer layer; /* the list composed, drawn again only when it changes */
	/* the rows changed (another cart, order, price or font): the list keeps
	 * its last picture while their new words are on the text worker, at
	 * most LK_FRESH_TICKS ticks, so no row shows another product's title
	 * beside its picture (lk_fresh_start / lk_fresh_tick) */
	int fresh;
};

/* ---- config and layout (text worker, or the UI thread in create) ------- */

static void config_load(void *config, obs_data_t *s)
{
	struct list_config *cfg = config;
	cfg->max_rows = (int)obs_data_get_int(s, SETTING_MAX_ROWS);
	cfg->max_rows = cfg->max_rows < 1 ? 1 : cfg->max_rows > MAX_ROWS ? MAX_ROWS : cfg->max_rows;
	lk_look_load(&cfg->look, s);
}

static void layout_compute(void *lay, const void *config, const struct lk_font_pair *f)
{
	struct list_layout *l = lay;
	const struct list_config *cfg = config;
	int s = f->size;
	memset(l, 0, sizeof(*l));
	l->w = cfg->look.width;
	l->pad = lk_px(s, 0.45f) < 6 ? 6 : lk_px(s, 0.45f);
	l->gap = lk_px(s, 0.28f);
	l->radius = cfg->look.radius;
	l->size_title = s;
	l->size_slot = lk_px(s, 0.85f);
	l->size_small = lk_px(s, 0.7f);

	int line_h = lk_text_lines_height(f->regular, s, 1);
	l->row_h = line_h + 2 * lk_px(s, 0.4f);
	if (l->row_h < lk_px(s, 2.1f))
		l->row_h = lk_px(s, 2.1f);
	l->thumb = l->row_h - 2 * lk_px(s, 0.22f);
	l->slot_x = l->pad;
	struct dstr slot = {0};
	int latin = lk_text_width(f->bold, l->size_slot, "#88");
	l->slot_w = lk_text_width(f->bold, l->size_slot, lk_template(&slot, T_("CartList.Slot"), "88"));
	l->slot_w = l->slot_w > latin ? l->slot_w : latin;
	dstr_free(&slot);
	l->thumb_x = l->slot_x + l->slot_w + lk_px(l->pad, 0.7f);
	l->title_x = l->thumb_x + l->thumb + l->pad;

	int rows_h = cfg->max_rows * l->row_h + (cfg->max_rows - 1) * l->gap;
	l->footer_y = rows_h + l->gap / 2;
	l->h = l->footer_y + lk_text_lines_height(f->regular, l->size_small, 1);
}

/* ---- rows (tick) -------------------------------------------------------- */

static void row_fill(struct cart_list *c, struct list_row *row, const struct lk_product *p, size_t slot, bool pinned,
		     int64_t now, struct dstr *buf)
{
	const struct list_layout *l = &c->lay;
	const struct lk_snapshot *snap = c->follow.snap;
	uint32_t ink = pinned ? lk_color_on(c->cfg.look.accent) : c->cfg.look.text;
	struct lk_price_view pv;

	lk_price_at(p, snap->sales, snap->num_sales, now, &pv);
	row->sale = pv.sale;
	row->pinned = pinned;
	lk_image_slot_set(&row->thumb, p->image, l->thumb);

	struct lk_text_style st =
		lk_style(&c->fonts, true, l->size_slot, pinned ? ink : lk_color_fade(c->cfg.look.text, 0.75f));
	lk_text_tex_set(&row->slot, lk_template_int(buf, T_("CartList.Slot"), (long long)slot), &st);

	st = lk_style(&c->fonts, true, l->size_title, pinned ? ink : c->cfg.look.price);
	st.tabular_digits = true;
	st.max_width = l->w / 2;
	lk_text_tex_set(&row->price, lk_money_format(buf, pv.price, p->currency), &st);

	st = lk_style(&c->fonts, pinned, l->size_title, ink);
	st.max_width = l->w - l->pad - (int)row->price.cx - l->pad - l->title_x;
	st.max_width = st.max_width < l->size_title ? l->size_title : st.max_width;
	st.max_lines = 1;
	lk_text_tex_set(&row->title, p->title ? p->title : p->id, &st);
	row->rtl = lk_text_is_rtl(p->title ? p->title : p->id);
}

static void row_clear(struct list_row *row)
{
	row->pinned = false;
	row->sale = NULL;
	lk_image_slot_set(&row->thumb, NULL, 0);
}

/* Keeps the window where it is while the pinned row is in it; otherwise
 * moves it so the pinned row sits in the middle. */
static void window_update(struct cart_list *c, size_t n, size_t pinned_slot)
{
	size_t rows = (size_t)c->cfg.max_rows;
	if (n <= rows) {
		c->start = 0;
		return;
	}
	if (pinned_slot) {
		size_t idx = pinned_slot - 1;
		if (idx < c->start || idx >= c->start + rows)
			c->start = idx >= rows / 2 ? idx - rows / 2 : 0;
	}
	if (c->start > n - rows)
		c->start = n - rows;
}

static void rows_update(struct cart_list *c, int64_t now)
{
	const struct lk_snapshot *snap = c->follow.snap;
	size_t n = snap ? snap->num_cart : 0;
	size_t pinned_slot = snap && snap->pinned ? snap->pinned_slot : 0;
	struct dstr buf = {0};

	c->price_due_ms = snap ? lk_price_next_change(snap->sales, snap->num_sales, now) : INT64_MAX;
	window_update(c, n, pinned_slot);
	size_t shown = n - c->start < (size_t)c->cfg.max_rows ? n - c->start : (size_t)c->cfg.max_rows;
	c->num_rows = (int)shown;
	c->hidden = n - shown;

	for (size_t i = 0; i < MAX_ROWS; i++) {
		if (i < shown) {
			size_t idx = c->start + i;
			row_fill(c, &c->rows[i], snap->cart[idx], idx + 1, pinned_slot == idx + 1, now, &buf);
		} else {
			row_clear(&c->rows[i]);
		}
	}

	struct lk_text_style st = lk_style(&c->fonts, false, c->lay.size_title, lk_color_fade(c->cfg.look.text, 0.6f));
	lk_text_tex_set(&c->empty, n ? "" : T_("CartList.Empty"), &st);
	st = lk_style(&c->fonts, false, c->lay.size_small, lk_color_fade(c->cfg.look.text, 0.75f));
	lk_text_tex_set(&c->footer, c->hidden ? lk_template_int(&buf, T_("CartList.More"), (long long)c->hidden) : "",
			&st);
	dstr_free(&buf);
}

/* Has a shown row's live sale changed at platform time now (a sale went
 * live or ended by the clock, with no new snapshot)? Looked at only when
 * some sale's state is due to change (price_due_ms). */
static bool sales_moved(struct cart_list *c, int64_t now)
{
	const struct lk_snapshot *snap = c->follow.snap;
	if (!snap || now < c->price_due_ms)
		return false;
	c->price_due_ms = lk_price_next_change(snap->sales, snap->num_sales, now);
	for (int i = 0; i < c->num_rows; i++) {
		const struct lk_product *p = snap->cart[c->start + (size_t)i];
		if (lk_price_live_sale(snap->sales, snap->num_sales, p->id, now) != c->rows[i].sale)
			return true;
	}
	return false;
}

static void list_video_tick(void *data, float seconds)
{
	struct cart_list *c = data;
	bool cfg_changed = lk_source_adopt(&c->base);
	bool snap_changed = lk_snap_follow_update(&c->follow, lk_source_store(c->base.source));
	int64_t now = c->follow.snap ? lk_snapshot_platform_now(c->follow.snap, lk_now_ms()) : 0;
	if (cfg_changed || snap_changed || sales_moved(c, now)) {
		rows_update(c, now);
		/* a hold already running is not restarted: snapshots that keep
		 * coming (stock in a flash sale) must not keep the picture old
		 * for longer than the 30 ticks; with no text on the worker the
		 * hold ends in this tick */
		if (!c->fresh)
			lk_fresh_start(&c->fresh);
	}
	/* rows are placed at render time from the texts' sizes; a title's
	 * width depends on its price's, so a new size fills the rows again */
	bool resized = false;
	for (size_t i = 0; i < MAX_ROWS; i++) {
		struct lk_text_tex *row[] = {&c->rows[i].slot, &c->rows[i].title, &c->rows[i].price};
		resized = lk_text_tex_poll_all(row, 3) || resized;
	}
	if (resized)
		rows_update(c, now);
	lk_text_tex_poll(&c->empty);
	lk_text_tex_poll(&c->footer);
	lk_source_take_images(&c->base); /* (the rows' stamps see them) */
	if (c->fresh) {
		struct lk_text_tex *all[3 * MAX_ROWS + 2];
		size_t n = 0;
		for (int i = 0; i < c->num_rows; i++) {
			all[n++] = &c->rows[i].slot;
			all[n++] = &c->rows[i].title;
			all[n++] = &c->rows[i].price;
		}
		all[n++] = &c->empty;
		all[n++] = &c->footer;
		lk_fresh_tick(&c->fresh, all, n);
	}
}

/* ---- render ------------------------------------------------------------- */

static float centered(int box, uint32_t size)
{
	return ((float)box - (float)size) * 0.5f;
}

static void draw_row(struct cart_list *c, struct list_row *row, float y)
{
	const struct list_layout *l = &c->lay;
	float r = (float)l->radius;
	float tr = r * 0.5f;

	float w = (float)l->w;
	bool m = row->rtl;

	lk_draw_rect(0.0f, y, w, (float)l->row_h, r, row->pinned ? c->cfg.look.accent : c->cfg.look.bg, 1.0f);
	lk_text_tex_draw(&row->slot,
			 lk_mirror_x(m, w, (float)l->slot_x + centered(l->slot_w, row->slot.cx), row->slot.cx),
			 y + centered(l->row_h, row->slot.cy), 1.0f);

	float ty = y + centered(l->row_h, (uint32_t)l->thumb);
	float tx = lk_mirror_x(m, w, (float)l->thumb_x, (uint32_t)l->thumb);
	struct lk_tex_view tex = lk_image_slot_texture(&row->thumb);
	if (tex.texture)
		lk_draw_image(&tex, tx, ty, (float)l->thumb, (float)l->thumb, tr, 1.0f);
	else
		lk_draw_placeholder(tx, ty, (float)l->thumb, (float)l->thumb, tr, 1.0f);

	lk_text_tex_draw(&row->title, lk_mirror_x(m, w, (float)l->title_x, row->title.cx),
			 y + centered(l->row_h, row->title.cy), 1.0f);
	lk_text_tex_draw(&row->price, lk_mirror_x(m, w, (float)(l->w - l->pad) - (float)row->price.cx, row->price.cx),
			 y + centered(l->row_h, row->price.cy), 1.0f);
}

static void draw_list(void *data)
{
	struct cart_list *c = data;
	const struct list_layout *l = &c->lay;

	if (c->num_rows == 0) {
		lk_draw_rect(0.0f, 0.0f, (float)l->w, (float)l->row_h, (float)l->radius,
			     lk_color_fade(c->cfg.look.bg, 0.6f), 1.0f);
		lk_text_tex_draw(&c->empty, (float)l->pad * 1.5f, centered(l->row_h, c->empty.cy), 1.0f);
	}
	for (int i = 0; i < c->num_rows; i++)
		draw_row(c, &c->rows[i], (float)(i * (l->row_h + l->gap)));
	if (c->hidden)
		lk_text_tex_draw(&c->footer, (float)l->pad, (float)l->footer_y, 1.0f);
}

/* Everything draw_list draws from: same stamp, same pixels. */
static uint64_t list_stamp(struct cart_list *c)
{
	uint64_t h = LK_STAMP_INIT;

	lk_stamp_add(&h, &c->lay, sizeof(c->lay));
	lk_stamp_add(&h, &c->cfg.look, sizeof(c->cfg.look));
	lk_stamp_add(&h, &c->num_rows, sizeof(c->num_rows));
	lk_stamp_add(&h, &c->hidden, sizeof(c->hidden));
	for (int i = 0; i < c->num_rows; i++) {
		struct list_row *row = &c->rows[i];
		lk_stamp_add(&h, &row->pinned, sizeof(row->pinned));
		lk_stamp_text(&h, &row->slot);
		lk_stamp_text(&h, &row->title);
		lk_stamp_text(&h, &row->price);
		lk_image_slot_stamp(&h, &row->thumb);
	}
	lk_stamp_text(&h, &c->empty);
	lk_stamp_text(&h, &c->footer);
	return h;
}

static void list_video_render(void *data, gs_effect_t *effect)
{
	struct cart_list *c = data;
	const struct list_layout *l = &c->lay;
	if (!l->w || !l->h)
		return;

	/* while the rows' new words are on their way the last picture stays
	 * (the same stamp: not composed again); a new size is composed at once,
	 * under its own stamp (so it is composed again when the words come) */
	bool same_size = c->layer.valid && c->layer.cx == (uint32_t)l->w && c->layer.cy == (uint32_t)l->h;
	uint64_t stamp = c->fresh && same_size ? c->layer.stamp : list_stamp(c);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	if (lk_layer_update(&c->layer, (uint32_t)l->w, (uint32_t)l->h, 0.0f, 0.0f, stamp, draw_list, c))
		lk_layer_draw(&c->layer, 0.0f, 0.0f, 1.0f);
	gs_blend_state_pop();
}

/* ---- lifecycle (UI thread) ---------------------------------------------- */

static const char *list_get_name(void *type_data)
{
	return T_("LinkonCartList");
}

/* config_load and layout_compute run on the text worker (or in create, on
 * the UI thread): never the graphics thread. */
static const struct lk_source_ops list_ops = {
	LK_SOURCE_PARTS(struct cart_list, cfg, fonts, lay, lay.w, lay.h),
	.config_load = config_load,
	.layout = layout_compute,
};

static void *list_create(obs_data_t *settings, obs_source_t *source)
{
	struct cart_list *c = bzalloc(sizeof(*c));
	lk_source_init(&c->base, source, &list_ops, settings);
	for (size_t i = 0; i < MAX_ROWS; i++) {
		struct lk_text_tex *row[] = {&c->rows[i].slot, &c->rows[i].title, &c->rows[i].price};
		struct lk_image_slot *thumb = &c->rows[i].thumb;
		lk_source_add_texts(&c->base, row, 3);
		lk_source_add_images(&c->base, &thumb, 1);
	}
	struct lk_text_tex *more[] = {&c->empty, &c->footer};
	lk_source_add_texts(&c->base, more, 2);
	lk_source_add_layer(&c->base, &c->layer);
	return c;
}

static void list_destroy(void *data)
{
	struct cart_list *c = data;

	lk_source_free(&c->base);
	lk_snap_follow_free(&c->follow);
	bfree(c);
}

static void list_get_defaults(obs_data_t *s)
{
	obs_data_set_default_int(s, SETTING_MAX_ROWS, 5);
	lk_look_defaults(s, &default_look, DEFAULT_FONT_SIZE);
}

static obs_properties_t *list_get_properties(void *data)
{
	obs_properties_t *props = obs_properties_create();

	obs_properties_add_int(props, SETTING_MAX_ROWS, T_("CartList.MaxRows"), 1, MAX_ROWS, 1);
	lk_look_properties(props, T_("CartList.HighlightColor"));
	return props;
}

struct obs_source_info lk_cart_list_info = {
	.id = "linkon_cart_list",
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.get_name = list_get_name,
	.create = list_create,
	.destroy = list_destroy,
	.update = lk_source_update,
	.get_defaults = list_get_defaults,
	.get_properties = list_get_properties,
	.video_tick = list_video_tick,
	.video_render = list_video_render,
	.get_width = lk_source_get_width,
	.get_height = lk_source_get_height,
	.icon_type = OBS_ICON_TYPE_TEXT,
};
