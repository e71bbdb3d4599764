/*
 * Linkon — what the controller's two files share (not for other modules).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

struct lk_store;
struct lk_module;

/* Longest sleep of the controller's store tick on the net worker. */
#define LK_CONTROLLER_MAX_TICK_MS 250

/* The module whose store lk_controller_state_json reads (NULL = not
 * running). Any thread. */
void lk_controller_set_pub_module(const struct lk_module *module);
/* The module lk_controller_init was given (NULL before). Any thread. */
const struct lk_module *lk_controller_module(void);
/* Its store, or NULL when the controller is not running. Any thread. */
struct lk_store *lk_controller_pub_store(void);
