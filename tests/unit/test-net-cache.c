/*
 * Linkon — unit tests for the image cache (net/lk-net-cache.c) on the real
 * net worker against the loopback test server's /cached/ route
 * (tests/server/lkserver/cached.py): fresh files without a request,
 * revalidation after the max age (304 keeps the file, a new version
 * replaces it), the LRU size cap, the index across a restart, and hostile
 * answers (404, a body over the cap, not an image) that keep the last good
 * file. Time is moved with the cache's clock hook, never slept.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lk-testsrv.h"
#include "net/lk-net-cache.h"

#include <util/platform.h>

#define WAIT_MS 30000
#define AGE_MS 60000

static struct lk_testsrv srv;
static volatile int64_t fake_now = 1000000;

static int64_t clock_now(void)
{
	return __atomic_load_n(&fake_now, __ATOMIC_SEQ_CST);
}

static void advance(int64_t ms)
{
	__atomic_add_fetch(&fake_now, ms, __ATOMIC_SEQ_CST);
}

struct got {
	pthread_mutex_t lock;
	int calls;
	bool ok;
	char path[512];
	char error[256];
};

static void on_done(void *data, const struct lk_net_result *res)
{
	struct got *g = data;
	pthread_mutex_lock(&g->lock);
	g->calls++;
	g->ok = res->ok;
	snprintf(g->path, sizeof(g->path), "%s", res->path ? res->path : "");
	snprintf(g->error, sizeof(g->error), "%s", res->error ? res->error : "");
	pthread_mutex_unlock(&g->lock);
}

/* Fetches path from the server through c and waits for the answer. */
static void fetch(struct lk_net_cache *c, const char *path, size_t max, struct got *g)
{
	char url[512];
	lk_testsrv_url(&srv, path, url, sizeof(url));
	memset(g, 0, sizeof(*g));
	pthread_mutex_init(&g->lock, NULL);
	assert_true(lk_net_cache_fetch(c, url, max, on_done, g));
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	for (;;) {
		pthread_mutex_lock(&g->lock);
		int calls = g->calls;
		pthread_mutex_unlock(&g->lock);
		if (calls)
			break;
		assert_true(lk_test_mono_ms() < end);
		lk_test_sleep_ms(5);
	}
	lk_test_sleep_ms(20); /* a second call would show here */
	assert_int_equal(g->calls, 1);
	pthread_mutex_destroy(&g->lock);
}

/* The server's count of what for name ("full", "not_modified", ...). */
static int count(const char *name, const char *what)
{
	json_t *all = lk_testsrv_json(&srv, "/_cached/counts", NULL);
	assert_non_null(all);
	json_t *n = json_object_get(json_object_get(all, name), what);
	int v = n ? (int)json_integer_value(n) : 0;
	json_decref(all);
	return v;
}

static void server_set(const char *json)
{
	assert_true(lk_testsrv_post(&srv, "/_cached/set", json));
}

static char *read_all(const char *path, size_t *len)
{
	char *s = lk_test_read_file(path, len);
	assert_non_null(s);
	return s;
}

struct fixture {
	struct lk_net *net;
	struct lk_net_cache *cache;
	char dir[256];
};

static void open_cache(struct fixture *f, uint64_t max_bytes)
{
	char legacy[300];
	snprintf(legacy, sizeof(legacy), "%s-thumbs", f->dir);
	struct lk_net_cache_config cfg = {.dir = f->dir,
					  .legacy_dir = legacy,
					  .max_bytes = max_bytes,
					  .max_age_ms = AGE_MS,
					  .now_ms = clock_now};
	f->net = lk_net_create(NULL);
	assert_non_null(f->net);
	f->cache = lk_net_cache_create(f->net, &cfg);
	assert_non_null(f->cache);
}

static void close_cache(struct fixture *f)
{
	lk_net_cache_stop(f->cache);
	lk_net_destroy(f->net);
	lk_net_cache_destroy(f->cache);
}

