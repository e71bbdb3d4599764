/*
 * Linkon tests — linkon_gift_alerts rendered and heard by a real, headless
 * libobs (module loaded from the build): an alert appears after a gift, its
 * combo counter changes and pulses while the streak grows, the source is
 * empty again after the alert's time, tiers draw bigger, pause and skip
 * work, and the tier sound is the source's own audio: non-silent for an
 * alert with a sound, silent otherwise. Every rendered frame is saved as a
 * PNG in LK_ARTIFACTS_DIR (obs-gift-*.png).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-obs-harness.h"
#include "lk-testsrv.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <util/platform.h>

/* Solid, distinct colours (0xAARRGGBB) so regions can be told apart. */
#define BG 0xFF1E2228u
#define TEXT 0xFFFFFFFFu
#define SMALL 0xFF00C8FFu
#define BIG 0xFFFFB020u
#define HUGE 0xFFB04CFFu
#define TOL 14
#define WIDTH 560
#define ENTERED_MS 700 /* > the entrance (450 ms) */

static obs_source_t *alerts;
static obs_scene_t *scene;

/* ---- helpers ------------------------------------------------------------------ */

static long long obs_color(uint32_t argb)
{
	return (long long)((argb & 0xFF00FF00u) | ((argb >> 16) & 0xFF) | ((argb & 0xFF) << 16));
}

static obs_data_t *alert_settings(const char *anim, int small_ms, bool sound)
{
	obs_data_t *s = obs_data_create();
	obs_data_t *font = obs_data_create();
	obs_data_set_string(font, "face", "Noto Sans");
	obs_data_set_string(font, "style", "Regular");
	obs_data_set_int(font, "size", 28);
	obs_data_set_obj(s, "font", font);
	obs_data_release(font);
	obs_data_set_int(s, "width", WIDTH);
	obs_data_set_string(s, "animation", anim);
	obs_data_set_int(s, "background_color", obs_color(BG));
	obs_data_set_int(s, "text_color", obs_color(TEXT));
	obs_data_set_int(s, "tier_small_duration_ms", small_ms);
	obs_data_set_int(s, "tier_small_color", obs_color(SMALL));
	obs_data_set_int(s, "tier_big_color", obs_color(BIG));
	obs_data_set_int(s, "tier_huge_color", obs_color(HUGE));
	obs_data_set_string(s, "tier_small_image", LK_DATA_DIR "/images/gift-rose.png");
	if (!sound) {
		obs_data_set_string(s, "tier_small_sound", "");
		obs_data_set_string(s, "tier_big_sound", "");
		obs_data_set_string(s, "tier_huge_sound", "");
	}
	return s;
}

/* The alerts source, on screen (in the program scene) so it is active. */
/* The source with settings s (released), alone in a scene on the output. */
static void make_alerts_with(obs_data_t *s)
{
	alerts = lk_harness_source("linkon_gift_alerts", "gift-alerts", s);
	obs_data_release(s);
	assert_non_null(alerts);
	scene = obs_scene_create("gift-scene");
	obs_scene_add(scene, alerts);
	obs_set_output_source(0, obs_scene_get_source(scene));
}

static void make_alerts(const char *anim, int small_ms, bool sound)
{
	make_alerts_with(alert_settings(anim, small_ms, sound));
}

static int release_alerts(void **state)
{
	if (scene) {
		obs_set_output_source(0, NULL);
		/* from OBS 31.1 the main canvas holds a reference on every scene:
		 * remove it there first, or the release does not destroy it */
		obs_source_remove(obs_scene_get_source(scene));
		obs_scene_release(scene);
	}
	if (alerts)
		obs_source_release(alerts);
	scene = NULL;
	alerts = NULL;
	return 0;
}

static bool call_proc(const char *name, calldata_t *cd)
{
	return proc_handler_call(obs_get_proc_handler(), name, cd);
}

static void gift(const char *json)
{
	calldata_t cd = {0};
	calldata_set_string(&cd, "json", json);
	assert_true(call_proc("linkon_test_gift", &cd));
	if (!calldata_bool(&cd, "ok"))
		fail_msg("linkon_test_gift refused %s: %s", json, calldata_string(&cd, "error"));
	calldata_free(&cd);
}

