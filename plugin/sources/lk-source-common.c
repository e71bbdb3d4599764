/*
 * Linkon — helpers shared by the source types.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-source-common.h"
#include "lk-ahead.h"
#include "lk-draw.h"
#include "lk-gfx-prep.h"
#include "lk-image.h"
#include "lk-module.h"
#include "lk-store.h"
#include "lk-text.h"

#include <graphics/vec4.h>
#include <util/platform.h>
#include <math.h>
#include <string.h>

/* ---- the source lifecycle ----------------------------------------------- */

/* What the text worker prepares for tick: the parts' new values. */
struct lk_source_setup {
	struct lk_font_pair fonts;
	void *cfg, *lay;
};

static void setup_free(const struct lk_source_ops *ops, struct lk_source_setup *s)
{
	if (ops->config_free)
		ops->config_free(s->cfg);
	lk_font_pair_release(&s->fonts);
	bfree(s->cfg);
	bfree(s->lay);
	bfree(s);
}

/* Text worker (or the UI thread in create): the setup replaces a pending
 * one tick has not taken yet. */
static void source_setup_run(void *data, obs_data_t *settings)
{
	struct lk_source *b = data;
	const struct lk_source_ops *ops = b->ops;
	struct lk_source_setup *s = bzalloc(sizeof(*s));

	s->cfg = bzalloc(ops->config_size);
	s->lay = bzalloc(ops->layout_size);
	ops->config_load(s->cfg, settings);
	lk_font_pair_load(&s->fonts, settings, LK_SETTING_FONT);
	ops->layout(s->lay, s->cfg, &s->fonts);
	if (ops->applied)
		ops->applied(data, s->cfg);
	const int *w = (const int *)((const char *)s->lay + ops->width_offset);
	const int *h = (const int *)((const char *)s->lay + ops->height_offset);
	os_atomic_set_long(&b->cx, *w > 0 ? *w : 0);
	os_atomic_set_long(&b->cy, *h > 0 ? *h : 0);

	pthread_mutex_lock(&b->mutex);
	struct lk_source_setup *old = b->pending;
	b->pending = s;
	pthread_mutex_unlock(&b->mutex);
	if (old)
		setup_free(ops, old);
	lk_ahead_poke(b->ahead); /* (NULL in create: it runs before the source opts in) */
}

void lk_source_init(struct lk_source *b, obs_source_t *source, const struct lk_source_ops *ops, obs_data_t *settings)
{
	b->source = source;
	b->ops = ops;
	pthread_mutex_init(&b->mutex, NULL);
	pthread_mutex_init(&b->state_lock, NULL);
	b->task = lk_text_task_create(source_setup_run, b);
	source_setup_run(b, settings);
}

void lk_source_add_texts(struct lk_source *b, struct lk_text_tex *const *texts, size_t n)
{
	da_push_back_array(b->texts, texts, n);
}

void lk_source_add_images(struct lk_source *b, struct lk_image_slot *const *images, size_t n)
{
	da_push_back_array(b->images, images, n);
}

bool lk_source_take_images(struct lk_source *b)
{
	bool changed = false;
	for (size_t i = 0; i < b->images.num; i++)
		changed = lk_image_slot_take(b->images.array[i]) || changed;
	return changed;
}

void lk_source_add_layer(struct lk_source *b, struct lk_layer *layer)
{
	da_push_back(b->layers, &layer);
}

void lk_source_add_fade(struct lk_source *b, struct lk_xfade *fade, float duration)
{
	lk_xfade_init(fade, duration);
	b->fade = fade;
}

/* How long finished texts are left while others of the source are on the
 * worker (by tick and by the runs), from when a run first saw it so. */
#define AHEAD_HOLD_NS 150000000ull
/* A composition waiting for texts is done this long before the next frame
 * at the latest (the software renderer rasterises it meanwhile). */
#define AHEAD_LEAD_NS 6000000ull

/* When the next video frame starts (os_gettime_ns), after now. */
static uint64_t next_frame_ns(uint64_t now)
{
	uint64_t interval = obs_get_frame_interval_ns(), t = obs_get_video_frame_time();
	if (!interval || !t)
		return now;
	if (t <= now)
		t += ((now - t) / interval + 1) * interval;
	return t;
}

/* Under the source's lock. */
static bool texts_working(struct lk_source *b)
{
	return lk_text_tex_working_any(b->texts.array, b->texts.num);
}

/* Under the source's lock: moves whenever a text gets new pixels. */
static uint64_t texts_gen(struct lk_source *b)
{
	uint64_t gen = 0;
	for (size_t i = 0; i < b->texts.num; i++)
		gen += b->texts.array[i]->gen;
	return gen;
}

/* Composing in an ahead run (the compose-ahead thread, inside graphics): a
 * layer that needs a bigger render target makes it there and then, as no
 * frame waits for it. */
static _Thread_local bool composing_ahead;

