/*
 * Linkon — gifts in the demo shop (see lk-demo-gifts.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Everything that will happen is scheduled in time order: the next
 * "happening" and up to MAX_ACTS running streaks and bursts, each with the
 * time of its next event. A step processes due items earliest first, so the
 * events do not depend on how often step is called.
 */
#include "lk-demo-gifts.h"
#include "lk-rand.h"

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

#define DEFAULT_SEED 0x6c696e6b6f6eULL /* "linkon" */
#define MAX_PERIOD_MS (7LL * 24 * 3600 * 1000)
#define FIRST_GIFT_MS 1000
#define MAX_ACTS 8
/* A step more than this late (a stalled worker, a suspended PC) skips what
 * was missed before it instead of replaying it all, like the demo shop. */
#define MAX_CATCHUP_MS 60000

struct demo_gift {
	const char *id;
	const char *name;
	const char *image; /* file in image_dir */
	int64_t value;
};

/* cheap gifts first (streaks, singles, bursts), then the big and the huge one */
static const struct demo_gift catalog[] = {
	{"rose", "Rose", "gift-rose.png", 1},       {"heart", "Heart", "gift-heart.png", 5},
	{"star", "Star", "gift-star.png", 20},      {"rocket", "Rocket", "gift-rocket.png", 500},
	{"crown", "Crown", "gift-crown.png", 1500},
};
#define NUM_GIFTS (sizeof(catalog) / sizeof(catalog[0]))
#define NUM_CHEAP 3
#define GIFT_ROCKET 3
#define GIFT_CROWN 4

static const char *const senders[] = {
	"Mia",
	"\xE5\xB0\x8F\xE7\xBE\x8E" /* 小美 */,
	"Leo",
	"Aiko",
	"\xE7\x8E\x8B\xE5\xA4\xA7\xE9\x94\xA4" /* 王大锤 */,
	"Sofia",
	"Chen Wei",
	"Lucas",
	"Emma",
	"\xE9\x98\xBF\xE5\xBC\xBA" /* 阿强 */,
	"Noah",
	"Yuki",
	"Olivia",
	"\xE6\x9D\x8E\xE5\xA8\x9C" /* 李娜 */,
	"Mateo",
	"Zara",
};
#define NUM_SENDERS (sizeof(senders) / sizeof(senders[0]))

enum act_kind { ACT_NONE = 0, ACT_STREAK, ACT_BURST };

/* A streak (one sender, one gift, growing count) or a burst (single gifts
 * from many senders) in progress. */
struct demo_act {
	enum act_kind kind;
	int64_t next_ms;
	int steps_left;
	size_t sender, gift;
	int64_t count;
	bool send_end; /* a streak that ends with an end event */
	uint32_t streak_no;
};

struct lk_demo_gifts {
	struct lk_rand rng;
	char *image_dir;
	int64_t every_ms; /* < 0 = off */
	bool started;
	int64_t now_ms;
	int64_t next_happening_ms;
	uint64_t seq;
	uint32_t streaks;
	struct demo_act acts[MAX_ACTS];
};

/* ---- batches -------------------------------------------------------------- */

void lk_gift_batch_init(struct lk_gift_batch *b)
{
	da_init(b->da);
}

void lk_gift_batch_free(struct lk_gift_batch *b)
{
	for (size_t i = 0; i < b->da.num; i++)
		lk_gift_event_free(&b->da.array[i]);
	da_free(b->da);
}

size_t lk_demo_gifts_catalog_size(void)
{
	return NUM_GIFTS;
}

int64_t lk_demo_gifts_max_value(void)
{
	return catalog[GIFT_CROWN].value;
}

/* ---- create ------------------------------------------------------------------ */

struct lk_demo_gifts *lk_demo_gifts_create(const struct lk_demo_gifts_config *cfg)
{
	struct lk_demo_gifts *g = bzalloc(sizeof(*g));
	int64_t every = cfg ? cfg->gift_every_ms : 0;

