/*
 * Linkon — what the controller's two files share (not for other modules).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

struct lk_store;

/* Longest sleep of the controller's store tick on the net worker. */
#define LK_CONTROLLER_MAX_TICK_MS 250

/* The store lk_controller_state_json reads (NULL = not running). Any thread. */
void lk_controller_set_pub_store(struct lk_store *store);
