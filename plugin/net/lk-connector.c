/*
 * Linkon — what every connector shares: where gift events go.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-connector.h"

#include <stdatomic.h>

static _Atomic(lk_gift_sink) gift_sink;

void lk_connector_set_gift_sink(lk_gift_sink sink)
{
	atomic_store(&gift_sink, sink);
}

int lk_connector_push_gift(const struct lk_gift_event *ev)
{
	lk_gift_sink sink = atomic_load(&gift_sink);

	return sink && ev ? sink(ev) : -1;
}
