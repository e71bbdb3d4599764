/*
 * Linkon — the gift alert queue: turns gift events into alerts, one on
 * screen at a time.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: one mutex inside, held only for short, bounded work (no I/O, no
 * allocation that grows with the show). Any thread may call any function:
 * typically the net worker pushes, the graphics thread ticks and reads the
 * current alert in video_tick, the UI thread pauses/skips/replays and reads
 * stats. Time is always passed in (local monotonic ms, lk_now_ms()), so
 * tests drive a fake clock; a time older than one already seen is treated
 * as that time (threads may read the clock before they get the lock).
 *
 * Exactly once: an event whose id was seen before is ignored (bounded set,
 * see lk-gift-dedupe.h for what happens after eviction).
 *
 * Streaks: events with the same streak id, sender and gift are one streak
 * and make ONE alert whose count updates ("x12" → "x25"):
 *   - while the alert waits in the queue it is updated in place (and moves
 *     up if its total now reaches a bigger tier);
 *   - while it is on screen, count grows, count_seq increments (so the
 *     source can pulse) and the hold is extended to at least grow_hold_ms
 *     from now, but never beyond duration + max_extend_ms after it was
 *     shown; its tier and sound do not change on screen;
 *   - if the streak goes on after its alert has left the screen, a new
 *     alert marked `continued` shows the streak's new total (TikTok-style).
 *     It plays a sound only if its tier is bigger than any tier this streak
 *     already sounded: a streak plays each tier's sound at most once.
 * A streak closes on its end event, or after streak_timeout_ms without an
 * event. The queue remembers a closed streak (its running total) for
 * streak_memory_ms after its last event, so late or repeated events of it
 * add nothing twice; an event for a closed streak it still remembers reopens
 * it. At most max_streaks streaks are remembered; when full, the one idle
 * the longest is forgotten (its alert, if any, still shows). So a feed must
 * not reuse a streak id for a new streak within streak_memory_ms: in the
 * cumulative mode a running total that does not grow adds nothing.
 *
 * Tiers: chosen by the alert's total value (count × unit value): the last
 * tier whose min_value <= total. Alerts whose total is below min_value are
 * not shown, but their gifts still count in the stats; a streak that later
 * grows past min_value gets its alert then.
 *
 * Queue: one alert on screen at a time, gap_ms between alerts, bigger tiers
 * first, then arrival order. At most max_queue alerts wait; when one more
 * arrives, the lowest waiting alert (smallest tier, newest) — or the new
 * one, if it is not bigger — folds into one summary alert ("+35 more gifts
 * from 12 viewers"), which waits with tier 0 in arrival order of its first
 * gift, looks like tier 0 and plays tier 0's sound once. Streaks folded
 * into it keep adding to it. Nothing is dropped silently.
 *
 * Memory: every table is allocated once at create and never grows — the
 * seen ids (dedupe_capacity), the streaks (max_streaks), the sender totals
 * (max_senders, names of at most LK_GIFT_MAX_NAME bytes), the alert slots
 * (max_queue + 3), the gift feed (LK_ALERTS_FEED entries). About 2.5 MiB
 * with the defaults, whatever the show's length or the size of a burst
 * (bench/bench-gifts.c measures it).
 *
 * Feed: the last LK_ALERTS_FEED accepted gifts as they arrived, whether
 * they got an alert, were below min_value or were folded into a summary
 * (see lk_alerts_feed). Duplicates and stale streak events add nothing; a
 * streak is one entry whose count is updated in place (a new entry only
 * when its old one has left the feed, or the queue forgot the streak).
 *
 * Pause: no new alert starts (the one on screen finishes normally); events
 * keep queueing. Skip: the alert on screen ends now. Replay: the last alert
 * that finished is shown again next (once per press until it shows; it plays
 * its sound again; it does not count in the stats).
 */
#pragma once

#include "lk-gift.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <util/dstr.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_ALERTS_MAX_TIERS 8
#define LK_ALERTS_MAX_TOP 16
#define LK_ALERTS_MAX_QUEUE 10000

/* What "count" means in streak events. */
enum lk_gift_count_mode {
	LK_GIFT_COUNT_CUMULATIVE = 0, /* default: the streak's running total (TikTok-style: 1, 2, 5, 12) */
	LK_GIFT_COUNT_DELTA,          /* gifts added by this event (1, 1, 3, 7) */
};

struct lk_alert_tier {
	int64_t min_value;    /* total value from which this tier applies (platform units) */
	uint32_t duration_ms; /* time on screen */
	float scale;          /* size relative to the source's base size (1.0 = 100 %) */
	char *text;           /* text template (lk_alert_format); NULL = the source's default */
	char *image;          /* image path/URL shown instead of the gift image; NULL = gift image */
	char *sound;          /* sound file; NULL = silent */
};

