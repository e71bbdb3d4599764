/*
 * Linkon — the arguments of the obs-websocket vendor requests (see
 * lk-ws-request.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-ws-request.h"

#include <string.h>

const char *lk_ws_req_string(obs_data_t *req, const char *key, const char **error, const char *missing)
{
	const char *s = obs_data_get_string(req, key);
	if (!s || !*s) {
		*error = missing;
		return NULL;
	}
	return s;
}

bool lk_ws_req_int(obs_data_t *req, const char *key, int64_t *out, bool *present, const char **error,
		   const char *not_number)
{
	obs_data_item_t *item = obs_data_item_byname(req, key);
	*present = item != NULL;
	if (!item)
		return true;
	bool ok = obs_data_item_gettype(item) == OBS_DATA_NUMBER;
	if (ok)
		*out = (int64_t)obs_data_item_get_int(item);
	else
		*error = not_number;
	obs_data_item_release(&item);
	return ok;
}

bool lk_ws_req_cart(obs_data_t *req, const char **id, int64_t *slot, bool slot_optional, const char **error)
{
	bool present = false;
	*slot = 0;
	*id = lk_ws_req_string(req, "productId", error, "productId is missing");
	if (!*id || !lk_ws_req_int(req, "slot", slot, &present, error, "slot must be a number"))
		return false;
	if (!present && !slot_optional) {
		*error = "slot is missing";
		return false;
	}
	if (present && *slot < 1) {
		*error = "slot must be 1 or more";
		return false;
	}
	return true;
}

bool lk_ws_req_sale(obs_data_t *req, struct lk_sale_params *sp, const char **error)
{
	bool has_duration = false, has_preroll = false;

	memset(sp, 0, sizeof(*sp));
	sp->product_id = lk_ws_req_string(req, "productId", error, "productId is missing");
	if (!sp->product_id ||
	    !lk_ws_req_int(req, "salePrice", &sp->sale_price, &sp->has_price, error, "salePrice must be a number") ||
	    !lk_ws_req_int(req, "durationMs", &sp->duration_ms, &has_duration, error, "durationMs must be a number") ||
	    !lk_ws_req_int(req, "stock", &sp->stock, &sp->has_stock, error, "stock must be a number") ||
	    !lk_ws_req_int(req, "prerollMs", &sp->preroll_ms, &has_preroll, error, "prerollMs must be a number"))
		return false;
	if (!has_duration) {
		*error = "durationMs is missing";
		return false;
	}
	return true;
}

bool lk_ws_req_bool(obs_data_t *req, const char *key, bool *out, const char **error, const char *missing)
{
	obs_data_item_t *item = obs_data_item_byname(req, key);
	bool is_bool = item && obs_data_item_gettype(item) == OBS_DATA_BOOLEAN;

	*out = is_bool && obs_data_item_get_bool(item);
	obs_data_item_release(&item);
	if (!is_bool)
		*error = missing;
	return is_bool;
}

bool lk_ws_req_paused(obs_data_t *req, bool *paused, const char **error)
{
	return lk_ws_req_bool(req, "paused", paused, error, "paused is missing (true or false)");
}

json_t *lk_ws_req_gift(obs_data_t *req, const char **error)
{
	const char *text = obs_data_get_json(req);
	json_t *obj = text ? json_loads(text, 0, NULL) : NULL;

	if (!json_is_object(obj)) {
		json_decref(obj);
		*error = "the request data is not a JSON object";
		return NULL;
	}
	return obj;
}
