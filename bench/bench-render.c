/*
 * Linkon benchmark — what the four sources cost per rendered frame in a
 * headless libobs (Xvfb, software GL), against a look-alike built from OBS's
 * own sources (image_source + text_ft2_source_v2 + color_source_v3) drawing
 * comparable content, measured in the same run, rounds interleaved.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * For each scene: process CPU time per rendered frame (every thread: the
 * graphics thread, llvmpipe's rasteriser threads, Linkon's workers), the
 * graphics thread's own CPU time per frame, and the frames per second OBS
 * reached (30 is the canvas rate). min / median / max over the rounds; the
 * ratios use medians. Then 1, 4 and 16 copies of the product card (cost per
 * card above idle should not grow with the count) and the PSS of the process
 * above Linkon idle, by kind of mapping (LK_BENCH_PSS_ONLY=1: only that).
 *
 * Usage: bench-render [rounds] [measure_ms]  (defaults 3 and 1200). Needs
 * DISPLAY. Each scene of test-artifacts/obs-bench-NN.png is saved once. Exits non-zero only if something could not run (not on timing).
 * LK_BENCH_SCENES=0,5,6: only those scenes (numbers in the table's order);
 * LK_BENCH_NO_PSS=1: no memory figures (to profile a scene alone);
 * LK_BENCH_SMAPS_DIR=dir: a copy of /proc/self/smaps at each memory reading;
 * LK_BENCH_PSS_SCENE=n: the memory figures for scene n instead of all four
 * (e.g. 1 for the card alone: what each source adds).
 */
#define _GNU_SOURCE
#include "lk-obs-harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <util/platform.h>
#include <util/threading.h>

#ifndef LK_OBS_PLUGIN_DIR
#define LK_OBS_PLUGIN_DIR "/usr/lib/x86_64-linux-gnu/obs-plugins"
#endif
#ifndef LK_OBS_DATA_DIR
#define LK_OBS_DATA_DIR "/usr/share/obs/obs-plugins"
#endif

#define MAX_ROUNDS 20
#define WARM_MS 500
#define CARD_W 640
#define LIST_W 520
#define TIMER_W 560
#define GIFT_W 640

/* ---- counters ------------------------------------------------------------- */

static volatile long frames;
static pid_t gfx_tid;

static void count_frame(void *param, uint32_t cx, uint32_t cy)
{
	(void)param;
	(void)cx;
	(void)cy;
	os_atomic_inc_long(&frames);
	if (!gfx_tid)
		gfx_tid = gettid();
}

static double cpu_ns(clockid_t id)
{
	struct timespec ts;
	if (clock_gettime(id, &ts) != 0)
		return 0.0;
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The CPU clock of another thread of this process (Linux: a per-thread
 * clock id made from the tid). */
static clockid_t thread_clock(pid_t tid)
{
	return (clockid_t)((~(unsigned int)tid << 3) | 6u);
}

/* Fields of /proc/self/smaps_rollup (kB): "Pss" alone, or with family
 * set every "<name>_..." field summed ("Pss": _Anon + _File + _Shmem too). */
static long rollup_kb(const char *name, bool family)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kb = 0, v;
	size_t n = strlen(name);
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		if (colon && strncmp(line, name, n) == 0 && sscanf(colon + 1, "%ld", &v) == 1 &&
		    (line[n] == ':' || (family && line[n] == '_')))
			kb += v;
	}
	if (f)
		fclose(f);
	return kb;
}

static long pss_kb(void)
{
	return rollup_kb("Pss", false);
}

/* PSS by kind of mapping (kB), from /proc/self/smaps: where memory above
 * idle goes. anon: malloc arenas of threads, big allocations (software GL
 * keeps textures there); heap: the main arena. */
enum { PSS_HEAP, PSS_ANON, PSS_FONTS, PSS_FC_CACHE, PSS_LIBS, PSS_OTHER, PSS_KINDS };
static const char *const pss_kind_names[PSS_KINDS] = {"heap",      "anonymous",  "font files", "fontconfig caches",
						      "libraries", "other files"};

