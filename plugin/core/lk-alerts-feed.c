/*
 * Linkon — the gift alert queue's feed: the last LK_ALERTS_FEED accepted
 * gifts, in a ring that is part of the queue (no allocation). Entry id i
 * lives at i % LK_ALERTS_FEED, so a streak finds its entry by id alone and
 * an overwritten entry simply stops matching. See lk-alerts.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-alerts-priv.h"
#include "lk-str.h"

static struct lk_gift_record *streak_entry(struct lk_alerts *q, const struct lk_streak *s)
{
	if (!s || !s->feed_id)
		return NULL;
	struct lk_gift_record *r = &q->feed[s->feed_id % LK_ALERTS_FEED];
	return r->id == s->feed_id ? r : NULL;
}

static struct lk_gift_record *new_entry(struct lk_alerts *q, const struct lk_gift_event *ev)
{
	uint64_t id = ++q->feed_next_id;
	struct lk_gift_record *r = &q->feed[id % LK_ALERTS_FEED];

	r->id = id; /* every other field is set here or by the caller (no memset: the names are long) */
	lk_utf8_copy(r->sender_name, sizeof(r->sender_name), ev->sender_name);
	lk_utf8_copy(r->gift_name, sizeof(r->gift_name), ev->gift_name && *ev->gift_name ? ev->gift_name : ev->gift_id);
	memset(r->currency, 0, sizeof(r->currency));
	if (ev->money > 0 && ev->currency[0])
		memcpy(r->currency, ev->currency, 3);
	return r;
}

struct lk_gift_record *lk_alerts_feed_record(struct lk_alerts *q, const struct lk_gift_event *ev, struct lk_streak *s,
					     int64_t count)
{
	struct lk_gift_record *r = streak_entry(q, s);
	if (!r) {
		r = new_entry(q, ev);
		if (s)
			s->feed_id = r->id;
	}
	r->count = s ? s->total : count;
	r->value = lk_sat_mul(r->count, ev->value);
	r->money = r->currency[0] && memcmp(r->currency, ev->currency, 3) == 0 ? lk_sat_mul(r->count, ev->money) : 0;
	r->fate = LK_GIFT_ALERTED;
	r->streak = s != NULL;
	r->time_ms = q->now;
	r->seq = ++q->feed_seq;
	return r;
}

void lk_alerts_feed_folded(struct lk_alerts *q, uint64_t feed_id)
{
	struct lk_gift_record *r = &q->feed[feed_id % LK_ALERTS_FEED];
	if (feed_id && r->id == feed_id && r->fate != LK_GIFT_FOLDED) {
		r->fate = LK_GIFT_FOLDED;
		r->seq = ++q->feed_seq;
	}
}

void lk_alerts_feed_clear(struct lk_alerts *q)
{
	memset(q->feed, 0, sizeof(q->feed));
}

size_t lk_alerts_feed(struct lk_alerts *q, uint64_t since_seq, struct lk_gift_record *out, size_t max,
		      uint64_t *last_seq)
{
	size_t n = 0;

	pthread_mutex_lock(&q->mutex);
	uint64_t newest = q->feed_next_id;
	for (uint64_t i = 0; i < LK_ALERTS_FEED && i < newest && n < max; i++) {
		const struct lk_gift_record *r = &q->feed[(newest - i) % LK_ALERTS_FEED];
		if (r->id == newest - i && r->seq > since_seq)
			out[n++] = *r;
	}
	if (last_seq)
		*last_seq = q->feed_seq;
	pthread_mutex_unlock(&q->mutex);
	return n;
}
