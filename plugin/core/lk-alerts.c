/*
 * Linkon — the gift alert queue (see lk-alerts.h for the rules).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Alerts live in a fixed pool of max_queue + 3 slots (waiting gifts, the
 * waiting summary, a waiting replay, the one on screen); a slot is free
 * when its id is 0. A streak points at its alert by slot and id, so a
 * finished or folded alert simply stops matching. Every public function
 * takes the mutex for a bounded amount of work.
 */
#include "lk-alerts-priv.h"

#include <string.h>
#include <util/bmem.h>

/* ---- streak links ---------------------------------------------------- */

static struct lk_alert *linked_alert(struct lk_alerts *q, const struct lk_streak *s)
{
	if (!s || s->alert_slot < 0 || (uint32_t)s->alert_slot >= q->pool_cap)
		return NULL;
	struct lk_alert *a = &q->pool[s->alert_slot];
	return a->id && a->id == s->alert_id ? a : NULL;
}

/* ---- new alerts -------------------------------------------------------- */

/* Places a new alert (or folds it); returns the slot now holding its gifts. */
static int32_t enqueue(struct lk_alerts *q, struct lk_alert *a, const struct lk_gift_event *ev)
{
	if (q->num_waiting >= q->cfg.max_queue) {
		int32_t victim = lk_alerts_lowest_waiting(q);
		if (victim < 0 || !lk_alert_before(a, &q->pool[victim]))
			return lk_alerts_fold(q, a);
		lk_alerts_fold_waiting(q, victim);
	}
	int32_t slot = lk_alerts_slot_take(q);
	a->id = q->next_id++;
	a->str = lk_alert_strings_new(ev);
	q->pool[slot] = *a;
	lk_alerts_pending_insert(q, slot);
	q->num_waiting++;
	return slot;
}

static void fill_alert(struct lk_alerts *q, struct lk_alert *a, const struct lk_gift_event *ev, int64_t count,
		       uint64_t sender_key)
{
	memset(a, 0, sizeof(*a));
	a->seq = q->next_seq++;
	a->kind = LK_ALERT_GIFT;
	a->sender_key = sender_key;
	a->unit_value = ev->value;
	a->count = count;
	a->value = lk_sat_mul(count, ev->value);
	if (ev->money > 0 && ev->currency[0]) {
		a->unit_money = ev->money;
		a->money = lk_sat_mul(count, ev->money);
		memcpy(a->currency, ev->currency, sizeof(a->currency));
		a->currency[3] = '\0';
	}
	a->tier = lk_alerts_tier_of(&q->cfg, a->value);
}

/* A waiting or on-screen alert's streak grew by delta gifts of ev. */
static void grow(struct lk_alerts *q, struct lk_alert *a, const struct lk_streak *s, const struct lk_gift_event *ev,
		 int64_t delta, int64_t now)
{
	if (a->kind == LK_ALERT_GIFT) {
		a->count = s->total;
		a->value = lk_sat_mul(a->count, a->unit_value);
		a->money = lk_sat_mul(a->count, a->unit_money);
	} else { /* a summary: add what this event brings */
		a->count = lk_sat_add(a->count, delta);
		a->value = lk_sat_add(a->value, lk_sat_mul(delta, ev->value));
		lk_alert_add_money(a, lk_sat_mul(delta, ev->money), ev->currency);
	}
	int32_t slot = (int32_t)(a - q->pool);
	if (slot == q->current) {
		a->count_seq++;
		int64_t hold = now + q->cfg.grow_hold_ms;
		if (hold > a->cap_ms)
			hold = a->cap_ms;
		if (hold > a->ends_ms)
			a->ends_ms = hold;
		q->changed = true;
	} else if (a->kind == LK_ALERT_GIFT && lk_alerts_tier_of(&q->cfg, a->value) != a->tier) {
		lk_alerts_pending_remove(q, slot);
		a->tier = lk_alerts_tier_of(&q->cfg, a->value);
		lk_alerts_pending_insert(q, slot);
	}
}

/* ---- push -------------------------------------------------------------- */