static int pss_kind_of(const char *path)
{
	if (!*path || strncmp(path, "[anon", 5) == 0 || strncmp(path, "[stack", 6) == 0)
		return PSS_ANON;
	if (strcmp(path, "[heap]") == 0)
		return PSS_HEAP;
	if (strstr(path, "fontconfig"))
		return PSS_FC_CACHE;
	if (strstr(path, "/fonts/") || strstr(path, ".ttf") || strstr(path, ".otf") || strstr(path, ".ttc"))
		return PSS_FONTS;
	if (strstr(path, ".so"))
		return PSS_LIBS;
	return PSS_OTHER;
}

static void pss_by_kind(long kb[PSS_KINDS])
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[1024];
	int kind = PSS_OTHER;
	long v;

	memset(kb, 0, sizeof(long) * PSS_KINDS);
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		int path_at = 0;
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &lo, &hi, &path_at) == 2 && path_at > 0) {
			char *path = line + path_at;
			path[strcspn(path, "\n")] = '\0';
			kind = pss_kind_of(path);
		} else if (sscanf(line, "Pss: %ld kB", &v) == 1) {
			kb[kind] += v;
		}
	}
	if (f)
		fclose(f);
}

static void pss_print_delta(const char *what, const long a[PSS_KINDS], const long b[PSS_KINDS])
{
	printf("  %s:", what);
	for (int k = 0; k < PSS_KINDS; k++)
		printf(" %s %+.1f MB%s", pss_kind_names[k], (double)(b[k] - a[k]) / 1024.0,
		       k + 1 < PSS_KINDS ? "," : "\n");
}

/* LK_BENCH_SMAPS_DIR: a copy of /proc/self/smaps at each PSS reading
 * (<dir>/smaps-<what>), to compare mapping by mapping. */
static void smaps_copy(const char *what)
{
	const char *dir = getenv("LK_BENCH_SMAPS_DIR");
	char path[1024], buf[8192];
	size_t n;
	if (!dir || !*dir)
		return;
	snprintf(path, sizeof(path), "%s/smaps-%s", dir, what);
	FILE *in = fopen("/proc/self/smaps", "r"), *out = fopen(path, "w");
	while (in && out && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	if (in)
		fclose(in);
	if (out)
		fclose(out);
}

/* ---- scenes --------------------------------------------------------------- */

struct scene {
	const char *name;
	double cpu[MAX_ROUNDS], gfx[MAX_ROUNDS], fps[MAX_ROUNDS];
};

enum {
	S_IDLE,
	S_L_CARD,
	S_A_CARD,
	S_L_CART,
	S_A_CART,
	S_L_TIMER,
	S_A_TIMER,
	S_L_GIFTS,
	S_A_GIFTS,
	S_L_ALL,
	S_A_ALL,
	S_CARD4,
	S_CARD16,
	NUM_SCENES
};

static struct scene scenes[NUM_SCENES] = {
	{.name = "idle (Linkon loaded, empty scene)"},
	{.name = "Linkon product card"},
	{.name = "look-alike card"},
	{.name = "Linkon cart list"},
	{.name = "look-alike cart"},
	{.name = "Linkon flash timer"},
	{.name = "look-alike timer"},
	{.name = "Linkon gift alerts"},
	{.name = "look-alike gift alert"},
	{.name = "Linkon all four"},
	{.name = "look-alike all four"},
	{.name = "Linkon card x4"},
	{.name = "Linkon card x16"},
};

/* Look-alike texts that change every second (the clock, the combo). */
#define MAX_TICKING 8
static obs_source_t *ticking[MAX_TICKING];
static int num_ticking;

static obs_source_t *all_sources[256];
static int num_sources;

static obs_source_t *keep(obs_source_t *src)
{
	if (src && num_sources < 256)
		all_sources[num_sources++] = src;
	return src;
}

static obs_sceneitem_t *place(obs_scene_t *scene, obs_source_t *src, float x, float y, float scale)
{
	obs_sceneitem_t *item = obs_scene_add(scene, src);
	struct vec2 pos = {.x = x, .y = y}, sc = {.x = scale, .y = scale};
	obs_sceneitem_set_pos(item, &pos);
	obs_sceneitem_set_scale(item, &sc);
	return item;
}

static void set_font(obs_data_t *s, int size, bool bold)
{
	obs_data_t *font = obs_data_create();
	obs_data_set_string(font, "face", "Noto Sans");
	obs_data_set_string(font, "style", bold ? "Bold" : "Regular");
	obs_data_set_int(font, "size", size);
	obs_data_set_int(font, "flags", bold ? 1 : 0);
	obs_data_set_obj(s, "font", font);
	obs_data_release(font);
}

static obs_source_t *text_wrapped(const char *t, int size, bool bold, uint32_t abgr, int width)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_string(s, "text", t);
	if (width) {
		obs_data_set_bool(s, "word_wrap", true);
		obs_data_set_int(s, "custom_width", width);
	}
	set_font(s, size, bold);
	obs_data_set_int(s, "color1", abgr);
	obs_data_set_int(s, "color2", abgr);
	obs_source_t *src = keep(obs_source_create("text_ft2_source_v2", "text", s, NULL));
	obs_data_release(s);
	return src;
}

