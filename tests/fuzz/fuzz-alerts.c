/*
 * Linkon — libFuzzer target for the gift alert queue (core/lk-alerts*.c),
 * driven by a byte-coded sequence of operations on a fake clock.
 *
 * The first 4 bytes size the queue (seen ids, streaks, senders: small, so
 * evictions happen) and pick the count mode; then each operation is one
 * byte plus its arguments: push a gift built from the next bytes (small
 * pools of senders, gifts, streak ids, and redeliveries of earlier ids),
 * tick after some time, read the current alert, take its sound, pause or
 * resume, skip, replay, read stats and feed, change the config, reset,
 * format a template.
 * Checks: every push result is accounted for (events and duplicates in the
 * stats match the results since the last reset), a view is well formed and
 * borrowed strings stay valid until released, the queue never holds more
 * than max_queue + summary + replay, top senders are sorted, the feed is
 * newest first with growing seq numbers and only entries changed after the
 * seq asked for.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <util/dstr.h>

#include "core/lk-alerts.h"

struct ops {
	const uint8_t *p, *end;
};

static uint8_t byte(struct ops *o)
{
	return o->p < o->end ? *o->p++ : 0;
}

static uint32_t u16(struct ops *o)
{
	uint32_t hi = byte(o);
	return (hi << 8) | byte(o);
}

struct state {
	struct lk_alerts *q;
	struct lk_alerts_config cfg;
	int64_t now;
	int64_t events, duplicates; /* since the last reset */
	uint64_t next_id;
	uint64_t feed_seq;
};

static const char *const senders[] = {"Mia", "Leo", "", "Ann\xe2\x80\xae", "Zoé"};
static const char *const gifts[] = {"rose", "lion", "universe", "heart"};
static const char *const streaks[] = {"s1", "s2", "s3"};

static void push(struct state *s, struct ops *o)
{
	uint8_t a = byte(o), b = byte(o), c = byte(o);
	char id[32], sender_id[8];
	struct lk_gift_event ev = {0};

	/* a redelivery of a recent id, or a new one */
	uint64_t n = (a & 0x80) && s->next_id ? s->next_id - 1 - (a & 7) % s->next_id : s->next_id++;
	snprintf(id, sizeof(id), "e%llu", (unsigned long long)n);
	snprintf(sender_id, sizeof(sender_id), "u%d", a & 7);
	ev.id = id;
	ev.sender_id = (a & 0x40) ? sender_id : NULL;
	ev.sender_name = senders[b % 5];
	ev.gift_id = gifts[(b >> 3) % 4];
	ev.gift_name = ev.gift_id;
	ev.value = (int64_t[]){0, 1, 99, 1000, LK_GIFT_MAX_VALUE}[c % 5];
	ev.count = 1 + (int64_t)byte(o) * ((c & 0x80) ? 3907 : 1);
	if (ev.count > LK_GIFT_MAX_COUNT)
		ev.count = LK_GIFT_MAX_COUNT;
	if (c & 0x20) {
		ev.money = (c & 0x40) ? LK_GIFT_MAX_MONEY : 10;
		memcpy(ev.currency, (c & 0x10) ? "USD" : "CNY", 4);
	}
	ev.streak_id = (b & 0x40) ? streaks[(b >> 5) % 3] : NULL;
	ev.streak_end = (b & 0x80) != 0;

	enum lk_push_result r = lk_alerts_push(s->q, &ev, s->now);
	FUZZ_MUST(r >= LK_PUSH_DUPLICATE && r <= LK_PUSH_FOLDED);
	if (r == LK_PUSH_DUPLICATE)
		s->duplicates++;
	else
		s->events++;
}

static void check_view(struct state *s, const struct lk_alert_view *v, struct dstr *text, const char *tmpl)
{
	FUZZ_MUST(v->id > 0);
	FUZZ_MUST(v->kind == LK_ALERT_GIFT || v->kind == LK_ALERT_SUMMARY);
	FUZZ_MUST(v->tier < s->cfg.num_tiers);
	FUZZ_MUST(v->sender_name && v->gift_name && v->gift_id);
	FUZZ_MUST(strlen(v->sender_name) <= LK_GIFT_MAX_NAME && strlen(v->gift_name) <= LK_GIFT_MAX_NAME);
	FUZZ_MUST(v->count >= 1 && v->value >= 0 && v->money >= 0);
	FUZZ_MUST(v->ends_ms >= v->shown_ms);
	FUZZ_MUST(v->kind != LK_ALERT_SUMMARY || v->senders >= 1);
	const char *out = lk_alert_format(text, tmpl, v);
	FUZZ_MUST(out && strlen(out) == (text->array ? text->len : 0));
}

static void check_stats(struct state *s)
{
	struct lk_alerts_stats st;

	lk_alerts_get_stats(s->q, &st, LK_ALERTS_MAX_TOP);
	FUZZ_MUST(st.events == s->events && st.duplicates == s->duplicates);
	FUZZ_MUST(st.gifts >= 0 && st.value >= 0 && st.money >= 0 && st.stale >= 0 && st.folded >= 0);
	FUZZ_MUST(st.queue_length <= s->cfg.max_queue + 2);
	FUZZ_MUST(st.num_top <= LK_ALERTS_MAX_TOP);
	for (size_t i = 1; i < st.num_top; i++)
		FUZZ_MUST(st.top[i - 1].value >= st.top[i].value);
	for (size_t i = 0; i < st.num_top; i++)
		FUZZ_MUST(memchr(st.top[i].name, '\0', sizeof(st.top[i].name)) != NULL);
}

