/*
 * Linkon bench — graphics-thread frame time while a product card's font and
 * text change, in a headless libobs (Xvfb), for a given linkon module: run
 * it on this build's module and on one built from before the text worker
 * (git main) in the same session, and compare.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   bench-text-frames [module.so data-dir]   (defaults: this build's)
 *
 * A card (pinned product, on the program scene) gets a new font (face,
 * style, size cycling through Noto Sans, DejaVu Sans, Noto Serif, Noto Sans
 * CJK, ...) and a newly pinned product (a new title) every 100 ms for 8 s.
 * Measured: the graphics thread's CPU time per frame (CLOCK_THREAD_CPUTIME_ID
 * read in a main render callback, once a frame, on that thread: tick of
 * every source, where libobs 29 also runs a video source's update, plus
 * rendering), so time the busy machine's scheduler takes away does not
 * count; printed are the median, the 99th percentile, the longest frame and
 * how many frames took over 2 ms, first for the floor measured in the same
 * run (the same card for 8 s with nothing changing: what this machine does
 * to a frame with no new work), then for the churn, and the ratios of the
 * two. LK_BENCH_FONTS_ONLY=1: font changes only (no new product, so no new
 * image); LK_BENCH_IDLE=1: no changes in the second phase either (the
 * floor's spread between two phases); LK_BENCH_SAME_SIZE=1 keeps the font
 * size (so the card's size) fixed while the face changes;
 * LK_BENCH_WARM_OTHER=1 lets another card run the same churn first (what is
 * paid once per process is then paid before the measurement; the measured
 * card still starts with no texture of its own).
 * libobs' profiler's wall-clock "tick_sources" maximum is printed too.
 * So are the layer compositions of each phase (the module's text probe,
 * lk_text_set_probe, counts every one), on the graphics thread and on
 * others (the compose-ahead thread): a composition in the frame is what
 * made the card's long frames; and the renders that held (drew what the
 * layers hold because the tick left its work to a pending run).
 *
 * The whole frame's CPU time holds libobs' own work (its scene, the main
 * texture, the software renderer's bookkeeping), which on this VM alone
 * passes 2 ms now and then with nothing changing. So the card's own share
 * is measured as well: the module registers its sources through
 * obs_register_source_s, which this program defines too (its symbols are
 * exported: the module's call comes here first); the product card's
 * video_tick, update and video_render are wrapped with the same thread CPU
 * clock and passed on to libobs. A frame's share is the card's tick (with
 * the update libobs 29 runs in it) and its render in that frame; an update
 * run on another thread (libobs 30+ runs it on the caller's) is not
 * graphics-thread time and is not counted.
 */
#include "lk-obs-harness.h"
#include "bench-frame-clock.h"
#include "sources/lk-text.h"

#include <util/platform.h>
#include <util/profiler.h>

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <util/threading.h>

#define CHURN_MS 8000
#define STEP_MS 100

/* ---- the card's own graphics-thread time ---------------------------------- */

static struct obs_source_info card_info;
static void (*card_tick)(void *data, float seconds);
static void (*card_render)(void *data, gs_effect_t *effect);
static void (*card_update)(void *data, obs_data_t *settings);
static pthread_t gfx_thread;
static volatile long gfx_known;
/* graphics thread only: the card's CPU time since the last frame callback,
 * by kind (its render after the callback belongs to that frame) */
static uint64_t acc_tick_ns, acc_render_ns, frame_tick_ns;
static double card_frame_ms[BENCH_MAX_FRAMES]; /* indexed as bench_frame_ms */

static bool on_gfx_thread(void)
{
	return os_atomic_load_long(&gfx_known) && pthread_equal(pthread_self(), gfx_thread);
}

/* The module's compositions (its text probe), on the graphics thread and
 * on others. Any thread. */
static volatile long composed_gfx, composed_other, held;

static void on_probe(enum lk_text_probe_op op)
{
	if (op == LK_TEXT_PROBE_COMPOSE)
		os_atomic_inc_long(on_gfx_thread() ? &composed_gfx : &composed_other);
	else if (op == LK_TEXT_PROBE_HOLD)
		os_atomic_inc_long(&held);
}

