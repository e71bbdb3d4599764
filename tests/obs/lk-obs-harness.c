/*
 * Linkon tests — headless libobs harness.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include "lk-obs-harness.h"
#include "lk-png.h"

#include <X11/Xlib.h>
#include <errno.h>
#include <ftw.h>
#include <graphics/vec4.h>
#include <obs-nix-platform.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#ifndef LK_ARTIFACTS_DIR
#define LK_ARTIFACTS_DIR "."
#endif

/* A capture request: set by the test thread, filled by the graphics thread
 * in the main render callback; both under req_mutex. */
struct capture_req {
	obs_source_t *source;
	uint32_t margin;
	struct lk_capture *out;
	size_t want, got;
	bool failed;
};

static pthread_mutex_t req_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct capture_req *req;
static os_event_t *req_done;

static Display *x_display;
static long allocs_before;
static char config_dir[64];
static bool started;
static char *config_override; /* malloc'd */

/* ---- start / stop -------------------------------------------------------- */

static bool write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	bool ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

static bool make_config_dir(void)
{
	char path[128];

	snprintf(config_dir, sizeof(config_dir), "/tmp/linkon-obs-XXXXXX");
	if (!mkdtemp(config_dir))
		return false;
	snprintf(path, sizeof(path), "%s/linkon", config_dir);
	if (mkdir(path, 0700) != 0)
		return false;
	snprintf(path, sizeof(path), "%s/linkon/config.json", config_dir);
	if (config_override) /* it may hold a token: only the owner reads it, like the plugin's own */
		return write_file(path, config_override) && chmod(path, 0600) == 0;
	return write_file(path, "{\"connector\":\"demo\",\"demo\":{\"seed\":42,\"pin_every_ms\":-1,"
				"\"order_every_ms\":400,\"gift_every_ms\":-1}}\n");
}

