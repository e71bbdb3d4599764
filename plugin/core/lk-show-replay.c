/*
 * Linkon — reading the show's journal back at start (format: see
 * lk-show-journal.c). Every record goes through the same functions the live
 * events use, with the journal switched off, so the numbers come out the
 * same as before the crash.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-show-priv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <util/dstr.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/platform.h>

/* a journal line longer than this is damaged (an order is a few kB at most) */
#define REPLAY_MAX_LINE (1024 * 1024)

static const char *str_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int64_t int_of(const json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

static bool replay_order(struct lk_show *show, const json_t *rec, int64_t at)
{
	char err[128];
	const json_t *j = json_object_get(rec, "order");
	struct lk_order *o = lk_order_from_json(j, err, sizeof(err));

	if (!o || !lk_order_check(o, err, sizeof(err))) {
		lk_order_free(o);
		return false;
	}
	struct show_item_info *info = bzalloc(o->num_items * sizeof(*info));
	const json_t *items = json_object_get(j, "items");
	for (size_t i = 0; i < o->num_items; i++) {
		const json_t *it = json_array_get(items, i);
		info[i].title = str_of(it, "title");
		info[i].image = str_of(it, "image");
		info[i].currency = str_of(it, "currency");
	}
	lk_show_apply_order(show, o, info, NULL, at);
	bfree(info);
	lk_order_free(o);
	return true;
}

static struct lk_goal *goal_from_json(const json_t *j)
{
	const char *id = str_of(j, "id");
	enum lk_goal_kind kind = lk_goal_kind_from_string(str_of(j, "kind"));

	if (!id || !kind)
		return NULL;
	struct lk_goal *g = lk_goal_new(id, kind, int_of(j, "target"));
	g->title = bstrdup(str_of(j, "title"));
	g->product_id = bstrdup(str_of(j, "productId"));
	g->auto_next = json_is_true(json_object_get(j, "autoNext"));
	g->step = int_of(j, "step");
	const char *cur = str_of(j, "currency");
	if (cur)
		snprintf(g->currency, sizeof(g->currency), "%.3s", cur);
	return g;
}

static void replay_config(struct lk_show *show, const json_t *rec)
{
	show->privacy = lk_privacy_from_string(str_of(rec, "privacy"));
	int64_t bp = int_of(rec, "commissionBp");
	show->commission_bp = bp < 0 ? 0 : bp > 10000 ? 10000 : bp;
}

static bool replay_record(struct lk_show *show, const json_t *rec)
{
	const char *t = str_of(rec, "t");
	int64_t at = int_of(rec, "at");

	if (!t)
		return false;
	if (strcmp(t, "start") == 0) {
		lk_show_apply_pin(show, str_of(rec, "pin"), str_of(rec, "pinTitle"), at);
		replay_config(show, rec);
		return lk_show_apply_start(show, at);
	}
	if (strcmp(t, "order") == 0)
		return replay_order(show, rec, at);
	if (strcmp(t, "pin") == 0)
		return lk_show_apply_pin(show, str_of(rec, "id"), str_of(rec, "title"), at) || true;
	if (strcmp(t, "gift") == 0)
		return lk_show_gift(show, int_of(rec, "count"), int_of(rec, "value"), at) || true;
	if (strcmp(t, "likes") == 0)
		return lk_show_likes(show, int_of(rec, "n"), at) || true;
	if (strcmp(t, "claims") == 0)
		return lk_show_apply_claims(show, str_of(rec, "id"), str_of(rec, "title"), int_of(rec, "n"), at) ||
		       true;
	if (strcmp(t, "goal") == 0) {
		struct lk_goal *g = goal_from_json(json_object_get(rec, "goal"));
		bool ok = g && lk_show_goal_set(show, g, at);
		lk_goal_free(g);
		return ok;
	}
	if (strcmp(t, "goalclear") == 0)
		return lk_show_goal_clear(show, str_of(rec, "id"), at) || true;
	if (strcmp(t, "config") == 0) {
		replay_config(show, rec);
		return true;
	}
	if (strcmp(t, "end") == 0 && show->state == LK_SHOW_LIVE) {
		lk_show_apply_end(show, at);
		return true;
	}
	return false;
}

/* Reads the whole journal; returns false only when it exists and cannot be read. */
static bool replay_file(struct lk_show *show, const char *path, bool *ends_in_newline)
{
	FILE *f = os_fopen(path, "rb");
	struct dstr line = {0};
	size_t bad = 0, good = 0;
	int c = '\n';

	*ends_in_newline = true;
	if (!f)
		return errno == ENOENT;
	while (true) {
		int prev = c;
		c = fgetc(f);
		if (c != EOF && c != '\n') {
			if (line.len < REPLAY_MAX_LINE)
				dstr_cat_ch(&line, (char)c);
			continue;
		}
		if (line.len) {
			json_t *rec = json_loadb(line.array, line.len, 0, NULL);
			bool ok = json_is_object(rec) && replay_record(show, rec);
			json_decref(rec);
			ok ? good++ : bad++;
			dstr_resize(&line, 0);
		}
		if (c == EOF) {
			*ends_in_newline = prev == '\n';
			break;
		}
	}
	fclose(f);
	dstr_free(&line);
	if (bad)
		blog(LOG_WARNING, "[linkon] show journal: %zu damaged line(s) skipped, %zu read", bad, good);
	return true;
}

bool lk_show_open(struct lk_show *show, const char *dir, char *err, size_t err_size)
{
	bool newline = true;

	lk_show_journal_close(show);
	bfree(show->dir);
	show->dir = bstrdup(dir);
	if (os_mkdirs(dir) == MKDIR_ERROR) {
		snprintf(err, err_size, "cannot create the show folder");
		bfree(show->dir);
		show->dir = NULL;
		return false;
	}
	struct dstr path = {0};
	dstr_printf(&path, "%s/current.jsonl", dir);
	show->replaying = true;
	bool read = replay_file(show, path.array, &newline);
	show->replaying = false;
	dstr_free(&path);
	lk_show_view_release(show->view);
	show->view = NULL;
	if (!read) {
		snprintf(err, err_size, "cannot read the show journal: %s", strerror(errno));
		return false;
	}
	if (show->state == LK_SHOW_ENDED) { /* ended, but the crash came before the journal was moved aside */
		lk_show_journal_finish(show, show->end_ms);
		return show->fd >= 0;
	}
	show->fd = -1;
	lk_show_journal_finish_open(show, !newline);
	if (show->state == LK_SHOW_LIVE)
		blog(LOG_INFO, "[linkon] show: %s goes on from its journal (%lld orders)", show->show_id,
		     (long long)show->orders);
	if (show->fd < 0)
		snprintf(err, err_size, "%s", show->journal_error ? show->journal_error : "cannot open the journal");
	return show->fd >= 0;
}
