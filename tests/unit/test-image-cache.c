/*
 * Linkon — unit tests for the image cache and loader thread (lk-image.c),
 * without a graphics device: decoding, refusals, limits, the LRU, downloads
 * through a fake image cache, shutdown with work in flight, and memory.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A fake image cache (fake_cache(), given to lk_images_init) and
 * lk_net_cache_fetch() are provided here: the fake runs each download on
 * its own thread, like the real cache runs callbacks on the net worker,
 * and writes the file into cache_dir. No sockets are opened. The real
 * cache (revalidation, pruning, files across runs) is test-net-cache.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>

#include <util/base.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

#include "image-util.h"
#include "lk-image.h"
#include "lk-net-cache.h"

#define FIXTURE(name) LK_SOURCE_DIR "/tests/fixtures/" name

/* ---- fake net worker ------------------------------------------------------ */

enum fake_mode { FAKE_OK, FAKE_404, FAKE_GARBAGE, FAKE_HOLD };

struct fake_job {
	char *dest;
	lk_net_done_cb cb;
	void *data;
	enum fake_mode mode;
};

static struct {
	pthread_mutex_t lock;
	bool enabled;
	enum fake_mode mode;
	int calls;
	pthread_t threads[64];
	int num_threads;
	struct fake_job *held;
} fake = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int fake_cache_token;
static char cache_dir[128];
static uint64_t fnv1a64(const char *s);

/* The cache lk_images_init gets: NULL unless the test enabled the fake. */
static struct lk_net_cache *fake_cache(void)
{
	return fake.enabled ? (struct lk_net_cache *)&fake_cache_token : NULL;
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
}

static void fake_finish(struct fake_job *job)
{
	struct lk_net_result res = {.path = job->dest};
	if (job->mode == FAKE_404) {
		res.http_status = 404;
		res.error = "HTTP 404";
	} else {
		if (job->mode == FAKE_GARBAGE)
			assert_true(os_quick_write_utf8_file(job->dest, "<html>oops</html>", 17, false));
		else
			copy_file(FIXTURE("image-64x48.png"), job->dest);
		res.ok = true;
		res.http_status = 200;
	}
	job->cb(job->data, &res);
	bfree(job->dest);
	bfree(job);
}

static void *fake_worker(void *arg)
{
	os_sleep_ms(5);
	fake_finish(arg);
	return NULL;
}

bool lk_net_cache_fetch(struct lk_net_cache *c, const char *url, size_t max_bytes, lk_net_done_cb cb, void *data)
{
	assert_ptr_equal(c, &fake_cache_token);
	assert_int_equal(max_bytes, LK_IMAGE_MAX_BYTES);
	assert_true(strncmp(url, "http", 4) == 0);

	struct fake_job *job = bzalloc(sizeof(*job));
	struct dstr dest = {0};
	os_mkdirs(cache_dir);
	dstr_printf(&dest, "%s/%016llx.img", cache_dir, (unsigned long long)fnv1a64(url));
	job->dest = dest.array;
	job->cb = cb;
	job->data = data;

	pthread_mutex_lock(&fake.lock);
	fake.calls++;
	job->mode = fake.mode;
	if (job->mode == FAKE_HOLD) {
		fake.held = job;
	} else {
		assert_true(fake.num_threads < 64);
		assert_int_equal(pthread_create(&fake.threads[fake.num_threads++], NULL, fake_worker, job), 0);
	}
	pthread_mutex_unlock(&fake.lock);
	return true;
}

static void fake_join_all(void)
{
	pthread_mutex_lock(&fake.lock);
	for (int i = 0; i < fake.num_threads; i++)
		pthread_join(fake.threads[i], NULL);
	fake.num_threads = 0;
	pthread_mutex_unlock(&fake.lock);
}

static int fake_calls(void)
{
	pthread_mutex_lock(&fake.lock);
	int n = fake.calls;
	pthread_mutex_unlock(&fake.lock);
	return n;
}