static void account(struct lk_alerts *q, const struct lk_gift_event *ev, uint64_t sender_key, int64_t delta)
{
	int64_t value = lk_sat_mul(delta, ev->value);

	q->st.gifts = lk_sat_add(q->st.gifts, delta);
	q->st.value = lk_sat_add(q->st.value, value);
	if (ev->money > 0 && ev->currency[0]) {
		if (!q->st.currency[0])
			memcpy(q->st.currency, ev->currency, 3);
		if (memcmp(q->st.currency, ev->currency, 3) == 0)
			q->st.money = lk_sat_add(q->st.money, lk_sat_mul(delta, ev->money));
		else
			q->st.money_mixed = true;
	}
	lk_senders_add(&q->senders, sender_key, ev->sender_name, delta, value);
}

static enum lk_push_result alert_for(struct lk_alerts *q, const struct lk_gift_event *ev, struct lk_streak *s,
				     uint64_t streak_key, uint64_t sender_key, int64_t count, int64_t now)
{
	struct lk_alert *linked = linked_alert(q, s);
	if (linked) {
		grow(q, linked, s, ev, count, now);
		return LK_PUSH_UPDATED;
	}

	struct lk_alert a;
	fill_alert(q, &a, ev, s ? s->total : count, sender_key);
	if (a.value < q->cfg.min_value) {
		q->st.below_min++;
		return LK_PUSH_BELOW_MIN;
	}
	a.streak_key = streak_key;
	a.continued = s && s->alerted;
	a.feed_id = s ? s->feed_id : q->feed_next_id; /* the entry lk_alerts_feed_record just made or updated */
	int32_t slot = enqueue(q, &a, ev);
	if (s) {
		s->alerted = true;
		s->alert_slot = slot;
		s->alert_id = q->pool[slot].id;
	}
	return q->pool[slot].kind == LK_ALERT_SUMMARY ? LK_PUSH_FOLDED : LK_PUSH_QUEUED;
}

static enum lk_gift_fate fate_of(struct lk_alerts *q, const struct lk_streak *s, enum lk_push_result r)
{
	if (r == LK_PUSH_BELOW_MIN)
		return LK_GIFT_BELOW_MIN;
	if (r == LK_PUSH_UPDATED) {
		const struct lk_alert *a = linked_alert(q, s);
		return a && a->kind == LK_ALERT_SUMMARY ? LK_GIFT_FOLDED : LK_GIFT_ALERTED;
	}
	return r == LK_PUSH_FOLDED ? LK_GIFT_FOLDED : LK_GIFT_ALERTED;
}

static enum lk_push_result push_locked(struct lk_alerts *q, const struct lk_gift_event *ev, int64_t now)
{
	/* ids are unique within one platform's room: two rooms may both send
	 * "g-1". Without a platform tag the key is the id alone, as before. */
	uint64_t room = ev->platform && *ev->platform ? lk_gift_hash_str(ev->platform, 0x726f6f6d) : 0;
	bool fresh = !ev->id || !*ev->id ||
		     (room ? lk_gift_dedupe_add(q->dedupe, lk_gift_hash_str(ev->id, room))
			   : lk_gift_dedupe_add_id(q->dedupe, ev->id, strlen(ev->id)));
	if (!fresh) {
		q->st.duplicates++;
		return LK_PUSH_DUPLICATE;
	}
	q->st.events++;

	int64_t count = ev->count < 1 ? 1 : ev->count;
	uint64_t sender_key = lk_gift_sender_key(ev);
	uint64_t streak_key = 0;
	struct lk_streak *s = NULL;
	if (ev->streak_id && *ev->streak_id) {
		streak_key = lk_gift_hash_str(ev->streak_id, lk_gift_hash_str(ev->gift_id, sender_key ^ room)) | 1;
		s = lk_streaks_find(&q->streaks, streak_key);
		if (!s)
			s = lk_streaks_add(&q->streaks, streak_key, now);
		if (q->cfg.count_mode == LK_GIFT_COUNT_CUMULATIVE)
			count = count > s->total ? count - s->total : 0;
		lk_streaks_touch(&q->streaks, s, now, ev->streak_end);
		s->total = lk_sat_add(s->total, count);
		if (count == 0) {
			q->st.stale++;
			return LK_PUSH_STALE;
		}
	}
	account(q, ev, sender_key, count);
	struct lk_gift_record *rec = lk_alerts_feed_record(q, ev, s, count); /* before: a new alert links it */
	enum lk_push_result r = alert_for(q, ev, s, streak_key, sender_key, count, now);
	rec->fate = fate_of(q, s, r);
	return r;
}

