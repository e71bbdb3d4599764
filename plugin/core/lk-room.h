/*
 * Linkon — live rooms: the events of a live room that are not gifts (likes,
 * follows, shares, comments, the viewer count) and the room state they add
 * up to. Gifts go to the alert queue (lk-alerts.h) with their platform tag;
 * everything else comes here.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every platform maps its own events onto these kinds; each event carries
 * the platform's own event id, and the room takes each (platform, id) once
 * (a bounded seen-set of LK_ROOM_SEEN ids: an at-least-once feed becomes
 * exactly-once). The state is small and fixed: counts per platform and a
 * ring of the newest comments. Readers copy what they need under the
 * room's mutex (never held during I/O or a callback), so any thread may
 * read; writers are the connectors on the net worker. Comments are also
 * handed to the claim rules (lk-claims.h) through lk_room_set_comment_cb.
 */
#pragma once

#include "lk-gift.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_ROOM_MAX_ID 128
#define LK_ROOM_MAX_NAME 128
#define LK_ROOM_MAX_TEXT 512
#define LK_ROOM_MAX_PLATFORMS 8 /* distinct platform tags counted; more share the last entry */
#define LK_ROOM_COMMENTS 64     /* newest comments kept */
#define LK_ROOM_SEEN 65536      /* event ids remembered for dedupe */
#define LK_ROOM_MAX_LIKES 1000000LL
#define LK_ROOM_MAX_COUNT 1000000000000LL

enum lk_room_kind {
	LK_ROOM_NONE = 0,
	LK_ROOM_LIKE,    /* count = likes in this batch (platforms batch them); total = the room's total or -1 */
	LK_ROOM_FOLLOW,  /* a viewer followed */
	LK_ROOM_SHARE,   /* a viewer shared the live */
	LK_ROOM_COMMENT, /* text = what the viewer wrote */
	LK_ROOM_VIEWERS, /* count = viewers now (a state, not a happening: no id needed) */
	LK_ROOM_RAID,    /* another channel brought its viewers: user = the raiding channel, count = viewers */
};

/* One room event. Fixed-size, owns nothing: copy it freely. */
struct lk_room_event {
	enum lk_room_kind kind;
	char id[LK_ROOM_MAX_ID + 1];             /* the platform's event id; "" = none (viewers only) */
	char platform[LK_GIFT_MAX_PLATFORM + 1]; /* "" = unknown */
	char user_id[LK_ROOM_MAX_ID + 1];        /* stable viewer id; "" = unknown */
	char user_name[LK_ROOM_MAX_NAME + 1];    /* display name, cleaned; may be "" */
	char text[LK_ROOM_MAX_TEXT + 1];         /* comments: cleaned text */
	int64_t count;                           /* likes in the batch, viewers now; else 1 */
	int64_t total;                           /* likes: the room's running total, -1 = not sent */
	int64_t time_ms;                         /* platform ms, 0 = unknown */
};

/* Counts for one platform since the room was created or cleared. */
struct lk_room_counts {
	char platform[LK_GIFT_MAX_PLATFORM + 1];
	int64_t likes;       /* sum of the like batches received */
	int64_t likes_total; /* the platform's own total, -1 = never sent */
	int64_t follows;
	int64_t shares;
	int64_t raids;        /* raids received */
	int64_t raid_viewers; /* viewers the raids brought */
	int64_t comments;
	int64_t viewers;     /* last viewer count, -1 = never sent */
	int64_t viewers_max; /* highest viewer count seen */
	int64_t events;      /* events taken (duplicates not counted) */
	int64_t duplicates;  /* events dropped as already seen */
	int64_t last_ms;     /* local monotonic ms of the last event taken, 0 = never */
};

/* One comment in the ring; seq grows by one per comment taken. */
struct lk_room_comment {
	uint64_t seq;
	char platform[LK_GIFT_MAX_PLATFORM + 1];
	char user_id[LK_ROOM_MAX_ID + 1];
	char user_name[LK_ROOM_MAX_NAME + 1];
	char text[LK_ROOM_MAX_TEXT + 1];
	int64_t local_ms;
};

enum lk_room_result {
	LK_ROOM_TAKEN = 0,
	LK_ROOM_DUPLICATE, /* (platform, id) seen before: nothing changed */
	LK_ROOM_BAD,       /* not a usable event (kind unknown, count out of range) */
};

struct lk_room;

/* The comment hook: called on the pushing thread, after the comment was
 * counted, without the room's lock (it may read the room). */
typedef void (*lk_room_comment_cb)(void *data, const struct lk_room_event *ev, int64_t local_ms);

struct lk_room *lk_room_create(void);
void lk_room_destroy(struct lk_room *room);

/* Takes one event at local monotonic time local_ms. Any thread. */
enum lk_room_result lk_room_push(struct lk_room *room, const struct lk_room_event *ev, int64_t local_ms);

/* Sets the comment hook (NULL = none). Call while nobody pushes. */
void lk_room_set_comment_cb(struct lk_room *room, lk_room_comment_cb cb, void *data);
/* The same for like batches taken (ev->count likes): the show's likes. */
void lk_room_set_like_cb(struct lk_room *room, lk_room_comment_cb cb, void *data);

/* + 1 for every change; readers poll it cheaply. */
uint64_t lk_room_version(struct lk_room *room);

/* Copies the counts of up to max platforms (in the order first seen);
 * returns how many platforms there are. */
size_t lk_room_get_counts(struct lk_room *room, struct lk_room_counts *out, size_t max);
/* The counts of one platform; false (out zeroed, viewers -1) when it sent nothing. */
bool lk_room_get_platform(struct lk_room *room, const char *platform, struct lk_room_counts *out);
/* Copies up to max of the newest comments, newest first; returns how many. */
size_t lk_room_get_comments(struct lk_room *room, struct lk_room_comment *out, size_t max);

/* Forgets counts, comments and seen ids (a new show). */
void lk_room_clear(struct lk_room *room);

/* ---- the sink connectors push to -------------------------------------------
 * Like the gift sink (lk-connector.h): set by the module to its room, or by a
 * test; the event is borrowed for the call. Returns an lk_room_result, or -1
 * when there is no room. */
void lk_room_set_sink(struct lk_room *room);
int lk_room_sink_push(const struct lk_room_event *ev);

/* The kind's protocol name ("like", "follow", "share", "comment",
 * "viewers", "raid"), or NULL. */
const char *lk_room_kind_name(enum lk_room_kind kind);

#ifdef __cplusplus
}
#endif