/* Under the source's lock, inside graphics. */
static void compose_ahead(struct lk_source *b)
{
	composing_ahead = true;
	b->ahead_compose(b);
	composing_ahead = false;
	gs_flush(); /* the rasteriser starts on it now, not in the frame */
}

/* The compose-ahead thread (contract in lk-source-common.h), poked by
 * every change, and by every text the worker finishes. A run never waits:
 * while texts of the source are still on the worker it leaves the finished
 * ones where they are (and so does tick, lk_source_ahead_active), and the
 * run the last one's end pokes takes them all and composes once. What the
 * run's catching up changed meanwhile (another product: its texts left out
 * until they are there) is composed then, or by a run asked for just
 * before the next frame if they are not there by then: so a frame only
 * draws. A frame that comes before a run does the work itself, as without
 * this thread. */
static void source_ahead(void *data)
{
	struct lk_source *b = data;
	if (!lk_source_on_screen(b))
		return; /* (its render would not draw it: the tick keeps up, and
			 * takes the texts after AHEAD_HOLD_NS at most) */

	/* inside the graphics context too: render reads what catching up
	 * writes, and takes no lock of the source. The graphics context
	 * first, then only a try at the source's lock: tick takes that lock
	 * and then the context (a text swapped in), so a run never waits
	 * for the lock while it holds the context, nor holds the lock while
	 * it waits for the context (tick would wait on it as long). Busy:
	 * asked again a millisecond later. */
	if (!lk_gfx_enter())
		return;
	if (pthread_mutex_trylock(&b->state_lock) != 0) {
		lk_gfx_leave();
		lk_ahead_poke_at(b->ahead, os_gettime_ns() + 1000000);
		return;
	}
	/* finished texts are left while others are on the worker, for
	 * AHEAD_HOLD_NS at most (texts posted again and again must show) */
	uint64_t now = os_gettime_ns();
	bool working = texts_working(b);
	if (working && !b->ahead_since_ns)
		b->ahead_since_ns = now;
	bool take = !working || now - b->ahead_since_ns >= AHEAD_HOLD_NS;
	uint64_t gen = texts_gen(b);
	bool changed = b->ahead_catch_up(b, take);
	changed = changed || texts_gen(b) != gen; /* new pixels (of the same size) */
	if (changed || b->ahead_postponed) {
		/* texts still on the worker and the next frame far enough: once
		 * with them (their end pokes), or just before that frame without */
		uint64_t due = next_frame_ns(now) - AHEAD_LEAD_NS;
		b->ahead_postponed = texts_working(b) && due > now;
		if (b->ahead_postponed)
			lk_ahead_poke_at(b->ahead, due);
		else
			compose_ahead(b);
	}
	if (!texts_working(b))
		b->ahead_since_ns = 0;
	else if (take || !b->ahead_since_ns)
		b->ahead_since_ns = now;
	lk_ahead_ran(b->ahead); /* (a tick waiting for the lock need not leave it anything) */
	lk_gfx_leave();
	lk_source_unlock(b);
}

bool lk_source_leave_to_ahead(struct lk_source *b)
{
	bool leave = !b->ahead_left && lk_ahead_pending(b->ahead);
	b->ahead_left = leave;
	return leave;
}

bool lk_source_frame_holds(const struct lk_source *b)
{
	return b->ahead_left;
}

bool lk_source_ahead_active(const struct lk_source *b)
{
	return b->ahead_since_ns && os_gettime_ns() - b->ahead_since_ns < AHEAD_HOLD_NS;
}

void lk_source_compose_ahead(struct lk_source *b, bool (*catch_up)(void *b, bool take_texts), void (*compose)(void *b))
{
	b->ahead_catch_up = catch_up;
	b->ahead_compose = compose;
	b->ahead = lk_ahead_create(b->source, source_ahead, b);
}

void lk_source_lock(struct lk_source *b)
{
	pthread_mutex_lock(&b->state_lock);
}

void lk_source_unlock(struct lk_source *b)
{
	pthread_mutex_unlock(&b->state_lock);
}

void lk_source_free(struct lk_source *b)
{
	lk_text_task_destroy(b->task); /* no setup runs after this */
	b->task = NULL;
	lk_ahead_destroy(b->ahead); /* no run after this (none can be on: it would hold a reference) */
	b->ahead = NULL;
	for (size_t i = 0; i < b->texts.num; i++)
		lk_text_tex_free(b->texts.array[i]);
	for (size_t i = 0; i < b->images.num; i++)
		lk_image_slot_free(b->images.array[i]);
	if (b->layers.num) {
		obs_enter_graphics();
		for (size_t i = 0; i < b->layers.num; i++)
			lk_layer_free(b->layers.array[i]);
		obs_leave_graphics();
	}
	if (b->fade)
		lk_xfade_free(b->fade);
	da_free(b->texts);
	da_free(b->images);
	da_free(b->layers);
	if (b->pending)
		setup_free(b->ops, b->pending);
	b->pending = NULL;
	if (b->ready && b->ops->config_free)
		b->ops->config_free((char *)b + b->ops->config_offset);
	lk_font_pair_release((struct lk_font_pair *)((char *)b + b->ops->fonts_offset));
	pthread_mutex_destroy(&b->mutex);
	pthread_mutex_destroy(&b->state_lock);
}