/* Time never goes back inside the queue (threads read the clock unlocked). */
static int64_t advance(struct lk_alerts *q, int64_t now)
{
	if (now < q->now)
		return q->now;
	q->now = now;
	return now;
}

enum lk_push_result lk_alerts_push(struct lk_alerts *q, const struct lk_gift_event *ev, int64_t now_ms)
{
	if (!q || !ev)
		return LK_PUSH_DUPLICATE;
	pthread_mutex_lock(&q->mutex);
	enum lk_push_result r = push_locked(q, ev, advance(q, now_ms));
	pthread_mutex_unlock(&q->mutex);
	return r;
}

/* ---- the screen -------------------------------------------------------- */

static void finish_current(struct lk_alerts *q, int64_t now)
{
	struct lk_alert *a = &q->pool[q->current];

	lk_alert_strings_release(q->last.str);
	q->last = *a;
	a->str = NULL; /* moved into last */
	lk_alerts_slot_free(q, q->current);
	q->current = -1;
	q->sound_pending = false;
	q->gap_until = now + q->cfg.gap_ms;
}

/* The biggest tier this alert's streak already sounded (-1 = none). */
static int32_t sounded_tier(struct lk_alerts *q, const struct lk_alert *a)
{
	struct lk_streak *s = a->streak_key ? lk_streaks_find(&q->streaks, a->streak_key) : NULL;
	return s ? s->sounded_tier : -1;
}

static void show_next(struct lk_alerts *q, int64_t now)
{
	int32_t slot = q->pending[0];
	struct lk_alert *a = &q->pool[slot];

	lk_alerts_pending_remove(q, slot);
	if (a->kind == LK_ALERT_GIFT && !a->replay)
		q->num_waiting--;
	if (slot == q->summary)
		q->summary = -1; /* later folds start a new summary */
	q->current = slot;
	a->duration_ms = q->cfg.tiers[a->tier < q->cfg.num_tiers ? a->tier : 0].duration_ms;
	a->shown_ms = now;
	a->ends_ms = now + a->duration_ms;
	a->cap_ms = a->ends_ms + q->cfg.max_extend_ms;
	a->count_seq = 0;
	q->sound_pending = a->replay || (int32_t)a->tier > sounded_tier(q, a);
	if (a->kind == LK_ALERT_GIFT && !a->replay) {
		struct lk_streak *s = a->streak_key ? lk_streaks_find(&q->streaks, a->streak_key) : NULL;
		if (s && (int32_t)a->tier > s->sounded_tier)
			s->sounded_tier = (int32_t)a->tier;
	}
	if (!a->replay)
		q->st.alerts_shown++;
}

bool lk_alerts_tick(struct lk_alerts *q, int64_t now_ms)
{
	pthread_mutex_lock(&q->mutex);
	int64_t now = advance(q, now_ms);
	lk_streaks_expire(&q->streaks, now, q->cfg.streak_timeout_ms, q->cfg.streak_memory_ms);
	bool changed = q->changed;
	q->changed = false;
	if (q->current >= 0 && now >= q->pool[q->current].ends_ms) {
		finish_current(q, now);
		changed = true;
	}
	if (q->current < 0 && !q->paused && now >= q->gap_until && q->num_pending > 0) {
		show_next(q, now);
		changed = true;
	}
	pthread_mutex_unlock(&q->mutex);
	return changed;
}

