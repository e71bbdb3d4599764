/*
 * Linkon — product model.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A product is built by one thread (mutable while refs == 1 and not yet
 * published), then handed to the store, after which it is immutable and
 * shared by reference between snapshots and threads. To change a published
 * product, lk_product_clone() it, edit the clone, publish the clone.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_STOCK_UNKNOWN ((int64_t)-1)

struct lk_product {
	volatile long refs;
	char *id;      /* never NULL after lk_product_new */
	char *sku;     /* may be NULL */
	char *title;   /* UTF-8, may be NULL */
	char *image;   /* http(s) URL or local file path, may be NULL */
	char *buy_url; /* may be NULL */
	int64_t price;          /* minor units of currency (cents, fen) */
	int64_t original_price; /* minor units; 0 = no original price */
	char currency[4];       /* ISO 4217, NUL-terminated, e.g. "CNY" */
	int64_t stock;          /* units left, or LK_STOCK_UNKNOWN */
	int64_t stock_total;    /* units at start of show (for the stock bar), 0 = unknown */
	int64_t sold;           /* units sold */
};

/* New product with refs = 1 (caller owns it). Any thread. */
struct lk_product *lk_product_new(const char *id);
/* New mutable deep copy with refs = 1. Any thread. */
struct lk_product *lk_product_clone(const struct lk_product *p);
struct lk_product *lk_product_addref(struct lk_product *p);
void lk_product_release(struct lk_product *p);

/* Replace *field with a copy of value (NULL allowed). Only on unpublished products. */
void lk_product_set_str(char **field, const char *value);
/* Copy currency code (upper-cased, max 3 letters). */
void lk_product_set_currency(struct lk_product *p, const char *code);

/* Field-by-field equality (not identity). */
bool lk_product_equal(const struct lk_product *a, const struct lk_product *b);

#ifdef __cplusplus
}
#endif