static obs_source_t *text(const char *t, int size, bool bold, uint32_t abgr)
{
	return text_wrapped(t, size, bold, abgr, 0);
}

static obs_source_t *color(uint32_t abgr, int w, int h)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "color", abgr);
	obs_data_set_int(s, "width", w);
	obs_data_set_int(s, "height", h);
	obs_source_t *src = keep(obs_source_create("color_source_v3", "color", s, NULL));
	obs_data_release(s);
	return src;
}

static obs_source_t *image(const char *file)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_string(s, "file", file);
	obs_source_t *src = keep(obs_source_create("image_source", "image", s, NULL));
	obs_data_release(s);
	return src;
}

#define WHITE 0xFFFFFFFFu
#define YELLOW 0xFF3FD2FFu /* abgr */
#define PINK 0xFF632EFFu
#define PANEL 0xEB211814u

/* A card: panel, photo (512 px shown at 190), title, price, original,
 * discount badge, stock bar + label, sold, slot badge. */
static void alike_card(obs_scene_t *sc, float x, float y)
{
	place(sc, color(PANEL, CARD_W, 230), x, y, 1.0f);
	place(sc, image(LK_DATA_DIR "/images/demo-01.png"), x + 20, y + 20, 190.0f / 512.0f);
	place(sc, text_wrapped("Wireless earbuds with charging case", 28, true, WHITE, 330), x + 230, y + 14, 1.0f);
	place(sc, text("$49.90", 44, true, YELLOW), x + 230, y + 84, 1.0f);
	place(sc, text("$79.90", 24, false, WHITE), x + 400, y + 96, 1.0f);
	place(sc, color(PINK, 70, 30), x + 520, y + 94, 1.0f);
	place(sc, text("-38%", 20, true, WHITE), x + 530, y + 96, 1.0f);
	place(sc, color(0x2EFFFFFFu, 380, 10), x + 230, y + 140, 1.0f);
	place(sc, color(PINK, 190, 10), x + 230, y + 140, 1.0f);
	place(sc, text("12 left", 20, false, WHITE), x + 230, y + 156, 1.0f);
	place(sc, text("340 sold", 20, false, WHITE), x + 230, y + 186, 1.0f);
	place(sc, color(PINK, 44, 30), x + 580, y + 20, 1.0f);
	place(sc, text("#3", 20, true, WHITE), x + 588, y + 22, 1.0f);
}

/* The cart: five rows of thumbnail (512 px at 44), slot, title, price. */
static void alike_cart(obs_scene_t *sc, float x, float y)
{
	static const char *titles[5] = {"Wireless earbuds", "Ceramic mug set", "Desk lamp", "Phone stand",
					"Linen tote bag"};
	for (int i = 0; i < 5; i++) {
		char file[256], slot[8];
		float ry = y + (float)i * 62.0f;
		snprintf(file, sizeof(file), LK_DATA_DIR "/images/demo-%02d.png", i + 1);
		snprintf(slot, sizeof(slot), "%d", i + 1);
		place(sc, color(PANEL, LIST_W, 56), x, ry, 1.0f);
		place(sc, image(file), x + 40, ry + 6, 44.0f / 512.0f);
		place(sc, text(slot, 22, true, WHITE), x + 12, ry + 14, 1.0f);
		place(sc, text(titles[i], 22, false, WHITE), x + 96, ry + 14, 1.0f);
		place(sc, text("$19.90", 22, true, YELLOW), x + 420, ry + 14, 1.0f);
	}
}

