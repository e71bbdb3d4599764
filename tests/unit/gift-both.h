/*
 * Linkon — the same bytes through both gift readers (lk_gift_decode by hand,
 * json_loadb + lk_gift_from_json via jansson), and whether they agree as
 * lk-gift.h promises. Used by tests/unit/test-gift.c and the differential
 * fuzz target tests/fuzz/fuzz-gift.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <jansson.h>

#include "lk-str.h"
#include "core/lk-gift.h"

struct gift_both {
	bool tree_ok, fast_ok;
	struct lk_gift_event tree, fast;
	char fast_err[LK_GIFT_ERR_SIZE];
	bool parsed; /* jansson read the text (tree_depth is then set) */
	int tree_depth;
};

static inline bool gift_events_equal(const struct lk_gift_event *a, const struct lk_gift_event *b)
{
	return lk_str_same(a->id, b->id) && lk_str_same(a->sender_id, b->sender_id) &&
	       lk_str_same(a->sender_name, b->sender_name) && lk_str_same(a->sender_avatar, b->sender_avatar) &&
	       lk_str_same(a->gift_id, b->gift_id) && lk_str_same(a->gift_name, b->gift_name) &&
	       lk_str_same(a->gift_image, b->gift_image) && a->value == b->value && a->money == b->money &&
	       strcmp(a->currency, b->currency) == 0 && a->count == b->count &&
	       lk_str_same(a->streak_id, b->streak_id) && a->streak_end == b->streak_end &&
	       lk_str_same(a->platform, b->platform);
}

/* Containers on the deepest path of a jansson value (an object alone: 1). */
static inline int gift_json_depth(const json_t *j)
{
	int deepest = 0;
	if (json_is_object(j)) {
		const char *key;
		json_t *v;
		json_object_foreach((json_t *)j, key, v)
		{
			int d = gift_json_depth(v);
			deepest = d > deepest ? d : deepest;
		}
		return deepest + 1;
	}
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
		{
			int d = gift_json_depth(v);
			deepest = d > deepest ? d : deepest;
		}
		return deepest + 1;
	}
	return 0;
}

static inline void gift_both_decode(const char *json, size_t len, struct gift_both *b)
{
	memset(b, 0, sizeof(*b));
	json_t *root = json_loadb(json, len, 0, NULL);
	b->parsed = root != NULL;
	b->tree_depth = root ? gift_json_depth(root) : 0;
	b->tree_ok = root && lk_gift_from_json(root, &b->tree, NULL, 0);
	json_decref(root);
	b->fast_ok = lk_gift_decode(json, len, &b->fast, b->fast_err, sizeof(b->fast_err));
}

/* NULL when the readers agree, or differ only where lk-gift.h says they do
 * (the hand reader rejects every NUL byte, and nesting deeper than
 * LK_GIFT_MAX_DEPTH); else what differs. */
static inline const char *gift_both_disagreement(const struct gift_both *b, const char *json, size_t len)
{
	if (b->tree_ok && !b->fast_ok) {
		if (memchr(json, '\0', len))
			return NULL;
		if (b->tree_depth > LK_GIFT_MAX_DEPTH && strstr(b->fast_err, "nesting too deep"))
			return NULL;
		return "jansson accepted, the hand reader refused";
	}
	if (!b->tree_ok && b->fast_ok)
		return b->parsed ? "the hand reader accepted an event jansson's reader refused"
				 : "the hand reader accepted text jansson cannot parse";
	if (b->tree_ok && !gift_events_equal(&b->tree, &b->fast))
		return "both accepted, the events differ";
	if (!b->fast_ok && !b->fast_err[0])
		return "the hand reader refused without a reason";
	return NULL;
}

static inline void gift_both_free(struct gift_both *b)
{
	lk_gift_event_free(&b->tree);
	lk_gift_event_free(&b->fast);
}
