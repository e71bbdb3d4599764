/*
 * Linkon — product images: shared cache, loaded and decoded off the
 * graphics thread, uploaded on it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A key is a local file path or an http(s) URL. URLs come from the
 * module's image cache (net/lk-net-cache.h: downloaded, revalidated and
 * pruned on the net worker) and are then decoded like a file. Any other scheme (file://, ftp://, data:, …) is refused with a
 * logged reason and the image goes to LK_IMAGE_FAILED. Files over
 * LK_IMAGE_MAX_BYTES, images whose headers say more than LK_IMAGE_MAX_SIDE
 * per side (for a GIF: its canvas grown to the largest frame; for a JPEG:
 * the largest frame header the decoder would act on) and animations whose
 * frames would take more than 256 MB decoded are refused before decoding.
 * The cache counts every decoded frame of an animation.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lk-draw.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LK_IMAGE_MAX_BYTES (8 * 1024 * 1024)
#define LK_IMAGE_MAX_SIDE 4096

enum lk_image_state { LK_IMAGE_LOADING = 0, LK_IMAGE_READY, LK_IMAGE_FAILED };

struct lk_image;
struct lk_net_cache;

/* Starts the loader thread. cache: the module's image cache that URL
 * images come from (borrowed, may be NULL: URL images then fail; no
 * download callback may run after lk_images_shutdown, so the module stops
 * the net worker before it). Called once at module load. */
bool lk_images_init(struct lk_net_cache *cache);
/* Stops the loader thread (promptly, even mid-load) and frees everything. */
void lk_images_shutdown(void);

/* Image for key, new reference; starts loading if it is not cached. Never
 * blocks on I/O. Any thread. NULL key or "" returns NULL. */
struct lk_image *lk_image_get(const char *key);
/* The same, for an image drawn to cover cx×cy px (0×0: unknown): still
 * images are shrunk to that on the loader thread before upload. */
struct lk_image *lk_image_get_sized(const char *key, uint32_t cx, uint32_t cy);
/* Raises the size img is drawn at (the largest asked for is kept); a ready
 * image stored smaller is shrunk again from its file on the loader thread.
 * Any thread, never blocks. */
void lk_image_want(struct lk_image *img, uint32_t cx, uint32_t cy);
void lk_image_release(struct lk_image *img);
enum lk_image_state lk_image_get_state(const struct lk_image *img);
/* Why it failed (plain words), or NULL. Borrowed, valid while img is held. */
const char *lk_image_error(const struct lk_image *img);

/* Graphics thread only (video_render, or inside obs_enter_graphics):
 * returns the picture (its texture may be larger: a rescale to a size that
 * fits reuses it); texture NULL while loading or after failure. Still
 * images are uploaded by the loader thread (inside obs_enter_graphics), so
 * a frame does not pay for making their texture; what it could not upload
 * (no graphics then, animated GIFs: libobs' frames) is uploaded here. */
struct lk_tex_view lk_image_texture(struct lk_image *img);
/* Size of the decoded image (before any shrinking). */
void lk_image_size(const struct lk_image *img, uint32_t *cx, uint32_t *cy);
/* Size of the pixels kept for the texture: the shrunk size of a still
 * image, 0×0 for what libobs keeps itself (animated GIFs) or before the
 * image is ready. Any thread. */
void lk_image_stored_size(const struct lk_image *img, uint32_t *cx, uint32_t *cy);
/* Changes whenever lk_image_texture starts returning another texture or
 * new pixels (upload, rescale): for caches of composed frames. Any thread
 * (a source takes a new picture in its tick, lk_image_slot_take). */
uint64_t lk_image_texture_generation(const struct lk_image *img);

#ifdef __cplusplus
}
#endif