static void alike_timer(obs_scene_t *sc, float x, float y)
{
	place(sc, color(PANEL, TIMER_W, 140), x, y, 1.0f);
	place(sc, color(PINK, 150, 34), x + 16, y + 16, 1.0f);
	place(sc, text("FLASH SALE", 22, true, WHITE), x + 24, y + 20, 1.0f);
	place(sc, text("Wireless earbuds", 24, false, WHITE), x + 16, y + 60, 1.0f);
	obs_source_t *clock = text("04:59", 56, true, YELLOW);
	place(sc, clock, x + 360, y + 16, 1.0f);
	ticking[num_ticking++] = clock;
	place(sc, color(0x2EFFFFFFu, 520, 10), x + 16, y + 110, 1.0f);
	place(sc, color(PINK, 260, 10), x + 16, y + 110, 1.0f);
	place(sc, text("18 left", 18, false, WHITE), x + 400, y + 86, 1.0f);
}

static void alike_gift(obs_scene_t *sc, float x, float y)
{
	place(sc, color(0x40FF8A3Cu, GIFT_W + 24, 124), x - 12, y - 12, 1.0f); /* glow */
	place(sc, color(PANEL, GIFT_W, 100), x, y, 1.0f);
	place(sc, color(0x18FFFFFFu, GIFT_W - 8, 46), x + 4, y + 4, 1.0f); /* gloss */
	place(sc, image(LK_DATA_DIR "/images/gift-box.png"), x + 14, y + 14, 72.0f / 128.0f);
	place(sc, text("Mia sent a Rose", 28, true, WHITE), x + 100, y + 16, 1.0f);
	place(sc, text("Thank you!", 22, false, WHITE), x + 100, y + 56, 1.0f);
	place(sc, image(LK_DATA_DIR "/images/gift-rose.png"), x + GIFT_W - 110, y - 20, 1.0f);
	obs_source_t *combo = text("x1", 40, true, YELLOW);
	place(sc, combo, x + GIFT_W + 20, y + 24, 1.0f);
	ticking[num_ticking++] = combo;
}

static obs_source_t *linkon(const char *id, const char *name, int width)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", width);
	if (strcmp(id, "linkon_gift_alerts") == 0) {
		obs_data_set_int(s, "tier_small_duration_ms", 60000);
		obs_data_set_string(s, "tier_small_sound", "");
		obs_data_set_string(s, "tier_big_sound", "");
		obs_data_set_string(s, "tier_huge_sound", "");
	}
	obs_source_t *src = keep(obs_source_create(id, name, s, NULL));
	obs_data_release(s);
	return src;
}

static void build_all(obs_scene_t *all)
{
	place(all, linkon("linkon_product_card", "card-all", CARD_W), 20, 20, 1.0f);
	place(all, linkon("linkon_cart_list", "cart-all", LIST_W), 700, 20, 1.0f);
	place(all, linkon("linkon_flash_timer", "timer-all", TIMER_W), 20, 300, 1.0f);
	place(all, linkon("linkon_gift_alerts", "gifts-all", GIFT_W), 40, 500, 1.0f);
}

static void build_alike_all(obs_scene_t *alike)
{
	alike_card(alike, 20, 20);
	alike_cart(alike, 700, 20);
	alike_timer(alike, 20, 300);
	alike_gift(alike, 40, 500);
}

static void build_cards(obs_scene_t *sc, int n)
{
	for (int i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof(name), "card-%d", i);
		obs_source_t *card = linkon("linkon_product_card", name, CARD_W);
		if (n > 4) /* scaled down to fit: each copy still renders at full size */
			place(sc, card, (float)(i % 4) * 320.0f, (float)(i / 4) * 180.0f, 0.5f);
		else
			place(sc, card, (float)(i % 2) * 640.0f, (float)(i / 2) * 360.0f, 1.0f);
	}
}

/* Builds scene i with new sources (the sources of other scenes do not exist
 * meanwhile: libobs ticks every source, shown or not). */
