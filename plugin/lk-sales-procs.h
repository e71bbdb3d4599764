/*
 * Linkon — procs for the show and test orders (lk-sales-procs.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_store;

/* Registers linkon_show_start, linkon_show_end and linkon_test_order with
 * the global proc handler; test orders go into store (the module's, alive
 * until the unload). Module load. */
void lk_sales_procs_register(struct lk_store *store);
/* Puts an order of quantity × product_id (NULL/"" = the pinned product, else
 * the catalog's first) by buyer (NULL = anonymous) into the store, as a
 * connector would (counted only while a show is live). order_id NULL = a
 * new one. false with err when there is no store or no product. Not the
 * graphics thread. */
bool lk_sales_test_order(struct lk_store *store, const char *product_id, int64_t quantity, const char *buyer,
			 const char *order_id, char *err, size_t err_size);

#ifdef __cplusplus
}
#endif
