/*
 * Linkon — helpers shared by the source types: the lifecycle every source
 * has (settings hand-over from update to tick, what destroy frees, size,
 * on-screen test: see "the source lifecycle" below), colours, fonts from the OBS
 * font property, following the store's snapshots, holding product images,
 * translated templates, easing and the slide+fade transition.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads are given per function. "UI" = create/update/get_properties,
 * "tick" = video_tick, "render" = video_render (tick and render both run
 * on the graphics thread, one after the other).
 */
#pragma once

#include "lk-str.h" /* lk_str_same */

#include <obs-module.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <util/darray.h>
#include <util/dstr.h>
#include <util/threading.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_font;
struct lk_font_pair;
struct lk_image_slot;
struct lk_layer;
struct lk_xfade;
struct lk_image;
struct lk_snapshot;
struct lk_product;
struct lk_text_tex;
struct lk_module;
struct lk_store;
struct lk_alerts;

/* ---- the source lifecycle ----------------------------------------------- */

/*
 * struct lk_source: what every Linkon source does the same way around its
 * own drawing: the settings hand-over from update to tick, its size, what
 * destroy frees, and whether it is seen. Recipe for a new source type (e.g.
 * "linkon_goal_bar"; lk-qr-source.c is the shortest example):
 *
 *  1. The source's struct starts with `struct lk_source base;` (the
 *     callbacks libobs calls directly cast `data` to it), and has three
 *     graphics-thread fields: a config struct (what the settings say), a
 *     `struct lk_font_pair` and a layout struct (geometry measured from the
 *     config and fonts).
 *  2. A `static const struct lk_source_ops` with
 *     LK_SOURCE_PARTS(struct my_source, cfg, fonts, lay, lay.w, lay.h) (the
 *     last two: int members holding the source's size) and:
 *     - config_load(void *cfg, settings): fills a zeroed config;
 *     - config_free(void *cfg): frees what config_load allocated (NULL if
 *       nothing);
 *     - layout(void *lay, const void *cfg, fonts): fills a zeroed layout
 *       (lk_text_lines_height / lk_text_width measure text);
 *     - applied (optional): hands settings to the source's own threads.
 *     They run on the text worker (and once on the UI thread in create):
 *     file I/O and text layout are fine there, the source's
 *     graphics-thread fields are not theirs. The fonts are loaded for them
 *     from the "font" property (LK_SETTING_FONT).
 *  3. create: bzalloc the struct, lk_source_init(&x->base, source, &ops,
 *     settings) (runs the setup once, so the size is known at once), then
 *     register what destroy frees: lk_source_add_texts (text textures; also
 *     invalidated on every adopt, as a new font may reuse an old one's
 *     address), lk_source_add_images, lk_source_add_layer,
 *     lk_source_add_fade (inits the slide+fade too).
 *  4. obs_source_info: .update = lk_source_update, .get_width =
 *     lk_source_get_width, .get_height = lk_source_get_height.
 *  5. video_tick: first `bool cfg_changed = lk_source_adopt(&x->base);`
 *     (true when new settings came in: cfg, fonts and lay are replaced,
 *     set the texts again), then follow the store
 *     (lk_snap_follow_update(&x->follow, lk_source_store(x->base.source))),
 *     set texts (lk_text_tex_set lays out on the text worker) and image
 *     slots (lk_image_slot_set), poll the texts and take the pictures the
 *     loader made (lk_source_take_images); video_render only draws.
 *     No file, network, font or layout work in update, tick or render
 *     (libobs 29 runs update inside video_tick); actions (end actions,
 *     scene switches) are requested, never done in tick.
 *     lk_source_on_screen says whether the source is seen (program, a
 *     preview, a projector) before it plays a sound or asks for an action.
 *  6. destroy: lk_source_free(&x->base) first (stops the setup task, frees
 *     what was registered, a pending setup and cfg/fonts), then the
 *     source's own fields (lk_snap_follow_free, ...), then bfree.
 */
