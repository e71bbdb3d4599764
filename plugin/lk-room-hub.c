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

struct lk_room_hub {
	pthread_mutex_t mutex;     /* rules, claims, started, action_cb */
	pthread_mutex_t cb_mutex;  /* held while the action handler runs (set_action_cb waits on it) */
	struct lk_store *store;    /* borrowed from the module */
	struct lk_room *room;
	struct lk_claims *claims;
	struct lk_claim_rules rules;
	lk_room_action_cb action_cb;
	void *action_data;
	bool started;
	char *show_id; /* the live show the claims belong to (NULL: none seen yet) */
};

/* The viewer as the claims know them: the platform's id, else the name. */
static const char *viewer_of(const struct lk_room_event *ev)
{
	return ev->user_id[0] ? ev->user_id : ev->user_name;
}

/* Puts the claim counts into the store (takes over the tables' references;
 * cleared, when not NULL, goes first: the empty table of a new show). */
static void publish_claims(struct lk_store *store, struct lk_claim_table *cleared, struct lk_claim_table *table)
{
	struct lk_events evs;
	lk_events_init(&evs);
	if (cleared)
		lk_events_claims(&evs, cleared);
	lk_events_claims(&evs, table);
	lk_store_apply(store, &evs);
	lk_events_free(&evs);
}

/* Under mutex: a live show other than the one the claims belong to has
 * started: one claim per viewer per product and show, so they start again.
 * Returns the empty table to publish before the next one, or NULL. */
static struct lk_claim_table *new_show_check(struct lk_room_hub *hub, const struct lk_snapshot *snap)
{
	const struct lk_show_view *sv = snap->show;

	if (!sv || sv->state != LK_SHOW_LIVE || !sv->show_id || (hub->show_id && strcmp(hub->show_id, sv->show_id) == 0))
		return NULL;
	bfree(hub->show_id);
	hub->show_id = bstrdup(sv->show_id);
	lk_claims_clear(hub->claims);
	return lk_claims_table(hub->claims);
}

static void on_comment(void *data, const struct lk_room_event *ev, int64_t local_ms)
{
	lk_room_hub_comment(data, ev, local_ms);
}

/* A like batch from any room: the show's likes (counted while it is live). */
static void on_like(void *data, const struct lk_room_event *ev, int64_t local_ms)
{
	struct lk_room_hub *hub = data;
	struct lk_events evs;

	(void)local_ms;
	pthread_mutex_lock(&hub->mutex);
	bool started = hub->started;
	pthread_mutex_unlock(&hub->mutex);
	if (!started || ev->count <= 0)
		return;
	lk_events_init(&evs);
	lk_events_push(&evs, LK_EV_SHOW_LIKES)->stock = ev->count;
	lk_store_apply(hub->store, &evs);
	lk_events_free(&evs);
}

void lk_room_hub_comment(struct lk_room_hub *hub, const struct lk_room_event *ev, int64_t local_ms)
{
	if (!hub)
		return;
	struct lk_claim_match *m = bmalloc(sizeof(*m));
	struct lk_claim_table *table = NULL, *cleared = NULL;
	bool act = false;
	enum lk_claim_action action = LK_CLAIM_ACTION_NONE;
	int64_t seconds = 0;

	pthread_mutex_lock(&hub->mutex);
	if (!hub->started)
		goto out;
	lk_claim_match(&hub->rules, ev->text, m);
	if (m->kind == LK_CLAIM_ACTION) {
		if (hub->action_cb &&
		    lk_claims_action_ok(hub->claims, &hub->rules, ev->platform, viewer_of(ev), local_ms)) {
			act = true;
			action = hub->rules.actions[m->action].action;
			seconds = hub->rules.actions[m->action].seconds;
		}
	} else if (m->kind != LK_CLAIM_NONE) {
		struct lk_snapshot *snap = lk_store_get(hub->store);
		const struct lk_product *p = lk_claim_resolve(m, snap);
		int64_t count = 0;
		if (p)
			cleared = new_show_check(hub, snap);
		if (p && lk_claims_add(hub->claims, ev->platform, viewer_of(ev), p->id, &count))
			table = lk_claims_table(hub->claims);
		lk_snapshot_release(snap);
		if (cleared && !table)
			table = lk_claims_table(hub->claims); /* (cannot happen: the claims were empty) */
	}
out:
	pthread_mutex_unlock(&hub->mutex);
	bfree(m);
	if (table)
		publish_claims(hub->store, cleared, table);
	if (act) {
		/* the handler is read again under cb_mutex: set_action_cb(NULL)
		 * returns only after a running call has finished */
		pthread_mutex_lock(&hub->cb_mutex);
		pthread_mutex_lock(&hub->mutex);
		lk_room_action_cb cb = hub->action_cb;
		void *data = hub->action_data;
		pthread_mutex_unlock(&hub->mutex);
		if (cb)
			cb(data, action, seconds, ev->platform);
		pthread_mutex_unlock(&hub->cb_mutex);
	}
}

