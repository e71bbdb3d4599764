/*
 * Linkon — event sources: what every source shares (lk-event-source.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-event-source.h"

const char *lk_es_state_name(enum lk_es_state state)
{
	switch (state) {
	case LK_ES_OFF:
		return "off";
	case LK_ES_SIGN_IN:
		return "sign_in";
	case LK_ES_CONNECTING:
		return "connecting";
	case LK_ES_LIVE:
		return "live";
	case LK_ES_WAITING:
		return "waiting";
	case LK_ES_RETRY:
		return "retry";
	case LK_ES_ERROR:
		return "error";
	}
	return "unknown";
}
