/*
 * Linkon — the image cache (lk-net-cache.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: c->lock guards wants and stopped (any thread puts a want, the
 * worker takes them). Everything else (the index, files, requests) is the
 * net worker's: cache_tick and on_response run there, one at a time.
 * Stats (bytes, files) are atomics written by the worker.
 */
#include "lk-net-cache.h"
#include "lk-image-probe.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <util/bmem.h>
#include <util/darray.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#define INDEX_NAME "index.txt"
#define IDLE_TICK_MS 60000

struct want {
	char *url;
	size_t max_bytes;
	lk_net_done_cb cb;
	void *data;
};

struct entry {
	uint64_t hash;
	char *url;
	uint64_t size;
	int64_t fetched_ms; /* wall ms the file was last confirmed by the server */
	int64_t used_ms;    /* wall ms it was last handed out */
	char *etag, *last_modified;
	bool have_file;
	bool busy; /* a request is in flight; waiters get its answer */
	DARRAY(struct want) waiters;
};

struct lk_net_cache {
	struct lk_net *net;
	uint64_t tick_id;
	char *dir;
	char *legacy_dir;
	uint64_t max_bytes;
	int64_t max_age_ms;
	int64_t (*now)(void);

	pthread_mutex_t lock;
	DARRAY(struct want) wants;
	bool stopped;

	/* net worker only */
	bool loaded, dirty;
	DARRAY(struct entry *) entries;
	volatile long total_bytes; /* long: 64 bits on the LP64 platforms Linkon builds for */
	volatile long num_files;
};

struct req_ctx {
	struct lk_net_cache *c;
	uint64_t hash;
};