void lk_source_update(void *data, obs_data_t *settings)
{
	struct lk_source *b = data;
	lk_text_task_post(b->task, settings);
}

bool lk_source_adopt(struct lk_source *b)
{
	const struct lk_source_ops *ops = b->ops;
	pthread_mutex_lock(&b->mutex);
	struct lk_source_setup *s = b->pending;
	b->pending = NULL;
	pthread_mutex_unlock(&b->mutex);
	if (!s)
		return false;

	char *base = (char *)b;
	struct lk_font_pair *fonts = (struct lk_font_pair *)(base + ops->fonts_offset);
	if (b->ready && ops->config_free)
		ops->config_free(base + ops->config_offset);
	lk_font_pair_release(fonts);
	memcpy(base + ops->config_offset, s->cfg, ops->config_size);
	memcpy(base + ops->layout_offset, s->lay, ops->layout_size);
	*fonts = s->fonts;
	bfree(s->cfg);
	bfree(s->lay);
	bfree(s);
	b->ready = true;
	for (size_t i = 0; i < b->texts.num; i++)
		lk_text_tex_invalidate(b->texts.array[i]);
	return true;
}

uint32_t lk_source_get_width(void *data)
{
	struct lk_source *b = data;
	return (uint32_t)os_atomic_load_long(&b->cx);
}

uint32_t lk_source_get_height(void *data)
{
	struct lk_source *b = data;
	return (uint32_t)os_atomic_load_long(&b->cy);
}

bool lk_source_on_screen(const struct lk_source *b)
{
	return obs_source_active(b->source) || obs_source_showing(b->source);
}

/* ---- colours ------------------------------------------------------------ */

static uint32_t swap_red_blue(uint32_t c)
{
	return (c & 0xFF00FF00u) | ((c & 0x00FF0000u) >> 16) | ((c & 0x000000FFu) << 16);
}

uint32_t lk_color_from_obs(long long abgr)
{
	return swap_red_blue((uint32_t)abgr);
}

long long lk_color_to_obs(uint32_t argb)
{
	return (long long)swap_red_blue(argb);
}

uint32_t lk_color_fade(uint32_t argb, float mul)
{
	if (mul < 0.0f)
		mul = 0.0f;
	if (mul > 1.0f)
		mul = 1.0f;
	uint32_t a = (uint32_t)((float)(argb >> 24) * mul + 0.5f);
	return (a << 24) | (argb & 0x00FFFFFFu);
}

uint32_t lk_color_on(uint32_t argb)
{
	float r = (float)((argb >> 16) & 0xFF) / 255.0f;
	float g = (float)((argb >> 8) & 0xFF) / 255.0f;
	float b = (float)(argb & 0xFF) / 255.0f;
	float luma = 0.2126f * r + 0.7152f * g + 0.0722f * b;
	return luma > 0.6f ? 0xFF17171Cu : 0xFFFFFFFFu;
}

/* ---- settings every source has ------------------------------------------ */

void lk_look_defaults(obs_data_t *s, const struct lk_look *def, int font_size)
{
	obs_data_set_default_int(s, LK_SETTING_WIDTH, def->width);
	lk_font_defaults(s, LK_SETTING_FONT, LK_DEFAULT_FACE, font_size);
	obs_data_set_default_int(s, LK_SETTING_BG_COLOR, lk_color_to_obs(def->bg));
	obs_data_set_default_int(s, LK_SETTING_TEXT_COLOR, lk_color_to_obs(def->text));
	obs_data_set_default_int(s, LK_SETTING_PRICE_COLOR, lk_color_to_obs(def->price));
	obs_data_set_default_int(s, LK_SETTING_ACCENT_COLOR, lk_color_to_obs(def->accent));
	obs_data_set_default_int(s, LK_SETTING_RADIUS, def->radius);
}

void lk_look_load(struct lk_look *look, obs_data_t *s)
{
	long long w = obs_data_get_int(s, LK_SETTING_WIDTH);
	long long r = obs_data_get_int(s, LK_SETTING_RADIUS);
	look->width = (int)(w < 200 ? 200 : w > 4096 ? 4096 : w);
	look->bg = lk_color_from_obs(obs_data_get_int(s, LK_SETTING_BG_COLOR));
	look->text = lk_color_from_obs(obs_data_get_int(s, LK_SETTING_TEXT_COLOR));
	look->price = lk_color_from_obs(obs_data_get_int(s, LK_SETTING_PRICE_COLOR));
	look->accent = lk_color_from_obs(obs_data_get_int(s, LK_SETTING_ACCENT_COLOR));
	look->radius = (int)(r < 0 ? 0 : r > 256 ? 256 : r);
}

