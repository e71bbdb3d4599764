/*
 * Linkon bench — the pre-Pango text engine (FreeType + fontconfig, laid out
 * by hand) kept only as the baseline of bench-text: its public and internal
 * names get an old_ prefix so it links next to the current engine.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once
#define lk_font_get old_lk_font_get
#define lk_font_release old_lk_font_release
#define lk_font_shutdown old_lk_font_shutdown
#define lk_text_render old_lk_text_render
#define lk_text_measure old_lk_text_measure
#define lk_text_bitmap_free old_lk_text_bitmap_free
#define lk_font_lock old_lk_font_lock
#define lk_font_unlock old_lk_font_unlock
#define lk_font_line_metrics old_lk_font_line_metrics
#define lk_font_lookup old_lk_font_lookup
#define lk_font_raster old_lk_font_raster
#define lk_glyph_pixels_copy old_lk_glyph_pixels_copy
#define lk_text_tex_set old_lk_text_tex_set
#define lk_text_tex_draw old_lk_text_tex_draw
#define lk_text_tex_free old_lk_text_tex_free
