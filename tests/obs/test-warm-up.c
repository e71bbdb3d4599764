/*
 * Linkon tests — the shader warm-up at module load (lk_draw_warm_up):
 * with video it ran (linkon_warm_up_info: draws made, time taken), the
 * sources still render right afterwards, and the module unloads with no
 * libobs allocation left; without a graphics subsystem (libobs started with
 * no video, as headless tools load modules) the module loads, does no
 * warm-up and unloads cleanly.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   test-obs-warm-up             (headless libobs with video, Xvfb)
 *   test-obs-warm-up --no-video  (libobs without obs_reset_video)
 */
#define _XOPEN_SOURCE 700
#include "lk-obs-harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>

#include <cmocka.h>
#include <util/bmem.h>
#include <util/platform.h>

#define BG 0xFF1E2228u
#define CARD_W 480

static long long obs_color(uint32_t argb)
{
	return (long long)((argb & 0xFF00FF00u) | ((argb >> 16) & 0xFF) | ((argb & 0xFF) << 16));
}

static void warm_up_info(long long *draws, long long *ns)
{
	calldata_t cd = {0};
	assert_true(proc_handler_call(obs_get_proc_handler(), "linkon_warm_up_info", &cd));
	*draws = calldata_int(&cd, "draws");
	*ns = calldata_int(&cd, "ns");
	calldata_free(&cd);
}

/* Video on: the warm-up ran at load, and a card drawn afterwards (its
 * first frame in this process after the warm-up) has its background. */
static void test_warm_up_ran_and_card_renders(void **state)
{
	(void)state;
	json_t *shop = lk_harness_start_shop(LK_MODULE_PATH, LK_DATA_DIR, "test-obs-warm-up");
	assert_non_null(shop);
	long long draws = 0, ns = 0;
	warm_up_info(&draws, &ns);
	assert_true(draws >=
		    80); /* shapes; images, texts and layers in all four power-of-two mixes; two target formats */
	assert_true(ns > 0);

	obs_data_t *s = obs_data_create();
	obs_data_set_int(s, "width", CARD_W);
	obs_data_set_string(s, "mode", "pinned");
	obs_data_set_int(s, "background_color", obs_color(BG));
	obs_source_t *card = lk_harness_source("linkon_product_card", "warm-card", s);
	obs_data_release(s);
	assert_non_null(card);
	const char *id = json_string_value(json_array_get(json_object_get(shop, "cart"), 0));
	assert_non_null(id);
	assert_true(lk_harness_pin(id));
	assert_true(lk_harness_wait_pinned(id, 5000));

	/* poll until the card shows its background (texts and image load on
	 * their own threads), generous for a loaded machine */
	struct lk_capture cap = {0};
	size_t bg = 0;
	uint64_t until = os_gettime_ns() + 20000000000ULL;
	while (os_gettime_ns() < until) {
		lk_capture_free(&cap);
		assert_true(lk_harness_capture(card, 4, &cap));
		bg = lk_capture_count_color(&cap, 0, 0, (int)cap.cx - 8, (int)cap.cy - 8, BG, 12);
		if (cap.cx > 8 && bg > (size_t)(cap.cx - 8) * (cap.cy - 8) / 4)
			break;
	}
	lk_capture_save(&cap, "warm-up-card");
	assert_true(cap.cx > 8 && cap.cy > 8);
	assert_true(bg > (size_t)(cap.cx - 8) * (cap.cy - 8) / 4);
	lk_capture_free(&cap);
	obs_source_release(card);
	json_decref(shop);
	/* the warm-up's textures and targets are gone: nothing of libobs left */
	assert_true(lk_harness_stop_clean());
}

static char config_dir[64];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* No video (no graphics subsystem): the module loads, does no warm-up,
 * and unloads. */
static void test_no_video_no_warm_up(void **state)
{
	(void)state;
	long allocs = bnum_allocs();
	snprintf(config_dir, sizeof(config_dir), "/tmp/linkon-warm-XXXXXX");
	assert_non_null(mkdtemp(config_dir));
	assert_true(obs_startup("en-US", config_dir, NULL));
	obs_module_t *module = NULL;
	assert_int_equal(obs_open_module(&module, LK_MODULE_PATH, LK_DATA_DIR), MODULE_SUCCESS);
	assert_true(obs_init_module(module));
	long long draws = -1, ns = -1;
	warm_up_info(&draws, &ns);
	assert_int_equal(draws, 0);
	assert_int_equal(ns, 0);
	obs_shutdown();
	nftw(config_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	assert_int_equal(bnum_allocs(), allocs);
}

int main(int argc, char **argv)
{
	unsetenv("LK_NO_WARMUP");
	if (argc > 1 && strcmp(argv[1], "--no-video") == 0) {
		const struct CMUnitTest tests[] = {cmocka_unit_test(test_no_video_no_warm_up)};
		return cmocka_run_group_tests_name("obs-warm-up-no-video", tests, NULL, NULL);
	}
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_warm_up_ran_and_card_renders)};
	return cmocka_run_group_tests_name("obs-warm-up", tests, NULL, NULL);
}