static obs_scene_t *build_scene(int i)
{
	obs_scene_t *sc = obs_scene_create_private("bench");
	num_ticking = 0;
	switch (i) {
	case S_L_CARD:
		place(sc, linkon("linkon_product_card", "card", CARD_W), 20, 20, 1.0f);
		break;
	case S_A_CARD:
		alike_card(sc, 20, 20);
		break;
	case S_L_CART:
		place(sc, linkon("linkon_cart_list", "cart", LIST_W), 700, 20, 1.0f);
		break;
	case S_A_CART:
		alike_cart(sc, 700, 20);
		break;
	case S_L_TIMER:
		place(sc, linkon("linkon_flash_timer", "timer", TIMER_W), 20, 300, 1.0f);
		break;
	case S_A_TIMER:
		alike_timer(sc, 20, 300);
		break;
	case S_L_GIFTS:
		place(sc, linkon("linkon_gift_alerts", "gifts", GIFT_W), 40, 500, 1.0f);
		break;
	case S_A_GIFTS:
		alike_gift(sc, 40, 500);
		break;
	case S_L_ALL:
		build_all(sc);
		break;
	case S_A_ALL:
		build_alike_all(sc);
		break;
	case S_CARD4:
		build_cards(sc, 4);
		break;
	case S_CARD16:
		build_cards(sc, 16);
		break;
	default:
		break;
	}
	return sc;
}

static void show(obs_scene_t *sc)
{
	obs_set_output_source(0, sc ? obs_scene_get_source(sc) : NULL);
}

static void drop_scene(obs_scene_t *sc)
{
	show(NULL);
	obs_scene_release(sc);
	while (num_sources > 0)
		obs_source_release(all_sources[--num_sources]);
	num_ticking = 0;
}

/* ---- the world moving: a sale running, a gift streak, ticking texts ------- */

static int ticks;

static bool call(const char *proc, calldata_t *cd)
{
	bool ok = proc_handler_call(obs_get_proc_handler(), proc, cd) && calldata_bool(cd, "ok");
	if (!ok)
		fprintf(stderr, "bench-render: %s failed: %s\n", proc,
			calldata_string(cd, "error") ? calldata_string(cd, "error") : "?");
	return ok;
}

static bool start_show(const char *product_id)
{
	calldata_t cd = {0};
	bool ok = lk_harness_pin(product_id);
	calldata_set_string(&cd, "product_id", product_id);
	calldata_set_int(&cd, "duration_ms", 3600 * 1000);
	calldata_set_int(&cd, "preroll_ms", 0);
	calldata_set_int(&cd, "stock", 99999); /* the demo shop's orders must not sell it out */
	calldata_set_int(&cd, "sale_price", 1990);
	ok = ok && call("linkon_start_sale", &cd);
	calldata_free(&cd);
	return ok;
}

/* The cart product with the most stock: the demo shop's orders (60 % of
 * them to the pinned product) must not sell it out during the run, or the
 * sale ends and the timer hides. Borrowed from shop. */
static const char *most_stocked(json_t *shop)
{
	const char *best = NULL;
	json_int_t most = -1;
	size_t i, j;
	json_t *id, *p;
	json_array_foreach(json_object_get(shop, "cart"), i, id)
	{
		json_array_foreach(json_object_get(shop, "products"), j, p)
		{
			json_int_t stock = json_integer_value(json_object_get(p, "stock"));
			if (json_equal(json_object_get(p, "id"), id) && stock > most) {
				most = stock;
				best = json_string_value(id);
			}
		}
	}
	return best;
}

/* Once a second: the look-alike's clock and combo change, a gift joins the
 * streak (the alert stays up, its counter changes). */
static void tick_world(void)
{
	char buf[256];
	ticks++;
	for (int i = 0; i < num_ticking; i++) {
		obs_data_t *s = obs_data_create();
		if (i % 2 == 0)
			snprintf(buf, sizeof(buf), "%02d:%02d", (3599 - ticks) / 60 % 60, (3599 - ticks) % 60);
		else
			snprintf(buf, sizeof(buf), "x%d", ticks);
		obs_data_set_string(s, "text", buf);
		obs_source_update(ticking[i], s);
		obs_data_release(s);
	}
	snprintf(buf, sizeof(buf),
		 "{\"id\":\"b-%d\",\"sender\":{\"name\":\"Mia\"},\"gift\":{\"id\":\"rose\",\"name\":\"Rose\","
		 "\"value\":1},\"count\":%d,\"streak\":\"bench\",\"streakEnd\":false}",
		 ticks, ticks);
	calldata_t cd = {0};
	calldata_set_string(&cd, "json", buf);
	proc_handler_call(obs_get_proc_handler(), "linkon_test_gift", &cd);
	calldata_free(&cd);
}