void lk_harness_set_config(const char *json)
{
	free(config_override);
	config_override = json ? strdup(json) : NULL;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static bool reset_video(void)
{
	struct obs_video_info ovi = {
		.graphics_module = "libobs-opengl",
		.fps_num = 30,
		.fps_den = 1,
		.base_width = 1280,
		.base_height = 720,
		.output_width = 1280,
		.output_height = 720,
		.output_format = VIDEO_FORMAT_BGRA,
		.adapter = 0,
		.gpu_conversion = true,
		.colorspace = VIDEO_CS_SRGB,
		.range = VIDEO_RANGE_FULL,
		.scale_type = OBS_SCALE_BICUBIC,
	};
	int rc = obs_reset_video(&ovi);
	if (rc != OBS_VIDEO_SUCCESS) {
		fprintf(stderr, "lk-obs-harness: obs_reset_video failed (%d)\n", rc);
		return false;
	}
	struct obs_audio_info ai = {.samples_per_sec = 48000, .speakers = SPEAKERS_STEREO};
	if (!obs_reset_audio(&ai)) {
		fprintf(stderr, "lk-obs-harness: obs_reset_audio failed\n");
		return false;
	}
	return true;
}

static bool load_module(const char *module_path, const char *data_dir)
{
	obs_module_t *module = NULL;
	int rc = obs_open_module(&module, module_path, data_dir);
	if (rc != MODULE_SUCCESS) {
		fprintf(stderr, "lk-obs-harness: obs_open_module(%s) failed (%d)\n", module_path, rc);
		return false;
	}
	if (!obs_init_module(module)) {
		fprintf(stderr, "lk-obs-harness: obs_init_module(%s) failed\n", module_path);
		return false;
	}
	return true;
}

static void render_cb(void *param, uint32_t cx, uint32_t cy);

bool lk_harness_load_obs_plugin(const char *plugin_dir, const char *data_dir, const char *name)
{
	char module[512], data[512];
	snprintf(module, sizeof(module), "%s/%s.so", plugin_dir, name);
	snprintf(data, sizeof(data), "%s/%s", data_dir, name);
	return load_module(module, data);
}

bool lk_harness_start(const char *module_path, const char *data_dir)
{
	if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {
		fprintf(stderr, "lk-obs-harness: DISPLAY is not set; these tests need an X server (Xvfb)\n");
		return false;
	}
	x_display = XOpenDisplay(NULL);
	if (!x_display) {
		fprintf(stderr, "lk-obs-harness: cannot open X display '%s'\n", getenv("DISPLAY"));
		return false;
	}
	if (!make_config_dir()) {
		fprintf(stderr, "lk-obs-harness: cannot create a module config dir: %s\n", strerror(errno));
		return false;
	}

	allocs_before = bnum_allocs();
	obs_set_nix_platform(OBS_NIX_PLATFORM_X11_EGL);
	obs_set_nix_platform_display(x_display);
	const char *locale = getenv("LK_OBS_LOCALE"); /* e.g. zh-CN, to look at translated renders */
	if (!obs_startup(locale && *locale ? locale : "en-US", config_dir, NULL)) {
		fprintf(stderr, "lk-obs-harness: obs_startup failed\n");
		return false;
	}
	started = true;
	/* the libobs the tests were compiled against, not another one on the
	 * library path (tests/run-all.sh runs them against OBS 29 and 32) */
	fprintf(stderr, "lk-obs-harness: libobs %s (compiled against %d.%d.%d)\n", obs_get_version_string(),
		LIBOBS_API_MAJOR_VER, LIBOBS_API_MINOR_VER, LIBOBS_API_PATCH_VER);
	if ((obs_get_version() >> 24) != LIBOBS_API_MAJOR_VER) {
		fprintf(stderr, "lk-obs-harness: libobs %s runs, but these tests are built for OBS %d\n",
			obs_get_version_string(), LIBOBS_API_MAJOR_VER);
		return false;
	}
	if (!reset_video() || !load_module(module_path, data_dir))
		return false;

	os_event_init(&req_done, OS_EVENT_TYPE_AUTO);
	obs_add_main_render_callback(render_cb, NULL);
	return true;
}

long lk_harness_stop(void)
{
	if (started) {
		obs_remove_main_render_callback(render_cb, NULL);
		obs_shutdown();
		started = false;
	}
	if (req_done) {
		os_event_destroy(req_done);
		req_done = NULL;
	}
	if (x_display) {
		XCloseDisplay(x_display);
		x_display = NULL;
	}
	if (config_dir[0])
		nftw(config_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	config_dir[0] = '\0';
	return bnum_allocs() - allocs_before;
}

obs_source_t *lk_harness_source(const char *id, const char *name, obs_data_t *settings)
{
	return obs_source_create(id, name, settings, NULL);
}

/* ---- capture (graphics thread) ------------------------------------------- */

static void copy_out(gs_stagesurf_t *stage, struct lk_capture *out, uint32_t cx, uint32_t cy)
{
	uint8_t *data = NULL;
	uint32_t linesize = 0;

	if (!gs_stagesurface_map(stage, &data, &linesize))
		return;
	out->px = malloc((size_t)cx * cy * 4);
	for (uint32_t y = 0; out->px && y < cy; y++)
		memcpy(out->px + (size_t)y * cx * 4, data + (size_t)y * linesize, (size_t)cx * 4);
	gs_stagesurface_unmap(stage);
	out->cx = cx;
	out->cy = cy;
	out->time_ns = os_gettime_ns();
}

static bool capture_one(obs_source_t *source, uint32_t margin, struct lk_capture *out)
{
	uint32_t w = obs_source_get_width(source), h = obs_source_get_height(source);
	uint32_t cx = w + 2 * margin, cy = h + 2 * margin;
	if (!w || !h)
		return false;

	gs_texrender_t *tr = gs_texrender_create(GS_BGRA, GS_ZS_NONE);
	gs_stagesurf_t *stage = gs_stagesurface_create(cx, cy, GS_BGRA);
	if (gs_texrender_begin(tr, cx, cy)) {
		struct vec4 clear;
		vec4_zero(&clear);
		gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
		gs_ortho(-(float)margin, (float)(cx - margin), -(float)margin, (float)(cy - margin), -100.0f, 100.0f);
		gs_blend_state_push();
		gs_blend_function_separate(GS_BLEND_SRCALPHA, GS_BLEND_INVSRCALPHA, GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
		obs_source_video_render(source);
		gs_blend_state_pop();
		gs_texrender_end(tr);
		gs_stage_texture(stage, gs_texrender_get_texture(tr));
		out->margin = margin;
		copy_out(stage, out, cx, cy);
	}
	gs_stagesurface_destroy(stage);
	gs_texrender_destroy(tr);
	return out->px != NULL;
}

static void render_cb(void *param, uint32_t cx, uint32_t cy)
{
	pthread_mutex_lock(&req_mutex);
	struct capture_req *r = req;
	if (r && r->got < r->want) {
		if (capture_one(r->source, r->margin, &r->out[r->got]))
			r->got++;
		else
			r->failed = true;
		if (r->got == r->want || r->failed)
			os_event_signal(req_done);
	}
	pthread_mutex_unlock(&req_mutex);
}

size_t lk_harness_capture_frames(obs_source_t *source, uint32_t margin, struct lk_capture *out, size_t count,
				 int timeout_ms)
{
	struct capture_req r = {.source = source, .margin = margin, .out = out, .want = count};

	memset(out, 0, sizeof(*out) * count);
	os_event_reset(req_done);
	pthread_mutex_lock(&req_mutex);
	req = &r;
	pthread_mutex_unlock(&req_mutex);

	os_event_timedwait(req_done, (unsigned long)timeout_ms);

	pthread_mutex_lock(&req_mutex);
	req = NULL;
	size_t got = r.got;
	pthread_mutex_unlock(&req_mutex);
	return got;
}

size_t lk_harness_frames_so_far(void)
{
	pthread_mutex_lock(&req_mutex);
	size_t got = req ? req->got : 0;
	pthread_mutex_unlock(&req_mutex);
	return got;
}

bool lk_harness_capture(obs_source_t *source, uint32_t margin, struct lk_capture *out)
{
	return lk_harness_capture_frames(source, margin, out, 1, 5000) == 1;
}

void lk_capture_free(struct lk_capture *cap)
{
	free(cap->px);
	memset(cap, 0, sizeof(*cap));
}

/* ---- pixels -------------------------------------------------------------- */

bool lk_capture_save(const struct lk_capture *cap, const char *name)
{
	char path[512];
	uint8_t *out = malloc((size_t)cap->cx * cap->cy * 4);
	if (!out)
		return false;

	for (uint32_t y = 0; y < cap->cy; y++) {
		for (uint32_t x = 0; x < cap->cx; x++) {
			const uint8_t *s = cap->px + ((size_t)y * cap->cx + x) * 4;
			uint8_t *d = out + ((size_t)y * cap->cx + x) * 4;
			/* a dark blue-grey gradient, like a stream behind the overlay */
			int back[3] = {46 + (int)(30 * y / cap->cy), 38 + (int)(20 * y / cap->cy), 34};
			for (int c = 0; c < 3; c++)
				d[c] = (uint8_t)(s[c] + back[c] * (255 - s[3]) / 255);
			d[3] = 255;
		}
	}
	snprintf(path, sizeof(path), "%s/obs-%s.png", LK_ARTIFACTS_DIR, name);
	bool ok = lk_png_write(path, out, cap->cx, cap->cy, cap->cx * 4);
	free(out);
	return ok;
}

const uint8_t *lk_capture_at(const struct lk_capture *cap, int x, int y)
{
	x += (int)cap->margin;
	y += (int)cap->margin;
	if (x < 0 || y < 0 || x >= (int)cap->cx || y >= (int)cap->cy)
		return NULL;
	return cap->px + ((size_t)y * cap->cx + (size_t)x) * 4;
}

static bool near(int a, int b, int tol)
{
	return abs(a - b) <= tol;
}

size_t lk_capture_count_color(const struct lk_capture *cap, int x0, int y0, int x1, int y1, uint32_t argb, int tol)
{
	int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
	size_t n = 0;
	for (int y = y0; y < y1; y++) {
		for (int x = x0; x < x1; x++) {
			const uint8_t *p = lk_capture_at(cap, x, y);
			if (p && p[3] >= 250 && near(p[0], b, tol) && near(p[1], g, tol) && near(p[2], r, tol))
				n++;
		}
	}
	return n;
}

size_t lk_capture_ink_raw(const struct lk_capture *cap, int x0, int y0, int x1, int y1)
{
	size_t n = 0;
	x0 = x0 < 0 ? 0 : x0;
	y0 = y0 < 0 ? 0 : y0;
	x1 = x1 > (int)cap->cx ? (int)cap->cx : x1;
	y1 = y1 > (int)cap->cy ? (int)cap->cy : y1;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			n += cap->px[((size_t)y * cap->cx + (size_t)x) * 4 + 3] > 0;
	return n;
}

int lk_capture_bands(const struct lk_capture *cap, int x0, int x1, int y0, int y1, int min_alpha, int *top, int *bottom,
		     int max)
{
	int n = 0;
	bool in = false;
	for (int y = y0; y < y1 && n < max; y++) {
		bool ink = false;
		for (int x = x0; x < x1 && !ink; x++) {
			const uint8_t *p = lk_capture_at(cap, x, y);
			ink = p && p[3] > min_alpha;
		}
		if (ink && !in)
			top[n] = y;
		if (!ink && in)
			bottom[n++] = y;
		in = ink;
	}
	if (in && n < max)
		bottom[n++] = y1;
	return n;
}

int lk_capture_first_row(const struct lk_capture *cap, int w, int h, uint32_t argb, int tol)
{
	for (int y = 0; y < h; y++)
		if (lk_capture_count_color(cap, 0, y, w, y + 1, argb, tol))
			return y;
	return -1;
}

double lk_capture_diff(const struct lk_capture *a, const struct lk_capture *b, int x0, int y0, int x1, int y1, int tol)
{
	size_t n = 0, total = 0;
	for (int y = y0; y < y1; y++) {
		for (int x = x0; x < x1; x++) {
			const uint8_t *p = lk_capture_at(a, x, y), *q = lk_capture_at(b, x, y);
			if (!p || !q)
				continue;
			total++;
			for (int c = 0; c < 4; c++) {
				if (!near(p[c], q[c], tol)) {
					n++;
					break;
				}
			}
		}
	}
	return total ? (double)n / (double)total : 0.0;
}

/* ---- procs --------------------------------------------------------------- */

bool lk_harness_pin(const char *product_id)
{
	calldata_t cd = {0};
	calldata_set_string(&cd, "product_id", product_id ? product_id : "");
	bool called = proc_handler_call(obs_get_proc_handler(), "linkon_pin", &cd);
	bool ok = called && calldata_bool(&cd, "ok");
	if (!ok)
		fprintf(stderr, "lk-obs-harness: linkon_pin(%s) failed: %s\n", product_id ? product_id : "",
			called ? calldata_string(&cd, "error") : "no such proc");
	calldata_free(&cd);
	return ok;
}

bool lk_harness_start_sale(const char *id, long long duration_ms, long long preroll_ms, long long stock,
			   long long price)
{
	calldata_t cd = {0};
	calldata_set_string(&cd, "product_id", id);
	calldata_set_int(&cd, "duration_ms", duration_ms);
	calldata_set_int(&cd, "preroll_ms", preroll_ms);
	calldata_set_int(&cd, "stock", stock);
	calldata_set_int(&cd, "sale_price", price);
	bool called = proc_handler_call(obs_get_proc_handler(), "linkon_start_sale", &cd);
	bool ok = called && calldata_bool(&cd, "ok");
	if (!ok)
		fprintf(stderr, "lk-obs-harness: linkon_start_sale(%s) failed: %s\n", id,
			called ? calldata_string(&cd, "error") : "no such proc");
	calldata_free(&cd);
	return ok;
}

json_t *lk_harness_state(void)
{
	calldata_t cd = {0};
	json_t *st = NULL;
	if (proc_handler_call(obs_get_proc_handler(), "linkon_get_state", &cd)) {
		const char *text = calldata_string(&cd, "json");
		st = text ? json_loads(text, 0, NULL) : NULL;
	}
	calldata_free(&cd);
	return st;
}

json_t *lk_harness_wait_shop(int timeout_ms)
{
	for (int waited = 0; waited <= timeout_ms; waited += 50) {
		json_t *st = lk_harness_state();
		json_t *cart = json_object_get(st, "cart");
		if (json_integer_value(json_object_get(st, "version")) > 0 && json_array_size(cart) > 0)
			return st;
		json_decref(st);
		lk_harness_sleep_ms(50);
	}
	return NULL;
}

bool lk_harness_wait_pinned(const char *product_id, int timeout_ms)
{
	for (int waited = 0; waited <= timeout_ms; waited += 20) {
		json_t *st = lk_harness_state();
		const char *pinned = json_string_value(json_object_get(st, "pinned"));
		bool ok = pinned && product_id ? strcmp(pinned, product_id) == 0 : (!pinned && !product_id);
		json_decref(st);
		if (ok)
			return true;
		lk_harness_sleep_ms(20);
	}
	return false;
}

json_t *lk_harness_start_shop(const char *module_path, const char *data_dir, const char *who)
{
	if (!lk_harness_start(module_path, data_dir))
		return NULL;
	json_t *shop = lk_harness_wait_shop(10000);
	if (!shop)
		fprintf(stderr, "%s: the demo shop did not publish a cart within 10 s\n", who);
	return shop;
}

bool lk_harness_stop_clean(void)
{
	long leaks = lk_harness_stop();
	if (leaks)
		fprintf(stderr, "libobs reports %ld allocation(s) alive after obs_shutdown\n", leaks);
	return leaks == 0;
}

void lk_harness_sleep_ms(int ms)
{
	os_sleep_ms((uint32_t)ms);
}

void lk_harness_set_font(obs_data_t *settings, const char *face, const char *style, int size, int flags)
{
	obs_data_t *font = obs_data_create();
	obs_data_set_string(font, "face", face);
	obs_data_set_string(font, "style", style);
	obs_data_set_int(font, "size", size);
	obs_data_set_int(font, "flags", flags);
	obs_data_set_obj(settings, "font", font);
	obs_data_release(font);
}
