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
/* obj[key] when it is a string of 1..max bytes without NUL or control
 * characters (ids, tokens, ciphers), else NULL. Borrowed. */
const char *lk_shopify_plain_str(const json_t *obj, const char *key, size_t max);
