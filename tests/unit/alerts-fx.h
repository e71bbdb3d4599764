/*
 * Linkon — test fixture for the gift alert queue tests: a queue on a fake
 * clock and small helpers to push events and look at the screen.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <util/bmem.h>

#include "core/lk-alerts.h"

/* ---- fixture ----------------------------------------------------------- */

struct fx {
	struct lk_alerts *q;
	int64_t now;
	int next_id;
};

/* Tiers: small 0+ (3 s), big 100+ (5 s), huge 1000+ (8 s); min value 1,
 * gap 500 ms, queue 5, streak timeout 5 s, memory 60 s, hold 2 s, extend 5 s. */
static inline void test_config(struct lk_alerts_config *c)
{
	lk_alerts_config_default(c);
	c->max_queue = 5;
}

static inline struct fx *fx_new(const struct lk_alerts_config *cfg)
{
	struct fx *f = bzalloc(sizeof(*f));
	struct lk_alerts_config c;

	if (!cfg) {
		test_config(&c);
		cfg = &c;
	}
	f->q = lk_alerts_create(cfg);
	f->now = 1000000;
	return f;
}

static inline void fx_free(struct fx *f)
{
	lk_alerts_destroy(f->q);
	bfree(f);
}

/* One event with a fresh id. streak NULL = single gift. */
static inline enum lk_push_result push(struct fx *f, const char *sender, const char *gift, int64_t value, int64_t count,
				       const char *streak, bool end)
{
	char id[32];
	snprintf(id, sizeof(id), "ev-%d", ++f->next_id);
	struct lk_gift_event ev = {
		.id = id,
		.sender_name = sender,
		.sender_avatar = "https://cdn.example/avatar.png",
		.gift_id = gift,
		.gift_name = gift,
		.value = value,
		.count = count,
		.streak_id = streak,
		.streak_end = end,
	};
	return lk_alerts_push(f->q, &ev, f->now);
}

static inline bool tick(struct fx *f, int64_t advance_ms)
{
	f->now += advance_ms;
	return lk_alerts_tick(f->q, f->now);
}

/* The on-screen alert (view released before returning; strings not kept). */
struct seen {
	bool on;
	uint64_t id;
	enum lk_alert_kind kind;
	uint32_t tier;
	char sender[64];
	char gift[64];
	int64_t count, value, money, senders;
	char currency[4];
	uint32_t count_seq;
	bool continued, replay, streak_open, sound_pending;
	int64_t shown_ms, ends_ms;
};

static inline struct seen current(struct fx *f)
{
	struct lk_alert_view v;
	struct seen s = {0};

	s.on = lk_alerts_current(f->q, &v);
	if (s.on) {
		s.id = v.id;
		s.kind = v.kind;
		s.tier = v.tier;
		snprintf(s.sender, sizeof(s.sender), "%s", v.sender_name);
		snprintf(s.gift, sizeof(s.gift), "%s", v.gift_name);
		s.count = v.count;
		s.value = v.value;
		s.money = v.money;
		memcpy(s.currency, v.currency, sizeof(s.currency));
		s.senders = v.senders;
		s.count_seq = v.count_seq;
		s.continued = v.continued;
		s.replay = v.replay;
		s.streak_open = v.streak_open;
		s.sound_pending = v.sound_pending;
		s.shown_ms = v.shown_ms;
		s.ends_ms = v.ends_ms;
	}
	lk_alert_view_release(&v);
	return s;
}

/* Runs the clock until the current alert leaves and the next one shows
 * (or nothing is left); returns the new current. */
static inline struct seen next_alert(struct fx *f)
{
	uint64_t old = current(f).id;
	for (int i = 0; i < 2000; i++) {
		tick(f, 50);
		struct seen s = current(f);
		if (s.on && s.id != old)
			return s;
		if (!s.on && lk_alerts_queue_length(f->q) == 0)
			return s;
	}
	fail_msg("no next alert");
	return current(f);
}

static inline struct lk_alerts_stats stats(struct fx *f)
{
	struct lk_alerts_stats st;
	lk_alerts_get_stats(f->q, &st, LK_ALERTS_MAX_TOP);
	return st;
}