static void fill_view(struct lk_alerts *q, const struct lk_alert *a, struct lk_alert_view *v)
{
	static const char empty[] = "";
	struct lk_alert_strings *str = lk_alert_strings_addref(a->str);
	struct lk_streak *s = a->streak_key ? lk_streaks_find(&q->streaks, a->streak_key) : NULL;

	v->id = a->id;
	v->kind = a->kind;
	v->tier = a->tier;
	v->sender_name = str ? str->sender_name : empty;
	v->sender_avatar = str ? str->sender_avatar : NULL;
	v->gift_id = str ? str->gift_id : empty;
	v->gift_name = str ? str->gift_name : empty;
	v->gift_image = str ? str->gift_image : NULL;
	v->platform = str ? str->platform : NULL;
	v->count = a->count;
	v->value = a->value;
	v->money = a->money;
	memcpy(v->currency, a->currency, sizeof(v->currency));
	v->senders = a->senders;
	v->senders_more = a->senders_more;
	v->count_seq = a->count_seq;
	v->continued = a->continued;
	v->replay = a->replay;
	v->streak_open = !a->replay && s && !s->closed && s->alert_id == a->id;
	v->sound_pending = q->sound_pending;
	v->shown_ms = a->shown_ms;
	v->ends_ms = a->ends_ms;
	v->duration_ms = a->duration_ms;
	v->priv = str;
}

bool lk_alerts_current(struct lk_alerts *q, struct lk_alert_view *view)
{
	memset(view, 0, sizeof(*view));
	pthread_mutex_lock(&q->mutex);
	bool on = q->current >= 0;
	if (on)
		fill_view(q, &q->pool[q->current], view);
	pthread_mutex_unlock(&q->mutex);
	return on;
}

int lk_alerts_take_sound(struct lk_alerts *q)
{
	pthread_mutex_lock(&q->mutex);
	int tier = q->sound_pending && q->current >= 0 ? (int)q->pool[q->current].tier : -1;
	q->sound_pending = false;
	pthread_mutex_unlock(&q->mutex);
	return tier;
}

/* ---- controls ---------------------------------------------------------- */

void lk_alerts_pause(struct lk_alerts *q)
{
	pthread_mutex_lock(&q->mutex);
	q->paused = true;
	pthread_mutex_unlock(&q->mutex);
}

void lk_alerts_resume(struct lk_alerts *q)
{
	pthread_mutex_lock(&q->mutex);
	q->paused = false;
	pthread_mutex_unlock(&q->mutex);
}

bool lk_alerts_paused(struct lk_alerts *q)
{
	pthread_mutex_lock(&q->mutex);
	bool paused = q->paused;
	pthread_mutex_unlock(&q->mutex);
	return paused;
}

bool lk_alerts_skip(struct lk_alerts *q, int64_t now_ms)
{
	pthread_mutex_lock(&q->mutex);
	bool on = q->current >= 0;
	if (on) {
		finish_current(q, advance(q, now_ms));
		q->changed = true;
	}
	pthread_mutex_unlock(&q->mutex);
	return on;
}

static bool replay_waiting(const struct lk_alerts *q)
{
	for (uint32_t i = 0; i < q->num_pending; i++)
		if (q->pool[q->pending[i]].replay)
			return true;
	return false;
}

bool lk_alerts_replay(struct lk_alerts *q)
{
	pthread_mutex_lock(&q->mutex);
	bool ok = q->last.id != 0 && !replay_waiting(q);
	if (ok) {
		int32_t slot = lk_alerts_slot_take(q); /* the pool always keeps one for it */
		struct lk_alert *a = &q->pool[slot];
		*a = q->last;
		a->str = lk_alert_strings_addref(q->last.str);
		a->id = q->next_id++;
		a->seq = q->next_seq++;
		a->replay = true;
		a->count_seq = 0;
		if (a->tier >= q->cfg.num_tiers) /* shown under a config with more tiers */
			a->tier = (uint32_t)q->cfg.num_tiers - 1;
		lk_alerts_pending_insert(q, slot);
	}
	pthread_mutex_unlock(&q->mutex);
	return ok;
}

/* ---- life cycle -------------------------------------------------------- */

struct lk_alerts *lk_alerts_create(const struct lk_alerts_config *cfg)
{
	struct lk_alerts *q = bzalloc(sizeof(*q));