/* ---- log capture ------------------------------------------------------------ */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static struct dstr log_text;

static void log_handler(int level, const char *fmt, va_list args, void *param)
{
	char line[4096];
	(void)param;
	vsnprintf(line, sizeof(line), fmt, args);
	pthread_mutex_lock(&log_lock);
	dstr_catf(&log_text, "%d %s\n", level, line);
	pthread_mutex_unlock(&log_lock);
}

static size_t log_count(const char *needle)
{
	size_t n = 0;
	pthread_mutex_lock(&log_lock);
	for (const char *p = log_text.array; p && (p = strstr(p, needle)) != NULL; p++)
		n++;
	pthread_mutex_unlock(&log_lock);
	return n;
}

/* ---- helpers -------------------------------------------------------------------- */

static char tmp_dir[64];
static long allocs_at_start;

static void path_in_tmp(struct dstr *out, const char *name)
{
	dstr_printf(out, "%s/%s", tmp_dir, name);
}

static enum lk_image_state wait_done(struct lk_image *img)
{
	for (int i = 0; i < 30000; i++) { /* at least 30 s: generous on a busy machine */
		enum lk_image_state s = lk_image_get_state(img);
		if (s != LK_IMAGE_LOADING)
			return s;
		os_sleep_ms(1);
	}
	return LK_IMAGE_LOADING;
}

/* Loads key to the end and checks the reason it failed with. */
static void expect_failure(const char *key, const char *reason)
{
	struct lk_image *img = lk_image_get(key);
	assert_non_null(img);
	assert_int_equal(wait_done(img), LK_IMAGE_FAILED);
	assert_non_null(lk_image_error(img));
	assert_string_equal(lk_image_error(img), reason);
	uint32_t cx = 1, cy = 1;
	lk_image_size(img, &cx, &cy);
	assert_int_equal(cx, 0);
	assert_int_equal(cy, 0);
	assert_null(lk_image_texture(img).texture); /* never a texture after failure */
	lk_image_release(img);
}

static void expect_ready(const char *key, uint32_t want_cx, uint32_t want_cy)
{
	struct lk_image *img = lk_image_get(key);
	assert_non_null(img);
	assert_int_equal(wait_done(img), LK_IMAGE_READY);
	assert_null(lk_image_error(img));
	uint32_t cx = 0, cy = 0;
	lk_image_size(img, &cx, &cy);
	assert_int_equal(cx, want_cx);
	assert_int_equal(cy, want_cy);
	lk_image_release(img);
}