struct lk_room_hub *lk_room_hub_create(struct lk_store *store)
{
	struct lk_room_hub *hub = bzalloc(sizeof(*hub));
	pthread_mutex_init(&hub->mutex, NULL);
	pthread_mutex_init(&hub->cb_mutex, NULL);
	hub->store = store;
	hub->room = lk_room_create();
	hub->claims = lk_claims_create();
	lk_claim_rules_default(&hub->rules);
	lk_room_set_comment_cb(hub->room, on_comment, hub);
	lk_room_set_like_cb(hub->room, on_like, hub);
	return hub;
}

void lk_room_hub_start(struct lk_room_hub *hub, json_t *config)
{
	char err[160] = "";
	struct lk_claim_rules *rules = bmalloc(sizeof(*rules));

	if (!lk_claim_rules_from_json(config ? json_object_get(config, "claims") : NULL, rules, err, sizeof(err))) {
		blog(LOG_WARNING, "[linkon] the claim rules in the config are not used: %s", err);
		lk_claim_rules_default(rules);
	}
	pthread_mutex_lock(&hub->mutex);
	hub->rules = *rules;
	hub->started = true;
	pthread_mutex_unlock(&hub->mutex);
	bfree(rules);
	lk_room_set_sink(hub->room);
}

void lk_room_hub_stop(struct lk_room_hub *hub)
{
	if (!hub)
		return;
	lk_room_set_sink(NULL);
	pthread_mutex_lock(&hub->mutex);
	hub->started = false;
	pthread_mutex_unlock(&hub->mutex);
	lk_room_hub_set_action_cb(hub, NULL, NULL);
}

void lk_room_hub_destroy(struct lk_room_hub *hub)
{
	if (!hub)
		return;
	lk_room_destroy(hub->room);
	lk_claims_destroy(hub->claims);
	bfree(hub->show_id);
	pthread_mutex_destroy(&hub->mutex);
	pthread_mutex_destroy(&hub->cb_mutex);
	bfree(hub);
}

struct lk_room *lk_room_hub_room(struct lk_room_hub *hub)
{
	return hub ? hub->room : NULL;
}

bool lk_room_hub_set_rules(struct lk_room_hub *hub, const json_t *obj, char *err, size_t err_size)
{
	struct lk_claim_rules *rules = bmalloc(sizeof(*rules));
	bool ok = lk_claim_rules_from_json(obj, rules, err, err_size);
	if (ok) {
		pthread_mutex_lock(&hub->mutex);
		hub->rules = *rules;
		pthread_mutex_unlock(&hub->mutex);
	}
	bfree(rules);
	return ok;
}

void lk_room_hub_get_rules(struct lk_room_hub *hub, struct lk_claim_rules *out)
{
	pthread_mutex_lock(&hub->mutex);
	*out = hub->rules;
	pthread_mutex_unlock(&hub->mutex);
}

void lk_room_hub_clear(struct lk_room_hub *hub)
{
	struct lk_claim_table *table = NULL;

	pthread_mutex_lock(&hub->mutex);
	lk_room_clear(hub->room);
	lk_claims_clear(hub->claims);
	if (hub->started)
		table = lk_claims_table(hub->claims);
	pthread_mutex_unlock(&hub->mutex);
	if (table)
		publish_claims(hub->store, NULL, table);
}

void lk_room_hub_set_action_cb(struct lk_room_hub *hub, lk_room_action_cb cb, void *data)
{
	if (!hub)
		return;
	pthread_mutex_lock(&hub->cb_mutex);
	pthread_mutex_lock(&hub->mutex);
	hub->action_cb = cb;
	hub->action_data = data;
	pthread_mutex_unlock(&hub->mutex);
	pthread_mutex_unlock(&hub->cb_mutex);
}
