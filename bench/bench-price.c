/*
 * Linkon — benchmark (not a test): what it costs the graphics thread to
 * notice that a flash sale went live or ended by the clock, with no new
 * snapshot (the product card and the cart list must then show other
 * prices).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   bench-price
 *
 * A show with N sales (1, 100 — about one every 3 minutes over a 5.4-hour
 * show — and 1,000), one after another on the cart's products, each live
 * for 2 minutes. The sources look at the card's product and 20 cart rows.
 *
 * Baseline, measured in the same run: looking every row's live sale up
 * every frame (lk_price_live_sale × 21). Measured: what the sources do —
 * one comparison a frame against the next platform time any sale changes
 * state (lk_price_next_change), and the lookups only then — as an average
 * over every 60 fps frame of the whole show. Prints ns per frame, the ratio
 * to the baseline and the share of a 60 fps frame (16.7 ms). Target: under
 * 0.01 % of a frame with 1,000 sales. Exit status 1 when it is missed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <util/bmem.h>

#include "core/lk-price.h"

#define ROWS 21 /* the card + 20 cart rows */
#define FRAME_MS (1000.0 / 60.0)
#define FRAME_NS (1e9 / 60.0)
#define TARGET_SHARE 0.0001
#define P0 1767268800000LL
#define SALE_EVERY_MS 180000
#define SALE_LIVE_MS 120000

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* n sales, one every SALE_EVERY_MS from P0, on the rows' products in turn */
static struct lk_sale **make_sales(size_t n, char ids[ROWS][16])
{
	struct lk_sale **sales = bzalloc(n * sizeof(*sales));
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof(id), "sale-%zu", i);
		sales[i] = lk_sale_new(id, ids[i % ROWS]);
		sales[i]->sale_price = 990;
		sales[i]->start_ms = P0 + (int64_t)i * SALE_EVERY_MS;
		sales[i]->end_ms = sales[i]->start_ms + SALE_LIVE_MS;
	}
	return sales;
}

static int64_t frame_ms(long f)
{
	return P0 + (int64_t)((double)f * FRAME_MS);
}

/* Every row looked up every frame, on frames spread over the show. */
static double scan_ns(struct lk_sale **sales, size_t n, long frames, char ids[ROWS][16], size_t *seen)
{
	const long samples = 2000;
	double t0 = now_ns();
	for (long k = 0; k < samples; k++)
		for (int r = 0; r < ROWS; r++)
			*seen += lk_price_live_sale(sales, n, ids[r], frame_ms(k * (frames / samples))) != NULL;
	return (now_ns() - t0) / (double)samples;
}

/* What the sources do, on every frame of the show. */
static double due_ns(struct lk_sale **sales, size_t n, long frames, char ids[ROWS][16], size_t *seen)
{
	int64_t due = 0;
	double t0 = now_ns();
	for (long f = 0; f < frames; f++) {
		int64_t t = frame_ms(f);
		if (t < due)
			continue;
		due = lk_price_next_change(sales, n, t);
		for (int r = 0; r < ROWS; r++)
			*seen += lk_price_live_sale(sales, n, ids[r], t) != NULL;
	}
	return (now_ns() - t0) / (double)frames;
}

int main(void)
{
	char ids[ROWS][16];
	size_t seen = 0;
	const size_t counts[] = {1, 100, 1000};
	bool ok = true;

	for (int r = 0; r < ROWS; r++)
		snprintf(ids[r], sizeof(ids[r]), "demo-%02d", r + 1);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		size_t n = counts[i];
		struct lk_sale **sales = make_sales(n, ids);
		long frames = (long)((double)(n * SALE_EVERY_MS) / FRAME_MS);
		double base = scan_ns(sales, n, frames, ids, &seen);
		double ns = due_ns(sales, n, frames, ids, &seen);
		printf("%5zu sales, %ld frames: baseline (every row every frame) %9.0f ns, sources %7.1f ns per frame: "
		       "%.4fx the baseline, %.5f %% of a 60 fps frame\n",
		       n, frames, base, ns, ns / base, ns / FRAME_NS * 100.0);
		if (ns / FRAME_NS > TARGET_SHARE)
			ok = false;
		for (size_t k = 0; k < n; k++)
			lk_sale_release(sales[k]);
		bfree(sales);
	}
	printf("(%zu lookups found a live sale)\n", seen);
	printf(ok ? "target met: under 0.01 %% of a frame\n" : "TARGET MISSED\n");
	return ok ? 0 : 1;
}
