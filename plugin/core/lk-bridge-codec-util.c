/*
 * Linkon — bridge codec: typed field readers (see lk-bridge-codec-priv.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-bridge-codec-priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

void lk_bridge_err(char *err, size_t err_size, const char *fmt, ...)
{
	va_list args;

	if (!err || !err_size)
		return;
	va_start(args, fmt);
	vsnprintf(err, err_size, fmt, args);
	va_end(args);
}

/* "where.key", or "key" at the top level. */
static void field_err(char *err, size_t err_size, const char *where, const char *key, const char *what)
{
	lk_bridge_err(err, err_size, "%s%s%s: %s", where, *where ? "." : "", key, what);
}

json_t *lk_bridge_parse_object(const char *json, size_t len, char *err, size_t err_size)
{
	json_error_t jerr;
	json_t *root = json ? json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;

	if (!root) {
		/* jansson's text may quote the input: give the position only */
		lk_bridge_err(err, err_size, "not valid JSON (near byte %d)", json ? jerr.position : 0);
		return NULL;
	}
	if (!json_is_object(root)) {
		lk_bridge_err(err, err_size, "not a JSON object");
		json_decref(root);
		return NULL;
	}
	return root;
}

bool lk_bridge_get_int(const json_t *obj, const char *key, int64_t lo, int64_t hi, int64_t def, int64_t *out,
		       const char *where, char *err, size_t err_size)
{
	json_t *v = json_object_get(obj, key);
	char what[96];

	if (!v || json_is_null(v)) {
		*out = def;
		return true;
	}
	if (json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi) {
		*out = (int64_t)json_integer_value(v);
		return true;
	}
	snprintf(what, sizeof(what), "must be an integer %lld..%lld", (long long)lo, (long long)hi);
	field_err(err, err_size, where, key, what);
	return false;
}

static bool id_chars_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			return false;
	}
	return true;
}

/* v as an id (see lk_bridge_get_id) into out, or false. */
static bool copy_id(const json_t *v, char *out)
{
	size_t n = json_is_string(v) ? json_string_length(v) : 0;
	const char *s = json_string_value(v);

	if (n == 0 || n > LK_BRIDGE_MAX_ID || !id_chars_ok(s, n))
		return false;
	memcpy(out, s, n + 1);
	return true;
}

bool lk_bridge_get_id(const json_t *obj, const char *key, bool required, char *out, const char *where, char *err,
		      size_t err_size)
{
	json_t *v = json_object_get(obj, key);

	out[0] = '\0';
	if ((!v || json_is_null(v)) && !required)
		return true;
	if (copy_id(v, out))
		return true;
	field_err(err, err_size, where, key, "must be a string of 1..128 bytes without control characters");
	return false;
}

static bool is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool lk_bridge_get_currency(const json_t *obj, const char *key, bool required, char *out, const char *where, char *err,
			    size_t err_size)
{
	json_t *v = json_object_get(obj, key);
	const char *s = json_string_value(v);

	memset(out, 0, 4);
	if ((!v || json_is_null(v)) && !required)
		return true;
	if (!s || json_string_length(v) != 3 || !is_letter(s[0]) || !is_letter(s[1]) || !is_letter(s[2])) {
		field_err(err, err_size, where, key, "must be a 3-letter ISO 4217 code");
		return false;
	}
	for (int i = 0; i < 3; i++)
		out[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
	return true;
}

void lk_bridge_free_ids(char **ids, size_t num)
{
	for (size_t i = 0; i < num; i++)
		bfree(ids[i]);
	bfree(ids);
}

static bool id_listed(char **ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ids[i], id) == 0)
			return true;
	}
	return false;
}

bool lk_bridge_get_ids(const json_t *obj, const char *key, size_t max, char ***ids, size_t *num, const char *where,
		       char *err, size_t err_size)
{
	json_t *arr = json_object_get(obj, key);
	char what[64], id[LK_BRIDGE_MAX_ID + 1];

	*ids = NULL;
	*num = 0;
	if (!arr || json_is_null(arr))
		return true;
	if (!json_is_array(arr) || json_array_size(arr) > max) {
		snprintf(what, sizeof(what), "must be an array of at most %zu ids", max);
		field_err(err, err_size, where, key, what);
		return false;
	}
	char **out = bzalloc((json_array_size(arr) + 1) * sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		if (!copy_id(json_array_get(arr, i), id)) {
			lk_bridge_err(err, err_size, "%s%s%s[%zu]: must be an id string", where, *where ? "." : "", key,
				      i);
			lk_bridge_free_ids(out, n);
			return false;
		}
		if (!id_listed(out, n, id))
			out[n++] = bstrdup(id);
	}
	*ids = out;
	*num = n;
	return true;
}

bool lk_bridge_stock_event(const json_t *obj, const char *id_key, struct lk_events *evs, const char *where, char *err,
			   size_t err_size)
{
	char id[LK_BRIDGE_MAX_ID + 1];
	int64_t stock, sold;

	if (!lk_bridge_get_id(obj, id_key, true, id, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "stock", 0, LK_BRIDGE_MAX_COUNT, -1, &stock, where, err, err_size) ||
	    !lk_bridge_get_int(obj, "sold", 0, LK_BRIDGE_MAX_COUNT, -1, &sold, where, err, err_size))
		return false;
	if (stock >= 0 || sold >= 0)
		lk_events_stock(evs, id, stock, sold);
	return true;
}

void lk_bridge_move_events(struct lk_events *dst, struct lk_events *src)
{
	for (size_t i = 0; i < src->da.num; i++)
		*lk_events_push(dst, src->da.array[i].type) = src->da.array[i];
	da_resize(src->da, 0); /* the events' pointers now belong to dst */
}
