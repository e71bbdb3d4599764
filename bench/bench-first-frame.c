/*
 * Linkon bench — the graphics thread's cost of the first frames after a
 * Linkon source is first shown, with and without the shader warm-up at
 * module load (lk_draw_warm_up; LK_NO_WARMUP=1 turns it off), in a headless
 * libobs (Xvfb, Mesa llvmpipe: it JIT-compiles a shader variant the first
 * time one is drawn with, and keeps it for the process).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   bench-first-frame [rounds]          (default 2; LK_BENCH_ROUNDS too)
 *
 * Each measurement is a process of its own (the JIT cache is per process):
 * the bench runs itself as a child for every kind (card, cart, timer, gift
 * alert) shown FIRST, then the other three, with and without the warm-up,
 * interleaved (with, without, with, ...). A child prints, for each kind
 * in the order shown: the graphics thread's CPU time (CLOCK_THREAD_CPUTIME_ID,
 * read once a frame in a main render callback) of the longest frame and of
 * all frames in the 1.2 s after the source was added to the program scene,
 * and what the warm-up itself cost at load (linkon_warm_up_info).
 * The parent prints medians and the ratios without / with.
 */
#include "lk-obs-harness.h"
#include "bench-frame-clock.h"

#include <util/platform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define KINDS 4
#define WATCH_MS 1200

static const char *const kind_names[KINDS] = {"card", "cart", "timer", "gift"};
static obs_source_t *show(int kind, const char *product)
{
	obs_data_t *s = obs_data_create();
	obs_source_t *src = NULL;
	calldata_t cd = {0};

	lk_harness_set_font(s, "Noto Sans", "Regular", 28, 0);
	switch (kind) {
	case 0:
		obs_data_set_string(s, "mode", "pinned");
		src = lk_harness_source("linkon_product_card", "bench-card", s);
		break;
	case 1:
		src = lk_harness_source("linkon_cart_list", "bench-cart", s);
		break;
	case 2:
		src = lk_harness_source("linkon_flash_timer", "bench-timer", s);
		break;
	default:
		src = lk_harness_source("linkon_gift_alerts", "bench-gift", s);
		calldata_set_string(&cd, "json",
				    "{\"id\":\"bench-1\",\"sender\":{\"name\":\"Mai\"},\"gift\":{\"id\":\"rose\","
				    "\"name\":\"Rose\",\"value\":1},\"count\":1}");
		proc_handler_call(obs_get_proc_handler(), "linkon_test_gift", &cd);
		calldata_free(&cd);
		break;
	}
	(void)product;
	obs_data_release(s);
	return src;
}

static int child(const char *first)
{
	int order[KINDS], n_order = 0, k0 = atoi(first);
	for (int i = 0; i < KINDS; i++)
		order[n_order++] = (k0 + i) % KINDS;

	json_t *shop = lk_harness_start_shop(LK_MODULE_PATH, LK_DATA_DIR, "bench-first-frame");
	if (!shop)
		return 1;
	json_t *cart = json_object_get(shop, "cart");
	const char *product = json_string_value(json_array_get(cart, 0));
	calldata_t cd = {0};
	proc_handler_call(obs_get_proc_handler(), "linkon_warm_up_info", &cd);
	long long warm_draws = calldata_int(&cd, "draws"), warm_ns = calldata_int(&cd, "ns");
	calldata_free(&cd);
	if (product) {
		lk_harness_pin(product);
		lk_harness_start_sale(product, 600000, 0, 0, 1);
	}

	obs_scene_t *scene = obs_scene_create("bench-scene");
	obs_set_output_source(0, obs_scene_get_source(scene));
	obs_add_main_render_callback(bench_on_frame, NULL);
	lk_harness_sleep_ms(800); /* the empty scene's own first frames */

	obs_source_t *src[KINDS] = {0};
	/* one line, printed whole at the end: libobs logs to stdout too */
	char line[1024];
	int len =
		snprintf(line, sizeof(line), "RESULT warm_draws=%lld warm_ms=%.3f", warm_draws, (double)warm_ns / 1e6);
	for (int i = 0; i < n_order; i++) {
		bench_frames_start();
		src[i] = show(order[i], product);
		obs_scene_add(scene, src[i]);
		lk_harness_sleep_ms(WATCH_MS);
		bench_frames_stop();
		lk_harness_sleep_ms(100);
		long n = bench_frames_count();
		double mx = 0.0, sum = 0.0;
		for (long f = 0; f < n; f++) {
			mx = bench_frame_ms[f] > mx ? bench_frame_ms[f] : mx;
			sum += bench_frame_ms[f];
		}
		len += snprintf(line + len, sizeof(line) - (size_t)len, " %s%s=%.3f/%.3f", i == 0 ? "first_" : "",
				kind_names[order[i]], mx, sum);
	}
	printf("\n%s\n", line);
	fflush(stdout);
	obs_remove_main_render_callback(bench_on_frame, NULL);
	obs_set_output_source(0, NULL);
	obs_scene_release(scene);
	for (int i = 0; i < n_order; i++)
		obs_source_release(src[i]);
	json_decref(shop);
	lk_harness_stop();
	return 0;
}