static void check_feed(struct state *s, bool all)
{
	struct lk_gift_record recs[LK_ALERTS_FEED];
	uint64_t since = all ? 0 : s->feed_seq, last = 0;
	size_t n = lk_alerts_feed(s->q, since, recs, LK_ALERTS_FEED, &last);

	FUZZ_MUST(n <= LK_ALERTS_FEED);
	for (size_t i = 0; i < n; i++) {
		FUZZ_MUST(recs[i].id > 0 && recs[i].seq > since && recs[i].seq <= last);
		FUZZ_MUST(i == 0 || recs[i - 1].id > recs[i].id); /* newest first */
		FUZZ_MUST(recs[i].count >= 1 && recs[i].value >= 0);
		FUZZ_MUST(memchr(recs[i].sender_name, '\0', sizeof(recs[i].sender_name)) != NULL);
		FUZZ_MUST(memchr(recs[i].gift_name, '\0', sizeof(recs[i].gift_name)) != NULL);
	}
	FUZZ_MUST(last >= s->feed_seq);
	s->feed_seq = last;
}

static void set_config(struct state *s, struct ops *o)
{
	struct lk_alerts_config c;

	lk_alerts_config_default(&c);
	c.num_tiers = 1 + byte(o) % LK_ALERTS_MAX_TIERS;
	for (size_t i = 0; i < c.num_tiers; i++) {
		c.tiers[i].min_value = i == 0 ? 0 : c.tiers[i - 1].min_value + u16(o);
		c.tiers[i].duration_ms = u16(o);
		c.tiers[i].scale = 1.0f;
	}
	c.min_value = byte(o);
	c.gap_ms = u16(o);
	c.max_queue = byte(o); /* 0 is clamped to 1 */
	c.streak_timeout_ms = u16(o);
	c.streak_memory_ms = u16(o) * 4u;
	c.grow_hold_ms = u16(o);
	c.max_extend_ms = u16(o);
	c.count_mode = byte(o) & 1 ? LK_GIFT_COUNT_DELTA : LK_GIFT_COUNT_CUMULATIVE;
	lk_alerts_set_config(s->q, &c);
	lk_alerts_config_free(&s->cfg);
	lk_alerts_config_copy(&s->cfg, &c);
	if (s->cfg.max_queue < 1)
		s->cfg.max_queue = 1;
	if (s->cfg.max_queue > LK_ALERTS_MAX_QUEUE)
		s->cfg.max_queue = LK_ALERTS_MAX_QUEUE;
	lk_alerts_config_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ops o = {data, data + size};
	struct state s = {.now = 5000};
	struct dstr text = {0};
	struct lk_alert_view held = {0};
	bool holding = false;
	char tmpl[24];

	lk_alerts_config_default(&s.cfg);
	s.cfg.dedupe_capacity = 1 + byte(&o) % 64;
	s.cfg.max_streaks = 1 + byte(&o) % 16;
	s.cfg.max_senders = 1 + byte(&o) % 16;
	s.cfg.count_mode = byte(&o) & 1 ? LK_GIFT_COUNT_DELTA : LK_GIFT_COUNT_CUMULATIVE;
	s.q = lk_alerts_create(&s.cfg);

	while (o.p < o.end) {
		struct lk_alert_view v;
		switch (byte(&o) % 12) {
		case 0:
		case 1:
			push(&s, &o);
			break;
		case 2:
			s.now += (int64_t)u16(&o) * ((byte(&o) & 1) ? 100 : 1);
			lk_alerts_tick(s.q, s.now);
			break;
		case 3:
			/* templates from the input: placeholders, braces, anything */
			memset(tmpl, 0, sizeof(tmpl));
			for (size_t i = 0; i + 1 < sizeof(tmpl) && o.p < o.end && *o.p; i++)
				tmpl[i] = (char)byte(&o);
			byte(&o);
			if (lk_alerts_current(s.q, &v)) {
				check_view(&s, &v, &text,
					   tmpl[0] ? tmpl : "{sender} {gift} x{count} {money} {senders}");
				/* keep one view across later operations: its strings must stay valid */
				if (holding)
					lk_alert_view_release(&held);
				held = v;
				holding = true;
			} else {
				FUZZ_MUST(v.kind == LK_ALERT_NONE);
			}
			break;
		case 4: {
			int tier = lk_alerts_take_sound(s.q);
			FUZZ_MUST(tier >= -1 && tier < (int)s.cfg.num_tiers);
			break;
		}
		case 5:
			if (byte(&o) & 1)
				lk_alerts_pause(s.q);
			else
				lk_alerts_resume(s.q);
			break;
		case 6:
			lk_alerts_skip(s.q, s.now);
			break;
		case 7:
			lk_alerts_replay(s.q);
			break;
		case 8:
			check_stats(&s);
			check_feed(&s, byte(&o) & 1);
			break;
		case 9:
			set_config(&s, &o);
			break;
		case 10:
			if (byte(&o) == 0x5a) {
				lk_alerts_reset(s.q);
				s.events = s.duplicates = 0;
			}
			break;
		default:
			s.now -= byte(&o); /* a thread that read the clock earlier */
			lk_alerts_tick(s.q, s.now);
			break;
		}
		if (holding) /* the held view's strings are still readable */
			FUZZ_MUST(strlen(held.sender_name) <= LK_GIFT_MAX_NAME &&
				  strlen(held.gift_name) <= LK_GIFT_MAX_NAME);
	}
	check_stats(&s);
	check_feed(&s, true);
	if (holding)
		lk_alert_view_release(&held);
	lk_alerts_destroy(s.q);
	lk_alerts_config_free(&s.cfg);
	dstr_free(&text);
	return 0;
}
