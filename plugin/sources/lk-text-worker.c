/*
 * Linkon — the text worker: one thread that loads fonts, lays out and
 * rasterises text for every source, so the graphics thread never does
 * (contract in lk-text.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Who touches what: everything in w, every port's and task's fields except
 * those marked otherwise, under w.lock. The worker takes a request out,
 * drops the lock while it lays out (or runs a task), and takes the lock
 * again to store the result, so posting and taking never wait for text
 * work. A port is ref-counted (owner + queue + a running job); a task is
 * owned by its source, and lk_text_task_destroy waits for it to leave the
 * worker.
 */
#include "lk-text.h"

#include <obs-data.h>
#include <util/bmem.h>
#include <util/darray.h>
#include <util/threading.h>

#include <pthread.h>
#include <string.h>
#include <time.h>

enum job_kind { JOB_PORT, JOB_TASK };

struct job {
	enum job_kind kind;
	void *p;
};

struct lk_text_port {
	long refs;
	bool queued;
	/* the request */
	char *text;
	struct lk_text_style style; /* style.font referenced */
	bool wanted;
	bool running; /* the worker lays it out now */
	/* the newest finished bitmap, and the texture the GPU hook made for
	 * it on the worker (NULL: the owner uploads it) */
	struct lk_text_bitmap done;
	void *done_tex;
	uint32_t done_tex_cx, done_tex_cy;
	bool has_done;
	/* the texture the owner showed before its last take, given back
	 * (lk_text_port_give): the next bitmap is copied into it when it fits */
	void *spare;
	uint32_t spare_cx, spare_cy;
};

/* A finished result nobody took, or a port's spare: freed outside w.lock
 * (dropping a texture enters graphics, and no lock may be held then). */
struct leftover {
	struct lk_text_bitmap bmp;
	void *tex, *spare;
};

struct lk_text_task {
	lk_text_task_fn fn;
	void *owner;
	obs_data_t *settings; /* posted, not yet started */
	bool queued, running;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;  /* work posted, or stop */
	pthread_cond_t quiet; /* a job finished */
	pthread_t thread;
	bool started, stop;
	bool closed; /* lk_text_worker_shutdown ran: nothing is queued any more */
	int busy;    /* jobs running (0 or 1) */
	DARRAY(struct job) queue;
	/* set at module load (lk_text_set_gpu), read by the worker */
	lk_text_gpu_make_fn gpu_make;
	lk_text_gpu_drop_fn gpu_drop;
	void (*on_done)(void);
} w = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, .quiet = PTHREAD_COND_INITIALIZER};

/* Under w.lock: moves port's untaken result into *out. */
static void take_leftover(struct lk_text_port *port, struct leftover *out)
{
	out->bmp = port->done;
	out->tex = port->done_tex;
	out->spare = NULL;
	memset(&port->done, 0, sizeof(port->done));
	port->done_tex = NULL;
	port->has_done = false;
}

/* Not under w.lock. */
static void free_leftover(struct leftover *l, lk_text_gpu_drop_fn drop)
{
	lk_text_bitmap_free(&l->bmp);
	if (l->tex && drop)
		drop(l->tex);
	if (l->spare && drop)
		drop(l->spare);
	l->tex = l->spare = NULL;
}

/* ---- ports ---------------------------------------------------------------- */

/* Under w.lock; a result nobody took goes to *left (free it after
 * unlocking). */
static void port_unref(struct lk_text_port *port, struct leftover *left)
{
	if (--port->refs > 0)
		return;
	bfree(port->text);
	if (port->style.font)
		lk_font_release(port->style.font);
	take_leftover(port, left);
	left->spare = port->spare;
	bfree(port);
}

static void run_port(struct lk_text_port *port)
{
	char *text = port->text;
	struct lk_text_style style = port->style;
	struct lk_text_bitmap bmp;
	void *spare = port->spare;
	uint32_t spare_cx = port->spare_cx, spare_cy = port->spare_cy;
	lk_text_gpu_make_fn make = w.gpu_make;
	lk_text_gpu_drop_fn drop = w.gpu_drop;
	void (*on_done)(void) = w.on_done;
	void *tex = NULL;
	uint32_t tex_cx = 0, tex_cy = 0;

	port->text = NULL;
	port->style.font = NULL;
	port->wanted = false;
	port->running = true;
	port->spare = NULL; /* make takes it (reused or freed) */
	pthread_mutex_unlock(&w.lock);

	lk_text_render(text, &style, &bmp);
	bfree(text);
	if (style.font)
		lk_font_release(style.font);
	/* the texture is filled (or made) here, not in a frame */
	if (make)
		tex = make(&bmp, spare, spare_cx, spare_cy, &tex_cx, &tex_cy);
	else if (spare && drop)
		drop(spare);

	struct leftover old;
	pthread_mutex_lock(&w.lock);
	take_leftover(port, &old);
	if (old.tex && !port->spare) { /* never shown: the next one may use it */
		port->spare = old.tex;
		port->spare_cx = port->done_tex_cx;
		port->spare_cy = port->done_tex_cy;
		old.tex = NULL;
	}
	port->done = bmp;
	port->done_tex = tex;
	port->done_tex_cx = tex_cx;
	port->done_tex_cy = tex_cy;
	port->has_done = true;
	port->running = false;
	pthread_mutex_unlock(&w.lock);
	free_leftover(&old, drop);
	if (on_done)
		on_done();
	pthread_mutex_lock(&w.lock);
}

