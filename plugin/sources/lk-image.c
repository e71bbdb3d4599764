/*
 * Linkon — product images: shared cache, one loader thread that decodes,
 * shrinks and uploads (contract in lk-image.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Who touches what:
 * - g (cache, LRU, queue, log-once set, running/stopping) and each entry's
 *   refs / in_cache / retry / bytes: under g.lock, any thread.
 * - state: atomic. error, cx, cy and the pixels are written by the load's
 *   owner (loader thread, or the net worker during a download) BEFORE state
 *   leaves LOADING; readers use them only after seeing READY / FAILED.
 * - the texture and upload_tried: graphics context only (the graphics
 *   thread, or the loader inside obs_enter_graphics: it uploads every
 *   image itself before READY, and a still one after a rescale, so a frame
 *   only draws them). generation: written there, atomic (a source's tick reads it to
 *   take a new picture, lk_image_slot_take).
 * - want_cx/cy (the largest size a source draws the image at), the pending
 *   (shrunk) pixels and rescale_queued: under g.lock.
 *
 * Still images are shrunk on the loader thread (area average, once) to the
 * largest size they are drawn at, and only that is uploaded: the full-size
 * pixels are never kept. When a source asks for a bigger size later, the
 * file is decoded and shrunk again on the loader thread while the old
 * texture stays on screen. Animated GIFs keep libobs' full-size frames.
 *
 * A load owns one reference: queue -> loader -> download callback -> queue,
 * dropped when the load ends; so no entry is freed mid-load and the LRU only
 * holds finished entries.
 *
 * Shutdown: the loader checks `stopping` between steps, so it stops after at
 * most one (bounded) decode. The module destroys the net worker first, so all
 * download callbacks have run by then; one arriving later would see running
 * == false, fail its entry and drop its reference. Entries out of the cache
 * are freed by their last release; g.lock is static and never destroyed.
 */
#include "lk-image.h"
#include "lk-ahead.h"
#include "lk-image-decode.h"
#include "lk-image-probe.h"
#include "lk-image-scale.h"
#include "lk-net-cache.h"
#include "lk-text.h" /* lk_text_probe_note */

#include <obs.h>
#include <graphics/image-file.h>
#include <util/bmem.h>
#include <util/darray.h>
#include <util/dstr.h>
#include <util/platform.h>
#include <util/threading.h>

#include <inttypes.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LRU_MAX_ENTRIES 64
#ifndef LRU_MAX_BYTES /* the cache's unit test builds with a smaller one */
#define LRU_MAX_BYTES ((size_t)256 * 1024 * 1024)
#endif
#define LOGGED_MAX 1024
/* What decoding one image may allocate: every frame of an animated GIF is a
 * full canvas in libobs. Checked from the headers before decoding. */
#define DECODE_MAX_BYTES ((uint64_t)256 * 1024 * 1024)

struct lk_image {
	char *key;
	uint64_t hash;
	long refs;
	bool in_cache;
	bool retry; /* failure may be transient: do not keep it cached */
	size_t bytes;

	volatile long state;
	char *error;
	uint32_t cx, cy;

	/* load owner only */
	char *path; /* what is decoded: key, or the download cache file */
	bool downloaded;
	gs_image_file4_t file;

	/* under g.lock: wanted size, shrunk pixels waiting for upload */
	uint32_t want_cx, want_cy;
	uint8_t *pending;
	uint32_t pending_cx, pending_cy;
	enum gs_color_format pending_format;
	bool pending_on_loader;        /* the loader uploads them itself (upload_on_loader) */
	uint32_t stored_cx, stored_cy; /* size of the last pixels made */
	bool rescale_queued;
	bool shrunk; /* set by the load owner before READY, never cleared */

	/* graphics context only */
	bool upload_tried;
	struct lk_tex_slot slot; /* still images: the shrunk pixels (kept across rescales) */
	uint64_t generation;     /* +1 each time the texture changes */
};

