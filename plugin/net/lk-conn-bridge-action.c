/*
 * Linkon — the bridge connector: anchor actions (pin, unpin, start and stop
 * a sale) as POST /v1/actions/<name>.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The caller (UI or command thread) only queues: bridge_action_queue never
 * waits. The worker sends one action at a time, in order, each with its own
 * Idempotency-Key, and sends it again with the same key after a transport
 * error, 408, 425, 429 or 5xx (backing off, at least Retry-After) until the
 * bridge gives a definite answer: 2xx (done) or another 4xx (refused,
 * logged). The bridge applies a key once, so a retry after an answer that
 * got lost applies nothing twice. What the action changed reaches the store
 * through the stream and the next state poll (asked for at once).
 */
#include "lk-conn-bridge-priv.h"

#include <inttypes.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>

static void action_free(struct bridge_action *a)
{
	if (a) {
		bfree(a->body);
		bfree(a);
	}
}

bool bridge_action_queue(struct conn_bridge *c, const char *name, char *body, const char **error)
{
	const char *why = NULL;
	struct bridge_action *a = bzalloc(sizeof(*a));

	a->name = name;
	a->body = body;
	pthread_mutex_lock(&c->mutex);
	if (c->stopping)
		why = lk_msg_refuse_code(LK_MSG_BRIDGE_STOPPING, NULL, NULL);
	else if (c->auth_refused)
		why = lk_msg_refuse_code(LK_MSG_BRIDGE_TOKEN, NULL, NULL);
	else if (c->actions.num >= BRIDGE_MAX_ACTIONS)
		why = lk_msg_refuse_code(LK_MSG_BRIDGE_BUSY, NULL, NULL);
	if (!why) {
		uint64_t r = lk_rand_next(&c->key_rand);
		snprintf(a->key, sizeof(a->key), "lk-%016" PRIx64 "-%016" PRIx64, r, lk_rand_next(&c->key_rand));
		da_push_back(c->actions, &a);
		a = NULL;
	}
	pthread_mutex_unlock(&c->mutex);

	action_free(a);
	if (why && error)
		*error = why;
	if (!why)
		bridge_wake(c);
	return !why;
}

/* The first queued action (still queued), or NULL. */
static struct bridge_action *action_head(struct conn_bridge *c)
{
	pthread_mutex_lock(&c->mutex);
	struct bridge_action *a = c->actions.num ? c->actions.array[0] : NULL;
	pthread_mutex_unlock(&c->mutex);
	return a;
}

/* The head action has its answer: drop it. */
static void action_pop(struct conn_bridge *c)
{
	pthread_mutex_lock(&c->mutex);
	struct bridge_action *a = c->actions.num ? c->actions.array[0] : NULL;
	if (a)
		da_erase(c->actions, 0);
	pthread_mutex_unlock(&c->mutex);
	action_free(a);
	c->action_sending = false;
}

static void action_done(void *data, const struct lk_net_response *res)
{
	struct conn_bridge *c = data;
	struct bridge_action *a = action_head(c);
	char why[BRIDGE_WHY_SIZE];

	if (bridge_stopping(c) || !a)
		goto done;
	enum bridge_outcome out = bridge_classify(c, res, why);
	if (out == BRIDGE_RETRY || out == BRIDGE_BAD_BODY) {
		bridge_fail(c, BRIDGE_ACTION, BRIDGE_RETRY, why, res->retry_after_ms);
		c->action_sending = false;
		goto wake;
	}
	if (out == BRIDGE_REFUSED || out == BRIDGE_NOT_MODIFIED)
		blog(LOG_WARNING, "[linkon] bridge: '%s' refused: %s", a->name, why);
	else if (out == BRIDGE_AUTH)
		bridge_fail(c, BRIDGE_ACTION, out, why, -1);
	bridge_ok(c, BRIDGE_ACTION);
	action_pop(c);
	/* see what it changed without waiting for the next poll */
	c->next_poll_ms = 0;
wake:
	bridge_wake(c);
done:
	bridge_job_done(c, BRIDGE_ACTION);
}

static void action_send(struct conn_bridge *c, struct bridge_action *a)
{
	struct dstr path = {0}, key = {0};

	dstr_printf(&key, "Idempotency-Key: %s", a->key);
	dstr_printf(&path, "/v1/actions/%s", a->name);
	struct bridge_call call = {
		.method = "POST",
		.path = path.array,
		.extra = key.array,
		.body = a->body,
		.max_bytes = BRIDGE_ACTION_MAX_BYTES,
		.cb = action_done,
	};
	c->action_sending = bridge_call(c, BRIDGE_ACTION, &call);
	dstr_free(&path);
	dstr_free(&key);
}

int64_t bridge_action_tick(struct conn_bridge *c, int64_t now)
{
	if (c->action_sending || c->jobs[BRIDGE_ACTION])
		return INT64_MAX;
	struct bridge_action *a = action_head(c);
	if (!a)
		return INT64_MAX;
	if (now < c->ch[BRIDGE_ACTION].retry_at)
		return c->ch[BRIDGE_ACTION].retry_at;
	action_send(c, a);
	return INT64_MAX;
}

void bridge_actions_free(struct conn_bridge *c)
{
	for (size_t i = 0; i < c->actions.num; i++)
		action_free(c->actions.array[i]);
	da_free(c->actions);
}