void lk_look_properties(obs_properties_t *props, const char *accent_label)
{
	obs_properties_add_int(props, LK_SETTING_WIDTH, obs_module_text("Common.Width"), 200, 4096, 1);
	obs_properties_add_font(props, LK_SETTING_FONT, obs_module_text("Common.Font"));
	obs_properties_add_color_alpha(props, LK_SETTING_BG_COLOR, obs_module_text("Common.BackgroundColor"));
	obs_properties_add_color_alpha(props, LK_SETTING_TEXT_COLOR, obs_module_text("Common.TextColor"));
	obs_properties_add_color_alpha(props, LK_SETTING_PRICE_COLOR, obs_module_text("Common.PriceColor"));
	obs_properties_add_color_alpha(props, LK_SETTING_ACCENT_COLOR, accent_label);
	obs_properties_add_int_slider(props, LK_SETTING_RADIUS, obs_module_text("Common.CornerRadius"), 0, 64, 1);
}

void lk_props_list_products(obs_property_t *list, const char *none_label, struct lk_store *store)
{
	struct lk_snapshot *snap = store ? lk_store_get(store) : NULL;
	struct dstr name = {0};

	obs_property_list_add_string(list, none_label, "");
	for (size_t i = 0; snap && i < snap->num_products; i++) {
		const struct lk_product *p = snap->products[i];
		dstr_printf(&name, "%s \xE2\x80\x94 %s", p->id, p->title ? p->title : "");
		obs_property_list_add_string(list, name.array, p->id);
	}
	dstr_free(&name);
	if (snap)
		lk_snapshot_release(snap);
}

/* ---- the module context ------------------------------------------------- */

const struct lk_module *lk_source_module(obs_source_t *source)
{
	return source ? obs_source_get_type_data(source) : NULL;
}

struct lk_store *lk_source_store(obs_source_t *source)
{
	const struct lk_module *m = lk_source_module(source);
	return m ? m->store : NULL;
}

struct lk_alerts *lk_source_alerts(obs_source_t *source)
{
	const struct lk_module *m = lk_source_module(source);
	return m ? m->alerts : NULL;
}

/* ---- fonts -------------------------------------------------------------- */

void lk_font_defaults(obs_data_t *settings, const char *key, const char *face, int size)
{
	obs_data_t *font = obs_data_create();
	obs_data_set_default_string(font, "face", face);
	obs_data_set_default_string(font, "style", "Regular");
	obs_data_set_default_int(font, "size", size);
	obs_data_set_default_int(font, "flags", 0);
	obs_data_set_default_obj(settings, key, font);
	obs_data_release(font);
}

void lk_font_pair_load(struct lk_font_pair *fp, obs_data_t *settings, const char *key)
{
	obs_data_t *font = obs_data_get_obj(settings, key);
	const char *face = font ? obs_data_get_string(font, "face") : NULL;
	const char *style = font ? obs_data_get_string(font, "style") : NULL;
	long long size = font ? obs_data_get_int(font, "size") : 0;
	long long flags = font ? obs_data_get_int(font, "flags") : 0;
	bool italic = (flags & OBS_FONT_ITALIC) != 0;

	if (!face || !*face)
		face = LK_DEFAULT_FACE;
	if (size <= 0)
		size = LK_DEFAULT_FONT_SIZE;
	fp->size = (int)(size < 8 ? 8 : size > 256 ? 256 : size);
	/* the dialog's style ("SemiBold Italic") and flags; the bold face is the
	 * same family and slant at least bold */
	fp->regular = lk_font_get_styled(face, style, (flags & OBS_FONT_BOLD) != 0, italic);
	fp->bold = lk_font_get_styled(face, style, true, italic);
	obs_data_release(font);
}

void lk_font_pair_release(struct lk_font_pair *fp)
{
	if (fp->regular)
		lk_font_release(fp->regular);
	if (fp->bold)
		lk_font_release(fp->bold);
	fp->regular = NULL;
	fp->bold = NULL;
}

struct lk_text_style lk_style(const struct lk_font_pair *fp, bool bold, int size, uint32_t color)
{
	struct lk_text_style st = {.font = bold ? fp->bold : fp->regular, .size_px = size, .color = color};
	return st;
}

int lk_px(int size, float factor)
{
	return (int)((float)size * factor + 0.5f);
}

/* ---- snapshots ---------------------------------------------------------- */

bool lk_snap_follow_update(struct lk_snap_follow *f, struct lk_store *store)
{
	if (!store)
		return false;
	uint64_t v = lk_store_version(store);
	if (f->snap && v == f->version)
		return false;

	struct lk_snapshot *snap = lk_store_get(store);
	if (f->snap)
		lk_snapshot_release(f->snap);
	f->snap = snap;
	f->version = snap->version;
	return true;
}