static void streak(const char *id, const char *sender, int count, bool end)
{
	char json[512];
	snprintf(json, sizeof(json),
		 "{\"id\":\"%s-%d\",\"sender\":{\"name\":\"%s\"},\"gift\":{\"id\":\"rose\",\"name\":\"Rose\","
		 "\"value\":1},\"count\":%d,\"streak\":\"%s\",\"streakEnd\":%s}",
		 id, count, sender, count, id, end ? "true" : "false");
	gift(json);
}

static void pause_alerts(bool paused)
{
	calldata_t cd = {0};
	calldata_set_bool(&cd, "paused", paused);
	assert_true(call_proc("linkon_pause_alerts", &cd));
	calldata_free(&cd);
}

static size_t ink(const struct lk_capture *c)
{
	return lk_capture_ink_raw(c, 0, 0, (int)c->cx, (int)c->cy);
}

static void shot(struct lk_capture *c, const char *png)
{
	assert_true(lk_harness_capture(alerts, 0, c));
	assert_true(lk_capture_save(c, png));
}

static bool skip_alert(void)
{
	calldata_t cd = {0};
	assert_true(call_proc("linkon_skip_alert", &cd));
	bool skipped = calldata_bool(&cd, "skipped");
	calldata_free(&cd);
	return skipped;
}

/* Waits until the source draws nothing; returns the ms it took, -1 on timeout. */
static int wait_empty(int timeout_ms)
{
	int64_t start = (int64_t)(os_gettime_ns() / 1000000);
	for (;;) {
		struct lk_capture c;
		assert_true(lk_harness_capture(alerts, 0, &c));
		size_t n = ink(&c);
		lk_capture_free(&c);
		int elapsed = (int)((int64_t)(os_gettime_ns() / 1000000) - start);
		if (n == 0)
			return elapsed;
		if (elapsed > timeout_ms)
			return -1;
		lk_harness_sleep_ms(100);
	}
}

/* Starts a test with nothing on screen or waiting: alerts resumed, what
 * an earlier test left skipped until none comes for a second. */
static void clear_screen(void)
{
	pause_alerts(false);
	for (int quiet = 0, i = 0; quiet < 10 && i < 200; i++) {
		quiet = skip_alert() ? 0 : quiet + 1;
		lk_harness_sleep_ms(100);
	}
	assert_true(wait_empty(2000) >= 0);
}

/* Height of the banner's ring: rows from the first to the last one with
 * the tier's colour. */
static int ring_height(const struct lk_capture *c, uint32_t color)
{
	int w = (int)c->cx, h = (int)c->cy, top = -1, bottom = -1;
	for (int y = 0; y < h; y++) {
		if (lk_capture_count_color(c, 0, y, w, y + 1, color, TOL) > 0) {
			top = top < 0 ? y : top;
			bottom = y;
		}
	}
	return top < 0 ? 0 : bottom - top + 1;
}

/* The combo counter of a small-tier alert sits right of its banner (and of
 * the gift picture's overhang). */
#define COUNTER_X (WIDTH + 48)

static size_t counter_ink(const struct lk_capture *c)
{
	return lk_capture_ink_raw(c, COUNTER_X, 0, (int)c->cx, (int)c->cy);
}

/* ---- (a) a streak: appears, counts up with a pulse, goes away ----------------- */

