/*
 * Linkon — the show's journal and its reports.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * <dir>/current.jsonl holds one JSON object per line, appended with one
 * write(2) each (a crash of OBS loses nothing that was written: the data is
 * in the kernel) and fsync'd at every start, end and goal change and, for
 * orders, pins, gifts, likes and claims, at most every LK_SHOW_SYNC_MS. Records:
 *   {"t":"start","at":ms,"pin":id|null,"pinTitle":…,"privacy":…,"commissionBp":n}
 *   {"t":"order","at":ms,"order":{lk_order_to_json, items with "title"/"image"}}
 *   {"t":"pin","at":ms,"id":id|null,"title":…}
 *   {"t":"gift","at":ms,"count":n,"value":n}   {"t":"likes","at":ms,"n":n}
 *   {"t":"claims","at":ms,"id":product id,"n":n,"title":…?}  (live-room claims)
 *   {"t":"goal","at":ms,"goal":{…}}  {"t":"goalclear","at":ms,"id":id|null}
 *   {"t":"config","privacy":…,"commissionBp":n}   {"t":"end","at":ms}
 * Opening reads it back line by line through the same functions the live
 * events use; a line that does not parse (the last one, cut by a crash) is
 * skipped. At an end the reports show-<start>.csv/.json are written, the
 * journal becomes show-<start>.jsonl and a new current.jsonl starts with
 * the goals that are still set.
 */
#include "lk-show-priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <util/dstr.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/platform.h>

#define LK_SHOW_SYNC_MS 2000
#define JOURNAL_NAME "current.jsonl"

static void set_error(struct lk_show *show, const char *what)
{
	struct dstr msg = {0};

	dstr_printf(&msg, "%s: %s", what, strerror(errno));
	if (!show->journal_error || strcmp(show->journal_error, msg.array) != 0)
		blog(LOG_WARNING, "[linkon] show journal: %s", msg.array);
	bfree(show->journal_error);
	show->journal_error = msg.array;
}

static char *path_in(const struct lk_show *show, const char *name)
{
	struct dstr p = {0};
	dstr_printf(&p, "%s/%s", show->dir, name);
	return p.array;
}

