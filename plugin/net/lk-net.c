/*
 * Linkon — the network worker thread (libcurl multi interface).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One thread owns the CURLM and every easy handle. Other threads only put
 * jobs into a mutex-protected queue and wake the worker with
 * curl_multi_wakeup, so no caller ever waits for the network.
 *
 * At most LK_NET_MAX_ACTIVE transfers run at once; the rest wait, in
 * order, on the worker before their easy handle exists, so waiting never
 * eats into a transfer's timeout (curl's own connection limits would).
 *
 * The worker loop: take queued jobs (start those that fit), run the due
 * ticks, curl_multi_perform, hand finished transfers to their callbacks,
 * then curl_multi_poll until a socket is ready, a wake-up comes, or the
 * next tick is due (at most 1 s).
 *
 * libcurl must be initialised once per process before lk_net_create: the
 * module calls curl_global_init in obs_module_load (and
 * curl_global_cleanup after lk_net_destroy in obs_module_unload); the unit
 * test does the same in main.
 *
 * Shared fields, who writes and who reads them:
 *   stopping          set by lk_net_destroy (under queue_mutex), read by the
 *                     worker and by lk_net_download (under queue_mutex)
 *   queue_head/tail, cancels, next_job_id
 *                     any thread appends, the worker takes; queue_mutex
 *   ticks, running_tick, next_tick_id
 *                     any thread adds/removes, the worker runs; tick_mutex
 *   waiting, active, easy_cfg
 *                     worker only (easy_cfg is read-only after create)
 */
#include "lk-net.h"
#include "lk-net-job.h"
#include "lk-net-words.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/darray.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#ifndef LINKON_VERSION
#error "LINKON_VERSION comes from CMakeLists.txt (linkon-core), the one version constant"
#endif

#define LK_NET_DEFAULT_UA "Linkon/" LINKON_VERSION " (OBS plugin)"
#define LK_NET_DEFAULT_CONNECT_MS 5000L
#define LK_NET_DEFAULT_TOTAL_MS 30000L
#define LK_NET_MAX_WAIT_MS 1000
#define LK_NET_MAX_ACTIVE 16

struct lk_net_tick {
	uint64_t id;
	lk_net_tick_cb cb;
	void *data;
	int64_t due_ms;
	bool woken; /* lk_net_wake_tick came while the callback ran */
};

struct lk_net {
	CURLM *multi;
	pthread_t thread;
	volatile bool stopping;
	char *user_agent;
	long total_timeout_ms;
	struct lk_net_easy_config easy_cfg;

	pthread_mutex_t queue_mutex;
	struct lk_net_job *queue_head;
	struct lk_net_job *queue_tail;
	DARRAY(uint64_t) cancels; /* job ids to end early */
	uint64_t next_job_id;

	DARRAY(struct lk_net_job *) waiting; /* taken from the queue, not started */
	DARRAY(struct lk_net_job *) active;  /* easy handle in the multi */

	pthread_mutex_t tick_mutex;
	pthread_cond_t tick_cond; /* signalled when a tick callback returns */
	DARRAY(struct lk_net_tick) ticks;
	uint64_t next_tick_id;
	uint64_t running_tick; /* id whose callback runs now, 0 = none */
};

static int64_t now_ms(void)
{
	return lk_net_now_ms();
}

/* ---- the job queue --------------------------------------------------- */

/* Worker. Takes the whole queue, in order, and the cancel requests made
 * since the last call (cancels may be NULL) - both at once, so a cancel
 * always finds a job queued before it. */
static struct lk_net_job *take_queue(struct lk_net *net, struct darray *cancels)
{
	struct lk_net_job *head;

	pthread_mutex_lock(&net->queue_mutex);
	head = net->queue_head;
	net->queue_head = NULL;
	net->queue_tail = NULL;
	if (cancels)
		darray_move(cancels, &net->cancels.da);
	pthread_mutex_unlock(&net->queue_mutex);
	return head;
}

/* Any thread. Gives job an id and queues it; false (job freed, no
 * callback) once lk_net_destroy has begun. */
static uint64_t queue_job(struct lk_net *net, struct lk_net_job *job)
{
	uint64_t id = 0;

	pthread_mutex_lock(&net->queue_mutex);
	if (!os_atomic_load_bool(&net->stopping)) {
		id = job->id = ++net->next_job_id;
		if (net->queue_tail)
			net->queue_tail->next = job;
		else
			net->queue_head = job;
		net->queue_tail = job;
	}
	pthread_mutex_unlock(&net->queue_mutex);

	if (!id) {
		lk_net_job_free(job);
		return 0;
	}
	curl_multi_wakeup(net->multi);
	return id;
}

