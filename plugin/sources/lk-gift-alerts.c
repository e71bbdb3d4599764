/*
 * Linkon — "linkon_gift_alerts": viewers' gifts as animated alerts, one at a
 * time, from the module's alert queue (lk_source_alerts; streaks, tiers,
 * folding and pause/skip/replay live there, lk-alerts.h), with a sound per
 * tier played as the source's own audio.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads and shared fields (the lifecycle of lk-source-common.h):
 * - update (inside video_tick in libobs 29) posts the settings to the text
 *   worker, where they are read, fonts loaded (file I/O) and one layout
 *   per tier computed (ga_ops; create does it itself, on the UI thread);
 *   ga_applied hands the tier sound files to the sound thread
 *   and applies the tiers' min values and durations to the module's queue
 *   (one queue for the whole of OBS: the source updated last sets them).
 * - video_tick (graphics thread) adopts the new setup, advances the queue, follows
 *   the alert on screen (entrance, growth pulses, exit), posts texts to the
 *   text worker and swaps the finished bitmaps in, updates image requests,
 *   and asks for the sound once per alert;
 *   video_render (graphics thread) only draws. Fields under "graphics
 *   thread only" are theirs alone.
 */
#include "lk-gift-alerts-priv.h"
#include "lk-plural.h"
#include "lk-gift.h"
#include "lk-module.h"
#include "lk-store.h"

#include <obs-module.h>
#include <stdio.h>
#include <string.h>
#include <util/threading.h>

#define ENTER_MS 450
#define EXIT_MS 380
#define PULSE_MS 320

#define T_(key) obs_module_text(key)

/* avatar placeholders: one of these by the sender's name */
static const uint32_t avatar_colors[] = {0xFF5B8DEFu, 0xFF22B07Du, 0xFFE0569Bu, 0xFFF08A24u, 0xFF8E6CEFu, 0xFF1FA2B8u};

/* The geometry: one layout per tier, and the canvas they all fit in. */
struct ga_geometry {
	struct ga_layout lays[GA_TIERS];
	struct ga_canvas canvas;
};

struct gift_alerts {
	struct lk_source base; /* settings hand-over into cfg/fonts/geo (ga_ops), size, what destroy frees */
	struct ga_audio *audio;
	char *default_image;       /* the module's gift-box picture (lk_module_data_path); set in create */
	char *marks[GA_PLATFORMS]; /* the rooms' badges (lk_module_data_path); set in create */

	/* graphics thread only */
	struct ga_config cfg;
	struct lk_font_pair fonts;
	struct ga_geometry geo;
	struct lk_alert_view view; /* held while have_view */
	bool have_view;
	int fresh; /* a new alert's texts are on the worker: left out (lk_fresh_tick) */
	int64_t enter_start, leave_start, pulse_start; /* lk_now_ms; 0 = none */
	struct lk_image_slot avatar, gift, mark;
	struct lk_text_tex name, message, counter, counter_shadow, initial;
	struct ga_frame frame;
	struct lk_layer layer;
};

#define GA_TEXTS(g)                                                                           \
	{                                                                                     \
		&(g)->name, &(g)->message, &(g)->counter, &(g)->counter_shadow, &(g)->initial \
	}
#define GA_NUM_TEXTS 5

/* ---- settings (text worker, or the UI thread in create) --------------------- */

/* The tiers' min values and durations go to the module's queue. */
static void apply_to_queue(struct lk_alerts *q, const struct ga_config *cfg)
{
	struct lk_alerts_config ac;
	if (!q)
		return;
	lk_alerts_config_default(&ac);
	ac.num_tiers = GA_TIERS;
	for (int i = 0; i < GA_TIERS; i++) {
		ac.tiers[i].min_value = cfg->tiers[i].min_value;
		ac.tiers[i].duration_ms = cfg->tiers[i].duration_ms;
		ac.tiers[i].scale = cfg->tiers[i].scale;
	}
	ac.min_value = cfg->min_value;
	ac.max_queue = cfg->max_waiting;
	lk_alerts_set_config(q, &ac);
}

/* ---- the alert on screen (tick) --------------------------------------------- */

static uint32_t avatar_color(const char *name)
{
	uint64_t h = lk_gift_hash_str(name, 7);
	return avatar_colors[h % (sizeof(avatar_colors) / sizeof(avatar_colors[0]))];
}