static void test_streak_alert(void **state)
{
	struct lk_capture c0, c1, c12, c25;
	make_alerts("slide", 2500, false);
	clear_screen();
	int w = (int)obs_source_get_width(alerts), h = (int)obs_source_get_height(alerts);
	assert_true(w > WIDTH && w < WIDTH * 3);
	assert_true(h > 60 && h < 600);

	shot(&c0, "gift-before");
	assert_int_equal(ink(&c0), 0);

	streak("sa", "Mia", 1, false);
	lk_harness_sleep_ms(ENTERED_MS);
	shot(&c1, "gift-streak-1");
	assert_true(ink(&c1) > (size_t)(WIDTH * h / 4));
	assert_true(lk_capture_count_color(&c1, 0, 0, w, h, SMALL, TOL) > 400); /* the tier's ring */
	assert_true(lk_capture_count_color(&c1, 0, 0, w, h, TEXT, TOL) > 150);  /* name and message */
	assert_true(lk_capture_count_color(&c1, 0, 0, w, h, BG, 3) > (size_t)(WIDTH * h / 8));
	assert_int_equal(counter_ink(&c1), 0); /* one gift: no "×1" */

	streak("sa", "Mia", 12, false);
	lk_harness_sleep_ms(600);
	shot(&c12, "gift-streak-12");
	assert_true(counter_ink(&c12) > 150);
	assert_true(lk_capture_count_color(&c12, COUNTER_X, 0, w, h, SMALL, TOL) > 60); /* counter in tier colour */

	/* the counter pulses: bigger mid-pulse than at rest */
	struct lk_capture frames[10];
	streak("sa", "Mia", 25, false);
	size_t got = lk_harness_capture_frames(alerts, 0, frames, 10, 3000);
	assert_int_equal(got, 10);
	size_t peak = 0;
	for (size_t i = 0; i < got; i++) {
		size_t n = counter_ink(&frames[i]);
		peak = n > peak ? n : peak;
	}
	lk_harness_sleep_ms(500);
	shot(&c25, "gift-streak-25");
	assert_true(lk_capture_save(&frames[4], "gift-streak-pulse"));
	assert_true(peak > counter_ink(&c25) * 12 / 10);
	assert_true(lk_capture_diff(&c12, &c25, COUNTER_X, 0, w, h, 40) > 0.01); /* "×12" → "×25" */
	assert_true(lk_capture_diff(&c12, &c25, 0, 0, w / 2, h, 40) < 0.01);     /* the rest stays */
	for (size_t i = 0; i < got; i++)
		lk_capture_free(&frames[i]);

	/* it ends: after its time (extended by the growth, at most 5 s more) */
	streak("sa", "Mia", 30, true);
	int took = wait_empty(10000);
	assert_true(took >= 1000); /* the last growth holds it at least 2 s */
	assert_true(took >= 0);
	lk_capture_free(&c0);
	lk_capture_free(&c1);
	lk_capture_free(&c12);
	lk_capture_free(&c25);
}

/* ---- (b) tiers: big and huge gifts draw bigger, in their colours -------------- */

static void test_tiers(void **state)
{
	struct lk_capture small, big, huge;
	make_alerts("pop", 1500, false);
	clear_screen();
	int w = (int)obs_source_get_width(alerts), h = (int)obs_source_get_height(alerts);

	gift("{\"sender\":{\"name\":\"Leo\"},\"gift\":{\"id\":\"heart\",\"name\":\"Heart\",\"value\":5}}");
	lk_harness_sleep_ms(ENTERED_MS);
	shot(&small, "gift-tier-small");
	assert_true(wait_empty(6000) >= 0);

	/* the pop: the first frames that show it are smaller than the alert */
	struct lk_capture frames[30];
	gift("{\"sender\":{\"name\":\"\xE7\x8E\x8B\xE5\xA4\xA7\xE9\x94\xA4\"},\"gift\":{\"id\":\"rocket\","
	     "\"name\":\"Rocket\",\"value\":500}}");
	size_t got = lk_harness_capture_frames(alerts, 0, frames, 30, 3000);
	assert_int_equal(got, 30);
	size_t first = 0;
	while (first < got && ink(&frames[first]) == 0)
		first++;
	assert_true(first < got);
	lk_harness_sleep_ms(ENTERED_MS);
	shot(&big, "gift-tier-big");
	assert_true(lk_capture_save(&frames[first + 1 < got ? first + 1 : first], "gift-pop-entering"));
	assert_true(ink(&frames[first]) < ink(&big) / 2);
	for (size_t i = 0; i < got; i++)
		lk_capture_free(&frames[i]);
	assert_true(skip_alert());
	assert_true(wait_empty(3000) >= 0);

	gift("{\"sender\":{\"name\":\"Sofia\"},\"gift\":{\"id\":\"crown\",\"name\":\"Crown\",\"value\":1500},"
	     "\"count\":3}");
	lk_harness_sleep_ms(ENTERED_MS);
	shot(&huge, "gift-tier-huge");

	int hs = ring_height(&small, SMALL), hb = ring_height(&big, BIG), hh = ring_height(&huge, HUGE);
	printf("banner heights: small %d, big %d, huge %d (canvas %dx%d)\n", hs, hb, hh, w, h);
	assert_true(hb > hs * 115 / 100);
	assert_true(hh > hs * 140 / 100);
	assert_true(lk_capture_count_color(&big, 0, 0, w, h, BIG, TOL) > 400);
	assert_true(lk_capture_count_color(&huge, 0, 0, w, h, HUGE, TOL) > 400);
	assert_int_equal(lk_capture_count_color(&huge, 0, 0, w, h, SMALL, TOL), 0);
	assert_true(counter_ink(&huge) > 100); /* "×3" */
	assert_true(wait_empty(12000) >= 0);
	lk_capture_free(&small);
	lk_capture_free(&big);
	lk_capture_free(&huge);
}

