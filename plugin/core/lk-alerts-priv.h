/*
 * Linkon — the gift alert queue, internal: bounded tables it keeps (streaks,
 * sender totals, a summary's viewers) and its state. Everything here is used
 * under the queue's mutex only; every table is allocated once at create.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-alerts.h"
#include "lk-gift-dedupe.h"
#include "lk-gift-index.h"

#include <pthread.h>
#include <string.h>

/* ---- streaks (lk-alerts-track.c) --------------------------------------- */

struct lk_link {
	int32_t prev;
	int32_t next;
};

struct lk_streak {
	int64_t total;        /* gifts so far: the streak's running total */
	int64_t last_ms;      /* last event */
	uint64_t alert_id;    /* alert showing this streak (valid if pool[alert_slot].id matches) */
	int32_t alert_slot;   /* -1 = none */
	int32_t sounded_tier; /* biggest tier this streak sounded, -1 = none */
	bool closed;          /* end event seen or timed out */
	bool alerted;         /* had an alert before */
	uint64_t feed_id;     /* its feed entry (valid if feed[feed_id % LK_ALERTS_FEED].id matches) */
	struct lk_link lru;   /* every streak, least recently active first */
	struct lk_link open;  /* open streaks, least recently active first */
};

struct lk_streaks {
	struct lk_gift_index ix;
	struct lk_streak *s;
	uint32_t count;
	int32_t free_head;        /* free slots chained through lru.next */
	struct lk_link lru_ends;  /* prev = tail, next = head */
	struct lk_link open_ends; /* same for the open list */
};

void lk_streaks_init(struct lk_streaks *t, uint32_t cap);
void lk_streaks_free(struct lk_streaks *t);
void lk_streaks_clear(struct lk_streaks *t);
struct lk_streak *lk_streaks_find(struct lk_streaks *t, uint64_t key);
/* New open streak (total 0); forgets the least recently active one when full. */
struct lk_streak *lk_streaks_add(struct lk_streaks *t, uint64_t key, int64_t now_ms);
/* An event arrived: most recently active now; closes it on end, reopens otherwise. */
void lk_streaks_touch(struct lk_streaks *t, struct lk_streak *s, int64_t now_ms, bool end);
/* Closes streaks idle >= timeout_ms, forgets streaks idle >= memory_ms. */
void lk_streaks_expire(struct lk_streaks *t, int64_t now_ms, int64_t timeout_ms, int64_t memory_ms);

/* ---- sender totals (lk-alerts-track.c) --------------------------------- */

struct lk_sender {
	char *name;
	int64_t gifts;
	int64_t value;
	int32_t heap_pos;
};

struct lk_senders {
	struct lk_gift_index ix;
	struct lk_sender *e;
	int32_t *heap; /* min-heap of slots by (value, gifts): heap[0] is forgotten first */
	uint32_t count;
};

void lk_senders_init(struct lk_senders *t, uint32_t cap);
void lk_senders_free(struct lk_senders *t);
void lk_senders_clear(struct lk_senders *t);
void lk_senders_add(struct lk_senders *t, uint64_t key, const char *name, int64_t gifts, int64_t value);
/* Biggest n (value, then gifts) into out; returns how many. */
size_t lk_senders_top(const struct lk_senders *t, struct lk_gift_sender_total *out, size_t n);

/* ---- distinct viewers of a summary (lk-alerts-track.c) ----------------- */

#define LK_VIEWERS_SLOTS 4096 /* counts up to half of this exactly */

struct lk_viewers {
	uint64_t keys[LK_VIEWERS_SLOTS]; /* 0 = empty */
	uint32_t count;
};

/* Adds key; returns false when the set is too full to tell (count stays). */
bool lk_viewers_add(struct lk_viewers *v, uint64_t key);

/* ---- the queue (lk-alerts.c, lk-alerts-util.c) ------------------------- */

struct lk_alert_strings {
	volatile long refs;
	const char *sender_name;
	const char *sender_avatar;
	const char *gift_id;
	const char *gift_name;
	const char *gift_image;
	const char *platform; /* NULL = unknown */
	char data[];
};

struct lk_alert_strings *lk_alert_strings_new(const struct lk_gift_event *ev);
struct lk_alert_strings *lk_alert_strings_addref(struct lk_alert_strings *s);
void lk_alert_strings_release(struct lk_alert_strings *s);

