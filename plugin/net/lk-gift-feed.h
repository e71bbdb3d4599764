/*
 * Linkon — the gift feed: where connectors hand their decoded gift events.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One process-wide slot holding the module's alert queue (lk-alerts.h). The
 * module sets it at load (before any connector starts) and clears it at
 * unload (after the net worker has stopped), so a connector on the worker
 * never sees a queue being destroyed. Connectors do not call it directly:
 * they use lk_connector_push_gift (lk-connector.h), whose sink the module
 * sets to lk_gift_hub_push (lk-gift-hub.h), which is lk_gift_feed_push.
 * Lives in linkon-net so that code without the OBS module (tests) links.
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

struct lk_alerts;
struct lk_gift_event;

/* Sets the queue events go to (borrowed; NULL = none: pushes are dropped
 * and return -1). Module load/unload, or a test's setup. */
void lk_gift_feed_set(struct lk_alerts *alerts);
/* The queue set, or NULL. Any thread. */
struct lk_alerts *lk_gift_feed_alerts(void);

/* Accounts one gift event in the queue at lk_now_ms(): dedupe by ev->id,
 * streak coalescing, tiers (see lk_alerts_push). ev is borrowed: the queue
 * copies what it keeps, so the caller frees its event (lk_gift_event_free)
 * right after. Returns the enum lk_push_result as an int, or -1 when no
 * queue is set. Any thread except the graphics thread (connectors: the net
 * worker); takes only the queue's short internal lock, never blocks on I/O. */
int lk_gift_feed_push(const struct lk_gift_event *ev);

#ifdef __cplusplus
}
#endif
