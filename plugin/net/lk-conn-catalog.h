/*
 * Linkon — what polling connectors (Shopify, TikTok Shop) share: a whole
 * catalog pass handed to the store with only its changes, and their small
 * private files.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct lk_store;
struct lk_product;

/* Hands a pass (acc, na products, borrowed) to the store, given the last
 * pass the store has (shown, ns, borrowed): when the ids are the same and
 * in the same order, only the products that changed (at most max_puts;
 * more: one catalog event; a catalog event costs the store time that grows
 * with the square of the catalog), else the whole catalog. */
void lk_conn_catalog_publish(struct lk_store *store, struct lk_product *const *shown, size_t ns,
			     struct lk_product *const *acc, size_t na, size_t max_puts);

/* Releases n products (any NULL skipped); not the array. */
void lk_conn_release_products(struct lk_product *const *products, size_t n);

/* Writes text to path atomically (a .tmp file renamed), mode 0600, making
 * the directory. Worker thread of the connector that owns path. */
bool lk_conn_write_private_file(const char *path, const char *text);

/* A private file that could not be read: renamed to path + ".bad" so it is
 * not read again, and said once in the log (what: "[linkon] x: the y"). */
void lk_conn_set_aside(const char *path, const char *what, const char *why);
