/*
 * Linkon — unit tests for the gift alert queue (core/lk-alerts.c), on a fake
 * clock: dedupe, streak coalescing, streak timeout, tiers, min value,
 * overflow folding. Controls, stats and threads: test-alerts-queue.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "alerts-fx.h"

#include <util/dstr.h>

/* ---- dedupe ------------------------------------------------------------ */

static void test_duplicates_ignored(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	struct lk_gift_event ev =
		{.id = "dup-1", .sender_name = "Mia", .gift_id = "lion", .gift_name = "Lion", .value = 500, .count = 1};

	assert_int_equal(lk_alerts_push(f->q, &ev, f->now), LK_PUSH_QUEUED);
	for (int i = 0; i < 3; i++) /* redelivered */
		assert_int_equal(lk_alerts_push(f->q, &ev, f->now), LK_PUSH_DUPLICATE);
	struct lk_alerts_stats st = stats(f);
	assert_int_equal(st.events, 1);
	assert_int_equal(st.duplicates, 3);
	assert_int_equal(st.gifts, 1);
	assert_int_equal(st.value, 500);
	assert_int_equal(st.queue_length, 1);

	/* a streak event redelivered does not grow the streak */
	ev.id = "dup-2";
	ev.streak_id = "s1";
	ev.count = 4;
	ev.value = 1;
	assert_int_equal(lk_alerts_push(f->q, &ev, f->now), LK_PUSH_QUEUED);
	assert_int_equal(lk_alerts_push(f->q, &ev, f->now), LK_PUSH_DUPLICATE);
	assert_int_equal(stats(f).gifts, 5);

	/* events without an id cannot be deduplicated: each counts */
	ev.id = NULL;
	ev.streak_id = NULL;
	assert_int_equal(lk_alerts_push(f->q, &ev, f->now), LK_PUSH_QUEUED);
	assert_int_equal(lk_alerts_push(f->q, &ev, f->now), LK_PUSH_QUEUED);
	assert_int_equal(stats(f).gifts, 13);
	fx_free(f);
}

/* ---- streaks ----------------------------------------------------------- */

static void test_streak_coalesces_while_waiting(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	/* running totals 1, 2, 5, 12 make one alert */
	assert_int_equal(push(f, "Mia", "Rose", 1, 1, "s-9", false), LK_PUSH_QUEUED);
	assert_int_equal(push(f, "Mia", "Rose", 1, 2, "s-9", false), LK_PUSH_UPDATED);
	assert_int_equal(push(f, "Mia", "Rose", 1, 5, "s-9", false), LK_PUSH_UPDATED);
	assert_int_equal(push(f, "Mia", "Rose", 1, 12, "s-9", false), LK_PUSH_UPDATED);
	assert_int_equal(lk_alerts_queue_length(f->q), 1);

	assert_true(tick(f, 0));
	struct seen s = current(f);
	assert_true(s.on);
	assert_int_equal(s.kind, LK_ALERT_GIFT);
	assert_string_equal(s.sender, "Mia");
	assert_string_equal(s.gift, "Rose");
	assert_int_equal(s.count, 12);
	assert_int_equal(s.value, 12);
	assert_int_equal(s.count_seq, 0);
	assert_true(s.streak_open);
	assert_false(s.continued);

	/* the sound plays once */
	assert_true(s.sound_pending);
	assert_int_equal(lk_alerts_take_sound(f->q), 0);
	assert_int_equal(lk_alerts_take_sound(f->q), -1);
	assert_false(current(f).sound_pending);

	/* the same streak by another sender or of another gift is another streak */
	assert_int_equal(push(f, "Leo", "Rose", 1, 3, "s-9", false), LK_PUSH_QUEUED);
	assert_int_equal(push(f, "Mia", "Heart", 1, 3, "s-9", false), LK_PUSH_QUEUED);
	assert_int_equal(stats(f).gifts, 18);
	fx_free(f);
}