struct lk_alerts_config {
	struct lk_alert_tier tiers[LK_ALERTS_MAX_TIERS]; /* ascending min_value */
	size_t num_tiers;                                /* >= 1 */
	int64_t min_value;                               /* below: counted, not alerted */
	uint32_t gap_ms;                                 /* pause between two alerts */
	uint32_t max_queue;                              /* waiting alerts, 1..LK_ALERTS_MAX_QUEUE */
	uint32_t streak_timeout_ms;                      /* a streak with no event this long is closed */
	uint32_t streak_memory_ms;                       /* a closed streak is remembered this long */
	uint32_t grow_hold_ms;                           /* on-screen growth keeps the alert this long */
	uint32_t max_extend_ms;                          /* growth extends the hold at most this much */
	enum lk_gift_count_mode count_mode;
	char *summary_text; /* summary template; NULL = the source's default */
	/* sizes, fixed at lk_alerts_create (ignored by lk_alerts_set_config) */
	uint32_t dedupe_capacity; /* event ids remembered (lk-gift-dedupe.h) */
	uint32_t max_streaks;     /* streaks remembered */
	uint32_t max_senders;     /* senders with totals (top-N), see lk_alerts_stats */
};

/* Defaults: tiers small (0+, 3 s, 1.0), big (100+, 5 s, 1.25), huge
 * (1000+, 8 s, 1.5); min_value 1, gap 500 ms, max_queue 50, streak timeout
 * 5 s, memory 60 s, grow hold 2 s, max extend 5 s, cumulative counts,
 * 65536 ids, 4096 streaks, 4096 senders. No strings set. */
void lk_alerts_config_default(struct lk_alerts_config *cfg);
/* Deep copy into dst (dst's old content is not freed). */
void lk_alerts_config_copy(struct lk_alerts_config *dst, const struct lk_alerts_config *src);
/* Frees the strings; the struct itself is the caller's. */
void lk_alerts_config_free(struct lk_alerts_config *cfg);

/* cfg is copied; NULL = defaults. Bad numbers are clamped to sane ranges. */
struct lk_alerts *lk_alerts_create(const struct lk_alerts_config *cfg);
void lk_alerts_destroy(struct lk_alerts *q);
/* Applies new tiers, times and limits (not the fixed sizes). A smaller
 * max_queue folds the waiting alerts that no longer fit. */
void lk_alerts_set_config(struct lk_alerts *q, const struct lk_alerts_config *cfg);

enum lk_push_result {
	LK_PUSH_DUPLICATE, /* id seen before: ignored */
	LK_PUSH_STALE,     /* streak event that adds no gifts (repeated running total) */
	LK_PUSH_BELOW_MIN, /* counted, no alert (total below min_value) */
	LK_PUSH_QUEUED,    /* a new alert waits */
	LK_PUSH_UPDATED,   /* a waiting or on-screen alert (or summary) grew */
	LK_PUSH_FOLDED,    /* the queue was full: gifts went into the summary */
};

/* Accounts one event. ev is borrowed (what is kept is copied). */
enum lk_push_result lk_alerts_push(struct lk_alerts *q, const struct lk_gift_event *ev, int64_t now_ms);

/* Advances time: closes timed-out streaks, ends the alert on screen when
 * its time is up, starts the next one after the gap. Call every frame.
 * Returns true when the on-screen alert changed (new, grew, or gone). */
bool lk_alerts_tick(struct lk_alerts *q, int64_t now_ms);

enum lk_alert_kind {
	LK_ALERT_NONE = 0,
	LK_ALERT_GIFT,    /* one gift or one streak */
	LK_ALERT_SUMMARY, /* gifts folded on overflow: count gifts from senders viewers */
};

/* A copy of the on-screen alert. Strings are borrowed from a shared,
 * immutable, ref-counted block that the view holds: valid until
 * lk_alert_view_release(), on any thread, whatever the queue does. */
struct lk_alert_view {
	uint64_t id;             /* unique per alert (> 0); a new id = a new alert to animate in */
	enum lk_alert_kind kind; /* LK_ALERT_NONE when nothing is on screen */
	uint32_t tier;           /* index into the config's tiers */
	const char *sender_name; /* "" for a summary */
	const char *sender_avatar;
	const char *gift_id;
	const char *gift_name; /* "" for a summary */
	const char *gift_image;
	const char *platform; /* the live room's tag ("tiktok", …); NULL = unknown or a summary */
	int64_t count;        /* gifts: the streak's running total, or all gifts in a summary */
	int64_t value;        /* total value in platform units */
	int64_t money;        /* total in minor units of currency, 0 = unknown */
	char currency[4];     /* "" when money is unknown */
	int64_t senders;      /* summary: distinct viewers (a lower bound when senders_more) */
	bool senders_more;    /* summary: too many viewers to count exactly */
	uint32_t count_seq;   /* +1 each time count grows while on screen */
	bool continued;       /* a streak going on after its earlier alert ended */
	bool replay;          /* shown again by lk_alerts_replay */
	bool streak_open;     /* the streak may still grow */
	bool sound_pending;   /* a sound is due (see lk_alerts_take_sound) */
	int64_t shown_ms;     /* when it appeared */
	int64_t ends_ms;      /* when it is due to leave (moves when a streak grows) */
	uint32_t duration_ms; /* its tier's duration */
	void *priv;           /* the string block; do not touch */
};

/* Fills *view with the on-screen alert and returns true, or zeroes it and
 * returns false. Release every filled view. */
