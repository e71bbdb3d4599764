/*
 * Linkon — unit tests for the demo shop's gift simulation
 * (core/lk-demo-gifts.c): determinism, what kinds of gifts it sends over an
 * hour, the off switch, and an hour of it through the alert queue.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <util/bmem.h>

#include "lk-str.h"
#include "core/lk-alerts.h"
#include "core/lk-demo-gifts.h"

#define HOUR_MS (3600LL * 1000)
#define MAX_STREAKS 4096

/* Runs a simulation from t = 1000 for span_ms, stepping every step_ms. */
static void run(uint64_t seed, int64_t every, int64_t span_ms, int64_t step_ms, struct lk_gift_batch *out)
{
	struct lk_demo_gifts_config cfg = {.seed = seed, .image_dir = "/img", .gift_every_ms = every};
	struct lk_demo_gifts *g = lk_demo_gifts_create(&cfg);
	lk_gift_batch_init(out);
	for (int64_t t = 1000; t <= 1000 + span_ms; t += step_ms)
		lk_demo_gifts_step(g, t, out);
	lk_demo_gifts_destroy(g);
}

static bool same_event(const struct lk_gift_event *a, const struct lk_gift_event *b)
{
	return lk_str_same(a->id, b->id) && lk_str_same(a->sender_id, b->sender_id) &&
	       lk_str_same(a->sender_name, b->sender_name) && lk_str_same(a->gift_id, b->gift_id) &&
	       lk_str_same(a->gift_image, b->gift_image) && lk_str_same(a->streak_id, b->streak_id) &&
	       a->count == b->count && a->value == b->value && a->streak_end == b->streak_end;
}

/* Same seed, same events, whether stepped every 50 ms or every 700 ms;
 * another seed gives other events. */
static void test_deterministic(void **state)
{
	struct lk_gift_batch a, b, c;
	run(7, 2000, 10 * 60 * 1000, 50, &a);
	run(7, 2000, 10 * 60 * 1000, 700, &b);
	run(8, 2000, 10 * 60 * 1000, 50, &c);

	assert_true(a.da.num > 100);
	/* the coarse run may stop up to 700 ms earlier: compare what both have */
	size_t n = a.da.num < b.da.num ? a.da.num : b.da.num;
	assert_true(n + 20 > a.da.num);
	for (size_t i = 0; i < n; i++)
		assert_true(same_event(&a.da.array[i], &b.da.array[i]));
	size_t differ = 0;
	for (size_t i = 0; i < a.da.num && i < c.da.num; i++)
		differ += !same_event(&a.da.array[i], &c.da.array[i]);
	assert_true(differ > 0);
	lk_gift_batch_free(&a);
	lk_gift_batch_free(&b);
	lk_gift_batch_free(&c);
}

struct streak_seen {
	char id[32];
	int64_t last_count;
	bool ended;
	int events;
};

struct kinds {
	int singles, big, huge, streaks_ended, streaks_open, bursts;
};

static struct streak_seen *find_streak(struct streak_seen *tab, size_t *n, const char *id)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp(tab[i].id, id) == 0)
			return &tab[i];
	}
	assert_true(*n < MAX_STREAKS);
	memset(&tab[*n], 0, sizeof(tab[*n])); /* the table is reused by each classify() */
	snprintf(tab[*n].id, sizeof(tab[*n].id), "%s", id);
	return &tab[(*n)++];
}

/* Streaks: counts grow strictly, nothing comes after an end event. */
static void check_streak_event(struct streak_seen *s, const struct lk_gift_event *ev)
{
	assert_false(s->ended);
	assert_true(ev->count > s->last_count);
	s->last_count = ev->count;
	s->ended = ev->streak_end;
	s->events++;
}

/* Bursts: at least 8 single gifts from 3+ senders within 1.5 s. Counted
 * over the event ids' order: the i-th single and the (i+7)-th are close. */
static int count_bursts(const struct lk_gift_event *singles[], const int64_t *times, size_t n)
{
	int bursts = 0;
	for (size_t i = 0; i + 7 < n; i++) {
		if (times[i + 7] - times[i] <= 1500) {
			bursts++;
			i += 7;
		}
	}
	(void)singles;
	return bursts;
}

