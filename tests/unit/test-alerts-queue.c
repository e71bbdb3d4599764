/*
 * Linkon — unit tests for the gift alert queue (core/lk-alerts.c), on a fake
 * clock: pause/skip/replay, stats and top senders, configuration, time, and
 * concurrent use from several threads.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "alerts-fx.h"

#include <util/platform.h>
#include <util/threading.h>

/* ---- pause / skip / replay -------------------------------------------- */

static void test_pause_resume(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	push(f, "A", "Rose", 1, 1, NULL, false);
	tick(f, 0);
	assert_true(current(f).on);
	lk_alerts_pause(f->q);
	assert_true(lk_alerts_paused(f->q));
	push(f, "B", "Rose", 1, 1, NULL, false);
	push(f, "C", "Rose", 1, 1, NULL, false);
	/* A finishes normally; nothing new starts while paused */
	tick(f, 3000);
	assert_false(current(f).on);
	for (int i = 0; i < 100; i++)
		tick(f, 100);
	assert_false(current(f).on);
	assert_int_equal(lk_alerts_queue_length(f->q), 2);
	assert_true(stats(f).paused);

	lk_alerts_resume(f->q);
	assert_true(tick(f, 0));
	assert_string_equal(current(f).sender, "B");
	fx_free(f);
}

static void test_skip_and_gap(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	assert_false(lk_alerts_skip(f->q, f->now)); /* nothing to skip */
	push(f, "A", "Rose", 1, 1, NULL, false);
	push(f, "B", "Rose", 1, 1, NULL, false);
	tick(f, 0);
	assert_string_equal(current(f).sender, "A");
	tick(f, 1000);
	assert_true(lk_alerts_skip(f->q, f->now));
	assert_false(current(f).on);
	assert_int_equal(lk_alerts_take_sound(f->q), -1); /* a skipped alert's sound is gone too */
	/* the gap applies after a skip too */
	tick(f, 499);
	assert_false(current(f).on);
	tick(f, 1);
	struct seen s = current(f);
	assert_string_equal(s.sender, "B");
	assert_int_equal(s.shown_ms, f->now);
	fx_free(f);
}

static void test_replay(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	assert_false(lk_alerts_replay(f->q)); /* nothing shown yet */
	push(f, "A", "Lion", 29999, 1, NULL, false);
	push(f, "B", "Rose", 1, 1, NULL, false);
	struct seen a = next_alert(f);
	assert_int_equal(lk_alerts_take_sound(f->q), 2);
	assert_false(lk_alerts_replay(f->q)); /* A is still on screen */
	struct seen b = next_alert(f);
	assert_string_equal(b.sender, "B");

	/* A finished when B came on: A is the one to replay */
	assert_true(lk_alerts_replay(f->q));
	assert_false(lk_alerts_replay(f->q));      /* one waiting replay at a time */
	push(f, "C", "Ring", 500, 1, NULL, false); /* bigger than the replay, still after it */
	struct seen r = next_alert(f);
	assert_true(r.replay);
	assert_string_equal(r.sender, "A");
	assert_int_equal(r.count, a.count);
	assert_true(r.id != a.id);
	assert_int_equal(lk_alerts_take_sound(f->q), 2); /* a replay plays its sound again */
	assert_string_equal(next_alert(f).sender, "C");
	assert_int_equal(stats(f).alerts_shown, 3); /* the replay is not counted */
	fx_free(f);
}

/* Found by tests/fuzz/fuzz-alerts.c: a replay of an alert shown under a
 * config with more tiers kept its old tier, an index past the new tiers. */
static void test_replay_after_fewer_tiers(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	struct lk_alerts_config c;

	push(f, "A", "Lion", 29999, 1, NULL, false);
	push(f, "B", "Rose", 1, 1, NULL, false);
	assert_int_equal(next_alert(f).tier, 2);
	assert_string_equal(next_alert(f).sender, "B"); /* A finished */
	test_config(&c);
	c.num_tiers = 1;
	lk_alerts_set_config(f->q, &c);
	assert_true(lk_alerts_replay(f->q));
	struct seen r = next_alert(f);
	assert_true(r.replay);
	assert_string_equal(r.sender, "A");
	assert_int_equal(r.tier, 0);
	assert_int_equal(lk_alerts_take_sound(f->q), 0);
	fx_free(f);
}

/* ---- stats, config, time ----------------------------------------------- */

