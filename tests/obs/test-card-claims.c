/*
 * Linkon tests — "23 want this" on the product card: live-room claims
 * rendered by a real, headless libobs. The shop is the loopback bridge
 * (tests/server, bridge protocol) whose event stream also carries the live
 * room's comments; a viewer's "want 3" claims cart slot 3 (the room hub's
 * default rules; the same viewer's "#3" claims nothing more), and a card of that product with "Show claims" on grows a
 * line ("1 wants this", then "2 want this" after a second viewer's "#3"),
 * while the same card with it off stays as it was. Every checked frame is
 * saved as a PNG in LK_ARTIFACTS_DIR (obs-card-claims-*.png).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-obs-harness.h"
#include "lk-testsrv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define BG 0xFF1E2228u
#define TEXT 0xFFFFFFFFu
#define CARD_W 640
#define TOKEN "card-claims-token-5d1e9a"
#define SETTLE_MS 1500 /* > transition (350 ms) + a local image load */
#define WAIT_MS 20000  /* generous: the suite runs at load 10+ */

static struct lk_testsrv srv;
static obs_source_t *with_claims, *without_claims;
static char target[64]; /* cart slot 3's product */

static long long obs_color(uint32_t argb)
{
	return (long long)((argb & 0xFF00FF00u) | ((argb >> 16) & 0xFF) | ((argb & 0xFF) << 16));
}

static obs_source_t *make_card(const char *name, bool claims)
{
	obs_data_t *s = obs_data_create();
	lk_harness_set_font(s, "Noto Sans", "Regular", 32, 0);
	obs_data_set_int(s, "width", CARD_W);
	obs_data_set_int(s, "background_color", obs_color(BG));
	obs_data_set_int(s, "text_color", obs_color(TEXT));
	obs_data_set_string(s, "mode", "fixed");
	obs_data_set_string(s, "product_id", target);
	obs_data_set_bool(s, "show_sold", false);
	obs_data_set_bool(s, "show_claims", claims);
	obs_source_t *src = lk_harness_source("linkon_product_card", name, s);
	obs_data_release(s);
	assert_non_null(src);
	return src;
}

/* A comment in the live room, on the bridge's event stream. */
static void comment(const char *id, const char *viewer, const char *text)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"keep_etag\": true, \"raw\": [[\"comment\", \"{\\\"id\\\":\\\"%s\\\",\\\"platform\\\":\\\"tiktok\\\","
		 "\\\"user\\\":{\\\"id\\\":\\\"%s\\\",\\\"name\\\":\\\"%s\\\"},\\\"text\\\":\\\"%s\\\"}\"]]}",
		 id, viewer, viewer, text);
	assert_true(lk_testsrv_post(&srv, "/_bridge/mutate", body));
}

/* Light pixels where the claims line goes (the bottom quarter of the card,
 * right of the picture) in a frame of card, saved as obs-card-claims-<png>.png. */
static size_t text_pixels(obs_source_t *card, const char *png, uint32_t *height);

/* Polls the card until its text pixels or height differ from before (the
 * claim went through the stream, the room hub and the store); the last
 * frame's values. linkon_get_state has no claims: the card is the witness. */
static size_t wait_card_change(obs_source_t *card, const char *png, size_t before, uint32_t h_before, uint32_t *height)
{
	size_t n = 0;
	for (int waited = 0; waited <= WAIT_MS; waited += 200) {
		n = text_pixels(card, png, height);
		if (*height != h_before || n > before + 100 || n + 100 < before)
			break;
		lk_harness_sleep_ms(200);
	}
	lk_harness_sleep_ms(SETTLE_MS); /* the transition, then the settled frame */
	return text_pixels(card, png, height);
}

static size_t text_pixels(obs_source_t *card, const char *png, uint32_t *height)
{
	struct lk_capture c;
	char name[96];
	assert_true(lk_harness_capture(card, 0, &c));
	snprintf(name, sizeof(name), "card-claims-%s", png);
	assert_true(lk_capture_save(&c, name));
	/* the claims line: the bottom quarter, right of the picture; light
	 * pixels (the line's grey text; the bar's track and the background are darker) */
	size_t n = 0;
	for (int y = (int)c.cy * 3 / 4; y < (int)c.cy; y++) {
		for (int x = (int)c.cx * 42 / 100; x < (int)c.cx; x++) {
			const uint8_t *px = lk_capture_at(&c, x, y);
			n += px[0] > 0x60 && px[1] > 0x60 && px[2] > 0x60;
		}
	}
	if (height)
		*height = c.cy;
	lk_capture_free(&c);
	return n;
}

