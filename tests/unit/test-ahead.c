/*
 * Linkon — unit tests for the compose-ahead thread (sources/lk-ahead.c):
 * a poke runs its source's catch-up once, pokes made while one waits are
 * merged, a poke for later runs then (or at once when poked again), a handle destroyed (or a source gone) while its poke waits never
 * runs, poke_all reaches every live handle, a run that drops the last
 * reference destroys its source on the thread itself, and a stop with
 * pokes waiting runs none of them. A thread test (ThreadSanitizer stage).
 * What a run does for the product card and the gift alerts (catch up and
 * compose between frames) is tested in headless libobs by obs-text-render.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libobs' weak references are replaced here by a small fake with the same
 * contract (these definitions come before the library's): a weak reference
 * gives a strong one only while the source has one left, and the last
 * release destroys the source.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <string.h>
#include <util/bmem.h>
#include <util/platform.h>
#include <util/threading.h>

#include "sources/lk-ahead.h"

/* ---- a fake source with libobs' reference contract -------------------------- */

struct fake {
	pthread_mutex_t lock;
	long refs;     /* strong; 0 = destroyed */
	long weak;     /* weak handles out */
	bool released; /* its memory may be freed (refs and weak both 0) */
	/* what the run does */
	volatile long runs;
	volatile long gate;      /* 1: the run waits until it is 0 */
	volatile long ran_first; /* 1: the run says lk_ahead_ran before it waits */
	volatile long in_run;
	struct lk_ahead *ahead; /* destroyed with the source */
	volatile long destroyed_on_ahead;
};

/* The source's destroy, as a Linkon source's: lk_ahead_destroy first. */
static void fake_destroy(struct fake *f)
{
	lk_ahead_destroy(f->ahead);
	f->ahead = NULL;
}

obs_weak_source_t *obs_source_get_weak_source(obs_source_t *source)
{
	struct fake *f = (struct fake *)source;
	pthread_mutex_lock(&f->lock);
	f->weak++;
	pthread_mutex_unlock(&f->lock);
	return (obs_weak_source_t *)f;
}

void obs_weak_source_release(obs_weak_source_t *weak)
{
	struct fake *f = (struct fake *)weak;
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->weak--;
	pthread_mutex_unlock(&f->lock);
}

obs_source_t *obs_weak_source_get_source(obs_weak_source_t *weak)
{
	struct fake *f = (struct fake *)weak;
	pthread_mutex_lock(&f->lock);
	bool alive = f->refs > 0;
	if (alive)
		f->refs++;
	pthread_mutex_unlock(&f->lock);
	return alive ? (obs_source_t *)f : NULL;
}

static pthread_t main_thread;

void obs_source_release(obs_source_t *source)
{
	struct fake *f = (struct fake *)source;
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	bool last = --f->refs == 0;
	pthread_mutex_unlock(&f->lock);
	if (last) {
		if (!pthread_equal(pthread_self(), main_thread))
			os_atomic_set_long(&f->destroyed_on_ahead, 1);
		fake_destroy(f);
	}
}

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	f->refs = 1;
}

static void fake_free(struct fake *f)
{
	pthread_mutex_lock(&f->lock);
	long weak = f->weak, refs = f->refs;
	pthread_mutex_unlock(&f->lock);
	assert_int_equal(refs, 0);
	assert_int_equal(weak, 0); /* every handle let its weak reference go */
	pthread_mutex_destroy(&f->lock);
}

static void run(void *data)
{
	struct fake *f = data;
	if (os_atomic_load_long(&f->ran_first))
		lk_ahead_ran(f->ahead);
	os_atomic_set_long(&f->in_run, 1);
	for (int waited = 0; waited < 20000 && os_atomic_load_long(&f->gate); waited++)
		os_sleep_ms(1);
	os_atomic_inc_long(&f->runs);
	os_atomic_set_long(&f->in_run, 0);
}

static bool wait_for(volatile long *v, long at_least, int timeout_ms)
{
	for (int waited = 0; waited < timeout_ms; waited++) {
		if (os_atomic_load_long(v) >= at_least)
			return true;
		os_sleep_ms(1);
	}
	return os_atomic_load_long(v) >= at_least;
}

static void make(struct fake *f)
{
	fake_init(f);
	f->ahead = lk_ahead_create((obs_source_t *)f, run, f);
	assert_non_null(f->ahead);
}

/* The last strong reference goes (a scene let go of the source). */
static void drop(struct fake *f)
{
	obs_source_release((obs_source_t *)f);
}

/* ---- tests ------------------------------------------------------------------- */