void lk_snap_follow_free(struct lk_snap_follow *f)
{
	if (f->snap)
		lk_snapshot_release(f->snap);
	f->snap = NULL;
	f->version = 0;
}

size_t lk_snapshot_slot_of(const struct lk_snapshot *snap, const struct lk_product *p)
{
	if (!snap || !p)
		return 0;
	if (snap->pinned == p && snap->pinned_slot)
		return snap->pinned_slot;
	for (size_t i = 0; i < snap->num_cart; i++) {
		if (snap->cart[i] == p || strcmp(snap->cart[i]->id, p->id) == 0)
			return i + 1;
	}
	return 0;
}

/* ---- images ------------------------------------------------------------- */

void lk_image_slot_set(struct lk_image_slot *s, const char *key, int size)
{
	uint32_t px = size > 0 ? (uint32_t)size : 0;
	if (key && !*key)
		key = NULL;
	if (lk_str_same(key, s->key)) {
		lk_image_want(s->img, px, px);
		return;
	}

	lk_image_slot_free(s);
	if (key) {
		s->key = bstrdup(key);
		s->img = lk_image_get_sized(key, px, px);
	}
	lk_image_slot_take(s); /* as it is now: a cached picture shows at once */
}

/* What a slot shows: none, a picture on its way or failed, or the ready
 * picture's texture generation (a new texture or new pixels). */
static uint64_t slot_picture(const struct lk_image_slot *s)
{
	if (!s->img)
		return 0;
	enum lk_image_state st = lk_image_get_state(s->img);
	return st == LK_IMAGE_READY ? 2 + lk_image_texture_generation(s->img) : 1;
}

bool lk_image_slot_take(struct lk_image_slot *s)
{
	uint64_t now = slot_picture(s);
	bool changed = now != s->taken;
	s->taken = now;
	return changed;
}

struct lk_tex_view lk_image_slot_texture(struct lk_image_slot *s)
{
	struct lk_tex_view none = {0};
	if (!s->img || lk_image_get_state(s->img) != LK_IMAGE_READY)
		return none;
	return lk_image_texture(s->img);
}

void lk_image_slot_stamp(uint64_t *stamp, const struct lk_image_slot *s)
{
	lk_stamp_str(stamp, s->key);
	lk_stamp_add(stamp, &s->taken, sizeof(s->taken));
}

void lk_image_slot_free(struct lk_image_slot *s)
{
	if (s->img)
		lk_image_release(s->img);
	bfree(s->key);
	s->img = NULL;
	s->key = NULL;
	s->taken = 0;
}

/* ---- text --------------------------------------------------------------- */

const char *lk_template(struct dstr *out, const char *tmpl, const char *value)
{
	bool used = false;

	dstr_copy(out, "");
	for (const char *p = tmpl ? tmpl : ""; *p; p++) {
		if (p[0] == '%' && p[1] == '%') {
			dstr_cat_ch(out, '%');
			p++;
		} else if (!used && p[0] == '%' && (p[1] == 'd' || p[1] == 's')) {
			dstr_cat(out, value ? value : "");
			used = true;
			p++;
		} else {
			dstr_cat_ch(out, *p);
		}
	}
	return out->array ? out->array : "";
}

const char *lk_template_int(struct dstr *out, const char *tmpl, long long value)
{
	char num[32];
	snprintf(num, sizeof(num), "%lld", value);
	return lk_template(out, tmpl, num);
}

int lk_text_lines_height(struct lk_font *font, int size, int lines)
{
	struct dstr sample = {0};
	struct lk_text_style st = {.font = font, .size_px = size, .color = 0xFFFFFFFF, .max_width = size * 6};
	uint32_t cx = 0, cy = 0;
	int n = 0;

	lines = lines < 1 ? 1 : lines;
	st.max_lines = lines;
	for (int i = 0; i < lines * 12; i++) /* wraps to more than `lines` lines */
		dstr_cat(&sample, "Wg\xE5\x9B\xBD ");
	if (font)
		lk_text_measure(lines > 1 ? sample.array : "Wg\xE5\x9B\xBD", &st, &cx, &cy, &n);
	dstr_free(&sample);
	return cy ? (int)cy : (int)((float)size * 1.35f * (float)lines + 0.5f);
}

int lk_text_width(struct lk_font *font, int size, const char *text)
{
	struct lk_text_style st = {.font = font, .size_px = size, .color = 0xFFFFFFFF};
	uint32_t cx = 0, cy = 0;
	int n = 0;
	if (font)
		lk_text_measure(text, &st, &cx, &cy, &n);
	return cx ? (int)cx : (int)((float)size * 0.6f * (float)strlen(text) + 0.5f);
}

void lk_text_tex_invalidate(struct lk_text_tex *t)
{
	bfree(t->text);
	t->text = NULL;
}