static void start_job(struct lk_net *net, struct lk_net_job *job)
{
	if (!lk_net_job_start(job, &net->easy_cfg)) {
		lk_net_job_free(job);
		return;
	}
	if (curl_multi_add_handle(net->multi, job->easy) != CURLM_OK) {
		dstr_copy(&job->error, "could not start a transfer");
		lk_net_job_end(job, CURLE_OK, false);
		lk_net_job_free(job);
		return;
	}
	da_push_back(net->active, &job);
}

/* Worker. True when a waiting job could start right now. */
static bool can_start_more(struct lk_net *net)
{
	return net->waiting.num && net->active.num < LK_NET_MAX_ACTIVE;
}

/* Worker. Ends an active job whose transfer finished (or is abandoned). */
static void end_active_job(struct lk_net *net, struct lk_net_job *job, CURLcode code, bool cancelled)
{
	curl_multi_remove_handle(net->multi, job->easy);
	da_erase_item(net->active, &job);
	lk_net_job_end(job, code, cancelled);
	lk_net_job_free(job);
}

static void cancel_job(struct lk_net_job *job)
{
	lk_net_job_end(job, CURLE_OK, true);
	lk_net_job_free(job);
}

/* Worker. Ends job id, running or waiting; an id already ended is ignored. */
static void cancel_id(struct lk_net *net, uint64_t id)
{
	for (size_t i = 0; i < net->active.num; i++) {
		if (net->active.array[i]->id == id) {
			end_active_job(net, net->active.array[i], CURLE_OK, true);
			return;
		}
	}
	for (size_t i = 0; i < net->waiting.num; i++) {
		struct lk_net_job *job = net->waiting.array[i];
		if (job->id == id) {
			da_erase(net->waiting, i);
			cancel_job(job);
			return;
		}
	}
}

/* Worker. Moves the queue to the waiting list, applies cancel requests and
 * starts what fits. */
static void start_queued_jobs(struct lk_net *net)
{
	DARRAY(uint64_t) cancels;
	da_init(cancels);
	struct lk_net_job *job = take_queue(net, &cancels.da);

	while (job) {
		struct lk_net_job *next = job->next;

		job->next = NULL;
		da_push_back(net->waiting, &job);
		job = next;
	}
	for (size_t i = 0; i < cancels.num; i++)
		cancel_id(net, cancels.array[i]);
	da_free(cancels);
	while (can_start_more(net)) {
		job = net->waiting.array[0];
		da_erase(net->waiting, 0);
		start_job(net, job);
	}
}

/* Worker. Ends every transfer that received nothing for its idle time. */
static void end_idle_jobs(struct lk_net *net)
{
	int64_t now = now_ms();

	for (size_t i = net->active.num; i-- > 0;) {
		struct lk_net_job *job = net->active.array[i];

		if (job->idle_timeout_ms <= 0 || now - job->last_activity_ms < job->idle_timeout_ms)
			continue;
		char secs[32];
		const char *args[1] = {secs};
		snprintf(secs, sizeof(secs), "%.1f", (double)job->idle_timeout_ms / 1000.0);
		lk_msg_fill(&job->error, lk_msg_english_template(LK_MSG_NET_IDLE, false), args, 1);
		job->error_code = LK_MSG_NET_IDLE;
		end_active_job(net, job, CURLE_OK, false);
	}
}

static void read_completions(struct lk_net *net)
{
	struct CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(net->multi, &left)) != NULL) {
		char *job = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &job);
		if (job)
			end_active_job(net, (struct lk_net_job *)job, msg->data.result, false);
	}
}

/* Worker, on the way out: every transfer, running or waiting, is cancelled. */
static void cancel_all(struct lk_net *net)
{
	struct lk_net_job *job;

	while (net->active.num)
		end_active_job(net, net->active.array[net->active.num - 1], CURLE_OK, true);
	for (size_t i = 0; i < net->waiting.num; i++)
		cancel_job(net->waiting.array[i]);
	da_resize(net->waiting, 0);

	/* stopping is set, so nothing is queued after this */
	job = take_queue(net, NULL);
	while (job) {
		struct lk_net_job *next = job->next;

		cancel_job(job);
		job = next;
	}
}

/* ---- ticks ------------------------------------------------------------ */

/* tick_mutex held. Index of the due tick that waited longest, or -1. */
static long find_due_tick(struct lk_net *net, int64_t now)
{
	long best = -1;

	for (size_t i = 0; i < net->ticks.num; i++) {
		const struct lk_net_tick *t = &net->ticks.array[i];

		if (t->due_ms <= now && (best < 0 || t->due_ms < net->ticks.array[best].due_ms))
			best = (long)i;
	}
	return best;
}