/* ---- (c) pause and skip ----------------------------------------------------------- */

static void test_pause_skip(void **state)
{
	struct lk_capture c;
	make_alerts("fade", 8000, false);
	clear_screen();

	pause_alerts(true);
	gift("{\"sender\":{\"name\":\"Aiko\"},\"gift\":{\"id\":\"star\",\"name\":\"Star\",\"value\":20}}");
	lk_harness_sleep_ms(1000);
	shot(&c, "gift-paused");
	assert_int_equal(ink(&c), 0);
	lk_capture_free(&c);

	pause_alerts(false);
	lk_harness_sleep_ms(ENTERED_MS + 300);
	shot(&c, "gift-resumed");
	assert_true(ink(&c) > 1000);
	lk_capture_free(&c);

	assert_true(skip_alert());
	int took = wait_empty(2000); /* the exit animation only, not 8 s */
	assert_true(took >= 0 && took < 1500);

	/* the properties' "Test: a huge gift" button sends a huge gift */
	obs_properties_t *props = obs_source_properties(alerts);
	obs_property_t *button = obs_properties_get(props, "test_huge");
	assert_non_null(button);
	assert_int_equal(obs_property_get_type(button), OBS_PROPERTY_BUTTON);
	obs_property_button_clicked(button, alerts);
	obs_properties_destroy(props);
	lk_harness_sleep_ms(ENTERED_MS + 300);
	shot(&c, "gift-test-button");
	assert_true(lk_capture_count_color(&c, 0, 0, (int)c.cx, (int)c.cy, HUGE, TOL) > 400);
	lk_capture_free(&c);
	assert_true(skip_alert());
	assert_true(wait_empty(2000) >= 0);
}

/* ---- (c3) live rooms: the platform's mark, and rooms a source leaves out -------- */

/* Light pixels (text on the dark banner; the avatar's initial is the same
 * in every shot): more text, more of them. */
static size_t light_pixels(const struct lk_capture *c)
{
	size_t n = 0;
	for (int y = 0; y < (int)c->cy; y++) {
		for (int x = 0; x < (int)c->cx; x++) {
			const uint8_t *p = lk_capture_at(c, x, y);
			n += p[0] > 150 && p[1] > 150 && p[2] > 150 && p[3] > 200;
		}
	}
	return n;
}

/* Shows one gift; its light pixels (0 when nothing at all is drawn). */
static size_t shown_ink(const char *json, const char *png)
{
	struct lk_capture c;
	gift(json);
	lk_harness_sleep_ms(ENTERED_MS + 300);
	shot(&c, png);
	size_t n = ink(&c) ? light_pixels(&c) + 1 : 0;
	lk_capture_free(&c);
	skip_alert();
	assert_true(wait_empty(2000) >= 0);
	return n;
}

