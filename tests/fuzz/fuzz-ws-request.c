/*
 * Linkon — libFuzzer target for the obs-websocket vendor's request
 * arguments (plugin/frontend/lk-ws-request.c): the input is the request
 * data as JSON text, turned into obs_data the way obs-websocket does
 * (obs_data_create_from_json; unreadable text gives an empty request, as
 * lk-ws-vendor.c's on_request does for a missing one), then read by every
 * request's argument reader.
 * Checks: a refusal always has a reason; what is accepted is what the
 * request promises (non-empty ids, slots >= 1, a sale with its duration,
 * "paused" a boolean, the TestGift data a JSON object that the gift reader
 * takes or refuses with a reason).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <util/base.h>

#include "core/lk-gift.h"
#include "lk-ws-request.h"

static void quiet_log(int level, const char *fmt, va_list args, void *param)
{
	(void)level;
	(void)fmt;
	(void)args;
	(void)param;
}

static void check_cart(obs_data_t *req, bool optional)
{
	const char *id = NULL, *error = NULL;
	int64_t slot = -5;

	if (lk_ws_req_cart(req, &id, &slot, optional, &error)) {
		FUZZ_MUST(id && *id && error == NULL);
		FUZZ_MUST(slot >= 1 || (optional && slot == 0));
	} else {
		FUZZ_MUST(error && *error);
	}
}

static void check_sale(obs_data_t *req)
{
	struct lk_sale_params sp;
	const char *error = NULL;

	if (lk_ws_req_sale(req, &sp, &error)) {
		FUZZ_MUST(sp.product_id && *sp.product_id && error == NULL);
		FUZZ_MUST(obs_data_has_user_value(req, "durationMs"));
		FUZZ_MUST(sp.has_price == obs_data_has_user_value(req, "salePrice"));
	} else {
		FUZZ_MUST(error && *error);
	}
}

static void check_gift(obs_data_t *req)
{
	const char *error = NULL;
	json_t *obj = lk_ws_req_gift(req, &error);

	if (!obj) {
		FUZZ_MUST(error && *error);
		return;
	}
	FUZZ_MUST(json_is_object(obj));
	/* what lk_gift_hub_inject does next: an id when there is none, then the gift reader */
	if (!json_object_get(obj, "id"))
		json_object_set_new(obj, "id", json_string("test-1"));
	struct lk_gift_event ev;
	char err[LK_GIFT_ERR_SIZE] = "";
	if (lk_gift_from_json(obj, &ev, err, sizeof(err)))
		FUZZ_MUST(ev.id && *ev.id && ev.gift_id && ev.gift_name && ev.sender_name && ev.count >= 1);
	else
		FUZZ_MUST(err[0] != '\0' && ev.buf == NULL);
	lk_gift_event_free(&ev);
	json_decref(obj);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool once;
	if (!once) {
		base_set_log_handler(quiet_log, NULL); /* libobs logs every unreadable JSON text */
		once = true;
	}
	char *text = fuzz_strndup(data, size);
	obs_data_t *req = obs_data_create_from_json(text);
	free(text);
	if (!req)
		req = obs_data_create();

	static const char *const string_keys[] = {"productId", "sceneName", "id"};
	for (size_t i = 0; i < 3; i++) {
		const char *error = NULL;
		const char *s = lk_ws_req_string(req, string_keys[i], &error, "missing");
		FUZZ_MUST(s ? (*s && !error) : (error && strcmp(error, "missing") == 0));
	}
	check_cart(req, true);
	check_cart(req, false);
	check_sale(req);
	bool paused = false;
	const char *error = NULL;
	if (lk_ws_req_paused(req, &paused, &error))
		FUZZ_MUST(obs_data_has_user_value(req, "paused") && paused == obs_data_get_bool(req, "paused"));
	else
		FUZZ_MUST(error && *error && !paused);
	/* SetEventSourceEnabled's switch */
	bool enabled = false;
	error = NULL;
	if (lk_ws_req_bool(req, "enabled", &enabled, &error, "enabled is missing"))
		FUZZ_MUST(obs_data_has_user_value(req, "enabled") && enabled == obs_data_get_bool(req, "enabled"));
	else
		FUZZ_MUST(error && strcmp(error, "enabled is missing") == 0 && !enabled);
	check_gift(req);
	obs_data_release(req);
	return 0;
}
