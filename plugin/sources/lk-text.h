/*
 * Linkon — text layout and rasterisation with Pango (HarfBuzz shaping,
 * FriBiDi bidi, fontconfig fallback, libthai line breaks) drawn by cairo.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Why not a child text_ft2_source_v2: it cannot tell how many lines a text
 * wraps to before it is drawn, cannot ellipsize after N lines, has no font
 * fallback (a CJK title in a Latin font draws boxes) and no tabular digits.
 * Why Pango rather than a hand-written layout: docs/architecture-notes.md.
 *
 * The CPU part (lk_font_*, lk_text_render/measure/clusters and the text
 * worker) touches no gs_* and is unit-tested. lk_text_tex_* is the graphics
 * part. Font loading, layout and rasterising never run on the graphics
 * thread in the sources: they post work to the text worker (lk-text-worker.c)
 * and only swap in finished bitmaps.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lk-draw.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A font description (family, weight, slant, stretch); fallback for
 * characters the family lacks is Pango's (fontconfig's sorted list), so any
 * script with an installed font draws. Shared, ref-counted, thread-safe. */
struct lk_font;

/* Resolves face (NULL/"" = the default sans) bold or not. Loads the font
 * (file I/O): call from the text worker or the UI thread, never from the
 * graphics thread. Returns a new reference or NULL if no usable font exists
 * at all (then a message is logged once). */
struct lk_font *lk_font_get(const char *face, bool bold);
/* The same with the font dialog's style name ("Bold Italic", "SemiBold",
 * "Condensed Light", may be NULL) and flags: bold raises the weight to at
 * least bold, italic makes it italic. */
struct lk_font *lk_font_get_styled(const char *face, const char *style, bool bold, bool italic);
/* Another reference to font (not NULL). */
struct lk_font *lk_font_ref(struct lk_font *font);
void lk_font_release(struct lk_font *font);
/* "Noto Sans Bold Italic 12"-like description (for logs and tests); bfree. */
char *lk_font_describe(const struct lk_font *font);
/* Drops the engine's own reference to its font map; fonts still held keep
 * working and free it with their last release. Call on module unload. */
void lk_font_shutdown(void);

enum lk_text_align { LK_ALIGN_LEFT = 0, LK_ALIGN_CENTER, LK_ALIGN_RIGHT };

struct lk_text_style {
	struct lk_font *font; /* borrowed */
	int size_px;          /* pixel size of the em */
	uint32_t color;       /* 0xAARRGGBB */
	int max_width;        /* wrap/ellipsize width in px; 0 = unlimited, single line */
	int max_lines;        /* lines before "…" is put; 0 = unlimited */
	bool tabular_digits;  /* all digits take the widest digit's advance */
	bool strike;          /* draw a line through the middle (original price) */
	enum lk_text_align align;
};

/* A rendered text: premultiplied BGRA, rows of cx * 4 bytes. */
struct lk_text_bitmap {
	uint8_t *data; /* bmalloc'd; NULL if cx or cy is 0 */
	uint32_t cx, cy;
	int lines;       /* lines laid out */
	bool ellipsized; /* text was cut and ends with "…" */
	bool rtl;        /* the first paragraph's base direction is right to left */
};

/* Lays out utf8 (invalid sequences become U+FFFD) with style: shapes,
 * orders right-to-left runs (base direction from the first strong
 * character), wraps at word boundaries of every script (UAX #14, Thai by
 * dictionary), inside words longer than a line; cuts at max_lines with "…".
 * The bitmap is never wider than max_width (when set). Any thread (one
 * engine lock). Returns false (and an empty bitmap) only if style->font is
 * NULL. */
bool lk_text_render(const char *utf8, const struct lk_text_style *style, struct lk_text_bitmap *out);
/* Only measures: same layout, no pixels. */
bool lk_text_measure(const char *utf8, const struct lk_text_style *style, uint32_t *cx, uint32_t *cy, int *lines);
void lk_text_bitmap_free(struct lk_text_bitmap *bmp);

/* True if the first strong character of utf8 is right to left (Arabic,
 * Hebrew, ...): the text's base direction. Cheap (no layout); any thread. */
bool lk_text_is_rtl(const char *utf8);

/* One glyph cluster of a layout, from the shaper's output: what tests ask
 * about shaping, bidi and fallback. */