static void test_platforms(void **state)
{
	obs_data_t *s = alert_settings("fade", 8000, false);
	obs_data_set_bool(s, "platform_twitch", false);
	make_alerts_with(s);
	clear_screen();

	/* a room this source leaves out draws nothing */
	size_t twitch = shown_ink("{\"platform\":\"twitch\",\"sender\":{\"name\":\"Kai\"},"
				  "\"gift\":{\"id\":\"bits\",\"name\":\"Bits\",\"value\":5}}",
				  "gift-platform-twitch-off");
	assert_int_equal(twitch, 0);
	/* a TikTok gift shows, with "TikTok · " before its message: more ink
	 * than the same gift without a platform */
	size_t tiktok = shown_ink("{\"platform\":\"tiktok\",\"sender\":{\"name\":\"Mia\"},"
				  "\"gift\":{\"id\":\"rose\",\"name\":\"Rose\",\"value\":1}}",
				  "gift-platform-tiktok");
	size_t plain =
		shown_ink("{\"sender\":{\"name\":\"Mia\"},\"gift\":{\"id\":\"rose\",\"name\":\"Rose\",\"value\":1}}",
			  "gift-platform-none");
	assert_true(plain > 100);
	if (tiktok < plain + 150)
		fail_msg("the TikTok mark adds no ink: %zu with, %zu without", tiktok, plain);

	/* the mark can be turned off */
	s = obs_source_get_settings(alerts);
	obs_data_set_bool(s, "show_platform", false);
	obs_source_update(alerts, s);
	obs_data_release(s);
	lk_harness_sleep_ms(500);
	size_t unmarked = shown_ink("{\"platform\":\"tiktok\",\"sender\":{\"name\":\"Mia\"},"
				    "\"gift\":{\"id\":\"rose\",\"name\":\"Rose\",\"value\":1}}",
				    "gift-platform-tiktok-unmarked");
	if (unmarked + 150 > tiktok)
		fail_msg("show_platform off still draws the mark: %zu vs %zu", unmarked, tiktok);
}

/* The rooms' badges (data/images/mark-*.png, scripts/make-platform-marks.sh):
 * each platform's gift shows its own badge, in its colour, on the avatar's
 * lower right (the left quarter of the alert); a gift without a platform
 * shows none. Polls: the badge is a picture the loader brings. */
#define MARK_TOL 6
#define MARK_MIN 150
static const struct {
	const char *platform; /* the gift's tag; NULL = none */
	uint32_t color;       /* the badge's fill */
	const char *png;
} rooms[] = {
	{"tiktok", 0xFF121212u, "gift-mark-tiktok"},
	{"twitch", 0xFF9146FFu, "gift-mark-twitch"},
	{"youtube", 0xFFFF0033u, "gift-mark-youtube"},
	{"kick", 0xFF4C6EF5u, "gift-mark-other"},
};
#define NUM_ROOMS (sizeof(rooms) / sizeof(rooms[0]))

/* Pixels of each badge's colour in the left quarter of the alert, and in all of it. */
static void mark_counts(const struct lk_capture *c, size_t left[NUM_ROOMS], size_t all[NUM_ROOMS])
{
	for (size_t k = 0; k < NUM_ROOMS; k++) {
		left[k] = lk_capture_count_color(c, 0, 0, (int)c->cx / 4, (int)c->cy, rooms[k].color, MARK_TOL);
		all[k] = lk_capture_count_color(c, 0, 0, (int)c->cx, (int)c->cy, rooms[k].color, MARK_TOL);
	}
}

static void test_platform_marks(void **state)
{
	char json[256];
	size_t left[NUM_ROOMS], all[NUM_ROOMS];
	make_alerts("fade", 8000, false);
	clear_screen();

	for (size_t r = 0; r <= NUM_ROOMS; r++) {
		bool none = r == NUM_ROOMS; /* last: a gift without a platform */
		if (none)
			snprintf(json, sizeof(json), "{\"sender\":{\"name\":\"Mia\"},"
						     "\"gift\":{\"id\":\"rose\",\"name\":\"Rose\",\"value\":1}}");
		else
			snprintf(json, sizeof(json),
				 "{\"platform\":\"%s\",\"sender\":{\"name\":\"Mia\"},"
				 "\"gift\":{\"id\":\"rose\",\"name\":\"Rose\",\"value\":1}}",
				 rooms[r].platform);
		gift(json);
		lk_harness_sleep_ms(ENTERED_MS + 300);
		struct lk_capture c;
		int64_t deadline = (int64_t)(os_gettime_ns() / 1000000) + 8000;
		for (;;) { /* until the badge is drawn (the loader is a thread) */
			assert_true(lk_harness_capture(alerts, 0, &c));
			mark_counts(&c, left, all);
			if (none || left[r] >= MARK_MIN || (int64_t)(os_gettime_ns() / 1000000) > deadline)
				break;
			lk_capture_free(&c);
			lk_harness_sleep_ms(100);
		}
		assert_true(lk_capture_save(&c, none ? "gift-mark-none" : rooms[r].png));
		lk_capture_free(&c);
		for (size_t k = 0; k < NUM_ROOMS; k++) {
			if (k == r && left[k] < MARK_MIN)
				fail_msg("%s: its badge has %zu pixels of its colour on the left (want >= %d)", rooms[r].png,
					 left[k], MARK_MIN);
			if (k == r && all[k] > left[k] + 20)
				fail_msg("%s: its colour shows outside the badge (%zu of %zu)", rooms[r].png, all[k] - left[k],
					 all[k]);
			if (k != r && all[k] > 20)
				fail_msg("%s: %zu pixels of the %s badge's colour", none ? "gift-mark-none" : rooms[r].png,
					 all[k], rooms[k].png);
		}
		skip_alert();
		assert_true(wait_empty(2000) >= 0);
	}
}

