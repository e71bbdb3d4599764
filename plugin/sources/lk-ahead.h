/*
 * Linkon — composing ahead of the frame, on a thread of its own.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A source whose content changes between frames (a pin, a sale, a font)
 * would otherwise notice it in its next video_tick and compose its layer in
 * that frame's video_render: on a software renderer the frame then waits
 * for the new layer to be rasterised (1.5-9 ms of a card's switch frame).
 * Poked when something it shows changed (the store published, its settings
 * were read), this thread runs the source's own catch-up (the tick's work
 * and the composition, under the source's lock and inside
 * obs_enter_graphics) in the idle time between frames, so the frame finds
 * the layer composed and only draws it.
 *
 * A poke holds only a weak reference: the run takes a strong one (so the
 * source cannot be destroyed while it runs) and is skipped when the source
 * is already going. Pokes made while one is queued are merged.
 */
#pragma once

#include <obs.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_ahead;
typedef void (*lk_ahead_fn)(void *data);

/* Module load / unload. After stop, pokes do nothing (the frame does the
 * work, as without this thread). */
bool lk_ahead_start(void);
void lk_ahead_stop(void);

/* create: run(data) will run on the thread for source's pokes. */
struct lk_ahead *lk_ahead_create(obs_source_t *source, lk_ahead_fn run, void *data);
/* Any thread, never waits on a run. NULL ok. */
void lk_ahead_poke(struct lk_ahead *a);
/* The same, for a run at due_ns (os_gettime_ns) at the latest: a poke
 * before then (lk_ahead_poke) runs it at once. */
void lk_ahead_poke_at(struct lk_ahead *a, uint64_t due_ns);
/* Pokes every source that composes ahead: the module's store listener
 * (every source shows something of the store). Any thread. */
void lk_ahead_poke_all(void);
/* The image loader made a picture's texture: pokes every source (its run
 * takes the picture, lk_image_slot_take, and composes with it). */
void lk_ahead_image_made(void);
/* True while a poke of a waits for its run, or the run is on (it may be
 * waiting for the graphics context) and has not said lk_ahead_ran. Any
 * thread. NULL: false. */
bool lk_ahead_pending(struct lk_ahead *a);
/* The run of a, before it lets go of its source's lock: what it was poked
 * for is done, so a tick that was waiting for that lock does its own work
 * (a poke since then keeps a pending). Under that lock. */
void lk_ahead_ran(struct lk_ahead *a);
/* destroy: no run starts after this (one cannot be running: it would hold
 * a reference). May be called on the thread itself. NULL ok. */
void lk_ahead_destroy(struct lk_ahead *a);

/* Tests and benches: runs finished since module load; waits until nothing
 * is queued or running (false after timeout_ms). */
long lk_ahead_runs(void);
bool lk_ahead_idle(int timeout_ms);
/* Started and not stopping. */
bool lk_ahead_running(void);

#ifdef __cplusplus
}
#endif
