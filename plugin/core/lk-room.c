/*
 * Linkon — live rooms: counts per platform, the newest comments, dedupe.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-room.h"
#include "lk-gift-dedupe.h"
#include "lk-store.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

struct lk_room {
	pthread_mutex_t mutex;
	struct lk_gift_dedupe *seen;
	struct lk_room_counts counts[LK_ROOM_MAX_PLATFORMS];
	size_t num_counts;
	struct lk_room_comment ring[LK_ROOM_COMMENTS];
	uint64_t comment_seq; /* comments taken so far: the newest is ring[(seq - 1) % N] */
	uint64_t version;
	lk_room_comment_cb comment_cb;
	void *comment_data;
	lk_room_comment_cb like_cb;
	void *like_data;
};

static void counts_reset(struct lk_room_counts *c, const char *platform)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->platform, sizeof(c->platform), "%s", platform);
	c->likes_total = -1;
	c->viewers = -1;
}

struct lk_room *lk_room_create(void)
{
	struct lk_room *room = bzalloc(sizeof(*room));

	pthread_mutex_init(&room->mutex, NULL);
	room->seen = lk_gift_dedupe_create(LK_ROOM_SEEN);
	return room;
}

void lk_room_destroy(struct lk_room *room)
{
	if (!room)
		return;
	lk_gift_dedupe_destroy(room->seen);
	pthread_mutex_destroy(&room->mutex);
	bfree(room);
}

void lk_room_set_comment_cb(struct lk_room *room, lk_room_comment_cb cb, void *data)
{
	pthread_mutex_lock(&room->mutex);
	room->comment_cb = cb;
	room->comment_data = data;
	pthread_mutex_unlock(&room->mutex);
}

void lk_room_set_like_cb(struct lk_room *room, lk_room_comment_cb cb, void *data)
{
	pthread_mutex_lock(&room->mutex);
	room->like_cb = cb;
	room->like_data = data;
	pthread_mutex_unlock(&room->mutex);
}

/* The platform's entry; a platform past the table's size shares the last one. */
static struct lk_room_counts *counts_of(struct lk_room *room, const char *platform)
{
	for (size_t i = 0; i < room->num_counts; i++) {
		if (strcmp(room->counts[i].platform, platform) == 0)
			return &room->counts[i];
	}
	if (room->num_counts == LK_ROOM_MAX_PLATFORMS)
		return &room->counts[LK_ROOM_MAX_PLATFORMS - 1];
	struct lk_room_counts *c = &room->counts[room->num_counts++];
	counts_reset(c, platform);
	return c;
}

static bool event_ok(const struct lk_room_event *ev)
{
	switch (ev->kind) {
	case LK_ROOM_LIKE:
		return ev->count >= 1 && ev->count <= LK_ROOM_MAX_LIKES && ev->total <= LK_ROOM_MAX_COUNT;
	case LK_ROOM_VIEWERS:
	case LK_ROOM_RAID:
		return ev->count >= 0 && ev->count <= LK_ROOM_MAX_COUNT;
	case LK_ROOM_FOLLOW:
	case LK_ROOM_SHARE:
	case LK_ROOM_COMMENT:
		return true;
	default:
		return false;
	}
}

/* (platform, id): the id alone is unique only within one platform's room. */
static uint64_t seen_key(const struct lk_room_event *ev)
{
	return lk_gift_hash_str(ev->id, lk_gift_hash_str(ev->platform, 0x726f6f6d5f6576ULL));
}

static void add_comment(struct lk_room *room, const struct lk_room_event *ev, int64_t local_ms)
{
	struct lk_room_comment *c = &room->ring[room->comment_seq % LK_ROOM_COMMENTS];

	c->seq = ++room->comment_seq;
	memcpy(c->platform, ev->platform, sizeof(c->platform));
	memcpy(c->user_id, ev->user_id, sizeof(c->user_id));
	memcpy(c->user_name, ev->user_name, sizeof(c->user_name));
	memcpy(c->text, ev->text, sizeof(c->text));
	c->local_ms = local_ms;
}

