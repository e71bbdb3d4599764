/*
 * Linkon — the gift feed (see lk-gift-feed.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-gift-feed.h"
#include "lk-alerts.h"
#include "lk-store.h"

#include <stdatomic.h>

/* set at module load/unload, read by any thread */
static _Atomic(struct lk_alerts *) feed_alerts;

void lk_gift_feed_set(struct lk_alerts *alerts)
{
	atomic_store(&feed_alerts, alerts);
}

struct lk_alerts *lk_gift_feed_alerts(void)
{
	return atomic_load(&feed_alerts);
}

int lk_gift_feed_push(const struct lk_gift_event *ev)
{
	struct lk_alerts *q = atomic_load(&feed_alerts);
	if (!q || !ev)
		return -1;
	return (int)lk_alerts_push(q, ev, lk_now_ms());
}