typedef DARRAY(struct lk_image *) image_array_t;

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running;
	bool stopping;
	pthread_t thread;
	struct lk_net_cache *cache; /* the module's image cache (lk_images_init), borrowed */
	image_array_t entries;      /* every cached entry */
	image_array_t lru;          /* unreferenced cached entries, oldest first */
	size_t lru_bytes;
	image_array_t queue; /* each element owns a reference */
	DARRAY(uint64_t) logged;
} g = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static gs_image_file_t *base_file(struct lk_image *img)
{
	return &img->file.image3.image2.image;
}

static uint64_t fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++) {
		h ^= (uint8_t)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* ---- entries -------------------------------------------------------------- */

static struct lk_image *image_new(const char *key, uint64_t hash)
{
	struct lk_image *img = bzalloc(sizeof(*img));
	img->key = bstrdup(key);
	img->hash = hash;
	img->refs = 1;
	return img;
}

static void image_destroy(struct lk_image *img)
{
	gs_image_file_t *f = base_file(img);
	bool gfx = f->texture != NULL || img->slot.texture != NULL;

	if (gfx)
		obs_enter_graphics();
	gs_image_file4_free(&img->file);
	lk_tex_slot_free(&img->slot);
	if (gfx)
		obs_leave_graphics();
	bfree(img->pending);
	bfree(img->path);
	bfree(img->error);
	bfree(img->key);
	bfree(img);
}

/* The set lives from init to shutdown. Outside of that nothing is logged:
 * "loader not running" is not about a key, and callers may ask often. */
static bool log_once(uint64_t hash)
{
	pthread_mutex_lock(&g.lock);
	bool first = g.running;
	for (size_t i = 0; i < g.logged.num && first; i++)
		first = g.logged.array[i] != hash;
	if (first) {
		if (g.logged.num >= LOGGED_MAX)
			da_resize(g.logged, 0);
		da_push_back(g.logged, &hash);
	}
	pthread_mutex_unlock(&g.lock);
	return first;
}

/* Ends a load: sets the reason, then the state; logs once per key. */
static void image_fail(struct lk_image *img, bool retry, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void image_fail(struct lk_image *img, bool retry, const char *fmt, ...)
{
	struct dstr msg = {0};
	va_list args;
	va_start(args, fmt);
	dstr_vprintf(&msg, fmt, args);
	va_end(args);

	if (log_once(img->hash)) {
		struct dstr shown = {0};
		lk_image_key_redact(&shown, img->key);
		blog(LOG_WARNING, "[linkon] image refused: %s (%s)", shown.array, msg.array);
		dstr_free(&shown);
	}
	/* the log goes first: whoever sees FAILED sees it done (a downloaded
	 * file is the image cache's: it checked that it is an image) */
	img->error = msg.array;
	img->retry = retry;
	os_atomic_set_long(&img->state, LK_IMAGE_FAILED);
}

/* ---- cache (g.lock held) ---------------------------------------------------- */

static struct lk_image *cache_find(const char *key, uint64_t hash)
{
	for (size_t i = 0; i < g.entries.num; i++) {
		struct lk_image *img = g.entries.array[i];
		if (img->hash == hash && strcmp(img->key, key) == 0)
			return img;
	}
	return NULL;
}

static void cache_remove(struct lk_image *img)
{
	da_erase_item(g.entries, &img);
	img->in_cache = false;
}

static void lru_remove(struct lk_image *img)
{
	size_t idx = da_find(g.lru, &img, 0);
	if (idx != DARRAY_INVALID) {
		da_erase(g.lru, idx);
		g.lru_bytes -= img->bytes;
	}
}

/* Parks an unreferenced entry; moves whatever falls out to *evicted. */
static void lru_park(struct lk_image *img, image_array_t *evicted)
{
	if (img->retry) {
		cache_remove(img);
		da_push_back((*evicted), &img);
		return;
	}
	da_push_back(g.lru, &img);
	g.lru_bytes += img->bytes;
	while (g.lru.num > LRU_MAX_ENTRIES || (g.lru_bytes > LRU_MAX_BYTES && g.lru.num > 1)) {
		struct lk_image *old = g.lru.array[0];
		lru_remove(old);
		cache_remove(old);
		da_push_back((*evicted), &old);
	}
}

static void destroy_all(image_array_t *list)
{
	for (size_t i = 0; i < list->num; i++)
		image_destroy(list->array[i]);
	da_free((*list));
}

/* ---- public: references ----------------------------------------------------- */

static bool want_more(struct lk_image *img, uint32_t cx, uint32_t cy);

struct lk_image *lk_image_get(const char *key)
{
	return lk_image_get_sized(key, 0, 0);
}

struct lk_image *lk_image_get_sized(const char *key, uint32_t cx, uint32_t cy)
{
	if (!key || !*key)
		return NULL;

	uint64_t hash = fnv1a64(key);
	pthread_mutex_lock(&g.lock);
	struct lk_image *img = cache_find(key, hash);
	if (img) {
		if (img->refs++ == 0)
			lru_remove(img);
		want_more(img, cx, cy);
		pthread_mutex_unlock(&g.lock);
		return img;
	}

	img = image_new(key, hash);
	img->want_cx = cx;
	img->want_cy = cy;
	bool running = g.running && !g.stopping;
	if (running) {
		img->in_cache = true;
		da_push_back(g.entries, &img);
		img->refs++; /* the load's reference */
		da_push_back(g.queue, &img);
		pthread_cond_signal(&g.wake);
	}
	pthread_mutex_unlock(&g.lock);

	if (!running)
		image_fail(img, true, "image loader not running");
	return img;
}

void lk_image_release(struct lk_image *img)
{
	image_array_t evicted = {0};

	if (!img)
		return;
	pthread_mutex_lock(&g.lock);
	bool last = --img->refs == 0;
	bool orphan = last && !img->in_cache;
	if (last && !orphan)
		lru_park(img, &evicted);
	pthread_mutex_unlock(&g.lock);

	if (orphan)
		image_destroy(img);
	destroy_all(&evicted);
}

enum lk_image_state lk_image_get_state(const struct lk_image *img)
{
	return img ? (enum lk_image_state)os_atomic_load_long(&img->state) : LK_IMAGE_FAILED;
}

const char *lk_image_error(const struct lk_image *img)
{
	if (!img || lk_image_get_state(img) != LK_IMAGE_FAILED)
		return NULL;
	return img->error;
}

void lk_image_size(const struct lk_image *img, uint32_t *cx, uint32_t *cy)
{
	bool ready = lk_image_get_state(img) == LK_IMAGE_READY;
	if (cx)
		*cx = ready ? img->cx : 0;
	if (cy)
		*cy = ready ? img->cy : 0;
}

/* ---- loader: decode --------------------------------------------------------- */

/* First max bytes of a file (bmalloc'd, caller frees), or NULL. */
static uint8_t *read_bytes(const char *path, size_t max, size_t *got)
{
	FILE *f = os_fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *buf = bmalloc(max ? max : 1);
	*got = fread(buf, 1, max, f);
	fclose(f);
	return buf;
}

/* The whole file if it is at most LK_IMAGE_MAX_BYTES (bmalloc'd, caller
 * frees), else NULL; *size is the file's size (-1: none). */
static uint8_t *read_whole(const char *path, int64_t *size, size_t *got)
{
	*size = os_get_file_size(path);
	*got = 0;
	if (*size < 0 || *size > LK_IMAGE_MAX_BYTES)
		return NULL;
	return read_bytes(path, (size_t)*size, got);
}

/* Size limits and header sniffing before any decoding. The whole file
 * (at most LK_IMAGE_MAX_BYTES) is probed: a JPEG frame header or a GIF frame
 * may be anywhere in it, and the decoder reads all of it anyway. Returns the
 * file's bytes (caller frees) when it may be decoded, else NULL (img failed). */
static uint8_t *check_file(struct lk_image *img, const char *path, size_t *got)
{
	struct lk_image_info info = {0};
	struct dstr why = {0};
	int64_t size;
	uint8_t *data = read_whole(path, &size, got);

	if (size > LK_IMAGE_MAX_BYTES) {
		image_fail(img, false, "file too large (%" PRId64 " bytes, limit %d)", size, LK_IMAGE_MAX_BYTES);
		return NULL;
	}
	bool readable = data != NULL;
	bool known = readable && lk_image_probe(data, *got, &info);
	bool fits = false;

	if (!readable)
		image_fail(img, false, "file not found or unreadable");
	else if (!known && info.format)
		image_fail(img, false, "broken %s header", info.format);
	else if (!known)
		image_fail(img, false, "not a supported image (png, jpeg, gif, webp, bmp)");
	else if (lk_image_over_limits(&info, LK_IMAGE_MAX_SIDE, DECODE_MAX_BYTES, &why))
		image_fail(img, false, "%s", why.array);
	else
		fits = true;
	dstr_free(&why);
	if (!fits) {
		bfree(data);
		return NULL;
	}
	return data;
}

static bool stopping(void)
{
	pthread_mutex_lock(&g.lock);
	bool stop = g.stopping;
	pthread_mutex_unlock(&g.lock);
	return stop;
}

static bool shrinkable(gs_image_file_t *f)
{
	return f->loaded && !f->is_animated_gif && f->texture_data &&
	       (f->format == GS_RGBA || f->format == GS_BGRA || f->format == GS_BGRX);
}

/* full (fcx x fcy, 4 bytes a pixel) at the wanted size: full itself when
 * it already fits, else a new buffer (full untouched), NULL if it could not
 * be scaled. */
static uint8_t *fit_pixels(struct lk_image *img, uint8_t *full, uint32_t fcx, uint32_t fcy, uint32_t *cx, uint32_t *cy)
{
	pthread_mutex_lock(&g.lock);
	uint32_t want_cx = img->want_cx, want_cy = img->want_cy;
	pthread_mutex_unlock(&g.lock);

	lk_image_fit_size(fcx, fcy, want_cx, want_cy, cx, cy);
	if (*cx == fcx && *cy == fcy)
		return full;
	uint8_t *px = bmalloc((size_t)*cx * *cy * 4);
	if (!lk_image_area_scale(full, fcx, fcy, fcx * 4, px, *cx, *cy)) {
		bfree(px);
		return NULL;
	}
	return px;
}

/* px (cx x cy, owned) becomes the pending pixels the graphics thread uploads. */
static void set_pending(struct lk_image *img, uint8_t *px, uint32_t cx, uint32_t cy, enum gs_color_format format)
{
	pthread_mutex_lock(&g.lock);
	bfree(img->pending);
	img->pending = px;
	img->pending_cx = cx;
	img->pending_cy = cy;
	img->pending_format = format;
	img->pending_on_loader = true; /* upload_on_loader follows */
	img->stored_cx = cx;
	img->stored_cy = cy;
	pthread_mutex_unlock(&g.lock);
}

static void upload_pending(struct lk_image *img, bool on_loader);
static void upload(struct lk_image *img);

/* Loader: the pending pixels (or, for what libobs decoded and keeps, its
 * first frame) become the texture here, inside the graphics context, so
 * that making a texture (on a software renderer that is touching its fresh
 * memory: 1-6 ms for a product image) is not paid by a frame; the graphics
 * thread only draws it. Without a graphics subsystem (headless tools) the
 * pixels stay pending for lk_image_texture. */
static void upload_on_loader(struct lk_image *img)
{
	if (lk_gfx_enter()) {
		/* the sources showing it compose between frames: poked first,
		 * so that a tick meanwhile leaves the new picture to their runs
		 * (which wait for this upload) rather than to its frame; a
		 * first load is READY before they can look */
		lk_ahead_image_made();
		if (img->shrunk)
			upload_pending(img, true);
		else if (!img->upload_tried)
			upload(img); /* (what libobs decoded and keeps: its first frame) */
		if (lk_image_get_state(img) == LK_IMAGE_LOADING)
			os_atomic_set_long(&img->state, LK_IMAGE_READY);
		lk_gfx_leave();
	}
	pthread_mutex_lock(&g.lock);
	img->pending_on_loader = false; /* what is left (no graphics) is the frame's */
	pthread_mutex_unlock(&g.lock);
}

/* Still images decoded by libobs: the decoded pixels shrunk to the wanted
 * size become the pending pixels (the graphics thread uploads them) and the
 * decoder's copy is freed. Returns false (file untouched) for what stays
 * libobs'. */
static bool shrink(struct lk_image *img)
{
	gs_image_file_t *f = base_file(img);
	if (!shrinkable(f))
		return false;

	uint32_t cx, cy;
	uint8_t *px = fit_pixels(img, f->texture_data, f->cx, f->cy, &cx, &cy);
	if (!px)
		return false;
	if (px == f->texture_data)
		f->texture_data = NULL; /* taken over as it is */
	enum gs_color_format format = f->format;
	gs_image_file4_free(&img->file); /* no texture yet: no graphics needed */
	set_pending(img, px, cx, cy, format);
	return true;
}

/* Still PNG, JPEG and WebP through Linkon's decoders (lk-image-decode.h:
 * not FFmpeg), shrunk to the wanted size and made the pending pixels. With
 * expect_cx/cy (a rescale) only an image of that full size is taken. False
 * (nothing changed) for what is left to libobs. */
static bool decode_own(struct lk_image *img, const uint8_t *data, size_t len, uint32_t expect_cx, uint32_t expect_cy,
		       uint32_t *full_cx, uint32_t *full_cy)
{
	struct lk_image_pixels pix;
	if (lk_image_decode(data, len, LK_IMAGE_MAX_SIDE, DECODE_MAX_BYTES, &pix) != LK_IMAGE_DECODED)
		return false;
	uint32_t cx = 0, cy = 0;
	bool same = !expect_cx || (pix.cx == expect_cx && pix.cy == expect_cy);
	uint8_t *px = same ? fit_pixels(img, pix.px, pix.cx, pix.cy, &cx, &cy) : NULL;
	if (px != pix.px)
		bfree(pix.px);
	if (!px)
		return false;
	set_pending(img, px, cx, cy, GS_RGBA);
	*full_cx = pix.cx;
	*full_cy = pix.cy;
	return true;
}

/* g.lock held. Raises the wanted size; queues a rescale of a ready still
 * image stored smaller than that now needs. */
static bool want_more(struct lk_image *img, uint32_t cx, uint32_t cy)
{
	if (cx <= img->want_cx && cy <= img->want_cy)
		return false;
	img->want_cx = cx > img->want_cx ? cx : img->want_cx;
	img->want_cy = cy > img->want_cy ? cy : img->want_cy;
	/* the state first: the loader sets shrunk before READY, without g.lock */
	if (lk_image_get_state(img) != LK_IMAGE_READY || !img->shrunk || img->rescale_queued || !g.running ||
	    g.stopping)
		return false;
	uint32_t need_cx, need_cy;
	lk_image_fit_size(img->cx, img->cy, img->want_cx, img->want_cy, &need_cx, &need_cy);
	if (need_cx <= img->stored_cx && need_cy <= img->stored_cy)
		return false;
	img->rescale_queued = true;
	img->refs++; /* the rescale's reference */
	da_push_back(g.queue, &img);
	pthread_cond_signal(&g.wake);
	return true;
}

/* Loader: decodes the file again and shrinks it to the new wanted size;
 * the old texture stays until the new pixels are uploaded. */
static void rescale(struct lk_image *img)
{
	const char *path = lk_image_key_kind(img->key) == LK_IMAGE_KEY_HTTP ? img->path : img->key;
	if (path && !stopping()) {
		int64_t size;
		size_t len = 0;
		uint32_t fcx, fcy;
		uint8_t *data = read_whole(path, &size, &len);
		bool done = data && decode_own(img, data, len, img->cx, img->cy, &fcx, &fcy);
		bfree(data);
		if (!done) {
			gs_image_file4_init(&img->file, path, GS_IMAGE_ALPHA_PREMULTIPLY);
			gs_image_file_t *f = base_file(img);
			bool same = f->loaded && f->cx == img->cx && f->cy == img->cy;
			if (!same || !shrink(img))
				blog(LOG_WARNING,
				     "[linkon] image could not be decoded again at a bigger size; kept as it was");
			gs_image_file4_free(&img->file);
		}
		lk_text_probe_note(LK_TEXT_PROBE_IMAGE_RESCALE);
		upload_on_loader(img); /* the old texture stays on screen until now */
	}
	pthread_mutex_lock(&g.lock);
	img->rescale_queued = false;
	img->bytes = (size_t)img->stored_cx * img->stored_cy * 4;
	pthread_mutex_unlock(&g.lock);
}

static void decode(struct lk_image *img, const char *path)
{
	size_t len = 0;
	uint8_t *data = check_file(img, path, &len);
	if (!data)
		return;
	if (stopping()) {
		bfree(data);
		image_fail(img, true, "image loader stopped");
		return;
	}

	uint32_t fcx, fcy;
	bool own = decode_own(img, data, len, 0, 0, &fcx, &fcy);
	bfree(data);
	if (own) {
		img->cx = fcx;
		img->cy = fcy;
		img->shrunk = true;
		img->bytes = (size_t)img->stored_cx * img->stored_cy * 4;
		upload_on_loader(img);
		if (lk_image_get_state(img) == LK_IMAGE_LOADING)
			os_atomic_set_long(&img->state, LK_IMAGE_READY);
		return;
	}

	/* GIF, BMP, animated WebP, CMYK JPEG, or what Linkon's decoders refused */
	gs_image_file4_init(&img->file, path, GS_IMAGE_ALPHA_PREMULTIPLY);
	gs_image_file_t *f = base_file(img);
	if (!f->loaded || f->cx > LK_IMAGE_MAX_SIDE || f->cy > LK_IMAGE_MAX_SIDE || !f->cx || !f->cy) {
		gs_image_file4_free(&img->file);
		image_fail(img, false, "could not decode the image");
		return;
	}

	img->cx = f->cx;
	img->cy = f->cy;
	img->shrunk = shrink(img);
	/* what the cache holds: the shrunk still, or every frame of an
	 * animation as a full canvas (animations are not shrunk) */
	img->bytes = img->shrunk
			     ? (size_t)img->stored_cx * img->stored_cy * 4
			     : (size_t)f->cx * f->cy * 4 * (f->is_animated_gif ? (size_t)f->gif.frame_count + 1 : 1);
	upload_on_loader(img);
	if (lk_image_get_state(img) == LK_IMAGE_LOADING)
		os_atomic_set_long(&img->state, LK_IMAGE_READY);
}

/* ---- loader: downloads ------------------------------------------------------ */

static void on_downloaded(void *data, const struct lk_net_result *res)
{
	struct lk_image *img = data;

	if (!res->ok) {
		if (res->http_status >= 400)
			image_fail(img, true, "download failed: HTTP %ld", res->http_status);
		else
			image_fail(img, true, "download failed: %s", res->error ? res->error : "no response");
		lk_image_release(img);
		return;
	}

	pthread_mutex_lock(&g.lock);
	bool queued = g.running && !g.stopping;
	if (queued) {
		bfree(img->path);
		img->path = bstrdup(res->path);
		img->downloaded = true;
		da_push_back(g.queue, &img); /* the reference moves back to the queue */
		pthread_cond_signal(&g.wake);
	}
	pthread_mutex_unlock(&g.lock);

	if (!queued) {
		image_fail(img, true, "image loader stopped");
		lk_image_release(img);
	}
}

/* Returns true when the download owns the load's reference now. */
static bool start_download(struct lk_image *img)
{
	pthread_mutex_lock(&g.lock);
	struct lk_net_cache *cache = g.cache;
	pthread_mutex_unlock(&g.lock);

	if (!cache) {
		image_fail(img, true, "network not available");
		return false;
	}
	/* the cache answers at once from a fresh file, else on the net worker */
	if (!lk_net_cache_fetch(cache, img->key, LK_IMAGE_MAX_BYTES, on_downloaded, img)) {
		image_fail(img, false, "URL refused by the network layer");
		return false;
	}
	return true;
}

/* Runs one step of a load (or a rescale); consumes its reference. */
static void load_step(struct lk_image *img)
{
	enum lk_image_key_kind kind = lk_image_key_kind(img->key);

	if (lk_image_get_state(img) == LK_IMAGE_READY) { /* only rescales are queued for ready images */
		rescale(img);
		lk_image_release(img);
		return;
	}

	if (kind == LK_IMAGE_KEY_REFUSED) {
		image_fail(img, false, "only local files and http(s) URLs are allowed");
	} else if (kind == LK_IMAGE_KEY_HTTP && !img->downloaded) {
		if (start_download(img))
			return;
	}

	if (lk_image_get_state(img) == LK_IMAGE_LOADING) {
		const char *path = kind == LK_IMAGE_KEY_HTTP ? img->path : img->key;
		decode(img, path);
	}
	lk_image_release(img);
}

/* Decoding a product image allocates its full-size pixels (and the
 * decoder's buffers) on this thread; glibc keeps what was freed in the
 * thread's arena. When a batch of loads is over, the free pages go back to
 * the system (process-wide, but only after a batch: not per frame). */
static void trim_after_batch(bool *loaded)
{
#ifdef __GLIBC__
	if (*loaded)
		malloc_trim(0);
#endif
	*loaded = false;
}

static void *loader_thread(void *unused)
{
	bool loaded = false; /* something was decoded since the last trim */
	os_set_thread_name("linkon-images");
	for (;;) {
		pthread_mutex_lock(&g.lock);
		if (!g.queue.num && loaded) {
			pthread_mutex_unlock(&g.lock);
			trim_after_batch(&loaded);
			continue;
		}
		while (!g.stopping && !g.queue.num)
			pthread_cond_wait(&g.wake, &g.lock);
		if (g.stopping) {
			pthread_mutex_unlock(&g.lock);
			break;
		}
		struct lk_image *img = g.queue.array[0];
		da_erase(g.queue, 0);
		pthread_mutex_unlock(&g.lock);

		load_step(img);
		loaded = true;
	}
	UNUSED_PARAMETER(unused);
	return NULL;
}

/* ---- graphics context (the loader, or the graphics thread without one) -------- */

static void upload(struct lk_image *img)
{
	gs_image_file_t *f = base_file(img);

	img->upload_tried = true;
	gs_image_file4_init_texture(&img->file); /* animated GIFs: libobs' frames */
	if (!f->texture)
		image_fail(img, true, "could not create a %ux%u texture", f->cx, f->cy);
	else
		__atomic_add_fetch(&img->generation, 1, __ATOMIC_RELEASE);
}

/* Shrunk pixels made by the loader (first load or rescale) become the
 * texture; the old one is kept if the new one cannot be created. A frame
 * (on_loader false) leaves pixels the loader is about to upload to the
 * loader: a rescale's pixels are pending while the loader waits for the
 * graphics context, and the frame holding it would otherwise make the
 * texture itself. */
static void upload_pending(struct lk_image *img, bool on_loader)
{
	pthread_mutex_lock(&g.lock);
	if (!on_loader && img->pending_on_loader) {
		pthread_mutex_unlock(&g.lock);
		return;
	}
	uint8_t *px = img->pending;
	uint32_t cx = img->pending_cx, cy = img->pending_cy;
	enum gs_color_format format = img->pending_format;
	img->pending = NULL;
	pthread_mutex_unlock(&g.lock);
	if (!px)
		return;

	/* into the texture of the previous size when it fits: a rescale (a
	 * font change) costs a copy, not a new texture */
	bool ok = lk_tex_slot_upload(&img->slot, format, px, cx * 4, cx, cy);
	bfree(px);
	if (!ok) {
		if (!img->slot.texture)
			image_fail(img, true, "could not create a %ux%u texture", cx, cy);
		return;
	}
	__atomic_add_fetch(&img->generation, 1, __ATOMIC_RELEASE);
}

struct lk_tex_view lk_image_texture(struct lk_image *img)
{
	struct lk_tex_view v = {0};

	if (lk_image_get_state(img) != LK_IMAGE_READY)
		return v;
	if (img->shrunk) {
		upload_pending(img, false);
		v.texture = img->slot.texture;
		v.cx = img->slot.cx;
		v.cy = img->slot.cy;
	} else {
		if (!img->upload_tried)
			upload(img);
		gs_image_file_t *f = base_file(img);
		v.texture = f->texture;
		v.cx = f->texture ? f->cx : 0;
		v.cy = f->texture ? f->cy : 0;
	}
	v.gen = __atomic_load_n(&img->generation, __ATOMIC_ACQUIRE);
	if (!v.cx || !v.cy)
		v.texture = NULL;
	return v;
}

void lk_image_stored_size(const struct lk_image *img, uint32_t *cx, uint32_t *cy)
{
	pthread_mutex_lock(&g.lock);
	bool shrunk = img && lk_image_get_state(img) == LK_IMAGE_READY && img->shrunk;
	*cx = shrunk ? img->stored_cx : 0;
	*cy = shrunk ? img->stored_cy : 0;
	pthread_mutex_unlock(&g.lock);
}

uint64_t lk_image_texture_generation(const struct lk_image *img)
{
	return img ? __atomic_load_n(&img->generation, __ATOMIC_ACQUIRE) : 0;
}

void lk_image_want(struct lk_image *img, uint32_t cx, uint32_t cy)
{
	if (!img)
		return;
	pthread_mutex_lock(&g.lock);
	want_more(img, cx, cy);
	pthread_mutex_unlock(&g.lock);
}

/* ---- lifetime ------------------------------------------------------------------ */

bool lk_images_init(struct lk_net_cache *cache)
{
	pthread_mutex_lock(&g.lock);
	if (g.running) {
		pthread_mutex_unlock(&g.lock);
		return true;
	}
	g.cache = cache;
	g.stopping = false;
	g.running = true;
	bool ok = pthread_create(&g.thread, NULL, loader_thread, NULL) == 0;
	if (!ok) {
		g.running = false;
		g.cache = NULL;
	}
	pthread_mutex_unlock(&g.lock);

	if (!ok)
		blog(LOG_ERROR, "[linkon] could not start the image loader thread");
	return ok;
}

/* Fails and releases what was still queued, then drops the cache: entries
 * still referenced become orphans, freed by their last lk_image_release. */
static void drain_after_stop(void)
{
	image_array_t queued = {0}, unused = {0};
	size_t orphans = 0;

	pthread_mutex_lock(&g.lock);
	da_move(queued, g.queue);
	pthread_mutex_unlock(&g.lock);
	for (size_t i = 0; i < queued.num; i++) {
		image_fail(queued.array[i], true, "image loader stopped");
		lk_image_release(queued.array[i]);
	}
	da_free(queued);

	pthread_mutex_lock(&g.lock);
	for (size_t i = 0; i < g.entries.num; i++) {
		struct lk_image *img = g.entries.array[i];
		img->in_cache = false;
		if (img->refs == 0)
			da_push_back(unused, &img);
		else
			orphans++;
	}
	da_free(g.entries);
	da_free(g.lru);
	da_free(g.logged);
	g.lru_bytes = 0;
	g.cache = NULL;
	g.running = false;
	pthread_mutex_unlock(&g.lock);

	destroy_all(&unused);
	if (orphans)
		blog(LOG_WARNING, "[linkon] %zu images still in use at shutdown", orphans);
}

void lk_images_shutdown(void)
{
	pthread_mutex_lock(&g.lock);
	bool running = g.running && !g.stopping;
	g.stopping = true;
	pthread_cond_broadcast(&g.wake);
	pthread_mutex_unlock(&g.lock);
	if (!running)
		return;

	pthread_join(g.thread, NULL);
	drain_after_stop();
}
