/*
 * Linkon — composing ahead of the frame (contract in lk-ahead.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * q.lock guards the queue and every handle's queued/on/dead/refs. A run is
 * called with no lock of this file held (it enters graphics and takes its
 * source's lock), and the strong reference it took is released after it,
 * outside every lock: on libobs 29 that release may destroy the source on
 * this thread, and the source's destroy calls lk_ahead_destroy here.
 */
#include "lk-ahead.h"

#include <util/bmem.h>
#include <util/darray.h>
#include <util/platform.h>
#include <util/threading.h>

#include <pthread.h>
#include <stdint.h>
#include <time.h>

struct lk_ahead {
	obs_weak_source_t *weak;
	lk_ahead_fn run;
	void *data;
	bool queued, dead;
	bool on;         /* its run is on (taken off the queue, not yet back) */
	uint64_t due_ns; /* while queued: run at (os_gettime_ns), 0 = now */
	int refs;        /* the source + the queue */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stopping;
	bool busy; /* a run is on */
	DARRAY(struct lk_ahead *) queue;
	DARRAY(struct lk_ahead *) all; /* every live handle (lk_ahead_poke_all) */
	volatile long runs;
} q = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* Under q.lock; true when the last reference went (free it unlocked). */
static bool unref(struct lk_ahead *a)
{
	return --a->refs == 0;
}

static void ahead_free(struct lk_ahead *a)
{
	obs_weak_source_release(a->weak);
	bfree(a);
}

/* Under q.lock: the first queued poke that is due (its index in *i: true),
 * else the one due soonest (*i; false; none queued: *i = the count). */
static bool due_now(size_t *i)
{
	uint64_t now = os_gettime_ns(), soonest = UINT64_MAX;
	*i = q.queue.num;
	for (size_t k = 0; k < q.queue.num; k++) {
		uint64_t due = q.queue.array[k]->due_ns;
		if (due <= now) {
			*i = k;
			return true;
		}
		if (due < soonest) {
			soonest = due;
			*i = k;
		}
	}
	return false;
}

/* Under q.lock: sleeps until a poke comes or the one at next is due. */
static void wait_for_due(size_t next)
{
	if (next >= q.queue.num) {
		pthread_cond_wait(&q.wake, &q.lock);
		return;
	}
	uint64_t due = q.queue.array[next]->due_ns, now = os_gettime_ns();
	if (due <= now)
		return; /* (due since due_now looked) */
	uint64_t left = due - now;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	uint64_t ns = (uint64_t)until.tv_nsec + (left < 1000000000ull ? left : 1000000000ull);
	until.tv_sec += (time_t)(ns / 1000000000ull);
	until.tv_nsec = (long)(ns % 1000000000ull);
	pthread_cond_timedwait(&q.wake, &q.lock, &until);
}

static void *ahead_thread(void *unused)
{
	(void)unused;
	os_set_thread_name("linkon: compose ahead");
	pthread_mutex_lock(&q.lock);
	for (;;) {
		size_t next = 0;
		while (!q.stopping && !due_now(&next))
			wait_for_due(next);
		if (q.stopping)
			break;
		struct lk_ahead *a = q.queue.array[next];
		da_erase(q.queue, next);
		a->queued = false;
		a->on = true;
		bool wanted = !a->dead;
		q.busy = true;
		pthread_mutex_unlock(&q.lock);

		obs_source_t *src = wanted ? obs_weak_source_get_source(a->weak) : NULL;
		if (src) {
			pthread_mutex_lock(&q.lock);
			wanted = !a->dead; /* (cannot change while src is held) */
			pthread_mutex_unlock(&q.lock);
			if (wanted) {
				a->run(a->data);
				os_atomic_inc_long(&q.runs);
			}
			obs_source_release(src); /* may destroy it, here */
		}
		pthread_mutex_lock(&q.lock);
		q.busy = false;
		a->on = false;
		bool last = unref(a);
		if (last) {
			pthread_mutex_unlock(&q.lock);
			ahead_free(a);
			pthread_mutex_lock(&q.lock);
		}
	}
	pthread_mutex_unlock(&q.lock);
	return NULL;
}

bool lk_ahead_start(void)
{
	pthread_mutex_lock(&q.lock);
	bool ok = q.running;
	if (!ok) {
		q.stopping = false;
		ok = pthread_create(&q.thread, NULL, ahead_thread, NULL) == 0;
		q.running = ok;
	}
	pthread_mutex_unlock(&q.lock);
	if (!ok)
		blog(LOG_WARNING,
		     "[linkon] could not start the compose-ahead thread; layers are composed in the frame");
	return ok;
}