	if (cfg) {
		lk_alerts_config_copy(&q->cfg, cfg);
	} else {
		lk_alerts_config_default(&q->cfg);
	}
	lk_alerts_sanitize_config(&q->cfg);
	pthread_mutex_init(&q->mutex, NULL);
	q->dedupe = lk_gift_dedupe_create(q->cfg.dedupe_capacity);
	lk_streaks_init(&q->streaks, q->cfg.max_streaks);
	lk_senders_init(&q->senders, q->cfg.max_senders);
	q->current = q->summary = -1;
	q->next_id = q->next_seq = 1;
	lk_alerts_pool_resize(q, q->cfg.max_queue + 3);
	return q;
}

static void drop_waiting(struct lk_alerts *q)
{
	while (q->num_pending > 0) {
		int32_t slot = q->pending[q->num_pending - 1];
		q->num_pending--;
		lk_alerts_slot_free(q, slot);
	}
	q->num_waiting = 0;
	q->summary = -1;
}

void lk_alerts_destroy(struct lk_alerts *q)
{
	if (!q)
		return;
	drop_waiting(q);
	if (q->current >= 0)
		lk_alerts_slot_free(q, q->current);
	lk_alert_strings_release(q->last.str);
	bfree(q->pool);
	bfree(q->free_slots);
	bfree(q->pending);
	lk_streaks_free(&q->streaks);
	lk_senders_free(&q->senders);
	lk_gift_dedupe_destroy(q->dedupe);
	lk_alerts_config_free(&q->cfg);
	pthread_mutex_destroy(&q->mutex);
	bfree(q);
}

void lk_alerts_set_config(struct lk_alerts *q, const struct lk_alerts_config *cfg)
{
	struct lk_alerts_config c;
	lk_alerts_config_copy(&c, cfg);
	lk_alerts_sanitize_config(&c);

	pthread_mutex_lock(&q->mutex);
	/* the tables keep the sizes they were made with */
	c.dedupe_capacity = q->cfg.dedupe_capacity;
	c.max_streaks = q->cfg.max_streaks;
	c.max_senders = q->cfg.max_senders;
	lk_alerts_config_free(&q->cfg);
	q->cfg = c;
	lk_alerts_pool_resize(q, c.max_queue + 3);
	while (q->num_waiting > c.max_queue)
		lk_alerts_fold_waiting(q, lk_alerts_lowest_waiting(q));
	if (q->current >= 0 && q->pool[q->current].tier >= c.num_tiers) /* keep the index valid */
		q->pool[q->current].tier = (uint32_t)c.num_tiers - 1;
	for (uint32_t i = 0; i < q->num_pending; i++) { /* tiers may have moved */
		struct lk_alert *a = &q->pool[q->pending[i]];
		if (a->kind == LK_ALERT_GIFT)
			a->tier = lk_alerts_tier_of(&q->cfg, a->value);
	}
	uint32_t n = q->num_pending;
	q->num_pending = 0;
	for (uint32_t i = 0; i < n; i++)
		lk_alerts_pending_insert(q, q->pending[i]);
	pthread_mutex_unlock(&q->mutex);
}

void lk_alerts_reset(struct lk_alerts *q)
{
	pthread_mutex_lock(&q->mutex);
	drop_waiting(q);
	lk_gift_dedupe_clear(q->dedupe);
	lk_streaks_clear(&q->streaks);
	lk_senders_clear(&q->senders);
	lk_alerts_feed_clear(q);
	memset(&q->st, 0, sizeof(q->st));
	pthread_mutex_unlock(&q->mutex);
}

void lk_alerts_get_stats(struct lk_alerts *q, struct lk_alerts_stats *out, size_t top_n)
{
	pthread_mutex_lock(&q->mutex);
	*out = q->st;
	out->queue_length = q->num_pending;
	out->streaks = q->streaks.count;
	out->paused = q->paused;
	out->num_top = lk_senders_top(&q->senders, out->top, top_n);
	pthread_mutex_unlock(&q->mutex);
}

size_t lk_alerts_queue_length(struct lk_alerts *q)
{
	pthread_mutex_lock(&q->mutex);
	size_t n = q->num_pending;
	pthread_mutex_unlock(&q->mutex);
	return n;
}