static void test_not_running(void **state)
{
	(void)state;
	struct fake f;
	make(&f);
	lk_ahead_poke(f.ahead);
	lk_ahead_poke_all();
	assert_false(lk_ahead_pending(f.ahead));
	assert_true(lk_ahead_idle(1000));
	os_sleep_ms(20);
	assert_int_equal(os_atomic_load_long(&f.runs), 0);
	lk_ahead_poke(NULL);
	assert_false(lk_ahead_pending(NULL));
	lk_ahead_destroy(NULL);
	assert_null(lk_ahead_create(NULL, run, &f));
	drop(&f);
	fake_free(&f);
	lk_ahead_stop(); /* stopping what never ran: nothing */
}

static void test_poke_runs_once_and_merges(void **state)
{
	(void)state;
	assert_true(lk_ahead_start());
	assert_true(lk_ahead_start()); /* a second start: the same thread */
	struct fake a, b;
	make(&a);
	make(&b);
	long runs0 = lk_ahead_runs();

	lk_ahead_poke(a.ahead);
	assert_true(wait_for(&a.runs, 1, 10000));
	assert_true(lk_ahead_idle(10000));
	assert_int_equal(os_atomic_load_long(&a.runs), 1);

	/* a's run is held: b's five pokes wait as one */
	os_atomic_set_long(&a.gate, 1);
	lk_ahead_poke(a.ahead);
	assert_true(wait_for(&a.in_run, 1, 10000));
	assert_true(lk_ahead_pending(a.ahead)); /* its run is on: a tick leaves the work to it */
	for (int i = 0; i < 5; i++)
		lk_ahead_poke(b.ahead);
	assert_true(lk_ahead_pending(b.ahead));
	assert_false(lk_ahead_idle(20));
	os_atomic_set_long(&a.gate, 0);
	assert_true(lk_ahead_idle(10000));
	assert_false(lk_ahead_pending(a.ahead));
	assert_false(lk_ahead_pending(b.ahead));

	assert_int_equal(os_atomic_load_long(&a.runs), 2);
	assert_int_equal(os_atomic_load_long(&b.runs), 1);
	assert_int_equal(lk_ahead_runs() - runs0, 3);

	/* every live handle */
	lk_ahead_poke_all();
	assert_true(lk_ahead_idle(10000));
	assert_int_equal(os_atomic_load_long(&a.runs), 3);
	assert_int_equal(os_atomic_load_long(&b.runs), 2);

	/* a run that said it ran (its source's work done, its lock about to go)
	 * is no longer pending while it finishes; a poke meanwhile is */
	os_atomic_set_long(&a.ran_first, 1);
	os_atomic_set_long(&a.gate, 1);
	lk_ahead_poke(a.ahead);
	assert_true(wait_for(&a.in_run, 1, 10000));
	assert_false(lk_ahead_pending(a.ahead));
	lk_ahead_poke(a.ahead);
	assert_true(lk_ahead_pending(a.ahead));
	os_atomic_set_long(&a.ran_first, 0);
	os_atomic_set_long(&a.gate, 0);
	assert_true(lk_ahead_idle(10000));
	assert_false(lk_ahead_pending(a.ahead));
	lk_ahead_ran(NULL);
	assert_int_equal(os_atomic_load_long(&a.runs), 5); /* (the poke meanwhile ran too) */

	drop(&a);
	drop(&b);
	lk_ahead_poke_all(); /* destroyed: not among them any more */
	assert_true(lk_ahead_idle(10000));
	assert_int_equal(os_atomic_load_long(&a.runs), 5);
	assert_int_equal(os_atomic_load_long(&b.runs), 2);
	fake_free(&a);
	fake_free(&b);
	lk_ahead_stop();
}

/* A handle destroyed, or a source going, while its poke waits: no run. */
static void test_gone_while_queued(void **state)
{
	(void)state;
	assert_true(lk_ahead_start());
	struct fake hold, gone, going;
	make(&hold);
	make(&gone);
	make(&going);
	os_atomic_set_long(&hold.gate, 1);
	lk_ahead_poke(hold.ahead);
	assert_true(wait_for(&hold.in_run, 1, 10000));
	lk_ahead_poke(gone.ahead);
	lk_ahead_poke(going.ahead);
	drop(&gone); /* its destroy destroys the handle: the poke stays queued */
	/* going: the source's last reference is going (its refs are 0), its
	 * handle not destroyed yet (libobs defers the destroy) */
	pthread_mutex_lock(&going.lock);
	going.refs = 0;
	pthread_mutex_unlock(&going.lock);
	os_atomic_set_long(&hold.gate, 0);
	assert_true(lk_ahead_idle(10000));
	assert_int_equal(os_atomic_load_long(&gone.runs), 0);
	assert_int_equal(os_atomic_load_long(&going.runs), 0);
	fake_destroy(&going); /* the deferred destroy */
	drop(&hold);
	fake_free(&hold);
	fake_free(&gone);
	fake_free(&going);
	lk_ahead_stop();
}

