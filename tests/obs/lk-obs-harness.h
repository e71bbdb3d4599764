/*
 * Linkon tests — a headless libobs with the linkon module loaded, and
 * helpers to render a source into pixels.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Needs an X display (DISPLAY; tests/run-all.sh starts Xvfb). One harness per
 * process; all functions are called from the test's main thread. Captures
 * are taken on OBS's own graphics thread (a main render callback, right
 * after the sources' video_tick of that frame), exactly where OBS renders
 * sources itself.
 */
#pragma once

#include <jansson.h>
#include <obs.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Pixels of one rendered frame: premultiplied BGRA, rows of cx * 4 bytes,
 * malloc'd (plain malloc: kept out of libobs' allocation count). */
struct lk_capture {
	uint8_t *px;
	uint32_t cx, cy;
	uint32_t margin;  /* transparent border around the source on each side */
	uint64_t time_ns; /* os_gettime_ns() when it was rendered */
};

/* Starts libobs (X11/EGL, OpenGL, 1280x720 @ 30 fps; locale en-US, or
 * $LK_OBS_LOCALE if set), writes the demo
 * connector config into a fresh module config dir, loads module_path with
 * data_dir. Returns false after printing why to stderr. */
bool lk_harness_start(const char *module_path, const char *data_dir);
/* The module config (JSON text, copied) the next lk_harness_start writes
 * instead of the demo connector's; NULL = the demo again. */
void lk_harness_set_config(const char *json);
/* Loads one of OBS's own plugins (e.g. "image-source", "text-freetype2")
 * from plugin_dir/<name>.so with data from data_dir/<name>, after
 * lk_harness_start. Returns false after printing why. */
bool lk_harness_load_obs_plugin(const char *plugin_dir, const char *data_dir, const char *name);
/* Shuts libobs down and removes the temp dir. Returns the number of libobs
 * allocations still alive compared with before lk_harness_start (0 = no
 * leaks). */
long lk_harness_stop(void);

/* A public source of type id with settings (borrowed). */
obs_source_t *lk_harness_source(const char *id, const char *name, obs_data_t *settings);

/* Renders source in the next frame(s) into a texture of its size plus
 * margin px on every side, cleared to transparent: count consecutive frames
 * into out[0..count). Returns the number captured before timeout_ms. */
size_t lk_harness_capture_frames(obs_source_t *source, uint32_t margin, struct lk_capture *out, size_t count,
				 int timeout_ms);
/* Frames captured so far by a lk_harness_capture_frames running on another
 * thread (0 if none runs). */
size_t lk_harness_frames_so_far(void);
/* One frame; false on timeout. */
bool lk_harness_capture(obs_source_t *source, uint32_t margin, struct lk_capture *out);
void lk_capture_free(struct lk_capture *cap);
/* Saves cap over a dark backdrop as <LK_ARTIFACTS_DIR>/obs-<name>.png. */
bool lk_capture_save(const struct lk_capture *cap, const char *name);

/* Pixel access; x, y in source coordinates (the margin is added). */
const uint8_t *lk_capture_at(const struct lk_capture *cap, int x, int y);
/* Pixels in [x0,x1)×[y0,y1) (source coordinates) that are opaque and within
 * tol per channel of argb (0xAARRGGBB, alpha ignored). */
size_t lk_capture_count_color(const struct lk_capture *cap, int x0, int y0, int x1, int y1, uint32_t argb, int tol);
/* Pixels with any ink (alpha > 0) in [x0,x1)×[y0,y1) of the whole texture
 * (texture coordinates, margin included). */
size_t lk_capture_ink_raw(const struct lk_capture *cap, int x0, int y0, int x1, int y1);
/* Bands of consecutive rows y in [y0,y1) (source coordinates) that have a
 * pixel in [x0,x1) with alpha > min_alpha: band i is rows [top[i],
 * bottom[i]). Returns how many (at most max). */
int lk_capture_bands(const struct lk_capture *cap, int x0, int x1, int y0, int y1, int min_alpha, int *top, int *bottom,
		     int max);
/* First row y in [0,h) with a pixel of colour argb (see count_color) in
 * [0,w), -1 if none. */
int lk_capture_first_row(const struct lk_capture *cap, int w, int h, uint32_t argb, int tol);
/* Fraction of pixels in [x0,x1)×[y0,y1) (source coordinates) that differ
 * by more than tol in some channel; a and b must have the same size. */
double lk_capture_diff(const struct lk_capture *a, const struct lk_capture *b, int x0, int y0, int x1, int y1, int tol);

/* Calls the module's procs. */
bool lk_harness_pin(const char *product_id);
/* linkon_start_sale (times in ms, price in minor units); prints why not. */
bool lk_harness_start_sale(const char *id, long long duration_ms, long long preroll_ms, long long stock,
			   long long price);
/* linkon_get_state parsed (new reference), NULL if it is not JSON. */
json_t *lk_harness_state(void);
/* Waits until the store has a version > 0 with a non-empty cart; returns
 * that state (new reference) or NULL on timeout. */
json_t *lk_harness_wait_shop(int timeout_ms);
/* Waits until linkon_get_state says pinned == product_id. */
bool lk_harness_wait_pinned(const char *product_id, int timeout_ms);

/* lk_harness_start, then lk_harness_wait_shop (10 s): the demo shop's first
 * state with a cart (new reference), or NULL after printing why (as who). */
json_t *lk_harness_start_shop(const char *module_path, const char *data_dir, const char *who);
/* lk_harness_stop, printing the count of libobs allocations left alive if
 * any; true if there were none. */
bool lk_harness_stop_clean(void);

void lk_harness_sleep_ms(int ms);
/* Sets settings["font"] to an OBS font object (face, style, size, flags). */
void lk_harness_set_font(obs_data_t *settings, const char *face, const char *style, int size, int flags);

#ifdef __cplusplus
}
#endif
