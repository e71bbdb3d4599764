/*
 * Linkon — buy links for viewers: the product's URL with attribution (UTM)
 * and an optional discount code, safe to print in a QR code.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure string work, any thread.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_buy_url_opts {
	bool utm;                   /* add utm_source/medium/campaign/content */
	const char *utm_source;     /* NULL/"" = "linkon" */
	const char *utm_medium;     /* NULL/"" = "live" */
	const char *utm_campaign;   /* show name or date; NULL/"" = no utm_campaign */
	const char *discount_code;  /* NULL/"" = none */
	const char *discount_param; /* query key for the code (Shopify: "discount"); NULL = the shop has none */
};

/* Defaults: UTM on, source "linkon", medium "live", no campaign, no code. */
void lk_buy_url_opts_default(struct lk_buy_url_opts *o);

/* base with the options' parameters added to its query (before any
 * fragment). Bytes that may not stand in a URL (non-ASCII, spaces,
 * controls, quotes, <>\^`{|}) are percent-encoded; existing %XX escapes and
 * reserved characters are kept. A parameter the base already has is left as
 * the shop wrote it. product_id goes into utm_content. Returns a bmalloc'd
 * string, or NULL if base is not an absolute http(s) URL with a host. */
char *lk_buy_url_build(const char *base, const char *product_id, const struct lk_buy_url_opts *o);

/* A short form to print next to the price: host and path of url without
 * scheme, "www.", query or fragment, and without a trailing '/'. Writes at
 * most size-1 bytes (cut on a UTF-8 boundary) into out. Returns false and
 * an empty string if url is not http(s). */
bool lk_buy_url_short(const char *url, char *out, size_t size);

#ifdef __cplusplus
}
#endif
