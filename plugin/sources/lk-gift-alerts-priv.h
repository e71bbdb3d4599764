/*
 * Linkon — "linkon_gift_alerts": what its files share (lk-gift-alerts.c:
 * lifecycle, tick; lk-gift-props.c: settings, properties, test buttons;
 * lk-gift-draw.c: layout and drawing; lk-gift-audio.c: the sound thread).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-alerts.h"
#include "lk-source-common.h"
#include "lk-text.h"

#include <obs-module.h>
#include <stdbool.h>
#include <stdint.h>

#define GA_TIERS 3 /* small, big, huge */

/* Live rooms a source can leave out: TikTok, Twitch, YouTube, and every
 * other (an untagged gift: the shop connection, a test gift). */
enum ga_platform { GA_PLATFORM_TIKTOK = 0, GA_PLATFORM_TWITCH, GA_PLATFORM_YOUTUBE, GA_PLATFORM_OTHER, GA_PLATFORMS };

/* Which of them a gift's platform tag is (NULL: other). */
enum ga_platform ga_platform_of(const char *platform);
/* The mark shown for a tag: the platform's name ("TikTok"); NULL = none. */
const char *ga_platform_mark(const char *platform);
/* The badge drawn for a tag (data/images/mark-<name>.png, made by
 * scripts/make-platform-marks.sh): "tiktok", "twitch", "youtube", "other". */
const char *ga_platform_badge(enum ga_platform p);

enum ga_anim { GA_ANIM_SLIDE = 0, GA_ANIM_FADE, GA_ANIM_POP };

struct ga_tier {
	int64_t min_value;
	uint32_t duration_ms;
	float scale;    /* 0.5 .. 2.0 */
	uint32_t color; /* 0xAARRGGBB: ring, glow, combo counter */
	char *text;     /* template (lk_alert_format) */
	char *image;    /* path: shown instead of the gift image; NULL = the gift's */
	char *sound;    /* path to a WAV; NULL = silent */
};

struct ga_config {
	struct ga_tier tiers[GA_TIERS];
	int64_t min_value;
	uint32_t max_waiting; /* alerts that wait; more fold into a summary */
	enum ga_anim anim;
	struct lk_look look; /* width, bg, text, radius (price, accent unused) */
	bool show_avatar, show_image;
	bool show_platform;             /* the room's mark before the message: "TikTok · sent Rose" */
	bool platform_on[GA_PLATFORMS]; /* gifts of these rooms are shown (ga_platform_of) */
	char *summary_text;
};

/* Geometry of one tier's alert (px, alert origin = banner top-left). */
struct ga_layout {
	float scale;
	int size_name, size_text, size_counter, size_initial;
	int w, h, pad, radius, ring;
	int avatar_x, avatar_y, avatar_d;
	int text_x, text_w;
	int gift_x, gift_y, gift_s;
	int counter_x, counter_w;
	int mark_x, mark_y, mark_s; /* the room's badge: on the avatar's lower right, else before the texts; 0 = none */
};

/* Canvas: the source's size; every tier's alert fits, with a margin for
 * the gift picture (it overhangs the banner), the glow and the pulses. */
struct ga_canvas {
	int cx, cy;
	int margin_x, margin_y;
};

/* ---- settings (lk-gift-props.c; UI thread) ---------------------------------------- */

/* Reads a source's settings (tiers ascend: a tier's min value is at least
 * the one below). Free with ga_config_free. */
void ga_config_load(void *cfg, obs_data_t *settings);
void ga_config_free(void *cfg);
void ga_get_defaults(void *type_data, obs_data_t *settings);
/* The properties dialog, with "Test: small / big / huge gift" buttons that
 * send a test gift through the module's queue. data: the source's context. */
obs_properties_t *ga_get_properties(void *data);
/* A tier's default text template, translated. */
const char *ga_default_text(uint32_t tier);
/* The OBS source of a context (lk-gift-alerts.c). */
obs_source_t *ga_source(void *data);

/* ---- layout and drawing (lk-gift-draw.c) -------------------------------------------- */

void ga_layout_compute(struct ga_layout *l, const struct ga_config *cfg, const struct lk_font_pair *f, float scale);
void ga_canvas_compute(struct ga_canvas *c, const struct ga_layout lays[GA_TIERS]);

/* What the tick prepared for render: textures and the animation state.
 * Graphics thread only. */
struct ga_frame {
	bool visible;
	const struct ga_layout *lay;
	const struct ga_canvas *canvas;
	uint32_t color;
	uint32_t bg, text;
	enum ga_anim anim;
	float enter, leave; /* 0..1 progress of the entrance and of the exit */
	float pulse;        /* 0..1 progress of the counter's pulse, 1 = idle */
	bool show_avatar, show_image, show_counter, two_lines;
	bool rtl;                      /* the sender's name reads right to left: the banner is mirrored */
	bool texts_due;                /* a new alert's texts are not laid out yet: drawn without them */
	uint32_t avatar_color;         /* placeholder's fill */
	struct lk_tex_view avatar_tex; /* texture NULL = placeholder */
	struct lk_tex_view gift_tex;   /* texture NULL = placeholder */
	struct lk_tex_view mark_tex;   /* the room's badge; texture NULL = none (or loading) */
	struct lk_text_tex *name, *message, *counter, *counter_shadow, *initial;
};

/* Draws the frame (video_render). The alert's still part (glow, panel,
 * avatar, texts, gift picture) is composed into layer, again only when
 * images_stamp (the images shown) or what it draws changes; each frame
 * then moves that one texture and draws the counter (which pulses) on top. */
void ga_draw(const struct ga_frame *fr, struct lk_layer *layer, uint64_t images_stamp);
/* Inside obs_enter_graphics between frames (an ahead run): only the still
 * part's composition of ga_draw; the next ga_draw with the same frame then
 * only draws. */
void ga_draw_prepare(const struct ga_frame *fr, struct lk_layer *layer, uint64_t images_stamp);

/* Eases for the animations (0..1 → 0..1; out_back overshoots). */
float ga_ease_out_back(float t);

/* ---- sound ------------------------------------------------------------------ */

struct ga_audio;

/* Starts the sound thread of source (audio goes out through
 * obs_source_output_audio). UI thread (create). */
struct ga_audio *ga_audio_create(obs_source_t *source);
/* Stops and joins the thread, frees the sounds. UI thread (destroy). */
void ga_audio_destroy(struct ga_audio *a);
/* New sound files per tier (copied; NULL/"" = silent). The thread decodes
 * them (file I/O happens there, never on the caller's thread); a file that
 * fails is logged once with its reason and stays silent. UI thread. */
void ga_audio_set_sounds(struct ga_audio *a, const char *const paths[GA_TIERS]);
/* Plays tier's sound from its start (cuts a sound still playing). Never
 * blocks: video_tick. */
void ga_audio_play(struct ga_audio *a, int tier);
/* Sounds decoded so far (tiers with a usable file): tests and logs. */
int ga_audio_ready_count(struct ga_audio *a);