/* ---- the parent ---------------------------------------------------------------- */

struct sample {
	double max_ms, sum_ms;
};

#define MAX_ROUNDS 16
static struct sample first[2][KINDS][MAX_ROUNDS], later[2][KINDS][MAX_ROUNDS * KINDS];
static int n_first[2][KINDS], n_later[2][KINDS];
static double warm_ms[MAX_ROUNDS * KINDS];
static int n_warm;

static double median_of(const struct sample *s, int n, bool sum)
{
	double v[MAX_ROUNDS * KINDS];
	for (int i = 0; i < n; i++)
		v[i] = sum ? s[i].sum_ms : s[i].max_ms;
	qsort(v, (size_t)n, sizeof(double), bench_cmp_double);
	return n ? v[n / 2] : 0.0;
}

static bool run_child(const char *self, int kind, bool warm)
{
	char cmd[4096];
	snprintf(cmd, sizeof(cmd), "%s LK_NO_WARMUP=%s '%s' --child %d 2>/dev/null", "env", warm ? "0" : "1", self,
		 kind);
	FILE *p = popen(cmd, "r");
	if (!p)
		return false;
	char line[2048];
	bool got = false;
	while (fgets(line, sizeof(line), p)) {
		if (strncmp(line, "RESULT ", 7) != 0)
			continue;
		got = true;
		char *save = NULL;
		for (char *tok = strtok_r(line + 7, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
			double a = 0, b = 0;
			bool is_first = strncmp(tok, "first_", 6) == 0;
			char *name = is_first ? tok + 6 : tok;
			if (strncmp(tok, "warm_ms=", 8) == 0) {
				if (warm)
					warm_ms[n_warm++] = atof(tok + 8);
				continue;
			}
			char *eq = strchr(name, '=');
			if (!eq || sscanf(eq + 1, "%lf/%lf", &a, &b) != 2)
				continue;
			*eq = '\0';
			for (int k = 0; k < KINDS; k++) {
				if (strcmp(name, kind_names[k]) != 0)
					continue;
				struct sample smp = {a, b};
				if (is_first)
					first[warm][k][n_first[warm][k]++] = smp;
				else
					later[warm][k][n_later[warm][k]++] = smp;
			}
		}
	}
	return pclose(p) == 0 && got;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--child") == 0)
		return child(argv[2]);
	if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {
		fprintf(stderr, "bench-first-frame: needs an X display (Xvfb)\n");
		return 1;
	}
	int rounds = argc > 1 ? atoi(argv[1]) : getenv("LK_BENCH_ROUNDS") ? atoi(getenv("LK_BENCH_ROUNDS")) : 2;
	if (rounds < 1 || rounds > MAX_ROUNDS)
		rounds = 2;

	int failed = 0;
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < KINDS; k++) {
			bool warm_first = ((r + k) % 2) == 0; /* interleaved: which goes first alternates */
			failed += !run_child(argv[0], k, warm_first);
			failed += !run_child(argv[0], k, !warm_first);
		}
	}
	qsort(warm_ms, (size_t)n_warm, sizeof(double), bench_cmp_double);
	printf("bench-first-frame: %d round(s), each kind shown first in its own process; graphics-thread CPU "
	       "in the %d ms after it was added (median)\n",
	       rounds, WATCH_MS);
	printf("  warm-up at module load: median %.1f ms, max %.1f ms (%d loads)\n", n_warm ? warm_ms[n_warm / 2] : 0.0,
	       n_warm ? warm_ms[n_warm - 1] : 0.0, n_warm);
	printf("  %-6s %-28s %-28s %s\n", "", "first Linkon source shown", "shown after another kind", "");
	printf("  %-6s %9s %9s %8s %9s %9s %8s   (ratio = no-warm / warm)\n", "kind", "no-warm", "warm", "ratio",
	       "no-warm", "warm", "ratio");
	for (int k = 0; k < KINDS; k++) {
		double f0 = median_of(first[0][k], n_first[0][k], false),
		       f1 = median_of(first[1][k], n_first[1][k], false);
		double l0 = median_of(later[0][k], n_later[0][k], false),
		       l1 = median_of(later[1][k], n_later[1][k], false);
		printf("  %-6s %7.2fms %7.2fms %7.1fx %7.2fms %7.2fms %7.1fx   (longest frame)\n", kind_names[k], f0,
		       f1, f1 > 0 ? f0 / f1 : 0.0, l0, l1, l1 > 0 ? l0 / l1 : 0.0);
		f0 = median_of(first[0][k], n_first[0][k], true);
		f1 = median_of(first[1][k], n_first[1][k], true);
		l0 = median_of(later[0][k], n_later[0][k], true);
		l1 = median_of(later[1][k], n_later[1][k], true);
		printf("  %-6s %7.2fms %7.2fms %7.1fx %7.2fms %7.2fms %7.1fx   (all frames)\n", "", f0, f1,
		       f1 > 0 ? f0 / f1 : 0.0, l0, l1, l1 > 0 ? l0 / l1 : 0.0);
	}
	if (failed)
		printf("  %d run(s) failed\n", failed);
	return failed ? 1 : 0;
}
