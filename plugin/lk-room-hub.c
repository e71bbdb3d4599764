/*
 * Linkon — the module's live room and its comment rules.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-room-hub.h"
#include "core/lk-store.h"

#include <pthread.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>

static struct {
	pthread_mutex_t mutex; /* rules, claims, action_cb */
	struct lk_store *store;
	struct lk_room *room;
	struct lk_claims *claims;
	struct lk_claim_rules rules;
	lk_room_action_cb action_cb;
	bool started;
} hub = {.mutex = PTHREAD_MUTEX_INITIALIZER};

/* The viewer as the claims know them: the platform's id, else the name. */
static const char *viewer_of(const struct lk_room_event *ev)
{
	return ev->user_id[0] ? ev->user_id : ev->user_name;
}

/* Puts the claim counts into the store (takes over table's reference). */
static void publish_claims(struct lk_store *store, struct lk_claim_table *table)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_claims(&evs, table);
	lk_store_apply(store, &evs);
	lk_events_free(&evs);
}

static void on_comment(void *data, const struct lk_room_event *ev, int64_t local_ms)
{
	(void)data;
	lk_room_hub_comment(ev, local_ms);
}

void lk_room_hub_comment(const struct lk_room_event *ev, int64_t local_ms)
{
	struct lk_claim_match *m = bmalloc(sizeof(*m));
	struct lk_claim_table *table = NULL;
	lk_room_action_cb act = NULL;
	enum lk_claim_action action = LK_CLAIM_ACTION_NONE;
	int64_t seconds = 0;

	pthread_mutex_lock(&hub.mutex);
	struct lk_store *store = hub.store;
	if (!hub.started)
		goto out;
	lk_claim_match(&hub.rules, ev->text, m);
	if (m->kind == LK_CLAIM_ACTION) {
		if (hub.action_cb &&
		    lk_claims_action_ok(hub.claims, &hub.rules, ev->platform, viewer_of(ev), local_ms)) {
			act = hub.action_cb;
			action = hub.rules.actions[m->action].action;
			seconds = hub.rules.actions[m->action].seconds;
		}
	} else if (m->kind != LK_CLAIM_NONE) {
		struct lk_snapshot *snap = lk_store_get(hub.store);
		const struct lk_product *p = lk_claim_resolve(m, snap);
		int64_t count = 0;
		if (p && lk_claims_add(hub.claims, ev->platform, viewer_of(ev), p->id, &count))
			table = lk_claims_table(hub.claims);
		lk_snapshot_release(snap);
	}
out:
	pthread_mutex_unlock(&hub.mutex);
	bfree(m);
	if (table)
		publish_claims(store, table);
	if (act)
		act(action, seconds, ev->platform);
}

void lk_room_hub_start(struct lk_store *store, json_t *config)
{
	char err[160] = "";
	struct lk_claim_rules *rules = bmalloc(sizeof(*rules));

	if (!lk_claim_rules_from_json(config ? json_object_get(config, "claims") : NULL, rules, err, sizeof(err))) {
		blog(LOG_WARNING, "[linkon] the claim rules in the config are not used: %s", err);
		lk_claim_rules_default(rules);
	}
	pthread_mutex_lock(&hub.mutex);
	hub.store = store;
	hub.room = lk_room_create();
	hub.claims = lk_claims_create();
	hub.rules = *rules;
	hub.started = true;
	pthread_mutex_unlock(&hub.mutex);
	bfree(rules);
	lk_room_set_comment_cb(hub.room, on_comment, NULL);
	lk_room_set_sink(hub.room);
}

void lk_room_hub_stop(void)
{
	lk_room_set_sink(NULL);
	pthread_mutex_lock(&hub.mutex);
	struct lk_room *room = hub.room;
	struct lk_claims *claims = hub.claims;
	hub.started = false;
	hub.room = NULL;
	hub.claims = NULL;
	hub.store = NULL;
	hub.action_cb = NULL;
	pthread_mutex_unlock(&hub.mutex);
	lk_room_destroy(room);
	lk_claims_destroy(claims);
}

struct lk_room *lk_room_hub_room(void)
{
	return hub.room;
}

bool lk_room_hub_set_rules(const json_t *obj, char *err, size_t err_size)
{
	struct lk_claim_rules *rules = bmalloc(sizeof(*rules));
	bool ok = lk_claim_rules_from_json(obj, rules, err, err_size);
	if (ok) {
		pthread_mutex_lock(&hub.mutex);
		hub.rules = *rules;
		pthread_mutex_unlock(&hub.mutex);
	}
	bfree(rules);
	return ok;
}

void lk_room_hub_clear(void)
{
	struct lk_claim_table *table = NULL;

	pthread_mutex_lock(&hub.mutex);
	if (hub.started) {
		lk_room_clear(hub.room);
		lk_claims_clear(hub.claims);
		table = lk_claims_table(hub.claims);
	}
	struct lk_store *store = hub.store;
	pthread_mutex_unlock(&hub.mutex);
	if (table)
		publish_claims(store, table);
}

void lk_room_hub_set_action_cb(lk_room_action_cb cb)
{
	pthread_mutex_lock(&hub.mutex);
	hub.action_cb = cb;
	pthread_mutex_unlock(&hub.mutex);
}