static int64_t wall_ms(void)
{
	struct timespec ts;
	timespec_get(&ts, TIME_UTC);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

static void file_of(const struct lk_net_cache *c, uint64_t hash, const char *ext, struct dstr *out)
{
	dstr_printf(out, "%s/%016" PRIx64 ".%s", c->dir, hash, ext);
}

static void want_free(struct want *w)
{
	bfree(w->url);
}

static void entry_free(struct entry *e)
{
	for (size_t i = 0; i < e->waiters.num; i++)
		want_free(&e->waiters.array[i]);
	da_free(e->waiters);
	bfree(e->url);
	bfree(e->etag);
	bfree(e->last_modified);
	bfree(e);
}

static struct entry *find_url(struct lk_net_cache *c, const char *url)
{
	for (size_t i = 0; i < c->entries.num; i++)
		if (strcmp(c->entries.array[i]->url, url) == 0)
			return c->entries.array[i];
	return NULL;
}

static struct entry *find_hash(struct lk_net_cache *c, uint64_t hash, size_t *idx)
{
	for (size_t i = 0; i < c->entries.num; i++) {
		if (c->entries.array[i]->hash == hash) {
			*idx = i;
			return c->entries.array[i];
		}
	}
	return NULL;
}

static void update_stats(struct lk_net_cache *c)
{
	long long bytes = 0;
	long files = 0;
	for (size_t i = 0; i < c->entries.num; i++) {
		if (c->entries.array[i]->have_file) {
			bytes += (long long)c->entries.array[i]->size;
			files++;
		}
	}
	os_atomic_set_long(&c->num_files, files);
	os_atomic_set_long(&c->total_bytes, (long)bytes);
}

/* A header value fit for the index (one line, no tabs), else NULL. */
static char *validator(const char *v)
{
	if (!v || !*v || strlen(v) > 256 || strpbrk(v, "\t\r\n"))
		return NULL;
	return bstrdup(v);
}

/* ---- the index (worker) ----------------------------------------------------- */

/* One line per file: hash size fetched used etag last-modified url, tab-separated. */
static void index_save(struct lk_net_cache *c)
{
	struct dstr text = {0}, path = {0};
	for (size_t i = 0; i < c->entries.num; i++) {
		const struct entry *e = c->entries.array[i];
		if (!e->have_file)
			continue;
		dstr_catf(&text, "%016" PRIx64 "\t%" PRIu64 "\t%" PRId64 "\t%" PRId64 "\t%s\t%s\t%s\n", e->hash,
			  e->size, e->fetched_ms, e->used_ms, e->etag ? e->etag : "",
			  e->last_modified ? e->last_modified : "", e->url);
	}
	dstr_printf(&path, "%s/" INDEX_NAME, c->dir);
	if (!os_quick_write_utf8_file_safe(path.array, text.array ? text.array : "", text.len, false, "tmp", NULL))
		blog(LOG_WARNING, "[linkon] image cache: could not write its index");
	dstr_free(&text);
	dstr_free(&path);
	c->dirty = false;
}

static char *field(char **p)
{
	char *s = *p, *tab = s ? strchr(s, '\t') : NULL;
	if (!s)
		return NULL;
	if (tab) {
		*tab = '\0';
		*p = tab + 1;
	} else {
		*p = NULL;
	}
	return s;
}

static void index_parse_line(struct lk_net_cache *c, char *line, struct dstr *path)
{
	char *p = line;
	char *hash = field(&p), *size = field(&p), *fetched = field(&p), *used = field(&p);
	char *etag = field(&p), *lm = field(&p), *url = p;
	if (!url || !*url || !lk_net_url_allowed(url) || find_url(c, url))
		return;
	struct entry *e = bzalloc(sizeof(*e));
	e->hash = fnv1a64(url);
	e->url = bstrdup(url);
	e->fetched_ms = strtoll(fetched, NULL, 10);
	e->used_ms = strtoll(used, NULL, 10);
	e->etag = validator(etag);
	e->last_modified = validator(lm);
	file_of(c, e->hash, "img", path);
	int64_t got = os_get_file_size(path->array);
	e->have_file = got > 0 && strtoull(hash, NULL, 16) == e->hash && (uint64_t)got == strtoull(size, NULL, 10);
	e->size = got > 0 ? (uint64_t)got : 0;
	if (e->have_file)
		da_push_back(c->entries, &e);
	else
		entry_free(e);
}

/* Deletes an older version's cache folder (its files, then the folder). */
static void remove_legacy(const char *legacy)
{
	struct dstr path = {0};
	os_dir_t *dir = os_opendir(legacy);
	struct os_dirent *ent;
	while (dir && (ent = os_readdir(dir)) != NULL) {
		const char *dot = strrchr(ent->d_name, '.');
		if (ent->directory || !dot || (strcmp(dot, ".img") != 0 && strcmp(dot, ".part") != 0))
			continue;
		dstr_printf(&path, "%s/%s", legacy, ent->d_name);
		os_unlink(path.array);
	}
	if (dir) {
		os_closedir(dir);
		os_rmdir(legacy); /* fails, harmlessly, if something else is in it */
	}
	dstr_free(&path);
}

/* Reads the index; files of the folder it does not list (a crash between
 * writing a file and the index, or an older version's cache) are deleted. */
static void index_load(struct lk_net_cache *c)
{
	struct dstr path = {0};
	dstr_printf(&path, "%s/" INDEX_NAME, c->dir);
	char *text = os_quick_read_utf8_file(path.array);
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		index_parse_line(c, line, &path);
	}
	bfree(text);

	os_dir_t *dir = os_opendir(c->dir);
	struct os_dirent *ent;
	while (dir && (ent = os_readdir(dir)) != NULL) {
		const char *dot = strrchr(ent->d_name, '.');
		if (ent->directory || !dot || (strcmp(dot, ".img") != 0 && strcmp(dot, ".part") != 0))
			continue;
		size_t idx;
		uint64_t h = strtoull(ent->d_name, NULL, 16);
		if (strcmp(dot, ".img") == 0 && find_hash(c, h, &idx))
			continue;
		dstr_printf(&path, "%s/%s", c->dir, ent->d_name);
		os_unlink(path.array);
	}
	if (dir)
		os_closedir(dir);
	dstr_free(&path);
	c->loaded = true;
	update_stats(c);
}

/* Drops least recently used files until the total fits the cap; keep (the
 * file just written) and files being refreshed stay. */
static void prune(struct lk_net_cache *c, const struct entry *keep)
{
	uint64_t total = 0;
	for (size_t i = 0; i < c->entries.num; i++)
		total += c->entries.array[i]->have_file ? c->entries.array[i]->size : 0;
	struct dstr path = {0};
	while (total > c->max_bytes) {
		size_t victim = SIZE_MAX;
		for (size_t i = 0; i < c->entries.num; i++) {
			const struct entry *e = c->entries.array[i];
			if (e == keep || e->busy || !e->have_file)
				continue;
			if (victim == SIZE_MAX || e->used_ms < c->entries.array[victim]->used_ms)
				victim = i;
		}
		if (victim == SIZE_MAX)
			break;
		struct entry *e = c->entries.array[victim];
		file_of(c, e->hash, "img", &path);
		os_unlink(path.array);
		total -= e->size;
		da_erase(c->entries, victim);
		entry_free(e);
		c->dirty = true;
	}
	dstr_free(&path);
}

/* ---- answering (worker) ------------------------------------------------------ */