/* ---- (c2) properties and long texts --------------------------------------------- */

/* Every setting is in the dialog; a very long name and message are cut
 * with "…" inside the banner, left of the gift picture. */
static void test_properties_and_long_texts(void **state)
{
	static const char *const top[] = {"animation",  "width",         "font",         "background_color",
					  "text_color", "corner_radius", "show_avatar",  "show_gift_image",
					  "min_value",  "max_waiting",   "summary_text", "test_small",
					  "test_big",   "test_huge"};
	static const char *const fields[] = {"min", "duration_ms", "scale", "color", "text", "image", "sound"};
	static const char *const tiers[] = {"small", "big", "huge"};
	struct lk_capture c;
	char key[64], json[1024];

	make_alerts("slide", 3000, false);
	obs_properties_t *props = obs_source_properties(alerts);
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		if (!obs_properties_get(props, top[i]))
			fail_msg("no property %s", top[i]);
	for (size_t t = 0; t < 3; t++)
		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
			snprintf(key, sizeof(key), "tier_%s_%s", tiers[t], fields[f]);
			if (!obs_properties_get(props, key)) /* inside the tier's group */
				fail_msg("no property %s", key);
		}
	obs_properties_destroy(props);

	clear_screen();
	snprintf(json, sizeof(json),
		 "{\"sender\":{\"name\":\"%s\"},\"gift\":{\"id\":\"g\",\"name\":\"%s\",\"value\":1}}",
		 "Maximilian Alexander von Habsburg-Lothringen the Third \u738B\u5927\u9524",
		 "Extraordinarily Long Golden Limited Edition Anniversary Gift Box");
	gift(json);
	lk_harness_sleep_ms(ENTERED_MS);
	shot(&c, "gift-long-texts");
	/* white text pixels stop before the gift picture (it starts about
	 * 75 px before the banner's right end at this size) */
	assert_true(lk_capture_count_color(&c, 100, 0, WIDTH - 80, (int)c.cy, TEXT, TOL) > 300);
	assert_int_equal(lk_capture_count_color(&c, WIDTH - 60, 0, WIDTH + 40, (int)c.cy, TEXT, 8), 0);
	lk_capture_free(&c);
	assert_true(skip_alert());
	assert_true(wait_empty(2000) >= 0);
}

/* ---- (d) avatar and gift picture from URLs ------------------------------------ */

/* The loopback server's red 8x8 PNG as the avatar: a red disc appears in
 * the avatar's place once the image loader has downloaded it (the
 * placeholder until then); the gift picture comes from a URL too. */