static void classify(const struct lk_gift_batch *b, const int64_t *times, struct kinds *k)
{
	static struct streak_seen streaks[MAX_STREAKS];
	static const struct lk_gift_event *singles[100000];
	static int64_t single_times[100000];
	size_t num_streaks = 0, num_singles = 0;

	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < b->da.num; i++) {
		const struct lk_gift_event *ev = &b->da.array[i];
		assert_non_null(ev->id);
		assert_non_null(ev->gift_id);
		assert_non_null(ev->sender_name);
		assert_true(ev->count >= 1);
		assert_non_null(strstr(ev->gift_image, "/img/gift-"));
		if (ev->streak_id) {
			check_streak_event(find_streak(streaks, &num_streaks, ev->streak_id), ev);
			continue;
		}
		k->singles++;
		k->big += ev->value >= 100 && ev->value < 1000;
		k->huge += ev->value >= 1000;
		if (ev->value < 100 && num_singles < 100000) {
			singles[num_singles] = ev;
			single_times[num_singles++] = times[i];
		}
	}
	for (size_t i = 0; i < num_streaks; i++) {
		if (streaks[i].events < 3) /* cut off by the end of the hour */
			continue;
		k->streaks_ended += streaks[i].ended;
		k->streaks_open += !streaks[i].ended;
	}
	k->bursts = count_bursts(singles, single_times, num_singles);
}

/* An hour at one happening every 3 s has every kind of gift. */
static void test_hour_has_every_kind(void **state)
{
	struct lk_demo_gifts_config cfg = {.seed = 42, .image_dir = "/img", .gift_every_ms = 3000};
	struct lk_demo_gifts *g = lk_demo_gifts_create(&cfg);
	struct lk_gift_batch b;
	static int64_t times[200000];
	struct kinds k;

	lk_gift_batch_init(&b);
	for (int64_t t = 0; t <= HOUR_MS; t += 20) {
		size_t before = b.da.num;
		lk_demo_gifts_step(g, t, &b);
		assert_true(b.da.num < 200000);
		for (size_t i = before; i < b.da.num; i++)
			times[i] = t;
		assert_true(lk_demo_gifts_next_due(g) > t);
	}
	classify(&b, times, &k);
	printf("an hour: %zu events, %d singles (%d big, %d huge), %d streaks ended, %d open, %d bursts\n", b.da.num,
	       k.singles, k.big, k.huge, k.streaks_ended, k.streaks_open, k.bursts);
	assert_true(k.singles > 300);
	assert_true(k.big > 20);
	assert_true(k.huge > 5);
	assert_true(k.streaks_ended > 100);
	assert_true(k.streaks_open > 30);
	assert_true(k.bursts > 20);
	/* ids are unique: "demo-g<seq>" in order */
	for (size_t i = 0; i < b.da.num; i++) {
		char want[32];
		snprintf(want, sizeof(want), "demo-g%zu", i + 1);
		assert_string_equal(b.da.array[i].id, want);
	}
	lk_gift_batch_free(&b);
	lk_demo_gifts_destroy(g);
}

static void test_off_and_limits(void **state)
{
	struct lk_demo_gifts_config cfg = {.seed = 1, .gift_every_ms = -1};
	struct lk_demo_gifts *g = lk_demo_gifts_create(&cfg);
	struct lk_gift_batch b;

	lk_gift_batch_init(&b);
	for (int64_t t = 0; t < HOUR_MS; t += 1000)
		lk_demo_gifts_step(g, t, &b);
	assert_int_equal(b.da.num, 0);
	assert_true(lk_demo_gifts_next_due(g) == INT64_MAX);
	lk_demo_gifts_destroy(g);

	/* a tiny period is raised; no image dir means no image; time going
	 * backwards is the last time */
	cfg.gift_every_ms = 1;
	g = lk_demo_gifts_create(&cfg);
	lk_demo_gifts_step(g, 10000, &b);
	assert_int_equal(lk_demo_gifts_next_due(g), 11000);
	lk_demo_gifts_step(g, 5000, &b);
	assert_int_equal(b.da.num, 0);
	lk_demo_gifts_step(g, 10000 + 60000, &b);
	assert_true(b.da.num > 0);
	assert_true(b.da.num < 60000 / LK_DEMO_GIFT_MIN_MS * 25);
	for (size_t i = 0; i < b.da.num; i++)
		assert_null(b.da.array[i].gift_image);
	lk_gift_batch_free(&b);
	lk_demo_gifts_destroy(g);
	assert_int_equal(lk_demo_gifts_catalog_size(), 5);
	assert_true(lk_demo_gifts_max_value() >= 1000);
}

/* A stalled worker: the step after the first comes a day late. Like the
 * demo shop, the gifts catch up at most the last minute (before the fix: 1.7
 * million events and 853 MiB at the fastest rate), then go on normally. */