struct lk_source_ops {
	/* where the graphics-thread copies live: LK_SOURCE_PARTS */
	size_t config_size, config_offset, fonts_offset, layout_size, layout_offset, width_offset, height_offset;
	/* cfg: the source's config struct, zeroed */
	void (*config_load)(void *cfg, obs_data_t *settings);
	void (*config_free)(void *cfg); /* NULL: nothing to free */
	/* lay: the source's layout struct, zeroed */
	void (*layout)(void *lay, const void *cfg, const struct lk_font_pair *fonts);
	/* Optional, after layout: for a source that hands settings to its own
	 * threads or to a module object (the gift alerts' sounds and queue).
	 * data: the source's struct; only its thread-safe parts. */
	void (*applied)(void *data, const void *cfg);
};

/* The ops' first fields: the graphics-thread config, font pair and layout
 * members of type, and the two int members (in the layout) that hold the
 * source's width and height, e.g.
 * LK_SOURCE_PARTS(struct my_source, cfg, fonts, lay, lay.w, lay.h). */
#define LK_SOURCE_PARTS(type, cfg, fonts, lay, width, height)                                              \
	.config_size = sizeof(((type *)0)->cfg), .config_offset = offsetof(type, cfg),                     \
	.fonts_offset = offsetof(type, fonts), .layout_size = sizeof(((type *)0)->lay),                    \
	.layout_offset = offsetof(type, lay), .width_offset = offsetof(type, width) - offsetof(type, lay), \
	.height_offset = offsetof(type, height) - offsetof(type, lay)

struct lk_source_setup;

struct lk_ahead;
struct lk_source {
	obs_source_t *source;
	const struct lk_source_ops *ops;
	/* the setup task posts pending under mutex, tick adopts it */
	struct lk_text_task *task;
	pthread_mutex_t mutex;
	struct lk_source_setup *pending;
	/* written by the setup, read by any thread (get_width/get_height) */
	volatile long cx, cy;
	/* graphics thread: a setup was adopted (cfg, fonts, lay are valid) */
	bool ready;
	/* what lk_source_free releases (registered at create) */
	DARRAY(struct lk_text_tex *) texts;
	DARRAY(struct lk_image_slot *) images;
	DARRAY(struct lk_layer *) layers;
	struct lk_xfade *fade;
	/* composing ahead (lk_source_compose_ahead): the source's tick and its
	 * ahead run both hold state_lock while they touch the fields that are
	 * otherwise the graphics thread's (render needs no lock: a run holds
	 * the graphics context too) */
	pthread_mutex_t state_lock;
	struct lk_ahead *ahead;
	uint64_t ahead_since_ns; /* finished texts are left since then (lk_source_ahead_active); 0 = not */
	bool ahead_left;         /* the last tick left its catching up to a run (lk_source_leave_to_ahead) */
	bool ahead_postponed;    /* a run changed it and leaves the composition to one before the next frame */
	bool (*ahead_catch_up)(void *b, bool take_texts);
	void (*ahead_compose)(void *b);
};

/* create (UI thread): b is the first member of the source's struct, which
 * is zeroed; runs the setup once on the calling thread. */
void lk_source_init(struct lk_source *b, obs_source_t *source, const struct lk_source_ops *ops, obs_data_t *settings);
/* create: what destroy frees. texts are also invalidated by every adopt. */
void lk_source_add_texts(struct lk_source *b, struct lk_text_tex *const *texts, size_t n);
void lk_source_add_images(struct lk_source *b, struct lk_image_slot *const *images, size_t n);
/* Tick (or an ahead run's catching up): lk_image_slot_take on every image
 * slot added; true if a picture changed. */
bool lk_source_take_images(struct lk_source *b);
void lk_source_add_layer(struct lk_source *b, struct lk_layer *layer);
/* Inits fade with duration and frees it in lk_source_free. */
void lk_source_add_fade(struct lk_source *b, struct lk_xfade *fade, float duration);
/* create, after the parts are added: the source composes ahead of the
 * frame (lk-ahead.h) whenever the store publishes, a gift comes in, a text
 * or picture is finished or its settings were read. On that thread, with
 * the source on screen, under lk_source_lock and inside obs_enter_graphics:
 * catch_up(b, take_texts) (the tick's work that follows the store and the
 * settings, and with take_texts the finished texts; true if what it shows
 * may have changed: a text that got new pixels counts without it), then if
 * it changed compose(b) (the render's
 * composition without its draws). While texts of the source are on the
 * worker, finished ones are left to the run the last one pokes (take_texts
 * false, and tick too: lk_source_ahead_active). Locks: tick takes
 * lk_source_lock around what it does (and may enter graphics inside it);
 * a run enters graphics first and only tries the source's lock (busy: it
 * runs again 1 ms later), so neither ever waits on the other while holding
 * what the other wants; render needs no lock (a run holds the graphics
 * context). */
