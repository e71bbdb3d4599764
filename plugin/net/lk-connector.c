/*
 * Linkon — what every connector shares: where gift events go, status
 * events, settings checks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-connector.h"
#include "lk-store.h"

#include <stdatomic.h>
#include <string.h>
#include <util/bmem.h>
#include <util/dstr.h>

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

void lk_connector_publish_status(struct lk_store *store, const struct lk_status *st)
{
	struct lk_events evs;

	lk_events_init(&evs);
	struct lk_event *ev = lk_events_push(&evs, LK_EV_STATUS);
	ev->status.state = st->state;
	ev->status.connector = st->connector ? bstrdup(st->connector) : NULL;
	ev->status.message = st->message && *st->message ? bstrdup(st->message) : NULL;
	ev->status.next_retry_ms = st->next_retry_ms;
	ev->status.last_sync_ms = st->last_sync_ms;
	ev->status.msg = st->msg;
	lk_store_apply(store, &evs);
	lk_events_free(&evs);
}

int64_t lk_connector_setting_int(json_t *settings, const char *key, int64_t def, int64_t lo, int64_t hi)
{
	json_t *v = json_object_get(settings, key);
	int64_t n = json_is_integer(v) ? (int64_t)json_integer_value(v) : def;

	return n < lo ? lo : n > hi ? hi : n;
}

bool lk_connector_header_value_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7F)
			return false;
	}
	return true;
}

char *lk_connector_own_file(json_t *settings, const char *key, const char *name)
{
	const char *path = json_string_value(json_object_get(settings, key));
	const char *dir = json_string_value(json_object_get(settings, "config_dir"));
	struct dstr d = {0};

	if (path && *path)
		return bstrdup(path);
	if (!dir || !*dir)
		return NULL;
	dstr_printf(&d, "%s/%s", dir, name);
	return d.array;
}

/* ---- the registry -------------------------------------------------------------- */

/* Every connector the config file may name ("connector": id); the first is
 * the default. Add a new connector here (docs/how-to-add.md). */
static const struct lk_connector_info *const connectors[] = {
	&lk_conn_demo,
	&lk_conn_bridge,
	&lk_conn_shopify,
	&lk_conn_tiktok_shop,
};

const struct lk_connector_info *lk_connector_find(const char *id)
{
	if (!id || !*id)
		return connectors[0];
	for (size_t i = 0; i < sizeof(connectors) / sizeof(connectors[0]); i++) {
		if (strcmp(connectors[i]->id, id) == 0)
			return connectors[i];
	}
	return NULL;
}