void lk_draw_text_box(const struct lk_text_tex *t, float x, float y, float w, float h, float radius, uint32_t color)
{
	lk_draw_rect(x, y, w, h, radius, color, 1.0f);
	lk_text_tex_draw(t, x + (w - (float)t->cx) * 0.5f, y + (h - (float)t->cy) * 0.5f, 1.0f);
}

/* ---- motion ------------------------------------------------------------- */

static float clamp01(float t)
{
	return t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
}

float lk_ease_out_cubic(float t)
{
	float u = 1.0f - clamp01(t);
	return 1.0f - u * u * u;
}

float lk_ease_in_out_cubic(float t)
{
	t = clamp01(t);
	if (t < 0.5f)
		return 4.0f * t * t * t;
	float u = -2.0f * t + 2.0f;
	return 1.0f - u * u * u / 2.0f;
}

void lk_xfade_init(struct lk_xfade *x, float duration)
{
	memset(x, 0, sizeof(*x));
	x->t = 1.0f;
	x->duration = duration > 0.0f ? duration : 0.35f;
}

void lk_xfade_free(struct lk_xfade *x)
{
	obs_enter_graphics();
	for (int i = 0; i < 2; i++)
		lk_layer_free(&x->layer[i]);
	obs_leave_graphics();
}

void lk_xfade_start(struct lk_xfade *x)
{
	x->swap_pending = true;
	x->t = 0.0f;
}

void lk_xfade_tick(struct lk_xfade *x, float seconds)
{
	if (x->t < 1.0f)
		x->t = clamp01(x->t + seconds / x->duration);
}

bool lk_xfade_active(const struct lk_xfade *x)
{
	return x->t < 1.0f;
}

void lk_xfade_idle(struct lk_xfade *x)
{
	if (x->swap_pending) {
		x->cur ^= 1;
		x->swap_pending = false;
	}
	/* nothing shows and neither picture is drawn again (the next
	 * transition starts from nothing): no texture is kept meanwhile */
	for (int i = 0; i < 2; i++) {
		if (x->layer[i].tr)
			lk_layer_free(&x->layer[i]);
	}
}

/* How far a transition is, eased out (fast at first, then settling), as a
 * gift alert comes in: the first frame of a switch already shows a quarter
 * of the new picture. (Eased in and out, it showed 0.3 % of it, moved by a
 * fifth of a pixel, and the switch reached the eye two frames later.) */
static float xfade_eased(const struct lk_xfade *x)
{
	return lk_ease_out_cubic(x->t); /* (clamped: 1 once t reaches 1) */
}

/* Where a slide's layer goes at eased progress `in`: whole pixels while it
 * moves fast (the first frames, the switch's own: at whole pixels a layer
 * is point-sampled, a third cheaper on a software renderer than bilinear,
 * and a rounding step within a stride of several pixels is not seen);
 * exactly once it slows to a pixel or two a frame, where a 1-pixel step
 * would show. */
static float slide_at(float dx, float in)
{
	return in < 0.75f ? roundf(dx) : dx;
}

void lk_xfade_place(const struct lk_xfade *x, float slide, float *dx, float *opacity)
{
	float in = xfade_eased(x);
	*dx = slide_at(slide * (1.0f - in), in); /* as the layers */
	*opacity = in;
}

void lk_xfade_seal(struct lk_xfade *x, lk_xfade_draw_cb draw, void *data)
{
	struct lk_layer *l = &x->layer[x->cur];
	if (!x->swap_pending || !l->valid || !l->tr)
		return;
	/* reset + begin at the same size keeps the texture and its pixels:
	 * nothing is cleared, draw only adds on top */
	gs_texrender_reset(l->tr);
	if (!gs_texrender_begin(l->tr, l->cap_cx, l->cap_cy))
		return;
	gs_ortho(0.0f, (float)l->cap_cx, 0.0f, (float)l->cap_cy, -100.0f, 100.0f);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	draw(data);
	gs_blend_state_pop();
	gs_texrender_end(l->tr);
}

void lk_xfade_prepare(struct lk_xfade *x, uint32_t cx, uint32_t cy, uint64_t stamp, lk_xfade_draw_cb draw, void *data)
{
	if (!cx || !cy)
		return;
	if (x->swap_pending) {
		x->cur ^= 1;
		x->swap_pending = false;
		lk_layer_invalidate(&x->layer[x->cur]);
	}
	/* while the picture that leaves is on screen, the new one may wait a
	 * frame for a bigger target */
	x->layer[x->cur].may_wait = x->layer[x->cur ^ 1].valid && x->t < 1.0f;
	lk_layer_update(&x->layer[x->cur], cx, cy, 0.0f, 0.0f, stamp, draw, data);
}