static void test_claims_on_the_card(void **state)
{
	(void)state;
	uint32_t h_with0, h_without0, h_with1, h_without1, h_with2;
	with_claims = make_card("card-with-claims", true);
	without_claims = make_card("card-without-claims", false);
	lk_harness_sleep_ms(SETTLE_MS);

	/* no claims yet: the card that shows them keeps the line's room, empty */
	size_t with0 = text_pixels(with_claims, "with-0", &h_with0);
	size_t without0 = text_pixels(without_claims, "without-0", &h_without0);
	assert_int_equal(with0, 0); /* no claim yet: the line is empty */

	/* a viewer's "want 3": one claim, a line "1 wants this" on the card that shows them */
	comment("c-1", "viewer-a", "want 3");
	size_t with1 = wait_card_change(with_claims, "with-1", with0, h_with0, &h_with1);
	size_t without1 = text_pixels(without_claims, "without-1", &h_without1);
	assert_int_equal(h_without1, h_without0); /* off: nothing changes */
	if (without1 > without0 + 20 || without0 > without1 + 20)
		fail_msg("the card with claims off changed: %zu vs %zu text pixels", without1, without0);
	assert_int_equal(h_with1, h_with0); /* the line's room was there */
	if (with1 < with0 + 100)
		fail_msg("the claims line is not drawn: %zu text pixels (%zu before)", with1, with0);

	/* the same viewer again: no second claim; another viewer's "#3": two */
	comment("c-2", "viewer-a", "#3");
	comment("c-3", "viewer-b", "#3");
	size_t with2 = 0;
	for (int waited = 0; waited <= WAIT_MS && (with2 == 0 || with2 == with1); waited += 200) {
		lk_harness_sleep_ms(200);
		with2 = text_pixels(with_claims, "with-2", &h_with2);
	}
	assert_int_equal(h_with2, h_with1);
	if (with2 == with1) /* "2 want this" is not "1 wants this" */
		fail_msg("the second viewer's claim did not change the line (%zu text pixels)", with2);
}

static void test_unload_no_leaks(void **state)
{
	(void)state;
	obs_source_release(with_claims);
	obs_source_release(without_claims);
	with_claims = without_claims = NULL;
	assert_true(lk_harness_stop_clean());
}

static int group_setup(void **state)
{
	(void)state;
	char url[160], cfg[512];
	if (lk_testsrv_start(&srv) != 0)
		return -1;
	if (!lk_testsrv_post(&srv, "/_bridge/reset", "{\"products\": 6, \"cart\": 4, \"token\": \"" TOKEN "\"}"))
		return -1;
	lk_testsrv_url(&srv, "", url, sizeof(url));
	snprintf(cfg, sizeof(cfg), "{\"connector\": \"bridge\", \"bridge\": {\"url\": \"%s\", \"token\": \"" TOKEN "\"}}",
		 url);
	lk_harness_set_config(cfg);
	if (!lk_harness_start(LK_MODULE_PATH, LK_DATA_DIR))
		return -1;
	for (int waited = 0; waited <= WAIT_MS; waited += 100) { /* connected, with the cart */
		json_t *st = lk_harness_state();
		json_t *cart = json_object_get(st, "cart");
		const char *conn = json_string_value(json_object_get(st, "connection"));
		const char *id = json_string_value(json_array_get(cart, 2));
		if (conn && strcmp(conn, "connected") == 0 && id)
			snprintf(target, sizeof(target), "%s", id);
		json_decref(st);
		if (target[0])
			return 0;
		lk_harness_sleep_ms(100);
	}
	fprintf(stderr, "the loopback bridge shop did not connect with a cart of 3 or more\n");
	return -1;
}

static int group_teardown(void **state)
{
	(void)state;
	if (obs_initialized())
		lk_harness_stop();
	lk_testsrv_stop(&srv);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claims_on_the_card),
		cmocka_unit_test(test_unload_no_leaks), /* last: shuts libobs down */
	};
	return cmocka_run_group_tests_name("obs-card-claims", tests, group_setup, group_teardown);
}
