/*
 * Linkon — the module's live room: room state (lk-room.h) fed by every
 * connector through the room sink, and the comment rules (lk-claims.h) that
 * turn comments into claims in the store and into allowed chat actions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Like batches from every room go to the show's likes (LK_EV_SHOW_LIKES:
 * the likes goal). Claims count once per viewer per product and show: the first claim after
 * a new show went live starts the claims afresh (the catalog's counts
 * too), and what grows is counted in the show (lk_show_claims, through
 * the store's LK_EV_CLAIMS).
 *
 * One hub per module (struct lk_module's `rooms`); nothing keeps it in a
 * global. Threads: comments arrive on the net worker or a source's thread; claims are applied to the
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
struct lk_room_hub;

/* A chat action the anchor allowed, requested by a viewer (rate-limited). */
typedef void (*lk_room_action_cb)(void *data, enum lk_claim_action action, int64_t seconds, const char *platform);

/* Creates the hub (struct lk_module's `rooms`, lk-module.h): the room and
 * the claims, with the default rules, not yet the connectors' sink. Module
 * load. */
struct lk_room_hub *lk_room_hub_create(struct lk_store *store);
/* Reads the rules from config ("claims", may be NULL: the defaults) and
 * makes the room the connectors' and event sources' sink. Module load,
 * before the connector and the event sources start. */
void lk_room_hub_start(struct lk_room_hub *hub, json_t *config);
/* Unsets the sink and drops the action handler. Module unload, after the
 * connector and the event sources have stopped. */
void lk_room_hub_stop(struct lk_room_hub *hub);
/* Frees the room and the claims. Module unload, last. NULL ok. */
void lk_room_hub_destroy(struct lk_room_hub *hub);

/* The hub's room (borrowed; lives until lk_room_hub_destroy), NULL when
 * hub is NULL. */
struct lk_room *lk_room_hub_room(struct lk_room_hub *hub);

/* Replaces the rules (a config reload, the dock); false with a reason in
 * err when obj is unusable (the rules in use stay). */
bool lk_room_hub_set_rules(struct lk_room_hub *hub, const json_t *obj, char *err, size_t err_size);
/* Copies the rules in use. */
void lk_room_hub_get_rules(struct lk_room_hub *hub, struct lk_claim_rules *out);

/* Forgets counts, comments and claims (a new show); publishes empty claims. */
void lk_room_hub_clear(struct lk_room_hub *hub);

/* The chat action handler (NULL = none). Returns after a running call of
 * the previous handler has finished, so its data may go afterwards. */
void lk_room_hub_set_action_cb(struct lk_room_hub *hub, lk_room_action_cb cb, void *data);

/* Testing and the ws requests: one comment as if a connector sent it. */
void lk_room_hub_comment(struct lk_room_hub *hub, const struct lk_room_event *ev, int64_t local_ms);

#ifdef __cplusplus
}
#endif