/* ---- tasks ---------------------------------------------------------------- */

static void run_task(struct lk_text_task *task)
{
	obs_data_t *settings = task->settings;
	task->settings = NULL;
	task->running = true;
	pthread_mutex_unlock(&w.lock);

	task->fn(task->owner, settings);
	obs_data_release(settings);

	pthread_mutex_lock(&w.lock);
	task->running = false;
}

/* ---- the thread ------------------------------------------------------------ */

static void *worker_main(void *arg)
{
	(void)arg;
	os_set_thread_name("linkon: text");
	pthread_mutex_lock(&w.lock);
	for (;;) {
		while (!w.stop && w.queue.num == 0)
			pthread_cond_wait(&w.wake, &w.lock);
		if (w.queue.num == 0)
			break; /* stop once the queue is empty */
		struct job job = w.queue.array[0];
		da_erase(w.queue, 0);
		w.busy++;
		if (job.kind == JOB_PORT) {
			struct lk_text_port *port = job.p;
			port->queued = false;
			if (port->wanted && port->refs > 1)
				run_port(port);
			struct leftover left = {0};
			port_unref(port, &left);
			if (left.tex || left.spare || left.bmp.data) { /* the spare: a texture the owner gave back */
				lk_text_gpu_drop_fn drop = w.gpu_drop;
				pthread_mutex_unlock(&w.lock);
				free_leftover(&left, drop);
				pthread_mutex_lock(&w.lock);
			}
		} else {
			struct lk_text_task *task = job.p;
			task->queued = false;
			if (task->settings)
				run_task(task);
		}
		w.busy--;
		pthread_cond_broadcast(&w.quiet);
	}
	pthread_mutex_unlock(&w.lock);
	return NULL;
}

/* Under w.lock. Returns false (nothing queued) once the worker is shut
 * down: libobs keeps ticking sources after the module's unload, and a
 * thread started then would run code of a module about to be unmapped. */
static bool enqueue(enum job_kind kind, void *p)
{
	struct job job = {kind, p};
	if (w.closed)
		return false;
	da_push_back(w.queue, &job);
	if (!w.started) {
		w.stop = false;
		w.started = pthread_create(&w.thread, NULL, worker_main, NULL) == 0;
	}
	pthread_cond_signal(&w.wake);
	return true;
}

void lk_text_worker_shutdown(void)
{
	pthread_mutex_lock(&w.lock);
	bool started = w.started;
	w.closed = true;
	w.stop = true;
	pthread_cond_broadcast(&w.wake);
	pthread_mutex_unlock(&w.lock);
	if (started)
		pthread_join(w.thread, NULL);
	pthread_mutex_lock(&w.lock);
	w.started = false;
	w.stop = false;
	da_free(w.queue);
	pthread_mutex_unlock(&w.lock);
}

bool lk_text_worker_idle(int timeout_ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w.lock);
	int rc = 0;
	while ((w.queue.num > 0 || w.busy > 0) && rc == 0)
		rc = pthread_cond_timedwait(&w.quiet, &w.lock, &until);
	bool idle = w.queue.num == 0 && w.busy == 0;
	pthread_mutex_unlock(&w.lock);
	return idle;
}

/* ---- public: ports ------------------------------------------------------- */

struct lk_text_port *lk_text_port_create(void)
{
	struct lk_text_port *port = bzalloc(sizeof(*port));
	port->refs = 1;
	return port;
}

void lk_text_port_set(struct lk_text_port *port, const char *text, const struct lk_text_style *style)
{
	struct lk_font *font = style->font ? lk_font_ref(style->font) : NULL;
	char *copy = bstrdup(text ? text : "");

	pthread_mutex_lock(&w.lock);
	bfree(port->text);
	if (port->style.font)
		lk_font_release(port->style.font);
	port->text = copy;
	port->style = *style;
	port->style.font = font;
	port->wanted = true;
	if (!port->queued && enqueue(JOB_PORT, port)) {
		port->queued = true;
		port->refs++;
	}
	pthread_mutex_unlock(&w.lock);
}