struct lk_text_cluster {
	size_t start, end; /* byte range in the text (after U+FFFD repair) */
	int x, y, w, h;    /* box in the bitmap lk_text_render makes, px */
	int level;         /* bidi embedding level (odd: right to left) */
	int glyphs;        /* glyphs in the cluster */
	bool notdef;       /* some glyph is .notdef (0) or an unknown-glyph box */
	bool color;        /* drawn from a colour (emoji) font */
};
/* The clusters of utf8 laid out with style, in visual order line by line;
 * *out is bmalloc'd (bfree it). Returns how many. */
size_t lk_text_clusters(const char *utf8, const struct lk_text_style *style, struct lk_text_cluster **out);

/* Test builds (LK_TEXT_PROBE): called with what the engine is about to do,
 * on the thread that does it. NULL to stop. */
enum lk_text_probe_op {
	LK_TEXT_PROBE_FONT_LOAD,
	LK_TEXT_PROBE_LAYOUT,
	LK_TEXT_PROBE_RASTER,
	/* the module's graphics work for sources (lk_text_probe_note): a
	 * texture made, a texture filled, a render target made */
	LK_TEXT_PROBE_TEX_MAKE,
	LK_TEXT_PROBE_TEX_FILL,
	LK_TEXT_PROBE_TARGET_MAKE,
	LK_TEXT_PROBE_TARGET_LATE,   /* a layer waited for its target in vain */
	LK_TEXT_PROBE_IMAGE_RESCALE, /* a picture's bigger pixels are pending: the loader uploads them next */
	LK_TEXT_PROBE_DRAW_PENDING,  /* a text drawn while what it was set to since is on the worker */
	LK_TEXT_PROBE_COMPOSE,       /* a layer composed (drawn into its target) */
	LK_TEXT_PROBE_HOLD,          /* a frame drew what a source's layers hold: its tick left the work to a run */
	LK_TEXT_PROBE_OPS
};
typedef void (*lk_text_probe_fn)(enum lk_text_probe_op op);
void lk_text_set_probe(lk_text_probe_fn fn);
/* Tells the probe (test builds; else nothing) about op, on this thread.
 * Any thread. */
void lk_text_probe_note(enum lk_text_probe_op op);
/* True while a probe is set (test builds; else always false): for notes
 * that cost something to find out. */
bool lk_text_probe_set(void);

/* ---- the text worker ---------------------------------------------------- */

/* One thread, started on first use, does the sources' font loading, layout
 * and rasterising: lk_text_tex_set posts there, and a source's update posts
 * its settings there with a task. */
struct obs_data;
struct lk_text_task;
/* fn(owner, settings) runs on the worker for the newest settings posted;
 * settings is a private copy (values and defaults), released after fn. */
typedef void (*lk_text_task_fn)(void *owner, struct obs_data *settings);
struct lk_text_task *lk_text_task_create(lk_text_task_fn fn, void *owner);
/* Posts a copy of settings; a post not yet started is replaced. Any thread,
 * never blocks on the worker's work. */
void lk_text_task_post(struct lk_text_task *task, struct obs_data *settings);
/* Cancels a post not yet started and waits for a running fn. NULL ok. */
void lk_text_task_destroy(struct lk_text_task *task);
/* Waits until the worker has nothing queued or running (tests, benches);
 * false after timeout_ms. */
bool lk_text_worker_idle(int timeout_ms);
/* Joins the worker (module unload). Afterwards nothing more is laid out
 * (posts stay unanswered): sources libobs ticks and frees after the unload
 * keep what they show, and no thread of the module outlives it. */
void lk_text_worker_shutdown(void);

/* A text laid out on the worker: post with lk_text_port_set, take the
 * finished bitmap with lk_text_port_take. CPU only (lk_text_tex uses it). */
struct lk_text_port;
struct lk_text_port *lk_text_port_create(void);
/* Requests text with style (the font is referenced); replaces a request
 * not yet started. */
void lk_text_port_set(struct lk_text_port *port, const char *text, const struct lk_text_style *style);
/* Moves the newest finished bitmap into out (out is freed first) if one is
 * there; returns true if it did. Never waits. */
bool lk_text_port_take(struct lk_text_port *port, struct lk_text_bitmap *out);
/* The same, and the texture the GPU hook filled for it on the worker (or
 * NULL: upload the bitmap), tex_cx × tex_cy with the bitmap in its top-left
 * corner; the caller owns it. */