static void test_stats_and_top_senders(void **state)
{
	(void)state;
	struct lk_alerts_config c;
	test_config(&c);
	c.max_senders = 16;
	struct fx *f = fx_new(&c);
	struct lk_gift_event ev = {.sender_name = "Mia",
				   .gift_id = "rose",
				   .gift_name = "Rose",
				   .value = 1,
				   .money = 10,
				   .currency = "CNY",
				   .count = 3};
	char name[16];

	ev.id = "m1";
	lk_alerts_push(f->q, &ev, f->now);
	ev.id = "m2";
	memcpy(ev.currency, "USD", 4);
	lk_alerts_push(f->q, &ev, f->now);
	struct lk_alerts_stats st = stats(f);
	assert_int_equal(st.money, 30);
	assert_string_equal(st.currency, "CNY");
	assert_true(st.money_mixed);

	/* 40 senders through a 16-sender table: the big ones stay, exact */
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "s%02d", i);
		push(f, name, "Cake", i < 5 ? 1000 + i : 1, 1, NULL, false);
	}
	push(f, "s00", "Cake", 1000, 1, NULL, false);
	st = stats(f);
	assert_int_equal(st.num_top, LK_ALERTS_MAX_TOP);
	assert_string_equal(st.top[0].name, "s00");
	assert_int_equal(st.top[0].value, 2000);
	assert_int_equal(st.top[0].gifts, 2);
	assert_string_equal(st.top[1].name, "s04");
	assert_string_equal(st.top[4].name, "s01");
	assert_string_equal(st.top[5].name, "Mia");
	assert_int_equal(st.top[5].value, 6);

	struct lk_alerts_stats small;
	lk_alerts_get_stats(f->q, &small, 2);
	assert_int_equal(small.num_top, 2);

	lk_alerts_reset(f->q);
	st = stats(f);
	assert_int_equal(st.gifts, 0);
	assert_int_equal(st.num_top, 0);
	assert_int_equal(st.queue_length, 0);
	fx_free(f);
}

static void test_set_config_shrinks_queue(void **state)
{
	(void)state;
	struct lk_alerts_config c;
	test_config(&c);
	c.max_queue = 20;
	struct fx *f = fx_new(&c);
	char name[16];

	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "q%d", i);
		assert_int_equal(push(f, name, "Rose", 1, 1, NULL, false), LK_PUSH_QUEUED);
	}
	c.max_queue = 3;
	c.tiers[0].duration_ms = 1000;
	lk_alerts_set_config(f->q, &c);
	assert_int_equal(lk_alerts_queue_length(f->q), 4); /* 3 + summary of 17 */
	struct seen s = next_alert(f);
	assert_string_equal(s.sender, "q0");
	assert_int_equal(s.ends_ms - s.shown_ms, 1000);
	next_alert(f);
	next_alert(f);
	s = next_alert(f);
	assert_int_equal(s.kind, LK_ALERT_SUMMARY);
	assert_int_equal(s.count, 17);

	c.max_queue = 100; /* growing works too */
	lk_alerts_set_config(f->q, &c);
	for (int i = 0; i < 100; i++)
		assert_int_equal(push(f, "x", "Rose", 1, 1, NULL, false), LK_PUSH_QUEUED);
	assert_int_equal(push(f, "x", "Rose", 1, 1, NULL, false), LK_PUSH_FOLDED);
	fx_free(f);
}

static void test_clock_never_goes_back(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	push(f, "A", "Rose", 1, 1, NULL, false);
	tick(f, 0);
	int64_t shown = current(f).shown_ms;
	/* a thread that read the clock earlier pushes and ticks late */
	struct lk_gift_event ev =
		{.id = "late", .sender_name = "B", .gift_id = "r", .gift_name = "r", .value = 1, .count = 1};
	lk_alerts_push(f->q, &ev, f->now - 10000);
	lk_alerts_tick(f->q, f->now - 10000);
	assert_int_equal(current(f).shown_ms, shown);
	assert_true(current(f).on);
	fx_free(f);
}

static void test_defaults_and_config_copy(void **state)
{
	(void)state;
	struct lk_alerts_config c, d;
	lk_alerts_config_default(&c);
	assert_int_equal(c.num_tiers, 3);
	assert_int_equal(c.count_mode, LK_GIFT_COUNT_CUMULATIVE);
	c.tiers[1].sound = bstrdup("big.ogg");
	c.summary_text = bstrdup("+{count}");
	lk_alerts_config_copy(&d, &c);
	assert_string_equal(d.tiers[1].sound, "big.ogg");
	assert_true(d.tiers[1].sound != c.tiers[1].sound);

	/* unsorted tiers, silly numbers: the queue sanitizes its own copy */
	d.tiers[0].min_value = 500;
	d.tiers[2].min_value = 0;
	d.max_queue = 0;
	struct lk_alerts *q = lk_alerts_create(&d);
	lk_alerts_config_free(&c);
	lk_alerts_config_free(&d);
	struct lk_gift_event ev =
		{.id = "1", .sender_name = "A", .gift_id = "g", .gift_name = "g", .value = 600, .count = 1};
	assert_int_equal(lk_alerts_push(q, &ev, 0), LK_PUSH_QUEUED);
	ev.id = "2";
	assert_int_equal(lk_alerts_push(q, &ev, 0), LK_PUSH_FOLDED); /* max_queue became 1 */
	lk_alerts_tick(q, 0);
	struct lk_alert_view v;
	assert_true(lk_alerts_current(q, &v));
	assert_int_equal(v.tier, 2); /* 600 >= 500, the biggest after sorting */
	assert_int_equal(v.duration_ms, 3000);
	lk_alerts_destroy(q);
	/* the view outlives the queue */
	assert_string_equal(v.sender_name, "A");
	lk_alert_view_release(&v);
	lk_alerts_destroy(NULL);
}