/* The module's lk_text_set_probe (NULL: a module without it). */
static void (*module_set_probe(const char *module))(lk_text_probe_fn)
{
	void *h = dlopen(module, RTLD_NOW | RTLD_NOLOAD);
	void (*set)(lk_text_probe_fn) = NULL;
	if (h) {
		*(void **)&set = dlsym(h, "lk_text_set_probe");
		dlclose(h); /* (the reference NOLOAD took: libobs keeps it loaded) */
	}
	return set;
}

static void timed_tick(void *data, float seconds)
{
	uint64_t t0 = bench_thread_cpu_ns();
	card_tick(data, seconds);
	acc_tick_ns += bench_thread_cpu_ns() - t0;
}

static void timed_render(void *data, gs_effect_t *effect)
{
	uint64_t t0 = bench_thread_cpu_ns();
	card_render(data, effect);
	acc_render_ns += bench_thread_cpu_ns() - t0;
}

static void timed_update(void *data, obs_data_t *settings)
{
	bool gfx = on_gfx_thread();
	uint64_t t0 = gfx ? bench_thread_cpu_ns() : 0;
	card_update(data, settings);
	if (gfx)
		acc_tick_ns += bench_thread_cpu_ns() - t0; /* libobs 29: inside the tick */
}

void obs_register_source_s(const struct obs_source_info *info, size_t size);
void obs_register_source_s(const struct obs_source_info *info, size_t size)
{
	static void (*real)(const struct obs_source_info *, size_t);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "obs_register_source_s");
	if (!real)
		return;
	if (info && info->id && strcmp(info->id, "linkon_product_card") == 0 && size <= sizeof(card_info) &&
	    info->video_tick && info->video_render && info->update) {
		memset(&card_info, 0, sizeof(card_info));
		memcpy(&card_info, info, size);
		card_tick = info->video_tick;
		card_render = info->video_render;
		card_update = info->update;
		card_info.video_tick = timed_tick;
		card_info.video_render = timed_render;
		card_info.update = timed_update;
		real(&card_info, size);
		return;
	}
	real(info, size);
}

/* Graphics thread, once a frame (before the scene renders): the frame
 * clock's record (bench_on_frame), and the card's share of the frame it
 * recorded, at the same index: that frame's tick and the render since. */
static void on_frame(void *data, uint32_t cx, uint32_t cy)
{
	if (!os_atomic_load_long(&gfx_known)) {
		gfx_thread = pthread_self();
		os_atomic_set_long(&gfx_known, 1);
	}
	long n = bench_frames_count();
	bench_on_frame(data, cx, cy);
	if (bench_frames_count() == n + 1)
		card_frame_ms[n] = (double)(frame_tick_ns + acc_render_ns) / 1e6;
	frame_tick_ns = acc_tick_ns;
	acc_tick_ns = acc_render_ns = 0;
}

struct found {
	uint64_t tick_max, frame_max, tick_over_2ms, tick_count, frames;
};

static bool on_child(void *context, profiler_snapshot_entry_t *entry)
{
	struct found *f = context;
	const char *name = profiler_snapshot_entry_name(entry);
	if (name && strcmp(name, "tick_sources") == 0) {
		f->tick_max = profiler_snapshot_entry_max_time(entry);
		f->tick_count = profiler_snapshot_entry_overall_count(entry);
		profiler_time_entries_t *times = profiler_snapshot_entry_times(entry);
		for (size_t i = 0; times && i < times->num; i++) {
			if (times->array[i].time_delta > 2000) /* µs */
				f->tick_over_2ms += times->array[i].count;
		}
	}
	return true;
}

static bool on_root(void *context, profiler_snapshot_entry_t *entry)
{
	struct found *f = context;
	const char *name = profiler_snapshot_entry_name(entry);
	if (name && strncmp(name, "obs_graphics_thread", 19) == 0) {
		f->frame_max = profiler_snapshot_entry_max_time(entry);
		f->frames = profiler_snapshot_entry_overall_count(entry);
		profiler_snapshot_enumerate_children(entry, on_child, f);
	}
	return true;
}

static void pin(const char *id)
{
	calldata_t cd = {0};
	calldata_set_string(&cd, "product_id", id);
	proc_handler_call(obs_get_proc_handler(), "linkon_pin", &cd);
	calldata_free(&cd);
}

static const char *faces[][2] = {
	{"Noto Sans", "Regular"},      {"DejaVu Sans", "Bold"},
	{"Noto Serif", "Italic"},      {"Noto Sans CJK SC", "Regular"},
	{"Noto Sans", "Bold"},         {"DejaVu Serif", "Regular"},
	{"Noto Sans Mono", "Regular"}, {"Noto Serif CJK JP", "Regular"},
};

