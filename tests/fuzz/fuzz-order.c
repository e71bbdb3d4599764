/*
 * Linkon — libFuzzer target for the show's decoders: an order's JSON (the
 * bridge's `order` event and the journal's order records,
 * core/lk-order-json.c), the buyer's name as shown on stream
 * (core/lk-buyer.c) and the show journal's replay (core/lk-show-replay.c),
 * its live-room claims records included.
 * Input: records split at 0xFF: [0] an order object, [1] a journal file.
 * Checks: a decoded order passes lk_order_check or is refused by it without
 * harm, and its JSON decodes to the same order; a shown buyer is valid
 * UTF-8 without control characters and at most LK_ORDER_MAX_BUYER + 3
 * bytes; a replayed show's per-currency orders add up to its order count,
 * and its ticker holds at most LK_SHOW_TICKER_MAX entries.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <dirent.h>
#include <jansson.h>
#include <unistd.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

#include "core/lk-order.h"
#include "core/lk-show.h"

static char dir[256];

static void check_shown(const char *name)
{
	struct dstr out = {0};
	for (int mode = LK_PRIVACY_MASKED; mode <= LK_PRIVACY_ANONYMOUS; mode++) {
		lk_buyer_shown(&out, name, (enum lk_privacy)mode);
		json_t *j = json_string(out.array); /* NULL for invalid UTF-8 */
		FUZZ_MUST(j != NULL);
		json_decref(j);
		FUZZ_MUST(out.len <= LK_ORDER_MAX_BUYER + 3 + 3);
		for (size_t i = 0; i < out.len; i++)
			FUZZ_MUST((unsigned char)out.array[i] >= 0x20 && out.array[i] != 0x7F);
	}
	dstr_free(&out);
}

static void check_same(const struct lk_order *a, const struct lk_order *b)
{
	FUZZ_MUST(strcmp(a->id, b->id) == 0 && a->time_ms == b->time_ms && a->total == b->total);
	FUZZ_MUST(strcmp(a->currency, b->currency) == 0 && a->num_items == b->num_items);
	FUZZ_MUST((!a->buyer && !b->buyer) || (a->buyer && b->buyer && strcmp(a->buyer, b->buyer) == 0));
	for (size_t i = 0; i < a->num_items; i++) {
		FUZZ_MUST(strcmp(a->items[i].product_id, b->items[i].product_id) == 0);
		FUZZ_MUST(a->items[i].quantity == b->items[i].quantity);
		FUZZ_MUST(a->items[i].unit_price == b->items[i].unit_price);
	}
}

static void fuzz_order(const uint8_t *p, size_t n)
{
	char err[160];
	json_t *j = json_loadb((const char *)p, n, 0, NULL);
	struct lk_order *o = lk_order_from_json(j, err, sizeof(err));
	json_decref(j);
	if (!o)
		return;
	lk_order_check(o, err, sizeof(err));
	check_shown(o->buyer);
	json_t *again = lk_order_to_json(o);
	struct lk_order *back = lk_order_from_json(again, err, sizeof(err));
	FUZZ_MUST(back != NULL);
	check_same(o, back);
	lk_order_free(back);
	json_decref(again);
	lk_order_free(o);
}

static void empty_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
}

static void remove_dir(void)
{
	empty_dir();
	rmdir(dir);
}

static void fuzz_journal(const uint8_t *p, size_t n)
{
	char path[512], err[256];
	snprintf(path, sizeof(path), "%s/current.jsonl", dir);
	os_mkdirs(dir);
	FILE *f = fopen(path, "wb");
	FUZZ_MUST(f != NULL);
	fwrite(p, 1, n, f);
	fclose(f);

	struct lk_show *show = lk_show_create();
	lk_show_open(show, dir, err, sizeof(err));
	struct lk_show_view *v = lk_show_get_view(show);
	int64_t orders = 0;
	for (size_t i = 0; i < v->num_totals; i++)
		orders += v->totals[i].orders;
	FUZZ_MUST(orders == v->orders);
	FUZZ_MUST(v->num_ticker <= LK_SHOW_TICKER_MAX);
	for (size_t i = 0; i < v->num_goals; i++)
		FUZZ_MUST(v->goals[i].milestones <= 15);
	/* live-room claims: the per-product counts add up to the total, each > 0 */
	int64_t claims = 0;
	for (size_t i = 0; i < v->num_claims; i++) {
		FUZZ_MUST(v->claims[i].claims > 0 && v->claims[i].product_id && *v->claims[i].product_id);
		claims += v->claims[i].claims;
	}
	FUZZ_MUST(claims == v->claims_total);
	lk_show_view_release(v);
	lk_show_destroy(show);
	empty_dir();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_reader r;
	const uint8_t *p;
	size_t n;

	if (!dir[0]) {
		/* in memory when there is /dev/shm: the journal fsyncs */
		const char *tmp = os_file_exists("/dev/shm") ? "/dev/shm"
				  : getenv("TMPDIR")         ? getenv("TMPDIR")
							     : "/tmp";
		snprintf(dir, sizeof(dir), "%s/lk-fuzz-order-%d", tmp, (int)getpid());
		atexit(remove_dir);
	}
	fuzz_reader_init(&r, data, size);
	if (fuzz_next(&r, &p, &n))
		fuzz_order(p, n);
	if (fuzz_next(&r, &p, &n))
		fuzz_journal(p, n);
	return 0;
}
