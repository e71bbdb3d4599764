/*
 * Linkon — the one cache of downloaded images (product pictures, gift and
 * avatar images, dock thumbnails): files in one folder, kept under a size
 * cap by pruning the least recently used, revalidated with the server
 * (ETag / Last-Modified) once they are older than a max age.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: lk_net_cache_fetch may be called from any thread and never does
 * I/O; the cache's index, its files and its requests live on the net
 * worker (a tick of it), and callbacks run there. The index is kept in
 * <dir>/index.txt, so ages and validators survive a restart.
 */
#pragma once

#include "lk-net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_NET_CACHE_DEFAULT_BYTES ((uint64_t)200 * 1024 * 1024)
#define LK_NET_CACHE_DEFAULT_MAX_AGE_MS ((int64_t)60 * 60 * 1000)

struct lk_net_cache;

struct lk_net_cache_config {
	const char *dir;    /* the cache folder (created if missing) */
	uint64_t max_bytes; /* cap on the files' total size; 0 = LK_NET_CACHE_DEFAULT_BYTES */
	int64_t max_age_ms; /* a file younger than this is used without asking; 0 = default (1 h) */
	/* a folder an older version cached images in (NULL = none): its files
	 * and the folder are deleted on the worker at start */
	const char *legacy_dir;
	/* wall clock in ms (ages are kept across restarts); NULL = the system's.
	 * Tests move time with it. */
	int64_t (*now_ms)(void);
};

/* Registers the cache on net's worker (borrowed: it must outlive the cache
 * until lk_net_cache_stop). Module load. NULL on bad arguments. */
struct lk_net_cache *lk_net_cache_create(struct lk_net *net, const struct lk_net_cache_config *cfg);
/* Takes the cache off the worker (waits for a running pass). Call it
 * before lk_net_destroy; requests still in flight end when the worker
 * stops (their callbacks then run with ok = false). */
void lk_net_cache_stop(struct lk_net_cache *c);
/* After lk_net_destroy (no callback can run any more): fails what was
 * never started (cb with ok = false, "cancelled", on this thread) and frees. */
void lk_net_cache_destroy(struct lk_net_cache *c);

/* The file of url (http/https): cb(data, res) runs once on the net worker;
 * res->ok with res->path = the cached file, else res->error says why. A
 * file younger than max age is handed out at once; an older one is asked
 * for again with If-None-Match / If-Modified-Since (a 304 keeps it). When
 * a refresh fails (HTTP error, network, a body over max_bytes, something
 * that is not an image) the last good file is handed out. Any thread,
 * never blocks. false: the URL is refused or the cache stopped (cb not
 * called). */
bool lk_net_cache_fetch(struct lk_net_cache *c, const char *url, size_t max_bytes, lk_net_done_cb cb, void *data);

/* The files' total size and count, as the worker last left them (tests). */
uint64_t lk_net_cache_bytes(struct lk_net_cache *c, size_t *files);

#ifdef __cplusplus
}
#endif