/* The run's own reference is the last one: the source is destroyed on the
 * thread, and its destroy takes the handle out there (no deadlock). */
static void test_last_reference_in_run(void **state)
{
	(void)state;
	assert_true(lk_ahead_start());
	struct fake f;
	make(&f);
	os_atomic_set_long(&f.gate, 1);
	lk_ahead_poke(f.ahead);
	assert_true(wait_for(&f.in_run, 1, 10000));
	drop(&f); /* the scene lets go while the run holds it */
	os_atomic_set_long(&f.gate, 0);
	assert_true(lk_ahead_idle(10000));
	assert_int_equal(os_atomic_load_long(&f.runs), 1);
	assert_int_equal(os_atomic_load_long(&f.destroyed_on_ahead), 1);
	assert_null(f.ahead);
	fake_free(&f);
	lk_ahead_stop();
}

/* A poke for later runs then, not before; a poke meanwhile runs it at once
 * (one run: they are merged). */
static void test_poke_at(void **state)
{
	(void)state;
	assert_true(lk_ahead_start());
	struct fake f;
	make(&f);
	uint64_t t0 = os_gettime_ns();
	lk_ahead_poke_at(f.ahead, t0 + 2000000000ull);
	assert_true(lk_ahead_pending(f.ahead)); /* (2 s: a descheduled test still finds it waiting) */
	assert_true(wait_for(&f.runs, 1, 30000));
	assert_true(os_gettime_ns() - t0 >= 2000000000ull); /* (a busy machine only makes it later) */
	/* due already: runs at once */
	lk_ahead_poke_at(f.ahead, os_gettime_ns() - 1000000ull);
	assert_true(wait_for(&f.runs, 2, 10000));

	lk_ahead_poke_at(f.ahead, os_gettime_ns() + 60000000000ull);  /* a minute */
	lk_ahead_poke_at(f.ahead, os_gettime_ns() + 120000000000ull); /* later: no change */
	assert_true(lk_ahead_pending(f.ahead));
	os_sleep_ms(20);
	assert_int_equal(os_atomic_load_long(&f.runs), 2);
	lk_ahead_poke(f.ahead);
	assert_true(wait_for(&f.runs, 3, 10000));
	assert_true(lk_ahead_idle(10000));
	assert_int_equal(os_atomic_load_long(&f.runs), 3);
	drop(&f);
	fake_free(&f);
	lk_ahead_stop();
}

static void *stop_thread(void *unused)
{
	(void)unused;
	lk_ahead_stop();
	return NULL;
}

/* Stop with pokes waiting: none runs, their references go; pokes after the
 * stop do nothing; a restart works. */
static void test_stop_with_pokes_waiting(void **state)
{
	(void)state;
	assert_true(lk_ahead_start());
	assert_true(lk_ahead_running());
	struct fake hold, many[8];
	make(&hold);
	for (int i = 0; i < 8; i++)
		make(&many[i]);
	os_atomic_set_long(&hold.gate, 1);
	lk_ahead_poke(hold.ahead);
	assert_true(wait_for(&hold.in_run, 1, 10000));
	for (int i = 0; i < 8; i++)
		lk_ahead_poke(many[i].ahead);
	/* the stop waits for the run that is on; the rest never start */
	pthread_t stopper;
	assert_int_equal(pthread_create(&stopper, NULL, stop_thread, NULL), 0);
	for (int waited = 0; waited < 10000 && lk_ahead_running(); waited++)
		os_sleep_ms(1);
	assert_false(lk_ahead_running());
	os_atomic_set_long(&hold.gate, 0);
	pthread_join(stopper, NULL);
	assert_int_equal(os_atomic_load_long(&hold.runs), 1);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(os_atomic_load_long(&many[i].runs), 0);
		assert_false(lk_ahead_pending(many[i].ahead));
	}
	lk_ahead_poke(many[0].ahead);
	assert_false(lk_ahead_pending(many[0].ahead));

	assert_true(lk_ahead_start());
	lk_ahead_poke(many[0].ahead);
	assert_true(wait_for(&many[0].runs, 1, 10000));
	lk_ahead_stop();

	drop(&hold);
	fake_free(&hold);
	for (int i = 0; i < 8; i++) {
		drop(&many[i]);
		fake_free(&many[i]);
	}
}

int main(void)
{
	main_thread = pthread_self();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_running),       cmocka_unit_test(test_poke_runs_once_and_merges),
		cmocka_unit_test(test_gone_while_queued), cmocka_unit_test(test_last_reference_in_run),
		cmocka_unit_test(test_poke_at),           cmocka_unit_test(test_stop_with_pokes_waiting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