/* The first character of name (ASCII letters upper-cased), "?" if none or
 * not valid UTF-8. */
static void initial_of(const char *name, char out[8])
{
	size_t len = name ? strlen(name) : 0;
	uint32_t cp;
	int n = len ? lk_utf8_decode(name, len, &cp) : 0;
	if (n <= 0) {
		strcpy(out, "?");
		return;
	}
	memcpy(out, name, (size_t)n);
	out[n] = '\0';
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

static const struct ga_tier *view_tier(const struct gift_alerts *g)
{
	uint32_t t = g->view.tier < GA_TIERS ? g->view.tier : GA_TIERS - 1;
	return &g->cfg.tiers[t];
}

static const struct ga_layout *view_layout(const struct gift_alerts *g)
{
	uint32_t t = g->view.tier < GA_TIERS ? g->view.tier : GA_TIERS - 1;
	return &g->geo.lays[t];
}

static void set_texts(struct gift_alerts *g, const struct ga_layout *l, struct dstr *buf)
{
	const struct ga_config *cfg = &g->cfg;
	const struct lk_alert_view *v = &g->view;
	bool summary = v->kind == LK_ALERT_SUMMARY;
	const char *name = v->sender_name && *v->sender_name ? v->sender_name : T_("GiftAlerts.Someone");

	struct lk_text_style st = lk_style(&g->fonts, true, l->size_name, cfg->look.text);
	st.max_width = l->text_w;
	st.max_lines = summary ? 2 : 1;
	if (summary) {
		/* {gifts} and {viewers}: "5 gifts", "1 viewer" in the plural form
		 * of the UI's language, then the usual placeholders */
		struct dstr words = {0};
		char key[64];
		const char *lang = T_("Locale.Code");
		dstr_copy(&words, cfg->summary_text ? cfg->summary_text : T_("GiftAlerts.SummaryText.Default"));
		dstr_replace(&words, "{gifts}",
			     T_(lk_plural_key(key, sizeof(key), "GiftAlerts.Gifts", lang, v->count)));
		dstr_replace(&words, "{viewers}",
			     T_(lk_plural_key(key, sizeof(key), "GiftAlerts.Viewers", lang, (int64_t)v->senders)));
		name = lk_alert_format(buf, words.array, v);
		dstr_free(&words);
	}
	lk_text_tex_set(&g->name, name, &st);

	const char *tmpl = view_tier(g)->text ? view_tier(g)->text : ga_default_text(v->tier);
	st = lk_style(&g->fonts, false, l->size_text, lk_color_fade(cfg->look.text, 0.82f));
	st.max_width = l->text_w;
	st.max_lines = 1;
	const char *message = summary ? "" : lk_alert_format(buf, tmpl, v);
	const char *mark = cfg->show_platform && !summary ? ga_platform_mark(v->platform) : NULL;
	struct dstr marked = {0};
	if (mark && *message) {
		dstr_printf(&marked, "%s \xC2\xB7 %s", mark, message); /* "TikTok · sent Rose" */
		message = marked.array;
	}
	lk_text_tex_set(&g->message, message, &st);
	dstr_free(&marked);
}

static void set_counter(struct gift_alerts *g, const struct ga_layout *l, struct dstr *buf)
{
	const char *text = g->view.count > 1 ? lk_template_int(buf, T_("GiftAlerts.Combo"), g->view.count) : "";
	struct lk_text_style st = lk_style(&g->fonts, true, l->size_counter, view_tier(g)->color);
	st.tabular_digits = true;
	lk_text_tex_set(&g->counter, text, &st);
	st.color = 0x99000000u;
	lk_text_tex_set(&g->counter_shadow, text, &st);
}

/* Texts and images of the alert on screen. */
static void refresh_view(struct gift_alerts *g)
{
	const struct ga_layout *l = view_layout(g);
	const struct ga_config *cfg = &g->cfg;
	struct dstr buf = {0};
	char initial[8];
	bool summary = g->view.kind == LK_ALERT_SUMMARY;

	set_texts(g, l, &buf);
	set_counter(g, l, &buf);
	initial_of(summary ? "+" : g->view.sender_name, initial);
	struct lk_text_style st = lk_style(&g->fonts, true, l->size_initial, 0xFFFFFFFFu);
	lk_text_tex_set(&g->initial, initial, &st);
	dstr_free(&buf);

	const char *gift = view_tier(g)->image ? view_tier(g)->image : g->view.gift_image;
	lk_image_slot_set(&g->gift, cfg->show_image ? (gift && *gift ? gift : g->default_image) : NULL, l->gift_s);
	lk_image_slot_set(&g->avatar, cfg->show_avatar && !summary ? g->view.sender_avatar : NULL, l->avatar_d);
	const char *platform = g->view.platform;
	bool marked = cfg->show_platform && !summary && platform && *platform && l->mark_s > 0;
	lk_image_slot_set(&g->mark, marked ? g->marks[ga_platform_of(platform)] : NULL, l->mark_s);
}

static void drop_view(struct gift_alerts *g)
{
	if (g->have_view)
		lk_alert_view_release(&g->view);
	g->have_view = false;
}

/* Follows the queue's on-screen alert; takes cur (may be NULL). frame_ms:
 * the length of a frame; a new alert's entrance starts one frame back, so
 * the first frame drawn already shows its first step (at progress 0 the
 * alert is fully transparent: it would show a frame later). */
static void follow(struct gift_alerts *g, struct lk_alert_view *cur, int64_t now, int64_t frame_ms)
{
	if (g->have_view && cur && cur->id == g->view.id) {
		bool grew = cur->count_seq != g->view.count_seq || cur->count != g->view.count;
		lk_alert_view_release(&g->view);
		g->view = *cur;
		cur = NULL;
		g->leave_start = 0;
		if (grew) {
			g->pulse_start = now;
			refresh_view(g);
		}
	} else if (g->have_view && !g->leave_start) {
		int64_t natural = g->view.ends_ms - EXIT_MS;
		g->leave_start = now < natural ? now : natural;
	}
	if (g->have_view && g->leave_start && now - g->leave_start >= EXIT_MS)
		drop_view(g);

	if (!g->have_view && cur && cur->kind != LK_ALERT_NONE) {
		g->view = *cur;
		cur = NULL;
		g->have_view = true;
		lk_fresh_start(&g->fresh);
		g->enter_start = now - frame_ms;
		g->leave_start = 0;
		g->pulse_start = 0;
		refresh_view(g);
	}
	if (cur)
		lk_alert_view_release(cur);
}

static float progress(int64_t now, int64_t start, int ms)
{
	float t = (float)(now - start) / (float)ms;
	return t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
}

static void frame_update(struct gift_alerts *g, int64_t now)
{
	struct ga_frame *fr = &g->frame;
	const struct ga_config *cfg = &g->cfg;

	fr->visible = g->have_view;
	fr->texts_due = g->fresh != 0;
	if (!g->have_view)
		return;
	fr->lay = view_layout(g);
	fr->canvas = &g->geo.canvas;
	fr->color = view_tier(g)->color;
	fr->bg = cfg->look.bg;
	fr->text = cfg->look.text;
	fr->anim = cfg->anim;
	fr->enter = progress(now, g->enter_start, ENTER_MS);
	fr->leave = g->leave_start ? progress(now, g->leave_start, EXIT_MS)
				   : progress(now, g->view.ends_ms - EXIT_MS, EXIT_MS);
	fr->pulse = g->pulse_start ? progress(now, g->pulse_start, PULSE_MS) : 1.0f;
	fr->show_avatar = cfg->show_avatar;
	fr->show_image = cfg->show_image;
	fr->show_counter = g->view.count > 1 && g->view.kind == LK_ALERT_GIFT;
	fr->two_lines = g->view.kind == LK_ALERT_GIFT;
	fr->avatar_color = g->view.kind == LK_ALERT_SUMMARY ? fr->color : avatar_color(g->view.sender_name);
	fr->name = &g->name;
	fr->message = &g->message;
	fr->counter = &g->counter;
	fr->counter_shadow = &g->counter_shadow;
	fr->initial = &g->initial;
	fr->rtl = g->name.rtl; /* of the name as shown */
}

/* The alert's sound, once, from the source that is on screen (program or
 * preview): a hidden copy of the source must not take it. */
static void maybe_play(struct gift_alerts *g, struct lk_alerts *q)
{
	if (!g->have_view || !g->view.sound_pending || !q)
		return;
	if (!lk_source_on_screen(&g->base))
		return;
	int tier = lk_alerts_take_sound(q);
	if (tier >= 0)
		ga_audio_play(g->audio, tier);
	g->view.sound_pending = false;
}

/* What tick does before the sound and the frame: the new setup, the
 * queue's alert on screen, finished texts. Tick, or an ahead run (under
 * the source's lock both). take_texts: finished texts too. True if what
 * the source shows may have changed. */
static bool ga_catch_up(struct gift_alerts *g, int64_t now, int64_t frame_ms, bool take_texts)
{
	struct lk_alerts *q = lk_source_alerts(g->base.source);
	struct lk_alert_view cur;
	bool adopted = lk_source_adopt(&g->base);

	if (adopted && g->have_view)
		refresh_view(g);
	if (!g->base.ready)
		return adopted;
	bool has = false;
	if (q) {
		lk_alerts_tick(q, now);
		has = lk_alerts_current(q, &cur);
		/* a room this source leaves out: as if nothing were on screen */
		if (has && cur.kind == LK_ALERT_GIFT && !g->cfg.platform_on[ga_platform_of(cur.platform)]) {
			lk_alert_view_release(&cur);
			has = false;
		}
	}
	bool had = g->have_view;
	uint64_t id = g->view.id, seq = g->view.count_seq;
	int64_t leave = g->leave_start;
	follow(g, has ? &cur : NULL, now, frame_ms);
	struct lk_text_tex *all[GA_NUM_TEXTS] = GA_TEXTS(g);
	bool texts = take_texts && lk_text_tex_poll_all(all, GA_NUM_TEXTS); /* placed at render time from their sizes */
	bool pictures = lk_source_take_images(&g->base);
	return adopted || texts || pictures || had != g->have_view || id != g->view.id || seq != g->view.count_seq ||
	       leave != g->leave_start;
}

static void ga_video_tick(void *data, float seconds)
{
	struct gift_alerts *g = data;
	struct lk_text_tex *all[GA_NUM_TEXTS] = GA_TEXTS(g);
	int64_t now = lk_now_ms();

	lk_source_lock(&g->base);
	if (!lk_source_leave_to_ahead(&g->base))
		ga_catch_up(g, now, (int64_t)(seconds * 1000.0f + 0.5f), !lk_source_ahead_active(&g->base));
	if (g->base.ready) {
		lk_fresh_tick(&g->fresh, all, GA_NUM_TEXTS);
		maybe_play(g, lk_source_alerts(g->base.source));
		frame_update(g, now);
	}
	lk_source_unlock(&g->base);
}

/* Graphics context: the images' textures into the frame, and their stamp. */
static uint64_t ga_images(struct gift_alerts *g)
{
	g->frame.avatar_tex = lk_image_slot_texture(&g->avatar);
	g->frame.gift_tex = lk_image_slot_texture(&g->gift);
	g->frame.mark_tex = lk_image_slot_texture(&g->mark);
	uint64_t images = LK_STAMP_INIT;
	lk_image_slot_stamp(&images, &g->avatar);
	lk_image_slot_stamp(&images, &g->gift);
	lk_image_slot_stamp(&images, &g->mark);
	return images;
}

static void ga_video_render(void *data, gs_effect_t *effect)
{
	struct gift_alerts *g = data;
	UNUSED_PARAMETER(effect);
	if (!g->frame.visible)
		return;
	uint64_t images = ga_images(g);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	ga_draw(&g->frame, &g->layer, images);
	gs_blend_state_pop();
}

/* ---- composing ahead ------------------------------------------------------------ */

/* lk_source_compose_ahead: the queue's new alert taken at once (a gift came
 * in, one was skipped), its entrance starting a frame back as in tick. The
 * sound stays with tick (the source on screen plays it). */
static bool ga_ahead_catch_up(void *data, bool take_texts)
{
	int64_t frame_ms = (int64_t)((obs_get_frame_interval_ns() + 500000) / 1000000);
	return ga_catch_up(data, lk_now_ms(), frame_ms, take_texts);
}

/* ... and the alert's still part composed with its texts, so the frame that
 * shows it only draws. */
static void ga_ahead_compose(void *data)
{
	struct gift_alerts *g = data;
	struct lk_text_tex *all[GA_NUM_TEXTS] = GA_TEXTS(g);
	if (!g->base.ready)
		return;
	lk_fresh_settle(&g->fresh, all, GA_NUM_TEXTS);
	frame_update(g, lk_now_ms());
	if (g->frame.visible)
		ga_draw_prepare(&g->frame, &g->layer, ga_images(g));
}

/* ---- lifecycle ------------------------------------------------------------------ */

static const char *ga_get_name(void *type_data)
{
	UNUSED_PARAMETER(type_data);
	return T_("LinkonGiftAlerts");
}

/* Text worker (or create, on the UI thread): never the graphics thread. */
/* One layout per tier and the canvas they fit in. Text worker (or create). */
static void ga_geometry_compute(void *lay, const void *config, const struct lk_font_pair *fonts)
{
	struct ga_geometry *geo = lay;
	const struct ga_config *cfg = config;

	for (int i = 0; i < GA_TIERS; i++)
		ga_layout_compute(&geo->lays[i], cfg, fonts, cfg->tiers[i].scale);
	ga_canvas_compute(&geo->canvas, geo->lays);
}

/* The tier sounds to the sound thread, the tiers to the module's queue. */
static void ga_applied(void *data, const void *config)
{
	struct gift_alerts *g = data;
	const struct ga_config *cfg = config;
	const char *sounds[GA_TIERS];

	for (int i = 0; i < GA_TIERS; i++)
		sounds[i] = cfg->tiers[i].sound;
	ga_audio_set_sounds(g->audio, sounds);
	apply_to_queue(lk_source_alerts(g->base.source), cfg);
}

static const struct lk_source_ops ga_ops = {
	LK_SOURCE_PARTS(struct gift_alerts, cfg, fonts, geo, geo.canvas.cx, geo.canvas.cy),
	.config_load = ga_config_load,
	.config_free = ga_config_free,
	.layout = ga_geometry_compute,
	.applied = ga_applied,
};

static void *ga_create(obs_data_t *settings, obs_source_t *source)
{
	struct gift_alerts *g = bzalloc(sizeof(*g));
	struct lk_text_tex *all[GA_NUM_TEXTS] = GA_TEXTS(g);
	struct lk_image_slot *images[] = {&g->avatar, &g->gift, &g->mark};

	g->default_image = lk_module_data_path(lk_source_module(source), "images/gift-box.png");
	for (int i = 0; i < GA_PLATFORMS; i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "images/mark-%s.png", ga_platform_badge((enum ga_platform)i));
		g->marks[i] = lk_module_data_path(lk_source_module(source), rel);
	}
	g->audio = ga_audio_create(source); /* before the first setup: it hands the sounds over */
	lk_source_init(&g->base, source, &ga_ops, settings);
	lk_source_add_texts(&g->base, all, GA_NUM_TEXTS);
	lk_source_add_images(&g->base, images, 3);
	lk_source_add_layer(&g->base, &g->layer);
	lk_source_compose_ahead(&g->base, ga_ahead_catch_up, ga_ahead_compose);
	return g;
}

static void ga_destroy(void *data)
{
	struct gift_alerts *g = data;

	lk_source_free(&g->base);
	ga_audio_destroy(g->audio);
	drop_view(g);
	bfree(g->default_image);
	for (int i = 0; i < GA_PLATFORMS; i++)
		bfree(g->marks[i]);
	bfree(g);
}

obs_source_t *ga_source(void *data)
{
	struct gift_alerts *g = data;
	return g->base.source;
}

struct obs_source_info lk_gift_alerts_info = {
	.id = "linkon_gift_alerts",
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_AUDIO | OBS_SOURCE_CUSTOM_DRAW,
	.get_name = ga_get_name,
	.create = ga_create,
	.destroy = ga_destroy,
	.update = lk_source_update,
	.get_defaults2 = ga_get_defaults,
	.get_properties = ga_get_properties,
	.video_tick = ga_video_tick,
	.video_render = ga_video_render,
	.get_width = lk_source_get_width,
	.get_height = lk_source_get_height,
	.icon_type = OBS_ICON_TYPE_TEXT,
};
