/*
 * Linkon tests — linkon_qr rendered by a real, headless libobs with the demo
 * shop running. Every frame checked here is read back with zbar: the code
 * must give exactly the pinned product's buy link with its UTM parameters,
 * follow a pin change, read at 50 % scale inside a scene, and stay readable
 * (black on white) when its colours are refused. PNGs: obs-qr-*.png.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-obs-harness.h"
#include "lk-zbar.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <util/platform.h>

#define CAMPAIGN "spring-show"
#define DECODE_TIMEOUT_MS 8000

static json_t *shop;
static obs_source_t *owned[8];
static int num_owned;

static obs_source_t *own(obs_source_t *src)
{
	assert_non_null(src);
	assert_true(num_owned < 8);
	owned[num_owned++] = src;
	return src;
}

static obs_data_t *qr_settings(void)
{
	obs_data_t *s = obs_data_create();
	obs_data_set_string(s, "utm_campaign", CAMPAIGN);
	obs_data_set_int(s, "qr_size", 320);
	return s;
}

/* The link the code must carry for the demo product id. */
static void expected_link(char *out, size_t size, const char *id)
{
	snprintf(out, size,
		 "https://demo.linkon.invalid/p/%s?utm_source=linkon&utm_medium=live&utm_campaign=" CAMPAIGN
		 "&utm_content=%s",
		 id, id);
}

static char *decode(const struct lk_capture *cap)
{
	return lk_zbar_decode_bgra(cap->px, cap->cx, cap->cy, cap->cx * 4, 1, NULL);
}

/* Captures src until zbar reads want from it (the pin takes a frame or two
 * to reach the source); saves the last frame as obs-<name>.png. */
static void expect_code(obs_source_t *src, const char *want, const char *name)
{
	uint64_t deadline = os_gettime_ns() + (uint64_t)DECODE_TIMEOUT_MS * 1000000ULL;
	char *got = NULL;
	struct lk_capture cap = {0};
	do {
		free(got);
		lk_capture_free(&cap);
		assert_true(lk_harness_capture(src, 0, &cap));
		got = decode(&cap);
		if (got && strcmp(got, want) == 0)
			break;
		lk_harness_sleep_ms(100);
	} while (os_gettime_ns() < deadline);
	lk_capture_save(&cap, name);
	if (!got || strcmp(got, want) != 0)
		fprintf(stderr, "%s: decoded '%s', want '%s'\n", name, got ? got : "(nothing)", want);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	lk_capture_free(&cap);
}

static const char *cart_id(size_t i)
{
	return json_string_value(json_array_get(json_object_get(shop, "cart"), i));
}

static void test_follows_pin(void **state)
{
	const char *a = cart_id(0), *b = cart_id(1);
	char want[512];
	assert_non_null(a);
	assert_non_null(b);
	obs_data_t *s = qr_settings();
	obs_source_t *qr = own(lk_harness_source("linkon_qr", "qr-pinned", s));
	obs_data_release(s);
	/* the box is the configured size; caption and link are below it */
	assert_int_equal(obs_source_get_width(qr), 320);
	assert_true(obs_source_get_height(qr) > 320);

	assert_true(lk_harness_pin(a) && lk_harness_wait_pinned(a, 3000));
	expected_link(want, sizeof(want), a);
	expect_code(qr, want, "qr-pinned-a");

	assert_true(lk_harness_pin(b) && lk_harness_wait_pinned(b, 3000));
	expected_link(want, sizeof(want), b);
	expect_code(qr, want, "qr-pinned-b");
}

static void test_half_scale_in_scene(void **state)
{
	const char *a = cart_id(0);
	char want[512];
	obs_data_t *s = qr_settings();
	obs_source_t *qr = own(lk_harness_source("linkon_qr", "qr-scaled", s));
	obs_data_release(s);
	obs_scene_t *scene = obs_scene_create("qr-scene");
	obs_sceneitem_t *item = obs_scene_add(scene, qr);
	struct vec2 half = {.x = 0.5f, .y = 0.5f};
	obs_sceneitem_set_scale(item, &half);

	assert_true(lk_harness_pin(a) && lk_harness_wait_pinned(a, 3000));
	expected_link(want, sizeof(want), a);
	expect_code(obs_scene_get_source(scene), want, "qr-half-scale");

	obs_source_remove(obs_scene_get_source(scene));
	obs_scene_release(scene);
}