static void test_streak_grows_on_screen(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	push(f, "Mia", "Rose", 1, 12, "s1", false);
	tick(f, 0);
	struct seen s = current(f);
	assert_int_equal(s.ends_ms, s.shown_ms + 3000);
	assert_int_equal(lk_alerts_take_sound(f->q), 0);

	/* grows while on screen: count updates, count_seq pulses, hold extends */
	tick(f, 2500);
	assert_int_equal(push(f, "Mia", "Rose", 1, 20, "s1", false), LK_PUSH_UPDATED);
	assert_true(tick(f, 0)); /* the view changed */
	assert_false(tick(f, 0));
	assert_int_equal(push(f, "Mia", "Rose", 1, 25, "s1", false), LK_PUSH_UPDATED);
	struct seen g = current(f);
	assert_int_equal(g.id, s.id);
	assert_int_equal(g.count, 25);
	assert_int_equal(g.count_seq, 2);
	assert_int_equal(g.ends_ms, f->now + 2000);
	assert_int_equal(lk_alerts_take_sound(f->q), -1); /* no second sound */

	/* a repeated running total adds nothing */
	assert_int_equal(push(f, "Mia", "Rose", 1, 20, "s1", false), LK_PUSH_STALE);
	assert_int_equal(current(f).count, 25);
	assert_int_equal(stats(f).gifts, 25);
	assert_int_equal(stats(f).stale, 1);

	/* the end event closes the streak */
	assert_int_equal(push(f, "Mia", "Rose", 1, 25, "s1", true), LK_PUSH_STALE);
	assert_false(current(f).streak_open);
	assert_int_equal(current(f).count_seq, 2);
	fx_free(f);
}

static void test_streak_hold_is_bounded(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	push(f, "Mia", "Rose", 1, 1, "s1", false);
	tick(f, 0);
	struct seen s = current(f);
	/* one more rose every 500 ms for a minute: the alert still leaves at
	 * duration (3 s) + max extend (5 s) */
	int64_t left_at = 0;
	for (int i = 2; i <= 120 && !left_at; i++) {
		tick(f, 500);
		push(f, "Mia", "Rose", 1, i, "s1", false);
		if (current(f).id != s.id)
			left_at = f->now;
	}
	assert_int_equal(left_at, s.shown_ms + 3000 + 5000);
	fx_free(f);
}

static void test_streak_continues_after_alert(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	push(f, "Mia", "Rose", 1, 10, "s1", false);
	tick(f, 0);
	uint64_t first = current(f).id;
	assert_int_equal(lk_alerts_take_sound(f->q), 0);
	tick(f, 3000); /* gone */
	assert_false(current(f).on);

	/* the streak goes on (within the timeout): a new alert with the new total */
	tick(f, 1000);
	assert_int_equal(push(f, "Mia", "Rose", 1, 40, "s1", false), LK_PUSH_QUEUED);
	struct seen s = next_alert(f);
	assert_true(s.id != first);
	assert_true(s.continued);
	assert_int_equal(s.count, 40);
	assert_false(s.sound_pending); /* same tier: this streak already played it */
	assert_int_equal(lk_alerts_take_sound(f->q), -1);
	assert_int_equal(stats(f).gifts, 40);

	/* reaching a bigger tier later earns that tier's sound */
	tick(f, 3000);
	assert_int_equal(push(f, "Mia", "Rose", 1, 150, "s1", false), LK_PUSH_QUEUED);
	s = next_alert(f);
	assert_true(s.continued);
	assert_int_equal(s.tier, 1);
	assert_int_equal(s.count, 150);
	assert_int_equal(lk_alerts_take_sound(f->q), 1);
	fx_free(f);
}