/* A pinned-mode card's settings as the bench starts it (640 px, Noto Sans 32). */
static obs_data_t *card_settings(void)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", 640);
	obs_data_set_string(s, "mode", "pinned");
	lk_harness_set_font(s, "Noto Sans", "Regular", 32, 0);
	return s;
}

/* The churn: step i's font (and, unless fonts_only, a newly pinned product). */
static void churn_step(obs_source_t *card, obs_data_t *s, int i, bool same_size, bool fonts_only, json_t *cart)
{
	size_t n_cart = json_array_size(cart);
	lk_harness_set_font(s, faces[i % 8][0], faces[i % 8][1], same_size ? 32 : 24 + (i * 5) % 36,
			    i % 3 == 0 ? 2 : 0);
	obs_source_update(card, s);
	if (n_cart && !fonts_only)
		pin(json_string_value(json_array_get(cart, (size_t)i % n_cart)));
}

/* LK_BENCH_WARM_OTHER=1: another card runs the whole churn first and is
 * removed, so what is paid once per process (not per source) is paid
 * before the measured card, which still starts with no texture of its own. */
static void warm_with_other_card(obs_scene_t *scene, json_t *cart, bool same_size, bool fonts_only)
{
	obs_data_t *s = card_settings();
	obs_source_t *other = lk_harness_source("linkon_product_card", "bench-card-warm", s);
	obs_sceneitem_t *item = obs_scene_add(scene, other);
	for (int i = 0; i < CHURN_MS / STEP_MS; i++) {
		churn_step(other, s, i, same_size, fonts_only, cart);
		lk_harness_sleep_ms(STEP_MS);
	}
	obs_sceneitem_remove(item);
	obs_source_release(other);
	obs_data_release(s);
	if (json_array_size(cart))
		pin(json_string_value(json_array_get(cart, 0)));
	lk_harness_sleep_ms(1000);
}

/* One phase's graphics-thread CPU per frame. */
struct phase {
	long n, over;
	double median, p99, max;
	long composed_gfx, composed_other, held; /* during the phase */
};

static void phase_of(struct phase *p, double *ms, long n)
{
	qsort(ms, (size_t)n, sizeof(double), bench_cmp_double);
	memset(p, 0, sizeof(*p));
	p->n = n;
	for (long i = 0; i < n; i++)
		p->over += ms[i] > 2.0;
	if (n > 0) {
		p->median = ms[n / 2];
		p->p99 = ms[(n * 99) / 100];
		p->max = ms[n - 1];
	}
}

/* The whole frames' and the card's own, of the phase just measured. */
static void phase_take(struct phase *p, struct phase *card)
{
	long n = bench_frames_count();
	phase_of(p, bench_frame_ms, n);
	phase_of(card, card_frame_ms, n);
	card->composed_gfx = os_atomic_exchange_long(&composed_gfx, 0);
	card->composed_other = os_atomic_exchange_long(&composed_other, 0);
	card->held = os_atomic_exchange_long(&held, 0);
}

static void phase_print(const char *what, const char *whose, const struct phase *p)
{
	printf("  %-26s %s per frame over %ld frames: median %.2f ms, p99 %.2f ms, max %.2f ms; "
	       "frames over 2 ms: %ld\n",
	       what, whose, p->n, p->median, p->p99, p->max, p->over);
}