void lk_source_compose_ahead(struct lk_source *b, bool (*catch_up)(void *b, bool take_texts), void (*compose)(void *b));
/* Tick, under lk_source_lock: a change poked the compose-ahead thread and
 * its run has not come yet or is on (the change came just before this
 * frame): the tick leaves its catching up to the run, and the frame shows
 * the picture before it (one frame at most: not twice in a row), instead
 * of composing the new one itself. */
bool lk_source_leave_to_ahead(struct lk_source *b);
/* Render: this frame's tick left its catching up to a run
 * (lk_source_leave_to_ahead). The frame draws what the layers hold
 * (lk_xfade_show) and composes nothing: what a run caught up and left to a
 * later composition (texts still on the worker) is composed by the run. */
bool lk_source_frame_holds(const struct lk_source *b);
/* Tick, under lk_source_lock: texts an ahead run saw posted are still on
 * the worker (150 ms at most): tick leaves finished ones to the runs, which
 * take them all at once and compose, so its frame only draws. */
bool lk_source_ahead_active(const struct lk_source *b);
void lk_source_lock(struct lk_source *b);
void lk_source_unlock(struct lk_source *b);
/* destroy (UI thread): stops the setup task (waits for a running setup),
 * frees the registered parts, a pending setup and the adopted cfg/fonts.
 * Call it first. */
void lk_source_free(struct lk_source *b);
/* obs_source_info.update (libobs 29: inside video_tick): posts a copy of
 * settings to the text worker; never blocks. data: the source's struct. */
void lk_source_update(void *data, obs_data_t *settings);
/* video_tick: adopts what the setup posted; true if it did (cfg, fonts and
 * lay replaced, the registered texts invalidated: set them again). */
bool lk_source_adopt(struct lk_source *b);
/* obs_source_info.get_width / get_height (any thread). */
uint32_t lk_source_get_width(void *data);
uint32_t lk_source_get_height(void *data);
/* Is the source seen: on program (active) or shown in a preview or a
 * projector? */
bool lk_source_on_screen(const struct lk_source *b);

/* ---- colours ------------------------------------------------------------ */

/* OBS colour settings are 0xAABBGGRR; the drawing helpers take 0xAARRGGBB. */
uint32_t lk_color_from_obs(long long abgr);
long long lk_color_to_obs(uint32_t argb);
/* argb with its alpha multiplied by mul (0..1). */
uint32_t lk_color_fade(uint32_t argb, float mul);
/* Near-black or white, whichever reads better on top of argb. */
uint32_t lk_color_on(uint32_t argb);

/* ---- settings every source has ------------------------------------------ */

#define LK_SETTING_WIDTH "width"
#define LK_SETTING_FONT "font"
#define LK_SETTING_BG_COLOR "background_color"
#define LK_SETTING_TEXT_COLOR "text_color"
#define LK_SETTING_PRICE_COLOR "price_color"
#define LK_SETTING_ACCENT_COLOR "accent_color"
#define LK_SETTING_RADIUS "corner_radius"

/* Size, colours (0xAARRGGBB) and corner radius of a source. */
struct lk_look {
	int width;
	uint32_t bg, text, price, accent;
	int radius;
};

/* Sets the defaults of the shared keys; font: LK_DEFAULT_FACE at font_size. */
void lk_look_defaults(obs_data_t *settings, const struct lk_look *def, int font_size);
/* Reads the shared keys (width clamped to 200..4096). */
void lk_look_load(struct lk_look *look, obs_data_t *settings);
/* Adds width, font, the four colours and the corner radius; accent_label is
 * the translated label of the accent colour. */