/* ---- threads ----------------------------------------------------------- */

/* Two net-like threads push (with redeliveries) while a graphics-like thread
 * ticks and reads, and a UI-like thread pauses, skips, replays and reads
 * stats. Worker threads never assert (cmocka is not thread-safe): the main
 * thread checks the totals afterwards. */
struct thread_ctx {
	struct lk_alerts *q;
	volatile long now;
	volatile long pushers_left;
	int index;
	long views;
	long bad_views;
};

static void *pusher(void *data)
{
	struct thread_ctx *t = data;
	char id[32], streak[32], name[32];
	int me = (int)os_atomic_inc_long(&t->pushers_left) - 1;

	for (int i = 0; i < 20000; i++) {
		bool is_streak = i % 2 == 0;
		int k = (i / 2) % 50; /* 50 streaks, running totals 1..200 each */
		snprintf(id, sizeof(id), "p%d-%d", me, i);
		snprintf(streak, sizeof(streak), "p%d-s%d", me, k);
		snprintf(name, sizeof(name), "viewer %d", (i / 2) % 50);
		struct lk_gift_event ev = {.id = id,
					   .sender_name = name,
					   .gift_id = "rose",
					   .gift_name = "Rose",
					   .value = is_streak ? 1 : 10,
					   .count = is_streak ? i / 100 + 1 : 1,
					   .streak_id = is_streak ? streak : NULL};
		lk_alerts_push(t->q, &ev, os_atomic_load_long(&t->now));
		if (i % 10 == 0) /* at-least-once delivery */
			lk_alerts_push(t->q, &ev, os_atomic_load_long(&t->now));
	}
	os_atomic_dec_long(&t->pushers_left);
	return NULL;
}

static void *ticker(void *data)
{
	struct thread_ctx *t = data;
	while (os_atomic_load_long(&t->pushers_left) > 0 || t->views == 0) {
		long now = os_atomic_inc_long(&t->now);
		lk_alerts_tick(t->q, now);
		struct lk_alert_view v;
		if (lk_alerts_current(t->q, &v)) {
			t->views++;
			if (v.count < 1 || !v.gift_name ||
			    (v.kind == LK_ALERT_GIFT && strcmp(v.gift_name, "Rose") != 0))
				t->bad_views++;
		}
		lk_alert_view_release(&v);
		lk_alerts_take_sound(t->q);
		os_sleep_ms(1);
	}
	return NULL;
}

static void *ui(void *data)
{
	struct thread_ctx *t = data;
	for (int i = 0; os_atomic_load_long(&t->pushers_left) > 0; i++) {
		struct lk_alerts_stats st;
		if (i % 4 == 0)
			lk_alerts_pause(t->q);
		else
			lk_alerts_resume(t->q);
		if (i % 3 == 0)
			lk_alerts_skip(t->q, os_atomic_load_long(&t->now));
		if (i % 5 == 0)
			lk_alerts_replay(t->q);
		lk_alerts_get_stats(t->q, &st, 5);
		os_sleep_ms(2);
	}
	lk_alerts_resume(t->q);
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	struct thread_ctx t = {0};
	pthread_t p[2], tk, u;

	t.q = lk_alerts_create(NULL);
	t.now = 1;
	t.pushers_left = 0;
	for (int i = 0; i < 2; i++)
		pthread_create(&p[i], NULL, pusher, &t);
	while (os_atomic_load_long(&t.pushers_left) < 1)
		os_sleep_ms(1);
	pthread_create(&tk, NULL, ticker, &t);
	pthread_create(&u, NULL, ui, &t);
	for (int i = 0; i < 2; i++)
		pthread_join(p[i], NULL);
	pthread_join(tk, NULL);
	pthread_join(u, NULL);

	struct lk_alerts_stats st;
	lk_alerts_get_stats(t.q, &st, 1);
	assert_int_equal(st.events, 40000);
	assert_int_equal(st.duplicates, 4000);
	/* per pusher: 50 streaks of 200 roses (value 1) and 10,000 single roses (value 10) */
	assert_int_equal(st.gifts, 2 * (50 * 200 + 10000));
	assert_int_equal(st.value, 2 * (50 * 200 + 10000 * 10));
	assert_true(t.views > 0);
	assert_int_equal(t.bad_views, 0);
	lk_alerts_destroy(t.q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pause_resume),
		cmocka_unit_test(test_skip_and_gap),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_replay_after_fewer_tiers),
		cmocka_unit_test(test_stats_and_top_senders),
		cmocka_unit_test(test_set_config_shrinks_queue),
		cmocka_unit_test(test_clock_never_goes_back),
		cmocka_unit_test(test_defaults_and_config_copy),
		cmocka_unit_test(test_threads),
	};
	long allocs = bnum_allocs();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != allocs) {
		fprintf(stderr, "leak: %ld bmalloc blocks not freed\n", bnum_allocs() - allocs);
		return 1;
	}
	return failed;
}