bool lk_text_port_take_tex(struct lk_text_port *port, struct lk_text_bitmap *out, void **tex, uint32_t *tex_cx,
			   uint32_t *tex_cy)
{
	struct leftover got = {0};
	pthread_mutex_lock(&w.lock);
	bool has = port->has_done;
	if (has) {
		take_leftover(port, &got);
		*tex_cx = port->done_tex_cx;
		*tex_cy = port->done_tex_cy;
	}
	lk_text_gpu_drop_fn drop = w.gpu_drop;
	pthread_mutex_unlock(&w.lock);
	if (!has)
		return false;
	lk_text_bitmap_free(out);
	*out = got.bmp;
	if (tex)
		*tex = got.tex;
	else if (got.tex && drop)
		drop(got.tex);
	return true;
}

bool lk_text_port_take(struct lk_text_port *port, struct lk_text_bitmap *out)
{
	uint32_t cx, cy;
	return lk_text_port_take_tex(port, out, NULL, &cx, &cy);
}

bool lk_text_port_give(struct lk_text_port *port, void *tex, uint32_t cx, uint32_t cy)
{
	if (!port || !tex)
		return false;
	pthread_mutex_lock(&w.lock);
	bool kept = !port->spare && w.gpu_make;
	if (kept) {
		port->spare = tex;
		port->spare_cx = cx;
		port->spare_cy = cy;
	}
	pthread_mutex_unlock(&w.lock);
	return kept;
}

bool lk_text_port_busy(struct lk_text_port *port)
{
	if (!port)
		return false;
	pthread_mutex_lock(&w.lock);
	bool busy = port->wanted || port->running || port->has_done;
	pthread_mutex_unlock(&w.lock);
	return busy;
}

bool lk_text_port_working(struct lk_text_port *port)
{
	if (!port)
		return false;
	pthread_mutex_lock(&w.lock);
	bool working = port->wanted || port->running;
	pthread_mutex_unlock(&w.lock);
	return working;
}

void lk_text_set_on_done(void (*fn)(void))
{
	pthread_mutex_lock(&w.lock);
	w.on_done = fn;
	pthread_mutex_unlock(&w.lock);
}

void lk_text_set_gpu(lk_text_gpu_make_fn make, lk_text_gpu_drop_fn drop)
{
	pthread_mutex_lock(&w.lock);
	w.gpu_make = make;
	w.gpu_drop = drop;
	pthread_mutex_unlock(&w.lock);
}

void lk_text_port_release(struct lk_text_port *port)
{
	if (!port)
		return;
	struct leftover left = {0};
	pthread_mutex_lock(&w.lock);
	port->wanted = false;
	port_unref(port, &left);
	lk_text_gpu_drop_fn drop = w.gpu_drop;
	pthread_mutex_unlock(&w.lock);
	free_leftover(&left, drop);
}

/* ---- public: tasks -------------------------------------------------------- */

struct lk_text_task *lk_text_task_create(lk_text_task_fn fn, void *owner)
{
	struct lk_text_task *task = bzalloc(sizeof(*task));
	task->fn = fn;
	task->owner = owner;
	return task;
}

/* A copy that keeps the defaults: the task reads it while the UI may
 * change the source's own settings. */
static obs_data_t *settings_copy(obs_data_t *settings)
{
	obs_data_t *copy = obs_data_get_defaults(settings);
	obs_data_apply(copy, settings);
	return copy;
}

void lk_text_task_post(struct lk_text_task *task, obs_data_t *settings)
{
	obs_data_t *copy = settings_copy(settings);
	obs_data_t *old;

	pthread_mutex_lock(&w.lock);
	old = task->settings;
	task->settings = copy;
	if (!task->queued && enqueue(JOB_TASK, task))
		task->queued = true;
	pthread_mutex_unlock(&w.lock);
	obs_data_release(old);
}

void lk_text_task_destroy(struct lk_text_task *task)
{
	if (!task)
		return;
	pthread_mutex_lock(&w.lock);
	for (size_t i = 0; i < w.queue.num; i++) {
		if (w.queue.array[i].p == task) {
			da_erase(w.queue, i);
			break;
		}
	}
	while (task->running)
		pthread_cond_wait(&w.quiet, &w.lock);
	obs_data_t *old = task->settings;
	task->settings = NULL;
	pthread_mutex_unlock(&w.lock);
	obs_data_release(old);
	bfree(task);
}
