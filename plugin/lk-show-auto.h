/*
 * Linkon — the show's settings and its start/end with streaming (see
 * lk-show-auto.c). UI thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <jansson.h>
#include <stdbool.h>

struct lk_store;
struct lk_gift_event;

/* Reads the show's journal back from <module config>/shows (once, at load). */
struct lk_module;
bool lk_show_auto_open(const struct lk_module *m);
/* Applies config's "show" settings (privacy, commission, autoStart). */
void lk_show_auto_configure(struct lk_store *store, json_t *config);
/* Starts/ends shows with streaming (when autoStart); from post_load. */
void lk_show_auto_hook(void);
void lk_show_auto_unhook(void);
/* The connectors' gift sink: lk_gift_hub_push, and the gifts it added
 * (as the alert queue counts them) to the show. Any thread. */
int lk_show_auto_push_gift(const struct lk_gift_event *ev);