bool lk_text_port_take_tex(struct lk_text_port *port, struct lk_text_bitmap *out, void **tex, uint32_t *tex_cx,
			   uint32_t *tex_cy);
/* The owner gives back the texture (cx × cy) it showed before the one it
 * just took: the worker copies the next bitmap into it when it fits. False
 * (the caller keeps it) if the port has one already or there is no GPU
 * hook. */
bool lk_text_port_give(struct lk_text_port *port, void *tex, uint32_t cx, uint32_t cy);
/* True while a request posted with lk_text_port_set is not taken yet
 * (queued, being laid out, or finished and waiting for a take). */
bool lk_text_port_busy(struct lk_text_port *port);
/* True while the worker has a request of the port still to finish
 * (queued or being laid out): a finished one waiting for its take is not
 * work. */
bool lk_text_port_working(struct lk_text_port *port);
/* The owner lets go; the worker frees it when done with it. */
void lk_text_port_release(struct lk_text_port *port);

/* Module builds (graphics): make(bmp, spare, spare_cx, spare_cy, &cx, &cy)
 * runs on the worker after a text is rasterised and returns a texture
 * holding it (cx × cy, the bitmap top-left): spare (the owner's previous
 * texture, or NULL) filled again when the bitmap fits it, else a new one
 * (spare is then freed); make owns spare. drop frees one nobody took. So a
 * frame only swaps textures: making one on a software renderer costs what
 * touching its fresh memory costs (up to a few ms), and filling one a copy.
 * Unset (unit tests): bitmaps only. Any thread; set once at module load. */
typedef void *(*lk_text_gpu_make_fn)(const struct lk_text_bitmap *bmp, void *spare, uint32_t spare_cx,
				     uint32_t spare_cy, uint32_t *tex_cx, uint32_t *tex_cy);
typedef void (*lk_text_gpu_drop_fn)(void *texture);
void lk_text_set_gpu(lk_text_gpu_make_fn make, lk_text_gpu_drop_fn drop);
/* Module builds: fn() runs on the worker after each text it finished (no
 * lock held): the sources that compose ahead take it between frames. NULL
 * to stop. Any thread. */
void lk_text_set_on_done(void (*fn)(void));

/* ---- graphics part ------------------------------------------------------ */

/* A text kept as a texture; laid out again (on the text worker) only when
 * text or style changes. Owned by one source; graphics thread only. text
 * and style are the last requested; texture, cx, cy, lines, rtl describe
 * what is shown (the last finished bitmap). */
struct lk_text_tex {
	char *text;
	struct lk_text_style style; /* style.font borrowed: compared by address */
	struct lk_text_port *port;
	struct lk_tex_slot slot; /* its texture is reused while a new text fits (lk-draw.h) */
	uint32_t cx, cy;
	int lines;
	bool rtl;
	uint64_t gen; /* bumped whenever new pixels are swapped in (cached layers key on it) */
};

/* In video_tick: posts text/style to the worker if they differ from the
 * last request. Never waits. Returns true if it posted. */
bool lk_text_tex_set(struct lk_text_tex *t, const char *text, const struct lk_text_style *style);
/* In video_tick: swaps in a finished bitmap (uploaded into the same
 * texture while it fits, see lk_tex_slot; enters graphics itself). Returns true
 * if what is shown changed (the source lays its row out again). */
bool lk_text_tex_poll(struct lk_text_tex *t);
/* lk_text_tex_poll on n texts; true if any changed. */
bool lk_text_tex_poll_all(struct lk_text_tex *const *all, size_t n);
/* True if any of n texts still shows something else than it was last set
 * to (its new bitmap is on the worker). A source that changed what it
 * shows (another product, another viewer's gift) leaves such texts out
 * rather than show the previous one's words. */
bool lk_text_tex_pending_any(struct lk_text_tex *const *all, size_t n);
/* True if the worker still lays out (or has queued) any of n texts. */
bool lk_text_tex_working_any(struct lk_text_tex *const *all, size_t n);
/* In video_render: draws at x,y with the current effect-free default
 * pipeline (premultiplied alpha), opacity 0..1. */
void lk_text_tex_draw(const struct lk_text_tex *t, float x, float y, float opacity);
/* Frees the texture (enters graphics itself). */
void lk_text_tex_free(struct lk_text_tex *t);
/* Module load: the text worker makes the textures of texts that outgrow
 * theirs (lk_text_set_gpu). */
void lk_text_gfx_init(void);

#ifdef __cplusplus
}
#endif