/* tick_mutex held. Milliseconds until the next tick is due (0..max). */
static int64_t ms_until_next_tick(struct lk_net *net, int64_t now)
{
	int64_t wait = LK_NET_MAX_WAIT_MS;

	for (size_t i = 0; i < net->ticks.num; i++) {
		int64_t left = net->ticks.array[i].due_ms - now;

		if (left < wait)
			wait = left;
	}
	return wait < 0 ? 0 : wait;
}

/* tick_mutex held. */
static struct lk_net_tick *tick_by_id(struct lk_net *net, uint64_t id)
{
	for (size_t i = 0; i < net->ticks.num; i++) {
		if (net->ticks.array[i].id == id)
			return &net->ticks.array[i];
	}
	return NULL;
}

/* Worker. Runs one due tick (the mutex is not held during the callback).
 * Returns false when none was due at pass_start. */
static bool run_one_tick(struct lk_net *net, int64_t pass_start)
{
	struct lk_net_tick t, *still;
	long idx;
	int64_t delay;

	pthread_mutex_lock(&net->tick_mutex);
	idx = find_due_tick(net, pass_start);
	if (idx < 0) {
		pthread_mutex_unlock(&net->tick_mutex);
		return false;
	}
	t = net->ticks.array[idx];
	net->running_tick = t.id;
	pthread_mutex_unlock(&net->tick_mutex);

	delay = t.cb(t.data, now_ms());

	pthread_mutex_lock(&net->tick_mutex);
	still = tick_by_id(net, t.id);
	if (still) {
		still->due_ms = still->woken ? 0 : now_ms() + (delay < 1 ? 1 : delay);
		still->woken = false;
	}
	net->running_tick = 0;
	pthread_cond_broadcast(&net->tick_cond);
	pthread_mutex_unlock(&net->tick_mutex);
	return true;
}

/* Worker. Runs every tick due now (each at most once: a tick's next due
 * time is always later than pass_start). Returns ms until the next one. */
static int64_t run_due_ticks(struct lk_net *net)
{
	int64_t pass_start = now_ms();
	int64_t wait;

	while (!os_atomic_load_bool(&net->stopping) && run_one_tick(net, pass_start))
		;

	pthread_mutex_lock(&net->tick_mutex);
	wait = ms_until_next_tick(net, now_ms());
	pthread_mutex_unlock(&net->tick_mutex);
	return wait;
}

/* ---- the worker -------------------------------------------------------- */

static void *worker_main(void *param)
{
	struct lk_net *net = param;

	os_set_thread_name("linkon-net");
	while (!os_atomic_load_bool(&net->stopping)) {
		int running = 0;
		int64_t wait;

		start_queued_jobs(net);
		wait = run_due_ticks(net);
		if (os_atomic_load_bool(&net->stopping))
			break;
		curl_multi_perform(net->multi, &running);
		read_completions(net);
		end_idle_jobs(net);
		if (os_atomic_load_bool(&net->stopping))
			break;
		if (can_start_more(net))
			wait = 0;
		curl_multi_poll(net->multi, NULL, 0, (int)(wait < LK_NET_MAX_WAIT_MS ? wait : LK_NET_MAX_WAIT_MS),
				NULL);
	}
	cancel_all(net);
	return NULL;
}

static void net_free(struct lk_net *net)
{
	if (net->multi)
		curl_multi_cleanup(net->multi);
	pthread_mutex_destroy(&net->queue_mutex);
	pthread_mutex_destroy(&net->tick_mutex);
	pthread_cond_destroy(&net->tick_cond);
	da_free(net->waiting);
	da_free(net->active);
	da_free(net->cancels);
	da_free(net->ticks);
	bfree(net->user_agent);
	bfree(net);
}

static void net_configure(struct lk_net *net, const struct lk_net_config *cfg)
{
	const char *ua = cfg && cfg->user_agent && *cfg->user_agent ? cfg->user_agent : LK_NET_DEFAULT_UA;

	net->user_agent = bstrdup(ua);
	net->easy_cfg.user_agent = net->user_agent;
	net->easy_cfg.connect_timeout_ms =
		cfg && cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : LK_NET_DEFAULT_CONNECT_MS;
	net->total_timeout_ms = cfg && cfg->total_timeout_ms > 0 ? cfg->total_timeout_ms : LK_NET_DEFAULT_TOTAL_MS;
}

struct lk_net *lk_net_create(const struct lk_net_config *cfg)
{
	struct lk_net *net = bzalloc(sizeof(*net));

	pthread_mutex_init(&net->queue_mutex, NULL);
	pthread_mutex_init(&net->tick_mutex, NULL);
	pthread_cond_init(&net->tick_cond, NULL);
	net_configure(net, cfg);