void lk_show_journal_write(struct lk_show *show, json_t *rec, bool sync, int64_t now_ms)
{
	if (show->fd < 0 || show->replaying) {
		json_decref(rec);
		return;
	}
	char *line = json_dumps(rec, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(rec);
	if (!line)
		return;
	size_t len = strlen(line);
	line[len] = '\n'; /* replaces the NUL; written with the newline in one call */
	ssize_t n = write(show->fd, line, len + 1);
	free(line);
	if (n != (ssize_t)(len + 1)) {
		set_error(show, "cannot write");
		return;
	}
	if (sync || now_ms - show->last_sync_ms >= LK_SHOW_SYNC_MS || now_ms < show->last_sync_ms) {
		fsync(show->fd);
		show->last_sync_ms = now_ms;
	}
}

void lk_show_journal_close(struct lk_show *show)
{
	if (show->fd >= 0) {
		fsync(show->fd);
		close(show->fd);
	}
	show->fd = -1;
}

static bool journal_open_fd(struct lk_show *show)
{
	char *path = path_in(show, JOURNAL_NAME);
	show->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	bfree(path);
	if (show->fd < 0)
		set_error(show, "cannot open " JOURNAL_NAME);
	return show->fd >= 0;
}

json_t *lk_show_order_to_json(const struct lk_order *o, const struct show_item_info *info)
{
	json_t *j = lk_order_to_json(o);
	json_t *items = json_object_get(j, "items");

	for (size_t i = 0; i < o->num_items; i++) {
		json_t *it = json_array_get(items, i);
		if (info[i].title)
			json_object_set_new(it, "title", json_string(info[i].title));
		if (info[i].image)
			json_object_set_new(it, "image", json_string(info[i].image));
		if (info[i].currency && info[i].currency[0])
			json_object_set_new(it, "currency", json_string(info[i].currency));
	}
	return j;
}

json_t *lk_show_goal_to_json(const struct lk_goal *g)
{
	json_t *j = json_pack("{s:s, s:s, s:I, s:b, s:I}", "id", g->id, "kind", lk_goal_kind_to_string(g->kind),
			      "target", (json_int_t)g->target, "autoNext", g->auto_next, "step", (json_int_t)g->step);
	if (g->title)
		json_object_set_new(j, "title", json_string(g->title));
	if (g->product_id)
		json_object_set_new(j, "productId", json_string(g->product_id));
	if (g->currency[0])
		json_object_set_new(j, "currency", json_string(g->currency));
	return j;
}

/* ---- reports ---------------------------------------------------------- */

static void csv_field(struct dstr *out, const char *s)
{
	dstr_cat(out, "\"");
	for (; s && *s; s++) {
		if (*s == '"')
			dstr_cat(out, "\"\"");
		else
			dstr_cat_ch(out, *s);
	}
	dstr_cat(out, "\",");
}

static void csv_row(struct dstr *out, const char *kind, const char *id, const char *title, const char *currency,
		    const int64_t nums[6])
{
	csv_field(out, kind);
	csv_field(out, id);
	csv_field(out, title);
	csv_field(out, currency);
	dstr_catf(out, "%lld,%lld,%lld,%lld,%lld,%lld\r\n", (long long)nums[0], (long long)nums[1], (long long)nums[2],
		  (long long)nums[3], (long long)nums[4], (long long)nums[5]);
}

static char *report_csv(const struct lk_show_view *v)
{
	struct dstr out = {0};

	dstr_copy(&out, "kind,id,title,currency,gmv,orders,units,commission_or_share_permille,start_ms,end_ms\r\n");
	for (size_t i = 0; i < v->num_totals; i++) {
		const struct lk_show_totals *t = &v->totals[i];
		const int64_t n[6] = {t->gmv, t->orders, t->units, t->commission, v->start_ms, v->end_ms};
		csv_row(&out, "total", v->show_id, "", t->currency, n);
	}
	for (size_t i = 0; i < v->num_products; i++) {
		const struct lk_show_product *p = &v->products[i];
		const int64_t n[6] = {p->gmv, p->orders, p->units, 0, 0, 0};
		csv_row(&out, "product", p->product_id, p->title, p->currency, n);
	}
	for (size_t i = 0; i < v->num_pins; i++) {
		const struct lk_show_pin *p = &v->pins[i];
		const int64_t n[6] = {p->gmv,      p->orders, p->units, (int64_t)(p->share * 1000.0 + 0.5),
				      p->start_ms, p->end_ms};
		csv_row(&out, "pin", p->product_id, p->title, p->currency, n);
	}
	const int64_t g[6] = {v->gift_value, v->gifts, 0, 0, 0, 0};
	csv_row(&out, "gifts", "", "", "", g);
	/* live-room claims: the count in the orders column */
	for (size_t i = 0; i < v->num_claims; i++) {
		const int64_t n[6] = {0, v->claims[i].claims, 0, 0, 0, 0};
		csv_row(&out, "claims", v->claims[i].product_id, v->claims[i].title, "", n);
	}
	return out.array;
}

static bool write_file(const char *path, const char *text)
{
	char *tmp = bzalloc(strlen(path) + 5);
	strcpy(tmp, path);
	strcat(tmp, ".tmp");
	FILE *f = os_fopen(tmp, "wb");
	bool ok = f && fwrite(text, 1, strlen(text), f) == strlen(text);
	ok = f && fflush(f) == 0 && fsync(fileno(f)) == 0 && ok;
	if (f)
		fclose(f);
	ok = ok && os_rename(tmp, path) == 0;
	if (!ok)
		os_unlink(tmp);
	bfree(tmp);
	return ok;
}

static void write_reports(struct lk_show *show)
{
	struct dstr name = {0};
	struct lk_show_view *v = lk_show_build_view(show);
	json_t *j = lk_show_view_to_json(v);
	char *json = json_dumps(j, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	char *csv = report_csv(v);

	dstr_printf(&name, "%s.json", show->show_id);
	char *json_path = path_in(show, name.array);
	dstr_printf(&name, "%s.csv", show->show_id);
	char *csv_path = path_in(show, name.array);
	bfree(show->report_json);
	bfree(show->report_csv);
	show->report_json = json && write_file(json_path, json) ? json_path : NULL;
	show->report_csv = write_file(csv_path, csv) ? csv_path : NULL;
	if (!show->report_json || !show->report_csv)
		set_error(show, "cannot write the report");
	if (!show->report_json)
		bfree(json_path);
	if (!show->report_csv)
		bfree(csv_path);
	free(json);
	bfree(csv);
	json_decref(j);
	dstr_free(&name);
	lk_show_view_release(v);
}

void lk_show_journal_finish(struct lk_show *show, int64_t now_ms)
{
	struct dstr name = {0};

	if (!show->dir)
		return;
	write_reports(show);
	lk_show_journal_close(show);
	char *from = path_in(show, JOURNAL_NAME);
	dstr_printf(&name, "%s.jsonl", show->show_id);
	char *to = path_in(show, name.array);
	if (os_rename(from, to) != 0)
		set_error(show, "cannot move the journal aside");
	bfree(from);
	bfree(to);
	dstr_free(&name);
	bool replaying = show->replaying;
	show->replaying = false;
	if (journal_open_fd(show)) {
		for (size_t i = 0; i < show->goals.num; i++) {
			json_t *rec = json_pack("{s:s, s:I, s:o}", "t", "goal", "at", (json_int_t)now_ms, "goal",
						lk_show_goal_to_json(&show->goals.array[i]));
			lk_show_journal_write(show, rec, i + 1 == show->goals.num, now_ms);
		}
	}
	show->replaying = replaying;
}

void lk_show_journal_finish_open(struct lk_show *show, bool newline_first)
{
	if (!journal_open_fd(show) || !newline_first)
		return;
	/* the last line was cut by a crash: end it so the next record starts on its own line */
	if (write(show->fd, "\n", 1) != 1)
		set_error(show, "cannot write");
}
