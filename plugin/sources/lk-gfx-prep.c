/*
 * Linkon — render targets made off the frame (contract in lk-gfx-prep.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A request is shared by its owner (a layer, graphics context) and the
 * queue; refs, state and tr are under p.lock. The thread never holds p.lock
 * while it is inside obs_enter_graphics, and the owner (in the graphics
 * context) takes p.lock only briefly: the order is always graphics, then
 * p.lock.
 */
#include "lk-gfx-prep.h"
#include "lk-draw.h"
#include "lk-text.h"

#include <obs.h>
#include <util/bmem.h>
#include <util/darray.h>
#include <util/platform.h>
#include <util/threading.h>

#include <pthread.h>
#include <time.h>

enum { PREP_WAITING, PREP_MADE, PREP_FAILED };

struct lk_gfx_target {
	uint32_t cx, cy;
	int refs;  /* owner + queue */
	int state; /* PREP_* */
	bool dropped;
	gs_texrender_t *tr;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stopping;
	DARRAY(struct lk_gfx_target *) queue;
} p = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* Under p.lock; true if the last reference went (free t after unlocking,
 * its texrender destroyed inside the graphics context). */
static bool unref(struct lk_gfx_target *t)
{
	return --t->refs == 0;
}

static gs_texrender_t *make(uint32_t cx, uint32_t cy, bool *entered)
{
	gs_texrender_t *tr = NULL;
	*entered = false;
	if (lk_gfx_enter()) {
		*entered = true;
		lk_text_probe_note(LK_TEXT_PROBE_TARGET_MAKE);
		tr = gs_texrender_create(GS_RGBA, GS_ZS_NONE);
		if (tr && gs_texrender_begin(tr, cx, cy)) {
			struct vec4 clear;
			vec4_zero(&clear);
			gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
			gs_texrender_end(tr);
		} else {
			gs_texrender_destroy(tr);
			tr = NULL;
		}
		lk_gfx_leave();
	}
	return tr;
}

static void destroy_tr(gs_texrender_t *tr)
{
	if (!tr || !lk_gfx_enter())
		return;
	gs_texrender_destroy(tr);
	lk_gfx_leave();
}

/* Under p.lock, after a target was made inside the graphics context: with
 * more requests queued, waits for the next video frame (50 ms at most) so
 * that the graphics thread gets the context between two makes (its mutex
 * is not fair: back-to-back makes could hold a frame for all of them). */
static void let_a_frame_through(uint64_t frame_ns)
{
	for (int waited_ms = 0; waited_ms < 50 && p.queue.num && !p.stopping; waited_ms += 2) {
		if (obs_get_video_frame_time() != frame_ns)
			return;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 2000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&p.wake, &p.lock, &until); /* a stop wakes it */
	}
}

static void *prep_thread(void *unused)
{
	(void)unused;
	os_set_thread_name("linkon: gfx prep");
	pthread_mutex_lock(&p.lock);
	for (;;) {
		while (!p.stopping && !p.queue.num)
			pthread_cond_wait(&p.wake, &p.lock);
		if (p.stopping)
			break;
		struct lk_gfx_target *t = p.queue.array[0];
		da_erase(p.queue, 0);
		bool wanted = !t->dropped;
		uint32_t cx = t->cx, cy = t->cy;
		pthread_mutex_unlock(&p.lock);

		uint64_t frame_ns = obs_initialized() ? obs_get_video_frame_time() : 0; /* (unit tests: no libobs) */
		bool entered = false;
		gs_texrender_t *tr = wanted ? make(cx, cy, &entered) : NULL;

		pthread_mutex_lock(&p.lock);
		bool keep = wanted && !t->dropped;
		if (keep) {
			t->tr = tr;
			t->state = tr ? PREP_MADE : PREP_FAILED;
		}
		bool last = unref(t);
		pthread_mutex_unlock(&p.lock);
		if (!keep)
			destroy_tr(tr);
		if (last)
			bfree(t);
		pthread_mutex_lock(&p.lock);
		if (entered)
			let_a_frame_through(frame_ns);
	}
	pthread_mutex_unlock(&p.lock);
	return NULL;
}

bool lk_gfx_prep_start(void)
{
	pthread_mutex_lock(&p.lock);
	bool ok = p.running;
	if (!ok) {
		p.stopping = false;
		ok = pthread_create(&p.thread, NULL, prep_thread, NULL) == 0;
		p.running = ok;
	}
	pthread_mutex_unlock(&p.lock);
	if (!ok)
		blog(LOG_WARNING, "[linkon] could not start the render-target thread; targets are made in the frame");
	return ok;
}

void lk_gfx_prep_stop(void)
{
	pthread_mutex_lock(&p.lock);
	bool running = p.running;
	p.stopping = true;
	pthread_cond_broadcast(&p.wake);
	pthread_mutex_unlock(&p.lock);
	if (running)
		pthread_join(p.thread, NULL);

	pthread_mutex_lock(&p.lock);
	p.running = false;
	DARRAY(struct lk_gfx_target *) left = {0};
	da_move(left, p.queue);
	for (size_t i = 0; i < left.num; i++) {
		struct lk_gfx_target *t = left.array[i];
		if (!t->dropped)
			t->state = PREP_FAILED;
		if (!unref(t))
			left.array[i] = NULL;
	}
	pthread_mutex_unlock(&p.lock);
	for (size_t i = 0; i < left.num; i++)
		bfree(left.array[i]); /* dropped and unmade: nothing in graphics */
	da_free(left);
}

struct lk_gfx_target *lk_gfx_target_request(uint32_t cx, uint32_t cy)
{
	if (!cx || !cy)
		return NULL;
	struct lk_gfx_target *t = NULL;
	pthread_mutex_lock(&p.lock);
	if (p.running && !p.stopping) {
		t = bzalloc(sizeof(*t));
		t->cx = cx;
		t->cy = cy;
		t->refs = 2;
		da_push_back(p.queue, &t);
		pthread_cond_signal(&p.wake);
	}
	pthread_mutex_unlock(&p.lock);
	return t;
}

int lk_gfx_target_take(struct lk_gfx_target **tp, gs_texrender_t **tr)
{
	struct lk_gfx_target *t = *tp;
	*tr = NULL;
	if (!t)
		return -1;
	pthread_mutex_lock(&p.lock);
	int state = t->state;
	bool last = false;
	if (state != PREP_WAITING) {
		*tr = t->tr;
		t->tr = NULL;
		t->dropped = true;
		last = unref(t);
	}
	pthread_mutex_unlock(&p.lock);
	if (state == PREP_WAITING)
		return 0;
	if (last)
		bfree(t);
	*tp = NULL;
	return state == PREP_MADE ? 1 : -1;
}

void lk_gfx_target_drop(struct lk_gfx_target *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&p.lock);
	gs_texrender_t *tr = t->tr;
	t->tr = NULL;
	t->dropped = true;
	bool last = unref(t);
	pthread_mutex_unlock(&p.lock);
	gs_texrender_destroy(tr); /* the caller is in the graphics context */
	if (last)
		bfree(t);
}