static void test_fixed_url_and_refused_colors(void **state)
{
	obs_data_t *s = qr_settings();
	obs_data_set_string(s, "qr_mode", "url");
	obs_data_set_string(s, "url", "https://shop.example/p/เสื้อ?ref=tv#top");
	obs_data_set_string(s, "discount_code", "LIVE10");
	obs_data_set_string(s, "qr_level", "H");
	/* light grey on white: refused, drawn black on white */
	obs_data_set_int(s, "dark_color", 0xFFCCCCCC);
	obs_data_set_int(s, "light_color", 0xFFFFFFFF);
	obs_source_t *qr = own(lk_harness_source("linkon_qr", "qr-fixed", s));
	obs_data_release(s);

	expect_code(qr,
		    "https://shop.example/p/%E0%B9%80%E0%B8%AA%E0%B8%B7%E0%B9%89%E0%B8%AD?ref=tv&discount=LIVE10"
		    "&utm_source=linkon&utm_medium=live&utm_campaign=" CAMPAIGN "#top",
		    "qr-fixed-url");
	struct lk_capture cap;
	assert_true(lk_harness_capture(qr, 0, &cap));
	/* the modules are black, none is the refused grey */
	assert_true(lk_capture_count_color(&cap, 0, 0, 320, 320, 0xFF000000, 8) > 1000);
	assert_int_equal(lk_capture_count_color(&cap, 0, 0, 320, 320, 0xFFCCCCCC, 8), 0);
	lk_capture_free(&cap);
}

/* The product card's QR panel and short link: the panel reads as the
 * pinned product's link with the date as campaign (the card's default,
 * like the dock's), in both layouts. */
static void test_card_panel(void **state)
{
	const char *a = cart_id(2);
	char want[512], date[16];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	snprintf(want, sizeof(want),
		 "https://demo.linkon.invalid/p/%s?utm_source=linkon&utm_medium=live&utm_campaign=%s&utm_content=%s", a,
		 date, a);

	assert_true(lk_harness_pin(a) && lk_harness_wait_pinned(a, 3000));
	static const char *const layouts[] = {"horizontal", "vertical"};
	for (int i = 0; i < 2; i++) {
		obs_data_t *s = obs_data_create();
		obs_data_set_bool(s, "show_qr", true);
		obs_data_set_bool(s, "show_link", true);
		obs_data_set_string(s, "layout", layouts[i]);
		obs_data_set_int(s, "width", i ? 480 : 760);
		char name[64];
		snprintf(name, sizeof(name), "qr-card-%s", layouts[i]);
		obs_source_t *card = own(lk_harness_source("linkon_product_card", name, s));
		obs_data_release(s);
		expect_code(card, want, name);
		/* once its texts are in (laid out on the text worker) the code still reads */
		lk_harness_sleep_ms(1500);
		char settled[80];
		snprintf(settled, sizeof(settled), "%s-settled", name);
		expect_code(card, want, settled);
	}
	/* without the panel the card shows no code */
	obs_data_t *s = obs_data_create();
	obs_source_t *plain = own(lk_harness_source("linkon_product_card", "qr-card-plain", s));
	obs_data_release(s);
	lk_harness_sleep_ms(1200);
	struct lk_capture cap;
	assert_true(lk_harness_capture(plain, 0, &cap));
	int n = -1;
	char *got = lk_zbar_decode_bgra(cap.px, cap.cx, cap.cy, cap.cx * 4, 1, &n);
	assert_null(got);
	assert_int_equal(n, 0);
	lk_capture_free(&cap);
}

static void test_no_link_draws_nothing(void **state)
{
	obs_data_t *s = qr_settings();
	obs_data_set_string(s, "qr_mode", "url");
	obs_data_set_string(s, "url", "javascript:alert(1)");
	obs_source_t *qr = own(lk_harness_source("linkon_qr", "qr-bad-url", s));
	obs_data_release(s);
	lk_harness_sleep_ms(300);
	struct lk_capture cap;
	assert_true(lk_harness_capture(qr, 0, &cap));
	assert_int_equal(lk_capture_ink_raw(&cap, 0, 0, (int)cap.cx, (int)cap.cy), 0);
	lk_capture_save(&cap, "qr-no-link");
	lk_capture_free(&cap);
}

static int teardown(void **state)
{
	while (num_owned > 0)
		obs_source_release(owned[--num_owned]);
	return 0;
}

static void test_unload_no_leaks(void **state)
{
	json_decref(shop);
	shop = NULL;
	assert_true(lk_harness_stop_clean());
}

static int group_setup(void **state)
{
	shop = lk_harness_start_shop(LK_MODULE_PATH, LK_DATA_DIR, "test-qr-render");
	return shop ? 0 : -1;
}

static int group_teardown(void **state)
{
	teardown(state);
	json_decref(shop);
	shop = NULL;
	if (obs_initialized())
		lk_harness_stop();
	return 0;
}

/* Needs an X display (DISPLAY): tests/run-all.sh starts Xvfb. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_follows_pin, teardown),
		cmocka_unit_test_teardown(test_half_scale_in_scene, teardown),
		cmocka_unit_test_teardown(test_fixed_url_and_refused_colors, teardown),
		cmocka_unit_test_teardown(test_no_link_draws_nothing, teardown),
		cmocka_unit_test_teardown(test_card_panel, teardown),
		cmocka_unit_test(test_unload_no_leaks), /* last: shuts libobs down */
	};
	return cmocka_run_group_tests_name("obs-qr", tests, group_setup, group_teardown);
}
