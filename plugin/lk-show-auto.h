/*
 * Linkon — the show's settings and its start/end with streaming (see
 * lk-show-auto.c). UI thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <jansson.h>
#include <stdbool.h>

struct lk_store;

/* Reads the show's journal back from <module config>/shows (once, at load). */
bool lk_show_auto_open(struct lk_store *store);
/* Applies config's "show" settings (privacy, commission, autoStart). */
void lk_show_auto_configure(struct lk_store *store, json_t *config);
/* Starts/ends shows with streaming (when autoStart); from post_load. */
void lk_show_auto_hook(void);
void lk_show_auto_unhook(void);
