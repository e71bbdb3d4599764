/*
 * Linkon — what a flash-sale timer shows at a moment: the phase, the
 * countdown text, the time bar and the warning, from a sale and the
 * platform time. Pure functions (no gs_*, no obs_source_*): any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Phases, from the sale's state at platform time t (lk_sale_state_at):
 *
 *   scheduled, pre-roll ──▶ "Starts in 0:05"           LK_COUNTDOWN_WAITING
 *   pre-roll, last big_ms ─▶ big "3", "2", "1"         LK_COUNTDOWN_BIG
 *   live ─────────────────▶ "Ends in 04:59"            LK_COUNTDOWN_LIVE
 *   ended / sold out / stopped, for end_text_ms ─▶ end text   LK_COUNTDOWN_END
 *   … after that ─────────▶ end actions are due        LK_COUNTDOWN_DONE
 *
 * A countdown shows whole seconds rounded up, so "0:00" is never shown
 * while time is left and the text changes exactly on the platform second.
 */
#pragma once

#include "lk-sale.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "1:00:00" … "99:59:59", "59:59", "9:59": longest text is 11 bytes */
#define LK_COUNTDOWN_TEXT_MAX 16
/* Pre-roll's last ms shown as big single digits by default (3 · 2 · 1). */
#define LK_COUNTDOWN_BIG_MS 3000

enum lk_countdown_phase {
	LK_COUNTDOWN_NONE = 0, /* no sale: nothing to show */
	LK_COUNTDOWN_WAITING,  /* scheduled or in pre-roll */
	LK_COUNTDOWN_BIG,      /* the last big_ms of pre-roll */
	LK_COUNTDOWN_LIVE,     /* the link is live */
	LK_COUNTDOWN_END,      /* finished, end text showing */
	LK_COUNTDOWN_DONE,     /* finished, end text time over */
};

struct lk_countdown_config {
	int64_t warn_ms;     /* live with at most this left: warning; 0 = never */
	int64_t end_text_ms; /* how long the end text shows (>= 0) */
	int64_t big_ms;      /* big digits for pre-roll's last ms; 0 = none */
};

struct lk_countdown {
	enum lk_countdown_phase phase;
	enum lk_sale_state state;         /* the sale's state at t */
	int64_t since_ms;                 /* platform ms that state began */
	int64_t remaining_ms;             /* to the start (waiting, big) or the end (live); 0 otherwise */
	float progress;                   /* share of the phase's time left, 1 … 0 (bar) */
	bool warn;                        /* live, warn_ms or less left */
	int big;                          /* LK_COUNTDOWN_BIG: the digit shown (3, 2, 1) */
	float big_t;                      /* LK_COUNTDOWN_BIG: 0 … 1 through that digit's second */
	char text[LK_COUNTDOWN_TEXT_MAX]; /* countdown (waiting, live), the digit (big); "" otherwise */
};

/* Writes remaining_ms (rounded up to whole seconds; negative = 0) into buf:
 * "H:MM:SS" from one hour up, else "MM:SS" when span_ms (the length of the
 * whole countdown) is a minute or more, else "M:SS". So a 5-minute sale
 * reads "05:00", "04:59" … "00:01" and a 5 s pre-roll "0:05" … "0:01", with
 * the same number of characters throughout. Returns buf ("" if size is too
 * small for the text). */
const char *lk_countdown_format(char *buf, size_t size, int64_t remaining_ms, int64_t span_ms);

/* What sale s (NULL = none) looks like at platform time t under cfg. */
void lk_countdown_compute(const struct lk_sale *s, int64_t t, const struct lk_countdown_config *cfg,
			  struct lk_countdown *out);

/* The sale a timer for product_id shows among sales[0..n) at platform time
 * t, by the states at t: the live one (latest start), else the one in
 * pre-roll (soonest start), else the one that finished last if that was
 * less than hold_ms ago, else the next scheduled one (soonest start), else
 * the one that finished last. Borrowed from sales; NULL if the product has
 * no sale (or product_id is NULL/""). */
const struct lk_sale *lk_countdown_pick(struct lk_sale *const *sales, size_t n, const char *product_id, int64_t t,
					int64_t hold_ms);

#ifdef __cplusplus
}
#endif