void lk_look_properties(obs_properties_t *props, const char *accent_label);
/* Fills a string list with the products of store's current snapshot
 * (value = id), after a first entry none_label with value "". store may be
 * NULL (just the first entry). UI thread. */
void lk_props_list_products(obs_property_t *list, const char *none_label, struct lk_store *store);

/* ---- the module context --------------------------------------------------- */

/* The module context (lk-module.h) of a Linkon source or filter: its type
 * data, given at registration by plugin-main.c. NULL for NULL. This is how a
 * source reaches the store, the net worker and the alert queue: never
 * through globals. Any thread. */
const struct lk_module *lk_source_module(obs_source_t *source);
/* The module's store; NULL without a source or after the module unloaded
 * (libobs may tick and free sources after that). Any thread. */
struct lk_store *lk_source_store(obs_source_t *source);
/* The module's gift alert queue; NULL likewise. Any thread. */
struct lk_alerts *lk_source_alerts(obs_source_t *source);

/* ---- fonts -------------------------------------------------------------- */

#define LK_DEFAULT_FACE "Noto Sans"
#define LK_DEFAULT_FONT_SIZE 32

/* A regular and a bold face of one family, with the size from the font
 * property. Both references owned by the pair (either may be NULL if no
 * font could be found at all). */
struct lk_font_pair {
	struct lk_font *regular;
	struct lk_font *bold;
	int size;
};

/* Sets obj (an OBS font object) to face/size with no flags. UI thread. */
void lk_font_defaults(obs_data_t *settings, const char *key, const char *face, int size);
/* Loads the pair named by the font object settings[key] (face, style,
 * bold/italic flags, size). Does file I/O: the text worker (a source's
 * setup task) or the UI thread, never the graphics thread. */
void lk_font_pair_load(struct lk_font_pair *fp, obs_data_t *settings, const char *key);
void lk_font_pair_release(struct lk_font_pair *fp);
/* A style in fp's bold or regular face; the rest zero (no wrapping). */
struct lk_text_style lk_style(const struct lk_font_pair *fp, bool bold, int size, uint32_t color);
/* size * factor rounded to whole pixels. */
int lk_px(int size, float factor);

/* ---- snapshots ---------------------------------------------------------- */

/* The snapshot a source draws from. Tick only (owned by the graphics
 * thread); snap is a held reference, NULL before the first update. */
struct lk_snap_follow {
	struct lk_snapshot *snap;
	uint64_t version;
};

/* Takes the newest snapshot of store (lk_source_store; NULL = none: nothing
 * changes) if its version moved. Returns true if snap changed. Tick. */
bool lk_snap_follow_update(struct lk_snap_follow *f, struct lk_store *store);
void lk_snap_follow_free(struct lk_snap_follow *f);
/* 1-based cart slot of p in snap, 0 if not in the cart. */
size_t lk_snapshot_slot_of(const struct lk_snapshot *snap, const struct lk_product *p);

/* ---- images ------------------------------------------------------------- */

/* One image by key, kept while the key stays the same. Tick sets it,
 * render draws it. */
struct lk_image_slot {
	char *key;
	struct lk_image *img;
	uint64_t taken; /* the picture's state and generation when last taken */
};

/* Requests key (NULL/"" = none), drawn to cover a square of size px (the
 * image is shrunk to that once, on the loader thread); never blocks. Tick. */
void lk_image_slot_set(struct lk_image_slot *s, const char *key, int size);
/* The picture if the image is ready, else texture NULL. Render. */
struct lk_tex_view lk_image_slot_texture(struct lk_image_slot *s);
void lk_image_slot_free(struct lk_image_slot *s);
/* A picture the loader made (or remade at a new size) is taken when the
 * source catches up (tick, or an ahead run), like a finished text: a
 * picture that lands between an ahead run and the frame is composed by the
 * next run (the loader pokes it), not by that frame; a source that does not
 * compose ahead (the cart list, the ticker) takes it in its next tick and
 * composes it in that frame. True if the slot's picture changed since it
 * was last taken (or set). In the tick, or under the source's lock in an
 * ahead run; needs no graphics. */
