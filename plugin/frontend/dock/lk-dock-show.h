/*
 * Linkon — the dock's "Show" tab as data: the live numbers, the GMV chart's
 * samples and the per-pin table's cells, from the snapshot's show view.
 * Pure C (no widgets, no I/O, no globals); the Qt layer calls it on the UI
 * thread, the unit tests anywhere.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "lk-dock-model.h"
#include "lk-show.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The numbers, as the tab's labels show them. Money per currency, joined
 * with " · " when the show sold in several (never summed). */
struct lk_dock_show_text {
	struct dstr state; /* "Live · 1 h 12 min", "Ended · 2 h 3 min", "No show yet" */
	struct dstr gmv, orders, units, aov, gifts, commission;
	bool live;
	bool can_start, can_end;
};

void lk_dock_show_text_init(struct lk_dock_show_text *t);
void lk_dock_show_text_free(struct lk_dock_show_text *t);
/* v may be NULL (no show). now_ms: platform ms. */
void lk_dock_show_text_fill(struct lk_dock_show_text *t, const struct lk_show_view *v, int64_t now_ms,
			    lk_dock_text_fn tr);

/* One row of the per-pin table: product, units, GMV, share of the show's
 * units ("42 %"), and whether the window is still open (pinned now). */
struct lk_dock_pin_cells {
	struct dstr product, units, gmv, share;
	bool open;
};
void lk_dock_pin_cells_init(struct lk_dock_pin_cells *c);
void lk_dock_pin_cells_free(struct lk_dock_pin_cells *c);
void lk_dock_pin_cells_fill(struct lk_dock_pin_cells *c, const struct lk_show_pin *p, lk_dock_text_fn tr);

/* GMV over time (the show's first currency), sampled whenever the view
 * changes, at most one sample a second (a newer one replaces the last);
 * at LK_DOCK_CHART_CAP samples every other one is dropped, so a 5-hour show
 * keeps its whole shape in bounded memory. A new show starts afresh. */
#define LK_DOCK_CHART_CAP 512
struct lk_dock_chart {
	int64_t t[LK_DOCK_CHART_CAP]; /* platform ms */
	int64_t v[LK_DOCK_CHART_CAP]; /* minor units */
	size_t n;
	char currency[4];
	char show_id[64];
	int64_t start_ms;
};
void lk_dock_chart_reset(struct lk_dock_chart *c);
/* Takes a sample of v at now_ms (platform ms); true if the chart changed. */
bool lk_dock_chart_update(struct lk_dock_chart *c, const struct lk_show_view *v, int64_t now_ms);
/* The largest value (for the chart's scale), at least 1. */
int64_t lk_dock_chart_max(const struct lk_dock_chart *c);

/* The folder of a report file (the path up to its last separator), for
 * "Open folder". Writes into out, returns out->array ("" without one). */
const char *lk_dock_report_dir(struct dstr *out, const char *report_path);

#ifdef __cplusplus
}
#endif
