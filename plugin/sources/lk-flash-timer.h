/*
 * Linkon — "linkon_flash_timer": settings, layout, properties and end actions of
 * the flash-sale timer source (the drawing is in lk-flash-timer.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-source-common.h"

#include <obs-module.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Which end: index of the end texts (lk_timer_config.end_text). */
enum lk_timer_end { LK_TIMER_END_ENDED = 0, LK_TIMER_END_SOLD_OUT, LK_TIMER_END_STOPPED, LK_TIMER_NUM_ENDS };

/* Everything the settings say. Strings are owned (never NULL after load). */
struct lk_timer_config {
	bool by_product;  /* false: the store's current sale */
	char *product_id; /* by_product: whose sale */
	struct lk_look look;
	uint32_t warn; /* last-seconds and end colour, 0xAARRGGBB */
	int warn_secs; /* 0 = no warning */
	int end_secs;  /* how long the end text shows */
	int low_stock; /* "Only N left" at or below */
	bool show_badge, show_prices, show_stock, show_bar, big_digits;
	char *end_text[LK_TIMER_NUM_ENDS]; /* translated default when the setting is "" */
	bool end_hide, end_unpin;
	char *end_scene; /* "" = no switch */
};

/* Fixed geometry from config + fonts (px, origin top-left). */
struct lk_timer_layout {
	int w, h, pad, gap, radius;
	int size_badge, size_price, size_orig, size_small, size_label, size_digits, size_big, size_end;
	int left_y, badge_y, badge_h, price_y, price_h, stock_y; /* left column */
	int right_y, right_h, label_h, digits_y;                 /* right column */
	int right_w;                                             /* "00:00" in the digits' size */
	int bar_y, bar_h;
};

/* The geometry of cfg with fonts (fonts->size is the base size). Measures
 * text: the text worker (the source's setup task) or the UI thread (create). */
void lk_timer_layout_compute(void *l, const void *cfg, const struct lk_font_pair *fonts);

/* Reads settings into cfg (replacing nothing: cfg must be empty). Text
 * worker or UI thread. */
void lk_timer_config_load(void *cfg, obs_data_t *settings);
void lk_timer_config_free(void *cfg);

/* obs_source_info callbacks. UI thread. */
void lk_timer_get_defaults(obs_data_t *settings);
/* The properties; store (lk_source_store; may be NULL) lists the products. */
obs_properties_t *lk_timer_get_properties(struct lk_store *store);

#ifdef __cplusplus
}
#endif