static void test_pictures_from_urls(void **state)
{
	struct lk_testsrv srv;
	char avatar[128], picture[128], json[512];
	struct lk_capture c;

	assert_int_equal(lk_testsrv_start(&srv), 0);
	make_alerts("slide", 3000, false);
	obs_data_t *s = alert_settings("slide", 3000, false);
	obs_data_set_string(s, "tier_small_image", "");
	obs_source_update(alerts, s);
	obs_data_release(s);
	clear_screen();

	lk_testsrv_url(&srv, "/img/red-8x8.png", avatar, sizeof(avatar));
	lk_testsrv_url(&srv, "/img/image-64x48.png", picture, sizeof(picture));
	snprintf(json, sizeof(json),
		 "{\"sender\":{\"name\":\"Zara\",\"avatar\":\"%s\"},\"gift\":{\"id\":\"pic\",\"name\":\"Picture\","
		 "\"image\":\"%s\",\"value\":2}}",
		 avatar, picture);
	gift(json);
	size_t red = 0;
	for (int i = 0; i < 30 && red < 800; i++) { /* download + decode + upload */
		lk_harness_sleep_ms(100);
		assert_true(lk_harness_capture(alerts, 0, &c));
		red = lk_capture_count_color(&c, 0, 0, 140, (int)c.cy, 0xFFFF0000u, 10);
		if (red < 800)
			lk_capture_free(&c);
	}
	assert_true(red >= 800);
	assert_true(lk_capture_save(&c, "gift-url-pictures"));
	/* the red is the avatar only: none in the text or picture columns */
	assert_int_equal(lk_capture_count_color(&c, 160, 0, (int)c.cx, (int)c.cy, 0xFFFF0000u, 10), 0);
	lk_capture_free(&c);
	assert_true(skip_alert());
	assert_true(wait_empty(2000) >= 0);
	lk_testsrv_stop(&srv);
}

/* ---- (d) too many gifts fold into a summary ------------------------------------- */

static void test_summary(void **state)
{
	struct lk_capture c;
	make_alerts("fade", 1500, false);
	obs_data_t *s = alert_settings("fade", 1500, false);
	obs_data_set_int(s, "max_waiting", 2);
	obs_source_update(alerts, s);
	obs_data_release(s);
	clear_screen();

	/* six viewers while paused: two alerts wait, four fold into one summary */
	const char *names[] = {"Mia", "Leo", "Aiko", "Noah", "Emma", "Yuki"};
	pause_alerts(true);
	for (int i = 0; i < 6; i++) {
		char json[256];
		snprintf(json, sizeof(json),
			 "{\"sender\":{\"name\":\"%s\"},\"gift\":{\"id\":\"rose\",\"name\":\"Rose\",\"value\":1}}",
			 names[i]);
		gift(json);
	}
	pause_alerts(false);
	int alerts_seen = 0;
	for (int i = 0; i < 6; i++) {
		lk_harness_sleep_ms(ENTERED_MS + 400); /* the gap, then the entrance */
		assert_true(lk_harness_capture(alerts, 0, &c));
		if (ink(&c) > 0) {
			alerts_seen++;
			if (alerts_seen == 3)
				assert_true(lk_capture_save(&c, "gift-summary"));
			assert_true(skip_alert());
		}
		lk_capture_free(&c);
	}
	assert_int_equal(alerts_seen, 3);
	assert_true(wait_empty(2000) >= 0);
}

/* ---- (e) sound: the source's own audio ----------------------------------------- */

struct heard {
	pthread_mutex_t mutex;
	double energy; /* sum of squares, all channels */
	float peak;
	uint64_t frames;
	uint32_t calls;
};

static struct heard heard = {.mutex = PTHREAD_MUTEX_INITIALIZER};

static void on_audio(void *param, obs_source_t *source, const struct audio_data *data, bool muted)
{
	struct heard *h = param;
	double e = 0.0;
	float peak = 0.0f;
	for (size_t ch = 0; ch < 2; ch++) {
		const float *s = (const float *)data->data[ch];
		for (uint32_t i = 0; s && i < data->frames; i++) {
			e += (double)s[i] * s[i];
			peak = s[i] > peak ? s[i] : -s[i] > peak ? -s[i] : peak;
		}
	}
	pthread_mutex_lock(&h->mutex);
	h->peak = peak > h->peak ? peak : h->peak;
	h->energy += e;
	h->frames += data->frames;
	h->calls++;
	pthread_mutex_unlock(&h->mutex);
}

static void listen_start(void)
{
	pthread_mutex_lock(&heard.mutex);
	heard.energy = 0.0;
	heard.peak = 0.0f;
	heard.frames = 0;
	heard.calls = 0;
	pthread_mutex_unlock(&heard.mutex);
}