bool lk_alerts_current(struct lk_alerts *q, struct lk_alert_view *view);
void lk_alert_view_release(struct lk_alert_view *view);

/* The tier whose sound to play now, or -1. Returns a tier once per alert
 * (cleared when taken or when the alert leaves). */
int lk_alerts_take_sound(struct lk_alerts *q);

void lk_alerts_pause(struct lk_alerts *q);
void lk_alerts_resume(struct lk_alerts *q);
bool lk_alerts_paused(struct lk_alerts *q);
/* Ends the on-screen alert now; false when nothing was on screen. */
bool lk_alerts_skip(struct lk_alerts *q, int64_t now_ms);
/* Queues the last finished alert to show next; false when there is none
 * or a replay is already waiting. */
bool lk_alerts_replay(struct lk_alerts *q);

struct lk_gift_sender_total {
	char name[LK_GIFT_MAX_NAME + 1];
	int64_t gifts;
	int64_t value;
};

/* Totals for the show. Sender totals are exact for every sender the queue
 * tracks; at most max_senders are tracked, and when a new sender arrives
 * while full, the tracked sender with the smallest total is forgotten (so
 * big senders stay, and a returning small sender restarts from zero). */
struct lk_alerts_stats {
	int64_t events;     /* accepted events (not duplicates) */
	int64_t duplicates; /* ignored: id seen before */
	int64_t stale;      /* streak events that added nothing */
	int64_t gifts;      /* gifts counted (alerted or not) */
	int64_t value;      /* total value in platform units */
	int64_t money;      /* total money in currency (the first one seen) */
	char currency[4];
	bool money_mixed;     /* some gifts came in another currency (not in money) */
	int64_t below_min;    /* gifts not alerted: below min_value */
	int64_t alerts_shown; /* alerts that went on screen (replays excluded) */
	int64_t folded;       /* alerts folded into summaries */
	size_t queue_length;  /* alerts waiting (summary and replay included) */
	size_t streaks;       /* streaks remembered */
	bool paused;
	size_t num_top; /* <= LK_ALERTS_MAX_TOP, biggest value first */
	struct lk_gift_sender_total top[LK_ALERTS_MAX_TOP];
};

#define LK_ALERTS_FEED 64 /* gift feed entries, oldest overwritten first */

/* What became of a feed entry's gifts (a waiting alert folded later to
 * make room marks its entry folded, with a new seq). */
enum lk_gift_fate {
	LK_GIFT_ALERTED = 0, /* in a gift alert (waiting, on screen or shown) */
	LK_GIFT_BELOW_MIN,   /* total below min_value: counted, no alert */
	LK_GIFT_FOLDED,      /* in a summary alert (the queue was full) */
};

/* One gift, or one streak, in the feed. Plain data: no pointers. */
struct lk_gift_record {
	uint64_t id;                            /* the entry (> 0): the same for every event of a streak */
	uint64_t seq;                           /* its last change (> 0): bigger than every seq handed out before */
	char sender_name[LK_GIFT_MAX_NAME + 1]; /* "" when unknown */
	char gift_name[LK_GIFT_MAX_NAME + 1];   /* the gift's name, or its id when it has none */
	int64_t count;                          /* a single gift's count, or the streak's running total */
	int64_t value;                          /* count × unit value, platform units */
	int64_t money;                          /* count × unit price, minor units; 0 = unknown */
	char currency[4];                       /* "" when money is unknown */
	enum lk_gift_fate fate;
	bool streak;     /* part of a streak (count may still grow) */
	int64_t time_ms; /* its last event (the queue's clock) */
};

/* Copies into out (room for max) the feed entries changed after since_seq,
 * newest first (by when the entry was made), at most LK_ALERTS_FEED;
 * returns how many. *last_seq (may be NULL) gets the feed's newest seq:
 * pass it as since_seq next time to get only what changed (when more than
 * max changed, the older ones are left out). Bounded work
 * under the mutex; any thread. */
size_t lk_alerts_feed(struct lk_alerts *q, uint64_t since_seq, struct lk_gift_record *out, size_t max,
		      uint64_t *last_seq);

/* Copies the stats; top_n (<= LK_ALERTS_MAX_TOP) senders by value. */
void lk_alerts_get_stats(struct lk_alerts *q, struct lk_alerts_stats *out, size_t top_n);
size_t lk_alerts_queue_length(struct lk_alerts *q);
/* Forgets totals, streaks, seen ids, waiting alerts and the feed (new
 * show; seq numbers keep growing); the on-screen alert finishes. */
void lk_alerts_reset(struct lk_alerts *q);

/* Expands a text template for a view into out (replacing its content) and
 * returns out->array ("" when the result is empty). Placeholders: {sender} {gift} {count} {value} {money}
 * (formatted with lk_money_format, "" when unknown) {senders} (a summary's
 * viewers, "12" or "4096+"). "{{" gives "{"; unknown placeholders stay as
 * they are. Pure function, any thread. */
const char *lk_alert_format(struct dstr *out, const char *tmpl, const struct lk_alert_view *view);

#ifdef __cplusplus
}
#endif