/* Draws both pictures as the transition is now. */
static void xfade_draw(struct lk_xfade *x, float slide)
{
	if (x->t >= 1.0f) {
		/* the picture that left is not drawn again, but its target is
		 * kept for the next transition: making one anew costs the
		 * graphics thread milliseconds on a software renderer */
		lk_layer_invalidate(&x->layer[x->cur ^ 1]);
		lk_layer_draw(&x->layer[x->cur], 0.0f, 0.0f, 1.0f);
		return;
	}
	float out = xfade_eased(x);
	lk_layer_draw(&x->layer[x->cur ^ 1], -slide_at(slide * out, out), 0.0f, 1.0f - out);
	lk_layer_draw(&x->layer[x->cur], slide_at(slide * (1.0f - out), out), 0.0f, out);
}

void lk_xfade_render(struct lk_xfade *x, uint32_t cx, uint32_t cy, float slide, uint64_t stamp, lk_xfade_draw_cb draw,
		     void *data)
{
	if (!cx || !cy)
		return;
	lk_xfade_prepare(x, cx, cy, stamp, draw, data);
	xfade_draw(x, slide);
}

void lk_xfade_show(struct lk_xfade *x, float slide)
{
	lk_text_probe_note(LK_TEXT_PROBE_HOLD);
	if (x->swap_pending) { /* the new picture is not composed yet */
		lk_layer_draw(&x->layer[x->cur], 0.0f, 0.0f, 1.0f);
		return;
	}
	xfade_draw(x, slide);
}

bool lk_ui_rtl(void)
{
	static const char *const rtl[] = {"ar", "he", "fa", "ur"};
	const char *locale = obs_get_locale();
	for (size_t i = 0; locale && i < sizeof(rtl) / sizeof(rtl[0]); i++) {
		size_t n = strlen(rtl[i]);
		if (strncmp(locale, rtl[i], n) == 0 && (locale[n] == '\0' || locale[n] == '-' || locale[n] == '_'))
			return true;
	}
	return false;
}

/* ---- composition caching ------------------------------------------------ */

