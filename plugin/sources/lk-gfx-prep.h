/*
 * Linkon — render targets made off the frame, on a thread of their own.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * On a software renderer (Mesa llvmpipe) making a render target costs what
 * touching its fresh memory costs: 2-7 ms of the graphics thread for a
 * card-sized one. A layer that needs a bigger target asks this thread for
 * one and keeps showing what it holds until it is there (usually the next
 * frame): the thread makes it inside obs_enter_graphics, between frames.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <graphics/graphics.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_gfx_target;

/* Module load / unload. After stop, requests not made yet never come
 * (lk_gfx_target_take answers -1). */
bool lk_gfx_prep_start(void);
void lk_gfx_prep_stop(void);

/* Asks for a texrender (GS_RGBA, no depth) whose target is cx×cy, cleared
 * to transparent. NULL when the thread does not run. Any thread, never
 * blocks. */
struct lk_gfx_target *lk_gfx_target_request(uint32_t cx, uint32_t cy);
/* Graphics context. 1: made, *tr is the caller's now; 0: not yet (ask again
 * next frame); -1: it will not come (thread stopped, no graphics). On 1 and
 * -1 the request is freed and *t set to NULL. */
int lk_gfx_target_take(struct lk_gfx_target **t, gs_texrender_t **tr);
/* Graphics context: gives a request up (what was made is destroyed). NULL
 * ok. */
void lk_gfx_target_drop(struct lk_gfx_target *t);

#ifdef __cplusplus
}
#endif