static void test_streak_timeout(void **state)
{
	(void)state;
	struct lk_alerts_config c;
	test_config(&c);
	c.tiers[0].duration_ms = 20000; /* stays on screen longer than the timeout */
	struct fx *f = fx_new(&c);

	push(f, "Mia", "Rose", 1, 5, "s1", false);
	tick(f, 0);
	assert_true(current(f).streak_open);
	tick(f, 4999);
	assert_true(current(f).streak_open);
	tick(f, 1); /* 5 s without an event: closed, though no end came */
	assert_false(current(f).streak_open);
	assert_int_equal(current(f).count, 5);
	assert_int_equal(stats(f).streaks, 1); /* still remembered */

	/* a late event of the closed streak reopens it: only the new gifts count */
	assert_true(lk_alerts_skip(f->q, f->now));
	assert_int_equal(push(f, "Mia", "Rose", 1, 8, "s1", false), LK_PUSH_QUEUED);
	assert_int_equal(stats(f).gifts, 8);
	struct seen s = next_alert(f);
	assert_int_equal(s.count, 8);
	assert_true(s.continued);
	assert_true(s.streak_open);

	/* after streak_memory_ms it is forgotten: the same id starts over */
	tick(f, 60000);
	assert_false(current(f).on);
	assert_int_equal(stats(f).streaks, 0);
	assert_int_equal(push(f, "Mia", "Rose", 1, 3, "s1", false), LK_PUSH_QUEUED);
	assert_int_equal(stats(f).gifts, 11);
	s = next_alert(f);
	assert_int_equal(s.count, 3);
	assert_false(s.continued);
	fx_free(f);
}

static void test_delta_count_mode(void **state)
{
	(void)state;
	struct lk_alerts_config c;
	test_config(&c);
	c.count_mode = LK_GIFT_COUNT_DELTA;
	struct fx *f = fx_new(&c);

	push(f, "Mia", "Rose", 2, 1, "s1", false);
	push(f, "Mia", "Rose", 2, 1, "s1", false);
	push(f, "Mia", "Rose", 2, 3, "s1", true);
	tick(f, 0);
	struct seen s = current(f);
	assert_int_equal(s.count, 5);
	assert_int_equal(s.value, 10);
	assert_false(s.streak_open);
	assert_int_equal(stats(f).gifts, 5);
	fx_free(f);
}

/* ---- tiers, min value -------------------------------------------------- */

static void test_tier_choice_and_order(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	push(f, "A", "Rose", 1, 1, NULL, false);      /* 1: small */
	push(f, "B", "Cake", 99, 1, NULL, false);     /* 99: small */
	push(f, "C", "Ring", 100, 1, NULL, false);    /* 100: big */
	push(f, "D", "Lion", 29999, 1, NULL, false);  /* huge */
	push(f, "E", "Perfume", 20, 50, NULL, false); /* 1000 in one event: huge */

	static const struct {
		const char *sender;
		uint32_t tier;
		int64_t duration;
	} order[] = {{"D", 2, 8000}, {"E", 2, 8000}, {"C", 1, 5000}, {"A", 0, 3000}, {"B", 0, 3000}};
	for (size_t i = 0; i < 5; i++) {
		struct seen s = next_alert(f);
		assert_true(s.on);
		assert_string_equal(s.sender, order[i].sender);
		assert_int_equal(s.tier, order[i].tier);
		assert_int_equal(s.ends_ms - s.shown_ms, order[i].duration);
		assert_int_equal(lk_alerts_take_sound(f->q), (int)order[i].tier);
	}
	assert_false(next_alert(f).on);
	fx_free(f);
}

static void test_waiting_streak_moves_up(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);

	push(f, "A", "Cake", 50, 1, NULL, false);
	push(f, "B", "Rose", 1, 1, "sb", false);
	push(f, "C", "Cake", 50, 1, NULL, false);
	/* B's streak grows past the big tier while waiting: it jumps the queue */
	assert_int_equal(push(f, "B", "Rose", 1, 120, "sb", false), LK_PUSH_UPDATED);
	struct seen s = next_alert(f);
	assert_string_equal(s.sender, "B");
	assert_int_equal(s.tier, 1);
	assert_int_equal(s.count, 120);
	assert_string_equal(next_alert(f).sender, "A");
	assert_string_equal(next_alert(f).sender, "C");
	fx_free(f);
}