static int setup(void **state)
{
	static int n;
	struct fixture *f = calloc(1, sizeof(*f));
	char name[32];
	snprintf(name, sizeof(name), "cache%d", n++);
	lk_testsrv_path(&srv, name, f->dir, sizeof(f->dir));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* A fresh file is handed out without asking; after the max age it is
 * asked for with its validators and a 304 keeps it; a new version
 * replaces it. */
static void test_revalidate(void **state)
{
	struct fixture *f = *state;
	struct got g;
	size_t len1, len2;

	open_cache(f, 0);
	fetch(f->cache, "/cached/red-8x8.png", 1 << 20, &g);
	assert_true(g.ok);
	assert_int_equal(count("red-8x8.png", "full"), 1);
	char *first = read_all(g.path, &len1);

	fetch(f->cache, "/cached/red-8x8.png", 1 << 20, &g); /* fresh: no request */
	assert_true(g.ok);
	assert_int_equal(count("red-8x8.png", "full") + count("red-8x8.png", "not_modified"), 1);

	advance(AGE_MS + 1); /* stale: asked again, with If-None-Match */
	fetch(f->cache, "/cached/red-8x8.png", 1 << 20, &g);
	assert_true(g.ok);
	assert_int_equal(count("red-8x8.png", "conditional"), 1);
	assert_int_equal(count("red-8x8.png", "not_modified"), 1);
	assert_int_equal(count("red-8x8.png", "full"), 1);
	char *again = read_all(g.path, &len2);
	assert_int_equal(len1, len2);
	assert_memory_equal(first, again, len1);
	free(again);

	fetch(f->cache, "/cached/red-8x8.png", 1 << 20, &g); /* the 304 made it fresh again */
	assert_int_equal(count("red-8x8.png", "conditional"), 1);

	/* a new picture on the server: the next revalidation gets it whole */
	server_set("{\"name\": \"red-8x8.png\", \"version\": 2}");
	advance(AGE_MS + 1);
	fetch(f->cache, "/cached/red-8x8.png", 1 << 20, &g);
	assert_true(g.ok);
	assert_int_equal(count("red-8x8.png", "conditional"), 2);
	assert_int_equal(count("red-8x8.png", "full"), 2);
	free(first);
	close_cache(f);
}

/* Hostile answers keep the last good file; with none there is an error. */
static void test_hostile(void **state)
{
	struct fixture *f = *state;
	struct got g;
	size_t len, good_len;

	open_cache(f, 0);
	fetch(f->cache, "/cached/image-3x2.png", 1 << 20, &g);
	assert_true(g.ok);
	char good_path[512];
	snprintf(good_path, sizeof(good_path), "%s", g.path);
	char *good = read_all(good_path, &good_len);

	const char *modes[] = {"404", "huge", "text"};
	for (size_t i = 0; i < 3; i++) {
		char cfg[128];
		snprintf(cfg, sizeof(cfg), "{\"name\": \"image-3x2.png\", \"mode\": \"%s\"}", modes[i]);
		server_set(cfg);
		advance(AGE_MS + 1);
		fetch(f->cache, "/cached/image-3x2.png", 1 << 20, &g); /* cap 1 MiB: "huge" is cut off */
		assert_true(g.ok);
		assert_string_equal(g.path, good_path);
		char *now = read_all(g.path, &len);
		assert_int_equal(len, good_len);
		assert_memory_equal(now, good, len);
		free(now);
	}
	/* no file yet: the error comes through, and nothing is kept */
	server_set("{\"name\": \"image-64x48.png\", \"mode\": \"text\"}");
	fetch(f->cache, "/cached/image-64x48.png", 1 << 20, &g);
	assert_false(g.ok);
	assert_string_equal(g.error, "not an image");
	server_set("{\"name\": \"image-9x7.bmp\", \"mode\": \"huge\"}");
	fetch(f->cache, "/cached/image-9x7.bmp", 1 << 20, &g);
	assert_false(g.ok);
	server_set("{\"name\": \"image-7x3.gif\", \"mode\": \"404\"}");
	fetch(f->cache, "/cached/image-7x3.gif", 1 << 20, &g);
	assert_false(g.ok);
	assert_string_equal(g.error, "HTTP 404");
	size_t files = 0;
	lk_net_cache_bytes(f->cache, &files);
	assert_int_equal(files, 1);
	free(good);
	close_cache(f);
	/* the server's modes back to normal for the other tests */
	server_set("{\"name\": \"image-3x2.png\", \"mode\": \"ok\"}");
	server_set("{\"name\": \"image-64x48.png\", \"mode\": \"ok\"}");
	server_set("{\"name\": \"image-9x7.bmp\", \"mode\": \"ok\"}");
	server_set("{\"name\": \"image-7x3.gif\", \"mode\": \"ok\"}");
}

/* Over the cap the least recently used files go; the index survives a
 * restart (a fresh file is then still served without a request). */
static void test_lru_and_restart(void **state)
{
	struct fixture *f = *state;
	struct got g;
	const char *names[] = {"image-5x4.jpg", "image-6x5-lossy.webp", "image-8x6-3frames.gif",
			       "image-6x5-alpha.webp"};
	uint64_t sizes[4];
	char paths[4][512];

	open_cache(f, 0); /* no cap yet: learn the sizes */
	for (int i = 0; i < 4; i++) {
		char path[128];
		size_t len;
		snprintf(path, sizeof(path), "/cached/%s", names[i]);
		fetch(f->cache, path, 1 << 20, &g);
		assert_true(g.ok);
		snprintf(paths[i], sizeof(paths[i]), "%s", g.path);
		free(read_all(g.path, &len));
		sizes[i] = len;
		advance(10);
	}
	close_cache(f);

	/* reopened with room for all but the smallest-used one: touch 0, then
	 * 2, 3; adding nothing yet keeps them (the cap is applied on a write) */
	open_cache(f, sizes[0] + sizes[2] + sizes[3]);
	for (int i = 0; i < 4; i++) {
		char path[128];
		snprintf(path, sizeof(path), "/cached/%s", names[i == 1 ? 0 : i]);
		fetch(f->cache, path, 1 << 20, &g);
		assert_true(g.ok);
		advance(10);
	}
	/* all four were fresh from the index: no request after the restart */
	for (int i = 0; i < 4; i++)
		assert_int_equal(count(names[i], "full"), 1);
	/* a write (a new version of 3) applies the cap: 1, the least recently
	 * used, goes */
	server_set("{\"name\": \"image-6x5-alpha.webp\", \"version\": 7}");
	advance(AGE_MS + 1);
	fetch(f->cache, "/cached/image-6x5-alpha.webp", 1 << 20, &g);
	assert_true(g.ok);
	assert_int_equal(count("image-6x5-alpha.webp", "full"), 2);
	assert_int_equal(access(paths[1], F_OK), -1);
	assert_int_equal(access(paths[0], F_OK), 0);
	assert_int_equal(access(paths[2], F_OK), 0);
	assert_int_equal(access(paths[3], F_OK), 0);
	size_t files = 0;
	uint64_t bytes = lk_net_cache_bytes(f->cache, &files);
	assert_int_equal(files, 3);
	assert_true(bytes <= sizes[0] + sizes[2] + sizes[3]);
	close_cache(f);
}

/* Files the index does not know (an older cache, a crash mid-write) are
 * deleted when the cache starts. */
static void test_orphans(void **state)
{
	struct fixture *f = *state;
	char orphan[512], part[512];
	struct got g;

	open_cache(f, 0);
	fetch(f->cache, "/cached/red-8x8.png", 1 << 20, &g);
	assert_true(g.ok);
	close_cache(f);
	snprintf(orphan, sizeof(orphan), "%s/0123456789abcdef.img", f->dir);
	snprintf(part, sizeof(part), "%s/0123456789abcdef.part", f->dir);
	FILE *o = fopen(orphan, "wb"), *p = fopen(part, "wb");
	assert_non_null(o);
	assert_non_null(p);
	fputs("old", o);
	fputs("half", p);
	fclose(o);
	fclose(p);
	char legacy[300], legacy_file[400];
	snprintf(legacy, sizeof(legacy), "%s-thumbs", f->dir); /* an older version's thumbnail cache */
	snprintf(legacy_file, sizeof(legacy_file), "%s/da39a3ee5e6b4b0d3255bfef95601890afd80709.img", legacy);
	assert_int_equal(os_mkdirs(legacy), MKDIR_SUCCESS);
	FILE *t = fopen(legacy_file, "wb");
	assert_non_null(t);
	fputs("thumb", t);
	fclose(t);
	open_cache(f, 0);
	fetch(f->cache, "/cached/red-8x8.png", 1 << 20, &g); /* runs after the index load */
	assert_true(g.ok);
	assert_int_equal(access(orphan, F_OK), -1);
	assert_int_equal(access(part, F_OK), -1);
	assert_int_equal(access(legacy_file, F_OK), -1);
	assert_int_equal(access(legacy, F_OK), -1);
	assert_int_equal(access(g.path, F_OK), 0);
	close_cache(f);
}

static int start(void **state)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return lk_testsrv_start(&srv);
}

static int stop(void **state)
{
	lk_testsrv_stop(&srv);
	curl_global_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_revalidate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_and_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orphans, setup, teardown),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