void lk_stamp_add(uint64_t *stamp, const void *data, size_t size)
{
	const uint8_t *p = data;
	uint64_t h = *stamp;
	for (size_t i = 0; i < size; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	*stamp = h;
}

void lk_stamp_str(uint64_t *stamp, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	lk_stamp_add(stamp, &n, sizeof(n));
	if (s)
		lk_stamp_add(stamp, s, n);
}

void lk_fresh_start(int *fresh)
{
	*fresh = LK_FRESH_TICKS;
}

void lk_fresh_tick(int *fresh, struct lk_text_tex *const *all, size_t n)
{
	if (*fresh && (!lk_text_tex_pending_any(all, n) || --*fresh == 0))
		*fresh = 0;
}

void lk_fresh_settle(int *fresh, struct lk_text_tex *const *all, size_t n)
{
	if (*fresh && !lk_text_tex_pending_any(all, n))
		*fresh = 0;
}

void lk_stamp_text(uint64_t *stamp, const struct lk_text_tex *t)
{
	const struct lk_text_style *st = &t->style;
	lk_stamp_str(stamp, t->text);
	lk_stamp_add(stamp, &st->font, sizeof(st->font));
	lk_stamp_add(stamp, &st->size_px, sizeof(st->size_px));
	lk_stamp_add(stamp, &st->color, sizeof(st->color));
	lk_stamp_add(stamp, &st->max_width, sizeof(st->max_width));
	lk_stamp_add(stamp, &st->max_lines, sizeof(st->max_lines));
	lk_stamp_add(stamp, &st->tabular_digits, sizeof(st->tabular_digits));
	lk_stamp_add(stamp, &st->strike, sizeof(st->strike));
	lk_stamp_add(stamp, &st->align, sizeof(st->align));
	lk_stamp_add(stamp, &t->slot.texture, sizeof(t->slot.texture));
	lk_stamp_add(stamp, &t->gen, sizeof(t->gen)); /* pixels swapped into the same texture */
	lk_stamp_add(stamp, &t->cx, sizeof(t->cx));
	lk_stamp_add(stamp, &t->cy, sizeof(t->cy));
}

/* Renders a layer waits for its target before it makes one itself (the
 * thread makes it between two frames: normally one render). */
#define LK_LAYER_WAITS 8
/* two frames at 30 fps, and then some */
#define LK_LAYER_ON_SCREEN_NS 100000000ull

/* The layer needs a cap_cx × cap_cy target: true if it has it now (adopted
 * from the render-target thread) or is to make it in this frame, false
 * while one asked for is on its way. */
static bool new_target(struct lk_layer *l, uint32_t cap_cx, uint32_t cap_cy, bool on_screen)
{
	if (composing_ahead) { /* made here, between frames: no frame pays for it */
		lk_gfx_target_drop(l->prep);
		l->prep = NULL;
		l->prep_waits = 0;
		gs_texrender_destroy(l->tr);
		l->tr = NULL; /* (lk_layer_update makes it at the new size) */
		l->valid = false;
		lk_text_probe_note(LK_TEXT_PROBE_TARGET_MAKE);
		return true;
	}
	/* asked every render, not only when the wait starts: a cross-fade that
	 * ends, or a layer that went off screen, stops waiting at once */
	bool can_wait = (l->tr && l->valid && on_screen) || l->may_wait;
	if (l->prep && (!can_wait || l->prep_cx != cap_cx || l->prep_cy != cap_cy)) {
		/* the size moved on while it waited: asked again below, and the
		 * renders already waited still count (a size that changes every
		 * render, a slider being dragged, must not wait for ever) */
		lk_gfx_target_drop(l->prep);
		l->prep = NULL;
		if (!can_wait)
			lk_text_probe_note(LK_TEXT_PROBE_TARGET_LATE); /* waited in vain */
	}
	if (!l->prep && can_wait && l->prep_waits < LK_LAYER_WAITS) {
		l->prep = lk_gfx_target_request(cap_cx, cap_cy);
		l->prep_cx = cap_cx;
		l->prep_cy = cap_cy;
	} else if (!l->prep && can_wait) {
		lk_text_probe_note(LK_TEXT_PROBE_TARGET_LATE); /* the waits ran out across sizes */
	}
	if (l->prep) {
		gs_texrender_t *tr = NULL;
		int got = lk_gfx_target_take(&l->prep, &tr);
		if (got > 0) {
			gs_texrender_destroy(l->tr);
			l->tr = tr;
			l->cap_cx = cap_cx;
			l->cap_cy = cap_cy;
			l->valid = false;
			l->prep_waits = 0;
			return true;
		}
		if (got == 0 && ++l->prep_waits <= LK_LAYER_WAITS)
			return false;
		if (got == 0)
			lk_text_probe_note(LK_TEXT_PROBE_TARGET_LATE);
		lk_gfx_target_drop(l->prep); /* late: made here after all */
		l->prep = NULL;
	}
	l->prep_waits = 0;
	lk_text_probe_note(LK_TEXT_PROBE_TARGET_MAKE); /* made in this frame */
	return true;
}

bool lk_layer_update(struct lk_layer *l, uint32_t cx, uint32_t cy, float x0, float y0, uint64_t stamp,
		     lk_layer_draw_cb draw, void *data)
{
	if (!cx || !cy)
		return false;
	/* on screen: the layer was asked for in the frame before this one (a
	 * gift alert's layer between two alerts is not, and must not show the
	 * last alert's picture while it waits for a bigger target) */
	uint64_t frame_ns = obs_get_video_frame_time();
	bool on_screen = l->seen_ns && frame_ns - l->seen_ns <= LK_LAYER_ON_SCREEN_NS;
	l->seen_ns = frame_ns ? frame_ns : 1;
	if (l->valid && l->stamp == stamp && l->cx == cx && l->cy == cy)
		return true;
	uint32_t cap_cx, cap_cy;
	lk_tex_capacity(l->cap_cx, l->cap_cy, cx, cy, &cap_cx, &cap_cy);
	if ((!l->tr || cap_cx != l->cap_cx || cap_cy != l->cap_cy) && !new_target(l, cap_cx, cap_cy, on_screen))
		return l->valid; /* the new target is on its way: what the layer holds meanwhile */
	if (!l->tr)
		l->tr = gs_texrender_create(GS_RGBA, GS_ZS_NONE);
	gs_texrender_reset(l->tr);
	l->valid = false;
	/* the same size as before keeps the target texture */
	if (!gs_texrender_begin(l->tr, cap_cx, cap_cy))
		return false;
	l->cap_cx = cap_cx;
	l->cap_cy = cap_cy;

	lk_text_probe_note(LK_TEXT_PROBE_COMPOSE);
	struct vec4 clear;
	vec4_zero(&clear);
	gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
	gs_ortho(x0, x0 + (float)cap_cx, y0, y0 + (float)cap_cy, -100.0f, 100.0f);
	lk_draw_origin(x0, y0);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	draw(data);
	gs_blend_state_pop();
	lk_draw_origin(0.0f, 0.0f);
	gs_texrender_end(l->tr);
	l->valid = true;
	l->stamp = stamp;
	l->cx = cx;
	l->cy = cy;
	return true;
}

void lk_layer_draw(const struct lk_layer *l, float x, float y, float opacity)
{
	if (!l->valid || opacity <= 0.0f)
		return;
	lk_draw_texture_region(gs_texrender_get_texture(l->tr), x, y, l->cx, l->cy, opacity);
}

void lk_layer_invalidate(struct lk_layer *l)
{
	l->valid = false;
}

void lk_layer_free(struct lk_layer *l)
{
	lk_gfx_target_drop(l->prep);
	gs_texrender_destroy(l->tr);
	memset(l, 0, sizeof(*l));
}