static void test_min_value(void **state)
{
	(void)state;
	struct lk_alerts_config c;
	test_config(&c);
	c.min_value = 10;
	struct fx *f = fx_new(&c);

	assert_int_equal(push(f, "A", "Rose", 1, 1, NULL, false), LK_PUSH_BELOW_MIN);
	assert_int_equal(push(f, "B", "Rose", 1, 9, NULL, false), LK_PUSH_BELOW_MIN);
	assert_int_equal(lk_alerts_queue_length(f->q), 0);
	struct lk_alerts_stats st = stats(f);
	assert_int_equal(st.gifts, 10); /* still counted */
	assert_int_equal(st.value, 10);
	assert_int_equal(st.below_min, 2);

	/* a streak gets its alert once its total reaches the minimum */
	assert_int_equal(push(f, "C", "Rose", 1, 4, "sc", false), LK_PUSH_BELOW_MIN);
	assert_int_equal(push(f, "C", "Rose", 1, 9, "sc", false), LK_PUSH_BELOW_MIN);
	assert_int_equal(push(f, "C", "Rose", 1, 10, "sc", false), LK_PUSH_QUEUED);
	assert_int_equal(push(f, "D", "Cake", 10, 1, NULL, false), LK_PUSH_QUEUED);
	struct seen s = next_alert(f);
	assert_string_equal(s.sender, "C");
	assert_int_equal(s.count, 10);
	assert_false(s.continued);
	assert_int_equal(stats(f).gifts, 21);
	fx_free(f);
}

/* ---- overflow ---------------------------------------------------------- */

static void test_overflow_folds_small_gifts(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL); /* max_queue 5 */
	char name[16];

	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "q%d", i);
		assert_int_equal(push(f, name, "Rose", 1, 1, NULL, false), LK_PUSH_QUEUED);
	}
	/* 100 more small gifts from 30 viewers: all fold into one summary */
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "v%d", i % 30);
		assert_int_equal(push(f, name, "Rose", 1, 1, NULL, false), LK_PUSH_FOLDED);
	}
	assert_int_equal(lk_alerts_queue_length(f->q), 6);

	/* a huge gift still gets in: the newest small one folds to make room */
	assert_int_equal(push(f, "Boss", "Lion", 29999, 1, NULL, false), LK_PUSH_QUEUED);
	assert_int_equal(lk_alerts_queue_length(f->q), 6);
	struct lk_alerts_stats st = stats(f);
	assert_int_equal(st.folded, 101);

	struct seen s = next_alert(f);
	assert_string_equal(s.sender, "Boss");
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "q%d", i);
		assert_string_equal(next_alert(f).sender, name);
	}
	s = next_alert(f);
	assert_int_equal(s.kind, LK_ALERT_SUMMARY);
	assert_int_equal(s.count, 101); /* 100 folded + q4 */
	assert_int_equal(s.value, 101);
	assert_int_equal(s.senders, 31);
	assert_string_equal(s.sender, "");
	assert_int_equal(lk_alerts_take_sound(f->q), 0);
	assert_false(next_alert(f).on);

	/* nothing was lost: every gift was shown alone or in the summary */
	st = stats(f);
	assert_int_equal(st.gifts, 1 + 4 + 101);
	assert_int_equal(st.alerts_shown, 6);
	fx_free(f);
}