bool lk_image_slot_take(struct lk_image_slot *s);
/* Adds what the slot shows (key, the picture as last taken) to a
 * composition stamp. A composition draws the newest texture all the same
 * (lk_image_slot_texture); a newer one is composed again once taken. */
void lk_image_slot_stamp(uint64_t *stamp, const struct lk_image_slot *s);

/* ---- text --------------------------------------------------------------- */

/* Replaces the first "%d" or "%s" in a translated template with value and
 * "%%" with "%"; any other '%' is copied as is (a bad translation can never
 * crash). Writes into out (replacing) and returns out->array. Any thread. */
const char *lk_template(struct dstr *out, const char *tmpl, const char *value);
const char *lk_template_int(struct dstr *out, const char *tmpl, long long value);
/* Height of `lines` lines of text at size px, measured on a Latin + CJK
 * sample so that lines with fallback glyphs fit too; a guess if font is
 * NULL. Lays text out: the text worker or the UI thread. */
int lk_text_lines_height(struct lk_font *font, int size, int lines);
/* Width of one line of text at size px (a guess if font is NULL). */
int lk_text_width(struct lk_font *font, int size, const char *text);
/* Makes the next lk_text_tex_set re-render even if text and style look the
 * same (after a font swap the old font's address may be reused). Tick. */
void lk_text_tex_invalidate(struct lk_text_tex *t);

/* x of something w wide at x in a row total wide, mirrored when rtl (the
 * row reads right to left: its title's base direction is RTL). */
static inline float lk_mirror_x(bool rtl, float total, float x, float w)
{
	return rtl ? total - x - w : x;
}
/* True if OBS's UI language is written right to left (Arabic, Hebrew,
 * Persian, Urdu): rows without a title of their own follow it. */
bool lk_ui_rtl(void);

/* Render: a filled rounded box (color 0xAARRGGBB) with t centred in it. */
void lk_draw_text_box(const struct lk_text_tex *t, float x, float y, float w, float h, float radius, uint32_t color);

/* ---- composition caching ------------------------------------------------ */

/* A stamp sums up everything a composed layer is drawn from (64-bit
 * FNV-1a): same stamp, same pixels. Start from LK_STAMP_INIT. */
#define LK_STAMP_INIT 0xcbf29ce484222325ull
void lk_stamp_add(uint64_t *stamp, const void *data, size_t size);
void lk_stamp_str(uint64_t *stamp, const char *s);
/* What a text draws: its text, style, size and texture. */
void lk_stamp_text(uint64_t *stamp, const struct lk_text_tex *t);

typedef void (*lk_layer_draw_cb)(void *data);

/* A source that switched to other content (a product, a gift) leaves out
 * texts still on the text worker, for LK_FRESH_TICKS ticks at most
 * (normally one): the slots still hold the previous content's words.
 * fresh: ticks left, 0 = draw the texts. */
#define LK_FRESH_TICKS 30
void lk_fresh_start(int *fresh);
/* Tick, after polling the texts: counts down, ends once none is pending. */
void lk_fresh_tick(int *fresh, struct lk_text_tex *const *all, size_t n);
/* The same without counting a tick (an ahead run): ends once none is
 * pending. */
void lk_fresh_settle(int *fresh, struct lk_text_tex *const *all, size_t n);

/* A composed picture kept as a texture: drawn again only when its stamp or
 * size changes, so a static source costs one textured quad per frame. Its
 * render target is kept larger than the picture (lk_tex_capacity) and only
 * replaced when a picture does not fit, so a new size (a font change) costs
 * a composition, not a new texture. Graphics thread only. */
struct lk_gfx_target;
struct lk_layer {
	gs_texrender_t *tr;
	uint64_t stamp;
	uint32_t cx, cy;         /* the picture: the top-left of the target */
	uint32_t cap_cx, cap_cy; /* the target's size */
	bool valid;
	/* a bigger target asked of the render-target thread (lk-gfx-prep.h):
	 * until it is there (at most LK_LAYER_WAITS renders) the layer keeps
	 * showing what it holds */
	struct lk_gfx_target *prep;
	uint32_t prep_cx, prep_cy;
	int prep_waits;
	/* set by the owner: something else is on screen (a cross-fade's other
	 * picture), so even a layer holding nothing may wait for its target */
	bool may_wait;
	uint64_t seen_ns; /* the video frame time it was last asked for */
};

