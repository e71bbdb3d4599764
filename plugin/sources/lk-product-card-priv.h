/*
 * Linkon — "linkon_product_card" internals shared by its two files:
 * lk-product-card.c (tick, render, lifecycle, properties) and
 * lk-product-card-view.c (settings, geometry, and what the product's texts
 * say and where they go).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: config and layout are computed on the UI thread (update); the
 * view on the graphics thread (video_tick). See lk-product-card.c.
 */
#pragma once

#include "lk-source-common.h"
#include "lk-price.h"
#include "lk-qr-draw.h"
#include "lk-text.h"

#include <obs-module.h>
#include <stdbool.h>
#include <util/threading.h>

#define SETTING_MODE "mode"
#define SETTING_PRODUCT "product_id"
#define SETTING_LAYOUT "layout"
#define SETTING_BAR_COLOR "bar_color"
#define SETTING_SHOW_IMAGE "show_image"
#define SETTING_SHOW_ORIGINAL "show_original_price"
#define SETTING_SHOW_DISCOUNT "show_discount"
#define SETTING_SHOW_STOCK "show_stock"
#define SETTING_SHOW_SOLD "show_sold"
#define SETTING_SHOW_CLAIMS "show_claims" /* "23 want this": live-room claims, off by default */
#define SETTING_SHOW_SLOT "show_slot"
#define SETTING_TITLE_LINES "title_lines"
#define SETTING_LOW_STOCK "low_stock"
#define SETTING_SHOW_QR "show_qr"
#define SETTING_SHOW_LINK "show_link"

#define MODE_PINNED "pinned"
#define MODE_FIXED "fixed"
#define LAYOUT_HORIZONTAL "horizontal"
#define LAYOUT_VERTICAL "vertical"

struct card_config {
	bool fixed;
	char *product_id;
	bool vertical;
	struct lk_look look;
	uint32_t bar; /* 0xAARRGGBB */
	bool show_image, show_original, show_discount, show_stock, show_sold, show_slot;
	bool show_claims;
	bool show_qr, show_link; /* scan to buy: the buy link's QR panel, its short form under the price */
	char campaign[16];       /* the links' utm_campaign: the date the settings were read (YYYY-MM-DD) */
	int title_lines;
	int low_stock;
};

/* Fixed geometry from config + fonts (px, card origin top-left). */
struct card_layout {
	int w, h, pad, gap, radius;
	int size_title, size_price, size_orig, size_small, size_badge;
	int img_x, img_y, img_s;
	int col_x, col_y, col_w;
	int title_y, price_y, price_h, stock_y, stock_h, sold_y, sold_h, bar_h;
	int link_y, link_h;   /* the short buy link's row in the column */
	int qr_x, qr_y, qr_s; /* the QR panel; qr_s = 0: none */
};

/* Positions that depend on the product's texts (px). */
struct card_view {
	bool visible;
	bool rtl; /* the title reads right to left: the card is mirrored */
	float img_x, title_x, price_x, sold_x, bar_x;
	bool orig, badge, bar, stock_label, sold, slot, flash;
	float price_y, price_end, orig_x, orig_y;
	float badge_x, badge_y, badge_w, badge_h;
	float bar_frac, bar_w, label_x, label_y;
	float slot_x, slot_y, slot_w, slot_h;
	float flash_x, flash_y, flash_w, flash_h;
	bool qr, link; /* the product has a buy link to show */
	float qr_x, link_x;
};

struct product_card {
	struct lk_source base; /* settings hand-over into cfg/fonts/lay (card_ops), size, what destroy frees */

	/* graphics thread only */
	struct card_config cfg;
	struct lk_font_pair fonts;
	struct card_layout lay;
	struct lk_snap_follow follow;
	const struct lk_product *product; /* the one shown, borrowed from follow.snap; NULL = none */
	char *shown_id;
	bool have_shown;
	int fresh; /* another product's texts are on the worker: left out (lk_fresh_tick) */
	/* the live sale the view was laid out with (borrowed from follow.snap,
	 * compared by address while that snapshot is held) */
	const struct lk_sale *shown_sale;
	int64_t price_due_ms; /* platform ms the live sale is looked up again (lk_price_next_change) */
	struct card_view view;
	struct lk_image_slot image;
	struct lk_text_tex title, price, orig, discount, stock, sold, slot, flash, link;
	struct lk_qr_tex qr;
	struct lk_xfade fade;
};

#define CARD_TEXTS(c)                                                                                      \
	{                                                                                                  \
		&(c)->title, &(c)->price, &(c)->orig, &(c)->discount, &(c)->stock, &(c)->sold, &(c)->slot, \
			&(c)->flash, &(c)->link                                                            \
	}
#define CARD_NUM_TEXTS 9

/* Settings into cfg (cfg empty); text worker or UI thread. */
void lk_card_config_load(void *cfg, obs_data_t *settings);
void lk_card_config_free(void *cfg);
/* The geometry of cfg with fonts; measures text: text worker or UI thread. */
void lk_card_layout_compute(void *l, const void *cfg, const struct lk_font_pair *f);
/* Lays out product p (NULL = nothing shown) priced as pv says (lk_price_at
 * at the tick's platform time): texts, image request, positions. Tick. */
void lk_card_view_update(struct product_card *c, const struct lk_product *p, const struct lk_price_view *pv);