static void test_folded_streak_feeds_summary(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	char name[16];

	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "q%d", i);
		push(f, name, "Cake", 50, 1, NULL, false);
	}
	assert_int_equal(push(f, "Mia", "Rose", 1, 3, "s1", false), LK_PUSH_FOLDED);
	assert_int_equal(push(f, "Mia", "Rose", 1, 7, "s1", false), LK_PUSH_UPDATED);
	for (int i = 0; i < 5; i++)
		next_alert(f);
	struct seen s = next_alert(f);
	assert_int_equal(s.kind, LK_ALERT_SUMMARY);
	assert_int_equal(s.count, 7);
	assert_int_equal(s.senders, 1);
	/* the summary on screen keeps growing with its streak */
	assert_int_equal(push(f, "Mia", "Rose", 1, 9, "s1", false), LK_PUSH_UPDATED);
	s = current(f);
	assert_int_equal(s.count, 9);
	assert_int_equal(s.count_seq, 1);
	fx_free(f);
}

static void test_summary_money(void **state)
{
	(void)state;
	struct fx *f = fx_new(NULL);
	struct lk_gift_event ev = {.sender_name = "A",
				   .gift_id = "rose",
				   .gift_name = "Rose",
				   .value = 1,
				   .money = 10,
				   .currency = "CNY",
				   .count = 2};
	char id[16];

	for (int i = 0; i < 8; i++) {
		snprintf(id, sizeof(id), "m%d", i);
		ev.id = id;
		memcpy(ev.currency, i == 7 ? "USD" : "CNY", 4);
		lk_alerts_push(f->q, &ev, f->now);
	}
	/* 5 wait, 3 folded: the summary adds up money of its first currency */
	for (int i = 0; i < 5; i++)
		assert_int_equal(next_alert(f).money, 20);
	struct seen s = next_alert(f);
	assert_int_equal(s.kind, LK_ALERT_SUMMARY);
	assert_int_equal(s.count, 6);
	assert_int_equal(s.money, 40);
	assert_string_equal(s.currency, "CNY");
	fx_free(f);
}

static void test_summary_format(void **state)
{
	(void)state;
	struct dstr out = {0};
	struct lk_alert_view v =
		{.kind = LK_ALERT_SUMMARY, .sender_name = "", .gift_name = "", .count = 35, .senders = 12, .value = 70};

	assert_string_equal(lk_alert_format(&out, "+{count} more gifts from {senders} viewers", &v),
			    "+35 more gifts from 12 viewers");
	v.senders_more = true;
	v.senders = 2048;
	assert_string_equal(lk_alert_format(&out, "{senders} {{x} {nope} {value", &v), "2048+ {x} {nope} {value");

	struct lk_alert_view g = {.kind = LK_ALERT_GIFT,
				  .sender_name = "Mia",
				  .gift_name = "Rose",
				  .count = 25,
				  .value = 25,
				  .money = 250,
				  .currency = "CNY"};
	assert_string_equal(lk_alert_format(&out, "{sender} sent {gift} x{count} ({money}, {value})", &g),
			    "Mia sent Rose x25 (\xc2\xa5"
			    "2.50, 25)");
	assert_string_equal(lk_alert_format(&out, NULL, &g), "");
	dstr_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicates_ignored),
		cmocka_unit_test(test_streak_coalesces_while_waiting),
		cmocka_unit_test(test_streak_grows_on_screen),
		cmocka_unit_test(test_streak_hold_is_bounded),
		cmocka_unit_test(test_streak_continues_after_alert),
		cmocka_unit_test(test_streak_timeout),
		cmocka_unit_test(test_delta_count_mode),
		cmocka_unit_test(test_tier_choice_and_order),
		cmocka_unit_test(test_waiting_streak_moves_up),
		cmocka_unit_test(test_min_value),
		cmocka_unit_test(test_overflow_folds_small_gifts),
		cmocka_unit_test(test_folded_streak_feeds_summary),
		cmocka_unit_test(test_summary_money),
		cmocka_unit_test(test_summary_format),
	};
	long allocs = bnum_allocs();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != allocs) {
		fprintf(stderr, "leak: %ld bmalloc blocks not freed\n", bnum_allocs() - allocs);
		return 1;
	}
	return failed;
}
