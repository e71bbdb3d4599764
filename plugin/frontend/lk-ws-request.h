/*
 * Linkon — the arguments of the obs-websocket vendor requests
 * (docs/websocket-api.md), read from the request's obs_data. Pure functions:
 * no controller, no store, no globals, so tests/fuzz/fuzz-ws-request.c runs
 * them without OBS. lk-ws-vendor.c and lk-ws-gifts.c call them before acting.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * On a refusal they return false (or NULL) and set *error to a static
 * plain-words reason; strings they return are borrowed from the request.
 */
#pragma once

#include <jansson.h>
#include <obs-data.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/lk-sale.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A string field; NULL (with *error = missing) when absent or empty. */
const char *lk_ws_req_string(obs_data_t *req, const char *key, const char **error, const char *missing);

/* An optional integer field: false with *error = not_number when present
 * but not a number; *present says whether it was there. */
bool lk_ws_req_int(obs_data_t *req, const char *key, int64_t *out, bool *present, const char **error,
		   const char *not_number);

/* AddToCart / MoveInCart: productId and a 1-based slot (*slot 0 when it is
 * absent and slot_optional). */
bool lk_ws_req_cart(obs_data_t *req, const char **id, int64_t *slot, bool slot_optional, const char **error);

/* StartFlashSale: productId, durationMs, optional salePrice, stock and
 * prerollMs (ranges are lk-command's to check). */
bool lk_ws_req_sale(obs_data_t *req, struct lk_sale_params *sp, const char **error);

/* A boolean field that must be there: false with *error = missing when it
 * is absent or not a boolean. */
bool lk_ws_req_bool(obs_data_t *req, const char *key, bool *out, const char **error, const char *missing);

/* PauseAlerts: {"paused": true | false}. */
bool lk_ws_req_paused(obs_data_t *req, bool *paused, const char **error);

/* TestGift: the request data as a JSON object (new reference), or NULL. */
json_t *lk_ws_req_gift(obs_data_t *req, const char **error);

#ifdef __cplusplus
}
#endif