	lk_rand_seed(&g->rng, cfg && cfg->seed ? cfg->seed : DEFAULT_SEED);
	if (cfg && cfg->image_dir && *cfg->image_dir)
		g->image_dir = bstrdup(cfg->image_dir);
	if (every == 0)
		every = LK_DEMO_GIFT_DEFAULT_MS;
	if (every > 0 && every < LK_DEMO_GIFT_MIN_MS)
		every = LK_DEMO_GIFT_MIN_MS;
	g->every_ms = every > MAX_PERIOD_MS ? MAX_PERIOD_MS : every;
	return g;
}

void lk_demo_gifts_destroy(struct lk_demo_gifts *g)
{
	if (!g)
		return;
	bfree(g->image_dir);
	bfree(g);
}

/* ---- events ------------------------------------------------------------------- */

/* Appends one event; its strings live in one buffer owned by the event. */
static void emit(struct lk_demo_gifts *g, struct lk_gift_batch *out, size_t sender, size_t gift, int64_t count,
		 uint32_t streak_no, bool end)
{
	const struct demo_gift *dg = &catalog[gift];
	size_t dir_len = g->image_dir ? strlen(g->image_dir) + strlen(dg->image) + 2 : 0;
	size_t cap = 3 * 32 + dir_len;
	char *buf = bmalloc(cap);
	char *p = buf, *end_p = buf + cap;
	struct lk_gift_event e = {0}, *ev = &e;

	ev->buf = buf;
	ev->id = p;
	p += snprintf(p, (size_t)(end_p - p), "demo-g%llu", (unsigned long long)++g->seq) + 1;
	ev->sender_id = p;
	p += snprintf(p, (size_t)(end_p - p), "demo-u%zu", sender) + 1;
	if (streak_no) {
		ev->streak_id = p;
		p += snprintf(p, (size_t)(end_p - p), "demo-s%u", streak_no) + 1;
	}
	if (g->image_dir) {
		ev->gift_image = p;
		snprintf(p, (size_t)(end_p - p), "%s/%s", g->image_dir, dg->image);
	}
	ev->sender_name = senders[sender];
	ev->gift_id = dg->id;
	ev->gift_name = dg->name;
	ev->value = dg->value;
	ev->count = count;
	ev->streak_end = end;
	da_push_back(out->da, ev);
}

static struct demo_act *free_act(struct lk_demo_gifts *g)
{
	for (size_t i = 0; i < MAX_ACTS; i++) {
		if (g->acts[i].kind == ACT_NONE)
			return &g->acts[i];
	}
	return NULL;
}

static size_t pick_sender(struct lk_demo_gifts *g)
{
	return (size_t)lk_rand_below(&g->rng, NUM_SENDERS);
}

/* A streak's or a burst's next event, at its time t. */
static void run_act(struct lk_demo_gifts *g, struct demo_act *a, struct lk_gift_batch *out)
{
	a->steps_left--;
	if (a->kind == ACT_BURST) {
		emit(g, out, pick_sender(g), (size_t)lk_rand_below(&g->rng, NUM_CHEAP), 1, 0, false);
		a->next_ms += lk_rand_range(&g->rng, 40, 120);
	} else {
		a->count += a->count ? lk_rand_range(&g->rng, 1, 4) : 1;
		emit(g, out, a->sender, a->gift, a->count, a->streak_no, a->send_end && a->steps_left == 0);
		a->next_ms += lk_rand_range(&g->rng, 250, 600);
	}
	if (a->steps_left <= 0)
		a->kind = ACT_NONE;
}

static void start_act(struct lk_demo_gifts *g, struct demo_act *a, enum act_kind kind, bool send_end, int64_t t)
{
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->next_ms = t;
	a->sender = pick_sender(g);
	if (kind == ACT_BURST) {
		a->steps_left = (int)lk_rand_range(&g->rng, 8, 20);
		return;
	}
	a->gift = (size_t)lk_rand_below(&g->rng, 2); /* rose or heart */
	a->steps_left = (int)lk_rand_range(&g->rng, 3, send_end ? 12 : 8);
	a->send_end = send_end;
	a->streak_no = ++g->streaks;
}