int main(int argc, char **argv)
{
	const char *module = argc > 2 ? argv[1] : LK_MODULE_PATH;
	const char *data = argc > 2 ? argv[2] : LK_DATA_DIR;

	if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {
		fprintf(stderr, "bench-text-frames: needs an X display (Xvfb)\n");
		return 1;
	}
	profiler_start();
	json_t *shop = lk_harness_start_shop(module, data, "bench-text-frames");
	if (!shop)
		return 1;
	json_t *cart = json_object_get(shop, "cart");

	obs_data_t *s = card_settings();
	obs_source_t *card = lk_harness_source("linkon_product_card", "bench-card", s);
	obs_scene_t *scene = obs_scene_create("bench-scene");
	obs_scene_add(scene, card);
	obs_set_output_source(0, obs_scene_get_source(scene));
	lk_harness_sleep_ms(1500);
	bool idle = getenv("LK_BENCH_IDLE") != NULL;             /* no changes in the second phase either */
	bool fonts_only = getenv("LK_BENCH_FONTS_ONLY") != NULL; /* no new product (no new image) */
	bool same_size = getenv("LK_BENCH_SAME_SIZE") != NULL;   /* faces change, the size does not */
	bool warm_other = getenv("LK_BENCH_WARM_OTHER") != NULL;
	if (warm_other && !idle)
		warm_with_other_card(scene, cart, same_size, fonts_only);
	obs_add_main_render_callback(on_frame, NULL);
	lk_harness_sleep_ms(200);

	/* the floor, in the same run: the same card, nothing changing (one
	 * composed layer drawn a frame); what this machine's scheduler, caches
	 * and software renderer do to a frame that does nothing new */
	struct phase floor_phase, churn_phase, floor_card, churn_card;
	void (*set_probe)(lk_text_probe_fn) = module_set_probe(module);
	if (set_probe)
		set_probe(on_probe);
	os_atomic_set_long(&composed_gfx, 0);
	os_atomic_set_long(&composed_other, 0);
	os_atomic_set_long(&held, 0);
	bench_frames_start();
	lk_harness_sleep_ms(CHURN_MS);
	bench_frames_stop();
	phase_take(&floor_phase, &floor_card);

	bench_frames_start();
	uint64_t until = os_gettime_ns() + (uint64_t)CHURN_MS * 1000000ULL;
	for (int i = 0; os_gettime_ns() < until; i++) {
		if (!idle)
			churn_step(card, s, i, same_size, fonts_only, cart);
		lk_harness_sleep_ms(STEP_MS);
	}
	lk_harness_sleep_ms(500);
	bench_frames_stop();
	phase_take(&churn_phase, &churn_card);
	obs_remove_main_render_callback(on_frame, NULL);
	if (set_probe)
		set_probe(NULL);

	struct found f = {0};
	profiler_snapshot_t *snap = profile_snapshot_create();
	profiler_snapshot_enumerate_roots(snap, on_root, &f);
	profile_snapshot_free(snap);
	printf("bench-text-frames: %s (%s%s)\n", module,
	       idle         ? "idle"
	       : fonts_only ? "font change every 100 ms"
			    : "font + product change every 100 ms",
	       warm_other && !idle ? ", after another card ran the same churn" : "");
	const char *churn_what = idle         ? "nothing changes, again"
				 : fonts_only ? "while the font changes"
					      : "while font and text change";
	phase_print("nothing changes (floor)", "graphics-thread CPU", &floor_phase);
	phase_print(churn_what, "graphics-thread CPU", &churn_phase);
	if (floor_phase.median > 0.0)
		printf("  against the floor: median %.2fx, p99 %.2fx, longest %.2fx; frames over 2 ms %ld against %ld\n",
		       churn_phase.median / floor_phase.median, churn_phase.p99 / floor_phase.p99,
		       churn_phase.max / floor_phase.max, churn_phase.over, floor_phase.over);
	if (!card_tick) {
		printf("  the card's own time: not measured (the module did not register linkon_product_card here)\n");
	} else {
		phase_print("nothing changes (floor)", "the card's own (tick, update, render)", &floor_card);
		phase_print(churn_what, "the card's own (tick, update, render)", &churn_card);
	}
	if (set_probe)
		printf("  layers composed: floor %ld on the graphics thread, %ld on others; churn %ld on the graphics "
		       "thread, %ld on others; renders that held (drew what the layers hold, a run pending): floor "
		       "%ld, churn %ld\n",
		       floor_card.composed_gfx, floor_card.composed_other, churn_card.composed_gfx,
		       churn_card.composed_other, floor_card.held, churn_card.held);
	else
		printf("  layers composed: not counted (the module has no lk_text_set_probe)\n");
	printf("  profiler (wall clock, the whole run): frames %llu; longest tick_sources %.2f ms, frames with tick_sources "
	       "> 2 ms: %llu of %llu; longest graphics-thread frame %.2f ms\n",
	       (unsigned long long)f.frames, (double)f.tick_max / 1000.0, (unsigned long long)f.tick_over_2ms,
	       (unsigned long long)f.tick_count, (double)f.frame_max / 1000.0);

	obs_set_output_source(0, NULL);
	obs_scene_release(scene);
	obs_source_release(card);
	obs_data_release(s);
	json_decref(shop);
	lk_harness_stop();
	profiler_stop();
	profiler_free();
	return 0;
}