	net->multi = curl_multi_init();
	if (!net->multi) {
		blog(LOG_WARNING, "[linkon] net: could not create the curl multi handle");
		goto fail;
	}
	if (pthread_create(&net->thread, NULL, worker_main, net) != 0) {
		blog(LOG_WARNING, "[linkon] net: could not start the worker thread");
		goto fail;
	}
	return net;

fail:
	net_free(net);
	return NULL;
}

/* Not from the worker thread (a callback or a tick): it joins that thread. */
void lk_net_destroy(struct lk_net *net)
{
	if (!net)
		return;
	pthread_mutex_lock(&net->queue_mutex);
	os_atomic_store_bool(&net->stopping, true);
	pthread_mutex_unlock(&net->queue_mutex);
	curl_multi_wakeup(net->multi);
	pthread_join(net->thread, NULL);
	net_free(net);
}

/* Also returns false (cb not called) once lk_net_destroy has begun. */
bool lk_net_download(struct lk_net *net, const char *url, const char *dest_path, size_t max_bytes, lk_net_done_cb cb,
		     void *data)
{
	if (!net || !dest_path || !*dest_path || !lk_net_url_allowed(url))
		return false;
	return queue_job(net, lk_net_job_new_download(url, dest_path, max_bytes, net->total_timeout_ms, cb, data)) != 0;
}

uint64_t lk_net_request(struct lk_net *net, const struct lk_net_request *req, lk_net_response_cb cb, void *data)
{
	if (!net || !req || !lk_net_url_allowed(req->url))
		return 0;
	return queue_job(net, lk_net_job_new_request(req, net->total_timeout_ms, NULL, cb, data));
}

uint64_t lk_net_stream(struct lk_net *net, const struct lk_net_request *req, const struct lk_net_stream_cbs *cbs,
		       void *data)
{
	if (!net || !req || !cbs || !lk_net_url_allowed(req->url))
		return 0;
	return queue_job(net, lk_net_job_new_request(req, 0, cbs, NULL, data));
}

void lk_net_cancel(struct lk_net *net, uint64_t id)
{
	if (!net || !id)
		return;
	pthread_mutex_lock(&net->queue_mutex);
	if (!os_atomic_load_bool(&net->stopping))
		da_push_back(net->cancels, &id);
	pthread_mutex_unlock(&net->queue_mutex);
	curl_multi_wakeup(net->multi);
}

uint64_t lk_net_add_tick(struct lk_net *net, lk_net_tick_cb cb, void *data)
{
	struct lk_net_tick t = {.cb = cb, .data = data, .due_ms = 0};

	if (!net || !cb)
		return 0;
	pthread_mutex_lock(&net->tick_mutex);
	t.id = ++net->next_tick_id;
	da_push_back(net->ticks, &t);
	pthread_mutex_unlock(&net->tick_mutex);
	curl_multi_wakeup(net->multi);
	return t.id;
}

/* Waits while the tick's callback runs on the worker, so the caller may
 * free its data afterwards. Called from a tick (the worker thread) it
 * does not wait, so it cannot deadlock; the tick just never runs again.
 * Still, connectors should not do that: see lk-net.h. */
void lk_net_remove_tick(struct lk_net *net, uint64_t id)
{
	bool on_worker;

	if (!net || !id)
		return;
	on_worker = pthread_equal(pthread_self(), net->thread) != 0;

	pthread_mutex_lock(&net->tick_mutex);
	for (size_t i = 0; i < net->ticks.num; i++) {
		if (net->ticks.array[i].id == id) {
			da_erase(net->ticks, i);
			break;
		}
	}
	while (!on_worker && net->running_tick == id)
		pthread_cond_wait(&net->tick_cond, &net->tick_mutex);
	pthread_mutex_unlock(&net->tick_mutex);
}

void lk_net_wake_tick(struct lk_net *net, uint64_t id)
{
	if (!net || !id)
		return;
	pthread_mutex_lock(&net->tick_mutex);
	struct lk_net_tick *t = tick_by_id(net, id);
	if (t) {
		t->due_ms = 0;
		t->woken = net->running_tick == id; /* news it may have missed */
	}
	pthread_mutex_unlock(&net->tick_mutex);
	curl_multi_wakeup(net->multi);
}

bool lk_net_url_allowed(const char *url)
{
	const char *host;

	if (!url)
		return false;
	if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else
		return false;

	/* the authority must name a host: not empty, not only user info or a port */
	size_t len = strcspn(host, "/?#");
	for (size_t i = len; i > 0; i--) {
		if (host[i - 1] == '@') {
			host += i;
			len -= i;
			break;
		}
	}
	return len > 0 && host[0] != ':';
}