struct lk_alert {
	uint64_t id; /* 0 = free slot */
	uint64_t seq;
	enum lk_alert_kind kind;
	uint32_t tier;
	struct lk_alert_strings *str; /* NULL for a summary */
	uint64_t streak_key;          /* 0 = not a streak */
	uint64_t sender_key;
	int64_t count;
	int64_t value;
	int64_t unit_value;
	int64_t money;
	int64_t unit_money;
	char currency[4];
	int64_t senders;
	bool senders_more;
	uint32_t count_seq;
	bool continued;
	bool replay;
	int64_t shown_ms;
	int64_t ends_ms;
	int64_t cap_ms; /* ends_ms never passes this */
	uint32_t duration_ms;
	uint64_t feed_id; /* the feed entry of its gifts (lk-alerts-feed.c), 0 = none */
};

struct lk_alerts {
	pthread_mutex_t mutex;
	struct lk_alerts_config cfg;
	struct lk_gift_dedupe *dedupe;
	struct lk_streaks streaks;
	struct lk_senders senders;
	struct lk_viewers viewers; /* of the waiting summary */

	struct lk_alert *pool; /* max_queue + 3 slots: waiting, summary, replay, on screen */
	uint32_t pool_cap;
	int32_t *free_slots;
	uint32_t num_free;
	int32_t *pending; /* waiting slots, in showing order */
	uint32_t num_pending;
	uint32_t num_waiting; /* waiting gift alerts (what max_queue limits) */
	int32_t current;      /* on screen, -1 = none */
	int32_t summary;      /* waiting summary, -1 = none */
	struct lk_alert last; /* last finished alert (id 0 = none), owns a string ref */

	int64_t now;
	int64_t gap_until;
	bool paused;
	bool sound_pending;
	bool changed; /* on-screen alert changed since the last tick */
	uint64_t next_id;
	uint64_t next_seq;
	struct lk_gift_record feed[LK_ALERTS_FEED]; /* entry id i lives at i % LK_ALERTS_FEED */
	uint64_t feed_next_id;
	uint64_t feed_seq;         /* last seq handed out */
	struct lk_alerts_stats st; /* counters; top, queue_length, streaks filled on read */
};

/* lk-alerts-pool.c: slots, showing order, folding (caller holds the mutex) */
void lk_alerts_pool_resize(struct lk_alerts *q, uint32_t cap); /* grows only */
int32_t lk_alerts_slot_take(struct lk_alerts *q);              /* -1 when none is free */
void lk_alerts_slot_free(struct lk_alerts *q, int32_t slot);   /* releases its strings */
bool lk_alert_before(const struct lk_alert *a, const struct lk_alert *b);
void lk_alerts_pending_insert(struct lk_alerts *q, int32_t slot);
void lk_alerts_pending_remove(struct lk_alerts *q, int32_t slot);
int32_t lk_alerts_lowest_waiting(const struct lk_alerts *q); /* folds first, -1 = none */
/* Adds alert a's gifts to the waiting summary (made if needed); returns its slot. */
int32_t lk_alerts_fold(struct lk_alerts *q, const struct lk_alert *a);
/* Folds a waiting alert into the summary, moving its streak's link there. */
void lk_alerts_fold_waiting(struct lk_alerts *q, int32_t victim);

/* lk-alerts-feed.c (caller holds the mutex). An accepted event brought
 * count gifts (> 0); s is its streak or NULL. Returns its entry (the
 * streak's, updated, or a new one) with fate LK_GIFT_ALERTED: the caller
 * sets the fate once the alert is placed. */
struct lk_gift_record *lk_alerts_feed_record(struct lk_alerts *q, const struct lk_gift_event *ev, struct lk_streak *s,
					     int64_t count);
/* A waiting alert's gifts went into the summary: marks its entry (if still there). */
void lk_alerts_feed_folded(struct lk_alerts *q, uint64_t feed_id);
void lk_alerts_feed_clear(struct lk_alerts *q);

/* lk-alerts-util.c */
void lk_alerts_sanitize_config(struct lk_alerts_config *cfg);
uint32_t lk_alerts_tier_of(const struct lk_alerts_config *cfg, int64_t value);

static inline int64_t lk_sat_add(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static inline int64_t lk_sat_mul(int64_t a, int64_t b)
{
	if (a <= 0 || b <= 0)
		return 0;
	return a > INT64_MAX / b ? INT64_MAX : a * b;
}

/* Adds money to an alert that has none yet or the same currency. */
static inline void lk_alert_add_money(struct lk_alert *a, int64_t amount, const char *currency)
{
	if (amount <= 0 || !currency || !currency[0])
		return;
	if (!a->currency[0]) {
		memcpy(a->currency, currency, 3);
		a->currency[3] = '\0';
	}
	if (memcmp(a->currency, currency, 3) == 0)
		a->money = lk_sat_add(a->money, amount);
}