/* After ms more: the peak of what the source sent since listen_start (0 =
 * silence or nothing at all), its mean square and the seconds of audio. */
static float listen_end(int ms, double *mean_square, double *seconds)
{
	lk_harness_sleep_ms(ms);
	pthread_mutex_lock(&heard.mutex);
	float peak = heard.peak;
	*mean_square = heard.frames ? heard.energy / (double)heard.frames : 0.0;
	*seconds = (double)heard.frames / 48000.0;
	pthread_mutex_unlock(&heard.mutex);
	return peak;
}

static void test_sound(void **state)
{
	struct lk_capture c;
	double secs, ms;
	make_alerts("slide", 2000, true);
	clear_screen();
	obs_source_add_audio_capture_callback(alerts, on_audio, &heard);
	lk_harness_sleep_ms(500); /* the sound thread decodes the files */

	listen_start();
	float quiet = listen_end(1000, &ms, &secs);
	printf("no alert: peak %.4f over %.2f s\n", quiet, secs);
	assert_true(quiet == 0.0f);

	/* a streak: the sound plays once, not once per event */
	listen_start();
	streak("sound", "Noah", 1, false);
	lk_harness_sleep_ms(150);
	streak("sound", "Noah", 5, false);
	lk_harness_sleep_ms(150);
	streak("sound", "Noah", 9, true);
	float loud = listen_end(1500, &ms, &secs);
	printf("alert with a sound: peak %.4f, mean square %.6f over %.2f s of audio\n", loud, ms, secs);
	assert_true(loud > 0.2f);
	assert_true(ms > 0.001);
	assert_true(secs > 0.45 && secs < 0.8); /* gift-small.wav is 0.55 s: once */
	assert_true(wait_empty(10000) >= 0);
	listen_start();
	assert_true(listen_end(800, &ms, &secs) == 0.0f);

	/* the same alert with the tier's sound removed: drawn, silent */
	obs_data_t *s = alert_settings("slide", 2000, false);
	obs_source_update(alerts, s);
	obs_data_release(s);
	lk_harness_sleep_ms(300);
	listen_start();
	gift("{\"sender\":{\"name\":\"Emma\"},\"gift\":{\"id\":\"rose\",\"name\":\"Rose\",\"value\":1}}");
	float none = listen_end(1200, &ms, &secs);
	shot(&c, "gift-silent");
	assert_true(ink(&c) > 1000);
	assert_true(none == 0.0f);
	lk_capture_free(&c);
	obs_source_remove_audio_capture_callback(alerts, on_audio, &heard);
	assert_true(wait_empty(10000) >= 0);
}

static void test_unload_no_leaks(void **state)
{
	assert_true(lk_harness_stop_clean());
}

static int group_setup(void **state)
{
	return lk_harness_start(LK_MODULE_PATH, LK_DATA_DIR) ? 0 : -1;
}

static int group_teardown(void **state)
{
	release_alerts(state);
	lk_harness_stop();
	return 0;
}

int main(void)
{
	if (!getenv("DISPLAY") || !*getenv("DISPLAY")) {
		fprintf(stderr, "test-gift-render: DISPLAY is not set. These tests render with a real libobs and need "
				"an X server: run tests/run-all.sh (it starts Xvfb)\n");
		return 1;
	}
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_streak_alert, release_alerts),
		cmocka_unit_test_teardown(test_tiers, release_alerts),
		cmocka_unit_test_teardown(test_pause_skip, release_alerts),
		cmocka_unit_test_teardown(test_summary, release_alerts),
		cmocka_unit_test_teardown(test_platforms, release_alerts),
		cmocka_unit_test_teardown(test_platform_marks, release_alerts),
		cmocka_unit_test_teardown(test_properties_and_long_texts, release_alerts),
		cmocka_unit_test_teardown(test_pictures_from_urls, release_alerts),
		cmocka_unit_test_teardown(test_sound, release_alerts),
		cmocka_unit_test(test_unload_no_leaks), /* last: shuts libobs down */
	};
	/* clang-format on */
	return cmocka_run_group_tests_name("obs-gift-render", tests, group_setup, group_teardown);
}