static uint64_t next_tick_ns;

static void sleep_world(int ms)
{
	uint64_t end = os_gettime_ns() + (uint64_t)ms * 1000000ull;
	for (uint64_t now = os_gettime_ns(); now < end; now = os_gettime_ns()) {
		if (now >= next_tick_ns) {
			tick_world();
			next_tick_ns = now + 1000000000ull;
		}
		uint64_t left = (end - now) / 1000000ull;
		os_sleep_ms(left > 50 ? 50 : (uint32_t)(left ? left : 1));
	}
}

/* ---- measuring ------------------------------------------------------------ */

static void measure(int k, int round, int measure_ms)
{
	struct scene *s = &scenes[k];
	obs_scene_t *sc = build_scene(k);
	show(sc);
	sleep_world(WARM_MS);

	long f0 = os_atomic_load_long(&frames);
	double c0 = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	double g0 = gfx_tid ? cpu_ns(thread_clock(gfx_tid)) : 0.0;
	uint64_t t0 = os_gettime_ns();
	sleep_world(measure_ms);
	long f1 = os_atomic_load_long(&frames);
	double c1 = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	double g1 = gfx_tid ? cpu_ns(thread_clock(gfx_tid)) : 0.0;
	uint64_t t1 = os_gettime_ns();

	long n = f1 - f0 > 0 ? f1 - f0 : 1;
	s->cpu[round] = (c1 - c0) / 1e6 / (double)n;
	s->gfx[round] = (g1 - g0) / 1e6 / (double)n;
	s->fps[round] = (double)(f1 - f0) * 1e9 / (double)(t1 - t0);
	if (round == 0) { /* what was measured, to look at: test-artifacts/obs-bench-<n>.png */
		struct lk_capture cap;
		char name[32];
		snprintf(name, sizeof(name), "bench-%02d", k);
		if (lk_harness_capture(obs_scene_get_source(sc), 0, &cap))
			lk_capture_save(&cap, name);
		lk_capture_free(&cap);
	}
	drop_scene(sc);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct stats {
	double min, med, max;
};

static struct stats stats_of(const double *v, int n)
{
	double s[MAX_ROUNDS];
	memcpy(s, v, sizeof(double) * (size_t)n);
	qsort(s, (size_t)n, sizeof(double), cmp_double);
	struct stats st = {s[0], n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0, s[n - 1]};
	return st;
}

static void print_ratio(const char *what, int l, int a, int rounds)
{
	struct stats lc = stats_of(scenes[l].cpu, rounds), ac = stats_of(scenes[a].cpu, rounds);
	struct stats lg = stats_of(scenes[l].gfx, rounds), ag = stats_of(scenes[a].gfx, rounds);
	struct stats lf = stats_of(scenes[l].fps, rounds), af = stats_of(scenes[a].fps, rounds);
	printf("%-12s  CPU/frame %5.2fx   graphics thread/frame %5.2fx   fps %4.1f vs %4.1f\n", what,
	       ac.med > 0 ? lc.med / ac.med : 0.0, ag.med > 0 ? lg.med / ag.med : 0.0, lf.med, af.med);
}

/* LK_BENCH_SCENES: only these scenes (numbers as in the table, from 0,
 * comma-separated), e.g. "0,5,6" for idle and the two timers; the others
 * print zeros. */
static bool scene_wanted(int k)
{
	const char *list = getenv("LK_BENCH_SCENES");
	if (!list || !*list)
		return true;
	for (const char *p = list; *p;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		if (v == k)
			return true;
		p = *end == ',' ? end + 1 : end;
	}
	return false;
}

/* The rounds over every scene, then the table and the ratios. */
static void report_frames(int rounds, int measure_ms)
{
	printf("bench-render: %d rounds of %d ms per scene, interleaved (1280x720 @ 30 fps canvas)\n", rounds,
	       measure_ms);
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < NUM_SCENES; i++) {
			/* rotate the order each round so no scene always follows another */
			int k = (i + r * 5) % NUM_SCENES;
			if (scene_wanted(k))
				measure(k, r, measure_ms);
		}
		fprintf(stderr, "bench-render: round %d/%d done\n", r + 1, rounds);
	}
	printf("\n%-36s %-26s %-26s %s\n", "scene", "CPU ms/frame min/med/max", "gfx thread ms/frame", "fps (med)");
	for (int i = 0; i < NUM_SCENES; i++) {
		struct stats c = stats_of(scenes[i].cpu, rounds), g = stats_of(scenes[i].gfx, rounds),
			     f = stats_of(scenes[i].fps, rounds);
		printf("%-36s %6.2f %6.2f %6.2f    %6.2f %6.2f %6.2f    %5.1f\n", scenes[i].name, c.min, c.med, c.max,
		       g.min, g.med, g.max, f.med);
	}

	printf("\nratios, Linkon / look-alike (medians; target all four <= 1.2x, 30 fps)\n");
	print_ratio("card", S_L_CARD, S_A_CARD, rounds);
	print_ratio("cart list", S_L_CART, S_A_CART, rounds);
	print_ratio("flash timer", S_L_TIMER, S_A_TIMER, rounds);
	print_ratio("gift alerts", S_L_GIFTS, S_A_GIFTS, rounds);
	print_ratio("all four", S_L_ALL, S_A_ALL, rounds);

	double idle = stats_of(scenes[S_IDLE].cpu, rounds).med;
	double one = stats_of(scenes[S_L_CARD].cpu, rounds).med - idle;
	double four = (stats_of(scenes[S_CARD4].cpu, rounds).med - idle) / 4.0;
	double sixteen = (stats_of(scenes[S_CARD16].cpu, rounds).med - idle) / 16.0;
	printf("\ncopies of the card, CPU per card above idle: 1 = %.2f ms, 4 = %.2f ms (%.2fx), 16 = %.2f ms (%.2fx)"
	       " (linear: about 1x)\n",
	       one, four, one > 0 ? four / one : 0.0, sixteen, one > 0 ? sixteen / one : 0.0);
	printf("fps with 16 cards: %.1f\n", stats_of(scenes[S_CARD16].fps, rounds).med);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 3;
	int measure_ms = argc > 2 ? atoi(argv[2]) : 1200;
	rounds = rounds < 1 ? 1 : rounds > MAX_ROUNDS ? MAX_ROUNDS : rounds;
	measure_ms = measure_ms < 200 ? 200 : measure_ms;

	/* LK_BENCH_MODULE / LK_BENCH_DATA: another build of the module (and its
	 * data dir) to measure, e.g. the code before a change. The file must be
	 * named linkon.so: libobs names the module's config dir after it. */
	const char *module = getenv("LK_BENCH_MODULE"), *data = getenv("LK_BENCH_DATA");
	/* the demo shop with an order a second (each changes the card, list and
	 * timer), no automatic pins or gifts */
	lk_harness_set_config("{\"connector\":\"demo\",\"demo\":{\"seed\":42,\"pin_every_ms\":-1,"
			      "\"order_every_ms\":1000,\"gift_every_ms\":-1}}\n");
	json_t *shop = lk_harness_start_shop(module && *module ? module : LK_MODULE_PATH,
					     data && *data ? data : LK_DATA_DIR, "bench-render");
	if (!shop)
		return 1;
	const char *pin = most_stocked(shop);
	if (!pin || !lk_harness_load_obs_plugin(LK_OBS_PLUGIN_DIR, LK_OBS_DATA_DIR, "image-source") ||
	    !lk_harness_load_obs_plugin(LK_OBS_PLUGIN_DIR, LK_OBS_DATA_DIR, "text-freetype2") || !start_show(pin)) {
		fprintf(stderr, "bench-render: could not set up the scenes\n");
		return 1;
	}
	obs_add_main_render_callback(count_frame, NULL);

	/* LK_BENCH_NO_PSS: only the frame figures (to profile one scene alone) */
	if (getenv("LK_BENCH_NO_PSS")) {
		report_frames(rounds, measure_ms);
		json_decref(shop);
		obs_remove_main_render_callback(count_frame, NULL);
		lk_harness_stop();
		return 0;
	}
	/* PSS: Linkon idle, then with the four sources up, then the look-alike */
	obs_scene_t *sc = build_scene(S_IDLE);
	show(sc);
	sleep_world(1000);
	long pss_idle = pss_kb(), kinds_idle[PSS_KINDS], kinds_linkon[PSS_KINDS], kinds_alike[PSS_KINDS];
	long anon_idle = rollup_kb("Anonymous", false);
	pss_by_kind(kinds_idle);
	smaps_copy("idle");
	drop_scene(sc);
	/* The empty scene draws nothing, so llvmpipe has compiled no shader
	 * yet: the first source of any kind then brings in libLLVM's code and
	 * the JIT. An idle OBS draws its preview, so also measure above an
	 * idle scene that draws one of OBS's own colour sources. */
	sc = obs_scene_create_private("bench");
	place(sc, color(0xFF101010u, 64, 64), 0, 0, 1.0f);
	show(sc);
	sleep_world(1000);
	long pss_drawing = pss_kb(), anon_drawing = rollup_kb("Anonymous", false);
	smaps_copy("drawing");
	drop_scene(sc);
	const char *pss_scene = getenv("LK_BENCH_PSS_SCENE");
	sc = build_scene(pss_scene && *pss_scene ? atoi(pss_scene) : S_L_ALL);
	show(sc);
	sleep_world(2500);
	long pss_linkon = pss_kb(), anon_linkon = rollup_kb("Anonymous", false);
	pss_by_kind(kinds_linkon);
	smaps_copy("linkon");
	drop_scene(sc);
	sc = build_scene(S_A_ALL);
	show(sc);
	sleep_world(2500);
	long pss_alike = pss_kb(), anon_alike = rollup_kb("Anonymous", false);
	pss_by_kind(kinds_alike);
	drop_scene(sc);
	/* LK_BENCH_PSS_ONLY: only the memory figures (quicker to iterate) */
	if (!getenv("LK_BENCH_PSS_ONLY"))
		report_frames(rounds, measure_ms);
	printf("\nPSS: Linkon idle %ld MB; the four Linkon sources +%ld MB (target <= 30); the look-alike +%ld MB\n",
	       pss_idle / 1024, (pss_linkon - pss_idle) / 1024, (pss_alike - pss_idle) / 1024);
	printf("PSS above an idle scene that draws: the four Linkon sources %+.1f MB; anonymous memory above idle %+.1f MB"
	       " (details below)\n",
	       (double)(pss_linkon - pss_drawing) / 1024.0, (double)(anon_linkon - anon_idle) / 1024.0);
	printf("  above an idle scene that already draws (one colour_source): the four Linkon sources %+.1f MB, the"
	       " look-alike %+.1f MB\n",
	       (double)(pss_linkon - pss_drawing) / 1024.0, (double)(pss_alike - pss_drawing) / 1024.0);
	printf("  anonymous memory (the process's own allocations, no file pages, so other processes mapping the"
	       " same files do not move it) above idle: the four Linkon sources %+.1f MB (%+.1f MB above the"
	       " drawing idle), the look-alike %+.1f MB\n",
	       (double)(anon_linkon - anon_idle) / 1024.0, (double)(anon_linkon - anon_drawing) / 1024.0,
	       (double)(anon_alike - anon_idle) / 1024.0);
	pss_print_delta("Linkon above idle", kinds_idle, kinds_linkon);
	pss_print_delta("look-alike above idle", kinds_idle, kinds_alike);
	long own = kinds_linkon[PSS_HEAP] + kinds_linkon[PSS_ANON] - kinds_idle[PSS_HEAP] - kinds_idle[PSS_ANON];
	printf("  Linkon's own allocations (heap + anonymous) +%.1f MB; the rest is pages of files (fonts, libraries,"
	       " llvmpipe's JIT in libLLVM) whose PSS share depends on what else maps them\n",
	       (double)own / 1024.0);

	json_decref(shop);
	obs_remove_main_render_callback(count_frame, NULL);
	lk_harness_stop();
	return 0;
}