static void test_late_tick_is_bounded(void **state)
{
	(void)state;
	struct lk_demo_gifts_config cfg = {.seed = 9, .image_dir = "/img", .gift_every_ms = LK_DEMO_GIFT_MIN_MS};
	struct lk_demo_gifts *g = lk_demo_gifts_create(&cfg);
	struct lk_gift_batch b;
	const int64_t day = 24 * HOUR_MS;

	lk_gift_batch_init(&b);
	lk_demo_gifts_step(g, 0, &b);
	lk_demo_gifts_step(g, 5000, &b);
	size_t before = b.da.num;
	long allocs = bnum_allocs();
	lk_demo_gifts_step(g, day, &b);
	size_t late = b.da.num - before;
	printf("a step a day late: %zu events\n", late);
	/* a minute at the fastest rate: at most one happening every 100 ms plus
	 * 8 streaks or bursts with one event every 40 ms or more each */
	assert_true(late > 0);
	assert_true(late <= 60000 / 100 + 8 * 60000 / 40);
	assert_true(bnum_allocs() - allocs <= (long)late + 64); /* one buffer per event, plus the array */
	assert_true(lk_demo_gifts_next_due(g) > day);

	/* it goes on from the late time: the next minute brings gifts again,
	 * and streaks stay well-formed across the skip */
	for (int64_t t = day; t <= day + 60000; t += 100)
		lk_demo_gifts_step(g, t, &b);
	assert_true(b.da.num - before - late > 100);
	static int64_t times[200000];
	struct kinds k;
	assert_true(b.da.num < 200000);
	for (size_t i = 0; i < b.da.num; i++)
		times[i] = 0;
	classify(&b, times, &k);
	lk_gift_batch_free(&b);

	/* a tick less than a minute late still replays everything: the same
	 * events as stepping every 50 ms */
	struct lk_gift_batch fine, coarse;
	lk_gift_batch_init(&fine);
	lk_gift_batch_init(&coarse);
	struct lk_demo_gifts *a = lk_demo_gifts_create(&cfg), *c = lk_demo_gifts_create(&cfg);
	lk_demo_gifts_step(a, 0, &fine);
	lk_demo_gifts_step(c, 0, &coarse);
	for (int64_t t = 50; t <= 59000; t += 50)
		lk_demo_gifts_step(a, t, &fine);
	lk_demo_gifts_step(c, 59000, &coarse);
	assert_int_equal(fine.da.num, coarse.da.num);
	for (size_t i = 0; i < fine.da.num; i++)
		assert_true(same_event(&fine.da.array[i], &coarse.da.array[i]));
	lk_gift_batch_free(&fine);
	lk_gift_batch_free(&coarse);
	lk_demo_gifts_destroy(a);
	lk_demo_gifts_destroy(c);
	lk_demo_gifts_destroy(g);
}

/* An hour of demo gifts through the alert queue: nothing is a duplicate,
 * nothing stale, every tier shows, and the totals add up. */
static void test_hour_through_queue(void **state)
{
	struct lk_demo_gifts_config cfg = {.seed = 3, .gift_every_ms = 2500};
	struct lk_demo_gifts *g = lk_demo_gifts_create(&cfg);
	struct lk_alerts *q = lk_alerts_create(NULL);
	struct lk_gift_batch b;
	bool tier_seen[3] = {false, false, false};
	uint64_t last_id = 0;
	int64_t pushed = 0;

	for (int64_t t = 0; t <= HOUR_MS; t += 33) {
		lk_gift_batch_init(&b);
		lk_demo_gifts_step(g, t, &b);
		for (size_t i = 0; i < b.da.num; i++) {
			enum lk_push_result r = lk_alerts_push(q, &b.da.array[i], t);
			assert_true(r != LK_PUSH_DUPLICATE && r != LK_PUSH_STALE);
			pushed++;
		}
		lk_gift_batch_free(&b);
		lk_alerts_tick(q, t);
		struct lk_alert_view v;
		if (lk_alerts_current(q, &v)) {
			if (v.id != last_id && v.kind == LK_ALERT_GIFT && v.tier < 3)
				tier_seen[v.tier] = true;
			last_id = v.id;
			lk_alert_view_release(&v);
		}
	}
	struct lk_alerts_stats st;
	lk_alerts_get_stats(q, &st, 5);
	assert_int_equal(st.events, pushed);
	assert_int_equal(st.duplicates, 0);
	assert_true(st.alerts_shown > 100);
	assert_true(tier_seen[0] && tier_seen[1] && tier_seen[2]);
	assert_true(st.num_top == 5);
	lk_alerts_destroy(q);
	lk_demo_gifts_destroy(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),        cmocka_unit_test(test_hour_has_every_kind),
		cmocka_unit_test(test_off_and_limits),       cmocka_unit_test(test_hour_through_queue),
		cmocka_unit_test(test_late_tick_is_bounded),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != 0) {
		fprintf(stderr, "leaked %ld libobs allocations\n", bnum_allocs());
		return 1;
	}
	return rc;
}