static void count_event(struct lk_room *room, struct lk_room_counts *c, const struct lk_room_event *ev,
			int64_t local_ms)
{
	switch (ev->kind) {
	case LK_ROOM_LIKE:
		c->likes += ev->count;
		if (ev->total >= 0 && ev->total > c->likes_total)
			c->likes_total = ev->total; /* a late batch never lowers the total */
		break;
	case LK_ROOM_FOLLOW:
		c->follows++;
		break;
	case LK_ROOM_SHARE:
		c->shares++;
		break;
	case LK_ROOM_RAID:
		c->raids++;
		c->raid_viewers += ev->count;
		break;
	case LK_ROOM_COMMENT:
		c->comments++;
		add_comment(room, ev, local_ms);
		break;
	case LK_ROOM_VIEWERS:
		c->viewers = ev->count;
		if (ev->count > c->viewers_max)
			c->viewers_max = ev->count;
		break;
	default:
		break;
	}
	c->events++;
	c->last_ms = local_ms;
}

enum lk_room_result lk_room_push(struct lk_room *room, const struct lk_room_event *ev, int64_t local_ms)
{
	if (!room || !ev || !event_ok(ev))
		return LK_ROOM_BAD;

	pthread_mutex_lock(&room->mutex);
	struct lk_room_counts *c = counts_of(room, ev->platform);
	if (ev->id[0] && !lk_gift_dedupe_add(room->seen, seen_key(ev))) {
		c->duplicates++;
		pthread_mutex_unlock(&room->mutex);
		return LK_ROOM_DUPLICATE;
	}
	count_event(room, c, ev, local_ms);
	room->version++;
	bool like = ev->kind == LK_ROOM_LIKE;
	lk_room_comment_cb cb = ev->kind == LK_ROOM_COMMENT ? room->comment_cb : like ? room->like_cb : NULL;
	void *data = like ? room->like_data : room->comment_data;
	pthread_mutex_unlock(&room->mutex);

	if (cb)
		cb(data, ev, local_ms);
	return LK_ROOM_TAKEN;
}

uint64_t lk_room_version(struct lk_room *room)
{
	pthread_mutex_lock(&room->mutex);
	uint64_t v = room->version;
	pthread_mutex_unlock(&room->mutex);
	return v;
}

size_t lk_room_get_counts(struct lk_room *room, struct lk_room_counts *out, size_t max)
{
	pthread_mutex_lock(&room->mutex);
	size_t n = room->num_counts;
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = room->counts[i];
	pthread_mutex_unlock(&room->mutex);
	return n;
}

bool lk_room_get_platform(struct lk_room *room, const char *platform, struct lk_room_counts *out)
{
	bool found = false;

	counts_reset(out, platform ? platform : "");
	pthread_mutex_lock(&room->mutex);
	for (size_t i = 0; i < room->num_counts && !found; i++) {
		if (strcmp(room->counts[i].platform, out->platform) == 0) {
			*out = room->counts[i];
			found = true;
		}
	}
	pthread_mutex_unlock(&room->mutex);
	return found;
}

size_t lk_room_get_comments(struct lk_room *room, struct lk_room_comment *out, size_t max)
{
	size_t n = 0;

	pthread_mutex_lock(&room->mutex);
	uint64_t have = room->comment_seq < LK_ROOM_COMMENTS ? room->comment_seq : LK_ROOM_COMMENTS;
	for (uint64_t i = 0; i < have && n < max; i++)
		out[n++] = room->ring[(room->comment_seq - 1 - i) % LK_ROOM_COMMENTS];
	pthread_mutex_unlock(&room->mutex);
	return n;
}

void lk_room_clear(struct lk_room *room)
{
	pthread_mutex_lock(&room->mutex);
	lk_gift_dedupe_clear(room->seen);
	room->num_counts = 0;
	room->comment_seq = 0;
	memset(room->ring, 0, sizeof(room->ring));
	room->version++;
	pthread_mutex_unlock(&room->mutex);
}

/* ---- the sink ------------------------------------------------------------------ */

static struct lk_room *sink_room;

void lk_room_set_sink(struct lk_room *room)
{
	sink_room = room;
}

int lk_room_sink_push(const struct lk_room_event *ev)
{
	struct lk_room *room = sink_room;
	return room ? (int)lk_room_push(room, ev, lk_now_ms()) : -1;
}

const char *lk_room_kind_name(enum lk_room_kind kind)
{
	switch (kind) {
	case LK_ROOM_LIKE:
		return "like";
	case LK_ROOM_FOLLOW:
		return "follow";
	case LK_ROOM_SHARE:
		return "share";
	case LK_ROOM_COMMENT:
		return "comment";
	case LK_ROOM_VIEWERS:
		return "viewers";
	case LK_ROOM_RAID:
		return "raid";
	default:
		return NULL;
	}
}