/* Render: makes sure the layer holds draw(data) for stamp, drawn in a cx×cy
 * space whose top-left is (x0, y0), transparent background, premultiplied
 * alpha. Returns false if there is nothing to show. When that needs a
 * bigger render target than the layer has, the target is made on the
 * render-target thread and, for a few frames at most, the layer shows what
 * it held (returns true if it held something): so a frame never pays for
 * making one, except the very first of a source or when the thread does
 * not run. */
bool lk_layer_update(struct lk_layer *l, uint32_t cx, uint32_t cy, float x0, float y0, uint64_t stamp,
		     lk_layer_draw_cb draw, void *data);
/* Render: draws the layer with its top-left at (x, y). */
void lk_layer_draw(const struct lk_layer *l, float x, float y, float opacity);
/* The next update draws again whatever the stamp. */
void lk_layer_invalidate(struct lk_layer *l);
/* Graphics context needed (inside render, or obs_enter_graphics). */
void lk_layer_free(struct lk_layer *l);

/* ---- motion ------------------------------------------------------------- */

float lk_ease_out_cubic(float t);
float lk_ease_in_out_cubic(float t);

/* Slide+fade between what a source showed before and what it shows now.
 * The content is composed into a layer, drawn again only when its stamp
 * changes; when the shown thing changes, the last layer is kept and drawn
 * fading/sliding out while the new content comes in. All fields are
 * graphics-thread only. */
struct lk_xfade {
	struct lk_layer layer[2];
	int cur;
	bool swap_pending; /* set by start (tick), consumed by render */
	float t;           /* 0..1 progress; 1 = idle */
	float duration;    /* seconds */
};

typedef lk_layer_draw_cb lk_xfade_draw_cb;

void lk_xfade_init(struct lk_xfade *x, float duration);
/* Frees the texrenders; enters graphics itself. */
void lk_xfade_free(struct lk_xfade *x);
/* Tick: the shown thing changed; starts (or restarts) the transition. */
void lk_xfade_start(struct lk_xfade *x);
/* Tick: advances by seconds. */
void lk_xfade_tick(struct lk_xfade *x, float seconds);
bool lk_xfade_active(const struct lk_xfade *x);
/* Render, instead of lk_xfade_render while there is nothing to show and no
 * transition runs: the next transition then starts from nothing. */
void lk_xfade_idle(struct lk_xfade *x);
/* Render: draws the content (draw(data), in a cx×cy space with a
 * transparent background, premultiplied alpha; composed again only when
 * stamp changes) through the transition. slide: how far the content travels
 * (px, left to right). */
void lk_xfade_render(struct lk_xfade *x, uint32_t cx, uint32_t cy, float slide, uint64_t stamp, lk_xfade_draw_cb draw,
		     void *data);
/* Render, while the source's frame holds (lk_source_frame_holds): draws
 * what the layers hold, as the transition is now, composing nothing; a
 * switch not yet composed shows the picture before it. */
void lk_xfade_show(struct lk_xfade *x, float slide);
/* Render, or inside obs_enter_graphics between frames (an ahead run): the
 * composing part of lk_xfade_render (the switch a start asked for, and the
 * new picture composed for stamp), drawing nothing; the next
 * lk_xfade_render with the same stamp only draws. */
void lk_xfade_prepare(struct lk_xfade *x, uint32_t cx, uint32_t cy, uint64_t stamp, lk_xfade_draw_cb draw, void *data);
/* Render: where lk_xfade_render puts the current content this frame (x
 * offset for the same slide, and opacity), for a part drawn over the layer
 * each frame instead of composed into it (the timer's digits). */
void lk_xfade_place(const struct lk_xfade *x, float slide, float *dx, float *opacity);
/* Render, before lk_xfade_render: when a transition starts this frame,
 * draws draw(data) once onto the picture about to leave (in its layer's
 * space), so what was drawn over it leaves with it. */
void lk_xfade_seal(struct lk_xfade *x, lk_xfade_draw_cb draw, void *data);

#ifdef __cplusplus
}
#endif
