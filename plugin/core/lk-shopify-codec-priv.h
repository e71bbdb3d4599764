/*
 * Linkon — Shopify codec: helpers shared by its two files. Private.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-shopify-codec.h"

#include <stddef.h>
#include <stdio.h>
#include <util/dstr.h>

/* snprintf into err, which may be NULL. */
#define lk_shopify_err(err, err_size, ...) \
	((err) && (err_size) ? (void)snprintf((err), (err_size), __VA_ARGS__) : (void)0)