static void answer(struct lk_net_cache *c, struct want *w, const struct entry *e, const char *error, long status)
{
	struct dstr path = {0};
	struct lk_net_result res = {.ok = error == NULL, .http_status = status, .error = error};
	if (!error) {
		file_of(c, e->hash, "img", &path);
		res.path = path.array;
	}
	w->cb(w->data, &res);
	want_free(w);
	dstr_free(&path);
}

/* Answers every waiter: with the file when the entry has one, else error. */
static void answer_waiters(struct lk_net_cache *c, struct entry *e, const char *error, long status)
{
	int64_t now = c->now();
	for (size_t i = 0; i < e->waiters.num; i++) {
		if (e->have_file)
			e->used_ms = now;
		answer(c, &e->waiters.array[i], e, e->have_file ? NULL : error, status);
	}
	da_resize(e->waiters, 0);
	c->dirty = true;
}

static bool write_file(struct lk_net_cache *c, const struct entry *e, const char *body, size_t len)
{
	struct dstr part = {0}, path = {0};
	file_of(c, e->hash, "part", &part);
	file_of(c, e->hash, "img", &path);
	FILE *f = os_fopen(part.array, "wb");
	bool ok = f && fwrite(body, 1, len, f) == len;
	if (f)
		ok = fclose(f) == 0 && ok;
	if (ok) {
		os_unlink(path.array);
		ok = os_rename(part.array, path.array) == 0;
	}
	if (!ok)
		os_unlink(part.array);
	dstr_free(&part);
	dstr_free(&path);
	return ok;
}

/* The entry's request is over: take the file (200), keep it (304), or keep
 * the last good one (anything else). */
static void on_response(void *data, const struct lk_net_response *res)
{
	struct req_ctx *ctx = data;
	struct lk_net_cache *c = ctx->c;
	size_t idx;
	struct entry *e = find_hash(c, ctx->hash, &idx);
	bfree(ctx);
	if (!e)
		return;
	e->busy = false;

	struct dstr err = {0};
	struct lk_image_info info;
	int64_t now = c->now();
	if (res->ok && res->http_status == 304 && e->have_file) {
		e->fetched_ms = now;
	} else if (res->ok && res->http_status >= 200 && res->http_status < 300) {
		if (!res->body_len || !lk_image_probe((const uint8_t *)res->body, res->body_len, &info))
			dstr_copy(&err, "not an image");
		else if (!write_file(c, e, res->body, res->body_len))
			dstr_copy(&err, "could not write the cache file");
		else {
			e->have_file = true;
			e->size = res->body_len;
			e->fetched_ms = now;
			bfree(e->etag);
			bfree(e->last_modified);
			e->etag = validator(res->etag);
			e->last_modified = validator(res->last_modified);
			prune(c, e);
		}
	} else if (res->ok) {
		dstr_printf(&err, "HTTP %ld", res->http_status);
	} else {
		dstr_copy(&err, res->error ? res->error : "no response");
	}
	if (err.array && e->have_file)
		blog(LOG_INFO, "[linkon] image cache: refresh failed (%s), the last good file stays", err.array);
	answer_waiters(c, e, err.array, res->http_status);
	if (!e->have_file) { /* nothing to keep: forget it */
		for (size_t i = 0; i < c->entries.num; i++) {
			if (c->entries.array[i] == e) {
				da_erase(c->entries, i);
				entry_free(e);
				break;
			}
		}
	}
	dstr_free(&err);
	update_stats(c);
	if (c->dirty)
		index_save(c);
}

/* Starts the entry's request; false if the worker refused it. */
static bool start_request(struct lk_net_cache *c, struct entry *e, size_t max_bytes)
{
	struct dstr inm = {0}, ims = {0};
	const char *headers[3] = {NULL};
	int n = 0;
	if (e->have_file && e->etag) {
		dstr_printf(&inm, "If-None-Match: %s", e->etag);
		headers[n++] = inm.array;
	}
	if (e->have_file && e->last_modified) {
		dstr_printf(&ims, "If-Modified-Since: %s", e->last_modified);
		headers[n++] = ims.array;
	}
	struct lk_net_request req = {.url = e->url, .headers = headers, .max_bytes = max_bytes};
	struct req_ctx *ctx = bzalloc(sizeof(*ctx));
	ctx->c = c;
	ctx->hash = e->hash;
	bool ok = lk_net_request(c->net, &req, on_response, ctx) != 0;
	if (!ok)
		bfree(ctx);
	e->busy = ok;
	dstr_free(&inm);
	dstr_free(&ims);
	return ok;
}

