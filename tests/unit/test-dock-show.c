/*
 * Linkon — unit tests: the dock's "Show" tab as data (lk-dock-show.c):
 * numbers per currency (never summed), the state line, per-pin cells, the
 * GMV chart's sampling and thinning, the report's folder.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lk-dock-show.h"

/* English templates, as en-US.ini has them. */
static const char *tr(const char *key)
{
	static const char *const map[][2] = {
		{"Dock.Show.None", "No show yet"},
		{"Dock.Show.Live", "Live · %1"},
		{"Dock.Show.Ended", "Ended · %1"},
		{"Dock.Show.GiftsValue", "%1 (worth %2)"},
		{"Dock.Show.Percent", "%1 %"},
		{"Dock.Span.Seconds", "%1 s"},
		{"Dock.Span.Minutes", "%1 min"},
		{"Dock.Span.Hours", "%1 h"},
		{"Dock.Span.HoursMinutes", "%1 h %2 min"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], key) == 0)
			return map[i][1];
	return key;
}

static void two_currencies(struct lk_show_view *v, struct lk_show_totals t[2])
{
	memset(v, 0, sizeof(*v));
	memset(t, 0, sizeof(struct lk_show_totals) * 2);
	strcpy(t[0].currency, "USD");
	t[0].gmv = 12999;
	t[0].orders = 3;
	t[0].aov = 4333;
	strcpy(t[1].currency, "JPY");
	t[1].gmv = 1280;
	t[1].orders = 1;
	t[1].aov = 1280;
	v->state = LK_SHOW_LIVE;
	v->show_id = (char *)"show-1000";
	v->start_ms = 1000;
	v->totals = t;
	v->num_totals = 2;
	v->orders = 4;
	v->units = 7;
	v->gifts = 5;
	v->gift_value = 250;
}

static void test_numbers(void **state)
{
	(void)state;
	struct lk_show_view v;
	struct lk_show_totals t[2];
	two_currencies(&v, t);
	struct lk_dock_show_text x;
	lk_dock_show_text_init(&x);
	lk_dock_show_text_fill(&x, &v, 1000 + 72 * 60000, tr);
	assert_string_equal(x.state.array, "Live · 1 h 12 min");
	assert_string_equal(x.gmv.array, "$129.99 · ¥1,280");
	assert_string_equal(x.aov.array, "$43.33 · ¥1,280");
	assert_string_equal(x.orders.array, "4");
	assert_string_equal(x.units.array, "7");
	assert_string_equal(x.gifts.array, "5 (worth 250)");
	assert_true(x.live);
	assert_false(x.can_start);
	assert_true(x.can_end);

	v.state = LK_SHOW_ENDED;
	v.end_ms = 1000 + 125 * 1000;
	lk_dock_show_text_fill(&x, &v, 99999999, tr);
	assert_string_equal(x.state.array, "Ended · 2 min");
	assert_true(x.can_start);
	assert_false(x.can_end);

	lk_dock_show_text_fill(&x, NULL, 0, tr);
	assert_string_equal(x.state.array, "No show yet");
	assert_string_equal(x.gmv.array, "–");
	assert_string_equal(x.orders.array, "0");
	lk_dock_show_text_free(&x);
}

static void test_pin_cells(void **state)
{
	(void)state;
	struct lk_show_pin p = {0};
	p.product_id = (char *)"p1";
	p.title = (char *)"Olive Oil";
	p.units = 12;
	p.gmv = 2400;
	strcpy(p.currency, "USD");
	p.share = 0.425;
	struct lk_dock_pin_cells c;
	lk_dock_pin_cells_init(&c);
	lk_dock_pin_cells_fill(&c, &p, tr);
	assert_string_equal(c.product.array, "Olive Oil");
	assert_string_equal(c.units.array, "12");
	assert_string_equal(c.gmv.array, "$24.00");
	assert_string_equal(c.share.array, "43 %");
	assert_true(c.open);
	p.end_ms = 5;
	p.title = NULL;
	p.currency[0] = '\0';
	lk_dock_pin_cells_fill(&c, &p, tr);
	assert_string_equal(c.product.array, "p1");
	assert_string_equal(c.gmv.array, "–");
	assert_false(c.open);
	lk_dock_pin_cells_free(&c);
}

static void test_chart(void **state)
{
	(void)state;
	struct lk_show_view v;
	struct lk_show_totals t[2];
	two_currencies(&v, t);
	static struct lk_dock_chart c;
	lk_dock_chart_reset(&c);
	assert_true(lk_dock_chart_update(&c, &v, 5000));
	assert_int_equal(c.n, 2); /* zero at the start, then now */
	assert_int_equal(c.t[0], 1000);
	assert_int_equal(c.v[0], 0);
	assert_int_equal(c.v[1], 12999);
	assert_string_equal(c.currency, "USD");
	/* within a second: the newer value replaces the last sample */
	t[0].gmv = 20000;
	assert_true(lk_dock_chart_update(&c, &v, 5500));
	assert_int_equal(c.n, 2);
	assert_int_equal(c.v[1], 20000);
	assert_false(lk_dock_chart_update(&c, &v, 5600));
	/* a long show stays within the cap and keeps its ends */
	for (int i = 0; i < 3 * LK_DOCK_CHART_CAP; i++) {
		t[0].gmv += 100;
		lk_dock_chart_update(&c, &v, 7000 + (int64_t)i * 2000);
	}
	assert_true(c.n <= LK_DOCK_CHART_CAP);
	assert_true(c.n > LK_DOCK_CHART_CAP / 4);
	assert_int_equal(c.t[0], 1000);
	assert_int_equal(c.v[c.n - 1], t[0].gmv);
	assert_int_equal(lk_dock_chart_max(&c), t[0].gmv);
	for (size_t i = 1; i < c.n; i++)
		assert_true(c.t[i] >= c.t[i - 1]);
	/* a new show starts afresh */
	v.show_id = (char *)"show-2";
	v.start_ms = 9000000;
	t[0].gmv = 0;
	assert_true(lk_dock_chart_update(&c, &v, 9000500));
	assert_int_equal(c.t[0], 9000000);
	assert_true(c.n <= 2);
	assert_true(lk_dock_chart_update(&c, NULL, 0));
	assert_int_equal(c.n, 0);
}

static void test_report_dir(void **state)
{
	(void)state;
	struct dstr d = {0};
	assert_string_equal(lk_dock_report_dir(&d, "/home/a/shows/show-1.csv"), "/home/a/shows");
	assert_string_equal(lk_dock_report_dir(&d, "C:\\Users\\a\\shows\\show-1.csv"), "C:\\Users\\a\\shows");
	assert_string_equal(lk_dock_report_dir(&d, "show.csv"), "");
	assert_string_equal(lk_dock_report_dir(&d, NULL), "");
	dstr_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_pin_cells),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_report_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
