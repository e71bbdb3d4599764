/*
 * Linkon — the module's live room: room state (lk-room.h) fed by every
 * connector through the room sink, and the comment rules (lk-claims.h) that
 * turn comments into claims in the store and into allowed chat actions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: comments arrive on the net worker; claims are applied to the
 * store from there (like connector events); chat actions are handed to the
 * action callback on that thread (it queues its work, never blocks).
 */
#pragma once

#include "core/lk-claims.h"
#include "core/lk-room.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_store;

/* A chat action the anchor allowed, requested by a viewer (rate-limited). */
typedef void (*lk_room_action_cb)(enum lk_claim_action action, int64_t seconds, const char *platform);

/* Creates the room and the claims, reads the rules from config ("claims",
 * may be NULL: the defaults), makes the room the connectors' sink. Module
 * load, before the connector starts. */
void lk_room_hub_start(struct lk_store *store, json_t *config);
/* Unsets the sink and frees everything. Module unload, after the connector
 * has stopped. */
void lk_room_hub_stop(void);

/* The module's room (borrowed), NULL before start / after stop. */
struct lk_room *lk_room_hub_room(void);

/* Replaces the rules (a config reload, the dock); false with a reason in
 * err when obj is unusable (the rules in use stay). */
bool lk_room_hub_set_rules(const json_t *obj, char *err, size_t err_size);

/* Forgets counts, comments and claims (a new show); publishes empty claims. */
void lk_room_hub_clear(void);

/* The chat action handler (NULL = none). */
void lk_room_hub_set_action_cb(lk_room_action_cb cb);

/* Testing and the ws requests: one comment as if a connector sent it. */
void lk_room_hub_comment(const struct lk_room_event *ev, int64_t local_ms);

#ifdef __cplusplus
}
#endif