static void remove_tree(const char *dir)
{
	os_dir_t *d = os_opendir(dir);
	struct os_dirent *ent;
	struct dstr path = {0};
	while (d && (ent = os_readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		dstr_printf(&path, "%s/%s", dir, ent->d_name);
		if (ent->directory)
			remove_tree(path.array);
		else
			os_unlink(path.array);
	}
	if (d)
		os_closedir(d);
	dstr_free(&path);
	os_rmdir(dir);
}

static uint64_t fnv1a64(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return h;
}

static int setup(void **state)
{
	(void)state;
	strcpy(tmp_dir, "/tmp/lk-image-test-XXXXXX");
	assert_non_null(mkdtemp(tmp_dir));
	snprintf(cache_dir, sizeof(cache_dir), "%s/cache/images", tmp_dir);
	pthread_mutex_lock(&fake.lock);
	fake.enabled = false;
	fake.mode = FAKE_OK;
	fake.calls = 0;
	pthread_mutex_unlock(&fake.lock);
	allocs_at_start = bnum_allocs();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lk_images_shutdown();
	fake_join_all();
	remove_tree(tmp_dir);
	assert_int_equal(bnum_allocs(), allocs_at_start); /* every entry freed */
	return 0;
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_not_running(void **state)
{
	(void)state;
	assert_null(lk_image_get(NULL));
	assert_null(lk_image_get(""));
	expect_failure(FIXTURE("image-3x2.png"), "image loader not running");
	assert_int_equal(log_count("image loader not running"), 0); /* not about a key: not logged */
	assert_int_equal(lk_image_get_state(NULL), LK_IMAGE_FAILED);
	assert_null(lk_image_error(NULL));
	lk_image_release(NULL);
}

static void test_decodes_every_format(void **state)
{
	(void)state;
	assert_true(lk_images_init(fake_cache()));
	expect_ready(FIXTURE("image-64x48.png"), 64, 48);
	expect_ready(FIXTURE("image-5x4.jpg"), 5, 4);
	expect_ready(FIXTURE("image-5x4-progressive.jpg"), 5, 4);
	expect_ready(FIXTURE("image-7x3.gif"), 7, 3);
	expect_ready(FIXTURE("image-8x6-3frames.gif"), 8, 6);
	expect_ready(FIXTURE("image-6x5-lossy.webp"), 6, 5);
	expect_ready(FIXTURE("image-6x5-alpha.webp"), 6, 5);
	expect_ready(FIXTURE("image-9x7.bmp"), 9, 7);
}

static void expect_stored(struct lk_image *img, uint32_t want_cx, uint32_t want_cy)
{
	uint32_t cx = 0, cy = 0;
	for (int i = 0; i < 5000 && (cx != want_cx || cy != want_cy); i++) {
		os_sleep_ms(1);
		lk_image_stored_size(img, &cx, &cy);
	}
	assert_int_equal(cx, want_cx);
	assert_int_equal(cy, want_cy);
}

/* Still images are kept at the largest size they are drawn at (cover fit),
 * shrunk on the loader thread; a bigger size shrinks them again from the
 * file; animated GIFs stay libobs' own. */
static void test_shrunk_to_drawn_size(void **state)
{
	(void)state;
	assert_true(lk_images_init(fake_cache()));
	struct lk_image *img = lk_image_get_sized(FIXTURE("image-64x48.png"), 16, 16);
	assert_int_equal(wait_done(img), LK_IMAGE_READY);
	uint32_t cx = 0, cy = 0;
	lk_image_size(img, &cx, &cy);
	assert_int_equal(cx, 64); /* the decoded size is still reported */
	assert_int_equal(cy, 48);
	expect_stored(img, 22, 16); /* covers 16x16: scale 1/3 */

	lk_image_want(img, 32, 32);
	expect_stored(img, 43, 32);
	lk_image_want(img, 8, 8); /* smaller: nothing to do */
	os_sleep_ms(50);
	expect_stored(img, 43, 32);

	/* another holder of the same image drawing it bigger than it is */
	struct lk_image *big = lk_image_get_sized(FIXTURE("image-64x48.png"), 128, 128);
	assert_ptr_equal(big, img);
	expect_stored(img, 64, 48); /* never enlarged */
	lk_image_release(big);
	lk_image_release(img);

	struct lk_image *gif = lk_image_get_sized(FIXTURE("image-8x6-3frames.gif"), 2, 2);
	assert_int_equal(wait_done(gif), LK_IMAGE_READY);
	expect_stored(gif, 0, 0);
	lk_image_release(gif);
}

static void test_shared_and_cached(void **state)
{
	(void)state;
	assert_true(lk_images_init(fake_cache()));
	struct dstr copy = {0};
	path_in_tmp(&copy, "card.png");
	copy_file(FIXTURE("image-64x48.png"), copy.array);

	struct lk_image *a = lk_image_get(copy.array);
	struct lk_image *b = lk_image_get(copy.array);
	assert_ptr_equal(a, b);
	assert_int_equal(wait_done(a), LK_IMAGE_READY);
	lk_image_release(a);
	lk_image_release(b);

	/* unreferenced but cached: no reload (the file is gone now) */
	os_unlink(copy.array);
	struct lk_image *c = lk_image_get(copy.array);
	assert_ptr_equal(c, a);
	assert_int_equal(lk_image_get_state(c), LK_IMAGE_READY);
	lk_image_release(c);
	dstr_free(&copy);
}

static void test_refused_keys(void **state)
{
	(void)state;
	const char *why = "only local files and http(s) URLs are allowed";
	assert_true(lk_images_init(fake_cache()));
	expect_failure("file:///etc/passwd", why);
	expect_failure("FTP://example.invalid/a.png", why);
	expect_failure("javascript:alert(1)", why);
	expect_failure("http:/one-slash.png", why);

	/* a long data: URL is logged cut short */
	struct dstr data_url = {0}, body = {0};
	for (int i = 0; i < 30; i++)
		dstr_cat(&body, "QUJDRA==");
	dstr_printf(&data_url, "data:image/png;base64,%s", body.array);
	expect_failure(data_url.array, why);
	assert_int_equal(log_count("[linkon] image refused: data:image/png;base64,QUJDRA==QUJD"), 1);
	assert_int_equal(log_count(body.array), 0);
	dstr_free(&data_url);
	dstr_free(&body);
}

static void write_bytes(const char *name, const void *bytes, size_t len, struct dstr *path)
{
	path_in_tmp(path, name);
	FILE *f = fopen(path->array, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fclose(f);
}

static void test_limits_and_broken_files(void **state)
{
	(void)state;
	struct dstr path = {0};
	uint8_t png[2048];
	FILE *f = fopen(FIXTURE("image-64x48.png"), "rb");
	assert_non_null(f);
	size_t png_len = fread(png, 1, sizeof(png), f);
	fclose(f);
	assert_true(png_len > 100 && png_len < sizeof(png));
	assert_true(lk_images_init(fake_cache()));

	uint8_t wide[2048];
	memcpy(wide, png, png_len);
	const uint8_t w12000h9000[8] = {0, 0, 0x2e, 0xe0, 0, 0, 0x23, 0x28};
	memcpy(wide + 16, w12000h9000, 8);
	write_bytes("wide.png", wide, png_len, &path);
	expect_failure(path.array, "image too large (12000x9000, limit 4096)");

	write_bytes("cut.png", png, 20, &path);
	expect_failure(path.array, "broken png header");
	write_bytes("no-data.png", png, 40, &path);
	expect_failure(path.array, "could not decode the image");
	write_bytes("page.png", "<html>not found</html>", 22, &path);
	expect_failure(path.array, "not a supported image (png, jpeg, gif, webp, bmp)");
	write_bytes("empty.png", "", 0, &path);
	expect_failure(path.array, "not a supported image (png, jpeg, gif, webp, bmp)");
	path_in_tmp(&path, "missing.png");
	expect_failure(path.array, "file not found or unreadable");

	path_in_tmp(&path, "big.png");
	write_bytes("big.png", png, png_len, &path);
	assert_int_equal(truncate(path.array, LK_IMAGE_MAX_BYTES + 1), 0);
	expect_failure(path.array, "file too large (8388609 bytes, limit 8388608)");

	/* 4000x4000 canvas, five 1x1 frames: 320 MB once libobs decodes them all */
	uint8_t gif[TEST_GIF_LEN(5)];
	write_bytes("anim.gif", gif, test_gif(gif, 4000, 4000, 5, 0, 0, 1, 1), &path);
	expect_failure(path.array, "animated GIF too large (5 frames of 4000x4000)");
	dstr_free(&path);
}

/* The review's hostile files, refused from their headers before libobs sees
 * them (before the fix the GIF decoded to 821 MiB, the JPEG to 2.2 GiB). */
static void test_hostile_headers(void **state)
{
	(void)state;
	struct dstr path = {0};
	assert_true(lk_images_init(fake_cache()));

	/* 16x16 logical screen, 12 frames of 4000x4000, empty LZW data */
	uint8_t gif[TEST_GIF_LEN(12)];
	write_bytes("screen16.gif", gif, test_gif(gif, 16, 16, 12, 0, 0, 4000, 4000), &path);
	expect_failure(path.array, "animated GIF too large (12 frames of 4000x4000)");

	/* the frames far past the screen: the canvas is over the side limit */
	write_bytes("offset.gif", gif, test_gif(gif, 16, 16, 12, 4000, 0, 4000, 4000), &path);
	expect_failure(path.array, "image too large (8000x4000, limit 4096)");

	/* a 1x1 SOF9 (skipped by the decoder) before a 16000x16000 SOF0 */
	const uint8_t jpg[] = {0xFF, 0xD8, 0xFF, 0xC9, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11,
			       0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x3E, 0x80, 0x3E, 0x80, 0x01, 0x01, 0x11, 0x00,
			       0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0xFF, 0xD9};
	write_bytes("decoy.jpg", jpg, sizeof(jpg), &path);
	expect_failure(path.array, "image too large (16000x16000, limit 4096)");
	dstr_free(&path);
}

/* The LRU counts what a decoded animation holds: every frame and the
 * working canvas, not one frame. This test binary is built with a 4 MB LRU
 * (image.cmake): 8 animations of 3 frames of 256x256 are 1 MB each, so only
 * the newest 4 stay; counted one frame per image (256 KB) all 8 would. */
static void test_lru_counts_frames(void **state)
{
	(void)state;
	struct dstr name = {0}, path = {0};
	assert_int_equal(LRU_MAX_BYTES, 4 * 1024 * 1024);
	assert_true(lk_images_init(fake_cache()));

	uint8_t gif[TEST_GIF_LEN(3)];
	size_t len = test_gif(gif, 256, 256, 3, 0, 0, 256, 256);
	for (int i = 0; i < 8; i++) {
		dstr_printf(&name, "anim-%d.gif", i);
		write_bytes(name.array, gif, len, &path);
		expect_ready(path.array, 256, 256);
		os_unlink(path.array); /* a reload would fail: shows what was evicted */
	}
	path_in_tmp(&path, "anim-7.gif");
	expect_ready(path.array, 256, 256);
	path_in_tmp(&path, "anim-4.gif");
	expect_ready(path.array, 256, 256);
	path_in_tmp(&path, "anim-3.gif");
	expect_failure(path.array, "file not found or unreadable");
	dstr_free(&name);
	dstr_free(&path);
}

static void test_url_without_network_and_log_once(void **state)
{
	(void)state;
	const char *url = "https://user:hunter2@cdn.example.invalid/p/1.png?token=s3cret#frag";
	assert_true(lk_images_init(fake_cache()));
	for (int i = 0; i < 3; i++) /* not kept cached: retried, but logged once */
		expect_failure(url, "network not available");
	assert_int_equal(log_count("image refused: https://cdn.example.invalid/p/1.png?... (network not available)"),
			 1);
	assert_int_equal(log_count("s3cret"), 0);
	assert_int_equal(log_count("hunter2"), 0);
}

static void test_download_to_cache_file(void **state)
{
	(void)state;
	const char *url = "http://127.0.0.1:9/products/1.png?sig=abc";
	struct dstr cached = {0};
	dstr_printf(&cached, "%s/%016llx.img", cache_dir, (unsigned long long)fnv1a64(url));
	fake.enabled = true;

	assert_true(lk_images_init(fake_cache()));
	expect_ready(url, 64, 48);
	assert_int_equal(fake_calls(), 1);
	assert_true(os_file_exists(cached.array));
	dstr_free(&cached);
}

static void test_download_failures(void **state)
{
	(void)state;
	const char *url = "https://127.0.0.1:9/gone.png";
	fake.enabled = true;
	fake.mode = FAKE_404;
	assert_true(lk_images_init(fake_cache()));
	expect_failure(url, "download failed: HTTP 404");
	fake_join_all(); /* the callback's reference is gone: nothing holds the entry */
	expect_failure(url, "download failed: HTTP 404"); /* transient: tried again */
	assert_int_equal(fake_calls(), 2);

	pthread_mutex_lock(&fake.lock);
	fake.mode = FAKE_GARBAGE;
	pthread_mutex_unlock(&fake.lock);
	const char *page = "https://127.0.0.1:9/login-page.png";
	expect_failure(page, "not a supported image (png, jpeg, gif, webp, bmp)");
}

static void test_lru_evicts_oldest(void **state)
{
	(void)state;
	struct dstr path = {0};
	assert_true(lk_images_init(fake_cache()));
	for (int i = 0; i < 70; i++) {
		dstr_printf(&path, "%s/lru-%02d.png", tmp_dir, i);
		copy_file(FIXTURE("image-3x2.png"), path.array);
		expect_ready(path.array, 3, 2);
	}
	for (int i = 0; i < 70; i++) {
		dstr_printf(&path, "%s/lru-%02d.png", tmp_dir, i);
		os_unlink(path.array);
	}
	/* the 64 most recent are still cached; the oldest were dropped and reload */
	dstr_printf(&path, "%s/lru-%02d.png", tmp_dir, 69);
	expect_ready(path.array, 3, 2);
	dstr_printf(&path, "%s/lru-%02d.png", tmp_dir, 6);
	expect_ready(path.array, 3, 2);
	dstr_printf(&path, "%s/lru-%02d.png", tmp_dir, 0);
	expect_failure(path.array, "file not found or unreadable");
	dstr_free(&path);
}

static void test_shutdown_mid_load(void **state)
{
	(void)state;
	struct lk_image *imgs[40];
	struct dstr path = {0};
	assert_true(lk_images_init(fake_cache()));
	for (int i = 0; i < 40; i++) {
		dstr_printf(&path, "%s/many-%02d.png", tmp_dir, i);
		copy_file(FIXTURE("image-64x48.png"), path.array);
		imgs[i] = lk_image_get(path.array);
	}
	lk_images_shutdown();
	for (int i = 0; i < 40; i++) {
		enum lk_image_state s = lk_image_get_state(imgs[i]);
		assert_true(s == LK_IMAGE_READY ||
			    (s == LK_IMAGE_FAILED && strcmp(lk_image_error(imgs[i]), "image loader stopped") == 0));
	}
	/* after shutdown nothing is cached or loaded */
	expect_failure(path.array, "image loader not running");
	for (int i = 0; i < 40; i++)
		lk_image_release(imgs[i]);
	dstr_free(&path);
}

static void test_callback_after_shutdown(void **state)
{
	(void)state;
	fake.enabled = true;
	fake.mode = FAKE_HOLD;
	assert_true(lk_images_init(fake_cache()));
	struct lk_image *img = lk_image_get("https://127.0.0.1:9/late.png");
	for (int i = 0; i < 30000 && fake_calls() == 0; i++) /* at least 30 s */
		os_sleep_ms(1);
	assert_int_equal(fake_calls(), 1);
	assert_int_equal(lk_image_get_state(img), LK_IMAGE_LOADING);

	lk_images_shutdown(); /* the download is still "in flight" */
	pthread_mutex_lock(&fake.lock);
	struct fake_job *job = fake.held;
	fake.held = NULL;
	pthread_mutex_unlock(&fake.lock);
	job->mode = FAKE_OK;
	fake_finish(job);

	assert_int_equal(lk_image_get_state(img), LK_IMAGE_FAILED);
	assert_string_equal(lk_image_error(img), "image loader stopped");
	lk_image_release(img);
}

int main(void)
{
	base_set_log_handler(log_handler, NULL);
	dstr_reserve(&log_text, 1 << 20); /* allocated once: the bnum_allocs checks stay exact */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_not_running, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decodes_every_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_and_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shrunk_to_drawn_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_and_broken_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_counts_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_without_network_and_log_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_download_to_cache_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_download_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_evicts_oldest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shutdown_mid_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_after_shutdown, setup, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	dstr_free(&log_text);
	return failed;
}