/* One want: at once from a fresh file, else through a request. */
static void serve(struct lk_net_cache *c, struct want *w)
{
	struct entry *e = find_url(c, w->url);
	if (!e) {
		e = bzalloc(sizeof(*e));
		e->url = bstrdup(w->url);
		e->hash = fnv1a64(w->url);
		da_push_back(c->entries, &e);
	}
	int64_t now = c->now();
	if (!e->busy && e->have_file && now - e->fetched_ms < c->max_age_ms && now >= e->fetched_ms) {
		e->used_ms = now;
		c->dirty = true;
		answer(c, w, e, NULL, 0);
		return;
	}
	da_push_back(e->waiters, w);
	if (!e->busy && !start_request(c, e, w->max_bytes)) {
		answer_waiters(c, e, "the network worker refused the request", 0);
		if (!e->have_file) {
			da_erase_item(c->entries, &e);
			entry_free(e);
		}
	}
}

static int64_t cache_tick(void *data, int64_t now_mono)
{
	struct lk_net_cache *c = data;
	UNUSED_PARAMETER(now_mono);
	if (!c->loaded) {
		if (c->legacy_dir)
			remove_legacy(c->legacy_dir);
		index_load(c);
	}

	pthread_mutex_lock(&c->lock);
	DARRAY(struct want) wants = {0};
	da_move(wants, c->wants);
	pthread_mutex_unlock(&c->lock);

	for (size_t i = 0; i < wants.num; i++)
		serve(c, &wants.array[i]);
	da_free(wants);
	if (c->dirty)
		index_save(c);
	update_stats(c);
	return IDLE_TICK_MS;
}

/* ---- any thread ---------------------------------------------------------------- */

struct lk_net_cache *lk_net_cache_create(struct lk_net *net, const struct lk_net_cache_config *cfg)
{
	if (!net || !cfg || !cfg->dir || !*cfg->dir)
		return NULL;
	struct lk_net_cache *c = bzalloc(sizeof(*c));
	c->net = net;
	c->dir = bstrdup(cfg->dir);
	c->legacy_dir = cfg->legacy_dir && *cfg->legacy_dir ? bstrdup(cfg->legacy_dir) : NULL;
	c->max_bytes = cfg->max_bytes ? cfg->max_bytes : LK_NET_CACHE_DEFAULT_BYTES;
	c->max_age_ms = cfg->max_age_ms > 0 ? cfg->max_age_ms : LK_NET_CACHE_DEFAULT_MAX_AGE_MS;
	c->now = cfg->now_ms ? cfg->now_ms : wall_ms;
	pthread_mutex_init(&c->lock, NULL);
	if (os_mkdirs(c->dir) == MKDIR_ERROR)
		blog(LOG_WARNING, "[linkon] could not create the image cache folder; downloads will fail");
	c->tick_id = lk_net_add_tick(net, cache_tick, c);
	return c;
}

void lk_net_cache_stop(struct lk_net_cache *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stopped = true;
	pthread_mutex_unlock(&c->lock);
	lk_net_remove_tick(c->net, c->tick_id);
}

void lk_net_cache_destroy(struct lk_net_cache *c)
{
	if (!c)
		return;
	struct lk_net_result res = {.ok = false, .error = "cancelled"};
	for (size_t i = 0; i < c->wants.num; i++) {
		c->wants.array[i].cb(c->wants.array[i].data, &res);
		want_free(&c->wants.array[i]);
	}
	da_free(c->wants);
	for (size_t i = 0; i < c->entries.num; i++) {
		struct entry *e = c->entries.array[i];
		for (size_t k = 0; k < e->waiters.num; k++)
			e->waiters.array[k].cb(e->waiters.array[k].data, &res);
		entry_free(e);
	}
	da_free(c->entries);
	pthread_mutex_destroy(&c->lock);
	bfree(c->dir);
	bfree(c->legacy_dir);
	bfree(c);
}

bool lk_net_cache_fetch(struct lk_net_cache *c, const char *url, size_t max_bytes, lk_net_done_cb cb, void *data)
{
	if (!c || !url || !cb || !lk_net_url_allowed(url))
		return false;
	struct want w = {.url = bstrdup(url), .max_bytes = max_bytes, .cb = cb, .data = data};
	pthread_mutex_lock(&c->lock);
	bool ok = !c->stopped;
	if (ok)
		da_push_back(c->wants, &w);
	pthread_mutex_unlock(&c->lock);
	if (!ok) {
		want_free(&w);
		return false;
	}
	lk_net_wake_tick(c->net, c->tick_id);
	return true;
}

uint64_t lk_net_cache_bytes(struct lk_net_cache *c, size_t *files)
{
	if (files)
		*files = c ? (size_t)os_atomic_load_long(&c->num_files) : 0;
	return c ? (uint64_t)os_atomic_load_long(&c->total_bytes) : 0;
}