void lk_ahead_stop(void)
{
	pthread_mutex_lock(&q.lock);
	bool running = q.running;
	q.stopping = true;
	pthread_cond_broadcast(&q.wake);
	pthread_mutex_unlock(&q.lock);
	if (running)
		pthread_join(q.thread, NULL);

	pthread_mutex_lock(&q.lock);
	q.running = false;
	DARRAY(struct lk_ahead *) left = {0};
	da_move(left, q.queue);
	for (size_t i = 0; i < left.num; i++) {
		left.array[i]->queued = false;
		if (!unref(left.array[i]))
			left.array[i] = NULL;
	}
	if (!q.all.num)
		da_free(q.all); /* (sources libobs frees after the unload take theirs out) */
	pthread_mutex_unlock(&q.lock);
	for (size_t i = 0; i < left.num; i++) {
		if (left.array[i])
			ahead_free(left.array[i]);
	}
	da_free(left);
}

struct lk_ahead *lk_ahead_create(obs_source_t *source, lk_ahead_fn run, void *data)
{
	if (!source || !run)
		return NULL;
	struct lk_ahead *a = bzalloc(sizeof(*a));
	a->weak = obs_source_get_weak_source(source);
	a->run = run;
	a->data = data;
	a->refs = 1;
	pthread_mutex_lock(&q.lock);
	da_push_back(q.all, &a);
	pthread_mutex_unlock(&q.lock);
	return a;
}

/* Under q.lock: queued to run at due_ns (0 = now), or sooner if it was. */
static void poke_locked(struct lk_ahead *a, uint64_t due_ns)
{
	if (!q.running || q.stopping || a->dead)
		return;
	if (a->queued) {
		if (due_ns < a->due_ns) {
			a->due_ns = due_ns;
			pthread_cond_signal(&q.wake);
		}
		return;
	}
	a->queued = true;
	a->due_ns = due_ns;
	a->refs++;
	da_push_back(q.queue, &a);
	pthread_cond_signal(&q.wake);
}

void lk_ahead_poke(struct lk_ahead *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&q.lock);
	poke_locked(a, 0);
	pthread_mutex_unlock(&q.lock);
}

void lk_ahead_poke_at(struct lk_ahead *a, uint64_t due_ns)
{
	if (!a)
		return;
	pthread_mutex_lock(&q.lock);
	poke_locked(a, due_ns ? due_ns : 1);
	pthread_mutex_unlock(&q.lock);
}

void lk_ahead_poke_all(void)
{
	pthread_mutex_lock(&q.lock);
	for (size_t i = 0; i < q.all.num; i++)
		poke_locked(q.all.array[i], 0);
	pthread_mutex_unlock(&q.lock);
}

void lk_ahead_ran(struct lk_ahead *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&q.lock);
	a->on = false; /* (the thread clears it again after the run: no matter) */
	pthread_mutex_unlock(&q.lock);
}

bool lk_ahead_pending(struct lk_ahead *a)
{
	if (!a)
		return false;
	pthread_mutex_lock(&q.lock);
	bool pending = a->queued || a->on;
	pthread_mutex_unlock(&q.lock);
	return pending;
}

void lk_ahead_destroy(struct lk_ahead *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&q.lock);
	a->dead = true;
	da_erase_item(q.all, &a);
	if (!q.all.num)
		da_free(q.all); /* (the last source goes after the module's unload) */
	bool last = unref(a);
	pthread_mutex_unlock(&q.lock);
	if (last)
		ahead_free(a);
}

void lk_ahead_image_made(void)
{
	lk_ahead_poke_all();
}

long lk_ahead_runs(void)
{
	return os_atomic_load_long(&q.runs);
}

bool lk_ahead_running(void)
{
	pthread_mutex_lock(&q.lock);
	bool running = q.running && !q.stopping;
	pthread_mutex_unlock(&q.lock);
	return running;
}

bool lk_ahead_idle(int timeout_ms)
{
	for (int waited = 0;; waited++) {
		pthread_mutex_lock(&q.lock);
		bool idle = !q.busy && !q.queue.num;
		pthread_mutex_unlock(&q.lock);
		if (idle)
			return true;
		if (waited >= timeout_ms)
			return false;
		os_sleep_ms(1);
	}
}