/* One happening at time t: a single, a streak, a big gift or a burst. */
static void happen(struct lk_demo_gifts *g, int64_t t, struct lk_gift_batch *out)
{
	uint64_t roll = lk_rand_below(&g->rng, 100);
	struct demo_act *a = roll >= 45 && roll < 80 ? free_act(g) : NULL;

	if (roll >= 92)
		a = free_act(g);
	if (a && roll >= 92)
		start_act(g, a, ACT_BURST, false, t);
	else if (a)
		start_act(g, a, ACT_STREAK, roll < 70, t);
	else if (roll >= 80 && roll < 92)
		emit(g, out, pick_sender(g), lk_rand_percent(&g->rng, 70) ? GIFT_ROCKET : GIFT_CROWN, 1, 0, false);
	else
		emit(g, out, pick_sender(g), (size_t)lk_rand_below(&g->rng, NUM_CHEAP), 1, 0, false);

	int64_t q = lk_rand_range(&g->rng, 500, 1500); /* 0.5 .. 1.5 × the mean */
	g->next_happening_ms = t + g->every_ms * q / 1000;
}

/* The earliest scheduled item due at or before now: its act, or NULL for
 * the next happening (then *due says whether it is due at all). */
static struct demo_act *earliest(struct lk_demo_gifts *g, int64_t now_ms, int64_t *t, bool *due)
{
	struct demo_act *best = NULL;
	*t = g->next_happening_ms;
	for (size_t i = 0; i < MAX_ACTS; i++) {
		struct demo_act *a = &g->acts[i];
		if (a->kind != ACT_NONE && a->next_ms < *t) {
			*t = a->next_ms;
			best = a;
		}
	}
	*due = *t <= now_ms;
	return best;
}

/* Drops whatever was due more than MAX_CATCHUP_MS before now, so a late
 * step replays at most that last stretch: every item due earlier moves to
 * the start of it. Streaks and bursts keep going from there (a streak's
 * counts still grow, its end still comes last). */
static void skip_missed(struct lk_demo_gifts *g, int64_t now_ms)
{
	int64_t from = now_ms - MAX_CATCHUP_MS;

	if (g->next_happening_ms < from)
		g->next_happening_ms = from;
	for (size_t i = 0; i < MAX_ACTS; i++) {
		if (g->acts[i].kind != ACT_NONE && g->acts[i].next_ms < from)
			g->acts[i].next_ms = from;
	}
}

void lk_demo_gifts_step(struct lk_demo_gifts *g, int64_t now_ms, struct lk_gift_batch *out)
{
	if (g->every_ms < 0)
		return;
	if (!g->started) {
		g->started = true;
		g->now_ms = now_ms;
		g->next_happening_ms = now_ms + FIRST_GIFT_MS;
		return;
	}
	if (now_ms < g->now_ms)
		now_ms = g->now_ms;
	g->now_ms = now_ms;
	skip_missed(g, now_ms);

	for (;;) {
		int64_t t;
		bool due;
		struct demo_act *a = earliest(g, now_ms, &t, &due);
		if (!due)
			break;
		if (a)
			run_act(g, a, out);
		else
			happen(g, t, out);
	}
}

int64_t lk_demo_gifts_next_due(const struct lk_demo_gifts *g)
{
	if (g->every_ms < 0)
		return INT64_MAX;
	if (!g->started)
		return 0;
	int64_t t = g->next_happening_ms;
	for (size_t i = 0; i < MAX_ACTS; i++) {
		if (g->acts[i].kind != ACT_NONE && g->acts[i].next_ms < t)
			t = g->acts[i].next_ms;
	}
	return t;
}
